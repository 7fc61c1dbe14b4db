//! The header's one status element: a single line (sync state, plus the one other thing most
//! worth knowing) that opens to the details: saving, sync, connection and history loading.
//! It replaced up to three badges and a progress bar that made the header 115 px tall.
//! The details are opened by few people and rarely, so their code is a chunk of its own
//! (`status_details`), fetched on the first tap.

use leptos::prelude::*;
use shared::sync::SyncStatus;
use wasm_split_helpers::{SplitLoaderError, wasm_split};

use super::sync_badge::{sync_short, sync_words};
use crate::state::{HistoryProgress, SaveStatus, use_app};

/// What the line adds after the sync state, most important first, and the dot's tone.
pub fn line_extra(
    save: &SaveStatus,
    online: bool,
    sync: &SyncStatus,
    history: HistoryProgress,
) -> (&'static str, Option<String>) {
    let sync_says_offline = matches!(sync, SyncStatus::Offline { .. });
    let stopped = matches!(sync, SyncStatus::Stopped { .. });
    match save {
        SaveStatus::Failed(_) => return ("bad", Some("Last change not saved".into())),
        _ if stopped => return ("bad", None),
        _ if !online && !sync_says_offline => {
            return ("warn", Some("Offline: saving on this tablet".into()));
        }
        _ if !online => return ("warn", None),
        SaveStatus::Saving => return ("busy", Some("Saving…".into())),
        _ => {}
    }
    if !history.done() {
        return ("busy", Some(format!("Loading history {} of {}", history.loaded, history.total)));
    }
    let tone = match sync {
        SyncStatus::Connecting { .. } | SyncStatus::Syncing { .. } => "busy",
        _ => "ok",
    };
    match save {
        SaveStatus::Saved(at) => (tone, Some(format!("Saved {at}"))),
        _ => (tone, None),
    }
}

/// The button's accessible name: the whole line, which a narrow header cuts or hides in part.
pub fn status_label(sync: &str, extra: Option<&str>) -> String {
    match extra {
        Some(extra) => format!("Status: {sync} · {extra}"),
        None => format!("Status: {sync}"),
    }
}

/// The save state in full, for the details.
fn save_words(save: &SaveStatus) -> String {
    match save {
        SaveStatus::Idle => "Nothing changed since Rapport opened".into(),
        SaveStatus::Saving => "Saving…".into(),
        SaveStatus::Saved(at) => format!("Saved on this tablet at {at}"),
        SaveStatus::Failed(why) => format!("Last change not saved: {why}"),
    }
}

/// Connection, last save, and background loading, announced politely to screen readers.
#[component]
pub fn DeviceStatus() -> impl IntoView {
    let app = use_app();
    let open = RwSignal::new(false);
    let short = move || app.sync_status.with(sync_short);
    let extra = move || {
        line_extra(
            &app.save_status.get(),
            app.online.get(),
            &app.sync_status.get(),
            app.history.get(),
        )
    };
    let close_on_escape = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            open.set(false);
        }
    };
    view! {
        <div class="device-status" on:keydown=close_on_escape>
            <button type="button" class=move || format!("status-toggle {}", extra().0)
                aria-label=move || status_label(&short().1, extra().1.as_deref())
                aria-expanded=move || open.get().to_string() aria-controls="status-details"
                on:click=move |_| open.update(|o| *o = !*o)>
                <span class="dot" aria-hidden="true"></span>
                <span class="status-line" role="status" aria-live="polite">
                    <span data-sync=move || short().0>{move || short().1}</span>
                    // Something urgent replaces the sync state on the line (styles.css).
                    {move || {
                        let (tone, extra) = extra();
                        let class = if matches!(tone, "bad" | "warn") { "extra urgent" } else { "extra" };
                        extra.map(|e| view! { <span class=class><span class="sep">" · "</span>{e}</span> })
                    }}
                </span>
            </button>
            <Show when=move || open.get()>
                <div id="status-details" class="status-details" role="group" aria-label="Status details">
                    <LazyDetails />
                </div>
            </Show>
        </div>
    }
}

/// Occurs when the details' chunk could not be downloaded (first tap, connection lost).
#[derive(Debug, Clone, thiserror::Error)]
#[error("the details could not be downloaded")]
struct DetailsMissing;

