//! The event form: what staff type, checked into an `Event` (and, for a repeating event, the
//! series it starts).

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};

use crate::validation::{Checker, Problem, ValidationErrors};
use crate::{ContactRole, Event, EventId, EventKind, EventStatus, PartnerId, PartnerKind};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct EventInput {
    pub kind: Option<EventKind>,
    pub title: String,
    pub date: String,
    pub starts: String,
    pub ends: String,
    pub place: String,
    pub link: String,
    pub co_hosts: Vec<PartnerId>,
    pub audience_kinds: Vec<PartnerKind>,
    pub audience_roles: Vec<ContactRole>,
    pub notes: String,
    /// Links, one per line.
    pub materials: String,
}

impl EventInput {
    /// The form filled from a stored event, times shown in `tz`.
    pub fn from_event<Tz: TimeZone>(e: &Event, tz: &Tz) -> Self
    where
        Tz::Offset: std::fmt::Display,
    {
        let start = e.starts_at.with_timezone(tz);
        let end = e.ends_at.with_timezone(tz);
        EventInput {
            kind: Some(e.kind),
            title: e.title.clone(),
            date: start.format("%Y-%m-%d").to_string(),
            starts: start.format("%H:%M").to_string(),
            ends: end.format("%H:%M").to_string(),
            place: e.place.clone(),
            link: e.link.clone(),
            co_hosts: e.co_hosts.clone(),
            audience_kinds: e.audience_kinds.clone(),
            audience_roles: e.audience_roles.clone(),
            notes: e.notes.clone(),
            materials: e.materials.join("\n"),
        }
    }

    /// The event to save, keeping `base`'s status, series and follow-ups when editing. Times
    /// are read in `tz`, whose IANA name `zone` is stored with them.
    pub fn validate<Tz: TimeZone>(
        &self,
        id: EventId,
        base: Option<&Event>,
        tz: &Tz,
        zone: &str,
    ) -> Result<Event, ValidationErrors> {
        let mut c = Checker::default();
        let title = c.text("event-title", "Title", &self.title, true, 200);
        let date = c.date("event-date", "Date", &self.date);
        let starts = instant(&mut c, "event-starts", "Starts", date, &self.starts, tz);
        let ends = instant(&mut c, "event-ends", "Ends", date, &self.ends, tz);
        if let (Some(s), Some(e)) = (starts, ends)
            && e <= s
        {
            c.fail("event-ends", "Ends", Problem::EndBeforeStart);
        }
        let place = c.text("event-place", "Place", &self.place, false, 300);
        let link = c.text("event-link", "Meeting link", &self.link, false, 500);
        if !link.is_empty() && !is_link(&link) {
            c.fail("event-link", "Meeting link", Problem::Link);
        }
        let notes = c.text("event-notes", "Notes", &self.notes, false, 4000);
        let materials: Vec<String> = self
            .materials
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        if materials.iter().any(|l| !is_link(l) || l.len() > 500) {
            c.fail("event-materials", "Materials", Problem::Link);
        }
        let kind = self.kind.unwrap_or(EventKind::Other);
        c.finish(|| {
            let (starts_at, ends_at) = (
                starts.unwrap_or(DateTime::<Utc>::MIN_UTC),
                ends.unwrap_or(DateTime::<Utc>::MIN_UTC),
            );
            let mut e = match base {
                Some(b) => b.clone(),
                None => Event::new(id, kind, "", starts_at, ends_at, zone),
            };
            e.kind = kind;
            e.title = title;
            e.starts_at = starts_at;
            e.ends_at = ends_at;
            e.time_zone = zone.to_string();
            e.place = place;
            e.link = link;
            e.co_hosts = self.co_hosts.clone();
            e.audience_kinds = self.audience_kinds.clone();
            e.audience_roles = self.audience_roles.clone();
            e.notes = notes;
            e.materials = materials;
            if base.is_none() {
                e.status = EventStatus::Planned;
            }
            e
        })
    }
}

fn is_link(text: &str) -> bool {
    (text.starts_with("https://") || text.starts_with("http://"))
        && text.len() > "https://".len()
        && !text.chars().any(char::is_whitespace)
}

/// A time of day on the form's date, read in `tz`.
fn instant<Tz: TimeZone>(
    c: &mut Checker,
    field: &'static str,
    label: &'static str,
    date: Option<NaiveDate>,
    time: &str,
    tz: &Tz,
) -> Option<DateTime<Utc>> {
    let Ok(time) = NaiveTime::parse_from_str(time.trim(), "%H:%M") else {
        c.fail(
            field,
            label,
            if time.trim().is_empty() { Problem::Required } else { Problem::Time },
        );
        return None;
    };
    let at = tz.from_local_datetime(&date?.and_time(time)).earliest();
    if at.is_none() {
        c.fail(field, label, Problem::SkippedByClockChange);
    }
    at.map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use chrono_tz::America::Chicago;

    use super::*;

    fn input() -> EventInput {
        EventInput {
            kind: Some(EventKind::Webinar),
            title: "Medicaid waivers".into(),
            date: "2026-04-15".into(),
            starts: "14:00".into(),
            ends: "15:00".into(),
            link: "https://meet.example.org/w".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_webinar_is_read_in_the_agency_zone() {
        let id = EventId::from_parts(1, 1);
        let e = input().validate(id, None, &Chicago, "America/Chicago").unwrap();
        assert_eq!(e.starts_at.to_rfc3339(), "2026-04-15T19:00:00+00:00");
        assert_eq!(e.status, EventStatus::Planned);
        assert_eq!(EventInput::from_event(&e, &Chicago), input());
    }

    #[test]
    fn each_bad_field_is_named() {
        let bad = EventInput {
            title: " ".into(),
            ends: "13:00".into(),
            link: "meet.example.org".into(),
            materials: "https://ok.example.org\nslides.pdf".into(),
            ..input()
        };
        let errors = bad.validate(EventId::from_parts(1, 1), None, &Chicago, "x").unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["event-title", "event-ends", "event-link", "event-materials"]);
    }
}
