//! Invites, the device list, and revoking a device.

use std::time::Duration;

use rapport_tests::{Device, partner};
use shared::protocol::{ClientMessage, ErrorCode, Role};

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
    assert!(list.iter().any(|d| d.is_you && devices[0].open_name(d) == "Tablet A"));
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

/// Issue 9: a member revoked the team's creator and then itself, and nobody could invite again
/// without wiping the relay.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_admins_manage_the_team_and_it_always_keeps_one() -> anyhow::Result<()> {
    let (relay, mut devices) = team(3).await?;
    let (alice, bob, carol) =
        (devices[0].creds.device, devices[1].creds.device, devices[2].creds.device);
    let list = devices[0].list_devices().await?;
    let role = |id| list.iter().find(|d| d.id == id).map(|d| d.role);
    assert_eq!(role(alice), Some(Role::Admin), "the creator is an admin");
    assert_eq!(role(bob), Some(Role::Member), "invited devices are members");

    // Step 1: Bob, a member, tries to remove Alice, to invite, and to promote himself.
    let refused = devices[1].manage(ClientMessage::Revoke { device: alice }).await?;
    assert_eq!(refused.err(), Some(ErrorCode::NotAdmin));
    devices[1].send_raw(ClientMessage::CreateInvite { ttl_secs: 0 }).await?;
    let promote = ClientMessage::SetRole { device: bob, role: Role::Admin };
    assert_eq!(devices[1].manage(promote.clone()).await?.err(), Some(ErrorCode::NotAdmin));
    assert!(devices[1].is_connected(), "a refusal does not cut a device off");

    // Step 2: Alice cannot leave the team without an admin.
    let leave = ClientMessage::Revoke { device: alice };
    assert_eq!(devices[0].manage(leave.clone()).await?.err(), Some(ErrorCode::LastAdmin));

    // Step 3: she makes Bob an admin and leaves; Bob invites and removes Carol.
    let list = devices[0].manage(promote).await?.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    assert!(list.iter().any(|d| d.id == bob && d.role == Role::Admin));
    devices[0].manage(leave).await?.ok();
    devices[1].invite().await?;
    let list = devices[1].manage(ClientMessage::Revoke { device: carol }).await?;
    assert!(list.is_ok_and(|l| l.iter().any(|d| d.id == carol && d.revoked)));
    let bob_leaves = ClientMessage::Revoke { device: bob };
    assert_eq!(devices[1].manage(bob_leaves).await?.err(), Some(ErrorCode::LastAdmin));
    drop(relay);
    Ok(())
}
