//! The SQLite store against a real database file.

use rusqlite::params;
use shared::protocol::BlobKind;

use super::*;

/// A blob from device 1.
fn blob(team: TeamId, doc: DocId, kind: BlobKind, covers: u64, data: &[u8]) -> NewBlob<'_> {
    NewBlob { team, doc, kind, covers, data, by: DeviceId([1; 16]), now_ms: 1 }
}

fn device(team: TeamId, n: u8, token: u8) -> NewDevice<'static> {
    NewDevice {
        team,
        device: DeviceId([n; 16]),
        name: b"sealed",
        token: [token; 32],
        now_ms: 1_000,
    }
}

fn store_with_team() -> (tempfile::TempDir, SqliteStore, TeamId) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path()).unwrap();
    store.set_setup_code([5; 32]).unwrap();
    let team = TeamId([1; 16]);
    assert!(store.create_team([5; 32], &device(team, 1, 7)).unwrap());
    (dir, store, team)
}

#[test]
fn the_setup_code_works_once_and_only_when_it_matches() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path()).unwrap();
    store.set_setup_code([5; 32]).unwrap();
    let team = TeamId([1; 16]);
    assert!(!store.create_team([6; 32], &device(team, 1, 7)).unwrap());
    assert!(store.create_team([5; 32], &device(team, 1, 7)).unwrap());
    assert!(!store.create_team([5; 32], &device(TeamId([2; 16]), 2, 7)).unwrap());
    assert_eq!(store.team().unwrap(), Some(team));
}

#[test]
fn change_numbers_are_contiguous_and_snapshots_do_not_take_one() {
    let (_dir, store, team) = store_with_team();
    let doc = DocId([3; 16]);
    assert_eq!(
        store.append(&blob(team, doc, BlobKind::Change, 0, b"a"), 5_000).unwrap(),
        Appended::Stored(1)
    );
    assert_eq!(
        store.append(&blob(team, doc, BlobKind::Change, 0, b"b"), 5_000).unwrap(),
        Appended::Stored(2)
    );
    assert_eq!(
        store.append(&blob(team, doc, BlobKind::Snapshot, 2, b"ab"), 5_000).unwrap(),
        Appended::Stored(2)
    );
    assert_eq!(
        store.append(&blob(team, doc, BlobKind::Change, 0, b"c"), 5_000).unwrap(),
        Appended::Stored(3)
    );
    assert_eq!(store.docs(team, None, 100).unwrap().docs, vec![(doc, 3)]);

    // A new device gets the snapshot and what came after it.
    let page = store.pull(team, doc, 0, 1 << 20).unwrap().unwrap();
    assert_eq!(
        page.items,
        vec![(2, BlobKind::Snapshot, b"ab".to_vec()), (3, BlobKind::Change, b"c".to_vec())]
    );
    // A device that has change 2 gets only change 3.
    let page = store.pull(team, doc, 2, 1 << 20).unwrap().unwrap();
    assert_eq!(page.items, vec![(3, BlobKind::Change, b"c".to_vec())]);
    assert_eq!(store.pull(team, DocId([9; 16]), 0, 1 << 20).unwrap(), None);
}

#[test]
fn pulls_are_paged_by_size() {
    let (_dir, store, team) = store_with_team();
    let doc = DocId([3; 16]);
    for _ in 0..10 {
        store.append(&blob(team, doc, BlobKind::Change, 0, &[0u8; 100]), 5_000).unwrap();
    }
    let page = store.pull(team, doc, 0, 350).unwrap().unwrap();
    assert_eq!(page.items.len(), 3);
    assert!(page.more);
    let rest = store.pull(team, doc, 3, 10_000).unwrap().unwrap();
    assert_eq!(rest.items.len(), 7);
    assert!(!rest.more);
}

#[test]
fn invites_are_single_use_and_expire() {
    let (_dir, store, team) = store_with_team();
    store.create_invite(team, [8; 32], DeviceId([1; 16]), 5_000).unwrap();
    store.create_invite(team, [9; 32], DeviceId([1; 16]), 500).unwrap();
    assert!(store.redeem_invite([8; 32], &device(team, 2, 3)).unwrap());
    assert!(!store.redeem_invite([8; 32], &device(team, 3, 3)).unwrap(), "used twice");
    assert!(!store.redeem_invite([9; 32], &device(team, 4, 3)).unwrap(), "expired");
    assert!(!store.redeem_invite([8; 32], &device(TeamId([7; 16]), 5, 3)).unwrap(), "other team");
}

