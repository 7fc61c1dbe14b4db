//! Floods: idle and half-sent connections, code guessing, a device that stops reading, and
//! too many connections per device. Each is capped or timed out, and the team keeps syncing.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use rapport_tests::{Device, TestRelay};
use shared::protocol::{BlobKind, ClientMessage, DocId, ErrorCode, OneTimeCode, ServerMessage};
use tokio_tungstenite::tungstenite::Message;

use super::hostile::{code_of, raw, reply, signed_in, still_serving};
use super::team;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_idle_connections_and_code_guessing_do_not_stop_the_team() -> anyhow::Result<()>
{
    let (relay, mut devices) = team(2).await?;
    // 100 connections from another address that never sign in.
    let mut flood = Vec::new();
    let mut refused = 0;
    for _ in 0..100 {
        let socket = tokio::net::TcpSocket::new_v4()?;
        socket.bind("127.0.0.2:0".parse()?)?;
        let stream = socket.connect(relay.addr).await?;
        match tokio_tungstenite::client_async(relay.url(), stream).await {
            Ok((ws, _)) => flood.push(ws),
            Err(_) => refused += 1,
        }
    }
    assert!(
        refused >= 30,
        "connections beyond the per-address limit are refused (refused {refused})"
    );
    still_serving(&mut devices, 103).await?;

    // Guessing setup or invite codes from one address is cut off after ten tries.
    let team_id = devices[0].creds.team;
    let mut last = None;
    for guess in 0..12u8 {
        let mut s = raw(&relay).await?;
        s.send(Message::Binary(
            ClientMessage::Join {
                team: team_id,
                invite: OneTimeCode([guess; 16]),
                device_name: "x".into(),
            }
            .encode()
            .into(),
        ))
        .await?;
        last = code_of(reply(&mut s).await);
    }
    assert_eq!(last, Some(ErrorCode::TooManyAttempts));
    drop(flood);
    still_serving(&mut devices, 104).await
}

/// A connection from `ip` (any 127.x address is this machine).
async fn tcp_from(relay: &TestRelay, ip: &str) -> anyhow::Result<tokio::net::TcpStream> {
    let socket = tokio::net::TcpSocket::new_v4()?;
    socket.bind(format!("{ip}:0").parse()?)?;
    Ok(socket.connect(relay.addr).await?)
}

/// Whether the relay closes `stream` within `within`.
async fn closed_within(stream: &mut tokio::net::TcpStream, within: Duration) -> bool {
    use tokio::io::AsyncReadExt;
    let mut buf = [0u8; 1024];
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0) | Err(_)) => return true,
            Ok(Ok(_)) => continue,
        }
    }
}

/// Issue 9, item 8: a WebSocket ping before signing in used to end the "pending" period, so
/// one address held as many unsigned sockets as it liked (600 of 600 were accepted).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pinging_before_signing_in_does_not_escape_the_per_address_cap() -> anyhow::Result<()> {
    let (relay, mut devices) = team(2).await?;
    let cap = server::relay::Limits::default().pending_per_address;
    let mut held = Vec::new();
    for _ in 0..cap + 36 {
        let Ok(stream) = tcp_from(&relay, "127.0.0.4").await else { continue };
        let Ok((mut ws, _)) = tokio_tungstenite::client_async(relay.url(), stream).await else {
            continue;
        };
        if ws.send(Message::Ping(b"still here".to_vec().into())).await.is_err() {
            continue;
        }
        if let Ok(Some(Ok(Message::Pong(_)))) =
            tokio::time::timeout(Duration::from_secs(5), ws.next()).await
        {
            held.push(ws);
        }
    }
    assert!(held.len() <= cap, "{} unsigned sockets held from one address", held.len());
    still_serving(&mut devices, 105).await
}

/// Issue 9, item 8: idle and half-sent HTTP connections were held forever (3,015 fds from one
/// address), so with a 1,024-fd limit real tablets timed out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_sent_requests_are_capped_per_address_and_then_timed_out() -> anyhow::Result<()> {
    let (relay, mut devices) = team(2).await?;
    let cap = server::relay::Limits::default().pending_per_address;
    let mut slow = Vec::new();
    for _ in 0..cap + 36 {
        use tokio::io::AsyncWriteExt;
        let mut stream = tcp_from(&relay, "127.0.0.5").await?;
        let _ = stream.write_all(b"GET /relay HTTP/1.1\r\nHost: rapport\r\nX-Slow: ").await;
        slow.push(stream);
    }
    let mut refused = 0;
    for stream in &mut slow {
        if closed_within(stream, Duration::from_millis(100)).await {
            refused += 1;
        }
    }
    assert!(refused >= 36, "connections over the per-address cap are closed ({refused} were)");
    still_serving(&mut devices, 106).await?;
    // The rest are closed by the header-read timeout (10 s); 60 s leaves a busy machine room.
    let mut open = 0;
    for stream in &mut slow {
        if !closed_within(stream, Duration::from_secs(60)).await {
            open += 1;
        }
    }
    assert_eq!(open, 0, "half-sent requests are closed after the header-read timeout");
    still_serving(&mut devices, 107).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_that_stops_reading_is_dropped_long_before_256_large_changes() -> anyhow::Result<()>
{
    let relay = TestRelay::start().await?;
    let alice = Device::create_team(&relay.url(), relay.setup_code()?, "Tablet A").await?;
    let mut pusher = signed_in(&relay, &alice.creds).await?;
    let mut reader = signed_in(&relay, &alice.creds).await?;
    let _stalled = signed_in(&relay, &alice.creds).await?;
    assert_eq!(relay.relay.hub.connections(), 3);
    // 48 changes of 1,000 KiB: far fewer than 256 frames, far more than a few MiB of queue
    // and socket buffers.
    let mut forwarded = 0;
    for req in 1..=48u64 {
        let push = ClientMessage::Push {
            req,
            doc: DocId([3; 16]),
            kind: BlobKind::Change,
            covers: 0,
            data: vec![req as u8; 1000 * 1024],
        };
        pusher.send(Message::Binary(push.encode().into())).await?;
        assert!(matches!(reply(&mut pusher).await, Some(ServerMessage::Acked { .. })));
        if matches!(reply(&mut reader).await, Some(ServerMessage::Live { .. })) {
            forwarded += 1;
        }
    }
    assert_eq!(forwarded, 48, "a device that reads gets every change");
    assert_eq!(relay.relay.hub.connections(), 2, "the one that never reads was dropped");
    Ok(())
}

/// Issue 9, item 10: one device held 2,000 connections.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_device_holds_at_most_four_connections_and_the_oldest_is_told_why() -> anyhow::Result<()>
{
    let relay = TestRelay::start().await?;
    let alice = Device::create_team(&relay.url(), relay.setup_code()?, "Tablet A").await?;
    let mut sockets = Vec::new();
    for _ in 0..6 {
        sockets.push(signed_in(&relay, &alice.creds).await?);
    }
    assert_eq!(relay.relay.hub.connections(), 4);
    let oldest = reply(&mut sockets[0]).await;
    assert!(
        matches!(&oldest, Some(ServerMessage::Error { message, .. }) if message.contains("oldest")),
        "got {oldest:?}"
    );
    Ok(())
}
