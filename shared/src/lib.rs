//! Rapport's shared core: the referral-network domain model, how it is laid out in Automerge
//! documents, the pure rules the screens show, sealing, and the sync protocol, and the crypto
//! that protects a tablet: its data at rest (`vault`) and team key epochs (`keyring`).
//!
//! Invariant: nothing here performs IO. Browser storage, sockets and SQL live in `app` and
//! `server`; this crate takes bytes, times and random seeds in and hands results back, so every
//! rule is unit-tested natively. Without the `documents` feature only the wire protocol (and
//! the hex text of its ids) is built: that is all the relay may see.

pub mod hex;
pub mod protocol;

#[cfg(feature = "documents")]
pub mod backup;
#[cfg(feature = "documents")]
pub mod cadence;
#[cfg(feature = "documents")]
pub mod calendar;
#[cfg(feature = "documents")]
pub mod doc;
#[cfg(feature = "documents")]
pub mod ids;
#[cfg(feature = "documents")]
pub mod input;
#[cfg(feature = "documents")]
pub mod install;
#[cfg(feature = "documents")]
pub mod keyring;
#[cfg(feature = "documents")]
pub mod model;
#[cfg(feature = "documents")]
pub mod network;
#[cfg(feature = "documents")]
pub mod reports;
#[cfg(feature = "documents")]
pub mod sample;
#[cfg(feature = "documents")]
pub mod seal;
#[cfg(feature = "documents")]
pub mod spreadsheet;
#[cfg(feature = "documents")]
pub mod sync;
#[cfg(feature = "documents")]
pub mod validation;
#[cfg(feature = "documents")]
pub mod vault;
#[cfg(feature = "documents")]
pub mod workflow;

#[cfg(feature = "documents")]
pub use ids::{
    ContactId, EventId, EventSeriesId, GiftId, IdParseError, ImportId, LeadId, MeetingId,
    PartnerId, ReferralId, ReviewId, TouchpointId,
};
#[cfg(feature = "documents")]
pub use model::*;
#[cfg(feature = "documents")]
pub use network::ReferralNetwork;
