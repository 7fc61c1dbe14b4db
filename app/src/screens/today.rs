//! Today, the home screen: every check-in, follow-up, review and meeting that is due, most
//! urgent first, each with its one-tap action.

use leptos::prelude::*;
use shared::workflow::DutyDue;
use shared::{Code, MeetingId, PartnerId};

use crate::components::{CadenceBadge, QuickLog, ShowMore};
use crate::format;
use crate::state::use_app;

/// The count beside "Today" in the navigation.
#[component]
pub fn TodayCount() -> impl IntoView {
    let app = use_app();
    let count = move || app.today_list.with(|t| t.due_now(app.day.get()));
    view! {
        <Show when=move || { count() > 0 }>
            <span class="count-badge" aria-label=move || format!("{} due", count())>{count}</span>
        </Show>
    }
}

/// Long lists grow 20 rows at a time, so a neglected agency's Today still opens quickly.
const STEP: usize = 20;

fn due_text(due: chrono::NaiveDate, today: chrono::NaiveDate) -> String {
    match (due - today).num_days() {
        d if d < -1 => format!("overdue by {} days", -d),
        -1 => "overdue by 1 day".into(),
        0 => "due today".into(),
        1 => "due tomorrow".into(),
        d => format!("due in {d} days"),
    }
}

#[component]
pub fn TodayPage() -> impl IntoView {
    let app = use_app();
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
                    view! { <Duties /> <CheckIns /> <Reviews /> <Meetings /> }
                }}
            </Show>
        </Show>
    }
}

#[component]
fn CheckIns() -> impl IntoView {
    let app = use_app();
    let shown = RwSignal::new(STEP);
    let open = RwSignal::new(None::<PartnerId>);
    let rows = Memo::new(move |_| app.today_list.with(|t| t.check_ins.clone()));
    view! {
        <Show when=move || rows.with(|r| !r.is_empty())>
            <section class="card" aria-labelledby="checkins-title">
                <h2 id="checkins-title">{move || format!("Check-ins ({})", rows.with(Vec::len))}</h2>
                <ul class="rows" aria-label="Check-ins due">
                    <For each=move || rows.with(|r| r.iter().take(shown.get()).cloned().collect::<Vec<_>>()) key=|(id, s)| (*id, *s) let((id, status))>
                        <li>
                            <div class="row static">
                                <a class="row-main" href=format!("/partners/{id}")>
                                    <span class="row-title">{move || app.network.with(|n| n.partner(id).map(|p| p.name.clone()).unwrap_or_default())}</span>
                                    <span class="row-sub">{move || app.network.with(|n| n.partner(id).map(|p| p.cadence.label()).unwrap_or_default())}</span>
                                </a>
                                <CadenceBadge status=status />
                                <button type="button" on:click=move |_| open.update(|o| *o = if *o == Some(id) { None } else { Some(id) })
                                    aria-expanded=move || (open.get() == Some(id)).to_string()>"Log check-in"</button>
                            </div>
                            <Show when=move || open.get() == Some(id)>
                                <QuickLog partner=id />
                            </Show>
                        </li>
                    </For>
                </ul>
                <ShowMore total=Signal::derive(move || rows.with(Vec::len)) shown step=STEP label="Show more check-ins" />
            </section>
        </Show>
    }
}

#[component]
fn Duties() -> impl IntoView {
    let app = use_app();
    let shown = RwSignal::new(STEP);
    let rows = Memo::new(move |_| app.today_list.with(|t| t.duties.clone()));
    view! {
        <Show when=move || rows.with(|r| !r.is_empty())>
            <section class="card" aria-labelledby="duties-title">
                <h2 id="duties-title">{move || format!("Referral follow-ups ({})", rows.with(Vec::len))}</h2>
                <ul class="rows" aria-label="Referral follow-ups due">
                    <For each=move || rows.with(|r| r.iter().take(shown.get()).cloned().collect::<Vec<_>>())
                        key=|d| (d.referral, d.duty.kind, d.duty.due) let(d)>
                        <DutyRow d />
                    </For>
                </ul>
                <ShowMore total=Signal::derive(move || rows.with(Vec::len)) shown step=STEP label="Show more follow-ups" />
            </section>
        </Show>
    }
}

