//! Sealing with one team key: what the relay sees, and what a replayed blob gets.

use super::*;
use crate::doc::Period;
use crate::keyring::Keyring;

/// Until a rotation a keyring holds only the team key and seals format 1 with it.
fn ring(key: &TeamKey) -> Keyring {
    Keyring::new(key.clone())
}

fn month(m: u32) -> DocKey {
    DocKey::Touchpoints(Period { year: 2026, month: m })
}

#[test]
fn a_sealed_change_opens_with_the_team_key_and_hides_its_content() {
    let key = TeamKey::generate().unwrap();
    let team = TeamId([7; 16]);
    let secret = b"Mercy General Hospital, participant J.R.";
    let sealed = ring(&key).seal(team, month(3), BlobKind::Change, 0, secret).unwrap();
    assert!(!sealed.windows(5).any(|w| w == b"Mercy"));
    let opened =
        ring(&key).open(team, key.doc_id(team, month(3)), BlobKind::Change, 0, &sealed).unwrap();
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
    let blob = ring(&key).seal(TeamId([7; 16]), month(3), BlobKind::Change, 0, b"x").unwrap();
    assert!(key.open_name(&blob).is_err(), "a blob is not a name");
    let longest = key.seal_name(&"x".repeat(crate::protocol::MAX_NAME)).unwrap();
    assert!(longest.len() <= crate::protocol::MAX_SEALED_NAME);
}

#[test]
fn a_blob_replayed_into_another_document_team_or_kind_does_not_open() {
    let key = TeamKey::generate().unwrap();
    let team = TeamId([7; 16]);
    let sealed = ring(&key).seal(team, month(3), BlobKind::Change, 0, b"x").unwrap();
    let other_doc = key.doc_id(team, month(4));
    assert_eq!(
        ring(&key).open(team, other_doc, BlobKind::Change, 0, &sealed),
        Err(SealError::Forged)
    );
    let id = key.doc_id(team, month(3));
    assert_eq!(
        ring(&key).open(TeamId([8; 16]), id, BlobKind::Change, 0, &sealed),
        Err(SealError::Forged)
    );
    assert_eq!(ring(&key).open(team, id, BlobKind::Snapshot, 0, &sealed), Err(SealError::Forged));
    let stranger = TeamKey::generate().unwrap();
    assert_eq!(
        ring(&stranger).open(team, id, BlobKind::Change, 0, &sealed),
        Err(SealError::Forged)
    );
}

#[test]
fn a_snapshot_claiming_to_cover_more_than_it_was_sealed_for_does_not_open() {
    // Regression (issue 9): a snapshot re-pushed with covers = 10^12 moved a new tablet's
    // cursor past every later change.
    let key = TeamKey::generate().unwrap();
    let team = TeamId([7; 16]);
    let id = key.doc_id(team, month(3));
    let sealed = ring(&key).seal(team, month(3), BlobKind::Snapshot, 64, b"whole").unwrap();
    assert!(ring(&key).open(team, id, BlobKind::Snapshot, 64, &sealed).is_ok());
    assert_eq!(
        ring(&key).open(team, id, BlobKind::Snapshot, 1_000_000_000_000, &sealed),
        Err(SealError::Forged)
    );
}

#[test]
fn tampering_and_truncation_are_detected() {
    let key = TeamKey::generate().unwrap();
    let team = TeamId([7; 16]);
    let id = key.doc_id(team, month(3));
    let mut sealed = ring(&key).seal(team, month(3), BlobKind::Change, 0, b"hello").unwrap();
    assert_eq!(
        ring(&key).open(team, id, BlobKind::Change, 0, &sealed[..10]),
        Err(SealError::Truncated)
    );
    let last = sealed.len() - 1;
    sealed[last] ^= 1;
    assert_eq!(ring(&key).open(team, id, BlobKind::Change, 0, &sealed), Err(SealError::Forged));
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
