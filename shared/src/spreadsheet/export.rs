//! CSV exports of the agency's records, sorted so two exports of the same data are identical.
//! Participant names leave the tablet only when the person exporting has confirmed they are
//! exporting protected health information.

use std::collections::HashMap;

use chrono::TimeZone;

use super::text::write_table;
use crate::model::{Code, Invitation, InvitationStatus};
use crate::{EventId, Referral, ReferralNetwork};

/// Whether the referrals export names participants; the app asks before choosing `Include`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Participants {
    Leave,
    /// The person exporting confirmed a prompt that names the file as PHI.
    Include,
}

fn partner_name(network: &ReferralNetwork, id: crate::PartnerId) -> String {
    network.partner(id).map(|p| p.name.clone()).unwrap_or_default()
}

fn contact_name(network: &ReferralNetwork, id: Option<crate::ContactId>) -> String {
    id.and_then(|c| network.contact(c)).map(|c| c.name.clone()).unwrap_or_default()
}

/// A moment as a spreadsheet shows it, to the minute in `tz`.
fn local_minute<Tz: TimeZone>(at: chrono::DateTime<chrono::Utc>, tz: &Tz) -> String
where
    Tz::Offset: std::fmt::Display,
{
    at.with_timezone(tz).format("%Y-%m-%d %H:%M").to_string()
}

fn yes_no(value: bool) -> String {
    if value { "Yes" } else { "No" }.into()
}

pub fn partners_csv(network: &ReferralNetwork) -> String {
    let mut partners: Vec<_> = network.partners().collect();
    partners
        .sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.id.cmp(&b.id)));
    let rows = partners.into_iter().map(|p| {
        vec![
            p.name.clone(),
            p.kind.label().into(),
            p.tier.label().into(),
            p.cadence.label(),
            p.phone.clone(),
            p.address.clone(),
            p.tags.join(", "),
            p.notes.clone(),
            yes_no(p.archived),
        ]
    });
    let headers = [
        "Organization",
        "Kind",
        "Tier",
        "Check-in cadence",
        "Phone",
        "Address",
        "Tags",
        "Notes",
        "Archived",
    ];
    write_table(&headers, rows)
}

pub fn contacts_csv(network: &ReferralNetwork) -> String {
    let mut contacts: Vec<_> = network.contacts().collect();
    contacts.sort_by_key(|c| {
        (partner_name(network, c.partner_id).to_lowercase(), c.name.to_lowercase(), c.id)
    });
    let rows = contacts.into_iter().map(|c| {
        vec![
            c.name.clone(),
            partner_name(network, c.partner_id),
            c.role.label().into(),
            c.email.clone(),
            c.phone.clone(),
            c.preferred_channel.label().into(),
            yes_no(c.archived),
        ]
    });
    let headers =
        ["Name", "Organization", "Role", "Email", "Phone", "Preferred channel", "Archived"];
    write_table(&headers, rows)
}

pub fn referrals_csv(network: &ReferralNetwork, participants: Participants) -> String {
    let mut referrals: Vec<&Referral> = network.referrals().collect();
    referrals.sort_by_key(|r| (r.received_on, r.id));
    let rows = referrals.into_iter().map(|r| {
        let mut row = vec![
            r.received_on.to_string(),
            partner_name(network, r.partner_id),
            contact_name(network, r.contact_id),
            r.status().label().into(),
            r.status_since().to_string(),
            r.current().and_then(|c| c.reason).map_or(String::new(), |x| x.label().into()),
            r.services.iter().map(|s| s.label()).collect::<Vec<_>>().join(", "),
            r.waiver_program.clone(),
        ];
        if participants == Participants::Include {
            row.push(r.participant.clone());
        }
        row
    });
    let mut headers = vec![
        "Received",
        "Partner",
        "Referring contact",
        "Status",
        "Status since",
        "Reason",
        "Services",
        "Waiver program",
    ];
    if participants == Participants::Include {
        headers.push("Participant (PHI)");
    }
    write_table(&headers, rows)
}

