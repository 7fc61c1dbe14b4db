//! The app shell is served with the types and caching a service-worker PWA needs.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use server::relay::{Limits, Relay};
use server::store::SqliteStore;
use server::{AppState, app};
use tower::ServiceExt;

fn dist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("assets")).unwrap();
    std::fs::write(root.join("index.html"), "<!doctype html><title>Rapport</title>").unwrap();
    std::fs::write(root.join("sw.js"), "// worker").unwrap();
    std::fs::write(root.join("assets/app-abc.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(root.join("assets/app-abc.wasm.br"), b"brotli bytes").unwrap();
    dir
}

async fn get(
    dir: &tempfile::TempDir,
    path: &str,
    encoding: Option<&str>,
) -> axum::response::Response {
    let store = SqliteStore::open(&dir.path().join("data")).unwrap();
    let relay = Arc::new(Relay::new(Arc::new(store), Limits::default(), vec![]));
    let state = AppState { dist: Arc::new(dir.path().to_path_buf()), relay };
    let mut request = Request::get(path).header(header::HOST, "127.0.0.1:8080");
    if let Some(e) = encoding {
        request = request.header(header::ACCEPT_ENCODING, e);
    }
    app(state).oneshot(request.body(Body::empty()).unwrap()).await.unwrap()
}

fn header_of(response: &axum::response::Response, name: header::HeaderName) -> String {
    response.headers().get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
}

#[tokio::test]
async fn hashed_wasm_is_served_as_wasm_and_cached_for_a_year() {
    let dir = dist();
    let response = get(&dir, "/assets/app-abc.wasm", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header_of(&response, header::CONTENT_TYPE), "application/wasm");
    assert!(header_of(&response, header::CACHE_CONTROL).contains("immutable"));
}

#[tokio::test]
async fn precompressed_brotli_is_sent_to_browsers_that_accept_it() {
    let dir = dist();
    let response = get(&dir, "/assets/app-abc.wasm", Some("br, gzip")).await;
    assert_eq!(header_of(&response, header::CONTENT_ENCODING), "br");
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&body[..], b"brotli bytes");
}

#[tokio::test]
async fn entry_points_are_revalidated_so_new_builds_reach_installed_apps() {
    let dir = dist();
    for path in ["/", "/index.html", "/sw.js"] {
        let response = get(&dir, path, None).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(header_of(&response, header::CACHE_CONTROL), "no-cache", "{path}");
    }
}

#[tokio::test]
async fn app_screens_get_the_shell_but_missing_files_are_404() {
    let dir = dist();
    let screen = get(&dir, "/partners/0123", None).await;
    assert_eq!(screen.status(), StatusCode::OK);
    assert!(header_of(&screen, header::CONTENT_TYPE).starts_with("text/html"));
    let missing = get(&dir, "/assets/app-old.js", None).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn healthz_answers_while_the_store_does() {
    let dir = dist();
    let response = get(&dir, "/healthz", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&body[..], b"ok\n");
}

#[tokio::test]
async fn metrics_count_without_naming_anyone_and_stay_off_proxied_requests() {
    let dir = dist();
    let response = get(&dir, "/metrics", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(header_of(&response, header::CONTENT_TYPE).starts_with("text/plain"));
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&body);
    for name in ["rapport_connected_devices 0", "rapport_teams 0", "rapport_pushes_total"] {
        assert!(text.contains(name), "{name} missing from:\n{text}");
    }
    assert!(text.contains("rapport_refusals_total{reason=\"unauthorized\"}"));
    assert!(text.contains("rapport_store_seconds_bucket{le=\"+Inf\"}"));

    let store = SqliteStore::open(&dir.path().join("data")).unwrap();
    let relay = Arc::new(Relay::new(Arc::new(store), Limits::default(), vec![]));
    let state = AppState { dist: Arc::new(dir.path().to_path_buf()), relay };
    let proxied = Request::get("/metrics").header("x-forwarded-for", "203.0.113.9");
    let response = app(state).oneshot(proxied.body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

/// Issue 9, item 11: HTML was served without a Content-Security-Policy, `nosniff` or a
/// referrer policy, so an injected script could run and invite links could leak in `Referer`.
#[tokio::test]
async fn every_html_page_carries_a_content_security_policy_and_no_referrer() {
    let dir = dist();
    for path in ["/", "/index.html", "/partners/new", "/relay"] {
        let response = get(&dir, path, None).await;
        assert!(header_of(&response, header::CONTENT_TYPE).starts_with("text/html"), "{path}");
        let policy = header_of(&response, header::CONTENT_SECURITY_POLICY);
        for rule in ["default-src", "frame-ancestors 'none'", "base-uri 'none'"] {
            assert!(policy.contains(rule), "{path}: {rule} missing from {policy:?}");
        }
        assert!(!policy.contains("script-src 'unsafe-inline'"), "{path}: {policy}");
        assert_eq!(header_of(&response, header::X_CONTENT_TYPE_OPTIONS), "nosniff", "{path}");
        assert_eq!(header_of(&response, header::REFERRER_POLICY), "no-referrer", "{path}");
    }
    let app = header_of(&get(&dir, "/", None).await, header::CONTENT_SECURITY_POLICY);
    assert!(app.contains("script-src 'self' 'wasm-unsafe-eval'"), "{app}");
    let wasm = get(&dir, "/assets/app-abc.wasm", None).await;
    assert_eq!(header_of(&wasm, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
}
