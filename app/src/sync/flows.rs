//! Joining, creating and leaving a team, with the refusals that protect data.

use leptos::prelude::*;

use super::{Membership, start, team, team_changed};
use crate::state::AppState;

/// Refusals that protect data: sample data must never reach a real team.
fn refuse_sample(app: AppState) -> Result<(), String> {
    if app.settings.with_untracked(|s| s.sample_data) {
        return Err("This tablet holds the sample agency. Remove it in Settings before joining a team, so made-up data never reaches your real team.".into());
    }
    Ok(())
}

/// Creates the team with the relay's setup code; this tablet's data becomes the team's.
pub async fn create_team(
    app: AppState,
    setup: shared::protocol::OneTimeCode,
    device_name: &str,
) -> Result<(), String> {
    refuse_sample(app)?;
    let membership = team::create(setup, device_name).await?;
    become_member(app, membership).await
}

pub async fn join_team(
    app: AppState,
    invite: shared::sync::Invite,
    device_name: &str,
) -> Result<(), String> {
    refuse_sample(app)?;
    let membership = team::join(invite.team, invite.code, invite.key, device_name).await?;
    become_member(app, membership).await
}

async fn become_member(app: AppState, membership: Membership) -> Result<(), String> {
    let repo = app.repo().ok_or("Rapport is still opening its data; try again in a moment.")?;
    membership.save(repo.store()).await?;
    // Whatever this tablet already holds goes to the team.
    let docs = repo.everything().await.map_err(|e| e.to_string())?;
    repo.store().queue_all(&docs).await.map_err(|e| e.to_string())?;
    app.settings.update(|s| s.device_name = membership.device_name.clone());
    app.settings.with_untracked(crate::storage::DeviceSettings::save)?;
    team_changed();
    start(app).await;
    Ok(())
}

/// Changes on this tablet that have not reached the relay.
pub async fn unsynced(app: AppState) -> usize {
    match app.repo() {
        Some(repo) => repo.store().outbox().await.map(|o| o.len()).unwrap_or(0),
        None => 0,
    }
}

/// Leaves the team: refused while changes are unsynced, since they would never reach anyone.
pub async fn leave_team(app: AppState) -> Result<(), String> {
    let waiting = unsynced(app).await;
    if waiting > 0 {
        return Err(format!(
            "{} on this tablet have not reached the team yet. Connect to the internet and wait until the status says Synced, then leave.",
            crate::format::count(waiting, "change", "changes")
        ));
    }
    let repo = app.repo().ok_or("Rapport is still opening its data; try again in a moment.")?;
    let membership = app.membership.get_untracked().ok_or("This tablet is not in a team.")?;
    team::revoke(&membership, membership.creds.device).await.map_err(|e| {
        format!("{e} Leaving needs a connection so the relay stops accepting this tablet.")
    })?;
    Membership::forget(repo.store()).await?;
    team_changed();
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
    Ok(())
}
