//! "Add the next 90 days to your calendar": one file with every planned event, care-plan
//! meeting and partner review due in the coming days, each with the same UID as its own
//! "Add to calendar" file, so importing both updates one entry instead of adding two.
//!
//! Like the single-entry files it carries no participant data: meetings are named by their
//! partner only.

use chrono::{DateTime, Days, Duration, NaiveDate, TimeZone, Utc};

use super::{Entry, When};
use crate::EventStatus;
use crate::network::ReferralNetwork;
use crate::workflow::reviews::review_due;

/// How far ahead the export reaches.
pub const UPCOMING_DAYS: u32 = 90;

/// Everything scheduled from `now` to `UPCOMING_DAYS` days later, soonest first: planned
/// events not yet over, meetings neither held nor cancelled, and key partners' reviews due
/// on a day (on `tz`'s calendar) from today to the last day of the window. Overdue reviews
/// are left to Today: a calendar entry in the past helps no one.
pub fn upcoming<Tz: TimeZone>(
    network: &ReferralNetwork,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Vec<Entry> {
    let horizon = now + Duration::days(i64::from(UPCOMING_DAYS));
    let today = now.with_timezone(tz).date_naive();
    let last_day = today.checked_add_days(Days::new(u64::from(UPCOMING_DAYS))).unwrap_or(today);
    let mut entries: Vec<Entry> = network
        .relations
        .events
        .values()
        .filter(|e| e.status == EventStatus::Planned)
        .filter(|e| e.ends_at.max(e.starts_at) >= now && e.starts_at < horizon)
        .map(Entry::of_event)
        .collect();
    entries.extend(
        network
            .relations
            .meetings
            .values()
            .filter(|m| !m.held && !m.cancelled && m.at >= now && m.at < horizon)
            .filter_map(|m| network.partner(m.partner_id).map(|p| Entry::of_meeting(m, p))),
    );
    let policy = network.policy();
    let reviews = network.relations.reviews_by_partner();
    entries.extend(network.partners().filter_map(|p| {
        let past = reviews.get(&p.id).map_or(&[][..], Vec::as_slice);
        let due = review_due(p, past, &policy)?;
        (due >= today && due < last_day).then(|| Entry::of_review(p, due))
    }));
    let starts = |e: &Entry| match e.when {
        When::Between(start, _) => start,
        When::AllDay(day) => midnight(day, tz).unwrap_or(now),
    };
    entries.sort_by(|a, b| starts(a).cmp(&starts(b)).then_with(|| a.uid.cmp(&b.uid)));
    entries
}

/// The start of `day` on `tz`'s clock, for ordering whole-day entries among timed ones.
fn midnight<Tz: TimeZone>(day: NaiveDate, tz: &Tz) -> Option<DateTime<Utc>> {
    tz.from_local_datetime(&day.and_hms_opt(0, 0, 0)?).earliest().map(|t| t.to_utc())
}

#[cfg(test)]
mod tests;
