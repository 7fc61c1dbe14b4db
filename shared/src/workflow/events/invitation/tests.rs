use chrono::DateTime;

use super::*;
use crate::workflow::messages::mailto_bcc;
use crate::{AgencyPolicy, EventId, EventKind, EventMessage};

fn webinar() -> Event {
    let at = DateTime::from_timestamp(1_790_000_000, 0).unwrap();
    let mut e = Event::new(EventId::from_parts(1, 1), EventKind::Webinar, "Waivers", at, at, "");
    e.link = "https://meet.example.org/w".into();
    e
}

#[test]
fn the_default_invitation_names_the_event_and_drops_the_empty_place_line() {
    let policy = AgencyPolicy::default();
    let t = policy.event_template(EventMessage::Invitation);
    let (subject, body) = invitation_draft(&t, &webinar(), "Apr 15 at 14:00", "Ana");
    assert_eq!(subject, "Invitation: Waivers");
    assert!(body.contains("our webinar: \"Waivers\""), "{body}");
    assert!(
        body.contains("When: Apr 15 at 14:00\nJoin online: https://meet.example.org/w"),
        "{body}"
    );
    assert!(!body.contains("Where:"), "a webinar has no place: {body}");
    assert!(body.ends_with("Ana") && !body.contains('{'), "{body}");
    let link = mailto_bcc(&["a@x.org".into(), "b@y.org".into()], &subject, "Hi");
    assert_eq!(link, "mailto:?bcc=a%40x.org,b%40y.org&subject=Invitation%3A%20Waivers&body=Hi");
}

#[test]
fn an_edited_invitation_is_what_gets_drafted() {
    let t = EventTemplate {
        message: EventMessage::Invitation,
        subject: "Join us: {event} ({when})".into(),
        body: "Dear colleague,\nCome to {place}.\nBring a friend.\n{staff}".into(),
    };
    let mut fair = webinar();
    fair.place = "Riverside Library".into();
    let (subject, body) = invitation_draft(&t, &fair, "May 2", "Ana");
    assert_eq!(subject, "Join us: Waivers (May 2)");
    assert_eq!(body, "Dear colleague,\nCome to Riverside Library.\nBring a friend.\nAna");
}

#[test]
fn the_thank_you_keeps_its_materials_whatever_the_wording() {
    let mut e = webinar();
    e.materials = vec!["https://x.org/slides.pdf".into()];
    let policy = AgencyPolicy::default();
    let (subject, body) =
        thank_you_draft(&policy.event_template(EventMessage::ThankYou), &e, "Apr 15", "Ana");
    assert_eq!(subject, "Thank you for joining Waivers");
    assert_eq!(
        body,
        "Hello,\n\nThank you for being part of \"Waivers\".\n\nAs promised, the materials:\n- https://x.org/slides.pdf\n\nWith thanks,\nAna"
    );
    let terse = EventTemplate {
        message: EventMessage::ThankYou,
        subject: "Thanks".into(),
        body: "Thanks for {event}!".into(),
    };
    let (_, body) = thank_you_draft(&terse, &e, "", "Ana");
    assert!(body.starts_with("Thanks for Waivers!\n\nAs promised") && body.contains("slides.pdf"));
}

#[test]
fn unknown_placeholders_are_named_so_a_typo_is_not_sent() {
    assert_eq!(unknown_event_placeholders("See you at {plcae} on {when}"), vec!["plcae"]);
    assert!(unknown_event_placeholders("{participant}").contains(&"participant".to_string()));
}

#[test]
fn every_message_has_a_default_and_stored_ones_win() {
    let mine = EventTemplate {
        message: EventMessage::ThankYou,
        subject: "Mine".into(),
        body: "Mine".into(),
    };
    let all = EventTemplate::complete(vec![mine.clone()]);
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].message, EventMessage::Invitation);
    assert_eq!(all[1], mine);
}
