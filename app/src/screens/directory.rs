//! The partner directory: who we work with and who needs a check-in.

use leptos::prelude::*;
use shared::network::{DirectoryQuery, DirectorySort};
use shared::workflow::health::{AT_RISK_BELOW, all_partners, scores};
use shared::{Code, PartnerKind, PartnerTier};

use super::PAGE;
use crate::components::{CadenceBadge, FilterSelect, ListCount, ShowMore};
use crate::format;
use crate::state::use_app;

#[component]
pub fn Directory() -> impl IntoView {
    let app = use_app();
    let text = RwSignal::new(String::new());
    let kind = RwSignal::new(None::<PartnerKind>);
    let tier = RwSignal::new(None::<PartnerTier>);
    let sort = RwSignal::new(DirectorySort::default());
    let show_archived = RwSignal::new(false);
    let shown = RwSignal::new(PAGE);

    // Scoring every partner is the costly part, so it is kept apart from the query (typing a
    // search does not rescore) and waits for the list's first paint. Skipped while older
    // months load, when the scores would be wrong.
    let painted = RwSignal::new(false);
    crate::clock::after_next_paint(move || {
        let _ = painted.try_set(true);
    });
    let health = Memo::new(move |_| {
        if !painted.get() || !app.history.with(|h| h.done()) {
            return Default::default();
        }
        let day = app.day.get();
        app.network.with(|n| scores(&all_partners(n, day, &chrono::Local)))
    });
    let rows = Memo::new(move |_| {
        let query = DirectoryQuery {
            text: text.get(),
            kind: kind.get(),
            tier: tier.get(),
            show_archived: show_archived.get(),
            sort: sort.get(),
        };
        let day = app.day.get();
        health
            .with(|h| app.network.with(|n| n.directory_with_health(&query, day, &chrono::Local, h)))
    });
    let empty = Memo::new(move |_| app.network.with(|n| n.is_empty()));

    view! {
        <div class="screen-head">
            <h1>"Partners"</h1>
            <div class="actions">
                <a class="button" href="/reports">"Reports"</a>
                <a class="button" href="/recognition">"Top referral sources"</a>
                <a class="button" href="/settings/import">"Import"</a>
                <a class="button primary" href="/partners/new">"Add partner"</a>
            </div>
        </div>
        <Show when=move || !empty.get() fallback=|| view! { <FirstRun /> }>
            <div class="filters" role="search" aria-label="Find partners">
                <div class="filter grow">
                    <label for="partner-search">"Search"</label>
                    <input id="partner-search" type="search" placeholder="Name, place, tag or contact"
                        bind:value=text on:input=move |_| shown.set(PAGE) />
                </div>
                <FilterSelect id="filter-kind" label="Kind" all_label="All kinds" value=kind />
                <FilterSelect id="filter-tier" label="Tier" all_label="All tiers" value=tier />
                <div class="filter">
                    <label for="partner-sort">"Sort"</label>
                    <select id="partner-sort" on:change=move |ev| {
                        let code = event_target_value(&ev);
                        if let Some((s, _, _)) = DirectorySort::ALL.iter().find(|(_, c, _)| *c == code) { sort.set(*s) }
                    }>
                        {DirectorySort::ALL.iter().map(|&(s, code, label)| view! {
                            <option value=code selected=move || sort.get() == s>{label}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="filter check">
                    <input id="show-archived" type="checkbox" bind:checked=show_archived />
                    <label for="show-archived">"Show archived"</label>
                </div>
            </div>
            <ListCount total=Signal::derive(move || rows.with(Vec::len)) shown one="partner" many="partners"
                empty="No partners match. Clear the search or filters." />
            <ul class="rows" aria-label="Partners">
                <For
                    each=move || rows.with(|r| r.iter().take(shown.get()).cloned().collect::<Vec<_>>())
                    key=|row| (row.id, row.last_touch, row.status, row.name.clone(), row.open_referrals, row.archived, row.health)
                    let(row)
                >
                    <li>
                        <a class="row" href=format!("/partners/{}", row.id)>
                            <span class="row-main">
                                <span class="row-title">{row.name.clone()}</span>
                                <span class="row-sub">
                                    {format!("{} · {}", row.kind.label(), row.tier.label())}
                                    {row.archived.then_some(" · Archived")}
                                </span>
                            </span>
                            <span class="row-side">
                                <span class="row-badges">
                                    <CadenceBadge status=row.status />
                                    {row.health.map(|s| view! {
                                        <span class=if s < AT_RISK_BELOW { "badge overdue health-score" } else { "badge quiet health-score" }>
                                            {format!("Health {s}")}
                                        </span>
                                    })}
                                </span>
                                <span class="row-sub">
                                    {match row.last_touch {
                                        Some(d) => format!("Last touch {}", format::days_ago(d, app.day.get_untracked())),
                                        None => "No touches logged".into(),
                                    }}
                                    {(row.open_referrals > 0).then(|| format!(" · {} open", format::count(row.open_referrals, "referral", "referrals")))}
                                </span>
                            </span>
                        </a>
                    </li>
                </For>
            </ul>
            <ShowMore total=Signal::derive(move || rows.with(Vec::len)) shown step=PAGE label=format!("Show {PAGE} more") />
        </Show>
    }
}

/// The empty directory: say what to do first, and offer the sample agency.
#[component]
fn FirstRun() -> impl IntoView {
    view! {
        <section class="card empty-state">
            <h2>"No partners yet"</h2>
            <p>"Start with the hospitals, physician practices, case-management agencies and community organizations that refer participants to you. Then log each visit, call or thank-you so Rapport can tell you who is due a check-in."</p>
            <div class="actions">
                <a class="button primary" href="/partners/new">"Add your first partner"</a>
                <a class="button" href="/settings/data#sample">"Try a sample agency"</a>
                <a class="button" href="/settings/import">"Import a spreadsheet"</a>
            </div>
            <p class="hint">"Everything you enter is saved on this tablet at once and works without a connection."</p>
        </section>
    }
}
