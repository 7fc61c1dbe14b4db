//! Team key epochs in the engine: registering this device's public key, accepting the epoch
//! keys the relay delivers, and rotating after an admin removed a device (see
//! `crate::keyring` for the cryptography and its invariants).
//!
//! Rules, so no change is sealed or skipped under the wrong key:
//! - After signing in, a device with a key pair pushes nothing until the relay answered which
//!   epoch keys it holds for it: it might otherwise seal under an epoch the team left.
//! - A rotating admin seals under the new epoch only once the relay stored the rotation, so no
//!   blob names an epoch its teammates cannot receive.
//! - A blob under an epoch this device lacks is not skipped: the document waits (the cursor
//!   stays) and the status says what is missing.

use super::{Effect, Link, SyncEngine};
use crate::keyring::{DeviceKeyPair, DeviceKeyRecord, Epoch, Keyring, SealedEpochKey};
use crate::protocol::{ClientMessage, DeviceId, KeyRecord, SealedKeyFor};
use crate::sync::status::StopReason;

/// Where an admin's rotation stands.
#[derive(Debug)]
pub(super) enum Rotating {
    /// Waiting for the relay's list of device keys, to seal to all but `leaving`.
    Listing { leaving: DeviceId },
    /// The new epoch's keys are uploaded; `keyring` becomes this device's on the relay's yes.
    Uploading { keyring: Keyring, epoch: Epoch, leaving: DeviceId },
}

impl Rotating {
    fn leaving(&self) -> DeviceId {
        match self {
            Self::Listing { leaving } | Self::Uploading { leaving, .. } => *leaving,
        }
    }
}

/// What the engine knows about key epochs.
#[derive(Debug)]
pub(super) struct Keys {
    pub keyring: Keyring,
    pub pair: Option<DeviceKeyPair>,
    /// Signed in, but the relay has not yet said which epoch keys it holds for this device.
    pub awaiting: bool,
    /// The team's newest epoch as the relay last said.
    pub team_epoch: u32,
    pub rotating: Option<Rotating>,
    /// A rotation asked for while offline, started once signed in.
    pub owed: Option<DeviceId>,
    /// A document stopped at a blob under an epoch this device lacked.
    pub halted: bool,
}

impl Keys {
    pub fn new(keyring: Keyring) -> Self {
        Self {
            keyring,
            pair: None,
            awaiting: false,
            team_epoch: 0,
            rotating: None,
            owed: None,
            halted: false,
        }
    }

    /// Whether new blobs may be sealed: the newest epoch is known and held.
    pub fn may_seal(&self) -> bool {
        !self.awaiting && self.keyring.newest().0.0 >= self.team_epoch
    }
}

impl From<&DeviceKeyRecord> for KeyRecord {
    fn from(r: &DeviceKeyRecord) -> Self {
        Self { device: r.device, public: r.public, epoch: r.epoch.0, tag: r.tag }
    }
}

impl From<&KeyRecord> for DeviceKeyRecord {
    fn from(r: &KeyRecord) -> Self {
        Self { device: r.device, public: r.public, epoch: Epoch(r.epoch), tag: r.tag }
    }
}

impl SyncEngine {
    /// Gives the engine the keyring kept in storage and this device's key pair: it then
    /// registers its public key, accepts epoch keys and seals with the newest epoch.
    pub fn with_device_keys(mut self, keyring: Keyring, pair: DeviceKeyPair) -> Self {
        self.keys.keyring = keyring;
        self.keys.pair = Some(pair);
        self
    }

    pub fn keyring(&self) -> &Keyring {
        &self.keys.keyring
    }

    /// Whether a rotation asked for is still to finish (waiting for a connection, or under
    /// way). Once false, the rotation either produced a newer epoch or was refused.
    pub fn rotation_busy(&self) -> bool {
        self.keys.rotating.is_some() || self.keys.owed.is_some()
    }

