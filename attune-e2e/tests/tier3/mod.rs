//! Tier 3 of Attune's end-to-end plan — advanced features and edge cases. Run with
//! `cargo test -p attune-e2e -- tier3::`; set `ATTUNE_API_URL` to run against a live Attune.

mod helpers;
mod notifier;

mod t3_02_timer_cancellation;
mod t3_03_concurrent_timers;
mod t3_04_webhook_multiple_rules;
mod t3_05_rule_criteria;
mod t3_06_sensor_event;
mod t3_07_complex_workflow;
mod t3_08_chained_webhooks;
mod t3_09_multistep_approval;
mod t3_10_rbac;
mod t3_11_system_vs_user_packs;
mod t3_13_invalid_parameters;
mod t3_14_execution_notifications;
mod t3_15_inquiry_notifications;
mod t3_16_rule_notifications;
mod t3_18_http_request;
mod t3_19_dependency_isolation;
mod t3_20_secret_injection;
mod t3_21_log_size_limits;
mod t3_21_secret_redaction;
mod t3_22_pagination;
mod t3_23_cancellation;
mod t3_24_high_frequency_timer;
mod t3_25_large_workflow;
mod t3_26_pack_update;
