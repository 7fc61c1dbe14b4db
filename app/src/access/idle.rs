//! Locks the tablet after the idle time with no touch or key press, and when the page comes
//! back after being hidden for longer than that (a tablet put down with Rapport open).

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

use crate::state::AppState;
use crate::storage::settings::IDLE_LOCK_SECONDS;

/// Starts watching for activity; runs until the page reloads (which locking does).
pub fn watch(app: AppState) {
    let seconds = app.settings.with_untracked(|s| s.idle_lock_seconds.unwrap_or(IDLE_LOCK_SECONDS));
    let limit = f64::from(seconds.max(1)) * 1000.0;
    let last = Rc::new(Cell::new(js_sys::Date::now()));
    for event in ["pointerdown", "keydown", "input", "wheel"] {
        let last = last.clone();
        // The handles are dropped on purpose: listening lasts as long as the page.
        let _ = window_event_listener_untyped(event, move |_| last.set(js_sys::Date::now()));
    }
    let check = move || {
        if js_sys::Date::now() - last.get() > limit {
            super::lock();
        }
    };
    let on_return = check.clone();
    let _ = window_event_listener_untyped("visibilitychange", move |_| on_return());
    let every = Duration::from_millis((limit / 4.0).clamp(250.0, 15_000.0) as u64);
    if let Err(e) = set_interval_with_handle(check, every) {
        web_sys::console::warn_1(&e);
    }
}
