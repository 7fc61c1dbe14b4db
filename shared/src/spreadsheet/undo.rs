//! What undoing an import removes: every partner and contact it created, except those the
//! team has since used (a referral or a touchpoint names them), which are kept so no referral
//! or logged visit loses who it was with.

use std::collections::HashSet;

use crate::{ContactId, ImportBatch, PartnerId, ReferralNetwork};

/// The records an undo removes and those it keeps, with why.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UndoPlan {
    pub remove_partners: Vec<PartnerId>,
    pub remove_contacts: Vec<ContactId>,
    /// Kept because referrals or touchpoints name them (or one of their kept contacts).
    pub keep_partners: Vec<PartnerId>,
    /// Kept because referrals or touchpoints name them.
    pub keep_contacts: Vec<ContactId>,
}

impl UndoPlan {
    /// What staff read after the undo, e.g. "Removed 40 partners and 62 contacts. Kept 1
    /// partner and 2 contacts: referrals or touchpoints were logged with them since."
    pub fn summary(&self) -> String {
        let removed = format!(
            "Removed {} and {}.",
            count(self.remove_partners.len(), "partner", "partners"),
            count(self.remove_contacts.len(), "contact", "contacts")
        );
        if self.keep_partners.is_empty() && self.keep_contacts.is_empty() {
            return removed;
        }
        format!(
            "{removed} Kept {} and {}: referrals or touchpoints were logged with them since the import.",
            count(self.keep_partners.len(), "partner", "partners"),
            count(self.keep_contacts.len(), "contact", "contacts")
        )
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Plans undoing `batch` against the records as they are now. Records already gone (removed
/// on another device) are left out of both lists.
pub fn plan_undo(batch: &ImportBatch, network: &ReferralNetwork) -> UndoPlan {
    let mut used_partners: HashSet<PartnerId> = HashSet::new();
    let mut used_contacts: HashSet<ContactId> = HashSet::new();
    for r in network.referrals() {
        used_partners.insert(r.partner_id);
        used_contacts.extend(r.contact_id);
    }
    for t in network.touchpoints() {
        used_partners.insert(t.partner_id);
        used_contacts.extend(t.contact_id);
    }
    let mut plan = UndoPlan::default();
    for &id in &batch.contacts {
        let Some(contact) = network.contact(id) else { continue };
        if used_contacts.contains(&id) {
            plan.keep_contacts.push(id);
            // A kept contact still needs its partner.
            used_partners.insert(contact.partner_id);
        } else {
            plan.remove_contacts.push(id);
        }
    }
    for &id in &batch.partners {
        if network.partner(id).is_none() {
            continue;
        }
        // Contacts added by hand after the import still need their partner.
        let others = network
            .contacts_of(id)
            .iter()
            .any(|c| !batch.contacts.contains(&c.id) || plan.keep_contacts.contains(&c.id));
        if used_partners.contains(&id) || others {
            plan.keep_partners.push(id);
        } else {
            plan.remove_partners.push(id);
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::network::NetworkRecord;
    use crate::network::duplicates::DuplicateIndex;
    use crate::spreadsheet::{Choices, plan_import, read_table, suggest_columns};
    use crate::{Channel, ImportId, Purpose, Touchpoint, TouchpointId};

    fn now() -> DateTime<Utc> {
        "2026-12-01T15:00:00Z".parse().unwrap()
    }

    /// Step 1: an empty agency imports two partners with one contact each.
    fn imported() -> (ReferralNetwork, ImportBatch) {
        let csv = b"Organization,Contact name,Email\nMercy Hospital,Ana Diaz,ana@mercy.org\nOak Clinic,Ben Ode,ben@oak.org\n";
        let table = read_table(csv).unwrap();
        let mapping = suggest_columns(&table.headers);
        let mut network = ReferralNetwork::default();
        let plan =
            plan_import(&table, &mapping, &DuplicateIndex::new(&network), &Choices::new(), now());
        let batch = ImportBatch {
            id: ImportId::generate(now()),
            at: now(),
            by: "Maria Lopez".into(),
            file: "partners.csv".into(),
            partners: plan.new_partners.iter().map(|p| p.id).collect(),
            contacts: plan.new_contacts.iter().map(|c| c.id).collect(),
            undone: false,
        };
        plan.new_partners.into_iter().for_each(|p| p.upsert_into(&mut network));
        plan.new_contacts.into_iter().for_each(|c| c.upsert_into(&mut network));
        (network, batch)
    }

    fn touch(network: &mut ReferralNetwork, partner: PartnerId, contact: Option<ContactId>) {
        Touchpoint {
            id: TouchpointId::generate(now()),
            partner_id: partner,
            contact_id: contact,
            referral_id: None,
            at: now(),
            channel: Channel::Call,
            purpose: Purpose::CheckIn,
            note: String::new(),
            logged_by: "Ana".into(),
            device: "Tablet".into(),
        }
        .upsert_into(network);
    }

    #[test]
    fn an_unused_import_is_removed_whole() {
        let (network, batch) = imported();
        let plan = plan_undo(&batch, &network);
        assert_eq!(plan.remove_partners.len(), 2);
        assert_eq!(plan.remove_contacts.len(), 2);
        assert!(plan.keep_partners.is_empty() && plan.keep_contacts.is_empty());
        assert_eq!(plan.summary(), "Removed 2 partners and 2 contacts.");
    }

    #[test]
    fn a_contact_with_a_touchpoint_is_kept_with_its_partner() {
        let (mut network, batch) = imported();
        let ana = batch.contacts[0];
        let mercy = network.contact(ana).unwrap().partner_id;
        touch(&mut network, mercy, Some(ana));
        let plan = plan_undo(&batch, &network);
        assert_eq!(plan.keep_contacts, vec![ana]);
        assert_eq!(plan.keep_partners, vec![mercy]);
        assert_eq!(plan.remove_partners.len(), 1);
        assert_eq!(plan.remove_contacts.len(), 1);
        assert!(plan.summary().contains("Kept 1 partner and 1 contact"), "{}", plan.summary());
    }

    #[test]
    fn a_partner_with_a_contact_added_by_hand_since_is_kept() {
        let (mut network, batch) = imported();
        let oak = batch.partners[1];
        let mut added = network.contact(batch.contacts[1]).unwrap().clone();
        added.id = ContactId::generate(now());
        added.upsert_into(&mut network);
        let plan = plan_undo(&batch, &network);
        assert_eq!(plan.keep_partners, vec![oak]);
        assert_eq!(plan.remove_contacts.len(), 2, "the imported contacts still go");
    }

    #[test]
    fn records_already_gone_are_left_out() {
        let (_, batch) = imported();
        let plan = plan_undo(&batch, &ReferralNetwork::default());
        assert_eq!(plan, UndoPlan::default());
    }
}
