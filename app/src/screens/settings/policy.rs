//! The team's follow-through policy: deadlines, the appreciation cap, review questions,
//! message templates and the idle lock. Saved once for the whole team; it syncs like any record. Two screens edit
//! it, Team policy and Message templates; each saves the whole policy, changing only its part.

use leptos::prelude::*;
use shared::input::parse_dollars;
use shared::validation::{Checker, Problem, ValidationErrors};
use shared::workflow::appreciation::dollars;
use shared::{
    AgencyPolicy, EventMessage, EventTemplate, IDLE_LOCK_MINUTES, PolicyError, Question, Template,
};

use super::BackToSettings;
use crate::components::{ErrorSummary, TextField};
use crate::state::use_app;

/// One message template being edited.
#[derive(Clone)]
pub(super) struct TemplateText {
    pub(super) template: Template,
    pub(super) subject: RwSignal<String>,
    pub(super) body: RwSignal<String>,
}

/// One event message template being edited.
#[derive(Clone)]
pub(super) struct EventTemplateText {
    pub(super) message: EventMessage,
    pub(super) subject: RwSignal<String>,
    pub(super) body: RwSignal<String>,
}

/// The form's editable copy of the policy; `Copy`, so each part of the form shares it.
#[derive(Clone, Copy)]
pub(super) struct Fields {
    thank_you: RwSignal<String>,
    decision: RwSignal<String>,
    progress: RwSignal<String>,
    feedback: RwSignal<String>,
    review: RwSignal<String>,
    cap: RwSignal<String>,
    idle_lock: RwSignal<String>,
    questions: StoredValue<Vec<(Question, RwSignal<String>)>>,
    pub(super) templates: StoredValue<Vec<TemplateText>>,
    pub(super) event_templates: StoredValue<Vec<EventTemplateText>>,
}

impl Fields {
    fn new(start: &AgencyPolicy) -> Self {
        let number = |n: u16| RwSignal::new(n.to_string());
        let cap = dollars(u64::from(start.gift_cap_cents)).trim_start_matches('$').to_string();
        Self {
            thank_you: number(start.thank_you_days),
            decision: number(start.decision_days),
            progress: number(start.progress_after_days),
            feedback: number(start.feedback_after_days),
            review: number(start.review_months),
            cap: RwSignal::new(cap),
            idle_lock: number(start.idle_lock_minutes),
            questions: StoredValue::new(
                start
                    .questions
                    .iter()
                    .map(|q| (q.clone(), RwSignal::new(q.text.clone())))
                    .collect(),
            ),
            templates: StoredValue::new(
                start
                    .templates
                    .iter()
                    .map(|t| TemplateText {
                        template: t.clone(),
                        subject: RwSignal::new(t.subject.clone()),
                        body: RwSignal::new(t.body.clone()),
                    })
                    .collect(),
            ),
            event_templates: StoredValue::new(
                start
                    .event_templates
                    .iter()
                    .map(|t| EventTemplateText {
                        message: t.message,
                        subject: RwSignal::new(t.subject.clone()),
                        body: RwSignal::new(t.body.clone()),
                    })
                    .collect(),
            ),
        }
    }

    /// The policy as typed, or every field that is out of range.
    fn read(self) -> Result<AgencyPolicy, ValidationErrors> {
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
            thank_you_days: whole("policy-thank-you", "Days to thank", self.thank_you, 0, 365),
            decision_days: whole(
                "policy-decision",
                "Days to send a decision",
                self.decision,
                0,
                365,
            ),
            progress_after_days: whole(
                "policy-progress",
                "Days before a progress update",
                self.progress,
                0,
                365,
            ),
            feedback_after_days: whole(
                "policy-feedback",
                "Days before asking for feedback",
                self.feedback,
                0,
                365,
            ),
            review_months: whole("policy-review", "Months between reviews", self.review, 1, 24),
            gift_cap_cents: parse_dollars(&self.cap.get_untracked()).unwrap_or_else(|| {
                c.fail("policy-cap", "Yearly appreciation cap", Problem::Amount);
                0
            }),
            questions: self.questions.with_value(|qs| {
                qs.iter()
                    .map(|(q, t)| Question {
                        text: t.get_untracked().trim().to_string(),
                        ..q.clone()
                    })
                    .filter(|q| !q.text.is_empty())
                    .collect()
            }),
            templates: self.templates.with_value(|ts| {
                ts.iter()
                    .map(|t| Template {
                        purpose: t.template.purpose,
                        subject: t.subject.get_untracked(),
                        body: t.body.get_untracked(),
                    })
                    .collect()
            }),
            event_templates: self.event_templates.with_value(|ts| {
                ts.iter()
                    .map(|t| EventTemplate {
                        message: t.message,
                        subject: t.subject.get_untracked(),
                        body: t.body.get_untracked(),
                    })
                    .collect()
            }),
            idle_lock_minutes: self
                .idle_lock
                .get_untracked()
                .trim()
                .parse::<i64>()
                .map_err(|_| PolicyError::IdleLockOutOfRange {
                    given: 0,
                    min: *IDLE_LOCK_MINUTES.start(),
                    max: *IDLE_LOCK_MINUTES.end(),
                })
                .and_then(shared::idle_lock_minutes)
                .unwrap_or_else(|PolicyError::IdleLockOutOfRange { min, max, .. }| {
                    c.fail(
                        "policy-idle-lock",
                        "Minutes before this app locks",
                        Problem::WholeNumber { min, max },
                    );
                    0
                }),
        };
        c.finish(|| policy)
    }
}

