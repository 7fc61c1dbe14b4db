//! Plan or edit an event. A new event may start a series ("quarterly"), which Today then
//! keeps asking about until the next one is planned.

use chrono::Local;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::input::EventInput;
use shared::validation::ValidationErrors;
use shared::{Code, Event, EventId, EventKind, EventSeries, EventSeriesId, PartnerId};

use super::super::{RecordMissing, param_id, query_id};
use super::zone_name;
use crate::components::{CodeSelect, ErrorSummary, Select, TextArea, TextField};
use crate::state::use_app;

#[component]
pub fn NewEvent() -> impl IntoView {
    view! { <EventForm existing=None /> }
}

#[component]
pub fn EditEvent() -> impl IntoView {
    let app = use_app();
    let id = param_id::<EventId>();
    let existing = Memo::new(move |_| {
        id.get().and_then(|id| app.network.with(|n| n.relations.events.get(&id).cloned()))
    });
    let found = Memo::new(move |_| existing.with(|e| e.as_ref().map(|e| e.id)));
    move || match found.get() {
        Some(_) => view! { <EventForm existing=existing.get_untracked() /> }.into_any(),
        None => view! { <RecordMissing what="Event" /> }.into_any(),
    }
}

/// "Repeats" choices for a new event: months between events.
fn repeat_choices() -> Vec<(String, String)> {
    [
        ("0", "Does not repeat"),
        ("1", "Monthly"),
        ("3", "Quarterly"),
        ("6", "Twice a year"),
        ("12", "Yearly"),
    ]
    .into_iter()
    .map(|(v, l)| (v.to_string(), l.to_string()))
    .collect()
}

