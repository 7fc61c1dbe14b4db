//! The relay: signs devices in, stores sealed blobs durably, forwards new ones to the rest of
//! the team, and keeps teams, invites and devices. It cannot read a document: it has neither
//! Automerge nor a team key, only sealed bytes and opaque ids.

pub mod admission;
mod deadline;
mod hub;
mod limits;
pub mod origin;
mod page;
mod quota;
pub mod refusal;
pub(crate) mod secrets;
pub mod session;
mod socket;

use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::http::HeaderMap;
use axum::routing::get;

pub use hub::Hub;
use limits::Attempts;

use crate::store::RelayStore;

/// Tunable limits; the defaults suit a single agency.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Messages a connection may send at once, and per second after that: far above what a
    /// tablet sends even while uploading years of history, far below what would hurt others.
    pub burst: u32,
    pub per_second: u32,
    /// Connections from one address that have not signed in yet, counted from accept: plain
    /// HTTP, half-sent requests and sockets that have not sent a valid sign-in.
    pub pending_per_address: usize,
    /// Connections in all, signed in or not.
    pub max_connections: usize,
    /// Time a client has to send a request's headers, and that an idle keep-alive connection
    /// is kept; without it, idle and half-sent connections were held forever.
    pub header_read: Duration,
    /// Bytes queued for one connection before it counts as too slow and is dropped.
    pub outbox_bytes: usize,
    /// Time one write to a device may take; a device that stopped reading is closed after it.
    pub write_timeout: Duration,
    /// Connections one device may hold; a new one beyond this closes its oldest.
    pub connections_per_device: usize,
    /// Bytes of sealed blobs one team may store.
    pub team_quota: u64,
    /// Bytes of sealed blobs one device may store.
    pub device_quota: u64,
    /// Bytes the relay's disk must keep free; pushes are refused below it.
    pub min_free_disk: u64,
    /// Wrong codes or tokens from one address, or for one device or team, per
    /// `WRONG_CODES_WINDOW` (10 minutes),
    /// before a wrong one is answered "too many attempts" (a right one is always accepted).
    pub wrong_codes: usize,
    /// Documents per team: an agency uses a few hundred (one per kind and month), so this only
    /// stops a device that floods the relay with new document ids.
    pub max_docs: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            burst: 2_000,
            per_second: 1_000,

            pending_per_address: 64,
            max_connections: 20_000,
            header_read: Duration::from_secs(10),
            outbox_bytes: 4 << 20,
            write_timeout: Duration::from_secs(30),
            connections_per_device: 4,
            team_quota: 2 << 30,
            device_quota: 512 << 20,
            min_free_disk: 1 << 30,
            wrong_codes: 10,
            max_docs: 5_000,
        }
    }
}

pub struct Relay {
    pub store: Arc<dyn RelayStore>,
    pub hub: Hub,
    pub limits: Limits,
    attempts: Attempts,
    /// Open connections, counted at accept.
    pub admission: Arc<admission::Admission>,
    /// Bytes stored per team and device, for quotas.
    storage: quota::Storage,
    /// The setup link's code while the relay has no team, for its own status page.
    setup_code: Mutex<Option<String>>,
    /// Origins (normalized, see `origin`) whose pages may open sync sockets: where the relay
    /// is reached, and any `--allowed-origin`. Empty: no browser page may (native clients
    /// send no `Origin`).
    allowed_origins: Vec<String>,
    /// `host[:port]` names the relay answers to besides loopback ones, for its status page.
    public_hosts: Vec<String>,
    /// Whether `/relay` may show the setup link (to its own machine): for a first local start.
    show_setup_page: bool,
    /// Whether browsers reach the relay over HTTPS (itself or through a proxy).
    https: bool,
    /// The header a reverse proxy puts the client's address in, and whether to believe it
    /// from any peer (behind a proxy) or only from loopback.
    client_address: Option<(axum::http::HeaderName, bool)>,
    /// Becomes true once when the server shuts down; every session watches it.
    stopping: tokio::sync::watch::Sender<bool>,
}

impl Relay {
    pub fn new(store: Arc<dyn RelayStore>, limits: Limits, allowed_origins: Vec<String>) -> Self {
        Self {
            store,
            hub: Hub::new(limits.outbox_bytes, limits.connections_per_device),
            limits,
            attempts: Attempts::new(limits.wrong_codes, limits::WRONG_CODES_WINDOW),
            admission: Arc::default(),
            storage: quota::Storage::default(),
            setup_code: Mutex::new(None),
            allowed_origins: allowed_origins.iter().filter_map(|o| origin::normalize(o)).collect(),
            public_hosts: Vec::new(),
            show_setup_page: false,
            https: false,
            client_address: None,
            stopping: tokio::sync::watch::Sender::new(false),
        }
    }

