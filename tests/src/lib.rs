//! Test devices and relays for cross-crate tests and benchmarks: the real sync engine and
//! documents on native devices, talking over real sockets to the real relay and its SQLite file.

pub mod device;
pub mod relay;

use chrono::{DateTime, Utc};

pub use device::Device;
pub use relay::{SpawnedRelay, TestRelay};
pub use shared::sync::testing::partner;

pub fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap_or_default()
}
