//! Turns an HTTP upgrade into a sync session: checks origin and connection limits, caps
//! message size, and adapts the WebSocket to the session's frames.

use std::net::IpAddr;
use std::sync::Arc;

use axum::extract::State;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade, close_code};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use futures_util::{SinkExt, StreamExt};
use shared::protocol::MAX_FRAME;

use super::session::{self, Ended, Incoming};
use super::{Peer, Relay};
use crate::error::Error;

pub async fn upgrade(
    State(relay): State<Arc<Relay>>,
    Peer(peer): Peer,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Result<Response, Error> {
    check_origin(&relay, &headers)?;
    let ip = relay.client_ip(peer, &headers);
    if relay.hub.connections() >= relay.limits.max_connections {
        return Err(Error::AtCapacity);
    }
    let pending = Pending::claim(relay.clone(), ip)?;
    // Small buffers: most connections sit idle between bursts, and 2,000 tablets must fit in
    // little memory. Large messages still arrive; the buffers grow for them and shrink back.
    Ok(ws
        .read_buffer_size(4 * 1024)
        .write_buffer_size(4 * 1024)
        .max_message_size(MAX_FRAME)
        .max_frame_size(MAX_FRAME)
        .on_upgrade(move |socket| serve(relay, ip, socket, pending)))
}

/// Browsers send `Origin`; it must be one the relay is configured to be reached at (or an
/// allowed one), compared by scheme, host and port — never against the request's `Host`,
/// which a DNS-rebinding page controls. Native clients send none and are judged by their
/// first message like everyone else.
fn check_origin(relay: &Relay, headers: &HeaderMap) -> Result<(), Error> {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    let origin = origin.to_str().unwrap_or_default();
    match super::origin::normalize(origin) {
        Some(o) if relay.allowed_origins.contains(&o) => Ok(()),
        _ => Err(Error::ForeignOrigin(
            origin.chars().filter(char::is_ascii_graphic).take(100).collect(),
        )),
    }
}

async fn serve(relay: Arc<Relay>, ip: IpAddr, socket: WebSocket, pending: Pending) {
    let (sink, stream) = socket.split();
    let sink = sink
        .with(|frame: Vec<u8>| async move { Ok::<_, axum::Error>(Message::Binary(frame.into())) });
    let mut pending = Some(pending);
    let stream = stream
        .take_while(|m| std::future::ready(!matches!(m, Ok(Message::Close(_)))))
        .filter_map(move |m| {
            // The first frame ends the "not signed in yet" period for this address.
            pending.take();
            std::future::ready(match m {
                Ok(Message::Binary(b)) => Some(Incoming::Frame(b.to_vec())),
                Ok(Message::Text(t)) => Some(Incoming::Frame(t.as_bytes().to_vec())),
                Ok(_) => None,
                Err(e) => Some(Incoming::Refused(format!(
                    "message refused: {e}; messages must be under 1 MiB"
                ))),
            })
        });
    let mut stream = Box::pin(stream);
    let mut sink = Box::pin(sink);
    let ended = session::run(relay, ip, &mut sink, &mut stream).await;
    // 1012 "service restart" tells browsers (and our sync engine) to come back shortly.
    let (code, reason) = match ended {
        Ended::Restarting => (close_code::RESTART, "the relay is restarting"),
        Ended::Closed => (close_code::NORMAL, ""),
    };
    let frame = CloseFrame { code, reason: reason.into() };
    let _ = sink.as_mut().get_pin_mut().get_mut().send(Message::Close(Some(frame))).await;
}

/// Counts connections from one address that have not sent their first frame.
struct Pending {
    relay: Arc<Relay>,
    ip: IpAddr,
}

impl Pending {
    fn claim(relay: Arc<Relay>, ip: IpAddr) -> Result<Self, Error> {
        {
            let mut pending = relay.pending.lock().unwrap_or_else(|e| e.into_inner());
            let n = pending.entry(ip).or_default();
            if *n >= relay.limits.pending_per_address {
                return Err(Error::TooManyConnections);
            }
            *n += 1;
        }
        Ok(Self { relay, ip })
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        let mut pending = self.relay.pending.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = pending.get_mut(&self.ip) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                pending.remove(&self.ip);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::relay::Limits;
    use crate::store::SqliteStore;

    fn headers(origin: &str, host: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ORIGIN, origin.parse().unwrap());
        h.insert(header::HOST, host.parse().unwrap());
        h
    }

    /// Issue 9: a DNS-rebinding page has a matching `Host`, and the scheme was not compared.
    #[test]
    fn only_the_configured_origins_may_open_a_socket() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(SqliteStore::open(dir.path()).unwrap());
        let relay = Relay::new(store, Limits::default(), vec!["https://partner.example".into()])
            .with_public_origins(&["http://127.0.0.1:8080".into(), "http://localhost:8080".into()]);
        let ok = |origin, host| check_origin(&relay, &headers(origin, host)).is_ok();
        assert!(ok("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assert!(ok("http://LOCALHOST:8080", "localhost:8080"));
        assert!(ok("https://partner.example", "127.0.0.1:8080"));
        assert!(!ok("http://rebind.evil.example:8080", "rebind.evil.example:8080"), "rebinding");
        assert!(!ok("https://127.0.0.1:8080", "127.0.0.1:8080"), "another scheme");
        assert!(!ok("http://127.0.0.1:9999", "127.0.0.1:9999"), "another port");
        assert!(!ok("null", "127.0.0.1:8080"));
        assert!(check_origin(&relay, &HeaderMap::new()).is_ok(), "native clients send none");
    }
}
