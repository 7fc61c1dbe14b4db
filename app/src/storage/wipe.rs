//! Erasing everything Rapport keeps on this device, for a tablet removed from its team: every
//! IndexedDB store emptied (the database itself stays, so open tabs keep a valid handle) and
//! Rapport's localStorage keys removed.
//!
//! Minimal version for the rotation work; the encryption-at-rest branch owns the full one
//! (same signature).

use super::idb::{StorageError, Tx};
use super::schema;

/// localStorage keys that belong to Rapport all start with this.
const LOCAL_PREFIX: &str = "rapport";

/// Empties every Rapport store on this device. Data already shown stays in the page's memory:
/// the caller shows a screen without it, and reloading starts from the empty storage.
pub async fn wipe_local_data() -> Result<(), StorageError> {
    let db = schema::open().await?;
    let list = db.object_store_names();
    let names: Vec<String> = (0..list.length()).filter_map(|i| list.item(i)).collect();
    if !names.is_empty() {
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let tx = Tx::write(&db, &refs, "erasing this tablet's data")?;
        for name in &refs {
            tx.store(name)?.clear()?;
        }
        tx.commit().await?;
    }
    db.close();
    clear_local_storage()
}

fn clear_local_storage() -> Result<(), StorageError> {
    let unavailable = |e| StorageError::from_js("erasing this tablet's settings", e);
    let window = web_sys::window().ok_or(StorageError::Unavailable("no window".into()))?;
    let Some(storage) = window.local_storage().map_err(unavailable)? else { return Ok(()) };
    let length = storage.length().map_err(unavailable)?;
    let ours: Vec<String> = (0..length)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(LOCAL_PREFIX))
        .collect();
    for key in ours {
        storage.remove_item(&key).map_err(unavailable)?;
    }
    Ok(())
}
