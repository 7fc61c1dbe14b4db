//! Labelled form controls whose errors are announced and tied to the control
//! (`aria-invalid`, `aria-describedby`), plus the error summary every form shows on submit.

use leptos::html;
use leptos::prelude::*;
use shared::Code;
use shared::validation::ValidationErrors;

pub type Errors = RwSignal<Option<ValidationErrors>>;

fn field_error(errors: Errors, id: &'static str) -> impl Fn() -> Option<String> + Copy {
    move || errors.with(|e| e.as_ref().and_then(|e| e.for_field(id)))
}

/// The `aria-describedby` of a control in a `FieldFrame`: its hint and its error, if shown.
pub fn described_by(id: &'static str, hint: bool, error: bool) -> Option<String> {
    let ids: Vec<String> =
        [hint.then(|| format!("{id}-hint")), error.then(|| format!("{id}-error"))]
            .into_iter()
            .flatten()
            .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// Label, optional hint, and the field's error right under it. `announce` makes the error an
/// alert, for forms without an error summary.
#[component]
pub fn FieldFrame(
    id: &'static str,
    label: &'static str,
    #[prop(default = None)] hint: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] announce: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label for=id>
                {label}
                {required.then(|| view! { <span class="required">" (required)"</span> })}
            </label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{h}</p> })}
            {children()}
            <Show when=move || error.with(Option::is_some)>
                <p class="error" id=format!("{id}-error") role=announce.then_some("alert")>{error}</p>
            </Show>
        </div>
    }
}

#[component]
pub fn TextField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    errors: Errors,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let error = field_error(errors, id);
    view! {
        <FieldFrame id label hint required error=Signal::derive(error)>
            <input
                id=id
                name=id
                type=kind
                bind:value=value
                autocomplete=autocomplete.unwrap_or("off")
                inputmode=inputmode
                aria-required=required.then_some("true")
                aria-invalid=move || error().is_some().then_some("true")
                aria-describedby=move || described_by(id, hint.is_some(), error().is_some())
            />
        </FieldFrame>
    }
}

#[component]
pub fn TextArea(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    errors: Errors,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let error = field_error(errors, id);
    view! {
        <FieldFrame id label hint error=Signal::derive(error)>
            <textarea
                id=id
                name=id
                rows="3"
                bind:value=value
                aria-invalid=move || error().is_some().then_some("true")
                aria-describedby=move || described_by(id, hint.is_some(), error().is_some())
            ></textarea>
        </FieldFrame>
    }
}

/// A picker for a closed vocabulary (kind, role, status…).
#[component]
pub fn CodeSelect<T: Code + Send + Sync>(
    id: &'static str,
    label: &'static str,
    value: RwSignal<T>,
    errors: Errors,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let error = field_error(errors, id);
    view! {
        <FieldFrame id label hint error=Signal::derive(error)>
            <select
                id=id
                name=id
                on:change=move |ev| {
                    if let Some(v) = T::from_code(&event_target_value(&ev)) {
                        value.set(v);
                    }
                }
                aria-invalid=move || error().is_some().then_some("true")
                aria-describedby=move || described_by(id, hint.is_some(), error().is_some())
            >
                {T::ALL
                    .iter()
                    .map(|v| {
                        let v = *v;
                        view! { <option value=v.code() selected=move || value.get() == v>{v.label()}</option> }
                    })
                    .collect_view()}
            </select>
        </FieldFrame>
    }
}

/// A picker over arbitrary `(value, label)` options.
#[component]
pub fn Select(
    id: &'static str,
    label: &'static str,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    value: RwSignal<String>,
    errors: Errors,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let error = field_error(errors, id);
    let hint = (!hint.is_empty()).then_some(hint);
    view! {
        <FieldFrame id label hint required error=Signal::derive(error)>
            <select
                id=id
                name=id
                on:change=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || error().is_some().then_some("true")
                aria-describedby=move || described_by(id, hint.is_some(), error().is_some())
            >
                <For each=move || options.get() key=|(v, l)| (v.clone(), l.clone()) let((v, l))>
                    <option value=v.clone() selected=move || value.get() == v>{l}</option>
                </For>
            </select>
        </FieldFrame>
    }
}

/// A list filter: "All …" or one value of a closed vocabulary.
#[component]
pub fn FilterSelect<T: Code + Send + Sync>(
    id: &'static str,
    label: &'static str,
    all_label: &'static str,
    value: RwSignal<Option<T>>,
) -> impl IntoView {
    view! {
        <div class="filter">
            <label for=id>{label}</label>
            <select id=id on:change=move |ev| value.set(T::from_code(&event_target_value(&ev)))>
                <option value="" selected=move || value.get().is_none()>{all_label}</option>
                {T::ALL
                    .iter()
                    .map(|v| {
                        let v = *v;
                        view! {
                            <option value=v.code() selected=move || value.get() == Some(v)>{v.label()}</option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// Lists every problem after a failed submit, takes focus so screen readers announce it, and
/// lets the user jump to each field.
#[component]
pub fn ErrorSummary(errors: Errors, save_error: RwSignal<Option<String>>) -> impl IntoView {
    let node = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        let show = errors.with(Option::is_some) || save_error.with(Option::is_some);
        if show && let Some(el) = node.get() {
            let _ = el.focus();
        }
    });
    let focus = |id: &'static str| {
        move |_| {
            if let Some(el) = document().get_element_by_id(id)
                && let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el)
            {
                let _ = el.focus();
            }
        }
    };
    view! {
        <div class="error-summary" role="alert" tabindex="-1" node_ref=node
            hidden=move || errors.with(Option::is_none) && save_error.with(Option::is_none)>
            {move || save_error.get().map(|m| view! { <p class="save-error">{m}</p> })}
            {move || errors.get().map(|e| view! {
                <p>{format!("Nothing was saved. Please fix {}:", crate::format::count(e.0.len(), "problem", "problems"))}</p>
                <ul>
                    {e.0.iter().map(|f| view! {
                        <li><button type="button" class="link" on:click=focus(f.field)>{f.to_string()}</button></li>
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}
