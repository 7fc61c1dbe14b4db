//! Sync with the team's other tablets through the relay, when this device is in a team.
//!
//! One tab per device syncs (it holds a Web Lock); other tabs queue their changes in the shared
//! outbox, see synced changes through the repository's tab messages, and show the status the
//! syncing tab broadcasts. So two tabs never upload the same change twice.
//!
//! Sync sees the repository and reports through callbacks, never the UI's state: the app's
//! layers point one way (`scripts/check-layers.mjs`).
//!
//! The connection (driver, socket, the shared sync engine and protocol) is a chunk of its own
//! (`sync`), fetched once the first screen shows: Today never waits for it, and a tablet not in
//! a team never downloads it before the service worker precaches it.

mod driver;
mod flows;
mod removal;
pub mod rotation;
mod socket;
pub mod team;

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use shared::sync::{SyncStatus, stored};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_split_helpers::SplitLoaderError;
use web_sys::{BroadcastChannel, MessageEvent};

use crate::repo::Repo;
pub use flows::{LeaveError, become_member, leave, unsynced};
pub use team::Membership;

const STATUS_CHANNEL: &str = "rapport-sync-status";
const TEAM_CHANGED: &str = "team-changed";
/// This tablet was removed from the team and its data erased: other tabs reload.
const REMOVED: &str = "removed";

thread_local! {
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    static CHANNEL: Option<BroadcastChannel> = BroadcastChannel::new(STATUS_CHANNEL).ok();
}

/// Status as text for other tabs.
fn encode(s: &SyncStatus) -> String {
    stored::to_text(s)
}

fn decode(text: &str) -> Option<SyncStatus> {
    stored::from_text(text)
}

fn broadcast(text: &str) {
    CHANNEL.with(|c| {
        if let Some(c) = c {
            let _ = c.post_message(&text.into());
        }
    });
}

/// Tells other tabs this device joined or left a team.
pub fn team_changed() {
    broadcast(TEAM_CHANGED);
}

/// Tells other tabs this tablet's data was erased, so they stop showing what they hold.
fn removed_elsewhere() {
    broadcast(REMOVED);
}

/// Listens to the syncing tab's status, and to team changes made in other tabs (which call
/// for `start` again).
pub fn listen(on_status: impl Fn(SyncStatus) + 'static, on_team_changed: impl Fn() + 'static) {
    let on_status = Rc::new(on_status);
    // Statuses are decoded in the sync chunk; the newest one wins if they finish out of order.
    let (sent, shown) = (Rc::new(Cell::new(0_u64)), Rc::new(Cell::new(0_u64)));
    CHANNEL.with(|c| {
        let Some(channel) = c else { return };
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let text = e.data().as_string().unwrap_or_default();
            if text == TEAM_CHANGED {
                on_team_changed();
            } else if text == REMOVED {
                // What this tab shows was erased from storage; start again from the empty one.
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            } else if !RUNNING.get() {
                let (on_status, shown) = (on_status.clone(), shown.clone());
                let seq = sent.get() + 1;
                sent.set(seq);
                leptos::task::spawn_local(async move {
                    if let Ok(Some(status)) = decode_status(text).await
                        && seq > shown.get()
                    {
                        shown.set(seq);
                        on_status(status);
                    }
                });
            }
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
    });
}

/// Starts syncing if this device is in a team: every tab queues its changes; the tab that wins
/// the lock runs the connection. Returns the membership found; every status goes to
/// `on_status`, so sync never needs the UI's state.
pub async fn start(repo: Repo, on_status: impl Fn(SyncStatus) + 'static) -> Option<Membership> {
    let found = Membership::load(repo.store()).await;
    repo.set_syncing(found.is_some());
    let Some(membership) = found.clone() else {
        on_status(SyncStatus::NotInTeam);
        return None;
    };
    if RUNNING.get() {
        return found;
    }
    on_status(SyncStatus::Connecting { waiting: 0 });
    let on_status: Rc<dyn Fn(SyncStatus)> = Rc::new(on_status);
    when_leader(move || {
        if RUNNING.replace(true) {
            return;
        }
        leptos::task::spawn_local(async move {
            let publish = move |status: SyncStatus| {
                broadcast(&encode(&status));
                on_status(status);
            };
            let publish: Rc<dyn Fn(SyncStatus)> = Rc::new(publish);
            // The chunk is precached once installed; before that, a lost connection delays it.
            loop {
                match connection(repo.clone(), membership.clone(), publish.clone()).await {
                    Ok(run) => return run.await,
                    Err(e) => {
                        web_sys::console::warn_1(&format!("sync waits: {e}").into());
                        publish(SyncStatus::Offline { waiting: 0 });
                        crate::clock::pause_ms(RETRY_MS).await;
                    }
                }
            }
        });
    });
    found
}

