//! The team key, and sealing document changes so the relay stores only ciphertext.
//!
//! A team key is 256 random bits made on the team's first device; it travels to other devices
//! only inside the fragment of an invite link, which browsers never send to a server. Two
//! subkeys are derived from it (HMAC-SHA256): one names documents for the relay, one seals.
//!
//! Two blob formats exist; both are XChaCha20-Poly1305 with a random 24-byte nonce:
//! - format 1: `nonce (24) ‖ ciphertext`, sealed with the team key itself (epoch 0). This is
//!   what every device wrote before key rotation, and what [`crate::keyring::Keyring::seal`]
//!   writes while epoch 0 is the newest. Sealing and opening go through the keyring; this
//!   module holds the key and the framing.
//! - format 2: `2 ‖ epoch (u32, big-endian) ‖ nonce (24) ‖ ciphertext`, sealed with the key of
//!   that epoch (see [`crate::keyring`]), so a device knows which key to use and can say which
//!   one it lacks. The epoch is in the associated data too: relabelling a blob with another
//!   epoch makes it fail to open rather than be tried under the wrong key.
//!
//! The associated data binds a blob to its team, document, kind and (for a snapshot) the change
//! number it covers, so a blob replayed into another document or team, or a snapshot re-pushed
//! claiming to cover more than it does, fails to open instead of merging into the wrong place
//! or moving a cursor. Changes use covers 0. The plaintext is `format ‖ name length ‖ name ‖
//! bytes`: it carries the document's name, so a device that has never seen a document learns
//! which one it is. Document ids always come from the epoch-0 key, so a document keeps its name
//! on the relay across rotations.

use std::fmt;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::doc::DocKey;
use crate::protocol::{BlobKind, DocId, TeamId};

const NONCE: usize = 24;
const SEAL_FORMAT: u8 = 1;
pub use crate::protocol::SEAL_FORMAT_EPOCH;
const EPOCH_HEADER: usize = 5;

/// Occurs when a sealed blob cannot be opened with this team's key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    /// Occurs when the blob was altered, sealed with another key, or moved to another document.
    #[error("a change could not be opened: it was altered, or belongs to another document or team")]
    Forged,
    /// Occurs when a blob is shorter than a nonce, a tag and its header.
    #[error("a change is too short to be sealed data")]
    Truncated,
    /// Occurs when a blob opened but was written by a newer Rapport.
    #[error("a change was sealed in an unknown format {0}; update Rapport")]
    Format(u8),
    /// Occurs when a blob opened but names a document this version does not know.
    #[error("a change names an unknown document: {0}")]
    UnknownDoc(String),
    /// Occurs when a team key from a link or storage is not 64 hex digits.
    #[error("a team key must be 64 hexadecimal digits")]
    BadKey,
    /// Occurs when a blob was sealed with a key epoch this device does not hold: it was removed
    /// from the team, or it has not yet accepted a key update the relay holds for it.
    #[error(
        "a change was sealed with team key update {0}, which this tablet does not have: reconnect to receive it, or rejoin the team if this tablet was removed"
    )]
    UnknownEpoch(u32),
    /// Occurs when re-sealing a blob and the device gives no randomness for a nonce.
    #[error("this device could not make a random nonce: {0}")]
    Random(getrandom::Error),
}

/// How a blob is framed: format 1 carries no header and belongs to epoch 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Frame {
    V1,
    Epoch(u32),
}

impl Frame {
    fn format(self) -> u8 {
        match self {
            Frame::V1 => SEAL_FORMAT,
            Frame::Epoch(_) => SEAL_FORMAT_EPOCH,
        }
    }

    /// The epoch a format-2 blob names, and the rest of it; `None` if it is not format 2.
    /// The relay reads the same header, so it lives with the protocol.
    pub(crate) fn read(sealed: &[u8]) -> Option<(u32, &[u8])> {
        crate::protocol::sealed_epoch(sealed)
    }
}

/// What a sealed blob holds once opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    pub doc: DocKey,
    pub bytes: Vec<u8>,
}

