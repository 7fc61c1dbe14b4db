//! What an empty Rapport shows on Today: who is using the tablet (their name signs messages),
//! then three ways in: the made-up sample agency to try things, the first real partner, or the
//! team's invite. Only an empty app shows it, so its code is a chunk of its own (`welcome`),
//! fetched when Today finds no data; loading the sample runs in the settings chunk, so its
//! generator is not part of the first download either.

use leptos::prelude::*;
use shared::validation::{Checker, ValidationErrors};
use wasm_split_helpers::{SplitLoaderError, wasm_split};

use crate::components::{ErrorSummary, InstallAction, TextField};
use crate::state::{AppState, use_app};

/// Occurs when the settings chunk, which holds the sample generator, could not be downloaded.
#[derive(Debug, thiserror::Error)]
#[error(
    "Rapport needs a connection to load the sample agency the first time; check it and try again"
)]
struct SampleCodeMissing;

impl From<SplitLoaderError> for SampleCodeMissing {
    fn from(_: SplitLoaderError) -> Self {
        SampleCodeMissing
    }
}

split_fn! {
    settings,
    /// Starts loading the sample agency; the work and its code live in the settings chunk.
    fn start_sample(
        app: AppState,
        progress: RwSignal<Option<(usize, usize)>>,
        error: RwSignal<Option<String>>,
    ) -> Result<(), SampleCodeMissing> {
        super::settings::load_sample(app, shared::sample::SampleSize::Demo, progress, error, None);
        Ok(())
    }
}

/// Occurs when the welcome's chunk could not be downloaded (first visit, connection lost).
#[derive(Debug, Clone, thiserror::Error)]
#[error("the welcome could not be downloaded")]
struct WelcomeMissing;

impl From<SplitLoaderError> for WelcomeMissing {
    fn from(_: SplitLoaderError) -> Self {
        WelcomeMissing
    }
}

/// The welcome's cards, in their own chunk.
#[wasm_split(welcome, fallible)]
fn welcome_cards() -> Result<ViewFn, WelcomeMissing> {
    Ok(ViewFn::from(|| view! { <WelcomeCards /> }))
}

/// Today's content when there is no data yet: the welcome, once its chunk has loaded.
#[component]
pub fn Welcome() -> impl IntoView {
    let cards = LocalResource::new(welcome_cards);
    move || match cards.get() {
        None => view! { <p class="opening" role="status">"Opening the welcome…"</p> }.into_any(),
        Some(Ok(cards)) => cards.run(),
        Some(Err(e)) => view! {
            <section class="card fatal" role="alert">
                <h2>"Welcome to Rapport"</h2>
                <p>{format!("Rapport needs a connection the first time it opens, and {e}. ")}
                    "Check the connection, then reload this page."</p>
            </section>
        }
        .into_any(),
    }
}

#[component]
fn WelcomeCards() -> impl IntoView {
    view! {
        <section class="card welcome" aria-labelledby="welcome-title">
            <h2 id="welcome-title">"Welcome to Rapport"</h2>
            <p>"Add your referral partners and Rapport will list here who is due a check-in, which referrals need a thank-you or an update, and which reviews and meetings are coming up."</p>
            <YourName />
        </section>
        <div class="welcome-ways">
            <TrySample />
            <section class="card" aria-labelledby="start-title">
                <h2 id="start-title">"Start for real"</h2>
                <p>"Enter the hospitals, practices and agencies that refer people to you."</p>
                <a class="button primary" href="/partners/new">"Add your first partner"</a>
            </section>
            <section class="card" aria-labelledby="join-title">
                <h2 id="join-title">"Already have a team?"</h2>
                <p>"Open the invite link a teammate sends you, and this tablet shares the team's records."</p>
                <a class="button" href="/join">"Join your team"</a>
            </section>
        </div>
        <InstallAction />
    }
}

/// "Your name", asked once so messages are signed by a person rather than a tablet.
#[component]
fn YourName() -> impl IntoView {
    let app = use_app();
    let name = RwSignal::new(app.settings.with_untracked(|s| s.staff_name.clone()));
    let errors = RwSignal::new(None::<ValidationErrors>);
    let save_error = RwSignal::new(None::<String>);
    let done = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut check = Checker::default();
        let typed = check.text("welcome-name", "Your name", &name.get_untracked(), true, 80);
        match check.finish(|| typed) {
            Err(e) => errors.set(Some(e)),
            Ok(typed) => {
                errors.set(None);
                leptos::task::spawn_local(async move {
                    match crate::access::rename_current(app, typed.clone()).await {
                        Ok(()) => done.set(format!(
                            "Thanks, {typed}. Your messages will be signed with this name."
                        )),
                        Err(e) => save_error.set(Some(e.to_string())),
                    }
                });
            }
        }
    };
    view! {
        <form class="form welcome-name" novalidate on:submit=submit>
            <ErrorSummary errors save_error />
            <TextField id="welcome-name" label="Your name" value=name errors required=true autocomplete="name"
                hint="Signs your messages and shows who logged a touchpoint." />
            <button type="submit">"Save name"</button>
            <p class="announcement" role="status">{move || done.get()}</p>
        </form>
    }
}

/// The made-up agency, to try every screen before entering anything real.
#[component]
fn TrySample() -> impl IntoView {
    let app = use_app();
    let progress = RwSignal::new(None::<(usize, usize)>);
    let error = RwSignal::new(None::<String>);
    let load = move |_| {
        error.set(None);
        leptos::task::spawn_local(async move {
            if let Err(e) = start_sample(app, progress, error).await {
                error.set(Some(e.to_string()));
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="sample-title">
            <h2 id="sample-title">"Try it first"</h2>
            <p>"The sample agency is made-up data to try Rapport with: invented partners, contacts and referrals. It is marked as sample data, and you can remove it in Settings."</p>
            <button type="button" class="primary" on:click=load disabled=move || progress.get().is_some()>"Load the sample agency"</button>
            {move || progress.get().map(|(step, total)| view! {
                <p role="status"><progress max=total value=step aria-label="Loading sample data"></progress>
                    {format!(" Writing sample data: {step} of {total} documents")}</p>
            })}
            {move || error.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
        </section>
    }
}
