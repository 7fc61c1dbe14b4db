//! Triage of the people captured at an event: each lead's likely duplicates (through the
//! directory's `DuplicateIndex`, never a second matcher), and the records each one-tap action
//! writes. Every contact linked or created owes the information promised at the table, due
//! [`SEND_INFORMATION_DAYS`] after triage; Today lists it through `events::event_agenda`.

use chrono::{DateTime, Days, NaiveDate, Utc};

use crate::network::ReferralNetwork;
use crate::network::duplicates::{DuplicateIndex, LikelyDuplicate, PersonMet};
use crate::{
    CheckInCadence, Contact, ContactId, ContactRole, Lead, LeadId, LeadTriage, Partner, PartnerId,
    PartnerKind, PartnerTier, PreferredChannel, Referral, ReferralId, ReferralStatus,
    SharingConsent, StatusChange,
};

/// Days after triage by which a linked or new contact should have the promised information.
pub const SEND_INFORMATION_DAYS: u64 = 2;

/// Occurs when a triage action does not fit the lead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TriageError {
    /// Occurs when a potential participant would become a partner contact.
    #[error(
        "a potential participant becomes a referral, not a contact: choose \"Convert to referral\""
    )]
    ParticipantAsContact,
    /// Occurs when someone who is not a potential participant would become a referral.
    #[error("only a potential participant can become a referral: link or create a contact instead")]
    NotAParticipant,
    /// Occurs when a lead is triaged twice (another tablet may have done it).
    #[error("this lead was already triaged (perhaps on another tablet); reload the list")]
    AlreadyTriaged,
}

/// The person a lead describes, as the duplicate index reads people.
pub fn person_met(lead: &Lead) -> PersonMet<'_> {
    PersonMet {
        name: &lead.name,
        organization: &lead.organization,
        phone: &lead.phone,
        email: &lead.email,
    }
}

/// Each open lead with the records it most likely already is, strongest first. Build the index
/// once per screen: this is the per-lead cost the benchmark measures.
pub fn triage_matches(
    index: &DuplicateIndex,
    leads: &[&Lead],
) -> Vec<(LeadId, Vec<LikelyDuplicate>)> {
    leads
        .iter()
        .map(|lead| {
            let found = if lead.triage == LeadTriage::Open && !lead.is_potential_participant() {
                index.likely_duplicates(&person_met(lead))
            } else {
                vec![]
            };
            (lead.id, found)
        })
        .collect()
}

/// The role a person gave in their own words, as a contact role ("charge nurse" is a nurse).
pub fn contact_role(said: &str) -> ContactRole {
    let said = said.to_lowercase();
    let words: Vec<&str> = said.split(|c: char| !c.is_alphanumeric()).collect();
    let phrase = |w: &[&str]| w.iter().any(|w| said.contains(w));
    let word = |w: &[&str]| words.iter().any(|x| w.contains(x));
    if phrase(&["discharge"]) {
        ContactRole::DischargePlanner
    } else if phrase(&["social work"]) || word(&["msw", "lcsw"]) {
        ContactRole::SocialWorker
    } else if phrase(&["case manag", "care manag", "care coord"]) {
        ContactRole::CaseManager
    } else if phrase(&["nurse"]) || word(&["rn", "lpn", "np"]) {
        ContactRole::Nurse
    } else if phrase(&["physician", "doctor"]) || word(&["md", "do", "dr"]) {
        ContactRole::Physician
    } else {
        ContactRole::Other
    }
}

fn triaged(lead: &Lead, triage: LeadTriage, today: NaiveDate) -> Result<Lead, TriageError> {
    if lead.triage != LeadTriage::Open {
        return Err(TriageError::AlreadyTriaged);
    }
    Ok(Lead { triage, triaged_on: Some(today), ..lead.clone() })
}

/// Links the lead to a contact already in the directory.
pub fn link(lead: &Lead, contact: ContactId, today: NaiveDate) -> Result<Lead, TriageError> {
    if lead.is_potential_participant() {
        return Err(TriageError::ParticipantAsContact);
    }
    Ok(Lead { contact_id: Some(contact), ..triaged(lead, LeadTriage::Linked, today)? })
}

