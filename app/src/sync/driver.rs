//! Runs the shared sync engine in the browser: one ordered stream of events (socket, timers,
//! connectivity, newly queued changes) in, the engine's effects carried out one at a time.
//! Remote changes are stored with their cursor in one transaction before the engine hears
//! they are stored, so a closed tab never skips or loses a change.

use std::collections::{BTreeMap, HashSet, VecDeque};

use futures_channel::mpsc::{UnboundedReceiver, UnboundedSender};
use futures_util::StreamExt;
use shared::protocol::DocId;
use shared::sync::{Effect, OutboxEntry, RemoteChange, SyncEngine, SyncStatus, stored};

use super::socket::{Socket, SocketEvent, after, now_ms, relay_url};
use super::team::{DeviceKeys, Membership};
use crate::repo::{DataProblem, Repo, SaveError};

pub enum Event {
    Connect,
    Opened(u32),
    Frame(u32, Vec<u8>),
    Closed(u32),
    Tick,
    /// Changes were queued in the outbox (by this tab or another).
    Queued,
    Online,
    Offline,
    /// A tab removed a tablet from the team: rotate the team key (see `rotation`).
    Rotate,
}

pub struct Driver {
    pub(super) repo: Repo,
    pub(super) engine: SyncEngine,
    tx: UnboundedSender<Event>,
    socket: Option<Socket>,
    generation: u32,
    cursors: BTreeMap<DocId, u64>,
    /// Outbox keys already handed to the engine.
    known: HashSet<u64>,
    signed_out: bool,
    publish: Box<dyn Fn(SyncStatus)>,
    /// Kept to store the keyring when a new team key epoch arrives.
    membership: Membership,
    /// The membership changed before the driver ran (a key pair made for an older tablet).
    unsaved: bool,
    /// A rotation under way: the key epoch before it, and the removed tablets it leaves out.
    pub(super) rotation: Option<(u32, Vec<shared::protocol::DeviceId>)>,
    /// This tablet.
    pub(super) device: shared::protocol::DeviceId,
    /// This tablet left its team by itself (it was not removed): it is simply not in a team.
    pub(super) left: bool,
}

/// The stored cursors; tablets from before JSON kept `doc-id seq` per line.
pub fn decode_cursors(text: &str) -> BTreeMap<DocId, u64> {
    stored::from_text(text).unwrap_or_else(|| {
        text.lines()
            .filter_map(|l| {
                let (id, seq) = l.split_once(' ')?;
                Some((id.parse().ok()?, seq.parse().ok()?))
            })
            .collect()
    })
}

fn encode_cursors(cursors: &BTreeMap<DocId, u64>) -> String {
    stored::to_text(cursors)
}

fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

impl Driver {
    pub fn new(
        repo: Repo,
        membership: &Membership,
        cursors: BTreeMap<DocId, u64>,
        tx: UnboundedSender<Event>,
        publish: impl Fn(SyncStatus) + 'static,
    ) -> Self {
        let mut engine = SyncEngine::new(
            membership.creds.clone(),
            cursors.iter().map(|(k, v)| (*k, *v)).collect(),
        );
        let mut membership = membership.clone();
        // Tablets that joined before key rotation get their key pair on this start; without
        // randomness they carry on as before and try again next start.
        let unsaved = membership.keys.is_none();
        if unsaved {
            membership.keys = DeviceKeys::generate(&membership.creds.key).ok();
        }
        if let Some(keys) = &membership.keys {
            engine = engine.with_device_keys(keys.keyring.clone(), keys.pair());
        }
        let device = membership.creds.device;
        Self {
            membership,
            unsaved,
            repo,
            engine,
            tx,
            socket: None,
            generation: 0,
            cursors,
            known: HashSet::new(),
            signed_out: false,
            publish: Box::new(publish),
            rotation: None,
            device,
            left: false,
        }
    }

    pub async fn run(mut self, mut events: UnboundedReceiver<Event>) {
        if self.unsaved && self.membership.keys.is_some() {
            // If this fails the tablet registers another key pair next start, which is harmless.
            let _ = self.membership.save(self.repo.store()).await;
        }
        let _ = self.tx.unbounded_send(Event::Queued);
        let _ = self.tx.unbounded_send(if online() { Event::Connect } else { Event::Offline });
        // A rotation owed from before a restart is taken up again.
        let _ = self.tx.unbounded_send(Event::Rotate);
        while let Some(event) = events.next().await {
            self.handle(event).await;
            self.check_rotation().await;
            let status = if self.left { SyncStatus::NotInTeam } else { self.engine.status() };
            (self.publish)(status);
        }
    }

    async fn handle(&mut self, event: Event) {
        let effects = match event {
            Event::Connect | Event::Online if self.socket.is_none() && !self.signed_out => {
                self.open();
                Vec::new()
            }
            Event::Connect | Event::Online => Vec::new(),
            Event::Opened(g) if g == self.generation => self.engine.connected(now_ms()),
            Event::Frame(g, frame) if g == self.generation => {
                self.engine.received(&frame, now_ms())
            }
            Event::Closed(g) if g == self.generation => {
                self.socket = None;
                self.engine.disconnected(js_sys::Math::random())
            }
            Event::Opened(_) | Event::Frame(..) | Event::Closed(_) => Vec::new(),
            Event::Offline => {
                self.socket = None;
                self.generation += 1;
                let _ = self.engine.disconnected(js_sys::Math::random());
                Vec::new() // wait for the "online" event instead of retrying blindly
            }
            Event::Tick => self.engine.tick(now_ms(), js_sys::Math::random()),
            Event::Queued => self.take_outbox().await,
            Event::Rotate => self.start_rotation().await,
        };
        self.perform(effects).await;
    }

