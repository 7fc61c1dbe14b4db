//! Who is invited and how each stands. Choosing invitees (by partner kind, tier, contact role
//! or by hand) is `select_invitees` in shared; marking someone attended also logs the touch
//! with their partner, once per partner per event.

use leptos::prelude::*;
use shared::workflow::events::{
    InviteeFilter, attendance_touchpoints, invitation_draft, orphaned_attendance_touchpoints,
    select_invitees,
};
use shared::workflow::messages::mailto_bcc;
use shared::{
    Code, ContactId, ContactRole, Event, EventId, EventMessage, Invitation, InvitationStatus,
    PartnerKind, PartnerTier,
};

use super::when_with_zone;
use crate::state::{AppState, use_app};

/// One invitee as the list shows them.
#[derive(Clone, PartialEq)]
struct Row {
    contact: ContactId,
    name: String,
    partner: String,
    role: &'static str,
    status: InvitationStatus,
}

#[component]
pub fn Invitees(id: EventId, event: Memo<Option<Event>>) -> impl IntoView {
    let app = use_app();
    let rows = Memo::new(move |_| {
        app.network.with(|n| {
            let mut v: Vec<Row> = n
                .relations
                .invitations_to(id)
                .into_iter()
                .filter_map(|i| {
                    let c = n.contact(i.contact_id)?;
                    Some(Row {
                        contact: c.id,
                        name: c.name.clone(),
                        partner: n
                            .partner(c.partner_id)
                            .map(|p| p.name.clone())
                            .unwrap_or_default(),
                        role: c.role.label(),
                        status: i.status,
                    })
                })
                .collect();
            v.sort_by_key(|r| r.name.to_lowercase());
            v
        })
    });
    let problem = RwSignal::new(None::<String>);
    let count =
        move |s: InvitationStatus| rows.with(|r| r.iter().filter(|x| x.status == s).count());
    view! {
        <section class="card" aria-labelledby="invitees-title">
            <h2 id="invitees-title">"Invitees"</h2>
            <p class="hint" role="status">{move || format!("{} invited · {} accepted · {} attended", rows.with(Vec::len), count(InvitationStatus::Accepted), count(InvitationStatus::Attended))}</p>
            {move || problem.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
            <ChooseInvitees id event problem />
            <InvitationDraft event rows />
            <ul class="rows" aria-label="Invitees">
                <For each=move || rows.get() key=|r| (r.contact, r.status) let(r)>
                    <InviteeRow row=r event problem />
                </For>
            </ul>
        </section>
    }
}

/// Saves `status` for one invitee; attendance also writes the partner's touchpoint, and taking
/// the last attendance of a partner back removes it.
async fn set_status(
    app: AppState,
    event: Event,
    contact: ContactId,
    status: InvitationStatus,
) -> Result<(), String> {
    let base =
        app.network.with_untracked(|n| n.relations.invitations.get(&(event.id, contact)).cloned());
    let edited = Invitation { event_id: event.id, contact_id: contact, status };
    match base {
        Some(b) => app.save_edit(b, edited).await,
        None => app.save(edited).await,
    }
    .map_err(|e| e.to_string())?;
    if status == InvitationStatus::Attended {
        let (by, device) = app.settings.with_untracked(|s| (s.logged_by(), s.device_name.clone()));
        let touches =
            app.network.with_untracked(|n| attendance_touchpoints(n, &event, &by, &device));
        for t in touches {
            app.save(t).await.map_err(|e| e.to_string())?;
        }
    } else {
        let orphans = app.network.with_untracked(|n| orphaned_attendance_touchpoints(n, &event));
        if !orphans.is_empty() {
            app.remove(orphans).await.map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

#[component]
fn InviteeRow(
    row: Row,
    event: Memo<Option<Event>>,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let contact = row.contact;
    let choose = Action::new_local(move |status: &InvitationStatus| {
        let status = *status;
        async move {
            let Some(e) = event.get_untracked() else { return };
            problem.set(set_status(app, e, contact, status).await.err());
        }
    });
    let name = row.name.clone();
    view! {
        <li class="row static invitee">
            <span class="row-main">
                <span class="row-title">{row.name.clone()}</span>
                <span class="row-sub">{format!("{} · {}", row.role, row.partner)}</span>
            </span>
            <span class="row-actions segmented-buttons" role="group" aria-label=format!("{name}: invitation")>
                {InvitationStatus::ALL.iter().map(|&s| view! {
                    <button type="button" aria-pressed=(row.status == s).to_string()
                        on:click=move |_| { choose.dispatch_local(s); }>{s.label()}</button>
                }).collect_view()}
            </span>
        </li>
    }
}

/// Whom to invite: ticks for partner kinds, tiers and contact roles (starting from the
/// event's audience), or one contact at a time.
#[component]
fn ChooseInvitees(
    id: EventId,
    event: Memo<Option<Event>>,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let open = RwSignal::new(false);
    let start = event.get_untracked();
    let kinds = RwSignal::new(start.as_ref().map(|e| e.audience_kinds.clone()).unwrap_or_default());
    let roles = RwSignal::new(start.as_ref().map(|e| e.audience_roles.clone()).unwrap_or_default());
    let tiers = RwSignal::new(Vec::<PartnerTier>::new());
    let by_hand = RwSignal::new(Vec::<ContactId>::new());
    let chosen = Memo::new(move |_| {
        let filter = InviteeFilter {
            kinds: kinds.get(),
            tiers: tiers.get(),
            roles: roles.get(),
            by_hand: by_hand.get(),
        };
        app.network.with(|n| {
            select_invitees(n, &filter)
                .into_iter()
                .filter(|c| !n.relations.invitations.contains_key(&(id, *c)))
                .collect::<Vec<_>>()
        })
    });
    let contacts = Memo::new(move |_| {
        app.network.with(|n| {
            let mut v: Vec<(String, ContactId)> = n
                .partners()
                .filter(|p| !p.archived)
                .flat_map(|p| {
                    n.contacts_of(p.id)
                        .into_iter()
                        .filter(|c| !c.archived)
                        .map(|c| (format!("{} ({})", c.name, p.name), c.id))
                        .collect::<Vec<_>>()
                })
                .collect();
            v.sort();
            v
        })
    });
    let invite = Action::new_local(move |ids: &Vec<ContactId>| {
        let ids = ids.clone();
        async move {
            let Some(e) = event.get_untracked() else { return };
            for c in ids {
                if let Err(m) = set_status(app, e.clone(), c, InvitationStatus::Invited).await {
                    problem.set(Some(m));
                    return;
                }
            }
            problem.set(None);
            open.set(false);
            by_hand.set(vec![]);
        }
    });
    view! {
        <div class="actions">
            <button type="button" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>"Choose invitees"</button>
        </div>
        <Show when=move || open.get()>
            <div class="invite-chooser">
                <Ticks legend="Partner kinds" prefix="inv-kind" chosen=kinds all=PartnerKind::ALL />
                <Ticks legend="Partner tiers" prefix="inv-tier" chosen=tiers all=PartnerTier::ALL />
                <Ticks legend="Contact roles" prefix="inv-role" chosen=roles all=ContactRole::ALL />
                <div class="field">
                    <label for="inv-by-hand">"Add someone by hand"</label>
                    <select id="inv-by-hand" on:change=move |ev| {
                        if let Ok(c) = event_target_value(&ev).parse::<ContactId>() { by_hand.update(|v| if !v.contains(&c) { v.push(c) }) }
                    }>
                        <option value="">"Choose a contact"</option>
                        {move || contacts.get().into_iter().map(|(n, c)| view! { <option value=c.to_string()>{n}</option> }).collect_view()}
                    </select>
                </div>
                <div class="actions">
                    <button type="button" class="primary" disabled=move || chosen.with(Vec::is_empty) || invite.pending().get()
                        on:click=move |_| { invite.dispatch_local(chosen.get_untracked()); }>
                        {move || format!("Invite {}", crate::format::count(chosen.with(Vec::len), "contact", "contacts"))}
                    </button>
                </div>
            </div>
        </Show>
    }
}

#[component]
fn Ticks<T: Code + Send + Sync>(
    legend: &'static str,
    prefix: &'static str,
    chosen: RwSignal<Vec<T>>,
    all: &'static [T],
) -> impl IntoView {
    view! {
        <fieldset class="field">
            <legend>{legend}</legend>
            <div class="checks">
                {all.iter().map(|&v| {
                    let box_id = format!("{prefix}-{}", v.code());
                    view! {
                        <div class="check">
                            <input type="checkbox" id=box_id.clone()
                                prop:checked=move || chosen.with(|c| c.contains(&v))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    chosen.update(|c| { c.retain(|x| *x != v); if on { c.push(v) } });
                                } />
                            <label for=box_id>{v.label()}</label>
                        </div>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
}

/// The invitation, drafted and editable, sent as one Bcc message to those not yet answered.
#[component]
fn InvitationDraft(event: Memo<Option<Event>>, rows: Memo<Vec<Row>>) -> impl IntoView {
    let app = use_app();
    let staff = app.settings.with_untracked(|s| s.logged_by());
    let (subject0, body0) = event
        .get_untracked()
        .map(|e| {
            let template =
                app.network.with_untracked(|n| n.policy()).event_template(EventMessage::Invitation);
            invitation_draft(&template, &e, &when_with_zone(&e), &staff)
        })
        .unwrap_or_default();
    let subject = RwSignal::new(subject0);
    let body = RwSignal::new(body0);
    let to = Memo::new(move |_| {
        let pending: Vec<ContactId> = rows.with(|r| {
            r.iter().filter(|x| x.status == InvitationStatus::Invited).map(|x| x.contact).collect()
        });
        app.network.with(|n| {
            pending
                .iter()
                .filter_map(|c| n.contact(*c))
                .map(|c| c.email.clone())
                .filter(|m| !m.is_empty())
                .collect::<Vec<_>>()
        })
    });
    view! {
        <details class="draft">
            <summary>"Invitation email"</summary>
            <div class="field">
                <label for="invite-subject">"Subject"</label>
                <input id="invite-subject" bind:value=subject />
            </div>
            <div class="field">
                <label for="invite-body">"Message"</label>
                <textarea id="invite-body" rows="8" bind:value=body></textarea>
            </div>
            <div class="actions">
                <a class="button primary" href=move || mailto_bcc(&to.get(), &subject.get(), &body.get())
                    aria-disabled=move || to.with(Vec::is_empty).to_string()>
                    {move || format!("Email {} (Bcc)", crate::format::count(to.with(Vec::len), "invitee", "invitees"))}
                </a>
            </div>
            <p class="hint">"One message with every address in Bcc, so invitees do not see each other. Only those still marked “Invited” with an email address are included."</p>
        </details>
    }
}
