//! Today, the home screen: every check-in, follow-up, review and meeting that is due, grouped
//! by how urgent it is (overdue, due today, this week, coming up) and by partner, each with its
//! one-tap action. Counts come from one place (`Agenda`), so the badge and headings agree.

mod at_risk;
mod events;
mod rows;
mod set_aside;

use leptos::prelude::*;
use shared::workflow::{Agenda, PartnerRow, Urgency};

use crate::components::ShowMore;
use crate::format;
use crate::state::use_app;
use at_risk::TodayAtRisk;
use events::TodayEvents;
use rows::PartnerRowView;
use set_aside::{BulkSetAside, Notice, NoticeLine, SetAsideList};

/// Long groups grow 20 partners at a time, so a neglected agency's Today still opens quickly.
const STEP: usize = 20;

/// The count beside "Today" in the navigation: what the "Overdue" and "Due today" headings add
/// up to. Hidden while older months load, so it does not climb as they arrive.
#[component]
pub fn TodayCount() -> impl IntoView {
    let app = use_app();
    let count = move || app.today_list.with(|t| t.due_now(app.day.get()));
    let settled = move || app.history.with(|h| h.done());
    view! {
        <Show when=move || { settled() && count() > 0 }>
            <span class="count-badge" aria-label=move || format!("{} due", count())>{count}</span>
        </Show>
    }
}

#[component]
pub fn TodayPage() -> impl IntoView {
    let app = use_app();
    provide_context(Notice::default());
    let nothing = move || {
        app.today_list.with(|t| {
            t.check_ins.is_empty()
                && t.duties.is_empty()
                && t.reviews.is_empty()
                && t.meetings.is_empty()
        })
    };
    let empty = move || app.network.with(|n| n.is_empty());
    view! {
        <div class="screen-head">
            <h1>"Today"</h1>
            // The header has no room for another entry at 820 px, so events open from here.
            <div class="head-side">
                <p class="sub">{move || app.day.get().format("%A, %B %-d").to_string()}</p>
                <a class="button" href="/events">"Events"</a>
            </div>
        </div>
        <Show when=move || !empty() fallback=|| view! { <super::welcome::Welcome /> }>
            <Show when=move || !nothing() fallback=|| view! {
                <p class="card">"Nothing is due. Every partner is on track and every referral has its follow-through."</p>
                <TodayAtRisk />
            }>
                // Rebuilt when the day turns, so "due today" and "overdue" wording stays true.
                {move || {
                    app.day.track();
                    view! { <TodayAgenda /> }
                }}
            </Show>
            <TodayEvents />
            <SetAsideList />
            <NoticeLine />
        </Show>
    }
}

/// The urgency groups; on a wide screen the most urgent one fills the left column.
#[component]
fn TodayAgenda() -> impl IntoView {
    let app = use_app();
    let agenda = Memo::new(move |_| {
        let day = app.day.get();
        app.today_list.with(|t| Agenda::of(t, day))
    });
    let loading = move || !app.history.with(|h| h.done());
    let lead = Memo::new(move |_| agenda.with(|a| a.groups.first().map(|g| g.urgency)));
    let summary = move || {
        if loading() {
            return "Still loading history… counts will show once older months are in.".to_string();
        }
        agenda.with(|a| {
            let soon: usize =
                a.groups.iter().filter(|g| !g.urgency.is_due_now()).map(|g| g.count()).sum();
            format!("{} due now · {} coming up", a.due_now(), soon)
        })
    };
    view! {
        <p class="today-summary" role="status">{summary}</p>
        <div class="agenda">
            <div class="agenda-col">
                {move || lead.get().map(|urgency| view! { <UrgencyGroup urgency agenda /> })}
            </div>
            <div class="agenda-col">
                {Urgency::ALL.into_iter().map(|urgency| view! {
                    <Show when=move || lead.get() != Some(urgency) && agenda.with(|a| a.group(urgency).is_some())>
                        <UrgencyGroup urgency agenda />
                    </Show>
                }).collect_view()}
                // Beside the most urgent group on a wide screen, where it is seen without scrolling.
                <TodayAtRisk />
            </div>
        </div>
    }
}

/// One group: heading with its count, then a row per partner.
#[component]
fn UrgencyGroup(urgency: Urgency, agenda: Memo<Agenda>) -> impl IntoView {
    let app = use_app();
    let shown = RwSignal::new(STEP);
    let rows = Memo::new(move |_| {
        agenda.with(|a| a.group(urgency).map(|g| g.rows.clone()).unwrap_or_default())
    });
    let count = move || rows.with(|r| r.iter().map(|r| r.items.len()).sum::<usize>());
    let loading = move || !app.history.with(|h| h.done());
    let title_id = format!("group-{}", urgency.code());
    let labelled_by = title_id.clone();
    let heading = move || {
        if loading() {
            urgency.label().to_string()
        } else {
            format!("{} ({})", urgency.label(), count())
        }
    };
    let partners = move || {
        let n = rows.with(Vec::len);
        format!(
            "{} · {}",
            format::count(count(), "thing", "things"),
            format::count(n, "partner", "partners")
        )
    };
    view! {
        <section class=format!("card group {}", urgency.code()) aria-labelledby=labelled_by>
            <div class="section-head">
                <h2 id=title_id>{heading}</h2>
                <Show when=move || !loading()>
                    <span class="sub">{partners}</span>
                </Show>
            </div>
            <Show when=move || urgency == Urgency::Overdue>
                <BulkSetAside agenda />
            </Show>
            <ul class="rows" aria-label=urgency.label()>
                <For each=move || rows.with(|r| r.iter().take(shown.get()).cloned().collect::<Vec<_>>())
                    key=|r: &PartnerRow| format!("{r:?}") let(row)>
                    <PartnerRowView row group=urgency.code() agenda />
                </For>
            </ul>
            <ShowMore total=Signal::derive(move || rows.with(Vec::len)) shown step=STEP
                label=format!("Show more: {}", urgency.label().to_lowercase()) />
        </section>
    }
}
