//! The data on this tablet: how much is stored, importing and exporting spreadsheets, the
//! sample agency, and recovery of damaged data. The large five-year sample, a benchmark tool,
//! shows only with `?dev=1` in the address.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::sample::SampleSize;

use super::BackToSettings;
use crate::state::{AppState, use_app};
use crate::storage::Quarantined;

#[component]
pub fn DataSettings() -> impl IntoView {
    view! {
        <BackToSettings />
        <h1>"Data"</h1>
        <StorageInfo />
        <section class="card" aria-labelledby="import-title">
            <h2 id="import-title">"Import"</h2>
            <p>"Bring in the partners and contacts your agency keeps in a spreadsheet. You check every row before anything is written, and can undo an import later."</p>
            <div class="actions"><a class="button" href="/settings/import">"Import partners and contacts"</a></div>
        </section>
        <super::export::ExportData />
        <SampleData />
        <Recovery />
    }
}

/// Loads a sample agency into the empty app, reporting progress, and calls `done` once it is
/// stored. Also what the first screen's welcome runs, through the settings chunk; it passes no
/// `done`, since Today itself fills with the sample (and the welcome is gone by then).
pub fn load_sample(
    app: AppState,
    size: SampleSize,
    progress: RwSignal<Option<(usize, usize)>>,
    error: RwSignal<Option<String>>,
    done: Option<Callback<()>>,
) {
    error.set(None);
    progress.set(Some((0, 1)));
    leptos::task::spawn_local(async move {
        let result =
            app.load_sample(size, move |step, total| progress.set(Some((step, total)))).await;
        progress.set(None);
        match result {
            Ok(()) => {
                if let Some(done) = done {
                    done.run(());
                }
            }
            Err(m) => error.set(Some(m.to_string())),
        }
    });
}

#[component]
fn StorageInfo() -> impl IntoView {
    let app = use_app();
    let estimate = LocalResource::new(storage_estimate);
    view! {
        <section class="card" aria-labelledby="storage-title">
            <h2 id="storage-title">"Storage on this tablet"</h2>
            <p>{move || {
                let (p, c, r, t) = app.network.with(|n| n.counts());
                format!("{p} partners, {c} contacts, {r} referrals and {t} touchpoints are stored here.")
            }}</p>
            <p>{move || estimate.get().flatten().unwrap_or_else(|| "Checking storage…".into())}</p>
        </section>
    }
}

/// Usage and whether the browser promised to keep our data.
async fn storage_estimate() -> Option<String> {
    let storage = window().navigator().storage();
    let persisted = wasm_bindgen_futures::JsFuture::from(storage.persisted().ok()?)
        .await
        .ok()?
        .as_bool()
        .unwrap_or(false);
    let estimate: web_sys::StorageEstimate =
        wasm_bindgen_futures::JsFuture::from(storage.estimate().ok()?).await.ok()?.into();
    let used = estimate.get_usage().unwrap_or(0.0) / 1_048_576.0;
    let quota = estimate.get_quota().unwrap_or(0.0) / 1_048_576.0;
    Some(format!(
        "Using {used:.1} MB of {quota:.0} MB available. {}",
        if persisted {
            "The browser will keep this data even when space runs low."
        } else {
            "The browser has not promised to keep this data if space runs low; install Rapport to the home screen to make it persistent."
        }
    ))
}

#[component]
fn SampleData() -> impl IntoView {
    let app = use_app();
    let progress = RwSignal::new(None::<(usize, usize)>);
    let error = RwSignal::new(None::<String>);
    let navigate = leptos_router::hooks::use_navigate();
    let done = Callback::new(move |()| navigate("/partners", Default::default()));
    let load = move |size| load_sample(app, size, progress, error, Some(done));
    // The benchmark's dataset: far too big to explore, so only for whoever asks for it.
    let dev = use_query_map().with_untracked(|q| q.get("dev").is_some_and(|v| v == "1"));
    let remove = move |_| {
        leptos::task::spawn_local(async move {
            if let Err(m) = app.remove_all_data().await {
                error.set(Some(m.to_string()));
            }
        });
    };
    let empty = move || app.network.with(|n| n.is_empty());
    view! {
        <section class="card" id="sample" aria-labelledby="sample-title">
            <h2 id="sample-title">"Sample agency"</h2>
            <Show when=move || app.settings.with(|s| s.sample_data)
                fallback=move || view! {
                    <p>"Explore Rapport with a made-up agency: invented partners, contacts and referrals (participants appear as initials only). It is clearly marked as sample data, and you can remove it here."</p>
                    <Show when=empty fallback=|| view! { <p class="hint">"Sample data can only be loaded into an empty Rapport."</p> }>
                        <div class="actions">
                            <button type="button" class="primary" on:click=move |_| load(SampleSize::Demo) disabled=move || progress.get().is_some()>"Load the sample agency"</button>
                            {dev.then(|| view! {
                                <button type="button" on:click=move |_| load(SampleSize::LargeFiveYears) disabled=move || progress.get().is_some()>"Load large 5-year sample (for testing speed)"</button>
                            })}
                        </div>
                    </Show>
                }>
                <p>"This tablet holds the sample agency. Remove it before entering real partners."</p>
                <div class="actions"><button type="button" class="danger" on:click=remove>"Remove sample data"</button></div>
            </Show>
            <SampleProgress progress error />
        </section>
    }
}

/// How far loading the sample has got, or why it failed.
#[component]
fn SampleProgress(
    progress: RwSignal<Option<(usize, usize)>>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    view! {
        {move || progress.get().map(|(done, total)| view! {
            <p role="status"><progress max=total value=done aria-label="Loading sample data"></progress>
                {format!(" Writing sample data: {done} of {total} documents")}</p>
        })}
        {move || error.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
    }
}

#[component]
fn Recovery() -> impl IntoView {
    let app = use_app();
    let refresh = RwSignal::new(0u32);
    let items = LocalResource::new(move || {
        refresh.track();
        async move {
            match app.repo() {
                Some(repo) => repo.store().quarantined().await.map_err(|e| e.to_string()),
                None => Ok(Vec::new()),
            }
        }
    });
    let discard = move |key: f64| {
        leptos::task::spawn_local(async move {
            if let Some(repo) = app.repo() {
                let _ = repo.store().discard_quarantined(key).await;
            }
            refresh.update(|n| *n += 1);
        });
    };
    view! {
        <section class="card" aria-labelledby="recovery-title">
            <h2 id="recovery-title">"Recovery"</h2>
            {move || match items.get() {
                None => view! { <p>"Checking…"</p> }.into_any(),
                Some(Err(m)) => view! { <p class="error">{m}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p>"No damaged data. Everything stored on this tablet could be read."</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <p>"Rapport could not read these pieces of stored data and set them aside instead of overwriting them. Download each to keep a copy for support; discard it once you have."</p>
                    <ul class="rows">
                        {list.into_iter().map(|q| {
                            let key = q.key;
                            view! {
                                <li class="row static">
                                    <span class="row-main">
                                        <span class="row-title">{q.doc.clone()}</span>
                                        <span class="row-sub">{format!("{} bytes · {}", q.bytes.len(), q.message)}</span>
                                    </span>
                                    <button type="button" on:click=move |_| download(&q)>"Download"</button>
                                    <button type="button" class="danger" on:click=move |_| discard(key)>"Discard"</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

/// Saves a quarantined chunk as a file through the browser.
fn download(q: &Quarantined) {
    let name = format!("rapport-{}-{}.automerge", q.doc.replace('/', "-"), q.chunk);
    let _ = crate::files::download(&q.bytes, &name, "application/octet-stream");
}