/// What "New contact" writes: the lead, the contact, and a partner when none was chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct NewContact {
    pub lead: Lead,
    pub contact: Contact,
    pub partner: Option<Partner>,
}

/// Creates a contact from the lead, at `at_partner` or at a new partner named after the
/// organization they gave (their own name when they gave none).
pub fn create_contact(
    lead: &Lead,
    at_partner: Option<PartnerId>,
    ids: (ContactId, PartnerId),
    today: NaiveDate,
) -> Result<NewContact, TriageError> {
    if lead.is_potential_participant() {
        return Err(TriageError::ParticipantAsContact);
    }
    let (contact_id, new_partner) = ids;
    let partner = match at_partner {
        Some(_) => None,
        None => {
            let name = if lead.organization.is_empty() {
                lead.name.clone()
            } else {
                lead.organization.clone()
            };
            let mut p = Partner::new(
                new_partner,
                PartnerKind::Other,
                name,
                PartnerTier::Occasional,
                CheckInCadence::default_for(PartnerTier::Occasional),
            );
            p.tags = vec!["health fair".into()];
            Some(p)
        }
    };
    let partner_id = at_partner.unwrap_or(new_partner);
    let preferred_channel = if lead.phone.is_empty() && !lead.email.is_empty() {
        PreferredChannel::Email
    } else if lead.phone.is_empty() {
        PreferredChannel::InPerson
    } else {
        PreferredChannel::Phone
    };
    let contact = Contact {
        id: contact_id,
        partner_id,
        name: lead.name.clone(),
        role: contact_role(&lead.role),
        // Kept only with consent; validation already refused them otherwise.
        email: if lead.consent { lead.email.clone() } else { String::new() },
        phone: if lead.consent { lead.phone.clone() } else { String::new() },
        preferred_channel,
        archived: false,
    };
    let lead = Lead {
        contact_id: Some(contact_id),
        partner_id: partner.as_ref().map(|p| p.id),
        ..triaged(lead, LeadTriage::Created, today)?
    };
    Ok(NewContact { lead, contact, partner })
}

/// Converts a potential participant into a referral received today through `partner` (the
/// event's co-host as a rule). The referral keeps their name only: the phone stays on the lead,
/// which links to it, and nothing else was kept at the table.
pub fn convert_to_referral(
    lead: &Lead,
    partner: PartnerId,
    id: ReferralId,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(Lead, Referral), TriageError> {
    if !lead.is_potential_participant() {
        return Err(TriageError::NotAParticipant);
    }
    let referral = Referral {
        id,
        partner_id: partner,
        contact_id: None,
        received_on: today,
        participant: lead.name.clone(),
        waiver_program: String::new(),
        services: vec![],
        status_history: vec![StatusChange {
            status: ReferralStatus::Received,
            on: today,
            reason: None,
            recorded_at: now,
        }],
        consent: SharingConsent::Nothing,
        dismissed: vec![],
        disclosures: vec![],
        follow_ups_set_aside_until: None,
    };
    let lead = Lead { referral_id: Some(id), ..triaged(lead, LeadTriage::Referral, today)? };
    Ok((lead, referral))
}

/// Discards the lead, keeping only the name so the list can say what was discarded; contact
/// details and the note are cleared. Undo writes the lead as it was.
pub fn discard(lead: &Lead, today: NaiveDate) -> Result<Lead, TriageError> {
    Ok(Lead {
        organization: String::new(),
        role: String::new(),
        phone: String::new(),
        email: String::new(),
        note: String::new(),
        ..triaged(lead, LeadTriage::Discarded, today)?
    })
}

/// The day the information promised to a linked or created contact is due, unless sent.
pub fn information_due(lead: &Lead) -> Option<NaiveDate> {
    let owed = matches!(lead.triage, LeadTriage::Linked | LeadTriage::Created);
    if !owed || lead.information_sent {
        return None;
    }
    let day = lead.triaged_on?;
    Some(day.checked_add_days(Days::new(SEND_INFORMATION_DAYS)).unwrap_or(day))
}

/// How many of an event's leads still wait for triage.
pub fn open_leads(network: &ReferralNetwork, event: crate::EventId) -> usize {
    network.relations.leads_of(event).iter().filter(|l| l.triage == LeadTriage::Open).count()
}

#[cfg(test)]
mod tests;
