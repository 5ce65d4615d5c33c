//! Password hashing (salted SHA-256) and AES-256-GCM encryption of key values.

use aes_gcm::aead::Aead;
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use rand::Rng as _;
use sha2::{Digest, Sha256};

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Hashes a password as `sha256$<salt hex>$<digest hex>` with a random 16-byte salt.
pub fn hash_password(password: &str) -> String {
    let mut salt = [0u8; 16];
    rand::rng().fill(&mut salt);
    let digest = Sha256::new()
        .chain_update(salt)
        .chain_update(password.as_bytes())
        .finalize();
    format!("sha256${}${}", hex(&salt), hex(&digest))
}

/// Verifies a password against a hash produced by [`hash_password`].
pub fn verify_password(password: &str, hash: &str) -> bool {
    let mut parts = hash.split('$');
    let (Some("sha256"), Some(salt_hex), Some(digest_hex)) =
        (parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let Some(salt) = unhex(salt_hex) else {
        return false;
    };
    let digest = Sha256::new()
        .chain_update(&salt)
        .chain_update(password.as_bytes())
        .finalize();
    // constant-time-ish comparison
    let computed = hex(&digest);
    computed.len() == digest_hex.len()
        && computed
            .bytes()
            .zip(digest_hex.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

// `is_multiple_of` needs Rust 1.87; the workspace MSRV is 1.85.
#[allow(clippy::manual_is_multiple_of)]
fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|p| u8::from_str_radix(p, 16).ok()))
        .collect()
}

/// Random lowercase alphanumeric string of length `n`.
pub fn random_alnum(n: usize) -> String {
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    (0..n)
        .map(|_| CHARS[rng.random_range(0..CHARS.len())] as char)
        .collect()
}

/// AES-256-GCM cipher; key = SHA-256 of the configured encryption key.
#[derive(Clone)]
pub struct Cipher {
    aead: Aes256Gcm,
    key_hash: String,
}

impl std::fmt::Debug for Cipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cipher").finish_non_exhaustive()
    }
}

impl Cipher {
    /// Derives the cipher from the configured secret.
    pub fn new(secret: &str) -> Self {
        let key: [u8; 32] = Sha256::digest(secret.as_bytes()).into();
        let aead = Aes256Gcm::new(&key.into());
        let key_hash = hex(&Sha256::digest(key));
        Self { aead, key_hash }
    }

    /// SHA-256 (hex) of the derived key, stored next to ciphertexts to detect key mismatch.
    pub fn key_hash(&self) -> &str {
        &self.key_hash
    }

    /// Encrypts bytes: `base64(nonce || ciphertext)` with a random 96-bit nonce.
    pub fn encrypt(&self, plaintext: &[u8]) -> Result<String, String> {
        let mut nonce = [0u8; 12];
        rand::rng().fill(&mut nonce);
        let ct = self
            .aead
            .encrypt(Nonce::from_slice(&nonce), plaintext)
            .map_err(|e| format!("encryption failed: {e}"))?;
        let mut out = Vec::with_capacity(12 + ct.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ct);
        Ok(B64.encode(out))
    }

    /// Decrypts a value produced by [`Cipher::encrypt`].
    pub fn decrypt(&self, encoded: &str) -> Result<Vec<u8>, String> {
        let raw = B64
            .decode(encoded)
            .map_err(|e| format!("invalid ciphertext: {e}"))?;
        if raw.len() < 12 {
            return Err("ciphertext too short".into());
        }
        let (nonce, ct) = raw.split_at(12);
        self.aead
            .decrypt(Nonce::from_slice(nonce), ct)
            .map_err(|e| format!("decryption failed: {e}"))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn password_roundtrip() {
        let h = hash_password("secret-pw");
        assert!(verify_password("secret-pw", &h));
        assert!(!verify_password("other", &h));
        assert!(!verify_password("x", "garbage"));
    }

    #[test]
    fn cipher_roundtrip() {
        let c = Cipher::new("k");
        let e = c.encrypt(b"hello").unwrap();
        assert_ne!(e, "hello");
        assert_eq!(c.decrypt(&e).unwrap(), b"hello");
        assert!(Cipher::new("other").decrypt(&e).is_err());
    }
}
