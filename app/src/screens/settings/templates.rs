//! The team's message templates, each beside a live preview: the template filled from a made-up
//! referral by the same function that fills the drafts staff send, so nobody has to read raw
//! `{placeholders}` to know what a referrer will get.

use leptos::prelude::*;
use shared::Code;
use shared::workflow::messages::{PLACEHOLDERS, unknown_placeholders};
use shared::workflow::preview::preview;

use super::BackToSettings;
use super::policy::{Fields, Part, PolicyForm, TemplateText};
use crate::state::use_app;

#[component]
pub fn MessageTemplates() -> impl IntoView {
    view! {
        <BackToSettings />
        <h1>"Message templates"</h1>
        <p class="sub settings-lead">"What Rapport drafts for each follow-up. Changes apply to the whole team."</p>
        <PolicyForm part=Part::Templates />
    }
}

/// Every purpose's template, flagging placeholders Rapport would send as typed.
#[component]
pub(super) fn Templates(fields: Fields) -> impl IntoView {
    view! {
        <p class="hint">{format!(
            "Words in braces are filled in for each message: {}. Participant details appear only as far as the participant agreed. Each preview is filled from a made-up referral.",
            PLACEHOLDERS.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(" ")
        )}</p>
        {fields.templates.with_value(|ts| ts.iter().cloned().map(|t| view! { <TemplateEditor t /> }).collect_view())}
    }
}

#[component]
fn TemplateEditor(t: TemplateText) -> impl IntoView {
    let app = use_app();
    let code = t.template.purpose.code();
    let label = t.template.purpose.label();
    let (s, b) = (t.subject, t.body);
    let template = t.template;
    // Filled again on every keystroke: the preview is the point of this screen.
    let filled = Memo::new(move |_| {
        let staff = app.settings.with(|x| x.staff_name.clone());
        let typed = shared::Template { subject: s.get(), body: b.get(), ..template.clone() };
        preview(&typed, &staff)
    });
    view! {
        <fieldset class="field template">
            <legend>{label}</legend>
            <div class="template-pair">
                <div class="template-edit">
                    <label for=format!("template-{code}-subject")>"Subject"</label>
                    <input id=format!("template-{code}-subject") type="text" bind:value=s />
                    <label for=format!("template-{code}-body")>"Message"</label>
                    <textarea id=format!("template-{code}-body") rows="11" bind:value=b></textarea>
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
                </div>
                <section class="template-preview" aria-label=format!("Preview: {label}")>
                    <p class="hint">"Preview"</p>
                    <p class="preview-subject">{move || filled.with(|d| d.subject.clone())}</p>
                    <p class="preview-body">{move || filled.with(|d| d.body.clone())}</p>
                </section>
            </div>
        </fieldset>
    }
}
