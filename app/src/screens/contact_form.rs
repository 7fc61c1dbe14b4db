//! Add or edit a contact at a partner.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::input::ContactInput;
use shared::validation::ValidationErrors;
use shared::{Contact, ContactId, PartnerId};

use super::{RecordMissing, param_id};
use crate::components::{CodeSelect, ErrorSummary, TextField};
use crate::state::use_app;

#[component]
pub fn NewContact() -> impl IntoView {
    let app = use_app();
    let partner = param_id::<PartnerId>();
    move || match partner.get().filter(|p| app.network.with_untracked(|n| n.partner(*p).is_some()))
    {
        Some(p) => view! { <ContactForm partner=p existing=None /> }.into_any(),
        None => view! { <RecordMissing what="Partner" /> }.into_any(),
    }
}

#[component]
pub fn EditContact() -> impl IntoView {
    let app = use_app();
    let id = param_id::<ContactId>();
    let existing =
        Memo::new(move |_| id.get().and_then(|id| app.network.with(|n| n.contact(id).cloned())));
    let found = Memo::new(move |_| existing.with(|c| c.as_ref().map(|c| c.id)));
    move || match existing.get_untracked().filter(|_| found.get().is_some()) {
        Some(c) => view! { <ContactForm partner=c.partner_id existing=Some(c) /> }.into_any(),
        None => view! { <RecordMissing what="Contact" /> }.into_any(),
    }
}

#[component]
fn ContactForm(partner: PartnerId, existing: Option<Contact>) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let start = existing.as_ref().map(ContactInput::from_contact).unwrap_or_default();
    let name = RwSignal::new(start.name);
    let role = RwSignal::new(start.role);
    let email = RwSignal::new(start.email);
    let phone = RwSignal::new(start.phone);
    let preferred = RwSignal::new(start.preferred_channel);
    let errors = RwSignal::new(None::<ValidationErrors>);
    let save_error = RwSignal::new(None::<String>);
    let opened = StoredValue::new(existing.clone());
    let (id, archived) = match &existing {
        Some(c) => (c.id, c.archived),
        None => (ContactId::generate(chrono::Utc::now()), false),
    };
    let partner_name = app
        .network
        .with_untracked(|n| n.partner(partner).map(|p| p.name.clone()))
        .unwrap_or_default();
    let back = format!("/partners/{partner}");

    let save = Action::new_local(move |contact: &Contact| {
        let (contact, navigate) = (contact.clone(), navigate.clone());
        async move {
            let saved = match opened.get_value() {
                Some(base) => app.save_edit(base, contact).await,
                None => app.save(contact).await,
            };
            match saved {
                Ok(()) => navigate(&format!("/partners/{partner}"), Default::default()),
                Err(m) => save_error.set(Some(m.to_string())),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = ContactInput {
            partner_id: Some(partner),
            name: name.get_untracked(),
            role: role.get_untracked(),
            email: email.get_untracked(),
            phone: phone.get_untracked(),
            preferred_channel: preferred.get_untracked(),
        };
        match input.validate(id, archived) {
            Err(e) => {
                save_error.set(None);
                errors.set(Some(e));
            }
            Ok(contact) => {
                errors.set(None);
                save.dispatch_local(contact);
            }
        }
    };

    view! {
        <p class="breadcrumb"><a href=back.clone()>{partner_name.clone()}</a></p>
        <h1>{if existing.is_some() { "Edit contact".to_string() } else { format!("Add a contact at {partner_name}") }}</h1>
        <form class="card form" novalidate on:submit=submit>
            <ErrorSummary errors save_error />
            <TextField id="contact-name" label="Name" value=name errors required=true autocomplete="name" />
            <div class="two">
                <CodeSelect id="contact-role" label="Role" value=role errors />
                <CodeSelect id="contact-preferred" label="Prefers to hear from us by" value=preferred errors />
            </div>
            <div class="two">
                <TextField id="contact-phone" label="Phone" value=phone errors kind="tel" autocomplete="tel" />
                <TextField id="contact-email" label="Email" value=email errors kind="email" autocomplete="email" />
            </div>
            <div class="actions">
                <button type="submit" class="primary" disabled=move || save.pending().get()>"Save contact"</button>
                <a class="button" href=back>"Cancel"</a>
            </div>
        </form>
    }
}
