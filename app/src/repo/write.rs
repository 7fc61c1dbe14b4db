//! Writing: every local change is stored durably (and queued for the relay when syncing)
//! before anyone is told it is saved; documents that collect many chunks are compacted.
//! Compaction (a whole-document save, compressed) runs after the first screen and rarely, so
//! its code is a chunk of its own (`compaction`).

use std::future::Future;
use std::pin::Pin;

use chrono::Utc;
use shared::doc::{DocError, DocKey, PendingChunk, RecordDoc};
use shared::network::NetworkRecord;
use wasm_split_helpers::SplitLoaderError;

use super::{Repo, SaveError, new_chunk_id};
use crate::storage::StorageError;

/// Chunks a document may collect before it is compacted into one snapshot.
const COMPACT_AFTER: usize = 24;

impl Repo {
    /// Saves one record; resolves only after the change is durably stored on this device.
    pub async fn save<R: NetworkRecord>(&self, record: &R) -> Result<(), SaveError> {
        self.write(record.doc_key(), |doc| doc.put(record, Utc::now())).await
    }

    /// Saves what a form changed from `base`, over whatever other tabs or devices changed in
    /// the meantime; returns the record as now stored.
    pub async fn save_edit<R: NetworkRecord>(&self, base: &R, edited: &R) -> Result<R, SaveError> {
        let mut saved = None;
        self.write(edited.doc_key(), |doc| {
            let (pending, record) = doc.put_edit(base, edited, Utc::now())?;
            saved = Some(record);
            Ok(pending)
        })
        .await?;
        Ok(saved.unwrap_or_else(|| edited.clone()))
    }

