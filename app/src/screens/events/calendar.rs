//! "Add to calendar": builds the `.ics` in `shared::calendar` and hands it to the browser as
//! a download, which the tablet opens in its calendar app.

use leptos::prelude::*;
use shared::calendar::{Entry, file_name, ics};

use crate::files::download;

/// A button that downloads `entry` as an `.ics` file.
#[component]
pub fn AddToCalendar(#[prop(into)] entry: Signal<Option<Entry>>) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let click = move |_| {
        let Some(e) = entry.get_untracked() else { return };
        let text = ics(std::slice::from_ref(&e), chrono::Utc::now());
        let saved = download(text.as_bytes(), &file_name(&e.title), "text/calendar;charset=utf-8");
        problem.set(saved.err().map(|_| {
            "The calendar file could not be made on this tablet. Try again; if it keeps failing, add the event to the calendar by hand.".to_string()
        }));
    };
    view! {
        <button type="button" on:click=click disabled=move || entry.with(Option::is_none)>"Add to calendar"</button>
        {move || problem.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
    }
}