    /// Rotates the team key after this (admin) device removed `leaving` from the team: seals
    /// a new epoch's key to every other device whose key the relay lists and that the team key
    /// vouches for. Done when the engine emits `Effect::KeysChanged`.
    pub fn rotate_without(&mut self, leaving: DeviceId) -> Vec<Effect> {
        if self.link != Link::Live || self.keys.awaiting {
            self.keys.owed = Some(leaving);
            return Vec::new();
        }
        self.keys.rotating = Some(Rotating::Listing { leaving });
        vec![Effect::Send(ClientMessage::ListDeviceKeys)]
    }

    /// Signed in: register this device's key and ask for the epoch keys sealed to it.
    pub(super) fn keys_on_welcome(&mut self) -> Vec<Effect> {
        self.keys.halted = false; // every document is pulled again from its cursor
        let Some(pair) = &self.keys.pair else { return Vec::new() };
        let (team, device) = (self.creds.team, self.creds.device);
        let record = DeviceKeyRecord::new(&self.keys.keyring, team, device, pair.public());
        self.keys.awaiting = true;
        // A rotation the connection dropped in the middle of starts again; if the relay stored
        // it after all, this device receives that epoch first and rotates once more, harmlessly.
        if let Some(interrupted) = self.keys.rotating.take() {
            self.keys.owed = Some(interrupted.leaving());
        }
        let after = self.keys.keyring.newest().0.0;
        vec![
            Effect::Send(ClientMessage::RegisterKey { record: KeyRecord::from(&record) }),
            Effect::Send(ClientMessage::FetchEpochKeys { device, after }),
        ]
    }

    /// Epoch keys sealed to this device, asked for or sent after a rotation. Keys that do not
    /// open (forged, or for another device) are ignored: the relay cannot make one that does.
    pub(super) fn epoch_keys(&mut self, current: u32, keys: Vec<Vec<u8>>) -> Vec<Effect> {
        let (team, device) = (self.creds.team, self.creds.device);
        let mut effects = Vec::new();
        let before = self.keys.keyring.newest().0;
        if let Some(pair) = &self.keys.pair {
            for bytes in keys {
                if let Ok(sealed) = SealedEpochKey::from_bytes(&bytes) {
                    let _ = self.keys.keyring.accept(team, device, pair, &sealed);
                }
            }
        }
        let newest = self.keys.keyring.newest().0;
        if newest != before {
            effects.push(Effect::KeysChanged(self.keys.keyring.clone()));
        }
        self.keys.awaiting = false;
        self.keys.team_epoch = self.keys.team_epoch.max(current);
        if !self.keys.may_seal() {
            self.stopped = Some(StopReason::MissingKeyUpdate { epoch: self.keys.team_epoch });
        } else if matches!(self.stopped, Some(StopReason::MissingKeyUpdate { .. })) {
            self.stopped = None;
            if std::mem::take(&mut self.keys.halted) && newest != before {
                // A document stopped at a blob under this epoch: reconnecting pulls it again.
                effects.push(Effect::Reconnect { after_ms: 0 });
                return effects;
            }
        }
        if let Some(leaving) = self.keys.owed.take() {
            effects.extend(self.rotate_without(leaving));
        }
        effects.extend(self.push_more());
        effects
    }

    /// The relay's list of device keys: if rotating, seal the new epoch to all but the leaver.
    pub(super) fn device_keys(&mut self, records: Vec<KeyRecord>) -> Vec<Effect> {
        let Some(Rotating::Listing { leaving }) = self.keys.rotating else { return Vec::new() };
        let team = self.creds.team;
        let keyring = &self.keys.keyring;
        let remaining: Vec<DeviceKeyRecord> = records
            .iter()
            .filter(|r| r.device != leaving)
            .map(DeviceKeyRecord::from)
            .filter(|r| r.verify(keyring, team).is_ok())
            .collect();
        let Ok(rotation) = keyring.rotate(team, &remaining) else {
            self.keys.rotating = None;
            return Vec::new(); // no randomness: the rotation stays to do
        };
        let keys = rotation
            .sealed
            .iter()
            .map(|(device, sealed)| SealedKeyFor { device: *device, sealed: sealed.to_bytes() })
            .collect();
        let epoch = rotation.epoch;
        let keyring = rotation.keyring;
        self.keys.rotating = Some(Rotating::Uploading { keyring, epoch, leaving });
        vec![Effect::Send(ClientMessage::Rotate { epoch: epoch.0, keys })]
    }

