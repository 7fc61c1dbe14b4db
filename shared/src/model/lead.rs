//! People met at a health fair, screening or workshop table, kept as leads attached to the
//! event until staff triage them (link to a contact, create one, convert to a referral, or
//! discard).
//!
//! A lead is one record of its own (not a list inside the event) so two tablets capturing at
//! the same table merge without touching each other. Contact details are kept only with consent
//! (`input::LeadInput` refuses them otherwise), and a potential participant's lead holds no more
//! than name, phone, consent and interest: no organization, role, email or note, so no health
//! details can slip in before a referral exists.

use autosurgeon::Reconcile;
use chrono::{DateTime, NaiveDate, Utc};

use super::codes::code_enum;
use super::stored::{instant, opt_date};
use crate::{ContactId, EventId, LeadId, PartnerId, ReferralId};

code_enum!(
    /// Why the person stopped at the table: the agency's own chips.
    LeadInterest {
        WantsInformation => ("wants-information", "Wants information"),
        MayRefer => ("may-refer", "May refer"),
        WantsPresentation => ("wants-presentation", "Wants a presentation"),
        PotentialParticipant => ("potential-participant", "Potential participant — call back"),
    }
);

code_enum!(
    /// Where a lead stands after the event.
    LeadTriage {
        Open => ("open", "Open"),
        Linked => ("linked", "Linked to a contact"),
        Created => ("created", "New contact"),
        Referral => ("referral", "Converted to a referral"),
        Discarded => ("discarded", "Discarded"),
    }
);

#[derive(Debug, Clone, PartialEq, Reconcile)]
pub struct Lead {
    pub id: LeadId,
    pub event_id: EventId,
    pub name: String,
    pub organization: String,
    /// The job they gave, as said ("charge nurse"); mapped to a contact role at triage.
    pub role: String,
    pub phone: String,
    pub email: String,
    pub interests: Vec<LeadInterest>,
    /// They agreed to be contacted; without it no phone or email is kept.
    pub consent: bool,
    pub note: String,
    #[autosurgeon(reconcile = "instant")]
    pub captured_at: DateTime<Utc>,
    /// Staff name and device, as touchpoints record them.
    pub captured_by: String,
    pub triage: LeadTriage,
    /// The contact it was linked to or created as.
    pub contact_id: Option<ContactId>,
    /// The partner created for it, when the organization was new.
    pub partner_id: Option<PartnerId>,
    pub referral_id: Option<ReferralId>,
    /// The agency day it was triaged: the promised information is due two days later.
    #[autosurgeon(reconcile = "opt_date")]
    pub triaged_on: Option<NaiveDate>,
    /// Staff marked the promised information sent.
    pub information_sent: bool,
}

/// What became of a lead, as the triage screen shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeadOutcome {
    Open,
    Linked(ContactId),
    Created { contact: ContactId, partner: Option<PartnerId> },
    Referral(ReferralId),
    Discarded,
}

impl Lead {
    /// A fresh, untriaged lead with nothing but who captured it and when.
    pub fn new(
        id: LeadId,
        event_id: EventId,
        captured_at: DateTime<Utc>,
        captured_by: impl Into<String>,
    ) -> Self {
        Lead {
            id,
            event_id,
            name: String::new(),
            organization: String::new(),
            role: String::new(),
            phone: String::new(),
            email: String::new(),
            interests: vec![],
            consent: false,
            note: String::new(),
            captured_at,
            captured_by: captured_by.into(),
            triage: LeadTriage::Open,
            contact_id: None,
            partner_id: None,
            referral_id: None,
            triaged_on: None,
            information_sent: false,
        }
    }

    /// Someone who may need care themselves: kept minimal, triaged only into a referral.
    pub fn is_potential_participant(&self) -> bool {
        self.interests.contains(&LeadInterest::PotentialParticipant)
    }

    pub fn outcome(&self) -> LeadOutcome {
        match (self.triage, self.contact_id, self.referral_id) {
            (LeadTriage::Linked, Some(c), _) => LeadOutcome::Linked(c),
            (LeadTriage::Created, Some(contact), _) => {
                LeadOutcome::Created { contact, partner: self.partner_id }
            }
            (LeadTriage::Referral, _, Some(r)) => LeadOutcome::Referral(r),
            (LeadTriage::Discarded, _, _) => LeadOutcome::Discarded,
            _ => LeadOutcome::Open,
        }
    }
}
