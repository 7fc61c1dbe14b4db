//! How chrono values are written into documents: calendar dates as ISO text, instants as
//! Unix milliseconds. Both sort correctly and read unambiguously on every device.

use automerge::ObjId;
use autosurgeon::{Hydrate, HydrateError, Prop, ReadDoc, Reconciler};
use chrono::{DateTime, NaiveDate, Utc};

/// A calendar date (`2026-11-26`): the agency's day, with no time zone to misread.
pub mod date {
    use super::*;

    pub fn reconcile<R: Reconciler>(value: &NaiveDate, mut r: R) -> Result<(), R::Error> {
        r.str(value.format("%Y-%m-%d").to_string())
    }

    pub fn hydrate<D: ReadDoc>(
        doc: &D,
        obj: &ObjId,
        prop: Prop<'_>,
    ) -> Result<NaiveDate, HydrateError> {
        let text = String::hydrate(doc, obj, prop)?;
        NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .map_err(|_| HydrateError::unexpected("a date like 2026-11-26", text))
    }
}

/// An instant, stored as Unix milliseconds.
pub mod instant {
    use super::*;

    pub fn reconcile<R: Reconciler>(value: &DateTime<Utc>, mut r: R) -> Result<(), R::Error> {
        r.i64(value.timestamp_millis())
    }

    pub fn hydrate<D: ReadDoc>(
        doc: &D,
        obj: &ObjId,
        prop: Prop<'_>,
    ) -> Result<DateTime<Utc>, HydrateError> {
        let millis = i64::hydrate(doc, obj, prop)?;
        DateTime::from_timestamp_millis(millis).ok_or_else(|| {
            HydrateError::unexpected("a time in Unix milliseconds", millis.to_string())
        })
    }
}
