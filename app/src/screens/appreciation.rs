//! On a partner's page: the appreciation ledger with each recipient's yearly total against
//! the cap. The rules (who counts, the totals, the check) live in
//! `shared::workflow::appreciation`; this file only wires them to the page.

use chrono::Datelike;
use leptos::prelude::*;
use shared::input::GiftInput;
use shared::validation::ValidationErrors;
use shared::workflow::appreciation::{
    Recipient, appreciation_touch, check, counted_for, dollars, recipient, year_totals,
};
use shared::{Code, ContactId, Gift, GiftId, GiftKind, PartnerId, Touchpoint, TouchpointId};

use crate::components::{CodeSelect, ErrorSummary, TextField};
use crate::format;
use crate::state::{AppState, local_noon, use_app};

/// How the page names a recipient: the partner's own people by name, the organization by the
/// partner's name.
#[derive(Clone, Copy)]
struct Names {
    app: AppState,
    partner: PartnerId,
    /// Tracked: opened directly, the page renders before the contacts have loaded.
    people: Memo<Vec<(ContactId, String)>>,
}

impl Names {
    fn new(app: AppState, partner: PartnerId) -> Self {
        let people = Memo::new(move |_| {
            app.network.with(|n| {
                n.contacts_of(partner).into_iter().map(|c| (c.id, c.name.clone())).collect()
            })
        });
        Self { app, partner, people }
    }

    fn of(self, who: Recipient) -> String {
        match who {
            Recipient::Organization(_) => self.app.network.with_untracked(|n| {
                n.partner(self.partner)
                    .map(|p| format!("{} (organization)", p.name))
                    .unwrap_or_default()
            }),
            Recipient::Person(c) => self
                .people
                .with(|p| p.iter().find(|x| x.0 == c).map(|x| x.1.clone()))
                .unwrap_or_else(|| "A contact".into()),
        }
    }
}

/// What the form needs from the section: the gifts counted toward the cap, and the cap.
#[derive(Clone, Copy)]
struct Ledger {
    counted: Memo<Vec<Gift>>,
    cap: Memo<u32>,
    names: Names,
}

/// The total a warning was shown for: who, which year, how much.
type Seen = (Recipient, i32, u64);

impl Ledger {
    /// For a gift that takes its recipient over the cap: the total and the warning to show.
    fn over_cap(self, gift: &Gift) -> Option<(Seen, String)> {
        let checked = self.counted.with_untracked(|g| check(gift, g, self.cap.get_untracked()));
        let who = recipient(gift);
        checked.over().then(|| {
            let text = format!(
                "This would bring {} to {} this year, over the {} cap. Choose something smaller, or save anyway only if your compliance lead approved it.",
                self.names.of(who),
                dollars(checked.after_cents),
                dollars(checked.cap_cents)
            );
            ((who, gift.on.year(), checked.after_cents), text)
        })
    }
}

/// The touch that logging appreciation adds (now if it was given today, else at midday).
fn logged_touch(app: AppState, gift: &Gift, today: chrono::NaiveDate) -> Touchpoint {
    let at = if gift.on == today { chrono::Utc::now() } else { local_noon(gift.on) };
    let (by, device) = app.settings.with_untracked(|s| (s.logged_by(), s.device_name.clone()));
    appreciation_touch(gift, TouchpointId::generate(chrono::Utc::now()), at, by, device)
}

#[component]
pub fn Appreciation(id: PartnerId) -> impl IntoView {
    let app = use_app();
    let counted = Memo::new(move |_| {
        app.network.with(|n| {
            let people: Vec<ContactId> = n.contacts_of(id).iter().map(|c| c.id).collect();
            counted_for(n.relations.gifts.values(), id, &people).into_iter().cloned().collect()
        })
    });
    let cap = Memo::new(move |_| app.network.with(|n| n.policy().gift_cap_cents));
    let ledger = Ledger { counted, cap, names: Names::new(app, id) };
    let adding = RwSignal::new(false);
    view! {
        <section class="card" id="appreciation" aria-labelledby="appreciation-title">
            <div class="section-head">
                <h2 id="appreciation-title">"Appreciation"</h2>
                <div class="actions">
                    <a class="button" href=format!("/compose?partner={id}&purpose=appreciation")>"Draft an invitation"</a>
                    <button type="button" on:click=move |_| adding.update(|a| *a = !*a)>"Add appreciation"</button>
                </div>
            </div>
            <p class="hint">{move || format!("Gifts, meals, invitations and spotlights, with their value. Each person's total this calendar year is checked against {} (set in Settings). Never cash or gift cards, and never tied to referrals. A guardrail, not legal advice.", dollars(u64::from(cap.get())))}</p>
            <YearTotals ledger />
            <Show when=move || adding.get()>
                <GiftForm id ledger adding />
            </Show>
            <GiftList id names=ledger.names />
        </section>
    }
}

