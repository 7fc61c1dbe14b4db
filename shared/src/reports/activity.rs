//! What staff did: touchpoints per month by channel and by who logged them, and how many
//! partners of each tier were checked in with on time.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime, TimeZone};

use super::period::Month;
use crate::cadence::{CadenceStatus, cadence_status};
use crate::model::Code;
use crate::{Channel, PartnerTier, ReferralNetwork};

/// Touchpoints logged in one month (by the agency's own calendar).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthlyTouchpoints {
    pub month: Month,
    pub total: usize,
    /// Every channel, in `Channel::ALL` order, zeros included.
    pub by_channel: Vec<(Channel, usize)>,
    /// Who logged them, most first; an empty name reads "Not recorded".
    pub by_staff: Vec<(String, usize)>,
}

pub fn touchpoints_per_month<Tz: TimeZone>(
    network: &ReferralNetwork,
    months: &[Month],
    tz: &Tz,
) -> Vec<MonthlyTouchpoints> {
    let (Some(first), Some(last)) = (months.first(), months.last()) else { return Vec::new() };
    // A day's margin either side covers any time zone, so most of five years is skipped
    // before the costlier time-zone conversion.
    let from = first.first_day().pred_opt().unwrap_or(NaiveDate::MIN).and_time(NaiveTime::MIN);
    let to = last.last_day().succ_opt().and_then(|d| d.succ_opt()).unwrap_or(NaiveDate::MAX);
    let (from, to) = (from.and_utc(), to.and_time(NaiveTime::MIN).and_utc());
    let mut channels: HashMap<(Month, Channel), usize> = HashMap::new();
    let mut staff: HashMap<Month, HashMap<&str, usize>> = HashMap::new();
    for touch in network.touchpoints().filter(|t| from <= t.at && t.at < to) {
        let month = Month::of(touch.at.with_timezone(tz).date_naive());
        *channels.entry((month, touch.channel)).or_default() += 1;
        *staff.entry(month).or_default().entry(touch.logged_by.trim()).or_default() += 1;
    }
    months
        .iter()
        .map(|&month| {
            let by_channel: Vec<(Channel, usize)> = Channel::ALL
                .iter()
                .map(|&c| (c, channels.get(&(month, c)).copied().unwrap_or(0)))
                .collect();
            let mut by_staff: Vec<(String, usize)> = staff
                .remove(&month)
                .unwrap_or_default()
                .into_iter()
                .map(|(who, n)| (if who.is_empty() { "Not recorded" } else { who }.to_string(), n))
                .collect();
            by_staff.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            MonthlyTouchpoints {
                month,
                total: by_channel.iter().map(|(_, n)| n).sum(),
                by_channel,
                by_staff,
            }
        })
        .collect()
}

/// Of one tier's partners with a regular check-in, how many were within their cadence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckInsKept {
    pub tier: PartnerTier,
    pub partners: usize,
    pub on_time: usize,
}

impl CheckInsKept {
    pub fn percent(&self) -> Option<f64> {
        (self.partners > 0).then(|| self.on_time as f64 * 100.0 / self.partners as f64)
    }
}

/// Where each tier stood on day `on`: a partner counts once it existed; one never contacted
/// is on time until a whole cadence has passed since it was added.
pub fn check_ins_kept<Tz: TimeZone>(
    network: &ReferralNetwork,
    on: NaiveDate,
    tz: &Tz,
) -> Vec<CheckInsKept> {
    let local = |at: chrono::DateTime<chrono::Utc>| at.with_timezone(tz).date_naive();
    let mut tiers: Vec<CheckInsKept> = PartnerTier::ALL
        .iter()
        .map(|&tier| CheckInsKept { tier, partners: 0, on_time: 0 })
        .collect();
    for partner in network.partners().filter(|p| !p.archived) {
        let Some(interval) = partner.cadence.interval_days() else { continue };
        let added = local(partner.id.created_at());
        if added > on {
            continue;
        }
        let last = network.timeline(partner.id).into_iter().map(|t| local(t.at)).find(|d| *d <= on);
        let kept = match cadence_status(partner.cadence, last, on) {
            CadenceStatus::OnTrack { .. } | CadenceStatus::DueSoon { .. } => true,
            CadenceStatus::NeverContacted => (on - added).num_days() <= interval,
            CadenceStatus::Overdue { .. } | CadenceStatus::NoCadence => false,
        };
        if let Some(row) = tiers.iter_mut().find(|row| row.tier == partner.tier) {
            row.partners += 1;
            row.on_time += usize::from(kept);
        }
    }
    tiers
}
