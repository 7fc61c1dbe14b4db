//! When to try the relay again: exponential backoff with jitter, so a room of tablets coming
//! back online does not reconnect in lockstep.

/// Delay before reconnect attempt number `attempt` (0-based); `jitter` is uniform in [0, 1).
pub fn reconnect_delay_ms(attempt: u32, jitter: f64) -> u64 {
    let base = 500u64.saturating_mul(1u64 << attempt.min(6)).min(30_000);
    let spread = (base as f64 * (0.5 + jitter.clamp(0.0, 1.0))) as u64;
    spread.clamp(250, 45_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_then_level_off_and_vary() {
        assert!(reconnect_delay_ms(0, 0.5) < reconnect_delay_ms(3, 0.5));
        assert_eq!(reconnect_delay_ms(20, 0.5), reconnect_delay_ms(30, 0.5));
        assert!(reconnect_delay_ms(20, 0.99) <= 45_000);
        assert_ne!(reconnect_delay_ms(2, 0.1), reconnect_delay_ms(2, 0.9));
    }
}
