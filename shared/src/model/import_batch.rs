//! The record of one CSV import: who brought which partners and contacts in, so the whole
//! import can be undone later from any device of the team.

use autosurgeon::Reconcile;
use chrono::{DateTime, Utc};

use super::stored::{id_list, instant};
use crate::{ContactId, ImportId, PartnerId};

/// One import, stored with the relations so it syncs like the records it created.
#[derive(Debug, Clone, PartialEq, Reconcile)]
pub struct ImportBatch {
    pub id: ImportId,
    #[autosurgeon(reconcile = "instant")]
    pub at: DateTime<Utc>,
    /// Who imported, as records name the staff member who logged them.
    pub by: String,
    /// The name of the file imported, as the tablet showed it.
    pub file: String,
    #[autosurgeon(reconcile = "id_list")]
    pub partners: Vec<PartnerId>,
    #[autosurgeon(reconcile = "id_list")]
    pub contacts: Vec<ContactId>,
    /// Set once undone; the batch stays listed so the team sees what happened.
    pub undone: bool,
}
