//! A native device: the real sync engine and Automerge documents over a real WebSocket to the
//! relay, driven step by step so tests can interleave edits, drops and syncs at will.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use shared::doc::{DocKey, Record, RecordDoc};
use shared::protocol::{
    ClientMessage, DeviceId, DeviceInfo, OneTimeCode, ServerMessage, TeamId, Token,
};
use shared::seal::TeamKey;
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
    pub docs: HashMap<DocKey, RecordDoc>,
    outbox: BTreeMap<u64, OutboxEntry>,
    next_outbox: u64,
    sink: Option<SplitSink<Socket, Message>>,
    stream: Option<SplitStream<Socket>>,
    /// Outbox ids the relay acknowledged (durably stored).
    pub acknowledged: BTreeSet<u64>,
    pub unopenable: usize,
    pub applied: usize,
    /// Frames sent to the relay.
    pub sent: usize,
    pub last_error: Option<(shared::protocol::ErrorCode, String)>,
    invite: Option<OneTimeCode>,
    devices: Option<Vec<DeviceInfo>>,
    signed_out: Option<StopReason>,
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
        Self {
            name: name.to_string(),
            url: url.to_string(),
            engine: SyncEngine::new(creds.clone(), HashMap::new()),
            creds,
            docs: HashMap::new(),
            outbox: BTreeMap::new(),
            next_outbox: 1,
            sink: None,
            stream: None,
            acknowledged: BTreeSet::new(),
            unopenable: 0,
            applied: 0,
            sent: 0,
            last_error: None,
            invite: None,
            devices: None,
            signed_out: None,
        }
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
        let key = record.doc_key();
        let doc = self.docs.entry(key).or_insert_with(|| RecordDoc::new(key));
        let chunk = doc.put(record, chrono::Utc::now())?;
        doc.mark_persisted(chunk.heads);
        let entry = OutboxEntry { id: self.next_outbox, doc: key, bytes: chunk.bytes };
        self.next_outbox += 1;
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
                let entry = OutboxEntry { id: self.next_outbox, doc: key, bytes: chunk.bytes };
                self.next_outbox += 1;
                self.outbox.insert(entry.id, entry.clone());
                entries.push(entry);
            }
            self.docs.insert(key, doc);
        }
        let effects = self.engine.queue(entries);
        self.perform(effects).await
    }

    /// Starts a fresh engine from what "storage" holds (cursors aside), as after an app restart.
    pub fn restart_engine(&mut self) {
        let cursors = HashMap::new();
        self.engine = SyncEngine::new(self.creds.clone(), cursors);
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

    async fn perform(&mut self, effects: Vec<Effect>) -> anyhow::Result<()> {
        let mut todo: std::collections::VecDeque<Effect> = effects.into();
        while let Some(effect) = todo.pop_front() {
            match effect {
                Effect::Send(m) => {
                    if self.sink.is_some() && self.send_raw(m).await.is_err() {
                        self.disconnect().await;
                    }
                }
                Effect::Apply(change) => {
                    match change.content {
                        Ok(opened) => {
                            let doc = self
                                .docs
                                .entry(opened.doc)
                                .or_insert_with(|| RecordDoc::new(opened.doc));
                            doc.apply(&opened.bytes)?;
                            self.applied += 1;
                        }
                        Err(_) => self.unopenable += 1,
                    }
                    todo.extend(self.engine.applied(change.doc_id, change.seq));
                }
                Effect::Sent(ids) => {
                    for id in ids {
                        self.outbox.remove(&id);
                        self.acknowledged.insert(id);
                    }
                }
                Effect::WantSnapshot { doc, covers } => {
                    if let Some(bytes) = self.docs.get_mut(&doc).and_then(RecordDoc::snapshot) {
                        todo.extend(self.engine.snapshot_ready(doc, covers, &bytes));
                    }
                }
                Effect::WantResend { doc } => {
                    if let Some(bytes) = self.docs.get_mut(&doc).and_then(RecordDoc::snapshot) {
                        todo.extend(self.engine.resend_ready(doc, &bytes));
                    }
                }
                Effect::Reconnect { .. } => {
                    if let Some(mut sink) = self.sink.take() {
                        let _ = sink.close().await;
                    }
                    self.stream = None;
                }
                Effect::SignedOut { reason } => self.signed_out = Some(reason),
                Effect::Cursor { .. } => {}
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
        self.docs
            .iter_mut()
            .map(|(k, d)| {
                let mut h = d.heads();
                h.sort();
                (*k, h)
            })
            .collect()
    }

    pub fn records<R: Record>(&mut self, key: DocKey) -> Vec<R> {
        self.docs.get_mut(&key).map(|d| d.contents().records().0).unwrap_or_default()
    }

    pub fn waiting(&self) -> usize {
        self.outbox.len()
    }
}
