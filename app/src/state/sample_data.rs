//! Filling a device with the generated sample agency, and clearing a device's data.

use std::collections::BTreeMap;

use leptos::prelude::*;
use shared::ReferralNetwork;
use shared::doc::{DocKey, Record, RecordDoc};
use shared::network::DocRecords;

use super::{AppError, AppState};
use crate::clock::{today, yield_to_browser};
use crate::repo::{Repo, SaveError};
use crate::storage::DeviceSettings;

impl AppState {
    /// Fills an empty device with a generated sample agency, reporting `(done, total)`
    /// documents as it goes.
    pub async fn load_sample(
        self,
        size: shared::sample::SampleSize,
        progress: impl Fn(usize, usize),
    ) -> Result<(), AppError> {
        let repo = self.repo().ok_or(AppError::Opening)?;
        if self.membership.with_untracked(Option::is_some) {
            return Err(AppError::SampleInTeam);
        }
        if !self.network.with_untracked(ReferralNetwork::is_empty) {
            return Err(AppError::SampleOverData);
        }
        let sample = shared::sample::generate(size, today(), 20_261_126);
        let referrals = by_month(sample.referrals);
        let touchpoints = by_month(sample.touchpoints);
        let total = 2 + referrals.len() + touchpoints.len();
        self.settings.update(|s| s.sample_data = true);
        self.settings.with_untracked(DeviceSettings::save)?;
        let fail = AppError::SampleNotSaved;
        let now = chrono::Utc::now();
        repo.import(DocKey::Partners, |doc: &mut RecordDoc| doc.put_all(&sample.partners, now))
            .await
            .map_err(fail)?;
        repo.import(DocKey::Contacts, |doc: &mut RecordDoc| doc.put_all(&sample.contacts, now))
            .await
            .map_err(fail)?;
        progress(2, total);
        let mut done = 2;
        let mut step = || {
            done += 1;
            progress(done, total);
        };
        // What was written is what the network shows, given once at the end (one Today).
        let mut written =
            vec![DocRecords::Partners(sample.partners), DocRecords::Contacts(sample.contacts)];
        written.extend(
            import_months(&repo, referrals, now, &mut step)
                .await
                .map_err(fail)?
                .map(|(key, records)| DocRecords::Referrals(key, records)),
        );
        written.extend(
            import_months(&repo, touchpoints, now, &mut step)
                .await
                .map_err(fail)?
                .map(|(key, records)| DocRecords::Touchpoints(key, records)),
        );
        self.network.update(|n| written.into_iter().for_each(|r| n.replace(r)));
        self.apply_incoming();
        self.save_summary().await;
        Ok(())
    }

    /// Removes every document from this device, then reloads.
    pub async fn remove_all_data(self) -> Result<(), AppError> {
        let repo = self.repo().ok_or(AppError::Opening)?;
        let waiting = self.unsynced().await;
        if waiting > 0 {
            return Err(AppError::UnsyncedClear(waiting));
        }
        repo.store().clear_documents().await?;
        self.settings.update(|s| s.sample_data = false);
        self.settings.with_untracked(DeviceSettings::save)?;
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
        Ok(())
    }
}

fn by_month<R: Record>(records: Vec<R>) -> BTreeMap<DocKey, Vec<R>> {
    let mut months: BTreeMap<DocKey, Vec<R>> = BTreeMap::new();
    for r in records {
        months.entry(r.doc_key()).or_default().push(r);
    }
    months
}

/// Writes each month's document, letting the browser paint between them; gives the months
/// back for the network.
async fn import_months<R: Record>(
    repo: &Repo,
    months: BTreeMap<DocKey, Vec<R>>,
    now: chrono::DateTime<chrono::Utc>,
    step: &mut impl FnMut(),
) -> Result<impl Iterator<Item = (DocKey, Vec<R>)>, SaveError> {
    for (key, records) in &months {
        repo.import(*key, |doc: &mut RecordDoc| doc.put_all(records, now)).await?;
        step();
        yield_to_browser().await;
    }
    Ok(months.into_iter())
}
