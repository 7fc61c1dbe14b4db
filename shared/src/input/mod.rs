//! What staff type into the forms, and the checks that turn it into a record.
//!
//! Inputs hold text exactly as typed (so a form can be re-shown with its errors); `validate`
//! either returns the record to save or every problem, each naming its field.

mod contact;
mod event;
mod lead;
mod partner;
mod referral;
mod relations;
mod touchpoint;

pub use contact::ContactInput;
pub use event::EventInput;
pub use lead::LeadInput;
pub use partner::{PartnerInput, cadence_choices};
pub use referral::{ReferralInput, StatusInput};
pub use relations::{GiftInput, MeetingInput, ReviewInput, parse_dollars};
pub use touchpoint::TouchpointInput;
