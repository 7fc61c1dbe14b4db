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
                template(
                    Purpose::ThankYou,
                    "Thank you for your referral",
                    "Dear {contact},\n\nThank you for referring {participant} to us on {received}. We have it and will reach out within one business day. If anything changes on your side, just reply to this message.\n\nWith thanks,\n{staff}",
                ),
                template(
                    Purpose::DecisionNotice,
                    "An update on your referral",
                    "Dear {contact},\n\nAn update on the referral of {participant} you sent on {received}: {status}{reason}. Thank you for thinking of us; please keep us in mind for others who could use {services}.\n\n{staff}",
                ),
                template(
                    Purpose::ProgressUpdate,
                    "A progress update on your referral",
                    "Dear {contact},\n\nA quick update on {participant}, whom you referred on {received}: {status}, with {services}. Thank you again for the referral.\n\n{staff}",
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
}
