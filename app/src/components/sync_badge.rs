//! The sync indicator, always visible: what sync is doing and, if stopped, what to do.

use leptos::prelude::*;
use shared::sync::SyncStatus;

use crate::state::use_app;

fn clock(at_ms: u64) -> String {
    chrono::DateTime::from_timestamp_millis(at_ms as i64)
        .map(|t| t.with_timezone(&chrono::Local).format("%H:%M").to_string())
        .unwrap_or_default()
}

fn waiting(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(" · {}", crate::format::count(n, "change waiting", "changes waiting"))
    }
}

#[component]
pub fn SyncBadge() -> impl IntoView {
    let app = use_app();
    move || {
        let (class, text) = match app.sync_status.get() {
            SyncStatus::NotInTeam => ("sync alone", "On this tablet only".to_string()),
            SyncStatus::Offline { waiting: n } => {
                ("sync offline", format!("Offline{}", waiting(n)))
            }
            SyncStatus::Connecting { waiting: n } => {
                ("sync busy", format!("Connecting…{}", waiting(n)))
            }
            SyncStatus::Syncing { waiting: n } => ("sync busy", format!("Syncing…{}", waiting(n))),
            SyncStatus::Synced { at_ms, waiting: n } => {
                ("sync ok", format!("Synced at {}{}", clock(at_ms), waiting(n)))
            }
            SyncStatus::Stopped { problem, action } => {
                ("sync stopped", format!("Sync stopped: {problem}. {action}"))
            }
        };
        view! { <a class=format!("badge {class}") href="/team" data-sync=class>{text}</a> }
    }
}
