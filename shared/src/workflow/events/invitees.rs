//! Choosing whom to invite: by partner kind, partner tier, contact role, or by hand.

use crate::network::ReferralNetwork;
use crate::{ContactId, ContactRole, PartnerKind, PartnerTier};

/// What staff ticked on the invite screen. Empty criteria do not narrow; contacts chosen by
/// hand are added whatever the criteria say. With no criteria at all, only those by hand.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InviteeFilter {
    pub kinds: Vec<PartnerKind>,
    pub tiers: Vec<PartnerTier>,
    pub roles: Vec<ContactRole>,
    pub by_hand: Vec<ContactId>,
}

impl InviteeFilter {
    fn has_criteria(&self) -> bool {
        !(self.kinds.is_empty() && self.tiers.is_empty() && self.roles.is_empty())
    }
}

/// Active contacts at active partners that match every non-empty criterion, plus the ones
/// chosen by hand; sorted by name, each once.
pub fn select_invitees(network: &ReferralNetwork, filter: &InviteeFilter) -> Vec<ContactId> {
    let mut chosen: Vec<(String, ContactId)> = Vec::new();
    for partner in network.partners().filter(|p| !p.archived) {
        let partner_fits = filter.has_criteria()
            && (filter.kinds.is_empty() || filter.kinds.contains(&partner.kind))
            && (filter.tiers.is_empty() || filter.tiers.contains(&partner.tier));
        for c in network.contacts_of(partner.id).into_iter().filter(|c| !c.archived) {
            let fits = partner_fits && (filter.roles.is_empty() || filter.roles.contains(&c.role));
            if fits || filter.by_hand.contains(&c.id) {
                chosen.push((c.name.to_lowercase(), c.id));
            }
        }
    }
    chosen.sort();
    chosen.dedup_by_key(|(_, id)| *id);
    chosen.into_iter().map(|(_, id)| id).collect()
}
