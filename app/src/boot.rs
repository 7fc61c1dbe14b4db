//! Starts everything, in the order that gets the first screen up soonest: the lock screen
//! (or the first set-up), then once unlocked storage, the documents every screen needs, the
//! device's events and sync, then older history in the background, and compaction last so it
//! never competes with opening. Nothing stored is read before a staff member unlocks.

use leptos::prelude::*;
use shared::ReferralNetwork;
use shared::doc::DocKey;

use crate::clock::yield_to_browser;
use crate::perf::mark;
use crate::repo::{DataProblem, Repo};
use crate::state::{AppState, Boot, HistoryProgress};
use crate::storage::ChunkStore;

/// Shows the lock screen, or the first set-up when no one has set up this tablet yet.
pub async fn start(app: AppState) {
    mark("rapport-start");
    let staff = match ChunkStore::open().await {
        Ok(store) => store.staff().await,
        Err(e) => Err(e),
    };
    match staff {
        Err(e) => app.boot.set(Boot::Failed(e.to_string())),
        Ok(staff) if staff.is_empty() => app.boot.set(Boot::SetUp),
        Ok(staff) => {
            app.staff.set(staff);
            app.boot.set(Boot::Locked);
        }
    }
}

/// Once unlocked: finishes sealing an earlier version's rows if that was interrupted, shows
/// the newest data, then loads older months in the background.
pub async fn open_unlocked(app: AppState) {
    mark("rapport-unlocked");
    if let Err(e) = finish_protecting(app).await {
        return app.boot.set(Boot::Failed(e.to_string()));
    }
    let repo = match Repo::open(app.on_stored_change()).await {
        Ok(repo) => repo,
        Err(e) => return app.boot.set(Boot::Failed(e.to_string())),
    };
    app.set_repo(repo.clone());
    mark("rapport-opened");
    app.read_summary(&repo).await;
    // Only partners and the small relations document (the team's policy and templates,
    // which every follow-through screen needs) load before the first screen; the saved
    // activity summary stands in for history, and everything else follows in the background.
    for key in [DocKey::Partners, DocKey::Relations] {
        if let Err(e) = repo.ensure_loaded(key).await {
            return app.boot.set(Boot::Failed(e.to_string()));
        }
    }
    let total = repo.unloaded_count();
    app.apply_incoming();
    app.history.set(HistoryProgress { loaded: 0, total });
    app.boot.set(Boot::Ready);
    mark("rapport-ready");
    crate::device::watch(app);
    crate::sync::listen(
        move |status| app.sync_status.set(status),
        move || leptos::task::spawn_local(app.start_sync()),
    );
    app.start_sync().await;
    load_history(app, &repo).await;
    app.save_summary().await;
    if let Err(e) = repo.compact_fragmented().await {
        web_sys::console::warn_1(&format!("compaction postponed: {e}").into());
    }
}

/// Seals any plaintext rows left by an earlier version, showing progress.
async fn finish_protecting(app: AppState) -> Result<(), crate::storage::StorageError> {
    let store = ChunkStore::open().await?;
    if !store.migration_pending().await? {
        return Ok(());
    }
    crate::storage::migrate::seal_plaintext(&store, |done, total| {
        app.boot.set(Boot::Protecting(done, total));
    })
    .await?;
    store.migration_done().await?;
    app.boot.set(Boot::Opening);
    Ok(())
}

/// Loads every remaining document, newest first, letting the browser paint between them.
async fn load_history(app: AppState, repo: &Repo) {
    while repo.unloaded_count() > 0 {
        yield_to_browser().await;
        match repo.load_next().await {
            Ok(true) => {
                let remaining = repo.unloaded_count();
                app.history.update(|h| {
                    h.total = h.total.max(h.loaded + remaining + 1);
                    h.loaded = h.total - remaining;
                });
            }
            Ok(false) => break,
            Err(e) => {
                app.problems.update(|p| p.push(DataProblem::Storage(e.to_string())));
                break;
            }
        }
    }
    app.apply_incoming();
    app.network.update(ReferralNetwork::history_complete);
    app.history.update(|h| h.loaded = h.total);
    mark("rapport-history-loaded");
}
