//! Rapport's shared core: the referral-network domain model, how it is laid out in Automerge
//! documents, and the pure rules the screens show.
//!
//! Invariant: nothing here performs IO. Browser storage, sockets and SQL live in `app` and
//! `server`; this crate takes bytes, times and random seeds in and hands results back, so every
//! rule is unit-tested natively.

pub mod cadence;
pub mod doc;
pub mod ids;
pub mod input;
pub mod model;
pub mod network;
pub mod protocol;
pub mod sample;
pub mod validation;

pub use ids::{ContactId, IdParseError, PartnerId, ReferralId, TouchpointId};
pub use model::*;
pub use network::ReferralNetwork;
