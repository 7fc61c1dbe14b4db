//! The little of IndexedDB that Rapport needs, as futures: open, run a request, wait for a
//! transaction to be durably committed.

use js_sys::{Array, Promise};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    IdbDatabase, IdbKeyRange, IdbObjectStore, IdbOpenDbRequest, IdbRequest, IdbTransaction,
};

#[wasm_bindgen]
extern "C" {
    /// `IDBDatabase` seen through `transaction(stores, mode, options)`: web-sys gates the
    /// options dictionary behind unstable APIs, so it is bound here directly.
    #[wasm_bindgen(js_name = IDBDatabase)]
    type DatabaseWithOptions;
    #[wasm_bindgen(method, catch, js_name = transaction)]
    fn transaction_with_options(
        this: &DatabaseWithOptions,
        stores: &Array,
        mode: &str,
        options: &js_sys::Object,
    ) -> Result<IdbTransaction, JsValue>;
}

/// Occurs when the browser's storage refuses or fails an operation.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StorageError {
    /// Occurs in private browsing modes or when the user has blocked site storage.
    #[error(
        "this browser does not allow Rapport to store data ({0}); check that site data is allowed and you are not in a private window"
    )]
    Unavailable(String),
    /// Occurs when the device is out of space for this site.
    #[error("the device is out of storage space for Rapport; free some space, then try again")]
    QuotaExceeded,
    /// Occurs when another tab holds an old version of the database open.
    #[error("another Rapport tab is running an older version; close other Rapport tabs and reload")]
    Blocked,
    #[error("storage failed while {action}: {message}")]
    Failed { action: &'static str, message: String },
    /// Occurs when data is read or written before a staff member unlocked the tablet (or
    /// after it locked): nothing is ever stored in the clear.
    #[error("Rapport is locked; unlock it with your PIN or passphrase, then try again")]
    Locked,
    /// Occurs when a stored record does not open with this tablet's key (damaged or moved).
    #[error("{0}")]
    Sealing(shared::vault::VaultError),
}

impl StorageError {
    pub fn from_js(action: &'static str, value: JsValue) -> Self {
        let name = js_sys::Reflect::get(&value, &"name".into()).ok().and_then(|n| n.as_string());
        let message = js_sys::Reflect::get(&value, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .or_else(|| value.as_string())
            .unwrap_or_else(|| format!("{value:?}"));
        match name.as_deref() {
            Some("QuotaExceededError") => Self::QuotaExceeded,
            Some("SecurityError" | "InvalidStateError") if action == "opening the database" => {
                Self::Unavailable(message)
            }
            _ => Self::Failed { action, message },
        }
    }
}

/// Resolves with the request's result, or fails with its error.
async fn request(action: &'static str, req: &IdbRequest) -> Result<JsValue, StorageError> {
    let promise = Promise::new(&mut |resolve, reject| {
        let ok_req = req.clone();
        let on_success = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &ok_req.result().unwrap_or(JsValue::UNDEFINED));
        });
        let err_req = req.clone();
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let error = err_req.error().ok().flatten().map(JsValue::from).unwrap_or(JsValue::NULL);
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        req.set_onsuccess(Some(on_success.unchecked_ref()));
        req.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise).await.map_err(|e| StorageError::from_js(action, e))
}

/// Resolves once the transaction has committed; with strict durability that means the data
/// has been flushed to disk, so the UI may say "saved".
async fn committed(action: &'static str, tx: &IdbTransaction) -> Result<(), StorageError> {
    let promise = Promise::new(&mut |resolve, reject| {
        let on_complete = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let failed_tx = tx.clone();
        let reject_abort = reject.clone();
        let abort_tx = tx.clone();
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let error = failed_tx.error().map(JsValue::from).unwrap_or(JsValue::NULL);
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        let on_abort = Closure::once_into_js(move |_: web_sys::Event| {
            let error =
                abort_tx.error().map(JsValue::from).unwrap_or("the transaction was aborted".into());
            let _ = reject_abort.call1(&JsValue::NULL, &error);
        });
        tx.set_oncomplete(Some(on_complete.unchecked_ref()));
        tx.set_onerror(Some(on_error.unchecked_ref()));
        tx.set_onabort(Some(on_abort.unchecked_ref()));
    });
    JsFuture::from(promise).await.map(drop).map_err(|e| StorageError::from_js(action, e))
}

