//! The team's message templates, each beside a live preview: the template filled from a made-up
//! referral (or event) by the same function that fills the drafts staff send, so nobody has to
//! read raw `{placeholders}` to know what a referrer will get.

use leptos::prelude::*;
use shared::workflow::events::unknown_event_placeholders;
use shared::workflow::messages::{PLACEHOLDERS, unknown_placeholders};
use shared::workflow::preview::{preview, preview_event};
use shared::{Code, EVENT_PLACEHOLDERS, EventTemplate, Template};

use super::BackToSettings;
use super::policy::{EventTemplateText, Fields, Part, PolicyForm, TemplateText};
use crate::state::use_app;

#[component]
pub fn MessageTemplates() -> impl IntoView {
    view! {
        <BackToSettings />
        <h1>"Message templates"</h1>
        <p class="sub settings-lead">"What Rapport drafts for each follow-up and event. Changes apply to the whole team."</p>
        <PolicyForm part=Part::Templates />
    }
}

fn braces(names: &[&str]) -> String {
    names.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(" ")
}

/// Every template, flagging placeholders Rapport would send as typed.
#[component]
pub(super) fn Templates(fields: Fields) -> impl IntoView {
    view! {
        <p class="hint">{format!(
            "Words in braces are filled in for each message: {}. Participant details appear only as far as the participant agreed. Each preview is filled from a made-up referral.",
            braces(&PLACEHOLDERS)
        )}</p>
        {fields.templates.with_value(|ts| ts.iter().cloned().map(|t| view! { <TemplateEditor t /> }).collect_view())}
        <h2>"Event messages"</h2>
        <p class="hint">{format!(
            "Filled in for each event: {}. A line whose words in braces are all empty is left out, so “Where:” disappears for a webinar. The thank-you adds the event's materials after its first paragraph. Each preview is filled from a made-up webinar.",
            braces(&EVENT_PLACEHOLDERS)
        )}</p>
        {fields.event_templates.with_value(|ts| ts.iter().cloned().map(|t| view! { <EventTemplateEditor t /> }).collect_view())}
    }
}

#[component]
fn TemplateEditor(t: TemplateText) -> impl IntoView {
    let app = use_app();
    let (s, b) = (t.subject, t.body);
    let template = t.template;
    let purpose = template.purpose;
    // Filled again on every keystroke: the preview is the point of this screen.
    let filled = Memo::new(move |_| {
        let staff = app.settings.with(|x| x.staff_name.clone());
        let typed = Template { subject: s.get(), body: b.get(), ..template.clone() };
        let d = preview(&typed, &staff);
        (d.subject, d.body)
    });
    view! { <TemplatePair code=purpose.code() label=purpose.label() subject=s body=b unknown=unknown_placeholders filled /> }
}

#[component]
fn EventTemplateEditor(t: EventTemplateText) -> impl IntoView {
    let app = use_app();
    let (s, b) = (t.subject, t.body);
    let message = t.message;
    let filled = Memo::new(move |_| {
        let staff = app.settings.with(|x| x.staff_name.clone());
        preview_event(&EventTemplate { message, subject: s.get(), body: b.get() }, &staff)
    });
    view! { <TemplatePair code=message.code() label=message.label() subject=s body=b unknown=unknown_event_placeholders filled /> }
}

/// A template's subject and message beside its preview, and any placeholder it does not know.
#[component]
fn TemplatePair(
    code: &'static str,
    label: &'static str,
    subject: RwSignal<String>,
    body: RwSignal<String>,
    unknown: fn(&str) -> Vec<String>,
    filled: Memo<(String, String)>,
) -> impl IntoView {
    view! {
        <fieldset class="field template">
            <legend>{label}</legend>
            <div class="template-pair">
                <div class="template-edit">
                    <label for=format!("template-{code}-subject")>"Subject"</label>
                    <input id=format!("template-{code}-subject") type="text" bind:value=subject />
                    <label for=format!("template-{code}-body")>"Message"</label>
                    <textarea id=format!("template-{code}-body") rows="11" bind:value=body></textarea>
                    {move || {
                        let mut typo = unknown(&subject.get());
                        typo.extend(unknown(&body.get()));
                        (!typo.is_empty()).then(|| view! {
                            <p class="error" role="status">{format!(
                                "Not a placeholder Rapport knows, so it would be sent as typed: {}",
                                typo.iter().map(|u| format!("{{{u}}}")).collect::<Vec<_>>().join(" ")
                            )}</p>
                        })
                    }}
                </div>
                <section class="template-preview" aria-label=format!("Preview: {label}")>
                    <p class="hint">"Preview"</p>
                    <p class="preview-subject">{move || filled.with(|d| d.0.clone())}</p>
                    <p class="preview-body">{move || filled.with(|d| d.1.clone())}</p>
                </section>
            </div>
        </fieldset>
    }
}
