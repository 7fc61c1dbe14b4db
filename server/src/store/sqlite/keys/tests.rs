//! Key rotation in the SQLite store, against real database files.

use rusqlite::{Connection, params};
use shared::protocol::{BlobKind, DocId};

use super::super::{FILE, SqliteStore};
use crate::store::{Appended, NewBlob, NewDevice, Outcome, RelayStore, Rotation};
use shared::protocol::{DeviceId, KeyRecord, SealedKeyFor, TeamId};

const TEAM: TeamId = TeamId([1; 16]);
const ALICE: DeviceId = DeviceId([1; 16]);
const BOB: DeviceId = DeviceId([2; 16]);
const CAROL: DeviceId = DeviceId([3; 16]);
const DOC: DocId = DocId([9; 16]);

fn new_device(n: u8) -> NewDevice<'static> {
    NewDevice { team: TEAM, device: DeviceId([n; 16]), name: b"sealed", token: [n; 32], now_ms: 1 }
}

/// Alice (admin), Bob and Carol, each with a registered key.
fn team_of_three() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path()).unwrap();
    store.set_setup_code([5; 32]).unwrap();
    assert!(store.create_team([5; 32], &new_device(1)).unwrap());
    for n in [2, 3] {
        store.create_invite(TEAM, [n; 32], ALICE, u64::MAX / 2).unwrap();
        assert!(store.redeem_invite([n; 32], &new_device(n)).unwrap());
    }
    for n in [1, 2, 3] {
        store.register_key(TEAM, &record(n, 0)).unwrap();
    }
    (dir, store)
}

fn record(n: u8, epoch: u32) -> KeyRecord {
    KeyRecord { device: DeviceId([n; 16]), public: [n; 32], epoch, tag: [n + 100; 32] }
}

fn key_for(device: DeviceId, byte: u8) -> SealedKeyFor {
    SealedKeyFor { device, sealed: vec![byte; 109] }
}

/// A change sealed under `epoch` (format 2), or format 1 for `None`.
fn sealed(epoch: Option<u32>) -> Vec<u8> {
    match epoch {
        Some(e) => [&[2][..], &e.to_be_bytes(), &[0xaa; 40]].concat(),
        None => vec![0x11; 40],
    }
}

fn push(store: &SqliteStore, data: &[u8]) -> Appended {
    let blob = NewBlob {
        team: TEAM,
        doc: DOC,
        kind: BlobKind::Change,
        covers: 0,
        data,
        by: BOB,
        now_ms: 2,
    };
    store.append(&blob, 100).unwrap()
}

#[test]
fn carol_is_removed_the_key_rotates_once_and_old_epoch_pushes_are_refused() {
    let (_dir, store) = team_of_three();
    assert_eq!(push(&store, &sealed(None)), Appended::Stored(1));
    assert_eq!(store.device_keys(TEAM).unwrap(), [record(1, 0), record(2, 0), record(3, 0)]);

    // Alice removes Carol; Carol's key is no longer listed.
    assert_eq!(store.revoke(TEAM, ALICE, CAROL, 3).unwrap(), Outcome::Done);
    assert_eq!(store.device_keys(TEAM).unwrap(), [record(1, 0), record(2, 0)]);

    // Only an admin rotates, only to devices in the team, one key each, all or nothing.
    let keys = [key_for(ALICE, 1), key_for(BOB, 2)];
    assert_eq!(store.rotate(TEAM, BOB, 1, &keys, 4).unwrap(), Rotation::NotAdmin);
    let with_carol = [key_for(ALICE, 1), key_for(CAROL, 3)];
    assert_eq!(store.rotate(TEAM, ALICE, 1, &with_carol, 4).unwrap(), Rotation::NotMember(CAROL));
    let twice = [key_for(BOB, 1), key_for(BOB, 2)];
    assert_eq!(store.rotate(TEAM, ALICE, 1, &twice, 4).unwrap(), Rotation::Duplicate(BOB));
    assert_eq!(store.epoch_keys(TEAM, ALICE, 0).unwrap(), (0, vec![]), "nothing half-stored");
    assert_eq!(store.rotate(TEAM, ALICE, 2, &keys, 4).unwrap(), Rotation::Conflict { current: 0 });
    assert_eq!(store.rotate(TEAM, ALICE, 1, &keys, 4).unwrap(), Rotation::Done);
    assert_eq!(store.rotate(TEAM, ALICE, 1, &keys, 5).unwrap(), Rotation::Conflict { current: 1 });
    assert_eq!(store.rotate(TEAM, ALICE, 0, &keys, 5).unwrap(), Rotation::Conflict { current: 1 });

    // Each device gets its own key; Carol gets none.
    assert_eq!(store.epoch_keys(TEAM, BOB, 0).unwrap(), (1, vec![vec![2; 109]]));
    assert_eq!(store.epoch_keys(TEAM, BOB, 1).unwrap(), (1, vec![]));
    assert_eq!(store.epoch_keys(TEAM, CAROL, 0).unwrap(), (1, vec![]));

    // Pushes under epoch 0 (either format) are refused; epoch 1 is stored; the old blob stays.
    let stale = Appended::StaleEpoch { epoch: 0, current: 1 };
    assert_eq!(push(&store, &sealed(None)), stale);
    assert_eq!(push(&store, &sealed(Some(0))), stale);
    assert_eq!(push(&store, &sealed(Some(1))), Appended::Stored(2));
    let page = store.pull(TEAM, DOC, 0, 1 << 20).unwrap().unwrap();
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.items[0].2, sealed(None));
}

