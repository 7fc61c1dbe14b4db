//! The referral log: every referral, filtered by status, partner and date.

use chrono::NaiveDate;

use super::ReferralNetwork;
use crate::{PartnerId, ReferralId, ReferralStatus, Service};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReferralQuery {
    pub status: Option<ReferralStatus>,
    /// Only referrals still in intake (not started, declined, ineligible or withdrawn).
    pub open_only: bool,
    pub partner: Option<PartnerId>,
    /// Received on or after.
    pub from: Option<NaiveDate>,
    /// Received on or before.
    pub to: Option<NaiveDate>,
    /// Matches the participant as entered, ignoring case.
    pub text: String,
    /// Matches the referring partner's name, ignoring case.
    pub partner_text: String,
}

/// One line of the referral log.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferralRow {
    pub id: ReferralId,
    pub received_on: NaiveDate,
    pub participant: String,
    pub partner_id: PartnerId,
    pub partner_name: String,
    pub contact_name: Option<String>,
    pub services: Vec<Service>,
    pub status: ReferralStatus,
    pub status_since: NaiveDate,
}

impl ReferralNetwork {
    /// Matching referrals, newest first.
    pub fn referral_log(&self, query: &ReferralQuery) -> Vec<ReferralRow> {
        let needle = query.text.trim().to_lowercase();
        let partner_needle = query.partner_text.trim().to_lowercase();
        let candidates: Box<dyn Iterator<Item = &crate::Referral>> = match query.partner {
            Some(p) => Box::new(self.referrals_of(p).into_iter()),
            None => Box::new(self.referrals.values()),
        };
        let mut rows: Vec<ReferralRow> = candidates
            .filter(|r| query.from.is_none_or(|d| r.received_on >= d))
            .filter(|r| query.to.is_none_or(|d| r.received_on <= d))
            .filter(|r| query.status.is_none_or(|s| r.status() == s))
            .filter(|r| !query.open_only || !r.status().is_closed())
            .filter(|r| needle.is_empty() || r.participant.to_lowercase().contains(&needle))
            .filter(|r| {
                partner_needle.is_empty()
                    || self
                        .partner(r.partner_id)
                        .is_some_and(|p| p.name.to_lowercase().contains(&partner_needle))
            })
            .map(|r| ReferralRow {
                id: r.id,
                received_on: r.received_on,
                participant: r.participant.clone(),
                partner_id: r.partner_id,
                partner_name: self
                    .partner(r.partner_id)
                    .map_or_else(|| "Unknown partner".to_string(), |p| p.name.clone()),
                contact_name: r.contact_id.and_then(|c| self.contact(c)).map(|c| c.name.clone()),
                services: r.services.clone(),
                status: r.status(),
                status_since: r.status_since(),
            })
            .collect();
        rows.sort_by(|a, b| b.received_on.cmp(&a.received_on).then(b.id.cmp(&a.id)));
        rows
    }
}
