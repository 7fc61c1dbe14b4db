//! Drafting a message to a referrer from a template: edit it, hand it to the tablet's mail or
//! messages app (or copy it), then one tap logs it and completes the follow-up. Every draft
//! about a participant lands in the referral's disclosure log.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::workflow::messages::{Draft, DraftFor, draft, mailto, sms};
use shared::{Channel, Code, ContactId, Disclosure, PartnerId, Purpose, ReferralId, TouchpointId};
use wasm_bindgen::JsCast;

use super::{RecordMissing, query_id};
use crate::state::use_app;

/// `false` when the browser refuses (no permission, or the page is not a secure context).
async fn copy_to_clipboard(text: &str) -> bool {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else { return false };
    let Ok(clipboard) = js_sys::Reflect::get(&nav, &"clipboard".into()) else { return false };
    let Ok(write) = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    else {
        return false;
    };
    let Ok(promise) = write.call1(&clipboard, &text.into()) else { return false };
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise)).await.is_ok()
}

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
    let app = use_app();
    let navigate = use_navigate();
    type Person = (ContactId, String, String, String, shared::PreferredChannel);
    let (partner_name, people, start_contact) = app.network.with_untracked(|n| {
        let people: Vec<Person> = n
            .contacts_of(partner)
            .into_iter()
            .map(|c| (c.id, c.name.clone(), c.email.clone(), c.phone.clone(), c.preferred_channel))
            .collect();
        let start = referral
            .and_then(|r| n.referral(r))
            .and_then(|r| r.contact_id)
            .or_else(|| people.first().map(|c| c.0));
        (n.partner(partner).map(|p| p.name.clone()).unwrap_or_default(), people, start)
    });
    let contacts = StoredValue::new(people);
    let contact = RwSignal::new(start_contact);
    let staff = app.settings.with_untracked(|s| s.logged_by());
    let render = move |contact_id: Option<ContactId>| -> Option<Draft> {
        app.network.with_untracked(|n| {
            let policy = n.policy();
            let template = policy.template(purpose)?.clone();
            let p = n.partner(partner)?;
            let c = contact_id.and_then(|c| n.contact(c));
            let r = referral.and_then(|r| n.referral(r));
            Some(draft(&template, &DraftFor { partner: p, contact: c, referral: r, staff: &staff }))
        })
    };
    let first = render(start_contact);
    let disclosed = RwSignal::new(first.as_ref().map(|d| d.disclosed.clone()).unwrap_or_default());
    let warnings = RwSignal::new(first.as_ref().map(|d| d.warnings.clone()).unwrap_or_default());
    let subject = RwSignal::new(first.as_ref().map(|d| d.subject.clone()).unwrap_or_default());
    let body = RwSignal::new(first.map(|d| d.body).unwrap_or_default());
    let redraft = move |c: Option<ContactId>| {
        contact.set(c);
        if let Some(d) = render(c) {
            subject.set(d.subject);
            body.set(d.body);
            disclosed.set(d.disclosed);
            warnings.set(d.warnings);
        }
    };
    let preferred = move || {
        contact
            .get()
            .and_then(|c| contacts.with_value(|v| v.iter().find(|x| x.0 == c).map(|x| x.4)))
    };
    let address = move |pick: fn(&Person) -> String| {
        contact
            .get()
            .and_then(|c| contacts.with_value(|v| v.iter().find(|x| x.0 == c).map(pick)))
            .unwrap_or_default()
    };
    let sent_via = RwSignal::new(None::<Channel>);
    let status = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);

    // Records what left the tablet about the participant, and how.
    let recorded = RwSignal::new(false);
    let colleagues = StoredValue::new(format!("Colleagues at {partner_name}"));
    let disclose = move |channel: Channel| {
        sent_via.set(Some(channel));
        recorded.set(true);
        let Some(id) = referral else { return };
        let Some(base) = app.network.with_untracked(|n| n.referral(id).cloned()) else { return };
        let mut r = base.clone();
        r.disclosures.push(Disclosure {
            at: chrono::Utc::now(),
            by: app.settings.with_untracked(|s| s.logged_by()),
            to: Some(address(|c| c.1.clone()))
                .filter(|name| !name.is_empty())
                .unwrap_or_else(|| colleagues.get_value()),
            channel,
            fields: disclosed.get_untracked(),
            purpose,
        });
        leptos::task::spawn_local(async move {
            if let Err(e) = app.save_edit(base, r).await {
                error.set(Some(e.to_string()));
            }
        });
    };
    let current = move || Draft {
        subject: subject.get(),
        body: body.get(),
        disclosed: vec![],
        warnings: vec![],
    };
    let log_sent = move |_| {
        let channel = sent_via.get_untracked().unwrap_or(Channel::Email);
        // Sent some other way (read out, printed, typed elsewhere): still a disclosure.
        if !recorded.get_untracked() {
            disclose(channel);
        }
        let touch = shared::Touchpoint {
            id: TouchpointId::generate(chrono::Utc::now()),
            partner_id: partner,
            contact_id: contact.get_untracked(),
            referral_id: referral,
            at: chrono::Utc::now(),
            channel,
            purpose,
            note: format!("Sent: {}", subject.get_untracked()),
            logged_by: app.settings.with_untracked(|s| s.logged_by()),
            device: app.settings.with_untracked(|s| s.device_name.clone()),
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match app.save(touch).await {
                Ok(()) => {
                    let back = referral.map_or_else(
                        || format!("/partners/{partner}"),
                        |r| format!("/referrals/{r}"),
                    );
                    navigate(&back, Default::default());
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };

    view! {
        <p class="breadcrumb"><a href=referral.map_or_else(|| format!("/partners/{partner}"), |r| format!("/referrals/{r}"))>"Back"</a></p>
        <h1>{format!("{} to {partner_name}", purpose.label())}</h1>
        <Show when=move || warnings.with(|w| !w.is_empty())>
            <div class="banner sample" role="note">
                <ul>{move || warnings.get().into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
            </div>
        </Show>
        <form class="card form" on:submit=|ev| ev.prevent_default()>
            <div class="field">
                <label for="compose-to">"To"</label>
                <select id="compose-to" on:change=move |ev| redraft(event_target_value(&ev).parse().ok())>
                    <option value="" selected=move || contact.get().is_none()>{format!("Colleagues at {partner_name}")}</option>
                    {contacts.with_value(|v| v.iter().map(|(id, name, ..)| {
                        let id = *id;
                        view! { <option value=id.to_string() selected=move || contact.get() == Some(id)>{name.clone()}</option> }
                    }).collect_view())}
                </select>
                <p class="hint">{move || preferred().map(|p| format!("Prefers: {}", p.label().to_lowercase()))}</p>
            </div>
            <div class="field">
                <label for="compose-subject">"Subject"</label>
                <input id="compose-subject" type="text" bind:value=subject />
            </div>
            <div class="field">
                <label for="compose-body">"Message"</label>
                <textarea id="compose-body" rows="10" bind:value=body></textarea>
                <p class="hint">{move || {
                    let fields = disclosed.get();
                    if fields.is_empty() { "Shares nothing about the participant.".to_string() }
                    else { format!("Shares: {}. Recorded in the referral's disclosure log when you send or copy it.", fields.iter().map(|f| f.label().to_lowercase()).collect::<Vec<_>>().join(", ")) }
                }}</p>
            </div>
            <div class="actions" role="group" aria-label="Send the message">
                <a class="button primary" href=move || mailto(&address(|c| c.2.clone()), &current())
                    aria-disabled=move || address(|c| c.2.clone()).is_empty().then_some("true")
                    on:click=move |_| disclose(Channel::Email)>"Open in email app"</a>
                <a class="button" href=move || sms(&address(|c| c.3.clone()), &current())
                    aria-disabled=move || address(|c| c.3.clone()).is_empty().then_some("true")
                    on:click=move |_| disclose(Channel::Text)>"Open in messages app"</a>
                <button type="button" on:click=move |_| {
                    let text = format!("{}\n\n{}", subject.get_untracked(), body.get_untracked());
                    // Recorded even if copying fails: the person may copy it by hand.
                    disclose(sent_via.get_untracked().unwrap_or(Channel::Email));
                    leptos::task::spawn_local(async move {
                        status.set(if copy_to_clipboard(&text).await {
                            "Copied. Paste it into any app.".into()
                        } else {
                            "This browser did not allow copying. Select the message text and copy it by hand.".into()
                        });
                    });
                }>"Copy message"</button>
            </div>
            <p class="announcement" role="status">{move || status.get()}</p>
        </form>
        <section class="card" aria-labelledby="sent-title">
            <h2 id="sent-title">"Sent it?"</h2>
            <p>"Log it here: it completes the follow-up and counts as a touch with the partner."</p>
            <div class="field">
                <label for="compose-sent-by">"Sent by"</label>
                <select id="compose-sent-by" on:change=move |ev| sent_via.set(Channel::from_code(&event_target_value(&ev)))>
                    {[Channel::Email, Channel::Text, Channel::Mail].into_iter().map(|c| view! {
                        <option value=c.code() selected=move || sent_via.get().unwrap_or(Channel::Email) == c>{c.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="actions">
                <button type="button" class="primary" on:click=log_sent>{move || format!(
                    "Log as sent ({})", sent_via.get().unwrap_or(Channel::Email).label().to_lowercase()
                )}</button>
            </div>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
}
