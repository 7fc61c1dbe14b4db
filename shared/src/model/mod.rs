//! The referral network as the agency talks about it: partners, their contacts, the referrals
//! they send and every touchpoint we log with them.
//!
//! Records are plain structs. Writing them into Automerge is derived (`Reconcile`); reading
//! them back lives in `doc::record`, pinned to the writer by round-trip tests.

mod codes;
mod contact;
mod event;
mod event_template;
mod import_batch;
mod lead;
mod partner;
mod policy;
mod referral;
mod relations;
pub mod stored;
mod touchpoint;

pub use codes::Code;
pub use contact::{Contact, ContactRole, PreferredChannel};
pub use event::{
    Event, EventFollowUp, EventKind, EventSeries, EventStatus, Invitation, InvitationStatus,
};
pub use event_template::{EVENT_PLACEHOLDERS, EventMessage, EventTemplate};
pub use import_batch::ImportBatch;
pub use lead::{Lead, LeadInterest, LeadOutcome, LeadTriage};
pub use partner::{CheckInCadence, Partner, PartnerKind, PartnerTier};
pub use policy::{
    AgencyPolicy, DEFAULT_IDLE_LOCK_MINUTES, IDLE_LOCK_MINUTES, PolicyError, Question, Template,
    idle_lock_minutes,
};
pub use referral::{
    DeclineReason, Disclosed, Disclosure, Dismissal, DutyKind, Referral, ReferralStatus, Service,
    SharingConsent, StatusChange,
};
pub use relations::{Answer, Gift, GiftKind, Meeting, Review};
pub use touchpoint::{Channel, Purpose, Touchpoint};
