//! The `setters!` macro: generates the `with_*` builder methods of request models.
//!
//! ```text
//! setters!(CordonWorkerRequest {
//!     /// Set `reason`.
//!     with_reason(reason: into String),   // pub fn with_reason(self, v: impl Into<String>) -> Self  (Some(v.into()))
//!     with_limit(limit: u32),             // pub fn with_limit(self, v: u32) -> Self                 (Some(v))
//!     with_tags(tags: = Vec<String>),     // pub fn with_tags(self, v: Vec<String>) -> Self         (plain field, not Option)
//! });
//! ```

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
