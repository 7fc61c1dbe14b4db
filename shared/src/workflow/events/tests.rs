//! Event rules as staff meet them: attendance resets clocks once per partner, a series asks
//! for its next event at the same wall-clock time across DST, invitees are chosen by criteria.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use chrono_tz::America::Chicago;

use super::*;
use crate::cadence::{CadenceStatus, cadence_status};
use crate::{
    CheckInCadence, Code, Contact, ContactRole, EventSeries, Invitation, Partner, PartnerKind,
    PartnerTier, PreferredChannel,
};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

fn contact(n: u128, partner: PartnerId, name: &str, role: ContactRole) -> Contact {
    Contact {
        id: ContactId::from_parts(1, n),
        partner_id: partner,
        name: name.into(),
        role,
        email: format!("{}@example.org", name.to_lowercase()),
        phone: String::new(),
        preferred_channel: PreferredChannel::Email,
        archived: false,
    }
}

/// Mercy (hospital, key) with two planners and a physician; Oak Clinic (physician practice,
/// regular) with a physician; Elm AAA (archived) with a social worker.
fn network() -> (ReferralNetwork, [PartnerId; 3]) {
    let mut n = ReferralNetwork::default();
    let ids = [1, 2, 3].map(|i| PartnerId::from_parts(1, i));
    let mut mercy = Partner::new(
        ids[0],
        PartnerKind::Hospital,
        "Mercy",
        PartnerTier::Key,
        CheckInCadence::Monthly,
    );
    mercy.notes = String::new();
    let oak = Partner::new(
        ids[1],
        PartnerKind::PhysicianPractice,
        "Oak Clinic",
        PartnerTier::Regular,
        CheckInCadence::Quarterly,
    );
    let mut elm = Partner::new(
        ids[2],
        PartnerKind::AreaAgencyOnAging,
        "Elm AAA",
        PartnerTier::Regular,
        CheckInCadence::Quarterly,
    );
    elm.archived = true;
    n.replace_partners(vec![mercy, oak, elm]);
    n.replace_contacts(vec![
        contact(10, ids[0], "Dana", ContactRole::DischargePlanner),
        contact(11, ids[0], "Ali", ContactRole::DischargePlanner),
        contact(12, ids[0], "Dr Reyes", ContactRole::Physician),
        contact(20, ids[1], "Dr Oak", ContactRole::Physician),
        contact(30, ids[2], "Sam", ContactRole::SocialWorker),
    ]);
    (n, ids)
}

fn webinar(n: u128, starts: &str) -> Event {
    let start = at(starts);
    Event::new(
        EventId::from_parts(start.timestamp_millis() - 86_400_000 * 30, n),
        EventKind::Webinar,
        "How Medicaid Waiver Services Can Improve Patient Outcomes",
        start,
        start + chrono::Duration::hours(1),
        "America/Chicago",
    )
}

fn invite(n: &mut ReferralNetwork, event: EventId, contact: u128, status: InvitationStatus) {
    let contact_id = ContactId::from_parts(1, contact);
    n.relations
        .invitations
        .insert((event, contact_id), Invitation { event_id: event, contact_id, status });
}

/// Marking attendance again after taking it back finds the touch still there: nothing to write.
fn touches_back(n: &mut ReferralNetwork, event: &Event) {
    assert!(orphaned_attendance_touchpoints(n, event).is_empty());
    assert!(attendance_touchpoints(n, event, "Ana", "tablet-1").is_empty());
}

