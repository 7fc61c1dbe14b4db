//! What the sync indicator says. Never silent: every state says what is happening and, when
//! something is wrong, why; the app puts a `StopReason` into words, with what to do.

use crate::protocol::DocId;

/// The device's sync state, as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SyncStatus {
    /// Not part of a team: data stays on this device.
    NotInTeam,
    /// No connection; `waiting` local changes will go when it returns.
    Offline {
        waiting: usize,
    },
    Connecting {
        waiting: usize,
    },
    Syncing {
        waiting: usize,
    },
    /// Up to date with the relay at `at_ms` (Unix milliseconds).
    Synced {
        at_ms: u64,
        waiting: usize,
    },
    /// Sync stopped until someone acts on `reason`.
    Stopped {
        reason: StopReason,
    },
}

/// Why sync stopped. The app words each with what the person should do; the details are what
/// that advice needs (a document and snapshot number for the administrator, the relay's text).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StopReason {
    /// Occurs when the relay sends a frame this device cannot decode: one of them is outdated.
    UnreadableFrame { error: String },
    /// Occurs when the relay does not know this device or its token: it must join again.
    Unrecognised { message: String },
    /// Occurs when this device was removed from the team: the app wipes its local data (the
    /// team's data is on the relay), and it must join again to use the team's data.
    Revoked,
    /// Occurs when the relay has no room for more changes; they wait on the device.
    RelayFull { full: RelayFull },
    /// Occurs when the team has as many documents as the relay allows.
    TooManyDocs { message: String },
    /// Occurs when the relay refuses a change for a reason updating the app may cure.
    Refused { message: String },
    /// Occurs when the relay holds a snapshot of `doc` this device must not apply; it stays
    /// unsynced until an administrator deletes the snapshot covering `covers`.
    DamagedSnapshot { doc: DocId, covers: u64, fault: SnapshotFault },
    /// Occurs when the team key was rotated to `epoch` and this device has not received it (it
    /// was left out, or registered no key): its changes wait, and blobs under that epoch wait
    /// unopened, until an admin shares the key or the device rejoins.
    MissingKeyUpdate { epoch: u32 },
}

impl StopReason {
    /// Whether the app must wipe this device's local data: it was removed from the team, so
    /// whatever it still holds should not stay readable on it.
    pub fn wipes_local_data(&self) -> bool {
        matches!(self, Self::Revoked)
    }
}

/// Which of the relay's limits is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelayFull {
    /// Its disk has no room for new changes.
    Disk,
    /// The team has used all the storage it is allowed.
    TeamQuota,
    /// This device has used all the storage one device is allowed.
    DeviceQuota,
}

/// What is wrong with a snapshot the relay holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SnapshotFault {
    /// It claims to cover more changes than the relay has.
    BeyondLatest { latest: u64 },
    /// It does not open with the team key for the number it claims to cover.
    Unopenable { error: String },
}

impl SyncStatus {
    /// Local changes not yet on the relay.
    pub fn waiting(&self) -> usize {
        match self {
            Self::Offline { waiting }
            | Self::Connecting { waiting }
            | Self::Syncing { waiting }
            | Self::Synced { waiting, .. } => *waiting,
            Self::NotInTeam | Self::Stopped { .. } => 0,
        }
    }
}
