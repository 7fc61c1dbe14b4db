//! The agency's own settings for follow-through, shared by the whole team: how fast each duty
//! is due, the appreciation cap, the review questions and the message templates, and how soon
//! an unused tablet locks itself.

use autosurgeon::Reconcile;

use super::EventTemplate;
use crate::Purpose;

/// A review question; scored questions take 1–5.
#[derive(Debug, Clone, PartialEq, Reconcile)]
pub struct Question {
    pub id: String,
    pub text: String,
    pub scored: bool,
}

/// A message template. Placeholders: {contact} {partner} {participant} {status} {services}
/// {received} {reason} {staff}. Participant details appear only as far as consent allows.
#[derive(Debug, Clone, PartialEq, Reconcile)]
pub struct Template {
    pub purpose: Purpose,
    pub subject: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Reconcile)]
pub struct AgencyPolicy {
    /// Calendar days after a referral arrives by which the referrer is thanked.
    pub thank_you_days: u16,
    /// Calendar days after acceptance or decline by which the referrer hears of it.
    pub decision_days: u16,
    /// Days after services start when the referrer gets a progress update.
    pub progress_after_days: u16,
    /// Days after the first progress update to ask how the referral went.
    pub feedback_after_days: u16,
    /// Months between key-partner reviews.
    pub review_months: u16,
    /// Yearly appreciation cap per recipient, in cents. The default is the 2026 limit on
    /// non-monetary compensation to a physician ($535); the agency's counsel may set another.
    pub gift_cap_cents: u32,
    pub questions: Vec<Question>,
    pub templates: Vec<Template>,
    /// One per [`crate::EventMessage`], in its order.
    pub event_templates: Vec<EventTemplate>,
    /// Minutes without a touch or key press before a tablet locks (and the longest the page
    /// may stay hidden); a team rule so no one's tablet stays open longer than the others'.
    pub idle_lock_minutes: u16,
}

/// The shortest and longest idle lock a team may choose: under a minute locks someone out
/// mid-form; over an hour leaves a tablet on a table open for too long.
pub const IDLE_LOCK_MINUTES: std::ops::RangeInclusive<u16> = 1..=60;

/// The idle lock a team has before it chooses one (issue 11).
pub const DEFAULT_IDLE_LOCK_MINUTES: u16 = 5;

/// Occurs when a policy value is outside what Rapport accepts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// Occurs when the idle lock is shorter than 1 minute or longer than 60.
    #[error(
        "the idle lock must be between {min} and {max} minutes, not {given}; choose a whole number in that range"
    )]
    IdleLockOutOfRange { given: i64, min: u16, max: u16 },
}

/// The idle lock a person typed, if it is a whole number of minutes in [`IDLE_LOCK_MINUTES`].
pub fn idle_lock_minutes(given: i64) -> Result<u16, PolicyError> {
    u16::try_from(given).ok().filter(|m| IDLE_LOCK_MINUTES.contains(m)).ok_or(
        PolicyError::IdleLockOutOfRange {
            given,
            min: *IDLE_LOCK_MINUTES.start(),
            max: *IDLE_LOCK_MINUTES.end(),
        },
    )
}

/// The default texts read well whether the participant agreed to share details or not: with no
/// consent `{participant}` becomes "the person you referred" and `{status}` "we have followed up".
const THANK_YOU: &str = "Dear {contact},\n\nThank you for the referral you sent us on {received}. We have it, and we will reach out to {participant} within one business day. If anything changes on your side, just reply to this message.\n\nWith thanks,\n{staff}";
const DECISION_NOTICE: &str = "Dear {contact},\n\nAn update on the referral you sent us on {received} for {participant}: {status}{reason}. Thank you for thinking of us; please keep us in mind for others who could use {services}.\n\n{staff}";
const PROGRESS_UPDATE: &str = "Dear {contact},\n\nA quick update on the referral you sent us on {received} for {participant}: {status}. If others you work with need {services}, we would be glad to help.\n\nThank you again,\n{staff}";

/// Default texts of earlier versions. A team that never edited one gets today's wording; a
/// team's own text is never touched.
const RETIRED_DEFAULTS: [(Purpose, &str); 3] = [
    (
        Purpose::ThankYou,
        "Dear {contact},\n\nThank you for referring {participant} to us on {received}. We have it and will reach out within one business day. If anything changes on your side, just reply to this message.\n\nWith thanks,\n{staff}",
    ),
    (
        Purpose::DecisionNotice,
        "Dear {contact},\n\nAn update on the referral of {participant} you sent on {received}: {status}{reason}. Thank you for thinking of us; please keep us in mind for others who could use {services}.\n\n{staff}",
    ),
    (
        Purpose::ProgressUpdate,
        "Dear {contact},\n\nA quick update on {participant}, whom you referred on {received}: {status}, with {services}. Thank you again for the referral.\n\n{staff}",
    ),
];

