//! On a partner's page: key-partner reviews with their trend. (The appreciation ledger beside
//! it is in `appreciation.rs`.)

use leptos::prelude::*;
use shared::input::ReviewInput;
use shared::validation::ValidationErrors;
use shared::workflow::reviews::{Trend, review_due, score, trend};
use shared::{PartnerId, Question, Review, ReviewId};

use crate::components::{ErrorSummary, Select, TextArea, TextField};
use crate::format;
use crate::state::use_app;

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
    let questions = StoredValue::new(app.network.with_untracked(|n| n.policy().questions));
    let adding = RwSignal::new(false);
    let trend_text = move || {
        reviews.with(|r| {
            let refs: Vec<&Review> = r.iter().collect();
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
                Some(d) if d <= app.day.get() => format!("A review is due (since {}).", format::day(d)),
                Some(d) => format!("Next review due {}.", format::day(d)),
                None => "Reviews every six months are for key partners; you can still record one.".into(),
            }}</p>
            <Show when=move || due.get().is_some()>
                <div class="actions">
                    <super::AddToCalendar entry=Signal::derive(move || {
                        let d = due.get()?;
                        app.network.with(|n| n.partner(id).map(|p| shared::calendar::Entry::of_review(p, d)))
                    }) />
                </div>
            </Show>
            {move || trend_text().map(|t| view! { <p><strong>{t}</strong></p> })}
            <Show when=move || adding.get()>
                <ReviewForm id questions adding />
            </Show>
            <ReviewHistory reviews questions />
        </section>
    }
}

/// Records one review: who answered, a 1–5 score or text per question, follow-up actions.
#[component]
fn ReviewForm(
    id: PartnerId,
    questions: StoredValue<Vec<Question>>,
    adding: RwSignal<bool>,
) -> impl IntoView {
    let app = use_app();
    let on = RwSignal::new(app.day.get_untracked().to_string());
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
    let answers = StoredValue::new(
        questions
            .with_value(|q| q.iter().map(|_| RwSignal::new(String::new())).collect::<Vec<_>>()),
    );
    let follow_up = RwSignal::new(String::new());
    let errors = RwSignal::new(None::<ValidationErrors>);
    let save_error = RwSignal::new(None::<String>);
    let save = Action::new_local(move |review: &Review| {
        let review = review.clone();
        async move {
            match app.save(review).await {
                Ok(()) => adding.set(false),
                Err(e) => save_error.set(Some(e.to_string())),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let who = by.get_untracked();
        let input = ReviewInput {
            partner_id: id,
            on: on.get_untracked(),
            answered_by: if who == OTHER { someone_else.get_untracked() } else { who },
            answers: answers.with_value(|a| a.iter().map(|s| s.get_untracked()).collect()),
            follow_up: follow_up.get_untracked(),
        };
        let today = app.day.get_untracked();
        match questions
            .with_value(|q| input.validate(ReviewId::generate(chrono::Utc::now()), q, today))
        {
            Err(e) => errors.set(Some(e)),
            Ok(review) => {
                errors.set(None);
                save.dispatch_local(review);
            }
        }
    };
    view! {
        <form class="form inline-form" novalidate on:submit=submit>
            <ErrorSummary errors save_error />
            <div class="two">
                <TextField id="review-on" label="Date" value=on errors kind="date" required=true />
                <Select id="review-by" label="Who answered" options=people value=by errors required=true />
            </div>
            <Show when=move || by.get() == OTHER>
                <TextField id="review-by-other" label="Their name" value=someone_else errors required=true />
            </Show>
            {questions.with_value(|qs| answers.with_value(|answers| qs.iter().zip(answers.iter()).enumerate().map(|(i, (q, a))| {
                view! { <Answer field=format!("review-q{i}") question=q.clone() answer=*a /> }
            }).collect_view()))}
            <TextArea id="review-follow-up" label="Follow-up actions" value=follow_up errors />
            <div class="actions"><button type="submit" class="primary">"Save review"</button></div>
        </form>
    }
}

/// One question: five buttons for a scored one, a text box for the others.
#[component]
fn Answer(field: String, question: Question, answer: RwSignal<String>) -> impl IntoView {
    if !question.scored {
        return view! {
            <div class="field">
                <label for=field.clone()>{question.text}</label>
                <textarea id=field rows="2" bind:value=answer></textarea>
            </div>
        }
        .into_any();
    }
    view! {
        <fieldset class="field segmented" id=field.clone()>
            <legend>{question.text}</legend>
            <div class="segments">
                {(1..=5).map(|n| {
                    let value = n.to_string();
                    let mine = value.clone();
                    view! {
                        <label class="segment">
                            <input type="radio" name=field.clone() value=value.clone()
                                prop:checked=move || answer.get() == mine
                                on:change=move |_| answer.set(value.clone()) />
                            <span>{n}</span>
                        </label>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
    .into_any()
}

/// Past reviews, each with its average score, answers and follow-up.
#[component]
fn ReviewHistory(
    reviews: Memo<Vec<Review>>,
    questions: StoredValue<Vec<Question>>,
) -> impl IntoView {
    let question_text = move |id: &str| {
        questions
            .with_value(|qs| qs.iter().find(|q| q.id == id).map(|q| q.text.clone()))
            .unwrap_or_else(|| id.to_string())
    };
    view! {
        <ul class="history" aria-label="Review history">
            <For each=move || reviews.get() key=|r| r.id let(r)>
                <li>
                    <strong>{format!("{} · {}", format::day(r.on), r.answered_by)}</strong>
                    {score(&r).map(|s| format!(" · average score {s:.1} of 5"))}
                    <ul>
                        {r.answers.iter().filter(|a| a.score.is_some() || !a.text.is_empty()).map(|a| {
                            let answer = a.score.map_or_else(|| a.text.clone(), |s| s.to_string());
                            view! { <li>{format!("{} {answer}", question_text(&a.question))}</li> }
                        }).collect_view()}
                        {(!r.follow_up.is_empty()).then(|| view! { <li>{format!("Follow-up: {}", r.follow_up)}</li> })}
                    </ul>
                </li>
            </For>
        </ul>
    }
}
