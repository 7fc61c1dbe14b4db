//! Record a new referral, or correct one.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::input::ReferralInput;
use shared::validation::ValidationErrors;
use shared::{Code, PartnerId, Referral, ReferralId, Service};

use super::{RecordMissing, param_id, query_id};
use crate::components::{CodeSelect, ErrorSummary, Select, TextField};
use crate::state::use_app;

/// Where Back and Cancel lead: the screen the person came from.
#[derive(Clone)]
struct CameFrom {
    href: String,
    label: String,
}

#[component]
pub fn NewReferral() -> impl IntoView {
    let app = use_app();
    let preset = query_id::<PartnerId>("partner");
    let from_partner = query_id::<String>("from").is_some_and(|f| f == "partner");
    let back = match preset.filter(|_| from_partner) {
        Some(p) => CameFrom {
            href: format!("/partners/{p}"),
            label: app.network.with_untracked(|n| {
                n.partner(p).map_or_else(|| "Partner".to_string(), |p| p.name.clone())
            }),
        },
        None => CameFrom { href: "/referrals".into(), label: "Referrals".into() },
    };
    view! { <ReferralForm existing=None preset back /> }
}

#[component]
pub fn EditReferral() -> impl IntoView {
    let app = use_app();
    let id = param_id::<ReferralId>();
    let existing =
        Memo::new(move |_| id.get().and_then(|id| app.network.with(|n| n.referral(id).cloned())));
    let found = Memo::new(move |_| existing.with(|r| r.as_ref().map(|r| r.id)));
    move || match found.get() {
        Some(_) => {
            let back = CameFrom {
                href: found
                    .get_untracked()
                    .map(|id| format!("/referrals/{id}"))
                    .unwrap_or_default(),
                label: "Referral".into(),
            };
            view! { <ReferralForm existing=existing.get_untracked() preset=None back /> }.into_any()
        }
        None => view! { <RecordMissing what="Referral" /> }.into_any(),
    }
}

#[component]
fn ReferralForm(
    existing: Option<Referral>,
    preset: Option<PartnerId>,
    back: CameFrom,
) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let start =
        existing.as_ref().map(ReferralInput::from_referral).unwrap_or_else(|| ReferralInput {
            partner_id: preset,
            received_on: app.day.get_untracked().to_string(),
            ..Default::default()
        });
    let partner = RwSignal::new(start.partner_id.map(|p| p.to_string()).unwrap_or_default());
    let contact = RwSignal::new(start.contact_id.map(|c| c.to_string()).unwrap_or_default());
    let received_on = RwSignal::new(start.received_on);
    let participant = RwSignal::new(start.participant);
    let waiver = RwSignal::new(start.waiver_program);
    let services = RwSignal::new(start.services);
    let consent = RwSignal::new(start.consent);
    let errors = RwSignal::new(None::<ValidationErrors>);
    let save_error = RwSignal::new(None::<String>);
    let id = existing.as_ref().map_or_else(|| ReferralId::generate(chrono::Utc::now()), |r| r.id);

    let partner_options = Memo::new(move |_| {
        let mut v: Vec<(String, String)> = app.network.with(|n| {
            n.partners()
                .filter(|p| !p.archived || Some(p.id.to_string()) == Some(partner.get_untracked()))
                .map(|p| (p.id.to_string(), p.name.clone()))
                .collect()
        });
        v.sort_by_key(|(_, name)| name.to_lowercase());
        v.insert(0, (String::new(), "Choose a partner…".into()));
        v
    });
    let contact_options = Memo::new(move |_| {
        let mut v = vec![(String::new(), "Not recorded".to_string())];
        if let Ok(p) = partner.get().parse::<PartnerId>() {
            app.network.with(|n| {
                v.extend(
                    n.contacts_of(p)
                        .into_iter()
                        .map(|c| (c.id.to_string(), format!("{} ({})", c.name, c.role.label()))),
                )
            });
        }
        v
    });

    let is_edit = existing.is_some();
    let save = Action::new_local(move |referral: &Referral| {
        let (referral, navigate) = (referral.clone(), navigate.clone());
        async move {
            match app.save(referral).await {
                Ok(()) => navigate(&format!("/referrals/{id}"), Default::default()),
                Err(m) => save_error.set(Some(m.to_string())),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let contact_id = contact.get_untracked().parse().ok();
        let input = ReferralInput {
            partner_id: partner.get_untracked().parse().ok(),
            contact_id,
            received_on: received_on.get_untracked(),
            participant: participant.get_untracked(),
            waiver_program: waiver.get_untracked(),
            services: services.get_untracked(),
            consent: consent.get_untracked(),
        };
        let contact_partner = contact_id
            .and_then(|c| app.network.with_untracked(|n| n.contact(c).map(|c| c.partner_id)));
        match input.validate(
            id,
            existing.as_ref(),
            contact_partner,
            app.day.get_untracked(),
            chrono::Utc::now(),
        ) {
            Err(e) => {
                save_error.set(None);
                errors.set(Some(e));
            }
            Ok(referral) => {
                errors.set(None);
                save.dispatch_local(referral);
            }
        }
    };
    let service_error =
        move || errors.with(|e| e.as_ref().and_then(|e| e.for_field("referral-services")));

    view! {
        <p class="breadcrumb"><a href=back.href.clone()>{back.label}</a></p>
        <h1>{if is_edit { "Edit referral" } else { "Record a referral" }}</h1>
        <form class="card form" novalidate on:submit=submit>
            <ErrorSummary errors save_error />
            <Select id="referral-partner" label="Referring partner" options=partner_options value=partner errors required=true />
            <Select id="referral-contact" label="Referring contact" options=contact_options value=contact errors />
            <TextField id="referral-received" label="Date received" value=received_on errors kind="date" required=true />
            <TextField id="referral-participant" label="Participant" value=participant errors required=true
                hint="Name or initials as the referrer gave them. Record only what you need; no diagnoses." />
            <TextField id="referral-waiver" label="Waiver program (optional)" value=waiver errors />
            <fieldset class="field" id="referral-services" tabindex="-1"
                aria-describedby=move || service_error().map(|_| "referral-services-error")
                aria-invalid=move || service_error().map(|_| "true")>
                <legend>"Services requested"<span class="required">" (required)"</span></legend>
                <div class="checks">
                    {Service::ALL.iter().map(|&s| {
                        let box_id = format!("service-{}", s.code());
                        view! {
                            <div class="check">
                                <input type="checkbox" id=box_id.clone()
                                    prop:checked=move || services.with(|v| v.contains(&s))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        services.update(|v| { v.retain(|x| *x != s); if on { v.push(s) } });
                                    } />
                                <label for=box_id>{s.label()}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
                <Show when=move || service_error().is_some()>
                    <p class="error" id="referral-services-error">{service_error}</p>
                </Show>
            </fieldset>
            <CodeSelect id="referral-consent" label="What the participant agreed we may tell the referrer" value=consent errors
                hint="Messages to the referrer include no more than this. Ask the participant; until then, choose “Nothing”." />
            <div class="actions">
                <button type="submit" class="primary" disabled=move || save.pending().get()>"Save referral"</button>
                <a class="button" href=back.href>"Cancel"</a>
            </div>
        </form>
    }
}
