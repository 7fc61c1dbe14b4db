//! Where Rapport keeps data on the device: Automerge documents as chunks in IndexedDB, sealed
//! with the tablet's data key (`sealed`), the lock screen's profiles in the clear (`profiles`),
//! and small per-device settings that are not health information in localStorage.

pub mod chunks;
pub mod idb;
pub mod migrate;
pub mod outbox;
mod pack;
pub mod profiles;
mod schema;
pub mod sealed;
pub mod settings;
pub mod wipe;

pub use chunks::{ChunkStore, Quarantined};
pub use idb::StorageError;
pub use settings::{DeviceSettings, SettingsError};
