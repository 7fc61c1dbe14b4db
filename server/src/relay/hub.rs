//! Who is connected right now, so a new change reaches the rest of the team at once and a
//! revoked device is cut off at once.
//!
//! Each connection's queue is bounded in frames and in bytes, and a frame sent to many
//! devices is one shared buffer (`Bytes`), not a copy each: four signed-in sockets that never
//! read once held 256 copies of 1 MiB changes each (1 GiB in all). A connection that cannot
//! keep up is dropped and catches up from its cursor when it reconnects.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use shared::protocol::{DeviceId, ErrorCode, TeamId};
use tokio::sync::mpsc;

use super::refusal::Refusal;

/// Frames waiting for one connection; beyond this (or `outbox_bytes`) the connection is too
/// slow and is dropped.
pub const OUTBOX: usize = 256;

#[derive(Debug)]
pub enum Outgoing {
    /// A frame shared with every other recipient.
    Frame(Bytes),
    /// Send this refusal, then close.
    Close(Refusal),
}

struct Conn {
    id: u64,
    device: DeviceId,
    tx: mpsc::Sender<Outgoing>,
    /// Bytes of frames queued and not yet taken by the connection's task.
    queued: Arc<AtomicUsize>,
}

/// What a connection reads its queued frames from; keeps the byte count honest.
pub struct Outbox {
    rx: mpsc::Receiver<Outgoing>,
    queued: Arc<AtomicUsize>,
}

impl Outbox {
    pub async fn recv(&mut self) -> Option<Outgoing> {
        let out = self.rx.recv().await;
        if let Some(Outgoing::Frame(frame)) = &out {
            self.queued.fetch_sub(frame.len(), Ordering::Relaxed);
        }
        out
    }
}

pub struct Hub {
    teams: Mutex<HashMap<TeamId, Vec<Conn>>>,
    next_id: Mutex<u64>,
    /// Most bytes queued for one connection.
    outbox_bytes: usize,
    /// Most connections one device may hold; a new one closes the oldest.
    per_device: usize,
}

impl Default for Hub {
    fn default() -> Self {
        Self::new(4 << 20, 4)
    }
}

impl Hub {
    pub fn new(outbox_bytes: usize, per_device: usize) -> Self {
        Self {
            teams: Mutex::default(),
            next_id: Mutex::default(),
            outbox_bytes,
            per_device: per_device.max(1),
        }
    }

    /// Registers a signed-in connection; returns its id and the frames to write to it. If the
    /// device already holds its share of connections, the oldest is closed: it is most likely
    /// a socket the tablet lost when its network changed.
    pub fn join(&self, team: TeamId, device: DeviceId) -> (u64, Outbox) {
        let (tx, rx) = mpsc::channel(OUTBOX);
        let queued = Arc::new(AtomicUsize::new(0));
        let id = {
            let mut next = self.next_id.lock().unwrap_or_else(|e| e.into_inner());
            *next += 1;
            *next
        };
        let mut teams = self.teams.lock().unwrap_or_else(|e| e.into_inner());
        let conns = teams.entry(team).or_default();
        while conns.iter().filter(|c| c.device == device).count() >= self.per_device {
            let Some(oldest) = conns.iter().position(|c| c.device == device) else { break };
            let old = conns.remove(oldest);
            let _ = old.tx.try_send(Outgoing::Close(Refusal::new(
                ErrorCode::TooManyConnections,
                format!(
                    "this device opened more than {} connections; the oldest was closed",
                    self.per_device
                ),
            )));
        }
        conns.push(Conn { id, device, tx, queued: queued.clone() });
        (id, Outbox { rx, queued })
    }

    pub fn leave(&self, team: TeamId, id: u64) {
        let mut teams = self.teams.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(conns) = teams.get_mut(&team) {
            conns.retain(|c| c.id != id);
        }
    }

    /// Sends `frame` to every other connection of the team; drops any that cannot keep up.
    pub fn broadcast(&self, team: TeamId, except: u64, frame: Bytes) {
        self.deliver(team, |c| c.id != except, frame);
    }

    /// Sends `frame` to every connection of one device (its sealed key after a rotation).
    pub fn send_to(&self, team: TeamId, device: DeviceId, frame: Bytes) {
        self.deliver(team, |c| c.device == device, frame);
    }

    /// Queues `frame` for the team's connections that `to` picks; drops any that cannot keep up.
    fn deliver(&self, team: TeamId, to: impl Fn(&Conn) -> bool, frame: Bytes) {
        let mut teams = self.teams.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(conns) = teams.get_mut(&team) {
            conns.retain(|c| {
                if !to(c) {
                    return true;
                }
                let queued = c.queued.load(Ordering::Relaxed);
                if queued + frame.len() > self.outbox_bytes && queued > 0 {
                    // Dropping the sender ends the connection once it drains what it has.
                    return false;
                }
                c.queued.fetch_add(frame.len(), Ordering::Relaxed);
                if c.tx.try_send(Outgoing::Frame(frame.clone())).is_ok() {
                    true
                } else {
                    c.queued.fetch_sub(frame.len(), Ordering::Relaxed);
                    false
                }
            });
        }
    }

    /// Closes every connection of `device`, telling each why.
    pub fn kick(&self, team: TeamId, device: DeviceId, why: &Refusal) {
        let mut teams = self.teams.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(conns) = teams.get_mut(&team) {
            conns.retain(|c| {
                if c.device == device {
                    let _ = c.tx.try_send(Outgoing::Close(why.clone()));
                    false
                } else {
                    true
                }
            });
        }
    }

    pub fn connections(&self) -> usize {
        self.teams.lock().unwrap_or_else(|e| e.into_inner()).values().map(Vec::len).sum()
    }

    /// Bytes queued for every connection together (a frame shared by several counts for each).
    pub fn queued_bytes(&self) -> usize {
        let teams = self.teams.lock().unwrap_or_else(|e| e.into_inner());
        teams.values().flatten().map(|c| c.queued.load(Ordering::Relaxed)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_connection_that_does_not_read_is_dropped_at_its_byte_limit() {
        let hub = Hub::new(3 << 20, 4);
        let team = TeamId([1; 16]);
        let (sender, _) = hub.join(team, DeviceId([1; 16]));
        let (_, _stalled) = hub.join(team, DeviceId([2; 16]));
        let (_, mut reader) = hub.join(team, DeviceId([3; 16]));
        let change = Bytes::from(vec![7u8; 1 << 20]);
        for _ in 0..10 {
            hub.broadcast(team, sender, change.clone());
            assert!(matches!(reader.recv().await, Some(Outgoing::Frame(f)) if f.len() == 1 << 20));
        }
        assert_eq!(hub.connections(), 2, "the stalled connection was dropped, the reader kept");
        assert_eq!(hub.queued_bytes(), 0);
    }

    #[tokio::test]
    async fn a_device_holds_at_most_its_share_of_connections() {
        let hub = Hub::new(4 << 20, 2);
        let (team, device) = (TeamId([1; 16]), DeviceId([1; 16]));
        let (_, mut oldest) = hub.join(team, device);
        let _second = hub.join(team, device);
        let _third = hub.join(team, device);
        assert_eq!(hub.connections(), 2);
        assert!(matches!(
            oldest.recv().await,
            Some(Outgoing::Close(Refusal { code: ErrorCode::TooManyConnections, .. }))
        ));
    }
}
