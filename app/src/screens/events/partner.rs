//! On a partner's page: the events it co-hosts and those its people attended.

use leptos::prelude::*;
use shared::{Code, Event, InvitationStatus, PartnerId};

use super::when;
use crate::state::use_app;

#[component]
pub fn PartnerEvents(id: PartnerId) -> impl IntoView {
    let app = use_app();
    let rows = Memo::new(move |_| {
        app.network.with(|n| {
            let people: Vec<_> = n.contacts_of(id).iter().map(|c| c.id).collect();
            let mut v: Vec<(Event, String)> = n
                .relations
                .events
                .values()
                .filter_map(|e| {
                    let attended = n
                        .relations
                        .invitations_to(e.id)
                        .iter()
                        .filter(|i| {
                            i.status == InvitationStatus::Attended && people.contains(&i.contact_id)
                        })
                        .count();
                    let hosts = e.co_hosts.contains(&id);
                    let what = match (hosts, attended) {
                        (false, 0) => return None,
                        (true, 0) => "Co-host".to_string(),
                        (false, a) => format!("{a} attended"),
                        (true, a) => format!("Co-host · {a} attended"),
                    };
                    Some((e.clone(), what))
                })
                .collect();
            v.sort_by_key(|(e, _)| std::cmp::Reverse(e.starts_at));
            v
        })
    });
    view! {
        <Show when=move || rows.with(|r| !r.is_empty())>
            <section class="card" aria-labelledby="partner-events-title">
                <h2 id="partner-events-title">"Events"</h2>
                <ul class="rows">
                    <For each=move || rows.get() key=|(e, w)| (e.id, w.clone()) let((e, what))>
                        <li>
                            <a class="row" href=format!("/events/{}", e.id)>
                                <span class="row-main">
                                    <span class="row-title">{e.title.clone()}</span>
                                    <span class="row-sub">{format!("{} · {}", e.kind.label(), when(&e))}</span>
                                </span>
                                <span class="row-side">{what}</span>
                            </a>
                        </li>
                    </For>
                </ul>
            </section>
        </Show>
    }
}
