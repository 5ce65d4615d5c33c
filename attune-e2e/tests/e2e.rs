//! Attune's tiered end-to-end plan in one test target, so the three tiers run side by side:
//! `cargo test -p attune-e2e` runs them all; `cargo test -p attune-e2e -- tier1::` one tier;
//! `cargo test -p attune-e2e -- t1_4` one scenario. Set `ATTUNE_API_URL` to run against a live Attune.
//!
//! Every test creates its own uniquely named resources and removes them afterwards, so the tiers share
//! one target (one embedded emulator, or the live server) without disturbing each other.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod support;

mod tier1;
mod tier2;
mod tier3;
