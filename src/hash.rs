//! Short content hashes: the image cache and translation records name a file's version by
//! the first 16 hex digits of its SHA-256.

use sha2::{Digest, Sha256};

/// The first 16 hex digits of the SHA-256 of `bytes`.
///
/// ```
/// assert_eq!(dilmanc::hash::short_sha256(b"abc"), "ba7816bf8f01cfea");
/// ```
pub fn short_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}
