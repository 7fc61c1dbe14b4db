//! The report's period picker: the common choices, or two dates.

use chrono::{Datelike, Months, NaiveDate};
use leptos::prelude::*;
use shared::reports::{Period, PeriodError};

/// The periods a coordinator reports on, by how they say them.
pub const CHOICES: [(&str, &str); 7] = [
    ("this-month", "This month"),
    ("last-month", "Last month"),
    ("this-quarter", "This quarter"),
    ("last-quarter", "Last quarter"),
    ("this-year", "This year"),
    ("last-year", "Last year"),
    ("custom", "Dates I choose"),
];

/// The period a choice means on `today`; custom dates come as typed.
pub fn period_for(
    choice: &str,
    today: NaiveDate,
    first: &str,
    last: &str,
) -> Result<Period, String> {
    let back = |months| today.checked_sub_months(Months::new(months)).unwrap_or(today);
    Ok(match choice {
        "last-month" => Period::month_of(back(1)),
        "this-quarter" => Period::quarter_of(today),
        "last-quarter" => Period::quarter_of(back(3)),
        "this-year" => Period::year_of(today),
        "last-year" => Period::year_of(back(12)),
        "custom" => {
            let parse = |s: &str, what: &str| {
                s.parse::<NaiveDate>().map_err(|_| format!("Choose the {what} date of the period."))
            };
            Period::custom(parse(first, "first")?, parse(last, "last")?)
                .map_err(|e: PeriodError| format!("The period {e}."))?
        }
        _ => Period::month_of(today),
    })
}

/// How a period reads in headings: "November 2026", "Q4 2026", "2026", or the two dates.
pub fn describe(period: &Period) -> String {
    use shared::reports::PeriodKind;
    match period.kind {
        PeriodKind::Month => period.first.format("%B %Y").to_string(),
        PeriodKind::Quarter => {
            format!("Q{} {}", period.first.month0() / 3 + 1, period.first.year())
        }
        PeriodKind::Year => period.first.format("%Y").to_string(),
        PeriodKind::Custom => {
            format!("{} to {}", period.first.format("%b %-d, %Y"), period.last.format("%b %-d, %Y"))
        }
    }
}

#[component]
pub fn PeriodPicker(
    choice: RwSignal<String>,
    first: RwSignal<String>,
    last: RwSignal<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="filters no-print" role="group" aria-label="Report period">
            <div class="field">
                <label for="report-period">"Period"</label>
                <select id="report-period" on:change=move |ev| choice.set(event_target_value(&ev)) prop:value=move || choice.get()>
                    {CHOICES.into_iter().map(|(code, label)| view! { <option value=code>{label}</option> }).collect_view()}
                </select>
            </div>
            <Show when=move || choice.with(|c| c == "custom")>
                <label>"From"<input type="date" prop:value=move || first.get() on:change=move |ev| first.set(event_target_value(&ev)) /></label>
                <label>"To"<input type="date" prop:value=move || last.get() on:change=move |ev| last.set(event_target_value(&ev)) /></label>
            </Show>
        </div>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
    }
}
