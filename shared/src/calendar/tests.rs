//! Generated calendar files parse back (with the crate's own parser) to the right instants.

use chrono::{DateTime, NaiveDate, Utc};
use icalendar::{CalendarDateTime, Component, DatePerhapsTime};

use super::*;
use crate::{CheckInCadence, EventId, EventKind, MeetingId, PartnerId, PartnerKind, PartnerTier};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

fn utc(value: Option<DatePerhapsTime>) -> DateTime<Utc> {
    match value {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(t))) => t,
        other => panic!("expected a UTC instant, got {other:?}"),
    }
}

fn webinar() -> Event {
    // 2 pm in Chicago after the March change (CDT, UTC-5), for one hour.
    let mut e = Event::new(
        EventId::from_parts(1_790_000_000_000, 9),
        EventKind::Webinar,
        "How Medicaid Waiver Services Can Improve Patient Outcomes; Q2",
        at("2026-04-15T14:00:00-05:00"),
        at("2026-04-15T15:00:00-05:00"),
        "America/Chicago",
    );
    e.link = "https://meet.example.org/waiver".into();
    e.materials = vec!["https://example.org/slides.pdf".into()];
    e
}

#[test]
fn an_event_parses_back_with_its_utc_instants_uid_and_link() {
    let e = webinar();
    let text = ics(&[Entry::of_event(&e)], at("2026-03-01T12:00:00Z"));
    assert!(text.contains("DTSTART:20260415T190000Z"), "{text}");
    let parsed: icalendar::Calendar = text.parse().expect("valid RFC 5545");
    let events: Vec<_> = parsed.events().collect();
    assert_eq!(events.len(), 1);
    let ev = events[0];
    assert_eq!(utc(ev.get_start()), at("2026-04-15T19:00:00Z"));
    assert_eq!(utc(ev.get_end()), at("2026-04-15T20:00:00Z"));
    assert_eq!(ev.get_uid(), Some(format!("event-{}@rapport", e.id).as_str()));
    assert_eq!(ev.get_summary(), Some(e.title.as_str()), "the semicolon survives escaping");
    assert_eq!(ev.get_url(), Some("https://meet.example.org/waiver"));
    assert!(ev.get_description().is_some_and(|d| d.contains("slides.pdf")));
    assert_eq!(ev.get_timestamp(), Some(at("2026-03-01T12:00:00Z")));
}

#[test]
fn a_meeting_is_named_by_its_partner_only_and_a_review_is_a_whole_day() {
    let partner = Partner::new(
        PartnerId::from_parts(1, 1),
        PartnerKind::Hospital,
        "Mercy",
        PartnerTier::Key,
        CheckInCadence::Monthly,
    );
    let meeting = Meeting {
        id: MeetingId::from_parts(1, 2),
        referral_id: crate::ReferralId::from_parts(1, 3),
        partner_id: partner.id,
        at: at("2026-11-03T15:30:00Z"),
        attendees: "Dana, Mr Smith's daughter".into(),
        agenda: "Wound care".into(),
        outcome: String::new(),
        held: false,
        cancelled: false,
    };
    let due = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let text = ics(
        &[Entry::of_meeting(&meeting, &partner), Entry::of_review(&partner, due)],
        at("2026-11-01T00:00:00Z"),
    );
    assert!(!text.contains("Smith") && !text.contains("Wound"), "no participant data: {text}");
    let parsed: icalendar::Calendar = text.parse().expect("valid RFC 5545");
    let events: Vec<_> = parsed.events().collect();
    assert_eq!(utc(events[0].get_start()), at("2026-11-03T15:30:00Z"));
    assert_eq!(utc(events[0].get_end()), at("2026-11-03T16:30:00Z"));
    assert_eq!(events[1].get_start(), Some(DatePerhapsTime::Date(due)));
    assert_eq!(events[1].get_end(), Some(DatePerhapsTime::Date(due.succ_opt().unwrap())));
}

#[test]
fn download_names_are_plain() {
    assert_eq!(file_name("Q2 Webinar: Medicaid waivers!"), "q2-webinar-medicaid-waivers.ics");
    assert_eq!(file_name("***"), "event.ics");
}
