//! The embedded default store: one SQLite file in WAL mode with `synchronous = FULL`, so a
//! commit has reached the disk before the relay acknowledges a push.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, params};
use shared::protocol::{BlobKind, DeviceId, DocId, TeamId};

use super::lock::DataLock;
use super::{
    Appended, Auth, DeviceRow, DocsPage, NewDevice, Outcome, Page, RelayStore, Result, SecretHash,
    StoreError, StoreStats,
};

pub struct SqliteStore {
    db: Mutex<Connection>,
    /// The data directory, whose disk must keep room for the database to grow.
    dir: std::path::PathBuf,
    /// Held while open, so a restore cannot replace the file under a running relay.
    _lock: DataLock,
}

/// The database file's name inside the data directory.
pub const FILE: &str = "relay.sqlite3";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS setup (id INTEGER PRIMARY KEY CHECK (id = 1), code BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS teams (id BLOB PRIMARY KEY, created_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS devices (
    id BLOB PRIMARY KEY, team BLOB NOT NULL, name TEXT NOT NULL, token BLOB NOT NULL,
    created_ms INTEGER NOT NULL, last_sync_ms INTEGER NOT NULL DEFAULT 0, revoked_ms INTEGER,
    admin INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS invites (
    code BLOB PRIMARY KEY, team BLOB NOT NULL, created_by BLOB NOT NULL,
    expires_ms INTEGER NOT NULL, used_by BLOB, admin INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS changes (
    team BLOB NOT NULL, doc BLOB NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL,
    device BLOB NOT NULL, at_ms INTEGER NOT NULL, PRIMARY KEY (team, doc, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS snapshots (
    team BLOB NOT NULL, doc BLOB NOT NULL, covers INTEGER NOT NULL, data BLOB NOT NULL,
    device BLOB NOT NULL, at_ms INTEGER NOT NULL, PRIMARY KEY (team, doc, covers)) WITHOUT ROWID;
";

fn lock_err<T>(_: T) -> StoreError {
    StoreError::Database(rusqlite::Error::InvalidQuery)
}

impl SqliteStore {
    /// Opens (creating if needed) `relay.sqlite3` in `dir`.
    pub fn open(dir: &Path) -> Result<Self> {
        let lock = DataLock::acquire(dir)?;
        let db = Connection::open(dir.join(FILE))?;
        db.pragma_update(None, "journal_mode", "WAL")?;
        db.pragma_update(None, "synchronous", "FULL")?;
        db.pragma_update(None, "foreign_keys", "ON")?;
        db.execute_batch(SCHEMA)?;
        migrate(&db)?;
        let dropped = drop_impossible_snapshots(&db)?;
        if dropped > 0 {
            tracing::warn!("removed {dropped} snapshots covering changes their documents lack");
        }
        Ok(Self { db: Mutex::new(db), dir: dir.to_path_buf(), _lock: lock })
    }

    fn with<T>(&self, f: impl FnOnce(&mut Connection) -> rusqlite::Result<T>) -> Result<T> {
        let mut db = self.db.lock().map_err(lock_err)?;
        Ok(f(&mut db)?)
    }
}

/// Snapshots a relay before issue 9 accepted: covering 0, a negative number (a `covers` above
/// 2^63−1) or more changes than the document has. No device can use them, and each hides its
/// document from new tablets, so they go when the store opens.
fn drop_impossible_snapshots(db: &Connection) -> rusqlite::Result<usize> {
    db.execute(
        "DELETE FROM snapshots WHERE covers <= 0 OR covers > COALESCE(
             (SELECT MAX(seq) FROM changes c WHERE c.team = snapshots.team AND c.doc = snapshots.doc), 0)",
        [],
    )
}

/// Brings a file made by an older relay up to date. Roles came later: such a team's creator
/// (or, if it was removed, its oldest remaining device) becomes its admin, so nobody loses the
/// power to invite.
pub(crate) fn migrate(db: &Connection) -> rusqlite::Result<()> {
    for table in ["devices", "invites"] {
        let has_admin: bool = db.query_row(
            "SELECT EXISTS(SELECT 1 FROM pragma_table_info(?1) WHERE name = 'admin')",
            params![table],
            |r| r.get(0),
        )?;
        if !has_admin {
            db.execute_batch(&format!(
                "ALTER TABLE {table} ADD COLUMN admin INTEGER NOT NULL DEFAULT 0"
            ))?;
        }
    }
    db.execute(
        "UPDATE devices SET admin = 1 WHERE id IN (
             SELECT id FROM devices d WHERE revoked_ms IS NULL
               AND NOT EXISTS (SELECT 1 FROM devices a
                               WHERE a.team = d.team AND a.admin = 1 AND a.revoked_ms IS NULL)
               AND created_ms = (SELECT MIN(created_ms) FROM devices o
                                 WHERE o.team = d.team AND o.revoked_ms IS NULL))",
        [],
    )?;
    Ok(())
}

fn insert_device(db: &Connection, d: &NewDevice<'_>, admin: bool) -> rusqlite::Result<()> {
    db.execute(
        "INSERT INTO devices (id, team, name, token, created_ms, admin) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![d.device.0, d.team.0, d.name, d.token, d.now_ms as i64, admin],
    )
    .map(drop)
}

/// Whether `device` is a current admin of `team`.
fn is_admin(db: &Connection, team: TeamId, device: DeviceId) -> rusqlite::Result<bool> {
    db.query_row(
        "SELECT EXISTS(SELECT 1 FROM devices WHERE id = ?1 AND team = ?2 AND admin = 1 AND revoked_ms IS NULL)",
        params![device.0, team.0],
        |r| r.get(0),
    )
}

/// Current admins of `team` other than `device`.
fn other_admins(db: &Connection, team: TeamId, device: DeviceId) -> rusqlite::Result<i64> {
    db.query_row(
        "SELECT COUNT(*) FROM devices WHERE team = ?1 AND id != ?2 AND admin = 1 AND revoked_ms IS NULL",
        params![team.0, device.0],
        |r| r.get(0),
    )
}

fn id16(bytes: Vec<u8>) -> [u8; 16] {
    let mut id = [0u8; 16];
    if bytes.len() == 16 {
        id.copy_from_slice(&bytes);
    }
    id
}

impl RelayStore for SqliteStore {
    fn team(&self) -> Result<Option<TeamId>> {
        self.with(|db| {
            db.query_row("SELECT id FROM teams LIMIT 1", [], |r| r.get::<_, Vec<u8>>(0))
                .optional()
                .map(|id| id.map(|b| TeamId(id16(b))))
        })
    }

    fn set_setup_code(&self, code: SecretHash) -> Result<()> {
        self.with(|db| {
            db.execute("INSERT OR REPLACE INTO setup (id, code) VALUES (1, ?1)", params![code])
                .map(drop)
        })
    }

    fn create_team(&self, code: SecretHash, device: &NewDevice<'_>) -> Result<bool> {
        self.with(|db| {
            let tx = db.transaction()?;
            let stored: Option<Vec<u8>> =
                tx.query_row("SELECT code FROM setup WHERE id = 1", [], |r| r.get(0)).optional()?;
            let has_team: bool =
                tx.query_row("SELECT EXISTS(SELECT 1 FROM teams)", [], |r| r.get(0))?;
            if has_team || stored.as_deref() != Some(&code[..]) {
                return Ok(false);
            }
            tx.execute("DELETE FROM setup", [])?;
            tx.execute(
                "INSERT INTO teams (id, created_ms) VALUES (?1, ?2)",
                params![device.team.0, device.now_ms as i64],
            )?;
            insert_device(&tx, device, true)?;
            tx.commit()?;
            Ok(true)
        })
    }

    fn create_invite(
        &self,
        team: TeamId,
        code: SecretHash,
        by: DeviceId,
        expires_ms: u64,
    ) -> Result<Outcome> {
        self.with(|db| {
            let tx = db.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            if !is_admin(&tx, team, by)? {
                return Ok(Outcome::NotAdmin);
            }
            tx.execute(
                "INSERT INTO invites (code, team, created_by, expires_ms) VALUES (?1, ?2, ?3, ?4)",
                params![code, team.0, by.0, expires_ms as i64],
            )?;
            tx.commit()?;
            Ok(Outcome::Done)
        })
    }

    fn recovery_invite(&self, code: SecretHash, expires_ms: u64) -> Result<Option<TeamId>> {
        self.with(|db| recovery_invite(db, code, expires_ms))
    }

    fn claim_admin(
        &self,
        team: TeamId,
        device: DeviceId,
        code: SecretHash,
        now_ms: u64,
    ) -> Result<bool> {
        self.with(|db| {
            let tx = db.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let claimed = tx.execute(
                "UPDATE invites SET used_by = ?1 WHERE code = ?2 AND team = ?3 AND admin = 1
                     AND used_by IS NULL AND expires_ms > ?4",
                params![device.0, code, team.0, now_ms as i64],
            )?;
            let promoted = tx.execute(
                "UPDATE devices SET admin = 1 WHERE id = ?1 AND team = ?2 AND revoked_ms IS NULL",
                params![device.0, team.0],
            )?;
            if claimed != 1 || promoted != 1 {
                return Ok(false);
            }
            tx.commit()?;
            Ok(true)
        })
    }

    fn redeem_invite(&self, code: SecretHash, device: &NewDevice<'_>) -> Result<bool> {
        self.with(|db| {
            let tx = db.transaction()?;
            let claimed = tx.execute(
                "UPDATE invites SET used_by = ?1 WHERE code = ?2 AND team = ?3 AND used_by IS NULL AND expires_ms > ?4",
                params![device.device.0, code, device.team.0, device.now_ms as i64],
            )?;
            if claimed != 1 {
                return Ok(false);
            }
            let admin: bool = tx.query_row(
                "SELECT admin FROM invites WHERE code = ?1",
                params![code],
                |r| r.get(0),
            )?;
            insert_device(&tx, device, admin)?;
            tx.commit()?;
            Ok(true)
        })
    }

    fn authenticate(&self, team: TeamId, device: DeviceId, token: SecretHash) -> Result<Auth> {
        self.with(|db| {
            let row: Option<(Vec<u8>, Option<i64>)> = db
                .query_row(
                    "SELECT token, revoked_ms FROM devices WHERE id = ?1 AND team = ?2",
                    params![device.0, team.0],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            Ok(match row {
                Some((stored, _)) if !constant_time_eq(&stored, &token) => Auth::Unknown,
                Some((_, Some(_))) => Auth::Revoked,
                Some((_, None)) => Auth::Ok,
                None => Auth::Unknown,
            })
        })
    }

    fn append(
        &self,
        team: TeamId,
        doc: DocId,
        kind: BlobKind,
        covers: u64,
        data: &[u8],
        by: DeviceId,
        now_ms: u64,
        max_docs: u64,
    ) -> Result<Appended> {
        self.with(|db| {
            let tx = db.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let last: i64 = tx.query_row(
                "SELECT COALESCE(MAX(seq), 0) FROM changes WHERE team = ?1 AND doc = ?2",
                params![team.0, doc.0],
                |r| r.get(0),
            )?;
            let seq = match kind {
                BlobKind::Change => {
                    if last == 0 {
                        // Counted only when a document starts, which is rare.
                        let docs: i64 = tx.query_row(
                            "SELECT COUNT(DISTINCT doc) FROM changes WHERE team = ?1",
                            params![team.0],
                            |r| r.get(0),
                        )?;
                        if docs as u64 >= max_docs {
                            return Ok(Appended::TooManyDocs { max: max_docs });
                        }
                    }
                    let seq = last + 1;
                    tx.execute(
                        "INSERT INTO changes (team, doc, seq, data, device, at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![team.0, doc.0, seq, data, by.0, now_ms as i64],
                    )?;
                    seq as u64
                }
                BlobKind::Snapshot => {
                    // Also keeps `covers as i64` below from wrapping to a negative number.
                    if covers == 0 || covers > last as u64 {
                        return Ok(Appended::BeyondLatest { latest: last as u64 });
                    }
                    tx.execute(
                        "INSERT OR REPLACE INTO snapshots (team, doc, covers, data, device, at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![team.0, doc.0, covers as i64, data, by.0, now_ms as i64],
                    )?;
                    covers
                }
            };
            tx.commit()?;
            Ok(Appended::Stored(seq))
        })
    }

    fn pull(&self, team: TeamId, doc: DocId, after: u64, max_bytes: usize) -> Result<Option<Page>> {
        self.with(|db| {
            let known: bool = db.query_row(
                "SELECT EXISTS(SELECT 1 FROM changes WHERE team = ?1 AND doc = ?2)
                     OR EXISTS(SELECT 1 FROM snapshots WHERE team = ?1 AND doc = ?2)",
                params![team.0, doc.0],
                |r| r.get(0),
            )?;
            if !known {
                return Ok(None);
            }
            let mut items = Vec::new();
            let mut bytes = 0usize;
            let mut start = after as i64;
            let snapshot: Option<(i64, Vec<u8>)> = db
                .query_row(
                    "SELECT covers, data FROM snapshots WHERE team = ?1 AND doc = ?2 AND covers > ?3
                     ORDER BY covers DESC LIMIT 1",
                    params![team.0, doc.0, start],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if let Some((covers, data)) = snapshot {
                bytes += data.len();
                items.push((covers as u64, BlobKind::Snapshot, data));
                start = covers;
            }
            let mut stmt = db.prepare_cached(
                "SELECT seq, data FROM changes WHERE team = ?1 AND doc = ?2 AND seq > ?3 ORDER BY seq",
            )?;
            let mut rows = stmt.query(params![team.0, doc.0, start])?;
            let mut more = false;
            while let Some(row) = rows.next()? {
                let data: Vec<u8> = row.get(1)?;
                if !items.is_empty() && bytes + data.len() > max_bytes {
                    more = true;
                    break;
                }
                bytes += data.len();
                items.push((row.get::<_, i64>(0)? as u64, BlobKind::Change, data));
            }
            Ok(Some(Page { items, more }))
        })
    }

    fn docs(&self, team: TeamId, after: Option<DocId>, limit: usize) -> Result<DocsPage> {
        self.with(|db| {
            let mut stmt = db.prepare_cached(
                "SELECT doc, MAX(seq) FROM changes WHERE team = ?1 AND doc > ?2
                 GROUP BY doc ORDER BY doc LIMIT ?3",
            )?;
            // Ids are 16 bytes, so any id sorts after the empty blob.
            let after = after.map(|d| d.0.to_vec()).unwrap_or_default();
            let rows = stmt.query_map(params![team.0, after, limit as i64 + 1], |r| {
                Ok((DocId(id16(r.get(0)?)), r.get::<_, i64>(1)? as u64))
            })?;
            let mut docs: Vec<(DocId, u64)> = rows.collect::<rusqlite::Result<_>>()?;
            let more = docs.len() > limit;
            docs.truncate(limit);
            Ok(DocsPage { docs, more })
        })
    }

    fn devices(&self, team: TeamId) -> Result<Vec<DeviceRow>> {
        self.with(|db| {
            let mut stmt = db.prepare_cached(
                "SELECT id, name, last_sync_ms, revoked_ms IS NOT NULL, admin FROM devices WHERE team = ?1 ORDER BY created_ms",
            )?;
            let rows = stmt.query_map(params![team.0], |r| {
                Ok(DeviceRow {
                    id: DeviceId(id16(r.get(0)?)),
                    // Sealed names are blobs; names stored before sealing are text.
                    name: match r.get_ref(1)? {
                        rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
                            t.to_vec()
                        }
                        _ => Vec::new(),
                    },
                    last_sync_ms: r.get::<_, i64>(2)? as u64,
                    revoked: r.get(3)?,
                    admin: r.get(4)?,
                })
            })?;
            rows.collect()
        })
    }

    fn revoke(&self, team: TeamId, by: DeviceId, device: DeviceId, now_ms: u64) -> Result<Outcome> {
        self.with(|db| {
            let tx = db.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            // Any device may leave; only admins remove others.
            if by != device && !is_admin(&tx, team, by)? {
                return Ok(Outcome::NotAdmin);
            }
            if is_admin(&tx, team, device)? && other_admins(&tx, team, device)? == 0 {
                return Ok(Outcome::LastAdmin);
            }
            let n = tx.execute(
                "UPDATE devices SET revoked_ms = COALESCE(revoked_ms, ?3) WHERE id = ?1 AND team = ?2",
                params![device.0, team.0, now_ms as i64],
            )?;
            tx.commit()?;
            Ok(if n == 1 { Outcome::Done } else { Outcome::NoSuchDevice })
        })
    }

    fn set_role(
        &self,
        team: TeamId,
        by: DeviceId,
        device: DeviceId,
        admin: bool,
    ) -> Result<Outcome> {
        self.with(|db| {
            let tx = db.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            if !is_admin(&tx, team, by)? {
                return Ok(Outcome::NotAdmin);
            }
            if !admin && is_admin(&tx, team, device)? && other_admins(&tx, team, device)? == 0 {
                return Ok(Outcome::LastAdmin);
            }
            let n = tx.execute(
                "UPDATE devices SET admin = ?3 WHERE id = ?1 AND team = ?2 AND revoked_ms IS NULL",
                params![device.0, team.0, admin],
            )?;
            tx.commit()?;
            Ok(if n == 1 { Outcome::Done } else { Outcome::NoSuchDevice })
        })
    }

    fn touch(&self, team: TeamId, device: DeviceId, now_ms: u64) -> Result<()> {
        self.with(|db| {
            db.execute(
                "UPDATE devices SET last_sync_ms = ?3 WHERE id = ?1 AND team = ?2",
                params![device.0, team.0, now_ms as i64],
            )
            .map(drop)
        })
    }

    fn stats(&self) -> Result<StoreStats> {
        self.with(|db| {
            let teams: i64 = db.query_row("SELECT COUNT(*) FROM teams", [], |r| r.get(0))?;
            let bytes: i64 = db.query_row(
                "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
                [],
                |r| r.get(0),
            )?;
            Ok(StoreStats { teams: teams.max(0) as u64, bytes: bytes.max(0) as u64 })
        })
    }

    fn usage(&self) -> Result<Vec<(TeamId, DeviceId, u64)>> {
        self.with(|db| {
            // length() of a blob reads its size from the record header, not the blob itself.
            let mut stmt = db.prepare_cached(
                "SELECT team, device, SUM(n) FROM (
                     SELECT team, device, length(data) AS n FROM changes
                     UNION ALL SELECT team, device, length(data) FROM snapshots)
                 GROUP BY team, device",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    TeamId(id16(r.get(0)?)),
                    DeviceId(id16(r.get(1)?)),
                    r.get::<_, i64>(2)?.max(0) as u64,
                ))
            })?;
            rows.collect()
        })
    }

    #[cfg(unix)]
    fn free_bytes(&self) -> Option<u64> {
        let stats = rustix::fs::statvfs(&self.dir).ok()?;
        Some(stats.f_bavail.saturating_mul(stats.f_frsize))
    }
}

/// Stores a one-time admin invite for the relay's team; shared with `recover`, which writes
/// it while the relay runs.
pub(crate) fn recovery_invite(
    db: &Connection,
    code: SecretHash,
    expires_ms: u64,
) -> rusqlite::Result<Option<TeamId>> {
    let team: Option<Vec<u8>> =
        db.query_row("SELECT id FROM teams LIMIT 1", [], |r| r.get(0)).optional()?;
    let Some(team) = team.map(|b| TeamId(id16(b))) else { return Ok(None) };
    db.execute(
        "INSERT INTO invites (code, team, created_by, expires_ms, admin) VALUES (?1, ?2, ?3, ?4, 1)",
        params![code, team.0, [0u8; 16], expires_ms as i64],
    )?;
    Ok(Some(team))
}

/// Compares secret hashes without leaking where they differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests;
