//! Multi-device sync through a relay that only ever sees sealed bytes.
//!
//! Each document is an append-only log on the relay; a device pushes its own changes (sealed)
//! and pulls everything after its cursor. Now and then a device uploads a sealed snapshot so a
//! new device does not replay thousands of small changes. See `engine` for the guarantees.

mod backoff;
mod engine;
mod invite;
mod status;
pub mod stored;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use backoff::reconnect_delay_ms;
pub use engine::{Credentials, Effect, OutboxEntry, RemoteChange, SNAPSHOT_EVERY, SyncEngine};
pub use invite::{Invite, InviteParseError, setup_code};
pub use status::{RelayFull, SnapshotFault, StopReason, SyncStatus};

#[cfg(test)]
mod tests;
