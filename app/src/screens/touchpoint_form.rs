//! Log a touchpoint with full detail (date, time, contact), or correct one.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::input::TouchpointInput;
use shared::validation::ValidationErrors;
use shared::{Channel, PartnerId, Purpose, ReferralId, Touchpoint, TouchpointId};

use super::{RecordMissing, param_id, query_id};
use crate::components::{CodeSelect, ErrorSummary, Select, TextArea, TextField};
use crate::state::use_app;

#[component]
pub fn NewTouchpoint() -> impl IntoView {
    let app = use_app();
    let partner = query_id::<PartnerId>("partner")
        .filter(|p| app.network.with_untracked(|n| n.partner(*p).is_some()));
    let referral = query_id::<ReferralId>("referral");
    match partner {
        Some(p) => view! { <TouchpointForm partner=p referral existing=None /> }.into_any(),
        None => view! { <RecordMissing what="Partner" /> }.into_any(),
    }
}

#[component]
pub fn EditTouchpoint() -> impl IntoView {
    let app = use_app();
    let id = param_id::<TouchpointId>();
    let existing =
        Memo::new(move |_| id.get().and_then(|id| app.network.with(|n| n.touchpoint(id).cloned())));
    let found = Memo::new(move |_| existing.with(|t| t.as_ref().map(|t| t.id)));
    move || {
        match existing.get_untracked().filter(|_| found.get().is_some()) {
        Some(t) => view! { <TouchpointForm partner=t.partner_id referral=t.referral_id existing=Some(t) /> }.into_any(),
        None => view! { <RecordMissing what="Touchpoint" /> }.into_any(),
    }
    }
}

#[component]
fn TouchpointForm(
    partner: PartnerId,
    referral: Option<ReferralId>,
    existing: Option<Touchpoint>,
) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let now = chrono::Local::now();
    let start = existing
        .as_ref()
        .map(|t| TouchpointInput::from_touchpoint(t, &chrono::Local))
        .unwrap_or(TouchpointInput {
            partner_id: Some(partner),
            contact_id: None,
            referral_id: referral,
            date: now.format("%Y-%m-%d").to_string(),
            time: now.format("%H:%M").to_string(),
            channel: Channel::Call,
            purpose: if referral.is_some() { Purpose::ThankYou } else { Purpose::CheckIn },
            note: String::new(),
        });
    let contact = RwSignal::new(start.contact_id.map(|c| c.to_string()).unwrap_or_default());
    let date = RwSignal::new(start.date);
    let time = RwSignal::new(start.time);
    let channel = RwSignal::new(start.channel);
    let purpose = RwSignal::new(start.purpose);
    let note = RwSignal::new(start.note);
    let errors = RwSignal::new(None::<ValidationErrors>);
    let save_error = RwSignal::new(None::<String>);
    let id = existing.as_ref().map_or_else(|| TouchpointId::generate(chrono::Utc::now()), |t| t.id);
    let (logged_by, device) = match &existing {
        Some(t) => (t.logged_by.clone(), t.device.clone()),
        None => app.settings.with_untracked(|s| (s.logged_by(), s.device_name.clone())),
    };
    let partner_name = app
        .network
        .with_untracked(|n| n.partner(partner).map(|p| p.name.clone()))
        .unwrap_or_default();
    let contact_options = {
        let mut v = vec![(String::new(), "Not with a particular contact".to_string())];
        app.network.with_untracked(|n| {
            v.extend(n.contacts_of(partner).into_iter().map(|c| (c.id.to_string(), c.name.clone())))
        });
        v
    };
    let back = match referral {
        Some(r) => format!("/referrals/{r}"),
        None => format!("/partners/{partner}"),
    };

    let save = {
        let back = back.clone();
        Action::new_local(move |t: &Touchpoint| {
            let (t, navigate, back) = (t.clone(), navigate.clone(), back.clone());
            async move {
                match app.save(t).await {
                    Ok(()) => navigate(&back, Default::default()),
                    Err(m) => save_error.set(Some(m.to_string())),
                }
            }
        })
    };
    let submit = {
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let input = TouchpointInput {
                partner_id: Some(partner),
                contact_id: contact.get_untracked().parse().ok(),
                referral_id: referral,
                date: date.get_untracked(),
                time: time.get_untracked(),
                channel: channel.get_untracked(),
                purpose: purpose.get_untracked(),
                note: note.get_untracked(),
            };
            match input.validate(id, &chrono::Local, app.day.get_untracked(), &logged_by, &device) {
                Err(e) => {
                    save_error.set(None);
                    errors.set(Some(e));
                }
                Ok(t) => {
                    errors.set(None);
                    save.dispatch_local(t);
                }
            }
        }
    };

    view! {
        <p class="breadcrumb"><a href=back.clone()>{partner_name.clone()}</a></p>
        <h1>{if existing.is_some() { "Edit touchpoint".to_string() } else { format!("Log a touchpoint with {partner_name}") }}</h1>
        <form class="card form" novalidate on:submit=submit>
            <ErrorSummary errors save_error />
            <div class="two">
                <CodeSelect id="touchpoint-channel" label="How" value=channel errors />
                <CodeSelect id="touchpoint-purpose" label="Purpose" value=purpose errors />
            </div>
            <Select id="touchpoint-contact" label="With" options=contact_options value=contact errors />
            <div class="two">
                <TextField id="touchpoint-date" label="Date" value=date errors kind="date" required=true />
                <TextField id="touchpoint-time" label="Time" value=time errors kind="time" />
            </div>
            <TextArea id="touchpoint-note" label="Note" value=note errors hint="No clinical details about participants." />
            <div class="actions">
                <button type="submit" class="primary" disabled=move || save.pending().get()>"Save touchpoint"</button>
                <a class="button" href=back>"Cancel"</a>
            </div>
        </form>
    }
}
