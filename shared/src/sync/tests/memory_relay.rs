//! A relay double: per-document logs with sequence numbers, snapshot-aware pulls, and live
//! forwarding of new changes to the team's other connected devices.

use std::collections::HashMap;

use crate::protocol::{
    Blob, BlobKind, ClientMessage, DeviceId, DocId, ErrorCode, ServerMessage, TeamId,
};

/// Documents per `Docs` reply here (the real relay sends `protocol::DOCS_PAGE`).
const DOCS_PAGE: usize = 3;

#[derive(Clone)]
struct Entry {
    seq: u64,
    kind: BlobKind,
    covers: u64,
    data: Vec<u8>,
}

#[derive(Default, Clone)]
pub struct MemoryRelay {
    logs: HashMap<DocId, Vec<Entry>>,
    pub online: HashMap<usize, DeviceId>,
    pub team: Option<TeamId>,
}

impl MemoryRelay {
    /// Handles one frame from device `from`; returns frames for each recipient.
    pub fn handle(&mut self, from: usize, frame: &[u8]) -> Vec<(usize, Vec<u8>)> {
        let message = ClientMessage::decode(frame).expect("test devices send valid frames");
        let reply = |m: ServerMessage| vec![(from, m.encode())];
        match message {
            ClientMessage::Hello { team, device, .. } => {
                self.team = Some(team);
                self.online.insert(from, device);
                reply(ServerMessage::Welcome { team, device, token: None })
            }
            ClientMessage::ListDocs { after } => {
                // Paged in id order like the real relay, with small pages so stories cross them.
                let mut docs: Vec<(DocId, u64)> = self
                    .logs
                    .keys()
                    .filter(|d| after.is_none_or(|a| **d > a))
                    .map(|d| (*d, self.latest(*d)))
                    .filter(|(_, latest)| *latest > 0)
                    .collect();
                docs.sort();
                let more = docs.len() > DOCS_PAGE;
                docs.truncate(DOCS_PAGE);
                reply(ServerMessage::Docs { docs, more })
            }
            ClientMessage::Push { req, doc, kind, covers, data } => {
                // Like the real relay: a snapshot covers changes that exist, or it is refused.
                if kind == BlobKind::Snapshot && !(1..=self.latest(doc)).contains(&covers) {
                    return reply(ServerMessage::Error {
                        code: ErrorCode::BadSequence,
                        message: "snapshot covers changes this document does not have".into(),
                    });
                }
                let log = self.logs.entry(doc).or_default();
                // Snapshots live beside the change sequence, so change numbers stay contiguous.
                let seq = match kind {
                    BlobKind::Change => {
                        log.iter()
                            .filter(|e| e.kind == BlobKind::Change)
                            .map(|e| e.seq)
                            .max()
                            .unwrap_or(0)
                            + 1
                    }
                    BlobKind::Snapshot => covers,
                };
                log.push(Entry { seq, kind, covers, data: data.clone() });
                let mut out = reply(ServerMessage::Acked { req, doc, seq });
                if kind == BlobKind::Change {
                    let note = ServerMessage::Live { doc, blob: Blob { seq, kind, data } }.encode();
                    out.extend(
                        self.online.keys().filter(|d| **d != from).map(|d| (*d, note.clone())),
                    );
                }
                out
            }
            ClientMessage::Pull { doc, after } => reply(self.pull(doc, after, 5)),
            ClientMessage::Ping => reply(ServerMessage::Pong),
            other => panic!("the memory relay does not handle {other:?}"),
        }
    }

    /// Like the real relay: the newest snapshot covering more than `after`, then later changes,
    /// at most `page` items per frame.
    fn pull(&self, doc: DocId, after: u64, page: usize) -> ServerMessage {
        let log = self.logs.get(&doc).map(Vec::as_slice).unwrap_or(&[]);
        let mut items = Vec::new();
        let mut start = after;
        if let Some(snap) = log
            .iter()
            .filter(|e| e.kind == BlobKind::Snapshot && e.covers > after)
            .max_by_key(|e| e.covers)
        {
            items.push(Blob {
                seq: snap.covers,
                kind: BlobKind::Snapshot,
                data: snap.data.clone(),
            });
            start = snap.covers;
        }
        let changes: Vec<&Entry> =
            log.iter().filter(|e| e.kind == BlobKind::Change && e.seq > start).collect();
        let more = changes.len() > page;
        items.extend(changes.into_iter().take(page).map(|e| Blob {
            seq: e.seq,
            kind: e.kind,
            data: e.data.clone(),
        }));
        ServerMessage::Blobs { doc, items, more }
    }

    fn latest(&self, doc: DocId) -> u64 {
        let log = self.logs.get(&doc).map(Vec::as_slice).unwrap_or(&[]);
        log.iter().filter(|e| e.kind == BlobKind::Change).map(|e| e.seq).max().unwrap_or(0)
    }

    /// Stores a snapshot without any check, as a relay before issue 9 (or a hostile one) did.
    pub fn inject_snapshot(&mut self, doc: DocId, covers: u64, data: Vec<u8>) {
        let entry = Entry { seq: covers, kind: BlobKind::Snapshot, covers, data };
        self.logs.entry(doc).or_default().push(entry);
    }

    /// What an administrator's `delete-snapshot` does.
    pub fn remove_snapshots(&mut self, doc: DocId) {
        if let Some(log) = self.logs.get_mut(&doc) {
            log.retain(|e| e.kind != BlobKind::Snapshot);
        }
    }

    /// The first stored blob of `doc`, as a hostile member could copy it.
    pub fn pull_raw(&self, doc: DocId) -> Vec<u8> {
        self.logs[&doc][0].data.clone()
    }

    pub fn disconnect(&mut self, device: usize) {
        self.online.remove(&device);
    }

    /// Every stored byte, for checking that nothing readable reached the relay.
    pub fn all_bytes(&self) -> Vec<u8> {
        self.logs.values().flatten().flat_map(|e| e.data.clone()).collect()
    }
}