#[test]
fn attendance_logs_one_event_touchpoint_per_partner_and_resets_its_clock() {
    let (mut n, [mercy, oak, _]) = network();
    let event = webinar(1, "2026-11-26T20:00:00Z");
    n.relations.events.insert(event.id, event.clone());
    // Step 1: two Mercy planners and Oak's physician attend; Mercy's physician declines.
    invite(&mut n, event.id, 10, InvitationStatus::Attended);
    invite(&mut n, event.id, 11, InvitationStatus::Attended);
    invite(&mut n, event.id, 12, InvitationStatus::Declined);
    invite(&mut n, event.id, 20, InvitationStatus::Attended);
    let touches = attendance_touchpoints(&n, &event, "Ana", "tablet-1");
    assert_eq!(touches.len(), 2, "one per partner, not per attendee");
    let mut partners: Vec<PartnerId> = touches.iter().map(|t| t.partner_id).collect();
    partners.sort();
    assert_eq!(partners, vec![mercy, oak]);
    assert!(touches.iter().all(|t| t.channel == Channel::Event && t.at == event.starts_at));
    let mercy_touch = touches.iter().find(|t| t.partner_id == mercy).unwrap();
    assert_eq!(mercy_touch.contact_id, Some(ContactId::from_parts(1, 11)), "first by name: Ali");

    // Step 2: the touchpoints are written; the clock is reset to the event's day.
    touches.into_iter().for_each(|t| n.upsert_touchpoint(t));
    let last = n.last_touch(mercy).map(|t| t.with_timezone(&Chicago).date_naive());
    assert_eq!(last, Some(d("2026-11-26")));
    assert_eq!(
        cadence_status(CheckInCadence::Monthly, last, d("2026-11-27")),
        CadenceStatus::OnTrack { due_in_days: 29 }
    );

    // Step 3: marking again, or marking Mercy's physician too, writes nothing new.
    assert!(attendance_touchpoints(&n, &event, "Ana", "tablet-1").is_empty());
    invite(&mut n, event.id, 12, InvitationStatus::Attended);
    assert!(attendance_touchpoints(&n, &event, "Bo", "tablet-2").is_empty());
    assert_eq!(n.timeline(mercy).len(), 1);

    // Step 4: taking back Mercy's attendance removes nothing while one Mercy attendee remains,
    // and the touch (so the reset clock) once none does; Oak's touch stays.
    invite(&mut n, event.id, 10, InvitationStatus::NoShow);
    invite(&mut n, event.id, 11, InvitationStatus::Accepted);
    assert!(orphaned_attendance_touchpoints(&n, &event).is_empty(), "Dr Reyes still attended");
    invite(&mut n, event.id, 12, InvitationStatus::Declined);
    let orphans = orphaned_attendance_touchpoints(&n, &event);
    assert_eq!(orphans.iter().map(|t| t.partner_id).collect::<Vec<_>>(), vec![mercy]);
    invite(&mut n, event.id, 11, InvitationStatus::Attended);
    touches_back(&mut n, &event);

    // Step 5: another event is another touch.
    let next = webinar(2, "2027-02-25T20:00:00Z");
    invite(&mut n, next.id, 10, InvitationStatus::Attended);
    assert_eq!(attendance_touchpoints(&n, &next, "Ana", "tablet-1").len(), 1);
}

#[test]
fn two_tablets_marking_the_same_partner_offline_mint_the_same_touchpoint() {
    let event = webinar(1, "2026-11-26T20:00:00Z");
    let p = PartnerId::from_parts(1, 1);
    assert_eq!(attendance_touchpoint_id(event.id, p), attendance_touchpoint_id(event.id, p));
    assert_ne!(
        attendance_touchpoint_id(event.id, p),
        attendance_touchpoint_id(event.id, PartnerId::from_parts(1, 2))
    );
}

fn quarterly() -> EventSeries {
    EventSeries {
        id: EventSeriesId::from_parts(at("2026-01-02T15:00:00Z").timestamp_millis(), 7),
        kind: EventKind::Webinar,
        title: "Quarterly webinar".into(),
        every_months: 3,
        time_zone: "America/Chicago".into(),
        archived: false,
    }
}

fn in_series(mut e: Event, s: &EventSeries, status: EventStatus) -> Event {
    e.series_id = Some(s.id);
    e.status = status;
    e
}

#[test]
fn a_series_is_due_one_interval_after_its_last_event_at_the_same_wall_clock_across_dst() {
    let s = quarterly();
    // Nothing held yet: due the day it was set up.
    assert_eq!(next_due(&s, &[], d("2026-01-05"), &Chicago), Some(SeriesDue::Due(d("2026-01-02"))));
    // 2 pm CST on 15 January is 20:00 UTC.
    let jan = in_series(webinar(1, "2026-01-15T20:00:00Z"), &s, EventStatus::Held);
    let due = next_due(&s, &[&jan], d("2026-03-20"), &Chicago);
    assert_eq!(due, Some(SeriesDue::Due(d("2026-04-15"))));
    // After the March change, 2 pm CDT is 19:00 UTC: same wall clock, an hour earlier in UTC.
    let start =
        suggested_start(d("2026-04-15"), NaiveTime::from_hms_opt(14, 0, 0).unwrap(), &Chicago);
    assert_eq!(start, at("2026-04-15T19:00:00Z"));
    // 2:30 am on the spring-forward day does not exist: it moves one hour on.
    let gap =
        suggested_start(d("2026-03-08"), NaiveTime::from_hms_opt(2, 30, 0).unwrap(), &Chicago);
    assert_eq!(gap, at("2026-03-08T08:30:00Z"));
}

