//! Who is connected right now, so a new change reaches the rest of the team at once and a
//! revoked device is cut off at once.

use std::collections::HashMap;
use std::sync::Mutex;

use shared::protocol::{DeviceId, ErrorCode, TeamId};
use tokio::sync::mpsc;

/// Frames waiting for one connection; beyond this the connection is too slow and is dropped
/// (it catches up from its cursor when it reconnects).
pub const OUTBOX: usize = 256;

#[derive(Debug)]
pub enum Outgoing {
    Frame(Vec<u8>),
    /// Send this error, then close.
    Close(ErrorCode, String),
}

struct Conn {
    id: u64,
    device: DeviceId,
    tx: mpsc::Sender<Outgoing>,
}

#[derive(Default)]
pub struct Hub {
    teams: Mutex<HashMap<TeamId, Vec<Conn>>>,
    next_id: Mutex<u64>,
}

impl Hub {
    /// Registers a signed-in connection; returns its id and the frames to write to it.
    pub fn join(&self, team: TeamId, device: DeviceId) -> (u64, mpsc::Receiver<Outgoing>) {
        let (tx, rx) = mpsc::channel(OUTBOX);
        let id = {
            let mut next = self.next_id.lock().unwrap_or_else(|e| e.into_inner());
            *next += 1;
            *next
        };
        self.teams.lock().unwrap_or_else(|e| e.into_inner()).entry(team).or_default().push(Conn {
            id,
            device,
            tx,
        });
        (id, rx)
    }

    pub fn leave(&self, team: TeamId, id: u64) {
        let mut teams = self.teams.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(conns) = teams.get_mut(&team) {
            conns.retain(|c| c.id != id);
        }
    }

    /// Sends `frame` to every other connection of the team; drops any that cannot keep up.
    pub fn broadcast(&self, team: TeamId, except: u64, frame: &[u8]) {
        let mut teams = self.teams.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(conns) = teams.get_mut(&team) {
            conns.retain(|c| {
                c.id == except || c.tx.try_send(Outgoing::Frame(frame.to_vec())).is_ok()
            });
        }
    }

    /// Closes every connection of `device` with `code`.
    pub fn kick(&self, team: TeamId, device: DeviceId, code: ErrorCode, message: &str) {
        let mut teams = self.teams.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(conns) = teams.get_mut(&team) {
            conns.retain(|c| {
                if c.device == device {
                    let _ = c.tx.try_send(Outgoing::Close(code, message.to_string()));
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
}