    /// Links the relay prints or shows use `https://` when this is set.
    pub fn with_https(mut self, https: bool) -> Self {
        self.https = https;
        self
    }

    /// Takes the client's address from `header` (as a same-host proxy sets it), when the peer
    /// is loopback, or any peer if `from_any_peer` (the relay listens only to its proxy).
    /// Without it every client behind a proxy would share one address, and its limits.
    pub fn with_client_address_header(
        mut self,
        header: axum::http::HeaderName,
        from_any_peer: bool,
    ) -> Self {
        self.client_address = Some((header, from_any_peer));
        self
    }

    /// The address a request comes from, for per-address limits.
    fn client_ip(&self, peer: Option<std::net::SocketAddr>, headers: &HeaderMap) -> IpAddr {
        let peer = peer.map_or(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), |a| a.ip());
        let Some((header, any)) = &self.client_address else { return peer };
        if !*any && !peer.is_loopback() {
            return peer;
        }
        // The proxy appends the address it saw, so the last entry is the one it vouches for;
        // earlier ones came from the client and could be anything.
        headers
            .get_all(header)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse::<IpAddr>().ok())
            .next_back()
            .unwrap_or(peer)
    }

    /// The relay's public origins: their pages may sync, and their host names are its own.
    pub fn with_public_origins(mut self, origins: &[String]) -> Self {
        let origins: Vec<String> = origins.iter().filter_map(|o| origin::normalize(o)).collect();
        self.public_hosts.extend(origins.iter().map(|o| origin::authority(o).to_string()));
        self.allowed_origins.extend(origins);
        self
    }

    /// Lets `/relay` show the setup link to a browser on the relay's own machine.
    pub fn with_setup_page(mut self, show: bool) -> Self {
        self.show_setup_page = show;
        self
    }

    /// Tells every connection the relay is restarting; each finishes its current request
    /// first. New connections are told the same until the process ends.
    pub fn shut_down(&self) {
        self.stopping.send_replace(true);
    }

    fn stopping(&self) -> tokio::sync::watch::Receiver<bool> {
        self.stopping.subscribe()
    }

    /// Connections still open: signed in, or waiting to sign in (plain HTTP included when
    /// served through `Admit`; in-process sessions without a socket count once signed in).
    pub fn open_connections(&self) -> usize {
        self.admission.open().max(self.hub.connections())
    }

    /// Makes a new one-time setup code if the relay has no team yet; returns it to print.
    pub fn prepare_setup(&self) -> anyhow::Result<Option<String>> {
        if self.store.team()?.is_some() {
            return Ok(None);
        }
        let code = secrets::random16()?;
        self.store.set_setup_code(secrets::hash(&code))?;
        let hex = shared::hex::encode(&code);
        *self.setup_code.lock().unwrap_or_else(|e| e.into_inner()) = Some(hex.clone());
        Ok(Some(hex))
    }

    fn team_created(&self) {
        *self.setup_code.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    fn setup_code(&self) -> Option<String> {
        self.setup_code.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

pub use page::setup_link;

pub fn router(relay: Arc<Relay>) -> Router {
    Router::new()
        .route("/api/sync", get(socket::upgrade))
        .route("/relay", get(page::status))
        .with_state(relay)
}

/// The peer's address when serving from a real socket; absent in in-process tests.
pub struct Peer(pub Option<std::net::SocketAddr>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SqliteStore;

    #[test]
    fn a_trusted_proxy_header_gives_the_client_address_only_from_the_proxy() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(SqliteStore::open(dir.path()).unwrap());
        let relay = Relay::new(store, Limits::default(), vec![])
            .with_client_address_header("x-forwarded-for".parse().unwrap(), false);
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "6.6.6.6, 203.0.113.7".parse().unwrap());
        let proxy = Some("127.0.0.1:5000".parse().unwrap());
        assert_eq!(relay.client_ip(proxy, &headers), "203.0.113.7".parse::<IpAddr>().unwrap());
        let stranger = Some("198.51.100.1:5000".parse().unwrap());
        assert_eq!(relay.client_ip(stranger, &headers), "198.51.100.1".parse::<IpAddr>().unwrap());
        assert_eq!(relay.client_ip(proxy, &HeaderMap::new()), IpAddr::from([127, 0, 0, 1]));
    }
}
