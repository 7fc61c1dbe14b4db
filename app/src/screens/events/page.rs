//! One event: its details, status, follow-ups once held, and its invitees.

use leptos::prelude::*;
use shared::calendar::Entry;
use shared::workflow::events::{follow_ups, thank_you_draft};
use shared::workflow::messages::mailto_bcc;
use shared::{Code, Event, EventFollowUp, EventId, EventMessage, EventStatus, InvitationStatus};

use super::super::{RecordMissing, param_id};
use super::calendar::AddToCalendar;
use super::capture::StartCapture;
use super::invitees::Invitees;
use super::meal::MealSection;
use super::when_with_zone;
use crate::state::use_app;

#[component]
pub fn EventPage() -> impl IntoView {
    let app = use_app();
    let id = param_id::<EventId>();
    let event = Memo::new(move |_| {
        id.get().and_then(|id| app.network.with(|n| n.relations.events.get(&id).cloned()))
    });
    let found = Memo::new(move |_| event.with(|e| e.as_ref().map(|e| e.id)));
    move || match found.get() {
        Some(id) => view! { <EventDetail id event /> }.into_any(),
        None => view! { <RecordMissing what="Event" /> }.into_any(),
    }
}

#[component]
fn EventDetail(id: EventId, event: Memo<Option<Event>>) -> impl IntoView {
    let app = use_app();
    let field = move |f: fn(&Event) -> String| {
        move || event.with(|e| e.as_ref().map(f).unwrap_or_default())
    };
    let save_error = RwSignal::new(None::<String>);
    let edit = Action::new_local(move |(base, edited): &(Event, Event)| {
        let (base, edited) = (base.clone(), edited.clone());
        async move {
            if let Err(e) = app.save_edit(base, edited).await {
                save_error.set(Some(e.to_string()));
            }
        }
    });
    let status = move || event.with(|e| e.as_ref().map(|e| e.status));
    let entry = Signal::derive(move || event.with(|e| e.as_ref().map(Entry::of_event)));
    view! {
        <p class="breadcrumb"><a href="/events">"Events"</a></p>
        <div class="screen-head">
            <h1>{field(|e| e.title.clone())}</h1>
            <div class="actions">
                <StartCapture event />
                <LeadsLink id />
                <a class="button" href=format!("/events/{id}/edit")>"Edit"</a>
                <AddToCalendar entry />
            </div>
        </div>
        {move || save_error.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
        <div class="record-columns">
            <div class="record-main">
                <section class="card" aria-labelledby="event-details-title">
                    <h2 id="event-details-title">"Details"</h2>
                    <dl class="facts">
                        <dt>"Kind"</dt><dd>{field(|e| e.kind.label().to_string())}</dd>
                        <dt>"When"</dt><dd>{field(when_with_zone)}</dd>
                        <dt>"Where"</dt><dd>{field(|e| if e.place.is_empty() { "Online".into() } else { e.place.clone() })}</dd>
                        <dt>"Meeting link"</dt><dd>{move || event.with(|e| e.as_ref().filter(|e| !e.link.is_empty()).map(|e| view! { <a href=e.link.clone() rel="noopener" target="_blank">{e.link.clone()}</a> }.into_any()).unwrap_or_else(|| "None".into_any()))}</dd>
                        <dt>"For"</dt><dd>{field(audience)}</dd>
                        <dt>"Co-hosts"</dt><dd>{move || co_host_names(app, &event.get().unwrap_or_else(|| placeholder(id)))}</dd>
                    </dl>
                    <Show when=move || event.with(|e| e.as_ref().is_some_and(|e| !e.notes.is_empty()))>
                        <p class="notes">{field(|e| e.notes.clone())}</p>
                    </Show>
                    <div class="filters" role="group" aria-label="Status">
                        {EventStatus::ALL.iter().map(|&s| view! {
                            <button type="button" aria-pressed=move || (status() == Some(s)).to_string()
                                on:click=move |_| change(event, edit, move |e| e.status = s)>{s.label()}</button>
                        }).collect_view()}
                    </div>
                </section>
                <FollowUps event edit />
                <MealSection id event />
            </div>
            <div class="record-side">
                <Invitees id event />
            </div>
        </div>
    }
}

/// The type of the page's one edit action: the event as shown, and as changed.
type Edit = Action<(Event, Event), ()>;

/// Saves `f` applied to the event as shown, keeping concurrent edits of other fields.
fn change(event: Memo<Option<Event>>, edit: Edit, f: impl Fn(&mut Event)) {
    if let Some(base) = event.get_untracked() {
        let mut edited = base.clone();
        f(&mut edited);
        edit.dispatch_local((base, edited));
    }
}

/// Never shown: stands in while the event is being removed under the page.
fn placeholder(id: EventId) -> Event {
    Event::new(
        id,
        shared::EventKind::Other,
        "",
        chrono::DateTime::UNIX_EPOCH,
        chrono::DateTime::UNIX_EPOCH,
        "",
    )
}

fn audience(e: &Event) -> String {
    let mut parts: Vec<&str> = e.audience_kinds.iter().map(|k| k.label()).collect();
    parts.extend(e.audience_roles.iter().map(|r| r.label()));
    if parts.is_empty() { "Anyone invited".into() } else { parts.join(", ") }
}

fn co_host_names(app: crate::state::AppState, e: &Event) -> String {
    let names: Vec<String> = app.network.with(|n| {
        e.co_hosts.iter().filter_map(|p| n.partner(*p)).map(|p| p.name.clone()).collect()
    });
    if names.is_empty() { "None".into() } else { names.join(", ") }
}

/// Once held: thank the co-hosts and attendees, send the materials; each can be marked done.
#[component]
fn FollowUps(event: Memo<Option<Event>>, edit: Edit) -> impl IntoView {
    let app = use_app();
    let owed = Memo::new(move |_| {
        event.with(|e| {
            e.as_ref()
                .map(|e| app.network.with(|n| follow_ups(n, e, &chrono::Local)))
                .unwrap_or_default()
        })
    });
    // Attendees' and co-hosts' addresses, for one Bcc message each.
    let addresses = move |what: EventFollowUp| -> Vec<String> {
        let Some(e) = event.get_untracked() else { return vec![] };
        app.network.with_untracked(|n| match what {
            EventFollowUp::ThankCoHosts => e
                .co_hosts
                .iter()
                .flat_map(|p| n.contacts_of(*p))
                .filter(|c| !c.archived)
                .map(|c| c.email.clone())
                .filter(|m| !m.is_empty())
                .collect(),
            _ => n
                .relations
                .invitations_to(e.id)
                .into_iter()
                .filter(|i| i.status == InvitationStatus::Attended)
                .filter_map(|i| n.contact(i.contact_id))
                .map(|c| c.email.clone())
                .filter(|m| !m.is_empty())
                .collect(),
        })
    };
    let draft = move |what: EventFollowUp| {
        let staff = app.settings.with_untracked(|s| s.logged_by());
        event
            .get_untracked()
            .map(|e| {
                let template = app
                    .network
                    .with_untracked(|n| n.policy())
                    .event_template(EventMessage::ThankYou);
                let (subject, body) =
                    thank_you_draft(&template, &e, &super::when_with_zone(&e), &staff);
                mailto_bcc(&addresses(what), &subject, &body)
            })
            .unwrap_or_default()
    };
    view! {
        <Show when=move || owed.with(|o| !o.is_empty())>
            <section class="card" aria-labelledby="event-follow-title">
                <h2 id="event-follow-title">"After the event"</h2>
                <ul class="rows">
                    <For each=move || owed.get() key=|(w, d)| (*w, *d) let((what, due))>
                        <li class="row static">
                            <span class="row-main">
                                <span class="row-title">{what.label()}</span>
                                <span class="row-sub">{format!("Due {}", crate::format::day(due))}</span>
                            </span>
                            <span class="row-actions">
                                <a class="button" href=move || draft(what)>"Draft email"</a>
                                <button type="button" on:click=move |_| change(event, edit, move |e| if !e.follow_ups_done.contains(&what) { e.follow_ups_done.push(what) })>"Mark done"</button>
                            </span>
                        </li>
                    </For>
                </ul>
            </section>
        </Show>
    }
}

/// Triage of the people captured at the event, with how many still wait; nothing before any.
#[component]
fn LeadsLink(id: EventId) -> impl IntoView {
    let app = use_app();
    let counts = Memo::new(move |_| {
        app.network
            .with(|n| (n.relations.leads_of(id).len(), shared::workflow::leads::open_leads(n, id)))
    });
    move || {
        let (all, open) = counts.get();
        (all > 0).then(|| {
            view! { <a class="button" href=format!("/events/{id}/leads")>{format!("Leads to triage ({open} open)")}</a> }
        })
    }
}
