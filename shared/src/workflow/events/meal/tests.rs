//! The appreciation lunch in the ledger: one meal per attendee, once per event, against each
//! person's cap.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::America::Chicago;

use super::*;
use crate::workflow::appreciation::{Recipient, year_total};
use crate::{
    CheckInCadence, Contact, ContactRole, Invitation, Partner, PartnerId, PartnerKind, PartnerTier,
    PreferredChannel,
};

const CAP: u32 = 53_500;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

fn person(n: u128) -> ContactId {
    ContactId::from_parts(1, n)
}

/// Mercy with Ana (1) and Ben (2), Oak with Cy (3); the lunch on Dec 4 at 6:30 pm Chicago
/// time (00:30 UTC on the 5th), held, Ana and Cy attended, Ben a no-show.
fn lunch() -> (ReferralNetwork, Event) {
    let mut n = ReferralNetwork::default();
    let (mercy, oak) = (PartnerId::from_parts(1, 1), PartnerId::from_parts(1, 2));
    for (id, name) in [(mercy, "Mercy"), (oak, "Oak")] {
        n.upsert_partner(Partner::new(
            id,
            PartnerKind::Hospital,
            name,
            PartnerTier::Key,
            CheckInCadence::Monthly,
        ));
    }
    for (c, partner, name) in [(1, mercy, "Ana"), (2, mercy, "Ben"), (3, oak, "Cy")] {
        n.upsert_contact(Contact {
            id: person(c),
            partner_id: partner,
            name: name.into(),
            role: ContactRole::DischargePlanner,
            email: String::new(),
            phone: String::new(),
            preferred_channel: PreferredChannel::Email,
            archived: false,
        });
    }
    let mut e = Event::new(
        EventId::from_parts(1_790_000_000_000, 5),
        EventKind::Appreciation,
        "Referral Partner Appreciation Lunch",
        at("2026-12-05T00:30:00Z"),
        at("2026-12-05T02:00:00Z"),
        "America/Chicago",
    );
    e.status = EventStatus::Held;
    n.relations.events.insert(e.id, e.clone());
    for (c, status) in [
        (1, InvitationStatus::Attended),
        (2, InvitationStatus::NoShow),
        (3, InvitationStatus::Attended),
    ] {
        let i = Invitation { event_id: e.id, contact_id: person(c), status };
        n.relations.invitations.insert((e.id, person(c)), i);
    }
    (n, e)
}

fn write(n: &mut ReferralNetwork, plan: &MealPlan) {
    for g in &plan.gifts {
        n.relations.gifts.insert(g.id, g.clone());
    }
}

/// Records the meal at `value` as the event page would.
fn record(n: &mut ReferralNetwork, e: &Event, value: u32) {
    let plan = meal_gifts(n, e, value, CAP, &Chicago).unwrap();
    write(n, &plan);
}

fn total(n: &ReferralNetwork, c: u128) -> u64 {
    year_total(n.relations.gifts.values(), Recipient::Person(person(c)), 2026)
}

#[test]
fn each_attendee_gets_one_meal_on_the_event_day_linked_to_the_event() {
    let (n, e) = lunch();
    let plan = meal_gifts(&n, &e, 4_500, CAP, &Chicago).unwrap();
    let people: Vec<_> = plan.gifts.iter().map(|g| g.contact_id).collect();
    assert_eq!(people, vec![Some(person(1)), Some(person(3))], "the no-show gets nothing");
    for g in &plan.gifts {
        assert_eq!(g.on, NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(), "Chicago's day, not UTC's");
        assert_eq!((g.kind, g.value_cents, g.event_id), (GiftKind::Meal, 4_500, Some(e.id)));
        assert_eq!(g.id, meal_gift_id(e.id, g.contact_id.unwrap()));
    }
    assert_eq!(plan.gifts[1].partner_id, PartnerId::from_parts(1, 2), "Cy's own partner");
    assert!(plan.over_cap.is_empty());
}

#[test]
fn recording_the_meal_again_replaces_it_and_never_counts_twice() {
    let (mut n, e) = lunch();
    record(&mut n, &e, 4_500);
    assert_eq!(recorded_meal(&n, e.id), Some((4_500, 2)));
    record(&mut n, &e, 6_000);
    assert_eq!(n.relations.gifts.len(), 2);
    assert_eq!((total(&n, 1), total(&n, 3)), (6_000, 6_000));
    assert_eq!(recorded_meal(&n, e.id), Some((6_000, 2)));

    // Ana was marked attended by mistake: recording again withdraws her meal's value.
    n.relations.invitations.get_mut(&(e.id, person(1))).unwrap().status = InvitationStatus::NoShow;
    record(&mut n, &e, 6_000);
    assert_eq!((total(&n, 1), total(&n, 3)), (0, 6_000));
    assert_eq!(recorded_meal(&n, e.id), Some((6_000, 1)));
}

#[test]
fn attendees_the_meal_would_take_over_the_cap_are_listed_before_saving() {
    let (mut n, e) = lunch();
    let earlier = Gift {
        id: GiftId::from_parts(1, 77),
        partner_id: PartnerId::from_parts(1, 2),
        contact_id: Some(person(3)),
        on: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
        kind: GiftKind::Gift,
        description: "Fruit basket".into(),
        value_cents: 50_000,
        event_id: None,
    };
    n.relations.gifts.insert(earlier.id, earlier);
    let plan = meal_gifts(&n, &e, 4_500, CAP, &Chicago).unwrap();
    assert_eq!(plan.over_cap.len(), 1);
    let (who, checked) = plan.over_cap[0];
    assert_eq!((who, checked.before_cents, checked.after_cents), (person(3), 50_000, 54_500));
    // Recorded anyway, then recorded again at the same value: the earlier meal is not counted
    // on top of itself.
    write(&mut n, &plan);
    let again = meal_gifts(&n, &e, 4_500, CAP, &Chicago).unwrap();
    assert_eq!(again.over_cap[0].1.after_cents, 54_500);
    assert!(meal_gifts(&n, &e, 3_500, CAP, &Chicago).unwrap().over_cap.is_empty());
}

#[test]
fn a_meal_needs_a_held_appreciation_event_with_attendees_and_a_value() {
    let (n, mut e) = lunch();
    assert_eq!(meal_gifts(&n, &e, 0, CAP, &Chicago), Err(MealError::NoValue));
    e.status = EventStatus::Planned;
    assert_eq!(meal_gifts(&n, &e, 4_500, CAP, &Chicago), Err(MealError::NotHeld));
    e.kind = EventKind::Webinar;
    assert_eq!(meal_gifts(&n, &e, 4_500, CAP, &Chicago), Err(MealError::NotAppreciation));
    let (mut n, e) = lunch();
    n.relations.invitations.clear();
    assert_eq!(meal_gifts(&n, &e, 4_500, CAP, &Chicago), Err(MealError::NoAttendees));
}
