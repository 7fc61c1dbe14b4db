//! Teams, devices and invites: who may sign in, and who may change the team's membership.
//! Every membership change runs in one immediate transaction, so two admins acting at once
//! cannot leave the team without an admin.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use shared::protocol::{DeviceId, TeamId};

use super::id16;
use crate::store::{Auth, DeviceRow, NewDevice, Outcome, SecretHash};

pub(super) fn team(db: &Connection) -> rusqlite::Result<Option<TeamId>> {
    db.query_row("SELECT id FROM teams LIMIT 1", [], |r| r.get::<_, Vec<u8>>(0))
        .optional()
        .map(|id| id.map(|b| TeamId(id16(b))))
}

pub(super) fn set_setup_code(db: &Connection, code: SecretHash) -> rusqlite::Result<()> {
    db.execute("INSERT OR REPLACE INTO setup (id, code) VALUES (1, ?1)", params![code]).map(drop)
}

pub(super) fn create_team(
    db: &mut Connection,
    code: SecretHash,
    device: &NewDevice<'_>,
) -> rusqlite::Result<bool> {
    let tx = db.transaction()?;
    let stored: Option<Vec<u8>> =
        tx.query_row("SELECT code FROM setup WHERE id = 1", [], |r| r.get(0)).optional()?;
    let has_team: bool = tx.query_row("SELECT EXISTS(SELECT 1 FROM teams)", [], |r| r.get(0))?;
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
}

pub(super) fn create_invite(
    db: &mut Connection,
    team: TeamId,
    code: SecretHash,
    by: DeviceId,
    expires_ms: u64,
) -> rusqlite::Result<Outcome> {
    let tx = db.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if !is_admin(&tx, team, by)? {
        return Ok(Outcome::NotAdmin);
    }
    tx.execute(
        "INSERT INTO invites (code, team, created_by, expires_ms) VALUES (?1, ?2, ?3, ?4)",
        params![code, team.0, by.0, expires_ms as i64],
    )?;
    tx.commit()?;
    Ok(Outcome::Done)
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

pub(super) fn claim_admin(
    db: &mut Connection,
    team: TeamId,
    device: DeviceId,
    code: SecretHash,
    now_ms: u64,
) -> rusqlite::Result<bool> {
    let tx = db.transaction_with_behavior(TransactionBehavior::Immediate)?;
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
}

pub(super) fn redeem_invite(
    db: &mut Connection,
    code: SecretHash,
    device: &NewDevice<'_>,
) -> rusqlite::Result<bool> {
    let tx = db.transaction()?;
    let claimed = tx.execute(
        "UPDATE invites SET used_by = ?1 WHERE code = ?2 AND team = ?3 AND used_by IS NULL AND expires_ms > ?4",
        params![device.device.0, code, device.team.0, device.now_ms as i64],
    )?;
    if claimed != 1 {
        return Ok(false);
    }
    let admin: bool =
        tx.query_row("SELECT admin FROM invites WHERE code = ?1", params![code], |r| r.get(0))?;
    insert_device(&tx, device, admin)?;
    tx.commit()?;
    Ok(true)
}

pub(super) fn authenticate(
    db: &Connection,
    team: TeamId,
    device: DeviceId,
    token: SecretHash,
) -> rusqlite::Result<Auth> {
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
}

pub(super) fn devices(db: &Connection, team: TeamId) -> rusqlite::Result<Vec<DeviceRow>> {
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
}

pub(super) fn revoke(
    db: &mut Connection,
    team: TeamId,
    by: DeviceId,
    device: DeviceId,
    now_ms: u64,
) -> rusqlite::Result<Outcome> {
    let tx = db.transaction_with_behavior(TransactionBehavior::Immediate)?;
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
}

pub(super) fn set_role(
    db: &mut Connection,
    team: TeamId,
    by: DeviceId,
    device: DeviceId,
    admin: bool,
) -> rusqlite::Result<Outcome> {
    let tx = db.transaction_with_behavior(TransactionBehavior::Immediate)?;
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
}

pub(super) fn touch(
    db: &Connection,
    team: TeamId,
    device: DeviceId,
    now_ms: u64,
) -> rusqlite::Result<()> {
    db.execute(
        "UPDATE devices SET last_sync_ms = ?3 WHERE id = ?1 AND team = ?2",
        params![device.0, team.0, now_ms as i64],
    )
    .map(drop)
}

fn insert_device(db: &Connection, d: &NewDevice<'_>, admin: bool) -> rusqlite::Result<()> {
    db.execute(
        "INSERT INTO devices (id, team, name, token, created_ms, admin) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![d.device.0, d.team.0, d.name, d.token, d.now_ms as i64, admin],
    )
    .map(drop)
}

/// Whether `device` is a current admin of `team`.
pub(super) fn is_admin(db: &Connection, team: TeamId, device: DeviceId) -> rusqlite::Result<bool> {
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

/// Compares secret hashes without leaking where they differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
