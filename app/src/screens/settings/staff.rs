//! The staff who unlock this tablet: add one (their own PIN or passphrase unlocks the same
//! data) or remove one, for instance someone who forgot their secret. Never the last one.

use leptos::prelude::*;
use shared::validation::{Checker, Problem, ValidationErrors};
use shared::vault::StaffId;

use crate::access::{self, new_secret};
use crate::components::{ErrorSummary, TextField};
use crate::state::use_app;

#[component]
pub fn StaffOnTablet() -> impl IntoView {
    let app = use_app();
    let message = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let remove = move |id: StaffId, name: String| {
        leptos::task::spawn_local(async move {
            match access::remove_staff(app, id).await {
                Ok(()) => message.set(format!("{name} can no longer unlock this tablet.")),
                Err(e) => problem.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="staff-title">
            <h2 id="staff-title">"Staff who unlock this tablet"</h2>
            <ul class="rows" aria-label="Staff on this tablet">
                {move || {
                    let staff = app.staff.get();
                    let last = staff.len() <= 1;
                    staff.into_iter().map(|p| {
                        let (id, name) = (p.id, p.name.clone());
                        view! {
                            <li class="row">
                                <span class="row-main"><span class="row-title">{p.name.clone()}</span></span>
                                <Show when=move || !last>
                                    <button type="button" aria-label=format!("Remove {}", name)
                                        on:click={ let name = name.clone(); move |_| remove(id, name.clone()) }>"Remove"</button>
                                </Show>
                            </li>
                        }
                    }).collect_view()
                }}
            </ul>
            {move || problem.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
            <p class="announcement" role="status">{move || message.get()}</p>
            <AddStaff message />
        </section>
    }
}

#[component]
fn AddStaff(message: RwSignal<String>) -> impl IntoView {
    let app = use_app();
    let name = RwSignal::new(String::new());
    let secret = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let errors = RwSignal::new(None::<ValidationErrors>);
    let save_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut check = Checker::default();
        let typed = check.text("staff-name", "Their name", &name.get_untracked(), true, 80);
        let first = secret.get_untracked();
        if first.is_empty() {
            check.fail("staff-secret", "Their PIN or passphrase", Problem::Required);
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
            match access::add_staff(app, typed.clone(), chosen).await {
                Ok(()) => {
                    message.set(format!(
                        "{typed} can now unlock this tablet with their own PIN or passphrase."
                    ));
                    [name, secret, again].into_iter().for_each(|s| s.set(String::new()));
                }
                Err(e) => save_error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="form" novalidate on:submit=submit aria-labelledby="add-staff-title">
            <h3 id="add-staff-title">"Add a staff member"</h3>
            <ErrorSummary errors save_error />
            <TextField id="staff-name" label="Their name" value=name errors required=true />
            <TextField id="staff-secret" label="Their PIN or passphrase" value=secret errors required=true
                kind="password" autocomplete="new-password" hint="They type it themselves: 6+ digits, or 8+ characters." />
            <TextField id="staff-again" label="Their PIN or passphrase again" value=again errors required=true
                kind="password" autocomplete="new-password" />
            <div class="actions">
                <button type="submit" disabled=move || busy.get()>
                    {move || if busy.get() { "Adding…" } else { "Add staff member" }}
                </button>
            </div>
        </form>
    }
}
