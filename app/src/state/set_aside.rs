//! Setting partners' check-ins and referrals' follow-ups aside (and back), saved on each
//! record so the team sees it.

use chrono::NaiveDate;
use leptos::prelude::*;
use shared::workflow::SetAsideTargets;
use shared::{Partner, PartnerId, Referral, ReferralId};

use super::{AppError, AppState};

/// What each record's set-aside day was before a change, so the change can be undone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Previous {
    check_ins: Vec<(PartnerId, Option<NaiveDate>)>,
    follow_ups: Vec<(ReferralId, Option<NaiveDate>)>,
}

impl AppState {
    /// Sets `targets` aside until `until` (or brings them back with `None`), returning what to
    /// restore for undo. Stops at the first save that fails.
    pub async fn set_aside(
        self,
        targets: &SetAsideTargets,
        until: Option<NaiveDate>,
    ) -> Result<Previous, AppError> {
        let mut previous = Previous::default();
        for &id in &targets.check_ins {
            let Some(base) = self.network.with_untracked(|n| n.partner(id).cloned()) else {
                continue;
            };
            let edited = Partner { check_in_set_aside_until: until, ..base.clone() };
            previous.check_ins.push((id, base.check_in_set_aside_until));
            self.save_edit(base, edited).await?;
        }
        for &id in &targets.referrals {
            let Some(base) = self.network.with_untracked(|n| n.referral(id).cloned()) else {
                continue;
            };
            let edited = Referral { follow_ups_set_aside_until: until, ..base.clone() };
            previous.follow_ups.push((id, base.follow_ups_set_aside_until));
            self.save_edit(base, edited).await?;
        }
        Ok(previous)
    }

    /// Puts back what `set_aside` changed.
    pub async fn restore_set_aside(self, previous: Previous) -> Result<(), AppError> {
        for (id, until) in previous.check_ins {
            let targets = SetAsideTargets { check_ins: vec![id], referrals: vec![] };
            self.set_aside(&targets, until).await?;
        }
        for (id, until) in previous.follow_ups {
            let targets = SetAsideTargets { check_ins: vec![], referrals: vec![id] };
            self.set_aside(&targets, until).await?;
        }
        Ok(())
    }
}
