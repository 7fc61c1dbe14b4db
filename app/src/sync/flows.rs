//! The device's side of joining and leaving a team: what is stored, queued and told to other
//! tabs. The refusals that protect data (sample data, unsynced changes) are the caller's.

use super::{Membership, team, team_changed};
use crate::repo::Repo;
use crate::storage::StorageError;

/// Keeps the membership and queues everything this tablet holds for the team; the caller
/// tells other tabs (`team_changed`) once it has finished its own part.
pub async fn become_member(repo: &Repo, membership: &Membership) -> Result<(), StorageError> {
    membership.save(repo.store()).await?;
    // Whatever this tablet already holds goes to the team.
    let docs = repo.everything().await?;
    repo.store().queue_all(&docs).await
}

/// Changes on this tablet that have not reached the relay.
pub async fn unsynced(repo: &Repo) -> usize {
    repo.store().outbox().await.map(|o| o.len()).unwrap_or(0)
}

/// Asks the relay to stop accepting this tablet, then forgets the membership here.
pub async fn leave(repo: &Repo, membership: &Membership) -> Result<(), LeaveError> {
    team::revoke(membership, membership.creds.device).await.map_err(LeaveError::Relay)?;
    Membership::forget(repo.store()).await?;
    team_changed();
    Ok(())
}

/// Occurs when this tablet cannot leave its team.
#[derive(Debug, Clone, thiserror::Error)]
pub enum LeaveError {
    /// Occurs when the relay cannot be told; leaving quietly would leave the tablet trusted.
    #[error("{0} Leaving needs a connection so the relay stops accepting this tablet.")]
    Relay(team::TeamError),
    #[error(transparent)]
    Storage(#[from] StorageError),
}
