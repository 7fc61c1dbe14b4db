//! Backup and restore of the embedded store.
//!
//! A backup is taken with SQLite's online backup API in one step, inside one read transaction:
//! in WAL mode that is a consistent snapshot while the relay keeps committing pushes. A restore
//! takes the data directory's lock first, so it can never replace the file under a running
//! relay, and keeps whatever it replaces.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::StoreError;
use super::lock::DataLock;
use super::sqlite::FILE;

/// Occurs when a backup cannot be made or restored; each says what to do.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("there is no relay database at {0}; check --data")]
    NoStore(String),
    #[error("{0} is not a Rapport relay backup ({1})")]
    NotABackup(String, String),
    #[error(
        "{0} already holds a team; pass --replace to restore over it (the current database \
         is kept beside it)"
    )]
    WouldOverwrite(String),
    #[error("the database stayed locked for {} seconds; try again", BUSY_FOR.as_secs())]
    Busy,
    #[error("could not write {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the database failed during the copy: {0}")]
    Database(#[from] rusqlite::Error),
}

/// What a backup or restore copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Copied {
    pub teams: u64,
    pub bytes: u64,
}

/// How long a backup waits for the running relay to release a lock on the database.
const BUSY_FOR: Duration = Duration::from_secs(10);
/// Pause between tries of a copy step that found the database locked.
const STEP_WAIT: Duration = Duration::from_millis(50);

const TABLES: [&str; 6] = ["setup", "teams", "devices", "invites", "changes", "snapshots"];

/// Copies the store in `data` to `file` while a relay may be serving from it.
pub fn backup(data: &Path, file: &Path) -> Result<Copied, BackupError> {
    let source_path = data.join(FILE);
    if !source_path.is_file() {
        return Err(BackupError::NoStore(source_path.display().to_string()));
    }
    let source = Connection::open_with_flags(&source_path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    source.busy_timeout(BUSY_FOR)?;
    let partial = with_suffix(file, "partial");
    let _ = std::fs::remove_file(&partial);
    copy(&source, &partial)?;
    let copied = check(&partial)?;
    std::fs::rename(&partial, file).map_err(|source| io(file, source))?;
    Ok(copied)
}

/// Restores `file` as the store in `data`; refuses while a relay runs there.
pub fn restore(file: &Path, data: &Path, replace: bool) -> Result<Copied, BackupError> {
    let copied = check(file)?;
    let _lock = DataLock::acquire(data)?;
    let target = data.join(FILE);
    if target.is_file() {
        let existing = check(&target);
        if existing.is_ok_and(|c| c.teams > 0) && !replace {
            return Err(BackupError::WouldOverwrite(data.display().to_string()));
        }
        // Fold the write-ahead log in, so the kept copy is one self-contained file.
        Connection::open(&target)?.pragma_update(None, "wal_checkpoint", "TRUNCATE")?;
        let kept = with_suffix(&target, &format!("replaced-{}", unix_secs()));
        std::fs::rename(&target, &kept).map_err(|source| io(&kept, source))?;
    }
    for stale in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(data.join(format!("{FILE}{stale}")));
    }
    let source = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let restoring = with_suffix(&target, "restoring");
    let _ = std::fs::remove_file(&restoring);
    copy(&source, &restoring)?;
    std::fs::rename(&restoring, &target).map_err(|source| io(&target, source))?;
    Ok(copied)
}

fn copy(source: &Connection, to: &Path) -> Result<(), BackupError> {
    let mut target = Connection::open(to)?;
    {
        // One step of every page: the copy is one read transaction, hence one consistent
        // moment, even while the relay commits pushes.
        let backup = Backup::new(source, &mut target)?;
        let mut tries = 0u32;
        while backup.step(-1)? != StepResult::Done {
            tries += 1;
            if STEP_WAIT * tries > BUSY_FOR {
                return Err(BackupError::Busy);
            }
            std::thread::sleep(STEP_WAIT);
        }
    }
    // A backup is a plain file: no write-ahead log to carry around with it.
    target.pragma_update(None, "journal_mode", "DELETE")?;
    Ok(())
}

