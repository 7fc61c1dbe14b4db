//! The drafted invitation and thank-you for an event: the team's template (Settings › Message
//! templates) with the event's details filled in. No participant data is ever part of an
//! event, so nothing here needs a disclosure check.

use crate::{Code, EVENT_PLACEHOLDERS, Event, EventTemplate};

/// Subject and body inviting contacts to `event`; `when` is the time as the reader's
/// agency shows it, e.g. "Apr 15, 2026 at 14:00 (America/Chicago)".
pub fn invitation_draft(
    template: &EventTemplate,
    event: &Event,
    when: &str,
    staff: &str,
) -> (String, String) {
    fill(template, event, when, staff)
}

/// Subject and body thanking attendees or co-hosts; the materials' links follow the first
/// paragraph whatever the wording, because sending them is what the duty is for.
pub fn thank_you_draft(
    template: &EventTemplate,
    event: &Event,
    when: &str,
    staff: &str,
) -> (String, String) {
    let (subject, body) = fill(template, event, when, staff);
    if event.materials.is_empty() {
        return (subject, body);
    }
    let mut materials = String::from("As promised, the materials:\n");
    for m in &event.materials {
        materials.push_str(&format!("- {m}\n"));
    }
    let body = match body.split_once("\n\n") {
        Some((first, rest)) => {
            // The greeting alone is not a paragraph worth putting the links after.
            match rest.split_once("\n\n") {
                Some((second, tail)) if first.lines().count() == 1 => {
                    format!("{first}\n\n{second}\n\n{materials}\n{tail}")
                }
                _ => format!("{first}\n\n{materials}\n{rest}"),
            }
        }
        None => format!("{body}\n\n{materials}"),
    };
    (subject, body)
}

/// Placeholders in `text` that event templates do not know (they would be sent as typed).
pub fn unknown_event_placeholders(text: &str) -> Vec<String> {
    crate::workflow::messages::unknown_in(text, &EVENT_PLACEHOLDERS)
}

fn fill(template: &EventTemplate, event: &Event, when: &str, staff: &str) -> (String, String) {
    let values = [
        ("event", event.title.trim().to_string()),
        ("kind", event.kind.label().to_lowercase()),
        ("when", when.trim().to_string()),
        ("place", event.place.trim().to_string()),
        ("link", event.link.trim().to_string()),
        ("staff", staff.trim().to_string()),
    ];
    let line = |text: &str| -> Option<String> {
        let mut out = text.to_string();
        let (mut used, mut empty) = (0, 0);
        for (name, value) in &values {
            let placeholder = format!("{{{name}}}");
            if out.contains(&placeholder) {
                used += 1;
                empty += usize::from(value.is_empty());
                out = out.replace(&placeholder, value);
            }
        }
        (used == 0 || empty < used).then_some(out)
    };
    let subject = line(&template.subject).unwrap_or_default();
    let body = template.body.split('\n').filter_map(line).collect::<Vec<_>>().join("\n");
    (subject, body)
}

#[cfg(test)]
mod tests;
