//! Documents kept in IndexedDB as chunks of Automerge bytes (layout in `schema`).
//!
//! A document is the merge of all its chunks, so writers only ever *add* chunks, and
//! compaction replaces exactly the chunks it merged with one snapshot in a single transaction.
//! Two tabs can therefore append and compact concurrently without losing each other's work.
//! Chunks that cannot be read are moved to quarantine, never deleted, for recovery.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::IdbDatabase;

use super::idb::{StorageError, Tx};
use super::schema::{self, CHUNKS, META, OUTBOX, QUARANTINE, chunk_key, doc_range};
use shared::doc::DocKey;

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

/// `(chunk, bytes)` pairs from parallel arrays of `[doc, chunk]` keys and `Uint8Array` values.
fn chunks_of(keys: &Array, values: &Array) -> Vec<(String, Vec<u8>)> {
    keys.iter()
        .zip(values.iter())
        .filter_map(|(k, v)| {
            let chunk = Array::from(&k).get(1).as_string()?;
            Some((chunk, v.dyn_into::<Uint8Array>().ok()?.to_vec()))
        })
        .collect()
}

impl ChunkStore {
    pub async fn open() -> Result<Self, StorageError> {
        Ok(Self { db: schema::open().await? })
    }

    /// Every stored `(doc, chunk)` name; cheap, used to plan loading.
    pub async fn list(&self) -> Result<Vec<(String, String)>, StorageError> {
        let tx = Tx::read(&self.db, &[CHUNKS], "listing stored documents")?;
        let keys: Array = tx.store(CHUNKS)?.keys(None)?.value().await?.into();
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
        let tx = Tx::read(&self.db, &[CHUNKS], "reading a document")?;
        let store = tx.store(CHUNKS)?;
        let range = doc_range(&doc.to_string())?;
        let (keys, values) = (store.keys(Some(&range))?, store.values(Some(&range))?);
        let keys: Array = keys.value().await?.into();
        let values: Array = values.value().await?.into();
        Ok(chunks_of(&keys, &values))
    }

    /// Reads the chunks named; ones already compacted away are skipped.
    pub async fn read_chunks(
        &self,
        doc: DocKey,
        chunks: &[String],
    ) -> Result<Vec<(String, Vec<u8>)>, StorageError> {
        let doc = doc.to_string();
        let tx = Tx::read(&self.db, &[CHUNKS], "reading new changes")?;
        let store = tx.store(CHUNKS)?;
        let requests: Vec<_> = chunks
            .iter()
            .map(|chunk| Ok((chunk, store.get(&chunk_key(&doc, chunk))?)))
            .collect::<Result<_, StorageError>>()?;
        let mut found = Vec::new();
        for (chunk, req) in requests {
            if let Ok(bytes) = req.value().await?.dyn_into::<Uint8Array>() {
                found.push((chunk.clone(), bytes.to_vec()));
            }
        }
        Ok(found)
    }

    /// Adds a chunk; returns once it is durably on disk.
    pub async fn append(&self, doc: DocKey, chunk: &str, bytes: &[u8]) -> Result<(), StorageError> {
        self.replace(doc, chunk, bytes, &[]).await
    }

    /// Adds `chunk` and removes `merged` (the chunks it contains) in one durable transaction.
    pub async fn replace(
        &self,
        doc: DocKey,
        chunk: &str,
        bytes: &[u8],
        merged: &[String],
    ) -> Result<(), StorageError> {
        let doc = doc.to_string();
        let tx = Tx::write(&self.db, &[CHUNKS], "saving")?;
        let store = tx.store(CHUNKS)?;
        store.put(&Uint8Array::from(bytes), &chunk_key(&doc, chunk))?;
        for old in merged.iter().filter(|c| c.as_str() != chunk) {
            store.delete(&chunk_key(&doc, old))?;
        }
        tx.commit().await
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
        let tx = Tx::write(&self.db, &[CHUNKS, QUARANTINE], action)?;
        let record = js_sys::Object::new();
        let set = |k: &str, v: JsValue| js_sys::Reflect::set(&record, &k.into(), &v).map(drop);
        set("doc", doc.as_str().into())
            .and_then(|_| set("chunk", chunk.into()))
            .and_then(|_| set("message", message.into()))
            .and_then(|_| set("bytes", Uint8Array::from(bytes).into()))
            .map_err(|e| StorageError::from_js(action, e))?;
        tx.store(QUARANTINE)?.add(&record)?;
        tx.store(CHUNKS)?.delete(&chunk_key(&doc, chunk))?;
        tx.commit().await
    }

    pub async fn quarantined(&self) -> Result<Vec<Quarantined>, StorageError> {
        let tx = Tx::read(&self.db, &[QUARANTINE], "reading set-aside data")?;
        let store = tx.store(QUARANTINE)?;
        let (keys, values) = (store.keys(None)?, store.values(None)?);
        let keys: Array = keys.value().await?.into();
        let values: Array = values.value().await?.into();
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
        let tx = Tx::write(&self.db, &[QUARANTINE], "discarding set-aside data")?;
        tx.store(QUARANTINE)?.delete(&key.into())?;
        tx.commit().await
    }

    /// A derived value saved earlier, if any.
    pub async fn read_meta(&self, name: &str) -> Result<Option<String>, StorageError> {
        let tx = Tx::read(&self.db, &[META], "reading saved summaries")?;
        Ok(tx.store(META)?.get(&name.into())?.value().await?.as_string())
    }

    pub async fn write_meta(&self, name: &str, value: &str) -> Result<(), StorageError> {
        let tx = Tx::write(&self.db, &[META], "saving summaries")?;
        tx.store(META)?.put(&value.into(), &name.into())?;
        tx.commit().await
    }

    /// Removes every document from this device (used to remove sample data).
    pub async fn clear_documents(&self) -> Result<(), StorageError> {
        let tx = Tx::write(&self.db, &[CHUNKS, META, OUTBOX], "clearing data")?;
        for name in [CHUNKS, META, OUTBOX] {
            tx.store(name)?.clear()?;
        }
        tx.commit().await
    }
}
