//! How dates and counts read on screen.

use chrono::{DateTime, Local, NaiveDate, Utc};

/// `Nov 26, 2026`
pub fn day(d: NaiveDate) -> String {
    d.format("%b %-d, %Y").to_string()
}

/// `Nov 26, 2026 at 14:30`, in the device's time zone.
pub fn moment(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local).format("%b %-d, %Y at %H:%M").to_string()
}

/// `today`, `yesterday`, `12 days ago`.
pub fn days_ago(d: NaiveDate, today: NaiveDate) -> String {
    match (today - d).num_days() {
        0 => "today".into(),
        1 => "yesterday".into(),
        n if n < 0 => "in the future".into(),
        n => format!("{n} days ago"),
    }
}

/// `1 partner`, `3 partners`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}
