//! Who is using the tablet: the first set-up, unlocking, locking again, and adding or removing
//! a staff member. The crypto is `shared::vault`; the sealed storage is `storage::sealed`;
//! this module decides when each happens and keeps the UI's state in step.
//!
//! Argon2id runs on the main thread (about half a second, see BENCHMARKS.md): the screen
//! shows "Unlocking…" first by yielding to the browser before deriving.

pub mod idle;
pub mod passkey;

use leptos::prelude::*;
use shared::vault::{
    DataKey, KdfParams, SecretError, StaffId, StaffProfile, Status, UnlockSecret, VaultError,
    wrap_with_secret,
};

use crate::clock::yield_to_browser;
use crate::perf::{mark, measure};
use crate::state::{AppState, Boot};
use crate::storage::{ChunkStore, StorageError, sealed};

/// Occurs when setting up, unlocking or changing who uses the tablet does not go through.
#[derive(Debug, thiserror::Error)]
pub enum AccessError {
    /// Occurs when a new PIN or passphrase is too easy to guess.
    #[error("{0}")]
    Weak(#[from] SecretError),
    /// Occurs when the two entries of a new PIN or passphrase differ.
    #[error("the two entries are not the same; type the PIN or passphrase again in both fields")]
    Mismatch,
    /// Occurs when the PIN or passphrase typed on the lock screen is not right.
    #[error("Not right; {} left.", crate::format::count(*left as usize, "try", "tries"))]
    Wrong { left: u32, warn: bool },
    /// Occurs when the wrapped key or the Argon2 settings cannot be used.
    #[error("{0}")]
    Vault(#[from] VaultError),
    /// Occurs when the browser's storage fails.
    #[error("{0}")]
    Storage(#[from] StorageError),
    /// Occurs when the chosen staff member is no longer on this tablet.
    #[error("that staff member is no longer on this tablet; choose another")]
    NoSuchStaff,
    /// Occurs when the fingerprint or face unlock is refused, cancelled or unavailable; never
    /// counted as a wrong try, since the authenticator checks the person itself.
    #[error("{0}")]
    Passkey(#[from] passkey::PasskeyError),
    /// Occurs when a passkey answered but its output does not open the data key; counted.
    #[error("That fingerprint or face unlock did not open Rapport's data; {} left. Use your PIN instead.",
        crate::format::count(*left as usize, "try", "tries"))]
    WrongPasskey { left: u32, warn: bool },
    /// Occurs when the chosen staff member has no fingerprint or face unlock on this tablet.
    #[error(
        "you have not set up fingerprint or face unlock on this tablet; use your PIN or passphrase"
    )]
    NoPasskey,
    /// Occurs when removing would leave no one able to unlock.
    #[error("the last staff member cannot be removed; add another first, or erase the tablet")]
    LastStaff,
}

/// A new PIN or passphrase, typed twice.
pub fn new_secret(first: &str, again: &str) -> Result<UnlockSecret, AccessError> {
    let secret = UnlockSecret::new(first)?;
    if first != again {
        return Err(AccessError::Mismatch);
    }
    Ok(secret)
}

/// The first run: makes the tablet's data key, wraps it with the first staff member's secret,
/// saves the profile (with the marker that starts sealing older rows), then opens the data.
pub async fn set_up(app: AppState, name: String, secret: UnlockSecret) -> Result<(), AccessError> {
    let store = ChunkStore::open().await?;
    yield_to_browser().await;
    let key = DataKey::generate().map_err(VaultError::Random)?;
    mark("rapport-kdf-start");
    let profile = StaffProfile::new(&name, &key, &secret, KdfParams::DEFAULT)?;
    measure("rapport-kdf", "rapport-kdf-start");
    store.save_first_staff(&profile).await?;
    started(app, key, &profile);
    app.staff.set(vec![profile]);
    Ok(())
}

/// Unlocks as `staff` with what was typed. A wrong secret counts toward the wipe (counted
/// before Argon2 runs, so closing the page mid-try does not give a free guess); the last one
/// erases the tablet and reloads.
pub async fn unlock(app: AppState, staff: StaffId, entered: String) -> Result<(), AccessError> {
    let store = ChunkStore::open().await?;
    let profiles = store.staff().await?;
    let profile = profiles.iter().find(|p| p.id == staff).ok_or(AccessError::NoSuchStaff)?;
    let mut attempts = store.attempts().await?;
    if attempts.begin().is_err() {
        return wipe_and_restart().await;
    }
    store.save_attempts(attempts).await?;
    yield_to_browser().await;
    mark("rapport-kdf-start");
    let outcome = profile.unlock_with_secret(&entered);
    measure("rapport-kdf", "rapport-kdf-start");
    conclude(app, &store, attempts, outcome, profile, false).await
}

/// Unlocks as `staff` with their fingerprint or face. A refused or cancelled passkey is not a
/// wrong try (the authenticator verified the person, or no one); an output that does not
/// unwrap the data key is, as a wrong PIN would be.
pub async fn unlock_with_passkey(app: AppState, staff: StaffId) -> Result<(), AccessError> {
    let store = ChunkStore::open().await?;
    let profiles = store.staff().await?;
    let profile = profiles.iter().find(|p| p.id == staff).ok_or(AccessError::NoSuchStaff)?;
    let (id, salt) = profile.passkeys().next().ok_or(AccessError::NoPasskey)?;
    let answer = passkey::evaluate(id, salt).await?;
    let mut attempts = store.attempts().await?;
    if attempts.begin().is_err() {
        return wipe_and_restart().await;
    }
    store.save_attempts(attempts).await?;
    let outcome = profile.unlock_with_prf(&answer.credential_id, &answer.output);
    conclude(app, &store, attempts, outcome, profile, true).await
}

