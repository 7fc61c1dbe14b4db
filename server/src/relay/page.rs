//! The relay's own page: what it is, and, while it has no team, the one-time setup link as a
//! QR code. The link is shown only to the machine the relay runs on.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse};
use qrcode::QrCode;
use qrcode::render::svg;

use super::{Peer, Relay};

pub async fn status(
    State(relay): State<Arc<Relay>>,
    Peer(peer): Peer,
    headers: HeaderMap,
) -> impl IntoResponse {
    // Through a proxy every request comes from loopback; the proxy's header gives it away.
    let proxied = headers.contains_key("x-forwarded-for");
    let local = !proxied && peer.is_none_or(|a: SocketAddr| a.ip().is_loopback());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("127.0.0.1");
    let body = match relay.setup_code() {
        Some(code) if local => {
            let scheme = if relay.https { "https" } else { "http" };
            let link = setup_link(&format!("{scheme}://{host}"), &code);
            let qr = QrCode::new(link.as_bytes())
                .map(|q| q.render::<svg::Color<'_>>().min_dimensions(240, 240).build())
                .unwrap_or_default();
            format!(
                "<h1>Set up your Rapport team</h1>\
                 <p>Open this link on the first tablet (or scan the code with its camera). It works once.</p>\
                 <p><a href=\"{link}\">{link}</a></p><div role=\"img\" aria-label=\"QR code of the setup link\">{qr}</div>"
            )
        }
        Some(_) => "<h1>Rapport relay</h1><p>This relay is waiting to be set up. Open this page on the machine the relay runs on to see the setup link.</p>".to_string(),
        None => format!(
            "<h1>Rapport relay</h1><p>This relay syncs a Rapport team; {} connected right now. <a href=\"/\">Open Rapport</a>.</p>",
            crate::relay::plural(relay.hub.connections(), "device is", "devices are")
        ),
    };
    // Its one inline <style> is allowed; nothing else (no script at all).
    let policy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; \
                  frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    let html = Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Rapport relay</title><style>body{{font:18px system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}}</style></head>\
         <body><main>{body}</main></body></html>"
    ));
    ([(header::CONTENT_SECURITY_POLICY, policy)], html)
}

/// The link that lets the first device create the team; the code rides in the fragment.
pub fn setup_link(origin: &str, code: &str) -> String {
    format!("{origin}/setup#code={code}")
}
