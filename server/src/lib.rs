//! Rapport's server: serves the built app to tablets and, as the relay, will forward sealed
//! document changes between them (it never sees plaintext).
//!
//! `app(state)` builds the whole router so tests drive it without a socket; `run` binds it.

mod config;
mod shell;

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

pub use config::Config;

/// What handlers share.
#[derive(Clone)]
pub struct AppState {
    /// The built app (`index.html`, `sw.js`, `assets/`…).
    pub dist: Arc<PathBuf>,
}

/// The whole HTTP surface.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(shell::router(state))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
}

/// Binds the configured address and serves until Ctrl-C.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let index = config.dist.join("index.html");
    anyhow::ensure!(
        index.is_file(),
        "the built app is missing ({} not found); build it with scripts/build-app.sh or pass --dist",
        index.display()
    );
    let addr = config.socket_addr();
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| {
        format!("could not listen on {addr}; is another Rapport running? try --port")
    })?;
    let local = listener.local_addr()?;
    println!("Rapport is running at http://{local}/  (Ctrl-C to stop)");
    let state = AppState { dist: Arc::new(config.dist) };
    axum::serve(listener, app(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("server stopped unexpectedly")
}
