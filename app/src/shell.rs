//! The frame around every screen: navigation, device status, data banners, and routes.

use leptos::prelude::*;
use leptos_router::components::{A, Router};

use crate::repo::DataProblem;
use crate::routes::AppRoutes;
use crate::screens::TodayCount;
use crate::state::{AppState, Boot, use_app};

#[component]
pub fn App() -> impl IntoView {
    let app = AppState::new();
    provide_context(app);
    leptos::task::spawn_local(crate::boot::start(app));
    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="topbar">
                <a class="brand" href="/">"Rapport"</a>
                <nav aria-label="Main">
                    <A href="/" exact=true>"Today"<TodayCount /></A>
                    <A href="/partners">"Partners"</A>
                    <A href="/referrals">"Referrals"</A>
                    <A href="/team">"Team"</A>
                    <A href="/settings">"Settings"</A>
                </nav>
                <crate::components::DeviceStatus />
            </header>
            // A labelled region, so the notices sit in a landmark like everything else.
            <section class="notices" aria-label="Notices"><DataBanners /></section>
            <main id="main" tabindex="-1">
                {move || match app.boot.get() {
                    Boot::Opening => view! {
                        <p class="opening" role="status">"Opening Rapport…"</p>
                    }.into_any(),
                    Boot::Failed(message) => view! {
                        <section class="card fatal" role="alert">
                            <h1>"Rapport could not open its data"</h1>
                            <p>{message}</p>
                            <p>"Nothing has been changed or deleted. Close other Rapport tabs, then reload this page."</p>
                            <button type="button" on:click=|_| { let _ = window().location().reload(); }>"Reload"</button>
                        </section>
                    }.into_any(),
                    Boot::Ready => view! { <AppRoutes /> }.into_any(),
                }}
            </main>
        </Router>
    }
}

/// Sample-data notice and anything wrong with stored data, with what to do about it.
#[component]
fn DataBanners() -> impl IntoView {
    let app = use_app();
    // Over plain http:// from another machine the browser withholds the service worker,
    // persistent storage and Web Locks; say so rather than fail later and quietly.
    let insecure = !window().is_secure_context();
    view! {
        <Show when=move || insecure>
            <div class="banner problem" role="alert">
                <p>
                    <strong>"This address is not secure (http://), so Rapport cannot work offline, keep its data safe on this tablet, or sync with your team. "</strong>
                    "Ask whoever runs your Rapport relay for its https:// address and open that instead."
                </p>
            </div>
        </Show>
        <Show when=move || app.settings.with(|s| s.sample_data)>
            <div class="banner sample" role="note">
                <p>
                    "You are looking at a made-up sample agency. Remove it in "
                    <a href="/settings/data#sample">"Settings → Data"</a>" before entering real partners."
                </p>
            </div>
        </Show>
        <Show when=move || app.problems.with(|p| !p.is_empty())>
            <div class="banner problem" role="alert">
                <ul>
                    {move || app.problems.get().into_iter().map(|p| view! { <li>{describe(&p)}</li> }).collect_view()}
                </ul>
                <button type="button" on:click=move |_| app.problems.set(Vec::new())>"Dismiss"</button>
            </div>
        </Show>
    }
}

fn describe(problem: &DataProblem) -> String {
    match problem {
        DataProblem::SetAside { doc, message } => format!(
            "Part of the stored data ({doc}) could not be read, so Rapport set it aside instead of \
             overwriting it ({message}). Everything else is safe. Download it from Settings → Data → \
             Recovery to keep a copy for support."
        ),
        DataProblem::UnreadableRecords { doc, problems } => format!(
            "{} in {doc} could not be shown; they may come from a newer version of Rapport. \
             Update the app on this tablet; the records are kept unchanged.",
            crate::format::count(problems.len(), "record", "records")
        ),
        DataProblem::Storage(message) => format!("Storage problem: {message}"),
    }
}
