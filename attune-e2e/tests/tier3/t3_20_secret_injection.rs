//! T3.20 — secret injection (platform-semantics §7.2, §10): before a run the worker loads system keys, then the
//! action's pack keys, decrypts them and hands them to an inline shell action as non-exported shell variables
//! named after the key — never environment variables, so `printenv` and child processes do not see them.
//! The value is not in stdout unless printed and not in the execution's parameters; secrets win over a
//! same-named parameter.

use attune_client::models::{CreateKeyRequest, ExecutionStatus, OwnerType};
use attune_testkit::rstest_fixtures::scope;
use attune_testkit::{unique_ref, ApiGeneration, Result, Scope};
use rstest::rstest;
use serde_json::json;

use crate::support::*;

#[derive(Debug, Clone, Copy)]
enum Owner {
    Pack,
    System,
}

fn script(name: &str, value: &str) -> String {
    format!(
        r#"if [ -n "${{{name}:+set}}" ]; then echo "SECRET_RECEIVED: yes"; else echo "SECRET_RECEIVED: no"; fi
if [ "${{{name}:-}}" = '{value}' ]; then echo "SECRET_VALID: yes"; else echo "SECRET_VALID: no"; fi
echo "SECRET_LENGTH: ${{#{name}}}"
if printenv | grep -q -e '{value}' -e '^{name}='; then echo "SECURITY_VIOLATION: in environment"; else echo "ENV_CHECK: not in environment"; fi
if bash -c 'echo "${{{name}:-}}"' | grep -q '{value}'; then echo "SECURITY_VIOLATION: inherited"; else echo "CHILD_CHECK: not inherited"; fi"#
    )
}

#[rstest]
#[case::pack_key_plain(Owner::Pack, false, false)]
#[case::pack_key_encrypted(Owner::Pack, true, false)]
#[case::system_key_encrypted(Owner::System, true, false)]
#[case::secret_wins_over_same_named_param(Owner::Pack, true, true)]
#[tokio::test]
async fn t3_20_secret_reaches_the_action_as_a_shell_variable_only(
    #[future(awt)] scope: Scope,
    #[case] owner: Owner,
    #[case] encrypted: bool,
    #[case] clash_with_param: bool,
) -> Result<()> {
    let name = unique_ref("secret");
    let value = format!("s3cr3t_{}_value", unique_ref("v"));
    let req = match owner {
        Owner::Pack => {
            CreateKeyRequest::new(name.clone(), name.clone(), json!(value), OwnerType::Pack)
                .with_owner_pack_ref(scope.pack())
        }
        Owner::System => {
            CreateKeyRequest::new(name.clone(), name.clone(), json!(value), OwnerType::System)
        }
    }
    .with_encrypted(encrypted);
    let key = scope.create_key(req).await?;
    // June 2026 stores the ref exactly as given; attune-sdk 0.5.4 builds the canonical ref from the owner.
    let generation = scope.env().profile().await?.generation;
    let want_ref = match (generation, owner) {
        (ApiGeneration::June2026, _) => name.clone(),
        (_, Owner::Pack) => format!("pack.{}.{name}", scope.pack()),
        (_, Owner::System) => format!("system.{name}"),
    };
    assert_eq!(key.r#ref, want_ref, "key ref on {generation:?}");
    let owner_type = match owner {
        Owner::Pack => OwnerType::Pack,
        Owner::System => OwnerType::System,
    };
    assert_eq!(key.owner_type, owner_type);
    if let Owner::Pack = owner {
        assert_eq!(
            key.owner_pack_ref.as_deref(),
            Some(scope.pack()),
            "the pack owns the key"
        );
    }
    assert_eq!(key.encrypted, encrypted);

    let action = scope
        .shell_action("secretcheck", &script(&name, &value), json!({}))
        .await?;
    let params = if clash_with_param {
        json!({ name.clone(): "param-value" })
    } else {
        json!({})
    };
    let done = scope.run(&action.r#ref, params.clone(), SHORT).await?;
    assert_eq!(done.status, ExecutionStatus::Completed, "{}", done.result);
    let stdout = done.stdout().unwrap_or_default();
    assert!(
        stdout.contains("SECRET_RECEIVED: yes"),
        "the key arrives as ${name}: {stdout}"
    );
    assert!(
        stdout.contains("SECRET_VALID: yes"),
        "with its decrypted value (and it beats a same-named param): {stdout}"
    );
    assert!(
        stdout.contains(&format!("SECRET_LENGTH: {}", value.len())),
        "{stdout}"
    );
    assert!(stdout.contains("ENV_CHECK: not in environment"), "{stdout}");
    assert!(stdout.contains("CHILD_CHECK: not inherited"), "{stdout}");
    assert!(!stdout.contains("SECURITY_VIOLATION"), "{stdout}");
    assert!(
        !stdout.contains(&value),
        "the value is not in stdout unless printed"
    );
    assert_eq!(
        done.config, params,
        "the secret is not added to the execution's parameters"
    );
    assert!(
        !done.result.to_string().contains(&value),
        "nor anywhere in the result"
    );
    Ok(())
}
