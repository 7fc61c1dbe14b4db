//! Setting things on Today aside: a partner's row in one tap (longer from the notice), or
//! everything overdue after a confirmation; the notice with Undo; the list to bring them back.

use leptos::prelude::*;
use shared::workflow::agenda::set_aside_until;
use shared::workflow::{Agenda, Aside, Covered, SetAside, SetAsideTargets};

use crate::components::ShowMore;
use crate::format;
use crate::state::{AppError, AppState, SetAsidePrevious, use_app};

/// A row set aside with one tap comes back a week later.
const SET_ASIDE_DAYS: u64 = 7;
/// The lengths a one-tap set-aside can be changed to from its notice, and their buttons.
const LONGER: [(u64, &str); 2] = [(14, "Two weeks instead"), (30, "A month instead")];
/// "Set aside everything overdue" puts it off for two weeks.
const BULK_SET_ASIDE_DAYS: u64 = 14;
/// The set-aside list shows this many at first, and grows by as many.
const SET_ASIDE_STEP: usize = 5;

/// The last set-aside and how to undo it, shown at the foot of Today wherever one scrolled.
#[derive(Clone, Copy)]
pub(super) struct Notice {
    text: RwSignal<Option<String>>,
    undo: RwSignal<Option<SetAsidePrevious>>,
    /// A one-tap set-aside that can still be made longer: what it put off, and its wording.
    longer: RwSignal<Option<(SetAsideTargets, String)>>,
}

impl Default for Notice {
    fn default() -> Self {
        Self { text: RwSignal::new(None), undo: RwSignal::new(None), longer: RwSignal::new(None) }
    }
}

impl Notice {
    /// Says what a set-aside did (offering undo), or why it failed.
    fn done(self, result: Result<SetAsidePrevious, AppError>, message: String) {
        self.longer.set(None);
        match result {
            Ok(previous) => {
                self.undo.set(Some(previous));
                self.text.set(Some(message));
            }
            Err(e) => {
                self.undo.set(None);
                self.text.set(Some(e.to_string()));
            }
        }
    }

    fn clear(self) {
        self.text.set(None);
        self.undo.set(None);
        self.longer.set(None);
    }
}

/// "Check-in with Lakeside", "2 follow-ups for Lakeside" or "3 things for Lakeside".
pub(super) fn what_for(covered: Covered, name: &str) -> String {
    match (covered.check_ins, covered.follow_ups) {
        (1, 0) => format!("Check-in with {name}"),
        (0, n) => format!("{} for {name}", format::count(n, "follow-up", "follow-ups")),
        _ => format!("{} for {name}", format::count(covered.total(), "thing", "things")),
    }
}

/// Sets `targets` aside for a week with one tap; the notice then offers Undo and longer.
pub(super) async fn set_aside_for_a_week(
    app: AppState,
    notice: Notice,
    targets: SetAsideTargets,
    what: String,
) {
    let until = set_aside_until(app.day.get_untracked(), SET_ASIDE_DAYS);
    let message = format!("{what} set aside until {}.", format::day(until));
    let result = app.set_aside(&targets, Some(until)).await;
    let ok = result.is_ok();
    notice.done(result, message);
    if ok {
        notice.longer.set(Some((targets, what)));
    }
}

/// Sets everything overdue that can wait (check-ins, referral follow-ups) aside for two
/// weeks, after a confirmation that says how much; undo follows.
#[component]
pub(super) fn BulkSetAside(agenda: Memo<Agenda>) -> impl IntoView {
    let app = use_app();
    let notice = expect_context::<Notice>();
    let confirming = RwSignal::new(false);
    let targets = Memo::new(move |_| agenda.with(Agenda::overdue_set_aside));
    let covered = Memo::new(move |_| agenda.with(|a| targets.with(|t| a.covered(t))));
    let kept = move || agenda.with(Agenda::overdue_kept);
    let until = move || set_aside_until(app.day.get(), BULK_SET_ASIDE_DAYS);
    let run = Action::new_local(move |_: &()| {
        let targets = targets.get_untracked();
        let n = covered.get_untracked().total();
        let until = set_aside_until(app.day.get_untracked(), BULK_SET_ASIDE_DAYS);
        async move {
            let message = format!(
                "{} set aside until {}.",
                format::count(n, "thing", "things"),
                format::day(until)
            );
            notice.done(app.set_aside(&targets, Some(until)).await, message);
            confirming.set(false);
        }
    });
    let n = move || covered.get().total();
    let question = move || {
        let c = covered.get();
        let referrals = targets.with(|t| t.referrals.len());
        let mut parts = Vec::new();
        if c.check_ins > 0 {
            parts.push(format::count(c.check_ins, "check-in", "check-ins"));
        }
        if c.follow_ups > 0 {
            parts.push(format!(
                "{} on {}",
                format::count(c.follow_ups, "follow-up", "follow-ups"),
                format::count(referrals, "referral", "referrals")
            ));
        }
        let back = format::day(until().succ_opt().unwrap_or(until()));
        let stays = match kept() {
            0 => String::new(),
            k => format!(
                " {} (reviews, meetings) cannot wait and stay.",
                format::count(k, "thing", "things")
            ),
        };
        format!(
            "Put off {} for two weeks ({})? They come back on Today on {back}.{stays}",
            format::count(n(), "thing", "things"),
            parts.join(" and ")
        )
    };
    view! {
        <Show when=move || { n() >= 2 }>
            <Show when=move || confirming.get() fallback=move || view! {
                <button type="button" class="bulk" on:click=move |_| confirming.set(true)>
                    "Set aside everything overdue"
                </button>
            }>
                <div class="inline-form" role="group" aria-label="Set aside everything overdue">
                    <p>{question}</p>
                    <div class="actions">
                        <button type="button" class="primary" disabled=move || run.pending().get()
                            on:click=move |_| { run.dispatch_local(()); }>
                            {move || format!("Set aside {} things", n())}
                        </button>
                        <button type="button" on:click=move |_| confirming.set(false)>"Cancel"</button>
                    </div>
                </div>
            </Show>
        </Show>
    }
}

