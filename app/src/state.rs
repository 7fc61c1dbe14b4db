//! App-wide reactive state and the one place that talks to the repository.
//!
//! Screens read `network` and call `save`; nothing else in the UI touches storage.

use std::cell::RefCell;
use std::rc::Rc;

use chrono::{Local, NaiveDate};
use leptos::prelude::*;
use shared::ReferralNetwork;
use shared::doc::DocKey;
use shared::network::{ActivitySummary, DocRecords, NetworkRecord};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::repo::{DataProblem, Repo};
use crate::storage::DeviceSettings;

mod sample_data;

const SUMMARY: &str = "activity-summary";

#[derive(Debug, Clone, PartialEq)]
pub enum Boot {
    Opening,
    Ready,
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum SaveStatus {
    Idle,
    Saving,
    /// Durably saved on this device at the given local time.
    Saved(String),
    Failed(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct HistoryProgress {
    pub loaded: usize,
    pub total: usize,
}

impl HistoryProgress {
    pub fn done(self) -> bool {
        self.loaded >= self.total
    }
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub network: RwSignal<ReferralNetwork>,
    pub boot: RwSignal<Boot>,
    pub history: RwSignal<HistoryProgress>,
    pub save_status: RwSignal<SaveStatus>,
    pub problems: RwSignal<Vec<DataProblem>>,
    pub settings: RwSignal<DeviceSettings>,
    pub online: RwSignal<bool>,
    pub sync_status: RwSignal<shared::sync::SyncStatus>,
    /// This device's team membership, if it is in one.
    pub membership: RwSignal<Option<crate::sync::Membership>>,
    /// The agency's calendar day, kept current so a tablet left open overnight rolls over.
    pub day: RwSignal<NaiveDate>,
    /// Everything due, recomputed when the records change or the day turns.
    pub today_list: Memo<shared::workflow::Today>,
    repo: StoredValue<Option<Repo>, LocalStorage>,
    /// Documents that changed underneath the UI; their records are read and applied to
    /// `network` together, once per frame.
    incoming: StoredValue<Rc<RefCell<Vec<DocKey>>>, LocalStorage>,
}

/// The agency's calendar day on this device.
pub fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// Midday of an agency day, for records that carry a date but no time of day.
pub fn local_noon(day: NaiveDate) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    let noon = day.and_hms_opt(12, 0, 0).unwrap_or_default();
    Local.from_local_datetime(&noon).earliest().map_or_else(chrono::Utc::now, |t| t.to_utc())
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

impl AppState {
    pub fn new() -> Self {
        let online = web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true);
        let network = RwSignal::new(ReferralNetwork::default());
        let day = RwSignal::new(today());
        let today_list = Memo::new(move |_| {
            mark("rapport-today-start");
            let on = day.get();
            let list = network.with(|n| shared::workflow::today(n, on, &Local));
            measure("rapport-today", "rapport-today-start");
            list
        });
        Self {
            day,
            today_list,
            network,
            boot: RwSignal::new(Boot::Opening),
            history: RwSignal::new(HistoryProgress::default()),
            save_status: RwSignal::new(SaveStatus::Idle),
            problems: RwSignal::new(Vec::new()),
            settings: RwSignal::new(DeviceSettings::load()),
            online: RwSignal::new(online),
            sync_status: RwSignal::new(shared::sync::SyncStatus::NotInTeam),
            membership: RwSignal::new(None),
            repo: StoredValue::new_local(None),
            incoming: StoredValue::new_local(Rc::default()),
        }
    }

    pub fn repo(&self) -> Option<Repo> {
        self.repo.get_value()
    }

    /// Opens storage, shows the newest data, then loads older months in the background.
    pub async fn start(self) {
        mark("rapport-start");
        let incoming = self.incoming.get_value();
        let problems = self.problems;
        let queue = incoming.clone();
        let state = self;
        let opened = Repo::open(move |changed, found| {
            if let Some(key) = changed {
                let first = queue.borrow().is_empty();
                if !queue.borrow().contains(&key) {
                    queue.borrow_mut().push(key);
                }
                if first && state.boot.get_untracked() == Boot::Ready {
                    request_animation_frame(move || state.apply_incoming());
                }
            }
            if !found.is_empty() {
                problems.update(|p| p.extend(found));
            }
        })
        .await;
        let repo = match opened {
            Ok(repo) => repo,
            Err(e) => return self.boot.set(Boot::Failed(e.to_string())),
        };
        self.repo.set_value(Some(repo.clone()));
        mark("rapport-opened");
        if let Ok(Some(text)) = repo.store().read_meta(SUMMARY).await {
            self.network.update(|n| n.set_hint(ActivitySummary::decode(&text)));
        }
        // Only partners and the small relations document (the team's policy and templates,
        // which every follow-through screen needs) load before the first screen; the saved
        // activity summary stands in for history, and everything else follows in the background.
        for key in [DocKey::Partners, DocKey::Relations] {
            if let Err(e) = repo.ensure_loaded(key).await {
                return self.boot.set(Boot::Failed(e.to_string()));
            }
        }
        let total = repo.unloaded_count();
        self.apply_incoming();
        self.history.set(HistoryProgress { loaded: 0, total });
        self.boot.set(Boot::Ready);
        mark("rapport-ready");
        self.watch_device();
        crate::sync::listen(self);
        crate::sync::start(self).await;
        while repo.unloaded_count() > 0 {
            yield_to_browser().await;
            match repo.load_next().await {
                Ok(true) => {
                    let remaining = repo.unloaded_count();
                    self.history.update(|h| {
                        h.total = h.total.max(h.loaded + remaining + 1);
                        h.loaded = h.total - remaining;
                    });
                }
                Ok(false) => break,
                Err(e) => {
                    self.problems.update(|p| p.push(DataProblem::Storage(e.to_string())));
                    break;
                }
            }
        }
        self.apply_incoming();
        self.network.update(ReferralNetwork::history_complete);
        self.history.update(|h| h.loaded = h.total);
        mark("rapport-history-loaded");
        self.save_summary().await;
        if let Err(e) = repo.compact_fragmented().await {
            web_sys::console::warn_1(&format!("compaction postponed: {e}").into());
        }
    }

    fn apply_incoming(&self) {
        mark("rapport-apply-start");
        let keys: Vec<DocKey> = std::mem::take(&mut *self.incoming.get_value().borrow_mut());
        let Some(repo) = self.repo() else { return };
        let mut batch: Vec<DocRecords> = Vec::new();
        let mut unreadable = Vec::new();
        for key in keys {
            if let Some((records, problems)) = repo.records(key) {
                batch.push(records);
                if !problems.is_empty() {
                    unreadable.push(DataProblem::UnreadableRecords { doc: key, problems });
                }
            }
        }
        measure("rapport-hydrate", "rapport-apply-start");
        mark("rapport-update-start");
        if !batch.is_empty() {
            self.network.update(|n| batch.into_iter().for_each(|r| n.replace(r)));
        }
        measure("rapport-network-update", "rapport-update-start");
        if !unreadable.is_empty() {
            self.problems.update(|p| {
                p.retain(|old| !unreadable.iter().any(|new| same_doc(old, new)));
                p.extend(unreadable);
            });
        }
    }

    /// Saves the activity summary for the next start, once it can be exact.
    async fn save_summary(self) {
        let Some(repo) = self.repo() else { return };
        if !self.history.get_untracked().done() {
            return;
        }
        let text = self.network.with_untracked(|n| ActivitySummary::of(n).encode());
        if let Err(e) = repo.store().write_meta(SUMMARY, &text).await {
            web_sys::console::warn_1(&format!("activity summary not saved: {e}").into());
        }
    }

    /// Saves a record durably, then shows it. The error says what happened and what to do.
    pub async fn save<R: NetworkRecord + Send + Sync + 'static>(
        self,
        record: R,
    ) -> Result<(), String> {
        let repo = self.start_saving()?;
        let saved = repo.save(&record).await.map(|()| record);
        self.saved(saved)
    }

    /// Saves an edit of an existing record: only what changed from `base` (the record as the
    /// form or action first saw it) is written, so a concurrent edit elsewhere is not undone.
    pub async fn save_edit<R: NetworkRecord + Send + Sync + 'static>(
        self,
        base: R,
        edited: R,
    ) -> Result<(), String> {
        let repo = self.start_saving()?;
        let saved = repo.save_edit(&base, &edited).await;
        self.saved(saved)
    }