#[test]
fn tokens_authenticate_until_the_device_is_revoked() {
    let (_dir, store, team) = store_with_team();
    let (admin, me) = (DeviceId([1; 16]), DeviceId([2; 16]));
    store.create_invite(team, [8; 32], admin, 5_000).unwrap();
    assert!(store.redeem_invite([8; 32], &device(team, 2, 7)).unwrap());
    assert_eq!(store.authenticate(team, me, [7; 32]).unwrap(), Auth::Ok);
    assert_eq!(store.authenticate(team, me, [8; 32]).unwrap(), Auth::Unknown);
    assert_eq!(store.revoke(team, admin, me, 2_000).unwrap(), Outcome::Done);
    assert_eq!(store.authenticate(team, me, [7; 32]).unwrap(), Auth::Revoked);
    assert!(store.devices(team).unwrap()[1].revoked);
}

/// Issue 9: a member revoked the creator and then itself, and nobody could invite again.
#[test]
fn only_admins_change_membership_and_the_last_admin_stays() {
    let (_dir, store, team) = store_with_team();
    let (creator, member) = (DeviceId([1; 16]), DeviceId([2; 16]));
    assert!(store.devices(team).unwrap()[0].admin, "the creator is an admin");
    store.create_invite(team, [8; 32], creator, 5_000).unwrap();
    assert!(store.redeem_invite([8; 32], &device(team, 2, 3)).unwrap());
    assert!(!store.devices(team).unwrap()[1].admin, "an invited device is a member");

    assert_eq!(store.revoke(team, member, creator, 2_000).unwrap(), Outcome::NotAdmin);
    assert_eq!(store.create_invite(team, [9; 32], member, 5_000).unwrap(), Outcome::NotAdmin);
    assert_eq!(store.set_role(team, member, member, true).unwrap(), Outcome::NotAdmin);
    assert_eq!(store.revoke(team, creator, creator, 2_000).unwrap(), Outcome::LastAdmin);
    assert_eq!(store.set_role(team, creator, creator, false).unwrap(), Outcome::LastAdmin);

    // Admins make admins; then the creator may leave.
    assert_eq!(store.set_role(team, creator, member, true).unwrap(), Outcome::Done);
    assert_eq!(store.revoke(team, creator, creator, 2_000).unwrap(), Outcome::Done);
    assert_eq!(store.revoke(team, member, member, 2_000).unwrap(), Outcome::LastAdmin);
    assert_eq!(store.create_invite(team, [9; 32], member, 5_000).unwrap(), Outcome::Done);
    assert_eq!(store.set_role(team, member, creator, true).unwrap(), Outcome::NoSuchDevice);
}

#[test]
fn a_recovery_code_makes_a_team_device_an_admin_once() {
    let (dir, store, team) = store_with_team();
    let member = DeviceId([2; 16]);
    store.create_invite(team, [8; 32], DeviceId([1; 16]), u64::MAX / 2).unwrap();
    assert!(store.redeem_invite([8; 32], &device(team, 2, 3)).unwrap());
    // Written from another connection, as `rapport-server recover` does beside a running relay.
    let (for_team, code) = super::super::recovery::create(dir.path()).unwrap();
    assert_eq!(for_team, team);
    let code = code.parse::<shared::protocol::OneTimeCode>().unwrap();
    let code = crate::relay::secrets::hash(&code.0);
    let now = crate::relay::secrets::now_ms();
    assert!(!store.claim_admin(team, member, [1; 32], now).unwrap(), "a wrong code");
    assert!(store.claim_admin(team, member, code, now).unwrap());
    assert!(store.devices(team).unwrap()[1].admin);
    assert!(!store.claim_admin(team, DeviceId([1; 16]), code, now).unwrap(), "used twice");
    // A recovery code is not an ordinary invite for someone without the team key.
    assert!(!store.redeem_invite(code, &device(team, 3, 3)).unwrap());
}

/// A relay file from before roles: its creator becomes the admin when opened.
#[test]
fn an_older_file_gets_roles_and_keeps_an_admin() {
    let dir = tempfile::tempdir().unwrap();
    {
        let db = Connection::open(dir.path().join(FILE)).unwrap();
        db.execute_batch(
            "CREATE TABLE teams (id BLOB PRIMARY KEY, created_ms INTEGER NOT NULL);
             CREATE TABLE devices (
                 id BLOB PRIMARY KEY, team BLOB NOT NULL, name TEXT NOT NULL, token BLOB NOT NULL,
                 created_ms INTEGER NOT NULL, last_sync_ms INTEGER NOT NULL DEFAULT 0, revoked_ms INTEGER);
             CREATE TABLE invites (
                 code BLOB PRIMARY KEY, team BLOB NOT NULL, created_by BLOB NOT NULL,
                 expires_ms INTEGER NOT NULL, used_by BLOB);",
        )
        .unwrap();
        let team = [1u8; 16];
        db.execute("INSERT INTO teams VALUES (?1, 1)", params![team]).unwrap();
        for (n, created, revoked) in [(1u8, 1, Some(5)), (2, 2, None), (3, 3, None)] {
            db.execute(
                "INSERT INTO devices (id, team, name, token, created_ms, revoked_ms) VALUES (?1, ?2, 'T', ?3, ?4, ?5)",
                params![[n; 16], team, [n; 32], created, revoked],
            )
            .unwrap();
        }
    }
    let store = SqliteStore::open(dir.path()).unwrap();
    let admins: Vec<_> =
        store.devices(TeamId([1; 16])).unwrap().into_iter().filter(|d| d.admin).collect();
    assert_eq!(admins.len(), 1);
    assert_eq!(admins[0].id, DeviceId([2; 16]), "the oldest device still in the team");
}

