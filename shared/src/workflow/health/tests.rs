//! Partner health on a hand-built agency: each part, the weights, and who fell sharply.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::America::New_York;

use super::*;
use crate::{
    Answer, Channel, CheckInCadence, PartnerKind, PartnerTier, Purpose, Referral, ReferralId,
    ReferralStatus, ReviewId, SharingConsent, StatusChange, Touchpoint, TouchpointId,
};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn today() -> NaiveDate {
    d("2026-12-01")
}

fn partner(n: u128, name: &str) -> Partner {
    let added = d("2025-01-01").and_hms_opt(12, 0, 0).unwrap().and_utc().timestamp_millis();
    Partner::new(
        PartnerId::from_parts(added, n),
        PartnerKind::Hospital,
        name,
        PartnerTier::Key,
        CheckInCadence::Monthly,
    )
}

fn referral(
    n: u128,
    partner: &Partner,
    received: &str,
    status: Option<ReferralStatus>,
) -> Referral {
    Referral {
        id: ReferralId::from_parts(1_700_000_000_000, n),
        partner_id: partner.id,
        contact_id: None,
        received_on: d(received),
        participant: String::new(),
        waiver_program: String::new(),
        services: Vec::new(),
        status_history: status
            .into_iter()
            .map(|status| StatusChange {
                status,
                on: d(received),
                reason: None,
                recorded_at: DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
            })
            .collect(),
        consent: SharingConsent::StatusOnly,
        dismissed: Vec::new(),
        disclosures: Vec::new(),
        follow_ups_set_aside_until: None,
    }
}

fn touch(n: u128, partner: &Partner, at: &str) -> Touchpoint {
    let at: DateTime<Utc> = at.parse().unwrap();
    Touchpoint {
        id: TouchpointId::from_parts(at.timestamp_millis(), n),
        partner_id: partner.id,
        contact_id: None,
        referral_id: None,
        at,
        channel: Channel::Call,
        purpose: Purpose::CheckIn,
        note: String::new(),
        logged_by: "Ana".into(),
        device: "Tablet".into(),
    }
}

fn health(n: &ReferralNetwork, p: &Partner, on: NaiveDate) -> PartnerHealth {
    let reviews = n.relations.reviews_by_partner();
    let past = reviews.get(&p.id).map_or(&[][..], Vec::as_slice);
    partner_health(n, p, past, &Baseline::of(n, on), on, &New_York)
}

fn part(h: &PartnerHealth, which: HealthPart) -> &PartScore {
    h.parts.iter().find(|p| p.part == which).unwrap()
}

#[test]
fn the_weights_add_up_to_one_hundred() {
    let w = WEIGHTS;
    let sum = [w.check_ins, w.referral_trend, w.conversion, w.reviews, w.recency]
        .iter()
        .map(|&x| u32::from(x))
        .sum::<u32>();
    assert_eq!(sum, 100);
}

#[test]
fn parts_with_nothing_to_go_on_are_left_out_of_the_score() {
    let mercy = partner(1, "Mercy");
    let mut n = ReferralNetwork::default();
    n.replace_partners(vec![mercy.clone()]);
    n.upsert_touchpoint(touch(1, &mercy, "2026-11-20T15:00:00Z"));
    let h = health(&n, &mercy, today());
    // Only the check-in part has anything to judge: kept, so 100, whatever the weights.
    assert_eq!(part(&h, HealthPart::CheckIns).score, Some(100));
    assert_eq!(part(&h, HealthPart::Recency).score, None);
    assert_eq!(part(&h, HealthPart::Recency).reason, "No referral yet");
    assert_eq!(h.score, Some(100));
}

