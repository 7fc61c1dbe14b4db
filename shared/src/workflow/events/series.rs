//! A series' next event: due one interval after the last one held or planned, counted in
//! calendar days of the agency's zone, so a quarterly webinar at 2 pm stays at 2 pm across a
//! daylight-saving change.

use chrono::{DateTime, Months, NaiveDate, NaiveTime, TimeZone, Utc};

use crate::{Event, EventSeries, EventStatus};

/// Where a series stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesDue {
    /// An upcoming event of the series is planned: nothing to do.
    Scheduled(NaiveDate),
    /// The next event should be held on or around this day and is not yet planned.
    Due(NaiveDate),
}

/// The series' standing on `today` given its events. The first event is due the day the
/// series was set up; a cancelled event does not count as held.
pub fn next_due<Tz: TimeZone>(
    series: &EventSeries,
    events: &[&Event],
    today: NaiveDate,
    tz: &Tz,
) -> Option<SeriesDue> {
    if series.archived {
        return None;
    }
    let day = |e: &Event| e.starts_at.with_timezone(tz).date_naive();
    let counted = events
        .iter()
        .filter(|e| e.series_id == Some(series.id) && e.status != EventStatus::Cancelled);
    if let Some(upcoming) = counted
        .clone()
        .filter(|e| e.status == EventStatus::Planned && day(e) >= today)
        .map(|e| day(e))
        .min()
    {
        return Some(SeriesDue::Scheduled(upcoming));
    }
    let Some(last) = counted.map(|e| day(e)).max() else {
        return Some(SeriesDue::Due(series.id.created_at().with_timezone(tz).date_naive()));
    };
    last.checked_add_months(Months::new(u32::from(series.every_months.clamp(1, 12))))
        .map(SeriesDue::Due)
}

/// The instant for `time` of day on `day` in `tz`, for proposing the next event at the same
/// wall-clock time as the last. A time skipped by a spring-forward change moves one hour on.
pub fn suggested_start<Tz: TimeZone>(day: NaiveDate, time: NaiveTime, tz: &Tz) -> DateTime<Utc> {
    let local = day.and_time(time);
    tz.from_local_datetime(&local)
        .earliest()
        .or_else(|| tz.from_local_datetime(&(local + chrono::Duration::hours(1))).earliest())
        .map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc))
}
