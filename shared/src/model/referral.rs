//! Referrals: who sent which participant, for which services, and where it stands.
//!
//! Participant details are protected health information, so a referral holds only the minimum
//! necessary: a name or initials as the referrer gave them and an optional waiver program. There
//! is deliberately no diagnosis or clinical-notes field.

use autosurgeon::Reconcile;
use chrono::{DateTime, NaiveDate, Utc};

use super::codes::code_enum;
use super::stored::{date, instant, opt_date};
use crate::{ContactId, PartnerId, ReferralId};

code_enum!(
    /// Home- and community-based waiver services the participant was referred for.
    Service {
        PersonalCare => ("personal-care", "Personal care"),
        Homemaker => ("homemaker", "Homemaker"),
        Respite => ("respite", "Respite"),
        AdultDay => ("adult-day", "Adult day"),
        Other => ("other", "Other"),
    }
);

code_enum!(
    /// Where a referral stands. Received → contacted → assessment scheduled → one outcome.
    ReferralStatus {
        Received => ("received", "Received"),
        Contacted => ("contacted", "Contacted"),
        AssessmentScheduled => ("assessment-scheduled", "Assessment scheduled"),
        ServicesStarted => ("services-started", "Services started"),
        Declined => ("declined", "Declined"),
        NotEligible => ("not-eligible", "Not eligible"),
        Waitlisted => ("waitlisted", "Waitlisted"),
        Withdrawn => ("withdrawn", "Withdrawn"),
    }
);

impl ReferralStatus {
    /// A closed referral needs no more intake work.
    pub fn is_closed(self) -> bool {
        matches!(self, Self::ServicesStarted | Self::Declined | Self::NotEligible | Self::Withdrawn)
    }

    /// The step staff most likely record next, offered first in the status form.
    pub fn next(self) -> Self {
        match self {
            Self::Received => Self::Contacted,
            Self::Contacted | Self::Waitlisted => Self::AssessmentScheduled,
            Self::AssessmentScheduled => Self::ServicesStarted,
            closed => closed,
        }
    }
}

code_enum!(
    /// Why a referral was declined; reported back to the referrer.
    DeclineReason {
        ParticipantDeclined => ("participant-declined", "Participant declined services"),
        ChoseOtherProvider => ("other-provider", "Chose another provider"),
        Unreachable => ("unreachable", "Could not reach participant"),
        OutsideServiceArea => ("outside-area", "Outside our service area"),
        NoCapacity => ("no-capacity", "No staff capacity"),
        EnteredFacility => ("entered-facility", "Entered a hospital or facility"),
        Other => ("other", "Other reason"),
    }
);

/// One step in a referral's history; the history is append-only so concurrent updates from two
/// devices both survive a merge.
#[derive(Debug, Clone, PartialEq, Reconcile)]
pub struct StatusChange {
    pub status: ReferralStatus,
    /// The day the status changed, as staff report it.
    #[autosurgeon(reconcile = "date")]
    pub on: NaiveDate,
    pub reason: Option<DeclineReason>,
    /// When it was recorded; breaks ties between changes on the same day.
    #[autosurgeon(reconcile = "instant")]
    pub recorded_at: DateTime<Utc>,
}

code_enum!(
    /// What the participant agreed the agency may tell the referrer. Messages never include
    /// more than this; the default is nothing.
    SharingConsent {
        Nothing => ("nothing", "Nothing about the participant"),
        StatusOnly => ("status", "Referral status only"),
        StatusAndServices => ("status-services", "Status and services"),
        CareDetails => ("care", "Status, services and care details"),
    }
);

code_enum!(
    /// Follow-through owed to the referrer after a referral.
    DutyKind {
        ThankYou => ("thank-you", "Thank-you to the referrer"),
        DecisionNotice => ("decision-notice", "Decision notice"),
        ProgressUpdate => ("progress-update", "Progress update"),
        FeedbackRequest => ("feedback-request", "“How did the referral go?” request"),
    }
);

impl DutyKind {
    /// The short verb on the button that starts this duty's message (Today's rows).
    pub fn action(self) -> &'static str {
        match self {
            DutyKind::ThankYou => "Thank them",
            DutyKind::DecisionNotice => "Send decision",
            DutyKind::ProgressUpdate => "Send update",
            DutyKind::FeedbackRequest => "Ask for feedback",
        }
    }
}

/// A duty set aside on purpose, with the reason (e.g. "referrer asked for no updates").
#[derive(Debug, Clone, PartialEq, Reconcile)]
pub struct Dismissal {
    pub duty: DutyKind,
    pub reason: String,
    #[autosurgeon(reconcile = "date")]
    pub on: NaiveDate,
    pub by: String,
}

