use leptos::prelude::*;

use crate::state::use_app;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="card">
            <h1>"Page not found"</h1>
            <p>"This address does not match any Rapport screen. "<a href="/partners">"Go to partners"</a></p>
        </section>
    }
}

/// Shown when a record is not in memory: still loading older months, or truly gone.
#[component]
pub fn RecordMissing(what: &'static str) -> impl IntoView {
    let app = use_app();
    view! {
        {move || if app.history.get().done() {
            view! {
                <section class="card">
                    <h1>{format!("{what} not found")}</h1>
                    <p>"It may have been removed, or the link is incomplete. "<a href="/partners">"Go to partners"</a></p>
                </section>
            }.into_any()
        } else {
            view! { <p class="opening" role="status">{format!("Loading older history to find this {}…", what.to_lowercase())}</p> }.into_any()
        }}
    }
}
