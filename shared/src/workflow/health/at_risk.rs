//! What Today and the directory need from the health scores: the "at risk" rows, each with the
//! one reason staff should act on, and a score per partner for the directory's sort and badge.

use std::collections::HashMap;

use chrono::{NaiveDate, TimeZone};

use super::{PartScore, PartnerHealth, fell_sharply};
use crate::{PartnerId, ReferralNetwork};

/// One row of Today's "at risk" list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AtRisk {
    pub partner: PartnerId,
    /// The score today and 30 days ago.
    pub now: u8,
    pub was: u8,
    /// The weakest part's reason, e.g. "No referral in 70 days, usual gap 21".
    pub reason: String,
}

impl PartnerHealth {
    /// The part pulling the score down most: the lowest-scored part with something to go on.
    /// Ties go to the part listed first (check-ins), the one staff can fix soonest.
    pub fn weakest(&self) -> Option<&PartScore> {
        self.parts
            .iter()
            .filter_map(|p| p.score.map(|s| (s, p)))
            .min_by_key(|(s, _)| *s)
            .map(|(_, p)| p)
    }
}

/// Today's "at risk" list: partners whose score fell sharply, biggest fall first.
pub fn at_risk<Tz: TimeZone>(network: &ReferralNetwork, today: NaiveDate, tz: &Tz) -> Vec<AtRisk> {
    fell_sharply(network, today, tz)
        .into_iter()
        .filter_map(|(now, was)| {
            Some(AtRisk {
                partner: now.partner,
                now: now.score?,
                was,
                reason: now.weakest().map(|p| p.reason.clone()).unwrap_or_default(),
            })
        })
        .collect()
}

/// Each scored partner's score, for the directory; partners without one are absent.
pub fn scores(health: &[PartnerHealth]) -> HashMap<PartnerId, u8> {
    health.iter().filter_map(|h| Some((h.partner, h.score?))).collect()
}
