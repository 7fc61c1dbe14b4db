//! This tablet: who uses it, what it is called, and installing Rapport on it. Kept on the
//! device only, never synced.

use leptos::prelude::*;
use shared::validation::ValidationErrors;

use super::BackToSettings;
use crate::components::{ErrorSummary, InstallAction, TextField};
use crate::state::use_app;

#[component]
pub fn TabletSettings() -> impl IntoView {
    view! {
        <BackToSettings />
        <h1>"This tablet"</h1>
        <DeviceForm />
        <super::passkey::PasskeyOnTablet />
        <super::staff::StaffOnTablet />
        <InstallAction />
    }
}

#[component]
fn DeviceForm() -> impl IntoView {
    let app = use_app();
    let current = app.settings.get_untracked();
    let staff = RwSignal::new(current.staff_name);
    let device = RwSignal::new(current.device_name);
    let errors = RwSignal::new(None::<ValidationErrors>);
    let save_error = RwSignal::new(None::<String>);
    let done = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut check = shared::validation::Checker::default();
        let staff_name =
            check.text("settings-staff", "Your name", &staff.get_untracked(), true, 80);
        let device_name =
            check.text("settings-device", "Tablet name", &device.get_untracked(), true, 60);
        match check.finish(|| ()) {
            Err(e) => errors.set(Some(e)),
            Ok(()) => {
                errors.set(None);
                app.settings.update(|s| s.device_name = device_name);
                if let Err(m) = app.settings.with_untracked(|s| s.save()) {
                    return save_error.set(Some(m.to_string()));
                }
                // The name lives in the unlocked staff member's profile, not in settings.
                leptos::task::spawn_local(async move {
                    match crate::access::rename_current(app, staff_name).await {
                        Ok(()) => {
                            save_error.set(None);
                            done.set("Saved on this tablet.".into());
                        }
                        Err(m) => save_error.set(Some(m.to_string())),
                    }
                });
            }
        }
    };
    view! {
        <form class="card form" novalidate on:submit=submit aria-labelledby="device-title">
            <h2 id="device-title">"Who uses it"</h2>
            <ErrorSummary errors save_error />
            <TextField id="settings-staff" label="Your name" value=staff errors required=true autocomplete="name"
                hint="Signs your messages and shows who logged a touchpoint." />
            <TextField id="settings-device" label="Tablet name" value=device errors required=true
                hint="Helps the team tell tablets apart, e.g. “Outreach tablet 2”." />
            <div class="actions"><button type="submit" class="primary">"Save"</button></div>
            <p class="announcement" role="status">{move || done.get()}</p>
        </form>
    }
}
