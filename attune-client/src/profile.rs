//! Which generation of the Attune API a server speaks, detected once per client.
//!
//! Two generations are deployed in the wild and differ on the wire:
//!
//! | topic | [`ApiGeneration::June2026`] | [`ApiGeneration::Sdk054`] (attune-sdk 0.5.4, Sept 2026) |
//! |---|---|---|
//! | key create | `ref` (stored as sent) + numeric owner ids | `local_ref` + owner selector; the server builds a canonical `ref` |
//! | key responses | no `local_ref` | `local_ref` |
//! | inquiry create | `{execution, prompt, response_schema}` only | also an execution token with `{purpose, prompt, timeout_seconds, ...}` |
//! | action / execution `timeout_seconds` | absent (ignored) | present |
//! | secret fields of event payloads | not redacted | redacted |
//! | inquiry responses against `response_schema` | accepted unchecked (the June source has a TODO there) | checked, 422 when violated |
//!
//! [`AttuneClient::server_profile`](crate::AttuneClient::server_profile) detects the generation
//! the first time it is needed (the server's OpenAPI document first, then a harmless probe that
//! creates nothing) and caches it; request handlers that differ between the generations
//! ([`Keys::create`](crate::api::Keys::create), [`Inquiries::create`](crate::api::Inquiries::create))
//! consult it and send the body that server takes.
//!
//! ```no_run
//! # async fn run(client: attune_client::AttuneClient) -> attune_client::Result<()> {
//! let profile = client.server_profile().await?;
//! if !profile.execution_timeouts {
//!     println!("this server ignores timeout_seconds on executions");
//! }
//! # Ok(()) }
//! ```

use serde::{Deserialize, Serialize};

/// A generation of the Attune REST API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ApiGeneration {
    /// Servers built from the June 2026 source (OpenAPI `info.version` 0.1.0).
    June2026,
    /// The contract of attune-sdk 0.5.4 (September 2026) and later servers.
    Sdk054,
}

/// How a server names keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum KeyRefStyle {
    /// The client sends `ref`, which is stored exactly as sent (dots allowed); owners are numeric
    /// ids (or `owner_pack_ref` / `owner_action_ref` / `owner_sensor_ref`).
    Plain,
    /// The client sends `local_ref` and an owner selector; the server builds the canonical `ref`
    /// (`system.<local>`, `identity.<login>.<local>`, `pack.<pack>.<local>`, ...).
    Scoped,
}

/// How the profile was found out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DetectedBy {
    /// From the server's OpenAPI document (`GET /api-spec/openapi.json`).
    OpenApi,
    /// From the validation error of a key-creation probe that cannot create anything.
    KeyProbe,
    /// Neither answered clearly; the newer contract was assumed.
    Assumed,
    /// Set by the caller ([`AttuneClientBuilder::server_profile`](crate::AttuneClientBuilder::server_profile)).
    Preset,
}

/// What a server supports where the API generations differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ServerProfile {
    /// The generation.
    pub generation: ApiGeneration,
    /// How keys are named on create.
    pub key_refs: KeyRefStyle,
    /// `POST /api/v1/inquiries` accepts an execution token with `{purpose, prompt, timeout_seconds}`.
    pub token_inquiries: bool,
    /// Actions and executions have a `timeout_seconds` field.
    pub execution_timeouts: bool,
    /// Webhook event payload fields marked `secret` are redacted in events.
    pub event_secret_redaction: bool,
    /// `POST /api/v1/inquiries/{id}/respond` checks the response against the inquiry's
    /// `response_schema` (422 when it does not match).
    pub inquiry_response_validation: bool,
    /// How this profile was obtained.
    pub detected_by: DetectedBy,
}

impl ServerProfile {
    /// The profile of a generation with its usual features.
    pub fn of(generation: ApiGeneration) -> Self {
        let newer = generation == ApiGeneration::Sdk054;
        ServerProfile {
            generation,
            key_refs: if newer {
                KeyRefStyle::Scoped
            } else {
                KeyRefStyle::Plain
            },
            token_inquiries: newer,
            execution_timeouts: newer,
            event_secret_redaction: newer,
            inquiry_response_validation: newer,
            detected_by: DetectedBy::Preset,
        }
    }

    pub(crate) fn detected(mut self, by: DetectedBy) -> Self {
        self.detected_by = by;
        self
    }

    /// Reads a profile from an OpenAPI document, or `None` when it does not describe key creation.
    pub fn from_openapi(doc: &serde_json::Value) -> Option<ServerProfile> {
        let schemas = doc.pointer("/components/schemas")?;
        let key_props = schemas
            .pointer("/CreateKeyRequest/properties")?
            .as_object()?;
        let generation = if key_props.contains_key("local_ref") {
            ApiGeneration::Sdk054
        } else if key_props.contains_key("ref") {
            ApiGeneration::June2026
        } else {
            return None;
        };
        let mut profile = ServerProfile::of(generation).detected(DetectedBy::OpenApi);
        let has_prop = |schema: &str, prop: &str| {
            schemas
                .pointer(&format!("/{schema}/properties/{prop}"))
                .is_some()
        };
        profile.execution_timeouts = ["ExecutionResponse", "CreateActionRequest", "ActionResponse"]
            .iter()
            .any(|s| has_prop(s, "timeout_seconds"));
        if let Some(inquiry) = schemas.pointer("/CreateInquiryRequest/properties") {
            profile.token_inquiries = inquiry.get("timeout_seconds").is_some()
                || inquiry.get("purpose").is_some()
                || generation == ApiGeneration::Sdk054;
        }
        Some(profile)
    }

