//! A partner's relationship health on its page: the score and, for each part, why.

use leptos::prelude::*;
use shared::PartnerId;
use shared::workflow::health::{AT_RISK_BELOW, Baseline, PartnerHealth, partner_health};

use crate::state::use_app;

#[component]
pub fn PartnerHealthCard(id: PartnerId) -> impl IntoView {
    let app = use_app();
    let health = Memo::new(move |_| {
        let today = app.day.get();
        app.network.with(|n| {
            let partner = n.partner(id)?;
            let reviews = n.relations.reviews_of(id);
            Some(partner_health(
                n,
                partner,
                &reviews,
                &Baseline::of(n, today),
                today,
                &chrono::Local,
            ))
        })
    });
    let score_text = move |h: &PartnerHealth| match h.score {
        Some(s) if s < AT_RISK_BELOW => format!("{s} of 100 · at risk"),
        Some(s) => format!("{s} of 100"),
        None => "Not enough history yet".to_string(),
    };
    view! {
        {move || health.get().map(|h| view! {
            <section class="card health" aria-labelledby="health-title">
                <div class="section-head">
                    <h2 id="health-title">"Relationship health"</h2>
                    <p class=if h.at_risk() { "badge overdue" } else { "badge ok" }>{score_text(&h)}</p>
                </div>
                <ul class="health-parts">
                    {h.parts.iter().map(|part| view! {
                        <li>
                            <span class="part">{part.part.label()}</span>
                            <span class="score">{part.score.map_or("–".to_string(), |s| s.to_string())}</span>
                            <span class="reason">{part.reason.clone()}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}
