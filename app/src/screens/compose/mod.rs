//! Drafting a message to a referrer from a template: edit it, hand it to the tablet's mail or
//! messages app (or copy it), then one tap logs it and completes the follow-up. Every draft
//! about a participant lands in the referral's disclosure log (the records to save come from
//! `shared::workflow::sent`).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::workflow::messages::{mailto, sms};
use shared::{Channel, Code, PartnerId, PreferredChannel, Purpose, ReferralId, TouchpointId};

use super::{RecordMissing, query_id};
use crate::state::use_app;

mod call;
mod message;

use call::{CallScript, SignAs};
use message::Message;

#[component]
pub fn Compose() -> impl IntoView {
    let app = use_app();
    let referral = query_id::<ReferralId>("referral");
    let purpose = leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("purpose").and_then(|p| Purpose::from_code(&p)))
        .unwrap_or(Purpose::ThankYou);
    let by_partner = query_id::<PartnerId>("partner");
    // Tracked: a deep link may arrive before the referral's month has loaded.
    let partner = Memo::new(move |_| {
        app.network.with(|n| {
            let partner = match referral {
                Some(r) => n.referral(r).map(|r| r.partner_id),
                None => by_partner,
            };
            partner.filter(|p| n.partner(*p).is_some())
        })
    });
    let what = if referral.is_some() { "Referral" } else { "Partner" };
    move || match partner.get() {
        Some(partner) => view! { <Composer partner referral purpose /> }.into_any(),
        None => view! { <RecordMissing what /> }.into_any(),
    }
}

#[component]
fn Composer(partner: PartnerId, referral: Option<ReferralId>, purpose: Purpose) -> impl IntoView {
    let m = Message::new(partner, referral, purpose);
    let title = format!("{} to {}", purpose.label(), m.partner_name.get_value());
    let log = log_action(m);
    // Messages are signed by a person, never by a tablet: ask first if no one has said who.
    let signed = move || m.app.settings.with(|s| !s.staff_name.trim().is_empty());
    let by_phone = move || m.person(|p| p.preferred) == Some(PreferredChannel::Phone);
    view! {
        <p class="breadcrumb"><a href=m.back()>"Back"</a></p>
        <h1>{title}</h1>
        <Show when=move || m.warnings.with(|w| !w.is_empty())>
            <div class="banner sample" role="note">
                <ul>{move || m.warnings.get().into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
            </div>
        </Show>
        <form class="card form" on:submit=|ev| ev.prevent_default()>
            <ToField m />
            <Show when=signed fallback=move || view! { <SignAs m /> }>
                <Show when=by_phone>
                    <CallScript m log />
                </Show>
            </Show>
            <MessageText m />
            <Show when=signed>
                <HandOff m />
            </Show>
        </form>
        <Show when=signed>
            <SentIt m log />
        </Show>
    }
}

/// "To": one of the partner's people, or their colleagues in general.
#[component]
fn ToField(m: Message) -> impl IntoView {
    view! {
        <div class="field">
            <label for="compose-to">"To"</label>
            <select id="compose-to" on:change=move |ev| m.redraft(event_target_value(&ev).parse().ok())>
                <option value="" selected=move || m.contact.get().is_none()>{m.colleagues()}</option>
                {m.people.with_value(|v| v.iter().map(|p| {
                    let id = p.id;
                    view! { <option value=id.to_string() selected=move || m.contact.get() == Some(id)>{p.name.clone()}</option> }
                }).collect_view())}
            </select>
            <p class="hint">{move || m.person(|p| p.preferred).map(|p| format!("Prefers: {}", p.label().to_lowercase()))}</p>
        </div>
    }
}

#[component]
fn MessageText(m: Message) -> impl IntoView {
    let shares = move || {
        let fields = m.disclosed.get();
        if fields.is_empty() {
            "Shares nothing about the participant.".to_string()
        } else {
            let list = fields.iter().map(|f| f.label().to_lowercase()).collect::<Vec<_>>();
            format!(
                "Shares: {}. Recorded in the referral's disclosure log when you send or copy it.",
                list.join(", ")
            )
        }
    };
    view! {
        <div class="field">
            <label for="compose-subject">"Subject"</label>
            <input id="compose-subject" type="text" bind:value=m.subject />
        </div>
        <div class="field">
            <label for="compose-body">"Message"</label>
            <textarea id="compose-body" rows="10" bind:value=m.body></textarea>
            <p class="hint">{shares}</p>
        </div>
    }
}

/// Hands the message to the mail or messages app, or copies it; each records the disclosure.
#[component]
fn HandOff(m: Message) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let email = move || m.person(|p| p.email.clone()).unwrap_or_default();
    let phone = move || m.person(|p| p.phone.clone()).unwrap_or_default();
    let copy = move |_| {
        let text = format!("{}\n\n{}", m.subject.get_untracked(), m.body.get_untracked());
        // Recorded even if copying fails: the person may copy it by hand.
        m.disclose(m.sent_via.get_untracked().unwrap_or(Channel::Email));
        leptos::task::spawn_local(async move {
            status.set(if crate::share::copy_text(&text).await {
                "Copied. Paste it into any app.".into()
            } else {
                "This browser did not allow copying. Select the message text and copy it by hand."
                    .into()
            });
        });
    };
    view! {
        <div class="actions" role="group" aria-label="Send the message">
            <a class="button primary" href=move || mailto(&email(), &m.current())
                aria-disabled=move || email().is_empty().then_some("true")
                on:click=move |_| m.disclose(Channel::Email)>"Open in email app"</a>
            <a class="button" href=move || sms(&phone(), &m.current())
                aria-disabled=move || phone().is_empty().then_some("true")
                on:click=move |_| m.disclose(Channel::Text)>"Open in messages app"</a>
            <button type="button" on:click=copy>"Copy message"</button>
        </div>
        <p class="announcement" role="status">{move || status.get()}</p>
    }
}

