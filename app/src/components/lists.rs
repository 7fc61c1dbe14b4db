//! The pieces every long list shares: how many rows match, and a button that shows more of
//! them (lists render a page at a time so a large agency's screens still open quickly).

use leptos::prelude::*;

use crate::format;

/// "Showing 50 of 120 partners", "12 partners", or what to do when nothing matches;
/// announced politely as the filters change.
#[component]
pub fn ListCount(
    #[prop(into)] total: Signal<usize>,
    #[prop(into)] shown: Signal<usize>,
    one: &'static str,
    many: &'static str,
    empty: &'static str,
) -> impl IntoView {
    let text = move || {
        let total = total.get();
        let showing = total.min(shown.get());
        if total == 0 {
            empty.to_string()
        } else if showing < total {
            format!("Showing {showing} of {}", format::count(total, one, many))
        } else {
            format::count(total, one, many)
        }
    };
    view! { <p class="count" role="status">{text}</p> }
}

/// Adds `step` more rows while some are hidden.
#[component]
pub fn ShowMore(
    #[prop(into)] total: Signal<usize>,
    shown: RwSignal<usize>,
    step: usize,
    #[prop(into)] label: String,
) -> impl IntoView {
    view! {
        <Show when=move || { total.get() > shown.get() }>
            <button type="button" class="more-rows" on:click=move |_| shown.update(|n| *n += step)>
                {label.clone()}
            </button>
        </Show>
    }
}
