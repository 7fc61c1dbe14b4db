//! Partner health (issue 14): a 0–100 score from five parts, each with the reason staff read
//! on the partner page ("no referral in 94 days, usual gap 21"). The weights live here only.

mod at_risk;
mod parts;

use chrono::{Days, NaiveDate, TimeZone};

use crate::{Partner, PartnerId, ReferralNetwork, Review};

pub use at_risk::{AtRisk, at_risk, scores};
pub use parts::Baseline;

/// How much each part counts. Parts with nothing to go on are left out and the rest scaled up,
/// so a partner without reviews is not punished for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HealthWeights {
    pub check_ins: u8,
    pub referral_trend: u8,
    pub conversion: u8,
    pub reviews: u8,
    pub recency: u8,
}

/// The agency-wide weights; they add up to 100.
pub const WEIGHTS: HealthWeights =
    HealthWeights { check_ins: 25, referral_trend: 20, conversion: 20, reviews: 15, recency: 20 };

/// Below this a partner reads "at risk"; a drop of at least `AT_RISK_DROP` in 30 days lists it
/// on Today.
pub const AT_RISK_BELOW: u8 = 50;
pub const AT_RISK_DROP: u8 = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HealthPart {
    CheckIns,
    ReferralTrend,
    Conversion,
    Reviews,
    Recency,
}

impl HealthPart {
    pub fn label(self) -> &'static str {
        match self {
            Self::CheckIns => "Check-ins",
            Self::ReferralTrend => "Referral trend",
            Self::Conversion => "Referrals that started services",
            Self::Reviews => "Six-monthly review",
            Self::Recency => "Last referral",
        }
    }

    fn weight(self, w: &HealthWeights) -> u8 {
        match self {
            Self::CheckIns => w.check_ins,
            Self::ReferralTrend => w.referral_trend,
            Self::Conversion => w.conversion,
            Self::Reviews => w.reviews,
            Self::Recency => w.recency,
        }
    }
}

/// One part's score (0–100), or `None` when there is nothing to judge it on, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartScore {
    pub part: HealthPart,
    pub score: Option<u8>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerHealth {
    pub partner: PartnerId,
    /// `None` when no part has anything to go on.
    pub score: Option<u8>,
    pub parts: Vec<PartScore>,
}

impl PartnerHealth {
    pub fn at_risk(&self) -> bool {
        self.score.is_some_and(|s| s < AT_RISK_BELOW)
    }
}

/// The weighted mean of the parts that have a score.
pub fn combine(parts: &[PartScore], weights: &HealthWeights) -> Option<u8> {
    let (sum, total) = parts.iter().fold((0u32, 0u32), |(sum, total), part| match part.score {
        Some(score) => {
            let w = u32::from(part.part.weight(weights));
            (sum + u32::from(score) * w, total + w)
        }
        None => (sum, total),
    });
    (total > 0).then(|| ((sum + total / 2) / total).min(100) as u8)
}

/// A partner's health on `today`; `reviews` newest first, `baseline` from [`Baseline::of`].
pub fn partner_health<Tz: TimeZone>(
    network: &ReferralNetwork,
    partner: &Partner,
    reviews: &[&Review],
    baseline: &Baseline,
    today: NaiveDate,
    tz: &Tz,
) -> PartnerHealth {
    let parts = vec![
        parts::check_ins(network, partner, today, tz),
        parts::referral_trend(network, partner, baseline, today),
        parts::conversion(network, partner, baseline, today),
        parts::reviews(reviews, today),
        parts::recency(network, partner, today),
    ];
    PartnerHealth { partner: partner.id, score: combine(&parts, &WEIGHTS), parts }
}

/// Every active partner's health, for the directory's sort.
pub fn all_partners<Tz: TimeZone>(
    network: &ReferralNetwork,
    today: NaiveDate,
    tz: &Tz,
) -> Vec<PartnerHealth> {
    let baseline = Baseline::of(network, today);
    let reviews = network.relations.reviews_by_partner();
    network
        .partners()
        .filter(|p| !p.archived)
        .map(|p| {
            let past = reviews.get(&p.id).map_or(&[][..], Vec::as_slice);
            partner_health(network, p, past, &baseline, today, tz)
        })
        .collect()
}

/// Partners now at risk whose score fell by at least [`AT_RISK_DROP`] in the last 30 days,
/// biggest fall first: Today's "at risk" list. Only partners at risk now are scored a second
/// time, 30 days back, which halves the work over a large agency.
pub fn fell_sharply<Tz: TimeZone>(
    network: &ReferralNetwork,
    today: NaiveDate,
    tz: &Tz,
) -> Vec<(PartnerHealth, u8)> {
    let month_ago = today.checked_sub_days(Days::new(30)).unwrap_or(today);
    let baseline = Baseline::of(network, month_ago);
    let reviews = network.relations.reviews_by_partner();
    let mut fell: Vec<(PartnerHealth, u8)> = all_partners(network, today, tz)
        .into_iter()
        .filter(PartnerHealth::at_risk)
        .filter_map(|now| {
            let partner = network.partner(now.partner)?;
            let past = reviews.get(&partner.id).map_or(&[][..], Vec::as_slice);
            let was = partner_health(network, partner, past, &baseline, month_ago, tz).score?;
            let score = now.score?;
            (was >= score.saturating_add(AT_RISK_DROP)).then_some((now, was))
        })
        .collect();
    fell.sort_by_key(|(now, was)| (std::cmp::Reverse(was - now.score.unwrap_or(0)), now.partner));
    fell
}

#[cfg(test)]
mod tests;
