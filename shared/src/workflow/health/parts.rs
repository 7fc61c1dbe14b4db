//! How each part of a partner's health is scored, with the sentence that explains it.

use chrono::{Days, NaiveDate, TimeZone};

use super::{HealthPart, PartScore};
use crate::cadence::{CadenceStatus, cadence_status};
use crate::workflow::reviews::score as review_score;
use crate::{Partner, ReferralNetwork, ReferralStatus, Review};

/// Trend and conversion compare a partner with the agency as a whole.
const TREND_DAYS: u64 = 90;
const CONVERSION_DAYS: u64 = 365;

/// The agency-wide figures a partner is compared with, computed once for all partners.
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    /// Referrals in the last 90 days and the 90 before, across the agency.
    pub recent: usize,
    pub earlier: usize,
    /// Services started per closed referral in the last year, 0–1; `None` if none closed.
    pub conversion: Option<f64>,
}

impl Baseline {
    pub fn of(network: &ReferralNetwork, today: NaiveDate) -> Self {
        let (mut recent, mut earlier, mut closed, mut started) = (0, 0, 0usize, 0usize);
        for r in network.referrals().filter(|r| r.received_on <= today) {
            match window(r.received_on, today) {
                Window::Recent => recent += 1,
                Window::Earlier => earlier += 1,
                Window::Older => {}
            }
            if within(r.received_on, today, CONVERSION_DAYS) && r.status().is_closed() {
                closed += 1;
                started += usize::from(r.status() == ReferralStatus::ServicesStarted);
            }
        }
        let conversion = (closed > 0).then(|| started as f64 / closed as f64);
        Self { recent, earlier, conversion }
    }
}

enum Window {
    Recent,
    Earlier,
    Older,
}

fn window(day: NaiveDate, today: NaiveDate) -> Window {
    if within(day, today, TREND_DAYS) {
        Window::Recent
    } else if within(day, today, 2 * TREND_DAYS) {
        Window::Earlier
    } else {
        Window::Older
    }
}

fn within(day: NaiveDate, today: NaiveDate, days: u64) -> bool {
    day <= today && today.checked_sub_days(Days::new(days)).is_none_or(|from| day > from)
}

fn part(part: HealthPart, score: Option<u8>, reason: impl Into<String>) -> PartScore {
    PartScore { part, score, reason: reason.into() }
}

fn percent(value: f64) -> u8 {
    value.round().clamp(0.0, 100.0) as u8
}

pub fn check_ins<Tz: TimeZone>(
    network: &ReferralNetwork,
    partner: &Partner,
    today: NaiveDate,
    tz: &Tz,
) -> PartScore {
    let local = |at: chrono::DateTime<chrono::Utc>| at.with_timezone(tz).date_naive();
    let last = network.timeline(partner.id).into_iter().map(|t| local(t.at)).find(|d| *d <= today);
    let Some(interval) = partner.cadence.interval_days() else {
        return part(HealthPart::CheckIns, None, "No regular check-in planned");
    };
    match cadence_status(partner.cadence, last, today) {
        CadenceStatus::OnTrack { .. } | CadenceStatus::DueSoon { .. } => {
            part(HealthPart::CheckIns, Some(100), "Check-ins kept")
        }
        CadenceStatus::Overdue { by_days } => {
            let score = percent(100.0 - 100.0 * by_days as f64 / interval as f64);
            part(HealthPart::CheckIns, Some(score), format!("Check-in overdue by {by_days} days"))
        }
        CadenceStatus::NeverContacted
            if (today - local(partner.id.created_at())).num_days() <= interval =>
        {
            part(HealthPart::CheckIns, Some(100), "Added recently; first check-in not yet due")
        }
        CadenceStatus::NeverContacted | CadenceStatus::NoCadence => {
            part(HealthPart::CheckIns, Some(0), "Never checked in with")
        }
    }
}

