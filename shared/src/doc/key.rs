//! Names of documents, shared by storage and sync.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Utc};

/// A calendar month (UTC) that a period document covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl Period {
    pub fn of(at: DateTime<Utc>) -> Self {
        Self { year: at.year(), month: at.month() }
    }

    /// The month before this one.
    pub fn previous(self) -> Self {
        if self.month == 1 {
            Self { year: self.year - 1, month: 12 }
        } else {
            Self { year: self.year, month: self.month - 1 }
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Occurs when a stored or received document name is not one Rapport writes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a Rapport document name")]
pub struct DocKeyParseError(pub String);

impl FromStr for Period {
    type Err = DocKeyParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || DocKeyParseError(s.to_string());
        let (y, m) = s.split_once('-').ok_or_else(err)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(err());
        }
        let year = y.parse().map_err(|_| err())?;
        let month = m.parse().map_err(|_| err())?;
        if !(1..=12).contains(&month) {
            return Err(err());
        }
        Ok(Self { year, month })
    }
}

/// Which document a record belongs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocKey {
    /// Every partner organization.
    Partners,
    /// Every contact at every partner.
    Contacts,
    /// Care-plan meetings, key-partner reviews, the appreciation ledger and the agency policy.
    Relations,
    Referrals(Period),
    Touchpoints(Period),
}

impl DocKey {
    /// Documents of a month, newest first is the order devices load them in.
    pub fn period(self) -> Option<Period> {
        match self {
            Self::Partners | Self::Contacts | Self::Relations => None,
            Self::Referrals(p) | Self::Touchpoints(p) => Some(p),
        }
    }
}

impl fmt::Display for DocKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Partners => f.write_str("partners"),
            Self::Contacts => f.write_str("contacts"),
            Self::Relations => f.write_str("relations"),
            Self::Referrals(p) => write!(f, "referrals/{p}"),
            Self::Touchpoints(p) => write!(f, "touchpoints/{p}"),
        }
    }
}

impl FromStr for DocKey {
    type Err = DocKeyParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.split_once('/') {
            None if s == "partners" => Ok(Self::Partners),
            None if s == "contacts" => Ok(Self::Contacts),
            None if s == "relations" => Ok(Self::Relations),
            Some(("referrals", p)) => p.parse().map(Self::Referrals),
            Some(("touchpoints", p)) => p.parse().map(Self::Touchpoints),
            _ => Err(DocKeyParseError(s.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_through_text() {
        for key in [
            DocKey::Partners,
            DocKey::Contacts,
            DocKey::Relations,
            DocKey::Referrals(Period { year: 2026, month: 1 }),
            DocKey::Touchpoints(Period { year: 2021, month: 12 }),
        ] {
            assert_eq!(key.to_string().parse::<DocKey>().unwrap(), key);
        }
    }

    #[test]
    fn unknown_or_malformed_names_are_rejected() {
        for bad in [
            "",
            "partners/x",
            "directory",
            "referrals/2026-13",
            "notes/2026-01",
            "touchpoints/26-01",
        ] {
            assert!(bad.parse::<DocKey>().is_err(), "{bad}");
        }
    }

    #[test]
    fn january_follows_december() {
        assert_eq!(Period { year: 2026, month: 1 }.previous(), Period { year: 2025, month: 12 });
    }
}
