//! The first run: who is using the tablet and the PIN or passphrase that unlocks it, asked
//! before anything is stored; then, on a tablet that holds an earlier version's data, the
//! progress of encrypting it in place.

use leptos::prelude::*;
use shared::validation::{Checker, ValidationErrors};

use crate::access::{self, new_secret};
use crate::components::{ErrorSummary, TextField};
use crate::state::use_app;

#[component]
pub fn SetUpScreen() -> impl IntoView {
    let app = use_app();
    // An earlier version kept the name in the device settings: offer it.
    let name = RwSignal::new(app.settings.with_untracked(|s| s.staff_name.clone()));
    let secret = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let errors = RwSignal::new(None::<ValidationErrors>);
    let save_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let mut check = Checker::default();
        let typed = check.text("setup-name", "Your name", &name.get_untracked(), true, 80);
        let first = secret.get_untracked();
        if first.is_empty() {
            check.fail("setup-secret", "PIN or passphrase", shared::validation::Problem::Required);
        }
        if let Err(e) = check.finish(|| ()) {
            return errors.set(Some(e));
        }
        errors.set(None);
        let chosen = match new_secret(&first, &again.get_untracked()) {
            Ok(s) => s,
            Err(e) => return save_error.set(Some(e.to_string())),
        };
        save_error.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            if let Err(e) = access::set_up(app, typed, chosen).await {
                save_error.set(Some(format!("The tablet could not be set up: {e}")));
                busy.set(false);
            }
        });
    };
    view! {
        <section class="card set-up" aria-labelledby="setup-title">
            <h1 id="setup-title">"Set up Rapport on this tablet"</h1>
            <p>"Rapport keeps your agency's records encrypted on this tablet, so a lost tablet reveals nothing. Choose how you will unlock it: a PIN of 6 or more digits, or a passphrase of 8 or more characters."</p>
            <form class="form" novalidate on:submit=submit>
                <ErrorSummary errors save_error />
                <TextField id="setup-name" label="Your name" value=name errors required=true autocomplete="name"
                    hint="Signs your messages and shows who logged a touchpoint." />
                <TextField id="setup-secret" label="PIN or passphrase" value=secret errors required=true
                    kind="password" autocomplete="new-password"
                    hint="Not 123456 or 111111: patterns are guessed first. There is no way to recover it." />
                <TextField id="setup-again" label="Type it again" value=again errors required=true
                    kind="password" autocomplete="new-password" />
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || busy.get()>
                        {move || if busy.get() { "Setting up…" } else { "Set up this tablet" }}
                    </button>
                </div>
                <p role="status" class="announcement">{move || busy.get().then_some("Setting up…")}</p>
            </form>
        </section>
    }
}

/// "Protecting your data… 120 of 900", while an earlier version's rows are encrypted.
#[component]
pub fn Protecting(done: usize, total: usize) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="protect-title">
            <h1 id="protect-title">"Protecting your data"</h1>
            <p role="status">
                <progress max=total value=done aria-label="Encrypting stored data"></progress>
                {format!(" Protecting your data… {done} of {total}")}
            </p>
            <p>"Keep this page open. If it closes, unlocking again carries on where it stopped."</p>
        </section>
    }
}
