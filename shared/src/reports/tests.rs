//! Each figure on a hand-built agency whose answers are counted by hand in the comments.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::America::New_York;

use super::*;
use crate::model::Code;
use crate::{
    Channel, CheckInCadence, DeclineReason, Partner, PartnerId, PartnerKind, PartnerTier, Purpose,
    Referral, ReferralId, ReferralNetwork, ReferralStatus, SharingConsent, StatusChange,
    Touchpoint, TouchpointId,
};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn partner(n: u128, kind: PartnerKind, name: &str, tier: PartnerTier) -> Partner {
    // Added on 2026-01-01 so every partner exists for the whole year under test.
    let added = d("2026-01-01").and_hms_opt(12, 0, 0).unwrap().and_utc().timestamp_millis();
    Partner::new(
        PartnerId::from_parts(added, n),
        kind,
        name,
        tier,
        CheckInCadence::default_for(tier),
    )
}

fn referral(
    n: u128,
    partner: &Partner,
    received: &str,
    history: &[(ReferralStatus, &str)],
) -> Referral {
    Referral {
        id: ReferralId::from_parts(1_700_000_000_000 + n as i64, n),
        partner_id: partner.id,
        contact_id: None,
        received_on: d(received),
        participant: format!("P{n}"),
        waiver_program: String::new(),
        services: Vec::new(),
        status_history: history
            .iter()
            .enumerate()
            .map(|(i, (status, on))| StatusChange {
                status: *status,
                on: d(on),
                reason: (*status == ReferralStatus::Declined)
                    .then_some(DeclineReason::ChoseOtherProvider),
                recorded_at: DateTime::from_timestamp(1_800_000_000 + i as i64, 0).unwrap(),
            })
            .collect(),
        consent: SharingConsent::StatusOnly,
        dismissed: Vec::new(),
        disclosures: Vec::new(),
        follow_ups_set_aside_until: None,
    }
}

fn touch(n: u128, partner: &Partner, at: &str, channel: Channel, by: &str) -> Touchpoint {
    let at: DateTime<Utc> = at.parse().unwrap();
    Touchpoint {
        id: TouchpointId::from_parts(at.timestamp_millis(), n),
        partner_id: partner.id,
        contact_id: None,
        referral_id: None,
        at,
        channel,
        purpose: Purpose::CheckIn,
        note: String::new(),
        logged_by: by.into(),
        device: "Tablet".into(),
    }
}

/// Mercy (hospital, key), Oak (physician, regular), Ridge (community, key, declined-only).
fn agency() -> (ReferralNetwork, [Partner; 3]) {
    use PartnerKind::*;
    use ReferralStatus::*;
    let mercy = partner(1, Hospital, "Mercy General", PartnerTier::Key);
    let oak = partner(2, PhysicianPractice, "Oak Family Medicine", PartnerTier::Regular);
    let ridge = partner(3, Community, "Ridge Senior Center", PartnerTier::Key);
    let mut n = ReferralNetwork::default();
    n.replace_partners(vec![mercy.clone(), oak.clone(), ridge.clone()]);
    for r in [
        // September: Mercy 2 (one started in 10 days), Oak 1 (straight to services, 30 days).
        referral(
            1,
            &mercy,
            "2026-09-03",
            &[(Contacted, "2026-09-04"), (ServicesStarted, "2026-09-13")],
        ),
        referral(
            2,
            &mercy,
            "2026-09-20",
            &[(Contacted, "2026-09-21"), (AssessmentScheduled, "2026-09-25")],
        ),
        referral(3, &oak, "2026-09-30", &[(ServicesStarted, "2026-10-30")]),
        // October: none. November: Ridge 2, both declined; Mercy 1, still received.
        referral(4, &ridge, "2026-11-01", &[(Contacted, "2026-11-02"), (Declined, "2026-11-05")]),
        referral(5, &ridge, "2026-11-30", &[(Declined, "2026-11-30")]),
        referral(6, &mercy, "2026-11-15", &[]),
    ] {
        n.upsert_referral(r);
    }
    (n, [mercy, oak, ridge])
}