#[test]
fn data_survives_reopening_the_file() {
    let (dir, store, team) = store_with_team();
    store.append(&blob(team, DocId([3; 16]), BlobKind::Change, 0, b"kept"), 5_000).unwrap();
    drop(store);
    let again = SqliteStore::open(dir.path()).unwrap();
    assert_eq!(again.docs(team, None, 100).unwrap().docs, vec![(DocId([3; 16]), 1)]);
}

#[test]
fn a_snapshot_beyond_the_latest_change_is_refused_and_not_stored() {
    // Regression (issue 9): 40 random bytes with covers = 10^12 were stored and served to every
    // new tablet; covers = 2^64−1 was stored as −1.
    let (_dir, store, team) = store_with_team();
    let doc = DocId([3; 16]);
    let refused = Appended::BeyondLatest { latest: 0 };
    assert_eq!(
        store.append(&blob(team, doc, BlobKind::Snapshot, 1, b"x"), 5_000).unwrap(),
        refused
    );
    store.append(&blob(team, doc, BlobKind::Change, 0, b"a"), 5_000).unwrap();
    let refused = Appended::BeyondLatest { latest: 1 };
    for covers in [0, 2, 1_000_000_000_000, u64::MAX] {
        let appended =
            store.append(&blob(team, doc, BlobKind::Snapshot, covers, b"x"), 5_000).unwrap();
        assert_eq!(appended, refused, "covers {covers}");
    }
    let page = store.pull(team, doc, 0, 1 << 20).unwrap().unwrap();
    assert_eq!(page.items, vec![(1, BlobKind::Change, b"a".to_vec())]);
    assert_eq!(store.pull(team, DocId([4; 16]), 0, 1 << 20).unwrap(), None);
}

#[test]
fn a_team_cannot_start_more_documents_than_its_limit_and_lists_come_in_pages() {
    // Regression (issue 9): a member pushed 10,001 blobs to random document ids and every
    // tablet stopped on the 25,000-document list.
    let (_dir, store, team) = store_with_team();
    for n in 0..3u8 {
        let appended = store.append(&blob(team, DocId([n; 16]), BlobKind::Change, 0, b"x"), 3);
        assert_eq!(appended.unwrap(), Appended::Stored(1));
    }
    let flood = store.append(&blob(team, DocId([9; 16]), BlobKind::Change, 0, b"x"), 3);
    assert_eq!(flood.unwrap(), Appended::TooManyDocs { max: 3 });
    // Existing documents still take changes.
    let more = store.append(&blob(team, DocId([1; 16]), BlobKind::Change, 0, b"y"), 3);
    assert_eq!(more.unwrap(), Appended::Stored(2));

    let first = store.docs(team, None, 2).unwrap();
    assert_eq!(first.docs, vec![(DocId([0; 16]), 1), (DocId([1; 16]), 2)]);
    assert!(first.more);
    let rest = store.docs(team, Some(DocId([1; 16])), 2).unwrap();
    assert_eq!(rest, DocsPage { docs: vec![(DocId([2; 16]), 1)], more: false });
}

#[test]
fn snapshots_stored_before_the_check_are_removed_when_the_store_opens() {
    // Regression (issue 9): relays already holding a poisoned snapshot keep serving it.
    let (dir, store, team) = store_with_team();
    let (doc, by) = (DocId([3; 16]), DeviceId([1; 16]));
    store.append(&blob(team, doc, BlobKind::Change, 0, b"a"), 5_000).unwrap();
    store.append(&blob(team, doc, BlobKind::Snapshot, 1, b"good"), 5_000).unwrap();
    store
        .with(|db| {
            for covers in [1_000_000_000_000i64, -1] {
                db.execute(
                    "INSERT INTO snapshots (team, doc, covers, data, device, at_ms) VALUES (?1, ?2, ?3, x'00', ?4, 1)",
                    params![team.0, doc.0, covers, by.0],
                )?;
            }
            Ok(())
        })
        .unwrap();
    drop(store);
    let again = SqliteStore::open(dir.path()).unwrap();
    let page = again.pull(team, doc, 0, 1 << 20).unwrap().unwrap();
    assert_eq!(page.items, vec![(1, BlobKind::Snapshot, b"good".to_vec())]);
    let all: i64 =
        again.with(|db| db.query_row("SELECT COUNT(*) FROM snapshots", [], |r| r.get(0))).unwrap();
    assert_eq!(all, 1);
}