/// What was set aside last, with Undo; stays at the bottom of the screen while scrolling.
#[component]
pub(super) fn NoticeLine() -> impl IntoView {
    let app = use_app();
    let notice = expect_context::<Notice>();
    let undo = Action::new_local(move |_: &()| {
        let previous = notice.undo.get_untracked();
        async move {
            let Some(previous) = previous else { return };
            notice.undo.set(None);
            match app.restore_set_aside(previous).await {
                Ok(()) => notice.text.set(Some("Undone: back on Today.".into())),
                Err(e) => notice.text.set(Some(e.to_string())),
            }
        }
    });
    // Changes the length of the last one-tap set-aside; Undo still restores what was before it.
    let longer = Action::new_local(move |days: &u64| {
        let days = *days;
        let last = notice.longer.get_untracked();
        async move {
            let Some((targets, what)) = last else { return };
            let until = set_aside_until(app.day.get_untracked(), days);
            match app.set_aside(&targets, Some(until)).await {
                Ok(_) => {
                    notice.text.set(Some(format!("{what} set aside until {}.", format::day(until))))
                }
                Err(e) => notice.text.set(Some(e.to_string())),
            }
        }
    });
    view! {
        <div class="today-notice" role="status">
            {move || notice.text.get().map(|text| view! {
                <p>{text}</p>
                <Show when=move || notice.undo.with(Option::is_some)>
                    <button type="button" on:click=move |_| { notice.longer.set(None); undo.dispatch_local(()); }>"Undo"</button>
                </Show>
                <Show when=move || notice.longer.with(Option::is_some)>
                    {LONGER.into_iter().map(|(days, label)| view! {
                        <button type="button" disabled=move || longer.pending().get()
                            aria-label=format!("Set aside for {}", label.to_lowercase())
                            on:click=move |_| { longer.dispatch_local(days); }>{label}</button>
                    }).collect_view()}
                </Show>
                <button type="button" class="link" aria-label="Close message"
                    on:click=move |_| notice.clear()>"Close"</button>
            })}
        </div>
    }
}

/// Check-ins and follow-ups set aside for now, each of which can be brought back at once.
#[component]
pub(super) fn SetAsideList() -> impl IntoView {
    let app = use_app();
    let rows = Memo::new(move |_| app.today_list.with(|t| t.set_aside.clone()));
    // After "set aside everything overdue" the list is long; it is not what staff came for.
    let shown = RwSignal::new(SET_ASIDE_STEP);
    view! {
        <Show when=move || rows.with(|r| !r.is_empty())>
            <section class="card set-aside" aria-labelledby="set-aside-title">
                <h2 id="set-aside-title">{move || format!("Set aside ({})", rows.with(Vec::len))}</h2>
                <p class="sub">"Check-ins and follow-ups put off for now. They come back on their own; they are not counted as due."</p>
                <ul class="rows" aria-label="Set-aside things">
                    <For each=move || rows.with(|r| r.iter().take(shown.get()).copied().collect::<Vec<_>>())
                        key=|r| *r let(aside)>
                        <SetAsideRow aside />
                    </For>
                </ul>
                <ShowMore total=Signal::derive(move || rows.with(Vec::len)) shown step=SET_ASIDE_STEP
                    label="Show more set-aside things".to_string() />
            </section>
        </Show>
    }
}

/// One set-aside check-in or referral's follow-ups, with "Bring back".
#[component]
fn SetAsideRow(aside: SetAside) -> impl IntoView {
    let app = use_app();
    let notice = expect_context::<Notice>();
    let partner = aside.what.partner();
    let name = app
        .network
        .with_untracked(|n| n.partner(partner).map(|p| p.name.clone()).unwrap_or_default());
    let until = format::day(aside.until);
    let (href, what, label, targets) = match aside.what {
        Aside::CheckIn(id) => (
            format!("/partners/{id}"),
            "Check-in".to_string(),
            format!("Bring back: {name}"),
            SetAsideTargets { check_ins: vec![id], referrals: vec![] },
        ),
        Aside::FollowUps { referral, .. } => {
            let who = app.network.with_untracked(|n| {
                n.referral(referral).map(|r| r.participant.clone()).unwrap_or_default()
            });
            (
                format!("/referrals/{referral}"),
                format!("Follow-ups, referral of {who}"),
                format!("Bring back follow-ups: {name}, referral of {who}"),
                SetAsideTargets { check_ins: vec![], referrals: vec![referral] },
            )
        }
    };
    let message = format!("{what} for {name} is back on Today.");
    let bring_back = Action::new_local(move |_: &()| {
        let (targets, message) = (targets.clone(), message.clone());
        async move { notice.done(app.set_aside(&targets, None).await, message) }
    });
    view! {
        <li>
            <div class="row static">
                <a class="row-main" href=href>
                    <span class="row-title">{name}</span>
                    <span class="row-sub">{format!("{what} · set aside until {until}")}</span>
                </a>
                <button type="button" aria-label=label disabled=move || bring_back.pending().get()
                    on:click=move |_| { bring_back.dispatch_local(()); }>"Bring back"</button>
            </div>
        </li>
    }
}
