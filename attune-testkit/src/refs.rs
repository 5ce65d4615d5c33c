//! Unique, valid Attune refs and logins.
//!
//! Attune's ref grammar is `[a-z][a-z0-9_-]*` for an identifier (a pack ref is one identifier, a component
//! ref is `pack.name`) and `[a-z0-9][a-z0-9_-]*` (1..63 bytes) for a key's `local_ref`. Everything produced
//! here satisfies both, and is unique across threads (an atomic counter), processes (the process id and
//! 40 random bits) and concurrent CI jobs on one server (the random bits and the millisecond clock).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

static COUNTER: AtomicU64 = AtomicU64::new(0);

const ALPHABET: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

fn base36(mut n: u64, min_len: usize) -> String {
    let mut out = Vec::new();
    while n > 0 {
        out.push(ALPHABET[(n % 36) as usize]);
        n /= 36;
    }
    while out.len() < min_len {
        out.push(b'0');
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

/// A short suffix that is unique across threads, processes and machines: 14 lowercase base-36 characters.
pub fn unique_suffix() -> String {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let random = uuid::Uuid::new_v4().as_u128() as u64;
    // 28 bits of time (wraps every ~3 days, enough to order one run), 16 bits of counter and pid, 20 random bits.
    let mixed = random ^ (u64::from(std::process::id()) << 20) ^ (count << 36);
    format!(
        "{}{}",
        base36(millis & 0x0fff_ffff, 6),
        base36(mixed & 0x00ff_ffff_ffff, 8)
    )
}

/// Normalises a prefix to Attune's identifier grammar: lowercase, `[a-z0-9_-]`, starting with a letter.
fn normalise_prefix(prefix: &str) -> String {
    let mut out: String = prefix
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(24)
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_lowercase()) {
        out.insert(0, 't');
    }
    out
}

/// A unique identifier valid as an Attune pack ref, as the name part of a component ref, and as a key's
/// `local_ref`: `<prefix>_<14 base-36 chars>`, at most 39 characters.
///
/// ```
/// let a = attune_testkit::unique_ref("e2e");
/// let b = attune_testkit::unique_ref("e2e");
/// assert_ne!(a, b);
/// assert!(a.starts_with("e2e_"));
/// ```
pub fn unique_ref(prefix: &str) -> String {
    format!("{}_{}", normalise_prefix(prefix), unique_suffix())
}

/// A unique component ref `pack.name` inside `pack`.
pub fn unique_component_ref(pack: &str, prefix: &str) -> String {
    format!("{pack}.{}", unique_ref(prefix))
}

/// A unique login for a fresh identity, in the shape Attune's own harness uses (`test_<suffix>@attune.local`).
pub fn unique_login(prefix: &str) -> String {
    format!("{}@attune.local", unique_ref(prefix))
}

/// True when `s` matches Attune's identifier grammar `[a-z][a-z0-9_-]*`.
pub fn is_valid_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn refs_follow_the_grammar_and_stay_short() {
        for prefix in ["e2e", "My Pack!", "9lives", "a.b", ""] {
            let r = unique_ref(prefix);
            assert!(is_valid_identifier(&r), "{r:?} from {prefix:?}");
            assert!(r.len() <= 63, "{r:?} is too long for a key local_ref");
        }
    }

    #[test]
    fn refs_are_unique_across_threads() {
        let handles: Vec<_> = (0..8)
            .map(|_| std::thread::spawn(|| (0..2000).map(|_| unique_ref("t")).collect::<Vec<_>>()))
            .collect();
        let mut seen = HashSet::new();
        for h in handles {
            for r in h.join().unwrap_or_default() {
                assert!(seen.insert(r.clone()), "duplicate {r}");
            }
        }
        assert_eq!(seen.len(), 16_000);
    }

    #[test]
    fn component_refs_and_logins() {
        let c = unique_component_ref("core", "echo");
        let (pack, name) = c.split_once('.').unwrap_or_default();
        assert_eq!(pack, "core");
        assert!(is_valid_identifier(name));
        let login = unique_login("user");
        assert!(login.ends_with("@attune.local"));
        assert_ne!(unique_login("user"), login);
    }

    #[test]
    fn identifier_check_rejects_bad_refs() {
        assert!(!is_valid_identifier("Abc"));
        assert!(!is_valid_identifier("1abc"));
        assert!(!is_valid_identifier("a.b"));
        assert!(!is_valid_identifier(""));
        assert!(is_valid_identifier("a-b_c9"));
    }
}
