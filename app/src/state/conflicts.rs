//! The record pages' view of fields edited on two tablets: read again whenever records change
//! (a save here, a teammate's change, another tab), and settled like any other save.

use leptos::prelude::*;
use shared::doc::{DocKey, FieldConflict, Resolution};

use super::{AppError, AppState};

impl AppState {
    /// The conflicting fields of the record at `prop`. Reactive: it is read again every time
    /// `network` changes, which is every time any document does, so a notice appears when a
    /// teammate's change arrives and goes when the conflict is settled anywhere.
    pub fn conflicts(&self, key: DocKey, prop: &str) -> Vec<FieldConflict> {
        self.network.track();
        self.repo().map(|repo| repo.conflicts(key, prop)).unwrap_or_default()
    }

    /// Stores the person's choice for `field`, durably and queued for the team.
    pub async fn resolve(
        self,
        key: DocKey,
        prop: String,
        field: String,
        resolution: Resolution,
    ) -> Result<(), AppError> {
        let repo = self.start_saving()?;
        self.settle_save(repo.resolve(key, &prop, &field, resolution).await)
    }
}
