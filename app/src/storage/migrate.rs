//! Sealing the rows an earlier version stored in the clear, in place, once, when the first
//! staff member sets up the tablet.
//!
//! Resumable: `profiles` marks the migration as started in the same transaction that saves the
//! first profile, and rows are sealed a batch per transaction. A page closed half-way leaves
//! some rows sealed and some not; after the next unlock the migration runs again and tells
//! them apart by format: a row that opens with the data key is skipped, a plaintext one
//! (a `Uint8Array` chunk that does not open, a string in `meta`, an `{doc, bytes}` object in
//! `outbox` or `quarantine`) is sealed. No row is ever deleted.

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use super::chunks::ChunkStore;
use super::idb::{StorageError, Tx};
use super::pack::pack;
use super::schema::{CHUNKS, META, OUTBOX, QUARANTINE};
use super::sealed::{self, chunk_row};

/// Rows sealed per transaction: small enough that a closed page loses little work.
const BATCH: usize = 25;

/// Seals every plaintext row; `progress(done, total)` after each batch.
pub async fn seal_plaintext(
    store: &ChunkStore,
    progress: impl Fn(usize, usize),
) -> Result<(), StorageError> {
    let mut rows = Vec::new();
    for name in [CHUNKS, META, OUTBOX, QUARANTINE] {
        let tx = Tx::read(&store.db, &[name], "finding data to protect")?;
        let st = tx.store(name)?;
        let (keys, values) = (st.keys(None)?, st.values(None)?);
        let keys: Array = keys.value().await?.into();
        let values: Array = values.value().await?.into();
        rows.extend(keys.iter().zip(values.iter()).map(|(k, v)| (name, k, v)));
    }
    let total = rows.len();
    progress(0, total);
    for (i, batch) in rows.chunks(BATCH).enumerate() {
        let mut sealed_rows = Vec::new();
        for (name, key, value) in batch {
            if let Some(sealed) = seal_row(name, key, value)? {
                sealed_rows.push((*name, key, sealed));
            }
        }
        if !sealed_rows.is_empty() {
            let tx = Tx::write(&store.db, &[CHUNKS, META, OUTBOX, QUARANTINE], "protecting data")?;
            for (name, key, sealed) in &sealed_rows {
                tx.store(name)?.put(sealed, key)?;
            }
            tx.commit().await?;
        }
        progress((i * BATCH + batch.len()).min(total), total);
        crate::clock::yield_to_browser().await;
    }
    Ok(())
}

/// The sealed replacement for a plaintext row, or `None` if it is sealed already.
fn seal_row(store: &str, key: &JsValue, value: &JsValue) -> Result<Option<JsValue>, StorageError> {
    let field = |name: &str| Reflect::get(value, &name.into()).unwrap_or(JsValue::UNDEFINED);
    let bytes = |v: JsValue| v.dyn_into::<Uint8Array>().map(|b| b.to_vec()).unwrap_or_default();
    let text = |v: JsValue| v.as_string().unwrap_or_default();
    match store {
        CHUNKS => {
            let pair = Array::from(key);
            let row = chunk_row(&text(pair.get(0)), &text(pair.get(1)));
            if sealed::opens(CHUNKS, &row, value) {
                return Ok(None);
            }
            Ok(Some(sealed::seal(CHUNKS, &row, &bytes(value.clone()))?))
        }
        META => match value.as_string() {
            Some(plain) => Ok(Some(sealed::seal(META, &text(key.clone()), plain.as_bytes())?)),
            None => Ok(None),
        },
        OUTBOX if field("sealed").is_undefined() => {
            let doc = text(field("doc"));
            Ok(Some(sealed::seal_entry(OUTBOX, &pack(&[doc.as_bytes(), &bytes(field("bytes"))]))?))
        }
        QUARANTINE if field("sealed").is_undefined() => {
            let (doc, chunk, message) =
                (text(field("doc")), text(field("chunk")), text(field("message")));
            let plain = pack(&[
                doc.as_bytes(),
                chunk.as_bytes(),
                message.as_bytes(),
                &bytes(field("bytes")),
            ]);
            Ok(Some(sealed::seal_entry(QUARANTINE, &plain)?))
        }
        _ => Ok(None),
    }
}
