//! Log in from the environment, create a pack and a shell action, run it, wait, print the result.
//!
//! ```text
//! ATTUNE_API_URL=http://127.0.0.1:8080 ATTUNE_LOGIN=admin ATTUNE_PASSWORD=changeme123 \
//!     cargo run -p attune-client --example quickstart
//! ```

use std::time::{Duration, Instant};

use attune_client::models::*;
use attune_client::AttuneClient;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = AttuneClient::from_env()?;
    println!("connected to {}", client.base_url());

    let suffix = uuid::Uuid::new_v4().simple().to_string()[..8].to_string();
    let pack_ref = format!("quickstart_{suffix}");
    let action_ref = format!("{pack_ref}.hello");

    let pack = client
        .packs()
        .create(&CreatePackRequest::new(&pack_ref, "Quickstart", "1.0.0"))
        .await?;
    println!("created pack {} (id {})", pack.r#ref, pack.id);

    let action = client
        .actions()
        .create(
            &CreateActionRequest::new(
                &action_ref,
                &pack_ref,
                "Hello",
                "echo \"hello $ATTUNE_NAME\"",
            )
            .with_runtime_ref("core.shell")
            .with_timeout_seconds(60),
        )
        .await?;
    println!("created action {}", action.r#ref);

    let exec = client
        .executions()
        .execute(&ExecuteRequest::new(&action_ref).with_env("ATTUNE_NAME", "world"))
        .await?;
    println!("execution {} is {}", exec.id, exec.status);

    let deadline = Instant::now() + Duration::from_secs(120);
    let done = loop {
        let e = client.executions().get(exec.id).await?;
        if e.is_terminal() {
            break e;
        }
        if Instant::now() > deadline {
            return Err(format!("execution {} still {} after 120 s", e.id, e.status).into());
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    println!("execution {} finished: {}", done.id, done.status);
    println!("result: {}", serde_json::to_string_pretty(&done.result)?);

    client.packs().delete(&pack_ref).await?;
    Ok(())
}
