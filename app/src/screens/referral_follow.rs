//! A referral's follow-through: its duties to the referrer, care-plan meetings, and the log
//! of what was disclosed about the participant.

use leptos::prelude::*;
use shared::input::MeetingInput;
use shared::validation::ValidationErrors;
use shared::workflow::{DutyState, referral_duties};
use shared::{Channel, Code, Dismissal, DutyKind, MeetingId, Purpose, Referral, TouchpointId};

use crate::components::{ErrorSummary, TextArea, TextField};
use crate::format;
use crate::state::use_app;

#[component]
pub fn FollowThrough(referral: Memo<Option<Referral>>) -> impl IntoView {
    let app = use_app();
    let duties = Memo::new(move |_| {
        referral
            .with(|r| {
                r.as_ref().map(|r| {
                    app.network.with(|n| {
                        let touches = n.touchpoints_for_referral(r);
                        referral_duties(r, &touches, &n.policy(), &chrono::Local)
                    })
                })
            })
            .unwrap_or_default()
    });
    // Set aside from Today: the follow-ups are not due until the day after this one.
    let aside_until = Memo::new(move |_| {
        let today = app.day.get();
        referral.with(|r| {
            r.as_ref().filter(|r| r.follow_ups_set_aside(today))?.follow_ups_set_aside_until
        })
    });
    let dismissing = RwSignal::new(None::<DutyKind>);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let save = Action::new_local(move |(base, edited): &(Referral, Referral)| {
        let (base, edited) = (base.clone(), edited.clone());
        async move {
            match app.save_edit(base, edited).await {
                Ok(()) => {
                    dismissing.set(None);
                    reason.set(String::new());
                    error.set(None);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        }
    });
    let dismiss = move |kind: DutyKind| {
        let text = reason.get_untracked().trim().to_string();
        if text.is_empty() {
            error.set(Some("Give a reason, e.g. “The referrer asked for no updates”.".into()));
            return;
        }
        let Some(base) = referral.get_untracked() else { return };
        let mut r = base.clone();
        r.dismissed.push(Dismissal {
            duty: kind,
            reason: text,
            on: app.day.get_untracked(),
            by: app.settings.with_untracked(|s| s.logged_by()),
        });
        save.dispatch_local((base, r));
    };
    let bring_back = move |_| {
        let Some(base) = referral.get_untracked() else { return };
        let edited = Referral { follow_ups_set_aside_until: None, ..base.clone() };
        save.dispatch_local((base, edited));
    };
    view! {
        <section class="card" aria-labelledby="duties-title">
            <h2 id="duties-title">"Follow-through with the referrer"</h2>
            {move || aside_until.get().map(|until| view! {
                <div class="row static set-aside-line" role="group" aria-label="Set aside">
                    <p class="row-main">{format!(
                        "Follow-ups set aside until {}: they are off Today and come back on {}.",
                        format::day(until),
                        format::day(until.succ_opt().unwrap_or(until)),
                    )}</p>
                    <button type="button" on:click=bring_back
                        disabled=move || save.pending().get()>"Bring back"</button>
                </div>
                {move || error.get().filter(|_| dismissing.get().is_none())
                    .map(|e| view! { <p class="error" role="alert">{e}</p> })}
            })}
            <ul class="rows" aria-label="Follow-ups">
                <For each=move || { let aside = aside_until.get(); duties.get().into_iter().map(move |d| (d, aside)).collect::<Vec<_>>() }
                    key=|(d, aside)| (d.kind, d.due, d.state.clone(), *aside) let((d, aside))>
                    {
                        let kind = d.kind;
                        let id = referral.with_untracked(|r| r.as_ref().map(|r| r.id));
                        let (text, class) = match (&d.state, aside) {
                            (DutyState::Done(day), _) => (format!("Done {}", format::day(day.to_owned())), "badge ok"),
                            (DutyState::Dismissed(why), _) => (format!("Not needed: {why}"), "badge quiet"),
                            (DutyState::Open, Some(until)) => (format!("Set aside until {}", format::day(until)), "badge quiet"),
                            (DutyState::Open, None) if d.due < app.day.get_untracked() => (format!("Overdue since {}", format::day(d.due)), "badge overdue"),
                            (DutyState::Open, None) => (format!("Due {}", format::day(d.due)), "badge due"),
                        };
                        view! {
                            <li>
                                <div class="row static">
                                    <span class="row-main"><span class="row-title">{kind.label()}</span></span>
                                    <span class=class>{text}</span>
                                    {d.is_open().then(|| view! {
                                        <div class="row-actions">
                                            <a class="button primary" href=format!("/compose?referral={}&purpose={}", id.map(|i| i.to_string()).unwrap_or_default(), d.purpose().code())>"Draft message"</a>
                                            <button type="button" on:click=move |_| dismissing.set(Some(kind))>"Not needed…"</button>
                                        </div>
                                    })}
                                </div>
                                <Show when=move || dismissing.get() == Some(kind)>
                                    <div class="inline-form">
                                        <div class="field">
                                            <label for="dismiss-reason">"Why is it not needed?"</label>
                                            <input id="dismiss-reason" type="text" bind:value=reason />
                                        </div>
                                        <div class="actions">
                                            <button type="button" class="primary" on:click=move |_| dismiss(kind)>"Mark not needed"</button>
                                            <button type="button" on:click=move |_| dismissing.set(None)>"Cancel"</button>
                                        </div>
                                        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                                    </div>
                                </Show>
                            </li>
                        }
                    }
                </For>
            </ul>
        </section>
    }
}

#[component]
pub fn DisclosureLog(referral: Memo<Option<Referral>>) -> impl IntoView {
    let entries =
        move || referral.with(|r| r.as_ref().map(|r| r.disclosures.clone()).unwrap_or_default());
    view! {
        <section class="card" aria-labelledby="disclosures-title">
            <h2 id="disclosures-title">"Disclosure log"</h2>
            <p class="hint">{move || referral.with(|r| r.as_ref().map(|r| format!("The participant agreed to share: {}.", r.consent.label().to_lowercase())).unwrap_or_default())}</p>
            <Show when=move || !entries().is_empty() fallback=|| view! { <p>"No messages about this participant have been drafted."</p> }>
                <ul class="history" aria-label="Disclosures">
                    {move || entries().into_iter().rev().map(|d| {
                        let fields = if d.fields.is_empty() { "nothing about the participant".to_string() }
                            else { d.fields.iter().map(|f| f.label().to_lowercase()).collect::<Vec<_>>().join(", ") };
                        view! { <li>{format!("{}: {} to {} by {} ({}); shared {fields}", format::moment(d.at), d.purpose.label(), if d.to.is_empty() { "the partner" } else { &d.to }, d.by, d.channel.label().to_lowercase())}</li> }
                    }).collect_view()}
                </ul>
            </Show>
        </section>
    }
}

#[component]
pub fn CarePlanMeetings(referral: Memo<Option<Referral>>) -> impl IntoView {
    let app = use_app();
    let Some(r) = referral.get_untracked() else { return ().into_any() };
    let (referral_id, partner_id) = (r.id, r.partner_id);
    let meetings = Memo::new(move |_| {
        app.network.with(|n| {
            n.relations.meetings_for(referral_id).into_iter().cloned().collect::<Vec<_>>()
        })
    });
    let adding = RwSignal::new(false);
    let date = RwSignal::new(app.day.get_untracked().to_string());
    let time = RwSignal::new("10:00".to_string());
    let attendees = RwSignal::new(String::new());
    let agenda = RwSignal::new(String::new());
    let errors = RwSignal::new(None::<ValidationErrors>);
    let save_error = RwSignal::new(None::<String>);
    let save = Action::new_local(move |m: &shared::Meeting| {
        let m = m.clone();
        async move {
            match app.save(m).await {
                Ok(()) => adding.set(false),
                Err(e) => save_error.set(Some(e.to_string())),
            }
        }
    });
    let schedule = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = MeetingInput {
            referral_id,
            partner_id,
            date: date.get_untracked(),
            time: time.get_untracked(),
            attendees: attendees.get_untracked(),
            agenda: agenda.get_untracked(),
        };
        match input.validate(MeetingId::generate(chrono::Utc::now()), &chrono::Local) {
            Err(e) => errors.set(Some(e)),
            Ok(m) => {
                errors.set(None);
                save.dispatch_local(m);
            }
        }
    };
    view! {
        <section class="card" id="meetings" aria-labelledby="meetings-title">
            <div class="section-head">
                <h2 id="meetings-title">"Care-plan meetings"</h2>
                <button type="button" on:click=move |_| adding.update(|a| *a = !*a)>"Schedule a meeting"</button>
            </div>
            <Show when=move || adding.get()>
                <form class="form inline-form" novalidate on:submit=schedule>
                    <ErrorSummary errors save_error />
                    <div class="two">
                        <TextField id="meeting-date" label="Date" value=date errors kind="date" required=true />
                        <TextField id="meeting-time" label="Time" value=time errors kind="time" required=true />
                    </div>
                    <TextField id="meeting-attendees" label="Who" value=attendees errors required=true hint="The referrer and anyone else attending" />
                    <TextArea id="meeting-agenda" label="Agenda" value=agenda errors />
                    <div class="actions"><button type="submit" class="primary">"Save meeting"</button></div>
                </form>
            </Show>
            <Show when=move || meetings.with(|m| !m.is_empty()) fallback=|| view! { <p class="hint">"For complex needs, plan the care with the referrer. A held meeting counts as a touch."</p> }>
                <ul class="rows" aria-label="Meetings">
                    <For each=move || meetings.get() key=|m| (m.id, m.held, m.cancelled, m.outcome.clone()) let(m)>
                        <MeetingRow meeting=m />
                    </For>
                </ul>
            </Show>
        </section>
    }
    .into_any()
}

#[component]
fn MeetingRow(meeting: shared::Meeting) -> impl IntoView {
    let app = use_app();
    let outcome = RwSignal::new(meeting.outcome.clone());
    let error = RwSignal::new(None::<String>);
    let state = if meeting.held {
        "Held"
    } else if meeting.cancelled {
        "Cancelled"
    } else {
        "Scheduled"
    };
    let m = StoredValue::new(meeting.clone());
    // Marking it held records the outcome and logs the meeting as a touch with the partner.
    let held = move |_| {
        let base = m.get_value();
        let mut m = base.clone();
        m.held = true;
        m.outcome = outcome.get_untracked();
        // The meeting is with whoever holds the referral now, if it moved since scheduling.
        if let Some(now_with) =
            app.network.with_untracked(|n| n.referral(m.referral_id).map(|r| r.partner_id))
        {
            m.partner_id = now_with;
        }
        let touch = shared::Touchpoint {
            id: TouchpointId::generate(chrono::Utc::now()),
            partner_id: m.partner_id,
            contact_id: None,
            referral_id: Some(m.referral_id),
            at: m.at.min(chrono::Utc::now()),
            channel: Channel::Meeting,
            purpose: Purpose::CarePlanMeeting,
            note: m.outcome.clone(),
            logged_by: app.settings.with_untracked(|s| s.logged_by()),
            device: app.settings.with_untracked(|s| s.device_name.clone()),
        };
        leptos::task::spawn_local(async move {
            let result = match app.save_edit(base, m).await {
                Ok(()) => app.save(touch).await,
                Err(e) => Err(e),
            };
            error.set(result.err().map(|e| e.to_string()));
        });
    };
    let cancel = move |_| {
        let base = m.get_value();
        let m = shared::Meeting { cancelled: true, ..base.clone() };
        leptos::task::spawn_local(async move {
            error.set(app.save_edit(base, m).await.err().map(|e| e.to_string()))
        });
    };
    let open = !meeting.held && !meeting.cancelled;
    let outcome_id = format!("outcome-{}", meeting.id);
    view! {
        <li class="touch">
            <div class="touch-head">
                <span class="row-title">{format!("{} · {state}", format::moment(meeting.at))}</span>
            </div>
            <span class="row-sub">{format!("With {}", meeting.attendees)}</span>
            {(!meeting.agenda.is_empty()).then(|| view! { <p class="note">{format!("Agenda: {}", meeting.agenda)}</p> })}
            {(!meeting.outcome.is_empty()).then(|| view! { <p class="note">{format!("Outcome: {}", meeting.outcome)}</p> })}
            {open.then(|| view! {
                <div class="field">
                    <label for=outcome_id.clone()>"Outcome notes"</label>
                    <textarea id=outcome_id rows="2" bind:value=outcome></textarea>
                </div>
                <div class="actions">
                    <button type="button" class="primary" on:click=held>"Mark as held"</button>
                    <button type="button" on:click=cancel>"Cancel meeting"</button>
                    {
                        let entry = app.network.with_untracked(|n| n.partner(meeting.partner_id).map(|p| shared::calendar::Entry::of_meeting(&meeting, p)));
                        view! { <super::AddToCalendar entry=Signal::derive(move || entry.clone()) /> }
                    }
                </div>
            })}
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </li>
    }
}
