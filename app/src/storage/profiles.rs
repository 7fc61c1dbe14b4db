//! The `vault` store: staff profiles (each with the data key wrapped by their unlock), the
//! wrong-try count and the migration marker. Kept in the clear because the lock screen needs
//! them before anything is unlocked; none of it is a partner's or participant's data.

use shared::vault::{Attempts, StaffProfile};
use wasm_bindgen::JsValue;

use super::chunks::ChunkStore;
use super::idb::{StorageError, Tx};
use super::schema::VAULT;

const STAFF: &str = "staff";
const ATTEMPTS: &str = "attempts";
const MIGRATION: &str = "migration";

impl ChunkStore {
    async fn read_vault(&self, name: &str) -> Result<Option<String>, StorageError> {
        let tx = Tx::read(&self.db, &[VAULT], "reading who uses this tablet")?;
        Ok(tx.store(VAULT)?.get(&name.into())?.value().await?.as_string())
    }

    async fn write_vault(&self, rows: &[(&str, String)]) -> Result<(), StorageError> {
        let tx = Tx::write(&self.db, &[VAULT], "saving who uses this tablet")?;
        let store = tx.store(VAULT)?;
        for (name, value) in rows {
            store.put(&JsValue::from_str(value), &(*name).into())?;
        }
        tx.commit().await
    }

    /// The staff profiles on this tablet; none before the first run's set-up. A damaged list
    /// reads as an error, never as "no one", which would offer a fresh set-up over the data.
    pub async fn staff(&self) -> Result<Vec<StaffProfile>, StorageError> {
        match self.read_vault(STAFF).await? {
            None => Ok(Vec::new()),
            Some(text) => serde_json::from_str(&text).map_err(|e| StorageError::Failed {
                action: "reading who uses this tablet",
                message: e.to_string(),
            }),
        }
    }

    pub async fn save_staff(&self, staff: &[StaffProfile]) -> Result<(), StorageError> {
        self.write_vault(&[(STAFF, json(staff)?)]).await
    }

    /// The first profile and the migration marker together: from then on the tablet asks for
    /// an unlock, and a page closed during the migration resumes it after unlocking.
    pub async fn save_first_staff(&self, first: &StaffProfile) -> Result<(), StorageError> {
        let staff = json(std::slice::from_ref(first))?;
        self.write_vault(&[(STAFF, staff), (MIGRATION, "sealing".into())]).await
    }

    /// Wrong tries so far; unreadable counts as the most, so tampering cannot reset it.
    pub async fn attempts(&self) -> Result<Attempts, StorageError> {
        Ok(match self.read_vault(ATTEMPTS).await? {
            None => Attempts::new(),
            Some(text) => serde_json::from_str(&text).unwrap_or_else(|_| exhausted()),
        })
    }

    pub async fn save_attempts(&self, attempts: Attempts) -> Result<(), StorageError> {
        self.write_vault(&[(ATTEMPTS, json(&attempts)?)]).await
    }

    /// Whether sealing the previous version's plaintext rows was started and not finished.
    pub async fn migration_pending(&self) -> Result<bool, StorageError> {
        Ok(self.read_vault(MIGRATION).await?.as_deref() == Some("sealing"))
    }

    pub async fn migration_done(&self) -> Result<(), StorageError> {
        self.write_vault(&[(MIGRATION, "done".into())]).await
    }
}

fn exhausted() -> Attempts {
    let mut attempts = Attempts::new();
    while attempts.begin().is_ok() {}
    attempts
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, StorageError> {
    serde_json::to_string(value).map_err(|e| StorageError::Failed {
        action: "saving who uses this tablet",
        message: e.to_string(),
    })
}
