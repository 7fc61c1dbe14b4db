//! A small per-partner summary (last touch, open referrals) saved on the device, so the
//! directory can show every partner's standing the moment the app opens, before years of
//! touchpoint history have loaded.
//!
//! It is a hint, not data: it is rebuilt from the records each time history finishes loading,
//! and ignored from then on. Until then a partner's last touch is the later of the hint and
//! what has loaded, so a touch logged since the hint was written is never hidden.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::ReferralNetwork;
use crate::PartnerId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PartnerActivity {
    pub last_touch: Option<DateTime<Utc>>,
    pub open_referrals: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActivitySummary(pub HashMap<PartnerId, PartnerActivity>);

impl ActivitySummary {
    /// The summary of everything currently in `network`.
    pub fn of(network: &ReferralNetwork) -> Self {
        Self(
            network
                .partners()
                .map(|p| {
                    let activity = PartnerActivity {
                        last_touch: network.last_touch_loaded(p.id),
                        open_referrals: network.open_referrals_loaded(p.id),
                    };
                    (p.id, activity)
                })
                .collect(),
        )
    }

    /// One line per partner: `id,last-touch-ms,open-referrals` (empty when never touched).
    pub fn encode(&self) -> String {
        let mut out = String::with_capacity(self.0.len() * 52);
        for (id, a) in &self.0 {
            let ms = a.last_touch.map(|t| t.timestamp_millis().to_string()).unwrap_or_default();
            out.push_str(&format!("{id},{ms},{}\n", a.open_referrals));
        }
        out
    }

    /// Reads an encoded summary, skipping lines it does not understand (it is only a hint).
    pub fn decode(text: &str) -> Self {
        let entries = text.lines().filter_map(|line| {
            let mut parts = line.split(',');
            let id = parts.next()?.parse().ok()?;
            let last_touch = match parts.next()? {
                "" => None,
                ms => Some(DateTime::from_timestamp_millis(ms.parse().ok()?)?),
            };
            let open_referrals = parts.next()?.parse().ok()?;
            Some((id, PartnerActivity { last_touch, open_referrals }))
        });
        Self(entries.collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_survives_encoding_and_ignores_damaged_lines() {
        let mut s = ActivitySummary::default();
        s.0.insert(
            PartnerId::from_parts(1, 1),
            PartnerActivity {
                last_touch: DateTime::from_timestamp_millis(1_790_000_000_123),
                open_referrals: 2,
            },
        );
        s.0.insert(
            PartnerId::from_parts(1, 2),
            PartnerActivity { last_touch: None, open_referrals: 0 },
        );
        let text = format!("{}garbage line\n,,\n", s.encode());
        assert_eq!(ActivitySummary::decode(&text), s);
    }
}
