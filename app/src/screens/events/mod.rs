//! Events: webinars, workshops, health fairs and the appreciation lunch. The list (upcoming,
//! then past), the form, and each event's page with its invitees. The rules (attendance
//! touchpoints, follow-ups, series, invitee selection) live in `shared::workflow::events`.

mod calendar;
mod capture;
mod form;
mod invitees;
mod leads;
mod meal;
mod page;
mod partner;

pub use calendar::AddToCalendar;
pub use capture::CapturePage;
pub use form::{EditEvent, NewEvent};
pub use leads::LeadsPage;
pub use page::EventPage;
pub use partner::PartnerEvents;

use chrono::{DateTime, Local, Utc};
use leptos::prelude::*;
use shared::{Code, Event, EventStatus};

use crate::state::use_app;

/// The IANA name of the tablet's time zone (e.g. `America/Chicago`), stored with an event so
/// everyone can see which wall clock it was planned in. Empty if the browser does not say.
fn zone_name() -> String {
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    js_sys::Reflect::get(&format.resolved_options(), &"timeZone".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// `Apr 15, 2026, 14:00–15:00`, in the tablet's zone.
fn when(e: &Event) -> String {
    let (s, end) = (e.starts_at.with_timezone(&Local), e.ends_at.with_timezone(&Local));
    let span = if s.date_naive() == end.date_naive() {
        format!("{}–{}", s.format("%H:%M"), end.format("%H:%M"))
    } else {
        format!("{} – {}", s.format("%H:%M"), end.format("%b %-d, %H:%M"))
    };
    format!("{}, {span}", s.format("%a %b %-d, %Y"))
}

/// When, with the zone it was planned in if that differs from the tablet's.
fn when_with_zone(e: &Event) -> String {
    let here = zone_name();
    if e.time_zone.is_empty() || e.time_zone == here {
        when(e)
    } else {
        format!("{} (your time; planned in {})", when(e), e.time_zone)
    }
}

#[component]
pub fn EventList() -> impl IntoView {
    let app = use_app();
    let now = Utc::now();
    let split = Memo::new(move |_| {
        app.day.track();
        app.network.with(|n| {
            let mut all: Vec<Event> = n.relations.events.values().cloned().collect();
            all.sort_by_key(|e| e.starts_at);
            let (upcoming, mut past): (Vec<Event>, Vec<Event>) =
                all.into_iter().partition(|e| is_upcoming(e, now));
            past.reverse();
            (upcoming, past)
        })
    });
    view! {
        <div class="screen-head">
            <h1>"Events"</h1>
            <a class="button primary" href="/events/new">"Plan an event"</a>
        </div>
        <p class="hint">"Webinars, workshops, health fairs and appreciation events. Attendance counts as a touch with each attendee's partner."</p>
        <div class="calendar-export">
            <calendar::AddUpcomingToCalendar />
        </div>
        <section class="card" aria-labelledby="upcoming-title">
            <h2 id="upcoming-title">"Upcoming"</h2>
            <EventRows events=Signal::derive(move || split.with(|s| s.0.clone())) empty="Nothing planned. Plan the next webinar or workshop here." />
        </section>
        <section class="card" aria-labelledby="past-title">
            <h2 id="past-title">"Past"</h2>
            <EventRows events=Signal::derive(move || split.with(|s| s.1.clone())) empty="No past events yet." />
        </section>
    }
}

/// Still ahead (or under way) and not cancelled.
fn is_upcoming(e: &Event, now: DateTime<Utc>) -> bool {
    e.status == EventStatus::Planned && e.ends_at >= now
}

#[component]
fn EventRows(events: Signal<Vec<Event>>, empty: &'static str) -> impl IntoView {
    view! {
        <Show when=move || events.with(|e| !e.is_empty()) fallback=move || view! { <p class="hint">{empty}</p> }>
            <ul class="rows">
                <For each=move || events.get() key=|e| (e.id, e.title.clone(), e.starts_at, e.status) let(e)>
                    <li>
                        <a class="row" href=format!("/events/{}", e.id)>
                            <span class="row-main">
                                <span class="row-title">{e.title.clone()}</span>
                                <span class="row-sub">{format!("{} · {}", e.kind.label(), when(&e))}</span>
                            </span>
                            <span class="row-side">{e.status.label()}</span>
                        </a>
                    </li>
                </For>
            </ul>
        </Show>
    }
}
