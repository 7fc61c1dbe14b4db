//! Security headers. Every response says `nosniff`; every HTML page also gets a Content
//! Security Policy and `Referrer-Policy: no-referrer`, so an injected script or frame cannot
//! run, and invite links (whose secrets ride in the fragment) never leak in a `Referer`.
//!
//! The app needs: its own scripts (the boot script is a file, not inline), WebAssembly
//! (`'wasm-unsafe-eval'`), its own stylesheet, `data:` images, and WebSockets to its own origin
//! (`connect-src 'self'` covers `ws:`/`wss:` of the same host). A page that needs something
//! else (the relay's own `/relay` page has an inline `<style>`) sets its own policy first.

use axum::http::{HeaderValue, header};
use axum::response::Response;

/// The tablet app's policy.
pub const APP_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; \
     manifest-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; \
     form-action 'self'";

/// Adds the headers to a response on its way out.
pub async fn secure(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    let is_html =
        headers.get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if is_html {
        headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
        if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
            headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(APP_POLICY));
        }
    }
    response
}
