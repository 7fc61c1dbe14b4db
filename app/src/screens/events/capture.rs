//! Capture mode: standing at a health-fair table with a tablet, one person per "Save and next".
//! Full screen (the CSS hides the app's header on `.capture-mode`), big fields, interest chips,
//! and the consent toggle next to the phone and email it governs. Each capture is saved durably
//! at once (offline too), and the running count comes from stored leads, so a reload or the
//! tablet locking comes back to the same screen and the same count. The rules (consent,
//! nothing kept for a potential participant beyond name and phone) are `shared::input::LeadInput`.

use chrono::Utc;
use leptos::prelude::*;
use shared::input::LeadInput;
use shared::validation::ValidationErrors;
use shared::{Code, Event, EventId, EventKind, Lead, LeadId, LeadInterest};

use super::super::{RecordMissing, param_id};
use crate::components::{ErrorSummary, TextArea, TextField};
use crate::perf::{mark, measure};
use crate::state::use_app;

/// Kinds of event held at a table, where capture mode is offered.
pub fn captures_people(kind: EventKind) -> bool {
    matches!(kind, EventKind::HealthFair | EventKind::Screening | EventKind::Workshop)
}

#[component]
pub fn CapturePage() -> impl IntoView {
    let app = use_app();
    let id = param_id::<EventId>();
    let event = Memo::new(move |_| {
        id.get().and_then(|id| app.network.with(|n| n.relations.events.get(&id).cloned()))
    });
    let found = Memo::new(move |_| event.with(|e| e.as_ref().map(|e| (e.id, e.title.clone()))));
    move || match found.get() {
        Some((id, title)) => view! { <Capture id title /> }.into_any(),
        None => view! { <RecordMissing what="Event" /> }.into_any(),
    }
}

/// Focuses the name field, ready for the next person.
fn focus_name() {
    if let Some(el) = document().get_element_by_id("lead-name")
        && let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el)
    {
        let _ = el.focus();
    }
}

#[component]
fn Capture(id: EventId, title: String) -> impl IntoView {
    let app = use_app();
    let count = Memo::new(move |_| app.network.with(|n| n.relations.leads_of(id).len()));
    let name = RwSignal::new(String::new());
    let organization = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let consent = RwSignal::new(false);
    let interests = RwSignal::new(Vec::<LeadInterest>::new());
    let errors = RwSignal::new(None::<ValidationErrors>);
    let save_error = RwSignal::new(None::<String>);
    let saved_name = RwSignal::new(None::<String>);
    let participant = move || interests.with(|i| i.contains(&LeadInterest::PotentialParticipant));

    let clear = move || {
        for s in [name, organization, role, phone, email, note] {
            s.set(String::new());
        }
        consent.set(false);
        interests.set(vec![]);
    };
    let save = Action::new_local(move |lead: &Lead| {
        let lead = lead.clone();
        async move {
            let who = lead.name.clone();
            match app.save(lead).await {
                Ok(()) => {
                    measure("rapport-capture", "rapport-capture-start");
                    clear();
                    saved_name.set(Some(who));
                    focus_name();
                }
                Err(e) => save_error.set(Some(e.to_string())),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        mark("rapport-capture-start");
        let input = LeadInput {
            name: name.get_untracked(),
            organization: organization.get_untracked(),
            role: role.get_untracked(),
            phone: phone.get_untracked(),
            email: email.get_untracked(),
            interests: interests.get_untracked(),
            consent: consent.get_untracked(),
            note: note.get_untracked(),
        };
        let by = app.settings.with_untracked(|s| s.logged_by());
        let now = Utc::now();
        save_error.set(None);
        match input.validate(LeadId::generate(now), id, now, &by) {
            Err(e) => {
                saved_name.set(None);
                errors.set(Some(e));
            }
            Ok(lead) => {
                errors.set(None);
                save.dispatch_local(lead);
            }
        }
    };
    Effect::new(move |_| focus_name());
    view! {
        <div class="capture-mode">
            <div class="capture-head">
                <div>
                    <h1>{format!("Capture: {title}")}</h1>
                    <p class="capture-count" role="status">
                        {move || crate::format::count(count.get(), "person captured", "people captured")}
                        {move || saved_name.get().map(|n| format!(" · Saved {n}"))}
                    </p>
                </div>
                <a class="button capture-finish" href=format!("/events/{id}")>"Finish capture"</a>
            </div>
            <form class="capture-form" novalidate on:submit=submit>
                <ErrorSummary errors save_error />
                <div class="capture-fields">
                    <TextField id="lead-name" label="Name" value=name errors required=true autocomplete="off" />
                    <Show when=move || !participant()>
                        <TextField id="lead-organization" label="Organization" value=organization errors />
                        <TextField id="lead-role" label="Role" value=role errors hint="e.g. discharge planner, charge nurse" />
                    </Show>
                    <div class="field capture-consent">
                        <input type="checkbox" role="switch" id="lead-consent"
                            aria-describedby="lead-consent-hint"
                            prop:checked=move || consent.get()
                            on:change=move |ev| consent.set(event_target_checked(&ev)) />
                        <label for="lead-consent">"Agrees to be contacted"</label>
                        <p class="hint" id="lead-consent-hint">"Phone and email are kept only when this is on: ask first."</p>
                    </div>
                    <TextField id="lead-phone" label="Phone" value=phone errors kind="tel" inputmode="tel" />
                    <Show when=move || !participant()>
                        <TextField id="lead-email" label="Email" value=email errors kind="email" inputmode="email" />
                    </Show>
                </div>
                <div class="capture-side">
                    <fieldset class="field capture-chips">
                        <legend>"Interest"</legend>
                        {LeadInterest::ALL.iter().map(|&i| view! {
                            <button type="button" class="chip"
                                aria-pressed=move || interests.with(|v| v.contains(&i)).to_string()
                                on:click=move |_| interests.update(|v| {
                                    let mut input = LeadInput { interests: std::mem::take(v), ..Default::default() };
                                    input.toggle(i);
                                    *v = input.interests;
                                })>{i.label()}</button>
                        }).collect_view()}
                    </fieldset>
                    <Show when=participant fallback=move || view! {
                        <TextArea id="lead-note" label="Short note" value=note errors hint="What you promised; never health details." />
                    }>
                        <p class="hint capture-minimal">"A potential participant: only name, phone, consent and interest are kept, no health details. Staff call them back and convert the lead to a referral."</p>
                    </Show>
                    <button type="submit" class="primary capture-save" disabled=move || save.pending().get()>"Save and next"</button>
                </div>
            </form>
        </div>
    }
}

/// A link to capture mode for an event held at a table; nothing for other kinds.
#[component]
pub fn StartCapture(event: Memo<Option<Event>>) -> impl IntoView {
    move || {
        event.with(|e| {
            e.as_ref().filter(|e| captures_people(e.kind)).map(|e| {
                view! { <a class="button primary" href=format!("/events/{}/capture", e.id)>"Start capture"</a> }
            })
        })
    }
}
