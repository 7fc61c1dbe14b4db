//! Rotating to a new key epoch, and a new epoch's key sealed to one device.
//!
//! A sealed epoch key is `1 ‖ epoch (u32, big-endian) ‖ ephemeral X25519 public key (32) ‖
//! nonce (24) ‖ XChaCha20-Poly1305 ciphertext of the 32-byte key (48)`: 109 bytes. Its sealing
//! key is HKDF-SHA256 with the X25519 shared secret (fresh ephemeral secret × recipient's
//! public key) as input and a subkey of the *previous* epoch's key as salt. The associated data
//! binds team, epoch, recipient device id and both public keys, so a key addressed to Bob
//! fails for Alice, and moving it to another epoch or team fails too.
//!
//! The salt is why a device outside the team (or the relay) cannot make a key update a device
//! would accept; the ephemeral exchange is why a device removed from the team (which holds the
//! previous key) cannot open an update addressed to someone else.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

use super::{DeviceKeyPair, DeviceKeyRecord, DevicePublicKey, Epoch, Keyring, KeyringError};
use crate::protocol::{DeviceId, TeamId};
use crate::seal::TeamKey;

const FORMAT: u8 = 1;
const NONCE: usize = 24;
const LEN: usize = 1 + 4 + 32 + NONCE + 32 + 16;
const SALT_LABEL: &[u8] = b"rapport epoch key salt v1";
const INFO: &[u8] = b"rapport epoch key wrap v1";

/// A new epoch's key, sealed so only one device can open it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedEpochKey {
    pub epoch: Epoch,
    ephemeral: [u8; 32],
    nonce: [u8; NONCE],
    ciphertext: Vec<u8>,
}

impl SealedEpochKey {
    /// The bytes the relay stores for the recipient.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(LEN);
        out.push(FORMAT);
        out.extend_from_slice(&self.epoch.0.to_be_bytes());
        out.extend_from_slice(&self.ephemeral);
        out.extend_from_slice(&self.nonce);
        out.extend_from_slice(&self.ciphertext);
        out
    }

    /// Reads what the relay handed over; never trusts a length.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, KeyringError> {
        if bytes.len() != LEN {
            return Err(KeyringError::Malformed);
        }
        let (&format, rest) = bytes.split_first().ok_or(KeyringError::Malformed)?;
        if format != FORMAT {
            return Err(KeyringError::Malformed);
        }
        let (epoch, rest) = rest.split_at(4);
        let (ephemeral, rest) = rest.split_at(32);
        let (nonce, ciphertext) = rest.split_at(NONCE);
        let malformed = |_| KeyringError::Malformed;
        Ok(Self {
            epoch: Epoch(u32::from_be_bytes(epoch.try_into().map_err(malformed)?)),
            ephemeral: ephemeral.try_into().map_err(malformed)?,
            nonce: nonce.try_into().map_err(malformed)?,
            ciphertext: ciphertext.to_vec(),
        })
    }
}

/// The outcome of rotating: the new keyring for the rotating device, and one sealed key per
/// remaining device for the relay to deliver.
#[derive(Debug)]
pub struct Rotation {
    pub keyring: Keyring,
    pub epoch: Epoch,
    pub sealed: Vec<(DeviceId, SealedEpochKey)>,
}

impl Keyring {
    /// Makes the next epoch's key and seals it to every device in `remaining` (whose records
    /// must verify with this keyring; the caller should pass the records it pinned when each
    /// device joined, not fresh ones from the relay). Devices left out, such as the one being
    /// revoked, never receive it.
    pub fn rotate(
        &self,
        team: TeamId,
        remaining: &[DeviceKeyRecord],
    ) -> Result<Rotation, KeyringError> {
        let (previous, previous_key) = self.newest();
        let epoch = Epoch(previous.0.checked_add(1).ok_or(KeyringError::Malformed)?);
        let key = TeamKey::generate().map_err(KeyringError::Random)?;
        let mut sealed = Vec::with_capacity(remaining.len());
        for record in remaining {
            let public = record.verify(self, team)?;
            let one = seal_to(previous_key, team, epoch, record.device, public, &key)?;
            sealed.push((record.device, one));
        }
        let mut keyring = self.clone();
        keyring.insert(epoch, key)?;
        Ok(Rotation { keyring, epoch, sealed })
    }

    /// Seals every epoch after 0 to a device that joined after a rotation (its invite carried
    /// only epoch 0, which names documents and opens the oldest blobs). It accepts them in
    /// order, each opening with the key of the one before.
    pub fn share_with(
        &self,
        team: TeamId,
        joined: &DeviceKeyRecord,
    ) -> Result<Vec<SealedEpochKey>, KeyringError> {
        let public = joined.verify(self, team)?;
        let mut sealed = Vec::with_capacity(self.keys.len().saturating_sub(1));
        for ((_, previous), (&epoch, key)) in self.keys.iter().zip(self.keys.iter().skip(1)) {
            sealed.push(seal_to(previous, team, epoch, joined.device, public, key)?);
        }
        Ok(sealed)
    }