fn template(purpose: Purpose, subject: &str, body: &str) -> Template {
    Template { purpose, subject: subject.into(), body: body.into() }
}

impl Default for AgencyPolicy {
    fn default() -> Self {
        Self {
            thank_you_days: 2,
            decision_days: 2,
            progress_after_days: 21,
            feedback_after_days: 7,
            review_months: 6,
            gift_cap_cents: 53_500,
            questions: vec![
                Question {
                    id: "ease".into(),
                    text: "How easy is it to refer to us? (1–5)".into(),
                    scored: true,
                },
                Question {
                    id: "communication".into(),
                    text: "How well do we keep you informed? (1–5)".into(),
                    scored: true,
                },
                Question {
                    id: "smoother".into(),
                    text: "Anything we can do to make referring smoother?".into(),
                    scored: false,
                },
            ],
            templates: vec![
                template(Purpose::ThankYou, "Thank you for your referral", THANK_YOU),
                template(Purpose::DecisionNotice, "An update on your referral", DECISION_NOTICE),
                template(
                    Purpose::ProgressUpdate,
                    "A progress update on your referral",
                    PROGRESS_UPDATE,
                ),
                template(
                    Purpose::FeedbackRequest,
                    "How did the referral go?",
                    "Dear {contact},\n\nWe want referring to us to be easy. How did the referral you sent on {received} go for you? Was anything slow or unclear? A one-line reply helps us improve.\n\nThank you,\n{staff}",
                ),
                template(
                    Purpose::Appreciation,
                    "An invitation from our team",
                    "Dear {contact},\n\nWe would be glad to welcome you and your colleagues at {partner} to our next partner breakfast. It is our way of saying thank you for working with us.\n\n{staff}",
                ),
            ],
            event_templates: EventTemplate::complete(Vec::new()),
            idle_lock_minutes: DEFAULT_IDLE_LOCK_MINUTES,
        }
    }
}

impl AgencyPolicy {
    /// The idle lock in seconds, kept within bounds even if a stored value was not.
    pub fn idle_lock_seconds(&self) -> u32 {
        let minutes =
            self.idle_lock_minutes.clamp(*IDLE_LOCK_MINUTES.start(), *IDLE_LOCK_MINUTES.end());
        u32::from(minutes) * 60
    }

    pub fn template(&self, purpose: Purpose) -> Option<&Template> {
        self.templates.iter().find(|t| t.purpose == purpose)
    }

    /// The team's wording for `message`, or today's default.
    pub fn event_template(&self, message: crate::EventMessage) -> EventTemplate {
        self.event_templates
            .iter()
            .find(|t| t.message == message)
            .cloned()
            .unwrap_or_else(|| EventTemplate::default_for(message))
    }

    /// `stored` as read from a team's policy, with an unedited old default replaced by today's.
    pub fn upgraded(stored: Template) -> Template {
        let retired = RETIRED_DEFAULTS
            .iter()
            .any(|(purpose, body)| stored.purpose == *purpose && stored.body == *body);
        match AgencyPolicy::default().template(stored.purpose) {
            Some(current) if retired => Template { subject: stored.subject, ..current.clone() },
            _ => stored,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_idle_lock_accepts_one_to_sixty_minutes_and_says_why_otherwise() {
        assert_eq!(idle_lock_minutes(1), Ok(1));
        assert_eq!(idle_lock_minutes(60), Ok(60));
        for bad in [0, 61, -5, 70_000] {
            let e = idle_lock_minutes(bad).unwrap_err();
            assert_eq!(e, PolicyError::IdleLockOutOfRange { given: bad, min: 1, max: 60 });
            assert!(e.to_string().contains("between 1 and 60 minutes"), "{e}");
        }
    }

    #[test]
    fn a_team_that_never_chose_locks_after_five_minutes() {
        let p = AgencyPolicy::default();
        assert_eq!(p.idle_lock_minutes, 5);
        assert_eq!(p.idle_lock_seconds(), 300);
        let stored_badly = AgencyPolicy { idle_lock_minutes: 0, ..p.clone() };
        assert_eq!(stored_badly.idle_lock_seconds(), 60);
        let too_long = AgencyPolicy { idle_lock_minutes: 900, ..p };
        assert_eq!(too_long.idle_lock_seconds(), 3600);
    }
}
