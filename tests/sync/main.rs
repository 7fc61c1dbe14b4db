//! Devices syncing through the real relay on loopback, with a real SQLite file.

mod convergence;
mod crash;
mod devices;
mod floods;
mod hostile;
mod operations;
mod privacy;
mod quotas;
mod rotation;

use std::time::Duration;

use rapport_tests::{Device, TestRelay};

/// A relay with a team of `n` devices, all connected and idle.
pub async fn team(n: usize) -> anyhow::Result<(TestRelay, Vec<Device>)> {
    let relay = TestRelay::start().await?;
    let mut first = Device::create_team(&relay.url(), relay.setup_code()?, "Tablet A").await?;
    first.connect().await?;
    let mut devices = Vec::new();
    for i in 1..n {
        let mut d = first.invite_device(&format!("Tablet {}", (b'A' + i as u8) as char)).await?;
        d.connect().await?;
        devices.push(d);
    }
    devices.insert(0, first);
    settle(&mut devices).await?;
    Ok((relay, devices))
}

/// Lets every connected device handle what the relay sends until all are quiet.
pub async fn settle(devices: &mut [Device]) -> anyhow::Result<()> {
    for _ in 0..3 {
        for d in devices.iter_mut() {
            d.pump(Duration::from_millis(150)).await?;
        }
    }
    Ok(())
}

/// Every device holds exactly the same documents.
pub fn assert_converged(devices: &mut [Device]) {
    let first = devices[0].state();
    let summary: Vec<String> = devices
        .iter()
        .map(|d| {
            format!(
                "{}: connected {}, waiting {}, applied {}, error {:?}, status {:?}",
                d.name,
                d.is_connected(),
                d.waiting(),
                d.replica.applied,
                d.last_error,
                d.engine.status()
            )
        })
        .collect();
    for d in devices.iter_mut().skip(1) {
        assert_eq!(d.state(), first, "{} differs from Tablet A\n{}", d.name, summary.join("\n"));
    }
}

/// A port nobody listens on, for a relay process that must come back on the same one.
pub fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// The relay binary on `port` with a team of two connected tablets, A and B.
pub async fn spawned_team(
    dir: &std::path::Path,
    port: u16,
) -> anyhow::Result<(rapport_tests::SpawnedRelay, Device, Device)> {
    let relay = rapport_tests::SpawnedRelay::start(dir, port).await?;
    let setup = relay.setup.ok_or(anyhow::anyhow!("no setup link printed"))?;
    let mut alice = Device::create_team(&relay.url(), setup, "Tablet A").await?;
    alice.connect().await?;
    let mut bob = alice.invite_device("Tablet B").await?;
    bob.connect().await?;
    Ok((relay, alice, bob))
}

/// A new tablet invited by the first device joins and everyone settles.
pub async fn join_and_settle(devices: &mut Vec<Device>, name: &str) -> anyhow::Result<()> {
    let mut new = devices[0].invite_device(name).await?;
    new.connect().await?;
    devices.push(new);
    for _ in 0..4 {
        settle(devices).await?;
    }
    Ok(())
}