#[test]
fn recency_explains_the_gap_against_the_partners_usual_one() {
    let mercy = partner(1, "Mercy");
    let mut n = ReferralNetwork::default();
    n.replace_partners(vec![mercy.clone()]);
    // Every 21 days, then silence since Aug 29: 94 days on Dec 1.
    for (i, day) in ["2026-07-18", "2026-08-08", "2026-08-29"].iter().enumerate() {
        n.upsert_referral(referral(i as u128, &mercy, day, None));
    }
    let h = health(&n, &mercy, today());
    let recency = part(&h, HealthPart::Recency);
    assert_eq!(recency.reason, "No referral in 94 days, usual gap 21");
    assert_eq!(recency.score, Some(22));
    let back_then = health(&n, &mercy, d("2026-09-10"));
    assert_eq!(part(&back_then, HealthPart::Recency).score, Some(100));
}

#[test]
fn an_overdue_check_in_loses_points_in_proportion_to_the_cadence() {
    let mercy = partner(1, "Mercy");
    let mut n = ReferralNetwork::default();
    n.replace_partners(vec![mercy.clone()]);
    // Monthly (30 days); last touch Oct 17 → due Nov 16 → 15 days overdue on Dec 1: half.
    n.upsert_touchpoint(touch(1, &mercy, "2026-10-17T15:00:00Z"));
    let h = health(&n, &mercy, today());
    let check_ins = part(&h, HealthPart::CheckIns);
    assert_eq!(check_ins.score, Some(50));
    assert_eq!(check_ins.reason, "Check-in overdue by 15 days");
}

#[test]
fn conversion_and_trend_compare_the_partner_with_the_agency() {
    let (mercy, oak) = (partner(1, "Mercy"), partner(2, "Oak"));
    let mut n = ReferralNetwork::default();
    n.replace_partners(vec![mercy.clone(), oak.clone()]);
    use ReferralStatus::*;
    // Mercy: 2 started, both recent. Oak: 2 declined earlier, none recent.
    n.upsert_referral(referral(1, &mercy, "2026-11-01", Some(ServicesStarted)));
    n.upsert_referral(referral(2, &mercy, "2026-10-01", Some(ServicesStarted)));
    n.upsert_referral(referral(3, &oak, "2026-07-01", Some(Declined)));
    n.upsert_referral(referral(4, &oak, "2026-07-15", Some(Declined)));
    let (m, o) = (health(&n, &mercy, today()), health(&n, &oak, today()));
    // The agency converts 2 of 4 (50 %): Mercy at 100 % scores 150 → capped 100; Oak 0.
    assert_eq!(part(&m, HealthPart::Conversion).score, Some(100));
    assert_eq!(part(&o, HealthPart::Conversion).score, Some(0));
    assert_eq!(
        part(&o, HealthPart::Conversion).reason,
        "0 of 2 closed referrals started services (agency 50 %)"
    );
    // Agency: 2 recent, 2 earlier (ratio 1). Mercy (2+1)/(0+1) = 3 → 150 → 100; Oak 1/3 → 17.
    assert_eq!(part(&m, HealthPart::ReferralTrend).score, Some(100));
    assert_eq!(part(&o, HealthPart::ReferralTrend).score, Some(17));
    // Regression: "1 referrals in the last 90 days" on Today's at-risk rows.
    assert_eq!(
        part(&m, HealthPart::ReferralTrend).reason,
        "2 referrals in the last 90 days, 0 in the 90 before (agency +0 %)"
    );
    assert!(m.score > o.score);
}

#[test]
fn the_latest_scored_review_counts() {
    let mercy = partner(1, "Mercy");
    let mut n = ReferralNetwork::default();
    n.replace_partners(vec![mercy.clone()]);
    let review = |n: u128, on: &str, score: u8| crate::Review {
        id: ReviewId::from_parts(1_700_000_000_000, n),
        partner_id: mercy.id,
        on: d(on),
        answered_by: String::new(),
        answers: vec![Answer { question: "q".into(), score: Some(score), text: String::new() }],
        follow_up: String::new(),
    };
    n.relations.replace(
        Vec::new(),
        vec![review(1, "2026-05-01", 5), review(2, "2026-11-01", 2)],
        Vec::new(),
        None,
    );
    let h = health(&n, &mercy, today());
    let reviews = part(&h, HealthPart::Reviews);
    assert_eq!(reviews.score, Some(25));
    assert_eq!(reviews.reason, "Last review scored 2.0 of 5 (Nov 1, 2026)");
}

