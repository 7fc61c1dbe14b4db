//! The team's wording for event messages (the invitation, the thank-you afterwards), edited in
//! Settings beside the referral templates. Kept apart from [`crate::Template`] because events
//! carry no referral or participant, so they have their own placeholders and no consent rules.

use autosurgeon::Reconcile;

use super::codes::code_enum;

code_enum!(
    /// Which event message a template words.
    EventMessage {
        Invitation => ("event-invitation", "Event invitation"),
        ThankYou => ("event-thank-you", "Event thank-you"),
    }
);

/// An event message template. Placeholders: see [`EVENT_PLACEHOLDERS`].
#[derive(Debug, Clone, PartialEq, Reconcile)]
pub struct EventTemplate {
    pub message: EventMessage,
    pub subject: String,
    pub body: String,
}

/// Every placeholder an event template may use. A line whose placeholders are all empty is
/// left out of the message, so "Where: {place}" disappears for a webinar.
pub const EVENT_PLACEHOLDERS: [&str; 6] = ["event", "kind", "when", "place", "link", "staff"];

/// The materials' links are added by the thank-you itself, one per line, after the body's
/// first paragraph, so a team editing the wording cannot lose them.
const INVITATION: &str = "Hello,\n\nYou are warmly invited to our {kind}: \"{event}\".\n\nWhen: {when}\nWhere: {place}\nJoin online: {link}\n\nPlease let me know whether you can attend.\n\nWith thanks,\n{staff}";
const THANK_YOU: &str =
    "Hello,\n\nThank you for being part of \"{event}\".\n\nWith thanks,\n{staff}";

impl EventTemplate {
    /// Today's default wording for `message`.
    pub fn default_for(message: EventMessage) -> Self {
        match message {
            EventMessage::Invitation => {
                Self { message, subject: "Invitation: {event}".into(), body: INVITATION.into() }
            }
            EventMessage::ThankYou => Self {
                message,
                subject: "Thank you for joining {event}".into(),
                body: THANK_YOU.into(),
            },
        }
    }

    /// One template per message, in the order Settings lists them: `stored` where the team
    /// has one, today's default for a message it has none for (added in a later version).
    pub fn complete(stored: Vec<EventTemplate>) -> Vec<EventTemplate> {
        <EventMessage as super::Code>::ALL
            .iter()
            .map(|m| {
                stored
                    .iter()
                    .find(|t| t.message == *m)
                    .cloned()
                    .unwrap_or_else(|| Self::default_for(*m))
            })
            .collect()
    }
}
