//! Events on Today: a held event's follow-ups and a series' next event when it is not yet
//! planned, grouped by the agenda's own urgency words.

use chrono::Local;
use leptos::prelude::*;
use shared::Code;
use shared::workflow::events::{EventDue, EventThing, event_agenda};

use crate::format;
use crate::state::use_app;

#[component]
pub fn TodayEvents() -> impl IntoView {
    let app = use_app();
    let due = Memo::new(move |_| {
        let day = app.day.get();
        app.network.with(|n| event_agenda(n, day, &Local))
    });
    view! {
        <Show when=move || due.with(|d| !d.is_empty())>
            <section class="card group events" aria-labelledby="today-events-title">
                <h2 id="today-events-title">{move || format!("Events · {}", due.with(Vec::len))}</h2>
                <ul class="rows">
                    <For each=move || due.get() key=|d| (d.due, d.thing.clone()) let(d)>
                        <EventDueRow d />
                    </For>
                </ul>
            </section>
        </Show>
    }
}

#[component]
fn EventDueRow(d: EventDue) -> impl IntoView {
    let app = use_app();
    let today = app.day.get_untracked();
    let when = format!("{} · {}", d.urgency(today).label(), format::day(d.due));
    let (title, href, action) = app.network.with_untracked(|n| match &d.thing {
        EventThing::FollowUp { event, what } => (
            format!(
                "{}: {}",
                what.label(),
                n.relations.events.get(event).map(|e| e.title.clone()).unwrap_or_default()
            ),
            format!("/events/{event}"),
            "Open event",
        ),
        EventThing::SeriesDue { series } => (
            format!(
                "Next due: {}",
                n.relations.series.get(series).map(|s| s.title.clone()).unwrap_or_default()
            ),
            format!("/events/new?series={series}"),
            "Plan it",
        ),
        EventThing::SendInformation { lead } => {
            let lead = n.relations.leads.get(lead);
            let who = lead
                .and_then(|l| l.contact_id)
                .and_then(|c| n.contact(c))
                .map(|c| c.name.clone())
                .or_else(|| lead.map(|l| l.name.clone()))
                .unwrap_or_default();
            (
                format!("Send the information you promised: {who}"),
                lead.map(|l| format!("/events/{}/leads", l.event_id)).unwrap_or_default(),
                "Open leads",
            )
        }
    });
    view! {
        <li class="row static">
            <span class="row-main">
                <span class="row-title">{title}</span>
                <span class="row-sub">{when}</span>
            </span>
            <span class="row-actions"><a class="button" href=href>{action}</a></span>
        </li>
    }
}
