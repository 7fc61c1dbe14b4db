//! The relationship work around referrals: care-plan meetings, key-partner reviews, and the
//! appreciation ledger.

use autosurgeon::Reconcile;
use chrono::{DateTime, NaiveDate, Utc};

use super::codes::code_enum;
use super::stored::{date, instant};
use crate::{ContactId, EventId, GiftId, MeetingId, PartnerId, ReferralId, ReviewId};

/// A care-plan meeting with the referrer about a referral with complex needs.
#[derive(Debug, Clone, PartialEq, Reconcile)]
pub struct Meeting {
    pub id: MeetingId,
    pub referral_id: ReferralId,
    pub partner_id: PartnerId,
    #[autosurgeon(reconcile = "instant")]
    pub at: DateTime<Utc>,
    /// Who will attend, as typed.
    pub attendees: String,
    pub agenda: String,
    /// Notes on the outcome, once held. No clinical detail beyond what the care plan needs.
    pub outcome: String,
    pub held: bool,
    pub cancelled: bool,
}

/// One answer in a review: a 1–5 score, or text.
#[derive(Debug, Clone, PartialEq, Reconcile)]
pub struct Answer {
    pub question: String,
    pub score: Option<u8>,
    pub text: String,
}

/// A key partner's review or survey: what they said, who said it, what we will do.
#[derive(Debug, Clone, PartialEq, Reconcile)]
pub struct Review {
    pub id: ReviewId,
    pub partner_id: PartnerId,
    #[autosurgeon(reconcile = "date")]
    pub on: NaiveDate,
    pub answered_by: String,
    pub answers: Vec<Answer>,
    pub follow_up: String,
}

code_enum!(
    /// Forms of appreciation. There is deliberately no cash: cash and cash equivalents are
    /// never allowed.
    GiftKind {
        Gift => ("gift", "Gift"),
        Meal => ("meal", "Meal or refreshments"),
        EventInvitation => ("event", "Event invitation"),
        Spotlight => ("spotlight", "Spotlight or public thanks"),
        Other => ("other", "Other"),
    }
);

/// An entry in the appreciation ledger, with its fair value.
#[derive(Debug, Clone, PartialEq, Reconcile)]
pub struct Gift {
    pub id: GiftId,
    pub partner_id: PartnerId,
    /// The person who received it, when it went to one person.
    pub contact_id: Option<ContactId>,
    #[autosurgeon(reconcile = "date")]
    pub on: NaiveDate,
    pub kind: GiftKind,
    pub description: String,
    pub value_cents: u32,
    /// The event it was given at (a meal at the appreciation lunch): such gifts are recorded
    /// for all attendees at once, and recording again replaces them.
    pub event_id: Option<EventId>,
}