    /// Applies `change` to the loaded document and stores the resulting chunk.
    pub(super) async fn write(
        &self,
        key: DocKey,
        change: impl FnOnce(&mut RecordDoc) -> Result<PendingChunk, DocError>,
    ) -> Result<(), SaveError> {
        self.ensure_loaded(key).await?;
        let pending = {
            let mut state = self.state.borrow_mut();
            let doc = state.loaded.entry(key).or_insert_with(|| RecordDoc::new(key));
            change(doc)?
        };
        if self.commit_chunk(key, pending).await? {
            let repo = self.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = repo.compact(key).await {
                    web_sys::console::warn_1(&format!("compaction of {key} postponed: {e}").into());
                }
            });
        }
        Ok(())
    }

    /// Writes whatever a failed save left only in memory; called when the page is hidden.
    pub async fn flush(&self) -> Result<(), StorageError> {
        let pending: Vec<_> = {
            let mut state = self.state.borrow_mut();
            state.loaded.iter_mut().filter_map(|(k, d)| d.pending().map(|p| (*k, p))).collect()
        };
        for (key, p) in pending {
            self.commit_chunk(key, p).await?;
        }
        Ok(())
    }

    /// Stores a local change as a new chunk, marks it persisted and tells other tabs; true
    /// when the document now has enough chunks to be worth compacting.
    async fn commit_chunk(&self, key: DocKey, pending: PendingChunk) -> Result<bool, StorageError> {
        let chunk = new_chunk_id();
        self.write_local(key, &chunk, &pending.bytes).await?;
        let needs_compaction = {
            let mut state = self.state.borrow_mut();
            if let Some(doc) = state.loaded.get_mut(&key) {
                doc.mark_persisted(pending.heads);
            }
            let merged = state.merged.entry(key).or_default();
            merged.insert(chunk.clone());
            merged.len() > COMPACT_AFTER
        };
        self.tell_other_tabs(key, &chunk);
        Ok(needs_compaction)
    }

    /// Writes a local change durably (and into the outbox when syncing).
    async fn write_local(
        &self,
        key: DocKey,
        chunk: &str,
        bytes: &[u8],
    ) -> Result<(), StorageError> {
        if self.syncing.get() {
            self.store.append_and_queue(key, chunk, bytes).await?;
            self.queued();
            Ok(())
        } else {
            self.store.append(key, chunk, bytes).await
        }
    }

    /// Replaces the chunks merged so far with one snapshot, once the compaction chunk is here;
    /// until then the document stays in chunks, which loads just as well.
    pub(super) async fn compact(&self, key: DocKey) -> Result<(), StorageError> {
        match compaction(self.clone(), key).await {
            Ok(run) => run.await,
            Err(e) => Err(StorageError::Failed { action: "compacting", message: e.to_string() }),
        }
    }

    /// Replaces the chunks merged so far with one snapshot, in one transaction.
    async fn compact_now(&self, key: DocKey) -> Result<(), StorageError> {
        let (snapshot, included) = {
            let mut state = self.state.borrow_mut();
            if !state.compacting.insert(key) {
                return Ok(());
            }
            let included: Vec<String> =
                state.merged.get(&key).map(|m| m.iter().cloned().collect()).unwrap_or_default();
            (state.loaded.get_mut(&key).and_then(RecordDoc::snapshot), included)
        };
        let result = match snapshot {
            Some(bytes) => {
                let chunk = new_chunk_id();
                let written = self.store.replace(key, &chunk, &bytes, &included).await;
                if written.is_ok() {
                    let mut state = self.state.borrow_mut();
                    let merged = state.merged.entry(key).or_default();
                    merged.retain(|c| !included.contains(c));
                    merged.insert(chunk.clone());
                }
                written
            }
            None => Ok(()),
        };
        self.state.borrow_mut().compacting.remove(&key);
        result
    }

    /// Writes many records into the loaded `key` as one stored change (a chunk of an import):
    /// only the new changes are stored, not a snapshot merged back in.
    pub async fn put_all<R: shared::doc::Record>(
        &self,
        key: DocKey,
        records: &[R],
    ) -> Result<(), SaveError> {
        let now = Utc::now();
        self.write(key, |doc| {
            doc.put_all(records, now)?;
            Ok(doc.pending().unwrap_or(PendingChunk { bytes: Vec::new(), heads: doc.heads() }))
        })
        .await?;
        self.emit(key, Vec::new());
        Ok(())
    }

    /// Deletes records of type `R` from `key` as one stored change (undoing an import).
    pub async fn remove<R: shared::doc::Record>(
        &self,
        key: DocKey,
        ids: Vec<String>,
    ) -> Result<(), SaveError> {
        self.write(key, |doc| doc.remove_all::<R>(ids, Utc::now())).await?;
        self.emit(key, Vec::new());
        Ok(())
    }

    /// Writes a batch of records (the generated sample agency) as one snapshot of `key`;
    /// queued for the team like any local change. The caller gives the network the same
    /// records itself: reading each fresh document back took a quarter of the sample loader's
    /// time. A document that already held records is announced, so the network reads it all.
    pub async fn import(
        &self,
        key: DocKey,
        fill: impl FnOnce(&mut RecordDoc) -> Result<(), DocError>,
    ) -> Result<(), SaveError> {
        let mut doc = RecordDoc::new(key);
        fill(&mut doc)?;
        let bytes = doc.snapshot().unwrap_or_default();
        let chunk = new_chunk_id();
        self.write_local(key, &chunk, &bytes).await?;
        let heads = doc.heads();
        doc.mark_persisted(heads);
        let merged_into_stored = {
            let mut state = self.state.borrow_mut();
            state.unloaded.retain(|k| *k != key);
            state.merged.entry(key).or_default().insert(chunk.clone());
            match state.loaded.get_mut(&key) {
                Some(existing) => {
                    existing.apply(&bytes)?;
                    true
                }
                None => {
                    state.loaded.insert(key, doc);
                    false
                }
            }
        };
        self.tell_other_tabs(key, &chunk);
        if merged_into_stored {
            self.emit(key, Vec::new());
        }
        Ok(())
    }
}

/// Occurs when the compaction chunk could not be downloaded yet (before installation, offline).
#[derive(Debug, thiserror::Error)]
#[error("its code could not be downloaded yet")]
struct CompactionCodeMissing;

impl From<SplitLoaderError> for CompactionCodeMissing {
    fn from(_: SplitLoaderError) -> Self {
        CompactionCodeMissing
    }
}

/// A compaction under way.
type Compacting = Pin<Box<dyn Future<Output = Result<(), StorageError>>>>;

split_fn! {
    compaction,
    /// A document's compaction, in the `compaction` chunk.
    fn compaction(repo: Repo, key: DocKey) -> Result<Compacting, CompactionCodeMissing> {
        Ok(Box::pin(async move { repo.compact_now(key).await }))
    }
}
