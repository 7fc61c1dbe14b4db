//! The relay-hardening figures: memory under stalled readers, half-sent requests from one
//! address, and a valid sign-in's latency while others guess (`BENCH_ONLY=hardening`).

use super::*;

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

type Raw =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn hello(relay: &SpawnedRelay, a: &Device) -> anyhow::Result<Raw> {
    let (mut ws, _) = tokio_tungstenite::connect_async(relay.url()).await?;
    let m =
        ClientMessage::Hello { team: a.creds.team, device: a.creds.device, token: a.creds.token };
    ws.send(Message::Binary(m.encode().into())).await?;
    while let Some(frame) = ws.next().await {
        if let Message::Binary(b) = frame? {
            anyhow::ensure!(matches!(ServerMessage::decode(&b)?, ServerMessage::Welcome { .. }));
            return Ok(ws);
        }
    }
    anyhow::bail!("closed before the welcome")
}

/// `n` signed-in connections that never read while one device pushes 1 MiB changes for
/// `secs`; returns (idle MB, peak MB, MB at the end, changes pushed).
async fn stalled_readers(
    relay: &SpawnedRelay,
    a: &Device,
    n: usize,
    secs: u64,
) -> anyhow::Result<(f64, f64, f64, u64)> {
    let pid = relay.pid().ok_or(anyhow::anyhow!("relay has no pid"))?;
    let base = rss_mb(pid);
    let mut stalled = Vec::new();
    for _ in 0..n {
        stalled.push(hello(relay, a).await?);
    }
    let mut pusher = hello(relay, a).await?;
    let (mut peak, mut pushed, start) = (base, 0u64, Instant::now());
    while start.elapsed() < Duration::from_secs(secs) {
        pushed += 1;
        let data = vec![pushed as u8; 1000 * 1024];
        let m = ClientMessage::Push {
            req: pushed,
            doc: DocId([0x51; 16]),
            kind: BlobKind::Change,
            covers: 0,
            data,
        };
        pusher.send(Message::Binary(m.encode().into())).await?;
        while let Some(frame) = pusher.next().await {
            if let Message::Binary(b) = frame?
                && let ServerMessage::Acked { .. } | ServerMessage::Error { .. } =
                    ServerMessage::decode(&b)?
            {
                break;
            }
        }
        peak = peak.max(rss_mb(pid));
    }
    let end = rss_mb(pid);
    drop(stalled);
    Ok((base, peak, end, pushed))
}

/// 3,000 connections from one address that send half a request; returns how many the relay
/// still holds after `secs`, and how many it closed at once.
async fn half_open(relay: &SpawnedRelay, secs: u64) -> anyhow::Result<(usize, usize)> {
    use tokio::io::AsyncWriteExt;
    let addr: std::net::SocketAddr = format!("127.0.0.1:{}", relay.port).parse()?;
    let mut streams = Vec::new();
    for _ in 0..3_000 {
        let socket = tokio::net::TcpSocket::new_v4()?;
        socket.bind("127.0.0.9:0".parse()?)?;
        let Ok(mut s) = socket.connect(addr).await else { continue };
        let _ = s.write_all(b"GET / HTTP/1.1\r\nHost: rapport\r\nX-Slow: ").await;
        streams.push(s);
    }
    let still_open = |streams: &Vec<tokio::net::TcpStream>| {
        let mut buf = [0u8; 64];
        streams
            .iter()
            .filter(|s| {
                matches!(s.try_read(&mut buf), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock)
            })
            .count()
    };
    tokio::time::sleep(Duration::from_secs(1)).await;
    let closed_at_once = streams.len() - still_open(&streams);
    tokio::time::sleep(Duration::from_secs(secs.saturating_sub(1))).await;
    Ok((still_open(&streams), closed_at_once))
}

/// Sign-in latency of a valid tablet while `wrong` sign-ins with bad tokens arrive from many
/// addresses; returns (p50, p95) in ms, and how many wrong sign-ins were answered.
async fn sign_in_under_guessing(
    relay: &SpawnedRelay,
    a: &Device,
    wrong: u64,
) -> anyhow::Result<(f64, f64, u64)> {
    let url = relay.url();
    let addr: std::net::SocketAddr = format!("127.0.0.1:{}", relay.port).parse()?;
    let (team, device) = (a.creds.team, a.creds.device);
    let done = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let mut guessers = Vec::new();
    for g in 0..16u64 {
        let (url, done) = (url.clone(), done.clone());
        guessers.push(tokio::spawn(async move {
            for i in (g..wrong).step_by(16) {
                // 250 addresses x 40 tries: each address stays near its 10-per-10-min limit.
                let ip = format!("127.0.10.{}", 1 + i % 250);
                let Ok(socket) = tokio::net::TcpSocket::new_v4() else { continue };
                if socket.bind(format!("{ip}:0").parse().unwrap()).is_err() {
                    continue;
                }
                let Ok(stream) = socket.connect(addr).await else { continue };
                let Ok((mut ws, _)) = tokio_tungstenite::client_async(&url, stream).await else {
                    continue;
                };
                let m = ClientMessage::Hello { team, device, token: Token([i as u8; 16]) };
                if ws.send(Message::Binary(m.encode().into())).await.is_ok() {
                    let _ = ws.next().await;
                    done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            }
        }));
    }
    let mut samples = Vec::new();
    while guessers.iter().any(|g| !g.is_finished()) || samples.len() < 20 {
        let start = Instant::now();
        let ws = hello(relay, a).await?;
        samples.push(start.elapsed().as_secs_f64() * 1000.0);
        drop(ws);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok((
        pct(&mut samples, 50.0),
        pct(&mut samples, 95.0),
        done.load(std::sync::atomic::Ordering::Relaxed),
    ))
}

pub(crate) async fn hardening(relay: &SpawnedRelay, a: &Device) -> anyhow::Result<()> {
    let secs = env_or("BENCH_STALL_SECS", 30);
    let (base, peak, end, pushed) = stalled_readers(relay, a, 100, secs).await?;
    println!(
        "100 stalled readers, {secs} s of 1 MiB pushes ({pushed} pushed)   relay {base:.1} MB idle, peak {peak:.1} MB (+{:.1}), {end:.1} MB at the end   target < +100 MB",
        peak - base
    );
    let secs = env_or("BENCH_HALF_OPEN_SECS", 30);
    let (held, refused) = half_open(relay, secs).await?;
    println!(
        "3,000 half-sent requests from one address   {refused} closed at once, {held} still held after {secs} s   target: none beyond the per-address cap (64)"
    );
    let wrong = env_or("BENCH_WRONG_SIGNINS", 10_000);
    let (p50, p95, answered) = sign_in_under_guessing(relay, a, wrong).await?;
    println!(
        "valid sign-in during {answered} wrong sign-ins from 250 addresses   p50 {p50:.1} ms   p95 {p95:.1} ms   target p95 < 100 ms"
    );
    Ok(())
}
