//! The database's tables, and bringing a file written by an older relay up to date.

use rusqlite::{Connection, params};

pub(super) const SCHEMA: &str = "
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

/// Key rotation (issue 11): each device's public key, the team's key epochs, and each epoch's
/// key sealed to each device. Created by `migrate`, so a file from an older relay gains them.
const KEY_TABLES: &str = "
CREATE TABLE IF NOT EXISTS device_keys (
    device BLOB PRIMARY KEY, team BLOB NOT NULL, public BLOB NOT NULL, epoch INTEGER NOT NULL,
    tag BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS rotations (
    team BLOB NOT NULL, epoch INTEGER NOT NULL, by_device BLOB NOT NULL, at_ms INTEGER NOT NULL,
    PRIMARY KEY (team, epoch)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS epoch_keys (
    team BLOB NOT NULL, device BLOB NOT NULL, epoch INTEGER NOT NULL, sealed BLOB NOT NULL,
    PRIMARY KEY (team, device, epoch)) WITHOUT ROWID;
";

/// Snapshots a relay before issue 9 accepted: covering 0, a negative number (a `covers` above
/// 2^63−1) or more changes than the document has. No device can use them, and each hides its
/// document from new tablets, so they go when the store opens.
pub(super) fn drop_impossible_snapshots(db: &Connection) -> rusqlite::Result<usize> {
    db.execute(
        "DELETE FROM snapshots WHERE covers <= 0 OR covers > COALESCE(
             (SELECT MAX(seq) FROM changes c WHERE c.team = snapshots.team AND c.doc = snapshots.doc), 0)",
        [],
    )
}

/// Brings a file made by an older relay up to date. Key tables came with issue 11. Roles came later: such a team's creator
/// (or, if it was removed, its oldest remaining device) becomes its admin, so nobody loses the
/// power to invite.
pub(crate) fn migrate(db: &Connection) -> rusqlite::Result<()> {
    db.execute_batch(KEY_TABLES)?;
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
