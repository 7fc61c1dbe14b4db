//! `/healthz` for load balancers and container health checks, `/metrics` for Prometheus.
//!
//! Metrics carry no identifiers, but they are still the operator's business: they are served
//! only to this machine, and not through a proxy (which adds `X-Forwarded-For`).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::error::Error;
use crate::relay::{Peer, Relay};
use crate::store::StoreStats;

pub fn router(relay: Arc<Relay>) -> Router {
    Router::new().route("/healthz", get(healthz)).route("/metrics", get(metrics)).with_state(relay)
}

/// The store's counts; answering at all means it is reachable.
async fn stats(relay: &Relay) -> Result<StoreStats, Error> {
    let store = relay.store.clone();
    match tokio::task::spawn_blocking(move || store.stats()).await {
        Ok(Ok(stats)) => Ok(stats),
        Ok(Err(e)) => {
            tracing::error!("health check: {e}");
            Err(Error::StoreUnreachable)
        }
        Err(_) => Err(Error::StoreUnreachable),
    }
}

async fn healthz(State(relay): State<Arc<Relay>>) -> Result<&'static str, Error> {
    stats(&relay).await?;
    Ok("ok\n")
}

async fn metrics(
    State(relay): State<Arc<Relay>>,
    Peer(peer): Peer,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let local = peer.is_none_or(|a| a.ip().is_loopback());
    if !local || headers.contains_key("x-forwarded-for") {
        return Err(Error::NotLocal);
    }
    let stats = stats(&relay).await?;
    let body = crate::metrics::render(relay.hub.connections(), stats);
    Ok(([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body).into_response())
}
