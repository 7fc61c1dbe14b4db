//! Wrapping the data key with a staff member's unlock, and unwrapping it again.
//!
//! An unlock key (32 bytes) comes from Argon2id over a PIN or passphrase with a random 16-byte
//! salt, or from HMAC-SHA256 over a WebAuthn PRF output (the authenticator's secret, evaluated
//! on a random 32-byte PRF salt kept here). Two subkeys of it are used: one seals the data key
//! with XChaCha20-Poly1305, one gives the 16-byte check value that tells a wrong unlock from a
//! damaged record. The check reveals nothing an attacker with the ciphertext could not already
//! test, at the same Argon2 cost per guess.
//!
//! The associated data binds the method, salt, settings and credential id, so a record edited
//! to weaker settings or another credential no longer opens.
//!
//! Stored as JSON, bytes as hex:
//! `{"kind":{"type":"secret","secret":"pin","salt":…,"params":{…}},"nonce":…,"check":…,
//! "ciphertext":…}` or `{"kind":{"type":"prf","credential_id":…,"prf_salt":…},…}`.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::{DataKey, KdfParams, SecretKind, UnlockSecret, VaultError, subkey};

const NONCE: usize = 24;

/// How a data key was wrapped, and what is needed to unwrap it again.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum WrapKind {
    /// A PIN or passphrase through Argon2id.
    Secret {
        secret: SecretKind,
        #[serde(with = "crate::hex::array")]
        salt: [u8; 16],
        params: KdfParams,
    },
    /// A WebAuthn credential's PRF output for `prf_salt`.
    Prf {
        #[serde(with = "crate::hex::bytes")]
        credential_id: Vec<u8>,
        #[serde(with = "crate::hex::array")]
        prf_salt: [u8; 32],
    },
}

/// The data key, wrapped by one unlock method of one staff member.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WrappedDataKey {
    pub kind: WrapKind,
    #[serde(with = "crate::hex::array")]
    pub nonce: [u8; NONCE],
    #[serde(with = "crate::hex::array")]
    pub check: [u8; 16],
    #[serde(with = "crate::hex::bytes")]
    pub ciphertext: Vec<u8>,
}

/// Wraps `key` with a new PIN or passphrase, costing `params` per guess.
pub fn wrap_with_secret(
    key: &DataKey,
    secret: &UnlockSecret,
    params: KdfParams,
) -> Result<WrappedDataKey, VaultError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(VaultError::Random)?;
    let unlock = params.derive(secret.as_bytes(), &salt)?;
    wrap(key, WrapKind::Secret { secret: secret.kind(), salt, params }, &unlock)
}

/// Unwraps with what was typed on the lock screen (not checked against the rules for new
/// secrets, so a tightened rule never locks anyone out).
pub fn unwrap_with_secret(wrapped: &WrappedDataKey, entered: &str) -> Result<DataKey, VaultError> {
    let WrapKind::Secret { salt, params, .. } = &wrapped.kind else {
        return Err(VaultError::WrongMethod);
    };
    let unlock = params.derive(entered.as_bytes(), salt)?;
    unwrap(wrapped, &unlock)
}

/// A random input for a new credential's PRF evaluation; pass it to WebAuthn
/// (`extensions.prf.eval.first`), then to [`wrap_with_prf`] with the output.
pub fn prf_salt() -> Result<[u8; 32], VaultError> {
    let mut salt = [0u8; 32];
    getrandom::fill(&mut salt).map_err(VaultError::Random)?;
    Ok(salt)
}

/// Wraps `key` with a passkey's PRF output for `prf_salt`.
pub fn wrap_with_prf(
    key: &DataKey,
    credential_id: &[u8],
    prf_salt: [u8; 32],
    prf_output: &[u8; 32],
) -> Result<WrappedDataKey, VaultError> {
    let kind = WrapKind::Prf { credential_id: credential_id.to_vec(), prf_salt };
    wrap(key, kind, &prf_unlock(prf_output))
}

/// Unwraps with the PRF output the passkey gave for this wrap's `prf_salt`.
pub fn unwrap_with_prf(
    wrapped: &WrappedDataKey,
    prf_output: &[u8; 32],
) -> Result<DataKey, VaultError> {
    if !matches!(wrapped.kind, WrapKind::Prf { .. }) {
        return Err(VaultError::WrongMethod);
    }
    unwrap(wrapped, &prf_unlock(prf_output))
}

/// The PRF output is already uniformly random; HMAC only gives it a purpose of its own.
fn prf_unlock(output: &[u8; 32]) -> Zeroizing<[u8; 32]> {
    subkey(output, b"rapport prf unlock v1")
}

fn wrap(key: &DataKey, kind: WrapKind, unlock: &[u8; 32]) -> Result<WrappedDataKey, VaultError> {
    let mut nonce = [0u8; NONCE];
    getrandom::fill(&mut nonce).map_err(VaultError::Random)?;
    let aad = associated_data(&kind);
    let ciphertext = cipher(unlock)
        .encrypt(&XNonce::from(nonce), Payload { msg: &key.0, aad: &aad })
        .unwrap_or_else(|_| unreachable!("encryption of in-memory data cannot fail"));
    let check: [u8; 32] = check_mac(unlock).finalize().into_bytes().into();
    let mut short = [0u8; 16];
    short.copy_from_slice(&check[..16]);
    Ok(WrappedDataKey { kind, nonce, check: short, ciphertext })
}

fn unwrap(wrapped: &WrappedDataKey, unlock: &[u8; 32]) -> Result<DataKey, VaultError> {
    check_mac(unlock).verify_truncated_left(&wrapped.check).map_err(|_| VaultError::WrongSecret)?;
    let aad = associated_data(&wrapped.kind);
    let plain = Zeroizing::new(
        cipher(unlock)
            .decrypt(&XNonce::from(wrapped.nonce), Payload { msg: &wrapped.ciphertext, aad: &aad })
            .map_err(|_| VaultError::Corrupted)?,
    );
    let bytes: [u8; 32] = plain.as_slice().try_into().map_err(|_| VaultError::Corrupted)?;
    Ok(DataKey(bytes))
}

fn cipher(unlock: &[u8; 32]) -> XChaCha20Poly1305 {
    XChaCha20Poly1305::new(&Key::from(*subkey(unlock, b"rapport data key wrap v1")))
}

fn check_mac(unlock: &[u8; 32]) -> Hmac<Sha256> {
    let mut mac =
        <Hmac<Sha256>>::new_from_slice(unlock).unwrap_or_else(|_| unreachable!("any key length"));
    mac.update(b"rapport data key check v1");
    mac
}

fn associated_data(kind: &WrapKind) -> Vec<u8> {
    let mut aad = b"rapport data key v1".to_vec();
    match kind {
        WrapKind::Secret { secret, salt, params } => {
            aad.push(1);
            aad.push(match secret {
                SecretKind::Pin => 0,
                SecretKind::Passphrase => 1,
            });
            aad.extend_from_slice(salt);
            for n in [params.memory_kib, params.iterations, params.parallelism] {
                aad.extend_from_slice(&n.to_be_bytes());
            }
        }
        WrapKind::Prf { credential_id, prf_salt } => {
            aad.push(2);
            aad.extend_from_slice(&(credential_id.len() as u64).to_be_bytes());
            aad.extend_from_slice(credential_id);
            aad.extend_from_slice(prf_salt);
        }
    }
    aad
}