/// Touchpoints with their time in the agency's zone, as staff logged them.
pub fn touchpoints_csv<Tz: TimeZone>(network: &ReferralNetwork, tz: &Tz) -> String
where
    Tz::Offset: std::fmt::Display,
{
    let mut touches: Vec<_> = network.touchpoints().collect();
    touches.sort_by_key(|t| (t.at, t.id));
    let rows = touches.into_iter().map(|t| {
        vec![
            local_minute(t.at, tz),
            partner_name(network, t.partner_id),
            contact_name(network, t.contact_id),
            t.channel.label().into(),
            t.purpose.label().into(),
            t.note.clone(),
            t.logged_by.clone(),
        ]
    });
    let headers = ["When", "Partner", "Contact", "Channel", "Purpose", "Note", "Logged by"];
    write_table(&headers, rows)
}

/// The appreciation ledger, with values in dollars as the yearly cap is written.
pub fn gifts_csv(network: &ReferralNetwork) -> String {
    let mut gifts: Vec<_> = network.relations.gifts.values().collect();
    gifts.sort_by_key(|g| (g.on, g.id));
    let rows = gifts.into_iter().map(|g| {
        vec![
            g.on.to_string(),
            partner_name(network, g.partner_id),
            contact_name(network, g.contact_id),
            g.kind.label().into(),
            g.description.clone(),
            format!("{}.{:02}", g.value_cents / 100, g.value_cents % 100),
        ]
    });
    let headers = ["Date", "Partner", "Recipient", "Kind", "Description", "Value (USD)"];
    write_table(&headers, rows)
}

/// Events with who came, in the tablet's zone; counts of people captured at health fairs, never
/// their names (a capture may be a potential participant).
pub fn events_csv<Tz: TimeZone>(network: &ReferralNetwork, tz: &Tz) -> String
where
    Tz::Offset: std::fmt::Display,
{
    let relations = &network.relations;
    let mut events: Vec<_> = relations.events.values().collect();
    events.sort_by_key(|e| (e.starts_at, e.id));
    // Each event's invitations and captures, grouped once rather than searched per event.
    let mut invited: HashMap<EventId, Vec<&Invitation>> = HashMap::new();
    for i in relations.invitations.values() {
        invited.entry(i.event_id).or_default().push(i);
    }
    let mut captured: HashMap<EventId, usize> = HashMap::new();
    for l in relations.leads.values() {
        *captured.entry(l.event_id).or_default() += 1;
    }
    let rows = events.into_iter().map(|e| {
        let invitations = invited.get(&e.id).map_or(&[][..], Vec::as_slice);
        let count = |status: InvitationStatus| {
            invitations.iter().filter(|i| i.status == status).count().to_string()
        };
        let mut attended: Vec<String> = invitations
            .iter()
            .filter(|i| i.status == InvitationStatus::Attended)
            .filter_map(|i| network.contact(i.contact_id))
            .map(|c| format!("{} ({})", c.name, partner_name(network, c.partner_id)))
            .collect();
        attended.sort_by_key(|name| name.to_lowercase());
        let mut co_hosts: Vec<String> =
            e.co_hosts.iter().map(|p| partner_name(network, *p)).collect();
        co_hosts.sort_by_key(|name| name.to_lowercase());
        vec![
            local_minute(e.starts_at, tz),
            local_minute(e.ends_at, tz),
            e.time_zone.clone(),
            e.title.clone(),
            e.kind.label().into(),
            e.status.label().into(),
            e.place.clone(),
            e.link.clone(),
            co_hosts.join("; "),
            e.audience_kinds.iter().map(|k| k.label()).collect::<Vec<_>>().join(", "),
            e.audience_roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", "),
            invitations.len().to_string(),
            count(InvitationStatus::Accepted),
            count(InvitationStatus::Declined),
            count(InvitationStatus::Attended),
            count(InvitationStatus::NoShow),
            attended.join("; "),
            captured.get(&e.id).copied().unwrap_or(0).to_string(),
            e.materials.join(" "),
            e.notes.clone(),
        ]
    });
    let headers = [
        "Starts",
        "Ends",
        "Planned in time zone",
        "Title",
        "Kind",
        "Status",
        "Place",
        "Link",
        "Co-hosts",
        "For partner kinds",
        "For contact roles",
        "Invitees",
        "Accepted",
        "Declined",
        "Attended",
        "No-show",
        "Attended by",
        "People captured",
        "Materials",
        "Notes",
    ];
    write_table(&headers, rows)
}
