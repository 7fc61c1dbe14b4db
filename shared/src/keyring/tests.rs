//! Key rotation as a story: Alice, Bob and Carol share a team; Carol's tablet is removed.

use super::*;
use crate::doc::Period;

const TEAM: TeamId = TeamId([7; 16]);
const ALICE: DeviceId = DeviceId([1; 16]);
const BOB: DeviceId = DeviceId([2; 16]);
const CAROL: DeviceId = DeviceId([3; 16]);

fn march() -> DocKey {
    DocKey::Touchpoints(Period { year: 2026, month: 3 })
}

struct Tablet {
    id: DeviceId,
    pair: DeviceKeyPair,
    keyring: Keyring,
}

impl Tablet {
    fn join(id: DeviceId, keyring: &Keyring) -> Self {
        Self { id, pair: DeviceKeyPair::generate().unwrap(), keyring: keyring.clone() }
    }

    fn record(&self) -> DeviceKeyRecord {
        DeviceKeyRecord::new(&self.keyring, TEAM, self.id, self.pair.public())
    }

    fn open(&self, sealed: &[u8]) -> Result<Opened, SealError> {
        let id = self.keyring.doc_id(TEAM, march());
        self.keyring.open(TEAM, id, BlobKind::Change, 0, sealed)
    }
}

#[test]
fn carols_tablet_is_removed_and_cannot_read_anything_sealed_after() {
    // Step 1: the team was made before key epochs existed; three tablets join it.
    let original = TeamKey::generate().unwrap();
    let team_keyring = Keyring::new(original.clone());
    let mut alice = Tablet::join(ALICE, &team_keyring);
    let mut bob = Tablet::join(BOB, &team_keyring);
    let carol = Tablet::join(CAROL, &team_keyring);
    let before = alice.keyring.seal(TEAM, march(), BlobKind::Change, 0, b"visit: Mercy").unwrap();
    let old_app_blob = team_keyring.seal(TEAM, march(), BlobKind::Change, 0, b"from v1").unwrap();

    // Step 2: Alice removes Carol's tablet and rotates, sealing epoch 1 to Bob and herself.
    let pinned = [alice.record(), bob.record()];
    let rotation = alice.keyring.rotate(TEAM, &pinned).unwrap();
    assert_eq!(rotation.epoch, Epoch(1));
    assert_eq!(rotation.sealed.iter().map(|(d, _)| *d).collect::<Vec<_>>(), [ALICE, BOB]);
    alice.keyring = rotation.keyring.clone();
    let for_bob = SealedEpochKey::from_bytes(&rotation.sealed[1].1.to_bytes()).unwrap();
    assert_eq!(bob.keyring.accept(TEAM, BOB, &bob.pair, &for_bob), Ok(Epoch(1)));
    assert_eq!(bob.keyring.accept(TEAM, BOB, &bob.pair, &for_bob), Ok(Epoch(1)), "twice is fine");
    assert_eq!(bob.keyring.newest().0, Epoch(1));

    // Step 3: a blob sealed after the rotation opens for Alice and Bob, and names its epoch.
    let after = bob.keyring.seal(TEAM, march(), BlobKind::Change, 0, b"referral: J.R.").unwrap();
    assert_eq!(after[0], crate::seal::SEAL_FORMAT_EPOCH);
    assert_eq!(alice.open(&after).unwrap().bytes, b"referral: J.R.");
    assert_eq!(bob.open(&after).unwrap().bytes, b"referral: J.R.");

    // Step 4: Carol holds only epoch 0 and cannot open it.
    assert_eq!(carol.open(&after), Err(SealError::UnknownEpoch(1)));

    // Step 5: nor can she use any key update she grabs from the relay, whoever it is for.
    for (to, sealed) in &rotation.sealed {
        let mut grabbed = carol.keyring.clone();
        assert_eq!(grabbed.accept(TEAM, CAROL, &carol.pair, sealed), Err(KeyringError::Forged));
        assert_eq!(grabbed.accept(TEAM, *to, &carol.pair, sealed), Err(KeyringError::Forged));
        assert_eq!(grabbed.newest().0, Epoch(0));
    }

    // Step 6: what was sealed before, by the new keyring or by today's app, still opens.
    for tablet in [&alice, &bob, &carol] {
        assert_eq!(tablet.open(&before).unwrap().bytes, b"visit: Mercy");
        assert_eq!(tablet.open(&old_app_blob).unwrap().bytes, b"from v1");
    }
}

