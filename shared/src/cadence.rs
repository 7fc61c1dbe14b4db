//! Check-in cadence rules: how long since we last touched a partner, and whether that is on
//! track for its cadence.

use chrono::NaiveDate;

use crate::CheckInCadence;

/// Where a partner stands against its check-in cadence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CadenceStatus {
    /// Touched within the cadence, with more than a week to go.
    OnTrack {
        due_in_days: i64,
    },
    /// Next check-in falls within 7 days (0 = today).
    DueSoon {
        due_in_days: i64,
    },
    Overdue {
        by_days: i64,
    },
    /// Never logged, yet a cadence is set.
    NeverContacted,
    /// No regular check-in planned.
    NoCadence,
}

impl CheckInCadence {
    /// Days between check-ins; `None` when there is no regular check-in. Months count as their
    /// usual lengths so "monthly" and "quarterly" read the way staff expect.
    pub fn interval_days(self) -> Option<i64> {
        match self {
            Self::Monthly => Some(30),
            Self::Quarterly => Some(91),
            Self::EveryDays(n) => Some(i64::from(n)),
            Self::NoRegular => None,
        }
    }
}

/// The partner's standing on `today`, given the agency-local day of the last touch.
pub fn cadence_status(
    cadence: CheckInCadence,
    last_touch: Option<NaiveDate>,
    today: NaiveDate,
) -> CadenceStatus {
    let Some(interval) = cadence.interval_days() else { return CadenceStatus::NoCadence };
    let Some(last) = last_touch else { return CadenceStatus::NeverContacted };
    let due_in = interval - (today - last).num_days();
    match due_in {
        d if d < 0 => CadenceStatus::Overdue { by_days: -d },
        d if d <= 7 => CadenceStatus::DueSoon { due_in_days: d },
        d => CadenceStatus::OnTrack { due_in_days: d },
    }
}

impl CadenceStatus {
    /// A short phrase for lists and screen readers.
    pub fn describe(self) -> String {
        match self {
            Self::OnTrack { due_in_days } => {
                format!("On track (next check-in in {due_in_days} days)")
            }
            Self::DueSoon { due_in_days: 0 } => "Check-in due today".into(),
            Self::DueSoon { due_in_days: 1 } => "Check-in due tomorrow".into(),
            Self::DueSoon { due_in_days } => format!("Check-in due in {due_in_days} days"),
            Self::Overdue { by_days: 1 } => "Overdue by 1 day".into(),
            Self::Overdue { by_days } => format!("Overdue by {by_days} days"),
            Self::NeverContacted => "Never contacted".into(),
            Self::NoCadence => "No regular check-in".into(),
        }
    }

    /// Sort key: most urgent first.
    pub fn urgency(self) -> i64 {
        match self {
            Self::Overdue { by_days } => 10_000 + by_days,
            Self::NeverContacted => 9_999,
            Self::DueSoon { due_in_days } => 1_000 - due_in_days,
            Self::OnTrack { due_in_days } => -due_in_days,
            Self::NoCadence => -100_000,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn monthly_partner_touched_ten_days_ago_is_on_track() {
        let s = cadence_status(CheckInCadence::Monthly, Some(d("2026-11-16")), d("2026-11-26"));
        assert_eq!(s, CadenceStatus::OnTrack { due_in_days: 20 });
    }

    #[test]
    fn due_within_a_week_and_overdue_are_told_apart() {
        let today = d("2026-11-26");
        assert_eq!(
            cadence_status(CheckInCadence::Monthly, Some(d("2026-11-01")), today),
            CadenceStatus::DueSoon { due_in_days: 5 }
        );
        assert_eq!(
            cadence_status(CheckInCadence::EveryDays(14), Some(d("2026-11-01")), today),
            CadenceStatus::Overdue { by_days: 11 }
        );
        assert_eq!(
            cadence_status(CheckInCadence::Quarterly, None, today),
            CadenceStatus::NeverContacted
        );
        assert_eq!(
            cadence_status(CheckInCadence::NoRegular, None, today),
            CadenceStatus::NoCadence
        );
    }

    #[test]
    fn leap_day_counts_as_a_day() {
        let s =
            cadence_status(CheckInCadence::EveryDays(2), Some(d("2028-02-28")), d("2028-03-01"));
        assert_eq!(s, CadenceStatus::DueSoon { due_in_days: 0 });
    }

    #[test]
    fn overdue_partners_sort_before_due_soon_before_on_track() {
        let mut v = [
            CadenceStatus::OnTrack { due_in_days: 30 },
            CadenceStatus::Overdue { by_days: 3 },
            CadenceStatus::DueSoon { due_in_days: 2 },
            CadenceStatus::NeverContacted,
        ];
        v.sort_by_key(|s| -s.urgency());
        assert!(matches!(v[0], CadenceStatus::Overdue { .. }));
        assert!(matches!(v[1], CadenceStatus::NeverContacted));
        assert!(matches!(v[3], CadenceStatus::OnTrack { .. }));
    }
}
