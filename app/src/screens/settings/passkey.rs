//! Settings › This tablet: the unlocked staff member sets up or removes unlocking with their
//! fingerprint or face. The PIN or passphrase always stays as the fallback.

use leptos::prelude::*;
use shared::vault::PasskeyOffer;

use crate::access::{self, passkey};
use crate::state::use_app;

#[component]
pub fn PasskeyOnTablet() -> impl IntoView {
    let app = use_app();
    let me = crate::storage::sealed::session().ok().map(|s| s.staff);
    let offer = Memo::new(move |_| {
        let supported = passkey::supported();
        app.staff.with(|staff| {
            staff.iter().find(|p| Some(p.id) == me).map(|p| PasskeyOffer::for_profile(p, supported))
        })
    });
    let busy = RwSignal::new(false);
    let message = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let act = move |enrol: bool| {
        busy.set(true);
        problem.set(None);
        message.set(String::new());
        leptos::task::spawn_local(async move {
            let outcome = match enrol {
                true => access::enrol_passkey(app).await,
                false => access::remove_passkey(app).await,
            };
            busy.set(false);
            match (outcome, enrol) {
                (Ok(()), true) => message.set(
                    "Set up: the lock screen now offers your fingerprint or face first.".into(),
                ),
                (Ok(()), false) => {
                    message.set("Removed: unlock with your PIN or passphrase from now on.".into())
                }
                (Err(e), _) => problem.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="passkey-title">
            <h2 id="passkey-title">"Unlock with fingerprint or face on this tablet"</h2>
            {move || match offer.get() {
                None => view! {
                    <p class="hint">"Unlock the tablet to change how you unlock it."</p>
                }.into_any(),
                Some(PasskeyOffer::Unsupported) => view! {
                    <p class="hint">"This browser cannot unlock with fingerprint or face; use the PIN or passphrase."</p>
                }.into_any(),
                Some(PasskeyOffer::CanSetUp) => view! {
                    <p class="hint">"Faster than typing your PIN. Your PIN or passphrase still works if the fingerprint or face is not recognised."</p>
                    <div class="actions">
                        <button type="button" class="primary" disabled=move || busy.get() on:click=move |_| act(true)>
                            {move || if busy.get() { "Waiting for fingerprint or face…" } else { "Set up fingerprint or face unlock" }}
                        </button>
                    </div>
                }.into_any(),
                Some(PasskeyOffer::SetUp) => view! {
                    <p>"You can unlock with your fingerprint or face. Your PIN or passphrase still works."</p>
                    <div class="actions">
                        <button type="button" disabled=move || busy.get() on:click=move |_| act(false)>
                            "Remove fingerprint or face unlock"
                        </button>
                    </div>
                }.into_any(),
            }}
            {move || problem.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
            <p class="announcement" role="status">{move || message.get()}</p>
        </section>
    }
}