#[derive(Clone, PartialEq, Eq)]
pub struct TeamKey([u8; 32]);

/// As hex, for the device's own storage of its membership.
impl serde::Serialize for TeamKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

impl<'de> serde::Deserialize<'de> for TeamKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::from_hex(&text).map_err(serde::de::Error::custom)
    }
}

/// A key left behind in freed memory could outlive the staff member's unlock.
impl Drop for TeamKey {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl fmt::Debug for TeamKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TeamKey(…)")
    }
}

impl TeamKey {
    /// A fresh random key for a new team.
    pub fn generate() -> Result<Self, getrandom::Error> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key)?;
        Ok(Self(key))
    }

    /// The key as 64 hex digits, for an invite link's fragment.
    pub fn to_hex(&self) -> String {
        crate::hex::encode(&self.0)
    }

    pub fn from_hex(text: &str) -> Result<Self, SealError> {
        crate::hex::decode(text).map(Self).ok_or(SealError::BadKey)
    }

    /// A key received sealed (a new key epoch) rather than typed.
    pub(crate) fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    pub(crate) fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// A key of its own for each `purpose`, so no two uses ever share a key.
    pub(crate) fn subkey(&self, purpose: &[u8]) -> [u8; 32] {
        let mut mac = <Hmac<Sha256>>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("any key length"));
        mac.update(purpose);
        mac.finalize().into_bytes().into()
    }

    /// An HMAC-SHA256 keyed with the subkey for `purpose`: document ids, device key tags and
    /// epoch key wrapping all start here.
    pub(crate) fn keyed_mac(&self, purpose: &[u8]) -> Hmac<Sha256> {
        <Hmac<Sha256>>::new_from_slice(&self.subkey(purpose))
            .unwrap_or_else(|_| unreachable!("any key length"))
    }

    /// The name the relay knows `doc` by: a keyed hash, so names reveal nothing.
    pub fn doc_id(&self, team: TeamId, doc: DocKey) -> DocId {
        let mut mac = self.keyed_mac(b"rapport doc id v1");
        mac.update(&team.0);
        mac.update(doc.to_string().as_bytes());
        let digest: [u8; 32] = mac.finalize().into_bytes().into();
        let mut id = [0u8; 16];
        id.copy_from_slice(&digest[..16]);
        DocId(id)
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&Key::from(self.subkey(b"rapport seal v1")))
    }

    /// Seals with this key under `frame`; `doc_id` comes from the epoch-0 key.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn seal_framed(
        &self,
        frame: Frame,
        doc_id: DocId,
        team: TeamId,
        doc: DocKey,
        kind: BlobKind,
        covers: u64,
        bytes: &[u8],
    ) -> Result<Vec<u8>, getrandom::Error> {
        let name = doc.to_string();
        let mut plain = Vec::with_capacity(bytes.len() + name.len() + 2);
        plain.push(frame.format());
        plain.push(name.len() as u8);
        plain.extend_from_slice(name.as_bytes());
        plain.extend_from_slice(bytes);
        let mut nonce = [0u8; NONCE];
        getrandom::fill(&mut nonce)?;
        let aad = associated_data(frame, team, doc_id, kind, covers);
        let sealed = self
            .cipher()
            .encrypt(&XNonce::from(nonce), Payload { msg: &plain, aad: &aad })
            .unwrap_or_else(|_| unreachable!("encryption of in-memory data cannot fail"));
        let mut out = Vec::with_capacity(EPOCH_HEADER + NONCE + sealed.len());
        if let Frame::Epoch(epoch) = frame {
            out.push(SEAL_FORMAT_EPOCH);
            out.extend_from_slice(&epoch.to_be_bytes());
        }
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Opens `nonce ‖ ciphertext` (any header already removed) sealed with this key under
    /// `frame`. The caller checks that the name inside matches `doc_id`.
    pub(crate) fn open_framed(
        &self,
        frame: Frame,
        team: TeamId,
        doc_id: DocId,
        kind: BlobKind,
        covers: u64,
        sealed: &[u8],
    ) -> Result<Opened, SealError> {
        if sealed.len() < NONCE + 16 {
            return Err(SealError::Truncated);
        }
        let (nonce, body) = sealed.split_at(NONCE);
        let nonce: [u8; NONCE] = nonce.try_into().map_err(|_| SealError::Truncated)?;
        let aad = associated_data(frame, team, doc_id, kind, covers);
        let plain = self
            .cipher()
            .decrypt(&XNonce::from(nonce), Payload { msg: body, aad: &aad })
            .map_err(|_| SealError::Forged)?;
        let (&format, rest) = plain.split_first().ok_or(SealError::Truncated)?;
        if format != frame.format() {
            return Err(SealError::Format(format));
        }
        let (&len, rest) = rest.split_first().ok_or(SealError::Truncated)?;
        let name = rest.get(..usize::from(len)).ok_or(SealError::Truncated)?;
        let name =
            std::str::from_utf8(name).map_err(|_| SealError::UnknownDoc("(not text)".into()))?;
        let doc: DocKey = name.parse().map_err(|_| SealError::UnknownDoc(name.to_string()))?;
        Ok(Opened { doc, bytes: rest[usize::from(len)..].to_vec() })
    }
}