    /// The relay stored our rotation: from now on, blobs are sealed under the new epoch. The
    /// rotating device also re-seals each document it holds as a new snapshot, so a tablet
    /// joining later (or the removed one, should it get a copy of the relay's newest blobs)
    /// starts from a blob under the new epoch rather than from the old ones.
    pub(super) fn rotated(&mut self, epoch: u32) -> Vec<Effect> {
        match self.keys.rotating.take() {
            Some(Rotating::Uploading { keyring, epoch: ours, .. }) if ours.0 == epoch => {
                self.keys.keyring = keyring;
                self.keys.team_epoch = self.keys.team_epoch.max(epoch);
                let mut effects = vec![Effect::KeysChanged(self.keys.keyring.clone())];
                effects.extend(self.push_more());
                effects.extend(self.reseal_snapshots());
                effects
            }
            other => {
                self.keys.rotating = other;
                Vec::new()
            }
        }
    }

    /// Asks the driver for a snapshot of every document this device has merged changes of.
    fn reseal_snapshots(&mut self) -> Vec<Effect> {
        let mut wanted: Vec<Effect> = self
            .docs
            .values_mut()
            .filter(|d| d.cursor > 0)
            .filter_map(|d| {
                d.since_snapshot = 0;
                d.name.map(|doc| Effect::WantSnapshot { doc, covers: d.cursor })
            })
            .collect();
        wanted.sort_by_key(|e| format!("{e:?}")); // a stable order, for tests and logs
        wanted
    }

    /// Teammates that lack some of the team's epoch keys (they joined, or registered a key,
    /// after a rotation): a device holding every epoch seals them to each one the team key
    /// vouches for. The relay keeps the first copy it gets, so several sharers are harmless.
    pub(super) fn keys_wanted(&mut self, records: Vec<KeyRecord>) -> Vec<Effect> {
        if self.keys.pair.is_none() || !self.keys.may_seal() || self.keys.team_epoch == 0 {
            return Vec::new();
        }
        let (team, me) = (self.creds.team, self.creds.device);
        records
            .iter()
            .filter(|r| r.device != me)
            .filter_map(|r| {
                let sealed = self.keys.keyring.share_with(team, &DeviceKeyRecord::from(r)).ok()?;
                let keys = sealed.iter().map(SealedEpochKey::to_bytes).collect();
                Some(Effect::Send(ClientMessage::ShareKeys { device: r.device, keys }))
            })
            .collect()
    }

    /// A push or rotation was refused for its epoch: the team rotated meanwhile. Reconnecting
    /// resends what was in flight after fetching the new key first.
    pub(super) fn epoch_refused(&mut self) -> Vec<Effect> {
        // Another admin rotated first: this rotation is made again on the newer epoch once
        // reconnected, so the removed tablet is surely left out.
        if let Some(refused) = self.keys.rotating.take() {
            self.keys.owed = Some(refused.leaving());
        }
        if self.keys.pair.is_none() {
            // This device cannot receive keys: it stops pushing until it is set up again.
            self.keys.team_epoch = self.keys.keyring.newest().0.0.saturating_add(1);
            self.stopped = Some(StopReason::MissingKeyUpdate { epoch: self.keys.team_epoch });
            return Vec::new();
        }
        vec![Effect::Reconnect { after_ms: super::RETRY_MS }]
    }
}

#[cfg(test)]
mod tests;
