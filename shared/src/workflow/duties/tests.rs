use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::America::Chicago;

use super::*;
use crate::{
    Channel, Dismissal, PartnerId, ReferralId, Service, SharingConsent, StatusChange, TouchpointId,
};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn referral(received: &str, history: &[(ReferralStatus, &str)]) -> Referral {
    let mut status_history = vec![StatusChange {
        status: ReferralStatus::Received,
        on: d(received),
        reason: None,
        recorded_at: DateTime::from_timestamp(0, 0).unwrap(),
    }];
    for (i, (s, on)) in history.iter().enumerate() {
        status_history.push(StatusChange {
            status: *s,
            on: d(on),
            reason: None,
            recorded_at: DateTime::from_timestamp(i as i64 + 1, 0).unwrap(),
        });
    }
    Referral {
        id: ReferralId::from_parts(1, 1),
        partner_id: PartnerId::from_parts(1, 2),
        contact_id: None,
        received_on: d(received),
        participant: "J.R.".into(),
        waiver_program: String::new(),
        services: vec![Service::PersonalCare],
        status_history,
        consent: SharingConsent::StatusOnly,
        dismissed: vec![],
        disclosures: vec![],
        follow_ups_set_aside_until: None,
    }
}

fn touch(purpose: Purpose, at: &str) -> Touchpoint {
    let at: DateTime<Utc> = at.parse().unwrap();
    Touchpoint {
        id: TouchpointId::from_parts(at.timestamp_millis(), 5),
        partner_id: PartnerId::from_parts(1, 2),
        contact_id: None,
        referral_id: Some(ReferralId::from_parts(1, 1)),
        at,
        channel: Channel::Email,
        purpose,
        note: String::new(),
        logged_by: "Ana".into(),
        device: "Tablet".into(),
    }
}

fn kinds(duties: &[Duty]) -> Vec<(DutyKind, NaiveDate, DutyState)> {
    duties.iter().map(|d| (d.kind, d.due, d.state.clone())).collect()
}

#[test]
fn a_new_referral_owes_a_thank_you_within_two_calendar_days() {
    let r = referral("2026-11-26", &[]);
    let duties = referral_duties(&r, &[], &AgencyPolicy::default(), &Chicago);
    assert_eq!(kinds(&duties), vec![(DutyKind::ThankYou, d("2026-11-28"), DutyState::Open)]);
}

#[test]
fn a_thank_you_logged_late_in_the_evening_counts_on_the_local_day() {
    let r = referral("2026-11-26", &[]);
    // 03:30 UTC on the 28th is still the evening of the 27th in Chicago.
    let t = touch(Purpose::ThankYou, "2026-11-28T03:30:00Z");
    let duties = referral_duties(&r, &[&t], &AgencyPolicy::default(), &Chicago);
    assert_eq!(duties[0].state, DutyState::Done(d("2026-11-27")));
}

#[test]
fn a_decline_owes_a_decision_notice_but_never_a_progress_update() {
    let r = referral(
        "2026-11-02",
        &[(ReferralStatus::Contacted, "2026-11-03"), (ReferralStatus::Declined, "2026-11-10")],
    );
    let duties = referral_duties(&r, &[], &AgencyPolicy::default(), &Chicago);
    assert_eq!(
        duties.iter().map(|d| d.kind).collect::<Vec<_>>(),
        vec![DutyKind::ThankYou, DutyKind::DecisionNotice]
    );
    assert_eq!(duties[1].due, d("2026-11-12"));
}

#[test]
fn started_services_owe_a_notice_a_progress_update_in_three_weeks_then_a_feedback_request() {
    let r = referral("2026-10-01", &[(ReferralStatus::ServicesStarted, "2026-10-10")]);
    let policy = AgencyPolicy::default();
    let duties = referral_duties(&r, &[], &policy, &Chicago);
    assert_eq!(
        kinds(&duties)[1..],
        [
            (DutyKind::DecisionNotice, d("2026-10-12"), DutyState::Open),
            (DutyKind::ProgressUpdate, d("2026-10-31"), DutyState::Open)
        ]
    );
    let update = touch(Purpose::ProgressUpdate, "2026-11-02T16:00:00Z");
    let duties = referral_duties(&r, &[&update], &policy, &Chicago);
    assert_eq!(duties[2].state, DutyState::Done(d("2026-11-02")));
    assert_eq!(kinds(&duties)[3], (DutyKind::FeedbackRequest, d("2026-11-09"), DutyState::Open));
}