impl TeamKey {
    /// Seals a device's name for the relay, which stores and lists it without reading it.
    pub fn seal_name(&self, name: &str) -> Result<Vec<u8>, getrandom::Error> {
        let mut nonce = [0u8; NONCE];
        getrandom::fill(&mut nonce)?;
        let mut plain = vec![SEAL_FORMAT];
        plain.extend_from_slice(name.as_bytes());
        let aad = NAME_DATA;
        let sealed = self
            .cipher()
            .encrypt(&XNonce::from(nonce), Payload { msg: &plain, aad })
            .unwrap_or_else(|_| unreachable!("encryption of in-memory data cannot fail"));
        Ok([&nonce[..], &sealed].concat())
    }

    /// Opens a device name from the relay's device list.
    pub fn open_name(&self, sealed: &[u8]) -> Result<String, SealError> {
        if sealed.len() < NONCE + 16 {
            return Err(SealError::Truncated);
        }
        let (nonce, body) = sealed.split_at(NONCE);
        let nonce: [u8; NONCE] = nonce.try_into().map_err(|_| SealError::Truncated)?;
        let aad = NAME_DATA;
        let plain = self
            .cipher()
            .decrypt(&XNonce::from(nonce), Payload { msg: body, aad })
            .map_err(|_| SealError::Forged)?;
        match plain.split_first() {
            Some((&SEAL_FORMAT, name)) => {
                String::from_utf8(name.to_vec()).map_err(|_| SealError::Forged)
            }
            Some((&format, _)) => Err(SealError::Format(format)),
            None => Err(SealError::Truncated),
        }
    }
}

/// Names are kept apart from blobs by a label of their own. They are bound to their team by
/// its key alone: the first device seals its name before the relay has given the team its id.
const NAME_DATA: &[u8] = b"rapport device name v1";

/// v2 added `covers`; blobs sealed as v1 no longer open (pre-release: no data to keep).
/// Format 2 appends its format byte and epoch, so its data never equals format 1's.
fn associated_data(frame: Frame, team: TeamId, doc: DocId, kind: BlobKind, covers: u64) -> Vec<u8> {
    let mut aad = b"rapport blob v2".to_vec();
    aad.extend_from_slice(&team.0);
    aad.extend_from_slice(&doc.0);
    aad.push(match kind {
        BlobKind::Change => 0,
        BlobKind::Snapshot => 1,
    });
    aad.extend_from_slice(&covers.to_be_bytes());
    if let Frame::Epoch(epoch) = frame {
        aad.push(SEAL_FORMAT_EPOCH);
        aad.extend_from_slice(&epoch.to_be_bytes());
    }
    aad
}

#[cfg(test)]
mod tests;
