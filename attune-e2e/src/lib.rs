//! End-to-end suite for Attune; the tests live in `tests/`.
