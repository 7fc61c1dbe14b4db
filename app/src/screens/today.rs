//! Today, the home screen: every check-in, follow-up, review and meeting that is due, grouped
//! by how urgent it is (overdue, due today, this week, coming up) and by partner, each with its
//! one-tap action. Counts come from one place (`Agenda`), so the badge and headings agree.

mod rows;

use leptos::prelude::*;
use shared::workflow::agenda::set_aside_until;
use shared::workflow::{Agenda, PartnerRow, Urgency};

use crate::components::ShowMore;
use crate::format;
use crate::state::{AppError, SetAsidePrevious, use_app};
use rows::PartnerRowView;

/// A check-in set aside from its row comes back a week later.
const SET_ASIDE_DAYS: u64 = 7;
/// "Set aside all overdue check-ins" puts them off for two weeks.
const BULK_SET_ASIDE_DAYS: u64 = 14;
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

/// The last set-aside and how to undo it, shown at the foot of Today wherever one scrolled.
#[derive(Clone, Copy)]
struct Notice {
    text: RwSignal<Option<String>>,
    undo: RwSignal<Option<SetAsidePrevious>>,
}

impl Default for Notice {
    fn default() -> Self {
        Self { text: RwSignal::new(None), undo: RwSignal::new(None) }
    }
}

impl Notice {
    /// Says what a set-aside did (offering undo), or why it failed.
    fn done(self, result: Result<SetAsidePrevious, AppError>, message: String) {
        match result {
            Ok(previous) => {
                self.undo.set(Some(previous));
                self.text.set(Some(message));
            }
            Err(e) => {
                self.undo.set(None);
                self.text.set(Some(e.to_string()));
            }
        }
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
            <p class="sub">{move || app.day.get().format("%A, %B %-d").to_string()}</p>
        </div>
        <Show when=move || !empty() fallback=|| view! { <super::welcome::Welcome /> }>
            <Show when=move || !nothing() fallback=|| view! { <p class="card">"Nothing is due. Every partner is on track and every referral has its follow-through."</p> }>
                // Rebuilt when the day turns, so "due today" and "overdue" wording stays true.
                {move || {
                    app.day.track();
                    view! { <TodayAgenda /> }
                }}
            </Show>
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
                    <PartnerRowView row group=urgency.code() />
                </For>
            </ul>
            <ShowMore total=Signal::derive(move || rows.with(Vec::len)) shown step=STEP
                label=format!("Show more: {}", urgency.label().to_lowercase()) />
        </section>
    }
}

/// Sets every overdue check-in aside for two weeks, after a confirmation; undo follows.
#[component]
fn BulkSetAside(agenda: Memo<Agenda>) -> impl IntoView {
    let app = use_app();
    let notice = expect_context::<Notice>();
    let confirming = RwSignal::new(false);
    let partners = Memo::new(move |_| agenda.with(Agenda::overdue_check_ins));
    let until = move || set_aside_until(app.day.get(), BULK_SET_ASIDE_DAYS);
    let run = Action::new_local(move |_: &()| {
        let ids = partners.get_untracked();
        let until = set_aside_until(app.day.get_untracked(), BULK_SET_ASIDE_DAYS);
        async move {
            let message = format!(
                "{} set aside until {}.",
                format::count(ids.len(), "overdue check-in", "overdue check-ins"),
                format::day(until)
            );
            notice.done(app.set_check_ins_aside(&ids, Some(until)).await, message);
            confirming.set(false);
        }
    });
    let n = move || partners.with(Vec::len);
    view! {
        <Show when=move || { n() >= 2 }>
            <Show when=move || confirming.get() fallback=move || view! {
                <button type="button" class="bulk" on:click=move |_| confirming.set(true)>
                    {move || format!("Set aside all {} overdue check-ins", n())}
                </button>
            }>
                <div class="inline-form" role="group" aria-label="Set aside overdue check-ins">
                    <p>{move || format!(
                        "Put off {} for two weeks? They come back on Today on {}. Referral follow-ups stay.",
                        format::count(n(), "overdue check-in", "overdue check-ins"),
                        format::day(until().succ_opt().unwrap_or(until())),
                    )}</p>
                    <div class="actions">
                        <button type="button" class="primary" disabled=move || run.pending().get()
                            on:click=move |_| { run.dispatch_local(()); }>
                            {move || format!("Set aside {} check-ins", n())}
                        </button>
                        <button type="button" on:click=move |_| confirming.set(false)>"Cancel"</button>
                    </div>
                </div>
            </Show>
        </Show>
    }
}

/// What was set aside last, with Undo; stays at the bottom of the screen while scrolling.
#[component]
fn NoticeLine() -> impl IntoView {
    let app = use_app();
    let notice = expect_context::<Notice>();
    let undo = Action::new_local(move |_: &()| {
        let previous = notice.undo.get_untracked();
        async move {
            let Some(previous) = previous else { return };
            notice.undo.set(None);
            match app.restore_set_aside(previous).await {
                Ok(()) => notice.text.set(Some("Undone: back on Today.".into())),
                Err(e) => notice.text.set(Some(e.to_string())),
            }
        }
    });
    view! {
        <div class="today-notice" role="status">
            {move || notice.text.get().map(|text| view! {
                <p>{text}</p>
                <Show when=move || notice.undo.with(Option::is_some)>
                    <button type="button" on:click=move |_| { undo.dispatch_local(()); }>"Undo"</button>
                </Show>
                <button type="button" class="link" aria-label="Close message"
                    on:click=move |_| { notice.text.set(None); notice.undo.set(None); }>"Close"</button>
            })}
        </div>
    }
}

/// Check-ins set aside for now, each of which can be brought back at once.
#[component]
fn SetAsideList() -> impl IntoView {
    let app = use_app();
    let notice = expect_context::<Notice>();
    let rows = Memo::new(move |_| app.today_list.with(|t| t.set_aside.clone()));
    let bring_back = Action::new_local(move |id: &shared::PartnerId| {
        let id = *id;
        async move {
            let name = app.network.with_untracked(|n| n.partner(id).map(|p| p.name.clone()));
            let message = format!("Check-in with {} is back on Today.", name.unwrap_or_default());
            notice.done(app.set_check_ins_aside(&[id], None).await, message);
        }
    });
    view! {
        <Show when=move || rows.with(|r| !r.is_empty())>
            <section class="card set-aside" aria-labelledby="set-aside-title">
                <h2 id="set-aside-title">{move || format!("Set aside ({})", rows.with(Vec::len))}</h2>
                <p class="sub">"Check-ins put off for now. They come back on their own; they are not counted as due."</p>
                <ul class="rows" aria-label="Set-aside check-ins">
                    <For each=move || rows.get() key=|r| *r let((id, until))>
                        <li>
                            <div class="row static">
                                <a class="row-main" href=format!("/partners/{id}")>
                                    <span class="row-title">{move || app.network.with(|n| n.partner(id).map(|p| p.name.clone()).unwrap_or_default())}</span>
                                    <span class="row-sub">{format!("Set aside until {}", format::day(until))}</span>
                                </a>
                                <button type="button" on:click=move |_| { bring_back.dispatch_local(id); }
                                    aria-label=move || app.network.with(|n| format!("Bring back: {}", n.partner(id).map(|p| p.name.clone()).unwrap_or_default()))>
                                    "Bring back"
                                </button>
                            </div>
                        </li>
                    </For>
                </ul>
            </section>
        </Show>
    }
}
