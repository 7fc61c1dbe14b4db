//! Invites, the device list, and revoking a device.

use std::time::Duration;

use rapport_tests::{Device, partner};
use shared::protocol::ErrorCode;

use super::{settle, team};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invite_works_once() -> anyhow::Result<()> {
    let (relay, mut devices) = team(1).await?;
    let code = devices[0].invite().await?;
    let (team_id, key) = (devices[0].creds.team, devices[0].creds.key.clone());
    Device::join(&relay.url(), team_id, key.clone(), code, "Tablet B").await?;
    let again = Device::join(&relay.url(), team_id, key, code, "Tablet C").await;
    assert!(again.err().is_some_and(|e| e.to_string().contains("InviteInvalid")));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_team_sees_each_device_and_a_revoked_one_is_cut_off_at_once() -> anyhow::Result<()> {
    let (_relay, mut devices) = team(2).await?;
    devices[1].edit(&partner(1, "Mercy General")).await?;
    settle(&mut devices).await?;
    let list = devices[0].list_devices().await?;
    assert_eq!(list.len(), 2);
    assert!(list.iter().any(|d| d.is_you && d.name == "Tablet A"));
    assert!(list.iter().all(|d| d.last_sync_ms > 0), "both devices have synced");

    let bob = devices[1].creds.device;
    devices[0].revoke(bob).await?;
    // Bob's open socket is closed with the reason, without him sending anything.
    devices[1].pump(Duration::from_millis(500)).await?;
    assert_eq!(devices[1].last_error.as_ref().map(|e| e.0), Some(ErrorCode::Revoked));
    assert!(!devices[1].is_connected());
    assert!(devices[1].signed_out().is_some());
    // And his token no longer works.
    devices[1].connect().await?;
    devices[1].pump(Duration::from_millis(500)).await?;
    assert_eq!(devices[1].last_error.as_ref().map(|e| e.0), Some(ErrorCode::Revoked));
    let list = devices[0].list_devices().await?;
    assert!(list.iter().any(|d| d.id == bob && d.revoked));
    Ok(())
}
