//! Settings › Data › Export: the agency's records as CSV files that Excel and LibreOffice
//! open cleanly. Participant names leave the tablet only after a prompt that names them as
//! protected health information.

use leptos::prelude::*;
use shared::ReferralNetwork;
use shared::spreadsheet::{
    Participants, contacts_csv, events_csv, gifts_csv, partners_csv, referrals_csv, touchpoints_csv,
};

use crate::clock::today;
use crate::state::use_app;

#[component]
pub fn ExportData() -> impl IntoView {
    let app = use_app();
    let asking = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    // Referrals and touchpoints of older months load in the background after opening.
    let waiting = move || !app.history.with(|h| h.done());
    let export = move |what: &'static str, make: fn(&ReferralNetwork) -> String| {
        let text = app.network.with_untracked(make);
        error.set(download(what, &text).err());
    };
    let referrals = move |participants: Participants| {
        asking.set(false);
        let text = app.network.with_untracked(|n| referrals_csv(n, participants));
        error.set(download("referrals", &text).err());
    };
    view! {
        <section class="card" aria-labelledby="export-title">
            <h2 id="export-title">"Export"</h2>
            <p>"Download the agency's records as spreadsheet files (CSV) for Excel or LibreOffice."</p>
            {move || waiting().then(|| view! { <p class="hint" role="status">"Older referrals and touchpoints are still loading; their downloads are ready in a moment."</p> })}
            <div class="actions">
                <button type="button" on:click=move |_| export("partners", partners_csv)>"Download partners (CSV)"</button>
                <button type="button" on:click=move |_| export("contacts", contacts_csv)>"Download contacts (CSV)"</button>
                <button type="button" disabled=waiting on:click=move |_| asking.set(true)>"Download referrals (CSV)"</button>
                <button type="button" disabled=waiting
                    on:click=move |_| export("touchpoints", |n| touchpoints_csv(n, &chrono::Local))>"Download touchpoints (CSV)"</button>
                <button type="button"
                    on:click=move |_| export("events", |n| events_csv(n, &chrono::Local))>"Download events (CSV)"</button>
                <button type="button" on:click=move |_| export("gifts", gifts_csv)>"Download gifts (CSV)"</button>
            </div>
            <Show when=move || asking.get()>
                <div class="phi-prompt" role="alertdialog" aria-labelledby="phi-title" aria-describedby="phi-text">
                    <h3 id="phi-title">"Include participant details?"</h3>
                    <p id="phi-text">"Include participant names and services? These are protected health information: only download them to a device your agency allows, and delete the file when done."</p>
                    <div class="actions">
                        <button type="button" class="primary" on:click=move |_| referrals(Participants::Leave)>"Without participant details"</button>
                        <button type="button" on:click=move |_| referrals(Participants::Include)>"Include them"</button>
                        <button type="button" on:click=move |_| asking.set(false)>"Cancel"</button>
                    </div>
                </div>
            </Show>
            {move || error.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
        </section>
    }
}

/// Saves `text` as `rapport-<what>-<date>.csv` through the browser.
fn download(what: &str, text: &str) -> Result<(), String> {
    let name = format!("rapport-{what}-{}.csv", today().format("%Y-%m-%d"));
    crate::files::download(text.as_bytes(), &name, "text/csv;charset=utf-8").map_err(|_| {
        format!("The {what} file could not be made in this browser. Reload Rapport and try again.")
    })
}
