//! One referral: its path through intake, moving it along, and the follow-through with the
//! referrer.

use leptos::prelude::*;
use shared::input::StatusInput;
use shared::validation::ValidationErrors;
use shared::{Code, DeclineReason, Purpose, Referral, ReferralId, ReferralStatus};

use super::partner::TouchpointItem;
use super::referral_follow::{CarePlanMeetings, DisclosureLog, FollowThrough};
use super::{RecordMissing, param_id};
use crate::components::{EditedOnTwoTablets, ErrorSummary, QuickLog, StatusBadge, TextField};
use crate::format;
use crate::state::use_app;

#[component]
pub fn ReferralPage() -> impl IntoView {
    let app = use_app();
    let id = param_id::<ReferralId>();
    let referral =
        Memo::new(move |_| id.get().and_then(|id| app.network.with(|n| n.referral(id).cloned())));
    let found = Memo::new(move |_| referral.with(|r| r.as_ref().map(|r| (r.id, r.partner_id))));
    move || match found.get() {
        Some(_) => view! { <ReferralDetail referral /> }.into_any(),
        None => view! { <RecordMissing what="Referral" /> }.into_any(),
    }
}

#[component]
fn ReferralDetail(referral: Memo<Option<Referral>>) -> impl IntoView {
    let app = use_app();
    let Some(start) = referral.get_untracked() else { return ().into_any() };
    let (id, partner_id) = (start.id, start.partner_id);
    let get = move |f: fn(&Referral) -> String| {
        move || referral.with(|r| r.as_ref().map(f).unwrap_or_default())
    };
    let partner_name = move || {
        app.network.with(|n| n.partner(partner_id).map(|p| p.name.clone()).unwrap_or_default())
    };
    let contact_name = move || {
        referral
            .with(|r| r.as_ref().and_then(|r| r.contact_id))
            .and_then(|c| app.network.with(|n| n.contact(c).map(|c| c.name.clone())))
            .unwrap_or_else(|| "Not recorded".into())
    };
    let touches = Memo::new(move |_| {
        referral
            .with(|r| {
                r.as_ref().map(|r| {
                    app.network.with(|n| {
                        n.touchpoints_for_referral(r).into_iter().cloned().collect::<Vec<_>>()
                    })
                })
            })
            .unwrap_or_default()
    });
    let next_purpose = Memo::new(move |_| {
        let thanked = touches.with(|t| t.iter().any(|t| t.purpose == Purpose::ThankYou));
        if thanked { Purpose::ProgressUpdate } else { Purpose::ThankYou }
    });
    let contact = start.contact_id;

    view! {
        <p class="breadcrumb"><a href="/referrals">"Referrals"</a></p>
        <div class="screen-head">
            <div>
                <h1>{get(|r| format!("Referral of {}", r.participant))}</h1>
                <p class="sub">"From "<a href=format!("/partners/{partner_id}")>{partner_name}</a></p>
            </div>
            <a class="button" href=format!("/referrals/{id}/edit")>"Edit referral"</a>
        </div>
        <EditedOnTwoTablets record=referral />
        // Two columns where the width allows: the referral on the left, the follow-through
        // with the referrer on the right.
        <div class="record-columns">
            <div class="record-main">
                <section class="card" aria-labelledby="referral-facts">
                    <h2 id="referral-facts">"Details"</h2>
                    <p>{move || referral.get().map(|r| view! { <StatusBadge status=r.status() /> })}
                        {get(|r| format!(" since {}", format::day(r.status_since())))}</p>
                    <dl class="facts">
                        <dt>"Received"</dt><dd>{get(|r| format::day(r.received_on))}</dd>
                        <dt>"Referring contact"</dt><dd>{contact_name}</dd>
                        <dt>"Services"</dt><dd>{get(|r| r.services.iter().map(|s| s.label()).collect::<Vec<_>>().join(", "))}</dd>
                        <dt>"May share with the referrer"</dt><dd>{get(|r| r.consent.label().to_string())}</dd>
                        <dt>"Waiver program"</dt><dd>{get(|r| if r.waiver_program.is_empty() { "Not recorded".into() } else { r.waiver_program.clone() })}</dd>
                    </dl>
                    <h3>"History"</h3>
                    <ol class="history">
                        {move || referral.get().map(|r| {
                            let mut steps = r.status_history.clone();
                            steps.sort_by_key(|c| (c.on, c.recorded_at));
                            steps.into_iter().map(|c| view! {
                                <li>{format!("{}: {}{}", format::day(c.on), c.status.label(),
                                    c.reason.map(|r| format!(" ({})", r.label())).unwrap_or_default())}</li>
                            }).collect_view()
                        })}
                    </ol>
                </section>
                <StatusForm referral />
            </div>
            <div class="record-side">
                <FollowThrough referral />
                {move || view! { <QuickLog partner=partner_id referral=Some(id) contact purpose=next_purpose.get() /> }}
                <CarePlanMeetings referral />
                <section class="card" aria-labelledby="referral-touches">
                    <h2 id="referral-touches">"Touchpoints about this referral"</h2>
                    <Show when=move || touches.with(|t| !t.is_empty())
                        fallback=|| view! { <p class="hint">"Nothing logged for this referral yet. A thank-you within two days keeps referrers sending."</p> }>
                        <ol class="timeline">
                            <For each=move || touches.get() key=|t| (t.id, t.at, t.note.clone()) let(t)>
                                <TouchpointItem t />
                            </For>
                        </ol>
                    </Show>
                </section>
                <DisclosureLog referral />
            </div>
        </div>
    }
    .into_any()
}

