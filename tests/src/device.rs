//! A native device: the real sync engine and Automerge documents over a real WebSocket to the
//! relay, driven step by step so tests can interleave edits, drops and syncs at will.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use shared::doc::{DocKey, Record, RecordDoc};
use shared::keyring::{DeviceKeyPair, Keyring};
use shared::protocol::{
    ClientMessage, DeviceId, DeviceInfo, OneTimeCode, ServerMessage, TeamId, Token,
};
use shared::seal::TeamKey;
use shared::sync::testing::{Effects, Replica};
use shared::sync::{Credentials, Effect, OutboxEntry, StopReason, SyncEngine};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

pub struct Device {
    pub name: String,
    url: String,
    pub creds: Credentials,
    pub engine: SyncEngine,
    /// Its documents, and how many blobs from the relay were applied or did not open.
    pub replica: Replica,
    outbox: BTreeMap<u64, OutboxEntry>,
    sink: Option<SplitSink<Socket, Message>>,
    stream: Option<SplitStream<Socket>>,
    /// Outbox ids the relay acknowledged (durably stored).
    pub acknowledged: BTreeSet<u64>,
    /// Frames sent to the relay.
    pub sent: usize,
    pub last_error: Option<(shared::protocol::ErrorCode, String)>,
    invite: Option<OneTimeCode>,
    devices: Option<Vec<DeviceInfo>>,
    signed_out: Option<StopReason>,
    /// The keyring and key pair secret "storage" keeps, once the device has a key pair.
    pub keyring: Keyring,
    pub pair_secret: Option<[u8; 32]>,
}

