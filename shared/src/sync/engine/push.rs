//! Pushing: local changes from the outbox, whole documents (snapshots and resends), and what
//! the relay's acknowledgements do to the outbox and the cursor.

use super::{DocSync, Effect, InFlight, Link, OutboxEntry, SNAPSHOT_EVERY, SyncEngine};
use crate::doc::DocKey;
use crate::protocol::{BlobKind, ClientMessage, DocId, MAX_FRAME};

/// Pushes awaiting acknowledgement at once.
const MAX_IN_FLIGHT: usize = 16;

impl SyncEngine {
    /// New local changes (or, at start, the whole outbox).
    pub fn queue(&mut self, entries: Vec<OutboxEntry>) -> Vec<Effect> {
        for e in entries {
            let id = self.doc_id(e.doc);
            self.doc(id).name = Some(e.doc);
            self.outbox.insert(e.id, e);
        }
        self.push_more()
    }

    pub(super) fn push_more(&mut self) -> Vec<Effect> {
        if self.link != Link::Live || !self.keys.may_seal() {
            return Vec::new();
        }
        let busy: Vec<u64> = self
            .in_flight
            .values()
            .filter_map(|f| match f {
                InFlight::Change(id) => Some(*id),
                InFlight::Whole => None,
            })
            .collect();
        let ready: Vec<OutboxEntry> = self
            .outbox
            .values()
            .filter(|e| !busy.contains(&e.id))
            .take(MAX_IN_FLIGHT.saturating_sub(self.in_flight.len()))
            .cloned()
            .collect();
        let mut effects = Vec::new();
        for entry in ready {
            let Ok(data) = self.keys.keyring.seal(
                self.creds.team,
                entry.doc,
                BlobKind::Change,
                0,
                &entry.bytes,
            ) else {
                continue; // no randomness right now; the entry stays queued
            };
            let req = self.next_req;
            self.next_req += 1;
            self.in_flight.insert(req, InFlight::Change(entry.id));
            effects.push(Effect::Send(ClientMessage::Push {
                req,
                doc: self.doc_id(entry.doc),
                kind: BlobKind::Change,
                covers: 0,
                data,
            }));
        }
        effects
    }

    /// Counts a change stored for `doc_id`; every `SNAPSHOT_EVERY` asks for a snapshot.
    pub(super) fn count_change(&mut self, doc_id: DocId) -> Vec<Effect> {
        let live = self.link == Link::Live;
        let d = self.doc(doc_id);
        d.since_snapshot += 1;
        if d.since_snapshot < SNAPSHOT_EVERY || !live {
            return Vec::new();
        }
        d.since_snapshot = 0;
        match d.name {
            Some(doc) => vec![Effect::WantSnapshot { doc, covers: d.cursor }],
            None => Vec::new(),
        }
    }

    /// The whole document, for new devices to start from instead of replaying every change.
    pub fn snapshot_ready(&mut self, doc: DocKey, covers: u64, bytes: &[u8]) -> Vec<Effect> {
        self.push_whole(doc, BlobKind::Snapshot, covers, bytes)
    }

    /// The whole document as one change, after the relay lost part of it.
    pub fn resend_ready(&mut self, doc: DocKey, bytes: &[u8]) -> Vec<Effect> {
        self.push_whole(doc, BlobKind::Change, 0, bytes)
    }

    /// Pushes a whole document; its acknowledgement removes nothing from the outbox.
    fn push_whole(
        &mut self,
        doc: DocKey,
        kind: BlobKind,
        covers: u64,
        bytes: &[u8],
    ) -> Vec<Effect> {
        if self.link != Link::Live || !self.keys.may_seal() {
            return Vec::new();
        }
        let Ok(data) = self.keys.keyring.seal(self.creds.team, doc, kind, covers, bytes) else {
            return Vec::new();
        };
        if data.len() > MAX_FRAME - 64 {
            return Vec::new(); // too big to upload as one; changes alone still sync it
        }
        let req = self.next_req;
        self.next_req += 1;
        self.in_flight.insert(req, InFlight::Whole);
        vec![Effect::Send(ClientMessage::Push { req, doc: self.doc_id(doc), kind, covers, data })]
    }

    /// The relay stored push `req` durably as number `seq` of `doc`.
    pub(super) fn acked(&mut self, req: u64, doc: DocId, seq: u64, now_ms: u64) -> Vec<Effect> {
        let Some(flight) = self.in_flight.remove(&req) else { return Vec::new() };
        let mut effects = Vec::new();
        match flight {
            InFlight::Whole => self.doc(doc).since_snapshot = 0, // our snapshot landed
            InFlight::Change(id) => {
                self.outbox.remove(&id);
                effects.push(Effect::Sent(vec![id]));
                let d = self.doc(doc);
                d.latest = d.latest.max(seq);
                effects.extend(own_change_stored(d, doc, seq));
                effects.extend(self.count_change(doc));
            }
        }
        effects.extend(self.push_more());
        if self.is_idle() {
            self.synced_at_ms = Some(now_ms);
        }
        effects
    }
}

/// Our own change is the next in line: the cursor moves past it, with no need to pull it back.
fn own_change_stored(d: &mut DocSync, doc_id: DocId, seq: u64) -> Option<Effect> {
    if seq != d.cursor + 1 || d.handed != d.cursor {
        return None;
    }
    d.cursor = seq;
    d.handed = seq;
    Some(Effect::Cursor { doc_id, seq })
}
