//! Fields two devices changed to different values while apart: reading them for the record
//! pages, and storing the person's choice like any other edit (durably, then queued for the
//! relay), so the conflict is settled on every device once it syncs.

use chrono::Utc;
use shared::doc::{DocKey, FieldConflict, Resolution};

use super::{Repo, SaveError};

impl Repo {
    /// The conflicting fields of the record at `prop`, as the document holds them now (none
    /// while the document is not loaded yet).
    pub fn conflicts(&self, key: DocKey, prop: &str) -> Vec<FieldConflict> {
        self.state.borrow().loaded.get(&key).map(|doc| doc.conflicts(prop)).unwrap_or_default()
    }

    /// Writes the chosen value over every concurrent one; resolves once it is stored, and
    /// tells the UI so the record shows the settled value.
    pub async fn resolve(
        &self,
        key: DocKey,
        prop: &str,
        field: &str,
        resolution: Resolution,
    ) -> Result<(), SaveError> {
        self.write(key, |doc| doc.resolve(prop, field, resolution, Utc::now())).await?;
        self.emit(key, Vec::new());
        Ok(())
    }
}
