//! Random ids, tokens and codes, and the hashes the relay keeps instead of the secrets.

use sha2::{Digest, Sha256};

use crate::store::SecretHash;

/// 128 random bits from the operating system.
pub fn random16() -> std::io::Result<[u8; 16]> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(bytes)
}

/// Tokens and codes carry 128 random bits, so one round of SHA-256 is enough to keep a stolen
/// database from revealing them; no password-style stretching is needed.
pub fn hash(secret: &[u8; 16]) -> SecretHash {
    Sha256::digest(secret).into()
}

pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}
