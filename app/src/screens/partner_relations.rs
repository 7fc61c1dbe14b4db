//! On a partner's page: key-partner reviews with their trend, and the appreciation ledger with
//! its yearly cap.

use chrono::Datelike;
use leptos::prelude::*;
use shared::input::{GiftInput, ReviewInput};
use shared::validation::ValidationErrors;
use shared::workflow::appreciation::{
    Recipient, appreciation_touch, check, dollars, recipient, year_total,
};
use shared::workflow::reviews::{Trend, review_due, score, trend};
use shared::{Code, ContactId, GiftId, GiftKind, PartnerId, ReviewId, TouchpointId};

use crate::components::{CodeSelect, ErrorSummary, Select, TextArea, TextField};
use crate::format;
use crate::state::{local_noon, today, use_app};

/// The "Who answered" choice that reveals a name field.
const OTHER: &str = "\u{1}other";

#[component]
pub fn Reviews(id: PartnerId) -> impl IntoView {
    let app = use_app();
    let reviews = Memo::new(move |_| {
        app.network.with(|n| n.relations.reviews_of(id).into_iter().cloned().collect::<Vec<_>>())
    });
    let due = Memo::new(move |_| {
        app.network.with(|n| {
            let p = n.partner(id)?;
            review_due(p, &n.relations.reviews_of(id), &n.policy())
        })
    });
    let questions = app.network.with_untracked(|n| n.policy().questions);
    let question_text = StoredValue::new(
        questions.iter().map(|q| (q.id.clone(), q.text.clone())).collect::<Vec<_>>(),
    );
    let adding = RwSignal::new(false);
    let on = RwSignal::new(today().to_string());
    let by = RwSignal::new(String::new());
    // "Who answered" offers the partner's people; anyone else is typed in.
    let someone_else = RwSignal::new(String::new());
    let people = Memo::new(move |_| {
        let mut options: Vec<(String, String)> = app.network.with(|n| {
            n.contacts_of(id).into_iter().map(|c| (c.name.clone(), c.name.clone())).collect()
        });
        options.insert(0, (String::new(), "Choose who answered…".into()));
        options.push((OTHER.into(), "Someone else".into()));
        options
    });
    let answers: Vec<RwSignal<String>> =
        questions.iter().map(|_| RwSignal::new(String::new())).collect();
    let follow_up = RwSignal::new(String::new());
    let errors = RwSignal::new(None::<ValidationErrors>);
    let save_error = RwSignal::new(None::<String>);
    let answer_signals = StoredValue::new(answers.clone());
    let questions = StoredValue::new(questions);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = ReviewInput {
            partner_id: id,
            on: on.get_untracked(),
            answered_by: if by.get_untracked() == OTHER {
                someone_else.get_untracked()
            } else {
                by.get_untracked()
            },
            answers: answer_signals.with_value(|a| a.iter().map(|s| s.get_untracked()).collect()),
            follow_up: follow_up.get_untracked(),
        };
        match questions
            .with_value(|q| input.validate(ReviewId::generate(chrono::Utc::now()), q, today()))
        {
            Err(e) => errors.set(Some(e)),
            Ok(review) => {
                errors.set(None);
                leptos::task::spawn_local(async move {
                    match app.save(review).await {
                        Ok(()) => adding.set(false),
                        Err(e) => save_error.set(Some(e.to_string())),
                    }
                });
            }
        }
    };
    let trend_text = move || {
        reviews.with(|r| {
            let refs: Vec<&shared::Review> = r.iter().collect();
            trend(&refs).map(|t| match t {
                Trend::Better => "Scores are up since the previous review.",
                Trend::Same => "Scores are about the same as the previous review.",
                Trend::Worse => "Scores are down since the previous review; plan a follow-up.",
            })
        })
    };
    view! {
        <section class="card" id="review" aria-labelledby="review-title">
            <div class="section-head">
                <h2 id="review-title">"Partner reviews"</h2>
                <button type="button" on:click=move |_| adding.update(|a| *a = !*a)>"Record a review"</button>
            </div>
            <p>{move || match due.get() {
                Some(d) if d <= today() => format!("A review is due (since {}).", format::day(d)),
                Some(d) => format!("Next review due {}.", format::day(d)),
                None => "Reviews every six months are for key partners; you can still record one.".into(),
            }}</p>
            {move || trend_text().map(|t| view! { <p><strong>{t}</strong></p> })}
            <Show when=move || adding.get()>
                <form class="form inline-form" novalidate on:submit=submit>
                    <ErrorSummary errors save_error />
                    <div class="two">
                        <TextField id="review-on" label="Date" value=on errors kind="date" required=true />
                        <Select id="review-by" label="Who answered" options=people value=by errors required=true />
                    </div>
                    <Show when=move || by.get() == OTHER>
                        <TextField id="review-by-other" label="Their name" value=someone_else errors required=true />
                    </Show>
                    {questions.with_value(|qs| qs.iter().zip(answers.iter()).enumerate().map(|(i, (q, a))| {
                        let field = format!("review-q{i}");
                        let a = *a;
                        if q.scored {
                            view! {
                                <fieldset class="field segmented" id=field.clone()>
                                    <legend>{q.text.clone()}</legend>
                                    <div class="segments">
                                        {(1..=5).map(|n| {
                                            let value = n.to_string();
                                            let mine = value.clone();
                                            view! {
                                                <label class="segment">
                                                    <input type="radio" name=field.clone() value=value.clone()
                                                        prop:checked=move || a.get() == mine
                                                        on:change=move |_| a.set(value.clone()) />
                                                    <span>{n}</span>
                                                </label>
                                            }
                                        }).collect_view()}
                                    </div>
                                </fieldset>
                            }.into_any()
                        } else {
                            view! {
                                <div class="field">
                                    <label for=field.clone()>{q.text.clone()}</label>
                                    <textarea id=field rows="2" bind:value=a></textarea>
                                </div>
                            }.into_any()
                        }
                    }).collect_view())}
                    <TextArea id="review-follow-up" label="Follow-up actions" value=follow_up errors />
                    <div class="actions"><button type="submit" class="primary">"Save review"</button></div>
                </form>
            </Show>
            <ul class="history" aria-label="Review history">
                <For each=move || reviews.get() key=|r| r.id let(r)>
                    <li>
                        <strong>{format!("{} · {}", format::day(r.on), r.answered_by)}</strong>
                        {score(&r).map(|s| format!(" · average score {s:.1} of 5"))}
                        <ul>
                            {r.answers.iter().filter(|a| a.score.is_some() || !a.text.is_empty()).map(|a| {
                                let q = question_text.with_value(|qs| qs.iter().find(|(id, _)| *id == a.question).map(|(_, t)| t.clone())).unwrap_or_else(|| a.question.clone());
                                let answer = a.score.map_or_else(|| a.text.clone(), |s| s.to_string());
                                view! { <li>{format!("{q} {answer}")}</li> }
                            }).collect_view()}
                            {(!r.follow_up.is_empty()).then(|| view! { <li>{format!("Follow-up: {}", r.follow_up)}</li> })}
                        </ul>
                    </li>
                </For>
            </ul>
        </section>
    }
}

