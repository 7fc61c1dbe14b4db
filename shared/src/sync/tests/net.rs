//! An in-memory network: devices with real engines and documents, the memory relay, and a
//! wire per device whose queues a test (or a property test's schedule) delivers in any order.

use std::collections::{BTreeSet, HashMap, VecDeque};

use super::memory_relay::MemoryRelay;
use crate::Partner;
use crate::doc::{DocKey, Record};
use crate::protocol::{DeviceId, TeamId, Token};
use crate::seal::TeamKey;
use crate::sync::testing::{Effects, Replica, now};
use crate::sync::{Credentials, Effect, SyncEngine};

pub struct Device {
    pub engine: SyncEngine,
    pub replica: Replica,
    pub online: bool,
}

pub struct Net {
    pub relay: MemoryRelay,
    pub devices: Vec<Device>,
    /// Per device: frames to the relay, the relay's direct replies, and live forwards. Each
    /// is in order, but the three interleave arbitrarily, as with the real relay.
    wire: Vec<[VecDeque<Vec<u8>>; 3]>,
}

impl Net {
    pub fn new(devices: usize) -> Self {
        let key = TeamKey::from_hex(&"5a".repeat(32)).unwrap();
        let devices: Vec<Device> = (0..devices)
            .map(|i| {
                let creds = Credentials {
                    team: TeamId([9; 16]),
                    device: DeviceId([i as u8; 16]),
                    token: Token([1; 16]),
                    key: key.clone(),
                };
                Device {
                    engine: SyncEngine::new(creds, HashMap::new()),
                    replica: Replica::default(),
                    online: false,
                }
            })
            .collect();
        let wire = (0..devices.len()).map(|_| Default::default()).collect();
        Self { relay: MemoryRelay::default(), devices, wire }
    }

    pub fn edit<R: Record>(&mut self, i: usize, record: &R) {
        let d = &mut self.devices[i];
        let entry = d.replica.edit(record, now()).unwrap();
        let effects = d.engine.queue(vec![entry]);
        self.perform(i, effects);
    }

    pub fn connect(&mut self, i: usize) {
        self.devices[i].online = true;
        let effects = self.devices[i].engine.connected(1_000);
        self.perform(i, effects);
    }

    pub fn disconnect(&mut self, i: usize) {
        self.devices[i].online = false;
        self.relay.disconnect(i);
        self.wire[i] = Default::default();
        let effects = self.devices[i].engine.disconnected(0.5);
        self.perform(i, effects);
    }

    /// Carries out a device's effects, the way the app's driver does.
    fn perform(&mut self, i: usize, effects: Vec<Effect>) {
        let mut todo = Effects::new(effects);
        let d = &mut self.devices[i];
        while let Some(effect) = todo.next(&mut d.engine, &mut d.replica).unwrap() {
            match effect {
                Effect::Send(m) if d.online => self.wire[i][0].push_back(m.encode()),
                Effect::SignedOut { reason } => panic!("signed out: {reason:?}"),
                _ => {}
            }
        }
    }

    /// Delivers one frame from the `pick`-th non-empty queue; false when all are empty.
    pub fn deliver(&mut self, pick: usize) -> bool {
        let ready: Vec<(usize, usize)> = (0..self.wire.len())
            .flat_map(|d| (0..3).map(move |q| (d, q)))
            .filter(|&(d, q)| !self.wire[d][q].is_empty())
            .collect();
        let Some(&(who, q)) = ready.get(pick % ready.len().max(1)) else { return false };
        let Some(frame) = self.wire[who][q].pop_front() else { return false };
        if q == 0 {
            for (to, out) in self.relay.handle(who, &frame) {
                if self.devices[to].online {
                    self.wire[to][if to == who { 1 } else { 2 }].push_back(out);
                }
            }
        } else if self.devices[who].online {
            let effects = self.devices[who].engine.received(&frame, 2_000);
            self.perform(who, effects);
        }
        true
    }

    pub fn run(&mut self) {
        while self.deliver(0) {}
    }

    /// Every document's heads on device `i`.
    pub fn heads(&mut self, i: usize) -> BTreeSet<(DocKey, Vec<automerge::ChangeHash>)> {
        self.devices[i].replica.heads()
    }

    pub fn partners(&mut self, i: usize) -> Vec<Partner> {
        let mut v: Vec<Partner> = self.devices[i].replica.records(DocKey::Partners);
        v.sort_by_key(|p| p.id);
        v
    }
}
