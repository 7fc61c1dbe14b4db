//! Add or edit a partner.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::input::{PartnerInput, cadence_choices};
use shared::validation::ValidationErrors;
use shared::{Partner, PartnerId};

use super::{RecordMissing, param_id};
use crate::components::{CodeSelect, ErrorSummary, Select, TextArea, TextField};
use crate::state::use_app;

#[component]
pub fn NewPartner() -> impl IntoView {
    view! { <PartnerForm existing=None /> }
}

#[component]
pub fn EditPartner() -> impl IntoView {
    let app = use_app();
    let id = param_id::<PartnerId>();
    let existing =
        Memo::new(move |_| id.get().and_then(|id| app.network.with(|n| n.partner(id).cloned())));
    let found = Memo::new(move |_| existing.with(|p| p.as_ref().map(|p| p.id)));
    move || match found.get() {
        Some(_) => view! { <PartnerForm existing=existing.get_untracked() /> }.into_any(),
        None => view! { <RecordMissing what="Partner" /> }.into_any(),
    }
}

#[component]
fn PartnerForm(existing: Option<Partner>) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let start = existing.as_ref().map(PartnerInput::from_partner).unwrap_or_default();
    let name = RwSignal::new(start.name);
    let kind = RwSignal::new(start.kind);
    let tier = RwSignal::new(start.tier);
    let phone = RwSignal::new(start.phone);
    let address = RwSignal::new(start.address);
    let cadence = RwSignal::new(start.cadence);
    let custom_days = RwSignal::new(start.custom_days);
    let tags = RwSignal::new(start.tags);
    let notes = RwSignal::new(start.notes);
    let errors = RwSignal::new(None::<ValidationErrors>);
    let save_error = RwSignal::new(None::<String>);
    let (id, archived) = match &existing {
        Some(p) => (p.id, p.archived),
        None => (PartnerId::generate(chrono::Utc::now()), false),
    };
    let title = if existing.is_some() { "Edit partner" } else { "Add a partner" };
    let opened = StoredValue::new(existing.clone());
    let back = if existing.is_some() { format!("/partners/{id}") } else { "/partners".to_string() };

    let save = Action::new_local(move |partner: &Partner| {
        let (partner, navigate) = (partner.clone(), navigate.clone());
        async move {
            let saved = match opened.get_value() {
                Some(base) => app.save_edit(base, partner).await,
                None => app.save(partner).await,
            };
            match saved {
                Ok(()) => navigate(&format!("/partners/{id}"), Default::default()),
                Err(m) => save_error.set(Some(m.to_string())),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = PartnerInput {
            kind: kind.get_untracked(),
            name: name.get_untracked(),
            address: address.get_untracked(),
            phone: phone.get_untracked(),
            tier: tier.get_untracked(),
            cadence: cadence.get_untracked(),
            custom_days: custom_days.get_untracked(),
            tags: tags.get_untracked(),
            notes: notes.get_untracked(),
        };
        match input.validate(id, archived) {
            Err(e) => {
                save_error.set(None);
                errors.set(Some(e));
            }
            Ok(partner) => {
                errors.set(None);
                // The form does not show a set-aside check-in; editing must not clear it.
                let set_aside = opened.with_value(|o| o.as_ref()?.check_in_set_aside_until);
                save.dispatch_local(Partner { check_in_set_aside_until: set_aside, ..partner });
            }
        }
    };

    view! {
        <p class="breadcrumb"><a href=back.clone()>"Back"</a></p>
        <h1>{title}</h1>
        <form class="card form" novalidate on:submit=submit>
            <ErrorSummary errors save_error />
            <TextField id="partner-name" label="Name" value=name errors required=true autocomplete="organization" />
            <div class="two">
                <CodeSelect id="partner-kind" label="Kind" value=kind errors />
                <CodeSelect id="partner-tier" label="Tier" value=tier errors
                    hint="Key partners get the most attention." />
            </div>
            <div class="two">
                <Select id="partner-cadence" label="Check-in cadence" options=Signal::derive(move || cadence_choices(tier.get())) value=cadence errors />
                <Show when=move || cadence.get() == "custom">
                    <TextField id="partner-custom-days" label="Days between check-ins" value=custom_days errors
                        kind="number" inputmode="numeric" required=true />
                </Show>
            </div>
            <TextField id="partner-phone" label="Phone" value=phone errors kind="tel" autocomplete="tel" />
            <TextField id="partner-address" label="Address" value=address errors autocomplete="street-address" />
            <TextField id="partner-tags" label="Tags" value=tags errors hint="Separate tags with commas, e.g. north county, discharge" />
            <TextArea id="partner-notes" label="Notes" value=notes errors
                hint="About the relationship only; never participants' health details." />
            <div class="actions">
                <button type="submit" class="primary" disabled=move || save.pending().get()>
                    {if existing.is_some() { "Save changes" } else { "Save partner" }}
                </button>
                <a class="button" href=back>"Cancel"</a>
            </div>
        </form>
    }
}
