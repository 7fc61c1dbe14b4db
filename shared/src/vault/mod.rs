//! Device protection at rest: everything Rapport keeps in the browser is sealed with a data key
//! that is stored only wrapped by each staff member's unlock.
//!
//! Design (issue 11):
//! - One random 256-bit [`DataKey`] per tablet seals every stored row (document chunks, outbox,
//!   activity summary, quarantine, cursors, team keyring, device token) with XChaCha20-Poly1305
//!   ([`AtRest`]). We use it rather than WebCrypto AES-GCM so the same audited Rust code runs in
//!   native tests and in wasm, and because random 24-byte nonces cannot collide at our volumes
//!   (AES-GCM's 12-byte random nonces would need counting).
//! - The data key is stored only as [`WrappedDataKey`]s: one per unlock method of each staff
//!   member ([`StaffProfile`]). A PIN (6+ digits) or passphrase (8+ characters) becomes a
//!   wrapping key through Argon2id ([`KdfParams`]); a WebAuthn PRF output (32 bytes) wraps it
//!   directly, for a faster unlock. Several staff share one tablet, each with their own unlock.
//! - Each wrap keeps a 16-byte check value derived from the unlock key, so a wrong PIN
//!   ([`VaultError::WrongSecret`]) is told apart from damaged storage ([`VaultError::Corrupted`]);
//!   only the former counts towards the wipe after 10 wrong tries ([`Attempts`]).
//!
//! Invariant: nothing here touches storage. The app reads wrapped keys and sealed rows, calls
//! these functions, and writes what they return. Secrets are wiped from memory on drop.

mod at_rest;
mod attempts;
mod kdf;
mod profile;
mod secret;
mod wrap;

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

pub use at_rest::{AtRest, open_at_rest, seal_at_rest};
pub use attempts::{Attempts, Exhausted, Status, WARN_WHEN_LEFT, WIPE_AFTER};
pub use kdf::KdfParams;
pub use profile::{PasskeyOffer, StaffId, StaffProfile};
pub use secret::{SecretError, SecretKind, UnlockSecret};
pub use wrap::{
    WrapKind, WrappedDataKey, prf_salt, unwrap_with_prf, unwrap_with_secret, wrap_with_prf,
    wrap_with_secret,
};

/// Occurs when the data key cannot be unwrapped or a stored row cannot be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VaultError {
    /// Occurs when the PIN, passphrase or passkey given is not the one this key was wrapped
    /// with. Counts as a wrong attempt.
    #[error("that PIN or passphrase is not right; check it and try again")]
    WrongSecret,
    /// Occurs when the unlock key was right but the wrapped key was altered or damaged.
    #[error(
        "this staff member's saved unlock is damaged; unlock another way, or set up the tablet again"
    )]
    Corrupted,
    /// Occurs when a PIN is given for a passkey unlock or the reverse.
    #[error("this unlock method does not match the one saved; choose the other method")]
    WrongMethod,
    /// Occurs when stored Argon2 settings are outside what Rapport ever writes (a tampered or
    /// damaged profile), which could otherwise exhaust the tablet's memory.
    #[error("the saved unlock settings are out of range; set up this staff member's unlock again")]
    Params,
    /// Occurs when a stored row was altered, or moved to another row or store.
    #[error("a saved record could not be opened: it was damaged or moved")]
    Forged,
    /// Occurs when a stored row is too short to be sealed data.
    #[error("a saved record is too short to be sealed data")]
    Truncated,
    /// Occurs when a stored row was sealed in a format this version does not know.
    #[error("a saved record is in an unknown format {0}; update Rapport")]
    Format(u8),
    /// Occurs when the browser gives no randomness for a new key or nonce.
    #[error("this device could not make a random key: {0}")]
    Random(getrandom::Error),
}

/// The tablet's key for everything it stores. Never stored itself, only wrapped.
pub struct DataKey([u8; 32]);

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKey(…)")
    }
}

impl Drop for DataKey {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl DataKey {
    /// A fresh key, made when the first staff member sets up the tablet.
    pub fn generate() -> Result<Self, getrandom::Error> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key)?;
        Ok(Self(key))
    }

    /// A key of its own for each purpose.
    fn subkey(&self, purpose: &[u8]) -> zeroize::Zeroizing<[u8; 32]> {
        subkey(&self.0, purpose)
    }
}

/// HMAC-SHA256 of `purpose` under `key`: one key per use, derived from one secret.
fn subkey(key: &[u8; 32], purpose: &[u8]) -> zeroize::Zeroizing<[u8; 32]> {
    let mut mac =
        <Hmac<Sha256>>::new_from_slice(key).unwrap_or_else(|_| unreachable!("any key length"));
    mac.update(purpose);
    zeroize::Zeroizing::new(mac.finalize().into_bytes().into())
}

#[cfg(test)]
mod passkey_tests;
#[cfg(test)]
mod tests;
