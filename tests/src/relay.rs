//! A real relay on loopback with a real SQLite file: in-process, or as its own process when a
//! test needs to kill it.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, anyhow};
use server::relay::{Limits, Relay};
use server::store::SqliteStore;
use shared::protocol::OneTimeCode;
use tempfile::TempDir;

/// An empty built app, so the server starts without a real `dist/`.
fn fake_dist(dir: &Path) -> anyhow::Result<PathBuf> {
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist)?;
    std::fs::write(dist.join("index.html"), "<!doctype html><title>Rapport</title>")?;
    Ok(dist)
}

pub struct TestRelay {
    pub dir: TempDir,
    pub addr: SocketAddr,
    pub relay: Arc<Relay>,
    setup: Option<OneTimeCode>,
    task: tokio::task::JoinHandle<()>,
}

impl TestRelay {
    pub async fn start() -> anyhow::Result<Self> {
        Self::start_with(Limits::default()).await
    }

    pub async fn start_with(limits: Limits) -> anyhow::Result<Self> {
        let dir = tempfile::tempdir()?;
        let store = SqliteStore::open(&dir.path().join("data"))?;
        let relay = Arc::new(Relay::new(Arc::new(store), limits, vec![]));
        let setup = relay.prepare_setup()?.map(|c| c.parse()).transpose()?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let state =
            server::AppState { dist: Arc::new(fake_dist(dir.path())?), relay: relay.clone() };
        let task = tokio::spawn(async move {
            let _ = server::serve(listener, state).await;
        });
        Ok(Self { dir, addr, relay, setup, task })
    }

    pub fn url(&self) -> String {
        format!("ws://{}/api/sync", self.addr)
    }

    pub fn setup_code(&self) -> anyhow::Result<OneTimeCode> {
        self.setup.ok_or(anyhow!("the relay already has a team"))
    }

    /// Every byte of the relay's database, including its write-ahead log.
    pub fn database_bytes(&self) -> anyhow::Result<Vec<u8>> {
        database_bytes(&self.dir.path().join("data"))
    }
}

impl Drop for TestRelay {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub fn database_bytes(data: &Path) -> anyhow::Result<Vec<u8>> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(data)? {
        all.extend(std::fs::read(entry?.path())?);
    }
    Ok(all)
}

/// The relay as its own process (the real binary), so a test can `kill -9` it.
pub struct SpawnedRelay {
    pub dir: PathBuf,
    pub port: u16,
    child: tokio::process::Child,
    pub setup: Option<OneTimeCode>,
}

/// The `rapport-server` binary beside this test's build. Cargo cannot build it from inside a
/// running test without contending for its own lock, so the scripts build it first
/// (`cargo test --workspace` does so too) and a stale one is refused rather than used.
pub fn server_binary() -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let profile_dir = exe.parent().and_then(Path::parent).ok_or(anyhow!("unexpected test path"))?;
    let bin = profile_dir.join("rapport-server");
    let hint = if profile_dir.ends_with("release") {
        "cargo build -p server --release"
    } else {
        "cargo build -p server"
    };
    let built = std::fs::metadata(&bin)
        .and_then(|m| m.modified())
        .map_err(|_| anyhow!("{} is missing; run `{hint}` first", bin.display()))?;
    let source_newer = ["../server/src", "../shared/src/protocol"]
        .iter()
        .any(|dir| newer_than(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), built));
    anyhow::ensure!(
        !source_newer,
        "{} is older than the server's source; run `{hint}` first",
        bin.display()
    );
    Ok(bin)
}

fn newer_than(dir: &Path, than: std::time::SystemTime) -> bool {
    std::fs::read_dir(dir).into_iter().flatten().flatten().any(|e| {
        let path = e.path();
        if path.is_dir() {
            newer_than(&path, than)
        } else {
            e.metadata().and_then(|m| m.modified()).is_ok_and(|t| t > than)
        }
    })
}

impl SpawnedRelay {
    pub async fn start(dir: &Path, port: u16) -> anyhow::Result<Self> {
        Self::start_with_env(dir, port, &[]).await
    }

    /// Starts it with `RAPPORT_…` variables set, as an administrator would configure it.
    pub async fn start_with_env(
        dir: &Path,
        port: u16,
        env: &[(&str, &str)],
    ) -> anyhow::Result<Self> {
        let dist = fake_dist(dir)?;
        let mut child = tokio::process::Command::new(server_binary()?)
            .envs(env.iter().copied())
            .args(["--port", &port.to_string(), "--dist"])
            .arg(&dist)
            .arg("--data")
            .arg(dir.join("data"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .context("starting rapport-server")?;
        let stdout = child.stdout.take().ok_or(anyhow!("no stdout"))?;
        let mut lines = tokio::io::AsyncBufReadExt::lines(tokio::io::BufReader::new(stdout));
        let mut setup = None;
        let mut ready = false;
        while let Ok(Ok(Some(line))) =
            tokio::time::timeout(Duration::from_secs(20), lines.next_line()).await
        {
            if line.contains("is running at") {
                ready = true;
            }
            if let Some(code) = line.split("#code=").nth(1) {
                setup = Some(code.trim().parse()?);
                break;
            }
            if ready && line.starts_with("Relay data") {
                // No setup link follows when the store already has a team.
                if tokio::time::timeout(Duration::from_millis(300), lines.next_line())
                    .await
                    .is_err()
                {
                    break;
                }
            }
        }
        anyhow::ensure!(ready, "rapport-server did not start");
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(Self { dir: dir.to_path_buf(), port, child, setup })
    }

    pub fn url(&self) -> String {
        format!("ws://127.0.0.1:{}/api/sync", self.port)
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.id()
    }

    /// SIGTERM, as systemd or a container runtime stops it; returns once the process ended.
    pub async fn terminate(mut self) -> anyhow::Result<std::process::ExitStatus> {
        let pid = self.child.id().ok_or(anyhow!("the relay already ended"))?;
        let sent = std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status()?;
        anyhow::ensure!(sent.success(), "could not send SIGTERM");
        Ok(tokio::time::timeout(Duration::from_secs(30), self.child.wait()).await??)
    }

    /// Runs `rapport-server ARGS…` (backup, restore) to completion; returns its output.
    pub async fn command(args: &[&std::ffi::OsStr]) -> anyhow::Result<std::process::Output> {
        Ok(tokio::process::Command::new(server_binary()?).args(args).output().await?)
    }

    /// `kill -9`: no chance to flush or say goodbye.
    pub async fn kill(mut self) -> anyhow::Result<()> {
        self.child.start_kill()?;
        self.child.wait().await?;
        Ok(())
    }
}
