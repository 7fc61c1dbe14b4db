//! The 90-day export holds what is scheduled in the window, at the right instants, and no
//! participant's name.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::America::Chicago;
use icalendar::{CalendarDateTime, Component, DatePerhapsTime};

use super::*;
use crate::calendar::ics;
use crate::{
    CheckInCadence, Event, EventId, EventKind, Meeting, MeetingId, Partner, PartnerId, PartnerKind,
    PartnerTier, ReferralId,
};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

/// A partner added at `added`: a key partner's first review is due six months later.
fn partner(n: u128, name: &str, tier: PartnerTier, added: &str) -> Partner {
    let id = PartnerId::from_parts(at(added).timestamp_millis(), n);
    Partner::new(id, PartnerKind::Hospital, name, tier, CheckInCadence::Monthly)
}

fn event(n: u128, starts: &str, status: EventStatus) -> Event {
    let mut e = Event::new(
        EventId::from_parts(1_790_000_000_000, n),
        EventKind::Webinar,
        format!("Webinar {n}"),
        at(starts),
        at(starts) + Duration::hours(1),
        "America/Chicago",
    );
    e.status = status;
    e
}

fn meeting(n: u128, partner: PartnerId, when: &str, held: bool) -> Meeting {
    Meeting {
        id: MeetingId::from_parts(1, n),
        referral_id: ReferralId::from_parts(1, n),
        partner_id: partner,
        at: at(when),
        attendees: "Dana, Mr Smith's daughter".into(),
        agenda: "Wound care".into(),
        outcome: String::new(),
        held,
        cancelled: false,
    }
}

#[test]
fn the_next_90_days_hold_planned_events_open_meetings_and_reviews_due_and_nothing_else() {
    let now = at("2026-12-02T15:00:00Z");
    let mut n = ReferralNetwork::default();
    // Mercy's first review is due Jan 10; Oak's was due in July (overdue: Today's business);
    // Elm's falls on Mar 5, three days past the window's last day (Mar 2); Pine has none.
    let mercy = partner(1, "Mercy", PartnerTier::Key, "2026-07-10T12:00:00Z");
    let oak = partner(2, "Oak", PartnerTier::Key, "2026-01-05T12:00:00Z");
    let elm = partner(3, "Elm", PartnerTier::Key, "2026-09-05T12:00:00Z");
    let pine = partner(4, "Pine", PartnerTier::Regular, "2026-07-10T12:00:00Z");
    for p in [&mercy, &oak, &elm, &pine] {
        n.upsert_partner(p.clone());
    }
    let webinar = event(1, "2026-12-15T20:00:00Z", EventStatus::Planned);
    let late_winter = event(2, "2027-02-28T18:00:00Z", EventStatus::Planned);
    for e in [
        webinar.clone(),
        late_winter.clone(),
        event(3, "2027-03-03T18:00:00Z", EventStatus::Planned),
        event(4, "2026-12-01T18:00:00Z", EventStatus::Held),
        event(5, "2026-12-20T18:00:00Z", EventStatus::Cancelled),
    ] {
        n.relations.events.insert(e.id, e);
    }
    let open = meeting(1, mercy.id, "2026-12-10T16:30:00Z", false);
    for m in [
        open.clone(),
        meeting(2, mercy.id, "2026-12-11T16:30:00Z", true),
        meeting(3, oak.id, "2027-03-05T16:30:00Z", false),
        meeting(4, oak.id, "2026-12-01T16:30:00Z", false),
    ] {
        n.relations.meetings.insert(m.id, m);
    }

    let entries = upcoming(&n, now, &Chicago);
    let uids: Vec<&str> = entries.iter().map(|e| e.uid.as_str()).collect();
    let review = format!("review-{}-2027-01-10@rapport", mercy.id);
    assert_eq!(
        uids,
        vec![
            format!("meeting-{}@rapport", open.id).as_str(),
            format!("event-{}@rapport", webinar.id).as_str(),
            review.as_str(),
            format!("event-{}@rapport", late_winter.id).as_str(),
        ]
    );

    let text = ics(&entries, now);
    assert!(!text.contains("Smith") && !text.contains("Wound") && !text.contains("Dana"), "{text}");
    assert!(text.contains("DTSTART:20261215T200000Z"), "{text}");
    let parsed: icalendar::Calendar = text.parse().expect("valid RFC 5545");
    let starts: Vec<_> = parsed.events().map(|e| e.get_start()).collect();
    assert_eq!(
        starts,
        vec![
            Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(at("2026-12-10T16:30:00Z")))),
            Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(at("2026-12-15T20:00:00Z")))),
            Some(DatePerhapsTime::Date(NaiveDate::from_ymd_opt(2027, 1, 10).unwrap())),
            Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(at("2027-02-28T18:00:00Z")))),
        ]
    );
}

#[test]
fn an_empty_network_exports_an_empty_calendar_that_still_parses() {
    let now = at("2026-12-02T15:00:00Z");
    let entries = upcoming(&ReferralNetwork::default(), now, &Chicago);
    assert!(entries.is_empty());
    let parsed: icalendar::Calendar = ics(&entries, now).parse().expect("valid RFC 5545");
    assert_eq!(parsed.events().count(), 0);
}
