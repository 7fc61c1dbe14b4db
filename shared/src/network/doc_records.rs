//! Everything one document holds, read out so it can replace that document's share of the
//! network in one step (after a load, a merge from another tab, or a sync).

use super::ReferralNetwork;
use super::relations::EventRecords;
use crate::doc::{DocKey, RecordDoc, RecordProblem};
use crate::{
    AgencyPolicy, Contact, Gift, ImportBatch, Meeting, Partner, Referral, Review, Touchpoint,
};

#[derive(Debug, Clone)]
pub enum DocRecords {
    Partners(Vec<Partner>),
    Contacts(Vec<Contact>),
    Referrals(DocKey, Vec<Referral>),
    Touchpoints(DocKey, Vec<Touchpoint>),
    Relations {
        meetings: Vec<Meeting>,
        reviews: Vec<Review>,
        gifts: Vec<Gift>,
        policy: Option<AgencyPolicy>,
        /// Events, series and invitations; empty in documents written before events existed.
        events: Box<EventRecords>,
        /// CSV import batches; none in documents written before imports existed.
        imports: Vec<ImportBatch>,
    },
}

impl DocRecords {
    /// Reads every record; unreadable ones are returned as problems and left out.
    pub fn read(doc: &mut RecordDoc) -> (Self, Vec<RecordProblem>) {
        let contents = doc.contents();
        match doc.key() {
            DocKey::Partners => {
                let (records, problems) = contents.records();
                (Self::Partners(records), problems)
            }
            DocKey::Contacts => {
                let (records, problems) = contents.records();
                (Self::Contacts(records), problems)
            }
            DocKey::Relations => {
                let (meetings, mut problems) = contents.records();
                let (reviews, more) = contents.records();
                problems.extend(more);
                let (gifts, more) = contents.records();
                problems.extend(more);
                let (policies, more) = contents.records::<AgencyPolicy>();
                problems.extend(more);
                let (events, more) = EventRecords::read(&contents);
                problems.extend(more);
                let (imports, more) = contents.records();
                problems.extend(more);
                (
                    Self::Relations {
                        meetings,
                        reviews,
                        gifts,
                        policy: policies.into_iter().next(),
                        events: Box::new(events),
                        imports,
                    },
                    problems,
                )
            }
            key @ DocKey::Referrals(_) => {
                let (records, problems) = contents.records();
                (Self::Referrals(key, records), problems)
            }
            key @ DocKey::Touchpoints(_) => {
                let (records, problems) = contents.records();
                (Self::Touchpoints(key, records), problems)
            }
        }
    }
}

impl ReferralNetwork {
    /// Replaces one document's records with `records`.
    pub fn replace(&mut self, records: DocRecords) {
        match records {
            DocRecords::Partners(partners) => self.replace_partners(partners),
            DocRecords::Contacts(contacts) => self.replace_contacts(contacts),
            DocRecords::Referrals(key, r) => self.replace_referrals(key, r),
            DocRecords::Touchpoints(key, t) => self.replace_touchpoints(key, t),
            DocRecords::Relations { meetings, reviews, gifts, policy, events, imports } => {
                self.relations.replace(meetings, reviews, gifts, policy);
                self.relations.replace_events(*events);
                self.relations.imports = imports.into_iter().map(|b| (b.id, b)).collect();
            }
        }
    }
}