#[test]
fn status_entered_out_of_order_uses_the_latest_by_date() {
    // "Services started" typed first, the earlier "declined" back-filled afterwards.
    let r = referral(
        "2026-10-01",
        &[
            (ReferralStatus::ServicesStarted, "2026-10-20"),
            (ReferralStatus::Declined, "2026-10-05"),
        ],
    );
    let duties = referral_duties(&r, &[], &AgencyPolicy::default(), &Chicago);
    assert!(duties.iter().any(|d| d.kind == DutyKind::ProgressUpdate));
    assert_eq!(duties[1].due, d("2026-10-22"));
}

#[test]
fn a_touch_before_the_duty_arose_does_not_complete_it() {
    let r = referral("2026-10-01", &[(ReferralStatus::ServicesStarted, "2026-10-10")]);
    let early = touch(Purpose::ProgressUpdate, "2026-10-05T16:00:00Z");
    let duties = referral_duties(&r, &[&early], &AgencyPolicy::default(), &Chicago);
    assert_eq!(duties[2].state, DutyState::Open);
}

#[test]
fn a_dismissed_duty_keeps_its_reason_and_a_later_touch_still_completes_it() {
    let mut r = referral("2026-11-20", &[]);
    r.dismissed.push(Dismissal {
        duty: DutyKind::ThankYou,
        reason: "Referrer is on leave".into(),
        on: d("2026-11-21"),
        by: "Ana".into(),
    });
    let duties = referral_duties(&r, &[], &AgencyPolicy::default(), &Chicago);
    assert_eq!(duties[0].state, DutyState::Dismissed("Referrer is on leave".into()));
    let t = touch(Purpose::ThankYou, "2026-11-25T16:00:00Z");
    assert!(matches!(
        referral_duties(&r, &[&t], &AgencyPolicy::default(), &Chicago)[0].state,
        DutyState::Done(_)
    ));
}

#[test]
fn due_dates_cross_month_ends_and_leap_days() {
    let r = referral("2028-02-28", &[]);
    assert_eq!(
        referral_duties(&r, &[], &AgencyPolicy::default(), &Chicago)[0].due,
        d("2028-03-01")
    );
    let r = referral("2027-02-28", &[]);
    assert_eq!(
        referral_duties(&r, &[], &AgencyPolicy::default(), &Chicago)[0].due,
        d("2027-03-02")
    );
}

#[test]
fn the_teams_own_policy_sets_the_deadlines() {
    let policy =
        AgencyPolicy { thank_you_days: 1, progress_after_days: 14, ..AgencyPolicy::default() };
    let r = referral("2026-10-01", &[(ReferralStatus::ServicesStarted, "2026-10-10")]);
    let duties = referral_duties(&r, &[], &policy, &Chicago);
    assert_eq!(duties[0].due, d("2026-10-02"));
    assert_eq!(duties[2].due, d("2026-10-24"));
}

#[test]
fn the_local_day_of_a_touch_follows_daylight_saving_time() {
    // US clocks fell back at 2 a.m. on Sunday 1 November 2026: Chicago is UTC-6 afterwards.
    let r = referral("2026-10-31", &[]);
    // 05:30 UTC on 3 November is 23:30 on the 2nd in Chicago (it would be the 3rd at UTC-5).
    let t = touch(Purpose::ThankYou, "2026-11-03T05:30:00Z");
    let duties = referral_duties(&r, &[&t], &AgencyPolicy::default(), &Chicago);
    assert_eq!(duties[0].due, d("2026-11-02"));
    assert_eq!(duties[0].state, DutyState::Done(d("2026-11-02")));

    // Spring forward (8 March 2026, UTC-5 afterwards): 04:30 UTC on the 10th is the 9th.
    let r = referral("2026-03-07", &[]);
    let t = touch(Purpose::ThankYou, "2026-03-10T04:30:00Z");
    let duties = referral_duties(&r, &[&t], &AgencyPolicy::default(), &Chicago);
    assert_eq!(duties[0].due, d("2026-03-09"));
    assert_eq!(duties[0].state, DutyState::Done(d("2026-03-09")));
}

#[test]
fn setting_aside_one_decision_notice_does_not_silence_the_next_decision() {
    let mut r = referral(
        "2026-10-01",
        &[
            (ReferralStatus::Withdrawn, "2026-10-05"),
            (ReferralStatus::ServicesStarted, "2026-11-01"),
        ],
    );
    r.dismissed.push(Dismissal {
        duty: DutyKind::DecisionNotice,
        reason: "Family told the referrer themselves".into(),
        on: d("2026-10-06"),
        by: "Ana".into(),
    });
    let duties = referral_duties(&r, &[], &AgencyPolicy::default(), &Chicago);
    let notice = duties.iter().find(|x| x.kind == DutyKind::DecisionNotice).unwrap();
    assert_eq!((notice.due, &notice.state), (d("2026-11-03"), &DutyState::Open));
}