/// Opens a candidate file and checks it is an intact relay database.
fn check(file: &Path) -> Result<Copied, BackupError> {
    let shown = file.display().to_string();
    let not = |why: String| BackupError::NotABackup(shown.clone(), why);
    if !file.is_file() {
        return Err(not("no such file".into()));
    }
    let db = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| not(e.to_string()))?;
    let integrity: String =
        db.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(|e| not(e.to_string()))?;
    if integrity != "ok" {
        return Err(not(format!("integrity check: {integrity}")));
    }
    for table in TABLES {
        let found: bool = db.query_row(
            "SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
            [table],
            |r| r.get(0),
        )?;
        if !found {
            return Err(not(format!("it has no {table} table")));
        }
    }
    let teams: i64 = db.query_row("SELECT COUNT(*) FROM teams", [], |r| r.get(0))?;
    let bytes = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    Ok(Copied { teams: teams.max(0) as u64, bytes })
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{suffix}"));
    path.with_file_name(name)
}

fn io(path: &Path, source: std::io::Error) -> BackupError {
    BackupError::Io { path: path.display().to_string(), source }
}

fn unix_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use shared::protocol::{BlobKind, DeviceId, DocId, TeamId};

    use super::*;
    use crate::store::{NewBlob, NewDevice, RelayStore, SqliteStore};

    fn store_with_team(dir: &Path) -> SqliteStore {
        let store = SqliteStore::open(dir).unwrap();
        store.set_setup_code([5; 32]).unwrap();
        let device = NewDevice {
            team: TeamId([1; 16]),
            device: DeviceId([2; 16]),
            name: b"sealed",
            token: [7; 32],
            now_ms: 1,
        };
        assert!(store.create_team([5; 32], &device).unwrap());
        store
    }

    #[test]
    fn a_backup_taken_while_open_restores_into_a_new_directory() {
        let dir = tempfile::tempdir().unwrap();
        let live = store_with_team(&dir.path().join("live"));
        let (team, doc) = (TeamId([1; 16]), DocId([3; 16]));
        let (kind, by) = (BlobKind::Change, DeviceId([2; 16]));
        let blob = NewBlob { team, doc, kind, covers: 0, data: b"sealed", by, now_ms: 2 };
        live.append(&blob, 5_000).unwrap();
        let file = dir.path().join("relay.backup");
        let copied = backup(&dir.path().join("live"), &file).unwrap();
        assert_eq!(copied.teams, 1);

        let fresh = dir.path().join("fresh");
        restore(&file, &fresh, false).unwrap();
        let restored = SqliteStore::open(&fresh).unwrap();
        assert_eq!(restored.docs(team, None, 100).unwrap().docs, vec![(doc, 1)]);
    }

    #[test]
    fn restore_refuses_a_running_relay_and_an_existing_team() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let live = store_with_team(&data);
        let file = dir.path().join("relay.backup");
        backup(&data, &file).unwrap();
        assert!(matches!(
            restore(&file, &data, true),
            Err(BackupError::Store(StoreError::InUse(_)))
        ));
        drop(live);
        assert!(matches!(restore(&file, &data, false), Err(BackupError::WouldOverwrite(_))));
        restore(&file, &data, true).unwrap();
        let kept = std::fs::read_dir(&data)
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains("replaced-"));
        assert!(kept, "the replaced database is kept");
    }

    #[test]
    fn anything_but_a_relay_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let junk = dir.path().join("junk");
        std::fs::write(&junk, b"not a database at all, just some text").unwrap();
        let refused = restore(&junk, &dir.path().join("data"), false);
        assert!(matches!(refused, Err(BackupError::NotABackup(..))), "{refused:?}");
        assert!(!dir.path().join("data").join(FILE).exists(), "nothing was written");
    }
}
