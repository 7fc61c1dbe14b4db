//! The referral log: who referred whom, when, and where each referral stands.

use leptos::prelude::*;
use shared::network::ReferralQuery;
use shared::{Code, PartnerId, ReferralStatus};

use super::{PAGE, query_id};
use crate::components::{FilterSelect, ListCount, ShowMore, StatusBadge};
use crate::format;
use crate::state::use_app;

#[component]
pub fn ReferralLog() -> impl IntoView {
    let app = use_app();
    let partner = RwSignal::new(query_id::<PartnerId>("partner"));
    let status = RwSignal::new(None::<ReferralStatus>);
    let open_only = RwSignal::new(false);
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let partner_text = RwSignal::new(String::new());
    let shown = RwSignal::new(PAGE);
    let partner_name = Memo::new(move |_| {
        partner.get().and_then(|p| app.network.with(|n| n.partner(p).map(|p| p.name.clone())))
    });
    let rows = Memo::new(move |_| {
        let query = ReferralQuery {
            status: status.get(),
            open_only: open_only.get(),
            partner: partner.get(),
            from: from.get().parse().ok(),
            to: to.get().parse().ok(),
            text: text.get(),
            partner_text: partner_text.get(),
        };
        app.network.with(|n| n.referral_log(&query))
    });
    let new_href = move || match partner.get() {
        Some(p) => format!("/referrals/new?partner={p}"),
        None => "/referrals/new".into(),
    };

    view! {
        <div class="screen-head">
            <h1>"Referrals"</h1>
            <a class="button primary" href=new_href>"Add referral"</a>
        </div>
        <Show when=move || partner_name.get().is_some()>
            <p class="filter-note">
                {move || format!("From {}", partner_name.get().unwrap_or_default())}
                " "
                <button type="button" class="link" on:click=move |_| partner.set(None)>"Show all partners"</button>
            </p>
        </Show>
        <div class="filters" role="search" aria-label="Filter referrals">
            <div class="filter grow">
                <label for="referral-search">"Participant"</label>
                <input id="referral-search" type="search" placeholder="Name or initials" bind:value=text />
            </div>
            <div class="filter grow">
                <label for="referral-partner-search">"Referring partner"</label>
                <input id="referral-partner-search" type="search" placeholder="Partner name" bind:value=partner_text />
            </div>
            <FilterSelect id="filter-status" label="Status" all_label="Any status" value=status />
            <div class="filter">
                <label for="filter-from">"Received from"</label>
                <input id="filter-from" type="date" bind:value=from />
            </div>
            <div class="filter">
                <label for="filter-to">"Received to"</label>
                <input id="filter-to" type="date" bind:value=to />
            </div>
            <div class="filter check">
                <input id="open-only" type="checkbox" bind:checked=open_only />
                <label for="open-only">"Open only"</label>
            </div>
        </div>
        <ListCount total=Signal::derive(move || rows.with(Vec::len)) shown one="referral" many="referrals"
            empty="No referrals match." />
        <ul class="rows" aria-label="Referrals">
            <For each=move || rows.with(|r| r.iter().take(shown.get()).cloned().collect::<Vec<_>>())
                key=|r| (r.id, r.status, r.participant.clone(), r.partner_name.clone(), r.received_on)
                let(r)>
                <li>
                    <a class="row" href=format!("/referrals/{}", r.id)>
                        <span class="row-main">
                            <span class="row-title">{format!("{} · {}", r.participant, r.partner_name)}</span>
                            <span class="row-sub">
                                {format!("Received {}", format::day(r.received_on))}
                                {r.contact_name.clone().map(|c| format!(" from {c}"))}
                                {format!(" · {}", r.services.iter().map(|s| s.label()).collect::<Vec<_>>().join(", "))}
                            </span>
                        </span>
                        <span class="row-side">
                            <StatusBadge status=r.status />
                            <span class="row-sub">{format!("since {}", format::day(r.status_since))}</span>
                        </span>
                    </a>
                </li>
            </For>
        </ul>
        <ShowMore total=Signal::derive(move || rows.with(Vec::len)) shown step=PAGE label=format!("Show {PAGE} more") />
    }
}
