//! Running a relay: a SIGTERM loses nothing and tablets come back by themselves; a backup
//! taken mid-sync restores into a new data directory that a new tablet can join.

use std::ffi::OsStr;
use std::time::Duration;

use rapport_tests::{Device, SpawnedRelay, partner};
use shared::Partner;
use shared::doc::DocKey;
use shared::protocol::ErrorCode;

use super::{assert_converged, free_port, join_and_settle, settle, spawned_team};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_pushes_tells_tablets_and_loses_nothing() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let port = free_port()?;
    let (relay, mut alice, mut bob) = spawned_team(dir.path(), port).await?;

    // Step 1: a burst of pushes is under way when the relay is told to stop.
    for n in 0..200u128 {
        alice.edit(&partner(n, &format!("Partner {n}"))).await?;
    }
    let status = relay.terminate().await?;
    assert!(status.success(), "a graceful stop exits cleanly: {status}");
    // The relay has exited; read what it said before it went, however busy the machine is.
    for d in [&mut alice, &mut bob] {
        for _ in 0..100 {
            if !d.is_connected() {
                break;
            }
            d.pump(Duration::from_millis(200)).await?;
        }
    }
    assert_eq!(
        bob.last_error.as_ref().map(|e| e.0),
        Some(ErrorCode::Restarting),
        "connected tablets are told the relay is restarting"
    );
    assert!(bob.signed_out().is_none() && !bob.is_connected());

    // Step 2: it comes back on the same data; the tablets reconnect and finish.
    let relay = SpawnedRelay::start(dir.path(), port).await?;
    for d in [&mut alice, &mut bob] {
        d.connect().await?;
    }
    let mut devices = vec![alice, bob];
    for _ in 0..4 {
        settle(&mut devices).await?;
    }
    assert_eq!(devices[0].waiting(), 0, "everything Alice queued reached the relay");

    // Step 3: a tablet that joins only now proves the relay stored it all.
    join_and_settle(&mut devices, "Tablet C").await?;
    assert_converged(&mut devices);
    assert_eq!(devices[2].records::<Partner>(DocKey::Partners).len(), 200);
    relay.kill().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_during_sync_restores_and_a_new_tablet_gets_everything() -> anyhow::Result<()>
{
    let dir = tempfile::tempdir()?;
    let port = free_port()?;
    let relay = SpawnedRelay::start(dir.path(), port).await?;
    let setup = relay.setup.ok_or(anyhow::anyhow!("no setup link printed"))?;
    let mut alice = Device::create_team(&relay.url(), setup, "Tablet A").await?;
    alice.connect().await?;

    // Step 1: back up while Alice's pushes are being stored.
    for n in 0..150u128 {
        alice.edit(&partner(n, &format!("Partner {n}"))).await?;
    }
    let file = dir.path().join("relay.backup");
    let data = dir.path().join("data");
    let args = [OsStr::new("backup"), file.as_os_str(), OsStr::new("--data"), data.as_os_str()];
    let backup = SpawnedRelay::command(&args);
    let (backup, _) = tokio::join!(backup, alice.pump(Duration::from_millis(500)));
    let backup = backup?;
    assert!(backup.status.success(), "{}", String::from_utf8_lossy(&backup.stderr));
    for n in 150..200u128 {
        alice.edit(&partner(n, &format!("Partner {n}"))).await?;
    }
    alice.pump(Duration::from_millis(300)).await?;

    // Step 2: the relay's machine is lost; a new one is restored from the backup.
    relay.kill().await?;
    let restored = tempfile::tempdir()?;
    let into = restored.path().join("data");
    let refused = SpawnedRelay::command(&[
        OsStr::new("restore"),
        file.as_os_str(),
        OsStr::new("--data"),
        data.as_os_str(),
    ])
    .await?;
    assert!(!refused.status.success(), "restoring over a store with a team needs --replace");
    let restore = SpawnedRelay::command(&[
        OsStr::new("restore"),
        file.as_os_str(),
        OsStr::new("--data"),
        into.as_os_str(),
    ])
    .await?;
    assert!(restore.status.success(), "{}", String::from_utf8_lossy(&restore.stderr));
    let relay = SpawnedRelay::start(restored.path(), port).await?;
    assert!(relay.setup.is_none(), "the restored relay knows its team");

    // Step 3: Alice reconnects (her device token was in the backup); a new tablet joins and
    // gets every partner, including those the backup missed, which Alice puts back.
    alice.connect().await?;
    let mut devices = vec![alice];
    settle(&mut devices).await?;
    join_and_settle(&mut devices, "Tablet D").await?;
    assert_converged(&mut devices);
    assert_eq!(devices[1].records::<Partner>(DocKey::Partners).len(), 200);
    relay.kill().await?;
    Ok(())
}
