//! The status page through the router, without a socket (a missing peer address counts as
//! the relay's own machine).

use axum::body::Body;
use axum::http::{Request, StatusCode};
use tower::ServiceExt;

use super::*;
use crate::relay::{Limits, router};
use crate::store::SqliteStore;

fn relay(show: bool) -> (tempfile::TempDir, Arc<Relay>, String) {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(dir.path()).unwrap());
    let relay = Relay::new(store, Limits::default(), vec![])
        .with_public_origins(&["https://rapport.example.org".into()])
        .with_setup_page(show);
    let relay = Arc::new(relay);
    let code = relay.prepare_setup().unwrap().unwrap();
    (dir, relay, code)
}

async fn get(relay: &Arc<Relay>, headers: &[(&str, &str)]) -> (StatusCode, String) {
    let mut request = Request::get("/relay");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response =
        router(relay.clone()).oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap();
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// Issue 9: the setup link was shown to any loopback peer, which includes everyone behind a
/// same-host proxy. Now it is in the server's output, and on the page only when asked for.
#[tokio::test]
async fn the_setup_link_is_on_the_page_only_with_the_flag_and_only_locally() {
    let (_dir, hidden, code) = relay(false);
    let (status, body) = get(&hidden, &[("host", "127.0.0.1:8080")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!body.contains(&code), "no flag, no link: {body}");

    let (_dir, shown, code) = relay(true);
    let (_, body) = get(&shown, &[("host", "127.0.0.1:8080")]).await;
    assert!(body.contains(&format!("http://127.0.0.1:8080/setup#code={code}")), "{body}");
    let (_, body) =
        get(&shown, &[("host", "rapport.example.org"), ("x-forwarded-for", "203.0.113.9")]).await;
    assert!(!body.contains(&code), "through a proxy: {body}");
}

/// Issue 9: the `Host` header was reflected into the page unescaped.
#[tokio::test]
async fn a_foreign_or_hostile_host_is_refused_and_never_reflected() {
    let (_dir, relay, code) = relay(true);
    for host in ["evil.example", "x\"><script>alert(1)</script>", "127.0.0.1.evil.example"] {
        let (status, body) = get(&relay, &[("host", host)]).await;
        assert_eq!(status, StatusCode::MISDIRECTED_REQUEST, "{host}");
        assert!(!body.contains("<script>") && !body.contains(&code), "{host}: {body}");
    }
    let (status, _) = get(&relay, &[("host", "rapport.example.org")]).await;
    assert_eq!(status, StatusCode::OK);
}

#[test]
fn escaping_covers_markup_and_quotes() {
    assert_eq!(
        escape("<a href=\"x\">'&'</a>"),
        "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
    );
}