    /// Opens a key update addressed to this device (`me`, holding `pair`) and adds its epoch.
    /// Accepting the same update twice is harmless.
    pub fn accept(
        &mut self,
        team: TeamId,
        me: DeviceId,
        pair: &DeviceKeyPair,
        sealed: &SealedEpochKey,
    ) -> Result<Epoch, KeyringError> {
        let previous = sealed.epoch.0.checked_sub(1).ok_or(KeyringError::Malformed)?;
        let previous_key = self.get(Epoch(previous)).ok_or(KeyringError::MissingEpoch(previous))?;
        let ephemeral = PublicKey::from(sealed.ephemeral);
        let shared = pair.secret().diffie_hellman(&ephemeral);
        if !shared.was_contributory() {
            return Err(KeyringError::WeakKey);
        }
        let context =
            Context { team, epoch: sealed.epoch, device: me, ephemeral: sealed.ephemeral };
        let aad = context.associated_data(pair.public());
        let wrap = wrapping_key(previous_key, shared.as_bytes(), &aad);
        let plain = Zeroizing::new(
            XChaCha20Poly1305::new(&Key::from(*wrap))
                .decrypt(
                    &XNonce::from(sealed.nonce),
                    Payload { msg: &sealed.ciphertext, aad: &aad },
                )
                .map_err(|_| KeyringError::Forged)?,
        );
        let bytes: [u8; 32] = plain.as_slice().try_into().map_err(|_| KeyringError::Malformed)?;
        self.insert(sealed.epoch, TeamKey::from_bytes(bytes))
    }
}

/// Seals `key` for `epoch` to one device.
fn seal_to(
    previous_key: &TeamKey,
    team: TeamId,
    epoch: Epoch,
    device: DeviceId,
    public: DevicePublicKey,
    key: &TeamKey,
) -> Result<SealedEpochKey, KeyringError> {
    let mut secret = Zeroizing::new([0u8; 32]);
    let mut nonce = [0u8; NONCE];
    getrandom::fill(secret.as_mut_slice()).map_err(KeyringError::Random)?;
    getrandom::fill(&mut nonce).map_err(KeyringError::Random)?;
    let secret = StaticSecret::from(*secret);
    let ephemeral = PublicKey::from(&secret).to_bytes();
    let shared = secret.diffie_hellman(&PublicKey::from(public.0));
    if !shared.was_contributory() {
        return Err(KeyringError::WeakKey);
    }
    let context = Context { team, epoch, device, ephemeral };
    let aad = context.associated_data(public);
    let wrap = wrapping_key(previous_key, shared.as_bytes(), &aad);
    let ciphertext = XChaCha20Poly1305::new(&Key::from(*wrap))
        .encrypt(&XNonce::from(nonce), Payload { msg: key.as_bytes(), aad: &aad })
        .unwrap_or_else(|_| unreachable!("encryption of in-memory data cannot fail"));
    Ok(SealedEpochKey { epoch, ephemeral, nonce, ciphertext })
}

/// What a sealed epoch key is bound to.
struct Context {
    team: TeamId,
    epoch: Epoch,
    device: DeviceId,
    ephemeral: [u8; 32],
}

impl Context {
    fn associated_data(&self, recipient: DevicePublicKey) -> Vec<u8> {
        let mut aad = b"rapport epoch key v1".to_vec();
        aad.extend_from_slice(&self.team.0);
        aad.extend_from_slice(&self.epoch.0.to_be_bytes());
        aad.extend_from_slice(&self.device.0);
        aad.extend_from_slice(&self.ephemeral);
        aad.extend_from_slice(&recipient.0);
        aad
    }
}

/// HKDF-SHA256 (RFC 5869) for one 32-byte output: extract with the previous epoch's subkey as
/// salt, expand with a label and the whole context.
fn wrapping_key(previous_key: &TeamKey, shared: &[u8; 32], context: &[u8]) -> Zeroizing<[u8; 32]> {
    let mut extract = previous_key.keyed_mac(SALT_LABEL);
    extract.update(shared);
    let prk: Zeroizing<[u8; 32]> = Zeroizing::new(extract.finalize().into_bytes().into());
    let mut expand = <Hmac<Sha256>>::new_from_slice(prk.as_slice())
        .unwrap_or_else(|_| unreachable!("any key length"));
    expand.update(INFO);
    expand.update(context);
    expand.update(&[1]);
    Zeroizing::new(expand.finalize().into_bytes().into())
}
