//! The partner directory: search, filter and sort, with each partner's cadence standing.

use std::collections::HashMap;

use chrono::{NaiveDate, TimeZone};

use super::ReferralNetwork;
use crate::cadence::{CadenceStatus, cadence_status};
use crate::{PartnerId, PartnerKind, PartnerTier};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DirectorySort {
    /// Most overdue first: the order outreach staff work in.
    #[default]
    Urgency,
    Name,
    /// Longest since the last touch first.
    LastContactOldest,
    LastContactNewest,
    /// Lowest health score first; partners without a score last.
    HealthLowest,
}

impl DirectorySort {
    pub const ALL: [(Self, &'static str, &'static str); 5] = [
        (Self::Urgency, "urgency", "Most overdue first"),
        (Self::Name, "name", "Name (A–Z)"),
        (Self::LastContactOldest, "oldest", "Last contact: longest ago first"),
        (Self::LastContactNewest, "newest", "Last contact: most recent first"),
        (Self::HealthLowest, "health", "Health: lowest first"),
    ];
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct DirectoryQuery {
    /// Matches partner name, address, tags and contact names, ignoring case.
    pub text: String,
    pub kind: Option<PartnerKind>,
    pub tier: Option<PartnerTier>,
    pub show_archived: bool,
    pub sort: DirectorySort,
}

/// One line of the directory.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerRow {
    pub id: PartnerId,
    pub name: String,
    pub kind: PartnerKind,
    pub tier: PartnerTier,
    /// Agency-local day of the latest touch with the partner or its contacts.
    pub last_touch: Option<NaiveDate>,
    pub status: CadenceStatus,
    pub open_referrals: usize,
    pub archived: bool,
    /// The partner's health score (0–100), when one was given and the partner has one.
    pub health: Option<u8>,
}

impl ReferralNetwork {
    /// The directory as `query` asks for it, judged on `today` in the agency's zone `tz`.
    pub fn directory<Tz: TimeZone>(
        &self,
        query: &DirectoryQuery,
        today: NaiveDate,
        tz: &Tz,
    ) -> Vec<PartnerRow> {
        self.directory_with_health(query, today, tz, &HashMap::new())
    }

    /// The directory with each partner's health score from `health` (see
    /// `workflow::health::scores`), which is computed apart because it is the costly part.
    pub fn directory_with_health<Tz: TimeZone>(
        &self,
        query: &DirectoryQuery,
        today: NaiveDate,
        tz: &Tz,
        health: &HashMap<PartnerId, u8>,
    ) -> Vec<PartnerRow> {
        let needle = query.text.trim().to_lowercase();
        let mut rows: Vec<PartnerRow> = self
            .partners()
            .filter(|p| query.show_archived || !p.archived)
            .filter(|p| query.kind.is_none_or(|k| p.kind == k))
            .filter(|p| query.tier.is_none_or(|t| p.tier == t))
            .filter(|p| {
                needle.is_empty()
                    || p.name.to_lowercase().contains(&needle)
                    || p.address.to_lowercase().contains(&needle)
                    || p.tags.iter().any(|t| t.to_lowercase().contains(&needle))
                    || self
                        .contacts_of(p.id)
                        .iter()
                        .any(|c| c.name.to_lowercase().contains(&needle))
            })
            .map(|p| {
                let last_touch = self.last_touch(p.id).map(|at| at.with_timezone(tz).date_naive());
                PartnerRow {
                    id: p.id,
                    name: p.name.clone(),
                    kind: p.kind,
                    tier: p.tier,
                    last_touch,
                    status: cadence_status(p.cadence, last_touch, today),
                    open_referrals: self.open_referrals(p.id),
                    archived: p.archived,
                    health: health.get(&p.id).copied(),
                }
            })
            .collect();
        let by_name =
            |a: &PartnerRow, b: &PartnerRow| a.name.to_lowercase().cmp(&b.name.to_lowercase());
        match query.sort {
            DirectorySort::Name => rows.sort_by(by_name),
            DirectorySort::Urgency => rows.sort_by(|a, b| {
                b.status.urgency().cmp(&a.status.urgency()).then_with(|| by_name(a, b))
            }),
            // Never-contacted partners count as longest ago.
            DirectorySort::LastContactOldest => {
                rows.sort_by(|a, b| a.last_touch.cmp(&b.last_touch).then_with(|| by_name(a, b)))
            }
            DirectorySort::LastContactNewest => {
                rows.sort_by(|a, b| b.last_touch.cmp(&a.last_touch).then_with(|| by_name(a, b)))
            }
            // `None` sorts before any score, so compare "has no score" first to put them last.
            DirectorySort::HealthLowest => rows.sort_by(|a, b| {
                (a.health.is_none(), a.health)
                    .cmp(&(b.health.is_none(), b.health))
                    .then_with(|| by_name(a, b))
            }),
        }
        rows
    }
}
