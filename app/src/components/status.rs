//! Badges that show standing in words as well as colour (never colour alone).

use leptos::prelude::*;
use shared::cadence::CadenceStatus;
use shared::{Code, ReferralStatus};

#[component]
pub fn CadenceBadge(status: CadenceStatus) -> impl IntoView {
    let class = match status {
        CadenceStatus::Overdue { .. } => "badge overdue",
        CadenceStatus::NeverContacted => "badge never",
        CadenceStatus::DueSoon { .. } => "badge due",
        CadenceStatus::OnTrack { .. } => "badge ok",
        CadenceStatus::NoCadence => "badge quiet",
    };
    view! { <span class=class>{status.describe()}</span> }
}

#[component]
pub fn StatusBadge(status: ReferralStatus) -> impl IntoView {
    let class = match status {
        ReferralStatus::ServicesStarted => "badge ok",
        ReferralStatus::Declined | ReferralStatus::NotEligible | ReferralStatus::Withdrawn => {
            "badge quiet"
        }
        ReferralStatus::Waitlisted => "badge due",
        _ => "badge open",
    };
    view! { <span class=class>{status.label()}</span> }
}