pub fn referral_trend(
    network: &ReferralNetwork,
    partner: &Partner,
    baseline: &Baseline,
    today: NaiveDate,
) -> PartScore {
    let (mut recent, mut earlier) = (0usize, 0usize);
    for r in network.referrals_of(partner.id) {
        match window(r.received_on, today) {
            Window::Recent => recent += 1,
            Window::Earlier => earlier += 1,
            Window::Older => {}
        }
    }
    if recent + earlier == 0 {
        return part(HealthPart::ReferralTrend, None, "No referrals in the last 180 days");
    }
    // Each side +1 so one referral more or less does not swing the score from 0 to 100.
    let ours = (recent as f64 + 1.0) / (earlier as f64 + 1.0);
    let agency = (baseline.recent as f64 + 1.0) / (baseline.earlier as f64 + 1.0);
    let score = percent(50.0 * ours / agency);
    let reason = format!(
        "{} in the last 90 days, {earlier} in the 90 before (agency {})",
        if recent == 1 { "1 referral".to_string() } else { format!("{recent} referrals") },
        signed_percent(agency)
    );
    part(HealthPart::ReferralTrend, Some(score), reason)
}

fn signed_percent(ratio: f64) -> String {
    format!("{:+.0} %", (ratio - 1.0) * 100.0)
}

pub fn conversion(
    network: &ReferralNetwork,
    partner: &Partner,
    baseline: &Baseline,
    today: NaiveDate,
) -> PartScore {
    let closed: Vec<ReferralStatus> = network
        .referrals_of(partner.id)
        .into_iter()
        .filter(|r| within(r.received_on, today, CONVERSION_DAYS) && r.status().is_closed())
        .map(|r| r.status())
        .collect();
    if closed.is_empty() {
        return part(HealthPart::Conversion, None, "No referral closed in the last year");
    }
    let started = closed.iter().filter(|s| **s == ReferralStatus::ServicesStarted).count();
    let ours = started as f64 / closed.len() as f64;
    // As good as the agency scores 75; a partner whose referrals never start scores 0.
    let score = match baseline.conversion {
        Some(agency) if agency > 0.0 => percent(75.0 * ours / agency),
        _ => percent(100.0 * ours),
    };
    let agency =
        baseline.conversion.map_or(String::new(), |a| format!(" (agency {:.0} %)", a * 100.0));
    let reason = format!("{started} of {} closed referrals started services{agency}", closed.len());
    part(HealthPart::Conversion, Some(score), reason)
}

pub fn reviews(reviews: &[&Review], today: NaiveDate) -> PartScore {
    let Some((review, scored)) =
        reviews.iter().filter(|r| r.on <= today).find_map(|r| review_score(r).map(|s| (r, s)))
    else {
        return part(HealthPart::Reviews, None, "No scored review yet");
    };
    let score = percent(f64::from(scored - 1.0) * 25.0);
    let reason =
        format!("Last review scored {scored:.1} of 5 ({})", review.on.format("%b %-d, %Y"));
    part(HealthPart::Reviews, Some(score), reason)
}

pub fn recency(network: &ReferralNetwork, partner: &Partner, today: NaiveDate) -> PartScore {
    let days: Vec<NaiveDate> = network
        .referrals_of(partner.id)
        .into_iter()
        .map(|r| r.received_on)
        .filter(|d| *d <= today)
        .collect();
    let Some(&last) = days.first() else {
        return part(HealthPart::Recency, None, "No referral yet");
    };
    let since = (today - last).num_days();
    let mut gaps: Vec<i64> = days.windows(2).map(|w| (w[0] - w[1]).num_days()).collect();
    gaps.sort_unstable();
    // With a single referral there is no usual gap yet; a quarter is what staff would expect.
    let usual = gaps.get(gaps.len() / 2).copied().unwrap_or(91).max(1);
    let (score, reason) = if since <= usual {
        let when = match since {
            0 => "today".to_string(),
            1 => "yesterday".to_string(),
            n => format!("{n} days ago"),
        };
        (100, format!("Last referral {when}, usual gap {usual}"))
    } else {
        let score = percent(100.0 * usual as f64 / since as f64);
        (score, format!("No referral in {since} days, usual gap {usual}"))
    };
    part(HealthPart::Recency, Some(score), reason)
}
