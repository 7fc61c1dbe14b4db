//! Today's rows: one per partner in a group; a partner owed several things opens to list them.

use leptos::prelude::*;
use shared::workflow::{Agenda, Item, PartnerRow, SetAsideTargets, Thing};
use shared::{Code, PartnerId};

use super::set_aside::{Notice, set_aside_for_a_week, what_for};
use crate::components::{CadenceBadge, QuickLog};
use crate::format;
use crate::state::use_app;

pub(super) fn due_text(due: chrono::NaiveDate, today: chrono::NaiveDate) -> String {
    match (due - today).num_days() {
        d if d < -1 => format!("overdue by {} days", -d),
        -1 => "overdue by 1 day".into(),
        0 => "due today".into(),
        1 => "due tomorrow".into(),
        d => format!("due in {d} days"),
    }
}

fn due_badge(due: chrono::NaiveDate, today: chrono::NaiveDate) -> impl IntoView {
    let class = if due < today { "badge overdue" } else { "badge due" };
    view! { <span class=class>{due_text(due, today)}</span> }
}

/// What a thing is called on its own line, e.g. "Check-in" or "Thank-you to the referrer".
fn thing_label(thing: &Thing) -> String {
    match thing {
        Thing::CheckIn(_) => "Check-in".into(),
        Thing::Duty(d) => d.duty.kind.label().to_string(),
        Thing::Review => "Key-partner review".into(),
        Thing::Meeting(_) => "Care-plan meeting".into(),
    }
}

/// A partner's row in one group. `group` keeps ids unique when a partner is in two groups.
#[component]
pub(super) fn PartnerRowView(
    row: PartnerRow,
    group: &'static str,
    agenda: Memo<Agenda>,
) -> impl IntoView {
    let app = use_app();
    let id = row.partner;
    let name =
        app.network.with_untracked(|n| n.partner(id).map(|p| p.name.clone()).unwrap_or_default());
    let today = app.day.get_untracked();
    let targets = row.set_aside_targets();
    let aside = (!targets.is_empty())
        .then(|| view! { <RowSetAside targets name=name.clone() agenda /> }.into_any());
    if let [item] = row.items.as_slice() {
        let item = item.clone();
        return view! {
            <li class="agenda-row"><ThingRow partner=id name item lead=true aside /></li>
        }
        .into_any();
    }
    let open = RwSignal::new(false);
    let count = row.items.len();
    let first_due = row.items.first().map_or(today, |i| i.due);
    let mut kinds: Vec<String> = Vec::new();
    for label in row.items.iter().map(|i| thing_label(&i.thing)) {
        if !kinds.contains(&label) {
            kinds.push(label);
        }
    }
    let list_id = format!("things-{group}-{id}");
    let items = row.items.clone();
    let label = name.clone();
    view! {
        <li class="agenda-row">
            <div class="row static">
                <a class="row-main" href=format!("/partners/{id}")>
                    <span class="row-title">{name.clone()}</span>
                    <span class="row-sub">{kinds.join(" · ")}</span>
                </a>
                {due_badge(first_due, today)}
                <div class="row-actions">
                    <button type="button" class="things-toggle" aria-expanded=move || open.get().to_string()
                        aria-label=format!("{count} things for {label}")
                        on:click=move |_| open.update(|o| *o = !*o)>
                        {format!("{count} things")}
                    </button>
                    {aside}
                </div>
            </div>
            <Show when=move || open.get()>
                <ul class="rows things" id=list_id.clone() aria-label=format!("Things for {name}")>
                    {items.iter().cloned().map(|item| view! {
                        <li><ThingRow partner=id name=name.clone() item lead=false aside=None /></li>
                    }).collect_view()}
                </ul>
            </Show>
        </li>
    }
    .into_any()
}

