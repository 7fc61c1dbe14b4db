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
use super::pack::{pack, unpack};
use super::schema::{self, CHUNKS, META, OUTBOX, QUARANTINE, chunk_key, doc_range};
use super::sealed::{self, chunk_row};
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

/// Chunks as read: `(chunk, bytes)` opened with the tablet's key, and `(chunk, stored bytes,
/// why)` for rows that did not open (damaged, or not written by this tablet), which the caller
/// sets aside like any unreadable chunk rather than using them unchecked.
pub type ReadChunks = (Vec<(String, Vec<u8>)>, Vec<(String, Vec<u8>, String)>);

/// Opens one stored chunk value into `read`.
fn open_into(read: &mut ReadChunks, doc: &str, chunk: String, value: &JsValue) {
    match sealed::open(CHUNKS, &chunk_row(doc, &chunk), value) {
        Ok(bytes) => read.0.push((chunk, bytes)),
        Err(e) => {
            let stored = value.dyn_ref::<Uint8Array>().map(Uint8Array::to_vec).unwrap_or_default();
            read.1.push((chunk, stored, e.to_string()));
        }
    }
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

    /// All chunks of one document.
    pub async fn read_doc(&self, doc: DocKey) -> Result<ReadChunks, StorageError> {
        let tx = Tx::read(&self.db, &[CHUNKS], "reading a document")?;
        let store = tx.store(CHUNKS)?;
        let doc = doc.to_string();
        let range = doc_range(&doc)?;
        let (keys, values) = (store.keys(Some(&range))?, store.values(Some(&range))?);
        let keys: Array = keys.value().await?.into();
        let values: Array = values.value().await?.into();
        let mut read = ReadChunks::default();
        for (k, v) in keys.iter().zip(values.iter()) {
            if let Some(chunk) = Array::from(&k).get(1).as_string() {
                open_into(&mut read, &doc, chunk, &v);
            }
        }
        Ok(read)
    }

    /// Reads the chunks named; ones already compacted away are skipped.
    pub async fn read_chunks(
        &self,
        doc: DocKey,
        chunks: &[String],
    ) -> Result<ReadChunks, StorageError> {
        let doc = doc.to_string();
        let tx = Tx::read(&self.db, &[CHUNKS], "reading new changes")?;
        let store = tx.store(CHUNKS)?;
        let requests: Vec<_> = chunks
            .iter()
            .map(|chunk| Ok((chunk, store.get(&chunk_key(&doc, chunk))?)))
            .collect::<Result<_, StorageError>>()?;
        let mut found = ReadChunks::default();
        for (chunk, req) in requests {
            let value = req.value().await?;
            if !value.is_undefined() {
                open_into(&mut found, &doc, chunk.clone(), &value);
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
        let value = sealed::seal(CHUNKS, &chunk_row(&doc, chunk), bytes)?;
        let tx = Tx::write(&self.db, &[CHUNKS], "saving")?;
        let store = tx.store(CHUNKS)?;
        store.put(&value, &chunk_key(&doc, chunk))?;
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
        let plain = pack(&[doc.as_bytes(), chunk.as_bytes(), message.as_bytes(), bytes]);
        let record = sealed::seal_entry(QUARANTINE, &plain)?;
        let tx = Tx::write(&self.db, &[CHUNKS, QUARANTINE], action)?;
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
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        let mut out = Vec::new();
        for (k, v) in keys.iter().zip(values.iter()) {
            let plain = sealed::open_entry(QUARANTINE, &v)?;
            let fields = unpack(&plain);
            let (Some(key), Some(&[doc, chunk, message, bytes])) = (k.as_f64(), fields.as_deref())
            else {
                continue;
            };
            out.push(Quarantined {
                key,
                doc: text(doc),
                chunk: text(chunk),
                message: text(message),
                bytes: bytes.to_vec(),
            });
        }
        Ok(out)
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
        let value = tx.store(META)?.get(&name.into())?.value().await?;
        if value.is_undefined() {
            return Ok(None);
        }
        let plain = sealed::open(META, name, &value)?;
        Ok(Some(String::from_utf8_lossy(&plain).into_owned()))
    }

    pub async fn write_meta(&self, name: &str, value: &str) -> Result<(), StorageError> {
        let value = sealed::seal(META, name, value.as_bytes())?;
        let tx = Tx::write(&self.db, &[META], "saving summaries")?;
        tx.store(META)?.put(&value, &name.into())?;
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
