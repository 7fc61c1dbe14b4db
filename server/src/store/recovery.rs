//! `rapport-server recover`: a one-time code, written straight into the relay's database on
//! its own machine, that makes a tablet already in the team an admin. Whoever can run it
//! controls the relay's files anyway, so it gives nothing away; it exists so a team whose
//! admins were all removed or lost can invite again without wiping the relay.

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;
use shared::protocol::TeamId;

use super::sqlite::{FILE, migrate, recovery_invite};
use super::{Result, StoreError};
use crate::relay::secrets::{hash, now_ms, random16};

/// How long a recovery code works.
pub const VALID_FOR: Duration = Duration::from_secs(3600);

/// Occurs when `recover` cannot make a code.
#[derive(Debug, thiserror::Error)]
pub enum RecoverError {
    #[error("no relay database at {0}; pass the relay's --data directory")]
    NoStore(String),
    #[error("this relay has no team yet; start it and use the setup link it prints instead")]
    NoTeam,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("could not generate a code: {0}")]
    Random(#[from] std::io::Error),
}

/// Stores a fresh recovery code for the team in `data` and returns it (hex) with the team.
/// Works while the relay runs: SQLite serialises the write with the relay's own.
pub fn create(data: &Path) -> std::result::Result<(TeamId, String), RecoverError> {
    let path = data.join(FILE);
    if !path.is_file() {
        return Err(RecoverError::NoStore(path.display().to_string()));
    }
    let code = random16()?;
    let expires = now_ms() + VALID_FOR.as_millis() as u64;
    let team = write(&path, &code, expires)?.ok_or(RecoverError::NoTeam)?;
    Ok((team, shared::hex::encode(&code)))
}

fn write(path: &Path, code: &[u8; 16], expires: u64) -> Result<Option<TeamId>> {
    let db = Connection::open(path)?;
    db.busy_timeout(Duration::from_secs(10))?;
    migrate(&db)?;
    Ok(recovery_invite(&db, hash(code), expires)?)
}

/// The link to open on a tablet that is in the team; the code rides in the fragment.
pub fn link(origin: &str, code: &str) -> String {
    format!("{}/team#recover={code}", origin.trim_end_matches('/'))
}
