use chrono::{DateTime, Utc};
use chrono_tz::America::New_York;

use super::*;
use crate::cadence::CadenceStatus;
use crate::sample::{SampleSize, generate};
use crate::{Channel, Purpose, ReferralStatus};

fn today() -> NaiveDate {
    "2026-11-26".parse().unwrap()
}

fn network() -> (ReferralNetwork, crate::sample::SampleAgency) {
    let sample = generate(SampleSize::Demo, today(), 3);
    let mut n = ReferralNetwork::default();
    n.replace_partners(sample.partners.clone());
    n.replace_contacts(sample.contacts.clone());
    for r in sample.referrals.clone() {
        n.upsert_referral(r);
    }
    for t in sample.touchpoints.clone() {
        n.upsert_touchpoint(t);
    }
    (n, sample)
}

fn touch(partner: PartnerId, at: &str, contact: Option<ContactId>) -> Touchpoint {
    let at: DateTime<Utc> = at.parse().unwrap();
    Touchpoint {
        id: TouchpointId::from_parts(at.timestamp_millis(), 99),
        partner_id: partner,
        contact_id: contact,
        referral_id: None,
        at,
        channel: Channel::Call,
        purpose: Purpose::CheckIn,
        note: String::new(),
        logged_by: "Ana".into(),
        device: "Tablet".into(),
    }
}

#[test]
fn a_touch_logged_with_a_contact_resets_the_partners_clock() {
    let (mut n, sample) = network();
    let contact = &sample.contacts[0];
    n.upsert_touchpoint(touch(contact.partner_id, "2026-11-26T15:00:00Z", Some(contact.id)));
    assert_eq!(n.last_touch(contact.partner_id).unwrap().to_rfc3339(), "2026-11-26T15:00:00+00:00");
}

#[test]
fn last_touch_is_read_in_the_agencys_time_zone() {
    let (mut n, sample) = network();
    let p = sample.partners.iter().find(|p| !p.archived).unwrap();
    // 02:00 UTC on the 26th is still the evening of the 25th in New York.
    n.upsert_touchpoint(touch(p.id, "2026-11-26T02:00:00Z", None));
    let rows = n.directory(
        &DirectoryQuery { text: p.name.clone(), ..Default::default() },
        today(),
        &New_York,
    );
    let row = rows.iter().find(|r| r.id == p.id).unwrap();
    assert_eq!(row.last_touch, Some("2026-11-25".parse().unwrap()));
}

#[test]
fn moving_a_touchpoint_to_another_partner_moves_its_clock_too() {
    let (mut n, sample) = network();
    let (a, b) = (sample.partners[0].id, sample.partners[1].id);
    let mut t = touch(a, "2026-11-26T15:00:00Z", None);
    n.upsert_touchpoint(t.clone());
    t.partner_id = b;
    n.upsert_touchpoint(t.clone());
    assert_ne!(n.last_touch(a), Some(t.at));
    assert_eq!(n.last_touch(b), Some(t.at));
    assert!(n.timeline(a).iter().all(|x| x.id != t.id));
}

#[test]
fn replacing_a_months_touchpoints_drops_ones_removed_elsewhere() {
    let (mut n, sample) = network();
    let t = sample.touchpoints[0].clone();
    let key = t.doc_key();
    let keep: Vec<Touchpoint> =
        sample.touchpoints.iter().filter(|x| x.doc_key() == key && x.id != t.id).cloned().collect();
    let before = n.counts().3;
    n.replace_touchpoints(key, keep);
    assert_eq!(n.counts().3, before - 1);
    assert!(n.touchpoint(t.id).is_none());
}

#[test]
fn directory_filters_by_text_kind_and_tier_and_hides_archived() {
    let (n, sample) = network();
    let all = n.directory(&DirectoryQuery::default(), today(), &New_York);
    let archived = sample.partners.iter().filter(|p| p.archived).count();
    assert_eq!(all.len(), sample.partners.len() - archived);
    let contact = &sample.contacts[5];
    let by_contact = n.directory(
        &DirectoryQuery {
            text: contact.name.to_uppercase(),
            show_archived: true,
            ..Default::default()
        },
        today(),
        &New_York,
    );
    assert!(by_contact.iter().any(|r| r.id == contact.partner_id));
    let key = n.directory(
        &DirectoryQuery { tier: Some(crate::PartnerTier::Key), ..Default::default() },
        today(),
        &New_York,
    );
    assert!(key.iter().all(|r| r.tier == crate::PartnerTier::Key));
}

