//! Team key epochs: how removing a tablet from the team keeps it out of everything sealed after.
//!
//! Revoking a device at the relay stops it syncing, but it still holds the team key and could
//! read any blob it obtains later. So revoking also *rotates*: a device makes a fresh random key
//! for the next epoch and seals it to each remaining device's X25519 public key
//! ([`SealedEpochKey`]), which the relay passes on without being able to read it.
//!
//! Invariants:
//! - A [`Keyring`] always holds epoch 0, today's team key: teams from before rotation keep
//!   working, format-1 blobs open as epoch 0, and document ids stay those of epoch 0 so a
//!   document keeps its name on the relay.
//! - Epochs are consecutive: epoch `n + 1` is accepted only by a device holding epoch `n`, and its
//!   sealing key is derived from both the X25519 exchange and epoch `n`'s key, so the relay,
//!   which knows every public key, cannot hand a device a key of its own making.
//! - New blobs use the newest epoch; old epochs stay in the keyring, so old blobs stay readable.
//!   While epoch 0 is the newest, [`Keyring::seal`] writes format 1, so nothing on the wire
//!   changes until the first rotation.
//! - Device public keys are accepted only with a tag made with a team key epoch
//!   ([`DeviceKeyRecord`]), so the relay cannot substitute its own public key for a device's.
//!
//! - A device that joins after a rotation gets epoch 0 from its invite and every later epoch
//!   from a teammate ([`Keyring::share_with`]), sealed to its key record like a rotation.
//!
//! Not covered (needs device signatures): a *revoked* device colluding with the relay knows the
//! old epoch's key and could forge a tag or a sealed key for that epoch. Rotation narrows this by
//! sealing only to records verified under a key the caller chooses to trust (see
//! [`Keyring::rotate`]).

mod device;
mod epoch_key;

use std::collections::BTreeMap;
use std::fmt;

pub use device::{DeviceKeyPair, DeviceKeyRecord, DevicePublicKey};
pub use epoch_key::{Rotation, SealedEpochKey};

use crate::doc::DocKey;
use crate::protocol::{BlobKind, DeviceId, DocId, TeamId};
use crate::seal::{Frame, Opened, SealError, TeamKey};

/// A generation of the team key: 0 is the key the team was created with.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Epoch(pub u32);

impl fmt::Display for Epoch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "key epoch {}", self.0)
    }
}

/// Occurs when a device key or a key update cannot be trusted or used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyringError {
    /// Occurs when a sealed key update was altered, addressed to another device, or made by
    /// someone who did not hold the previous epoch's key.
    #[error("a team key update could not be opened: it is meant for another tablet or was altered")]
    Forged,
    /// Occurs when stored or received bytes are too short or in an unknown format.
    #[error("a team key update is damaged or in an unknown format; update Rapport")]
    Malformed,
    /// Occurs when a key update for epoch `n + 1` arrives before this device holds epoch `n`.
    #[error("this tablet is missing team key update {0}; accept the earlier updates first")]
    MissingEpoch(u32),
    /// Occurs when a device already holds a different key for the epoch: two rotations raced.
    #[error("two different team keys were made for update {0}; the relay must keep only the first")]
    Conflict(u32),
    /// Occurs when a device's public key does not carry a valid tag: the relay or someone
    /// outside the team substituted it.
    #[error("the key of device {0} is not vouched for by the team; ask it to rejoin")]
    Unverified(DeviceId),
    /// Occurs when a public key is one of the few that make every shared secret the same.
    #[error("a device key is invalid")]
    WeakKey,
    /// Occurs when a keyring read back from storage lacks epoch 0.
    #[error("a stored team keyring has no original key; rejoin the team")]
    NoOriginalKey,
    /// Occurs when the browser gives no randomness for a new key.
    #[error("this device could not make a random key: {0}")]
    Random(getrandom::Error),
}

/// Every team key epoch a device holds, newest last. See the module docs for invariants.
#[derive(Clone, PartialEq, Eq)]
pub struct Keyring {
    keys: BTreeMap<Epoch, TeamKey>,
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Keyring(epochs {:?}, keys …)", self.keys.keys().map(|e| e.0).collect::<Vec<_>>())
    }
}

impl Keyring {
    /// The keyring of a team whose key has never been rotated.
    pub fn new(original: TeamKey) -> Self {
        Self { keys: BTreeMap::from([(Epoch(0), original)]) }
    }

    /// The epoch and key new blobs are sealed with.
    pub fn newest(&self) -> (Epoch, &TeamKey) {
        self.keys
            .last_key_value()
            .map(|(epoch, key)| (*epoch, key))
            .unwrap_or_else(|| unreachable!("a keyring always holds epoch 0"))
    }

    /// The key of one epoch, if this device holds it.
    pub fn get(&self, epoch: Epoch) -> Option<&TeamKey> {
        self.keys.get(&epoch)
    }

