//! The team: set it up, join it, invite tablets, see and remove them, leave it. And the two
//! pages a setup link or an invite link opens (`join.rs`).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::protocol::{DeviceInfo, OneTimeCode, Role};
use shared::sync::Invite;

use crate::components::{FieldFrame, SyncBadge, described_by};
use crate::state::use_app;
use crate::sync::team;

mod devices;
mod invite;
mod join;
mod removed;

pub use join::{JoinPage, SetupPage};
pub use removed::RemovedPage;

/// Reads the link's fragment and removes it from the address bar and the browser history at
/// once: it holds the team key or a one-time code, which must not stay in the history.
fn take_fragment() -> String {
    let location = window().location();
    let hash = location.hash().unwrap_or_default();
    if !hash.is_empty() {
        let path = location.pathname().unwrap_or_default() + &location.search().unwrap_or_default();
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
    }
    hash
}

/// The team's devices as this tablet last heard them from the relay.
type Devices = LocalResource<Result<Vec<DeviceInfo>, String>>;

/// Whether this tablet is an admin, once the device list has arrived.
fn is_admin(devices: Devices) -> Option<bool> {
    devices.with(|d| match d {
        Some(Ok(list)) => Some(list.iter().any(|d| d.is_you && d.role == Role::Admin)),
        _ => None,
    })
}

#[component]
pub fn TeamPage() -> impl IntoView {
    let app = use_app();
    view! {
        <h1>"Team"</h1>
        {move || match app.membership.get() {
            Some(_) => view! { <Member /> }.into_any(),
            None => view! { <NotInTeam /> }.into_any(),
        }}
    }
}

#[component]
fn NotInTeam() -> impl IntoView {
    let navigate = use_navigate();
    let link = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let open = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match Invite::parse(&link.get_untracked()) {
            Ok(invite) => navigate(
                &format!(
                    "/join#team={}&invite={}&key={}",
                    invite.team,
                    invite.code.to_hex(),
                    invite.key.to_hex()
                ),
                Default::default(),
            ),
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let invalid = move || error.with(Option::is_some);
    view! {
        <section class="card" aria-labelledby="alone-title">
            <h2 id="alone-title">"This tablet works on its own"</h2>
            <p>"Everything is saved on this tablet. Join your agency's team to share partners, referrals and touchpoints with the other tablets. Data is encrypted on the tablet before it leaves; the relay that passes it on cannot read it."</p>
        </section>
        <form class="card form" novalidate on:submit=open aria-labelledby="join-title">
            <h2 id="join-title">"Join with an invite"</h2>
            <p class="hint">"A teammate makes an invite on their tablet (Team → Invite a tablet). Scan its QR code with this tablet's camera, or paste the link here."</p>
            <FieldFrame id="invite-link" label="Invite link" error>
                <input id="invite-link" type="url" bind:value=link autocomplete="off"
                    aria-invalid=move || invalid().then_some("true")
                    aria-describedby=move || described_by("invite-link", false, invalid()) />
            </FieldFrame>
            <div class="actions"><button type="submit" class="primary">"Continue"</button></div>
        </form>
        <section class="card" aria-labelledby="new-team-title">
            <h2 id="new-team-title">"Starting a new team?"</h2>
            <p>"The first tablet creates the team with the one-time setup link the relay prints when it starts (in its output or log, on the machine it runs on). Open that link on this tablet."</p>
        </section>
    }
}

#[component]
fn Member() -> impl IntoView {
    let app = use_app();
    let name = move || {
        app.membership.with(|m| m.as_ref().map(|m| m.device_name.clone()).unwrap_or_default())
    };
    // A recovery link from `rapport-server recover` makes this tablet an admin: the first
    // load claims it, later ones (Refresh) only list the devices.
    let recover = StoredValue::new(
        take_fragment().strip_prefix("#recover=").and_then(|c| c.parse::<OneTimeCode>().ok()),
    );
    let devices: Devices = LocalResource::new(move || {
        let membership = app.membership.get_untracked();
        let code = recover.try_update_value(Option::take).flatten();
        async move {
            let Some(membership) = membership else { return Ok(Vec::new()) };
            match code {
                Some(code) => team::claim_admin(&membership, code).await,
                None => team::devices(&membership).await,
            }
            .map_err(|e| e.to_string())
        }
    });
    let leave = Action::new_local(move |_: &()| async move {
        app.leave_team().await.err().map(|e| e.to_string())
    });
    view! {
        <section class="card" aria-labelledby="sync-title">
            <h2 id="sync-title">"Sync"</h2>
            <p>"This tablet is "<strong>{name}</strong>" in your team."</p>
            <p><SyncBadge /></p>
        </section>
        <invite::InvitePanel devices />
        <devices::DeviceList devices />
        <section class="card" aria-labelledby="leave-title">
            <h2 id="leave-title">"Leave the team"</h2>
            <p class="hint">"The data stays on this tablet; it stops syncing. Not possible while changes are waiting to sync."</p>
            <div class="actions"><button type="button" class="danger" on:click=move |_| { leave.dispatch_local(()); } disabled=move || leave.pending().get()>"Leave team"</button></div>
            {move || leave.value().get().flatten().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
}
