//! The referral network held in memory: every loaded record, with the indexes the screens
//! need (touches and referrals per partner), kept exact as records are added, edited, moved
//! between partners, or replaced wholesale when a document changes underneath us.

mod directory;
mod doc_records;
pub mod duplicates;
mod log;
mod relations;
mod summary;

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};

use crate::doc::{DocKey, Record};
use crate::{
    AgencyPolicy, Contact, ContactId, Gift, Meeting, Partner, PartnerId, Referral, ReferralId,
    Review, Touchpoint, TouchpointId,
};

pub use directory::{DirectoryQuery, DirectorySort, PartnerRow};
pub use doc_records::DocRecords;
pub use log::{ReferralQuery, ReferralRow};
pub use relations::{EventRecords, Relations};
pub use summary::{ActivitySummary, PartnerActivity};

#[derive(Debug, Default, Clone)]
pub struct ReferralNetwork {
    partners: HashMap<PartnerId, Partner>,
    contacts: HashMap<ContactId, Contact>,
    referrals: HashMap<ReferralId, Referral>,
    touchpoints: HashMap<TouchpointId, Touchpoint>,
    contacts_by_partner: HashMap<PartnerId, BTreeSet<ContactId>>,
    touches_by_partner: HashMap<PartnerId, BTreeSet<(DateTime<Utc>, TouchpointId)>>,
    referrals_by_partner: HashMap<PartnerId, BTreeSet<(NaiveDate, ReferralId)>>,
    referrals_by_doc: HashMap<DocKey, HashSet<ReferralId>>,
    touchpoints_by_doc: HashMap<DocKey, HashSet<TouchpointId>>,
    /// Stands in for history that has not loaded yet; `None` once everything is loaded.
    hint: Option<ActivitySummary>,
    touches_by_referral: HashMap<ReferralId, BTreeSet<(DateTime<Utc>, TouchpointId)>>,
    pub relations: Relations,
}

impl ReferralNetwork {
    pub fn is_empty(&self) -> bool {
        self.partners.is_empty()
    }

    pub fn partner(&self, id: PartnerId) -> Option<&Partner> {
        self.partners.get(&id)
    }
    pub fn contact(&self, id: ContactId) -> Option<&Contact> {
        self.contacts.get(&id)
    }
    pub fn referral(&self, id: ReferralId) -> Option<&Referral> {
        self.referrals.get(&id)
    }
    pub fn touchpoint(&self, id: TouchpointId) -> Option<&Touchpoint> {
        self.touchpoints.get(&id)
    }

    pub fn partners(&self) -> impl Iterator<Item = &Partner> {
        self.partners.values()
    }

    pub fn counts(&self) -> (usize, usize, usize, usize) {
        (self.partners.len(), self.contacts.len(), self.referrals.len(), self.touchpoints.len())
    }

    /// Contacts at a partner, by name.
    pub fn contacts_of(&self, partner: PartnerId) -> Vec<&Contact> {
        let mut v: Vec<&Contact> = self
            .contacts_by_partner
            .get(&partner)
            .into_iter()
            .flatten()
            .filter_map(|id| self.contacts.get(id))
            .collect();
        v.sort_by_key(|c| c.name.to_lowercase());
        v
    }

    /// A partner's touchpoints, newest first.
    pub fn timeline(&self, partner: PartnerId) -> Vec<&Touchpoint> {
        self.touches_by_partner
            .get(&partner)
            .into_iter()
            .flat_map(|s| s.iter().rev())
            .filter_map(|(_, id)| self.touchpoints.get(id))
            .collect()
    }

    /// Touchpoints logged about one referral, newest first (whichever partner they were
    /// logged under, so a referral moved between partners keeps its follow-through).
    pub fn touchpoints_for_referral(&self, referral: &Referral) -> Vec<&Touchpoint> {
        self.touches_by_referral
            .get(&referral.id)
            .into_iter()
            .flat_map(|s| s.iter().rev())
            .filter_map(|(_, id)| self.touchpoints.get(id))
            .collect()
    }

    /// When the latest touchpoint about `referral` was logged, from the index.
    pub fn last_touch_about(&self, referral: ReferralId) -> Option<DateTime<Utc>> {
        self.touches_by_referral.get(&referral)?.last().map(|(at, _)| *at)
    }

