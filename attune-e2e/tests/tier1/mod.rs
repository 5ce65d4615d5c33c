//! Tier 1 — Attune's eight core flows (T1.1–T1.8).
//!
//! Run with `cargo test -p attune-e2e -- tier1::`; set `ATTUNE_API_URL` to run against a live Attune.
//! Every test creates its own uniquely named resources and removes them afterwards.

mod t1_1_interval_timer;
mod t1_2_date_timer;
mod t1_3_cron_timer;
mod t1_4_webhook;
mod t1_5_workflow_with_items;
mod t1_6_key_value_store;
mod t1_7_multi_tenant_isolation;
mod t1_8_action_failure;

mod helpers;
