//! Rapport's server: serves the built app to tablets and, as the relay, forwards sealed
//! document changes between them. It never sees plaintext: it has no Automerge and no team key.
//!
//! `app(state)` builds the whole router so tests drive it without a socket; `run` binds it.

mod config;
mod error;
pub mod relay;
mod shell;
pub mod store;

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

pub use config::Config;
use relay::{Limits, Relay};
use store::SqliteStore;

/// What handlers share.
#[derive(Clone)]
pub struct AppState {
    /// The built app (`index.html`, `sw.js`, `assets/`…).
    pub dist: Arc<PathBuf>,
    pub relay: Arc<Relay>,
}

/// The whole HTTP surface: the app shell and the relay.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(relay::router(state.relay.clone()))
        .merge(shell::router(state))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
}

/// Opens the store and binds the configured address; serves until Ctrl-C.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let index = config.dist.join("index.html");
    anyhow::ensure!(
        index.is_file(),
        "the built app is missing ({} not found); build it with scripts/build-app.sh or pass --dist",
        index.display()
    );
    let store = SqliteStore::open(&config.data).with_context(|| {
        format!("could not open the relay's store in {}", config.data.display())
    })?;
    let relay =
        Arc::new(Relay::new(Arc::new(store), Limits::default(), config.allowed_origins.clone()));
    let addr = config.socket_addr();
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| {
        format!("could not listen on {addr}; is another Rapport running? try --port")
    })?;
    let local = listener.local_addr()?;
    let shown = if local.ip().is_unspecified() {
        format!("127.0.0.1:{}", local.port())
    } else {
        local.to_string()
    };
    println!("Rapport is running at http://{shown}/  (Ctrl-C to stop)");
    println!("Relay data: {}", config.data.display());
    if let Some(code) = relay.prepare_setup()? {
        println!("No team yet. Open this one-time link on the first tablet to create the team:");
        println!("  {}", relay::setup_link(&shown, &code));
        println!("(also shown as a QR code at http://{shown}/relay on this machine)");
    }
    serve(listener, AppState { dist: Arc::new(config.dist), relay }).await
}

/// Serves `app` on an already-bound listener (tests bind port 0 and pass it here).
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> anyhow::Result<()> {
    let service = app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("server stopped unexpectedly")
}
