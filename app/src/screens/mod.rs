//! One file per screen; each reads the network from `AppState` and saves through it.

mod appreciation;
mod compose;
mod contact_form;
mod directory;
mod events;
mod lock;
mod not_found;
mod partner;
mod partner_form;
mod partner_health;
mod partner_relations;
mod recognition;
mod referral;
mod referral_follow;
mod referral_form;
mod referral_log;
mod reports;
mod set_up;
mod settings;
mod team;
mod today;
mod touchpoint_form;
mod welcome;

pub use compose::Compose;
pub use contact_form::{EditContact, NewContact};
pub use directory::Directory;
pub use events::{
    AddToCalendar, CapturePage, EditEvent, EventList, EventPage, LeadsPage, NewEvent, PartnerEvents,
};
pub use lock::LockScreen;
pub use not_found::{NotFound, RecordMissing};
pub use partner::PartnerPage;
pub use partner_form::{EditPartner, NewPartner};
pub use recognition::Recognition;
pub use referral::ReferralPage;
pub use referral_form::{EditReferral, NewReferral};
pub use referral_log::ReferralLog;
pub use reports::Reports;
pub use set_up::{Protecting, SetUpScreen};
pub use settings::{
    BackupSettings, DataSettings, ImportData, MessageTemplates, Settings, TabletSettings,
    TeamPolicy,
};
pub use team::{JoinPage, RemovedPage, SetupPage, TeamPage};
pub use today::{TodayCount, TodayPage};
pub use touchpoint_form::{EditTouchpoint, NewTouchpoint};

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The `:id` route parameter parsed as `T`, if it is one.
fn param_id<T>() -> Memo<Option<T>>
where
    T: std::str::FromStr + PartialEq + Clone + Send + Sync + 'static,
{
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse().ok())))
}

/// A query parameter parsed as `T`, if present and valid.
fn query_id<T: std::str::FromStr>(name: &str) -> Option<T> {
    use_query_map().with_untracked(|q| q.get(name).and_then(|s| s.parse().ok()))
}

/// How many list rows render at once; "Show more" adds another page.
const PAGE: usize = 50;