#[component]
fn StatusForm(referral: Memo<Option<Referral>>) -> impl IntoView {
    let app = use_app();
    let status =
        RwSignal::new(referral.with_untracked(|r| {
            r.as_ref().map_or(ReferralStatus::Contacted, |r| r.status().next())
        }));
    let on = RwSignal::new(app.day.get_untracked().to_string());
    let reason = RwSignal::new(None::<DeclineReason>);
    let errors = RwSignal::new(None::<ValidationErrors>);
    let save_error = RwSignal::new(None::<String>);
    let done = RwSignal::new(String::new());
    // The status just entered, which need not be the latest (a step may be back-filled).
    let save =
        Action::new_local(move |(base, edited, set): &(Referral, Referral, ReferralStatus)| {
            let (base, edited, next, label) =
                (base.clone(), edited.clone(), set.next(), set.label());
            async move {
                match app.save_edit(base, edited).await {
                    Ok(()) => {
                        save_error.set(None);
                        status.set(next);
                        done.set(format!("Status set to {label}."));
                    }
                    Err(m) => save_error.set(Some(m.to_string())),
                }
            }
        });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(base) = referral.get_untracked() else { return };
        let mut r = base.clone();
        let input = StatusInput {
            status: status.get_untracked(),
            on: on.get_untracked(),
            reason: reason.get_untracked(),
        };
        match input.validate(&r, app.day.get_untracked(), chrono::Utc::now()) {
            Err(e) => {
                save_error.set(None);
                errors.set(Some(e));
            }
            Ok(change) => {
                errors.set(None);
                let set = change.status;
                r.status_history.push(change);
                save.dispatch_local((base, r, set));
            }
        }
    };
    let reason_error =
        move || errors.with(|e| e.as_ref().and_then(|e| e.for_field("status-reason")));

    view! {
        <form class="card form" novalidate on:submit=submit aria-labelledby="status-title">
            <h2 id="status-title">"Update status"</h2>
            <ErrorSummary errors save_error />
            <div class="two">
                <div class="field">
                    <label for="status-new">"New status"</label>
                    <select id="status-new" on:change=move |ev| {
                        if let Some(s) = ReferralStatus::from_code(&event_target_value(&ev)) { status.set(s) }
                    }>
                        {ReferralStatus::ALL.iter().map(|&s| view! {
                            <option value=s.code() selected=move || status.get() == s>{s.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <TextField id="status-on" label="Date of change" value=on errors kind="date" required=true />
            </div>
            <Show when=move || status.get() == ReferralStatus::Declined>
                <div class="field" class:invalid=move || reason_error().is_some()>
                    <label for="status-reason">"Reason"<span class="required">" (required)"</span></label>
                    <select id="status-reason"
                        aria-invalid=move || reason_error().map(|_| "true")
                        aria-describedby=move || reason_error().map(|_| "status-reason-error")
                        on:change=move |ev| reason.set(DeclineReason::from_code(&event_target_value(&ev)))>
                        <option value="" selected=move || reason.get().is_none()>"Choose a reason…"</option>
                        {DeclineReason::ALL.iter().map(|&d| view! {
                            <option value=d.code() selected=move || reason.get() == Some(d)>{d.label()}</option>
                        }).collect_view()}
                    </select>
                    <Show when=move || reason_error().is_some()>
                        <p class="error" id="status-reason-error">{reason_error}</p>
                    </Show>
                </div>
            </Show>
            <div class="actions">
                <button type="submit" class="primary">"Save status"</button>
            </div>
            <p class="announcement" role="status">{move || done.get()}</p>
        </form>
    }
}
