//! The sync indicator, always visible: what sync is doing and, if stopped, what to do.

use leptos::prelude::*;
use shared::sync::{RelayFull, SnapshotFault, StopReason, SyncStatus};

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

/// Why sync stopped and what to do about it, in the words staff see.
fn stop_words(reason: &StopReason) -> (String, String) {
    const REJOIN: &str = "Changes stay on this tablet. Ask a teammate for a new invite to rejoin.";
    match reason {
        StopReason::UnreadableFrame { error } => (
            format!("The relay sent something unreadable ({error})"),
            "Check that the app and the relay are up to date".into(),
        ),
        StopReason::Unrecognised { message } => {
            (format!("The relay does not recognise this device ({message})"), REJOIN.into())
        }
        StopReason::Revoked => (
            "This tablet was removed from the team".into(),
            "Its team data was erased from it. Ask a teammate for a new invite to rejoin.".into(),
        ),
        StopReason::RelayFull { full } => (
            match full {
                RelayFull::Disk => "The relay is full: its disk has no room for new changes",
                RelayFull::TeamQuota => {
                    "The relay is full: your team has used all the storage it is allowed"
                }
                RelayFull::DeviceQuota => {
                    "The relay is full: this tablet has used all the storage one device is allowed"
                }
            }
            .into(),
            "Your changes are safe on this tablet and will sync later. Ask your administrator \
             to free space on the relay or raise its limit."
                .into(),
        ),
        StopReason::TooManyDocs { message } => (
            format!("The relay refused a new document: {message}"),
            "Changes stay on this tablet. Tell your administrator that the relay has reached \
             its document limit"
                .into(),
        ),
        StopReason::Refused { message } => (
            format!("The relay refused a change: {message}"),
            "Update Rapport on this tablet; if it persists, tell your administrator".into(),
        ),
        StopReason::MissingKeyUpdate { epoch } => (
            format!("Waiting for a teammate's tablet to share the new key (update {epoch})"),
            "Changes stay on this tablet and sync once the key arrives. Any teammate's tablet \
             that is online shares it: open Rapport on one while this tablet is online"
                .into(),
        ),
        StopReason::DamagedSnapshot { doc, covers, fault } => {
            let why = match fault {
                SnapshotFault::BeyondLatest { latest } => {
                    format!("it claims to cover change {covers} but the relay has only {latest}")
                }
                SnapshotFault::Unopenable { error } => error.clone(),
            };
            (
                format!(
                    "The relay holds a damaged snapshot of a document, so it is not synced: {why}"
                ),
                format!(
                    "Tell your administrator: rapport-server delete-snapshot --doc {doc} \
                     --covers {covers}"
                ),
            )
        }
    }
}

/// The sync state in words, with its style class: `(class, text)`.
pub fn sync_words(status: &SyncStatus) -> (&'static str, String) {
    match status {
        SyncStatus::NotInTeam => ("sync alone", "On this tablet only".to_string()),
        SyncStatus::Offline { waiting: n } => ("sync offline", format!("Offline{}", waiting(*n))),
        SyncStatus::Connecting { waiting: n } => {
            ("sync busy", format!("Connecting…{}", waiting(*n)))
        }
        SyncStatus::Syncing { waiting: n } => ("sync busy", format!("Syncing…{}", waiting(*n))),
        SyncStatus::Synced { at_ms, waiting: n } => {
            ("sync ok", format!("Synced at {}{}", clock(*at_ms), waiting(*n)))
        }
        SyncStatus::Stopped { reason } => {
            let (problem, action) = stop_words(reason);
            ("sync stopped", format!("Sync stopped: {problem}. {action}"))
        }
    }
}

/// The sync state short enough for the header's one line; a stop's reason is in the details.
pub fn sync_short(status: &SyncStatus) -> (&'static str, String) {
    match status {
        SyncStatus::Stopped { .. } => ("sync stopped", "Sync stopped".to_string()),
        other => sync_words(other),
    }
}

#[component]
pub fn SyncBadge() -> impl IntoView {
    let app = use_app();
    move || {
        let (class, text) = sync_words(&app.sync_status.get());
        view! { <a class=format!("badge {class}") href="/team" data-sync=class>{text}</a> }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use shared::protocol::DocId;

    use super::*;

    #[test]
    fn a_damaged_snapshot_names_the_command_that_deletes_it() {
        let doc = DocId([0xab; 16]);
        let fault = SnapshotFault::BeyondLatest { latest: 1 };
        let reason = StopReason::DamagedSnapshot { doc, covers: 1_000_000_000_000, fault };
        let (problem, action) = stop_words(&reason);
        assert!(problem.contains("snapshot"), "{problem}");
        assert!(action.contains(&format!("--doc {doc} --covers 1000000000000")), "{action}");
    }

    #[test]
    fn a_full_relay_tells_the_user_to_ask_an_administrator_not_to_update_the_app() {
        let (_, action) = stop_words(&StopReason::TooManyDocs { message: "5000".into() });
        assert!(action.contains("administrator") && !action.contains("Update"), "{action}");
        for full in [RelayFull::Disk, RelayFull::TeamQuota, RelayFull::DeviceQuota] {
            let (problem, action) = stop_words(&StopReason::RelayFull { full });
            assert!(problem.starts_with("The relay is full"), "{problem}");
            assert!(action.contains("administrator"), "{action}");
        }
    }
}
