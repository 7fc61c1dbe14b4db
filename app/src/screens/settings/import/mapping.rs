//! Which Rapport field each column fills, suggested from its header, and the file's first
//! rows, so staff can see the suggestion is right before anything is checked.

use leptos::prelude::*;
use shared::spreadsheet::Column;

use super::Loaded;

/// Rows of the file shown before importing.
const PREVIEW_ROWS: usize = 5;

#[component]
pub fn ColumnMapping(
    loaded: RwSignal<Option<Loaded>>,
    mapping: RwSignal<Vec<Option<Column>>>,
    set_twice: Memo<Vec<Column>>,
) -> impl IntoView {
    let headers =
        move || loaded.with(|l| l.as_ref().map(|l| l.table.headers.clone()).unwrap_or_default());
    view! {
        <section class="card" aria-labelledby="mapping-title">
            <h2 id="mapping-title">"Match the columns"</h2>
            <p>"Rapport suggested a field for each column from its name. Change any that are wrong; columns set to “Not imported” are left out."</p>
            <div class="mapping">
                {move || headers().into_iter().enumerate().map(|(i, header)| {
                    let id = format!("column-{i}");
                    let example = loaded.with(|l| l.as_ref()
                        .and_then(|l| l.table.rows.iter().map(|r| r.get(i).cloned().unwrap_or_default()).find(|c| !c.is_empty()))
                        .unwrap_or_default());
                    let selected = move || mapping.with(|m| m.get(i).copied().flatten());
                    view! {
                        <div class="field mapping-row">
                            <label for=id.clone()>{header}</label>
                            <select id=id on:change=move |ev| {
                                let value = event_target_value(&ev);
                                let column = value.parse::<usize>().ok().and_then(|n| Column::ALL.get(n).copied());
                                mapping.update(|m| if let Some(slot) = m.get_mut(i) { *slot = column });
                            }>
                                <option value="" selected=move || selected().is_none()>"Not imported"</option>
                                {Column::ALL.into_iter().enumerate().map(|(n, c)| view! {
                                    <option value=n.to_string() selected=move || selected() == Some(c)>{c.label()}</option>
                                }).collect_view()}
                            </select>
                            {(!example.is_empty()).then(|| view! { <p class="hint">{format!("e.g. {example}")}</p> })}
                        </div>
                    }
                }).collect_view()}
            </div>
            {move || {
                let twice = set_twice.get();
                (!twice.is_empty()).then(|| {
                    let fields: Vec<&str> = twice.iter().map(|c| c.label()).collect();
                    view! {
                        <p class="error" role="alert">{format!(
                            "More than one column is set to {}. Set all but one of them to “Not imported” or to another field; the import waits until then.",
                            fields.join(" and ")
                        )}</p>
                    }
                })
            }}
        </section>
    }
}

#[component]
pub fn Preview(loaded: RwSignal<Option<Loaded>>) -> impl IntoView {
    let title = move || {
        loaded.with(|l| {
            l.as_ref().map_or(String::new(), |l| {
                let shown = l.table.rows.len().min(PREVIEW_ROWS);
                format!("The first {shown} of {} rows of {}", l.table.rows.len(), l.file)
            })
        })
    };
    view! {
        <section class="card" aria-labelledby="preview-title">
            <h2 id="preview-title">"Preview"</h2>
            <div class="table-scroll" role="region" aria-label="The file's first rows" tabindex="0">
                <table class="table">
                    <caption>{title}</caption>
                    {move || loaded.with(|l| l.as_ref().map(|l| view! {
                        <thead><tr>
                            <th scope="col">"Line"</th>
                            {l.table.headers.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view()}
                        </tr></thead>
                        <tbody>
                            {l.table.rows.iter().take(PREVIEW_ROWS).enumerate().map(|(i, row)| view! {
                                <tr>
                                    <td>{i + 2}</td>
                                    {(0..l.table.headers.len()).map(|c| view! { <td>{row.get(c).cloned().unwrap_or_default()}</td> }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    }))}
                </table>
            </div>
        </section>
    }
}
