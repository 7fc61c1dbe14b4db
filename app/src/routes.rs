//! The route table. Today, the first screen, is compiled into the main WebAssembly module; every
//! other screen is a lazy route whose code `scripts/build-app.sh` splits into a chunk loaded on
//! its first visit, so the first download holds only what the first screen needs (issue 10).
//!
//! Screens are grouped into one split per area (`#[wasm_split(area)]`): screens of an area
//! link to each other and share most of their code, and a few larger chunks compress better
//! than one per screen. The service worker precaches every chunk, so every screen still opens
//! offline once the app is installed. A new area (reports, events) gets its own split function.
//!
//! A chunk that cannot be fetched (the first visit to an area, online, as the connection drops)
//! shows a message instead of stopping the app; opening the screen again retries the download.

use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::{Lazy, LazyRoute, path};
use wasm_split_helpers::{SplitLoaderError, wasm_split};

use crate::screens::*;

/// The everyday record screens: partners, contacts, referrals, touchpoints, message drafts.
#[derive(Clone, Copy)]
enum Records {
    Directory,
    Partner,
    NewPartner,
    EditPartner,
    NewContact,
    EditContact,
    ReferralLog,
    Referral,
    NewReferral,
    EditReferral,
    NewTouchpoint,
    EditTouchpoint,
    Compose,
}

#[wasm_split(records, fallible)]
fn records(screen: Records) -> Result<AnyView, ChunkMissing> {
    Ok(match screen {
        Records::Directory => view! { <Directory /> }.into_any(),
        Records::Partner => view! { <PartnerPage /> }.into_any(),
        Records::NewPartner => view! { <NewPartner /> }.into_any(),
        Records::EditPartner => view! { <EditPartner /> }.into_any(),
        Records::NewContact => view! { <NewContact /> }.into_any(),
        Records::EditContact => view! { <EditContact /> }.into_any(),
        Records::ReferralLog => view! { <ReferralLog /> }.into_any(),
        Records::Referral => view! { <ReferralPage /> }.into_any(),
        Records::NewReferral => view! { <NewReferral /> }.into_any(),
        Records::EditReferral => view! { <EditReferral /> }.into_any(),
        Records::NewTouchpoint => view! { <NewTouchpoint /> }.into_any(),
        Records::EditTouchpoint => view! { <EditTouchpoint /> }.into_any(),
        Records::Compose => view! { <Compose /> }.into_any(),
    })
}

/// The team screens: membership and devices, creating a team, joining one.
#[derive(Clone, Copy)]
enum Team {
    Members,
    Setup,
    Join,
}

#[wasm_split(team, fallible)]
fn team(screen: Team) -> Result<AnyView, ChunkMissing> {
    Ok(match screen {
        Team::Members => view! { <TeamPage /> }.into_any(),
        Team::Setup => view! { <SetupPage /> }.into_any(),
        Team::Join => view! { <JoinPage /> }.into_any(),
    })
}

/// Settings: the index and its sections. The first screen's welcome also loads the sample
/// agency through this chunk (`screens/welcome.rs`).
#[derive(Clone, Copy)]
enum SettingsSection {
    Index,
    Tablet,
    Policy,
    Templates,
    Data,
    Backup,
    Import,
}

#[wasm_split(settings, fallible)]
fn settings(section: SettingsSection) -> Result<AnyView, ChunkMissing> {
    Ok(match section {
        SettingsSection::Index => view! { <Settings /> }.into_any(),
        SettingsSection::Tablet => view! { <TabletSettings /> }.into_any(),
        SettingsSection::Policy => view! { <TeamPolicy /> }.into_any(),
        SettingsSection::Templates => view! { <MessageTemplates /> }.into_any(),
        SettingsSection::Data => view! { <DataSettings /> }.into_any(),
        SettingsSection::Backup => view! { <BackupSettings /> }.into_any(),
        SettingsSection::Import => view! { <ImportData /> }.into_any(),
    })
}

/// Events: the list, the form, and each event's page with its invitees.
#[derive(Clone, Copy)]
enum Events {
    List,
    New,
    Page,
    Edit,
}

#[wasm_split(events, fallible)]
fn events(screen: Events) -> Result<AnyView, ChunkMissing> {
    Ok(match screen {
        Events::List => view! { <EventList /> }.into_any(),
        Events::New => view! { <NewEvent /> }.into_any(),
        Events::Page => view! { <EventPage /> }.into_any(),
        Events::Edit => view! { <EditEvent /> }.into_any(),
    })
}

/// The referral-source ranking.
#[wasm_split(recognition, fallible)]
fn recognition() -> Result<AnyView, ChunkMissing> {
    Ok(view! { <Recognition /> }.into_any())
}

/// The monthly report and its charts.
#[wasm_split(reports, fallible)]
fn reports() -> Result<AnyView, ChunkMissing> {
    Ok(view! { <Reports /> }.into_any())
}

/// Occurs when a screen's chunk could not be downloaded; the browser console has the cause.
#[derive(Debug, thiserror::Error)]
#[error("this screen's code could not be downloaded")]
struct ChunkMissing;

impl From<SplitLoaderError> for ChunkMissing {
    fn from(_: SplitLoaderError) -> Self {
        ChunkMissing
    }
}

/// What a lazy route shows: its screen, or why it could not be loaded.
fn loaded(screen: Result<AnyView, ChunkMissing>) -> AnyView {
    screen.unwrap_or_else(|e| {
        view! {
            <section class="card fatal" role="alert">
                <h1>"This screen could not be loaded"</h1>
                <p>{format!("Rapport needs a connection the first time a screen opens, and {e}. ")}
                    "Check the connection, then open the screen again. Once Rapport has finished installing on this tablet, every screen works offline."</p>
            </section>
        }
        .into_any()
    })
}

