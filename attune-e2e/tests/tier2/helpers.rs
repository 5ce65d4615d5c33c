//! Helpers of the Tier 2 scenarios: the shared workflow and inquiry helpers of `tests/support`.
#![allow(unused_imports)]

pub use crate::support::inquiry::*;
pub use crate::support::workflow::*;
