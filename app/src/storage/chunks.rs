//! Documents kept in IndexedDB as chunks of Automerge bytes.
//!
//! Store `chunks`, key `[doc, chunk]`: each value is a `Uint8Array` (a full save or a run of
//! changes). A document is the merge of all its chunks, so writers only ever *add* chunks, and
//! compaction replaces exactly the chunks it merged with one snapshot in a single transaction.
//! Two tabs can therefore append and compact concurrently without losing each other's work.
//! Store `quarantine`: chunks that could not be read, set aside (never deleted) for recovery.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{IdbDatabase, IdbKeyRange};

use super::idb::{self, StorageError};
use shared::doc::DocKey;

const DB_NAME: &str = "rapport";
pub(super) const CHUNKS: &str = "chunks";
const QUARANTINE: &str = "quarantine";
/// Small values keyed by name: the activity summary, team credentials, sync cursors.
pub(super) const META: &str = "meta";
/// Local changes not yet acknowledged by the relay, in order (auto-incremented keys).
pub(super) const OUTBOX: &str = "outbox";

/// A chunk that could not be read, kept for the user to download or discard.
#[derive(Debug, Clone, PartialEq)]
pub struct Quarantined {
    pub key: f64,
    pub doc: String,
    pub chunk: String,
    pub message: String,
    pub bytes: Vec<u8>,
}

#[derive(Clone)]
pub struct ChunkStore {
    pub(super) db: IdbDatabase,
}

fn upgrade(db: &IdbDatabase) -> Result<(), JsValue> {
    let names = db.object_store_names();
    if !names.contains(CHUNKS) {
        db.create_object_store(CHUNKS)?;
    }
    if !names.contains(META) {
        db.create_object_store(META)?;
    }
    if !names.contains(OUTBOX) {
        let params = web_sys::IdbObjectStoreParameters::new();
        params.set_auto_increment(true);
        db.create_object_store_with_optional_parameters(OUTBOX, &params)?;
    }
    if !names.contains(QUARANTINE) {
        let params = web_sys::IdbObjectStoreParameters::new();
        params.set_auto_increment(true);
        db.create_object_store_with_optional_parameters(QUARANTINE, &params)?;
    }
    Ok(())
}

pub(super) fn key(doc: &str, chunk: &str) -> JsValue {
    Array::of2(&doc.into(), &chunk.into()).into()
}

fn doc_range(doc: &str) -> Result<IdbKeyRange, StorageError> {
    IdbKeyRange::bound(&key(doc, ""), &key(doc, "\u{ffff}"))
        .map_err(|e| StorageError::from_js("selecting a document", e))
}

impl ChunkStore {
    pub async fn open() -> Result<Self, StorageError> {
        Ok(Self { db: idb::open(DB_NAME, 3, upgrade).await? })
    }

    /// Every stored `(doc, chunk)` name; cheap, used to plan loading.
    pub async fn list(&self) -> Result<Vec<(String, String)>, StorageError> {
        let tx = idb::transaction(&self.db, &[CHUNKS], false)?;
        let store = tx.object_store(CHUNKS).map_err(|e| StorageError::from_js("listing", e))?;
        let req = store.get_all_keys().map_err(|e| StorageError::from_js("listing", e))?;
        let keys: Array = idb::request("listing stored documents", &req).await?.into();
        Ok(keys
            .iter()
            .filter_map(|k| {
                let pair: Array = k.into();
                Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
            })
            .collect())
    }

    /// All chunks of one document, as `(chunk, bytes)`.
    pub async fn read_doc(&self, doc: DocKey) -> Result<Vec<(String, Vec<u8>)>, StorageError> {
        let action = "reading a document";
        let doc = doc.to_string();
        let tx = idb::transaction(&self.db, &[CHUNKS], false)?;
        let store = tx.object_store(CHUNKS).map_err(|e| StorageError::from_js(action, e))?;
        let range = doc_range(&doc)?;
        let keys_req =
            store.get_all_keys_with_key(&range).map_err(|e| StorageError::from_js(action, e))?;
        let values_req =
            store.get_all_with_key(&range).map_err(|e| StorageError::from_js(action, e))?;
        let keys: Array = idb::request(action, &keys_req).await?.into();
        let values: Array = idb::request(action, &values_req).await?.into();
        Ok(keys
            .iter()
            .zip(values.iter())
            .filter_map(|(k, v)| {
                let chunk = Array::from(&k).get(1).as_string()?;
                Some((chunk, v.dyn_into::<Uint8Array>().ok()?.to_vec()))
            })
            .collect())
    }

