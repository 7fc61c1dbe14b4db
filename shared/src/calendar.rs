//! "Add to calendar": RFC 5545 files that Google Calendar, Outlook and Apple Calendar import.
//!
//! Times are written as UTC instants (`DTSTART:20260115T200000Z`): every calendar shows them
//! in its own zone, correctly across daylight-saving changes, with no `VTIMEZONE` block to get
//! wrong. A calendar file leaves the app for the device's calendar (and often a cloud
//! account), so it carries no participant data: a care-plan meeting is named by its partner
//! only.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use icalendar::{Calendar, Component, EventLike};

use crate::{Event, EventStatus, Meeting, Partner};

mod upcoming;

pub use upcoming::{UPCOMING_DAYS, upcoming};

/// How long a care-plan meeting is assumed to last in a calendar; only its start is recorded.
const MEETING_MINUTES: i64 = 60;

/// When an entry happens: at a time, or on a whole day (a review due date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Between(DateTime<Utc>, DateTime<Utc>),
    AllDay(NaiveDate),
}

/// One calendar entry, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Stable across downloads, so importing again updates the entry instead of adding one.
    pub uid: String,
    pub title: String,
    pub when: When,
    pub location: String,
    pub url: String,
    pub description: String,
    pub cancelled: bool,
}

impl Entry {
    pub fn of_event(event: &Event) -> Self {
        let mut description = event.notes.clone();
        for link in &event.materials {
            description.push_str(&format!("\nMaterials: {link}"));
        }
        Entry {
            uid: format!("event-{}@rapport", event.id),
            title: event.title.clone(),
            when: When::Between(event.starts_at, event.ends_at.max(event.starts_at)),
            location: if event.place.is_empty() { event.link.clone() } else { event.place.clone() },
            url: event.link.clone(),
            description: description.trim().to_string(),
            cancelled: event.status == EventStatus::Cancelled,
        }
    }

    /// A care-plan meeting, named by the partner only (no participant, no agenda).
    pub fn of_meeting(meeting: &Meeting, partner: &Partner) -> Self {
        Entry {
            uid: format!("meeting-{}@rapport", meeting.id),
            title: format!("Care-plan meeting with {}", partner.name),
            when: When::Between(meeting.at, meeting.at + Duration::minutes(MEETING_MINUTES)),
            location: String::new(),
            url: String::new(),
            description: String::new(),
            cancelled: meeting.cancelled,
        }
    }

    /// A key partner's review, on the day it is due.
    pub fn of_review(partner: &Partner, due: NaiveDate) -> Self {
        Entry {
            uid: format!("review-{}-{due}@rapport", partner.id),
            title: format!("Partner review: {}", partner.name),
            when: When::AllDay(due),
            location: String::new(),
            url: String::new(),
            description: String::new(),
            cancelled: false,
        }
    }
}

/// The `.ics` text for `entries`, stamped `now`.
pub fn ics(entries: &[Entry], now: DateTime<Utc>) -> String {
    let mut calendar = Calendar::new();
    for e in entries {
        let mut event = icalendar::Event::new();
        event.uid(&e.uid).summary(&e.title).timestamp(now);
        match e.when {
            When::Between(start, end) => event.starts(start).ends(end),
            // DTEND is exclusive: a one-day entry ends at the start of the next day.
            When::AllDay(day) => event.starts(day).ends(day.succ_opt().unwrap_or(day)),
        };
        if !e.location.is_empty() {
            event.location(&e.location);
        }
        if !e.url.is_empty() {
            event.url(&e.url);
        }
        if !e.description.is_empty() {
            event.description(&e.description);
        }
        if e.cancelled {
            event.status(icalendar::EventStatus::Cancelled);
        }
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

/// A file name for the download: letters, digits and dashes from `title`.
pub fn file_name(title: &str) -> String {
    let mut name: String = title
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect();
    while name.contains("--") {
        name = name.replace("--", "-");
    }
    let name = name.trim_matches('-');
    let name: String = name.chars().take(60).collect();
    format!("{}.ics", if name.is_empty() { "event" } else { &name })
}

#[cfg(test)]
mod tests;