#[test]
fn a_device_re_registers_its_key_under_a_new_epoch() {
    let (_dir, store) = team_of_three();
    store.register_key(TEAM, &record(2, 1)).unwrap();
    assert_eq!(store.device_keys(TEAM).unwrap()[1], record(2, 1));
    assert_eq!(store.device_keys(TEAM).unwrap().len(), 3);
}

/// The tables of a relay from before issue 11, as it wrote them.
const OLD_SCHEMA: &str = "
CREATE TABLE setup (id INTEGER PRIMARY KEY CHECK (id = 1), code BLOB NOT NULL);
CREATE TABLE teams (id BLOB PRIMARY KEY, created_ms INTEGER NOT NULL);
CREATE TABLE devices (
    id BLOB PRIMARY KEY, team BLOB NOT NULL, name TEXT NOT NULL, token BLOB NOT NULL,
    created_ms INTEGER NOT NULL, last_sync_ms INTEGER NOT NULL DEFAULT 0, revoked_ms INTEGER,
    admin INTEGER NOT NULL DEFAULT 0);
CREATE TABLE invites (
    code BLOB PRIMARY KEY, team BLOB NOT NULL, created_by BLOB NOT NULL,
    expires_ms INTEGER NOT NULL, used_by BLOB, admin INTEGER NOT NULL DEFAULT 0);
CREATE TABLE changes (
    team BLOB NOT NULL, doc BLOB NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL,
    device BLOB NOT NULL, at_ms INTEGER NOT NULL, PRIMARY KEY (team, doc, seq)) WITHOUT ROWID;
CREATE TABLE snapshots (
    team BLOB NOT NULL, doc BLOB NOT NULL, covers INTEGER NOT NULL, data BLOB NOT NULL,
    device BLOB NOT NULL, at_ms INTEGER NOT NULL, PRIMARY KEY (team, doc, covers)) WITHOUT ROWID;
";

#[test]
fn a_database_from_before_key_rotation_opens_keeps_its_data_and_rotates() {
    let dir = tempfile::tempdir().unwrap();
    {
        let db = Connection::open(dir.path().join(FILE)).unwrap();
        db.execute_batch(OLD_SCHEMA).unwrap();
        db.execute("INSERT INTO teams VALUES (?1, 1)", params![TEAM.0]).unwrap();
        for (id, admin) in [(ALICE, 1), (BOB, 0)] {
            db.execute(
                "INSERT INTO devices (id, team, name, token, created_ms, admin) VALUES (?1, ?2, 'n', ?3, 1, ?4)",
                params![id.0, TEAM.0, [id.0[0]; 32], admin],
            )
            .unwrap();
        }
        db.execute(
            "INSERT INTO changes VALUES (?1, ?2, 1, ?3, ?4, 1)",
            params![TEAM.0, DOC.0, sealed(None), BOB.0],
        )
        .unwrap();
    }
    let store = SqliteStore::open(dir.path()).unwrap();
    assert_eq!(store.epoch_keys(TEAM, BOB, 0).unwrap(), (0, vec![]));
    assert_eq!(push(&store, &sealed(None)), Appended::Stored(2), "epoch 0 until a rotation");
    store.register_key(TEAM, &record(2, 0)).unwrap();
    assert_eq!(store.rotate(TEAM, ALICE, 1, &[key_for(BOB, 2)], 3).unwrap(), Rotation::Done);
    drop(store);

    // Reopened: the rotation persisted, and the blobs from before it are still there.
    let store = SqliteStore::open(dir.path()).unwrap();
    assert_eq!(store.epoch_keys(TEAM, BOB, 0).unwrap(), (1, vec![vec![2; 109]]));
    assert_eq!(push(&store, &sealed(None)), Appended::StaleEpoch { epoch: 0, current: 1 });
    assert_eq!(store.pull(TEAM, DOC, 0, 1 << 20).unwrap().unwrap().items.len(), 2);
}
