//! Limits that keep one misbehaving client from hurting the others.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

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

/// Wrong setup codes, invite codes and tokens per address, in a sliding window.
pub struct Attempts {
    max: usize,
    window: Duration,
    failures: Mutex<HashMap<IpAddr, Vec<Instant>>>,
}

impl Attempts {
    pub fn new(max: usize, window: Duration) -> Self {
        Self { max, window, failures: Mutex::new(HashMap::new()) }
    }

    /// Whether `peer` may try another code now.
    pub fn may_try(&self, peer: IpAddr) -> bool {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let recent = failures.entry(peer).or_default();
        recent.retain(|t| now.duration_since(*t) < self.window);
        recent.len() < self.max
    }

    pub fn failed(&self, peer: IpAddr) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.entry(peer).or_default().push(Instant::now());
        if failures.len() > 10_000 {
            let now = Instant::now();
            failures.retain(|_, v| v.iter().any(|t| now.duration_since(*t) < self.window));
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
        let guesser: IpAddr = "10.0.0.9".parse().unwrap();
        for _ in 0..3 {
            assert!(attempts.may_try(guesser));
            attempts.failed(guesser);
        }
        assert!(!attempts.may_try(guesser));
        assert!(attempts.may_try("10.0.0.10".parse().unwrap()));
    }
}