#[test]
fn after_the_rotation_alice_reseals_the_old_snapshot_so_carol_cannot_read_it_either() {
    let keyring = Keyring::new(TeamKey::generate().unwrap());
    let carol = Tablet::join(CAROL, &keyring);
    let id = keyring.doc_id(TEAM, march());
    let snapshot = keyring.seal(TEAM, march(), BlobKind::Snapshot, 40, b"whole month").unwrap();
    let rotated = keyring.rotate(TEAM, &[]).unwrap().keyring;

    let resealed = rotated.reseal(TEAM, id, BlobKind::Snapshot, 40, &snapshot).unwrap().unwrap();
    let (epoch, opened) =
        rotated.open_with_epoch(TEAM, id, BlobKind::Snapshot, 40, &resealed).unwrap();
    assert_eq!((epoch, opened.bytes.as_slice()), (Epoch(1), &b"whole month"[..]));
    assert_eq!(rotated.reseal(TEAM, id, BlobKind::Snapshot, 40, &resealed), Ok(None));
    assert_eq!(
        carol.keyring.open(TEAM, id, BlobKind::Snapshot, 40, &resealed),
        Err(SealError::UnknownEpoch(1))
    );
    assert_eq!(
        rotated.reseal(TEAM, id, BlobKind::Snapshot, 41, &snapshot),
        Err(SealError::Forged),
        "re-sealing never changes what a snapshot claims to cover"
    );
}

#[test]
fn dave_joins_after_two_rotations_and_catches_up_from_alice() {
    let keyring = Keyring::new(TeamKey::generate().unwrap());
    let mut alice = Tablet::join(ALICE, &keyring);
    alice.keyring = alice.keyring.rotate(TEAM, &[]).unwrap().keyring;
    alice.keyring = alice.keyring.rotate(TEAM, &[]).unwrap().keyring;
    let blob = alice.keyring.seal(TEAM, march(), BlobKind::Change, 0, b"after").unwrap();

    // Dave's invite carries the original key; his record is tagged with it.
    let mut dave = Tablet::join(DeviceId([4; 16]), &Keyring::new(alice.keyring.original().clone()));
    assert_eq!(dave.open(&blob), Err(SealError::UnknownEpoch(2)));
    let updates = alice.keyring.share_with(TEAM, &dave.record()).unwrap();
    assert_eq!(updates.iter().map(|u| u.epoch).collect::<Vec<_>>(), [Epoch(1), Epoch(2)]);
    for update in &updates {
        dave.keyring.accept(TEAM, dave.id, &dave.pair, update).unwrap();
    }
    assert_eq!(dave.open(&blob).unwrap().bytes, b"after");
    assert_eq!(dave.keyring, alice.keyring);
}

#[test]
fn a_key_update_addressed_to_bob_fails_for_alice() {
    let keyring = Keyring::new(TeamKey::generate().unwrap());
    let mut alice = Tablet::join(ALICE, &keyring);
    let bob = Tablet::join(BOB, &keyring);
    let rotation = keyring.rotate(TEAM, &[bob.record()]).unwrap();
    let (_, for_bob) = &rotation.sealed[0];
    assert_eq!(alice.keyring.accept(TEAM, ALICE, &alice.pair, for_bob), Err(KeyringError::Forged));
    assert_eq!(alice.keyring.accept(TEAM, BOB, &alice.pair, for_bob), Err(KeyringError::Forged));
    let mut other_team = bob.keyring.clone();
    assert_eq!(
        other_team.accept(TeamId([8; 16]), BOB, &bob.pair, for_bob),
        Err(KeyringError::Forged)
    );
}

