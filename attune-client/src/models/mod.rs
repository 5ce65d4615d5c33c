//! Request and response models, one module per resource.
//!
//! Response models are lenient: unknown fields are ignored, server-optional fields are
//! `Option`, collections default to empty, and enums keep unknown values in an `Unknown(String)`
//! variant. Everything is re-exported here, so `use attune_client::models::*` is enough.

#[macro_use]
mod builder;
pub mod common;

pub mod action;
pub mod auth;
pub mod enforcement;
pub mod event;
pub mod execution;
pub mod health;
pub mod identity;
pub mod inquiry;
mod inquiry_create;
pub mod key;
pub mod pack;
pub mod permission;
pub mod rule;
pub mod runtime;
pub mod sensor;
pub mod trigger;
pub mod workflow;
// issue 12 additions
pub mod admin;
pub mod analytics;
pub mod artifact;
pub mod audit;
pub mod history;
pub mod policy;
pub mod queue;
pub mod worker;
// full 0.5.4 coverage
pub mod cache;
pub mod internal;
pub mod pack_batch;
pub mod pack_index;

pub use action::*;
pub use auth::*;
pub use common::{
    empty_object, OwnerType, PageParams, Patch, ReferenceVisibility, RetentionPolicyType,
    SuccessResponse,
};
pub use enforcement::*;
pub use event::*;
pub use execution::*;
pub use health::*;
pub use identity::*;
pub use inquiry::*;
pub use inquiry_create::*;
pub use key::*;
pub use pack::*;
pub use permission::*;
pub use rule::*;
pub use runtime::*;
pub use sensor::*;
pub use trigger::*;
pub use workflow::*;
// issue 12 additions
pub use admin::*;
pub use analytics::*;
pub use artifact::*;
pub use audit::*;
pub use history::*;
pub use policy::*;
pub use queue::*;
pub use worker::*;
// full 0.5.4 coverage
pub use cache::*;
pub use internal::*;
pub use pack_batch::*;
pub use pack_index::*;
