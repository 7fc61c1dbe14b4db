//! The repository's side of sync: queueing local changes for the relay, storing changes that
//! arrive from teammates, and whole documents for snapshots and for joining a team.

use shared::doc::{DocKey, RecordDoc};

use super::{DataProblem, Repo, SaveError, new_chunk_id};
use crate::storage::StorageError;

impl Repo {
    /// Turns queueing for the relay on (in a team) or off.
    pub fn set_syncing(&self, on: bool) {
        self.syncing.set(on);
    }

    /// Registers what to call when changes were queued for the relay.
    pub fn on_queued(&self, hook: impl Fn() + 'static) {
        *self.on_queued.borrow_mut() = Some(std::rc::Rc::new(hook));
    }

    pub(super) fn queued(&self) {
        let hook = self.on_queued.borrow().clone();
        if let Some(hook) = hook {
            hook();
        }
    }

    /// Merges a teammate's change and stores it with the new sync cursors, atomically.
    pub async fn apply_remote(
        &self,
        key: DocKey,
        bytes: &[u8],
        cursors: &str,
    ) -> Result<(), SaveError> {
        self.ensure_loaded(key).await?;
        {
            let mut state = self.state.borrow_mut();
            let doc = state.loaded.entry(key).or_insert_with(|| RecordDoc::new(key));
            doc.apply(bytes)?;
        }
        let chunk = new_chunk_id();
        self.store.store_remote(key, &chunk, bytes, cursors).await?;
        self.state.borrow_mut().merged.entry(key).or_default().insert(chunk.clone());
        self.tell_other_tabs(key, &chunk);
        self.emit(key, Vec::new());
        Ok(())
    }

    /// Records sync cursors alone (for a change that could not be opened, or our own).
    pub async fn store_cursors(&self, cursors: &str) -> Result<(), StorageError> {
        self.store.store_cursors(cursors).await
    }

    /// Tells the user about a problem sync met with stored data.
    pub fn report(&self, problem: DataProblem) {
        (self.listener)(None, vec![problem]);
    }

    /// The whole document, for a snapshot upload.
    pub async fn whole(&self, key: DocKey) -> Result<Option<Vec<u8>>, StorageError> {
        self.ensure_loaded(key).await?;
        Ok(self.state.borrow_mut().loaded.get_mut(&key).and_then(RecordDoc::snapshot))
    }

    /// Every document on this device, whole: what a device brings when it joins a team.
    pub async fn everything(&self) -> Result<Vec<(DocKey, Vec<u8>)>, StorageError> {
        while self.load_next().await? {}
        let mut state = self.state.borrow_mut();
        Ok(state
            .loaded
            .iter_mut()
            .filter_map(|(k, d)| d.snapshot().filter(|_| !d.is_empty()).map(|b| (*k, b)))
            .collect())
    }
}
