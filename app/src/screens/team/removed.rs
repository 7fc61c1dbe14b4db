//! What a tablet shows once it learns it was removed from the team: its team data is already
//! erased (`sync::removal`), and the way back is a new invite.

use leptos::prelude::*;
use shared::sync::Invite;

use crate::components::{FieldFrame, described_by};

#[component]
pub fn RemovedPage() -> impl IntoView {
    let link = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let open = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match Invite::parse(&link.get_untracked()) {
            Ok(invite) => {
                let to = format!(
                    "/join#team={}&invite={}&key={}",
                    invite.team,
                    invite.code.to_hex(),
                    invite.key.to_hex()
                );
                // A full load, so nothing of the erased data lingers in this page's memory.
                if let Err(e) = window().location().assign(&to) {
                    error.set(Some(format!(
                        "The invite could not be opened ({e:?}). Reload, then try again."
                    )));
                }
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let invalid = move || error.with(Option::is_some);
    view! {
        <section class="card" aria-labelledby="removed-title">
            <h1 id="removed-title">"This tablet was removed from the team"</h1>
            <p>"A teammate removed this tablet from your agency's team, so Rapport erased the team's partners, referrals and notes from it. Nothing that was on it can be read here any more, and it no longer syncs."</p>
            <p>"If this tablet should be in the team, ask a teammate for a new invite (Team → Invite a tablet on their tablet), then open it here."</p>
        </section>
        <form class="card form" novalidate on:submit=open aria-labelledby="rejoin-title">
            <h2 id="rejoin-title">"Join again with a new invite"</h2>
            <p class="hint">"Scan the invite's QR code with this tablet's camera, or paste its link here."</p>
            <FieldFrame id="rejoin-link" label="Invite link" error>
                <input id="rejoin-link" type="url" bind:value=link autocomplete="off"
                    aria-invalid=move || invalid().then_some("true")
                    aria-describedby=move || described_by("rejoin-link", false, invalid()) />
            </FieldFrame>
            <div class="actions"><button type="submit" class="primary">"Continue"</button></div>
        </form>
    }
}
