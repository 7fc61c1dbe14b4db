//! Sync benchmark on loopback against the real relay binary: prints figures, asserts nothing.
//!
//!     cargo bench -p rapport-tests --bench sync      (scripts/bench runs it)
//!     BENCH_ONLY=hardening cargo bench …              (only the relay-hardening figures)
//!     BENCH_ONLY=rotation cargo bench …               (only the key rotation figure)
//!
//! The hardening figures take `BENCH_STALL_SECS` (30), `BENCH_HALF_OPEN_SECS` (30) and
//! `BENCH_WRONG_SIGNINS` (10,000) from the environment, for shorter runs.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use rapport_tests::{Device, SpawnedRelay, partner};
use shared::doc::{DocKey, Record, RecordDoc};
use shared::protocol::{BlobKind, ClientMessage, DocId, ServerMessage, Token};
use shared::sample::{SampleSize, generate};
use tokio_tungstenite::tungstenite::Message;

#[path = "sync_hardening.rs"]
mod hardening;
use hardening::hardening;

fn pct(values: &mut [f64], p: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    values[((p / 100.0) * values.len() as f64).ceil() as usize - 1]
}

fn rss_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse::<f64>().unwrap_or(0.0))
        })
        .unwrap_or(0.0)
        / 1024.0
}

async fn team(relay: &SpawnedRelay) -> anyhow::Result<(Device, Device)> {
    let mut a = Device::create_team(
        &relay.url(),
        relay.setup.ok_or(anyhow::anyhow!("no setup code"))?,
        "Tablet A",
    )
    .await?;
    a.connect().await?;
    let mut b = a.invite_device("Tablet B").await?;
    b.connect().await?;
    a.pump(Duration::from_millis(100)).await?;
    b.pump(Duration::from_millis(100)).await?;
    Ok((a, b))
}

