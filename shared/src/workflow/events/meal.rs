//! A meal at an appreciation event, in the appreciation ledger: one gift per attendee, dated
//! the event's day and linked to the event, each counted toward that person's yearly cap.
//!
//! Each gift's id is derived from the event and the person, so recording the meal again (a
//! corrected value, a late attendee) rewrites the same records instead of adding a second
//! meal. Someone no longer marked attended keeps their record at no value: the ledger has no
//! deletion, and a zero entry neither counts toward the cap nor hides that it was corrected.

use chrono::TimeZone;
use sha2::{Digest, Sha256};

use crate::network::ReferralNetwork;
use crate::workflow::appreciation::{CapCheck, check};
use crate::{
    ContactId, Event, EventId, EventKind, EventStatus, Gift, GiftId, GiftKind, InvitationStatus,
};

/// Occurs when a meal cannot be recorded for an event; each says what to do instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MealError {
    #[error(
        "a meal can only be recorded at an appreciation event; log other gifts on the partner's page"
    )]
    NotAppreciation,
    #[error("mark the event held before recording the meal")]
    NotHeld,
    #[error("mark who attended before recording the meal")]
    NoAttendees,
    #[error("enter the meal's value per attendee in dollars, more than zero")]
    NoValue,
}

/// The gifts recording a meal writes, and who they would take over the yearly cap.
#[derive(Debug, Clone, PartialEq)]
pub struct MealPlan {
    /// One per attendee, plus a zero-value correction for anyone recorded before and no
    /// longer marked attended.
    pub gifts: Vec<Gift>,
    /// Attendees whose total this year would pass the cap, with their totals.
    pub over_cap: Vec<(ContactId, CapCheck)>,
}

/// The ledger id of `contact`'s meal at `event`: the same on every device and every time.
pub fn meal_gift_id(event: EventId, contact: ContactId) -> GiftId {
    let digest = Sha256::digest(format!("meal {event} {contact}").as_bytes());
    let mut random = [0u8; 16];
    random[..10].copy_from_slice(&digest[..10]);
    GiftId::from_parts(event.created_at().timestamp_millis(), u128::from_le_bytes(random))
}

/// The meal already recorded for `event`: the value per attendee and how many received it.
pub fn recorded_meal(network: &ReferralNetwork, event: EventId) -> Option<(u32, usize)> {
    let given: Vec<&Gift> = network
        .relations
        .gifts
        .values()
        .filter(|g| g.event_id == Some(event) && g.kind == GiftKind::Meal && g.value_cents > 0)
        .collect();
    given.iter().map(|g| g.value_cents).max().map(|v| (v, given.len()))
}

/// What recording a meal worth `value_cents` per attendee at `event` writes. The day is the
/// event's start on `tz`'s wall clock; caps are checked against every gift each person has
/// received, wherever it was logged, not counting this event's earlier meal.
pub fn meal_gifts<Tz: TimeZone>(
    network: &ReferralNetwork,
    event: &Event,
    value_cents: u32,
    cap_cents: u32,
    tz: &Tz,
) -> Result<MealPlan, MealError> {
    if event.kind != EventKind::Appreciation {
        return Err(MealError::NotAppreciation);
    }
    if event.status != EventStatus::Held {
        return Err(MealError::NotHeld);
    }
    if value_cents == 0 {
        return Err(MealError::NoValue);
    }
    let mut attendees: Vec<(String, ContactId, crate::PartnerId)> = network
        .relations
        .invitations_to(event.id)
        .into_iter()
        .filter(|i| i.status == InvitationStatus::Attended)
        .filter_map(|i| network.contact(i.contact_id))
        .map(|c| (c.name.to_lowercase(), c.id, c.partner_id))
        .collect();
    if attendees.is_empty() {
        return Err(MealError::NoAttendees);
    }
    attendees.sort();
    let on = event.starts_at.with_timezone(tz).date_naive();
    let description = format!("Meal at {}", event.title);
    let gift = |contact: ContactId, partner_id, value_cents| Gift {
        id: meal_gift_id(event.id, contact),
        partner_id,
        contact_id: Some(contact),
        on,
        kind: GiftKind::Meal,
        description: description.clone(),
        value_cents,
        event_id: Some(event.id),
    };
    let mut gifts: Vec<Gift> = attendees
        .iter()
        .map(|(_, contact, partner)| gift(*contact, *partner, value_cents))
        .collect();
    let all = &network.relations.gifts;
    let over_cap = gifts
        .iter()
        .filter_map(|g| {
            let checked = check(g, all.values(), cap_cents);
            Some((g.contact_id?, checked)).filter(|_| checked.over())
        })
        .collect();
    let mut withdrawn: Vec<Gift> = all
        .values()
        .filter(|g| g.event_id == Some(event.id) && g.value_cents > 0)
        .filter(|g| !gifts.iter().any(|n| n.id == g.id))
        .map(|g| Gift { value_cents: 0, on, ..g.clone() })
        .collect();
    withdrawn.sort_by_key(|g| g.id);
    gifts.extend(withdrawn);
    Ok(MealPlan { gifts, over_cap })
}

#[cfg(test)]
mod tests;
