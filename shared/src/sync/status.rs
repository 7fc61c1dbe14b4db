//! What the sync indicator says. Never silent: every state says what is happening and, when
//! something is wrong, what to do.

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
    /// Sync stopped; `action` says what the user must do.
    Stopped {
        problem: String,
        action: String,
    },
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
