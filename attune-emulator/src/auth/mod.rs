//! Authentication and authorization: JWTs, password hashing, encryption at
//! rest and the RBAC model (permission sets, grants, visibility).

pub mod crypto;
pub mod jwt;
pub mod rbac;

pub use rbac::{Grant, Principal};
