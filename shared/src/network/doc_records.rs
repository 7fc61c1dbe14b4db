//! Everything one document holds, read out so it can replace that document's share of the
//! network in one step (after a load, a merge from another tab, or a sync).

use super::ReferralNetwork;
use crate::doc::{DocKey, RecordDoc, RecordProblem};
use crate::{Contact, Partner, Referral, Touchpoint};

#[derive(Debug, Clone)]
pub enum DocRecords {
    Directory(Vec<Partner>, Vec<Contact>),
    Referrals(DocKey, Vec<Referral>),
    Touchpoints(DocKey, Vec<Touchpoint>),
}

impl DocRecords {
    /// Reads every record; unreadable ones are returned as problems and left out.
    pub fn read(doc: &RecordDoc) -> (Self, Vec<RecordProblem>) {
        match doc.key() {
            DocKey::Directory => {
                let (partners, mut problems) = doc.records::<Partner>();
                let (contacts, more) = doc.records::<Contact>();
                problems.extend(more);
                (Self::Directory(partners, contacts), problems)
            }
            key @ DocKey::Referrals(_) => {
                let (records, problems) = doc.records();
                (Self::Referrals(key, records), problems)
            }
            key @ DocKey::Touchpoints(_) => {
                let (records, problems) = doc.records();
                (Self::Touchpoints(key, records), problems)
            }
        }
    }
}

impl ReferralNetwork {
    /// Replaces one document's records with `records`.
    pub fn replace(&mut self, records: DocRecords) {
        match records {
            DocRecords::Directory(partners, contacts) => self.replace_directory(partners, contacts),
            DocRecords::Referrals(key, r) => self.replace_referrals(key, r),
            DocRecords::Touchpoints(key, t) => self.replace_touchpoints(key, t),
        }
    }
}
