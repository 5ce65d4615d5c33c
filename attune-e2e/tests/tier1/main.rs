//! Tier 1
