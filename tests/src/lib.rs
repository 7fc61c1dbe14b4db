//! Test devices and relays for cross-crate tests and benchmarks: the real sync engine and
//! documents on native devices, talking over real sockets to the real relay and its SQLite file.

pub mod device;
pub mod relay;

use chrono::{DateTime, Utc};
use shared::{CheckInCadence, Partner, PartnerId, PartnerKind, PartnerTier};

pub use device::Device;
pub use relay::{SpawnedRelay, TestRelay};

/// A partner with a recognisable name.
pub fn partner(n: u128, name: &str) -> Partner {
    Partner {
        id: PartnerId::from_parts(1_780_000_000_000, n),
        kind: PartnerKind::Hospital,
        name: name.into(),
        address: String::new(),
        phone: String::new(),
        tier: PartnerTier::Key,
        cadence: CheckInCadence::Monthly,
        tags: vec![],
        notes: String::new(),
        archived: false,
    }
}

pub fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap_or_default()
}
