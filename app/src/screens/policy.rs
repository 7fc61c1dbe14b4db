//! The team's follow-through policy: deadlines, the appreciation cap, review questions and
//! message templates. Saved once for the whole team; it syncs like any record.

use leptos::prelude::*;
use shared::input::parse_dollars;
use shared::validation::{Checker, Problem, ValidationErrors};
use shared::workflow::appreciation::dollars;
use shared::workflow::messages::{PLACEHOLDERS, unknown_placeholders};
use shared::{AgencyPolicy, Code, Question, Template};

use crate::components::{ErrorSummary, TextField};
use crate::state::use_app;

#[component]
pub fn PolicyForm() -> impl IntoView {
    let app = use_app();
    let start = app.network.with_untracked(|n| n.policy());
    let opened = StoredValue::new(start.clone());
    let number = |n: u16| RwSignal::new(n.to_string());
    let thank_you = number(start.thank_you_days);
    let decision = number(start.decision_days);
    let progress = number(start.progress_after_days);
    let feedback = number(start.feedback_after_days);
    let review = number(start.review_months);
    let cap =
        RwSignal::new(dollars(u64::from(start.gift_cap_cents)).trim_start_matches('$').to_string());
    let templates: Vec<(Template, RwSignal<String>, RwSignal<String>)> = start
        .templates
        .iter()
        .map(|t| (t.clone(), RwSignal::new(t.subject.clone()), RwSignal::new(t.body.clone())))
        .collect();
    let questions: Vec<(Question, RwSignal<String>)> =
        start.questions.iter().map(|q| (q.clone(), RwSignal::new(q.text.clone()))).collect();
    let templates = StoredValue::new(templates);
    let questions = StoredValue::new(questions);
    let errors = RwSignal::new(None::<ValidationErrors>);
    let save_error = RwSignal::new(None::<String>);
    let done = RwSignal::new(String::new());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut c = Checker::default();
        let mut whole = |field: &'static str,
                         label: &'static str,
                         s: RwSignal<String>,
                         min: u16,
                         max: u16|
         -> u16 {
            match s.get_untracked().trim().parse::<u16>() {
                Ok(n) if (min..=max).contains(&n) => n,
                _ => {
                    c.fail(field, label, Problem::WholeNumber { min, max });
                    0
                }
            }
        };
        let policy = AgencyPolicy {
            thank_you_days: whole("policy-thank-you", "Days to thank", thank_you, 0, 365),
            decision_days: whole("policy-decision", "Days to send a decision", decision, 0, 365),
            progress_after_days: whole(
                "policy-progress",
                "Days before a progress update",
                progress,
                0,
                365,
            ),
            feedback_after_days: whole(
                "policy-feedback",
                "Days before asking for feedback",
                feedback,
                0,
                365,
            ),
            review_months: whole("policy-review", "Months between reviews", review, 1, 24),
            gift_cap_cents: parse_dollars(&cap.get_untracked()).unwrap_or_else(|| {
                c.fail("policy-cap", "Yearly appreciation cap", Problem::Amount);
                0
            }),
            questions: questions.with_value(|qs| {
                qs.iter()
                    .map(|(q, t)| Question {
                        text: t.get_untracked().trim().to_string(),
                        ..q.clone()
                    })
                    .filter(|q| !q.text.is_empty())
                    .collect()
            }),
            templates: templates.with_value(|ts| {
                ts.iter()
                    .map(|(t, s, b)| Template {
                        purpose: t.purpose,
                        subject: s.get_untracked(),
                        body: b.get_untracked(),
                    })
                    .collect()
            }),
        };
        match c.finish(|| ()) {
            Err(e) => errors.set(Some(e)),
            Ok(()) => {
                errors.set(None);
                leptos::task::spawn_local(async move {
                    match app.save_edit(opened.get_value(), policy).await {
                        Ok(()) => done.set("Saved for the whole team.".into()),
                        Err(e) => save_error.set(Some(e.to_string())),
                    }
                });
            }
        }
    };

    view! {
        <form class="card form" novalidate on:submit=submit aria-labelledby="policy-title">
            <h2 id="policy-title">"Follow-through policy"</h2>
            <p class="hint">"Deadlines count calendar days in this tablet's time zone. Changes apply to the whole team."</p>
            <ErrorSummary errors save_error />
            <div class="two">
                <TextField id="policy-thank-you" label="Days to thank the referrer" value=thank_you errors inputmode="numeric" />
                <TextField id="policy-decision" label="Days to send a decision" value=decision errors inputmode="numeric" />
                <TextField id="policy-progress" label="Days after services start for a progress update" value=progress errors inputmode="numeric" />
                <TextField id="policy-feedback" label="Days after that to ask for feedback" value=feedback errors inputmode="numeric" />
                <TextField id="policy-review" label="Months between key-partner reviews" value=review errors inputmode="numeric" />
                <TextField id="policy-cap" label="Yearly appreciation cap per person, in dollars" value=cap errors inputmode="decimal"
                    hint="Default: the 2026 physician non-monetary compensation limit ($535). Ask your compliance lead." />
            </div>
            <h3>"Review questions"</h3>
            {questions.with_value(|qs| qs.iter().enumerate().map(|(i, (q, t))| {
                let id = format!("policy-question-{i}");
                let t = *t;
                view! {
                    <div class="field">
                        <label for=id.clone()>{format!("Question {} ({})", i + 1, if q.scored { "score 1–5" } else { "free text" })}</label>
                        <input id=id type="text" bind:value=t />
                    </div>
                }
            }).collect_view())}
            <h3>"Message templates"</h3>
            <p class="hint">{format!(
                "Placeholders: {}. Participant details appear only as far as the participant agreed.",
                PLACEHOLDERS.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(" ")
            )}</p>
            {templates.with_value(|ts| ts.iter().map(|(t, s, b)| {
                let code = t.purpose.code();
                let (s, b) = (*s, *b);
                view! {
                    <fieldset class="field template">
                        <legend>{t.purpose.label()}</legend>
                        <label for=format!("template-{code}-subject")>"Subject"</label>
                        <input id=format!("template-{code}-subject") type="text" bind:value=s />
                        <label for=format!("template-{code}-body")>"Message"</label>
                        <textarea id=format!("template-{code}-body") rows="6" bind:value=b></textarea>
                        {move || {
                            let mut unknown = unknown_placeholders(&s.get());
                            unknown.extend(unknown_placeholders(&b.get()));
                            (!unknown.is_empty()).then(|| view! {
                                <p class="error" role="status">{format!(
                                    "Not a placeholder Rapport knows, so it would be sent as typed: {}",
                                    unknown.iter().map(|u| format!("{{{u}}}")).collect::<Vec<_>>().join(" ")
                                )}</p>
                            })
                        }}
                    </fieldset>
                }
            }).collect_view())}
            <div class="actions"><button type="submit" class="primary">"Save policy"</button></div>
            <p class="announcement" role="status">{move || done.get()}</p>
        </form>
    }
}
