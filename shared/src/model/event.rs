//! Events the agency runs or co-hosts to keep partners close: webinars, workshops, health fairs,
//! screenings, the appreciation lunch. An event carries no participant data: its invitees are
//! partner contacts, tracked one `Invitation` record each.
//!
//! Times are stored as UTC instants plus the IANA zone name they were planned in. The instant
//! is what a calendar needs; the zone name says which wall clock the team meant (it is the
//! `TZID` a calendar file could carry). The zone rules themselves come from the device
//! (`chrono::Local` in the browser), so the tz database is not compiled into the app.

use autosurgeon::Reconcile;
use chrono::{DateTime, Utc};

use super::codes::code_enum;
use super::stored::instant;
use crate::{ContactId, ContactRole, EventId, EventSeriesId, PartnerId, PartnerKind};

code_enum!(
    /// What sort of event it is; shapes who is invited and what follows.
    EventKind {
        Webinar => ("webinar", "Webinar"),
        Workshop => ("workshop", "Workshop"),
        Appreciation => ("appreciation", "Appreciation event"),
        HealthFair => ("health-fair", "Health fair"),
        Screening => ("screening", "Health screening"),
        Other => ("other", "Other"),
    }
);

code_enum!(
    /// Where the event stands.
    EventStatus {
        Planned => ("planned", "Planned"),
        Held => ("held", "Held"),
        Cancelled => ("cancelled", "Cancelled"),
    }
);

code_enum!(
    /// Where one invitee stands, from the invitation to the day itself.
    InvitationStatus {
        Invited => ("invited", "Invited"),
        Accepted => ("accepted", "Accepted"),
        Declined => ("declined", "Declined"),
        Attended => ("attended", "Attended"),
        NoShow => ("no-show", "No-show"),
    }
);

code_enum!(
    /// What is owed once an event has been held.
    EventFollowUp {
        ThankCoHosts => ("thank-co-hosts", "Thank the co-hosts"),
        ThankAttendees => ("thank-attendees", "Thank the attendees"),
        SendMaterials => ("send-materials", "Send the materials"),
    }
);

#[derive(Debug, Clone, PartialEq, Reconcile)]
pub struct Event {
    pub id: EventId,
    /// The recurring plan this event is one of, if any.
    pub series_id: Option<EventSeriesId>,
    pub kind: EventKind,
    pub title: String,
    #[autosurgeon(reconcile = "instant")]
    pub starts_at: DateTime<Utc>,
    #[autosurgeon(reconcile = "instant")]
    pub ends_at: DateTime<Utc>,
    /// IANA name of the zone the times were planned in, e.g. `America/Chicago`.
    pub time_zone: String,
    /// Street address or room; empty for an online event.
    pub place: String,
    /// Meeting link for an online event.
    pub link: String,
    pub co_hosts: Vec<PartnerId>,
    /// Which kinds of partner the event is for.
    pub audience_kinds: Vec<PartnerKind>,
    /// Which contact roles the event is for.
    pub audience_roles: Vec<ContactRole>,
    pub status: EventStatus,
    pub notes: String,
    /// Slides, handouts, recordings: links to send afterwards.
    pub materials: Vec<String>,
    /// Follow-ups staff have marked done.
    pub follow_ups_done: Vec<EventFollowUp>,
}

impl Event {
    /// A planned event with nothing but its kind, title and times.
    pub fn new(
        id: EventId,
        kind: EventKind,
        title: impl Into<String>,
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
        time_zone: impl Into<String>,
    ) -> Self {
        Event {
            id,
            series_id: None,
            kind,
            title: title.into(),
            starts_at,
            ends_at,
            time_zone: time_zone.into(),
            place: String::new(),
            link: String::new(),
            co_hosts: vec![],
            audience_kinds: vec![],
            audience_roles: vec![],
            status: EventStatus::Planned,
            notes: String::new(),
            materials: vec![],
            follow_ups_done: vec![],
        }
    }
}

/// One contact invited to one event. A record of its own (not a list inside the event) so
/// two tablets marking different invitees at the door merge without touching each other.
#[derive(Debug, Clone, PartialEq, Reconcile)]
pub struct Invitation {
    pub event_id: EventId,
    pub contact_id: ContactId,
    pub status: InvitationStatus,
}

/// A recurring plan ("quarterly webinar"): Today shows the next one due until it is scheduled.
#[derive(Debug, Clone, PartialEq, Reconcile)]
pub struct EventSeries {
    pub id: EventSeriesId,
    pub kind: EventKind,
    pub title: String,
    /// Calendar months between events (1–12): 3 for quarterly.
    pub every_months: u8,
    /// IANA zone name the series is held in; due days are counted in it.
    pub time_zone: String,
    pub archived: bool,
}