#[component]
fn DutyRow(d: DutyDue) -> impl IntoView {
    let app = use_app();
    let (who, partner) = app.network.with_untracked(|n| {
        (
            n.referral(d.referral).map(|r| r.participant.clone()).unwrap_or_default(),
            n.partner(d.partner).map(|p| p.name.clone()).unwrap_or_default(),
        )
    });
    // Today rebuilds its sections when the day turns, so reading the day once is enough.
    let today = app.day.get_untracked();
    let overdue = d.duty.due < today;
    let action = d.duty.kind.action();
    let href = format!("/compose?referral={}&purpose={}", d.referral, d.duty.purpose().code());
    view! {
        <li>
            <div class="row static">
                <a class="row-main" href=format!("/referrals/{}", d.referral)>
                    <span class="row-title">{d.duty.kind.label()}</span>
                    <span class="row-sub">{format!("{partner} · referral of {who}")}</span>
                </a>
                <span class=if overdue { "badge overdue" } else { "badge due" }>{due_text(d.duty.due, today)}</span>
                <a class="button primary" href=href aria-label=format!("{action}: {partner}, referral of {who}")>{action}</a>
            </div>
        </li>
    }
}

#[component]
fn Reviews() -> impl IntoView {
    let app = use_app();
    let rows = Memo::new(move |_| app.today_list.with(|t| t.reviews.clone()));
    let shown = RwSignal::new(STEP);
    view! {
        <Show when=move || rows.with(|r| !r.is_empty())>
            <section class="card" aria-labelledby="reviews-title">
                <h2 id="reviews-title">{move || format!("Key-partner reviews ({})", rows.with(Vec::len))}</h2>
                <ul class="rows" aria-label="Reviews due">
                    <For each=move || rows.with(|r| r.iter().take(shown.get()).cloned().collect::<Vec<_>>()) key=|r| *r let((id, due))>
                        <li>
                            <div class="row static">
                                <a class="row-main" href=format!("/partners/{id}")>
                                    <span class="row-title">{move || app.network.with(|n| n.partner(id).map(|p| p.name.clone()).unwrap_or_default())}</span>
                                    <span class="row-sub">"Six-monthly review or survey"</span>
                                </a>
                                <span class=if due < app.day.get_untracked() { "badge overdue" } else { "badge due" }>{due_text(due, app.day.get_untracked())}</span>
                                <a class="button" href=format!("/partners/{id}#review")
                                    aria-label=move || app.network.with(|n| n.partner(id).map(|p| format!("Record review: {}", p.name)))>"Record review"</a>
                            </div>
                        </li>
                    </For>
                </ul>
                <ShowMore total=Signal::derive(move || rows.with(Vec::len)) shown step=STEP label="Show more reviews" />
            </section>
        </Show>
    }
}

#[component]
fn Meetings() -> impl IntoView {
    let app = use_app();
    let rows = Memo::new(move |_| app.today_list.with(|t| t.meetings.clone()));
    view! {
        <Show when=move || rows.with(|r| !r.is_empty())>
            <section class="card" aria-labelledby="meetings-title">
                <h2 id="meetings-title">"Care-plan meetings"</h2>
                <ul class="rows" aria-label="Care-plan meetings">
                    <For each=move || rows.get() key=|id: &MeetingId| *id let(id)>
                        {move || app.network.with(|n| {
                            let m = n.relations.meetings.get(&id)?;
                            let referral = n.referral(m.referral_id);
                            let who = referral.map(|r| r.participant.clone()).unwrap_or_default();
                            // The referral's partner now, in case it moved after scheduling.
                            let partner_id = referral.map_or(m.partner_id, |r| r.partner_id);
                            let partner = n.partner(partner_id).map(|p| p.name.clone()).unwrap_or_default();
                            Some(view! {
                                <li>
                                    <a class="row" href=format!("/referrals/{}#meetings", m.referral_id)>
                                        <span class="row-main">
                                            <span class="row-title">{format::moment(m.at)}</span>
                                            <span class="row-sub">{format!("{partner} · referral of {who} · with {}", m.attendees)}</span>
                                        </span>
                                        <span class="badge open">{if m.at < chrono::Utc::now() { "Record outcome" } else { "Upcoming" }}</span>
                                    </a>
                                </li>
                            })
                        })}
                    </For>
                </ul>
            </section>
        </Show>
    }
}
