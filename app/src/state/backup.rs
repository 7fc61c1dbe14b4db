//! The agency's backup file: every stored chunk of every document, sealed with a passphrase
//! (`shared::backup`), and restoring one into an empty tablet with a check that what was
//! written back is what was saved.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use shared::backup::{Backup, SavedDocument, entry_name, split_entry_name};
use shared::doc::DocKey;
use shared::vault::KdfParams;

use super::{AppError, AppState};
use crate::clock::{today, yield_to_browser};
use crate::storage::{ChunkStore, DeviceSettings};

/// What a restore wrote back, for the screen to report.
#[derive(Debug, Clone, PartialEq)]
pub struct Restored {
    pub made_at: DateTime<Utc>,
    pub documents: usize,
}

/// Where a long backup step stands, for the screen's progress line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BackupStep {
    Reading { done: usize, total: usize },
    Sealing,
    Opening,
    Writing { done: usize, total: usize },
    Checking,
}

impl AppState {
    /// Seals every stored chunk with `passphrase`; returns the file and how many documents
    /// it holds, and remembers today as the last backup.
    pub async fn make_backup(
        self,
        passphrase: String,
        progress: impl Fn(BackupStep),
    ) -> Result<(Vec<u8>, usize), AppError> {
        let repo = self.repo().ok_or(AppError::Opening)?;
        // Chunks still being written would be missed: wait until every save is on disk.
        repo.flush().await?;
        let saved = read_everything(repo.store(), &progress).await?;
        let documents = saved.iter().filter_map(|d| split_entry_name(&d.name)).map(|(doc, _)| doc);
        let count = documents.collect::<BTreeSet<_>>().len();
        let backup = Backup { made_at: Utc::now(), documents: saved };
        progress(BackupStep::Sealing);
        yield_to_browser().await;
        let file = backup.seal(&passphrase, KdfParams::DEFAULT)?;
        self.settings.update(|s| s.last_backup = Some(today()));
        self.settings.with_untracked(DeviceSettings::save)?;
        Ok((file, count))
    }

    /// Restores `file` into this tablet, which must hold no data and be outside a team, then
    /// reads everything back and checks it against the backup.
    pub async fn restore_backup(
        self,
        file: Vec<u8>,
        passphrase: String,
        progress: impl Fn(BackupStep),
    ) -> Result<Restored, AppError> {
        let repo = self.repo().ok_or(AppError::Opening)?;
        if self.membership.with_untracked(Option::is_some) {
            return Err(AppError::RestoreInTeam);
        }
        let store = repo.store();
        // A new tablet may already hold the team policy (the relations document); the backup's
        // copy merges with it. Any record document means this is not an empty Rapport.
        let relations = DocKey::Relations.to_string();
        if store.list().await?.iter().any(|(doc, _)| *doc != relations) {
            return Err(AppError::RestoreOverData);
        }
        progress(BackupStep::Opening);
        yield_to_browser().await;
        let backup = Backup::open(&file, &passphrase)?;
        let mut entries = Vec::with_capacity(backup.documents.len());
        for saved in &backup.documents {
            let (doc, chunk) = split_entry_name(&saved.name)
                .ok_or_else(|| AppError::BackupEntry(saved.name.clone()))?;
            let key: DocKey = doc.parse().map_err(|_| AppError::BackupEntry(saved.name.clone()))?;
            entries.push((key, chunk, &saved.bytes));
        }
        let total = entries.len();
        for (done, (key, chunk, bytes)) in entries.into_iter().enumerate() {
            progress(BackupStep::Writing { done, total });
            store.append(key, chunk, bytes).await?;
        }
        progress(BackupStep::Checking);
        let restored = read_everything(store, &|_| ()).await?;
        backup.verify(&restored)?;
        let documents = restored
            .iter()
            .filter_map(|d| split_entry_name(&d.name))
            .map(|(doc, _)| doc)
            .collect::<BTreeSet<_>>()
            .len();
        Ok(Restored { made_at: backup.made_at, documents })
    }
}

/// Every chunk of every stored document, opened with the tablet's key.
async fn read_everything(
    store: &ChunkStore,
    progress: &impl Fn(BackupStep),
) -> Result<Vec<SavedDocument>, AppError> {
    let names: BTreeSet<String> = store.list().await?.into_iter().map(|(doc, _)| doc).collect();
    let total = names.len();
    let mut saved = Vec::new();
    for (done, name) in names.into_iter().enumerate() {
        progress(BackupStep::Reading { done, total });
        let Ok(key) = name.parse::<DocKey>() else { continue };
        let (chunks, _unreadable) = store.read_doc(key).await?;
        saved.extend(
            chunks
                .into_iter()
                .map(|(chunk, bytes)| SavedDocument { name: entry_name(&name, &chunk), bytes }),
        );
    }
    Ok(saved)
}
