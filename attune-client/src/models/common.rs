//! Types shared by several resources.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// Declares a string enum with a catch-all `Unknown(String)` variant that keeps unrecognised
/// values (so new server-side values never break decoding).
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $s:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this SDK version does not know (kept verbatim).
            Unknown(String),
        }

        impl $name {
            /// The wire spelling.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $s,)+
                    $name::Unknown(s) => s.as_str(),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(match s {
                    $($s $(| $alias)* => $name::$variant,)+
                    other => $name::Unknown(other.to_string()),
                })
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s.parse() {
                    Ok(v) => v,
                    Err(never) => match never {},
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Ok($name::from(s.as_str()))
            }
        }
    };
}
pub(crate) use string_enum;

string_enum! {
    /// Who owns a key (`OwnerType`).
    OwnerType {
        /// Global key (`system.<local_ref>`).
        System => "system",
        /// Owned by an identity.
        Identity => "identity",
        /// Owned by a pack.
        Pack => "pack",
        /// Owned by an action.
        Action => "action",
        /// Owned by a sensor.
        Sensor => "sensor",
    }
}

#[allow(clippy::derivable_impls)]
impl Default for OwnerType {
    fn default() -> Self {
        OwnerType::System
    }
}

string_enum! {
    /// Who may reference an action or trigger from other packs.
    ReferenceVisibility {
        /// Everyone (default).
        Public => "public",
        /// Only its own pack.
        Private => "private",
        /// Only the packs in `reference_allowed_pack_refs`.
        Restricted => "restricted",
    }
}

string_enum! {
    /// Retention policy unit for artifacts and logs.
    RetentionPolicyType {
        /// Keep N versions.
        Versions => "versions",
        /// Keep N days.
        Days => "days",
        /// Keep N hours.
        Hours => "hours",
        /// Keep N minutes.
        Minutes => "minutes",
    }
}

/// A nullable-patch value: `{"op": "set", "value": X}` or `{"op": "clear"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", content = "value", rename_all = "snake_case")]
pub enum Patch<T> {
    /// Set the field to a value.
    Set(T),
    /// Clear the field.
    Clear,
}

impl<T> From<T> for Patch<T> {
    fn from(v: T) -> Self {
        Patch::Set(v)
    }
}

/// Body of every DELETE (`{"success": true, "message": ".."}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SuccessResponse {
    /// Whether the operation succeeded.
    #[serde(default)]
    pub success: bool,
    /// Server message.
    #[serde(default)]
    pub message: String,
}

/// Minimal page request for lists that only take `page` and `page_size`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageParams {
    /// 1-based page number (server default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Page size (server default 50, max 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
}

impl PageParams {
    /// Page `page` of size `page_size`.
    pub fn new(page: u32, page_size: u32) -> Self {
        PageParams {
            page: Some(page),
            page_size: Some(page_size),
        }
    }
}

/// An empty JSON object.
pub fn empty_object() -> Value {
    Value::Object(Map::new())
}

/// Deserialize a JSON value, mapping `null` to `{}`.
pub(crate) fn null_as_empty_object<'de, D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    Ok(match v {
        None | Some(Value::Null) => empty_object(),
        Some(v) => v,
    })
}

/// Deserialize a collection that may be `null`.
pub(crate) fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

pub(crate) fn redacted_value(v: &Value) -> &'static str {
    if v.is_null() {
        "null"
    } else {
        "<redacted>"
    }
}