    /// Reads a profile from the error a server gives for a key body that has neither `ref` nor
    /// `local_ref` (serde's "missing field" message names the field that server requires).
    pub fn from_key_probe(message: &str) -> Option<ServerProfile> {
        let generation = if message.contains("`local_ref`") || message.contains("local_ref") {
            ApiGeneration::Sdk054
        } else if message.contains("`ref`") {
            ApiGeneration::June2026
        } else {
            return None;
        };
        Some(ServerProfile::of(generation).detected(DetectedBy::KeyProbe))
    }
}

/// A feature that only some server generations have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Feature {
    /// `timeout_seconds` on actions and executions.
    ExecutionTimeouts,
    /// Redaction of `secret` fields in webhook event payloads.
    EventSecretRedaction,
    /// `POST /api/v1/inquiries` with an execution token.
    TokenInquiries,
    /// Inquiry responses checked against the inquiry's `response_schema`.
    InquiryResponseValidation,
}

impl Feature {
    /// Every feature, in a fixed order.
    pub const ALL: [Feature; 4] = [
        Feature::ExecutionTimeouts,
        Feature::EventSecretRedaction,
        Feature::TokenInquiries,
        Feature::InquiryResponseValidation,
    ];

    /// Its snake_case name (`"execution_timeouts"`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Feature::ExecutionTimeouts => "execution_timeouts",
            Feature::EventSecretRedaction => "event_secret_redaction",
            Feature::TokenInquiries => "token_inquiries",
            Feature::InquiryResponseValidation => "inquiry_response_validation",
        }
    }

    /// One sentence saying what the feature is.
    pub fn description(self) -> &'static str {
        match self {
            Feature::ExecutionTimeouts => "actions and executions with `timeout_seconds`",
            Feature::EventSecretRedaction => "redaction of secret fields in webhook event payloads",
            Feature::TokenInquiries => "inquiries created with an execution token",
            Feature::InquiryResponseValidation => {
                "inquiry responses checked against the inquiry's response_schema"
            }
        }
    }
}

impl ServerProfile {
    /// Whether this server has `feature`.
    pub fn supports(&self, feature: Feature) -> bool {
        match feature {
            Feature::ExecutionTimeouts => self.execution_timeouts,
            Feature::EventSecretRedaction => self.event_secret_redaction,
            Feature::TokenInquiries => self.token_inquiries,
            Feature::InquiryResponseValidation => self.inquiry_response_validation,
        }
    }

    /// The features this server lacks.
    pub fn lacking(&self) -> Vec<Feature> {
        Feature::ALL
            .into_iter()
            .filter(|f| !self.supports(*f))
            .collect()
    }
}

/// The body of the key probe: everything a key needs except its name, so no server can create it.
pub(crate) fn key_probe_body() -> serde_json::Value {
    serde_json::json!({
        "owner_type": "system",
        "name": "attune-client generation probe",
        "value": null
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn openapi_with_plain_refs_is_june_2026() {
        let doc = json!({"components": {"schemas": {
            "CreateKeyRequest": {"properties": {"ref": {}, "owner_identity": {}}},
            "ExecutionResponse": {"properties": {"id": {}}},
            "CreateInquiryRequest": {"properties": {"execution": {}, "prompt": {}}}
        }}});
        let p = ServerProfile::from_openapi(&doc).unwrap();
        assert_eq!(p.generation, ApiGeneration::June2026);
        assert_eq!(p.key_refs, KeyRefStyle::Plain);
        assert!(!p.execution_timeouts);
        assert!(!p.token_inquiries);
        assert_eq!(p.detected_by, DetectedBy::OpenApi);
    }

    #[test]
    fn openapi_with_local_refs_is_sdk_054() {
        let doc = json!({"components": {"schemas": {
            "CreateKeyRequest": {"properties": {"local_ref": {}, "owner_identity_login": {}}},
            "ExecutionResponse": {"properties": {"timeout_seconds": {}}}
        }}});
        let p = ServerProfile::from_openapi(&doc).unwrap();
        assert_eq!(p.generation, ApiGeneration::Sdk054);
        assert_eq!(p.key_refs, KeyRefStyle::Scoped);
        assert!(p.execution_timeouts);
        assert!(p.token_inquiries);
    }

    #[test]
    fn june_lacks_the_newer_features() {
        let june = ServerProfile::of(ApiGeneration::June2026);
        assert_eq!(june.lacking(), Feature::ALL.to_vec());
        assert!(ServerProfile::of(ApiGeneration::Sdk054)
            .lacking()
            .is_empty());
    }

    #[test]
    fn openapi_without_key_schema_says_nothing() {
        assert!(ServerProfile::from_openapi(&json!({"openapi": "3.0.0"})).is_none());
    }

    #[test]
    fn key_probe_messages_name_the_generation() {
        let old = "Failed to deserialize the JSON body into the target type: missing field `ref` at line 1 column 72";
        assert_eq!(
            ServerProfile::from_key_probe(old).unwrap().generation,
            ApiGeneration::June2026
        );
        let new = "Failed to deserialize the JSON body into the target type: missing field `local_ref` at line 1 column 70";
        assert_eq!(
            ServerProfile::from_key_probe(new).unwrap().generation,
            ApiGeneration::Sdk054
        );
        assert!(ServerProfile::from_key_probe("Insufficient permissions").is_none());
    }
}
