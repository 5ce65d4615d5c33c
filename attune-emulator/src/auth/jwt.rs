//! HS256 JWTs with Attune's claims.

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// Token types (`token_type` claim).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenType {
    /// User access token.
    Access,
    /// Refresh token (refused as Bearer).
    Refresh,
    /// Sensor token (may `POST /events`).
    Sensor,
    /// Execution token (given to running actions).
    Execution,
    /// Worker token.
    Worker,
}

/// JWT claims.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    /// Identity id as a string.
    pub sub: String,
    /// Identity login.
    pub login: String,
    /// Issued at (unix seconds).
    pub iat: i64,
    /// Expiry (unix seconds).
    pub exp: i64,
    /// Token type.
    pub token_type: TokenType,
    /// Optional scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Optional metadata (execution tokens: `{"execution_id": N, "permission_set_refs": [..]}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<serde_json::Value>,
}

/// Why a token was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    /// Bad signature, malformed, wrong algorithm.
    Invalid,
    /// `exp` is in the past.
    Expired,
}

/// Signing and verification keys.
#[derive(Clone)]
pub struct JwtKeys {
    enc: EncodingKey,
    dec: DecodingKey,
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtKeys").finish_non_exhaustive()
    }
}

impl JwtKeys {
    /// Keys from the shared secret.
    pub fn new(secret: &str) -> Self {
        Self {
            enc: EncodingKey::from_secret(secret.as_bytes()),
            dec: DecodingKey::from_secret(secret.as_bytes()),
        }
    }

    /// Signs claims (HS256).
    pub fn sign(&self, claims: &Claims) -> Result<String, String> {
        encode(&Header::new(Algorithm::HS256), claims, &self.enc).map_err(|e| e.to_string())
    }

    /// Builds and signs a token for an identity.
    pub fn issue(
        &self,
        identity_id: i64,
        login: &str,
        token_type: TokenType,
        ttl_secs: i64,
        metadata: Option<serde_json::Value>,
    ) -> Result<String, String> {
        let iat = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: identity_id.to_string(),
            login: login.to_string(),
            iat,
            exp: iat + ttl_secs,
            token_type,
            scope: None,
            metadata,
        };
        self.sign(&claims)
    }

    /// Verifies signature and expiry.
    pub fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        let mut v = Validation::new(Algorithm::HS256);
        v.leeway = 0;
        v.validate_exp = true;
        decode::<Claims>(token, &self.dec, &v)
            .map(|d| d.claims)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid,
            })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn roundtrip_and_tamper() {
        let k = JwtKeys::new("s");
        let t = k.issue(1, "a", TokenType::Access, 60, None).unwrap();
        let c = k.verify(&t).unwrap();
        assert_eq!(c.sub, "1");
        assert_eq!(c.token_type, TokenType::Access);
        assert_eq!(JwtKeys::new("other").verify(&t), Err(TokenError::Invalid));
        let expired = k.issue(1, "a", TokenType::Access, -10, None).unwrap();
        assert_eq!(k.verify(&expired), Err(TokenError::Expired));
    }
}
