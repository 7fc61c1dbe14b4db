//! The device around the app: connectivity, the calendar day, the page being hidden or shown
//! (flush when hidden, catch up with other tabs when shown), and persistent storage.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::clock::today;
use crate::repo::DataProblem;
use crate::state::AppState;

/// Follows the device's events for the rest of the page's life, and asks the browser not to
/// evict our data.
pub fn watch(app: AppState) {
    let Some(window) = web_sys::window() else { return };
    for (event, online) in [("online", true), ("offline", false)] {
        let on = Closure::<dyn FnMut()>::new(move || app.online.set(online));
        let _ = window.add_event_listener_with_callback(event, on.as_ref().unchecked_ref());
        on.forget();
    }
    let roll_over = move || {
        if app.day.get_untracked() != today() {
            app.day.set(today());
        }
    };
    let each_minute = Closure::<dyn FnMut()>::new(roll_over);
    let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
        each_minute.as_ref().unchecked_ref(),
        60_000,
    );
    each_minute.forget();
    let on_visibility = Closure::<dyn FnMut()>::new(move || {
        roll_over();
        let Some(repo) = app.repo() else { return };
        let hidden = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
        wasm_bindgen_futures::spawn_local(async move {
            let result = if hidden {
                let flushed = repo.flush().await;
                app.save_summary().await;
                flushed
            } else {
                repo.catch_up(None).await
            };
            if let Err(e) = result {
                app.problems.update(|p| p.push(DataProblem::Storage(e.to_string())));
            }
        });
    });
    if let Some(document) = window.document() {
        let _ = document.add_event_listener_with_callback(
            "visibilitychange",
            on_visibility.as_ref().unchecked_ref(),
        );
    }
    let _ =
        window.add_event_listener_with_callback("pagehide", on_visibility.as_ref().unchecked_ref());
    on_visibility.forget();
    if let Ok(storage) = js_sys::Reflect::get(&window.navigator(), &"storage".into())
        && let Ok(manager) = storage.dyn_into::<web_sys::StorageManager>()
    {
        let _ = manager.persist();
    }
}
