//! Other open tabs of Rapport on this device: each tells the others which chunk it wrote, and
//! each merges what the others wrote, so every tab shows the same data without reloading.

use std::collections::HashMap;

use shared::doc::DocKey;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::MessageEvent;

use super::{DataProblem, Repo};
use crate::storage::StorageError;

impl Repo {
    pub(super) fn tell_other_tabs(&self, key: DocKey, chunk: &str) {
        if let Some(channel) = &self.tabs {
            let _ = channel.post_message(&format!("{key}\n{chunk}").into());
        }
    }

    pub(super) fn listen_to_other_tabs(&self) {
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
            let (opened, unopened) = self.store.read_chunks(key, &chunks).await?;
            for (chunk, stored, message) in &unopened {
                problems.push(self.set_aside(key, chunk, stored, message).await);
            }
            for (chunk, bytes) in opened {
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
