//! The monthly report (issue 14): the figures a coordinator takes to the director, for a
//! period and compared with the one before, as charts with tables and a printable page.
//! Every figure comes from `shared::reports`; this screen only lays them out.

mod chart;
mod period;
mod sections;

use chrono::Local;
use leptos::prelude::*;
use shared::reports::{self, Period, percent_change};

use crate::state::use_app;
use period::{PeriodPicker, describe, period_for};

/// Kept on the tablet: the name printed at the top of the report.
const AGENCY_KEY: &str = "rapport.report-agency";

/// "up 12 % from 34", "down 3 % from 31", "same as 8", or "none before".
fn compared(now: usize, before: usize) -> String {
    match percent_change(now, before) {
        None if now == 0 => "none in either period".into(),
        None => "none in the period before".into(),
        Some(0) => format!("same as the {before} before"),
        Some(p) if p > 0 => format!("up {p} % from {before}"),
        Some(p) => format!("down {} % from {before}", -p),
    }
}

#[component]
pub fn Reports() -> impl IntoView {
    use gloo_storage::{LocalStorage, Storage};
    let app = use_app();
    let choice = RwSignal::new("last-month".to_string());
    let (first, last) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let agency = RwSignal::new(LocalStorage::get::<String>(AGENCY_KEY).unwrap_or_default());
    let chosen =
        Memo::new(move |_| period_for(&choice.get(), app.day.get(), &first.get(), &last.get()));
    let error = Signal::derive(move || chosen.with(|p| p.as_ref().err().cloned()));
    let period = Memo::new(move |_| chosen.with(|p| p.as_ref().ok().copied()));
    let loading = move || !app.history.with(|h| h.done());
    let save_agency = move |ev| {
        let name = event_target_value(&ev);
        // The name is not health information; if the browser refuses, it is only not kept.
        let _ = LocalStorage::set(AGENCY_KEY, &name);
        agency.set(name);
    };

    view! {
        <h1 class="no-print">"Reports"</h1>
        <div class="card no-print report-actions">
            <label>"Agency name on the printout"
                <input type="text" prop:value=move || agency.get() on:change=save_agency autocomplete="organization" />
            </label>
            <button type="button" on:click=move |_| { if let Some(w) = web_sys::window() { let _ = w.print(); } }>
                "Print or save as PDF"
            </button>
        </div>
        <PeriodPicker choice first last error />
        <Show when=loading>
            <p class="banner" role="status">"Still loading older months… figures for earlier periods will fill in shortly."</p>
        </Show>
        {move || period.get().map(|p| view! {
            <header class="print-head">
                <p class="print-only">{move || agency.get()}</p>
                <h2>{format!("Monthly report · {}", describe(&p))}</h2>
                <p class="muted">{format!("Compared with {}. No participant is named in this report.", describe(&p.previous()))}</p>
            </header>
            <KeyFigures period=p />
            // Two charts to a row on paper, so the printed report fits two pages.
            <div class="report-charts">
                <sections::Charts period=p />
            </div>
        })}
    }
}

/// The headline numbers, each with the period before.
#[component]
fn KeyFigures(period: Period) -> impl IntoView {
    let app = use_app();
    let figures = Memo::new(move |_| {
        app.network.with(|n| {
            let before = period.previous();
            let (now_f, then_f) = (reports::funnel(n, &period), reports::funnel(n, &before));
            let touches = |p: &Period| {
                reports::touchpoints_per_month(n, &p.months(), &Local)
                    .iter()
                    .map(|m| m.total)
                    .sum::<usize>()
            };
            vec![
                (
                    "Referrals received",
                    now_f.received.to_string(),
                    compared(now_f.received, then_f.received),
                ),
                (
                    "Services started",
                    now_f.services_started.to_string(),
                    compared(now_f.services_started, then_f.services_started),
                ),
                (
                    "Conversion",
                    now_f.conversion_percent().map_or("–".into(), |c| format!("{c:.0} %")),
                    then_f
                        .conversion_percent()
                        .map_or("none before".into(), |c| format!("{c:.0} % before")),
                ),
                (
                    "Touchpoints logged",
                    touches(&period).to_string(),
                    compared(touches(&period), touches(&before)),
                ),
            ]
        })
    });
    view! {
        <section class="card key-figures" aria-label="Key figures">
            <dl>
                {move || figures.get().into_iter().map(|(what, value, before)| view! {
                    <div><dt>{what}</dt><dd><strong>{value}</strong><span class="muted">{before}</span></dd></div>
                }).collect_view()}
            </dl>
        </section>
    }
}
