//! One-tap touchpoint logging: tap how you reached the partner, optionally say with whom and
//! add a note, save. Two taps in all, because staff log between conversations at a busy
//! health fair.

use leptos::prelude::*;
use shared::input::TouchpointInput;
use shared::validation::ValidationErrors;
use shared::{Channel, Code, ContactId, PartnerId, Purpose, ReferralId, Touchpoint, TouchpointId};

use crate::state::use_app;

const QUICK_CHANNELS: [Channel; 5] =
    [Channel::Call, Channel::Visit, Channel::Email, Channel::Text, Channel::Meeting];

#[component]
pub fn QuickLog(
    partner: PartnerId,
    #[prop(default = None)] referral: Option<ReferralId>,
    #[prop(default = None)] contact: Option<ContactId>,
    #[prop(default = Purpose::CheckIn)] purpose: Purpose,
) -> impl IntoView {
    let app = use_app();
    let channel = RwSignal::new(None::<Channel>);
    let chosen_purpose = RwSignal::new(purpose);
    // Whom the touch was with; starts at the referral's contact, if any, else no one.
    let with = RwSignal::new(contact);
    let note = RwSignal::new(String::new());
    let errors = RwSignal::new(None::<ValidationErrors>);
    let save_error = RwSignal::new(None::<String>);
    let announcement = RwSignal::new(String::new());
    let log = Action::new_local(move |touchpoint: &Touchpoint| {
        let touchpoint = touchpoint.clone();
        async move {
            let label = format!(
                "{} {} saved.",
                touchpoint.channel.label(),
                touchpoint.purpose.label().to_lowercase()
            );
            match app.save(touchpoint).await {
                Ok(()) => {
                    channel.set(None);
                    with.set(contact);
                    note.set(String::new());
                    save_error.set(None);
                    announcement.set(label);
                }
                Err(message) => save_error.set(Some(message.to_string())),
            }
        }
    });

    let save = move |_| {
        let Some(ch) = channel.get_untracked() else { return };
        let now = chrono::Local::now();
        let input = TouchpointInput {
            partner_id: Some(partner),
            contact_id: with.get_untracked(),
            referral_id: referral,
            date: now.format("%Y-%m-%d").to_string(),
            time: now.format("%H:%M").to_string(),
            channel: ch,
            purpose: chosen_purpose.get_untracked(),
            note: note.get_untracked(),
        };
        let settings = app.settings.get_untracked();
        let id = TouchpointId::generate(chrono::Utc::now());
        match input.validate(
            id,
            &chrono::Local,
            app.day.get_untracked(),
            &settings.logged_by(),
            &settings.device_name,
        ) {
            Err(e) => errors.set(Some(e)),
            Ok(touchpoint) => {
                errors.set(None);
                log.dispatch_local(touchpoint);
            }
        }
    };

    view! {
        <section class="quick-log card" aria-labelledby="quick-log-title">
            <h2 id="quick-log-title">"Log a touchpoint"</h2>
            <div class="channel-buttons" role="group" aria-label="How did you reach them?">
                {QUICK_CHANNELS.iter().map(|&c| view! {
                    <button type="button" class="channel"
                        aria-pressed=move || (channel.get() == Some(c)).to_string()
                        on:click=move |_| { channel.set(Some(c)); announcement.set(String::new()); }>
                        {c.label()}
                    </button>
                }).collect_view()}
            </div>
            <Show when=move || channel.get().is_some()>
                <div class="quick-log-details">
                    <div class="field">
                        <label for="quick-purpose">"Purpose"</label>
                        <select id="quick-purpose" on:change=move |ev| {
                            if let Some(p) = Purpose::from_code(&event_target_value(&ev)) { chosen_purpose.set(p) }
                        }>
                            {Purpose::ALL.iter().map(|&p| view! {
                                <option value=p.code() selected=move || chosen_purpose.get() == p>{p.label()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <WithWhom partner with />
                    <div class="field">
                        <label for="quick-note">"Note (optional)"</label>
                        <textarea id="quick-note" rows="2" bind:value=note
                            aria-describedby="quick-note-hint"></textarea>
                        <p class="hint" id="quick-note-hint">"No clinical details about participants."</p>
                    </div>
                    <crate::components::ErrorSummary errors save_error />
                    <div class="actions">
                        <button type="button" class="primary" on:click=save disabled=move || log.pending().get()>
                            {move || match channel.get() {
                                Some(c) => format!("Save {}", c.label().to_lowercase()),
                                None => "Save".into(),
                            }}
                        </button>
                        <button type="button" on:click=move |_| channel.set(None)>"Cancel"</button>
                    </div>
                </div>
            </Show>
            <p class="announcement" role="status">{move || announcement.get()}</p>
            <a class="more" href=move || {
                let mut href = format!("/touchpoints/new?partner={partner}");
                if let Some(r) = referral { href.push_str(&format!("&referral={r}")); }
                href
            }>"Log with more detail (date, time, other channels)…"</a>
        </section>
    }
}

/// "With": the partner's people, shown only when the partner has any; the default is the
/// organization itself ("No one in particular").
#[component]
fn WithWhom(partner: PartnerId, with: RwSignal<Option<ContactId>>) -> impl IntoView {
    let app = use_app();
    let people = Memo::new(move |_| {
        app.network.with(|n| {
            n.contacts_of(partner).into_iter().map(|c| (c.id, c.name.clone())).collect::<Vec<_>>()
        })
    });
    view! {
        <Show when=move || people.with(|p| !p.is_empty())>
            <div class="field">
                <label for="quick-contact">"With"</label>
                <select id="quick-contact" on:change=move |ev| {
                    with.set(event_target_value(&ev).parse::<ContactId>().ok())
                }>
                    <option value="" selected=move || with.get().is_none()>"No one in particular"</option>
                    <For each=move || people.get() key=|p| p.clone() let((id, name))>
                        <option value=id.to_string() selected=move || with.get() == Some(id)>{name}</option>
                    </For>
                </select>
            </div>
        </Show>
    }
}
