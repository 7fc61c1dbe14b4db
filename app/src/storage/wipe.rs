//! Erasing everything Rapport keeps on this tablet: after too many wrong unlocks, or when the
//! team revokes the tablet. The team's data stays on the relay; only unsynced changes are lost.

use gloo_storage::{LocalStorage, Storage};

use super::idb::{StorageError, Tx};
use super::schema::{self, ALL};

/// Clears every Rapport IndexedDB store and Rapport's localStorage keys, and forgets the
/// unlocked key. The caller reloads the page so nothing stays in memory.
pub async fn wipe_local_data() -> Result<(), StorageError> {
    super::sealed::forget();
    let db = schema::open().await?;
    let tx = Tx::write(&db, &ALL, "erasing this tablet's data")?;
    for name in ALL {
        tx.store(name)?.clear()?;
    }
    tx.commit().await?;
    db.close();
    let storage = LocalStorage::raw();
    let keys: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with("rapport"))
        .collect();
    for key in keys {
        let _ = storage.remove_item(&key);
    }
    Ok(())
}
