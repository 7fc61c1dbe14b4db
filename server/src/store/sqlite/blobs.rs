//! The sealed blob logs: changes numbered 1, 2, 3… per document with no gaps, snapshots
//! beside them, and the reads that page through both.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use shared::protocol::{BlobKind, DeviceId, DocId, TeamId, sealed_epoch};

use super::id16;
use crate::store::{Appended, DocsPage, NewBlob, Page, StoreStats};

pub(super) fn append(
    db: &mut Connection,
    blob: &NewBlob<'_>,
    max_docs: u64,
) -> rusqlite::Result<Appended> {
    let &NewBlob { team, doc, kind, covers, data, by, now_ms } = blob;
    let tx = db.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // In the same transaction as a rotation's check, so no push slips in under the old epoch.
    let current = super::keys::current_epoch(&tx, team)?;
    let epoch = sealed_epoch(data).map_or(0, |(epoch, _)| epoch);
    if epoch < current {
        return Ok(Appended::StaleEpoch { epoch, current });
    }
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
}

pub(super) fn pull(
    db: &Connection,
    team: TeamId,
    doc: DocId,
    after: u64,
    max_bytes: usize,
) -> rusqlite::Result<Option<Page>> {
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
}

pub(super) fn docs(
    db: &Connection,
    team: TeamId,
    after: Option<DocId>,
    limit: usize,
) -> rusqlite::Result<DocsPage> {
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
}

/// Bytes of blobs (changes and snapshots) each device of each team stored.
pub(super) fn usage(db: &Connection) -> rusqlite::Result<Vec<(TeamId, DeviceId, u64)>> {
    // length() of a blob reads its size from the record header, not the blob itself.
    let mut stmt = db.prepare_cached(
        "SELECT team, device, SUM(n) FROM (
             SELECT team, device, length(data) AS n FROM changes
             UNION ALL SELECT team, device, length(data) FROM snapshots)
         GROUP BY team, device",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((TeamId(id16(r.get(0)?)), DeviceId(id16(r.get(1)?)), r.get::<_, i64>(2)?.max(0) as u64))
    })?;
    rows.collect()
}

pub(super) fn stats(db: &Connection) -> rusqlite::Result<StoreStats> {
    let teams: i64 = db.query_row("SELECT COUNT(*) FROM teams", [], |r| r.get(0))?;
    let bytes: i64 = db.query_row(
        "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
        [],
        |r| r.get(0),
    )?;
    Ok(StoreStats { teams: teams.max(0) as u64, bytes: bytes.max(0) as u64 })
}
