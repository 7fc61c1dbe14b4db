//! On an appreciation event's page: "a meal at this event" with a value per attendee, which
//! becomes one gift per attendee in the appreciation ledger. The rules (who, which day, the
//! cap, once per event) live in `shared::workflow::events::meal_gifts`.

use leptos::prelude::*;
use shared::input::parse_dollars;
use shared::workflow::appreciation::dollars;
use shared::workflow::events::{MealPlan, meal_gifts, recorded_meal};
use shared::{ContactId, Event, EventId, EventKind, Gift};

use crate::components::FieldFrame;
use crate::state::use_app;

/// The over-cap list a warning was shown for: the value and each person's new total.
type Seen = (u32, Vec<(ContactId, u64)>);

#[component]
pub fn MealSection(id: EventId, event: Memo<Option<Event>>) -> impl IntoView {
    let app = use_app();
    let appreciation =
        move || event.with(|e| e.as_ref().is_some_and(|e| e.kind == EventKind::Appreciation));
    let recorded = Memo::new(move |_| app.network.with(|n| recorded_meal(n, id)));
    let cap = Memo::new(move |_| app.network.with(|n| n.policy().gift_cap_cents));
    let value = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let warning = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    // The over-cap totals the person saw and chose to save anyway; anything else warns again.
    let confirmed = RwSignal::new(None::<Seen>);
    let save = Action::new_local(move |gifts: &Vec<Gift>| {
        let gifts = gifts.clone();
        async move {
            for gift in gifts {
                if let Err(e) = app.save(gift).await {
                    problem.set(Some(format!(
                        "{e} Some attendees' meals may be missing: record the meal again to finish."
                    )));
                    return;
                }
            }
            warning.set(None);
            confirmed.set(None);
            value.set(String::new());
            done.set(Some("Meal recorded in each attendee's appreciation ledger.".into()));
        }
    });
    let names = move |plan: &MealPlan| -> String {
        app.network.with_untracked(|n| {
            plan.over_cap
                .iter()
                .map(|(c, checked)| {
                    let name = n.contact(*c).map_or_else(|| "A contact".into(), |c| c.name.clone());
                    format!("{name} ({})", dollars(checked.after_cents))
                })
                .collect::<Vec<_>>()
                .join(", ")
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        let Some(e) = event.get_untracked() else { return };
        let Some(cents) =
            parse_dollars(&value.get_untracked()).filter(|v| *v > 0 && *v <= 1_000_000)
        else {
            problem.set(Some(
                "Enter the meal's value per attendee in dollars, e.g. 45 or 42.50.".into(),
            ));
            return;
        };
        let planned = app
            .network
            .with_untracked(|n| meal_gifts(n, &e, cents, cap.get_untracked(), &chrono::Local));
        let plan = match planned {
            Ok(p) => p,
            Err(err) => {
                let text = err.to_string();
                let mut chars = text.chars();
                let first =
                    chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
                problem.set(Some(format!("{first}{}.", chars.as_str())));
                return;
            }
        };
        problem.set(None);
        let seen: Seen = (cents, plan.over_cap.iter().map(|(c, k)| (*c, k.after_cents)).collect());
        if !plan.over_cap.is_empty() && confirmed.get_untracked().as_ref() != Some(&seen) {
            warning.set(Some(format!(
                "This meal would take {} over the {} yearly cap. Choose a smaller value, or save anyway only if your compliance lead approved it.",
                names(&plan),
                dollars(u64::from(cap.get_untracked()))
            )));
            confirmed.set(Some(seen));
            return;
        }
        save.dispatch_local(plan.gifts);
    };
    let rethink = move |_| {
        confirmed.set(None);
        warning.set(None);
    };
    view! {
        <Show when=appreciation>
            <section class="card meal" aria-labelledby="event-meal-title">
                <h2 id="event-meal-title">"Meal for the attendees"</h2>
                <p class="hint">{move || format!("Once the event is held and attendance is marked, record what the meal was worth per person: each attendee gets it in the appreciation ledger, dated the event day and counted toward their {} yearly cap. Recording again replaces the earlier amount.", dollars(u64::from(cap.get())))}</p>
                {move || recorded.get().map(|(cents, people)| view! {
                    <p><strong>{format!("Recorded: {} per attendee for {people} {}.", dollars(u64::from(cents)), if people == 1 { "person" } else { "people" })}</strong></p>
                })}
                <form class="form inline-form" novalidate on:submit=submit>
                    <FieldFrame id="meal-value" label="Value per attendee in dollars" required=true error=Signal::derive(move || problem.get()) announce=true>
                        <input id="meal-value" name="meal-value" type="text" inputmode="decimal" autocomplete="off"
                            bind:value=value on:input=rethink aria-required="true"
                            aria-invalid=move || problem.with(Option::is_some).then_some("true")
                            aria-describedby=move || problem.with(Option::is_some).then_some("meal-value-error") />
                    </FieldFrame>
                    {move || warning.get().map(|w| view! { <p class="error-summary" role="alert">{w}</p> })}
                    <div class="actions">
                        <button type="submit" class="primary">{move || if confirmed.with(Option::is_some) { "Save anyway" } else if recorded.with(Option::is_some) { "Record the meal again" } else { "Record the meal" }}</button>
                    </div>
                    {move || done.get().map(|d| view! { <p class="announcement" role="status">{d}</p> })}
                </form>
            </section>
        </Show>
    }
}
