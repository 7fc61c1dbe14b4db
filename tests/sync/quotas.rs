//! Issue 9, item 10: one device stored 979 MiB in 31 s. Quotas per team and per device, and a
//! free-disk reserve, each refuse pushes with its own error, and the tablet says why in words.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use rapport_tests::{Device, SpawnedRelay, partner};
use shared::protocol::{BlobKind, ClientMessage, DocId, ErrorCode, ServerMessage};
use shared::sync::{Credentials, StopReason, SyncStatus};
use tokio_tungstenite::tungstenite::Message;

type Raw =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

async fn signed_in(relay: &SpawnedRelay, creds: &Credentials) -> anyhow::Result<Raw> {
    let (mut s, _) = tokio_tungstenite::connect_async(relay.url()).await?;
    let hello = ClientMessage::Hello { team: creds.team, device: creds.device, token: creds.token };
    s.send(Message::Binary(hello.encode().into())).await?;
    anyhow::ensure!(matches!(reply(&mut s).await, Some(ServerMessage::Welcome { .. })));
    Ok(s)
}

async fn reply(s: &mut Raw) -> Option<ServerMessage> {
    loop {
        match tokio::time::timeout(Duration::from_secs(10), s.next()).await.ok()?? {
            Ok(Message::Binary(b)) => return ServerMessage::decode(&b).ok(),
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => continue,
        }
    }
}

/// Pushes one change of 1,000 KiB; returns the error code, or `None` when stored.
async fn push(s: &mut Raw, req: u64) -> anyhow::Result<Option<ErrorCode>> {
    let data = vec![req as u8; 1000 * 1024];
    let m =
        ClientMessage::Push { req, doc: DocId([8; 16]), kind: BlobKind::Change, covers: 0, data };
    s.send(Message::Binary(m.encode().into())).await?;
    loop {
        match reply(s).await {
            Some(ServerMessage::Acked { .. }) => return Ok(None),
            Some(ServerMessage::Error { code, .. }) => return Ok(Some(code)),
            Some(ServerMessage::Live { .. }) => continue,
            other => anyhow::bail!("unexpected reply {other:?}"),
        }
    }
}

/// The tablet's own words after its push was refused. The edit carries long notes (200,000
/// letters that do not compress away), so it does not fit in what a quota leaves.
async fn status_after_an_edit(device: &mut Device) -> anyhow::Result<SyncStatus> {
    device.connect().await?;
    device.pump(Duration::from_millis(300)).await?;
    let mut seed = 7u32;
    let notes: String = (0..200_000)
        .map(|_| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            char::from(b'a' + (seed >> 16) as u8 % 26)
        })
        .collect();
    device.edit(&shared::Partner { notes, ..partner(1, "Mercy General") }).await?;
    device.pump(Duration::from_millis(500)).await?;
    Ok(device.engine.status())
}

fn says_full(status: &SyncStatus) -> bool {
    matches!(status, SyncStatus::Stopped { reason: StopReason::RelayFull { .. } })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_and_a_team_are_refused_beyond_their_quotas() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let env = [("RAPPORT_TEAM_QUOTA_MB", "3"), ("RAPPORT_DEVICE_QUOTA_MB", "2")];
    let relay = SpawnedRelay::start_with_env(dir.path(), free_port()?, &env).await?;
    let setup = relay.setup.ok_or(anyhow::anyhow!("no setup link"))?;
    let mut alice = Device::create_team(&relay.url(), setup, "Tablet A").await?;
    alice.connect().await?;
    let bob = alice.invite_device("Tablet B").await?;
    alice.disconnect().await;

    // Step 1: Alice's tablet stores two changes of 1,000 KiB; a third passes its 2 MiB.
    let mut a = signed_in(&relay, &alice.creds).await?;
    assert_eq!(push(&mut a, 1).await?, None);
    assert_eq!(push(&mut a, 2).await?, None);
    assert_eq!(push(&mut a, 3).await?, Some(ErrorCode::DeviceQuota));
    // Step 2: Bob may still store one, until the team's 3 MiB are used.
    let mut b = signed_in(&relay, &bob.creds).await?;
    assert_eq!(push(&mut b, 1).await?, None);
    assert_eq!(push(&mut b, 2).await?, Some(ErrorCode::TeamQuota));
    // Step 3: Alice's tablet explains it in words and keeps the change.
    let status = status_after_an_edit(&mut alice).await?;
    assert!(says_full(&status), "{status:?}");
    assert_eq!(alice.waiting(), 1, "the refused change waits on the tablet");
    relay.kill().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pushes_are_refused_before_the_disk_fills() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    // No disk has a petabyte free: the reserve is never met.
    let env = [("RAPPORT_MIN_FREE_DISK_MB", "1000000000")];
    let relay = SpawnedRelay::start_with_env(dir.path(), free_port()?, &env).await?;
    let setup = relay.setup.ok_or(anyhow::anyhow!("no setup link"))?;
    let mut alice = Device::create_team(&relay.url(), setup, "Tablet A").await?;
    let mut a = signed_in(&relay, &alice.creds).await?;
    assert_eq!(push(&mut a, 1).await?, Some(ErrorCode::DiskFull));
    drop(a);
    let status = status_after_an_edit(&mut alice).await?;
    assert!(says_full(&status), "{status:?}");
    relay.kill().await
}
