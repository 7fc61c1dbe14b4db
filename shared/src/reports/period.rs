//! The periods a report covers: calendar months, quarters and years in the agency's own days,
//! or a custom range, each with the period before it for comparison.

use chrono::{Datelike, Months, NaiveDate};

/// One calendar month, the unit every monthly chart counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl Month {
    pub fn of(day: NaiveDate) -> Self {
        Self { year: day.year(), month: day.month() }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or(NaiveDate::MAX)
    }

    pub fn next(self) -> Self {
        if self.month == 12 {
            Self { year: self.year + 1, month: 1 }
        } else {
            Self { year: self.year, month: self.month + 1 }
        }
    }

    pub fn previous(self) -> Self {
        if self.month == 1 {
            Self { year: self.year - 1, month: 12 }
        } else {
            Self { year: self.year, month: self.month - 1 }
        }
    }

    /// "Nov 2026", as chart axes and tables show it.
    pub fn label(self) -> String {
        self.first_day().format("%b %Y").to_string()
    }

    /// The `count` months ending with the one holding `today`, oldest first.
    pub fn last(count: usize, today: NaiveDate) -> Vec<Month> {
        let mut months = Vec::with_capacity(count);
        let mut month = Month::of(today);
        for _ in 0..count {
            months.push(month);
            month = month.previous();
        }
        months.reverse();
        months
    }
}

/// How a period was chosen, which decides what "the period before" means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKind {
    Month,
    Quarter,
    Year,
    Custom,
}

/// A run of the agency's days, first and last included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub kind: PeriodKind,
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// Occurs when a custom period ends before it starts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the period ends ({last}) before it starts ({first}); pick an end date on or after the start"
)]
pub struct PeriodError {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Period {
    pub fn month_of(day: NaiveDate) -> Self {
        let month = Month::of(day);
        Self { kind: PeriodKind::Month, first: month.first_day(), last: month.last_day() }
    }

    pub fn quarter_of(day: NaiveDate) -> Self {
        let first_month = (day.month0() / 3) * 3 + 1;
        let first = Month { year: day.year(), month: first_month }.first_day();
        let last = Month::of(first.checked_add_months(Months::new(2)).unwrap_or(first)).last_day();
        Self { kind: PeriodKind::Quarter, first, last }
    }

    pub fn year_of(day: NaiveDate) -> Self {
        let first = Month { year: day.year(), month: 1 }.first_day();
        let last = Month { year: day.year(), month: 12 }.last_day();
        Self { kind: PeriodKind::Year, first, last }
    }

    pub fn custom(first: NaiveDate, last: NaiveDate) -> Result<Self, PeriodError> {
        if last < first {
            return Err(PeriodError { first, last });
        }
        Ok(Self { kind: PeriodKind::Custom, first, last })
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.first <= day && day <= self.last
    }

    pub fn days(&self) -> i64 {
        (self.last - self.first).num_days() + 1
    }

    /// The period to compare with: the calendar unit before, or as many days just before.
    pub fn previous(&self) -> Self {
        let before = self.first.pred_opt().unwrap_or(self.first);
        match self.kind {
            PeriodKind::Month => Self::month_of(before),
            PeriodKind::Quarter => Self::quarter_of(before),
            PeriodKind::Year => Self::year_of(before),
            PeriodKind::Custom => {
                let first = before
                    .checked_sub_days(chrono::Days::new((self.days() - 1).unsigned_abs()))
                    .unwrap_or(before);
                Self { kind: PeriodKind::Custom, first, last: before }
            }
        }
    }

    /// The calendar months the period touches, oldest first.
    pub fn months(&self) -> Vec<Month> {
        let mut months = Vec::new();
        let mut month = Month::of(self.first);
        while month.first_day() <= self.last {
            months.push(month);
            month = month.next();
        }
        months
    }
}

/// The change from `before` to `now` in percent, when there was something before.
pub fn percent_change(now: usize, before: usize) -> Option<i64> {
    (before > 0).then(|| {
        let change = (now as f64 - before as f64) * 100.0 / before as f64;
        change.round() as i64
    })
}
