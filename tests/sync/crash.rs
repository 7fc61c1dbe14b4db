//! `kill -9` of the relay in the middle of a burst of pushes loses nothing it acknowledged.
//!
//! Alice and Bob got changes live before the crash, so only a device that joins afterwards
//! proves they were stored: it can get them from nowhere but the relay's file.

use std::time::Duration;

use rapport_tests::{Device, SpawnedRelay, partner};
use shared::Partner;
use shared::doc::DocKey;

use super::{assert_converged, free_port, settle, spawned_team};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_change_survives_a_relay_kill_and_devices_converge() -> anyhow::Result<()>
{
    let dir = tempfile::tempdir()?;
    let port = free_port()?;
    let (relay, mut alice, mut bob) = spawned_team(dir.path(), port).await?;
    // Carol's invite is made now, so she can join after the crash before anyone reconnects.
    let invite = alice.invite().await?;

    // Step 1: Alice fires off a burst of 300 changes without waiting.
    for n in 0..300u128 {
        alice.edit(&partner(n, &format!("Partner {n}"))).await?;
        if n % 25 == 0 {
            alice.pump(Duration::from_millis(5)).await?;
        }
    }
    alice.pump(Duration::from_millis(20)).await?;
    // Step 2: the relay dies mid-burst.
    relay.kill().await?;
    alice.pump(Duration::from_millis(200)).await?;
    bob.pump(Duration::from_millis(200)).await?;
    let acknowledged = alice.acknowledged.clone();
    assert!(!acknowledged.is_empty(), "some pushes were acknowledged before the kill");

    // Step 3: it restarts on the same store. Carol joins while Alice and Bob are still away,
    // so every change she gets was read from the relay's file.
    let relay = SpawnedRelay::start(dir.path(), port).await?;
    assert!(relay.setup.is_none(), "the team survived the kill");
    let (team, key) = (alice.creds.team, alice.creds.key.clone());
    let mut carol = Device::join(&relay.url(), team, key, invite, "Tablet C").await?;
    carol.connect().await?;
    for _ in 0..5 {
        carol.pump(Duration::from_millis(150)).await?;
    }
    let on_carol: Vec<String> =
        carol.records::<Partner>(DocKey::Partners).into_iter().map(|p| p.name).collect();
    // Alice's outbox ids start at 1, in the order of her edits.
    let lost: Vec<u64> = acknowledged
        .iter()
        .copied()
        .filter(|id| !on_carol.contains(&format!("Partner {}", id - 1)))
        .collect();
    assert!(
        lost.is_empty(),
        "{} acknowledged changes were not stored, from outbox id {:?}",
        lost.len(),
        lost.first()
    );

    // Step 4: Alice and Bob reconnect; everyone catches up.
    for d in [&mut alice, &mut bob] {
        d.disconnect().await;
        d.connect().await?;
    }
    let mut devices = vec![alice, bob, carol];
    for _ in 0..5 {
        settle(&mut devices).await?;
    }
    assert_converged(&mut devices);
    let on_bob: Vec<Partner> = devices[1].records(DocKey::Partners);
    assert_eq!(on_bob.len(), 300, "every change, acknowledged or retried, reaches Bob");
    assert_eq!(devices[0].waiting(), 0);
    relay.kill().await?;
    Ok(())
}