#[component]
pub fn Appreciation(id: PartnerId) -> impl IntoView {
    let app = use_app();
    let gifts = Memo::new(move |_| {
        app.network.with(|n| n.relations.gifts_to(id).into_iter().cloned().collect::<Vec<_>>())
    });
    // What counts toward the cap: a person's gifts wherever they were logged (people move
    // between partners), and the organization's own.
    let counted = Memo::new(move |_| {
        app.network.with(|n| {
            let people: Vec<ContactId> = n.contacts_of(id).iter().map(|c| c.id).collect();
            n.relations
                .gifts
                .values()
                .filter(|g| g.partner_id == id || g.contact_id.is_some_and(|c| people.contains(&c)))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let cap = Memo::new(move |_| app.network.with(|n| n.policy().gift_cap_cents));
    // Tracked: opened directly, the page renders before the contacts have loaded.
    let people = Memo::new(move |_| {
        app.network.with(|n| {
            n.contacts_of(id).into_iter().map(|c| (c.id, c.name.clone())).collect::<Vec<_>>()
        })
    });
    let name_of = move |who: Recipient| match who {
        Recipient::Organization(_) => app.network.with_untracked(|n| {
            n.partner(id).map(|p| format!("{} (organization)", p.name)).unwrap_or_default()
        }),
        Recipient::Person(c) => people
            .with(|p| p.iter().find(|x| x.0 == c).map(|x| x.1.clone()))
            .unwrap_or_else(|| "A contact".into()),
    };
    let totals = move || {
        let year = today().year();
        counted.with(|g| {
            let mut who: Vec<Recipient> =
                g.iter().filter(|g| g.on.year() == year).map(recipient).collect();
            who.dedup();
            who.sort_by_key(|w| format!("{w:?}"));
            who.dedup();
            who.into_iter().map(|w| (w, year_total(g.iter(), w, year))).collect::<Vec<_>>()
        })
    };
    let adding = RwSignal::new(false);
    let to = RwSignal::new(String::new());
    let on = RwSignal::new(today().to_string());
    let kind = RwSignal::new(GiftKind::Meal);
    let description = RwSignal::new(String::new());
    let value = RwSignal::new(String::new());
    let errors = RwSignal::new(None::<ValidationErrors>);
    let save_error = RwSignal::new(None::<String>);
    let warning = RwSignal::new(None::<String>);
    // The over-cap total the person saw and chose to save anyway; any other total warns again.
    let confirmed = RwSignal::new(None::<(Recipient, i32, u64)>);
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
        let gift = match input.validate(GiftId::generate(chrono::Utc::now()), today()) {
            Err(e) => return errors.set(Some(e)),
            Ok(g) => g,
        };
        errors.set(None);
        let checked = counted.with_untracked(|g| check(&gift, g.iter(), cap.get_untracked()));
        let seen = (recipient(&gift), gift.on.year(), checked.after_cents);
        if checked.over() && confirmed.get_untracked() != Some(seen) {
            warning.set(Some(format!(
                "This would bring {} to {} this year, over the {} cap. Choose something smaller, or save anyway only if your compliance lead approved it.",
                name_of(recipient(&gift)), dollars(checked.after_cents), dollars(checked.cap_cents)
            )));
            confirmed.set(Some(seen));
            return;
        }
        let at = if gift.on == today() { chrono::Utc::now() } else { local_noon(gift.on) };
        let touch = appreciation_touch(
            &gift,
            TouchpointId::generate(chrono::Utc::now()),
            at,
            app.settings.with_untracked(|s| s.logged_by()),
            app.settings.with_untracked(|s| s.device_name.clone()),
        );
        leptos::task::spawn_local(async move {
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
        });
    };
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
            <ul class="history" aria-label="This year's totals">
                {move || totals().into_iter().map(|(w, cents)| {
                    let over = cents > u64::from(cap.get());
                    view! { <li class:error=over>{format!("{}: {} of {} this year{}", name_of(w), dollars(cents), dollars(u64::from(cap.get())), if over { " (over the cap)" } else { "" })}</li> }
                }).collect_view()}
            </ul>
            <Show when=move || adding.get()>
                <form class="form inline-form" novalidate on:submit=submit>
                    <ErrorSummary errors save_error />
                    <div class="two">
                        <div class="field">
                            <label for="gift-to">"For"</label>
                            <select id="gift-to" on:change=move |ev| { to.set(event_target_value(&ev)); confirmed.set(None); warning.set(None); }>
                                <option value="" selected=move || to.get().is_empty()>"The organization"</option>
                                {move || people.get().into_iter().map(|(cid, name)| {
                                    let v = cid.to_string();
                                    let v2 = v.clone();
                                    view! { <option value=v selected=move || to.get() == v2>{name}</option> }
                                }).collect_view()}
                            </select>
                        </div>
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
            </Show>
            <ul class="rows" aria-label="Appreciation given">
                <For each=move || gifts.get() key=|g| g.id let(g)>
                    <li class="row static">
                        <span class="row-main">
                            <span class="row-title">{format!("{} · {}", g.kind.label(), dollars(u64::from(g.value_cents)))}</span>
                            <span class="row-sub">{
                                let (on, who, description) = (g.on, recipient(&g), g.description.clone());
                                move || format!("{} · {} · {}", format::day(on), name_of(who), description)
                            }</span>
                        </span>
                    </li>
                </For>
            </ul>
        </section>
    }
}
