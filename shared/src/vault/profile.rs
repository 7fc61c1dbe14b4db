//! A staff member on a shared tablet: their name for the lock screen and their ways to unlock.
//!
//! Profiles are stored unencrypted, since the lock screen lists them before anything is
//! unlocked: they hold a staff member's display name (not health information) and the data key
//! wrapped once per unlock method (a PIN or passphrase, and any number of passkeys).

use std::fmt;
use std::str::FromStr;

use super::{
    DataKey, KdfParams, UnlockSecret, VaultError, WrapKind, WrappedDataKey, unwrap_with_prf,
    unwrap_with_secret, wrap_with_prf, wrap_with_secret,
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

    /// Whether the lock screen can offer this staff member the fingerprint or face unlock.
    pub fn has_passkey(&self) -> bool {
        self.passkeys().next().is_some()
    }

    /// Adds the passkey `credential_id` as a way to unlock, replacing any earlier one: one
    /// platform authenticator per tablet, so an older passkey was set up on this same device.
    /// The PIN or passphrase stays as the fallback.
    pub fn set_passkey(
        &mut self,
        key: &DataKey,
        credential_id: &[u8],
        prf_salt: [u8; 32],
        prf_output: &[u8; 32],
    ) -> Result<(), VaultError> {
        let wrapped = wrap_with_prf(key, credential_id, prf_salt, prf_output)?;
        self.remove_passkeys();
        self.unlocks.push(wrapped);
        Ok(())
    }

    /// Drops every passkey; the PIN or passphrase is kept, so no one is locked out.
    pub fn remove_passkeys(&mut self) {
        self.unlocks.retain(|w| !matches!(w.kind, WrapKind::Prf { .. }));
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

/// What the fingerprint-or-face part of a screen shows for one staff member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasskeyOffer {
    /// The browser has no WebAuthn: say so, and point to the PIN or passphrase.
    Unsupported,
    /// The browser could; this person has not set it up on this tablet.
    CanSetUp,
    /// Set up: the lock screen shows the button first, the PIN below it.
    SetUp,
}

impl PasskeyOffer {
    /// The offer for `profile` in a browser that has WebAuthn or not. A passkey saved in a
    /// browser that lost WebAuthn (a policy change) is not offered; the PIN still works.
    pub fn for_profile(profile: &StaffProfile, browser_has_webauthn: bool) -> Self {
        match (browser_has_webauthn, profile.has_passkey()) {
            (false, _) => Self::Unsupported,
            (true, false) => Self::CanSetUp,
            (true, true) => Self::SetUp,
        }
    }
}
