//! The agency's calendar as this device sees it: today, and the moment a dated record stands for.

use chrono::{DateTime, Local, NaiveDate, TimeZone, Utc};

/// The agency's calendar day on this device.
pub fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// Midday of an agency day, for records that carry a date but no time of day.
pub fn local_noon(day: NaiveDate) -> DateTime<Utc> {
    let noon = day.and_hms_opt(12, 0, 0).unwrap_or_default();
    Local.from_local_datetime(&noon).earliest().map_or_else(Utc::now, |t| t.to_utc())
}

/// Lets the browser paint and handle input between pieces of background work.
pub async fn yield_to_browser() {
    pause_ms(0).await;
}

/// Runs `work` once the browser has painted the next frame, so a screen shows before its
/// costly part (health scores) is computed.
pub fn after_next_paint(work: impl FnOnce() + 'static) {
    leptos::prelude::request_animation_frame(move || {
        leptos::prelude::set_timeout(work, std::time::Duration::ZERO)
    });
}

/// Waits `ms` milliseconds without blocking the page.
pub async fn pause_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
