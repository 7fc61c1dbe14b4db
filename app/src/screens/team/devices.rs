//! The team's tablets as the relay lists them; admins remove tablets and make other admins.

use leptos::prelude::*;
use shared::protocol::{DeviceId, DeviceInfo, Role};

use super::Devices;
use crate::state::use_app;
use crate::sync::rotation::{self, RotationNote};
use crate::sync::team;

/// What an admin does to another tablet.
#[derive(Clone, Copy)]
enum Change {
    Remove,
    MakeAdmin,
}

#[component]
pub(super) fn DeviceList(devices: Devices) -> impl IntoView {
    let app = use_app();
    let confirm = RwSignal::new(None::<DeviceId>);
    let note = RwSignal::new(None::<RotationNote>);
    let unrecorded = RwSignal::new(None::<String>);
    // The syncing tab (this one or another) says how the team key change goes.
    let _listening = StoredValue::new_local(rotation::watch(move |n| {
        note.try_set(Some(n));
    }));
    if let Some(repo) = app.repo() {
        leptos::task::spawn_local(async move {
            // The screen may be gone by then: `try_` does nothing on a disposed signal.
            if !rotation::owed(repo.store()).await.is_empty()
                && note.try_get_untracked().is_some_and(|n| n.is_none())
            {
                note.try_set(Some(RotationNote::Changing));
            }
        });
    }
    // The relay answers each change with the new list. Removing a tablet also changes the
    // team key, so the removed tablet cannot read anything written after.
    let change = Action::new_local(move |&(id, what): &(DeviceId, Change)| {
        let membership = app.membership.get_untracked();
        let repo = app.repo();
        async move {
            let Some(membership) = membership else { return };
            let list = match what {
                Change::Remove => team::revoke(&membership, id).await,
                Change::MakeAdmin => team::set_role(&membership, id, Role::Admin).await,
            };
            let removed = matches!(what, Change::Remove) && list.is_ok();
            devices.set(Some(list.map_err(|e| e.to_string())));
            if let (true, Some(repo)) = (removed, repo) {
                note.try_set(Some(RotationNote::Changing));
                if let Err(e) = rotation::rotate_after_removing(repo.store(), id).await {
                    unrecorded.try_set(Some(format!(
                        "The tablet was removed, but this tablet could not record that the team key must change ({e}). Reload Rapport; if this persists, tell your administrator."
                    )));
                    note.try_set(None);
                }
            }
        }
    });
    let remove = move |id: DeviceId| {
        if confirm.get_untracked() != Some(id) {
            confirm.set(Some(id));
            return;
        }
        confirm.set(None);
        change.dispatch_local((id, Change::Remove));
    };
    let make_admin = move |id: DeviceId| {
        change.dispatch_local((id, Change::MakeAdmin));
    };
    view! {
        <section class="card" aria-labelledby="devices-title">
            <div class="section-head">
                <h2 id="devices-title">"Tablets in the team"</h2>
                <button type="button" on:click=move |_| devices.refetch()>"Refresh"</button>
            </div>
            {move || unrecorded.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {move || note.get().map(|n| {
                let class = if n == RotationNote::Failed { "error" } else { "announcement" };
                view! { <p class=class role="status" aria-live="polite">{n.text()}</p> }
            })}
            {move || match devices.get() {
                None => view! { <p role="status">"Asking the relay…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                Some(Ok(list)) => {
                    let admin = list.iter().any(|d| d.is_you && d.role == Role::Admin);
                    view! {
                        <ul class="rows" aria-label="Tablets">
                            {list.into_iter().map(|device| view! { <DeviceRow device admin confirm remove make_admin /> }).collect_view()}
                        </ul>
                        {(!admin).then(|| view! { <p class="hint">"Admins invite, remove tablets and make other admins. This tablet is a member."</p> })}
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn DeviceRow(
    device: DeviceInfo,
    /// Whether this tablet is an admin (and so sees the buttons).
    admin: bool,
    confirm: RwSignal<Option<DeviceId>>,
    remove: impl Fn(DeviceId) + Copy + 'static,
    make_admin: impl Fn(DeviceId) + Copy + 'static,
) -> impl IntoView {
    let app = use_app();
    let d = device;
    let id = d.id;
    let name = app
        .membership
        .with_untracked(|m| m.as_ref().map(|m| team::device_name(m, &d)))
        .unwrap_or_default();
    let seen = if d.is_you {
        "this tablet; its status is shown above".to_string()
    } else if d.last_sync_ms == 0 {
        "never synced".to_string()
    } else {
        chrono::DateTime::from_timestamp_millis(d.last_sync_ms as i64)
            .map(|t| format!("last synced {}", crate::format::moment(t)))
            .unwrap_or_default()
    };
    let status = match (d.revoked, d.role) {
        (true, _) => "Removed".to_string(),
        (false, Role::Admin) => format!("Admin · {seen}"),
        (false, Role::Member) => seen,
    };
    let may_change = admin && !d.revoked && !d.is_you;
    view! {
        <li class="row static">
            <span class="row-main">
                <span class="row-title">{name.clone()}{d.is_you.then_some(" (this tablet)")}</span>
                <span class="row-sub">{status}</span>
            </span>
            {(may_change && d.role == Role::Member).then(|| view! {
                <button type="button" on:click=move |_| make_admin(id)
                    aria-label=format!("Make {name} an admin")>"Make admin"</button>
            })}
            {may_change.then(|| view! {
                <button type="button" class="danger" on:click=move |_| remove(id)
                    aria-label=format!("Remove {name}")>
                    {move || if confirm.get() == Some(id) { "Tap again to remove" } else { "Remove" }}
                </button>
            })}
        </li>
    }
}
