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
mod join;

pub use join::{JoinPage, SetupPage};

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
        <InvitePanel devices />
        <devices::DeviceList devices />
        <section class="card" aria-labelledby="leave-title">
            <h2 id="leave-title">"Leave the team"</h2>
            <p class="hint">"The data stays on this tablet; it stops syncing. Not possible while changes are waiting to sync."</p>
            <div class="actions"><button type="button" class="danger" on:click=move |_| { leave.dispatch_local(()); } disabled=move || leave.pending().get()>"Leave team"</button></div>
            {move || leave.value().get().flatten().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
}

/// A fresh invite: its link and when it expires.
#[derive(Clone, PartialEq)]
struct NewInvite {
    link: String,
    expires: String,
}

#[component]
fn InvitePanel(devices: Devices) -> impl IntoView {
    let app = use_app();
    let admin = move || is_admin(devices) == Some(true);
    let create = Action::new_local(move |_: &()| {
        let membership = app.membership.get_untracked();
        async move {
            let membership =
                membership.ok_or_else(|| "This tablet is not in a team.".to_string())?;
            let (code, expires_ms) = team::invite(&membership).await.map_err(|e| e.to_string())?;
            let origin = window().location().origin().unwrap_or_default();
            let link =
                Invite { team: membership.creds.team, code, key: membership.creds.key.clone() }
                    .link(&origin);
            let expires = chrono::DateTime::from_timestamp_millis(expires_ms as i64)
                .map(|t| t.with_timezone(&chrono::Local).format("%b %-d at %H:%M").to_string())
                .unwrap_or_default();
            Ok::<_, String>(NewInvite { link, expires })
        }
    });
    // An error replaces the message but keeps the last invite on screen, as before.
    let last = Memo::new(move |last: Option<&Option<NewInvite>>| match create.value().get() {
        Some(Ok(invite)) => Some(invite),
        _ => last.cloned().flatten(),
    });
    let error = move || create.value().get().and_then(Result::err);
    view! {
        <section class="card" aria-labelledby="invite-title">
            <h2 id="invite-title">"Invite a tablet"</h2>
            {move || match is_admin(devices) {
                Some(false) => view! { <p>"Only the team's admins can invite tablets or remove them. Ask an admin (see the list below) to invite a tablet."</p> }.into_any(),
                _ => view! {
                    <p class="hint">"An invite works once and expires after a day. It carries the team's key, so share it only with the tablet that should join: show the QR code, or send the link privately."</p>
                    <div class="actions"><button type="button" class="primary" on:click=move |_| { create.dispatch_local(()); } disabled=move || create.pending().get() || !admin()>"Create an invite"</button></div>
                }.into_any(),
            }}
            {move || error().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {move || last.get().map(|invite| view! { <InviteLink invite /> })}
        </section>
    }
}

/// The invite as a QR code (drawn on the tablet: the link holds the team key) and as text.
#[component]
fn InviteLink(invite: NewInvite) -> impl IntoView {
    let svg = qrcode::QrCode::new(invite.link.as_bytes())
        .map(|q| q.render::<qrcode::render::svg::Color<'_>>().min_dimensions(220, 220).build())
        .unwrap_or_default();
    view! {
        <div class="invite">
            <div class="qr" role="img" aria-label="QR code of the invite link" inner_html=svg></div>
            <div class="field">
                <label for="invite-out">"Invite link"</label>
                <input id="invite-out" type="text" readonly prop:value=invite.link on:focus=|ev| {
                    event_target::<web_sys::HtmlInputElement>(&ev).select();
                } />
            </div>
            <p>{format!("Expires {}.", invite.expires)}</p>
        </div>
    }
}