    /// The original key: it names documents and opens format-1 blobs.
    pub fn original(&self) -> &TeamKey {
        self.keys.get(&Epoch(0)).unwrap_or_else(|| unreachable!("a keyring always holds epoch 0"))
    }

    /// The name the relay knows `doc` by, the same in every epoch.
    pub fn doc_id(&self, team: TeamId, doc: DocKey) -> DocId {
        self.original().doc_id(team, doc)
    }

    /// Seals with the newest epoch (format 1 while that is epoch 0, else format 2).
    pub fn seal(
        &self,
        team: TeamId,
        doc: DocKey,
        kind: BlobKind,
        covers: u64,
        bytes: &[u8],
    ) -> Result<Vec<u8>, getrandom::Error> {
        let (epoch, key) = self.newest();
        let frame = if epoch == Epoch(0) { Frame::V1 } else { Frame::Epoch(epoch.0) };
        key.seal_framed(frame, self.doc_id(team, doc), team, doc, kind, covers, bytes)
    }

    /// Opens a blob of either format.
    pub fn open(
        &self,
        team: TeamId,
        doc_id: DocId,
        kind: BlobKind,
        covers: u64,
        sealed: &[u8],
    ) -> Result<Opened, SealError> {
        self.open_with_epoch(team, doc_id, kind, covers, sealed).map(|(_, opened)| opened)
    }

    /// Opens a blob and says which epoch sealed it. A format-1 blob's nonce starts with the byte
    /// 2 one time in 256, so a blob that looks like format 2 but does not open is also tried as
    /// format 1 before its error is reported.
    pub fn open_with_epoch(
        &self,
        team: TeamId,
        doc_id: DocId,
        kind: BlobKind,
        covers: u64,
        sealed: &[u8],
    ) -> Result<(Epoch, Opened), SealError> {
        let original = || {
            let opened = self.original().open_framed(Frame::V1, team, doc_id, kind, covers, sealed);
            opened.map(|opened| (Epoch(0), opened))
        };
        let epoch_try = Frame::read(sealed).map(|(epoch, rest)| match self.get(Epoch(epoch)) {
            Some(key) => key
                .open_framed(Frame::Epoch(epoch), team, doc_id, kind, covers, rest)
                .map(|opened| (Epoch(epoch), opened)),
            None => Err(SealError::UnknownEpoch(epoch)),
        });
        let (epoch, opened) = match epoch_try {
            Some(Ok(opened)) => opened,
            Some(Err(epoch_error)) => original().map_err(|_| epoch_error)?,
            None => original()?,
        };
        // The name inside must match the id it was stored under, or it was moved.
        if self.doc_id(team, opened.doc) != doc_id {
            return Err(SealError::Forged);
        }
        Ok((epoch, opened))
    }

    /// A blob sealed under an older epoch, sealed again under the newest, or `None` if it
    /// already is: after a rotation, the app re-seals each document's snapshot in the background
    /// so a revoked device cannot read even the state from before it was removed once the relay
    /// drops the old snapshot.
    pub fn reseal(
        &self,
        team: TeamId,
        doc_id: DocId,
        kind: BlobKind,
        covers: u64,
        sealed: &[u8],
    ) -> Result<Option<Vec<u8>>, SealError> {
        let (epoch, opened) = self.open_with_epoch(team, doc_id, kind, covers, sealed)?;
        if epoch == self.newest().0 {
            return Ok(None);
        }
        let resealed = self.seal(team, opened.doc, kind, covers, &opened.bytes);
        resealed.map(Some).map_err(SealError::Random)
    }

    /// Adds a key for the next epoch; see [`epoch_key`] for who may call it.
    fn insert(&mut self, epoch: Epoch, key: TeamKey) -> Result<Epoch, KeyringError> {
        match self.keys.get(&epoch) {
            Some(held) if *held == key => return Ok(epoch),
            Some(_) => return Err(KeyringError::Conflict(epoch.0)),
            None => {}
        }
        let previous = epoch.0.checked_sub(1).ok_or(KeyringError::Malformed)?;
        if !self.keys.contains_key(&Epoch(previous)) {
            return Err(KeyringError::MissingEpoch(previous));
        }
        self.keys.insert(epoch, key);
        Ok(epoch)
    }
}

/// Stored as `{"epochs": {"0": "<64 hex>", "1": …}}` inside the device's sealed storage.
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredKeyring {
    epochs: BTreeMap<u32, TeamKey>,
}

impl serde::Serialize for Keyring {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let epochs = self.keys.iter().map(|(e, k)| (e.0, k.clone())).collect();
        StoredKeyring { epochs }.serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for Keyring {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let stored = StoredKeyring::deserialize(d)?;
        let keys: BTreeMap<Epoch, TeamKey> =
            stored.epochs.into_iter().map(|(e, k)| (Epoch(e), k)).collect();
        if !keys.contains_key(&Epoch(0)) {
            return Err(serde::de::Error::custom(KeyringError::NoOriginalKey));
        }
        Ok(Self { keys })
    }
}

#[cfg(test)]
mod tests;