    fn open(&mut self) {
        let Some(url) = relay_url() else { return };
        self.generation += 1;
        let generation = self.generation;
        let tx = self.tx.clone();
        match Socket::open(&url, move |e| {
            let _ = tx.unbounded_send(match e {
                SocketEvent::Opened => Event::Opened(generation),
                SocketEvent::Frame(f) => Event::Frame(generation, f),
                SocketEvent::Closed => Event::Closed(generation),
            });
        }) {
            Ok(socket) => self.socket = Some(socket),
            Err(_) => {
                let tx = self.tx.clone();
                after(5_000, move || {
                    let _ = tx.unbounded_send(Event::Connect);
                });
            }
        }
    }

    async fn take_outbox(&mut self) -> Vec<Effect> {
        let Ok(queued) = self.repo.store().outbox().await else { return Vec::new() };
        let fresh: Vec<OutboxEntry> = queued
            .into_iter()
            .filter(|q| self.known.insert(q.key))
            .map(|q| OutboxEntry { id: q.key, doc: q.doc, bytes: q.bytes })
            .collect();
        if fresh.is_empty() { Vec::new() } else { self.engine.queue(fresh) }
    }

    /// Stores a teammate's change with the cursors that include it; one that cannot be opened
    /// is skipped (its cursor still moves, so it is not fetched forever) and reported.
    async fn store_change(&self, change: RemoteChange, cursors: &str) -> Result<(), SaveError> {
        match change.content {
            Ok(opened) => self.repo.apply_remote(opened.doc, &opened.bytes, cursors).await,
            Err(e) => {
                self.repo.store_cursors(cursors).await?;
                self.repo.report(DataProblem::Storage(format!("{e}; it was skipped")));
                Ok(())
            }
        }
    }

    async fn perform(&mut self, effects: Vec<Effect>) {
        let mut todo: VecDeque<Effect> = effects.into();
        while let Some(effect) = todo.pop_front() {
            match effect {
                Effect::Send(message) => {
                    if let Some(socket) = &self.socket {
                        socket.send(&message.encode());
                    }
                }
                Effect::Apply(change) => {
                    let before = self.cursors.insert(change.doc_id, change.seq);
                    let text = encode_cursors(&self.cursors);
                    let (doc_id, seq) = (change.doc_id, change.seq);
                    let stored = self.store_change(change, &text).await;
                    match stored {
                        Ok(()) => todo.extend(self.engine.applied(doc_id, seq)),
                        Err(e) => {
                            // Not stored: forget the cursor move and fetch it again after reconnecting.
                            match before {
                                Some(seq) => self.cursors.insert(doc_id, seq),
                                None => self.cursors.remove(&doc_id),
                            };
                            if self.repo.store_cursors(&encode_cursors(&self.cursors)).await.is_ok()
                            {
                                self.repo.report(DataProblem::Storage(e.to_string()));
                            }
                            self.socket = None;
                            todo.extend(self.engine.disconnected(js_sys::Math::random()));
                        }
                    }
                }
                Effect::Sent(ids) => {
                    let _ = self.repo.store().unqueue(&ids).await;
                }
                Effect::WantSnapshot { doc, covers } => {
                    if let Ok(Some(bytes)) = self.repo.whole(doc).await {
                        todo.extend(self.engine.snapshot_ready(doc, covers, &bytes));
                    }
                }
                Effect::WantResend { doc } => {
                    if let Ok(Some(bytes)) = self.repo.whole(doc).await {
                        todo.extend(self.engine.resend_ready(doc, &bytes));
                    }
                }
                Effect::Reconnect { after_ms } => {
                    self.socket = None;
                    self.generation += 1;
                    let tx = self.tx.clone();
                    after(after_ms, move || {
                        let _ = tx.unbounded_send(if online() {
                            Event::Connect
                        } else {
                            Event::Offline
                        });
                    });
                }
                Effect::SignedOut { reason } => {
                    self.signed_out = true;
                    self.socket = None;
                    if reason.wipes_local_data() {
                        self.removed().await;
                    }
                }
                Effect::KeysChanged(keyring) => {
                    if let Some(keys) = &mut self.membership.keys {
                        keys.keyring = keyring;
                        // Unsaved, the epoch is fetched again from the relay on next start.
                        let _ = self.membership.save(self.repo.store()).await;
                    }
                }
                Effect::Cursor { doc_id, seq } => {
                    self.cursors.insert(doc_id, seq);
                    let _ = self.repo.store_cursors(&encode_cursors(&self.cursors)).await;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn cursors_round_trip_beyond_32_bits_and_old_text_is_still_read() {
        let cursors: BTreeMap<DocId, u64> = [(DocId([9; 16]), 5_000_000_000)].into();
        assert_eq!(decode_cursors(&encode_cursors(&cursors)), cursors);
        let old = format!("{} 5000000000\n", DocId([9; 16]));
        assert_eq!(decode_cursors(&old), cursors);
    }
}
