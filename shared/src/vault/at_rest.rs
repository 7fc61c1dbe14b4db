//! Sealing each stored row with the data key, bound to where it is stored.
//!
//! A sealed row is `1 (format) ‖ nonce (24) ‖ XChaCha20-Poly1305 ciphertext`, 41 bytes more than
//! its plaintext. The associated data is `"rapport at rest v1" ‖ format ‖ store name length
//! (u64, big-endian) ‖ store name ‖ row key length (u64) ‖ row key`: someone with access to the
//! browser's storage who swaps two rows, or moves a row to another store (say an outbox entry
//! into the cursors), makes it fail to open rather than be read as the wrong thing. The lengths
//! keep ("ab", "c") and ("a", "bc") apart.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};

use super::{DataKey, VaultError};

const FORMAT: u8 = 1;
const NONCE: usize = 24;

/// The data key's at-rest cipher, made once and reused for many rows.
pub struct AtRest {
    cipher: XChaCha20Poly1305,
}

impl std::fmt::Debug for AtRest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AtRest(…)")
    }
}

impl AtRest {
    pub fn new(key: &DataKey) -> Self {
        Self { cipher: XChaCha20Poly1305::new(&Key::from(*key.subkey(b"rapport at rest v1"))) }
    }

    /// Seals `plaintext` for row `key` of object store `store`.
    pub fn seal(&self, store: &str, key: &str, plaintext: &[u8]) -> Result<Vec<u8>, VaultError> {
        let mut nonce = [0u8; NONCE];
        getrandom::fill(&mut nonce).map_err(VaultError::Random)?;
        let aad = associated_data(store, key);
        let sealed = self
            .cipher
            .encrypt(&XNonce::from(nonce), Payload { msg: plaintext, aad: &aad })
            .unwrap_or_else(|_| unreachable!("encryption of in-memory data cannot fail"));
        let mut out = Vec::with_capacity(1 + NONCE + sealed.len());
        out.push(FORMAT);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Opens what [`AtRest::seal`] returned for the same store and row key.
    pub fn open(&self, store: &str, key: &str, sealed: &[u8]) -> Result<Vec<u8>, VaultError> {
        let (&format, rest) = sealed.split_first().ok_or(VaultError::Truncated)?;
        if format != FORMAT {
            return Err(VaultError::Format(format));
        }
        let (nonce, body) = rest.split_at_checked(NONCE).ok_or(VaultError::Truncated)?;
        let nonce: [u8; NONCE] = nonce.try_into().map_err(|_| VaultError::Truncated)?;
        if body.len() < 16 {
            return Err(VaultError::Truncated);
        }
        let aad = associated_data(store, key);
        self.cipher
            .decrypt(&XNonce::from(nonce), Payload { msg: body, aad: &aad })
            .map_err(|_| VaultError::Forged)
    }
}

/// Seals one row; for many, make an [`AtRest`] once.
pub fn seal_at_rest(
    key: &DataKey,
    store: &str,
    row: &str,
    plaintext: &[u8],
) -> Result<Vec<u8>, VaultError> {
    AtRest::new(key).seal(store, row, plaintext)
}

/// Opens one row sealed by [`seal_at_rest`].
pub fn open_at_rest(
    key: &DataKey,
    store: &str,
    row: &str,
    sealed: &[u8],
) -> Result<Vec<u8>, VaultError> {
    AtRest::new(key).open(store, row, sealed)
}

fn associated_data(store: &str, key: &str) -> Vec<u8> {
    let mut aad = b"rapport at rest v1".to_vec();
    aad.push(FORMAT);
    for part in [store, key] {
        aad.extend_from_slice(&(part.len() as u64).to_be_bytes());
        aad.extend_from_slice(part.as_bytes());
    }
    aad
}
