//! Key rotation through the real relay (issue 11): removing a tablet rotates the team key, and
//! the removed tablet, with its old keys and a copy of everything the relay holds, reads
//! nothing written after.

use std::time::Duration;

use rapport_tests::{Device, TestRelay, partner};
use shared::Partner;
use shared::doc::DocKey;
use shared::keyring::{DeviceKeyPair, Epoch, KeyringError, SealedEpochKey};
use shared::protocol::{BlobKind, ErrorCode, SEAL_FORMAT_EPOCH, sealed_epoch};
use shared::seal::SealError;
use shared::sync::StopReason;

use super::settle;

/// Alice (admin), Bob and Carol, each with a key pair registered at the relay.
async fn team_with_keys(relay: &TestRelay) -> anyhow::Result<Vec<Device>> {
    let mut alice = Device::create_team(&relay.url(), relay.setup_code()?, "Alice")
        .await?
        .with_device_keys()?;
    alice.connect().await?;
    let mut devices = vec![];
    for name in ["Bob", "Carol"] {
        let mut d = alice.invite_device(name).await?.with_device_keys()?;
        d.connect().await?;
        devices.push(d);
    }
    devices.insert(0, alice);
    settle(&mut devices).await?;
    Ok(devices)
}

fn names(d: &mut Device) -> Vec<String> {
    let mut names: Vec<String> =
        d.records::<Partner>(DocKey::Partners).into_iter().map(|p| p.name).collect();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn carols_tablet_is_removed_and_reads_nothing_written_after() -> anyhow::Result<()> {
    let relay = TestRelay::start().await?;
    let mut devices = team_with_keys(&relay).await?;
    let team = devices[0].creds.team;
    let (alice, bob, carol) =
        (devices[0].creds.device, devices[1].creds.device, devices[2].creds.device);
    assert_eq!(relay.relay.store.device_keys(team)?.len(), 3, "each tablet registered its key");

    // Step 1: before anything happens, Alice writes and everyone reads it.
    devices[0].edit(&partner(1, "Mercy General")).await?;
    settle(&mut devices).await?;
    assert_eq!(names(&mut devices[2]), ["Mercy General"]);
    let carols_keyring = devices[2].engine.keyring().clone();
    let carols_pair = DeviceKeyPair::from_secret_bytes(devices[2].pair_secret.unwrap_or_default());

    // Step 2: Alice removes Carol's tablet and rotates; Bob, connected, gets the key at once.
    devices[0].revoke(carol).await?;
    devices[0].rotate_without(carol).await?;
    settle(&mut devices).await?;
    assert_eq!(devices[0].keyring.newest().0, Epoch(1), "Alice stored the new epoch");
    assert_eq!(devices[1].keyring.newest().0, Epoch(1), "Bob stored the new epoch");
    assert_eq!(devices[2].keyring.newest().0, Epoch(0));

    // Step 3: Alice writes; Bob reads it, also after a restart from what he stored.
    devices[0].edit(&partner(2, "Eastside AAA")).await?;
    settle(&mut devices).await?;
    assert_eq!(names(&mut devices[1]), ["Eastside AAA", "Mercy General"]);
    devices[1].edit(&partner(3, "Hillcrest Rehab")).await?;
    settle(&mut devices).await?;
    assert_eq!(names(&mut devices[0]).len(), 3, "Bob writes under the new epoch too");

    // Step 4: Carol, with her old keyring and key pair, takes a copy of what the relay hands
    // a new tablet, and of every sealed key it keeps for anyone. Alice re-sealed the document
    // as a snapshot under epoch 1 right after rotating, so Carol opens none of it.
    let doc_id = carols_keyring.doc_id(team, DocKey::Partners);
    let page = relay.relay.store.pull(team, doc_id, 0, 1 << 20)?.expect("partners are stored");
    let kinds: Vec<(u64, BlobKind)> = page.items.iter().map(|(s, k, _)| (*s, *k)).collect();
    assert_eq!(
        kinds,
        [(1, BlobKind::Snapshot), (2, BlobKind::Change), (3, BlobKind::Change)],
        "a new tablet starts from the re-sealed snapshot"
    );
    for (seq, kind, data) in &page.items {
        let covers = if *kind == BlobKind::Snapshot { *seq } else { 0 };
        let opened = carols_keyring.open(team, doc_id, *kind, covers, data);
        assert_eq!(opened, Err(SealError::UnknownEpoch(1)), "blob {seq}");
        assert_eq!(data[0], SEAL_FORMAT_EPOCH);
        assert_eq!(sealed_epoch(data).map(|(e, _)| e), Some(1), "the relay sees epoch 1");
    }
    for device in [alice, bob, carol] {
        let (current, keys) = relay.relay.store.epoch_keys(team, device, 0)?;
        assert_eq!(current, 1);
        assert_eq!(keys.len(), usize::from(device != carol), "none is sealed to Carol");
        for bytes in keys {
            let sealed = SealedEpochKey::from_bytes(&bytes)?;
            for as_whom in [device, carol] {
                let mut grabbed = carols_keyring.clone();
                let accepted = grabbed.accept(team, as_whom, &carols_pair, &sealed);
                assert_eq!(accepted, Err(KeyringError::Forged));
            }
        }
    }

    // Step 5: Carol's tablet connects and is told it was removed: the app wipes its data.
    devices[2].connect().await?;
    devices[2].pump(Duration::from_millis(500)).await?;
    assert_eq!(devices[2].last_error.as_ref().map(|e| e.0), Some(ErrorCode::Revoked));
    let reason = devices[2].signed_out().cloned();
    assert_eq!(reason, Some(StopReason::Revoked));
    assert!(reason.is_some_and(|r| r.wipes_local_data()));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tablet_offline_during_the_rotation_catches_up_and_its_waiting_change_syncs()
-> anyhow::Result<()> {
    let relay = TestRelay::start().await?;
    let mut devices = team_with_keys(&relay).await?;
    let carol = devices[2].creds.device;

    // Bob is offline with a change sealed under nothing yet; Alice removes Carol and rotates.
    devices[1].disconnect().await;
    devices[1].edit(&partner(7, "Riverside Clinic")).await?;
    devices[0].revoke(carol).await?;
    devices[0].rotate_without(carol).await?;

    // Bob reconnects: he fetches epoch 1 before pushing, so his change is accepted.
    devices[1].connect().await?;
    settle(&mut devices).await?;
    assert_eq!(devices[1].keyring.newest().0, Epoch(1));
    assert_eq!(devices[1].waiting(), 0, "the change reached the relay");
    assert_eq!(names(&mut devices[0]), ["Riverside Clinic"]);
    assert!(devices[1].last_error.is_none(), "{:?}", devices[1].last_error);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tablet_joining_after_the_rotation_gets_the_new_key_from_a_teammate_and_syncs()
-> anyhow::Result<()> {
    let relay = TestRelay::start().await?;
    let mut devices = team_with_keys(&relay).await?;
    let carol = devices[2].creds.device;
    devices[0].edit(&partner(1, "Mercy General")).await?;
    devices[0].revoke(carol).await?;
    devices[0].rotate_without(carol).await?;
    settle(&mut devices).await?;
    devices[1].edit(&partner(2, "Eastside AAA")).await?;
    settle(&mut devices).await?;

    // Step 1: Dan joins with Alice's invite, which carries only the team's original key. Alice
    // then goes offline, so only Bob can share epoch 1 with him.
    let mut dan = devices[0].invite_device("Dan").await?.with_device_keys()?;
    devices[0].disconnect().await;
    assert_eq!(dan.keyring.newest().0, Epoch(0));
    dan.connect().await?;
    devices.push(dan);
    settle(&mut devices).await?;

    // Step 2: Bob was asked and shared; Dan holds epoch 1, reads everything and writes under it.
    // A document that waited for the key is pulled again on a new connection, which the engine
    // asks for (`Effect::Reconnect`) and the app's driver opens by itself.
    let dan = devices.len() - 1;
    if !devices[dan].is_connected() {
        devices[dan].connect().await?;
        settle(&mut devices).await?;
    }
    assert_eq!(devices[dan].keyring.newest().0, Epoch(1), "Dan stored the shared epoch");
    assert_eq!(devices[dan].signed_out(), None);
    assert!(devices[dan].last_error.is_none(), "{:?}", devices[dan].last_error);
    assert_eq!(names(&mut devices[dan]), ["Eastside AAA", "Mercy General"]);
    devices[dan].edit(&partner(3, "Hillcrest Rehab")).await?;
    devices[0].connect().await?;
    settle(&mut devices).await?;
    assert_eq!(names(&mut devices[0]).len(), 3, "Alice reads what Dan wrote");
    assert_eq!(devices[dan].waiting(), 0);

    // Step 3: the removed Carol still gets nothing sealed to her.
    let (_, keys) = relay.relay.store.epoch_keys(devices[0].creds.team, carol, 0)?;
    assert!(keys.is_empty());
    Ok(())
}
