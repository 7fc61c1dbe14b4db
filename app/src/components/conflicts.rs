//! "Edited on two tablets": a record's fields that two tablets changed while apart, each
//! version in full with a one-tap choice, so nobody's words disappear without being seen.
//! The rules (what conflicts, how both notes are joined) are `shared::doc`'s.

use leptos::prelude::*;
use shared::doc::{FieldConflict, Record, Resolution};

use crate::state::use_app;

/// Shows nothing unless the record has conflicting fields; one per page, below its heading.
#[component]
pub fn EditedOnTwoTablets<R>(record: Memo<Option<R>>) -> impl IntoView
where
    R: Record + PartialEq + Send + Sync + 'static,
{
    let app = use_app();
    let place = Memo::new(move |_| record.with(|r| r.as_ref().map(|r| (r.doc_key(), r.prop()))));
    let conflicts = Memo::new(move |_| {
        place.get().map(|(key, prop)| app.conflicts(key, &prop)).unwrap_or_default()
    });
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let choose = move |field: String, resolution: Resolution| {
        let Some((key, prop)) = place.get_untracked() else { return };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = app.resolve(key, prop, field, resolution).await;
            error.set(result.err().map(|e| e.to_string()));
            busy.set(false);
        });
    };

    view! {
        <Show when=move || conflicts.with(|c| !c.is_empty())>
            <section class="card conflicts" aria-labelledby="conflicts-title">
                <h2 id="conflicts-title">"Edited on two tablets"</h2>
                <p class="conflicts-intro">
                    "While the tablets were apart, each saved something different here. Choose what to keep; the choice reaches every tablet."
                </p>
                {move || conflicts.get().into_iter().map(|c| view! {
                    <FieldChoice conflict=c busy choose />
                }).collect_view()}
                {move || error.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
            </section>
        </Show>
    }
}

/// One field's versions, each with "Keep this", and "Keep both" for free text.
#[component]
fn FieldChoice(
    conflict: FieldConflict,
    busy: RwSignal<bool>,
    choose: impl Fn(String, Resolution) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let field = conflict.field.clone();
    let label = conflict.label();
    let both = conflict.is_free_text().then(|| Resolution::keep_both(&conflict));
    let versions = conflict.values.iter().enumerate().map(|(i, value)| {
        let id = format!("conflict-{field}-{i}");
        let (field, keep) = (field.clone(), Resolution::Keep(value.clone()));
        view! {
            <li class="version">
                <span class="version-from">{if i == 0 { "Shown now" } else { "Other version" }}</span>
                <p class="version-text" id=id.clone()>{conflict.describe(value)}</p>
                <button type="button" aria-describedby=id disabled=move || busy.get()
                    on:click=move |_| choose(field.clone(), keep.clone())>"Keep this"</button>
            </li>
        }
    });
    let keep_both = both.map(|both| {
        let field = field.clone();
        view! {
            <button type="button" class="primary" disabled=move || busy.get()
                on:click=move |_| choose(field.clone(), both.clone())>"Keep both"</button>
        }
    });
    view! {
        <div class="conflict">
            <h3>{label}</h3>
            <ul class="versions">{versions.collect_view()}</ul>
            {keep_both}
        </div>
    }
}