#[test]
fn referrals_per_month_counts_by_kind_and_shows_empty_months() {
    let (n, _) = agency();
    let months = Month::last(3, d("2026-11-26"));
    let rows = referrals_per_month(&n, &months);
    let totals: Vec<(String, usize)> = rows.iter().map(|r| (r.month.label(), r.total)).collect();
    assert_eq!(totals, [("Sep 2026".into(), 3), ("Oct 2026".into(), 0), ("Nov 2026".into(), 3)]);
    let kind =
        |row: &MonthlyReferrals, k| row.by_kind.iter().find(|(kind, _)| *kind == k).unwrap().1;
    assert_eq!(kind(&rows[0], PartnerKind::Hospital), 2);
    assert_eq!(kind(&rows[0], PartnerKind::PhysicianPractice), 1);
    assert_eq!(kind(&rows[2], PartnerKind::Community), 2);
    assert_eq!(rows[1].by_kind.len(), PartnerKind::ALL.len());
}

#[test]
fn top_referrers_rank_by_count_then_name_and_sum_the_rest() {
    let (n, [mercy, oak, ridge]) = agency();
    let autumn = Period::custom(d("2026-09-01"), d("2026-11-30")).unwrap();
    let ranked = referrals_by_partner(&n, &autumn, 2);
    assert_eq!(ranked.top, [(mercy.id, 3), (ridge.id, 2)]);
    assert_eq!((ranked.rest_referrals, ranked.rest_partners), (1, 1));
    let all = referrals_by_partner(&n, &autumn, 15);
    assert_eq!(all.top.last(), Some(&(oak.id, 1)));
    assert_eq!(all.rest_partners, 0);
}

#[test]
fn the_funnel_counts_skipped_steps_as_passed_and_lists_declines_by_reason() {
    let (n, _) = agency();
    let autumn = Period::custom(d("2026-09-01"), d("2026-11-30")).unwrap();
    let f = funnel(&n, &autumn);
    assert_eq!((f.received, f.contacted, f.assessment, f.services_started), (6, 4, 3, 2));
    assert_eq!(
        f.closed_without_services,
        [(ReferralStatus::Declined, Some(DeclineReason::ChoseOtherProvider), 2)]
    );
    let conversion = f.conversion_percent().unwrap();
    assert!((conversion - 33.33).abs() < 0.01, "{conversion}");
    // A declined-only partner's month converts nothing; an empty month has no rate at all.
    let november = funnel(&n, &Period::month_of(d("2026-11-10")));
    assert_eq!(november.conversion_percent(), Some(0.0));
    assert_eq!(funnel(&n, &Period::month_of(d("2026-10-10"))).conversion_percent(), None);
}

#[test]
fn time_to_services_is_the_median_of_the_month_services_started_in() {
    let (mut n, [mercy, ..]) = agency();
    let months = Month::last(3, d("2026-11-26"));
    let rows = time_to_services(&n, &months);
    assert_eq!((rows[0].started, rows[0].median_days), (1, Some(10.0)));
    assert_eq!((rows[1].started, rows[1].median_days), (1, Some(30.0)));
    assert_eq!((rows[2].started, rows[2].median_days), (0, None));
    // Two starts in October: 30 and 11 days; the median of an even count is their middle.
    n.upsert_referral(referral(
        7,
        &mercy,
        "2026-10-01",
        &[(ReferralStatus::ServicesStarted, "2026-10-12")],
    ));
    assert_eq!(time_to_services(&n, &months)[1].median_days, Some(20.5));
}

