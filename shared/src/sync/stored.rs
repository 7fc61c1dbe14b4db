//! What a device keeps about sync (its membership, its cursors) and tells its other tabs (the
//! status), as JSON through serde. Hand-written text encodings once lost a millisecond
//! timestamp in a 32-bit `usize` on wasm32 while the native test passed.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::protocol::DocId;

/// Per document, the relay sequence merged so far.
pub type Cursors = BTreeMap<DocId, u64>;

/// The value as JSON text.
pub fn to_text<T: Serialize>(value: &T) -> String {
    // Our types have string keys and no non-string map keys, so this cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

/// The value read back, or `None` if the text is not one.
pub fn from_text<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_str(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{DeviceId, TeamId, Token};
    use crate::seal::TeamKey;
    use crate::sync::{Credentials, RelayFull, SnapshotFault, StopReason, SyncStatus};

    #[test]
    fn every_status_round_trips_including_timestamps_beyond_32_bits() {
        for s in [
            SyncStatus::NotInTeam,
            SyncStatus::Offline { waiting: 3 },
            SyncStatus::Synced { at_ms: 1_790_000_000_000, waiting: usize::MAX },
            SyncStatus::Stopped {
                reason: StopReason::Unrecognised { message: "Removed\u{1f}x".into() },
            },
            SyncStatus::Stopped { reason: StopReason::RelayFull { full: RelayFull::TeamQuota } },
            SyncStatus::Stopped {
                reason: StopReason::DamagedSnapshot {
                    doc: DocId([5; 16]),
                    covers: u64::MAX,
                    fault: SnapshotFault::BeyondLatest { latest: 3 },
                },
            },
        ] {
            assert_eq!(from_text::<SyncStatus>(&to_text(&s)), Some(s));
        }
    }

    #[test]
    fn cursors_and_credentials_round_trip_and_garbage_is_none() {
        let cursors: Cursors = [(DocId([7; 16]), u64::MAX), (DocId([1; 16]), 3)].into();
        assert_eq!(from_text::<Cursors>(&to_text(&cursors)), Some(cursors));
        let creds = Credentials {
            team: TeamId([1; 16]),
            device: DeviceId([2; 16]),
            token: Token([3; 16]),
            key: TeamKey::from_hex(&"ab".repeat(32)).unwrap(),
        };
        let back: Credentials = from_text(&to_text(&creds)).unwrap();
        assert_eq!((back.team, back.device, back.token), (creds.team, creds.device, creds.token));
        assert_eq!(back.key, creds.key);
        assert_eq!(from_text::<Cursors>("team=…\nkey=…"), None);
        assert_eq!(from_text::<Credentials>(r#"{"team":"zz"}"#).map(|c| c.team), None);
    }
}
