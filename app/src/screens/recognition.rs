//! Top referral sources: who sends the most, and how each compares with its own previous
//! period, with the events its people attended or it co-hosted in that period as context.
//! Kept apart from appreciation on purpose.

use leptos::prelude::*;
use shared::workflow::recognition::{EventCounts, events_in_period, top_sources};

use crate::state::use_app;

fn trend(now: usize, before: usize) -> String {
    match now.cmp(&before) {
        std::cmp::Ordering::Greater => format!("up from {before}"),
        std::cmp::Ordering::Less => format!("down from {before}"),
        std::cmp::Ordering::Equal => "same as before".into(),
    }
}

/// `2 attended · 1 co-hosted`, or `None`.
fn events_text(c: Option<EventCounts>) -> String {
    let c = c.unwrap_or_default();
    let mut parts = vec![];
    if c.attended > 0 {
        parts.push(format!("{} attended", c.attended));
    }
    if c.co_hosted > 0 {
        parts.push(format!("{} co-hosted", c.co_hosted));
    }
    if parts.is_empty() { "None".into() } else { parts.join(" · ") }
}

#[component]
pub fn Recognition() -> impl IntoView {
    let app = use_app();
    let days = RwSignal::new(90u64);
    let ranks = Memo::new(move |_| app.network.with(|n| top_sources(n, days.get(), app.day.get())));
    let events = Memo::new(move |_| {
        app.network.with(|n| events_in_period(n, days.get(), app.day.get(), &chrono::Local))
    });
    view! {
        <p class="breadcrumb"><a href="/partners">"Partners"</a></p>
        <h1>"Top referral sources"</h1>
        <p class="banner sample" role="note">"Thank partners with recognition and good service, never with anything of value tied to how many referrals they send: that is what the Anti-Kickback Statute forbids. This ranking is kept apart from the appreciation ledger. A guardrail, not legal advice."</p>
        <div class="filters" role="group" aria-label="Period">
            {[30u64, 90, 365].into_iter().map(|d| view! {
                <button type="button" aria-pressed=move || (days.get() == d).to_string() on:click=move |_| days.set(d)>{format!("Last {d} days")}</button>
            }).collect_view()}
        </div>
        <table class="card table">
            <caption>{move || format!("Referrals received in the last {} days, compared with the {} days before, and the events each partner's people attended or it co-hosted in those days", days.get(), days.get())}</caption>
            <thead><tr><th scope="col">"Partner"</th><th scope="col">"Referrals"</th><th scope="col">"Services started"</th><th scope="col">"Events in the period"</th></tr></thead>
            <tbody>
                <For each=move || ranks.with(|r| r.iter().take(25).cloned().collect::<Vec<_>>()) key=|r| (r.partner, r.referrals, r.started, r.previous_referrals) let(r)>
                    <tr>
                        <th scope="row"><a href=format!("/partners/{}", r.partner)>{r.name.clone()}</a></th>
                        <td>{format!("{} ({})", r.referrals, trend(r.referrals, r.previous_referrals))}</td>
                        <td>{format!("{} ({})", r.started, trend(r.started, r.previous_started))}</td>
                        <td>{move || events_text(events.with(|e| e.get(&r.partner).copied()))}</td>
                    </tr>
                </For>
            </tbody>
        </table>
        <Show when=move || ranks.with(Vec::is_empty)>
            <p class="card">"No referrals in this period."</p>
        </Show>
    }
}