#[test]
fn touchpoints_fall_in_the_agencys_month_not_utcs() {
    let (mut n, [mercy, oak, _]) = agency();
    // 03:00 UTC on Dec 1 is still Nov 30 in New York.
    n.upsert_touchpoint(touch(1, &mercy, "2026-12-01T03:00:00Z", Channel::Call, "Ana"));
    n.upsert_touchpoint(touch(2, &oak, "2026-11-10T15:00:00Z", Channel::Visit, "Ben"));
    n.upsert_touchpoint(touch(3, &oak, "2026-11-12T15:00:00Z", Channel::Call, "Ana"));
    n.upsert_touchpoint(touch(4, &oak, "2026-12-02T15:00:00Z", Channel::Email, " "));
    let months = [Month::of(d("2026-11-01")), Month::of(d("2026-12-01"))];
    let rows = touchpoints_per_month(&n, &months, &New_York);
    assert_eq!((rows[0].total, rows[1].total), (3, 1));
    let calls = rows[0].by_channel.iter().find(|(c, _)| *c == Channel::Call).unwrap().1;
    assert_eq!(calls, 2);
    assert_eq!(rows[0].by_staff, [("Ana".to_string(), 2), ("Ben".to_string(), 1)]);
    assert_eq!(rows[1].by_staff, [("Not recorded".to_string(), 1)]);
}

#[test]
fn check_ins_kept_per_tier_reads_the_last_touch_before_the_day() {
    let (mut n, [mercy, oak, ridge]) = agency();
    // Mercy (monthly) touched Nov 20: on time on Dec 1. Ridge (monthly) touched Sep 1: late.
    // Oak (quarterly) touched Oct 1: on time. A touch after the day does not count.
    n.upsert_touchpoint(touch(1, &mercy, "2026-11-20T15:00:00Z", Channel::Call, "Ana"));
    n.upsert_touchpoint(touch(2, &ridge, "2026-09-01T15:00:00Z", Channel::Call, "Ana"));
    n.upsert_touchpoint(touch(3, &ridge, "2026-12-05T15:00:00Z", Channel::Call, "Ana"));
    n.upsert_touchpoint(touch(4, &oak, "2026-10-01T15:00:00Z", Channel::Call, "Ana"));
    let kept = check_ins_kept(&n, d("2026-12-01"), &New_York);
    let key = kept.iter().find(|k| k.tier == PartnerTier::Key).unwrap();
    assert_eq!((key.partners, key.on_time, key.percent()), (2, 1, Some(50.0)));
    let regular = kept.iter().find(|k| k.tier == PartnerTier::Regular).unwrap();
    assert_eq!((regular.partners, regular.on_time), (1, 1));
    let occasional = kept.iter().find(|k| k.tier == PartnerTier::Occasional).unwrap();
    assert_eq!(occasional.percent(), None);
    // Before anyone was added, nobody counts.
    assert!(check_ins_kept(&n, d("2025-12-01"), &New_York).iter().all(|k| k.partners == 0));
}

#[test]
fn a_never_contacted_partner_is_on_time_until_one_cadence_has_passed() {
    let (n, _) = agency();
    let early = check_ins_kept(&n, d("2026-01-20"), &New_York);
    assert!(early.iter().all(|k| k.on_time == k.partners));
    let late = check_ins_kept(&n, d("2026-03-01"), &New_York);
    let key = late.iter().find(|k| k.tier == PartnerTier::Key).unwrap();
    assert_eq!(key.on_time, 0);
}

#[test]
fn periods_compare_with_the_calendar_unit_before() {
    let nov = Period::month_of(d("2026-11-26"));
    assert_eq!((nov.first, nov.last), (d("2026-11-01"), d("2026-11-30")));
    assert_eq!(nov.previous().first, d("2026-10-01"));
    let q = Period::quarter_of(d("2026-02-14"));
    assert_eq!((q.first, q.last), (d("2026-01-01"), d("2026-03-31")));
    assert_eq!((q.previous().first, q.previous().last), (d("2025-10-01"), d("2025-12-31")));
    let y = Period::year_of(d("2026-06-01"));
    assert_eq!(y.previous(), Period::year_of(d("2025-06-01")));
    let custom = Period::custom(d("2026-11-10"), d("2026-11-19")).unwrap();
    let before = custom.previous();
    assert_eq!((before.first, before.last), (d("2026-10-31"), d("2026-11-09")));
    assert!(Period::custom(d("2026-11-10"), d("2026-11-09")).is_err());
    assert_eq!(Period::year_of(d("2026-03-03")).months().len(), 12);
    assert_eq!(percent_change(15, 10), Some(50));
    assert_eq!(percent_change(3, 0), None);
}
