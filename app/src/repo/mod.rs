//! The device's repository of documents: loads them from storage (newest first), saves each
//! edit durably before reporting success, keeps other open tabs up to date, and compacts.
//!
//! Every path that changes what a document holds ends in `emit`, which tells the UI which
//! document changed; the UI reads its records when it applies the change, so it never applies
//! a stale copy over a newer save.
//!
//! Loading is here; writing and compaction in `write`, other tabs in `tabs`, sync's side in
//! `remote`.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use chrono::Utc;
use shared::doc::{DocError, DocKey, RecordDoc, RecordProblem};
use shared::network::DocRecords;
use web_sys::BroadcastChannel;

mod conflicts;
mod remote;
mod tabs;
mod write;

use crate::perf::{mark, measure};
use crate::storage::{ChunkStore, StorageError};

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
    /// A stored chunk could not be read and was set aside (see Settings → Data → Recovery).
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
        let (chunks, unopened) = self.store.read_doc(key).await?;
        if self.state.borrow().loaded.contains_key(&key) {
            return Ok(()); // loaded by another caller while we waited
        }
        measure("rapport-idb-read", "rapport-read-start");
        mark("rapport-load-start");
        let (doc, bad) =
            RecordDoc::load(key, chunks.iter().map(|(id, b)| (id.as_str(), b.as_slice())));
        measure("rapport-automerge-load", "rapport-load-start");
        let mut problems = Vec::new();
        // Rows that do not open with the tablet's key are set aside like unreadable ones.
        for (chunk, stored, message) in &unopened {
            problems.push(self.set_aside(key, chunk, stored, message).await);
        }
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

    pub fn store(&self) -> &ChunkStore {
        &self.store
    }
}
