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
//!
//! Pushing (the outbox, snapshots, acknowledgements) is in `push`; pulling (the document list,
//! pulls, live changes, a relay that went back in time) is in `pull`; team key epochs
//! (registering, accepting, rotating) in `keys`; the connection itself (opened, dropped, frames
//! received, refusals) in `connection`.

mod connection;
mod keys;
mod pull;
mod push;

use std::collections::{BTreeMap, HashMap};

use super::backoff::reconnect_delay_ms;
use super::status::{RelayFull, StopReason, SyncStatus};
use crate::doc::DocKey;
use crate::keyring::Keyring;
use crate::protocol::{ClientMessage, DeviceId, DocId, ErrorCode, ServerMessage, TeamId, Token};
use crate::seal::{Opened, SealError, TeamKey};

/// Changes to a document after which a device uploads a snapshot.
pub const SNAPSHOT_EVERY: u32 = 64;
/// Silence after which the connection is presumed dead.
const DEAD_AFTER_MS: u64 = 75_000;
const PING_EVERY_MS: u64 = 25_000;
/// How long a tablet waits before trying a full relay again.
const FULL_RETRY_MS: u64 = 10 * 60_000;
/// How long a device waits before retrying after a refusal that reconnecting may cure.
const RETRY_MS: u64 = 5_000;

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
    /// The relay refused this device for good; stop syncing and tell the user why.
    SignedOut {
        reason: StopReason,
    },
    /// Remember this cursor: the relay's copy of our own change needs no pulling back.
    Cursor {
        doc_id: DocId,
        seq: u64,
    },
    /// This device accepted or made a new team key epoch: keep this keyring (in encrypted
    /// storage, in place of the old one) so blobs under it open after a restart.
    KeysChanged(Keyring),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    Down { attempt: u32 },
    SigningIn,
    Live,
    SignedOut,
}

/// What this device knows about syncing one document, by the id the relay knows it by.
#[derive(Debug, Clone, Default)]
struct DocSync {
    /// Which document this is, once a local change or an opened blob named it.
    name: Option<DocKey>,
    /// Highest relay sequence stored locally.
    cursor: u64,
    /// Highest sequence handed to the driver (stored or not yet).
    handed: u64,
    /// The relay's latest change number, as it last told us (list, live, ack).
    latest: u64,
    /// A pull is in flight on this connection.
    pulling: bool,
    /// Live changes arrived past a gap while a pull was in flight: pull again after it.
    repull: bool,
    /// Changes stored since the last snapshot this device uploaded or took.
    since_snapshot: u32,
}

/// A push awaiting the relay's acknowledgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum InFlight {
    /// An outbox entry: its acknowledgement removes it from the outbox.
    Change(u64),
    /// A whole document (a snapshot, or a resend after the relay lost changes): its
    /// acknowledgement removes nothing from the outbox.
    Whole,
}

pub struct SyncEngine {
    creds: Credentials,
    link: Link,
    docs: HashMap<DocId, DocSync>,
    /// The pages of the document list received so far on this connection; a document missing
    /// from the whole list (not just from one page) means the relay lost it.
    listing: HashMap<DocId, u64>,
    outbox: BTreeMap<u64, OutboxEntry>,
    in_flight: HashMap<u64, InFlight>,
    next_req: u64,
    last_heard_ms: u64,
    last_ping_ms: u64,
    synced_at_ms: Option<u64>,
    stopped: Option<StopReason>,
    keys: keys::Keys,
}

impl SyncEngine {
    pub fn new(creds: Credentials, cursors: HashMap<DocId, u64>) -> Self {
        let docs = cursors
            .into_iter()
            .map(|(id, cursor)| (id, DocSync { cursor, handed: cursor, ..DocSync::default() }))
            .collect();
        Self {
            link: Link::Down { attempt: 0 },
            docs,
            listing: HashMap::new(),
            outbox: BTreeMap::new(),
            in_flight: HashMap::new(),
            next_req: 1,
            last_heard_ms: 0,
            last_ping_ms: 0,
            synced_at_ms: None,
            stopped: None,
            keys: keys::Keys::new(Keyring::new(creds.key.clone())),
            creds,
        }
    }

    pub fn team(&self) -> TeamId {
        self.creds.team
    }

    pub fn doc_id(&self, doc: DocKey) -> DocId {
        self.keys.keyring.doc_id(self.creds.team, doc)
    }

    /// Registers a document this device holds, so its changes can be named.
    pub fn know(&mut self, doc: DocKey) {
        let id = self.doc_id(doc);
        self.doc(id).name = Some(doc);
    }

    /// The sync state of `id`, created empty on first mention.
    fn doc(&mut self, id: DocId) -> &mut DocSync {
        self.docs.entry(id).or_default()
    }

    /// Reads one field of a document's state; a document never mentioned reads as empty.
    fn read<T: Default>(&self, id: DocId, field: impl Fn(&DocSync) -> T) -> T {
        self.docs.get(&id).map(field).unwrap_or_default()
    }

    pub fn status(&self) -> SyncStatus {
        let waiting = self.outbox.len();
        if let Some(reason) = &self.stopped {
            return SyncStatus::Stopped { reason: reason.clone() };
        }
        match self.link {
            Link::Down { .. } => SyncStatus::Offline { waiting },
            Link::SigningIn => SyncStatus::Connecting { waiting },
            // Not reached: signing out always records its reason in `stopped`.
            Link::SignedOut => SyncStatus::Stopped { reason: StopReason::Revoked },
            Link::Live if self.is_idle() => match self.synced_at_ms {
                Some(at_ms) => SyncStatus::Synced { at_ms, waiting },
                None => SyncStatus::Syncing { waiting },
            },
            Link::Live => SyncStatus::Syncing { waiting },
        }
    }

    fn is_idle(&self) -> bool {
        self.outbox.is_empty() && self.docs.values().all(|d| !d.pulling && d.handed == d.cursor)
    }

    /// The cursor stored for `doc`, for the driver to persist and for tests.
    pub fn cursor(&self, doc: DocId) -> u64 {
        self.read(doc, |d| d.cursor)
    }

    pub fn waiting(&self) -> usize {
        self.outbox.len()
    }
}
