//! Event rules: attendance keeps partners' check-in clocks honest, a held event leaves
//! follow-ups, and a series asks for its next event when none is scheduled.
//!
//! Attendance becomes one touchpoint per partner per event, whose id is derived from the event
//! and the partner: marking a second attendee, marking again, or two tablets marking the same
//! partner's people offline all write the same record, so the partner's timeline shows the
//! event once.

mod invitation;
mod invitees;
mod meal;
mod series;

use chrono::{Days, NaiveDate, TimeZone};
use sha2::{Digest, Sha256};

use super::agenda::Urgency;
use crate::network::ReferralNetwork;
use crate::{
    Channel, ContactId, Event, EventFollowUp, EventId, EventKind, EventSeriesId, EventStatus,
    InvitationStatus, LeadId, PartnerId, Purpose, Touchpoint, TouchpointId,
};

pub use invitation::{invitation_draft, thank_you_draft, unknown_event_placeholders};
pub use invitees::{InviteeFilter, select_invitees};
pub use meal::{MealError, MealPlan, meal_gift_id, meal_gifts, recorded_meal};
pub use series::{SeriesDue, next_due, suggested_start};

/// Days after an event ends by which its thank-yous and materials should go out.
pub const FOLLOW_UP_DAYS: u64 = 2;
/// Held events whose follow-ups fell due longer ago than this no longer crowd Today.
const FOLLOW_UP_WINDOW_DAYS: u64 = 30;
/// How far ahead Today shows a series' next event as due.
const SERIES_LOOK_AHEAD_DAYS: u64 = 14;

/// The touchpoint id for `partner`'s attendance at `event`: the same on every device. Its time
/// part is the event's creation, not its start, so moving the event never mints a second one.
pub fn attendance_touchpoint_id(event: EventId, partner: PartnerId) -> TouchpointId {
    let digest = Sha256::digest(format!("attended {event} {partner}").as_bytes());
    let mut random = [0u8; 16];
    random[..10].copy_from_slice(&digest[..10]);
    TouchpointId::from_parts(event.created_at().timestamp_millis(), u128::from_le_bytes(random))
}

/// Touchpoints that recording attendance at `event` needs written: one for each partner with
/// an attendee and no attendance touchpoint yet. Logged at the event's start, with channel
/// "event", under the first attendee (by name) of that partner.
pub fn attendance_touchpoints(
    network: &ReferralNetwork,
    event: &Event,
    logged_by: &str,
    device: &str,
) -> Vec<Touchpoint> {
    let mut attendees: Vec<(PartnerId, String, ContactId)> = network
        .relations
        .invitations_to(event.id)
        .into_iter()
        .filter(|i| i.status == InvitationStatus::Attended)
        .filter_map(|i| network.contact(i.contact_id))
        .map(|c| (c.partner_id, c.name.to_lowercase(), c.id))
        .collect();
    attendees.sort();
    attendees.dedup_by_key(|(p, _, _)| *p);
    attendees
        .into_iter()
        .map(|(partner, _, contact)| {
            (attendance_touchpoint_id(event.id, partner), partner, contact)
        })
        .filter(|(id, _, _)| network.touchpoint(*id).is_none())
        .map(|(id, partner_id, contact)| Touchpoint {
            id,
            partner_id,
            contact_id: Some(contact),
            referral_id: None,
            at: event.starts_at,
            channel: Channel::Event,
            purpose: if event.kind == EventKind::Appreciation {
                Purpose::Appreciation
            } else {
                Purpose::Other
            },
            note: format!("Attended: {}", event.title),
            logged_by: logged_by.to_string(),
            device: device.to_string(),
        })
        .collect()
}