/// One thing to do, with its action. As a partner's only thing (`lead`) it is titled by the
/// partner and carries the row's "Set aside" (`aside`); inside an opened row, by what it is.
#[component]
fn ThingRow(
    partner: PartnerId,
    name: String,
    item: Item,
    lead: bool,
    aside: Option<AnyView>,
) -> impl IntoView {
    let app = use_app();
    let today = app.day.get_untracked();
    let what = thing_label(&item.thing);
    let (href, detail, badge, action) = match &item.thing {
        Thing::CheckIn(status) => {
            let cadence = app.network.with_untracked(|n| {
                n.partner(partner).map(|p| p.cadence.label()).unwrap_or_default()
            });
            (
                format!("/partners/{partner}"),
                cadence,
                view! { <CadenceBadge status=*status /> }.into_any(),
                view! { <CheckInActions partner name=name.clone() /> }.into_any(),
            )
        }
        Thing::Duty(d) => {
            let who = app.network.with_untracked(|n| {
                n.referral(d.referral).map(|r| r.participant.clone()).unwrap_or_default()
            });
            let verb = d.duty.kind.action();
            let href =
                format!("/compose?referral={}&purpose={}", d.referral, d.duty.purpose().code());
            (
                format!("/referrals/{}", d.referral),
                format!("referral of {who}"),
                due_badge(d.duty.due, today).into_any(),
                view! {
                    <a class="button primary" href=href
                        aria-label=format!("{verb}: {name}, referral of {who}")>{verb}</a>
                }
                .into_any(),
            )
        }
        Thing::Review => (
            format!("/partners/{partner}#review"),
            "Six-monthly review or survey".to_string(),
            due_badge(item.due, today).into_any(),
            view! {
                <a class="button" href=format!("/partners/{partner}#review")
                    aria-label=format!("Record review: {name}")>"Record review"</a>
            }
            .into_any(),
        ),
        Thing::Meeting(id) => {
            let found = app.network.with_untracked(|n| {
                let m = n.relations.meetings.get(id)?;
                Some((m.referral_id, m.at, m.attendees.clone()))
            });
            let (referral, at, attendees) = match found {
                Some(m) => m,
                None => return ().into_any(),
            };
            let past = at < chrono::Utc::now();
            (
                format!("/referrals/{referral}#meetings"),
                format!("{} · with {attendees}", format::moment(at)),
                view! { <span class="badge open">{if past { "Record outcome" } else { "Upcoming" }}</span> }
                    .into_any(),
                ().into_any(),
            )
        }
    };
    let (title, sub) = if lead { (name, format!("{what} · {detail}")) } else { (what, detail) };
    view! {
        <div class="row static">
            <a class="row-main" href=href>
                <span class="row-title">{title}</span>
                <span class="row-sub">{sub}</span>
            </a>
            {badge}
            <div class="row-actions">{action}{aside}</div>
        </div>
    }
    .into_any()
}

/// Log the check-in in two taps.
#[component]
fn CheckInActions(partner: PartnerId, name: String) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <button type="button" class="primary" on:click=move |_| open.update(|o| *o = !*o)
            aria-expanded=move || open.get().to_string()
            aria-label=format!("Log check-in: {name}")>"Log check-in"</button>
        <Show when=move || open.get()>
            <div class="quick-log-slot"><QuickLog partner /></div>
        </Show>
    }
}

/// Sets everything in a partner's row that can wait aside for a week, in one tap (with undo,
/// and a longer choice in the notice).
#[component]
fn RowSetAside(targets: SetAsideTargets, name: String, agenda: Memo<Agenda>) -> impl IntoView {
    let app = use_app();
    let notice = expect_context::<Notice>();
    let label = format!("Set aside for a week: {name}");
    let run = Action::new_local(move |_: &()| {
        let targets = targets.clone();
        let what = what_for(agenda.with_untracked(|a| a.covered(&targets)), &name);
        set_aside_for_a_week(app, notice, targets, what)
    });
    view! {
        <button type="button" class="set-aside" aria-label=label disabled=move || run.pending().get()
            on:click=move |_| { run.dispatch_local(()); }>"Set aside"</button>
    }
}
