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

/// Meta key naming the device that left its team by itself: the relay then refuses it as
/// removed, and this tells the syncing tab not to erase the data, which leaving keeps.
const LEFT: &str = "left-device";

/// Whether `device` is this tablet leaving (or having left) its team by itself.
pub(super) async fn left_by_itself(repo: &Repo, device: shared::protocol::DeviceId) -> bool {
    repo.store().read_meta(LEFT).await.ok().flatten().is_some_and(|d| d == device.to_string())
}

/// Asks the relay to stop accepting this tablet, then forgets the membership here.
pub async fn leave(repo: &Repo, membership: &Membership) -> Result<(), LeaveError> {
    let device = membership.creds.device;
    // Before asking: the relay closes the syncing tab's connection as removed at once.
    repo.store().write_meta(LEFT, &device.to_string()).await?;
    if let Err(e) = team::revoke(membership, device).await {
        let _ = repo.store().write_meta(LEFT, "").await;
        return Err(LeaveError::Relay(e));
    }
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
