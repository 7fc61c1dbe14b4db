//! Performance marks and measures the benchmark (`scripts/bench`) reads from the page.
//!
//! Any layer may time itself, so this module depends on nothing else in the app.

/// A performance mark the benchmark reads.
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// A performance measure from the latest `start` mark to now, read by the benchmark.
pub fn measure(name: &str, start: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.measure_with_start_mark(name, start);
    }
}
