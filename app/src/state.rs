//! App-wide reactive state and the one place the UI talks to the repository.
//!
//! Screens read `network` and call `save`; nothing else in the UI touches storage. Starting
//! everything (storage, background loading, sync, device events) is `boot`'s job.

use std::cell::RefCell;
use std::rc::Rc;

use chrono::Local;
use leptos::prelude::*;
use shared::ReferralNetwork;
use shared::doc::DocKey;
use shared::network::{ActivitySummary, DocRecords, NetworkRecord};
use shared::sync::SyncStatus;

use crate::perf::{mark, measure};
use crate::repo::{DataProblem, Repo, SaveError};
use crate::storage::DeviceSettings;
use crate::sync::Membership;

mod backup;
mod conflicts;
mod error;
mod import;
mod sample_data;
mod set_aside;
mod team;

// Screens read the calendar through `state`, as they did before it moved to `clock`.
pub use crate::clock::{local_noon, today};
pub use backup::BackupStep;
pub use error::AppError;
pub use import::ImportRun;
pub use set_aside::Previous as SetAsidePrevious;

const SUMMARY: &str = "activity-summary";

#[derive(Debug, Clone, PartialEq)]
pub enum Boot {
    Opening,
    /// No staff member has set up this tablet: ask for a name and an unlock first.
    SetUp,
    /// Profiles exist and nothing is unlocked: the lock screen, and no record anywhere.
    Locked,
    /// Sealing an earlier version's plaintext rows: `(done, total)`.
    Protecting(usize, usize),
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
    /// The staff profiles on this tablet (names and wrapped keys, no secrets), for the lock
    /// screen and Settings > This tablet.
    pub staff: RwSignal<Vec<shared::vault::StaffProfile>>,
    pub online: RwSignal<bool>,
    pub sync_status: RwSignal<SyncStatus>,
    /// This device's team membership, if it is in one.
    pub membership: RwSignal<Option<Membership>>,
    /// The agency's calendar day, kept current so a tablet left open overnight rolls over.
    pub day: RwSignal<chrono::NaiveDate>,
    /// Everything due, recomputed when the records change or the day turns.
    pub today_list: Memo<shared::workflow::Today>,
    /// Counts changes to `network`, so a costly result (health scores) can be cached per
    /// revision instead of compared against the whole network.
    pub network_revision: Memo<u64>,
    repo: StoredValue<Option<Repo>, LocalStorage>,
    /// Documents that changed underneath the UI; their records are read and applied to
    /// `network` together, once per frame.
    incoming: StoredValue<Rc<RefCell<Vec<DocKey>>>, LocalStorage>,
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
        let network_revision = Memo::new(move |before: Option<&u64>| {
            network.track();
            before.map_or(0, |b| b + 1)
        });
        Self {
            day,
            today_list,
            network_revision,
            network,
            boot: RwSignal::new(Boot::Opening),
            history: RwSignal::new(HistoryProgress::default()),
            save_status: RwSignal::new(SaveStatus::Idle),
            problems: RwSignal::new(Vec::new()),
            settings: RwSignal::new(DeviceSettings::load()),
            staff: RwSignal::new(Vec::new()),
            online: RwSignal::new(online),
            sync_status: RwSignal::new(SyncStatus::NotInTeam),
            membership: RwSignal::new(None),
            repo: StoredValue::new_local(None),
            incoming: StoredValue::new_local(Rc::default()),
        }
    }

    pub fn repo(&self) -> Option<Repo> {
        self.repo.get_value()
    }

    /// The repository, once storage has opened (`boot` sets it).
    pub fn set_repo(&self, repo: Repo) {
        self.repo.set_value(Some(repo));
    }

    /// What the repository calls when a document changed or something about stored data needs
    /// saying: changed documents are applied once per frame, problems shown at once.
    pub fn on_stored_change(self) -> impl Fn(Option<DocKey>, Vec<DataProblem>) + 'static {
        let queue = self.incoming.get_value();
        move |changed, found| {
            if let Some(key) = changed {
                let first = queue.borrow().is_empty();
                if !queue.borrow().contains(&key) {
                    queue.borrow_mut().push(key);
                }
                if first && self.boot.get_untracked() == Boot::Ready {
                    request_animation_frame(move || self.apply_incoming());
                }
            }
            if !found.is_empty() {
                self.problems.update(|p| p.extend(found));
            }
        }
    }

    /// Reads the records of every document that changed and shows them in one update.
    pub fn apply_incoming(&self) {
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

    /// Shows the activity summary saved at the last start, standing in for unloaded history.
    pub async fn read_summary(self, repo: &Repo) {
        if let Ok(Some(text)) = repo.store().read_meta(SUMMARY).await {
            self.network.update(|n| n.set_hint(ActivitySummary::decode(&text)));
        }
    }

    /// Saves the activity summary for the next start, once it can be exact.
    pub async fn save_summary(self) {
        let Some(repo) = self.repo() else { return };
        if !self.history.get_untracked().done() {
            return;
        }
        let text = self.network.with_untracked(|n| ActivitySummary::of(n).encode());
        if let Err(e) = repo.store().write_meta(SUMMARY, &text).await {
            web_sys::console::warn_1(&format!("activity summary not saved: {e}").into());
        }
    }

    /// Starts (or restarts) sync, which reports back only through the status it publishes.
    pub async fn start_sync(self) {
        let Some(repo) = self.repo() else { return };
        let membership = crate::sync::start(repo, move |s| self.sync_status.set(s)).await;
        self.membership.set(membership);
    }

    /// Saves a record durably, then shows it. The error says what happened and what to do.
    pub async fn save<R: NetworkRecord + Send + Sync + 'static>(
        self,
        record: R,
    ) -> Result<(), AppError> {
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
    ) -> Result<(), AppError> {
        let repo = self.start_saving()?;
        let saved = repo.save_edit(&base, &edited).await;
        self.saved(saved)
    }

    /// Removes `records` (a correction, such as attendance taken back), one change per
    /// document, and shows the network without them.
    pub async fn remove<R: shared::doc::Record>(self, records: Vec<R>) -> Result<(), AppError> {
        let repo = self.start_saving()?;
        let mut by_doc: std::collections::BTreeMap<DocKey, Vec<String>> = Default::default();
        for r in &records {
            by_doc.entry(r.doc_key()).or_default().push(r.id_text());
        }
        for (key, ids) in by_doc {
            let removed = repo.remove::<R>(key, ids).await;
            self.settle_save(removed)?;
        }
        self.apply_incoming();
        Ok(())
    }

    fn start_saving(self) -> Result<Repo, AppError> {
        let repo = self.repo().ok_or(AppError::OpeningBeforeSave)?;
        self.save_status.set(SaveStatus::Saving);
        mark("rapport-save-start");
        Ok(repo)
    }

    fn saved<R: NetworkRecord + Send + Sync + 'static>(
        self,
        saved: Result<R, SaveError>,
    ) -> Result<(), AppError> {
        let record = self.settle_save(saved)?;
        self.network.update(|n| record.upsert_into(n));
        Ok(())
    }

    /// Ends a save started by `start_saving`: the header says saved (with the time) or why not.
    fn settle_save<T>(self, saved: Result<T, SaveError>) -> Result<T, AppError> {
        match saved {
            Ok(value) => {
                measure("rapport-save", "rapport-save-start");
                self.save_status.set(SaveStatus::Saved(Local::now().format("%H:%M").to_string()));
                Ok(value)
            }
            Err(e) => {
                let error = AppError::NotSaved(e);
                self.save_status.set(SaveStatus::Failed(error.to_string()));
                Err(error)
            }
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
