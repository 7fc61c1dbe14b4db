//! Referral figures for the monthly report: how many came in and from whom, how far they got,
//! and how long services took to start. Counts only: no participant appears in any figure.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::period::{Month, Period};
use crate::model::Code;
use crate::{DeclineReason, PartnerId, PartnerKind, Referral, ReferralNetwork, ReferralStatus};

/// Referrals received in one month, split by the referring partner's kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthlyReferrals {
    pub month: Month,
    pub total: usize,
    /// Every kind, in `PartnerKind::ALL` order, zeros included, so stacked bars line up.
    pub by_kind: Vec<(PartnerKind, usize)>,
}

pub fn referrals_per_month(network: &ReferralNetwork, months: &[Month]) -> Vec<MonthlyReferrals> {
    let mut counts: HashMap<(Month, PartnerKind), usize> = HashMap::new();
    for referral in network.referrals() {
        let month = Month::of(referral.received_on);
        let kind = network.partner(referral.partner_id).map_or(PartnerKind::Other, |p| p.kind);
        *counts.entry((month, kind)).or_default() += 1;
    }
    months
        .iter()
        .map(|&month| {
            let by_kind: Vec<(PartnerKind, usize)> = PartnerKind::ALL
                .iter()
                .map(|&kind| (kind, counts.get(&(month, kind)).copied().unwrap_or(0)))
                .collect();
            MonthlyReferrals { month, total: by_kind.iter().map(|(_, n)| n).sum(), by_kind }
        })
        .collect()
}

/// The partners who referred most in a period, and what the others added up to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TopReferrers {
    /// Most referrals first; ties by partner name.
    pub top: Vec<(PartnerId, usize)>,
    pub rest_referrals: usize,
    pub rest_partners: usize,
}

pub fn referrals_by_partner(
    network: &ReferralNetwork,
    period: &Period,
    top: usize,
) -> TopReferrers {
    let mut counts: HashMap<PartnerId, usize> = HashMap::new();
    for referral in network.referrals().filter(|r| period.contains(r.received_on)) {
        *counts.entry(referral.partner_id).or_default() += 1;
    }
    let name = |id: &PartnerId| network.partner(*id).map(|p| p.name.to_lowercase());
    let mut ranked: Vec<(PartnerId, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| {
        b.1.cmp(&a.1).then_with(|| name(&a.0).cmp(&name(&b.0))).then(a.0.cmp(&b.0))
    });
    let rest = ranked.split_off(top.min(ranked.len()));
    TopReferrers {
        top: ranked,
        rest_referrals: rest.iter().map(|(_, n)| n).sum(),
        rest_partners: rest.len(),
    }
}

/// How far the referrals received in a period got, stage by stage.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Funnel {
    pub received: usize,
    pub contacted: usize,
    pub assessment: usize,
    pub services_started: usize,
    /// Closed without services, by status and reason, most first.
    pub closed_without_services: Vec<(ReferralStatus, Option<DeclineReason>, usize)>,
}

impl Funnel {
    /// Services started per referral received, in percent.
    pub fn conversion_percent(&self) -> Option<f64> {
        (self.received > 0).then(|| self.services_started as f64 * 100.0 / self.received as f64)
    }
}

/// The furthest stage a referral reached: 0 received, 1 contacted, 2 assessment, 3 services.
/// A referral that skipped a step (straight to services) still passed through it.
fn furthest_stage(referral: &Referral) -> u8 {
    let stage = |status: ReferralStatus| match status {
        ReferralStatus::Contacted | ReferralStatus::Waitlisted => 1,
        ReferralStatus::AssessmentScheduled => 2,
        ReferralStatus::ServicesStarted => 3,
        _ => 0,
    };
    referral.status_history.iter().map(|c| stage(c.status)).max().unwrap_or(0)
}

pub fn funnel(network: &ReferralNetwork, period: &Period) -> Funnel {
    let mut funnel = Funnel::default();
    let mut closed: HashMap<(ReferralStatus, Option<DeclineReason>), usize> = HashMap::new();
    for referral in network.referrals().filter(|r| period.contains(r.received_on)) {
        funnel.received += 1;
        let stage = furthest_stage(referral);
        funnel.contacted += usize::from(stage >= 1);
        funnel.assessment += usize::from(stage >= 2);
        funnel.services_started += usize::from(stage >= 3);
        let status = referral.status();
        if status.is_closed() && status != ReferralStatus::ServicesStarted {
            let reason = referral.current().and_then(|c| c.reason);
            *closed.entry((status, reason)).or_default() += 1;
        }
    }
    let mut closed: Vec<_> = closed.into_iter().map(|((s, r), n)| (s, r, n)).collect();
    closed.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    funnel.closed_without_services = closed;
    funnel
}

/// The median days from received to services started, for the referrals that started in a month.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthlyTimeToServices {
    pub month: Month,
    pub started: usize,
    pub median_days: Option<f64>,
}

pub fn time_to_services(network: &ReferralNetwork, months: &[Month]) -> Vec<MonthlyTimeToServices> {
    let mut days_by_month: HashMap<Month, Vec<i64>> = HashMap::new();
    for referral in network.referrals() {
        if let Some(started) = services_started_on(referral) {
            let days = (started - referral.received_on).num_days().max(0);
            days_by_month.entry(Month::of(started)).or_default().push(days);
        }
    }
    months
        .iter()
        .map(|&month| {
            let mut days = days_by_month.remove(&month).unwrap_or_default();
            MonthlyTimeToServices { month, started: days.len(), median_days: median(&mut days) }
        })
        .collect()
}

/// The first day services started, if they did.
fn services_started_on(referral: &Referral) -> Option<NaiveDate> {
    referral
        .status_history
        .iter()
        .filter(|c| c.status == ReferralStatus::ServicesStarted)
        .map(|c| c.on)
        .min()
}

fn median(values: &mut [i64]) -> Option<f64> {
    values.sort_unstable();
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2] as f64),
        _ => Some((values[n / 2 - 1] + values[n / 2]) as f64 / 2.0),
    }
}
