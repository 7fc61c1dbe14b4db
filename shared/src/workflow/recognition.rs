//! Top referral sources over a period, each against its own previous period.
//!
//! Deliberately separate from the appreciation ledger: rewarding partners by referral volume
//! is the Anti-Kickback risk, so nothing here feeds what anyone is given.

mod events;

use std::collections::HashMap;

use chrono::{Days, NaiveDate};

use crate::network::ReferralNetwork;
use crate::{PartnerId, ReferralStatus};

pub use events::{EventCounts, events_in_period};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRank {
    pub partner: PartnerId,
    pub name: String,
    pub referrals: usize,
    pub started: usize,
    pub previous_referrals: usize,
    pub previous_started: usize,
}

/// Partners ranked by referrals received in the `days` up to `today` (then by services that
/// started in those days, whenever the referral came in), with the same counts for the `days`
/// before that. A partner active only in the earlier period is listed too: a drop to zero is
/// what staff most need to see.
pub fn top_sources(network: &ReferralNetwork, days: u64, today: NaiveDate) -> Vec<SourceRank> {
    let start = today.checked_sub_days(Days::new(days)).unwrap_or(today);
    let before = start.checked_sub_days(Days::new(days)).unwrap_or(start);
    let period = |day: NaiveDate| -> Option<usize> {
        if day > start && day <= today {
            Some(0)
        } else if day > before && day <= start {
            Some(2)
        } else {
            None
        }
    };
    let mut counts: HashMap<PartnerId, [usize; 4]> = HashMap::new();
    for r in network.referrals() {
        let started_on = r
            .status_history
            .iter()
            .filter(|c| c.status == ReferralStatus::ServicesStarted)
            .map(|c| c.on)
            .min();
        if let Some(slot) = period(r.received_on) {
            counts.entry(r.partner_id).or_default()[slot] += 1;
        }
        if let Some(slot) = started_on.and_then(period) {
            counts.entry(r.partner_id).or_default()[slot + 1] += 1;
        }
    }
    let mut ranks: Vec<SourceRank> = counts
        .into_iter()
        .map(|(partner, c)| SourceRank {
            partner,
            name: network
                .partner(partner)
                .map_or_else(|| "Unknown partner".into(), |p| p.name.clone()),
            referrals: c[0],
            started: c[1],
            previous_referrals: c[2],
            previous_started: c[3],
        })
        .collect();
    ranks.sort_by(|a, b| {
        b.referrals.cmp(&a.referrals).then(b.started.cmp(&a.started)).then(a.name.cmp(&b.name))
    });
    ranks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{SampleSize, generate};

    #[test]
    fn sources_are_ranked_by_referrals_in_the_period_and_compared_with_the_one_before() {
        let today: NaiveDate = "2026-11-26".parse().unwrap();
        let s = generate(SampleSize::Demo, today, 5);
        let mut n = ReferralNetwork::default();
        n.replace_partners(s.partners.clone());
        s.referrals.iter().cloned().for_each(|r| n.upsert_referral(r));
        let ranks = top_sources(&n, 90, today);
        assert!(!ranks.is_empty());
        assert!(ranks.windows(2).all(|w| w[0].referrals >= w[1].referrals));
        let top = &ranks[0];
        let expected = s
            .referrals
            .iter()
            .filter(|r| {
                r.partner_id == top.partner && r.received_on > "2026-08-28".parse().unwrap()
            })
            .count();
        assert_eq!(top.referrals, expected);
        let earlier = s
            .referrals
            .iter()
            .filter(|r| {
                r.partner_id == top.partner
                    && r.received_on > "2026-05-30".parse().unwrap()
                    && r.received_on <= "2026-08-28".parse().unwrap()
            })
            .count();
        assert_eq!(top.previous_referrals, earlier);
    }

    #[test]
    fn services_count_in_the_period_they_started_and_a_drop_to_zero_is_listed() {
        let today: NaiveDate = "2026-11-26".parse().unwrap();
        let s = generate(SampleSize::Demo, today, 5);
        let mut n = ReferralNetwork::default();
        n.replace_partners(s.partners.clone());
        let (a, b) = (s.partners[0].id, s.partners[1].id);
        let mut waitlisted = s.referrals[0].clone();
        waitlisted.partner_id = a;
        waitlisted.received_on = "2026-06-01".parse().unwrap();
        waitlisted.status_history.truncate(1);
        waitlisted.status_history[0].on = waitlisted.received_on;
        let mut started = waitlisted.status_history[0].clone();
        started.status = ReferralStatus::ServicesStarted;
        started.on = "2026-11-20".parse().unwrap();
        waitlisted.status_history.push(started);
        n.upsert_referral(waitlisted);
        let mut earlier = s.referrals[1].clone();
        earlier.partner_id = b;
        earlier.received_on = "2026-10-10".parse().unwrap();
        earlier.status_history.truncate(1);
        earlier.status_history[0].on = earlier.received_on;
        n.upsert_referral(earlier);

        let ranks = top_sources(&n, 30, today);
        let of = |p: PartnerId| ranks.iter().find(|r| r.partner == p).expect("listed");
        assert_eq!((of(a).referrals, of(a).started), (0, 1));
        assert_eq!((of(b).referrals, of(b).previous_referrals), (0, 1));
    }
}
