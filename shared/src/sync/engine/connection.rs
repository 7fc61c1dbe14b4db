//! The connection's life: opened, dropped, kept alive, each frame received and routed, and the
//! relay's refusals, which decide whether to retry, wait or stop.

use super::*;

impl SyncEngine {
    /// A socket to the relay is open.
    pub fn connected(&mut self, now_ms: u64) -> Vec<Effect> {
        if self.link == Link::SignedOut {
            return Vec::new();
        }
        self.link = Link::SigningIn;
        self.last_heard_ms = now_ms;
        self.last_ping_ms = now_ms;
        let c = &self.creds;
        vec![Effect::Send(ClientMessage::Hello { team: c.team, device: c.device, token: c.token })]
    }

    /// The socket closed or failed. `jitter` is uniform in [0, 1).
    pub fn disconnected(&mut self, jitter: f64) -> Vec<Effect> {
        if self.link == Link::SignedOut {
            return Vec::new();
        }
        let attempt = match self.link {
            Link::Down { attempt } => attempt + 1,
            _ => 0,
        };
        self.link = Link::Down { attempt };
        self.in_flight.clear();
        for d in self.docs.values_mut() {
            d.pulling = false;
            d.repull = false;
            d.handed = d.cursor;
        }
        vec![Effect::Reconnect { after_ms: reconnect_delay_ms(attempt, jitter) }]
    }

    /// Time passes: ping a quiet relay, give up on a silent one.
    pub fn tick(&mut self, now_ms: u64, jitter: f64) -> Vec<Effect> {
        if self.link != Link::Live && self.link != Link::SigningIn {
            return Vec::new();
        }
        if now_ms.saturating_sub(self.last_heard_ms) > DEAD_AFTER_MS {
            return self.disconnected(jitter);
        }
        if now_ms.saturating_sub(self.last_ping_ms) > PING_EVERY_MS {
            self.last_ping_ms = now_ms;
            return vec![Effect::Send(ClientMessage::Ping)];
        }
        Vec::new()
    }

    /// A frame from the relay.
    pub fn received(&mut self, frame: &[u8], now_ms: u64) -> Vec<Effect> {
        self.last_heard_ms = now_ms;
        let message = match ServerMessage::decode(frame) {
            Ok(m) => m,
            Err(e) => {
                self.stopped = Some(StopReason::UnreadableFrame { error: e.to_string() });
                return vec![Effect::Reconnect { after_ms: RETRY_MS }];
            }
        };
        match message {
            ServerMessage::Welcome { .. } => {
                self.link = Link::Live;
                self.stopped = None;
                self.listing.clear();
                let mut effects = self.keys_on_welcome();
                effects.push(Effect::Send(ClientMessage::ListDocs { after: None }));
                effects.extend(self.push_more());
                effects
            }
            ServerMessage::Docs { docs, more } => self.listed(docs, more, now_ms),
            ServerMessage::Blobs { doc, items, more } => self.pulled(doc, items, more, now_ms),
            ServerMessage::Live { doc, blob } => self.live(doc, blob),
            ServerMessage::Acked { req, doc, seq } => self.acked(req, doc, seq, now_ms),
            ServerMessage::Error { code, message } => self.refused(code, message),
            ServerMessage::EpochKeys { current, keys } => self.epoch_keys(current, keys),
            ServerMessage::DeviceKeys { records } => self.device_keys(records),
            ServerMessage::Rotated { epoch } => self.rotated(epoch),
            ServerMessage::KeysWanted { records } => self.keys_wanted(records),
            ServerMessage::Pong | ServerMessage::Invite { .. } | ServerMessage::Devices { .. } => {
                Vec::new()
            }
        }
    }

    fn refused(&mut self, code: ErrorCode, message: String) -> Vec<Effect> {
        match code {
            ErrorCode::Unauthorized | ErrorCode::Revoked => {
                self.link = Link::SignedOut;
                let reason = if code == ErrorCode::Revoked {
                    StopReason::Revoked
                } else {
                    StopReason::Unrecognised { message }
                };
                self.stopped = Some(reason.clone());
                vec![Effect::SignedOut { reason }]
            }
            // The socket closes next; `disconnected` reconnects with jittered backoff, so a
            // whole team does not come back in the same instant.
            ErrorCode::Restarting => Vec::new(),
            // The relay is full: changes wait on this tablet; someone has to make room. Try
            // again now and then, so sync resumes by itself once there is room.
            ErrorCode::DiskFull | ErrorCode::TeamQuota | ErrorCode::DeviceQuota => {
                let full = match code {
                    ErrorCode::DiskFull => RelayFull::Disk,
                    ErrorCode::TeamQuota => RelayFull::TeamQuota,
                    _ => RelayFull::DeviceQuota,
                };
                self.stopped = Some(StopReason::RelayFull { full });
                vec![Effect::Reconnect { after_ms: FULL_RETRY_MS }]
            }
            ErrorCode::StaleEpoch | ErrorCode::EpochConflict => self.epoch_refused(),
            // A membership request (invite, remove, role) was refused; syncing is unaffected.
            ErrorCode::NotAdmin | ErrorCode::LastAdmin => {
                self.keys.rotating = None;
                Vec::new()
            }
            code if code.is_retryable() => vec![Effect::Reconnect { after_ms: RETRY_MS }],
            // This engine only asks for numbers it has: the relay refuses one when it went back
            // in time (a restore) since this device chose a snapshot's `covers`. Nothing is
            // lost; the next snapshot will fit, and the list on reconnect heals the cursor.
            ErrorCode::BadSequence => Vec::new(),
            // Updating this tablet would not help: the team's relay is full.
            ErrorCode::TooManyDocs => {
                self.stopped = Some(StopReason::TooManyDocs { message });
                Vec::new()
            }
            _ => {
                self.stopped = Some(StopReason::Refused { message });
                Vec::new()
            }
        }
    }
}
