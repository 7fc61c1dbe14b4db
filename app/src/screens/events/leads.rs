//! Triage of an event's leads: each with its likely duplicates first, and one tap to link it to
//! an existing contact, create a new contact (and partner), convert a potential participant to a
//! referral, or discard it (with Undo). The rules are `shared::workflow::leads`.

use std::collections::HashMap;

use chrono::Utc;
use leptos::prelude::*;
use shared::network::duplicates::{Because, DuplicateIndex, Existing};
use shared::workflow::leads::{
    TriageError, convert_to_referral, create_contact, discard, link, triage_matches,
};
use shared::{
    Code, ContactId, EventId, Lead, LeadId, LeadOutcome, LeadTriage, PartnerId, ReferralId,
    ReferralNetwork,
};

use super::super::{RecordMissing, param_id};
use crate::state::{AppState, use_app};

/// One offered duplicate, as the buttons word it.
#[derive(Clone, PartialEq)]
struct Offer {
    existing: Existing,
    label: String,
    why: String,
}

#[component]
pub fn LeadsPage() -> impl IntoView {
    let app = use_app();
    let id = param_id::<EventId>();
    let found = Memo::new(move |_| {
        id.get().and_then(|id| {
            app.network.with(|n| n.relations.events.get(&id).map(|e| (e.id, e.title.clone())))
        })
    });
    move || match found.get() {
        Some((id, title)) => view! { <Leads id title /> }.into_any(),
        None => view! { <RecordMissing what="Event" /> }.into_any(),
    }
}

