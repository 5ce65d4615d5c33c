//! The `setters!` macro: generates the `with_*` builder methods of request models.
//!
//! ```text
//! setters!(CordonWorkerRequest {
//!     /// Set `reason`.
//!     with_reason(reason: into String),   // pub fn with_reason(self, v: impl Into<String>) -> Self  (Some(v.into()))
//!     with_limit(limit: u32),             // pub fn with_limit(self, v: u32) -> Self                 (Some(v))
//!     with_tags(tags: = Vec<String>),     // pub fn with_tags(self, v: Vec<String>) -> Self         (plain field, not Option)
//!     with_schema(schema: = into Value), // pub fn with_schema(self, v: impl Into<Value>) -> Self  (plain field, v.into())
//! });
//! ```
//!
//! Every request model and query struct uses it, so adding a field costs one line plus its doc.
//! (`bon` was considered: it generates typestate builders with a different call shape —
//! `X::builder().a(..).build()` — which would break the `X::new(..).with_a(..)` API that the
//! testkit, the e2e suite and the README use; this macro keeps that API unchanged.)

/// Generate `with_*` setters for `Option` (or plain, with `=`) fields.
macro_rules! setters {
    ($ty:ty { $($body:tt)* }) => {
        impl $ty { setters!(@items $($body)*); }
    };
    (@items) => {};
    (@items $(#[$m:meta])* $fn:ident($field:ident: into $arg:ty) $(, $($rest:tt)*)?) => {
        $(#[$m])*
        pub fn $fn(mut self, v: impl Into<$arg>) -> Self {
            self.$field = Some(v.into());
            self
        }
        setters!(@items $($($rest)*)?);
    };
    (@items $(#[$m:meta])* $fn:ident($field:ident: = into $arg:ty) $(, $($rest:tt)*)?) => {
        $(#[$m])*
        pub fn $fn(mut self, v: impl Into<$arg>) -> Self {
            self.$field = v.into();
            self
        }
        setters!(@items $($($rest)*)?);
    };
    (@items $(#[$m:meta])* $fn:ident($field:ident: = $arg:ty) $(, $($rest:tt)*)?) => {
        $(#[$m])*
        pub fn $fn(mut self, v: $arg) -> Self {
            self.$field = v;
            self
        }
        setters!(@items $($($rest)*)?);
    };
    (@items $(#[$m:meta])* $fn:ident($field:ident: $arg:ty) $(, $($rest:tt)*)?) => {
        $(#[$m])*
        pub fn $fn(mut self, v: $arg) -> Self {
            self.$field = Some(v);
            self
        }
        setters!(@items $($($rest)*)?);
    };
}