#[test]
fn the_relay_cannot_substitute_a_public_key_or_make_a_key_update() {
    let keyring = Keyring::new(TeamKey::generate().unwrap());
    let bob = Tablet::join(BOB, &keyring);
    let relays_pair = DeviceKeyPair::generate().unwrap();

    // A tampered public key, or Bob's tag on the relay's key, fails verification.
    let mut swapped = bob.record();
    swapped.public = relays_pair.public().0;
    assert_eq!(swapped.verify(&keyring, TEAM), Err(KeyringError::Unverified(BOB)));
    assert!(keyring.rotate(TEAM, &[swapped]).is_err(), "nothing is sealed to an unverified key");
    let mut moved = bob.record();
    moved.device = CAROL;
    assert_eq!(moved.verify(&keyring, TEAM), Err(KeyringError::Unverified(CAROL)));
    assert_eq!(bob.record().verify(&keyring, TEAM), Ok(bob.pair.public()));

    // A key update made without the team's key does not open, even sealed to Bob's real key.
    let outsiders = Keyring::new(TeamKey::generate().unwrap());
    let record = DeviceKeyRecord::new(&outsiders, TEAM, BOB, bob.pair.public());
    let forged = outsiders.rotate(TEAM, &[record]).unwrap();
    let mut bobs = bob.keyring.clone();
    assert_eq!(bobs.accept(TEAM, BOB, &bob.pair, &forged.sealed[0].1), Err(KeyringError::Forged));
}

#[test]
fn epochs_arrive_in_order_and_a_raced_rotation_is_refused() {
    let keyring = Keyring::new(TeamKey::generate().unwrap());
    let mut bob = Tablet::join(BOB, &keyring);
    let first = keyring.rotate(TEAM, &[bob.record()]).unwrap();
    let second = first.keyring.rotate(TEAM, &[bob.record()]).unwrap();
    let epoch2 = &second.sealed[0].1;
    assert_eq!(
        bob.keyring.accept(TEAM, BOB, &bob.pair, epoch2),
        Err(KeyringError::MissingEpoch(1))
    );
    bob.keyring.accept(TEAM, BOB, &bob.pair, &first.sealed[0].1).unwrap();
    assert_eq!(bob.keyring.accept(TEAM, BOB, &bob.pair, epoch2), Ok(Epoch(2)));

    // Another device rotated from epoch 0 at the same time: its epoch 1 conflicts.
    let raced = keyring.rotate(TEAM, &[bob.record()]);
    assert!(raced.is_err(), "Bob's record is now tagged with epoch 2, unknown at epoch 0");
    let raced =
        keyring.rotate(TEAM, &[DeviceKeyRecord::new(&keyring, TEAM, BOB, bob.pair.public())]);
    let raced = raced.unwrap().sealed.remove(0).1;
    assert_eq!(bob.keyring.accept(TEAM, BOB, &bob.pair, &raced), Err(KeyringError::Conflict(1)));
}

#[test]
fn a_blob_relabelled_with_another_epoch_or_damaged_does_not_open() {
    let keyring = Keyring::new(TeamKey::generate().unwrap());
    let bob = Tablet::join(BOB, &keyring);
    let rotated = keyring.rotate(TEAM, &[bob.record()]).unwrap().keyring;
    let rotated = rotated.rotate(TEAM, &[]).unwrap().keyring;
    let tablet = Tablet { keyring: rotated, ..bob };
    let mut sealed = tablet.keyring.seal(TEAM, march(), BlobKind::Change, 0, b"x").unwrap();
    assert_eq!(&sealed[..5], &[2, 0, 0, 0, 2]);
    sealed[4] = 1;
    assert_eq!(tablet.open(&sealed), Err(SealError::Forged));
    sealed[4] = 9;
    assert_eq!(tablet.open(&sealed), Err(SealError::UnknownEpoch(9)));
    assert_eq!(tablet.open(&sealed[..20]), Err(SealError::UnknownEpoch(9)));
    assert_eq!(tablet.open(&[2, 0]), Err(SealError::Truncated));
    assert_eq!(SealedEpochKey::from_bytes(&[1; 12]), Err(KeyringError::Malformed));
}

