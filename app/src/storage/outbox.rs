//! Sync's share of storage: the outbox of local changes waiting for the relay, remote changes
//! stored together with the cursor that says they arrived, and the team credentials.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use super::chunks::{ChunkStore, META, OUTBOX, key};
use super::idb::{self, StorageError};
use shared::doc::DocKey;

const CURSORS: &str = "sync-cursors";

/// An outbox record: `{doc, bytes}`.
pub(super) fn entry(doc: &str, bytes: &[u8]) -> Result<JsValue, StorageError> {
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
    /// Every queued change, oldest first.
    pub async fn outbox(&self) -> Result<Vec<Queued>, StorageError> {
        let action = "reading the outbox";
        let tx = idb::transaction(&self.db, &[OUTBOX], false)?;
        let store = tx.object_store(OUTBOX).map_err(|e| StorageError::from_js(action, e))?;
        let keys_req = store.get_all_keys().map_err(|e| StorageError::from_js(action, e))?;
        let values_req = store.get_all().map_err(|e| StorageError::from_js(action, e))?;
        let keys: Array = idb::request(action, &keys_req).await?.into();
        let values: Array = idb::request(action, &values_req).await?.into();
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
        let action = "queueing this tablet's data for the team";
        let tx = idb::transaction(&self.db, &[OUTBOX], true)?;
        let store = tx.object_store(OUTBOX).map_err(|e| StorageError::from_js(action, e))?;
        for (doc, bytes) in docs {
            store
                .add(&entry(&doc.to_string(), bytes)?)
                .map_err(|e| StorageError::from_js(action, e))?;
        }
        idb::committed(action, &tx).await
    }

    /// Removes changes the relay acknowledged.
    pub async fn unqueue(&self, keys: &[u64]) -> Result<(), StorageError> {
        let action = "clearing sent changes";
        let tx = idb::transaction(&self.db, &[OUTBOX], true)?;
        let store = tx.object_store(OUTBOX).map_err(|e| StorageError::from_js(action, e))?;
        for k in keys {
            store
                .delete(&JsValue::from_f64(*k as f64))
                .map_err(|e| StorageError::from_js(action, e))?;
        }
        idb::committed(action, &tx).await
    }

    /// Stores a change from the relay and the cursors that include it, in one transaction.
    pub async fn store_remote(
        &self,
        doc: DocKey,
        chunk: &str,
        bytes: Option<&[u8]>,
        cursors: &str,
    ) -> Result<(), StorageError> {
        let action = "saving a change from the team";
        let tx = idb::transaction(&self.db, &[super::chunks::CHUNKS, META], true)?;
        if let Some(bytes) = bytes {
            let store = tx
                .object_store(super::chunks::CHUNKS)
                .map_err(|e| StorageError::from_js(action, e))?;
            store
                .put_with_key(&Uint8Array::from(bytes), &key(&doc.to_string(), chunk))
                .map_err(|e| StorageError::from_js(action, e))?;
        }
        let meta = tx.object_store(META).map_err(|e| StorageError::from_js(action, e))?;
        meta.put_with_key(&cursors.into(), &CURSORS.into())
            .map_err(|e| StorageError::from_js(action, e))?;
        idb::committed(action, &tx).await
    }

    pub async fn cursors(&self) -> Result<String, StorageError> {
        Ok(self.read_meta(CURSORS).await?.unwrap_or_default())
    }
}