#[component]
fn EventForm(existing: Option<Event>) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    // Planning the next one of a series (from Today): same kind and title.
    let series: Option<EventSeries> = query_id::<EventSeriesId>("series")
        .and_then(|s| app.network.with_untracked(|n| n.relations.series.get(&s).cloned()));
    let start = existing.as_ref().map(|e| EventInput::from_event(e, &Local)).unwrap_or_else(|| {
        EventInput {
            kind: series.as_ref().map(|s| s.kind),
            title: series.as_ref().map(|s| s.title.clone()).unwrap_or_default(),
            ..Default::default()
        }
    });
    let kind = RwSignal::new(start.kind.unwrap_or(EventKind::Webinar));
    let title = RwSignal::new(start.title);
    let date = RwSignal::new(start.date);
    let starts = RwSignal::new(start.starts);
    let ends = RwSignal::new(start.ends);
    let place = RwSignal::new(start.place);
    let link = RwSignal::new(start.link);
    let co_hosts = RwSignal::new(start.co_hosts);
    let audience_kinds = RwSignal::new(start.audience_kinds);
    let audience_roles = RwSignal::new(start.audience_roles);
    let notes = RwSignal::new(start.notes);
    let materials = RwSignal::new(start.materials);
    let repeats = RwSignal::new("0".to_string());
    let errors = RwSignal::new(None::<ValidationErrors>);
    let save_error = RwSignal::new(None::<String>);
    let is_new = existing.is_none();
    let id = existing.as_ref().map_or_else(|| EventId::generate(chrono::Utc::now()), |e| e.id);
    let opened = StoredValue::new(existing);
    let back = if is_new { "/events".to_string() } else { format!("/events/{id}") };
    let series_id = series.map(|s| s.id);

    let save = Action::new_local(move |(event, new_series): &(Event, Option<EventSeries>)| {
        let (event, new_series, navigate) = (event.clone(), new_series.clone(), navigate.clone());
        async move {
            let mut saved = match new_series {
                Some(s) => app.save(s).await,
                None => Ok(()),
            };
            if saved.is_ok() {
                saved = match opened.get_value() {
                    Some(base) => app.save_edit(base, event).await,
                    None => app.save(event).await,
                };
            }
            match saved {
                Ok(()) => navigate(&format!("/events/{id}"), Default::default()),
                Err(m) => save_error.set(Some(m.to_string())),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = EventInput {
            kind: Some(kind.get_untracked()),
            title: title.get_untracked(),
            date: date.get_untracked(),
            starts: starts.get_untracked(),
            ends: ends.get_untracked(),
            place: place.get_untracked(),
            link: link.get_untracked(),
            co_hosts: co_hosts.get_untracked(),
            audience_kinds: audience_kinds.get_untracked(),
            audience_roles: audience_roles.get_untracked(),
            notes: notes.get_untracked(),
            materials: materials.get_untracked(),
        };
        let base = opened.get_value();
        let zone = zone_name();
        match input.validate(id, base.as_ref(), &Local, &zone) {
            Err(e) => {
                save_error.set(None);
                errors.set(Some(e));
            }
            Ok(mut event) => {
                errors.set(None);
                let every: u8 = repeats.get_untracked().parse().unwrap_or(0);
                let new_series =
                    (is_new && series_id.is_none() && every > 0).then(|| EventSeries {
                        id: EventSeriesId::generate(chrono::Utc::now()),
                        kind: event.kind,
                        title: event.title.clone(),
                        every_months: every,
                        time_zone: zone.clone(),
                        archived: false,
                    });
                if is_new {
                    event.series_id = series_id.or(new_series.as_ref().map(|s| s.id));
                }
                save.dispatch_local((event, new_series));
            }
        }
    };

    view! {
        <p class="breadcrumb"><a href=back>"Back"</a></p>
        <h1>{if is_new { "Plan an event" } else { "Edit event" }}</h1>
        <form class="card form" novalidate on:submit=submit>
            <ErrorSummary errors save_error />
            <div class="two">
                <CodeSelect id="event-kind" label="Kind" value=kind errors />
                <TextField id="event-title" label="Title" value=title errors required=true
                    hint="e.g. “How Medicaid Waiver Services Can Improve Patient Outcomes”" />
            </div>
            <div class="two">
                <TextField id="event-date" label="Date" value=date errors kind="date" required=true />
                <TextField id="event-starts" label="Starts" value=starts errors kind="time" required=true />
                <TextField id="event-ends" label="Ends" value=ends errors kind="time" required=true />
            </div>
            <div class="two">
                <TextField id="event-place" label="Place" value=place errors hint="Address or room; leave empty for an online event." />
                <TextField id="event-link" label="Meeting link" value=link errors kind="url" hint="For webinars: the link invitees join with." />
            </div>
            <CoHosts co_hosts />
            <Choices legend="For partner kinds" prefix="aud-kind" chosen=audience_kinds />
            <Choices legend="For contact roles" prefix="aud-role" chosen=audience_roles />
            <TextArea id="event-materials" label="Materials" value=materials errors hint="Links to slides, handouts or the recording, one per line; sent with the thank-you." />
            <TextArea id="event-notes" label="Notes" value=notes errors hint="About the event only; never participants' details." />
            <Show when=move || is_new && series_id.is_none()>
                <Select id="event-repeats" label="Repeats" options=Signal::derive(repeat_choices) value=repeats errors
                    hint="A repeating event puts “next one due” on Today until it is planned." />
            </Show>
            <div class="actions">
                <button type="submit" class="primary" disabled=move || save.pending().get()>
                    {if is_new { "Save event" } else { "Save changes" }}
                </button>
            </div>
        </form>
    }
}

/// Ticks for a closed vocabulary (partner kinds, contact roles).
#[component]
fn Choices<T: Code + Send + Sync>(
    legend: &'static str,
    prefix: &'static str,
    chosen: RwSignal<Vec<T>>,
) -> impl IntoView {
    view! {
        <fieldset class="field">
            <legend>{legend}</legend>
            <div class="checks">
                {T::ALL.iter().map(|&v| {
                    let box_id = format!("{prefix}-{}", v.code());
                    view! {
                        <div class="check">
                            <input type="checkbox" id=box_id.clone()
                                prop:checked=move || chosen.with(|c| c.contains(&v))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    chosen.update(|c| { c.retain(|x| *x != v); if on { c.push(v) } });
                                } />
                            <label for=box_id>{v.label()}</label>
                        </div>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
}

/// Co-host partners: chosen one at a time from the directory, each removable.
#[component]
fn CoHosts(co_hosts: RwSignal<Vec<PartnerId>>) -> impl IntoView {
    let app = use_app();
    let pick = RwSignal::new(String::new());
    let options = Memo::new(move |_| {
        app.network.with(|n| {
            let mut v: Vec<(String, PartnerId)> =
                n.partners().filter(|p| !p.archived).map(|p| (p.name.clone(), p.id)).collect();
            v.sort();
            v
        })
    });
    let name = move |id: PartnerId| {
        app.network.with(|n| n.partner(id).map(|p| p.name.clone()).unwrap_or_default())
    };
    let add = move |_| {
        if let Ok(id) = pick.get_untracked().parse::<PartnerId>() {
            co_hosts.update(|c| {
                if !c.contains(&id) {
                    c.push(id)
                }
            });
        }
    };
    view! {
        <fieldset class="field">
            <legend>"Co-hosts"</legend>
            <ul class="rows">
                <For each=move || co_hosts.get() key=|id| *id let(id)>
                    <li class="row static">
                        <span class="row-main"><span class="row-title">{move || name(id)}</span></span>
                        <span class="row-actions">
                            <button type="button" on:click=move |_| co_hosts.update(|c| c.retain(|x| *x != id))
                                aria-label=move || format!("Remove {} as co-host", name(id))>"Remove"</button>
                        </span>
                    </li>
                </For>
            </ul>
            <div class="two">
                <div class="field">
                    <label for="event-co-host">"Add a co-host partner"</label>
                    <select id="event-co-host" on:change=move |ev| pick.set(event_target_value(&ev))>
                        <option value="">"Choose a partner"</option>
                        {move || options.get().into_iter().map(|(n, id)| view! { <option value=id.to_string()>{n}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field"><span class="label-space" aria-hidden="true"></span>
                    <button type="button" on:click=add>"Add co-host"</button>
                </div>
            </div>
        </fieldset>
    }
}
