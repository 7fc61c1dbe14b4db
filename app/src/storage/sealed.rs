//! The one place stored rows are sealed and opened: the unlocked data key of this session.
//!
//! Every value Rapport writes to IndexedDB (except the `vault` store, which the lock screen
//! reads before unlocking) goes through [`seal`] and comes back through [`open`], bound to its
//! store name and a row key so a row moved elsewhere fails to open:
//! - `chunks`: row key `"{doc}/{chunk}"`, the value is the sealed bytes.
//! - `meta`: row key is the meta name, the value is the sealed UTF-8 text.
//! - `outbox`, `quarantine` (auto-increment keys, unknown before writing): the value is
//!   `{id, sealed}`, `id` a random hex string chosen at write time and the row key the seal is
//!   bound to. Swapping two whole entries is not detected; order in those stores never
//!   decides what a record says.
//!
//! Without an unlocked session every call fails with [`StorageError::Locked`], so nothing is
//! ever written in the clear by mistake. Locking forgets the key (and the page reloads).

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Object, Reflect, Uint8Array};
use shared::vault::{AtRest, DataKey, StaffId};
use wasm_bindgen::{JsCast, JsValue};

use super::idb::StorageError;

/// What an unlock gives: the data key (to wrap it for another staff member), its cipher, and
/// who unlocked.
pub struct Session {
    pub key: DataKey,
    pub at_rest: AtRest,
    pub staff: StaffId,
}

thread_local! {
    static SESSION: RefCell<Option<Rc<Session>>> = const { RefCell::new(None) };
}

/// Starts the session after a successful unlock.
pub fn unlock(key: DataKey, staff: StaffId) {
    let at_rest = AtRest::new(&key);
    SESSION.with(|s| *s.borrow_mut() = Some(Rc::new(Session { key, at_rest, staff })));
}

/// Forgets the data key: every storage call fails with `Locked` from here on.
pub fn forget() {
    SESSION.with(|s| s.borrow_mut().take());
}

/// The unlocked session, or `Locked`.
pub fn session() -> Result<Rc<Session>, StorageError> {
    SESSION.with(|s| s.borrow().clone()).ok_or(StorageError::Locked)
}

/// Seals `plain` for row `key` of `store`, as the `Uint8Array` to store.
pub fn seal(store: &str, key: &str, plain: &[u8]) -> Result<JsValue, StorageError> {
    let sealed = session()?.at_rest.seal(store, key, plain).map_err(StorageError::Sealing)?;
    Ok(Uint8Array::from(sealed.as_slice()).into())
}

/// Opens a stored value sealed by [`seal`] for the same store and row key.
pub fn open(store: &str, key: &str, value: &JsValue) -> Result<Vec<u8>, StorageError> {
    let session = session()?;
    let bytes = value
        .dyn_ref::<Uint8Array>()
        .ok_or(StorageError::Sealing(shared::vault::VaultError::Truncated))?
        .to_vec();
    session.at_rest.open(store, key, &bytes).map_err(StorageError::Sealing)
}

/// Whether `value` opens as a sealed row of `store`/`key` (the migration skips those).
pub fn opens(store: &str, key: &str, value: &JsValue) -> bool {
    open(store, key, value).is_ok()
}

/// The row key of a chunk.
pub fn chunk_row(doc: &str, chunk: &str) -> String {
    format!("{doc}/{chunk}")
}

/// An `{id, sealed}` record for an auto-increment store, with a fresh random id.
pub fn seal_entry(store: &str, plain: &[u8]) -> Result<JsValue, StorageError> {
    // 16 random bytes in hex; a staff id is exactly that, so its generator serves.
    let id = StaffId::generate().map_err(StorageError::Sealing)?.to_string();
    let sealed = seal(store, &id, plain)?;
    let record = Object::new();
    Reflect::set(&record, &"id".into(), &id.as_str().into())
        .and_then(|_| Reflect::set(&record, &"sealed".into(), &sealed))
        .map_err(|e| StorageError::from_js("sealing a record", e))?;
    Ok(record.into())
}

/// Opens an `{id, sealed}` record written by [`seal_entry`].
pub fn open_entry(store: &str, record: &JsValue) -> Result<Vec<u8>, StorageError> {
    let id = Reflect::get(record, &"id".into())
        .ok()
        .and_then(|v| v.as_string())
        .ok_or(StorageError::Sealing(shared::vault::VaultError::Truncated))?;
    let sealed = Reflect::get(record, &"sealed".into()).unwrap_or(JsValue::UNDEFINED);
    open(store, &id, &sealed)
}

// The browser's typed arrays and IndexedDB exist only in wasm: these run in headless Chromium.
#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::storage::ChunkStore;
    use crate::storage::schema::{META, OUTBOX};

    fn unlocked() {
        let key = DataKey::generate().expect("randomness");
        unlock(key, StaffId([7; 16]));
    }

    #[test]
    fn nothing_is_sealed_or_opened_while_locked() {
        forget();
        assert!(matches!(seal(META, "x", b"text"), Err(StorageError::Locked)));
        assert!(matches!(open(META, "x", &JsValue::UNDEFINED), Err(StorageError::Locked)));
    }

    #[test]
    fn a_row_opens_only_where_it_was_stored() {
        unlocked();
        let sealed = seal(META, "sync-cursors", b"cursor text").expect("sealed");
        assert_eq!(open(META, "sync-cursors", &sealed).expect("opens"), b"cursor text");
        assert!(matches!(open(META, "team", &sealed), Err(StorageError::Sealing(_))));
        assert!(matches!(open(OUTBOX, "sync-cursors", &sealed), Err(StorageError::Sealing(_))));
        let entry = seal_entry(OUTBOX, b"change").expect("sealed");
        assert_eq!(open_entry(OUTBOX, &entry).expect("opens"), b"change");
        assert!(open_entry(META, &entry).is_err());
        forget();
    }

    #[test]
    async fn meta_is_stored_sealed_and_read_back_in_the_clear() {
        unlocked();
        let store = ChunkStore::open().await.expect("storage");
        store.write_meta("test-note", "Partner Quillfeather Clinic").await.expect("written");
        assert_eq!(
            store.read_meta("test-note").await.expect("read").as_deref(),
            Some("Partner Quillfeather Clinic")
        );
        let tx = super::super::idb::Tx::read(&store.db, &[META], "test").expect("tx");
        let raw = tx.store(META).expect("store").get(&"test-note".into()).expect("get");
        let raw = raw.value().await.expect("value");
        let bytes = raw.dyn_ref::<Uint8Array>().expect("bytes").to_vec();
        assert!(!String::from_utf8_lossy(&bytes).contains("Quillfeather"));
        forget();
        assert!(matches!(store.read_meta("test-note").await, Err(StorageError::Locked)));
    }
}
