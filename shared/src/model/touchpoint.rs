//! Touchpoints: every logged interaction with a partner, which is what keeps cadences honest.

use autosurgeon::Reconcile;
use chrono::{DateTime, Utc};

use super::codes::code_enum;
use super::stored::instant;
use crate::{ContactId, PartnerId, ReferralId, TouchpointId};

code_enum!(
    /// How we reached the partner.
    Channel {
        Visit => ("visit", "Visit"),
        Call => ("call", "Call"),
        Email => ("email", "Email"),
        Text => ("text", "Text"),
        Meeting => ("meeting", "Meeting"),
        Event => ("event", "Event"),
        Mail => ("mail", "Mail"),
    }
);

code_enum!(
    /// Why we reached out.
    Purpose {
        CheckIn => ("check-in", "Check-in"),
        ThankYou => ("thank-you", "Thank-you"),
        DecisionNotice => ("decision-notice", "Decision notice"),
        ProgressUpdate => ("progress-update", "Progress update"),
        FeedbackRequest => ("feedback-request", "Feedback request"),
        CarePlanMeeting => ("care-plan-meeting", "Care-plan meeting"),
        Appreciation => ("appreciation", "Appreciation"),
        Other => ("other", "Other"),
    }
);

#[derive(Debug, Clone, PartialEq, Reconcile)]
pub struct Touchpoint {
    pub id: TouchpointId,
    pub partner_id: PartnerId,
    pub contact_id: Option<ContactId>,
    pub referral_id: Option<ReferralId>,
    #[autosurgeon(reconcile = "instant")]
    pub at: DateTime<Utc>,
    pub channel: Channel,
    pub purpose: Purpose,
    pub note: String,
    /// Staff member who logged it, as named in the device settings.
    pub logged_by: String,
    /// The device it was logged on, so a team can tell tablets apart.
    pub device: String,
}
