//! Setting partners' check-ins aside (and back), saved on each partner so the team sees it.

use chrono::NaiveDate;
use leptos::prelude::*;
use shared::{Partner, PartnerId};

use super::{AppError, AppState};

/// What each partner's set-aside day was before a change, so the change can be undone.
pub type Previous = Vec<(PartnerId, Option<NaiveDate>)>;

impl AppState {
    /// Sets each partner's check-in aside until `until` (or brings it back with `None`),
    /// returning what to restore for undo. Stops at the first save that fails.
    pub async fn set_check_ins_aside(
        self,
        partners: &[PartnerId],
        until: Option<NaiveDate>,
    ) -> Result<Previous, AppError> {
        let mut previous = Vec::new();
        for &id in partners {
            let Some(base) = self.network.with_untracked(|n| n.partner(id).cloned()) else {
                continue;
            };
            let edited = Partner { check_in_set_aside_until: until, ..base.clone() };
            previous.push((id, base.check_in_set_aside_until));
            self.save_edit(base, edited).await?;
        }
        Ok(previous)
    }

    /// Puts back what `set_check_ins_aside` changed.
    pub async fn restore_set_aside(self, previous: Previous) -> Result<(), AppError> {
        for (id, until) in previous {
            self.set_check_ins_aside(&[id], until).await?;
        }
        Ok(())
    }
}
