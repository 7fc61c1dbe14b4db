//! The device side of sync, sans-IO: events in (socket opened, frame received, local changes
//! queued, a remote change stored), effects out (frames to send, changes to apply, outbox
//! entries to delete). The browser and the native tests drive the same code.
//!
//! Guarantees, given a driver that performs effects in order:
//! - A local change leaves the outbox only after the relay acknowledged storing it durably.
//! - A document's cursor (the relay sequence merged so far) advances only when the driver
//!   reports the change stored; after a crash, sync resumes from the last stored cursor.
//! - Nothing is lost to a dropped connection: in-flight pushes are resent and pulls resume.
//! - A cursor never moves past a snapshot this device cannot open, nor past the latest change
//!   number the relay reported for the document: such a snapshot stops that document's sync
//!   and is reported, instead of silently skipping every later change.

use std::collections::{BTreeMap, HashMap};

use super::backoff::reconnect_delay_ms;
use super::status::SyncStatus;
use crate::doc::DocKey;
use crate::protocol::{
    Blob, BlobKind, ClientMessage, DeviceId, DocId, ErrorCode, ServerMessage, TeamId, Token,
};
use crate::seal::{Opened, SealError, TeamKey};

/// Pushes awaiting acknowledgement at once.
const MAX_IN_FLIGHT: usize = 16;
/// Changes to a document after which a device uploads a snapshot.
pub const SNAPSHOT_EVERY: u32 = 64;
/// Silence after which the connection is presumed dead.
const DEAD_AFTER_MS: u64 = 75_000;
const PING_EVERY_MS: u64 = 25_000;

/// What a device needs to sign in and seal.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Credentials {
    pub team: TeamId,
    pub device: DeviceId,
    pub token: Token,
    pub key: TeamKey,
}

/// A local change waiting for the relay; `id` is the driver's durable outbox key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    pub id: u64,
    pub doc: DocKey,
    pub bytes: Vec<u8>,
}

/// A change from the relay for the driver to merge and store, cursor and all, atomically.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteChange {
    pub doc_id: DocId,
    pub seq: u64,
    /// The opened change, or why it could not be opened (then only the cursor moves on).
    pub content: Result<Opened, SealError>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Send(ClientMessage),
    Apply(RemoteChange),
    /// These outbox entries are on the relay; delete them.
    Sent(Vec<u64>),
    /// Please call `snapshot_ready` with the whole document.
    WantSnapshot {
        doc: DocKey,
        covers: u64,
    },
    /// The relay lost changes this device has (it was restored from a backup): please call
    /// `resend_ready` with the whole document, so nothing the relay forgot is lost.
    WantResend {
        doc: DocKey,
    },
    /// Close the socket (if open) and call `connected` on a new one after the delay.
    Reconnect {
        after_ms: u64,
    },
    /// The relay refused this device for good; stop syncing and tell the user.
    SignedOut {
        problem: String,
        action: String,
    },
    /// Remember this cursor: the relay's copy of our own change needs no pulling back.
    Cursor {
        doc_id: DocId,
        seq: u64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    Down { attempt: u32 },
    SigningIn,
    Live,
    SignedOut,
}

/// How long a tablet waits before trying a full relay again.
const FULL_RETRY_MS: u64 = 10 * 60_000;

pub struct SyncEngine {
    creds: Credentials,
    link: Link,
    /// Highest relay sequence stored locally, per document.
    cursors: HashMap<DocId, u64>,
    /// Highest sequence handed to the driver (stored or not yet).
    handed: HashMap<DocId, u64>,
    /// The relay's latest change number per document, as it last told us (list, live, ack).
    latest: HashMap<DocId, u64>,
    /// The pages of the document list received so far on this connection; a document missing
    /// from the whole list (not just from one page) means the relay lost it.
    listing: HashMap<DocId, u64>,
    names: HashMap<DocId, DocKey>,
    outbox: BTreeMap<u64, OutboxEntry>,
    in_flight: HashMap<u64, Vec<u64>>,
    next_req: u64,
    pulls: HashMap<DocId, u64>,
    /// Live changes arrived past a gap while a pull was in flight: pull again after it.
    repull: std::collections::HashSet<DocId>,
    since_snapshot: HashMap<DocId, u32>,
    last_heard_ms: u64,
    last_ping_ms: u64,
    synced_at_ms: Option<u64>,
    stopped: Option<(String, String)>,
}

