//! Writing an import plan in chunks the user can cancel between, recorded as one batch that
//! the import history can undo; and the undo itself.

use chrono::Utc;
use leptos::prelude::*;
use shared::doc::DocKey;
use shared::spreadsheet::plan_undo;
use shared::{Contact, ImportBatch, ImportId, Partner};

use super::{AppError, AppState};
use crate::clock::yield_to_browser;
use crate::perf::{mark, measure};

/// Records written per stored chunk: big enough to be fast, small enough to show progress
/// and to stop soon after Cancel.
const CHUNK: usize = 1000;

/// One import under way: what to write, and the flag its Cancel button sets.
pub struct ImportRun {
    pub file: String,
    pub partners: Vec<Partner>,
    pub contacts: Vec<Contact>,
    /// True once staff pressed Cancel; checked between chunks.
    pub cancelled: Box<dyn Fn() -> bool>,
}

impl AppState {
    /// Writes the run's partners then contacts, reporting `(written, total)` records. The
    /// batch is stored first (naming everything planned) so even an interrupted import can be
    /// undone; a cancelled run keeps what it wrote as a smaller batch. Returns the batch.
    pub async fn import_records(
        self,
        run: ImportRun,
        progress: impl Fn(usize, usize),
    ) -> Result<ImportBatch, AppError> {
        mark("rapport-import-start");
        let repo = self.repo().ok_or(AppError::Opening)?;
        let now = Utc::now();
        let mut batch = ImportBatch {
            id: ImportId::generate(now),
            at: now,
            by: self.settings.with_untracked(|s| s.logged_by()),
            file: run.file,
            partners: run.partners.iter().map(|p| p.id).collect(),
            contacts: run.contacts.iter().map(|c| c.id).collect(),
            undone: false,
        };
        self.save(batch.clone()).await?;
        let total = run.partners.len() + run.contacts.len();
        let mut written = 0;
        progress(0, total);
        let fail = AppError::ImportNotSaved;
        for chunk in run.partners.chunks(CHUNK) {
            if (run.cancelled)() {
                break;
            }
            repo.put_all(DocKey::Partners, chunk).await.map_err(fail)?;
            written += chunk.len();
            progress(written, total);
            yield_to_browser().await;
        }
        let partners_written = written;
        for chunk in run.contacts.chunks(CHUNK) {
            if (run.cancelled)() {
                break;
            }
            repo.put_all(DocKey::Contacts, chunk).await.map_err(fail)?;
            written += chunk.len();
            progress(written, total);
            yield_to_browser().await;
        }
        if written < total {
            batch.partners.truncate(partners_written);
            batch.contacts.truncate(written - partners_written);
            self.save(batch.clone()).await?;
        }
        self.apply_incoming();
        measure("rapport-import", "rapport-import-start");
        Ok(batch)
    }

    /// Removes what `batch` created, keeping records used since; says what was done.
    pub async fn undo_import(self, batch: ImportBatch) -> Result<String, AppError> {
        let repo = self.repo().ok_or(AppError::Opening)?;
        let plan = self.network.with_untracked(|n| plan_undo(&batch, n));
        let fail = AppError::UndoNotSaved;
        repo.remove::<Contact>(DocKey::Contacts, ids(&plan.remove_contacts)).await.map_err(fail)?;
        repo.remove::<Partner>(DocKey::Partners, ids(&plan.remove_partners)).await.map_err(fail)?;
        self.apply_incoming();
        self.save(ImportBatch { undone: true, ..batch }).await?;
        Ok(plan.summary())
    }
}

fn ids<T: ToString>(v: &[T]) -> Vec<String> {
    v.iter().map(ToString::to_string).collect()
}
