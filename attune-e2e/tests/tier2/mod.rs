//! Tier 2 of Attune's end-to-end plan — orchestration and data flow (T2.1–T2.13).
//!
//! Run with `cargo test -p attune-e2e -- tier2::`; set `ATTUNE_API_URL` to run against a live Attune.
//! Every test creates its own uniquely named resources and removes them afterwards. T2.12/T2.13 upload the fixture pack
//! (`fixtures/packs/e2e_fixture`) and download one tiny dependency each (PyPI, npm): not applicable offline.

mod helpers;

mod t2_01_nested_workflow;
mod t2_02_workflow_failure;
mod t2_03_action_writes_keys;
mod t2_04_env_vars;
mod t2_04_parameter_templating;
mod t2_05_rule_criteria;
mod t2_06_inquiry;
mod t2_07_inquiry_timeout;
mod t2_08_retry;
mod t2_09_execution_timeout;
mod t2_10_parallel_with_items;
mod t2_11_sequential_workflow;
mod t2_12_python_deps;
mod t2_13_nodejs_deps;