impl SyncEngine {
    pub fn new(creds: Credentials, cursors: HashMap<DocId, u64>) -> Self {
        Self {
            creds,
            link: Link::Down { attempt: 0 },
            handed: cursors.clone(),
            latest: HashMap::new(),
            listing: HashMap::new(),
            cursors,
            names: HashMap::new(),
            outbox: BTreeMap::new(),
            in_flight: HashMap::new(),
            next_req: 1,
            pulls: HashMap::new(),
            repull: Default::default(),
            since_snapshot: HashMap::new(),
            last_heard_ms: 0,
            last_ping_ms: 0,
            synced_at_ms: None,
            stopped: None,
        }
    }

    pub fn team(&self) -> TeamId {
        self.creds.team
    }

    pub fn doc_id(&self, doc: DocKey) -> DocId {
        self.creds.key.doc_id(self.creds.team, doc)
    }

    /// Registers a document this device holds, so its changes can be named.
    pub fn know(&mut self, doc: DocKey) {
        self.names.insert(self.doc_id(doc), doc);
    }

    pub fn status(&self) -> SyncStatus {
        let waiting = self.outbox.len();
        if let Some((problem, action)) = &self.stopped {
            return SyncStatus::Stopped { problem: problem.clone(), action: action.clone() };
        }
        match self.link {
            Link::Down { .. } => SyncStatus::Offline { waiting },
            Link::SigningIn => SyncStatus::Connecting { waiting },
            Link::SignedOut => SyncStatus::Stopped {
                problem: "This device is no longer in the team".into(),
                action: "Join the team again with a new invite".into(),
            },
            Link::Live if self.is_idle() => match self.synced_at_ms {
                Some(at_ms) => SyncStatus::Synced { at_ms, waiting },
                None => SyncStatus::Syncing { waiting },
            },
            Link::Live => SyncStatus::Syncing { waiting },
        }
    }

    fn is_idle(&self) -> bool {
        self.outbox.is_empty() && self.pulls.is_empty() && self.handed == self.cursors
    }

    /// A socket to the relay is open.
    pub fn connected(&mut self, now_ms: u64) -> Vec<Effect> {
        if self.link == Link::SignedOut {
            return Vec::new();
        }
        self.link = Link::SigningIn;
        self.last_heard_ms = now_ms;
        self.last_ping_ms = now_ms;
        let c = &self.creds;
        vec![Effect::Send(ClientMessage::Hello { team: c.team, device: c.device, token: c.token })]
    }

    /// The socket closed or failed. `jitter` is uniform in [0, 1).
    pub fn disconnected(&mut self, jitter: f64) -> Vec<Effect> {
        if self.link == Link::SignedOut {
            return Vec::new();
        }
        let attempt = match self.link {
            Link::Down { attempt } => attempt + 1,
            _ => 0,
        };
        self.link = Link::Down { attempt };
        self.in_flight.clear();
        self.pulls.clear();
        self.repull.clear();
        self.handed = self.cursors.clone();
        vec![Effect::Reconnect { after_ms: reconnect_delay_ms(attempt, jitter) }]
    }

    /// Time passes: ping a quiet relay, give up on a silent one.
    pub fn tick(&mut self, now_ms: u64, jitter: f64) -> Vec<Effect> {
        if self.link != Link::Live && self.link != Link::SigningIn {
            return Vec::new();
        }
        if now_ms.saturating_sub(self.last_heard_ms) > DEAD_AFTER_MS {
            return self.disconnected(jitter);
        }
        if now_ms.saturating_sub(self.last_ping_ms) > PING_EVERY_MS {
            self.last_ping_ms = now_ms;
            return vec![Effect::Send(ClientMessage::Ping)];
        }
        Vec::new()
    }

    /// New local changes (or, at start, the whole outbox).
    pub fn queue(&mut self, entries: Vec<OutboxEntry>) -> Vec<Effect> {
        for e in entries {
            self.names.insert(self.doc_id(e.doc), e.doc);
            self.outbox.insert(e.id, e);
        }
        self.push_more()
    }