code_enum!(
    /// A piece of participant information a message carried.
    Disclosed {
        Participant => ("participant", "Participant's name or initials"),
        Status => ("status", "Referral status"),
        Reason => ("reason", "Reason for the decision"),
        Services => ("services", "Services"),
        CareDetails => ("care", "Care details"),
    }
);

/// One message drafted about the participant: who sent what, when, how. Kept for
/// accounting of disclosures.
#[derive(Debug, Clone, PartialEq, Reconcile)]
pub struct Disclosure {
    #[autosurgeon(reconcile = "instant")]
    pub at: DateTime<Utc>,
    pub by: String,
    pub to: String,
    pub channel: crate::Channel,
    pub fields: Vec<Disclosed>,
    pub purpose: crate::Purpose,
}

#[derive(Debug, Clone, PartialEq, Reconcile)]
pub struct Referral {
    pub id: ReferralId,
    pub partner_id: PartnerId,
    pub contact_id: Option<ContactId>,
    #[autosurgeon(reconcile = "date")]
    pub received_on: NaiveDate,
    /// Name or initials, as entered; nothing more.
    pub participant: String,
    /// Waiver program, if the referrer named one; empty when not recorded.
    pub waiver_program: String,
    pub services: Vec<Service>,
    pub status_history: Vec<StatusChange>,
    pub consent: SharingConsent,
    pub dismissed: Vec<Dismissal>,
    pub disclosures: Vec<Disclosure>,
    /// Staff set this referral's follow-ups aside until this day (inclusive): Today leaves
    /// them out until then. Stored on the referral so the team sees it; absent in older documents.
    #[autosurgeon(reconcile = "opt_date")]
    pub follow_ups_set_aside_until: Option<NaiveDate>,
}

impl Referral {
    /// Whether the follow-ups are set aside on `today`.
    pub fn follow_ups_set_aside(&self, today: NaiveDate) -> bool {
        self.follow_ups_set_aside_until.is_some_and(|until| today <= until)
    }

    /// The latest status change by its date (then by when it was recorded).
    pub fn current(&self) -> Option<&StatusChange> {
        self.status_history.iter().max_by_key(|c| (c.on, c.recorded_at))
    }

    pub fn status(&self) -> ReferralStatus {
        self.current().map_or(ReferralStatus::Received, |c| c.status)
    }

    /// The day the referral reached its current status.
    pub fn status_since(&self) -> NaiveDate {
        self.current().map_or(self.received_on, |c| c.on)
    }
}

impl Default for SharingConsent {
    /// Minimum necessary: nothing until the participant agrees to more.
    fn default() -> Self {
        Self::Nothing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(status: ReferralStatus, on: &str, recorded_ms: i64) -> StatusChange {
        StatusChange {
            status,
            on: on.parse().unwrap(),
            reason: None,
            recorded_at: DateTime::from_timestamp_millis(recorded_ms).unwrap(),
        }
    }

    fn referral(history: Vec<StatusChange>) -> Referral {
        Referral {
            id: ReferralId::from_parts(0, 1),
            partner_id: PartnerId::from_parts(0, 2),
            contact_id: None,
            received_on: "2026-01-05".parse().unwrap(),
            participant: "J.D.".into(),
            waiver_program: String::new(),
            services: vec![Service::PersonalCare],
            status_history: history,
            consent: SharingConsent::Nothing,
            dismissed: vec![],
            disclosures: vec![],
            follow_ups_set_aside_until: None,
        }
    }

    #[test]
    fn status_entered_out_of_order_is_read_by_date() {
        // A later step typed in before an earlier one was back-filled.
        let r = referral(vec![
            change(ReferralStatus::Received, "2026-01-05", 1),
            change(ReferralStatus::AssessmentScheduled, "2026-01-12", 2),
            change(ReferralStatus::Contacted, "2026-01-07", 3),
        ]);
        assert_eq!(r.status(), ReferralStatus::AssessmentScheduled);
        assert_eq!(r.status_since(), "2026-01-12".parse().unwrap());
    }

    #[test]
    fn same_day_changes_are_ordered_by_when_they_were_recorded() {
        let r = referral(vec![
            change(ReferralStatus::Contacted, "2026-01-07", 20),
            change(ReferralStatus::Waitlisted, "2026-01-07", 10),
        ]);
        assert_eq!(r.status(), ReferralStatus::Contacted);
    }

    #[test]
    fn a_referral_without_history_counts_as_received() {
        let r = referral(vec![]);
        assert_eq!(r.status(), ReferralStatus::Received);
        assert!(!r.status().is_closed());
    }

    #[test]
    fn every_duty_has_its_own_action_button() {
        use crate::Code;
        let actions: std::collections::HashSet<_> =
            DutyKind::ALL.iter().map(|k| k.action()).collect();
        assert_eq!(actions.len(), DutyKind::ALL.len());
        assert_eq!(DutyKind::ThankYou.action(), "Thank them");
    }
}
