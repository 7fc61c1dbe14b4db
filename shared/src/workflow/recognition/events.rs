//! Events in Top referral sources' context: how many events each partner's people attended,
//! and how many it co-hosted, in the same period as the referral counts.
//!
//! Context, not reward: like the ranking, nothing here feeds the appreciation ledger.

use std::collections::{HashMap, HashSet};

use chrono::{Days, NaiveDate, TimeZone};

use crate::network::ReferralNetwork;
use crate::{EventId, EventStatus, InvitationStatus, PartnerId};

/// One partner's events in a period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EventCounts {
    /// Events at least one of the partner's people attended (each event once, however many
    /// came).
    pub attended: usize,
    /// Events the partner co-hosted (not cancelled).
    pub co_hosted: usize,
}

/// Each partner's events in the `days` up to `today` (the period `top_sources` counts), by
/// the day the event started on `tz`'s wall clock. Attendance is counted through the
/// attendee's current partner.
pub fn events_in_period<Tz: TimeZone>(
    network: &ReferralNetwork,
    days: u64,
    today: NaiveDate,
    tz: &Tz,
) -> HashMap<PartnerId, EventCounts> {
    let start = today.checked_sub_days(Days::new(days)).unwrap_or(today);
    let in_period: HashMap<EventId, &crate::Event> = network
        .relations
        .events
        .values()
        .filter(|e| e.status != EventStatus::Cancelled)
        .filter(|e| {
            let day = e.starts_at.with_timezone(tz).date_naive();
            day > start && day <= today
        })
        .map(|e| (e.id, e))
        .collect();
    let attended: HashSet<(PartnerId, EventId)> = network
        .relations
        .invitations
        .values()
        .filter(|i| i.status == InvitationStatus::Attended && in_period.contains_key(&i.event_id))
        .filter_map(|i| network.contact(i.contact_id).map(|c| (c.partner_id, i.event_id)))
        .collect();
    let mut counts: HashMap<PartnerId, EventCounts> = HashMap::new();
    for (partner, _) in attended {
        counts.entry(partner).or_default().attended += 1;
    }
    for e in in_period.values() {
        let hosts: HashSet<&PartnerId> = e.co_hosts.iter().collect();
        for partner in hosts {
            counts.entry(*partner).or_default().co_hosted += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::{
        CheckInCadence, Contact, ContactId, ContactRole, Event, EventKind, Invitation, Partner,
        PartnerKind, PartnerTier, PreferredChannel,
    };

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn event(n: u128, starts: &str, co_hosts: Vec<PartnerId>) -> Event {
        let start = at(starts);
        let mut e = Event::new(
            EventId::from_parts(1, n),
            EventKind::Workshop,
            format!("Event {n}"),
            start,
            start + chrono::Duration::hours(1),
            "America/Chicago",
        );
        e.status = EventStatus::Held;
        e.co_hosts = co_hosts;
        e
    }

    fn attended(n: &mut ReferralNetwork, e: &Event, contact: ContactId, status: InvitationStatus) {
        n.relations
            .invitations
            .insert((e.id, contact), Invitation { event_id: e.id, contact_id: contact, status });
    }

    #[test]
    fn attended_and_co_hosted_events_count_once_per_partner_in_the_period_only() {
        let today: NaiveDate = "2026-11-26".parse().unwrap();
        let tz = chrono::FixedOffset::west_opt(6 * 3600).unwrap();
        let mercy = PartnerId::from_parts(1, 1);
        let clinic = PartnerId::from_parts(1, 2);
        let mut n = ReferralNetwork::default();
        for (id, name) in [(mercy, "Mercy"), (clinic, "Clinic")] {
            n.upsert_partner(Partner::new(
                id,
                PartnerKind::Hospital,
                name,
                PartnerTier::Key,
                CheckInCadence::Monthly,
            ));
        }
        let people: Vec<ContactId> = (1..=3).map(|i| ContactId::from_parts(1, i)).collect();
        for (i, c) in people.iter().enumerate() {
            let partner = if i < 2 { mercy } else { clinic };
            n.upsert_contact(Contact {
                id: *c,
                partner_id: partner,
                name: format!("Person {i}"),
                role: ContactRole::DischargePlanner,
                email: String::new(),
                phone: String::new(),
                preferred_channel: PreferredChannel::Email,
                archived: false,
            });
        }
        // In the 30 days: two Mercy people at one event (counts once), co-hosted by the clinic.
        let a = event(1, "2026-11-10T18:00:00Z", vec![clinic, clinic]);
        // The last day of the period, late evening in Chicago (already the 27th in UTC).
        let b = event(2, "2026-11-27T03:00:00Z", vec![]);
        // Just outside: the 27th of October in Chicago is the period's excluded first day.
        let c = event(3, "2026-10-27T17:00:00Z", vec![mercy]);
        let mut cancelled = event(4, "2026-11-12T17:00:00Z", vec![mercy]);
        cancelled.status = EventStatus::Cancelled;
        for e in [&a, &b, &c, &cancelled] {
            n.relations.events.insert(e.id, e.clone());
        }
        attended(&mut n, &a, people[0], InvitationStatus::Attended);
        attended(&mut n, &a, people[1], InvitationStatus::Attended);
        attended(&mut n, &b, people[1], InvitationStatus::Attended);
        attended(&mut n, &b, people[2], InvitationStatus::NoShow);
        attended(&mut n, &c, people[2], InvitationStatus::Attended);

        let counts = events_in_period(&n, 30, today, &tz);
        assert_eq!(counts.get(&mercy), Some(&EventCounts { attended: 2, co_hosted: 0 }));
        assert_eq!(counts.get(&clinic), Some(&EventCounts { attended: 0, co_hosted: 1 }));
        let year = events_in_period(&n, 365, today, &tz);
        assert_eq!(year.get(&mercy), Some(&EventCounts { attended: 2, co_hosted: 1 }));
        assert_eq!(year.get(&clinic), Some(&EventCounts { attended: 1, co_hosted: 1 }));
    }
}
