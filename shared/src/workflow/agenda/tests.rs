//! Grouping Today by urgency and partner, and the one count badge and headings share.

use chrono::NaiveDate;
use chrono_tz::America::New_York;

use super::*;
use crate::network::ReferralNetwork;
use crate::sample::{SampleSize, generate};
use crate::workflow::{Aside, Duty, DutyState, SetAside, today as today_list};
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
    assert_eq!(agenda.overdue_set_aside().check_ins, vec![partner(1), partner(2)]);
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
    let id = agenda.overdue_set_aside().check_ins[0];
    let mut p = n.partner(id).unwrap().clone();
    p.check_in_set_aside_until = Some(set_aside_until(today, 7));
    n.upsert_partner(p);

    let after = today_list(&n, today, &New_York);
    assert!(!after.check_ins.iter().any(|(p, _)| *p == id));
    assert_eq!(
        after.set_aside,
        vec![SetAside { what: Aside::CheckIn(id), until: d("2026-12-02") }]
    );
    assert_eq!(after.due_now(today), before.due_now(today) - 1);

    let last_day = today_list(&n, d("2026-12-02"), &New_York);
    assert!(!last_day.check_ins.iter().any(|(p, _)| *p == id));
    let back = today_list(&n, d("2026-12-03"), &New_York);
    assert!(back.check_ins.iter().any(|(p, _)| *p == id), "back a week later");
    assert!(back.set_aside.is_empty());
}

fn referral(n: u128) -> ReferralId {
    ReferralId::from_parts(1, n)
}

fn follow_up(p: u128, r: u128, kind: DutyKind, due: &str) -> DutyDue {
    DutyDue {
        referral: referral(r),
        partner: partner(p),
        duty: Duty { kind, due: d(due), state: DutyState::Open },
    }
}

#[test]
fn setting_a_row_aside_puts_off_its_check_in_and_its_referrals_follow_ups_but_not_its_review() {
    let today = d("2026-11-26");
    let list = Today {
        check_ins: vec![
            (partner(1), CadenceStatus::Overdue { by_days: 10 }),
            (partner(2), CadenceStatus::NeverContacted),
        ],
        duties: vec![
            follow_up(1, 10, DutyKind::ThankYou, "2026-11-20"),
            follow_up(1, 11, DutyKind::ProgressUpdate, "2026-11-22"),
            // The same referral's next follow-up, due this week: it goes with the overdue one.
            follow_up(1, 10, DutyKind::DecisionNotice, "2026-11-28"),
            follow_up(2, 20, DutyKind::ThankYou, "2026-11-26"),
        ],
        reviews: vec![(partner(1), d("2026-11-01"))],
        ..Today::default()
    };
    let agenda = Agenda::of(&list, today);
    let row = &agenda.group(Urgency::Overdue).unwrap().rows[0];
    assert_eq!(row.items.len(), 4);
    let targets = row.set_aside_targets();
    assert_eq!(targets.check_ins, vec![partner(1)]);
    assert_eq!(targets.referrals, vec![referral(10), referral(11)]);
    assert_eq!(agenda.covered(&targets), Covered { check_ins: 1, follow_ups: 3 });
    assert_eq!(agenda.overdue_kept(), 1, "the review stays");

    // A partner never contacted: the first contact is the point, only its follow-up goes.
    let due_today = &agenda.group(Urgency::DueToday).unwrap().rows[0];
    let targets = due_today.set_aside_targets();
    assert!(targets.check_ins.is_empty());
    assert_eq!(targets.referrals, vec![referral(20)]);
}

/// Sets `targets` aside until `until` on the records, as the app does.
fn set_aside(n: &mut ReferralNetwork, targets: &SetAsideTargets, until: NaiveDate) {
    for id in &targets.check_ins {
        let mut p = n.partner(*id).unwrap().clone();
        p.check_in_set_aside_until = Some(until);
        n.upsert_partner(p);
    }
    for id in &targets.referrals {
        let mut r = n.referral(*id).unwrap().clone();
        r.follow_ups_set_aside_until = Some(until);
        n.upsert_referral(r);
    }
}

/// Issue 12: the sample agency's overdue rows are mostly referral follow-ups, which "set aside
/// all overdue check-ins" could not touch.
#[test]
fn setting_everything_overdue_aside_empties_overdue_but_for_reviews_and_meetings_until_it_ends() {
    let today = d("2026-11-26");
    let mut n = sample_network(today);
    let before = today_list(&n, today, &New_York);
    let agenda = Agenda::of(&before, today);
    let targets = agenda.overdue_set_aside();
    assert!(!targets.referrals.is_empty(), "the sample's overdue rows hold follow-ups");
    let covered = agenda.covered(&targets);
    let kept = agenda.overdue_kept();
    assert!(covered.follow_ups > 0);

    let until = set_aside_until(today, 14);
    set_aside(&mut n, &targets, until);
    let after = today_list(&n, today, &New_York);
    let now = Agenda::of(&after, today);
    assert_eq!(now.group(Urgency::Overdue).map_or(0, Group::count), kept);
    let listed = |t: &Today| Agenda::of(t, today).groups.iter().map(Group::count).sum::<usize>();
    assert_eq!(listed(&after), listed(&before) - covered.total());
    let heading = |u| now.group(u).map_or(0, Group::count);
    assert_eq!(after.due_now(today), heading(Urgency::Overdue) + heading(Urgency::DueToday));
    assert_eq!(after.set_aside.len(), targets.check_ins.len() + targets.referrals.len());
    assert!(after.set_aside.iter().all(|s| s.until == d("2026-12-09")));
    assert!(after.set_aside.iter().any(|s| s.what
        == Aside::FollowUps {
            referral: targets.referrals[0],
            partner: n.referral(targets.referrals[0]).unwrap().partner_id
        }));

    // Still off on the last day; back, and no longer listed as set aside, the day after.
    let last_day = today_list(&n, until, &New_York);
    assert!(!last_day.duties.iter().any(|d| targets.referrals.contains(&d.referral)));
    let back_on = until.succ_opt().unwrap();
    let back = today_list(&n, back_on, &New_York);
    assert!(back.set_aside.is_empty());
    assert!(back.duties.iter().any(|d| targets.referrals.contains(&d.referral)));
}

#[test]
fn a_referral_set_aside_with_nothing_left_to_do_is_not_listed_as_set_aside() {
    let today = d("2026-11-26");
    let mut n = sample_network(today);
    let before = today_list(&n, today, &New_York);
    let listed: Vec<ReferralId> = before.duties.iter().map(|d| d.referral).collect();
    let quiet = n.referrals().find(|r| !listed.contains(&r.id) && r.received_on < d("2026-01-01"));
    let mut r = quiet.expect("an old referral with nothing due").clone();
    r.follow_ups_set_aside_until = Some(set_aside_until(today, 7));
    n.upsert_referral(r);
    assert_eq!(today_list(&n, today, &New_York), before);
}