#[test]
fn a_partner_who_stopped_referring_and_calling_is_listed_as_fallen() {
    let (mercy, oak) = (partner(1, "Mercy"), partner(2, "Oak"));
    let mut n = ReferralNetwork::default();
    n.replace_partners(vec![mercy.clone(), oak.clone()]);
    // Mercy referred every ~10 days until Oct 1 and was called monthly until then.
    for (i, day) in ["2026-09-01", "2026-09-11", "2026-09-21", "2026-10-01"].iter().enumerate() {
        n.upsert_referral(referral(i as u128, &mercy, day, None));
        n.upsert_touchpoint(touch(i as u128, &mercy, &format!("{day}T15:00:00Z")));
    }
    // Oak keeps steady: a call a week ago and a referral every 20 days.
    n.upsert_touchpoint(touch(9, &oak, "2026-11-24T15:00:00Z"));
    n.upsert_referral(referral(8, &oak, "2026-11-10", None));
    n.upsert_referral(referral(9, &oak, "2026-11-30", None));
    let fell = fell_sharply(&n, today(), &New_York);
    let names: Vec<PartnerId> = fell.iter().map(|(h, _)| h.partner).collect();
    assert_eq!(names, [mercy.id]);
    let (now, was) = &fell[0];
    assert!(now.score.unwrap() < AT_RISK_BELOW && *was >= now.score.unwrap() + AT_RISK_DROP);
}

#[test]
fn todays_at_risk_row_gives_the_weakest_parts_reason() {
    let mercy = partner(1, "Mercy");
    let mut n = ReferralNetwork::default();
    n.replace_partners(vec![mercy.clone()]);
    for (i, day) in ["2026-09-01", "2026-09-11", "2026-09-21", "2026-10-01"].iter().enumerate() {
        n.upsert_referral(referral(i as u128, &mercy, day, None));
        n.upsert_touchpoint(touch(i as u128, &mercy, &format!("{day}T15:00:00Z")));
    }
    let now = health(&n, &mercy, today());
    let weakest = now.weakest().unwrap();
    let lowest = now.parts.iter().filter_map(|p| p.score).min().unwrap();
    assert_eq!(weakest.score, Some(lowest));
    let rows = at_risk(&n, today(), &New_York);
    assert_eq!(rows.len(), 1);
    let (fell, was) = &fell_sharply(&n, today(), &New_York)[0];
    assert_eq!(
        rows[0],
        AtRisk {
            partner: mercy.id,
            now: fell.score.unwrap(),
            was: *was,
            reason: weakest.reason.clone(),
        }
    );
}

#[test]
fn a_partner_with_nothing_to_score_has_no_weakest_part_and_no_directory_score() {
    let mercy = partner(1, "Mercy");
    let mut mercy_kept = partner(2, "Oak");
    mercy_kept.cadence = CheckInCadence::NoRegular;
    let mut n = ReferralNetwork::default();
    n.replace_partners(vec![mercy.clone(), mercy_kept.clone()]);
    n.upsert_touchpoint(touch(1, &mercy, "2026-11-20T15:00:00Z"));
    let all = all_partners(&n, today(), &New_York);
    let oak = all.iter().find(|h| h.partner == mercy_kept.id).unwrap();
    assert_eq!((oak.score, oak.weakest()), (None, None));
    let by_id = scores(&all);
    assert_eq!(by_id.get(&mercy.id), Some(&100));
    assert!(!by_id.contains_key(&mercy_kept.id));
}
