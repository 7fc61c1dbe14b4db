//! `/healthz` for load balancers and container health checks, `/metrics` for Prometheus.
//!
//! Metrics carry no identifiers, but they are still the operator's business: they are served
//! only to this machine, and not through a proxy (which adds `X-Forwarded-For`).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::relay::{Peer, Relay};
use crate::store::StoreStats;

pub fn router(relay: Arc<Relay>) -> Router {
    Router::new().route("/healthz", get(healthz)).route("/metrics", get(metrics)).with_state(relay)
}

async fn stats(relay: &Relay) -> Option<StoreStats> {
    let store = relay.store.clone();
    match tokio::task::spawn_blocking(move || store.stats()).await {
        Ok(Ok(stats)) => Some(stats),
        Ok(Err(e)) => {
            tracing::error!("health check: {e}");
            None
        }
        Err(_) => None,
    }
}

async fn healthz(State(relay): State<Arc<Relay>>) -> Response {
    match stats(&relay).await {
        Some(_) => (StatusCode::OK, "ok\n").into_response(),
        None => {
            (StatusCode::SERVICE_UNAVAILABLE, "the relay cannot reach its store\n").into_response()
        }
    }
}

async fn metrics(
    State(relay): State<Arc<Relay>>,
    Peer(peer): Peer,
    headers: HeaderMap,
) -> Response {
    let local = peer.is_none_or(|a| a.ip().is_loopback());
    if !local || headers.contains_key("x-forwarded-for") {
        return (StatusCode::NOT_FOUND, "metrics are served only on the relay's own machine\n")
            .into_response();
    }
    let Some(stats) = stats(&relay).await else {
        return (StatusCode::SERVICE_UNAVAILABLE, "the relay cannot reach its store\n")
            .into_response();
    };
    let body = crate::metrics::render(relay.hub.connections(), stats);
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body).into_response()
}