#[component]
fn Leads(id: EventId, title: String) -> impl IntoView {
    let app = use_app();
    let leads = Memo::new(move |_| {
        app.network.with(|n| n.relations.leads_of(id).into_iter().cloned().collect::<Vec<_>>())
    });
    // The index is built once per change of the directory, then each lead is one look-up.
    let offers = Memo::new(move |_| {
        app.network.with(|n| {
            let index = DuplicateIndex::new(n);
            let all = leads.get();
            let refs: Vec<&Lead> = all.iter().collect();
            triage_matches(&index, &refs)
                .into_iter()
                .map(|(lead, found)| {
                    (lead, found.iter().filter_map(|d| offer(n, d.existing, &d.because)).collect())
                })
                .collect::<HashMap<LeadId, Vec<Offer>>>()
        })
    });
    let open = move || leads.with(|l| l.iter().filter(|l| l.triage == LeadTriage::Open).count());
    let problem = RwSignal::new(None::<String>);
    let before_discard = RwSignal::new(HashMap::<LeadId, Lead>::new());
    view! {
        <p class="breadcrumb"><a href=format!("/events/{id}")>{title.clone()}</a></p>
        <div class="screen-head">
            <h1>"Leads to triage"</h1>
            <a class="button" href=format!("/events/{id}/capture")>"Capture more"</a>
        </div>
        <p class="hint" role="status">{move || format!("{} · {} open", crate::format::count(leads.with(Vec::len), "lead", "leads"), open())}</p>
        {move || problem.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
        <ul class="rows leads" aria-label="Leads">
            <For each=move || leads.get() key=|l| (l.id, l.triage, l.information_sent) let(lead)>
                {
                    let lead_id = lead.id;
                    let found = Signal::derive(move || offers.with(|o| o.get(&lead_id).cloned().unwrap_or_default()));
                    view! { <LeadRow lead event=id offers=found problem before_discard /> }
                }
            </For>
        </ul>
    }
}

/// An offered record, named the way staff know it.
fn offer(n: &ReferralNetwork, existing: Existing, because: &[Because]) -> Option<Offer> {
    let why: Vec<String> = because
        .iter()
        .map(|b| match b {
            Because::SameEmail => "same email".to_string(),
            Because::SamePhone => "same phone".to_string(),
            Because::SameName => "same name".to_string(),
            Because::AtSimilarOrganization => "at a similar organization".to_string(),
            Because::SimilarName(p) => format!("organization name {p}% alike"),
        })
        .collect();
    match existing {
        Existing::Contact(c) => {
            let c = n.contact(c)?;
            let at = n.partner(c.partner_id).map(|p| p.name.clone()).unwrap_or_default();
            Some(Offer { existing, label: format!("{} ({at})", c.name), why: why.join(", ") })
        }
        Existing::Partner(p) => {
            let p = n.partner(p)?;
            Some(Offer { existing, label: p.name.clone(), why: why.join(", ") })
        }
    }
}

/// What a tap asks for.
#[derive(Clone)]
enum Tap {
    Link(ContactId),
    NewContact(Option<PartnerId>),
    Referral(PartnerId),
    Discard,
    Undo(Box<Lead>),
    InformationSent,
}

/// Writes what one tap decided: the related records first, the lead last, so a lead never
/// points at a record that was not saved.
async fn apply(app: AppState, lead: Lead, tap: Tap) -> Result<(), String> {
    let today = app.day.get_untracked();
    let now = Utc::now();
    let err = |e: TriageError| e.to_string();
    let edited = match tap {
        Tap::Link(contact) => link(&lead, contact, today).map_err(err)?,
        Tap::NewContact(at) => {
            let made = create_contact(
                &lead,
                at,
                (ContactId::generate(now), PartnerId::generate(now)),
                today,
            )
            .map_err(err)?;
            if let Some(p) = made.partner {
                app.save(p).await.map_err(|e| e.to_string())?;
            }
            app.save(made.contact).await.map_err(|e| e.to_string())?;
            made.lead
        }
        Tap::Referral(partner) => {
            let (edited, referral) =
                convert_to_referral(&lead, partner, ReferralId::generate(now), today, now)
                    .map_err(err)?;
            app.save(referral).await.map_err(|e| e.to_string())?;
            edited
        }
        Tap::Discard => discard(&lead, today).map_err(err)?,
        Tap::Undo(original) => *original,
        Tap::InformationSent => Lead { information_sent: true, ..lead.clone() },
    };
    app.save_edit(lead, edited).await.map_err(|e| e.to_string())
}

#[component]
fn LeadRow(
    lead: Lead,
    event: EventId,
    offers: Signal<Vec<Offer>>,
    problem: RwSignal<Option<String>>,
    before_discard: RwSignal<HashMap<LeadId, Lead>>,
) -> impl IntoView {
    let app = use_app();
    let shown = StoredValue::new(lead.clone());
    let act = Action::new_local(move |tap: &Tap| {
        let (tap, lead) = (tap.clone(), shown.get_value());
        async move {
            if matches!(tap, Tap::Discard) {
                before_discard.update(|m| {
                    m.insert(lead.id, lead.clone());
                });
            }
            problem.set(apply(app, lead, tap).await.err());
        }
    });
    let details: Vec<String> = [&lead.organization, &lead.role, &lead.phone, &lead.email]
        .into_iter()
        .filter(|s| !s.is_empty())
        .cloned()
        .chain(lead.interests.iter().map(|i| i.label().to_string()))
        .collect();
    let name = lead.name.clone();
    let outcome = outcome_text(app, &lead);
    let participant = lead.is_potential_participant();
    let owes =
        matches!(lead.triage, LeadTriage::Linked | LeadTriage::Created) && !lead.information_sent;
    let id = lead.id;
    view! {
        <li class="row static lead" class:done=lead.triage != LeadTriage::Open>
            <span class="row-main">
                <span class="row-title">{lead.name.clone()}</span>
                <span class="row-sub">{details.join(" · ")}</span>
                {(!lead.note.is_empty()).then(|| view! { <span class="row-sub">{format!("Note: {}", lead.note)}</span> })}
                {outcome.map(|o| view! { <span class="row-sub lead-outcome">{o}</span> })}
            </span>
            <span class="row-actions lead-actions" role="group" aria-label=format!("{name}: triage")>
                {match lead.triage {
                    LeadTriage::Open if participant => view! { <ConvertToReferral event lead=id act /> }.into_any(),
                    LeadTriage::Open => view! {
                        <For each=move || offers.get() key=|o| o.existing let(o)>
                            {match o.existing {
                                Existing::Contact(c) => view! {
                                    <button type="button" class="primary" title=o.why.clone()
                                        on:click=move |_| { act.dispatch_local(Tap::Link(c)); }>{format!("Link to {}", o.label)}</button>
                                }.into_any(),
                                Existing::Partner(p) => view! {
                                    <button type="button" title=o.why.clone()
                                        on:click=move |_| { act.dispatch_local(Tap::NewContact(Some(p))); }>{format!("New contact at {}", o.label)}</button>
                                }.into_any(),
                            }}
                        </For>
                        <button type="button" on:click=move |_| { act.dispatch_local(Tap::NewContact(None)); }>"New contact"</button>
                        <button type="button" class="danger" on:click=move |_| { act.dispatch_local(Tap::Discard); }>"Discard"</button>
                    }.into_any(),
                    LeadTriage::Discarded => view! {
                        {move || before_discard.with(|m| m.get(&id).cloned()).map(|original| view! {
                            <button type="button" on:click=move |_| { act.dispatch_local(Tap::Undo(Box::new(original.clone()))); }>"Undo"</button>
                        })}
                    }.into_any(),
                    _ if owes => view! {
                        <button type="button" on:click=move |_| { act.dispatch_local(Tap::InformationSent); }>"Mark information sent"</button>
                    }.into_any(),
                    _ => ().into_any(),
                }}
            </span>
        </li>
    }
}

/// Done leads say what became of them.
fn outcome_text(app: AppState, lead: &Lead) -> Option<String> {
    app.network.with_untracked(|n| {
        let contact = |c: ContactId| n.contact(c).map(|c| c.name.clone()).unwrap_or_default();
        match lead.outcome() {
            LeadOutcome::Open => None,
            LeadOutcome::Linked(c) => Some(format!("Linked to {}", contact(c))),
            LeadOutcome::Created { contact: c, partner } => Some(match partner {
                Some(_) => format!("New contact {} and new partner", contact(c)),
                None => format!("New contact {}", contact(c)),
            }),
            LeadOutcome::Referral(_) => Some("Converted to a referral".into()),
            LeadOutcome::Discarded => Some("Discarded".into()),
        }
        .map(|s| if lead.information_sent { format!("{s} · information sent") } else { s })
    })
}

/// A potential participant becomes a referral received through a partner: the event's first
/// co-host unless staff choose another.
#[component]
fn ConvertToReferral(event: EventId, lead: LeadId, act: Action<Tap, ()>) -> impl IntoView {
    let app = use_app();
    let partners = app.network.with_untracked(|n| {
        let hosts = n.relations.events.get(&event).map(|e| e.co_hosts.clone()).unwrap_or_default();
        let mut rest: Vec<(String, PartnerId)> = n
            .partners()
            .filter(|p| !p.archived && !hosts.contains(&p.id))
            .map(|p| (p.name.clone(), p.id))
            .collect();
        rest.sort();
        let mut v: Vec<(String, PartnerId)> =
            hosts.iter().filter_map(|h| n.partner(*h)).map(|p| (p.name.clone(), p.id)).collect();
        v.extend(rest);
        v
    });
    let chosen = RwSignal::new(partners.first().map(|(_, id)| *id));
    let select_id = format!("referral-through-{lead}");
    view! {
        <label for=select_id.clone() class="inline-label">"Referred through"</label>
        <select id=select_id on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())>
            {partners.into_iter().map(|(n, id)| view! { <option value=id.to_string()>{n}</option> }).collect_view()}
        </select>
        <button type="button" class="primary" disabled=move || chosen.get().is_none()
            on:click=move |_| { if let Some(p) = chosen.get_untracked() { act.dispatch_local(Tap::Referral(p)); } }>"Convert to referral"</button>
    }
}
