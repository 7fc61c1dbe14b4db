//! The embedded default store: one SQLite file in WAL mode with `synchronous = FULL`, so a
//! commit has reached the disk before the relay acknowledges a push.
//!
//! The tables are in `schema.rs`, the blob logs in `blobs.rs`, teams, devices and invites in
//! `members.rs`; this file opens the database and hands each call one connection at a time.

mod blobs;
mod keys;
mod members;
mod schema;

use std::path::Path;
use std::sync::Mutex;

use rusqlite::Connection;
use shared::protocol::{DeviceId, DocId, KeyRecord, SealedKeyFor, TeamId};

use super::lock::DataLock;
use super::{
    Appended, Auth, DeviceRow, DocsPage, NewBlob, NewDevice, Outcome, Page, RelayStore, Result,
    Rotation, SecretHash, StoreError, StoreStats,
};
pub(crate) use members::recovery_invite;
pub(crate) use schema::migrate;

pub struct SqliteStore {
    db: Mutex<Connection>,
    /// The data directory, whose disk must keep room for the database to grow.
    dir: std::path::PathBuf,
    /// Held while open, so a restore cannot replace the file under a running relay.
    _lock: DataLock,
}

/// The database file's name inside the data directory.
pub const FILE: &str = "relay.sqlite3";

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
        db.execute_batch(schema::SCHEMA)?;
        migrate(&db)?;
        let dropped = schema::drop_impossible_snapshots(&db)?;
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

/// An id read back from the database; one of another length (never written) reads as zeros.
fn id16(bytes: Vec<u8>) -> [u8; 16] {
    let mut id = [0u8; 16];
    if bytes.len() == 16 {
        id.copy_from_slice(&bytes);
    }
    id
}

impl RelayStore for SqliteStore {
    fn team(&self) -> Result<Option<TeamId>> {
        self.with(|db| members::team(db))
    }

    fn set_setup_code(&self, code: SecretHash) -> Result<()> {
        self.with(|db| members::set_setup_code(db, code))
    }

    fn create_team(&self, code: SecretHash, device: &NewDevice<'_>) -> Result<bool> {
        self.with(|db| members::create_team(db, code, device))
    }

    fn create_invite(
        &self,
        team: TeamId,
        code: SecretHash,
        by: DeviceId,
        expires_ms: u64,
    ) -> Result<Outcome> {
        self.with(|db| members::create_invite(db, team, code, by, expires_ms))
    }

    fn redeem_invite(&self, code: SecretHash, device: &NewDevice<'_>) -> Result<bool> {
        self.with(|db| members::redeem_invite(db, code, device))
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
        self.with(|db| members::claim_admin(db, team, device, code, now_ms))
    }

    fn authenticate(&self, team: TeamId, device: DeviceId, token: SecretHash) -> Result<Auth> {
        self.with(|db| members::authenticate(db, team, device, token))
    }

    fn append(&self, blob: &NewBlob<'_>, max_docs: u64) -> Result<Appended> {
        self.with(|db| blobs::append(db, blob, max_docs))
    }

    fn pull(&self, team: TeamId, doc: DocId, after: u64, max_bytes: usize) -> Result<Option<Page>> {
        self.with(|db| blobs::pull(db, team, doc, after, max_bytes))
    }

    fn docs(&self, team: TeamId, after: Option<DocId>, limit: usize) -> Result<DocsPage> {
        self.with(|db| blobs::docs(db, team, after, limit))
    }

    fn devices(&self, team: TeamId) -> Result<Vec<DeviceRow>> {
        self.with(|db| members::devices(db, team))
    }

    fn revoke(&self, team: TeamId, by: DeviceId, device: DeviceId, now_ms: u64) -> Result<Outcome> {
        self.with(|db| members::revoke(db, team, by, device, now_ms))
    }

    fn set_role(
        &self,
        team: TeamId,
        by: DeviceId,
        device: DeviceId,
        admin: bool,
    ) -> Result<Outcome> {
        self.with(|db| members::set_role(db, team, by, device, admin))
    }

    fn touch(&self, team: TeamId, device: DeviceId, now_ms: u64) -> Result<()> {
        self.with(|db| members::touch(db, team, device, now_ms))
    }

    fn register_key(&self, team: TeamId, record: &KeyRecord) -> Result<()> {
        self.with(|db| keys::register_key(db, team, record))
    }

    fn device_keys(&self, team: TeamId) -> Result<Vec<KeyRecord>> {
        self.with(|db| keys::device_keys(db, team))
    }

    fn rotate(
        &self,
        team: TeamId,
        by: DeviceId,
        epoch: u32,
        keys: &[SealedKeyFor],
        now_ms: u64,
    ) -> Result<Rotation> {
        self.with(|db| keys::rotate(db, team, by, epoch, keys, now_ms))
    }

    fn epoch_keys(
        &self,
        team: TeamId,
        device: DeviceId,
        after: u32,
    ) -> Result<(u32, Vec<Vec<u8>>)> {
        self.with(|db| keys::epoch_keys(db, team, device, after))
    }

    fn keys_wanted(&self, team: TeamId) -> Result<Vec<KeyRecord>> {
        self.with(|db| keys::keys_wanted(db, team))
    }

    fn share_keys(&self, team: TeamId, device: DeviceId, keys: &[Vec<u8>]) -> Result<bool> {
        self.with(|db| keys::share_keys(db, team, device, keys))
    }

    fn stats(&self) -> Result<StoreStats> {
        self.with(|db| blobs::stats(db))
    }

    fn usage(&self) -> Result<Vec<(TeamId, DeviceId, u64)>> {
        self.with(|db| blobs::usage(db))
    }

    #[cfg(unix)]
    fn free_bytes(&self) -> Option<u64> {
        let stats = rustix::fs::statvfs(&self.dir).ok()?;
        Some(stats.f_bavail.saturating_mul(stats.f_frsize))
    }
}

#[cfg(test)]
mod tests;
