//! Sync's share of storage: the outbox of local changes waiting for the relay, remote changes
//! stored together with the cursor that says they arrived, and the team credentials.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use super::chunks::ChunkStore;
use super::idb::{StorageError, Tx};
use super::schema::{CHUNKS, META, OUTBOX, chunk_key};
use shared::doc::DocKey;

const CURSORS: &str = "sync-cursors";

/// An outbox record: `{doc, bytes}`.
fn entry(doc: &str, bytes: &[u8]) -> Result<JsValue, StorageError> {
    let record = Object::new();
    Reflect::set(&record, &"doc".into(), &doc.into())
        .and_then(|_| Reflect::set(&record, &"bytes".into(), &Uint8Array::from(bytes).into()))
        .map_err(|e| StorageError::from_js("queueing a change", e))?;
    Ok(record.into())
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
        let tx = Tx::write(&self.db, &[CHUNKS, OUTBOX], "saving")?;
        tx.store(CHUNKS)?.put(&Uint8Array::from(bytes), &chunk_key(&name, chunk))?;
        tx.store(OUTBOX)?.add(&entry(&name, bytes)?)?;
        tx.commit().await
    }

    /// Every queued change, oldest first.
    pub async fn outbox(&self) -> Result<Vec<Queued>, StorageError> {
        let tx = Tx::read(&self.db, &[OUTBOX], "reading the outbox")?;
        let store = tx.store(OUTBOX)?;
        let (keys, values) = (store.keys(None)?, store.values(None)?);
        let keys: Array = keys.value().await?.into();
        let values: Array = values.value().await?.into();
        Ok(keys
            .iter()
            .zip(values.iter())
            .filter_map(|(k, v)| {
                let doc = Reflect::get(&v, &"doc".into()).ok()?.as_string()?.parse().ok()?;
                let bytes =
                    Reflect::get(&v, &"bytes".into()).ok()?.dyn_into::<Uint8Array>().ok()?.to_vec();
                Some(Queued { key: k.as_f64()? as u64, doc, bytes })
            })
            .collect())
    }

    /// Queues whole documents (when this device joins or creates a team).
    pub async fn queue_all(&self, docs: &[(DocKey, Vec<u8>)]) -> Result<(), StorageError> {
        let tx = Tx::write(&self.db, &[OUTBOX], "queueing this tablet's data for the team")?;
        let store = tx.store(OUTBOX)?;
        for (doc, bytes) in docs {
            store.add(&entry(&doc.to_string(), bytes)?)?;
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
        let tx = Tx::write(&self.db, &[CHUNKS, META], "saving a change from the team")?;
        tx.store(CHUNKS)?.put(&Uint8Array::from(bytes), &chunk_key(&doc.to_string(), chunk))?;
        tx.store(META)?.put(&cursors.into(), &CURSORS.into())?;
        tx.commit().await
    }

    /// Stores the sync cursors alone: for a change that could not be opened, or our own.
    pub async fn store_cursors(&self, cursors: &str) -> Result<(), StorageError> {
        let tx = Tx::write(&self.db, &[META], "saving a change from the team")?;
        tx.store(META)?.put(&cursors.into(), &CURSORS.into())?;
        tx.commit().await
    }

    pub async fn cursors(&self) -> Result<String, StorageError> {
        Ok(self.read_meta(CURSORS).await?.unwrap_or_default())
    }
}