impl From<SplitLoaderError> for DetailsMissing {
    fn from(_: SplitLoaderError) -> Self {
        DetailsMissing
    }
}

/// The details, in their own chunk.
#[wasm_split(status_details, fallible)]
fn details() -> Result<ViewFn, DetailsMissing> {
    Ok(ViewFn::from(|| view! { <StatusDetails /> }))
}

/// The details once their chunk has loaded, or what went wrong.
#[component]
fn LazyDetails() -> impl IntoView {
    let details = LocalResource::new(details);
    move || {
        match details.get() {
        None => view! { <p>"Opening the details…"</p> }.into_any(),
        Some(Ok(details)) => details.run(),
        Some(Err(e)) => view! {
            <p role="alert">{format!("Rapport needs a connection the first time, and {e}. Check the connection and open the details again.")}</p>
        }
        .into_any(),
    }
    }
}

/// Everything the line summarises, in full.
#[component]
fn StatusDetails() -> impl IntoView {
    let app = use_app();
    let sync = move || app.sync_status.with(sync_words);
    view! {
        <dl class="facts">
            <dt>"Sync"</dt>
            <dd><a href="/team" class=move || format!("badge {}", sync().0)>{move || sync().1}</a></dd>
            <dt>"Saving"</dt>
            <dd>{move || save_words(&app.save_status.get())}</dd>
            <dt>"Connection"</dt>
            <dd>{move || if app.online.get() { "Online" } else { "Offline. Changes are kept on this tablet." }}</dd>
            <dt>"History"</dt>
            <dd>{move || {
                let h = app.history.get();
                if h.done() {
                    view! { <span>"All records loaded"</span> }.into_any()
                } else {
                    view! {
                        <span class="history-progress">
                            <progress max=h.total value=h.loaded aria-label="Loading older history"></progress>
                            {format!(" Loading older records: {} of {}", h.loaded, h.total)}
                        </span>
                    }.into_any()
                }
            }}</dd>
        </dl>
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use shared::sync::StopReason;

    use super::*;

    const DONE: HistoryProgress = HistoryProgress { loaded: 3, total: 3 };

    #[test]
    fn a_failed_save_outranks_everything_else_on_the_line() {
        let failed = SaveStatus::Failed("disk full".into());
        let (tone, extra) = line_extra(&failed, false, &SyncStatus::NotInTeam, DONE);
        assert_eq!((tone, extra.as_deref()), ("bad", Some("Last change not saved")));
    }

    #[test]
    fn offline_is_said_once_whether_or_not_sync_already_says_it() {
        let idle = SaveStatus::Idle;
        let (_, alone) = line_extra(&idle, false, &SyncStatus::NotInTeam, DONE);
        assert_eq!(alone.as_deref(), Some("Offline: saving on this tablet"));
        let (tone, team) = line_extra(&idle, false, &SyncStatus::Offline { waiting: 1 }, DONE);
        assert_eq!((tone, team), ("warn", None));
    }

    #[test]
    fn loading_history_shows_until_done_then_the_last_save() {
        let saved = SaveStatus::Saved("10:42".into());
        let loading = HistoryProgress { loaded: 1, total: 4 };
        let (_, during) = line_extra(&saved, true, &SyncStatus::NotInTeam, loading);
        assert_eq!(during.as_deref(), Some("Loading history 1 of 4"));
        let (tone, after) = line_extra(&saved, true, &SyncStatus::NotInTeam, DONE);
        assert_eq!((tone, after.as_deref()), ("ok", Some("Saved 10:42")));
    }

    #[test]
    fn the_accessible_name_keeps_what_a_narrow_header_hides() {
        assert_eq!(status_label("On this tablet only", None), "Status: On this tablet only");
        let label = status_label("Synced at 10:42", Some("Saved 10:43"));
        assert_eq!(label, "Status: Synced at 10:42 · Saved 10:43");
    }

    #[test]
    fn a_stopped_sync_is_short_on_the_line_and_red() {
        let stopped = SyncStatus::Stopped { reason: StopReason::Revoked };
        assert_eq!(sync_short(&stopped).1, "Sync stopped");
        assert_eq!(line_extra(&SaveStatus::Idle, true, &stopped, DONE).0, "bad");
    }
}
