//! The agency's own settings for follow-through, shared by the whole team: how fast each duty
//! is due, the appreciation cap, the review questions and the message templates.

use autosurgeon::Reconcile;

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
        }
    }
}

impl AgencyPolicy {
    pub fn template(&self, purpose: Purpose) -> Option<&Template> {
        self.templates.iter().find(|t| t.purpose == purpose)
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