    /// Reads the chunks named; ones already compacted away are skipped.
    pub async fn read_chunks(
        &self,
        doc: DocKey,
        chunks: &[String],
    ) -> Result<Vec<(String, Vec<u8>)>, StorageError> {
        let action = "reading new changes";
        let doc = doc.to_string();
        let tx = idb::transaction(&self.db, &[CHUNKS], false)?;
        let store = tx.object_store(CHUNKS).map_err(|e| StorageError::from_js(action, e))?;
        let mut requests = Vec::new();
        for chunk in chunks {
            requests.push((
                chunk,
                store.get(&key(&doc, chunk)).map_err(|e| StorageError::from_js(action, e))?,
            ));
        }
        let mut found = Vec::new();
        for (chunk, req) in requests {
            if let Ok(bytes) = idb::request(action, &req).await?.dyn_into::<Uint8Array>() {
                found.push((chunk.clone(), bytes.to_vec()));
            }
        }
        Ok(found)
    }

    /// Adds a chunk; returns once it is durably on disk.
    pub async fn append(&self, doc: DocKey, chunk: &str, bytes: &[u8]) -> Result<(), StorageError> {
        self.replace(doc, chunk, bytes, &[]).await
    }

    /// Adds a local change and, in the same transaction, queues it for the relay, so a change
    /// can never be saved yet forgotten by sync.
    pub async fn append_and_queue(
        &self,
        doc: DocKey,
        chunk: &str,
        bytes: &[u8],
    ) -> Result<(), StorageError> {
        let action = "saving";
        let name = doc.to_string();
        let tx = idb::transaction(&self.db, &[CHUNKS, OUTBOX], true)?;
        let store = tx.object_store(CHUNKS).map_err(|e| StorageError::from_js(action, e))?;
        store
            .put_with_key(&Uint8Array::from(bytes), &key(&name, chunk))
            .map_err(|e| StorageError::from_js(action, e))?;
        let outbox = tx.object_store(OUTBOX).map_err(|e| StorageError::from_js(action, e))?;
        outbox
            .add(&super::outbox::entry(&name, bytes)?)
            .map_err(|e| StorageError::from_js(action, e))?;
        idb::committed(action, &tx).await
    }

    /// Adds `chunk` and removes `merged` (the chunks it contains) in one durable transaction.
    pub async fn replace(
        &self,
        doc: DocKey,
        chunk: &str,
        bytes: &[u8],
        merged: &[String],
    ) -> Result<(), StorageError> {
        let action = "saving";
        let doc = doc.to_string();
        let tx = idb::transaction(&self.db, &[CHUNKS], true)?;
        let store = tx.object_store(CHUNKS).map_err(|e| StorageError::from_js(action, e))?;
        store
            .put_with_key(&Uint8Array::from(bytes), &key(&doc, chunk))
            .map_err(|e| StorageError::from_js(action, e))?;
        for old in merged.iter().filter(|c| c.as_str() != chunk) {
            store.delete(&key(&doc, old)).map_err(|e| StorageError::from_js(action, e))?;
        }
        idb::committed(action, &tx).await
    }