/// Logs the message as a touch by `channel` (and as a disclosure if it left some other way),
/// which completes the follow-up, then goes back.
fn log_action(m: Message) -> Action<Channel, ()> {
    let navigate = use_navigate();
    Action::new_local(move |&channel: &Channel| {
        let base =
            m.referral.and_then(|id| m.app.network.with_untracked(|n| n.referral(id).cloned()));
        let id = TouchpointId::generate(chrono::Utc::now());
        let records = m.sending(channel).log_as_sent(id, base.as_ref(), m.recorded.get_untracked());
        let navigate = navigate.clone();
        async move {
            if let (Some(base), Some(edited)) = (base, records.referral)
                && let Err(e) = m.app.save_edit(base, edited).await
            {
                m.error.set(Some(e.to_string()));
            }
            match m.app.save(records.touch).await {
                Ok(()) => navigate(&m.back(), Default::default()),
                Err(e) => m.error.set(Some(e.to_string())),
            }
        }
    })
}

/// "Sent it?": logs a written message, however it was sent.
#[component]
fn SentIt(m: Message, log: Action<Channel, ()>) -> impl IntoView {
    let via = move || m.sent_via.get().unwrap_or(Channel::Email);
    view! {
        <section class="card" aria-labelledby="sent-title">
            <h2 id="sent-title">"Sent it?"</h2>
            <p>"Log it here: it completes the follow-up and counts as a touch with the partner."</p>
            <div class="field">
                <label for="compose-sent-by">"Sent by"</label>
                <select id="compose-sent-by" on:change=move |ev| m.sent_via.set(Channel::from_code(&event_target_value(&ev)))>
                    {[Channel::Email, Channel::Text, Channel::Mail].into_iter().map(|c| view! {
                        <option value=c.code() selected=move || via() == c>{c.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="actions">
                <button type="button" class="primary" disabled=move || log.pending().get()
                    on:click=move |_| {
                        log.dispatch_local(m.sent_via.get_untracked().unwrap_or(Channel::Email));
                    }>
                    {move || format!("Log as sent ({})", via().label().to_lowercase())}
                </button>
            </div>
            {move || m.error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
}