/// Each recipient's total this calendar year, flagged when over the cap.
#[component]
fn YearTotals(ledger: Ledger) -> impl IntoView {
    let app = use_app();
    let Ledger { counted, cap, names } = ledger;
    let totals = move || counted.with(|g| year_totals(g, app.day.get().year()));
    view! {
        <ul class="history" aria-label="This year's totals">
            {move || totals().into_iter().map(|(w, cents)| {
                let cap = u64::from(cap.get());
                let over = cents > cap;
                view! { <li class:error=over>{format!("{}: {} of {} this year{}", names.of(w), dollars(cents), dollars(cap), if over { " (over the cap)" } else { "" })}</li> }
            }).collect_view()}
        </ul>
    }
}

/// Adds a gift; a gift that takes its recipient over the cap asks once before it is saved.
#[component]
fn GiftForm(id: PartnerId, ledger: Ledger, adding: RwSignal<bool>) -> impl IntoView {
    let app = use_app();
    let to = RwSignal::new(String::new());
    let on = RwSignal::new(app.day.get_untracked().to_string());
    let kind = RwSignal::new(GiftKind::Meal);
    let description = RwSignal::new(String::new());
    let value = RwSignal::new(String::new());
    let errors = RwSignal::new(None::<ValidationErrors>);
    let save_error = RwSignal::new(None::<String>);
    let warning = RwSignal::new(None::<String>);
    // The over-cap total the person saw and chose to save anyway; any other total warns again.
    let confirmed = RwSignal::new(None::<Seen>);
    let save = Action::new_local(move |(gift, touch): &(Gift, Touchpoint)| {
        let (gift, touch) = (gift.clone(), touch.clone());
        async move {
            let saved = match app.save(gift).await {
                Ok(()) => app.save(touch).await,
                Err(e) => Err(e),
            };
            match saved {
                Ok(()) => {
                    adding.set(false);
                    warning.set(None);
                    confirmed.set(None);
                    description.set(String::new());
                    value.set(String::new());
                }
                Err(e) => save_error.set(Some(e.to_string())),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = GiftInput {
            partner_id: id,
            contact_id: to.get_untracked().parse::<ContactId>().ok(),
            on: on.get_untracked(),
            kind: kind.get_untracked(),
            description: description.get_untracked(),
            value: value.get_untracked(),
        };
        let today = app.day.get_untracked();
        let gift = match input.validate(GiftId::generate(chrono::Utc::now()), today) {
            Err(e) => return errors.set(Some(e)),
            Ok(g) => g,
        };
        errors.set(None);
        if let Some((seen, text)) = ledger.over_cap(&gift)
            && confirmed.get_untracked() != Some(seen)
        {
            warning.set(Some(text));
            confirmed.set(Some(seen));
            return;
        }
        let touch = logged_touch(app, &gift, today);
        save.dispatch_local((gift, touch));
    };
    let rethink = move || {
        confirmed.set(None);
        warning.set(None);
    };
    view! {
        <form class="form inline-form" novalidate on:submit=submit>
            <ErrorSummary errors save_error />
            <div class="two">
                <RecipientSelect names=ledger.names to on_change=rethink />
                <TextField id="gift-on" label="Date" value=on errors kind="date" required=true />
            </div>
            <div class="two">
                <CodeSelect id="gift-kind" label="Kind" value=kind errors />
                <TextField id="gift-value" label="Value in dollars" value=value errors inputmode="decimal" required=true />
            </div>
            <TextField id="gift-description" label="Description" value=description errors required=true
                hint="e.g. “Lunch for the discharge planning team”" />
            {move || warning.get().map(|w| view! { <p class="error-summary" role="alert">{w}</p> })}
            <div class="actions">
                <button type="submit" class="primary">{move || if confirmed.with(Option::is_some) { "Save anyway" } else { "Save appreciation" }}</button>
            </div>
        </form>
    }
}

/// "For": the organization or one of the partner's people.
#[component]
fn RecipientSelect(
    names: Names,
    to: RwSignal<String>,
    on_change: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for="gift-to">"For"</label>
            <select id="gift-to" on:change=move |ev| { to.set(event_target_value(&ev)); on_change(); }>
                <option value="" selected=move || to.get().is_empty()>"The organization"</option>
                {move || names.people.get().into_iter().map(|(cid, name)| {
                    let v = cid.to_string();
                    let v2 = v.clone();
                    view! { <option value=v selected=move || to.get() == v2>{name}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// Every gift logged at this partner, newest as stored.
#[component]
fn GiftList(id: PartnerId, names: Names) -> impl IntoView {
    let app = use_app();
    let gifts = Memo::new(move |_| {
        app.network.with(|n| n.relations.gifts_to(id).into_iter().cloned().collect::<Vec<_>>())
    });
    view! {
        <ul class="rows" aria-label="Appreciation given">
            <For each=move || gifts.get() key=|g| g.id let(g)>
                <li class="row static">
                    <span class="row-main">
                        <span class="row-title">{format!("{} · {}", g.kind.label(), dollars(u64::from(g.value_cents)))}</span>
                        <span class="row-sub">{
                            let (on, who, description) = (g.on, recipient(&g), g.description.clone());
                            move || format!("{} · {} · {}", format::day(on), names.of(who), description)
                        }</span>
                    </span>
                    {g.event_id.map(|e| view! {
                        <span class="row-actions"><a class="button" href=format!("/events/{e}")>"See the event"</a></span>
                    })}
                </li>
            </For>
        </ul>
    }
}
