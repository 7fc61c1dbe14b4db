//! The lock screen: who is unlocking (when several staff share the tablet), their fingerprint
//! or face if they set it up, and their PIN or passphrase as the fallback. It shows no record:
//! nothing is read from storage until the unlock succeeds.

use leptos::prelude::*;
use shared::vault::{PasskeyOffer, SecretKind, StaffId};

use crate::access::{self, AccessError, passkey};
use crate::state::use_app;

#[component]
pub fn LockScreen() -> impl IntoView {
    let app = use_app();
    let staff = app.staff.get_untracked();
    let chosen = RwSignal::new(staff.first().map(|p| p.id.to_string()).unwrap_or_default());
    let secret = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<(String, bool)>);
    let pin_pad = {
        let staff = staff.clone();
        move || {
            let id = chosen.get();
            staff.iter().find(|p| p.id.to_string() == id).and_then(|p| p.secret_kind())
                == Some(SecretKind::Pin)
        }
    };
    let offers_passkey = {
        let staff = staff.clone();
        let supported = passkey::supported();
        move || {
            let id = chosen.get();
            staff
                .iter()
                .find(|p| p.id.to_string() == id)
                .map(|p| PasskeyOffer::for_profile(p, supported))
                == Some(PasskeyOffer::SetUp)
        }
    };
    let show_error = move |e: AccessError| {
        let warn = matches!(
            e,
            AccessError::Wrong { warn: true, .. } | AccessError::WrongPasskey { warn: true, .. }
        );
        error.set(Some((e.to_string(), warn)));
    };
    let by_passkey = move |_| {
        if busy.get_untracked() {
            return;
        }
        let Ok(id) = chosen.get_untracked().parse::<StaffId>() else {
            return error.set(Some((AccessError::NoSuchStaff.to_string(), false)));
        };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let outcome = access::unlock_with_passkey(app, id).await;
            busy.set(false);
            if let Err(e) = outcome {
                show_error(e);
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Ok(id) = chosen.get_untracked().parse::<StaffId>() else {
            return error.set(Some((AccessError::NoSuchStaff.to_string(), false)));
        };
        let typed = secret.get_untracked();
        if typed.is_empty() {
            return error
                .set(Some(("Type your PIN or passphrase, then choose Unlock.".into(), false)));
        }
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let outcome = access::unlock(app, id, typed).await;
            secret.set(String::new());
            busy.set(false);
            if let Err(e) = outcome {
                show_error(e);
            }
        });
    };
    let several = staff.len() > 1;
    view! {
        <section class="card lock" aria-labelledby="lock-title">
            <h1 id="lock-title">"Rapport is locked"</h1>
            <p>"The agency's records on this tablet are encrypted. Unlock to see them."</p>
            <form class="form" novalidate on:submit=submit>
                <Show when=move || several>
                    <div class="field">
                        <label for="lock-staff">"Who is unlocking"</label>
                        <select id="lock-staff" on:change=move |ev| chosen.set(event_target_value(&ev))>
                            {staff.iter().map(|p| view! {
                                <option value=p.id.to_string()>{p.name.clone()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </Show>
                <Show when=offers_passkey.clone()>
                    <button type="button" class="primary passkey-unlock" disabled=move || busy.get()
                        on:click=by_passkey aria-describedby="lock-error">
                        "Unlock with fingerprint or face"
                    </button>
                    <p class="or">"Or type your PIN or passphrase:"</p>
                </Show>
                <div class="field">
                    <label for="lock-secret">"PIN or passphrase"</label>
                    <input id="lock-secret" type="password" autocomplete="current-password"
                        inputmode=move || pin_pad().then_some("numeric")
                        bind:value=secret aria-describedby="lock-error"
                        aria-invalid=move || error.with(Option::is_some).then_some("true") />
                </div>
                <div id="lock-error" role="alert">
                    {move || error.get().map(|(message, warn)| view! {
                        <p class="error">{message}</p>
                        {warn.then(|| view! {
                            <p class="error"><strong>"When no tries are left, this tablet erases Rapport's data. \
                                The team's records stay safe on the relay, but changes not yet synced are lost."</strong></p>
                        })}
                    })}
                </div>
                <div class="actions">
                    <button type="submit" class:primary={ let o = offers_passkey.clone(); move || !o() }
                        disabled=move || busy.get()>
                        {move || if busy.get() { "Unlocking…" } else { "Unlock" }}
                    </button>
                </div>
                <p role="status" class="announcement">{move || busy.get().then_some("Unlocking…")}</p>
            </form>
            <p class="hint">"Forgot your PIN? Another staff member on this tablet can remove you and add you again in Settings → This tablet. Otherwise the tablet must be erased and join the team again."</p>
        </section>
    }
}
