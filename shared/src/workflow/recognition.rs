//! Top referral sources over a period, each against its own previous period.
//!
//! Deliberately separate from the appreciation ledger: rewarding partners by referral volume
//! is the Anti-Kickback risk, so nothing here feeds what anyone is given.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};

use crate::network::ReferralNetwork;
use crate::{PartnerId, ReferralStatus};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRank {
    pub partner: PartnerId,
    pub name: String,
    pub referrals: usize,
    pub started: usize,
    pub previous_referrals: usize,
    pub previous_started: usize,
}

/// Partners ranked by referrals received in the `days` up to `today` (then by services
/// started), with the same counts for the `days` before that.
pub fn top_sources(network: &ReferralNetwork, days: u64, today: NaiveDate) -> Vec<SourceRank> {
    let start = today.checked_sub_days(Days::new(days)).unwrap_or(today);
    let before = start.checked_sub_days(Days::new(days)).unwrap_or(start);
    let mut counts: HashMap<PartnerId, [usize; 4]> = HashMap::new();
    for r in network.referrals() {
        let started = usize::from(r.status() == ReferralStatus::ServicesStarted);
        let slot = if r.received_on > start && r.received_on <= today {
            0
        } else if r.received_on > before && r.received_on <= start {
            2
        } else {
            continue;
        };
        let c = counts.entry(r.partner_id).or_default();
        c[slot] += 1;
        c[slot + 1] += started;
    }
    let mut ranks: Vec<SourceRank> = counts
        .into_iter()
        .filter(|(_, c)| c[0] > 0)
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
        assert!(top.started <= top.referrals);
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
}
