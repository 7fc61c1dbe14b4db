//! Settings › Backup: a passphrase-sealed file of everything stored here, and restoring one
//! into an empty tablet. For an agency without a relay the file is its only other copy.

use leptos::prelude::*;
use shared::backup::{MIN_PASSPHRASE, backup_due};

use super::BackToSettings;
use crate::clock::today;
use crate::files::{chosen_file, download};
use crate::state::{AppState, BackupStep, use_app};

#[component]
pub fn BackupSettings() -> impl IntoView {
    view! {
        <BackToSettings />
        <h1>"Backup"</h1>
        <BackupReminder />
        <MakeBackup />
        <RestoreBackup />
    }
}

/// Whether this tablet should be nagged: outside a team it may hold the agency's only copy.
pub fn backup_reminder_due(app: AppState) -> bool {
    app.membership.with(Option::is_none)
        && !app.network.with(|n| n.is_empty())
        && app.settings.with(|s| backup_due(s.last_backup, today()))
}

/// The 30-day reminder, also shown on the Settings index (`link` to this screen there).
#[component]
pub fn BackupReminder(#[prop(optional)] link: bool) -> impl IntoView {
    let app = use_app();
    view! {
        <Show when=move || backup_reminder_due(app)>
            <div class="banner sample" role="note">
                <p>
                    {move || match app.settings.with(|s| s.last_backup) {
                        Some(day) => format!("The last backup from this tablet was made on {}, more than 30 days ago.", day.format("%-d %B %Y")),
                        None => "No backup has been made from this tablet.".to_string(),
                    }}
                    " This tablet is not in a team, so it may hold the agency's only copy. "
                    {if link {
                        view! { <a href="/settings/backup">"Make a backup"</a>" and keep the file away from the tablet." }.into_any()
                    } else {
                        view! { "Make a backup below and keep the file away from the tablet." }.into_any()
                    }}
                </p>
            </div>
        </Show>
    }
}

/// What a step of a backup or restore says while it runs.
fn step_text(step: BackupStep) -> String {
    match step {
        BackupStep::Reading { done, total } => {
            format!("Reading stored data: {done} of {total} documents…")
        }
        BackupStep::Sealing => "Sealing the backup with your passphrase…".into(),
        BackupStep::Opening => "Checking the passphrase and opening the backup…".into(),
        BackupStep::Writing { done, total } => {
            format!("Restoring: {done} of {total} pieces of data written…")
        }
        BackupStep::Checking => "Checking that what was restored matches the backup…".into(),
    }
}

#[component]
fn MakeBackup() -> impl IntoView {
    let app = use_app();
    let (first, again) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let step = RwSignal::new(None::<BackupStep>);
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let make = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let passphrase = first.get_untracked();
        if passphrase != again.get_untracked() {
            outcome.set(Some(Err(
                "The two passphrases are not the same; type it again in both fields.".into(),
            )));
            return;
        }
        outcome.set(None);
        step.set(Some(BackupStep::Reading { done: 0, total: 1 }));
        leptos::task::spawn_local(async move {
            let made = app.make_backup(passphrase, move |s| step.set(Some(s))).await;
            step.set(None);
            let name = format!("rapport-backup-{}.rapport", today().format("%Y-%m-%d"));
            outcome.set(Some(match made {
                Ok((file, documents)) => match download(&file, &name, "application/octet-stream") {
                    Ok(()) => {
                        first.set(String::new());
                        again.set(String::new());
                        Ok(format!("Backup saved as {name}: {documents} documents, {:.1} MB. Keep it away from this tablet (a USB stick or the agency's file server). Without the passphrase no one can open it, and no one can recover it for you.", file.len() as f64 / 1_048_576.0))
                    }
                    Err(e) => Err(format!("The backup was made but not saved: {e}.")),
                },
                Err(e) => Err(e.to_string()),
            }));
        });
    };
    let busy = move || step.with(Option::is_some);
    view! {
        <section class="card" aria-labelledby="make-backup-title">
            <h2 id="make-backup-title">"Make a backup"</h2>
            <p>{move || match app.settings.with(|s| s.last_backup) {
                Some(day) => format!("Last backup from this tablet: {}.", day.format("%-d %B %Y")),
                None => "No backup has been made from this tablet yet.".to_string(),
            }}</p>
            <form on:submit=make>
                <div class="field">
                    <label for="backup-passphrase">"Backup passphrase"<span class="required">" (required)"</span></label>
                    <p class="hint" id="backup-passphrase-hint">{format!("At least {MIN_PASSPHRASE} characters; a few words is easiest. Write it down somewhere safe, apart from the file.")}</p>
                    <input id="backup-passphrase" type="password" autocomplete="new-password" required aria-describedby="backup-passphrase-hint"
                        prop:value=first on:input=move |ev| first.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="backup-passphrase-again">"Backup passphrase again"<span class="required">" (required)"</span></label>
                    <input id="backup-passphrase-again" type="password" autocomplete="new-password" required
                        prop:value=again on:input=move |ev| again.set(event_target_value(&ev)) />
                </div>
                <div class="actions">
                    <button type="submit" class="primary" disabled=busy>"Download backup"</button>
                </div>
            </form>
            <Outcome step outcome />
        </section>
    }
}

