//! The IndexedDB layout, in one place: the database, its version, its stores and the upgrade
//! that creates them. Raise `VERSION` and extend `upgrade` together; upgrades only ever add.
//!
//! - `chunks`, key `[doc, chunk]`: each value is a `Uint8Array` (a full save or a run of
//!   changes). A document is the merge of all its chunks.
//! - `meta`: small values keyed by name (the activity summary, team credentials, sync cursors).
//! - `outbox`: local changes not yet acknowledged by the relay, in order (auto-incremented keys).
//! - `quarantine`: chunks that could not be read, set aside (never deleted) for recovery.
//! - `vault` (version 4): what the lock screen needs before unlocking, in the clear: the staff
//!   profiles with their wrapped data keys, the wrong-try count, and the migration marker.
//!
//! Every value in the other stores is sealed with the tablet's data key (`sealed`).

use js_sys::Array;
use wasm_bindgen::JsValue;
use web_sys::{IdbDatabase, IdbKeyRange};

use super::idb::{self, StorageError};

const DB_NAME: &str = "rapport";
const VERSION: u32 = 4;
pub const CHUNKS: &str = "chunks";
pub const META: &str = "meta";
pub const OUTBOX: &str = "outbox";
pub const QUARANTINE: &str = "quarantine";
pub const VAULT: &str = "vault";
/// Every store, for wiping the tablet.
pub const ALL: [&str; 5] = [CHUNKS, META, OUTBOX, QUARANTINE, VAULT];

/// Opens the database, creating or upgrading its stores first if needed.
pub async fn open() -> Result<IdbDatabase, StorageError> {
    idb::open(DB_NAME, VERSION, upgrade).await
}

fn upgrade(db: &IdbDatabase) -> Result<(), JsValue> {
    let names = db.object_store_names();
    for plain in [CHUNKS, META, VAULT] {
        if !names.contains(plain) {
            db.create_object_store(plain)?;
        }
    }
    for numbered in [OUTBOX, QUARANTINE] {
        if !names.contains(numbered) {
            let params = web_sys::IdbObjectStoreParameters::new();
            params.set_auto_increment(true);
            db.create_object_store_with_optional_parameters(numbered, &params)?;
        }
    }
    Ok(())
}

/// The key of a chunk in `chunks`.
pub fn chunk_key(doc: &str, chunk: &str) -> JsValue {
    Array::of2(&doc.into(), &chunk.into()).into()
}

/// Every chunk key of one document.
pub fn doc_range(doc: &str) -> Result<IdbKeyRange, StorageError> {
    IdbKeyRange::bound(&chunk_key(doc, ""), &chunk_key(doc, "\u{ffff}"))
        .map_err(|e| StorageError::from_js("selecting a document", e))
}
