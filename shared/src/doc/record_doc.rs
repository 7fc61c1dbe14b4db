//! One Automerge document of records, and the bytes that must be stored to keep it.
//!
//! Storage keeps a document as a set of *chunks* (a full save or a run of changes). Loading
//! merges every readable chunk; an unreadable one is reported, never dropped, so the caller
//! can quarantine it and show the user. Local edits produce a [`PendingChunk`] holding just the
//! new changes; the caller writes it durably and only then calls [`RecordDoc::mark_persisted`].

use std::collections::BTreeMap;

use automerge::transaction::CommitOptions;
use automerge::transaction::Transactable;
use automerge::{AutoCommit, AutomergeError, ChangeHash, ROOT, ReadDoc};
use autosurgeon::reconcile_prop;
use chrono::{DateTime, Utc};

use self::batch::NewRecords;
use super::conflicts::{FieldConflict, Resolution, field_conflicts};
use super::unchosen::LeaveUnchosen;
use super::{Contents, DocKey, Record};

/// Occurs when a document cannot take an edit or a chunk.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    /// Occurs when a record cannot be written into the document (a bug, or a document whose
    /// record has an unexpected shape from a newer version).
    #[error("could not write {prop} into {doc}: {source}")]
    Write { doc: DocKey, prop: String, source: Box<autosurgeon::ReconcileError> },
    /// Occurs when bytes from storage or another device are not valid Automerge data.
    #[error("could not read changes for {doc}: {source}")]
    Read { doc: DocKey, source: Box<automerge::AutomergeError> },
    /// Occurs when a chosen value cannot be written over a conflict, e.g. the record is gone.
    #[error("could not settle {field} of {prop} in {doc}: {source}")]
    Resolve { doc: DocKey, prop: String, field: String, source: Box<automerge::AutomergeError> },
    /// Occurs when a record cannot be deleted (a bug: deleting a missing key is allowed).
    #[error("could not remove {prop} from {doc}: {source}")]
    Remove { doc: DocKey, prop: String, source: Box<automerge::AutomergeError> },
}

/// A stored chunk that could not be read; the caller quarantines it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkProblem {
    pub chunk_id: String,
    pub message: String,
}

/// A record that is present but could not be understood (damaged, or from a newer version).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordProblem {
    pub prop: String,
    pub message: String,
}

/// Changes not yet written to storage, and the heads they bring storage up to.
#[derive(Debug, Clone)]
pub struct PendingChunk {
    pub bytes: Vec<u8>,
    pub heads: Vec<ChangeHash>,
}

pub struct RecordDoc {
    key: DocKey,
    doc: AutoCommit,
    /// Heads that storage is known to hold; everything after them is pending.
    persisted: Vec<ChangeHash>,
}

impl RecordDoc {
    pub fn new(key: DocKey) -> Self {
        Self { key, doc: AutoCommit::new(), persisted: Vec::new() }
    }

