//! The follow-through rules: given the records and "today", what is due. Plain functions, so
//! every rule is unit-tested without a browser; the app only shows their answers.
//!
//! "Due in N days" always means N calendar days in the agency's time zone: dates of
//! touchpoints are read in that zone before they are compared.

pub mod agenda;
pub mod appreciation;
pub mod duties;
pub mod events;
pub mod health;
pub mod leads;
pub mod messages;
pub mod preview;
pub mod recognition;
pub mod reviews;
pub mod sent;
pub mod today;

pub use agenda::{Agenda, Covered, Group, Item, PartnerRow, SetAsideTargets, Thing, Urgency};
pub use duties::{Duty, DutyState, referral_duties};
pub use today::{Aside, DutyDue, MeetingDue, SetAside, Today, today};
