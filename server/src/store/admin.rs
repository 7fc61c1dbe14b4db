//! Repairs an administrator runs on the relay's machine, beside a running relay: SQLite's
//! locking lets this second connection write safely while the relay serves (so, unlike a
//! restore, these do not take the data directory's lock).

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, params};
use shared::protocol::DocId;

use super::sqlite::FILE;

/// Occurs when a repair cannot be made; each says what to do.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("there is no relay database at {0}; check --data")]
    NoStore(String),
    #[error("no snapshot of document {doc} covers {covers}; its snapshots cover: {existing}")]
    NoSuchSnapshot { doc: DocId, covers: u64, existing: String },
    #[error("the relay's database failed: {0}")]
    Database(#[from] rusqlite::Error),
}

/// Deletes the snapshot of `doc` that covers `covers` (a damaged one a tablet reported).
/// Devices then start that document from its changes again. Returns how many were deleted.
pub fn delete_snapshot(data: &Path, doc: DocId, covers: u64) -> Result<usize, AdminError> {
    let file = data.join(FILE);
    if !file.is_file() {
        return Err(AdminError::NoStore(file.display().to_string()));
    }
    let db = Connection::open_with_flags(&file, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    db.busy_timeout(Duration::from_secs(10))?;
    // Stored as SQLite integers; a number above 2^63−1 was stored wrapped to a negative one.
    let stored = covers as i64;
    let deleted =
        db.execute("DELETE FROM snapshots WHERE doc = ?1 AND covers = ?2", params![doc.0, stored])?;
    if deleted == 0 {
        let mut stmt = db.prepare("SELECT covers FROM snapshots WHERE doc = ?1 ORDER BY covers")?;
        let existing: Vec<String> = stmt
            .query_map(params![doc.0], |r| r.get::<_, i64>(0))?
            .map(|c| c.map(|c| (c as u64).to_string()))
            .collect::<Result<_, _>>()?;
        let existing = if existing.is_empty() { "none".into() } else { existing.join(", ") };
        return Err(AdminError::NoSuchSnapshot { doc, covers, existing });
    }
    Ok(deleted)
}

#[cfg(test)]
mod tests {
    use shared::protocol::{BlobKind, DeviceId, TeamId};

    use super::*;
    use crate::store::{NewBlob, NewDevice, RelayStore, SqliteStore};

    #[test]
    fn an_administrator_deletes_a_bad_snapshot_while_the_relay_runs() {
        let dir = tempfile::tempdir().unwrap();
        let relay = SqliteStore::open(dir.path()).unwrap();
        relay.set_setup_code([5; 32]).unwrap();
        let team = TeamId([1; 16]);
        let device =
            NewDevice { team, device: DeviceId([1; 16]), name: b"T", token: [7; 32], now_ms: 1 };
        assert!(relay.create_team([5; 32], &device).unwrap());
        let (doc, by) = (DocId([3; 16]), DeviceId([1; 16]));
        let change =
            NewBlob { team, doc, kind: BlobKind::Change, covers: 0, data: b"c", by, now_ms: 1 };
        for _ in 0..3 {
            relay.append(&change, 5_000).unwrap();
        }
        let bad = NewBlob { kind: BlobKind::Snapshot, covers: 2, data: b"bad", ..change };
        relay.append(&bad, 5_000).unwrap();

        let refused = delete_snapshot(dir.path(), doc, 5).unwrap_err();
        assert!(refused.to_string().contains("cover: 2"), "{refused}");
        assert_eq!(delete_snapshot(dir.path(), doc, 2).unwrap(), 1);
        let page = relay.pull(team, doc, 0, 1 << 20).unwrap().unwrap();
        assert_eq!(page.items.len(), 3);
        assert!(page.items.iter().all(|(_, kind, _)| *kind == BlobKind::Change));
        let missing = delete_snapshot(&dir.path().join("nowhere"), doc, 2).unwrap_err();
        assert!(matches!(missing, AdminError::NoStore(_)));
    }
}
