//! "Add to calendar", for one entry or the next 90 days: builds the `.ics` in
//! `shared::calendar` and hands it to the browser as a download, which the tablet opens in its
//! calendar app.

use leptos::prelude::*;
use shared::calendar::{Entry, UPCOMING_DAYS, file_name, ics, upcoming};

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

/// A button that downloads one `.ics` of everything scheduled in the next 90 days: planned
/// events, care-plan meetings and partner reviews due.
#[component]
pub fn AddUpcomingToCalendar() -> impl IntoView {
    let app = crate::state::use_app();
    let problem = RwSignal::new(None::<String>);
    let note = RwSignal::new(None::<String>);
    let click = move |_| {
        let now = chrono::Utc::now();
        let entries = app.network.with_untracked(|n| upcoming(n, now, &chrono::Local));
        if entries.is_empty() {
            problem.set(None);
            note.set(Some(format!(
                "Nothing is scheduled in the next {UPCOMING_DAYS} days, so there is nothing to add."
            )));
            return;
        }
        let text = ics(&entries, now);
        let saved =
            download(text.as_bytes(), "rapport-next-90-days.ics", "text/calendar;charset=utf-8");
        match saved {
            Ok(()) => {
                problem.set(None);
                let n = entries.len();
                let what = if n == 1 {
                    "1 entry: open it to add it"
                } else {
                    "entries: open it to add them"
                };
                let what = if n == 1 { what.to_string() } else { format!("{n} {what}") };
                note.set(Some(format!("The file holds {what} to your calendar. Importing it again updates what you added before.")));
            }
            Err(_) => {
                note.set(None);
                problem.set(Some("The calendar file could not be made on this tablet. Try again; if it keeps failing, add each event from its own page.".into()));
            }
        }
    };
    view! {
        <button type="button" on:click=click>{format!("Add the next {UPCOMING_DAYS} days to your calendar")}</button>
        {move || problem.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
        {move || note.get().map(|m| view! { <p class="announcement" role="status">{m}</p> })}
    }
}