#[component]
fn RestoreBackup() -> impl IntoView {
    let app = use_app();
    let passphrase = RwSignal::new(String::new());
    let step = RwSignal::new(None::<BackupStep>);
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let restored = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    let restore = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(element) = input.get_untracked() else { return };
        outcome.set(None);
        step.set(Some(BackupStep::Opening));
        leptos::task::spawn_local(async move {
            let file = match chosen_file(&element).await {
                Ok(Some((_, bytes))) => bytes,
                Ok(None) => {
                    step.set(None);
                    outcome.set(Some(Err(
                        "Choose the backup file first (it ends in .rapport).".into()
                    )));
                    return;
                }
                Err(e) => {
                    step.set(None);
                    outcome.set(Some(Err(format!("The file could not be read: {e}."))));
                    return;
                }
            };
            let result = app
                .restore_backup(file, passphrase.get_untracked(), move |s| step.set(Some(s)))
                .await;
            step.set(None);
            outcome.set(Some(match result {
                Ok(r) => {
                    restored.set(true);
                    passphrase.set(String::new());
                    Ok(format!("Restored and checked: {} documents from the backup made on {}. Everything written back matches the backup.", r.documents, r.made_at.with_timezone(&chrono::Local).format("%-d %B %Y at %H:%M")))
                }
                Err(e) => Err(e.to_string()),
            }));
        });
    };
    let busy = move || step.with(Option::is_some);
    let reopen = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().replace("/");
        }
    };
    view! {
        <section class="card" aria-labelledby="restore-title">
            <h2 id="restore-title">"Restore a backup"</h2>
            <p>"Puts a backup's data into this tablet. Only into an empty Rapport outside a team: a new tablet, or one whose data was removed."</p>
            <form on:submit=restore>
                <div class="field">
                    <label for="restore-file">"Backup file"<span class="required">" (required)"</span></label>
                    <input id="restore-file" type="file" accept=".rapport" required node_ref=input />
                </div>
                <div class="field">
                    <label for="restore-passphrase">"Its passphrase"<span class="required">" (required)"</span></label>
                    <input id="restore-passphrase" type="password" autocomplete="off" required
                        prop:value=passphrase on:input=move |ev| passphrase.set(event_target_value(&ev)) />
                </div>
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || busy() || restored.get()>"Restore"</button>
                </div>
            </form>
            <Outcome step outcome />
            <Show when=move || restored.get()>
                <div class="actions"><button type="button" class="primary" on:click=reopen>"Open the restored data"</button></div>
            </Show>
        </section>
    }
}

/// The running step with a busy indicator, then what happened.
#[component]
fn Outcome(
    step: RwSignal<Option<BackupStep>>,
    outcome: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    view! {
        {move || step.get().map(|s| {
            let value = match s {
                BackupStep::Reading { done, total } | BackupStep::Writing { done, total } => Some((done, total.max(1))),
                _ => None,
            };
            view! {
                <p role="status">
                    {match value {
                        Some((done, total)) => view! { <progress max=total value=done aria-label="Progress"></progress> }.into_any(),
                        None => view! { <progress aria-label="Working"></progress> }.into_any(),
                    }}
                    " " {step_text(s)}
                </p>
            }
        })}
        {move || outcome.get().map(|o| match o {
            Ok(m) => view! { <p role="status">{m}</p> }.into_any(),
            Err(m) => view! { <p class="error" role="alert">{m}</p> }.into_any(),
        })}
    }
}
