//! Settings › Data › Import: a spreadsheet of partners and contacts read on the tablet,
//! its columns matched to Rapport's fields, every row checked and possible duplicates settled
//! before anything is written; then written with progress and a Cancel, as one batch the
//! history below can undo.

mod history;
mod mapping;
mod plan;

use chrono::Utc;
use leptos::prelude::*;
use shared::network::duplicates::DuplicateIndex;
use shared::spreadsheet::{
    Choices, Column, ImportPlan, Table, columns_set_twice, plan_import, read_table, suggest_columns,
};
use wasm_bindgen::JsCast;

use crate::state::{ImportRun, use_app};
use history::ImportHistory;
use mapping::{ColumnMapping, Preview};
use plan::{PlanView, Progress};

/// The file staff picked, read into a table.
#[derive(Clone, PartialEq)]
pub struct Loaded {
    pub file: String,
    pub table: Table,
}

#[component]
pub fn ImportData() -> impl IntoView {
    let app = use_app();
    let loaded = RwSignal::new(None::<Loaded>);
    let mapping = RwSignal::new(Vec::<Option<Column>>::new());
    // Fields two columns are set to fill: the mapping names them and the import waits.
    let set_twice = Memo::new(move |_| mapping.with(|m| columns_set_twice(m)));
    let choices = RwSignal::new(Choices::new());
    let error = RwSignal::new(None::<String>);
    let outcome = RwSignal::new(None::<String>);
    let progress = RwSignal::new(None::<(usize, usize)>);
    let cancel = RwSignal::new(false);
    // Duplicates are judged against the records as they were when the file was read, so the
    // import's own writes do not turn its rows into duplicates of themselves.
    let plan = Memo::new(move |_| {
        loaded.with(|l| {
            let l = l.as_ref()?;
            let index = app.network.with_untracked(DuplicateIndex::new);
            Some(
                mapping.with(|m| choices.with(|c| plan_import(&l.table, m, &index, c, Utc::now()))),
            )
        })
    });
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        error.set(None);
        outcome.set(None);
        leptos::task::spawn_local(async move {
            match read_file(&file).await {
                Ok(table) => {
                    mapping.set(suggest_columns(&table.headers));
                    choices.set(Choices::new());
                    loaded.set(Some(Loaded { file: file.name(), table }));
                }
                Err(m) => {
                    loaded.set(None);
                    error.set(Some(m));
                }
            }
        });
    };
    let start = move |_| {
        let (Some(file), Some(ImportPlan { new_partners, new_contacts, .. })) =
            (loaded.with_untracked(|l| l.as_ref().map(|l| l.file.clone())), plan.get_untracked())
        else {
            return;
        };
        cancel.set(false);
        error.set(None);
        let run = ImportRun {
            file: file.clone(),
            partners: new_partners,
            contacts: new_contacts,
            cancelled: Box::new(move || cancel.get_untracked()),
        };
        let total = run.partners.len() + run.contacts.len();
        progress.set(Some((0, total)));
        leptos::task::spawn_local(async move {
            let result = app.import_records(run, move |d, t| progress.set(Some((d, t)))).await;
            progress.set(None);
            match result {
                Ok(batch) => {
                    let (p, c) = (batch.partners.len(), batch.contacts.len());
                    let what = format!(
                        "{} and {}",
                        crate::format::count(p, "partner", "partners"),
                        crate::format::count(c, "contact", "contacts")
                    );
                    outcome.set(Some(if p + c < total {
                        format!("Import cancelled: {what} from {file} were written. They are kept as one import, which you can undo under Past imports.")
                    } else {
                        format!("Imported {what} from {file}.")
                    }));
                    loaded.set(None);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let busy = Signal::derive(move || progress.get().is_some());
    view! {
        <p class="breadcrumb"><a href="/settings">"Settings"</a>" › "<a href="/settings/data">"Data"</a></p>
        <h1>"Import partners and contacts"</h1>
        <section class="card" aria-labelledby="pick-title">
            <h2 id="pick-title">"Choose a spreadsheet"</h2>
            <p>"Save the sheet as CSV (comma or semicolon separated, UTF-8 or Windows) with the column names in the first row. Nothing is written until you press Import."</p>
            <label for="import-file">"CSV file"</label>
            <input id="import-file" type="file" accept=".csv,text/csv" on:change=on_file disabled=busy />
            {move || error.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
            {move || outcome.get().map(|m| view! { <p class="import-done" role="status">{m}</p> })}
        </section>
        <Show when=move || loaded.with(Option::is_some)>
            <ColumnMapping loaded mapping set_twice />
            <Preview loaded />
            <PlanView loaded mapping plan choices busy set_twice on_import=Callback::new(start) />
        </Show>
        <Progress progress on_cancel=Callback::new(move |()| cancel.set(true)) cancelling=cancel />
        <ImportHistory busy />
    }
}

/// Reads the picked file's bytes and parses them; the error says what to do.
async fn read_file(file: &web_sys::File) -> Result<Table, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await.map_err(|_| {
        "The file could not be read. Check that it is still on this tablet, then choose it again."
            .to_string()
    })?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    read_table(&bytes).map_err(|e| {
        let mut m = e.to_string();
        if let Some(first) = m.get(..1) {
            m = first.to_uppercase() + &m[1..];
        }
        format!("{m}.")
    })
}
