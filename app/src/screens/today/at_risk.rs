//! Today's "At risk" card: partners whose health score fell sharply in the last 30 days, each
//! with the score now, the score then and the main reason, linking to the partner page.
//!
//! Scoring every partner twice takes tens of milliseconds over a large agency (BENCHMARKS.md),
//! so it runs after Today's first paint and is kept for the rest of the session until the day
//! turns or records are added or removed.

use std::cell::RefCell;

use chrono::{Local, NaiveDate};
use leptos::prelude::*;
use shared::workflow::health::{AtRisk, at_risk};

use crate::clock::after_next_paint;
use crate::state::use_app;

/// The day and the records' revision the list was computed for.
type Key = (NaiveDate, u64);

thread_local! {
    /// Survives leaving Today, so coming back does not rescore every partner.
    static CACHE: RefCell<Option<(Key, Vec<AtRisk>)>> = const { RefCell::new(None) };
}

fn cached(key: Key) -> Option<Vec<AtRisk>> {
    CACHE.with_borrow(|c| c.as_ref().filter(|(k, _)| *k == key).map(|(_, rows)| rows.clone()))
}

#[component]
pub fn TodayAtRisk() -> impl IntoView {
    let app = use_app();
    // Nothing is judged while older months load: a partial history reads as a sharp fall.
    let current = Memo::new(move |_| {
        app.history.with(|h| h.done()).then(|| (app.day.get(), app.network_revision.get()))
    });
    let rows = RwSignal::new(current.get_untracked().and_then(cached).unwrap_or_default());
    // The one costly computation, deferred past the next paint so Today's agenda shows first.
    Effect::new(move |_| {
        let Some(key) = current.get() else { return };
        if let Some(hit) = cached(key) {
            rows.set(hit);
            return;
        }
        after_next_paint(move || {
            if current.get_untracked() != Some(key) {
                return;
            }
            let list = app.network.with_untracked(|n| at_risk(n, key.0, &Local));
            CACHE.with_borrow_mut(|c| *c = Some((key, list.clone())));
            // Today may have been left meanwhile; the cache still keeps the result.
            let _ = rows.try_set(list);
        });
    });
    view! {
        <Show when=move || rows.with(|r| !r.is_empty())>
            <section class="card group at-risk" aria-labelledby="today-at-risk-title">
                <div class="section-head">
                    <h2 id="today-at-risk-title">{move || format!("At risk ({})", rows.with(Vec::len))}</h2>
                    <span class="sub">"Relationship health fell sharply in 30 days"</span>
                </div>
                <ul class="rows" aria-label="Partners at risk">
                    <For each=move || rows.get() key=|r| r.clone() let(r)>
                        <AtRiskRow r />
                    </For>
                </ul>
            </section>
        </Show>
    }
}

#[component]
fn AtRiskRow(r: AtRisk) -> impl IntoView {
    let app = use_app();
    let name = app
        .network
        .with_untracked(|n| n.partner(r.partner).map(|p| p.name.clone()).unwrap_or_default());
    view! {
        <li>
            <a class="row" href=format!("/partners/{}", r.partner)>
                <span class="row-main">
                    <span class="row-title">{name}</span>
                    <span class="row-sub">{r.reason.clone()}</span>
                </span>
                <span class="row-side">
                    <span class="badge overdue">{format!("Health {}", r.now)}</span>
                    <span class="row-sub">{format!("was {} 30 days ago", r.was)}</span>
                </span>
            </a>
        </li>
    }
}