/// Attendance touchpoints of `event` whose partner no longer has an attendee (attendance
/// marked by mistake and taken back): removing them puts that partner's check-in clock back.
pub fn orphaned_attendance_touchpoints(
    network: &ReferralNetwork,
    event: &Event,
) -> Vec<Touchpoint> {
    let invitations = network.relations.invitations_to(event.id);
    let partner_of = |c: ContactId| network.contact(c).map(|c| c.partner_id);
    let mut partners: Vec<PartnerId> =
        invitations.iter().filter_map(|i| partner_of(i.contact_id)).collect();
    partners.sort();
    partners.dedup();
    partners
        .into_iter()
        .filter(|p| {
            !invitations.iter().any(|i| {
                i.status == InvitationStatus::Attended && partner_of(i.contact_id) == Some(*p)
            })
        })
        .filter_map(|p| network.touchpoint(attendance_touchpoint_id(event.id, p)).cloned())
        .collect()
}

/// What a held event still owes, with the day each is due; empty unless it was held.
/// Thanking co-hosts needs co-hosts, thanking attendees needs attendees, sending materials
/// needs materials.
pub fn follow_ups<Tz: TimeZone>(
    network: &ReferralNetwork,
    event: &Event,
    tz: &Tz,
) -> Vec<(EventFollowUp, NaiveDate)> {
    if event.status != EventStatus::Held {
        return vec![];
    }
    let attended = network
        .relations
        .invitations_to(event.id)
        .iter()
        .any(|i| i.status == InvitationStatus::Attended);
    let ended = event.ends_at.max(event.starts_at).with_timezone(tz).date_naive();
    let due = ended.checked_add_days(Days::new(FOLLOW_UP_DAYS)).unwrap_or(ended);
    [
        (EventFollowUp::ThankCoHosts, !event.co_hosts.is_empty()),
        (EventFollowUp::ThankAttendees, attended),
        (EventFollowUp::SendMaterials, !event.materials.is_empty()),
    ]
    .into_iter()
    .filter(|(what, owed)| *owed && !event.follow_ups_done.contains(what))
    .map(|(what, _)| (what, due))
    .collect()
}

/// One event-related thing on Today.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventThing {
    FollowUp {
        event: EventId,
        what: EventFollowUp,
    },
    SeriesDue {
        series: EventSeriesId,
    },
    /// Send the information promised at the table to a lead's linked or new contact.
    SendInformation {
        lead: LeadId,
    },
}

/// An event-related thing and the day it is due; grouped on Today by the agenda's urgency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDue {
    pub due: NaiveDate,
    pub thing: EventThing,
}

impl EventDue {
    pub fn urgency(&self, today: NaiveDate) -> Urgency {
        Urgency::of(self.due, today)
    }
}

/// Event follow-ups, series due and information promised to leads, for Today, earliest first.
pub fn event_agenda<Tz: TimeZone>(
    network: &ReferralNetwork,
    today: NaiveDate,
    tz: &Tz,
) -> Vec<EventDue> {
    let window = today.checked_sub_days(Days::new(FOLLOW_UP_WINDOW_DAYS)).unwrap_or(today);
    let horizon = today.checked_add_days(Days::new(SERIES_LOOK_AHEAD_DAYS)).unwrap_or(today);
    let mut due: Vec<EventDue> = network
        .relations
        .events
        .values()
        .flat_map(|e| {
            follow_ups(network, e, tz).into_iter().map(|(what, due)| EventDue {
                due,
                thing: EventThing::FollowUp { event: e.id, what },
            })
        })
        .chain(network.relations.leads.values().filter_map(|l| {
            super::leads::information_due(l)
                .map(|due| EventDue { due, thing: EventThing::SendInformation { lead: l.id } })
        }))
        .filter(|d| d.due >= window)
        .collect();
    for s in network.relations.series.values().filter(|s| !s.archived) {
        let events: Vec<&Event> =
            network.relations.events.values().filter(|e| e.series_id == Some(s.id)).collect();
        if let Some(SeriesDue::Due(day)) = next_due(s, &events, today, tz)
            && day <= horizon
        {
            due.push(EventDue { due: day, thing: EventThing::SeriesDue { series: s.id } });
        }
    }
    due.sort_by(|a, b| (a.due, &a.thing).cmp(&(b.due, &b.thing)));
    due
}

#[cfg(test)]
mod tests;
