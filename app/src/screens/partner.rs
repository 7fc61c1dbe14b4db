//! One partner: how we stand with them, their people, their referrals, and every touch.

use leptos::prelude::*;
use shared::cadence::cadence_status;
use shared::{Code, Partner, PartnerId, Touchpoint};

use super::appreciation::Appreciation;
use super::partner_health::PartnerHealthCard;
use super::partner_relations::Reviews;
use super::{PAGE, RecordMissing, param_id};
use crate::components::{CadenceBadge, EditedOnTwoTablets, QuickLog, StatusBadge};
use crate::format;
use crate::state::use_app;

#[component]
pub fn PartnerPage() -> impl IntoView {
    let app = use_app();
    let id = param_id::<PartnerId>();
    let partner =
        Memo::new(move |_| id.get().and_then(|id| app.network.with(|n| n.partner(id).cloned())));
    // Keyed on the id only, so background loading never resets a half-typed quick log.
    let found = Memo::new(move |_| partner.with(|p| p.as_ref().map(|p| p.id)));
    move || match found.get() {
        Some(id) => view! { <PartnerDetail id partner /> }.into_any(),
        None => view! { <RecordMissing what="Partner" /> }.into_any(),
    }
}

#[component]
fn PartnerDetail(id: PartnerId, partner: Memo<Option<Partner>>) -> impl IntoView {
    let app = use_app();
    let field = move |f: fn(&Partner) -> String| {
        move || partner.with(|p| p.as_ref().map(f).unwrap_or_default())
    };
    let archived = move || partner.with(|p| p.as_ref().is_some_and(|p| p.archived));
    let last_touch = Memo::new(move |_| {
        app.network
            .with(|n| n.last_touch(id))
            .map(|at| at.with_timezone(&chrono::Local).date_naive())
    });
    let standing = move || {
        partner.with(|p| {
            p.as_ref().map(|p| cadence_status(p.cadence, last_touch.get(), app.day.get()))
        })
    };
    let archive_error = RwSignal::new(None::<String>);
    let toggle_archive = move |_| {
        let Some(base) = partner.get_untracked() else { return };
        let p = Partner { archived: !base.archived, ..base.clone() };
        leptos::task::spawn_local(async move {
            archive_error.set(app.save_edit(base, p).await.err().map(|e| e.to_string()));
        });
    };

    view! {
        <p class="breadcrumb"><a href="/partners">"Partners"</a></p>
        <div class="screen-head">
            <div>
                <h1>{field(|p| p.name.clone())}</h1>
                <p class="sub">
                    {field(|p| format!("{} · {}", p.kind.label(), p.tier.label()))}
                    {move || archived().then_some(" · Archived")}
                </p>
            </div>
            <div class="actions">
                <a class="button" href=format!("/partners/{id}/edit")>"Edit partner"</a>
                <button type="button" on:click=toggle_archive>
                    {move || if archived() { "Restore partner" } else { "Archive partner" }}
                </button>
            </div>
        </div>
        <EditedOnTwoTablets record=partner />
        {move || archive_error.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
        // Two columns where the width allows: the record on the left, its history on the right.
        <div class="record-columns">
            <div class="record-main">
                <section class="card standing" aria-labelledby="standing-title">
                    <h2 id="standing-title">"Check-in"</h2>
                    <p>{move || standing().map(|s| view! { <CadenceBadge status=s /> })}</p>
                    <dl class="facts">
                        <dt>"Last touch"</dt>
                        <dd>{move || match last_touch.get() {
                            Some(d) => format!("{} ({})", format::day(d), format::days_ago(d, app.day.get())),
                            None => "None logged yet".into(),
                        }}</dd>
                        <dt>"Cadence"</dt><dd>{field(|p| p.cadence.label())}</dd>
                        <dt>"Phone"</dt>
                        <dd>{move || partner.with(|p| p.as_ref().map(|p| p.phone.clone())).filter(|s| !s.is_empty())
                            .map(|ph| view! { <a href=format!("tel:{ph}")>{ph.clone()}</a> }.into_any())
                            .unwrap_or_else(|| "Not recorded".into_any())}</dd>
                        <dt>"Address"</dt><dd>{field(|p| if p.address.is_empty() { "Not recorded".into() } else { p.address.clone() })}</dd>
                        <dt>"Tags"</dt><dd>{field(|p| if p.tags.is_empty() { "None".into() } else { p.tags.join(", ") })}</dd>
                    </dl>
                    <Show when=move || partner.with(|p| p.as_ref().is_some_and(|p| !p.notes.is_empty()))>
                        <p class="notes">{field(|p| p.notes.clone())}</p>
                    </Show>
                </section>
                <QuickLog partner=id />
                <PartnerHealthCard id />
                <Contacts id />
                <Reviews id />
                <Appreciation id />
                <super::PartnerEvents id />
            </div>
            <div class="record-side">
                <Timeline id />
                <Referrals id />
            </div>
        </div>
    }
}

#[component]
fn Contacts(id: PartnerId) -> impl IntoView {
    let app = use_app();
    let contacts = Memo::new(move |_| {
        app.network.with(|n| n.contacts_of(id).into_iter().cloned().collect::<Vec<_>>())
    });
    view! {
        <section class="card" aria-labelledby="contacts-title">
            <div class="section-head">
                <h2 id="contacts-title">"Contacts"</h2>
                <a class="button" href=format!("/partners/{id}/contacts/new")>"Add contact"</a>
            </div>
            <Show when=move || contacts.with(|c| !c.is_empty())
                fallback=|| view! { <p class="hint">"No contacts yet. Add the discharge planners, case managers and physicians you work with here."</p> }>
                <ul class="rows" aria-label="Contacts">
                    <For each=move || contacts.get() key=|c| (c.id, c.name.clone(), c.phone.clone(), c.email.clone(), c.role) let(c)>
                        <li class="row static">
                            <span class="row-main">
                                <span class="row-title">{c.name.clone()}</span>
                                <span class="row-sub">{format!("{} · prefers {}", c.role.label(), c.preferred_channel.label().to_lowercase())}</span>
                                <span class="row-sub links">
                                    {(!c.phone.is_empty()).then(|| view! { <a href=format!("tel:{}", c.phone)>{c.phone.clone()}</a> })}
                                    {(!c.email.is_empty()).then(|| view! { <a href=format!("mailto:{}", c.email)>{c.email.clone()}</a> })}
                                </span>
                            </span>
                            <a class="button" href=format!("/contacts/{}/edit", c.id)
                                aria-label=format!("Edit {}", c.name)>"Edit"</a>
                        </li>
                    </For>
                </ul>
            </Show>
        </section>
    }
}

#[component]
fn Referrals(id: PartnerId) -> impl IntoView {
    let app = use_app();
    let referrals = Memo::new(move |_| {
        app.network.with(|n| n.referrals_of(id).into_iter().take(10).cloned().collect::<Vec<_>>())
    });
    let total = Memo::new(move |_| app.network.with(|n| n.referrals_of(id).len()));
    view! {
        <section class="card" aria-labelledby="referrals-title">
            <div class="section-head">
                <h2 id="referrals-title">"Referrals"</h2>
                <a class="button" href=format!("/referrals/new?partner={id}&from=partner")>"Add referral"</a>
            </div>
            <Show when=move || { total.get() > 0 } fallback=|| view! { <p class="hint">"No referrals from this partner yet."</p> }>
                <ul class="rows" aria-label="Referrals from this partner">
                    <For each=move || referrals.get() key=|r| (r.id, r.status(), r.participant.clone()) let(r)>
                        <li>
                            <a class="row" href=format!("/referrals/{}", r.id)>
                                <span class="row-main">
                                    <span class="row-title">{r.participant.clone()}</span>
                                    <span class="row-sub">{format!("Received {}", format::day(r.received_on))}</span>
                                </span>
                                <StatusBadge status=r.status() />
                            </a>
                        </li>
                    </For>
                </ul>
                <a href=format!("/referrals?partner={id}")>{move || format!("See all {} in the referral log", format::count(total.get(), "referral", "referrals"))}</a>
            </Show>
        </section>
    }
}

#[component]
fn Timeline(id: PartnerId) -> impl IntoView {
    let app = use_app();
    let shown = RwSignal::new(PAGE / 2);
    let touches = Memo::new(move |_| {
        app.network.with(|n| {
            n.timeline(id).into_iter().take(shown.get()).cloned().collect::<Vec<Touchpoint>>()
        })
    });
    let total = Memo::new(move |_| app.network.with(|n| n.timeline(id).len()));
    view! {
        <section class="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title">"Touchpoints"</h2>
            <Show when=move || { total.get() > 0 } fallback=|| view! { <p class="hint">"Nothing logged yet. Use “Log a touchpoint” after each visit, call or email."</p> }>
                <ol class="timeline" aria-label="Touchpoints, newest first">
                    <For each=move || touches.get() key=|t| (t.id, t.at, t.note.clone(), t.channel, t.purpose, t.contact_id) let(t)>
                        <TouchpointItem t />
                    </For>
                </ol>
                <Show when=move || { total.get() > shown.get() }>
                    <button type="button" class="more-rows" on:click=move |_| shown.update(|n| *n += PAGE)>"Show older touchpoints"</button>
                </Show>
            </Show>
        </section>
    }
}

#[component]
pub fn TouchpointItem(t: Touchpoint) -> impl IntoView {
    let app = use_app();
    let contact = t
        .contact_id
        .and_then(|c| app.network.with_untracked(|n| n.contact(c).map(|c| c.name.clone())));
    view! {
        <li class="touch">
            <div class="touch-head">
                <span class="row-title">{format!("{} · {}", t.channel.label(), t.purpose.label())}</span>
                <a class="button small" href=format!("/touchpoints/{}/edit", t.id)
                    aria-label=format!("Edit {} of {}", t.channel.label().to_lowercase(), format::moment(t.at))>"Edit"</a>
            </div>
            <span class="row-sub">
                {format::moment(t.at)}
                {contact.map(|c| format!(" · with {c}"))}
                {format!(" · logged by {}", t.logged_by)}
            </span>
            {(!t.note.is_empty()).then(|| view! { <p class="note">{t.note.clone()}</p> })}
        </li>
    }
}
