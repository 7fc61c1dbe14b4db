//! The driver's part in removing tablets (issue 11): rotating the team key when this tablet
//! removed one, and erasing this tablet's data when it learns it was removed itself.

use shared::sync::Effect;

use super::driver::Driver;
use super::rotation::{self, RotationNote};
use crate::repo::DataProblem;

impl Driver {
    /// Starts the rotation owed for removed tablets, if any and none is under way. Offline,
    /// the engine keeps it and starts once signed in.
    pub(super) async fn start_rotation(&mut self) -> Vec<Effect> {
        if self.rotation.is_some() {
            return Vec::new();
        }
        let owed = rotation::owed(self.repo.store()).await;
        let Some(&first) = owed.first() else { return Vec::new() };
        self.rotation = Some((self.engine.keyring().newest().0.0, owed));
        // The relay lists only tablets still in the team, so one rotation leaves out them all.
        let effects = self.engine.rotate_without(first);
        rotation::tell(if effects.is_empty() {
            RotationNote::Waiting
        } else {
            RotationNote::Changing
        });
        effects
    }

    /// Finishes the bookkeeping once the team is on a newer epoch (made here, or by another
    /// admin after the removal, which left the tablet out as well), or the engine gave up.
    pub(super) async fn check_rotation(&mut self) {
        let Some((before, owed)) = &self.rotation else { return };
        let now = self.engine.keyring().newest().0.0;
        if now > *before {
            if let Err(e) = rotation::settle(self.repo.store(), owed).await {
                // The record stays: a needless extra rotation at the next start is harmless.
                web_sys::console::warn_1(&format!("owed rotation not cleared: {e}").into());
            }
            self.rotation = None;
            rotation::tell(RotationNote::Done(now));
        } else if !self.engine.rotation_busy() {
            self.rotation = None;
            rotation::tell(RotationNote::Failed);
        }
    }

    /// This tablet was removed from the team: erase what it holds, then tell the other tabs,
    /// which reload onto the empty storage. A tablet that left by itself keeps its data.
    pub(super) async fn removed(&mut self) {
        if super::flows::left_by_itself(&self.repo, self.device).await {
            self.left = true;
            return;
        }
        match crate::storage::wipe::wipe_local_data().await {
            Ok(()) => super::removed_elsewhere(),
            Err(e) => self.repo.report(DataProblem::Storage(format!(
                "this tablet was removed from the team, but its data could not be erased ({e}); \
                 clear this site's data in the browser settings"
            ))),
        }
    }
}
