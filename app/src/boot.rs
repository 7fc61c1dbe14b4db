//! Starts everything, in the order that gets the first screen up soonest: storage, the
//! documents every screen needs, the device's events and sync, then older history in the
//! background, and compaction last so it never competes with opening.

use leptos::prelude::*;
use shared::ReferralNetwork;
use shared::doc::DocKey;

use crate::clock::yield_to_browser;
use crate::perf::mark;
use crate::repo::{DataProblem, Repo};
use crate::state::{AppState, Boot, HistoryProgress};

/// Opens storage, shows the newest data, then loads older months in the background.
pub async fn start(app: AppState) {
    mark("rapport-start");
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
