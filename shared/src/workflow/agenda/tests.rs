//! Grouping Today by urgency and partner, and the one count badge and headings share.

use chrono::NaiveDate;
use chrono_tz::America::New_York;

use super::*;
use crate::network::ReferralNetwork;
use crate::sample::{SampleSize, generate};
use crate::workflow::{Duty, DutyState, today as today_list};
use crate::{DutyKind, ReferralId};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn partner(n: u128) -> PartnerId {
    PartnerId::from_parts(1, n)
}

fn duty(p: u128, due: &str) -> DutyDue {
    DutyDue {
        referral: ReferralId::from_parts(1, p * 100),
        partner: partner(p),
        duty: Duty { kind: DutyKind::ThankYou, due: d(due), state: DutyState::Open },
    }
}

fn sample_network(today: NaiveDate) -> ReferralNetwork {
    let s = generate(SampleSize::Demo, today, 9);
    let mut n = ReferralNetwork::default();
    n.replace_partners(s.partners.clone());
    n.replace_contacts(s.contacts.clone());
    s.referrals.iter().cloned().for_each(|r| n.upsert_referral(r));
    s.touchpoints.iter().cloned().for_each(|t| n.upsert_touchpoint(t));
    n
}

#[test]
fn a_partner_owed_three_overdue_things_is_one_row_with_three_items() {
    let today = d("2026-11-26");
    let list = Today {
        check_ins: vec![
            (partner(1), CadenceStatus::Overdue { by_days: 60 }),
            (partner(2), CadenceStatus::Overdue { by_days: 3 }),
            (partner(3), CadenceStatus::DueSoon { due_in_days: 4 }),
        ],
        duties: vec![duty(1, "2026-11-20"), duty(1, "2026-11-24"), duty(2, "2026-11-26")],
        reviews: vec![(partner(4), d("2026-12-08"))],
        ..Today::default()
    };
    let agenda = Agenda::of(&list, today);
    let urgencies: Vec<Urgency> = agenda.groups.iter().map(|g| g.urgency).collect();
    assert_eq!(
        urgencies,
        [Urgency::Overdue, Urgency::DueToday, Urgency::ThisWeek, Urgency::ComingUp]
    );
    let overdue = agenda.group(Urgency::Overdue).unwrap();
    assert_eq!(overdue.count(), 4);
    assert_eq!(overdue.rows.len(), 2);
    assert_eq!(overdue.rows[0].partner, partner(1), "the most overdue partner comes first");
    assert_eq!(overdue.rows[0].items.len(), 3);
    assert_eq!(overdue.rows[0].items[0].due, d("2026-09-27"), "the 60-day-old check-in leads");
    assert_eq!(agenda.group(Urgency::DueToday).unwrap().count(), 1);
    assert_eq!(agenda.group(Urgency::ThisWeek).unwrap().count(), 1);
    assert_eq!(agenda.due_now(), 5);
    assert_eq!(agenda.overdue_check_ins(), vec![partner(1), partner(2)]);
}

#[test]
fn a_never_contacted_partner_is_due_today_and_a_missed_meeting_is_overdue() {
    let today = d("2026-11-26");
    let list = Today {
        check_ins: vec![(partner(1), CadenceStatus::NeverContacted)],
        meetings: vec![MeetingDue {
            id: MeetingId::from_parts(1, 1),
            partner: partner(2),
            day: d("2026-11-24"),
        }],
        ..Today::default()
    };
    let agenda = Agenda::of(&list, today);
    assert_eq!(agenda.group(Urgency::DueToday).unwrap().rows[0].partner, partner(1));
    assert_eq!(agenda.group(Urgency::Overdue).unwrap().rows[0].partner, partner(2));
    assert_eq!(list.due_now(today), 2);
}

/// Regression, issue 12: the badge read 37 while the check-ins heading read 41, because the
/// badge left out check-ins due later in the week (and meetings) that the heading counted.
#[test]
fn the_badge_equals_the_overdue_and_due_today_headings_and_every_thing_is_in_one_group() {
    let today = d("2026-11-26");
    let n = sample_network(today);
    let list = today_list(&n, today, &New_York);
    let agenda = Agenda::of(&list, today);
    let heading = |u| agenda.group(u).map_or(0, Group::count);
    assert!(heading(Urgency::Overdue) > 0 && heading(Urgency::ThisWeek) > 0);
    assert_eq!(list.due_now(today), heading(Urgency::Overdue) + heading(Urgency::DueToday));
    let listed =
        list.check_ins.len() + list.duties.len() + list.reviews.len() + list.meetings.len();
    assert_eq!(agenda.groups.iter().map(Group::count).sum::<usize>(), listed);
}

#[test]
fn a_set_aside_check_in_leaves_today_and_its_counts_until_the_day_after_it_ends() {
    let today = d("2026-11-26");
    let mut n = sample_network(today);
    let before = today_list(&n, today, &New_York);
    let agenda = Agenda::of(&before, today);
    let id = agenda.overdue_check_ins()[0];
    let mut p = n.partner(id).unwrap().clone();
    p.check_in_set_aside_until = Some(set_aside_until(today, 7));
    n.upsert_partner(p);

    let after = today_list(&n, today, &New_York);
    assert!(!after.check_ins.iter().any(|(p, _)| *p == id));
    assert_eq!(after.set_aside, vec![(id, d("2026-12-02"))]);
    assert_eq!(after.due_now(today), before.due_now(today) - 1);

    let last_day = today_list(&n, d("2026-12-02"), &New_York);
    assert!(!last_day.check_ins.iter().any(|(p, _)| *p == id));
    let back = today_list(&n, d("2026-12-03"), &New_York);
    assert!(back.check_ins.iter().any(|(p, _)| *p == id), "back a week later");
    assert!(back.set_aside.is_empty());
}
