//! Record identifiers that devices mint offline without coordinating.
//!
//! An id is 128 bits: a 48-bit creation time in Unix milliseconds followed by 80 random bits
//! (the UUIDv7 layout). The random part makes collisions between devices negligible; the time
//! part tells which period's document a referral or touchpoint lives in, so a record never has
//! to be looked up in an index before it can be edited.

use std::fmt;
use std::str::FromStr;

use autosurgeon::{Reconcile, Reconciler};
use chrono::{DateTime, Utc};

/// Occurs when text that should name a record is not 32 hexadecimal digits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a record id (expected 32 hexadecimal digits)")]
pub struct IdParseError(pub String);

/// The raw 128-bit value shared by every typed id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RawId(u128);

impl RawId {
    /// Builds an id from its creation time and 80 bits of randomness (deterministic: used by
    /// the sample generator and tests).
    pub fn from_parts(created_ms: i64, random: u128) -> Self {
        let time = (created_ms.max(0) as u128) & ((1u128 << 48) - 1);
        let random = random & ((1u128 << 80) - 1);
        RawId((time << 80) | random)
    }

    /// Mints a fresh id created at `now`, with randomness from the operating system or browser.
    pub fn generate(now: DateTime<Utc>) -> Self {
        let mut bytes = [0u8; 16];
        // A failing system RNG leaves the clock bits and a time-derived fallback; ids stay
        // unique per device because the millisecond and nanosecond parts still differ.
        if getrandom::fill(&mut bytes).is_err() {
            bytes = (now.timestamp_nanos_opt().unwrap_or_default() as u128).to_le_bytes();
        }
        Self::from_parts(now.timestamp_millis(), u128::from_le_bytes(bytes))
    }

    /// Milliseconds since the Unix epoch at which the record was created.
    pub fn created_ms(self) -> i64 {
        (self.0 >> 80) as i64
    }

    pub fn created_at(self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.created_ms()).unwrap_or_default()
    }
}

impl fmt::Display for RawId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:032x}", self.0)
    }
}

impl FromStr for RawId {
    type Err = IdParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() != 32 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(IdParseError(s.to_string()));
        }
        u128::from_str_radix(s, 16).map(RawId).map_err(|_| IdParseError(s.to_string()))
    }
}

macro_rules! record_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub RawId);

        impl $name {
            pub fn generate(now: DateTime<Utc>) -> Self {
                Self(RawId::generate(now))
            }
            pub fn from_parts(created_ms: i64, random: u128) -> Self {
                Self(RawId::from_parts(created_ms, random))
            }
            pub fn created_at(self) -> DateTime<Utc> {
                self.0.created_at()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = IdParseError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map(Self)
            }
        }

        impl Reconcile for $name {
            type Key<'a> = autosurgeon::reconcile::NoKey;
            fn reconcile<R: Reconciler>(&self, mut reconciler: R) -> Result<(), R::Error> {
                reconciler.str(self.to_string())
            }
        }

    };
}

record_id!(
    /// An organization or individual who sends us referrals.
    PartnerId
);
record_id!(
    /// A person who works at a partner.
    ContactId
);
record_id!(
    /// One referral of one participant.
    ReferralId
);
record_id!(
    /// One logged interaction with a partner.
    TouchpointId
);
record_id!(
    /// A care-plan meeting scheduled with a referrer.
    MeetingId
);
record_id!(
    /// A key partner's six-monthly review.
    ReviewId
);
record_id!(
    /// One entry in the appreciation ledger.
    GiftId
);
record_id!(
    /// A webinar, workshop, health fair or other event the agency runs or co-hosts.
    EventId
);
record_id!(
    /// A recurring plan of events, e.g. the quarterly webinar.
    EventSeriesId
);
record_id!(
    /// One CSV import, undone as a whole.
    ImportId
);
record_id!(
    /// One person captured at a health fair, screening or workshop table.
    LeadId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_round_trips_through_text_and_keeps_its_creation_time() {
        let at = DateTime::parse_from_rfc3339("2026-03-14T15:09:26.535Z").unwrap().to_utc();
        let id = ReferralId::from_parts(at.timestamp_millis(), 0xdead_beef);
        let text = id.to_string();
        assert_eq!(text.len(), 32);
        assert_eq!(text.parse::<ReferralId>().unwrap(), id);
        assert_eq!(id.created_at(), at);
    }

    #[test]
    fn generated_ids_differ() {
        let now = Utc::now();
        assert_ne!(PartnerId::generate(now), PartnerId::generate(now));
    }

    #[test]
    fn malformed_id_text_is_rejected_with_the_text() {
        let err = "not-an-id".parse::<PartnerId>().unwrap_err();
        assert!(err.to_string().contains("not-an-id"));
        assert!("g".repeat(32).parse::<PartnerId>().is_err());
    }
}
