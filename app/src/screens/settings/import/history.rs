//! Past imports, newest first, each undoable as a whole.

use chrono::Local;
use leptos::prelude::*;
use shared::ImportBatch;

use crate::format::count;
use crate::state::use_app;

#[component]
pub fn ImportHistory(busy: Signal<bool>) -> impl IntoView {
    let app = use_app();
    let message = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let undoing = RwSignal::new(false);
    // The import whose Undo was pressed, waiting for staff to confirm: it removes many records.
    let confirming = RwSignal::new(None::<shared::ImportId>);
    let batches = move || {
        app.network.with(|n| {
            let mut v: Vec<ImportBatch> = n.relations.imports.values().cloned().collect();
            v.sort_by(|a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
            v
        })
    };
    // Undo keeps records that referrals or touchpoints name, so it waits for all of them.
    let history_loaded = move || app.history.with(|h| h.done());
    let undo = move |batch: ImportBatch| {
        confirming.set(None);
        undoing.set(true);
        message.set(None);
        error.set(None);
        leptos::task::spawn_local(async move {
            match app.undo_import(batch).await {
                Ok(summary) => message.set(Some(summary)),
                Err(e) => error.set(Some(e.to_string())),
            }
            undoing.set(false);
        });
    };
    view! {
        <section class="card" aria-labelledby="history-title">
            <h2 id="history-title">"Past imports"</h2>
            {move || message.get().map(|m| view! { <p class="import-done" role="status">{m}</p> })}
            {move || error.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
            {move || {
                let list = batches();
                if list.is_empty() {
                    return view! { <p>"No imports yet."</p> }.into_any();
                }
                view! {
                    <ul class="rows">
                        {list.into_iter().map(|b| {
                            let title = format!(
                                "{}, {}: {}, {} from {}",
                                b.at.with_timezone(&Local).format("%-d %b %Y"),
                                b.by,
                                count(b.partners.len(), "partner", "partners"),
                                count(b.contacts.len(), "contact", "contacts"),
                                b.file
                            );
                            let undone = b.undone;
                            let id = b.id;
                            let asking = move || confirming.get() == Some(id);
                            let question = format!(
                                "Remove the {} and {} this import added? Any that a referral, a touchpoint or a contact added since still names are kept.",
                                count(b.partners.len(), "partner", "partners"),
                                count(b.contacts.len(), "contact", "contacts"),
                            );
                            let dialog = format!("undo-{id}");
                            view! {
                                <li class="row static">
                                    <span class="row-main">
                                        <span class="row-title">{title.clone()}</span>
                                        {undone.then(|| view! { <span class="row-sub">"Undone"</span> })}
                                    </span>
                                    {(!undone).then(|| view! {
                                        <button type="button" class="danger" aria-label=format!("Undo this import: {title}")
                                            aria-expanded=move || asking().to_string()
                                            disabled=move || busy.get() || undoing.get() || !history_loaded()
                                            on:click=move |_| confirming.set(Some(id))>"Undo this import"</button>
                                    })}
                                    <Show when=asking>
                                        <div class="confirm-prompt" role="alertdialog" aria-labelledby=dialog.clone()>
                                            <p id=dialog.clone()>{question.clone()}</p>
                                            <div class="actions">
                                                <button type="button" class="danger" on:click={
                                                    let b = b.clone();
                                                    move |_| undo(b.clone())
                                                }>"Remove them"</button>
                                                <button type="button" on:click=move |_| confirming.set(None)>"Keep them"</button>
                                            </div>
                                        </div>
                                    </Show>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
