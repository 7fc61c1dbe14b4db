//! Inviting a tablet: an admin creates a one-time invite and shows it as a QR code to scan,
//! or copies or shares its link. The link carries the team key in its fragment, so it is
//! drawn here on the tablet and goes only where the person sends it (clipboard, share
//! sheet); it is never logged, and the relay never sees it.

use leptos::html;
use leptos::prelude::*;
use shared::sync::Invite;

use super::{Devices, is_admin};
use crate::share;
use crate::state::use_app;
use crate::sync::team;

/// A fresh invite: its link and when it expires.
#[derive(Clone, PartialEq)]
struct NewInvite {
    link: String,
    expires: String,
}

#[component]
pub(super) fn InvitePanel(devices: Devices) -> impl IntoView {
    let app = use_app();
    let admin = move || is_admin(devices) == Some(true);
    let create = Action::new_local(move |_: &()| {
        let membership = app.membership.get_untracked();
        async move {
            let membership =
                membership.ok_or_else(|| "This tablet is not in a team.".to_string())?;
            let (code, expires_ms) = team::invite(&membership).await.map_err(|e| e.to_string())?;
            let origin = window().location().origin().unwrap_or_default();
            let link =
                Invite { team: membership.creds.team, code, key: membership.creds.key.clone() }
                    .link(&origin);
            let expires = chrono::DateTime::from_timestamp_millis(expires_ms as i64)
                .map(|t| t.with_timezone(&chrono::Local).format("%b %-d at %H:%M").to_string())
                .unwrap_or_default();
            Ok::<_, String>(NewInvite { link, expires })
        }
    });
    // An error replaces the message but keeps the last invite on screen, as before.
    let last = Memo::new(move |last: Option<&Option<NewInvite>>| match create.value().get() {
        Some(Ok(invite)) => Some(invite),
        _ => last.cloned().flatten(),
    });
    let error = move || create.value().get().and_then(Result::err);
    view! {
        <section class="card" aria-labelledby="invite-title">
            <h2 id="invite-title">"Invite a tablet"</h2>
            {move || match is_admin(devices) {
                Some(false) => view! { <p>"Only the team's admins can invite tablets or remove them. Ask an admin (see the list below) to invite a tablet."</p> }.into_any(),
                _ => view! {
                    <p class="hint">"An invite works once and expires after a day. It carries the team's key, so share it only with the tablet that should join: show the QR code, or send the link privately."</p>
                    <div class="actions"><button type="button" class="primary" on:click=move |_| { create.dispatch_local(()); } disabled=move || create.pending().get() || !admin()>"Create an invite"</button></div>
                }.into_any(),
            }}
            {move || error().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {move || last.get().map(|invite| view! { <InviteLink invite /> })}
        </section>
    }
}

/// The link's QR code. A screen is not a torn label, so the lowest error correction will do:
/// it keeps a long link's code coarse enough for a tablet camera.
fn qr_code(link: &str) -> Option<qrcode::QrCode> {
    qrcode::QrCode::with_error_correction_level(link.as_bytes(), qrcode::EcLevel::L).ok()
}

/// The code as SVG, with the renderer's four-module quiet zone around it.
fn qr_svg(link: &str) -> String {
    qr_code(link)
        .map(|q| q.render::<qrcode::render::svg::Color<'_>>().min_dimensions(300, 300).build())
        .unwrap_or_default()
}

/// The invite as a QR code and as its whole link, with Copy and (where the browser has a
/// share sheet) Share.
#[component]
fn InviteLink(invite: NewInvite) -> impl IntoView {
    let svg = qr_svg(&invite.link);
    let link = StoredValue::new(invite.link.clone());
    let field = NodeRef::<html::Textarea>::new();
    // What Copy did: `Some(true)` copied, `Some(false)` refused (the text is selected instead).
    let copied = RwSignal::new(None::<bool>);
    let copy = move |_| {
        leptos::task::spawn_local(async move {
            let done = share::copy_text(&link.get_value()).await;
            if !done && let Some(el) = field.get_untracked() {
                let _ = el.focus();
                el.select();
            }
            copied.set(Some(done));
        });
    };
    let share_it = move |_| {
        leptos::task::spawn_local(async move {
            // Closing the share sheet is not an error worth a message.
            let _ = share::share_link("Rapport invite", &link.get_value()).await;
        });
    };
    view! {
        <div class="invite">
            <div class="qr" role="img" aria-label="QR code of the invite link" inner_html=svg></div>
            <div class="invite-text">
                <div class="field">
                    <label for="invite-out">"Invite link"</label>
                    <textarea id="invite-out" class="invite-link" rows="4" readonly node_ref=field
                        prop:value=invite.link on:focus=|ev| {
                            event_target::<web_sys::HtmlTextAreaElement>(&ev).select();
                        }></textarea>
                </div>
                <div class="actions">
                    <button type="button" on:click=copy>"Copy link"</button>
                    {share::can_share().then(|| view! {
                        <button type="button" on:click=share_it>"Share…"</button>
                    })}
                </div>
                <p role="status" class=move || if copied.get() == Some(false) { "hint" } else { "announcement" }>
                    {move || match copied.get() {
                        Some(true) => "Copied. Paste it into a private message to the new tablet.",
                        Some(false) => "This browser did not allow copying. The link is selected: copy it by hand.",
                        None => "",
                    }}
                </p>
                <p>{format!("Expires {}.", invite.expires)}</p>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    /// Pins issue 12: the invite's QR code was small and dense.
    #[test]
    fn an_invite_qr_code_stays_coarse_enough_for_a_tablet_camera() {
        let link = format!(
            "https://rapport.example.org/join#team={}&invite={}&key={}",
            "03".repeat(16),
            "04".repeat(16),
            "ab".repeat(32)
        );
        // Version 8 (49 modules a side); the default error correction needed 53.
        let modules = qr_code(&link).map(|q| q.width());
        assert!(modules.is_some_and(|m| m <= 49), "{modules:?}");
        assert!(qr_svg(&link).starts_with("<?xml") || qr_svg(&link).starts_with("<svg"));
    }
}
