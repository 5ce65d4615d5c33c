//! rstest `#[fixture]`s, so an end-to-end test is short and reads like its scenario.
//!
//! ```no_run
//! use attune_testkit::fixtures::Scope;
//! use attune_testkit::rstest_fixtures::scope;
//! use rstest::rstest;
//!
//! #[rstest]
//! #[tokio::test]
//! async fn echo_runs(#[future(awt)] scope: Scope) {
//!     let action = scope.echo_action().await.unwrap();
//!     let exec = scope
//!         .run(&action.r#ref, serde_json::json!({"message": "hi"}), std::time::Duration::from_secs(30))
//!         .await
//!         .unwrap();
//!     assert_eq!(exec.status.to_string(), "completed");
//! }
//! ```
//!
//! Setup failures end the test with a panic carrying the test kit's one-sentence explanation (a fixture has no
//! other way to fail a test).

// rstest's `#[fixture]` generates a helper struct per fixture that cannot carry documentation.
#![allow(missing_docs)]

use attune_client::AttuneClient;
use rstest::fixture;

use crate::env::{TestEnv, TestUser};
use crate::fixtures::Scope;

fn setup<T>(what: &str, result: crate::Result<T>) -> T {
    match result {
        Ok(value) => value,
        Err(err) => panic!("test setup failed ({what}): {err}"),
    }
}

/// The process-wide target (emulator or live server).
#[fixture]
pub async fn env() -> TestEnv {
    setup("target", TestEnv::get().await)
}

/// A client logged in as the admin identity.
#[fixture]
pub async fn admin() -> AttuneClient {
    let env = setup("target", TestEnv::get().await);
    setup("admin client", env.admin().await)
}

/// A freshly registered identity with no grants.
#[fixture]
pub async fn user() -> TestUser {
    let env = setup("target", TestEnv::get().await);
    setup("fresh user", env.new_user().await)
}

/// A per-test [`Scope`] acting as the admin, with its own unique pack; cleaned up on drop.
#[fixture]
pub async fn scope() -> Scope {
    let env = setup("target", TestEnv::get().await);
    setup("test scope", Scope::admin(&env).await)
}