    /// Merges every readable chunk; unreadable ones are returned with the reason.
    pub fn load<'a>(
        key: DocKey,
        chunks: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    ) -> (Self, Vec<ChunkProblem>) {
        let mut this = Self::new(key);
        let mut problems = Vec::new();
        for (chunk_id, bytes) in chunks {
            if let Err(e) = this.read_chunk(bytes) {
                problems
                    .push(ChunkProblem { chunk_id: chunk_id.to_string(), message: e.to_string() });
            }
        }
        this.persisted = this.doc.get_heads();
        (this, problems)
    }

    /// Reads a chunk into a scratch document first, so a damaged chunk changes nothing.
    ///
    /// A run of changes that builds on other chunks fails the strict load with `MissingDeps`
    /// only after every byte parsed and checksummed, so it is then safe to merge directly
    /// (`load_incremental` alone would silently accept a truncated tail).
    fn read_chunk(&mut self, bytes: &[u8]) -> Result<(), AutomergeError> {
        match AutoCommit::load(bytes) {
            Ok(loaded) if self.doc.is_empty() => {
                let actor = self.doc.get_actor().clone();
                self.doc = loaded.with_actor(actor);
                Ok(())
            }
            Ok(mut loaded) => self.doc.merge(&mut loaded).map(drop),
            Err(AutomergeError::MissingDeps) => self.doc.load_incremental(bytes).map(drop),
            Err(e) => Err(e),
        }
    }

    pub fn key(&self) -> DocKey {
        self.key
    }

    /// Holds no changes at all.
    pub fn is_empty(&self) -> bool {
        self.doc.is_empty()
    }

    /// Merges a chunk another tab or device wrote. Returns whether anything new arrived.
    pub fn apply(&mut self, bytes: &[u8]) -> Result<bool, DocError> {
        let before = self.doc.get_heads();
        let nothing_pending = before == self.persisted;
        self.read_chunk(bytes)
            .map_err(|e| DocError::Read { doc: self.key, source: Box::new(e) })?;
        let after = self.doc.get_heads();
        if nothing_pending {
            // The chunk came from storage (or will be stored by whoever sent it).
            self.persisted = after.clone();
        }
        Ok(before != after)
    }

    /// Writes `record` (only its changed fields) and commits; returns the bytes to store.
    pub fn put<R: Record>(
        &mut self,
        record: &R,
        now: DateTime<Utc>,
    ) -> Result<PendingChunk, DocError> {
        let prop = record.prop();
        let conflicts = field_conflicts(&self.doc, &prop);
        let written = match self.doc.get(ROOT, prop.as_str()) {
            // A field in conflict keeps both versions unless this write changes it.
            Ok(Some((_, id))) if !conflicts.is_empty() => {
                let mut doc = LeaveUnchosen::new(&mut self.doc, id, &conflicts);
                reconcile_prop(&mut doc, ROOT, prop.as_str(), record)
            }
            _ => reconcile_prop(&mut self.doc, ROOT, prop.as_str(), record),
        };
        written.map_err(|e| DocError::Write { doc: self.key, prop, source: Box::new(e) })?;
        self.doc.commit_with(CommitOptions::default().with_time(now.timestamp()));
        Ok(self
            .pending()
            .unwrap_or(PendingChunk { bytes: Vec::new(), heads: self.doc.get_heads() }))
    }

    /// Writes the changes a form made to `base` onto the record as it is stored now, keeping
    /// whatever another tab or device changed meanwhile; returns the record as saved.
    pub fn put_edit<R: Record>(
        &mut self,
        base: &R,
        edited: &R,
        now: DateTime<Utc>,
    ) -> Result<(PendingChunk, R), DocError> {
        let prop = edited.prop();
        let current = super::merge::stored_value(&self.doc, &prop);
        let record = super::merge::merge_edit(base, edited, current.as_ref())
            .map_err(|e| DocError::Write { doc: self.key, prop, source: Box::new(e) })?;
        let pending = self.put(&record, now)?;
        Ok((pending, record))
    }

    /// Writes many records as one change (sample data, imports). Records the document does
    /// not hold yet are written in one batch; stored ones are reconciled field by field, so a
    /// concurrent edit from another device is merged exactly as `put` would.
    pub fn put_all<'r, R: Record + 'r>(
        &mut self,
        records: impl IntoIterator<Item = &'r R>,
        now: DateTime<Utc>,
    ) -> Result<(), DocError> {
        let mut new = BTreeMap::new();
        let mut stored = Vec::new();
        for record in records {
            let prop = record.prop();
            match self.doc.get(ROOT, prop.as_str()) {
                Ok(None) => {
                    new.insert(prop, record);
                }
                _ => stored.push((prop, record)),
            }
        }
        if !new.is_empty() {
            let prop = format!("{} new {} records", new.len(), R::PREFIX);
            autosurgeon::reconcile(&mut self.doc, NewRecords(new))
                .map_err(|e| DocError::Write { doc: self.key, prop, source: Box::new(e) })?;
        }
        for (prop, record) in stored {
            reconcile_prop(&mut self.doc, ROOT, prop.as_str(), record)
                .map_err(|e| DocError::Write { doc: self.key, prop, source: Box::new(e) })?;
        }
        self.doc.commit_with(CommitOptions::default().with_time(now.timestamp()));
        Ok(())
    }

    /// Deletes the records named by `ids` (of type `R`) as one change (undoing an import);
    /// returns the bytes to store. Records already gone are skipped.
    pub fn remove_all<R: Record>(
        &mut self,
        ids: impl IntoIterator<Item = String>,
        now: DateTime<Utc>,
    ) -> Result<PendingChunk, DocError> {
        for id in ids {
            let prop = format!("{}/{id}", R::PREFIX);
            if matches!(self.doc.get(ROOT, prop.as_str()), Ok(None)) {
                continue;
            }
            self.doc.delete(ROOT, prop.as_str()).map_err(|e| DocError::Remove {
                doc: self.key,
                prop,
                source: Box::new(e),
            })?;
        }
        self.doc.commit_with(CommitOptions::default().with_time(now.timestamp()));
        Ok(self
            .pending()
            .unwrap_or(PendingChunk { bytes: Vec::new(), heads: self.doc.get_heads() }))
    }

    /// Fields of the record at `prop` that two devices changed to different values.
    pub fn conflicts(&self, prop: &str) -> Vec<FieldConflict> {
        field_conflicts(&self.doc, prop)
    }

    /// Writes the person's choice over every concurrent value of `field`; returns the bytes
    /// to store. The write supersedes all of them, so each device sees the conflict settled.
    pub fn resolve(
        &mut self,
        prop: &str,
        field: &str,
        resolution: Resolution,
        now: DateTime<Utc>,
    ) -> Result<PendingChunk, DocError> {
        let doc = self.key;
        let error = move |source| DocError::Resolve {
            doc,
            prop: prop.to_string(),
            field: field.to_string(),
            source: Box::new(source),
        };
        let record = match self.doc.get(ROOT, prop).map_err(error)? {
            Some((automerge::Value::Object(automerge::ObjType::Map), id)) => id,
            _ => return Err(error(AutomergeError::InvalidObjId(prop.to_string()))),
        };
        self.doc.put(&record, field, resolution.into_scalar()).map_err(error)?;
        self.doc.commit_with(CommitOptions::default().with_time(now.timestamp()));
        Ok(self
            .pending()
            .unwrap_or(PendingChunk { bytes: Vec::new(), heads: self.doc.get_heads() }))
    }

    /// Changes made here that storage does not hold yet.
    pub fn pending(&mut self) -> Option<PendingChunk> {
        let heads = self.doc.get_heads();
        if heads == self.persisted {
            return None;
        }
        Some(PendingChunk { bytes: self.doc.save_after(&self.persisted), heads })
    }

    /// Records that storage now durably holds everything up to `heads`.
    pub fn mark_persisted(&mut self, heads: Vec<ChangeHash>) {
        self.persisted = heads;
    }

    /// The whole document as one chunk, to replace the chunks it was built from. `None` while
    /// some change waits for a dependency it has not seen: saving then would drop that change.
    pub fn snapshot(&mut self) -> Option<Vec<u8>> {
        let heads = self.doc.get_heads();
        self.doc.get_missing_deps(&heads).is_empty().then(|| self.doc.save())
    }

    pub fn heads(&mut self) -> Vec<ChangeHash> {
        self.doc.get_heads()
    }

    /// The document's current contents, hydrated in one pass for reading.
    pub fn contents(&mut self) -> Contents {
        Contents(self.doc.document().hydrate(None))
    }
}

pub(super) mod batch;
#[cfg(test)]
mod tests;