/// Opens a socket and exchanges one sign-up message for a welcome.
async fn sign_up(url: &str, message: ClientMessage) -> anyhow::Result<(TeamId, DeviceId, Token)> {
    let (mut socket, _) =
        tokio_tungstenite::connect_async(url).await.context("connecting to the relay")?;
    socket.send(Message::Binary(message.encode().into())).await?;
    let frame = tokio::time::timeout(Duration::from_secs(10), socket.next())
        .await?
        .ok_or(anyhow!("relay closed"))??;
    match ServerMessage::decode(&frame.into_data())? {
        ServerMessage::Welcome { team, device, token: Some(token) } => Ok((team, device, token)),
        other => bail!("sign-up refused: {other:?}"),
    }
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

impl Device {
    fn new(name: &str, url: &str, creds: Credentials) -> Self {
        let key = creds.key.clone();
        Self {
            name: name.to_string(),
            url: url.to_string(),
            engine: SyncEngine::new(creds.clone(), HashMap::new()),
            creds,
            replica: Replica::default(),
            outbox: BTreeMap::new(),
            sink: None,
            stream: None,
            acknowledged: BTreeSet::new(),
            sent: 0,
            last_error: None,
            invite: None,
            devices: None,
            signed_out: None,
            keyring: Keyring::new(key),
            pair_secret: None,
        }
    }

    /// Gives this device a key pair, as the app does at join, so it can receive key updates.
    pub fn with_device_keys(mut self) -> anyhow::Result<Self> {
        let pair = DeviceKeyPair::generate().map_err(|e| anyhow!("{e}"))?;
        self.pair_secret = Some(*pair.secret_bytes());
        self.engine = self.engine.with_device_keys(self.keyring.clone(), pair);
        Ok(self)
    }

    /// After revoking `leaving`, seals the next key epoch to the rest of the team.
    pub async fn rotate_without(&mut self, leaving: DeviceId) -> anyhow::Result<()> {
        let effects = self.engine.rotate_without(leaving);
        self.perform(effects).await?;
        self.pump(Duration::from_millis(300)).await
    }

    /// The team's first device, with the relay's setup code.
    pub async fn create_team(url: &str, setup: OneTimeCode, name: &str) -> anyhow::Result<Self> {
        let key = TeamKey::generate().map_err(|e| anyhow!("{e}"))?;
        let sealed = key.seal_name(name)?;
        let (team, device, token) =
            sign_up(url, ClientMessage::CreateTeam { setup, device_name: sealed }).await?;
        Ok(Self::new(name, url, Credentials { team, device, token, key }))
    }

    /// Joins with an invite; the team key comes from the invite link, never from the relay.
    pub async fn join(
        url: &str,
        team: TeamId,
        key: TeamKey,
        invite: OneTimeCode,
        name: &str,
    ) -> anyhow::Result<Self> {
        let sealed = key.seal_name(name)?;
        let (team, device, token) =
            sign_up(url, ClientMessage::Join { team, invite, device_name: sealed }).await?;
        Ok(Self::new(name, url, Credentials { team, device, token, key }))
    }

    /// A second device of the same team, invited by this one.
    pub async fn invite_device(&mut self, name: &str) -> anyhow::Result<Device> {
        let code = self.invite().await?;
        Self::join(&self.url, self.creds.team, self.creds.key.clone(), code, name).await
    }

    pub async fn invite(&mut self) -> anyhow::Result<OneTimeCode> {
        self.invite = None;
        self.send_raw(ClientMessage::CreateInvite { ttl_secs: 0 }).await?;
        for _ in 0..50 {
            self.pump(Duration::from_millis(100)).await?;
            if let Some(code) = self.invite.take() {
                return Ok(code);
            }
        }
        bail!("no invite from the relay")
    }

    pub async fn list_devices(&mut self) -> anyhow::Result<Vec<DeviceInfo>> {
        self.devices = None;
        self.send_raw(ClientMessage::ListDevices).await?;
        for _ in 0..50 {
            self.pump(Duration::from_millis(100)).await?;
            if let Some(d) = self.devices.take() {
                return Ok(d);
            }
        }
        bail!("no device list from the relay")
    }

    pub async fn revoke(&mut self, device: DeviceId) -> anyhow::Result<()> {
        self.send_raw(ClientMessage::Revoke { device }).await?;
        self.pump(Duration::from_millis(300)).await
    }

    /// A device's name from the relay's list, opened with the team key.
    pub fn open_name(&self, d: &DeviceInfo) -> String {
        self.creds.key.open_name(&d.name).unwrap_or_else(|e| format!("(unreadable: {e})"))
    }

    /// Sends a membership request and returns the device list, or the refusal's code.
    pub async fn manage(
        &mut self,
        request: ClientMessage,
    ) -> anyhow::Result<Result<Vec<DeviceInfo>, shared::protocol::ErrorCode>> {
        self.devices = None;
        self.last_error = None;
        self.send_raw(request).await?;
        for _ in 0..50 {
            self.pump(Duration::from_millis(100)).await?;
            if let Some(d) = self.devices.take() {
                return Ok(Ok(d));
            }
            if let Some((code, _)) = self.last_error.take() {
                return Ok(Err(code));
            }
        }
        bail!("no answer from the relay")
    }

    pub fn is_connected(&self) -> bool {
        self.sink.is_some()
    }

    pub fn signed_out(&self) -> Option<&StopReason> {
        self.signed_out.as_ref()
    }

    pub async fn connect(&mut self) -> anyhow::Result<()> {
        let (socket, _) =
            tokio_tungstenite::connect_async(&self.url).await.context("connecting to the relay")?;
        let (sink, stream) = socket.split();
        self.sink = Some(sink);
        self.stream = Some(stream);
        let effects = self.engine.connected(now_ms());
        self.perform(effects).await
    }

    pub async fn disconnect(&mut self) {
        if let Some(mut sink) = self.sink.take() {
            let _ = sink.close().await;
        }
        self.stream = None;
        let _ = self.engine.disconnected(0.5);
    }

    /// A local edit: stored in the document, queued in the outbox, pushed if connected.
    pub async fn edit<R: Record>(&mut self, record: &R) -> anyhow::Result<()> {
        let entry = self.replica.edit(record, chrono::Utc::now())?;
        self.outbox.insert(entry.id, entry.clone());
        let effects = self.engine.queue(vec![entry]);
        self.perform(effects).await
    }

    /// Adds whole documents (e.g. an imported dataset), queued as one change each.
    pub async fn import(&mut self, docs: HashMap<DocKey, RecordDoc>) -> anyhow::Result<()> {
        let mut entries = Vec::new();
        for (key, mut doc) in docs {
            if let Some(chunk) = doc.pending() {
                doc.mark_persisted(chunk.heads);
                let id = self.replica.next_outbox_id();
                let entry = OutboxEntry { id, doc: key, bytes: chunk.bytes };
                self.outbox.insert(entry.id, entry.clone());
                entries.push(entry);
            }
            self.replica.docs.insert(key, doc);
        }
        let effects = self.engine.queue(entries);
        self.perform(effects).await
    }

    /// Starts a fresh engine from what "storage" holds (cursors aside), as after an app restart.
    pub fn restart_engine(&mut self) {
        let cursors = HashMap::new();
        self.engine = SyncEngine::new(self.creds.clone(), cursors);
        if let Some(secret) = self.pair_secret {
            let pair = DeviceKeyPair::from_secret_bytes(secret);
            let engine = std::mem::replace(
                &mut self.engine,
                SyncEngine::new(self.creds.clone(), HashMap::new()),
            );
            self.engine = engine.with_device_keys(self.keyring.clone(), pair);
        }
        let _ = self.engine.queue(self.outbox.values().cloned().collect());
    }

    pub async fn send_raw(&mut self, message: ClientMessage) -> anyhow::Result<()> {
        self.send_bytes(message.encode()).await
    }

    pub async fn send_bytes(&mut self, frame: Vec<u8>) -> anyhow::Result<()> {
        let sink = self.sink.as_mut().ok_or(anyhow!("{} is not connected", self.name))?;
        self.sent += 1;
        sink.send(Message::Binary(frame.into())).await.context("sending to the relay")
    }

    /// Sends when connected; a failed send drops the connection, as a broken socket would.
    async fn send_if_connected(&mut self, message: ClientMessage) {
        if self.sink.is_some() && self.send_raw(message).await.is_err() {
            self.disconnect().await;
        }
    }

    /// Carries out the engine's effects; the fixture does the document side.
    async fn perform(&mut self, effects: Vec<Effect>) -> anyhow::Result<()> {
        let mut todo = Effects::new(effects);
        while let Some(effect) = todo.next(&mut self.engine, &mut self.replica)? {
            match effect {
                Effect::Send(m) => self.send_if_connected(m).await,
                Effect::Sent(ids) => {
                    for id in ids {
                        self.outbox.remove(&id);
                        self.acknowledged.insert(id);
                    }
                }
                Effect::Reconnect { .. } => {
                    if let Some(mut sink) = self.sink.take() {
                        let _ = sink.close().await;
                    }
                    self.stream = None;
                }
                Effect::SignedOut { reason } => self.signed_out = Some(reason),
                Effect::KeysChanged(keyring) => self.keyring = keyring,
                _ => {}
            }
        }
        Ok(())
    }

    /// Handles frames from the relay until none arrives for `quiet`.
    pub async fn pump(&mut self, quiet: Duration) -> anyhow::Result<()> {
        loop {
            let Some(stream) = self.stream.as_mut() else { return Ok(()) };
            let next = match tokio::time::timeout(quiet, stream.next()).await {
                Err(_) => return Ok(()),
                Ok(next) => next,
            };
            let frame = match next {
                Some(Ok(Message::Binary(b))) => b.to_vec(),
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => {
                    self.sink = None;
                    self.stream = None;
                    let _ = self.engine.disconnected(0.5);
                    return Ok(());
                }
            };
            match ServerMessage::decode(&frame) {
                Ok(ServerMessage::Invite { code, .. }) => self.invite = Some(code),
                Ok(ServerMessage::Devices { devices }) => self.devices = Some(devices),
                Ok(ServerMessage::Error { code, message }) => {
                    self.last_error = Some((code, message));
                    let effects = self.engine.received(&frame, now_ms());
                    self.perform(effects).await?;
                }
                _ => {
                    let effects = self.engine.received(&frame, now_ms());
                    self.perform(effects).await?;
                }
            }
        }
    }

    /// Every document and its heads: equal sets mean equal data.
    pub fn state(&mut self) -> BTreeSet<(DocKey, Vec<automerge::ChangeHash>)> {
        self.replica.heads()
    }

    pub fn records<R: Record>(&mut self, key: DocKey) -> Vec<R> {
        self.replica.records(key)
    }

    pub fn waiting(&self) -> usize {
        self.outbox.len()
    }
}
