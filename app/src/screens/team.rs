//! The team: set it up, join it, invite tablets, see and remove them, leave it. And the two
//! pages a setup link or an invite link opens.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::protocol::{DeviceId, DeviceInfo, OneTimeCode, Role};
use shared::sync::{Invite, setup_code};

use crate::components::SyncBadge;
use crate::state::use_app;
use crate::sync::team;

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
type Devices = RwSignal<Option<Result<Vec<DeviceInfo>, team::TeamError>>>;

/// Whether this tablet is an admin, once the device list has arrived.
fn is_admin(devices: Devices) -> Option<bool> {
    devices.with(|d| match d {
        Some(Ok(list)) => Some(list.iter().any(|d| d.is_you && d.role == Role::Admin)),
        _ => None,
    })
}

fn default_name() -> String {
    let name = use_app().settings.with_untracked(|s| s.device_name.clone());
    if name.is_empty() || name == "This tablet" { String::new() } else { name }
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
    view! {
        <section class="card" aria-labelledby="alone-title">
            <h2 id="alone-title">"This tablet works on its own"</h2>
            <p>"Everything is saved on this tablet. Join your agency's team to share partners, referrals and touchpoints with the other tablets. Data is encrypted on the tablet before it leaves; the relay that passes it on cannot read it."</p>
        </section>
        <form class="card form" novalidate on:submit=open aria-labelledby="join-title">
            <h2 id="join-title">"Join with an invite"</h2>
            <p class="hint">"A teammate makes an invite on their tablet (Team → Invite a tablet). Scan its QR code with this tablet's camera, or paste the link here."</p>
            <div class="field" class:invalid=move || error.with(Option::is_some)>
                <label for="invite-link">"Invite link"</label>
                <input id="invite-link" type="url" bind:value=link autocomplete="off"
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    aria-describedby=move || error.with(Option::is_some).then_some("invite-link-error") />
                {move || error.get().map(|e| view! { <p class="error" id="invite-link-error">{e}</p> })}
            </div>
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
    let devices: Devices = RwSignal::new(None);
    let refresh = move || {
        let Some(membership) = app.membership.get_untracked() else { return };
        leptos::task::spawn_local(
            async move { devices.set(Some(team::devices(&membership).await)) },
        );
    };
    // A recovery link from `rapport-server recover` makes this tablet an admin.
    let recover =
        take_fragment().strip_prefix("#recover=").and_then(|c| c.parse::<OneTimeCode>().ok());
    match (recover, app.membership.get_untracked()) {
        (Some(code), Some(membership)) => leptos::task::spawn_local(async move {
            devices.set(Some(team::claim_admin(&membership, code).await));
        }),
        _ => refresh(),
    }
    let leave_error = RwSignal::new(None::<String>);
    let leaving = RwSignal::new(false);
    let leave = move |_| {
        leaving.set(true);
        leptos::task::spawn_local(async move {
            leave_error.set(app.leave_team().await.err().map(|e| e.to_string()));
            leaving.set(false);
        });
    };
    view! {
        <section class="card" aria-labelledby="sync-title">
            <h2 id="sync-title">"Sync"</h2>
            <p>"This tablet is "<strong>{name}</strong>" in your team."</p>
            <p><SyncBadge /></p>
        </section>
        <InvitePanel devices />
        <DeviceList devices refresh />
        <section class="card" aria-labelledby="leave-title">
            <h2 id="leave-title">"Leave the team"</h2>
            <p class="hint">"The data stays on this tablet; it stops syncing. Not possible while changes are waiting to sync."</p>
            <div class="actions"><button type="button" class="danger" on:click=leave disabled=move || leaving.get()>"Leave team"</button></div>
            {move || leave_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
}

#[component]
fn InvitePanel(devices: Devices) -> impl IntoView {
    let app = use_app();
    let admin = move || is_admin(devices) == Some(true);
    let invite = RwSignal::new(None::<(String, String)>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let create = move |_| {
        let Some(membership) = app.membership.get_untracked() else { return };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match team::invite(&membership).await {
                Ok((code, expires_ms)) => {
                    let origin = window().location().origin().unwrap_or_default();
                    let link = Invite {
                        team: membership.creds.team,
                        code,
                        key: membership.creds.key.clone(),
                    }
                    .link(&origin);
                    let expires = chrono::DateTime::from_timestamp_millis(expires_ms as i64)
                        .map(|t| {
                            t.with_timezone(&chrono::Local).format("%b %-d at %H:%M").to_string()
                        })
                        .unwrap_or_default();
                    error.set(None);
                    invite.set(Some((link, expires)));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card" aria-labelledby="invite-title">
            <h2 id="invite-title">"Invite a tablet"</h2>
            {move || match is_admin(devices) {
                Some(false) => view! { <p>"Only the team's admins can invite tablets or remove them. Ask an admin (see the list below) to invite a tablet."</p> }.into_any(),
                _ => view! {
                    <p class="hint">"An invite works once and expires after a day. It carries the team's key, so share it only with the tablet that should join: show the QR code, or send the link privately."</p>
                    <div class="actions"><button type="button" class="primary" on:click=create disabled=move || busy.get() || !admin()>"Create an invite"</button></div>
                }.into_any(),
            }}
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {move || invite.get().map(|(link, expires)| {
                let svg = qrcode::QrCode::new(link.as_bytes())
                    .map(|q| q.render::<qrcode::render::svg::Color<'_>>().min_dimensions(220, 220).build())
                    .unwrap_or_default();
                view! {
                    <div class="invite">
                        <div class="qr" role="img" aria-label="QR code of the invite link" inner_html=svg></div>
                        <div class="field">
                            <label for="invite-out">"Invite link"</label>
                            <input id="invite-out" type="text" readonly prop:value=link.clone() on:focus=|ev| {
                                event_target::<web_sys::HtmlInputElement>(&ev).select();
                            } />
                        </div>
                        <p>{format!("Expires {expires}.")}</p>
                    </div>
                }
            })}
        </section>
    }
}

#[component]
fn DeviceList(
    devices: Devices,
    refresh: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let app = use_app();
    let confirm = RwSignal::new(None::<DeviceId>);
    let remove = move |id: DeviceId| {
        if confirm.get_untracked() != Some(id) {
            confirm.set(Some(id));
            return;
        }
        let Some(membership) = app.membership.get_untracked() else { return };
        leptos::task::spawn_local(async move {
            confirm.set(None);
            devices.set(Some(team::revoke(&membership, id).await));
        });
    };
    let make_admin = move |id: DeviceId| {
        let Some(membership) = app.membership.get_untracked() else { return };
        leptos::task::spawn_local(async move {
            devices.set(Some(team::set_role(&membership, id, Role::Admin).await));
        });
    };
    view! {
        <section class="card" aria-labelledby="devices-title">
            <div class="section-head">
                <h2 id="devices-title">"Tablets in the team"</h2>
                <button type="button" on:click=move |_| refresh()>"Refresh"</button>
            </div>
            {move || match devices.get() {
                None => view! { <p role="status">"Asking the relay…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                Some(Ok(list)) => {
                    let admin = list.iter().any(|d| d.is_you && d.role == Role::Admin);
                    view! {
                    <ul class="rows" aria-label="Tablets">
                        {list.into_iter().map(|d| {
                            let id = d.id;
                            let name = app.membership.with_untracked(|m| m.as_ref().map(|m| team::device_name(m, &d))).unwrap_or_default();
                            let seen = if d.is_you { "this tablet; its status is shown above".to_string() } else if d.last_sync_ms == 0 { "never synced".to_string() } else {
                                chrono::DateTime::from_timestamp_millis(d.last_sync_ms as i64)
                                    .map(|t| format!("last synced {}", crate::format::moment(t))).unwrap_or_default()
                            };
                            view! {
                                <li class="row static">
                                    <span class="row-main">
                                        <span class="row-title">{name.clone()}{d.is_you.then_some(" (this tablet)")}</span>
                                        <span class="row-sub">{match (d.revoked, d.role) {
                                            (true, _) => "Removed".to_string(),
                                            (false, Role::Admin) => format!("Admin · {seen}"),
                                            (false, Role::Member) => seen,
                                        }}</span>
                                    </span>
                                    {(admin && !d.revoked && !d.is_you && d.role == Role::Member).then(|| view! {
                                        <button type="button" on:click=move |_| make_admin(id)
                                            aria-label=format!("Make {name} an admin")>"Make admin"</button>
                                    })}
                                    {(admin && !d.revoked && !d.is_you).then(|| view! {
                                        <button type="button" class="danger" on:click=move |_| remove(id)
                                            aria-label=format!("Remove {name}")>
                                            {move || if confirm.get() == Some(id) { "Tap again to remove" } else { "Remove" }}
                                        </button>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {(!admin).then(|| view! { <p class="hint">"Admins invite, remove tablets and make other admins. This tablet is a member."</p> })}
                    }.into_any()
                }
            }}
        </section>
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
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(code) = code else { return };
        let device_name = name.get_untracked().trim().to_string();
        if device_name.is_empty() {
            error.set(Some("Tablet name is required, e.g. “Outreach tablet 1”.".into()));
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match app.create_team(code, &device_name).await {
                Ok(()) => navigate("/team", Default::default()),
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    view! {
        <h1>"Create your team"</h1>
        {match code {
            None => view! { <p class="card error" role="alert">"This setup link is incomplete. Copy the whole link the relay printed, including the part after #."</p> }.into_any(),
            Some(_) => view! {
                <form class="card form" novalidate on:submit=submit>
                    <p>"This tablet becomes the team's first. It makes the team's encryption key, which never leaves your tablets."</p>
                    <NameField name error />
                    <div class="actions"><button type="submit" class="primary" disabled=move || busy.get()>"Create team"</button></div>
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
    let busy = RwSignal::new(false);
    let ready = invite.clone().ok();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(invite) = ready.clone() else { return };
        let device_name = name.get_untracked().trim().to_string();
        if device_name.is_empty() {
            error.set(Some("Tablet name is required, e.g. “Outreach tablet 2”.".into()));
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match app.join_team(invite, &device_name).await {
                Ok(()) => navigate("/team", Default::default()),
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    view! {
        <h1>"Join your team"</h1>
        {match invite {
            Err(e) => view! { <p class="card error" role="alert">{e.to_string()}</p> }.into_any(),
            Ok(_) => view! {
                <form class="card form" novalidate on:submit=submit>
                    <p>"This tablet will share partners, referrals and touchpoints with the team, encrypted end to end."</p>
                    <NameField name error />
                    <div class="actions"><button type="submit" class="primary" disabled=move || busy.get()>"Join team"</button></div>
                </form>
            }.into_any(),
        }}
    }
}

#[component]
fn NameField(name: RwSignal<String>, error: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label for="device-name">"Tablet name"<span class="required">" (required)"</span></label>
            <p class="hint" id="device-name-hint">"How teammates will see this tablet, e.g. “Outreach tablet 2”."</p>
            <input id="device-name" type="text" bind:value=name autocomplete="off" aria-required="true"
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=move || if error.with(Option::is_some) { "device-name-hint device-name-error" } else { "device-name-hint" } />
            {move || error.get().map(|e| view! { <p class="error" id="device-name-error" role="alert">{e}</p> })}
        </div>
    }
}
