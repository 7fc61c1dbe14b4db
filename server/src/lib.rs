//! Rapport's server: serves the built app to tablets and, as the relay, forwards sealed
//! document changes between them. It never sees plaintext: it has no Automerge and no team key.
//!
//! `app(state)` builds the whole router so tests drive it without a socket; `run` binds it.

mod config;
mod error;
mod headers;
mod health;
pub mod metrics;
pub mod relay;
mod shell;
pub mod store;
pub mod tls;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum_server::Handle;
use axum_server::accept::DefaultAcceptor;
use axum_server::tls_rustls::{RustlsAcceptor, RustlsConfig};
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

pub use config::{Cli, Command, Config, ConfigError, Transport};
use relay::Relay;
use relay::admission::Admit;
use store::SqliteStore;

/// How long a shutdown waits for connections to finish before it stops anyway.
pub const DRAIN_WITHIN: Duration = Duration::from_secs(10);

/// What handlers share.
#[derive(Clone)]
pub struct AppState {
    /// The built app (`index.html`, `sw.js`, `assets/`…).
    pub dist: Arc<PathBuf>,
    pub relay: Arc<Relay>,
}

/// The whole HTTP surface: the app shell, the relay, and its health and metrics.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(relay::router(state.relay.clone()))
        .merge(health::router(state.relay.clone()))
        .merge(shell::router(state))
        .layer(axum::middleware::map_response(headers::secure))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
}

/// How `serve_with` speaks to browsers.
pub enum Tls {
    /// Plain HTTP; `hsts` when a proxy in front serves it as HTTPS.
    Off {
        hsts: bool,
    },
    Certificate(RustlsConfig),
    Acme(rustls_acme::axum::AxumAcceptor),
}

/// Validates the options, opens the store, binds, and serves until SIGTERM or Ctrl-C.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let transport = config.transport()?;
    let index = config.dist.join("index.html");
    anyhow::ensure!(
        index.is_file(),
        "the built app is missing ({} not found); build it with scripts/build-app.sh or pass --dist",
        index.display()
    );
    let _ = rustls::crypto::ring::default_provider().install_default();
    let store = SqliteStore::open(&config.data).with_context(|| {
        format!("could not open the relay's store in {}", config.data.display())
    })?;
    let listener = bind(config.socket_addr()).await?;
    let local = listener.local_addr()?;
    let mut relay = Relay::new(Arc::new(store), config.limits(), config.origins())
        .with_public_origins(&config.public_origins(&transport, local.port()))
        .with_setup_page(config.show_setup_page)
        .with_https(transport.is_https());
    if let Some(header) = &config.trusted_proxy_header {
        let header = header.parse::<axum::http::HeaderName>().with_context(|| {
            format!("--trusted-proxy-header {header} is not a header name; try X-Forwarded-For")
        })?;
        let any_peer = matches!(transport, Transport::Proxy { .. });
        relay = relay.with_client_address_header(header, any_peer);
    }
    let relay = Arc::new(relay);
    let tls = match &transport {
        Transport::Loopback => Tls::Off { hsts: false },
        Transport::Proxy { .. } => Tls::Off { hsts: true },
        Transport::Certificate { cert, key } => {
            let config = RustlsConfig::from_config(tls::load(cert, key)?);
            tls::reload_on_change(config.clone(), cert.clone(), key.clone(), tls::RELOAD_EVERY);
            Tls::Certificate(config)
        }
        Transport::Acme { domains, contact, staging } => {
            Tls::Acme(tls::acme(domains, contact.as_deref(), *staging, config.data.join("acme")))
        }
    };
    if let Some(port) = config.http_port {
        let redirects = bind(SocketAddr::new(config.bind, port)).await?;
        tokio::spawn(async move {
            let _ = axum::serve(redirects, tls::redirect_router(local.port())).await;
        });
    }
    // With TLS, the first configured name (--domain, then --public-name) is what tablets type.
    let origin = match transport {
        Transport::Certificate { .. } | Transport::Acme { .. } => {
            config.public_origins(&transport, local.port()).into_iter().next()
        }
        Transport::Loopback | Transport::Proxy { .. } => None,
    }
    .unwrap_or_else(|| public_origin(&transport, local));
    println!("Rapport is running at {origin}/  (Ctrl-C to stop)");
    println!("Relay data: {}", config.data.display());
    let unnamed = config.public_names.is_empty() && config.bind.is_unspecified();
    if matches!(transport, Transport::Certificate { .. }) && unnamed {
        println!("(tablets use the name the certificate was issued for; pass it as --public-name)");
    }
    if let Some(code) = relay.prepare_setup()? {
        println!("No team yet. Open this one-time link on the first tablet to create the team:");
        println!("  {}", relay::setup_link(&origin, &code));
        if config.show_setup_page {
            println!("(also shown as a QR code at {origin}/relay on this machine)");
        }
    }
    let state = AppState { dist: Arc::new(config.dist), relay };
    serve_with(listener, state, tls, shutdown_signal()).await
}