    /// The agency's policy, or the defaults until the team saves its own.
    pub fn policy(&self) -> AgencyPolicy {
        self.relations.policy.clone().unwrap_or_default()
    }

    /// Every contact, archived ones too, in no order.
    pub fn contacts(&self) -> impl Iterator<Item = &Contact> {
        self.contacts.values()
    }

    /// Every loaded touchpoint, in no order.
    pub fn touchpoints(&self) -> impl Iterator<Item = &Touchpoint> {
        self.touchpoints.values()
    }

    pub fn referrals(&self) -> impl Iterator<Item = &Referral> {
        self.referrals.values()
    }

    /// A partner's referrals, newest first.
    pub fn referrals_of(&self, partner: PartnerId) -> Vec<&Referral> {
        self.referrals_by_partner
            .get(&partner)
            .into_iter()
            .flat_map(|s| s.iter().rev())
            .filter_map(|(_, id)| self.referrals.get(id))
            .collect()
    }

    /// The latest touch with the partner or any of its contacts.
    pub fn last_touch(&self, partner: PartnerId) -> Option<DateTime<Utc>> {
        let hinted = self.hint.as_ref().and_then(|h| h.0.get(&partner)).and_then(|a| a.last_touch);
        self.last_touch_loaded(partner).max(hinted)
    }

    fn last_touch_loaded(&self, partner: PartnerId) -> Option<DateTime<Utc>> {
        self.touches_by_partner.get(&partner)?.last().map(|(at, _)| *at)
    }

    /// Referrals from the partner still in intake.
    pub fn open_referrals(&self, partner: PartnerId) -> usize {
        let hinted =
            self.hint.as_ref().and_then(|h| h.0.get(&partner)).map_or(0, |a| a.open_referrals);
        self.open_referrals_loaded(partner).max(hinted)
    }

    fn open_referrals_loaded(&self, partner: PartnerId) -> usize {
        self.referrals_of(partner).iter().filter(|r| !r.status().is_closed()).count()
    }

    /// Uses `summary` for partners' standing until `history_complete` is called.
    pub fn set_hint(&mut self, summary: ActivitySummary) {
        self.hint = Some(summary);
    }

    /// Every document is loaded: from now on only the records count.
    pub fn history_complete(&mut self) {
        self.hint = None;
    }

    pub fn upsert_partner(&mut self, p: Partner) {
        self.partners.insert(p.id, p);
    }

    pub fn upsert_contact(&mut self, c: Contact) {
        if let Some(old) = self.contacts.get(&c.id)
            && let Some(set) = self.contacts_by_partner.get_mut(&old.partner_id)
        {
            set.remove(&c.id);
        }
        self.contacts_by_partner.entry(c.partner_id).or_default().insert(c.id);
        self.contacts.insert(c.id, c);
    }

    pub fn upsert_referral(&mut self, r: Referral) {
        self.remove_referral(r.id);
        self.referrals_by_partner.entry(r.partner_id).or_default().insert((r.received_on, r.id));
        self.referrals_by_doc.entry(r.doc_key()).or_default().insert(r.id);
        self.referrals.insert(r.id, r);
    }

    pub fn upsert_touchpoint(&mut self, t: Touchpoint) {
        self.remove_touchpoint(t.id);
        self.touches_by_partner.entry(t.partner_id).or_default().insert((t.at, t.id));
        if let Some(r) = t.referral_id {
            self.touches_by_referral.entry(r).or_default().insert((t.at, t.id));
        }
        self.touchpoints_by_doc.entry(t.doc_key()).or_default().insert(t.id);
        self.touchpoints.insert(t.id, t);
    }

    fn remove_referral(&mut self, id: ReferralId) {
        if let Some(old) = self.referrals.remove(&id) {
            if let Some(set) = self.referrals_by_partner.get_mut(&old.partner_id) {
                set.remove(&(old.received_on, id));
            }
            if let Some(set) = self.referrals_by_doc.get_mut(&old.doc_key()) {
                set.remove(&id);
            }
        }
    }

