//! Limits that keep one misbehaving client from hurting the others.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use shared::protocol::{DeviceId, TeamId};

/// How long wrong codes and tokens count against an address, device or team; refusals tell
/// the device to wait this long.
pub const WRONG_CODES_WINDOW: Duration = Duration::from_secs(600);

/// "wait 10 minutes", from `WRONG_CODES_WINDOW`.
pub fn wait_text() -> String {
    format!("wait {} minutes", WRONG_CODES_WINDOW.as_secs().div_ceil(60))
}

/// A token bucket: `burst` messages at once, refilled at `per_second`.
pub struct RateLimit {
    tokens: f64,
    burst: f64,
    per_second: f64,
    last: Instant,
}

impl RateLimit {
    pub fn new(burst: u32, per_second: u32) -> Self {
        Self {
            tokens: f64::from(burst),
            burst: f64::from(burst),
            per_second: f64::from(per_second),
            last: Instant::now(),
        }
    }

    /// Takes one token; false when the client is over its rate.
    pub fn allow(&mut self) -> bool {
        let now = Instant::now();
        let refill = now.duration_since(self.last).as_secs_f64() * self.per_second;
        self.tokens = (self.tokens + refill).min(self.burst);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// What a sign-in attempt is counted against: where it came from, and what it claimed to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Address(IpAddr),
    /// A presented device id: guesses spread over many addresses still add up here.
    Device(TeamId, DeviceId),
    /// Invite codes presented for a team.
    Team(TeamId),
}

/// Wrong setup codes, invite codes and tokens, per address and per presented id, in a sliding
/// window; attempts still being checked count too, so parallel guesses cannot race past it.
///
/// It never refuses a valid credential: the relay checks the credential first and asks this
/// only what to answer a wrong one. Refusing before checking would let one guesser behind an
/// agency's NAT lock every tablet of the agency out.
pub struct Attempts {
    max: usize,
    window: Duration,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    failures: HashMap<Key, Vec<Instant>>,
    in_flight: HashMap<Key, usize>,
}

/// One attempt being checked; it stops counting as in flight when dropped.
pub struct Attempt<'a> {
    attempts: &'a Attempts,
    keys: Vec<Key>,
}

impl Attempts {
    pub fn new(max: usize, window: Duration) -> Self {
        Self { max, window, state: Mutex::new(State::default()) }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts an attempt counted against each of `keys`.
    pub fn begin(&self, keys: &[Key]) -> Attempt<'_> {
        let mut state = self.state();
        for key in keys {
            *state.in_flight.entry(*key).or_default() += 1;
        }
        Attempt { attempts: self, keys: keys.to_vec() }
    }
}

impl Attempt<'_> {
    /// Records that this attempt was wrong, and says whether its address or id is over the
    /// limit (its recent failures and the other attempts in flight), so the wrong answer is
    /// "too many attempts, wait" rather than "wrong".
    pub fn failed(self) -> bool {
        let a = self.attempts;
        let now = Instant::now();
        let mut state = a.state();
        let mut over = false;
        for key in &self.keys {
            let others = state.in_flight.get(key).copied().unwrap_or(1).saturating_sub(1);
            let recent = state.failures.entry(*key).or_default();
            recent.retain(|t| now.duration_since(*t) < a.window);
            over |= recent.len() + others >= a.max;
            recent.push(now);
        }
        if state.failures.len() > 10_000 {
            state.failures.retain(|_, v| v.iter().any(|t| now.duration_since(*t) < a.window));
        }
        over
    }
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        let mut state = self.attempts.state();
        for key in &self.keys {
            if let Some(n) = state.in_flight.get_mut(key) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    state.in_flight.remove(key);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_allowed_then_throttled() {
        let mut limit = RateLimit::new(5, 1);
        assert!((0..5).all(|_| limit.allow()));
        assert!(!limit.allow());
    }

    #[test]
    fn wrong_codes_lock_out_only_the_guessing_address() {
        let attempts = Attempts::new(3, Duration::from_secs(60));
        let guesser = Key::Address("10.0.0.9".parse().unwrap());
        for _ in 0..3 {
            assert!(!attempts.begin(&[guesser]).failed());
        }
        assert!(attempts.begin(&[guesser]).failed(), "the fourth wrong guess is over");
        let neighbour = Key::Address("10.0.0.10".parse().unwrap());
        assert!(!attempts.begin(&[neighbour]).failed());
    }

    #[test]
    fn guesses_for_one_device_add_up_across_addresses() {
        let attempts = Attempts::new(3, Duration::from_secs(60));
        let target = Key::Device(TeamId([1; 16]), DeviceId([2; 16]));
        let over: Vec<bool> = (0..4u8)
            .map(|i| {
                let from = Key::Address(IpAddr::from([10, 0, 0, i]));
                attempts.begin(&[from, target]).failed()
            })
            .collect();
        assert_eq!(over, [false, false, false, true]);
    }

    #[test]
    fn attempts_in_flight_count_so_parallel_guesses_cannot_race_past() {
        let attempts = Attempts::new(3, Duration::from_secs(60));
        let guesser = Key::Address("10.0.0.9".parse().unwrap());
        let parallel: Vec<_> = (0..4).map(|_| attempts.begin(&[guesser])).collect();
        let over: Vec<bool> = parallel.into_iter().map(Attempt::failed).collect();
        assert!(over[0], "three others were in flight: {over:?}");
    }
}