    /// Moves an unreadable chunk aside in one transaction, keeping its bytes.
    pub async fn quarantine(
        &self,
        doc: DocKey,
        chunk: &str,
        bytes: &[u8],
        message: &str,
    ) -> Result<(), StorageError> {
        let action = "setting damaged data aside";
        let doc = doc.to_string();
        let tx = idb::transaction(&self.db, &[CHUNKS, QUARANTINE], true)?;
        let record = js_sys::Object::new();
        let set = |k: &str, v: JsValue| js_sys::Reflect::set(&record, &k.into(), &v).map(drop);
        set("doc", doc.as_str().into())
            .and_then(|_| set("chunk", chunk.into()))
            .and_then(|_| set("message", message.into()))
            .and_then(|_| set("bytes", Uint8Array::from(bytes).into()))
            .map_err(|e| StorageError::from_js(action, e))?;
        let q = tx.object_store(QUARANTINE).map_err(|e| StorageError::from_js(action, e))?;
        q.add(&record).map_err(|e| StorageError::from_js(action, e))?;
        let chunks = tx.object_store(CHUNKS).map_err(|e| StorageError::from_js(action, e))?;
        chunks.delete(&key(&doc, chunk)).map_err(|e| StorageError::from_js(action, e))?;
        idb::committed(action, &tx).await
    }

    pub async fn quarantined(&self) -> Result<Vec<Quarantined>, StorageError> {
        let action = "reading set-aside data";
        let tx = idb::transaction(&self.db, &[QUARANTINE], false)?;
        let store = tx.object_store(QUARANTINE).map_err(|e| StorageError::from_js(action, e))?;
        let keys_req = store.get_all_keys().map_err(|e| StorageError::from_js(action, e))?;
        let values_req = store.get_all().map_err(|e| StorageError::from_js(action, e))?;
        let keys: Array = idb::request(action, &keys_req).await?.into();
        let values: Array = idb::request(action, &values_req).await?.into();
        let field = |v: &JsValue, k: &str| js_sys::Reflect::get(v, &k.into()).ok();
        Ok(keys
            .iter()
            .zip(values.iter())
            .filter_map(|(k, v)| {
                Some(Quarantined {
                    key: k.as_f64()?,
                    doc: field(&v, "doc")?.as_string()?,
                    chunk: field(&v, "chunk")?.as_string()?,
                    message: field(&v, "message")?.as_string()?,
                    bytes: field(&v, "bytes")?.dyn_into::<Uint8Array>().ok()?.to_vec(),
                })
            })
            .collect())
    }

    /// Discards a quarantined chunk once the user has saved or given up on it.
    pub async fn discard_quarantined(&self, key: f64) -> Result<(), StorageError> {
        let action = "discarding set-aside data";
        let tx = idb::transaction(&self.db, &[QUARANTINE], true)?;
        let store = tx.object_store(QUARANTINE).map_err(|e| StorageError::from_js(action, e))?;
        store.delete(&key.into()).map_err(|e| StorageError::from_js(action, e))?;
        idb::committed(action, &tx).await
    }

    /// A derived value saved earlier, if any.
    pub async fn read_meta(&self, name: &str) -> Result<Option<String>, StorageError> {
        let action = "reading saved summaries";
        let tx = idb::transaction(&self.db, &[META], false)?;
        let store = tx.object_store(META).map_err(|e| StorageError::from_js(action, e))?;
        let req = store.get(&name.into()).map_err(|e| StorageError::from_js(action, e))?;
        Ok(idb::request(action, &req).await?.as_string())
    }

    pub async fn write_meta(&self, name: &str, value: &str) -> Result<(), StorageError> {
        let action = "saving summaries";
        let tx = idb::transaction(&self.db, &[META], true)?;
        let store = tx.object_store(META).map_err(|e| StorageError::from_js(action, e))?;
        store
            .put_with_key(&value.into(), &name.into())
            .map_err(|e| StorageError::from_js(action, e))?;
        idb::committed(action, &tx).await
    }

    /// Removes every document from this device (used to remove sample data).
    pub async fn clear_documents(&self) -> Result<(), StorageError> {
        let action = "clearing data";
        let tx = idb::transaction(&self.db, &[CHUNKS, META, OUTBOX], true)?;
        for name in [CHUNKS, META, OUTBOX] {
            let store = tx.object_store(name).map_err(|e| StorageError::from_js(action, e))?;
            store.clear().map_err(|e| StorageError::from_js(action, e))?;
        }
        idb::committed(action, &tx).await
    }
}