    fn remove_touchpoint(&mut self, id: TouchpointId) {
        if let Some(old) = self.touchpoints.remove(&id) {
            if let Some(set) = self.touches_by_partner.get_mut(&old.partner_id) {
                set.remove(&(old.at, id));
            }
            if let Some(set) = old.referral_id.and_then(|r| self.touches_by_referral.get_mut(&r)) {
                set.remove(&(old.at, id));
            }
            if let Some(set) = self.touchpoints_by_doc.get_mut(&old.doc_key()) {
                set.remove(&id);
            }
        }
    }

    /// Replaces every partner with a freshly read set (after a load or a merge).
    pub fn replace_partners(&mut self, partners: Vec<Partner>) {
        self.partners = partners.into_iter().map(|p| (p.id, p)).collect();
    }

    /// Replaces every contact with a freshly read set.
    pub fn replace_contacts(&mut self, contacts: Vec<Contact>) {
        self.contacts.clear();
        self.contacts_by_partner.clear();
        for c in contacts {
            self.upsert_contact(c);
        }
    }

    /// Replaces every referral stored in `doc` with `records`.
    pub fn replace_referrals(&mut self, doc: DocKey, records: Vec<Referral>) {
        for id in self.referrals_by_doc.remove(&doc).unwrap_or_default() {
            self.remove_referral(id);
        }
        for r in records {
            self.upsert_referral(r);
        }
    }

    /// Replaces every touchpoint stored in `doc` with `records`.
    pub fn replace_touchpoints(&mut self, doc: DocKey, records: Vec<Touchpoint>) {
        for id in self.touchpoints_by_doc.remove(&doc).unwrap_or_default() {
            self.remove_touchpoint(id);
        }
        for t in records {
            self.upsert_touchpoint(t);
        }
    }
}

/// A record that can be placed into the in-memory network once it is stored.
pub trait NetworkRecord: Record {
    fn upsert_into(self, network: &mut ReferralNetwork);
}

impl NetworkRecord for Partner {
    fn upsert_into(self, network: &mut ReferralNetwork) {
        network.upsert_partner(self);
    }
}
impl NetworkRecord for Contact {
    fn upsert_into(self, network: &mut ReferralNetwork) {
        network.upsert_contact(self);
    }
}
impl NetworkRecord for Referral {
    fn upsert_into(self, network: &mut ReferralNetwork) {
        network.upsert_referral(self);
    }
}
impl NetworkRecord for Meeting {
    fn upsert_into(self, network: &mut ReferralNetwork) {
        network.relations.meetings.insert(self.id, self);
    }
}
impl NetworkRecord for Review {
    fn upsert_into(self, network: &mut ReferralNetwork) {
        network.relations.reviews.insert(self.id, self);
    }
}
impl NetworkRecord for Gift {
    fn upsert_into(self, network: &mut ReferralNetwork) {
        network.relations.gifts.insert(self.id, self);
    }
}
impl NetworkRecord for crate::Event {
    fn upsert_into(self, network: &mut ReferralNetwork) {
        network.relations.events.insert(self.id, self);
    }
}
impl NetworkRecord for crate::EventSeries {
    fn upsert_into(self, network: &mut ReferralNetwork) {
        network.relations.series.insert(self.id, self);
    }
}
impl NetworkRecord for crate::Invitation {
    fn upsert_into(self, network: &mut ReferralNetwork) {
        network.relations.invitations.insert((self.event_id, self.contact_id), self);
    }
}
impl NetworkRecord for crate::Lead {
    fn upsert_into(self, network: &mut ReferralNetwork) {
        network.relations.leads.insert(self.id, self);
    }
}
impl NetworkRecord for AgencyPolicy {
    fn upsert_into(self, network: &mut ReferralNetwork) {
        network.relations.policy = Some(self);
    }
}
impl NetworkRecord for crate::ImportBatch {
    fn upsert_into(self, network: &mut ReferralNetwork) {
        network.relations.imports.insert(self.id, self);
    }
}
impl NetworkRecord for Touchpoint {
    fn upsert_into(self, network: &mut ReferralNetwork) {
        network.upsert_touchpoint(self);
    }
}

#[cfg(test)]
mod tests;
