//! The composer's two asks of the person: their name, before anything is signed with it, and,
//! for a contact who prefers the phone, a call script with a `tel:` link and "Log the call".

use leptos::prelude::*;
use shared::Channel;
use shared::validation::{Checker, ValidationErrors};
use shared::workflow::messages::{call_script, tel};

use super::message::Message;
use crate::components::{ErrorSummary, TextField};

/// "Your name", asked inline when this tablet has none, instead of signing with its name.
#[component]
pub(super) fn SignAs(m: Message) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let errors = RwSignal::new(None::<ValidationErrors>);
    let save_error = RwSignal::new(None::<String>);
    let sign = move |_| {
        let mut check = Checker::default();
        let typed = check.text("compose-staff", "Your name", &name.get_untracked(), true, 80);
        match check.finish(|| typed) {
            Err(e) => errors.set(Some(e)),
            Ok(typed) => {
                errors.set(None);
                m.app.settings.update(|s| s.staff_name = typed);
                match m.app.settings.with_untracked(|s| s.save()) {
                    // Signed now, so the draft is filled again with the name.
                    Ok(()) => m.redraft(m.contact.get_untracked()),
                    Err(e) => save_error.set(Some(e.to_string())),
                }
            }
        }
    };
    view! {
        <div class="sign-as" role="group" aria-labelledby="sign-as-title">
            <h2 id="sign-as-title">"Who is sending this?"</h2>
            <ErrorSummary errors save_error />
            <TextField id="compose-staff" label="Your name" value=name errors required=true autocomplete="name"
                hint="Signs your messages and shows who logged a touchpoint. Saved on this tablet." />
            <button type="button" class="primary" on:click=sign>"Sign with my name"</button>
        </div>
    }
}

/// What to say, the number to dial, and logging the call once it is done.
#[component]
pub(super) fn CallScript(m: Message, log: Action<Channel, ()>) -> impl IntoView {
    let name = move || m.person(|p| p.name.clone()).unwrap_or_default();
    let phone = move || m.person(|p| p.phone.clone()).unwrap_or_default();
    let script = move || {
        let staff = m.app.settings.with(|s| s.staff_name.clone());
        call_script(&m.current(), &name(), &staff)
    };
    view! {
        <section class="call-script" aria-labelledby="call-title">
            <h2 id="call-title">{move || format!("{} prefers a phone call", name())}</h2>
            <ol class="script" aria-label="Call script">
                {move || script().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
            </ol>
            <div class="actions">
                <a class="button primary" href=move || tel(&phone())
                    aria-disabled=move || phone().is_empty().then_some("true")>{move || format!("Call {}", name())}</a>
                <button type="button" disabled=move || log.pending().get()
                    on:click=move |_| { log.dispatch_local(Channel::Call); }>"Log the call"</button>
            </div>
            <Show when=move || phone().is_empty()>
                <p class="hint">"No phone number on file for this contact; add one on the partner's page."</p>
            </Show>
        </section>
    }
}
