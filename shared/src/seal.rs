//! The team key, and sealing document changes so the relay stores only ciphertext.
//!
//! A team key is 256 random bits made on the team's first device; it travels to other devices
//! only inside the fragment of an invite link, which browsers never send to a server. Two
//! subkeys are derived from it (HMAC-SHA256): one names documents for the relay, one seals.
//!
//! A sealed blob is `nonce (24 bytes) ‖ XChaCha20-Poly1305 ciphertext`. The associated data
//! binds it to its team, document, kind and (for a snapshot) the change number it covers, so a
//! blob replayed into another document or team, or a snapshot re-pushed claiming to cover more
//! than it does, fails to open instead of merging into the wrong place or moving a cursor.
//! Changes use covers 0. The plaintext carries the document's
//! name, so a device that has never seen a document learns which one it is.

use std::fmt;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::doc::DocKey;
use crate::protocol::{BlobKind, DocId, TeamId};

const NONCE: usize = 24;
const SEAL_FORMAT: u8 = 1;

/// Occurs when a sealed blob cannot be opened with this team's key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    /// Occurs when the blob was altered, sealed with another key, or moved to another document.
    #[error("a change could not be opened: it was altered, or belongs to another document or team")]
    Forged,
    #[error("a change is too short to be sealed data")]
    Truncated,
    #[error("a change was sealed in an unknown format {0}; update Rapport")]
    Format(u8),
    #[error("a change names an unknown document: {0}")]
    UnknownDoc(String),
    #[error("a team key must be 64 hexadecimal digits")]
    BadKey,
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

    fn subkey(&self, purpose: &[u8]) -> [u8; 32] {
        let mut mac = <Hmac<Sha256>>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("any key length"));
        mac.update(purpose);
        mac.finalize().into_bytes().into()
    }

    /// The name the relay knows `doc` by: a keyed hash, so names reveal nothing.
    pub fn doc_id(&self, team: TeamId, doc: DocKey) -> DocId {
        let mut mac = <Hmac<Sha256>>::new_from_slice(&self.subkey(b"rapport doc id v1"))
            .unwrap_or_else(|_| unreachable!("any key length"));
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

    /// Seals `bytes` of document `doc` for the relay.
    pub fn seal(
        &self,
        team: TeamId,
        doc: DocKey,
        kind: BlobKind,
        covers: u64,
        bytes: &[u8],
    ) -> Result<Vec<u8>, getrandom::Error> {
        let doc_id = self.doc_id(team, doc);
        let name = doc.to_string();
        let mut plain = Vec::with_capacity(bytes.len() + name.len() + 2);
        plain.push(SEAL_FORMAT);
        plain.push(name.len() as u8);
        plain.extend_from_slice(name.as_bytes());
        plain.extend_from_slice(bytes);
        let mut nonce = [0u8; NONCE];
        getrandom::fill(&mut nonce)?;
        let aad = associated_data(team, doc_id, kind, covers);
        let sealed = self
            .cipher()
            .encrypt(&XNonce::from(nonce), Payload { msg: &plain, aad: &aad })
            .unwrap_or_else(|_| unreachable!("encryption of in-memory data cannot fail"));
        let mut out = Vec::with_capacity(NONCE + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Opens a blob the relay stored under `doc_id` (a snapshot: as covering `covers`; a
    /// change: covers 0).
    pub fn open(
        &self,
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
        let aad = associated_data(team, doc_id, kind, covers);
        let plain = self
            .cipher()
            .decrypt(&XNonce::from(nonce), Payload { msg: body, aad: &aad })
            .map_err(|_| SealError::Forged)?;
        let (&format, rest) = plain.split_first().ok_or(SealError::Truncated)?;
        if format != SEAL_FORMAT {
            return Err(SealError::Format(format));
        }
        let (&len, rest) = rest.split_first().ok_or(SealError::Truncated)?;
        let name = rest.get(..usize::from(len)).ok_or(SealError::Truncated)?;
        let name =
            std::str::from_utf8(name).map_err(|_| SealError::UnknownDoc("(not text)".into()))?;
        let doc: DocKey = name.parse().map_err(|_| SealError::UnknownDoc(name.to_string()))?;
        // The name inside must match the id it was stored under, or it was moved.
        if self.doc_id(team, doc) != doc_id {
            return Err(SealError::Forged);
        }
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
fn associated_data(team: TeamId, doc: DocId, kind: BlobKind, covers: u64) -> Vec<u8> {
    let mut aad = b"rapport blob v2".to_vec();
    aad.extend_from_slice(&team.0);
    aad.extend_from_slice(&doc.0);
    aad.push(match kind {
        BlobKind::Change => 0,
        BlobKind::Snapshot => 1,
    });
    aad.extend_from_slice(&covers.to_be_bytes());
    aad
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Period;

    fn month(m: u32) -> DocKey {
        DocKey::Touchpoints(Period { year: 2026, month: m })
    }

    #[test]
    fn a_sealed_change_opens_with_the_team_key_and_hides_its_content() {
        let key = TeamKey::generate().unwrap();
        let team = TeamId([7; 16]);
        let secret = b"Mercy General Hospital, participant J.R.";
        let sealed = key.seal(team, month(3), BlobKind::Change, 0, secret).unwrap();
        assert!(!sealed.windows(5).any(|w| w == b"Mercy"));
        let opened =
            key.open(team, key.doc_id(team, month(3)), BlobKind::Change, 0, &sealed).unwrap();
        assert_eq!(opened, Opened { doc: month(3), bytes: secret.to_vec() });
    }

    /// Issue 9: device names ("Maria Quintero iPad") reached the relay in plaintext.
    #[test]
    fn a_sealed_device_name_hides_it_from_the_relay_and_opens_only_in_its_team() {
        let key = TeamKey::generate().unwrap();
        let sealed = key.seal_name("Maria Quintero iPad").unwrap();
        assert!(!sealed.windows(5).any(|w| w == b"Maria"));
        assert_eq!(key.open_name(&sealed).as_deref(), Ok("Maria Quintero iPad"));
        let other = TeamKey::generate().unwrap();
        assert_eq!(other.open_name(&sealed), Err(SealError::Forged));
        let blob = key.seal(TeamId([7; 16]), month(3), BlobKind::Change, 0, b"x").unwrap();
        assert!(key.open_name(&blob).is_err(), "a blob is not a name");
        let longest = key.seal_name(&"x".repeat(crate::protocol::MAX_NAME)).unwrap();
        assert!(longest.len() <= crate::protocol::MAX_SEALED_NAME);
    }

    #[test]
    fn a_blob_replayed_into_another_document_team_or_kind_does_not_open() {
        let key = TeamKey::generate().unwrap();
        let team = TeamId([7; 16]);
        let sealed = key.seal(team, month(3), BlobKind::Change, 0, b"x").unwrap();
        let other_doc = key.doc_id(team, month(4));
        assert_eq!(key.open(team, other_doc, BlobKind::Change, 0, &sealed), Err(SealError::Forged));
        let id = key.doc_id(team, month(3));
        assert_eq!(
            key.open(TeamId([8; 16]), id, BlobKind::Change, 0, &sealed),
            Err(SealError::Forged)
        );
        assert_eq!(key.open(team, id, BlobKind::Snapshot, 0, &sealed), Err(SealError::Forged));
        let stranger = TeamKey::generate().unwrap();
        assert_eq!(stranger.open(team, id, BlobKind::Change, 0, &sealed), Err(SealError::Forged));
    }

    #[test]
    fn a_snapshot_claiming_to_cover_more_than_it_was_sealed_for_does_not_open() {
        // Regression (issue 9): a snapshot re-pushed with covers = 10^12 moved a new tablet's
        // cursor past every later change.
        let key = TeamKey::generate().unwrap();
        let team = TeamId([7; 16]);
        let id = key.doc_id(team, month(3));
        let sealed = key.seal(team, month(3), BlobKind::Snapshot, 64, b"whole").unwrap();
        assert!(key.open(team, id, BlobKind::Snapshot, 64, &sealed).is_ok());
        assert_eq!(
            key.open(team, id, BlobKind::Snapshot, 1_000_000_000_000, &sealed),
            Err(SealError::Forged)
        );
    }

    #[test]
    fn tampering_and_truncation_are_detected() {
        let key = TeamKey::generate().unwrap();
        let team = TeamId([7; 16]);
        let id = key.doc_id(team, month(3));
        let mut sealed = key.seal(team, month(3), BlobKind::Change, 0, b"hello").unwrap();
        assert_eq!(
            key.open(team, id, BlobKind::Change, 0, &sealed[..10]),
            Err(SealError::Truncated)
        );
        let last = sealed.len() - 1;
        sealed[last] ^= 1;
        assert_eq!(key.open(team, id, BlobKind::Change, 0, &sealed), Err(SealError::Forged));
    }

    #[test]
    fn document_ids_are_stable_per_team_and_reveal_nothing_readable() {
        let key = TeamKey::from_hex(&"ab".repeat(32)).unwrap();
        let team = TeamId([1; 16]);
        assert_eq!(key.doc_id(team, month(3)), key.doc_id(team, month(3)));
        assert_ne!(key.doc_id(team, month(3)), key.doc_id(team, month(4)));
        assert_ne!(key.doc_id(team, month(3)), key.doc_id(TeamId([2; 16]), month(3)));
        assert_eq!(TeamKey::from_hex(&key.to_hex()).unwrap(), key);
        assert_eq!(format!("{key:?}"), "TeamKey(…)");
        assert!(TeamKey::from_hex("abc").is_err());
    }
}
