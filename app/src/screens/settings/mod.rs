//! Settings, split by whose it is: this tablet, the team's policy, the team's message templates,
//! the data stored here and its backup. `/settings` is a short index of them; each is its own screen
//! so no one scrolls past the team's policy to rename a tablet (issue 12).

mod backup;
mod data;
mod export;
mod import;
mod passkey;
mod policy;
mod staff;
mod tablet;
mod templates;

use leptos::prelude::*;

use crate::components::InstallAction;

use backup::BackupReminder;
pub use backup::BackupSettings;
pub use data::{DataSettings, load_sample};
pub use import::ImportData;
pub use policy::TeamPolicy;
pub use tablet::TabletSettings;
pub use templates::MessageTemplates;

/// The sections, with what each holds, in the index's order.
const SECTIONS: [(&str, &str, &str); 5] = [
    (
        "/settings/tablet",
        "This tablet",
        "Your name, who else unlocks it, the tablet's name, and installing Rapport.",
    ),
    (
        "/settings/policy",
        "Team policy",
        "Follow-through deadlines, the appreciation cap and review questions, for the whole team.",
    ),
    (
        "/settings/templates",
        "Message templates",
        "What thank-yous, decision notices and updates say, with a preview of each.",
    ),
    (
        "/settings/data",
        "Data",
        "Storage on this tablet, importing and exporting spreadsheets, the sample agency, and recovery.",
    ),
    (
        "/settings/backup",
        "Backup",
        "A passphrase-protected file of the agency's data, and restoring one.",
    ),
];

#[component]
pub fn Settings() -> impl IntoView {
    view! {
        <h1>"Settings"</h1>
        <BackupReminder link=true />
        <nav aria-label="Settings sections">
            <ul class="rows settings-index">
                {SECTIONS.into_iter().map(|(href, title, what)| view! {
                    <li>
                        <a class="row" href=href>
                            <span class="row-main">
                                <span class="row-title">{title}</span>
                                <span class="row-sub">{what}</span>
                            </span>
                            <span class="chevron" aria-hidden="true">"›"</span>
                        </a>
                    </li>
                }).collect_view()}
            </ul>
        </nav>
        <InstallAction />
    }
}

/// The way back to the index, above each section's heading.
#[component]
fn BackToSettings() -> impl IntoView {
    view! { <p class="breadcrumb"><a href="/settings">"Settings"</a></p> }
}
