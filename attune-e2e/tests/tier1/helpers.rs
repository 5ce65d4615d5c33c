//! Helpers of the Tier 1 scenarios: the target's API generation and what it means for key names, and the
//! settling of a rule's enforcements after the rule was disabled.
#![allow(dead_code)]

use attune_client::models::{EnforcementStatus, EnforcementSummary, ListExecutionsParams};
use attune_client::ApiGeneration;
use attune_testkit::waiters::{all_enforcements, all_events, all_executions, probe_error};
use attune_testkit::{wait_until, Probe, Result, Scope};

use crate::support::*;

/// The API generation of the target.
pub async fn generation(scope: &Scope) -> Result<ApiGeneration> {
    Ok(scope.env().profile().await?.generation)
}

/// The `ref` a server of `generation` gives a key created with `local_ref` (June 2026: exactly as given;
/// attune-sdk 0.5.4: the canonical ref the server builds from the owner).
pub fn expected_key_ref(generation: ApiGeneration, local_ref: &str, owner_prefix: &str) -> String {
    match generation {
        ApiGeneration::June2026 => local_ref.to_string(),
        _ => format!("{owner_prefix}.{local_ref}"),
    }
}

/// Waits until every event of `rule_ref` has an enforcement that left `created`, and returns those
/// enforcements (newest first). Use after disabling the rule: a real Attune marks the enforcement of an
/// event that arrives just before the disable `disabled` and creates no execution for it (G20).
pub async fn settled_enforcements(
    scope: &Scope,
    rule_ref: &str,
) -> Result<Vec<EnforcementSummary>> {
    let client = scope.client().clone();
    let rule_ref = rule_ref.to_string();
    Ok(wait_until(
        format!("every event of rule {rule_ref} to have a settled enforcement"),
        SHORT,
        || {
            let client = client.clone();
            let rule_ref = rule_ref.clone();
            async move {
                let events = match all_events(&client, &events_of_rule(&rule_ref)).await {
                    Ok(e) => e,
                    Err(e) => return probe_error("listing events", &e),
                };
                let enfs = match all_enforcements(&client, &enforcements_of_rule(&rule_ref)).await {
                    Ok(e) => e,
                    Err(e) => return probe_error("listing enforcements", &e),
                };
                let unsettled: Vec<i64> = events
                    .iter()
                    .filter(|ev| {
                        !enfs.iter().any(|en| {
                            en.event == Some(ev.id) && en.status != EnforcementStatus::Created
                        })
                    })
                    .map(|ev| ev.id)
                    .collect();
                if unsettled.is_empty() {
                    Probe::Ready(enfs)
                } else {
                    Probe::Pending(format!(
                        "events without a settled enforcement: {unsettled:?}"
                    ))
                }
            }
        },
    )
    .await?)
}

/// Checks what a real Attune does with the enforcements of a rule that was just disabled: each one is either
/// `processed` with exactly one execution, or `disabled` with none; the rule's executions are exactly those
/// of its processed enforcements. Returns the number of processed enforcements.
pub async fn assert_enforcements_after_disable(scope: &Scope, rule_ref: &str) -> Result<usize> {
    let enfs = settled_enforcements(scope, rule_ref).await?;
    let execs = all_executions(scope.client(), &by_rule(rule_ref)).await?;
    let mut processed = 0;
    for enf in &enfs {
        let mine = all_executions(
            scope.client(),
            &ListExecutionsParams {
                enforcement: Some(enf.id),
                ..Default::default()
            },
        )
        .await?;
        match enf.status {
            EnforcementStatus::Processed => {
                processed += 1;
                assert_eq!(
                    mine.len(),
                    1,
                    "processed enforcement {} has one execution: {mine:?}",
                    enf.id
                );
            }
            EnforcementStatus::Disabled => assert!(
                mine.is_empty(),
                "enforcement {} of the disabled rule created no execution: {mine:?}",
                enf.id
            ),
            ref other => {
                return fail(format!("enforcement {} ended '{other}'", enf.id));
            }
        }
    }
    assert_eq!(
        execs.len(),
        processed,
        "the rule's executions are those of its processed enforcements: {execs:?}"
    );
    Ok(processed)
}
