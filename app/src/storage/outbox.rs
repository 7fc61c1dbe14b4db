//! Sync's share of storage: the outbox of local changes waiting for the relay, remote changes
//! stored together with the cursor that says they arrived, and the team credentials.

use js_sys::Array;
use wasm_bindgen::JsValue;

use super::chunks::ChunkStore;
use super::idb::{StorageError, Tx};
use super::pack::{pack, unpack};
use super::schema::{CHUNKS, META, OUTBOX, chunk_key};
use super::sealed::{self, chunk_row};
use shared::doc::DocKey;

const CURSORS: &str = "sync-cursors";

/// An outbox record: `doc` and the change's bytes, sealed together (`sealed::seal_entry`).
fn entry(doc: &str, bytes: &[u8]) -> Result<JsValue, StorageError> {
    sealed::seal_entry(OUTBOX, &pack(&[doc.as_bytes(), bytes]))
}

/// A local change waiting for the relay.
#[derive(Debug, Clone)]
pub struct Queued {
    pub key: u64,
    pub doc: DocKey,
    pub bytes: Vec<u8>,
}

impl ChunkStore {
    /// Adds a local change and, in the same transaction, queues it for the relay, so a change
    /// can never be saved yet forgotten by sync.
    pub async fn append_and_queue(
        &self,
        doc: DocKey,
        chunk: &str,
        bytes: &[u8],
    ) -> Result<(), StorageError> {
        let name = doc.to_string();
        let (value, queued) =
            (sealed::seal(CHUNKS, &chunk_row(&name, chunk), bytes)?, entry(&name, bytes)?);
        let tx = Tx::write(&self.db, &[CHUNKS, OUTBOX], "saving")?;
        tx.store(CHUNKS)?.put(&value, &chunk_key(&name, chunk))?;
        tx.store(OUTBOX)?.add(&queued)?;
        tx.commit().await
    }

    /// Every queued change, oldest first.
    pub async fn outbox(&self) -> Result<Vec<Queued>, StorageError> {
        let tx = Tx::read(&self.db, &[OUTBOX], "reading the outbox")?;
        let store = tx.store(OUTBOX)?;
        let (keys, values) = (store.keys(None)?, store.values(None)?);
        let keys: Array = keys.value().await?.into();
        let values: Array = values.value().await?.into();
        let mut queued = Vec::new();
        for (k, v) in keys.iter().zip(values.iter()) {
            let plain = sealed::open_entry(OUTBOX, &v)?;
            let fields = unpack(&plain);
            let Some(&[doc, bytes]) = fields.as_deref() else { continue };
            let (Some(key), Ok(Ok(doc))) = (k.as_f64(), std::str::from_utf8(doc).map(str::parse))
            else {
                continue;
            };
            queued.push(Queued { key: key as u64, doc, bytes: bytes.to_vec() });
        }
        Ok(queued)
    }

    /// Queues whole documents (when this device joins or creates a team).
    pub async fn queue_all(&self, docs: &[(DocKey, Vec<u8>)]) -> Result<(), StorageError> {
        let entries: Vec<JsValue> = docs
            .iter()
            .map(|(doc, bytes)| entry(&doc.to_string(), bytes))
            .collect::<Result<_, _>>()?;
        let tx = Tx::write(&self.db, &[OUTBOX], "queueing this tablet's data for the team")?;
        let store = tx.store(OUTBOX)?;
        for record in &entries {
            store.add(record)?;
        }
        tx.commit().await
    }

    /// Removes changes the relay acknowledged.
    pub async fn unqueue(&self, keys: &[u64]) -> Result<(), StorageError> {
        let tx = Tx::write(&self.db, &[OUTBOX], "clearing sent changes")?;
        let store = tx.store(OUTBOX)?;
        for k in keys {
            store.delete(&JsValue::from_f64(*k as f64))?;
        }
        tx.commit().await
    }

    /// Stores a change from the relay and the cursors that include it, in one transaction.
    pub async fn store_remote(
        &self,
        doc: DocKey,
        chunk: &str,
        bytes: &[u8],
        cursors: &str,
    ) -> Result<(), StorageError> {
        let doc = doc.to_string();
        let value = sealed::seal(CHUNKS, &chunk_row(&doc, chunk), bytes)?;
        let cursors = sealed::seal(META, CURSORS, cursors.as_bytes())?;
        let tx = Tx::write(&self.db, &[CHUNKS, META], "saving a change from the team")?;
        tx.store(CHUNKS)?.put(&value, &chunk_key(&doc, chunk))?;
        tx.store(META)?.put(&cursors, &CURSORS.into())?;
        tx.commit().await
    }

    /// Stores the sync cursors alone: for a change that could not be opened, or our own.
    pub async fn store_cursors(&self, cursors: &str) -> Result<(), StorageError> {
        let cursors = sealed::seal(META, CURSORS, cursors.as_bytes())?;
        let tx = Tx::write(&self.db, &[META], "saving a change from the team")?;
        tx.store(META)?.put(&cursors, &CURSORS.into())?;
        tx.commit().await
    }

    pub async fn cursors(&self) -> Result<String, StorageError> {
        Ok(self.read_meta(CURSORS).await?.unwrap_or_default())
    }
}
