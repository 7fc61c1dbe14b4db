//! Leads captured at an event: stored in the relations document beside the event's
//! invitations. A fair yields tens of leads, a year a few hundred: small enough for the document
//! every tablet already loads and syncs first, so triage sees them with the events and contacts
//! without a new document kind to load, seal and sync.

use super::super::DocKey;
use super::super::read::{Fields, ReadError, ReadRecord, code_item};
use super::Record;
use crate::Lead;

impl Record for Lead {
    const PREFIX: &'static str = "lead";
    fn id_text(&self) -> String {
        self.id.to_string()
    }
    fn doc_key(&self) -> DocKey {
        DocKey::Relations
    }
}

impl ReadRecord for Lead {
    fn read(f: Fields<'_>) -> Result<Self, ReadError> {
        Ok(Self {
            id: f.parse("id")?,
            event_id: f.parse("event_id")?,
            name: f.str("name")?,
            organization: f.str("organization")?,
            role: f.str("role")?,
            phone: f.str("phone")?,
            email: f.str("email")?,
            interests: f.list("interests", code_item("interests"))?,
            consent: f.bool("consent")?,
            note: f.str("note")?,
            captured_at: f.instant("captured_at")?,
            captured_by: f.str("captured_by")?,
            triage: f.code("triage")?,
            contact_id: f.opt_parse("contact_id")?,
            partner_id: f.opt_parse("partner_id")?,
            referral_id: f.opt_parse("referral_id")?,
            triaged_on: f.opt_date("triaged_on")?,
            information_sent: f.bool("information_sent")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, NaiveDate, Utc};

    use super::*;
    use crate::doc::RecordDoc;
    use crate::network::{DocRecords, ReferralNetwork};
    use crate::{
        ContactId, EventId, Invitation, InvitationStatus, LeadId, LeadInterest, LeadTriage,
    };

    #[test]
    fn a_lead_reads_back_exactly() {
        let at = DateTime::from_timestamp(1_795_000_000, 0).unwrap();
        let mut lead = Lead::new(LeadId::from_parts(1, 2), EventId::from_parts(1, 1), at, "Maria");
        lead.name = "Dana Lee".into();
        lead.organization = "St. Mary's Hospital".into();
        lead.phone = "555-123-4567".into();
        lead.interests = vec![LeadInterest::WantsInformation, LeadInterest::MayRefer];
        lead.consent = true;
        lead.triage = LeadTriage::Linked;
        lead.contact_id = Some(ContactId::from_parts(1, 9));
        lead.triaged_on = NaiveDate::from_ymd_opt(2026, 12, 1);
        crate::doc::record_doc::batch::assert_same_as_field_by_field(std::slice::from_ref(&lead));
        let mut doc = RecordDoc::new(DocKey::Relations);
        doc.put_all([&lead], Utc::now()).unwrap();
        let read: Lead = doc.contents().get(&lead.prop()).expect("stored").expect("readable");
        assert_eq!(read, lead);
    }

    /// The relations document as versions before health-fair mode wrote it: no leads at all.
    #[test]
    fn a_relations_document_from_before_leads_loads_with_none() {
        let invitation = Invitation {
            event_id: EventId::from_parts(1, 1),
            contact_id: ContactId::from_parts(1, 9),
            status: InvitationStatus::Attended,
        };
        let mut doc = RecordDoc::new(DocKey::Relations);
        doc.put_all([&invitation], Utc::now()).unwrap();
        let (records, problems) = DocRecords::read(&mut doc);
        assert!(problems.is_empty(), "{problems:?}");
        let mut network = ReferralNetwork::default();
        network.replace(records);
        assert_eq!(network.relations.invitations.len(), 1);
        assert!(network.relations.leads.is_empty());
    }
}