    fn start_saving(self) -> Result<Repo, String> {
        let Some(repo) = self.repo() else {
            return Err("Rapport is still opening its data; wait a moment, then save again.".into());
        };
        self.save_status.set(SaveStatus::Saving);
        mark("rapport-save-start");
        Ok(repo)
    }

    fn saved<R: NetworkRecord + Send + Sync + 'static>(
        self,
        saved: Result<R, crate::repo::SaveError>,
    ) -> Result<(), String> {
        match saved {
            Ok(record) => {
                measure("rapport-save", "rapport-save-start");
                self.network.update(|n| record.upsert_into(n));
                self.save_status.set(SaveStatus::Saved(Local::now().format("%H:%M").to_string()));
                Ok(())
            }
            Err(e) => {
                let message = format!("Not saved: {e}. Your entry is still on screen; try again.");
                self.save_status.set(SaveStatus::Failed(message.clone()));
                Err(message)
            }
        }
    }

    /// Follows connectivity and visibility: flush when hidden, catch up with other tabs when
    /// shown again, and ask the browser not to evict our data.
    fn watch_device(self) {
        let Some(window) = web_sys::window() else { return };
        for (event, online) in [("online", true), ("offline", false)] {
            let on = Closure::<dyn FnMut()>::new(move || self.online.set(online));
            let _ = window.add_event_listener_with_callback(event, on.as_ref().unchecked_ref());
            on.forget();
        }
        let roll_over = move || {
            if self.day.get_untracked() != today() {
                self.day.set(today());
            }
        };
        let each_minute = Closure::<dyn FnMut()>::new(roll_over);
        let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
            each_minute.as_ref().unchecked_ref(),
            60_000,
        );
        each_minute.forget();
        let on_visibility = Closure::<dyn FnMut()>::new(move || {
            roll_over();
            let Some(repo) = self.repo() else { return };
            let hidden = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
            wasm_bindgen_futures::spawn_local(async move {
                let result = if hidden {
                    let flushed = repo.flush().await.map_err(|e| e.to_string());
                    self.save_summary().await;
                    flushed
                } else {
                    repo.catch_up(None).await.map_err(|e| e.to_string())
                };
                if let Err(e) = result {
                    self.problems.update(|p| p.push(DataProblem::Storage(e)));
                }
            });
        });
        if let Some(document) = window.document() {
            let _ = document.add_event_listener_with_callback(
                "visibilitychange",
                on_visibility.as_ref().unchecked_ref(),
            );
        }
        let _ = window
            .add_event_listener_with_callback("pagehide", on_visibility.as_ref().unchecked_ref());
        on_visibility.forget();
        if let Ok(storage) = js_sys::Reflect::get(&window.navigator(), &"storage".into())
            && let Ok(manager) = storage.dyn_into::<web_sys::StorageManager>()
        {
            let _ = manager.persist();
        }
    }
}

fn same_doc(a: &DataProblem, b: &DataProblem) -> bool {
    matches!((a, b), (DataProblem::UnreadableRecords { doc: x, .. }, DataProblem::UnreadableRecords { doc: y, .. }) if x == y)
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

/// Lets the browser paint and handle input between background loads.
async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A performance mark the benchmark reads.
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// A performance measure from the latest `start` mark to now, read by the benchmark.
pub fn measure(name: &str, start: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.measure_with_start_mark(name, start);
    }
}
