//! The pages a relay's setup link and a teammate's invite link open: name this tablet, then
//! create or join the team.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::sync::{Invite, setup_code};

use super::take_fragment;
use crate::components::{FieldFrame, described_by};
use crate::state::use_app;

fn default_name() -> String {
    let name = use_app().settings.with_untracked(|s| s.device_name.clone());
    if name.is_empty() || name == "This tablet" { String::new() } else { name }
}

/// The tablet's name as typed, or the error that says what to type.
fn device_name(name: RwSignal<String>, example: &str) -> Result<String, String> {
    let typed = name.get_untracked().trim().to_string();
    if typed.is_empty() {
        Err(format!("Tablet name is required, e.g. “{example}”."))
    } else {
        Ok(typed)
    }
}

/// The page a relay's setup link opens: create the team from this tablet.
#[component]
pub fn SetupPage() -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let code = setup_code(&take_fragment());
    let name = RwSignal::new(default_name());
    let error = RwSignal::new(None::<String>);
    let create =
        Action::new_local(move |(code, device_name): &(shared::protocol::OneTimeCode, String)| {
            let (code, device_name, navigate) = (*code, device_name.clone(), navigate.clone());
            async move {
                match app.create_team(code, &device_name).await {
                    Ok(()) => navigate("/team", Default::default()),
                    Err(e) => error.set(Some(e.to_string())),
                }
            }
        });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(code) = code else { return };
        match device_name(name, "Outreach tablet 1") {
            Ok(device_name) => {
                create.dispatch_local((code, device_name));
            }
            Err(e) => error.set(Some(e)),
        }
    };
    view! {
        <h1>"Create your team"</h1>
        {match code {
            None => view! { <p class="card error" role="alert">"This setup link is incomplete. Copy the whole link the relay printed, including the part after #."</p> }.into_any(),
            Some(_) => view! {
                <form class="card form" novalidate on:submit=submit>
                    <p>"This tablet becomes the team's first. It makes the team's encryption key, which never leaves your tablets."</p>
                    <NameField name error />
                    <div class="actions"><button type="submit" class="primary" disabled=move || create.pending().get()>"Create team"</button></div>
                </form>
            }.into_any(),
        }}
    }
}

/// The page an invite link opens: join the team from this tablet.
#[component]
pub fn JoinPage() -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let invite = Invite::parse(&take_fragment());
    let name = RwSignal::new(default_name());
    let error = RwSignal::new(None::<String>);
    let ready = StoredValue::new(invite.clone().ok());
    let join = Action::new_local(move |(invite, device_name): &(Invite, String)| {
        let (invite, device_name, navigate) =
            (invite.clone(), device_name.clone(), navigate.clone());
        async move {
            match app.join_team(invite, &device_name).await {
                Ok(()) => navigate("/team", Default::default()),
                Err(e) => error.set(Some(e.to_string())),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(invite) = ready.get_value() else { return };
        match device_name(name, "Outreach tablet 2") {
            Ok(device_name) => {
                join.dispatch_local((invite, device_name));
            }
            Err(e) => error.set(Some(e)),
        }
    };
    view! {
        <h1>"Join your team"</h1>
        {match invite {
            Err(e) => view! { <p class="card error" role="alert">{e.to_string()}</p> }.into_any(),
            Ok(_) => view! {
                <form class="card form" novalidate on:submit=submit>
                    <p>"This tablet will share partners, referrals and touchpoints with the team, encrypted end to end."</p>
                    <NameField name error />
                    <div class="actions"><button type="submit" class="primary" disabled=move || join.pending().get()>"Join team"</button></div>
                </form>
            }.into_any(),
        }}
    }
}

#[component]
fn NameField(name: RwSignal<String>, error: RwSignal<Option<String>>) -> impl IntoView {
    let invalid = move || error.with(Option::is_some);
    view! {
        <FieldFrame id="device-name" label="Tablet name" required=true announce=true error
            hint=Some("How teammates will see this tablet, e.g. “Outreach tablet 2”.")>
            <input id="device-name" type="text" bind:value=name autocomplete="off" aria-required="true"
                aria-invalid=move || invalid().then_some("true")
                aria-describedby=move || described_by("device-name", true, invalid()) />
        </FieldFrame>
    }
}
