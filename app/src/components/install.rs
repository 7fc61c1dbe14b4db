//! A quiet offer to install Rapport on this tablet. Installed, it opens from the home screen
//! with no connection and the browser keeps its data. Chromium's `beforeinstallprompt` can fire
//! before the app starts, so `public/boot.js` keeps it in `window.rapportInstall` and announces
//! changes with a `rapport-install-change` event; Safari on iPad has no prompt, so it gets the
//! Share-menu how-to (`shared::install` decides which).

use js_sys::Reflect;
use leptos::prelude::*;
use shared::install::{BrowserFacts, InstallOffer, install_offer};
use wasm_bindgen::{JsCast, JsValue};

/// A property of a JavaScript object, if it can be read.
fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(target, &key.into()).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

/// What the boot script captured: the unused prompt, and whether Rapport is installed.
fn captured() -> (Option<JsValue>, bool) {
    let state = web_sys::window().and_then(|w| get(&w, "rapportInstall"));
    let prompt = state.as_ref().and_then(|s| get(s, "prompt"));
    let installed = state.and_then(|s| get(&s, "installed")).and_then(|v| v.as_bool());
    (prompt, installed.unwrap_or(false))
}

/// The offer that fits this browser now.
fn current_offer() -> InstallOffer {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else {
        return InstallOffer::Nothing;
    };
    let (prompt, installed) = captured();
    let user_agent = nav.user_agent().unwrap_or_default();
    let touch_points = get(&nav, "maxTouchPoints").and_then(|v| v.as_f64()).unwrap_or(0.0);
    install_offer(&BrowserFacts {
        user_agent: &user_agent,
        touch_points: touch_points as u32,
        standalone: installed,
        prompt_ready: prompt.is_some(),
    })
}

/// Opens the browser's install dialog and waits for the answer. A prompt works once, so it is
/// dropped either way; if the person declines, the browser may offer a new one later.
async fn prompt_install() {
    let (Some(event), _) = captured() else { return };
    if let Some(prompt) = get(&event, "prompt").and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        && prompt.call0(&event).is_ok()
        && let Some(choice) =
            get(&event, "userChoice").and_then(|c| c.dyn_into::<js_sys::Promise>().ok())
    {
        let _ = wasm_bindgen_futures::JsFuture::from(choice).await;
    }
    if let Some(state) = web_sys::window().and_then(|w| get(&w, "rapportInstall")) {
        let _ = Reflect::set(&state, &"prompt".into(), &JsValue::NULL);
    }
}

/// "Install Rapport on this tablet", or the iPad how-to; nothing once installed.
#[component]
pub fn InstallAction() -> impl IntoView {
    let offer = RwSignal::new(current_offer());
    // The boot script's news of a new prompt, or of the app having been installed.
    let listener = window_event_listener_untyped("rapport-install-change", move |_| {
        offer.set(current_offer());
    });
    on_cleanup(move || listener.remove());
    let install = move |_| {
        leptos::task::spawn_local(async move {
            prompt_install().await;
            offer.set(current_offer());
        });
    };
    move || {
        match offer.get() {
        InstallOffer::Nothing => None,
        InstallOffer::Prompt => Some(view! {
            <div class="install-offer" role="group" aria-label="Install Rapport">
                <p>"Installed, Rapport opens from the home screen without a connection, and the browser keeps its data safe."</p>
                <button type="button" on:click=install>"Install Rapport on this tablet"</button>
            </div>
        }.into_any()),
        InstallOffer::AddToHomeScreen => Some(view! {
            <div class="install-offer" role="group" aria-label="Install Rapport">
                <p>"To install Rapport on this iPad: tap "<strong>"Share"</strong>" in Safari's toolbar, then "<strong>"Add to Home Screen"</strong>". It then opens without a connection."</p>
            </div>
        }.into_any()),
    }
    }
}