/// How long to wait before fetching the sync chunk again after a failure.
const RETRY_MS: i32 = 10_000;

/// Occurs when the sync chunk could not be downloaded (before installation, offline).
#[derive(Debug, thiserror::Error)]
#[error("the sync code could not be downloaded yet")]
struct SyncCodeMissing;

impl From<SplitLoaderError> for SyncCodeMissing {
    fn from(_: SplitLoaderError) -> Self {
        SyncCodeMissing
    }
}

split_fn! {
    sync,
    /// Another tab's status, decoded in the `sync` chunk (only a device in a team gets any).
    fn decode_status(text: String) -> Result<Option<SyncStatus>, SyncCodeMissing> {
        Ok(decode(&text))
    }
}

split_fn! {
    sync,
    /// The connection to the relay, which runs until the tab closes; in the `sync` chunk.
    fn connection(
        repo: Repo,
        membership: Membership,
        publish: Rc<dyn Fn(SyncStatus)>,
    ) -> Result<Pin<Box<dyn Future<Output = ()>>>, SyncCodeMissing> {
        Ok(Box::pin(async move {
            let cursors =
                repo.store().cursors().await.map(|t| driver::decode_cursors(&t)).unwrap_or_default();
            let (tx, rx) = futures_channel::mpsc::unbounded();
            let queued = tx.clone();
            repo.on_queued(move || {
                let _ = queued.unbounded_send(driver::Event::Queued);
            });
            watch_connectivity(tx.clone());
            let asked = tx.clone();
            // Kept for as long as the connection runs: any tab may ask for a rotation.
            let _requests = rotation::requests(move || {
                let _ = asked.unbounded_send(driver::Event::Rotate);
            });
            let publish = move |status: SyncStatus| publish(status);
            driver::Driver::new(repo, &membership, cursors, tx, publish).run(rx).await;
        }))
    }
}

/// Online/offline events and a heartbeat tick, as driver events.
fn watch_connectivity(tx: futures_channel::mpsc::UnboundedSender<driver::Event>) {
    let Some(window) = web_sys::window() else { return };
    for (name, online) in [("online", true), ("offline", false)] {
        let tx = tx.clone();
        let on = Closure::<dyn FnMut()>::new(move || {
            let _ = tx.unbounded_send(if online {
                driver::Event::Online
            } else {
                driver::Event::Offline
            });
        });
        let _ = window.add_event_listener_with_callback(name, on.as_ref().unchecked_ref());
        on.forget();
    }
    let tick = Closure::<dyn FnMut()>::new(move || {
        let _ = tx.unbounded_send(driver::Event::Tick);
    });
    let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
        tick.as_ref().unchecked_ref(),
        10_000,
    );
    tick.forget();
}

/// Runs `f` once this tab holds the device-wide sync lock (at once where Web Locks are
/// unavailable). The lock is held until the tab closes.
fn when_leader(f: impl FnOnce() + 'static) {
    let navigator = web_sys::window().map(|w| w.navigator());
    let locks = navigator
        .and_then(|n| Reflect::get(&n, &"locks".into()).ok())
        .filter(|l| !l.is_undefined());
    let request = locks
        .as_ref()
        .and_then(|l| Reflect::get(l, &"request".into()).ok())
        .and_then(|r| r.dyn_into::<Function>().ok());
    match (locks, request) {
        (Some(locks), Some(request)) => {
            let f = Rc::new(Cell::new(Some(f)));
            let held = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
                if let Some(f) = f.take() {
                    f();
                }
                Promise::new(&mut |_, _| {}).into()
            });
            let _ = request.call2(&locks, &"rapport-sync".into(), &held);
        }
        _ => f(),
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn status_survives_the_trip_to_other_tabs() {
        for s in [
            SyncStatus::NotInTeam,
            SyncStatus::Offline { waiting: 3 },
            SyncStatus::Synced { at_ms: 1_790_000_000_000, waiting: 0 },
            SyncStatus::Stopped { reason: shared::sync::StopReason::Revoked },
        ] {
            assert_eq!(decode(&encode(&s)), Some(s));
        }
    }
}
