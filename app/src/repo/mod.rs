//! The device's repository of documents: loads them from storage (newest first), saves each
//! edit durably before reporting success, keeps other open tabs up to date, and compacts.
//!
//! Every path that changes what a document holds ends in `emit`, which tells the UI which
//! document changed; the UI reads its records when it applies the change, so it never applies
//! a stale copy over a newer save.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use chrono::Utc;
use shared::doc::{DocError, DocKey, PendingChunk, RecordDoc, RecordProblem};
use shared::network::{DocRecords, NetworkRecord};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, MessageEvent};

mod remote;

use crate::perf::{mark, measure};
use crate::storage::{ChunkStore, StorageError};

/// Chunks a document may collect before it is compacted into one snapshot.
const COMPACT_AFTER: usize = 24;
const TAB_CHANNEL: &str = "rapport-documents";

/// Occurs when an edit cannot be saved on this device.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("{0}")]
    Storage(#[from] StorageError),
    #[error("{0}")]
    Doc(#[from] DocError),
}

/// Something the user should know about stored data.
#[derive(Debug, Clone, PartialEq)]
pub enum DataProblem {
    /// A stored chunk could not be read and was set aside (see Settings → Recovery).
    SetAside { doc: DocKey, message: String },
    /// Records present but unreadable, perhaps written by a newer version of Rapport.
    UnreadableRecords { doc: DocKey, problems: Vec<RecordProblem> },
    /// Storage itself failed.
    Storage(String),
}

type Hook = Rc<dyn Fn()>;

/// Told which document changed (if one did) and anything the user should know.
type Listener = Rc<dyn Fn(Option<DocKey>, Vec<DataProblem>)>;

#[derive(Clone)]
pub struct Repo {
    store: ChunkStore,
    state: Rc<RefCell<Docs>>,
    listener: Listener,
    tabs: Option<BroadcastChannel>,
    /// Set while this device is in a team: local changes are also queued for the relay.
    syncing: Rc<std::cell::Cell<bool>>,
    /// Called when changes were queued for the relay (here or in another tab).
    on_queued: Rc<RefCell<Option<Hook>>>,
}

#[derive(Default)]
struct Docs {
    loaded: HashMap<DocKey, RecordDoc>,
    /// Chunks merged into each loaded document.
    merged: HashMap<DocKey, HashSet<String>>,
    /// Documents in storage not loaded yet, newest period first.
    unloaded: Vec<DocKey>,
    compacting: HashSet<DocKey>,
    /// Loaded from several chunks; one snapshot would load several times faster next time.
    fragmented: HashSet<DocKey>,
}

fn new_chunk_id() -> String {
    let random = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
    format!("{:012x}-{random:08x}", Utc::now().timestamp_millis())
}

impl Repo {
    /// Opens storage and plans loading; `listener` receives every document's records.
    pub async fn open(
        listener: impl Fn(Option<DocKey>, Vec<DataProblem>) + 'static,
    ) -> Result<Self, StorageError> {
        let store = ChunkStore::open().await?;
        let mut keys: Vec<DocKey> =
            store.list().await?.into_iter().filter_map(|(doc, _)| doc.parse().ok()).collect();
        // Contacts first (every partner page needs them), then months newest first.
        keys.sort_by_key(|k| (k.period().is_some(), std::cmp::Reverse(k.period()), *k));
        keys.dedup();
        keys.retain(|k| *k != DocKey::Partners);
        let repo = Self {
            store,
            state: Rc::new(RefCell::new(Docs { unloaded: keys, ..Docs::default() })),
            listener: Rc::new(listener),
            tabs: BroadcastChannel::new(TAB_CHANNEL).ok(),
            syncing: Rc::default(),
            on_queued: Rc::default(),
        };
        repo.listen_to_other_tabs();
        Ok(repo)
    }

    /// Documents still waiting in storage.
    pub fn unloaded_count(&self) -> usize {
        self.state.borrow().unloaded.len()
    }

    /// Loads the next unloaded document (newest first); `false` when none are left.
    pub async fn load_next(&self) -> Result<bool, StorageError> {
        let next = self.state.borrow_mut().unloaded.first().copied();
        match next {
            Some(key) => self.ensure_loaded(key).await.map(|_| true),
            None => Ok(false),
        }
    }

    /// Loads `key` from storage unless it is already in memory.
    pub async fn ensure_loaded(&self, key: DocKey) -> Result<(), StorageError> {
        if self.state.borrow().loaded.contains_key(&key) {
            return Ok(());
        }
        mark("rapport-read-start");
        let chunks = self.store.read_doc(key).await?;
        if self.state.borrow().loaded.contains_key(&key) {
            return Ok(()); // loaded by another caller while we waited
        }
        measure("rapport-idb-read", "rapport-read-start");
        mark("rapport-load-start");
        let (doc, bad) =
            RecordDoc::load(key, chunks.iter().map(|(id, b)| (id.as_str(), b.as_slice())));
        measure("rapport-automerge-load", "rapport-load-start");
        let mut problems = Vec::new();
        for chunk in &bad {
            let bytes = chunks
                .iter()
                .find(|(id, _)| *id == chunk.chunk_id)
                .map(|(_, b)| b.as_slice())
                .unwrap_or(&[]);
            problems.push(self.set_aside(key, &chunk.chunk_id, bytes, &chunk.message).await);
        }
        let merged: HashSet<String> = chunks
            .into_iter()
            .map(|(id, _)| id)
            .filter(|id| !bad.iter().any(|b| &b.chunk_id == id))
            .collect();
        {
            let mut state = self.state.borrow_mut();
            state.unloaded.retain(|k| *k != key);
            if merged.len() > 1 {
                state.fragmented.insert(key);
            }
            state.merged.insert(key, merged);
            state.loaded.insert(key, doc);
        }
        self.emit(key, problems);
        Ok(())
    }

    /// Compacts every document that loaded from several chunks; run once loading is done so
    /// it never competes with opening.
    pub async fn compact_fragmented(&self) -> Result<(), StorageError> {
        let keys: Vec<DocKey> = self.state.borrow_mut().fragmented.drain().collect();
        for key in keys {
            self.compact(key).await?;
        }
        Ok(())
    }

    /// Tells the listener that `key` changed.
    fn emit(&self, key: DocKey, problems: Vec<DataProblem>) {
        (self.listener)(Some(key), problems);
    }

    /// The document's records as they are now, with any that cannot be read.
    pub fn records(&self, key: DocKey) -> Option<(DocRecords, Vec<RecordProblem>)> {
        self.state.borrow_mut().loaded.get_mut(&key).map(DocRecords::read)
    }

    /// Moves an unreadable chunk to quarantine, keeping its bytes for recovery.
    async fn set_aside(
        &self,
        key: DocKey,
        chunk: &str,
        bytes: &[u8],
        message: &str,
    ) -> DataProblem {
        match self.store.quarantine(key, chunk, bytes, message).await {
            Ok(()) => DataProblem::SetAside { doc: key, message: message.to_string() },
            Err(e) => DataProblem::Storage(e.to_string()),
        }
    }

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
    async fn write(
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
        if needs_compaction {
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
    pub async fn flush(&self) -> Result<(), SaveError> {
        let pending: Vec<_> = {
            let mut state = self.state.borrow_mut();
            state.loaded.iter_mut().filter_map(|(k, d)| d.pending().map(|p| (*k, p))).collect()
        };
        for (key, p) in pending {
            let chunk = new_chunk_id();
            self.write_local(key, &chunk, &p.bytes).await?;
            let mut state = self.state.borrow_mut();
            if let Some(doc) = state.loaded.get_mut(&key) {
                doc.mark_persisted(p.heads);
            }
            state.merged.entry(key).or_default().insert(chunk.clone());
            drop(state);
            self.tell_other_tabs(key, &chunk);
        }
        Ok(())
    }

    /// Replaces the chunks merged so far with one snapshot, in one transaction.
    async fn compact(&self, key: DocKey) -> Result<(), StorageError> {
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

    /// Writes a batch of records (a generated sample agency) as one snapshot of `key`.
    pub async fn import(
        &self,
        key: DocKey,
        fill: impl FnOnce(&mut RecordDoc) -> Result<(), DocError>,
    ) -> Result<(), SaveError> {
        let mut doc = RecordDoc::new(key);
        fill(&mut doc)?;
        let bytes = doc.snapshot().unwrap_or_default();
        let chunk = new_chunk_id();
        self.store.append(key, &chunk, &bytes).await?;
        let heads = doc.heads();
        doc.mark_persisted(heads);
        {
            let mut state = self.state.borrow_mut();
            state.unloaded.retain(|k| *k != key);
            state.merged.entry(key).or_default().insert(chunk.clone());
            match state.loaded.get_mut(&key) {
                Some(existing) => {
                    existing.apply(&bytes)?;
                }
                None => {
                    state.loaded.insert(key, doc);
                }
            }
        }
        self.tell_other_tabs(key, &chunk);
        self.emit(key, Vec::new());
        Ok(())
    }

    pub fn store(&self) -> &ChunkStore {
        &self.store
    }

    fn tell_other_tabs(&self, key: DocKey, chunk: &str) {
        if let Some(channel) = &self.tabs {
            let _ = channel.post_message(&format!("{key}\n{chunk}").into());
        }
    }

    fn listen_to_other_tabs(&self) {
        let Some(channel) = &self.tabs else { return };
        let repo = self.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let text = event.data().as_string().unwrap_or_default();
            let Some(key) = text.split('\n').next().and_then(|k| k.parse::<DocKey>().ok()) else {
                return;
            };
            let repo = repo.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = repo.catch_up(Some(key)).await {
                    (repo.listener)(None, vec![DataProblem::Storage(e.to_string())]);
                }
            });
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
    }

    /// Merges chunks other tabs wrote (to `only`, or to every document). Also run when the
    /// page becomes visible again, in case a message was missed while it was frozen.
    pub async fn catch_up(&self, only: Option<DocKey>) -> Result<(), StorageError> {
        let stored = self.store.list().await?;
        let mut fresh: HashMap<DocKey, Vec<String>> = HashMap::new();
        for (doc, chunk) in stored {
            let Ok(key) = doc.parse::<DocKey>() else { continue };
            if only.is_some_and(|o| o != key) {
                continue;
            }
            let state = self.state.borrow();
            let known = state.merged.get(&key).is_some_and(|m| m.contains(&chunk));
            if !known {
                fresh.entry(key).or_default().push(chunk);
            }
        }
        for (key, chunks) in fresh {
            let is_loaded = self.state.borrow().loaded.contains_key(&key);
            if !is_loaded {
                self.ensure_loaded(key).await?;
                continue;
            }
            let mut problems = Vec::new();
            for (chunk, bytes) in self.store.read_chunks(key, &chunks).await? {
                let applied = {
                    let mut state = self.state.borrow_mut();
                    let result = state.loaded.get_mut(&key).map(|d| d.apply(&bytes));
                    if matches!(result, Some(Ok(_))) {
                        state.merged.entry(key).or_default().insert(chunk.clone());
                    }
                    result
                };
                if let Some(Err(e)) = applied {
                    problems.push(self.set_aside(key, &chunk, &bytes, &e.to_string()).await);
                }
            }
            self.emit(key, problems);
        }
        // Another tab may have queued changes for the relay.
        self.queued();
        Ok(())
    }
}
