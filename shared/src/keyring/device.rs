//! A device's X25519 key pair, made when it joins, and the tag that vouches for its public half.
//!
//! The relay stores each device's public key so a rotating device can seal the next epoch's key
//! to it. The relay must not be able to swap in a key of its own, so a public key travels in a
//! [`DeviceKeyRecord`] with an HMAC-SHA256 tag over the team id, device id and key, made with a
//! subkey of a team key epoch that the relay never sees. The secret half never leaves the device
//! (it is kept in the device's encrypted storage).

use std::fmt;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use x25519_dalek::{PublicKey, StaticSecret};

use super::{Epoch, KeyringError};
use crate::protocol::{DeviceId, TeamId};
use crate::seal::TeamKey;

const TAG_LABEL: &[u8] = b"rapport device key tag v1";

/// A device's long-lived X25519 key pair.
pub struct DeviceKeyPair {
    secret: StaticSecret,
    public: DevicePublicKey,
}

impl fmt::Debug for DeviceKeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DeviceKeyPair({:?}, secret …)", self.public)
    }
}

impl DeviceKeyPair {
    /// A fresh pair for a device joining a team.
    pub fn generate() -> Result<Self, getrandom::Error> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)?;
        Ok(Self::from_secret_bytes(bytes))
    }

    /// The pair restored from the secret kept in the device's encrypted storage.
    pub fn from_secret_bytes(bytes: [u8; 32]) -> Self {
        let secret = StaticSecret::from(bytes);
        let public = DevicePublicKey(PublicKey::from(&secret).to_bytes());
        Self { secret, public }
    }

    /// The secret, to keep in encrypted storage only.
    pub fn secret_bytes(&self) -> zeroize::Zeroizing<[u8; 32]> {
        zeroize::Zeroizing::new(self.secret.to_bytes())
    }

    pub fn public(&self) -> DevicePublicKey {
        self.public
    }

    pub(crate) fn secret(&self) -> &StaticSecret {
        &self.secret
    }
}

/// The public half of a device's key pair, as the relay stores it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct DevicePublicKey(pub [u8; 32]);

impl fmt::Debug for DevicePublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DevicePublicKey({})", crate::hex::encode(&self.0))
    }
}

impl DevicePublicKey {
    fn tag_mac(&self, key: &TeamKey, team: TeamId, device: DeviceId) -> Hmac<Sha256> {
        let mut mac = key.keyed_mac(TAG_LABEL);
        mac.update(&team.0);
        mac.update(&device.0);
        mac.update(&self.0);
        mac
    }

    /// The tag that lets teammates trust this key as `device`'s, made with `key`.
    pub fn authenticate(&self, key: &TeamKey, team: TeamId, device: DeviceId) -> [u8; 32] {
        self.tag_mac(key, team, device).finalize().into_bytes().into()
    }

    /// Checks a tag in constant time.
    pub fn verify(
        &self,
        key: &TeamKey,
        team: TeamId,
        device: DeviceId,
        tag: &[u8; 32],
    ) -> Result<(), KeyringError> {
        self.tag_mac(key, team, device)
            .verify_slice(tag)
            .map_err(|_| KeyringError::Unverified(device))
    }
}

/// What a device registers with the relay at join (and again after each rotation, under the new
/// epoch): its public key with a tag made with a team key epoch.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DeviceKeyRecord {
    pub device: DeviceId,
    #[serde(with = "crate::hex::array")]
    pub public: [u8; 32],
    pub epoch: Epoch,
    #[serde(with = "crate::hex::array")]
    pub tag: [u8; 32],
}

impl DeviceKeyRecord {
    /// The record `device` registers, vouched for with the newest epoch of `keyring`.
    pub fn new(
        keyring: &super::Keyring,
        team: TeamId,
        device: DeviceId,
        public: DevicePublicKey,
    ) -> Self {
        let (epoch, key) = keyring.newest();
        let tag = public.authenticate(key, team, device);
        Self { device, public: public.0, epoch, tag }
    }

    /// The public key, once its tag checks out with `keyring`'s key for the record's epoch.
    pub fn verify(
        &self,
        keyring: &super::Keyring,
        team: TeamId,
    ) -> Result<DevicePublicKey, KeyringError> {
        let key = keyring.get(self.epoch).ok_or(KeyringError::Unverified(self.device))?;
        let public = DevicePublicKey(self.public);
        public.verify(key, team, self.device, &self.tag)?;
        Ok(public)
    }
}
