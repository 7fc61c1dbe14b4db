//! The drafted invitation and thank-you for an event: editable text with the event's
//! details filled in. No participant data is ever part of an event, so nothing here needs a
//! disclosure check.

use crate::{Code, Event};

/// Subject and body inviting contacts to `event`; `when` is the time as the reader's
/// agency shows it, e.g. "Apr 15, 2026 at 14:00 (America/Chicago)".
pub fn invitation_draft(event: &Event, when: &str, staff: &str) -> (String, String) {
    let subject = format!("Invitation: {}", event.title);
    let mut body = format!(
        "Hello,\n\nYou are warmly invited to our {}: \"{}\".\n\nWhen: {when}\n",
        event.kind.label().to_lowercase(),
        event.title
    );
    if !event.place.is_empty() {
        body.push_str(&format!("Where: {}\n", event.place));
    }
    if !event.link.is_empty() {
        body.push_str(&format!("Join online: {}\n", event.link));
    }
    body.push_str("\nPlease let me know whether you can attend.\n\nWith thanks,\n");
    body.push_str(staff.trim());
    (subject, body)
}

/// Subject and body thanking attendees or co-hosts, with the materials' links.
pub fn thank_you_draft(event: &Event, staff: &str) -> (String, String) {
    let subject = format!("Thank you for joining {}", event.title);
    let mut body = format!("Hello,\n\nThank you for being part of \"{}\".\n", event.title);
    if !event.materials.is_empty() {
        body.push_str("\nAs promised, the materials:\n");
        for m in &event.materials {
            body.push_str(&format!("- {m}\n"));
        }
    }
    body.push_str("\nWith thanks,\n");
    body.push_str(staff.trim());
    (subject, body)
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;
    use crate::workflow::messages::mailto_bcc;
    use crate::{EventId, EventKind};

    #[test]
    fn an_invitation_names_the_event_and_goes_out_as_one_bcc_message() {
        let at = DateTime::from_timestamp(1_790_000_000, 0).unwrap();
        let mut e =
            Event::new(EventId::from_parts(1, 1), EventKind::Webinar, "Waivers", at, at, "");
        e.link = "https://meet.example.org/w".into();
        let (subject, body) = invitation_draft(&e, "Apr 15 at 14:00", "Ana");
        assert_eq!(subject, "Invitation: Waivers");
        assert!(body.contains("our webinar") && body.contains("https://meet.example.org/w"));
        assert!(body.ends_with("Ana"));
        let link = mailto_bcc(&["a@x.org".into(), "b@y.org".into()], &subject, "Hi");
        assert_eq!(link, "mailto:?bcc=a%40x.org,b%40y.org&subject=Invitation%3A%20Waivers&body=Hi");
    }
}
