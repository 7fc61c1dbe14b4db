//! Joining, creating and leaving a team, with the refusals that protect data.

use leptos::prelude::*;

use super::{AppError, AppState};
use crate::sync::{self, Membership, team};

impl AppState {
    /// Refusals that protect data: sample data must never reach a real team.
    fn refuse_sample(self) -> Result<(), AppError> {
        if self.settings.with_untracked(|s| s.sample_data) {
            return Err(AppError::SampleInRealTeam);
        }
        Ok(())
    }

    /// Creates the team with the relay's setup code; this tablet's data becomes the team's.
    pub async fn create_team(
        self,
        setup: shared::protocol::OneTimeCode,
        device_name: &str,
    ) -> Result<(), AppError> {
        self.refuse_sample()?;
        let membership = team::create(setup, device_name).await?;
        self.become_member(membership).await
    }

    pub async fn join_team(
        self,
        invite: shared::sync::Invite,
        device_name: &str,
    ) -> Result<(), AppError> {
        self.refuse_sample()?;
        let membership = team::join(invite.team, invite.code, invite.key, device_name).await?;
        self.become_member(membership).await
    }

    async fn become_member(self, membership: Membership) -> Result<(), AppError> {
        let repo = self.repo().ok_or(AppError::Opening)?;
        sync::become_member(&repo, &membership).await?;
        self.settings.update(|s| s.device_name = membership.device_name.clone());
        self.settings.with_untracked(crate::storage::DeviceSettings::save)?;
        sync::team_changed();
        self.start_sync().await;
        Ok(())
    }

    /// Changes on this tablet that have not reached the relay.
    pub async fn unsynced(self) -> usize {
        match self.repo() {
            Some(repo) => sync::unsynced(&repo).await,
            None => 0,
        }
    }

    /// Leaves the team: refused while changes are unsynced, since they would never reach anyone.
    pub async fn leave_team(self) -> Result<(), AppError> {
        let waiting = self.unsynced().await;
        if waiting > 0 {
            return Err(AppError::UnsyncedLeave(waiting));
        }
        let repo = self.repo().ok_or(AppError::Opening)?;
        let membership = self.membership.get_untracked().ok_or(AppError::NotInTeam)?;
        sync::leave(&repo, &membership).await?;
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
        Ok(())
    }
}
