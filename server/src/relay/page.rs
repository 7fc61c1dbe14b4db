//! The relay's own page: what it is, and, while it has no team and the operator asked for it
//! (`--show-setup-page`, for a first local start), the one-time setup link as a QR code.
//!
//! The link is shown only to a browser on the relay's machine that is not behind a proxy (a
//! same-host proxy makes every visitor look local, and says so with `X-Forwarded-For`), only
//! for a `Host` that names this relay, and everything put into the page is escaped. Without
//! the flag the link is only in the server's output. The page says nothing about the team.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Response};
use qrcode::QrCode;
use qrcode::render::svg;

use super::origin::is_own_host;
use super::{Peer, Relay};
use crate::error::Error;

pub async fn status(
    State(relay): State<Arc<Relay>>,
    Peer(peer): Peer,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| is_own_host(h, &relay.public_hosts))
        .ok_or(Error::ForeignHost)?;
    // Through a proxy every request comes from loopback; the proxy's header gives it away.
    let proxied = headers.contains_key("x-forwarded-for") || headers.contains_key("forwarded");
    let local = !proxied && peer.is_none_or(|a: SocketAddr| a.ip().is_loopback());
    let body = match relay.setup_code() {
        Some(code) if local && relay.show_setup_page => {
            let scheme = if relay.https { "https" } else { "http" };
            let link = setup_link(&format!("{scheme}://{host}"), &code);
            let qr = QrCode::new(link.as_bytes())
                .map(|q| q.render::<svg::Color<'_>>().min_dimensions(240, 240).build())
                .unwrap_or_default();
            let link = escape(&link);
            format!(
                "<h1>Set up your Rapport team</h1>\
                 <p>Open this link on the first tablet (or scan the code with its camera). It works once.</p>\
                 <p><a href=\"{link}\">{link}</a></p><div role=\"img\" aria-label=\"QR code of the setup link\">{qr}</div>"
            )
        }
        Some(_) => "<h1>Rapport relay</h1><p>This relay is waiting to be set up. The one-time setup link is in the relay's output (its log) on the machine it runs on.</p>".to_string(),
        None => "<h1>Rapport relay</h1><p>This relay syncs a Rapport team. <a href=\"/\">Open Rapport</a>.</p>".to_string(),
    };
    // Its one inline <style> is allowed; nothing else (no script at all).
    let policy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; \
                  frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    let html = Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Rapport relay</title><style>body{{font:18px system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}}</style></head>\
         <body><main>{body}</main></body></html>"
    ));
    Ok(([(header::CONTENT_SECURITY_POLICY, policy)], html).into_response())
}

/// The link that lets the first device create the team; the code rides in the fragment.
pub fn setup_link(origin: &str, code: &str) -> String {
    format!("{origin}/setup#code={code}")
}

/// Text made safe inside HTML elements and quoted attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
