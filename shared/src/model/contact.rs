//! Contacts: the people at a partner who actually send referrals.

use autosurgeon::Reconcile;

use super::codes::code_enum;
use crate::{ContactId, PartnerId};

code_enum!(
    /// The contact's job, which shapes what they need from us.
    ContactRole {
        Physician => ("physician", "Physician"),
        DischargePlanner => ("discharge-planner", "Discharge planner"),
        SocialWorker => ("social-worker", "Social worker"),
        CaseManager => ("case-manager", "Case manager"),
        Nurse => ("nurse", "Nurse"),
        Other => ("other", "Other"),
    }
);

code_enum!(
    /// How the contact prefers to hear from us.
    PreferredChannel {
        Phone => ("phone", "Phone call"),
        Email => ("email", "Email"),
        Text => ("text", "Text message"),
        InPerson => ("in-person", "In person"),
    }
);

#[derive(Debug, Clone, PartialEq, Reconcile)]
pub struct Contact {
    pub id: ContactId,
    pub partner_id: PartnerId,
    pub name: String,
    pub role: ContactRole,
    pub email: String,
    pub phone: String,
    pub preferred_channel: PreferredChannel,
    pub archived: bool,
}