#[test]
fn a_series_counts_local_days_and_ignores_cancelled_events() {
    let s = quarterly();
    // 7 pm CST on 31 January is already 1 February in UTC; the agency's day is the 31st.
    let late = in_series(webinar(1, "2026-02-01T01:00:00Z"), &s, EventStatus::Held);
    assert_eq!(
        next_due(&s, &[&late], d("2026-04-01"), &Chicago),
        Some(SeriesDue::Due(d("2026-04-30")))
    );
    let cancelled = in_series(webinar(2, "2026-04-30T19:00:00Z"), &s, EventStatus::Cancelled);
    assert_eq!(
        next_due(&s, &[&late, &cancelled], d("2026-05-01"), &Chicago),
        Some(SeriesDue::Due(d("2026-04-30")))
    );
    let planned = in_series(webinar(3, "2026-05-12T19:00:00Z"), &s, EventStatus::Planned);
    assert_eq!(
        next_due(&s, &[&late, &cancelled, &planned], d("2026-05-01"), &Chicago),
        Some(SeriesDue::Scheduled(d("2026-05-12")))
    );
}

#[test]
fn today_lists_a_due_series_and_a_held_events_follow_ups_until_done() {
    let (mut n, [mercy, _, _]) = network();
    let s = quarterly();
    n.relations.series.insert(s.id, s.clone());
    let mut held = in_series(webinar(1, "2026-01-15T20:00:00Z"), &s, EventStatus::Held);
    held.co_hosts = vec![mercy];
    held.materials = vec!["https://example.org/slides.pdf".into()];
    n.relations.events.insert(held.id, held.clone());
    invite(&mut n, held.id, 10, InvitationStatus::Attended);

    let list = event_agenda(&n, d("2026-01-16"), &Chicago);
    let things: Vec<_> = list.iter().map(|e| (e.due, e.thing.clone())).collect();
    let follow = |what| (d("2026-01-17"), EventThing::FollowUp { event: held.id, what });
    assert_eq!(
        things,
        vec![
            follow(EventFollowUp::ThankCoHosts),
            follow(EventFollowUp::ThankAttendees),
            follow(EventFollowUp::SendMaterials)
        ]
    );
    assert_eq!(list[0].urgency(d("2026-01-16")), Urgency::ThisWeek);

    held.follow_ups_done = EventFollowUp::ALL.to_vec();
    n.relations.events.insert(held.id, held);
    assert!(event_agenda(&n, d("2026-01-16"), &Chicago).is_empty());
    // Two weeks before April's due day the series shows up.
    let april = event_agenda(&n, d("2026-04-01"), &Chicago);
    assert_eq!(april.len(), 1);
    assert_eq!(april[0].due, d("2026-04-15"));
    assert_eq!(april[0].thing, EventThing::SeriesDue { series: s.id });
}

#[test]
fn invitees_are_chosen_by_role_kind_tier_or_by_hand_never_at_archived_partners() {
    let (n, _) = network();
    let c = |i| ContactId::from_parts(1, i);
    let by_role = InviteeFilter { roles: vec![ContactRole::Physician], ..Default::default() };
    assert_eq!(select_invitees(&n, &by_role), vec![c(20), c(12)]);
    let by_kind = InviteeFilter { kinds: vec![PartnerKind::Hospital], ..Default::default() };
    assert_eq!(select_invitees(&n, &by_kind), vec![c(11), c(10), c(12)]);
    let by_tier_and_role = InviteeFilter {
        tiers: vec![PartnerTier::Regular],
        roles: vec![ContactRole::Physician, ContactRole::SocialWorker],
        ..Default::default()
    };
    assert_eq!(select_invitees(&n, &by_tier_and_role), vec![c(20)], "Elm AAA is archived");
    let by_hand = InviteeFilter { by_hand: vec![c(10)], ..Default::default() };
    assert_eq!(select_invitees(&n, &by_hand), vec![c(10)]);
    assert!(select_invitees(&n, &InviteeFilter::default()).is_empty());
}