/// Settles a try begun with `Attempts::begin`: starts the session, wipes after the last wrong
/// try, or says how many are left.
async fn conclude(
    app: AppState,
    store: &ChunkStore,
    mut attempts: shared::vault::Attempts,
    outcome: Result<DataKey, VaultError>,
    profile: &StaffProfile,
    by_passkey: bool,
) -> Result<(), AccessError> {
    let status = attempts.settle(&outcome);
    store.save_attempts(attempts).await?;
    let wrong = |left, warn| match by_passkey {
        true => AccessError::WrongPasskey { left, warn },
        false => AccessError::Wrong { left, warn },
    };
    match (outcome, status) {
        (Ok(key), _) => {
            started(app, key, profile);
            Ok(())
        }
        (Err(_), Status::Wipe) => wipe_and_restart().await,
        (Err(VaultError::WrongSecret), Status::Fine { left }) => Err(wrong(left, false)),
        (Err(VaultError::WrongSecret), Status::Warn { left }) => Err(wrong(left, true)),
        (Err(e), _) => Err(e.into()),
    }
}

/// Sets up fingerprint or face unlock for the unlocked staff member on this tablet, replacing
/// an earlier one; their PIN or passphrase stays as the fallback.
pub async fn enrol_passkey(app: AppState) -> Result<(), AccessError> {
    let session = sealed::session()?;
    let store = ChunkStore::open().await?;
    let mut staff = store.staff().await?;
    let me = staff.iter_mut().find(|p| p.id == session.staff).ok_or(AccessError::NoSuchStaff)?;
    let salt = shared::vault::prf_salt()?;
    let answer = passkey::create(me.id, &me.name, &salt).await?;
    me.set_passkey(&session.key, &answer.credential_id, salt, &answer.output)?;
    store.save_staff(&staff).await?;
    app.staff.set(staff);
    Ok(())
}

/// Removes the unlocked staff member's fingerprint or face unlock; the PIN stays. (The
/// credential stays in the authenticator, but without its wrap it opens nothing.)
pub async fn remove_passkey(app: AppState) -> Result<(), AccessError> {
    let me = sealed::session()?.staff;
    let store = ChunkStore::open().await?;
    let mut staff = store.staff().await?;
    staff.iter_mut().filter(|p| p.id == me).for_each(StaffProfile::remove_passkeys);
    store.save_staff(&staff).await?;
    app.staff.set(staff);
    Ok(())
}

/// The session starts: the key is held, the name signs drafts, the data opens.
fn started(app: AppState, key: DataKey, profile: &StaffProfile) {
    sealed::unlock(key, profile.id);
    app.settings.update(|s| s.staff_name = profile.name.clone());
    // Rewrites the device settings without the name an earlier version kept there.
    let _ = app.settings.with_untracked(|s| s.save());
    app.boot.set(Boot::Opening);
    leptos::task::spawn_local(crate::boot::open_unlocked(app));
    idle::watch(app);
}

/// Erases the tablet after too many wrong tries and starts again at the first set-up.
async fn wipe_and_restart() -> Result<(), AccessError> {
    crate::storage::wipe::wipe_local_data().await?;
    if let Some(w) = web_sys::window() {
        let _ = w.location().replace("/");
    }
    Ok(())
}

/// Locks now: forgets the key, then reloads so no record stays in memory or on screen.
pub fn lock() {
    sealed::forget();
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

/// Adds a staff member who unlocks the same data key with their own secret.
pub async fn add_staff(
    app: AppState,
    name: String,
    secret: UnlockSecret,
) -> Result<(), AccessError> {
    let session = sealed::session()?;
    let store = ChunkStore::open().await?;
    let mut staff = store.staff().await?;
    yield_to_browser().await;
    let wrapped = wrap_with_secret(&session.key, &secret, KdfParams::DEFAULT)?;
    staff.push(StaffProfile { id: StaffId::generate()?, name, unlocks: vec![wrapped] });
    store.save_staff(&staff).await?;
    app.staff.set(staff);
    Ok(())
}

/// Removes a staff member (one who forgot their secret, or left); never the last one.
pub async fn remove_staff(app: AppState, id: StaffId) -> Result<(), AccessError> {
    let store = ChunkStore::open().await?;
    let mut staff = store.staff().await?;
    if staff.len() <= 1 {
        return Err(AccessError::LastStaff);
    }
    staff.retain(|p| p.id != id);
    store.save_staff(&staff).await?;
    app.staff.set(staff);
    Ok(())
}

/// Renames the unlocked staff member (Settings > This tablet).
pub async fn rename_current(app: AppState, name: String) -> Result<(), AccessError> {
    let me = sealed::session()?.staff;
    let store = ChunkStore::open().await?;
    let mut staff = store.staff().await?;
    staff.iter_mut().filter(|p| p.id == me).for_each(|p| p.name = name.clone());
    store.save_staff(&staff).await?;
    app.staff.set(staff);
    app.settings.update(|s| s.staff_name = name);
    Ok(())
}