#[test]
fn urgency_sort_puts_overdue_partners_first() {
    let (n, _) = network();
    let rows = n.directory(&DirectoryQuery::default(), today(), &New_York);
    let urgencies: Vec<i64> = rows.iter().map(|r| r.status.urgency()).collect();
    assert!(urgencies.windows(2).all(|w| w[0] >= w[1]));
    assert!(rows.iter().any(|r| matches!(
        r.status,
        CadenceStatus::Overdue { .. } | CadenceStatus::OnTrack { .. }
    )));
}

#[test]
fn health_sort_puts_the_lowest_score_first_and_unscored_partners_last() {
    let (n, _) = network();
    let all = n.directory(&DirectoryQuery::default(), today(), &New_York);
    let (a, b, c) = (all[0].id, all[1].id, all[2].id);
    let scores: std::collections::HashMap<PartnerId, u8> = [(a, 70), (b, 30), (c, 30)].into();
    let query = DirectoryQuery { sort: DirectorySort::HealthLowest, ..Default::default() };
    let rows = n.directory_with_health(&query, today(), &New_York, &scores);
    assert_eq!(rows.len(), all.len(), "unscored partners are still listed");
    let lowest: Vec<PartnerId> = rows.iter().take(2).map(|r| r.id).collect();
    let mut tied = vec![(n.partner(b).unwrap().name.to_lowercase(), b)];
    tied.push((n.partner(c).unwrap().name.to_lowercase(), c));
    tied.sort();
    assert_eq!(lowest, [tied[0].1, tied[1].1], "equal scores fall back to name order");
    assert_eq!((rows[2].id, rows[2].health), (a, Some(70)));
    assert!(rows[3..].iter().all(|r| r.health.is_none()));
}

#[test]
fn referral_log_filters_by_status_partner_and_dates() {
    let (n, sample) = network();
    let r = &sample.referrals[0];
    let rows = n.referral_log(&ReferralQuery { partner: Some(r.partner_id), ..Default::default() });
    assert!(rows.iter().all(|x| x.partner_id == r.partner_id));
    assert!(rows.windows(2).all(|w| w[0].received_on >= w[1].received_on));
    let from: NaiveDate = "2026-10-01".parse().unwrap();
    let recent = n.referral_log(&ReferralQuery { from: Some(from), ..Default::default() });
    assert!(!recent.is_empty() && recent.iter().all(|x| x.received_on >= from));
    let started = n.referral_log(&ReferralQuery {
        status: Some(ReferralStatus::ServicesStarted),
        ..Default::default()
    });
    assert!(started.iter().all(|x| x.status == ReferralStatus::ServicesStarted));
    let name = n.partner(r.partner_id).unwrap().name.to_uppercase();
    let by_name =
        n.referral_log(&ReferralQuery { partner_text: name.clone(), ..Default::default() });
    assert!(
        !by_name.is_empty()
            && by_name.iter().all(|x| x.partner_name.to_uppercase().contains(&name))
    );
    let open = n.referral_log(&ReferralQuery { open_only: true, ..Default::default() });
    assert!(open.iter().all(|x| !x.status.is_closed()));
}

#[test]
fn a_summary_stands_in_for_unloaded_history_until_it_loads() {
    let (full, sample) = network();
    let summary = ActivitySummary::of(&full);
    let p = sample.partners.iter().find(|p| full.last_touch(p.id).is_some()).unwrap();

    // A fresh tablet with only the directory loaded, and the saved summary.
    let mut partial = ReferralNetwork::default();
    partial.replace_partners(sample.partners.clone());
    partial.replace_contacts(sample.contacts.clone());
    assert_eq!(partial.last_touch(p.id), None);
    partial.set_hint(summary);
    assert_eq!(partial.last_touch(p.id), full.last_touch(p.id));
    assert_eq!(partial.open_referrals(p.id), full.open_referrals(p.id));

    // A touch newer than the summary shows at once.
    let newer = touch(p.id, "2026-11-26T20:00:00Z", None);
    partial.upsert_touchpoint(newer.clone());
    assert_eq!(partial.last_touch(p.id), Some(newer.at));

    // Once history is complete, only records count.
    partial.history_complete();
    assert_eq!(partial.last_touch(p.id), Some(newer.at));
    let other =
        sample.partners.iter().find(|x| x.id != p.id && full.last_touch(x.id).is_some()).unwrap();
    assert_eq!(partial.last_touch(other.id), None);
}