/// Declares a lazy route type whose view awaits a split function, which loads its chunk first.
macro_rules! lazy {
    ($($route:ident => $split:expr;)*) => {$(
        struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            async fn view(_this: Self) -> AnyView {
                loaded($split.await)
            }
        }
    )*};
}

lazy! {
    DirectoryRoute => records(Records::Directory);
    PartnerRoute => records(Records::Partner);
    NewPartnerRoute => records(Records::NewPartner);
    EditPartnerRoute => records(Records::EditPartner);
    NewContactRoute => records(Records::NewContact);
    EditContactRoute => records(Records::EditContact);
    ReferralLogRoute => records(Records::ReferralLog);
    ReferralRoute => records(Records::Referral);
    NewReferralRoute => records(Records::NewReferral);
    EditReferralRoute => records(Records::EditReferral);
    NewTouchpointRoute => records(Records::NewTouchpoint);
    EditTouchpointRoute => records(Records::EditTouchpoint);
    ComposeRoute => records(Records::Compose);
    TeamRoute => team(Team::Members);
    SetupRoute => team(Team::Setup);
    JoinRoute => team(Team::Join);
    SettingsRoute => settings(SettingsSection::Index);
    TabletSettingsRoute => settings(SettingsSection::Tablet);
    PolicySettingsRoute => settings(SettingsSection::Policy);
    TemplateSettingsRoute => settings(SettingsSection::Templates);
    DataSettingsRoute => settings(SettingsSection::Data);
    BackupSettingsRoute => settings(SettingsSection::Backup);
    ImportRoute => settings(SettingsSection::Import);
    RecognitionRoute => recognition();
    ReportsRoute => reports();
    EventListRoute => events(Events::List);
    NewEventRoute => events(Events::New);
    EventRoute => events(Events::Page);
    EditEventRoute => events(Events::Edit);
}

// --- Health-fair mode (issue 13): capture at the table, then triage. ---

/// Health-fair mode: capture at the table, and the triage of leads afterwards.
#[derive(Clone, Copy)]
enum Fair {
    Capture,
    Leads,
}

#[wasm_split(fair, fallible)]
fn fair(screen: Fair) -> Result<AnyView, ChunkMissing> {
    Ok(match screen {
        Fair::Capture => view! { <CapturePage /> }.into_any(),
        Fair::Leads => view! { <LeadsPage /> }.into_any(),
    })
}

lazy! {
    CaptureRoute => fair(Fair::Capture);
    LeadsRoute => fair(Fair::Leads);
}

// --- End of health-fair mode. ---

/// Every screen by its address; shown once the stored data has opened.
#[component]
pub fn AppRoutes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <NotFound /> }>
            <Route path=path!("/") view=TodayPage />
            <Route path=path!("/partners") view={Lazy::<DirectoryRoute>::new()} />
            <Route path=path!("/recognition") view={Lazy::<RecognitionRoute>::new()} />
            <Route path=path!("/reports") view={Lazy::<ReportsRoute>::new()} />
            <Route path=path!("/compose") view={Lazy::<ComposeRoute>::new()} />
            <Route path=path!("/partners/new") view={Lazy::<NewPartnerRoute>::new()} />
            <Route path=path!("/partners/:id") view={Lazy::<PartnerRoute>::new()} />
            <Route path=path!("/partners/:id/edit") view={Lazy::<EditPartnerRoute>::new()} />
            <Route path=path!("/partners/:id/contacts/new") view={Lazy::<NewContactRoute>::new()} />
            <Route path=path!("/contacts/:id/edit") view={Lazy::<EditContactRoute>::new()} />
            <Route path=path!("/referrals") view={Lazy::<ReferralLogRoute>::new()} />
            <Route path=path!("/referrals/new") view={Lazy::<NewReferralRoute>::new()} />
            <Route path=path!("/referrals/:id") view={Lazy::<ReferralRoute>::new()} />
            <Route path=path!("/referrals/:id/edit") view={Lazy::<EditReferralRoute>::new()} />
            <Route path=path!("/touchpoints/new") view={Lazy::<NewTouchpointRoute>::new()} />
            <Route path=path!("/touchpoints/:id/edit") view={Lazy::<EditTouchpointRoute>::new()} />
            <Route path=path!("/events") view={Lazy::<EventListRoute>::new()} />
            <Route path=path!("/events/new") view={Lazy::<NewEventRoute>::new()} />
            <Route path=path!("/events/:id") view={Lazy::<EventRoute>::new()} />
            <Route path=path!("/events/:id/edit") view={Lazy::<EditEventRoute>::new()} />
            <Route path=path!("/events/:id/capture") view={Lazy::<CaptureRoute>::new()} />
            <Route path=path!("/events/:id/leads") view={Lazy::<LeadsRoute>::new()} />
            <Route path=path!("/settings") view={Lazy::<SettingsRoute>::new()} />
            <Route path=path!("/settings/tablet") view={Lazy::<TabletSettingsRoute>::new()} />
            <Route path=path!("/settings/policy") view={Lazy::<PolicySettingsRoute>::new()} />
            <Route path=path!("/settings/templates") view={Lazy::<TemplateSettingsRoute>::new()} />
            <Route path=path!("/settings/data") view={Lazy::<DataSettingsRoute>::new()} />
            <Route path=path!("/settings/backup") view={Lazy::<BackupSettingsRoute>::new()} />
            <Route path=path!("/settings/import") view={Lazy::<ImportRoute>::new()} />
            <Route path=path!("/team") view={Lazy::<TeamRoute>::new()} />
            <Route path=path!("/setup") view={Lazy::<SetupRoute>::new()} />
            <Route path=path!("/join") view={Lazy::<JoinRoute>::new()} />
        </Routes>
    }
}