/// Which part of the policy a screen edits.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Part {
    Deadlines,
    Templates,
}

#[component]
pub fn TeamPolicy() -> impl IntoView {
    view! {
        <BackToSettings />
        <h1>"Team policy"</h1>
        <PolicyForm part=Part::Deadlines />
    }
}

/// The policy form, showing `part`; saving keeps the other part as it was opened.
#[component]
pub(super) fn PolicyForm(part: Part) -> impl IntoView {
    let app = use_app();
    let start = app.network.with_untracked(|n| n.policy());
    let fields = Fields::new(&start);
    let opened = StoredValue::new(start);
    let errors = RwSignal::new(None::<ValidationErrors>);
    let save_error = RwSignal::new(None::<String>);
    let done = RwSignal::new(String::new());
    let save = Action::new_local(move |policy: &AgencyPolicy| {
        let policy = policy.clone();
        async move {
            match app.save_edit(opened.get_value(), policy).await {
                Ok(()) => done.set("Saved for the whole team.".into()),
                Err(e) => save_error.set(Some(e.to_string())),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match fields.read() {
            Err(e) => errors.set(Some(e)),
            Ok(policy) => {
                errors.set(None);
                save.dispatch_local(policy);
            }
        }
    };
    let (title, button) = match part {
        Part::Deadlines => ("Follow-through deadlines", "Save policy"),
        Part::Templates => ("Message templates", "Save templates"),
    };
    view! {
        <form class="card form" novalidate on:submit=submit aria-label=title>
            <ErrorSummary errors save_error />
            {match part {
                Part::Deadlines => view! {
                    <h2>{title}</h2>
                    <p class="hint">"Deadlines count calendar days in this tablet's time zone. Changes apply to the whole team."</p>
                    <Deadlines fields errors />
                    <h3>"Review questions"</h3>
                    <QuestionFields fields />
                    <h3>"Tablet lock"</h3>
                    <TextField id="policy-idle-lock" label="Lock this app after this many minutes without use"
                        value=fields.idle_lock errors inputmode="numeric"
                        hint="1 to 60 minutes; also when the app was put away for longer. Applies to every tablet of the team." />
                }.into_any(),
                Part::Templates => view! { <super::templates::Templates fields /> }.into_any(),
            }}
            <div class="actions"><button type="submit" class="primary">{button}</button></div>
            <p class="announcement" role="status">{move || done.get()}</p>
        </form>
    }
}

#[component]
fn Deadlines(fields: Fields, errors: RwSignal<Option<ValidationErrors>>) -> impl IntoView {
    let Fields { thank_you, decision, progress, feedback, review, cap, .. } = fields;
    view! {
        <div class="two deadlines">
            <TextField id="policy-thank-you" label="Days to thank the referrer" value=thank_you errors inputmode="numeric" />
            <TextField id="policy-decision" label="Days to send a decision" value=decision errors inputmode="numeric" />
            <TextField id="policy-progress" label="Days after services start for a progress update" value=progress errors inputmode="numeric" />
            <TextField id="policy-feedback" label="Days after that to ask for feedback" value=feedback errors inputmode="numeric" />
            <TextField id="policy-review" label="Months between key-partner reviews" value=review errors inputmode="numeric" />
            <TextField id="policy-cap" label="Yearly appreciation cap per person, in dollars" value=cap errors inputmode="decimal"
                hint="Default: the 2026 physician non-monetary compensation limit ($535). Ask your compliance lead." />
        </div>
    }
}

#[component]
fn QuestionFields(fields: Fields) -> impl IntoView {
    fields.questions.with_value(|qs| qs.iter().enumerate().map(|(i, (q, t))| {
        let id = format!("policy-question-{i}");
        let t = *t;
        view! {
            <div class="field">
                <label for=id.clone()>{format!("Question {} ({})", i + 1, if q.scored { "score 1–5" } else { "free text" })}</label>
                <input id=id type="text" bind:value=t />
            </div>
        }
    }).collect_view())
}
