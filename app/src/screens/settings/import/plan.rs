//! What the import will do: counts, the rows with problems and why, each possible duplicate
//! with what it matches and staff's choice for it; and the progress of the write.

use leptos::prelude::*;
use shared::network::duplicates::{Because, Existing};
use shared::spreadsheet::{
    Choices, Column, DuplicateOf, ImportPlan, Resolution, RowDuplicate, Subject,
};

use super::Loaded;
use crate::format::count;
use crate::state::use_app;

#[component]
pub fn PlanView(
    loaded: RwSignal<Option<Loaded>>,
    mapping: RwSignal<Vec<Option<Column>>>,
    plan: Memo<Option<ImportPlan>>,
    choices: RwSignal<Choices>,
    busy: Signal<bool>,
    set_twice: Memo<Vec<Column>>,
    on_import: Callback<()>,
) -> impl IntoView {
    let counts = move || {
        plan.with(|p| p.as_ref().map_or((0, 0), |p| (p.new_partners.len(), p.new_contacts.len())))
    };
    let summary = move || {
        plan.with(|p| {
            p.as_ref().map_or(String::new(), |p| {
                format!(
                    "{} and {} to add. {} with problems. {}.",
                    count(p.new_partners.len(), "partner", "partners"),
                    count(p.new_contacts.len(), "contact", "contacts"),
                    count(p.problems.len(), "row", "rows"),
                    count(p.duplicates.len(), "possible duplicate", "possible duplicates"),
                )
            })
        })
    };
    let label = move || {
        let (p, c) = counts();
        format!(
            "Import {} and {}",
            count(p, "partner", "partners"),
            count(c, "contact", "contacts")
        )
    };
    let mapped_twice = move || set_twice.with(|t| !t.is_empty());
    view! {
        <section class="card" aria-labelledby="plan-title">
            <h2 id="plan-title">"Check and import"</h2>
            <p class="plan-summary">{summary}</p>
            <Problems plan />
            <Duplicates loaded mapping plan choices />
            <div class="actions">
                <button type="button" class="primary" on:click=move |_| on_import.run(())
                    disabled=move || busy.get() || counts() == (0, 0) || mapped_twice()>{label}</button>
            </div>
            {move || mapped_twice().then(|| view! {
                <p class="hint">"Two columns are set to the same field: change one under “Match the columns” to import."</p>
            })}
        </section>
    }
}

#[component]
fn Problems(plan: Memo<Option<ImportPlan>>) -> impl IntoView {
    let problems =
        move || plan.with(|p| p.as_ref().map(|p| p.problems.clone()).unwrap_or_default());
    view! {
        <Show when=move || !problems().is_empty()>
            <h3 id="problems-title">"Rows with problems"</h3>
            <p>"These rows are left out; the others can still be imported. Correct them in the spreadsheet and import them later, or add them by hand."</p>
            <ul class="problems" aria-labelledby="problems-title">
                {move || problems().into_iter().map(|p| view! {
                    <li><strong>{format!("Line {}: ", p.line)}</strong>{p.messages.join("; ")}</li>
                }).collect_view()}
            </ul>
        </Show>
    }
}

#[component]
fn Duplicates(
    loaded: RwSignal<Option<Loaded>>,
    mapping: RwSignal<Vec<Option<Column>>>,
    plan: Memo<Option<ImportPlan>>,
    choices: RwSignal<Choices>,
) -> impl IntoView {
    let app = use_app();
    let duplicates =
        move || plan.with(|p| p.as_ref().map(|p| p.duplicates.clone()).unwrap_or_default());
    let describe = move |d: &RowDuplicate| {
        let column = match d.subject {
            Subject::Partner => Column::Organization,
            Subject::Contact => Column::ContactName,
        };
        let name = loaded.with_untracked(|l| {
            mapping.with_untracked(|m| {
                let at = m.iter().position(|c| *c == Some(column))?;
                l.as_ref()?.table.rows.get(d.line.checked_sub(2)?)?.get(at).cloned()
            })
        });
        let what = match d.subject {
            Subject::Partner => "Partner",
            Subject::Contact => "Contact",
        };
        let of = app.network.with_untracked(|n| match d.of {
            DuplicateOf::Existing(Existing::Partner(id)) => {
                format!("the partner {}", n.partner(id).map_or("(removed)", |p| p.name.as_str()))
            }
            DuplicateOf::Existing(Existing::Contact(id)) => match n.contact(id) {
                Some(c) => format!(
                    "the contact {} at {}",
                    c.name,
                    n.partner(c.partner_id).map_or("", |p| p.name.as_str())
                ),
                None => "a contact since removed".into(),
            },
            DuplicateOf::EarlierRow(line) => format!("line {line} of this file"),
        });
        let because: Vec<String> = d.because.iter().map(|b| because_words(*b)).collect();
        let because =
            if because.is_empty() { String::new() } else { format!(" ({})", because.join(", ")) };
        format!("Line {}: {what} “{}” looks like {of}{because}", d.line, name.unwrap_or_default())
    };
    view! {
        <Show when=move || !duplicates().is_empty()>
            <h3>"Possible duplicates"</h3>
            <p>"Merge uses the record already there (a new contact at a known partner is still added). Skip leaves the row out. Import as new adds it anyway."</p>
            {move || duplicates().into_iter().map(|d| {
                let key = (d.line, d.subject);
                let name = format!("dup-{}-{:?}", d.line, d.subject);
                view! {
                    <fieldset class="field duplicate">
                        <legend>{describe(&d)}</legend>
                        <div class="segments">
                            {[(Resolution::Merge, "Merge"), (Resolution::Skip, "Skip"), (Resolution::ImportAsNew, "Import as new")]
                                .into_iter().map(|(r, text)| view! {
                                    <label class="segment">
                                        <input type="radio" name=name.clone() prop:checked=d.resolution == r
                                            on:change=move |_| choices.update(|c| { c.insert(key, r); }) />
                                        <span>{text}</span>
                                    </label>
                                }).collect_view()}
                        </div>
                    </fieldset>
                }
            }).collect_view()}
        </Show>
    }
}

fn because_words(b: Because) -> String {
    match b {
        Because::SameEmail => "same email".into(),
        Because::SamePhone => "same phone".into(),
        Because::SameName => "same name".into(),
        Because::AtSimilarOrganization => "at a partner with a similar name".into(),
        Because::SimilarName(p) => format!("names {p}% alike"),
    }
}

/// "1,200": counts of thousands of records read more easily grouped.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[component]
pub fn Progress(
    progress: RwSignal<Option<(usize, usize)>>,
    cancelling: RwSignal<bool>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    view! {
        {move || progress.get().map(|(done, total)| view! {
            <section class="card import-progress" aria-labelledby="progress-title">
                <h2 id="progress-title">"Importing"</h2>
                <p role="status">
                    <progress max=total value=done aria-label="Import progress"></progress>
                    {format!(" Importing… {} of {} records", grouped(done), grouped(total))}
                </p>
                <div class="actions">
                    <button type="button" on:click=move |_| on_cancel.run(()) disabled=move || cancelling.get()>
                        {move || if cancelling.get() { "Cancelling…" } else { "Cancel" }}
                    </button>
                </div>
                <p class="hint">"Cancel stops after the records being written now; what was written is kept as one import you can undo."</p>
            </section>
        })}
    }
}
