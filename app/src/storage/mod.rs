//! Where Rapport keeps data on the device: Automerge documents as chunks in IndexedDB, and
//! small per-device settings in localStorage.

pub mod chunks;
pub mod idb;
pub mod outbox;
mod schema;
pub mod settings;
pub mod wipe;

pub use chunks::{ChunkStore, Quarantined};
pub use idb::StorageError;
pub use settings::{DeviceSettings, SettingsError};
