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

/// Browsers send `Origin`; it must be this relay's own (or an allowed one). Native clients
/// send none and are judged by their first message like everyone else.
fn check_origin(relay: &Relay, headers: &HeaderMap) -> Result<(), Error> {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let own = origin.split_once("://").is_some_and(|(_, rest)| rest == host);
    if own || relay.allowed_origins.iter().any(|o| o == origin) {
        Ok(())
    } else {
        Err(Error::ForeignOrigin(origin.to_string()))
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