#[test]
fn a_format_one_blob_whose_nonce_starts_like_format_two_still_opens() {
    let key = TeamKey::generate().unwrap();
    let keyring = Keyring::new(key.clone());
    let id = keyring.doc_id(TEAM, march());
    let blob = std::iter::repeat_with(|| keyring.seal(TEAM, march(), BlobKind::Change, 0, b"x"))
        .map(Result::unwrap)
        .find(|blob| blob[0] == crate::seal::SEAL_FORMAT_EPOCH)
        .unwrap();
    assert_eq!(keyring.open(TEAM, id, BlobKind::Change, 0, &blob).unwrap().bytes, b"x");
}

#[test]
fn a_keyring_round_trips_through_storage_and_needs_its_original_key() {
    let keyring = Keyring::new(TeamKey::generate().unwrap());
    let keyring = keyring.rotate(TEAM, &[]).unwrap().keyring;
    let json = serde_json::to_string(&keyring).unwrap();
    assert!(json.starts_with(r#"{"epochs":{"0":""#));
    assert_eq!(serde_json::from_str::<Keyring>(&json).unwrap(), keyring);
    let without_original = json.replacen(r#""0":"#, r#""5":"#, 1);
    assert!(serde_json::from_str::<Keyring>(&without_original).is_err());
    assert!(!format!("{keyring:?}").contains(&keyring.original().to_hex()));
    let pair = DeviceKeyPair::generate().unwrap();
    let restored = DeviceKeyPair::from_secret_bytes(*pair.secret_bytes());
    assert_eq!(restored.public(), pair.public());
    assert!(format!("{pair:?}").contains("secret …"));
}

#[test]
fn a_device_key_record_round_trips_through_json_for_the_relay() {
    let keyring = Keyring::new(TeamKey::generate().unwrap());
    let bob = Tablet::join(BOB, &keyring);
    let record = bob.record();
    let json = serde_json::to_string(&record).unwrap();
    assert!(json.contains(&format!(r#""device":"{BOB}""#)), "{json}");
    let back: DeviceKeyRecord = serde_json::from_str(&json).unwrap();
    assert_eq!(back.verify(&keyring, TEAM), Ok(bob.pair.public()));
}

mod fuzz {
    //! Bytes from the relay are never trusted: any input is refused without a panic.
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn any_bytes_as_a_key_update_or_blob_are_refused_without_panicking(
            bytes in proptest::collection::vec(any::<u8>(), 0..160),
            header in any::<bool>(),
        ) {
            let mut bytes = bytes;
            if header && !bytes.is_empty() {
                bytes[0] = crate::seal::SEAL_FORMAT_EPOCH;
            }
            let keyring = Keyring::new(TeamKey::from_hex(&"ab".repeat(32)).unwrap());
            let rotated = keyring.rotate(TEAM, &[]).unwrap().keyring;
            let id = rotated.doc_id(TEAM, march());
            prop_assert!(rotated.open(TEAM, id, BlobKind::Change, 0, &bytes).is_err());
            if let Ok(sealed) = SealedEpochKey::from_bytes(&bytes) {
                let pair = DeviceKeyPair::from_secret_bytes([9; 32]);
                let mut keyring = rotated.clone();
                prop_assert!(keyring.accept(TEAM, BOB, &pair, &sealed).is_err());
            }
        }
    }
}
