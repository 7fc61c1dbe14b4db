//! How chrono values are written into documents: calendar dates as ISO text, instants as
//! Unix milliseconds. Both sort correctly and read unambiguously on every device.
//! (`doc::read` reads them back.)

use autosurgeon::Reconciler;
use chrono::{DateTime, NaiveDate, Utc};

/// A calendar date (`2026-11-26`): the agency's day, with no time zone to misread.
pub fn date<R: Reconciler>(value: &NaiveDate, mut r: R) -> Result<(), R::Error> {
    r.str(value.format("%Y-%m-%d").to_string())
}

/// An instant, stored as Unix milliseconds.
pub fn instant<R: Reconciler>(value: &DateTime<Utc>, mut r: R) -> Result<(), R::Error> {
    r.i64(value.timestamp_millis())
}

/// Thousands of ids (an import's records) as one space-separated text: written in one step,
/// where a list would be thousands of list insertions.
pub fn id_list<R: Reconciler, T: std::fmt::Display>(ids: &[T], mut r: R) -> Result<(), R::Error> {
    r.str(ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(" "))
}

/// A date that may be unset, e.g. a check-in set aside until a day; unset is stored as null.
pub fn opt_date<R: Reconciler>(value: &Option<NaiveDate>, mut r: R) -> Result<(), R::Error> {
    match value {
        Some(day) => r.str(day.format("%Y-%m-%d").to_string()),
        None => r.none(),
    }
}