    fn push_more(&mut self) -> Vec<Effect> {
        if self.link != Link::Live {
            return Vec::new();
        }
        let busy: Vec<u64> = self.in_flight.values().flatten().copied().collect();
        let ready: Vec<OutboxEntry> = self
            .outbox
            .values()
            .filter(|e| !busy.contains(&e.id))
            .take(MAX_IN_FLIGHT.saturating_sub(self.in_flight.len()))
            .cloned()
            .collect();
        let mut effects = Vec::new();
        for entry in ready {
            let Ok(data) =
                self.creds.key.seal(self.creds.team, entry.doc, BlobKind::Change, 0, &entry.bytes)
            else {
                continue; // no randomness right now; the entry stays queued
            };
            let req = self.next_req;
            self.next_req += 1;
            self.in_flight.insert(req, vec![entry.id]);
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

    /// The driver stored a remote change (and its cursor) durably.
    pub fn applied(&mut self, doc_id: DocId, seq: u64) -> Vec<Effect> {
        let cursor = self.cursors.entry(doc_id).or_default();
        if seq > *cursor {
            *cursor = seq;
        }
        self.count_change(doc_id)
    }

    fn count_change(&mut self, doc_id: DocId) -> Vec<Effect> {
        let n = self.since_snapshot.entry(doc_id).or_default();
        *n += 1;
        if *n < SNAPSHOT_EVERY || self.link != Link::Live {
            return Vec::new();
        }
        *n = 0;
        match self.names.get(&doc_id) {
            Some(&doc) => vec![Effect::WantSnapshot {
                doc,
                covers: self.cursors.get(&doc_id).copied().unwrap_or(0),
            }],
            None => Vec::new(),
        }
    }

    /// The whole document, for new devices to start from instead of replaying every change.
    pub fn snapshot_ready(&mut self, doc: DocKey, covers: u64, bytes: &[u8]) -> Vec<Effect> {
        self.push_whole(doc, BlobKind::Snapshot, covers, bytes)
    }

    /// Pushes a whole document; its acknowledgement removes nothing from the outbox.
    fn push_whole(
        &mut self,
        doc: DocKey,
        kind: BlobKind,
        covers: u64,
        bytes: &[u8],
    ) -> Vec<Effect> {
        if self.link != Link::Live {
            return Vec::new();
        }
        let Ok(data) = self.creds.key.seal(self.creds.team, doc, kind, covers, bytes) else {
            return Vec::new();
        };
        if data.len() > crate::protocol::MAX_FRAME - 64 {
            return Vec::new(); // too big to upload as one; changes alone still sync it
        }
        let req = self.next_req;
        self.next_req += 1;
        self.in_flight.insert(req, Vec::new());
        vec![Effect::Send(ClientMessage::Push { req, doc: self.doc_id(doc), kind, covers, data })]
    }

    /// A frame from the relay.
    pub fn received(&mut self, frame: &[u8], now_ms: u64) -> Vec<Effect> {
        self.last_heard_ms = now_ms;
        let message = match ServerMessage::decode(frame) {
            Ok(m) => m,
            Err(e) => {
                self.stopped = Some((
                    format!("The relay sent something unreadable ({e})"),
                    "Check that the app and the relay are up to date".into(),
                ));
                return vec![Effect::Reconnect { after_ms: 5_000 }];
            }
        };
        match message {
            ServerMessage::Welcome { .. } => {
                self.link = Link::Live;
                self.stopped = None;
                self.listing.clear();
                let mut effects = vec![Effect::Send(ClientMessage::ListDocs { after: None })];
                effects.extend(self.push_more());
                effects
            }
            ServerMessage::Docs { docs, more } => {
                let mut effects = Vec::new();
                let last = docs.last().map(|(doc, _)| *doc);
                let listed_before = self.listing.len();
                for &(doc, latest) in &docs {
                    self.listing.insert(doc, latest);
                    self.latest.insert(doc, latest);
                    let have = self.handed.get(&doc).copied().unwrap_or(0);
                    if latest > have && !self.pulls.contains_key(&doc) {
                        effects.push(self.pull(doc));
                    }
                }
                // A page that adds nothing new ends the list, so a relay repeating one page
                // cannot keep a device asking forever.
                match last {
                    Some(after) if more && self.listing.len() > listed_before => {
                        effects.push(Effect::Send(ClientMessage::ListDocs { after: Some(after) }));
                        return effects;
                    }
                    _ => {
                        let listing = std::mem::take(&mut self.listing);
                        effects.extend(self.rolled_back(&listing));
                    }
                }
                if effects.is_empty() && self.is_idle() {
                    self.synced_at_ms = Some(now_ms);
                }
                effects
            }
            ServerMessage::Blobs { doc, items, more } => self.pulled(doc, items, more, now_ms),
            ServerMessage::Live { doc, blob } => self.live(doc, blob),
            ServerMessage::Acked { req, doc, seq } => self.acked(req, doc, seq, now_ms),
            ServerMessage::Error { code, message } => self.refused(code, message),
            ServerMessage::Pong | ServerMessage::Invite { .. } | ServerMessage::Devices { .. } => {
                Vec::new()
            }
        }
    }

    /// Documents where the relay is behind this device's cursor: it went back in time (a
    /// restore). The cursor follows it back, so later changes are not skipped, and the whole
    /// document goes up again as one change.
    fn rolled_back(&mut self, listed: &HashMap<DocId, u64>) -> Vec<Effect> {
        let behind: Vec<(DocId, u64)> = self
            .cursors
            .iter()
            .filter_map(|(doc, &have)| {
                let latest = listed.get(doc).copied().unwrap_or(0);
                (latest < have).then_some((*doc, latest))
            })
            .collect();
        let mut effects = Vec::new();
        for (doc_id, latest) in behind {
            self.cursors.insert(doc_id, latest);
            self.handed.insert(doc_id, latest);
            self.latest.insert(doc_id, latest);
            effects.push(Effect::Cursor { doc_id, seq: latest });
            if let Some(&doc) = self.names.get(&doc_id) {
                effects.push(Effect::WantResend { doc });
            }
        }
        effects
    }

    /// The whole document as one change, after the relay lost part of it.
    pub fn resend_ready(&mut self, doc: DocKey, bytes: &[u8]) -> Vec<Effect> {
        self.push_whole(doc, BlobKind::Change, 0, bytes)
    }

    /// The reply to our pull: everything after the cursor we asked from, in order.
    fn pulled(&mut self, doc: DocId, items: Vec<Blob>, more: bool, now_ms: u64) -> Vec<Effect> {
        self.pulls.remove(&doc);
        let mut effects = Vec::new();
        for blob in items {
            let handed = self.handed.get(&doc).copied().unwrap_or(0);
            if blob.seq <= handed {
                continue; // arrived live meanwhile, or a snapshot we are already past
            }
            let content = self.open(doc, &blob);
            if blob.kind == BlobKind::Snapshot {
                if let Some(problem) = self.unusable_snapshot(doc, blob.seq, &content) {
                    // The rest of the page follows the snapshot; applying it would skip changes.
                    // This document stays where it is until the snapshot is deleted.
                    self.stopped = Some(problem);
                    self.repull.remove(&doc);
                    return effects;
                }
            }
            effects.push(self.hand_over(doc, blob.seq, content));
        }
        if more || self.repull.remove(&doc) {
            effects.push(self.pull(doc));
        } else if self.pulls.is_empty() && self.outbox.is_empty() {
            self.synced_at_ms = Some(now_ms);
        }
        effects
    }

    /// Why a snapshot from the relay must not be applied: it claims to cover changes the relay
    /// says it does not have, or it does not open (random bytes, or re-pushed with a `covers` it
    /// was not sealed for). Its cursor would jump past changes this device never received.
    fn unusable_snapshot(
        &self,
        doc: DocId,
        covers: u64,
        content: &Result<Opened, SealError>,
    ) -> Option<(String, String)> {
        let latest = self.latest.get(&doc).copied().unwrap_or(0);
        let why = if covers > latest {
            format!("it claims to cover change {covers} but the relay has only {latest}")
        } else {
            match content {
                Ok(_) => return None,
                Err(e) => e.to_string(),
            }
        };
        Some((
            format!("The relay holds a damaged snapshot of a document, so it is not synced: {why}"),
            format!(
                "Tell your administrator: rapport-server delete-snapshot --doc {doc} --covers \
                 {covers}"
            ),
        ))
    }

    /// A change another device just stored. Applied only if it is the next one; after a gap
    /// the missing ones are pulled first (or after the pull already under way).
    fn live(&mut self, doc: DocId, blob: Blob) -> Vec<Effect> {
        let handed = self.handed.get(&doc).copied().unwrap_or(0);
        if blob.kind != BlobKind::Change || blob.seq <= handed {
            return Vec::new();
        }
        let latest = self.latest.entry(doc).or_default();
        *latest = (*latest).max(blob.seq);
        if blob.seq == handed + 1 {
            let content = self.open(doc, &blob);
            return vec![self.hand_over(doc, blob.seq, content)];
        }
        if self.pulls.contains_key(&doc) {
            self.repull.insert(doc);
            Vec::new()
        } else {
            vec![self.pull(doc)]
        }
    }

    fn pull(&mut self, doc: DocId) -> Effect {
        let after = self.handed.get(&doc).copied().unwrap_or(0);
        self.pulls.insert(doc, after);
        Effect::Send(ClientMessage::Pull { doc, after })
    }

    /// Opens a blob from the relay; a snapshot opens only as covering what it was sealed for.
    fn open(&self, doc: DocId, blob: &Blob) -> Result<Opened, SealError> {
        let covers = if blob.kind == BlobKind::Snapshot { blob.seq } else { 0 };
        self.creds.key.open(self.creds.team, doc, blob.kind, covers, &blob.data)
    }

    /// Passes an opened blob (or why it did not open) to the driver to store.
    fn hand_over(&mut self, doc: DocId, seq: u64, content: Result<Opened, SealError>) -> Effect {
        if let Ok(opened) = &content {
            self.names.insert(doc, opened.doc);
        }
        self.handed.insert(doc, seq);
        Effect::Apply(RemoteChange { doc_id: doc, seq, content })
    }

    fn acked(&mut self, req: u64, doc: DocId, seq: u64, now_ms: u64) -> Vec<Effect> {
        let Some(ids) = self.in_flight.remove(&req) else { return Vec::new() };
        let mut effects = Vec::new();
        if ids.is_empty() {
            self.since_snapshot.insert(doc, 0); // our snapshot landed
        } else {
            let latest = self.latest.entry(doc).or_default();
            *latest = (*latest).max(seq);
            for id in &ids {
                self.outbox.remove(id);
            }
            effects.push(Effect::Sent(ids));
            // Our own change is the next in line: no need to pull it back.
            let cursor = self.cursors.get(&doc).copied().unwrap_or(0);
            if seq == cursor + 1 && self.handed.get(&doc).copied().unwrap_or(0) == cursor {
                self.cursors.insert(doc, seq);
                self.handed.insert(doc, seq);
                effects.push(Effect::Cursor { doc_id: doc, seq });
            }
            effects.extend(self.count_change(doc));
        }
        effects.extend(self.push_more());
        if self.is_idle() {
            self.synced_at_ms = Some(now_ms);
        }
        effects
    }

    fn refused(&mut self, code: ErrorCode, message: String) -> Vec<Effect> {
        match code {
            ErrorCode::Unauthorized | ErrorCode::Revoked => {
                self.link = Link::SignedOut;
                let problem = if code == ErrorCode::Revoked {
                    "This device was removed from the team".to_string()
                } else {
                    format!("The relay does not recognise this device ({message})")
                };
                let action =
                    "Changes stay on this tablet. Ask a teammate for a new invite to rejoin."
                        .to_string();
                self.stopped = Some((problem.clone(), action.clone()));
                vec![Effect::SignedOut { problem, action }]
            }
            // The socket closes next; `disconnected` reconnects with jittered backoff, so a
            // whole team does not come back in the same instant.
            ErrorCode::Restarting => Vec::new(),
            // The relay is full: changes wait on this tablet; someone has to make room. Try
            // again now and then, so sync resumes by itself once there is room.
            ErrorCode::DiskFull | ErrorCode::TeamQuota | ErrorCode::DeviceQuota => {
                let problem = match code {
                    ErrorCode::DiskFull => {
                        "The relay is full: its disk has no room for new changes"
                    }
                    ErrorCode::TeamQuota => {
                        "The relay is full: your team has used all the storage it is allowed"
                    }
                    _ => {
                        "The relay is full: this tablet has used all the storage one device is allowed"
                    }
                };
                self.stopped = Some((
                    problem.to_string(),
                    "Your changes are safe on this tablet and will sync later. Ask your \
                     administrator to free space on the relay or raise its limit."
                        .to_string(),
                ));
                vec![Effect::Reconnect { after_ms: FULL_RETRY_MS }]
            }
            // A membership request (invite, remove, role) was refused; syncing is unaffected.
            ErrorCode::NotAdmin | ErrorCode::LastAdmin => Vec::new(),
            code if code.is_retryable() => vec![Effect::Reconnect { after_ms: 5_000 }],
            // This engine only asks for numbers it has: the relay refuses one when it went back
            // in time (a restore) since this device chose a snapshot's `covers`. Nothing is
            // lost; the next snapshot will fit, and the list on reconnect heals the cursor.
            ErrorCode::BadSequence => Vec::new(),
            // Updating this tablet would not help: the team's relay is full.
            ErrorCode::TooManyDocs => {
                self.stopped = Some((
                    format!("The relay refused a new document: {message}"),
                    "Changes stay on this tablet. Tell your administrator that the relay has \
                     reached its document limit"
                        .into(),
                ));
                Vec::new()
            }
            _ => {
                self.stopped = Some((
                    format!("The relay refused a change: {message}"),
                    "Update Rapport on this tablet; if it persists, tell your administrator".into(),
                ));
                Vec::new()
            }
        }
    }

    /// The cursor stored for `doc`, for the driver to persist and for tests.
    pub fn cursor(&self, doc: DocId) -> u64 {
        self.cursors.get(&doc).copied().unwrap_or(0)
    }

    pub fn waiting(&self) -> usize {
        self.outbox.len()
    }
}