async fn latency(a: &mut Device, b: &mut Device) -> anyhow::Result<(f64, f64)> {
    let mut samples = Vec::new();
    for n in 0..300u128 {
        let p = partner(10_000 + n, &format!("Latency {n}"));
        let start = Instant::now();
        a.edit(&p).await?;
        let before = b.replica.applied;
        while b.replica.applied == before {
            b.pump(Duration::from_millis(1)).await?;
            a.pump(Duration::from_millis(0)).await?;
        }
        samples.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    Ok((pct(&mut samples, 50.0), pct(&mut samples, 95.0)))
}

async fn throughput(a: &mut Device) -> anyhow::Result<f64> {
    let start = Instant::now();
    let before = a.acknowledged.len();
    let mut n = 0u128;
    while start.elapsed() < Duration::from_secs(5) {
        a.edit(&partner(50_000 + n, "Throughput")).await?;
        n += 1;
        a.pump(Duration::from_millis(0)).await?;
    }
    let queued = start.elapsed();
    while a.waiting() > 0 && start.elapsed() < Duration::from_secs(60) {
        a.pump(Duration::from_millis(20)).await?;
    }
    let _ = (n, queued);
    Ok((a.acknowledged.len() - before) as f64 / start.elapsed().as_secs_f64())
}

/// Device A imports the 5-year dataset (one change per document) and sends all of it; returns
/// how many documents it holds.
async fn five_years(a: &mut Device) -> anyhow::Result<usize> {
    let today = chrono::Utc::now().date_naive();
    let sample = generate(SampleSize::LargeFiveYears, today, 20_261_126);
    let mut docs: HashMap<DocKey, RecordDoc> = HashMap::new();
    let now = chrono::Utc::now();
    fn put_all<R: Record>(
        docs: &mut HashMap<DocKey, RecordDoc>,
        records: &[R],
        now: chrono::DateTime<chrono::Utc>,
    ) {
        let mut by_doc: HashMap<DocKey, Vec<R>> = HashMap::new();
        for r in records {
            by_doc.entry(r.doc_key()).or_default().push(r.clone());
        }
        for (k, rs) in by_doc {
            docs.entry(k).or_insert_with(|| RecordDoc::new(k)).put_all(&rs, now).unwrap();
        }
    }
    put_all(&mut docs, &sample.partners, now);
    put_all(&mut docs, &sample.contacts, now);
    put_all(&mut docs, &sample.referrals, now);
    put_all(&mut docs, &sample.touchpoints, now);
    let count = docs.len();
    a.import(docs).await?;
    while a.waiting() > 0 {
        a.pump(Duration::from_millis(50)).await?;
    }
    Ok(count)
}

/// Device A holds the 5-year dataset; returns how long a brand-new device takes to receive all
/// of it.
async fn new_device(a: &mut Device) -> anyhow::Result<(f64, usize)> {
    let count = five_years(a).await?;
    let mut c = a.invite_device("Tablet C").await?;
    let start = Instant::now();
    c.connect().await?;
    // Every document arrived as one change; stop the clock when the last one is stored.
    while c.replica.applied < count && start.elapsed() < Duration::from_secs(300) {
        c.pump(Duration::from_millis(20)).await?;
    }
    let seconds = start.elapsed().as_secs_f64();
    let touchpoints: usize = c
        .replica
        .docs
        .values_mut()
        .map(|d| d.contents().records::<shared::Touchpoint>().0.len())
        .sum();
    anyhow::ensure!(
        touchpoints == 50_000,
        "the new device holds {touchpoints} of 50,000 touchpoints"
    );
    Ok((seconds, count))
}

/// An admin holding the 5-year dataset removes a tablet: how long until the new key epoch is
/// stored and every document is re-sealed as a snapshot under it and acknowledged.
async fn rotation(relay: &SpawnedRelay) -> anyhow::Result<(f64, usize)> {
    let setup = relay.setup.ok_or(anyhow::anyhow!("no setup code"))?;
    let mut a = Device::create_team(&relay.url(), setup, "Admin").await?.with_device_keys()?;
    a.connect().await?;
    let mut b = a.invite_device("Kept").await?.with_device_keys()?;
    b.connect().await?;
    let mut c = a.invite_device("Removed").await?.with_device_keys()?;
    c.connect().await?;
    for d in [&mut a, &mut b, &mut c] {
        d.pump(Duration::from_millis(100)).await?;
    }
    let count = five_years(&mut a).await?;
    a.revoke(c.creds.device).await?;
    let quiet = Duration::from_millis(300);
    let start = Instant::now();
    a.rotate_without(c.creds.device).await?;
    a.pump(quiet).await?;
    let seconds = (start.elapsed() - quiet * 2).as_secs_f64();
    anyhow::ensure!(a.keyring.newest().0.0 == 1, "the rotation did not finish");
    Ok((seconds, count))
}

async fn idle_devices(
    relay: &SpawnedRelay,
    a: &Device,
    n: usize,
) -> anyhow::Result<(usize, f64, f64)> {
    let pid = relay.pid().ok_or(anyhow::anyhow!("relay has no pid"))?;
    let base = rss_mb(pid);
    let mut sockets = Vec::new();
    let hello =
        ClientMessage::Hello { team: a.creds.team, device: a.creds.device, token: a.creds.token }
            .encode();
    for _ in 0..n {
        match tokio_tungstenite::connect_async(relay.url()).await {
            Ok((mut ws, _)) => {
                ws.send(Message::Binary(hello.clone().into())).await?;
                sockets.push(ws);
            }
            Err(e) => {
                eprintln!("  stopped at {} connections: {e}", sockets.len());
                break;
            }
        }
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    Ok((sockets.len(), base, rss_mb(pid)))
}

/// `rapport-server backup` while the relay serves, as an operator runs it: seconds and bytes.
async fn backup(relay: &SpawnedRelay) -> anyhow::Result<(f64, u64)> {
    let file = relay.dir.join("bench.backup");
    let data = relay.dir.join("data");
    let start = Instant::now();
    let args = [OsStr::new("backup"), file.as_os_str(), OsStr::new("--data"), data.as_os_str()];
    let out = SpawnedRelay::command(&args).await?;
    anyhow::ensure!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    Ok((start.elapsed().as_secs_f64(), std::fs::metadata(&file)?.len()))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    // The idle-device figure opens 2,000 connections as one device, and the stalled-reader
    // figure pushes more than a device's quota: lift those limits for the bench only.
    let env = [
        ("RAPPORT_CONNECTIONS_PER_DEVICE", "100000"),
        ("RAPPORT_DEVICE_QUOTA_MB", "1000000"),
        ("RAPPORT_TEAM_QUOTA_MB", "1000000"),
    ];
    let relay = SpawnedRelay::start_with_env(dir.path(), port, &env).await?;
    println!("Rapport sync benchmark (loopback, real relay, SQLite WAL synchronous=FULL)");
    if std::env::var("BENCH_ONLY").is_ok_and(|v| v == "rotation") {
        // A team of its own: the relay's setup code makes one team.
        let (seconds, docs) = rotation(&relay).await?;
        println!(
            "key rotation, 5-year dataset  {seconds:.1} s to rotate and re-seal {docs} documents"
        );
        return relay.kill().await;
    }
    let (mut a, mut b) = team(&relay).await?;
    if std::env::var("BENCH_ONLY").is_ok_and(|v| v == "hardening") {
        hardening(&relay, &a).await?;
        return relay.kill().await;
    }
    let (p50, p95) = latency(&mut a, &mut b).await?;
    println!(
        "change on A visible on B      p50 {p50:.1} ms   p95 {p95:.1} ms   target p95 < 250 ms"
    );
    if std::env::var("BENCH_ONLY").is_ok_and(|v| v == "idle") {
        let (n, base, rss) = idle_devices(&relay, &a, 2_000).await?;
        println!("relay memory {base:.1} MB idle; {rss:.1} MB with {n} connected idle devices");
        return relay.kill().await;
    }
    let rate = throughput(&mut a).await?;
    println!("pushes acknowledged           {rate:.0} per second (one device, 16 in flight)");
    let (seconds, docs) = new_device(&mut a).await?;
    println!("new device, 5-year dataset    {seconds:.1} s for {docs} documents   target < 5 s");
    let (seconds, bytes) = backup(&relay).await?;
    let mb = bytes as f64 / 1e6;
    println!("backup while serving          {seconds:.1} s for the 5-year relay ({mb:.0} MB)");
    let (n, base, rss) = idle_devices(&relay, &a, 2_000).await?;
    println!(
        "relay memory                  {base:.1} MB idle; {rss:.1} MB with {n} connected idle devices   target < 150 MB for 2,000"
    );
    hardening(&relay, &a).await?;
    // Tablets that keep reading; one that stopped would hold the stop to the 10 s drain bound.
    for d in [&mut a, &mut b] {
        d.pump(Duration::from_millis(500)).await?;
    }
    let start = Instant::now();
    let status = relay.terminate().await?;
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    println!("graceful stop (SIGTERM)       {ms:.0} ms to exit ({status}), tablets reading");
    Ok(())
}
