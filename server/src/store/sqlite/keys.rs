//! Device public keys and sealed epoch keys: stored as the devices sent them, opaque to the
//! relay. One rotation per epoch, in order: the `rotations` primary key and the check against
//! the newest epoch run in one immediate transaction, so two admins rotating at once cannot both
//! win.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use shared::protocol::{DeviceId, KeyRecord, SealedKeyFor, TeamId};

use super::id16;
use super::members::is_admin;
use crate::store::Rotation;

/// The team's newest key epoch; 0 until its first rotation.
pub(super) fn current_epoch(db: &Connection, team: TeamId) -> rusqlite::Result<u32> {
    let newest: i64 = db.query_row(
        "SELECT COALESCE(MAX(epoch), 0) FROM rotations WHERE team = ?1",
        params![team.0],
        |r| r.get(0),
    )?;
    Ok(u32::try_from(newest).unwrap_or(u32::MAX))
}

pub(super) fn register_key(
    db: &Connection,
    team: TeamId,
    record: &KeyRecord,
) -> rusqlite::Result<()> {
    db.execute(
        "INSERT OR REPLACE INTO device_keys (device, team, public, epoch, tag) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![record.device.0, team.0, record.public, record.epoch, record.tag],
    )
    .map(drop)
}

/// The key records of devices still in the team, in device order.
pub(super) fn device_keys(db: &Connection, team: TeamId) -> rusqlite::Result<Vec<KeyRecord>> {
    let mut stmt = db.prepare(
        "SELECT k.device, k.public, k.epoch, k.tag FROM device_keys k
           JOIN devices d ON d.id = k.device AND d.team = k.team
          WHERE k.team = ?1 AND d.revoked_ms IS NULL ORDER BY k.device",
    )?;
    let rows = stmt.query_map(params![team.0], |r| {
        Ok(KeyRecord {
            device: DeviceId(id16(r.get(0)?)),
            public: key32(r.get(1)?),
            epoch: r.get(2)?,
            tag: key32(r.get(3)?),
        })
    })?;
    rows.collect()
}

pub(super) fn rotate(
    db: &mut Connection,
    team: TeamId,
    by: DeviceId,
    epoch: u32,
    keys: &[SealedKeyFor],
    now_ms: u64,
) -> rusqlite::Result<Rotation> {
    let tx = db.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if !is_admin(&tx, team, by)? {
        return Ok(Rotation::NotAdmin);
    }
    let current = current_epoch(&tx, team)?;
    if Some(epoch) != current.checked_add(1) {
        return Ok(Rotation::Conflict { current });
    }
    for key in keys {
        let member: Option<i64> = tx
            .query_row(
                "SELECT 1 FROM devices WHERE id = ?1 AND team = ?2 AND revoked_ms IS NULL",
                params![key.device.0, team.0],
                |r| r.get(0),
            )
            .optional()?;
        if member.is_none() {
            return Ok(Rotation::NotMember(key.device));
        }
        // A second key for the same device would make which one it gets depend on order.
        let inserted = tx.execute(
            "INSERT OR IGNORE INTO epoch_keys (team, device, epoch, sealed) VALUES (?1, ?2, ?3, ?4)",
            params![team.0, key.device.0, epoch, key.sealed],
        )?;
        if inserted == 0 {
            return Ok(Rotation::Duplicate(key.device));
        }
    }
    tx.execute(
        "INSERT INTO rotations (team, epoch, by_device, at_ms) VALUES (?1, ?2, ?3, ?4)",
        params![team.0, epoch, by.0, now_ms as i64],
    )?;
    tx.commit()?;
    Ok(Rotation::Done)
}

/// The team's newest epoch and the keys sealed to `device` for epochs above `after`.
pub(super) fn epoch_keys(
    db: &Connection,
    team: TeamId,
    device: DeviceId,
    after: u32,
) -> rusqlite::Result<(u32, Vec<Vec<u8>>)> {
    let mut stmt = db.prepare(
        "SELECT sealed FROM epoch_keys WHERE team = ?1 AND device = ?2 AND epoch > ?3 ORDER BY epoch",
    )?;
    let keys = stmt.query_map(params![team.0, device.0, after], |r| r.get(0))?;
    let keys = keys.collect::<rusqlite::Result<Vec<Vec<u8>>>>()?;
    Ok((current_epoch(db, team)?, keys))
}

/// The key records of devices still in the team that lack a sealed key for some epoch up to
/// the team's newest: they joined, or first registered a key, after a rotation.
pub(super) fn keys_wanted(db: &Connection, team: TeamId) -> rusqlite::Result<Vec<KeyRecord>> {
    let current = current_epoch(db, team)?;
    if current == 0 {
        return Ok(Vec::new());
    }
    let mut wanting = Vec::new();
    for record in device_keys(db, team)? {
        let held: i64 = db.query_row(
            "SELECT COUNT(*) FROM epoch_keys WHERE team = ?1 AND device = ?2 AND epoch <= ?3",
            params![team.0, record.device.0, current],
            |r| r.get(0),
        )?;
        if held < i64::from(current) {
            wanting.push(record);
        }
    }
    Ok(wanting)
}

/// Stores keys a teammate sealed to `device` (`keys[i]` for epoch `i + 1`), keeping any key
/// already stored for an epoch and ignoring epochs the team has not reached. `false` if
/// `device` is not in the team.
pub(super) fn share_keys(
    db: &mut Connection,
    team: TeamId,
    device: DeviceId,
    keys: &[Vec<u8>],
) -> rusqlite::Result<bool> {
    let tx = db.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let member: Option<i64> = tx
        .query_row(
            "SELECT 1 FROM devices WHERE id = ?1 AND team = ?2 AND revoked_ms IS NULL",
            params![device.0, team.0],
            |r| r.get(0),
        )
        .optional()?;
    if member.is_none() {
        return Ok(false);
    }
    let current = current_epoch(&tx, team)?;
    for (epoch, sealed) in (1..=current).zip(keys) {
        tx.execute(
            "INSERT OR IGNORE INTO epoch_keys (team, device, epoch, sealed) VALUES (?1, ?2, ?3, ?4)",
            params![team.0, device.0, epoch, sealed],
        )?;
    }
    tx.commit()?;
    Ok(true)
}

/// A public key or tag read back; one of another length (never written) reads as zeros.
fn key32(bytes: Vec<u8>) -> [u8; 32] {
    bytes.try_into().unwrap_or([0; 32])
}

#[cfg(test)]
mod tests;
