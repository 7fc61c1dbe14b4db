//! Locks the tablet after the idle time with no touch or key press, and when the page comes
//! back after being hidden for longer than that (a tablet put down with Rapport open).
//!
//! The idle time is the team's policy (`AgencyPolicy::idle_lock_minutes`), read at each check
//! because the policy loads after unlock and may change by sync. A hidden per-tablet setting
//! (`idle_lock_seconds`, set only by tests) wins when present.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

use crate::state::AppState;

/// The idle limit in milliseconds: the tablet's test override, else the team's policy.
fn limit_ms(app: AppState) -> f64 {
    let seconds = app
        .settings
        .with_untracked(|s| s.idle_lock_seconds)
        .unwrap_or_else(|| app.network.with_untracked(|n| n.policy().idle_lock_seconds()));
    f64::from(seconds.max(1)) * 1000.0
}

/// Starts watching for activity; runs until the page reloads (which locking does).
pub fn watch(app: AppState) {
    let last = Rc::new(Cell::new(js_sys::Date::now()));
    for event in ["pointerdown", "keydown", "input", "wheel"] {
        let last = last.clone();
        // The handles are dropped on purpose: listening lasts as long as the page.
        let _ = window_event_listener_untyped(event, move |_| last.set(js_sys::Date::now()));
    }
    let check = move || {
        if js_sys::Date::now() - last.get() > limit_ms(app) {
            super::lock();
        }
    };
    let on_return = check.clone();
    let _ = window_event_listener_untyped("visibilitychange", move |_| on_return());
    // A policy limit is at least a minute, so checking every 15 s is close enough.
    let every = app
        .settings
        .with_untracked(|s| s.idle_lock_seconds)
        .map_or(15_000.0, |s| (f64::from(s.max(1)) * 250.0).clamp(250.0, 15_000.0));
    if let Err(e) = set_interval_with_handle(check, Duration::from_millis(every as u64)) {
        web_sys::console::warn_1(&e);
    }
}
