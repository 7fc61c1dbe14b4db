//! The app shell: static files with caching that lets the service worker update cleanly.
//!
//! Hashed files under `/assets/` never change, so browsers may keep them for a year. The
//! entry points (`/`, `index.html`, `sw.js`, the manifest) must be revalidated every time, or a
//! new build would never reach installed tablets. Any other path without a file extension is
//! a screen of the single-page app and gets `index.html`.

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::services::{ServeDir, ServeFile};

use crate::AppState;

pub fn router(state: AppState) -> Router {
    let index = ServeFile::new(state.dist.join("index.html"));
    let files = ServeDir::new(state.dist.as_ref())
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(true)
        .fallback(index);
    Router::new().fallback_service(files).layer(middleware::from_fn(cache_headers))
}

/// Sets `Cache-Control` by path and turns app-route fallbacks for missing files into 404s.
async fn cache_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;
    let last = path.rsplit('/').next().unwrap_or_default();
    let is_file = last.contains('.');
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if is_file && is_html && !last.ends_with(".html") {
        // A missing asset fell back to index.html: say so instead of serving the wrong thing.
        let mut missing = Response::new(axum::body::Body::from("not found"));
        *missing.status_mut() = StatusCode::NOT_FOUND;
        return missing;
    }
    let policy = if path.starts_with("/assets/") {
        "public, max-age=31536000, immutable"
    } else if path.starts_with("/icons/") {
        "public, max-age=86400"
    } else {
        "no-cache"
    };
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}
