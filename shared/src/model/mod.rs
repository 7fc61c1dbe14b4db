//! The referral network as the agency talks about it: partners, their contacts, the referrals
//! they send and every touchpoint we log with them.
//!
//! Records are plain structs; how they are stored in Automerge is derived (`Reconcile`,
//! `Hydrate`) so the document schema cannot drift from the model.

mod codes;
mod contact;
mod partner;
mod referral;
pub mod stored;
mod touchpoint;

pub use codes::Code;
pub use contact::{Contact, ContactRole, PreferredChannel};
pub use partner::{CheckInCadence, Partner, PartnerKind, PartnerTier};
pub use referral::{DeclineReason, Referral, ReferralStatus, Service, StatusChange};
pub use touchpoint::{Channel, Purpose, Touchpoint};