/// Opens `name`, running `upgrade` when the schema `version` is newer than what is stored.
pub async fn open(
    name: &str,
    version: u32,
    upgrade: fn(&IdbDatabase) -> Result<(), JsValue>,
) -> Result<IdbDatabase, StorageError> {
    let unavailable = |e: JsValue| StorageError::from_js("opening the database", e);
    let window = web_sys::window().ok_or(StorageError::Unavailable("no window".into()))?;
    let factory = window
        .indexed_db()
        .map_err(unavailable)?
        .ok_or(StorageError::Unavailable("IndexedDB is missing".into()))?;
    let req: IdbOpenDbRequest = factory.open_with_u32(name, version).map_err(unavailable)?;
    let upgrade_req = req.clone();
    let on_upgrade = Closure::once_into_js(move |_: web_sys::Event| {
        if let Ok(db) = upgrade_req.result().and_then(|r| r.dyn_into::<IdbDatabase>())
            && let Err(e) = upgrade(&db)
        {
            web_sys::console::error_1(&e);
        }
    });
    req.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    let blocked = Closure::once_into_js(move |_: web_sys::Event| {
        web_sys::console::warn_1(&StorageError::Blocked.to_string().into());
    });
    req.set_onblocked(Some(blocked.unchecked_ref()));
    let db = request("opening the database", &req).await?;
    let db: IdbDatabase = db.dyn_into().map_err(unavailable)?;
    // A newer tab upgrading the schema asks us to let go; closing lets it proceed.
    let closing = db.clone();
    let on_version_change = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| closing.close());
    db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
    on_version_change.forget();
    Ok(db)
}

/// A transaction over some stores, named by what it does: every step's error says so, without
/// repeating `map_err` at each call. Writes use strict durability.
pub struct Tx {
    tx: IdbTransaction,
    action: &'static str,
}

impl Tx {
    pub fn read(
        db: &IdbDatabase,
        stores: &[&str],
        action: &'static str,
    ) -> Result<Self, StorageError> {
        Ok(Self { tx: transaction(db, stores, false)?, action })
    }

    pub fn write(
        db: &IdbDatabase,
        stores: &[&str],
        action: &'static str,
    ) -> Result<Self, StorageError> {
        Ok(Self { tx: transaction(db, stores, true)?, action })
    }

    pub fn store(&self, name: &str) -> Result<Store, StorageError> {
        let store =
            self.tx.object_store(name).map_err(|e| StorageError::from_js(self.action, e))?;
        Ok(Store { store, action: self.action })
    }

    /// Resolves once everything asked of the transaction is durably stored.
    pub async fn commit(self) -> Result<(), StorageError> {
        committed(self.action, &self.tx).await
    }
}

/// One object store inside a `Tx`; requests are issued at once and awaited later, so several
/// can run in the same transaction.
pub struct Store {
    store: IdbObjectStore,
    action: &'static str,
}

/// A request issued in a `Tx`, awaiting its result.
pub struct Pending {
    req: IdbRequest,
    action: &'static str,
}

impl Pending {
    pub async fn value(self) -> Result<JsValue, StorageError> {
        request(self.action, &self.req).await
    }
}

impl Store {
    fn done<T>(&self, result: Result<T, JsValue>) -> Result<T, StorageError> {
        result.map_err(|e| StorageError::from_js(self.action, e))
    }

    fn pending(&self, req: Result<IdbRequest, JsValue>) -> Result<Pending, StorageError> {
        Ok(Pending { req: self.done(req)?, action: self.action })
    }

    pub fn put(&self, value: &JsValue, key: &JsValue) -> Result<(), StorageError> {
        self.done(self.store.put_with_key(value, key)).map(drop)
    }

    pub fn add(&self, value: &JsValue) -> Result<(), StorageError> {
        self.done(self.store.add(value)).map(drop)
    }

    pub fn delete(&self, key: &JsValue) -> Result<(), StorageError> {
        self.done(self.store.delete(key)).map(drop)
    }

    pub fn clear(&self) -> Result<(), StorageError> {
        self.done(self.store.clear()).map(drop)
    }

    pub fn get(&self, key: &JsValue) -> Result<Pending, StorageError> {
        self.pending(self.store.get(key))
    }

    /// Every key, or those in `range`.
    pub fn keys(&self, range: Option<&IdbKeyRange>) -> Result<Pending, StorageError> {
        self.pending(match range {
            Some(r) => self.store.get_all_keys_with_key(r),
            None => self.store.get_all_keys(),
        })
    }

    /// Every value, or those in `range`, in key order.
    pub fn values(&self, range: Option<&IdbKeyRange>) -> Result<Pending, StorageError> {
        self.pending(match range {
            Some(r) => self.store.get_all_with_key(r),
            None => self.store.get_all(),
        })
    }
}

/// A transaction over `stores`; writes use strict durability.
fn transaction(
    db: &IdbDatabase,
    stores: &[&str],
    write: bool,
) -> Result<IdbTransaction, StorageError> {
    let names: Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
    let result = if write {
        let options = js_sys::Object::new();
        js_sys::Reflect::set(&options, &"durability".into(), &"strict".into())
            .map_err(|e| StorageError::from_js("starting a transaction", e))?;
        db.unchecked_ref::<DatabaseWithOptions>().transaction_with_options(
            &names,
            "readwrite",
            &options,
        )
    } else {
        db.transaction_with_str_sequence(&names)
    };
    result.map_err(|e| StorageError::from_js("starting a transaction", e))
}