async fn bind(addr: SocketAddr) -> anyhow::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(addr).await.with_context(|| {
        format!("could not listen on {addr}; is another Rapport running? try --port")
    })
}

/// The address people type: the domain, the proxy's origin, or this machine.
fn public_origin(transport: &Transport, local: SocketAddr) -> String {
    let host = if local.ip().is_unspecified() {
        format!("127.0.0.1:{}", local.port())
    } else {
        local.to_string()
    };
    match transport {
        Transport::Loopback => format!("http://{host}"),
        Transport::Proxy { origin } => origin.clone(),
        Transport::Certificate { .. } => format!("https://{host}"),
        Transport::Acme { .. } => format!("https://{host}"),
    }
}

/// Serves plain HTTP on an already-bound listener until SIGTERM or Ctrl-C (tests bind port 0).
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> anyhow::Result<()> {
    serve_with(listener, state, Tls::Off { hsts: false }, shutdown_signal()).await
}

/// Serves until `shutdown` resolves, then drains: no new connections, each sync connection
/// finishes the request it is handling and is told the relay is restarting.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    state: AppState,
    tls: Tls,
    shutdown: impl Future<Output = ()>,
) -> anyhow::Result<()> {
    let relay = state.relay.clone();
    let mut router = app(state);
    if matches!(tls, Tls::Certificate(_) | Tls::Acme(_) | Tls::Off { hsts: true }) {
        router = router.layer(axum::middleware::map_response(tls::hsts));
    }
    let service = router.into_make_service_with_connect_info::<SocketAddr>();
    let handle = Handle::new();
    let mut server = axum_server::from_tcp(listener.into_std()?)?.handle(handle.clone());
    // Idle and half-sent requests are closed after this; hyper needs a timer to enforce it.
    server
        .http_builder()
        .http1()
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(relay.limits.header_read);
    // Every connection is counted from accept, before TLS and HTTP parsing.
    let r = relay.clone();
    let mut serving = match tls {
        Tls::Off { .. } => {
            tokio::spawn(server.acceptor(Admit::new(r, DefaultAcceptor)).serve(service))
        }
        Tls::Certificate(config) => {
            let acceptor = Admit::new(r, RustlsAcceptor::new(config));
            tokio::spawn(server.acceptor(acceptor).serve(service))
        }
        Tls::Acme(acceptor) => {
            tokio::spawn(server.acceptor(Admit::new(r, acceptor)).serve(service))
        }
    };
    tokio::select! {
        ended = &mut serving => return ended?.context("server stopped unexpectedly"),
        () = shutdown => {}
    }
    tracing::info!("shutting down: finishing requests and closing sync connections");
    handle.graceful_shutdown(Some(DRAIN_WITHIN));
    relay.shut_down();
    let drained = tokio::time::timeout(DRAIN_WITHIN, async {
        while relay.open_connections() > 0 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
    if drained.is_err() {
        tracing::warn!("{} connections still open; stopping anyway", relay.open_connections());
    }
    if tokio::time::timeout(DRAIN_WITHIN, serving).await.is_err() {
        tracing::warn!("HTTP connections still open after {DRAIN_WITHIN:?}; stopping anyway");
    }
    tracing::info!("stopped");
    Ok(())
}

/// SIGTERM (systemd, containers) or Ctrl-C.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                term.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
