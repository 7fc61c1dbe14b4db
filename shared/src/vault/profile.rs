//! A staff member on a shared tablet: their name for the lock screen and their ways to unlock.
//!
//! Profiles are stored unencrypted, since the lock screen lists them before anything is
//! unlocked: they hold a staff member's display name (not health information) and the data key
//! wrapped once per unlock method (a PIN or passphrase, and any number of passkeys).

use std::fmt;
use std::str::FromStr;

use super::{
    DataKey, KdfParams, UnlockSecret, VaultError, WrapKind, WrappedDataKey, unwrap_with_prf,
    unwrap_with_secret, wrap_with_secret,
};
use crate::protocol::OpaqueIdParseError;

/// One staff member's profile on one tablet; random, never sent to the relay.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StaffId(pub [u8; 16]);

impl StaffId {
    pub fn generate() -> Result<Self, VaultError> {
        let mut id = [0u8; 16];
        getrandom::fill(&mut id).map_err(VaultError::Random)?;
        Ok(Self(id))
    }
}

impl fmt::Display for StaffId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::hex::encode(&self.0))
    }
}

impl fmt::Debug for StaffId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StaffId({self})")
    }
}

impl FromStr for StaffId {
    type Err = OpaqueIdParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        crate::hex::decode(s).map(Self).ok_or_else(|| OpaqueIdParseError(s.chars().count()))
    }
}

impl serde::Serialize for StaffId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::hex::array::serialize(&self.0, s)
    }
}

impl<'de> serde::Deserialize<'de> for StaffId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::hex::array::deserialize(d).map(Self)
    }
}

/// A staff member as the lock screen knows them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StaffProfile {
    pub id: StaffId,
    pub name: String,
    pub unlocks: Vec<WrappedDataKey>,
}

impl StaffProfile {
    /// A new staff member who unlocks `key` with `secret`.
    pub fn new(
        name: &str,
        key: &DataKey,
        secret: &UnlockSecret,
        params: KdfParams,
    ) -> Result<Self, VaultError> {
        let wrapped = wrap_with_secret(key, secret, params)?;
        Ok(Self { id: StaffId::generate()?, name: name.to_string(), unlocks: vec![wrapped] })
    }

    /// The keypad to show, if this staff member has a PIN or passphrase.
    pub fn secret_kind(&self) -> Option<super::SecretKind> {
        self.unlocks.iter().find_map(|w| match w.kind {
            WrapKind::Secret { secret, .. } => Some(secret),
            WrapKind::Prf { .. } => None,
        })
    }

    /// The passkeys to offer WebAuthn (`allowCredentials`), each with its PRF salt.
    pub fn passkeys(&self) -> impl Iterator<Item = (&[u8], &[u8; 32])> {
        self.unlocks.iter().filter_map(|w| match &w.kind {
            WrapKind::Prf { credential_id, prf_salt } => Some((credential_id.as_slice(), prf_salt)),
            WrapKind::Secret { .. } => None,
        })
    }

    /// Unlocks with what was typed.
    pub fn unlock_with_secret(&self, entered: &str) -> Result<DataKey, VaultError> {
        let wrapped = self
            .unlocks
            .iter()
            .find(|w| matches!(w.kind, WrapKind::Secret { .. }))
            .ok_or(VaultError::WrongMethod)?;
        unwrap_with_secret(wrapped, entered)
    }

    /// Unlocks with the PRF output of the passkey `credential_id`.
    pub fn unlock_with_prf(
        &self,
        credential_id: &[u8],
        prf_output: &[u8; 32],
    ) -> Result<DataKey, VaultError> {
        let wrapped = self
            .unlocks
            .iter()
            .find(|w| {
                matches!(&w.kind, WrapKind::Prf { credential_id: id, .. } if id == credential_id)
            })
            .ok_or(VaultError::WrongMethod)?;
        unwrap_with_prf(wrapped, prf_output)
    }
}
