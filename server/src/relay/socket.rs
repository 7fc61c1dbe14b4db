//! Turns an HTTP upgrade into a sync session: checks origin, caps message size, and adapts
//! the WebSocket to the session's frames. Connection limits are counted at accept
//! (`admission.rs`); the session marks its connection signed in once a sign-in succeeds.

use std::net::IpAddr;
use std::sync::Arc;

use axum::Extension;
use axum::extract::State;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade, close_code};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use futures_util::{SinkExt, StreamExt};
use shared::protocol::{ErrorCode, MAX_FRAME};

use super::admission::Slot;
use super::deadline::Deadline;
use super::refusal::{Refusal, size_text};
use super::session::{self, Ended, Incoming};
use super::{Peer, Relay};
use crate::error::Error;

pub async fn upgrade(
    State(relay): State<Arc<Relay>>,
    Peer(peer): Peer,
    slot: Option<Extension<Arc<Slot>>>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Result<Response, Error> {
    check_origin(&relay, &headers)?;
    let ip = relay.client_ip(peer, &headers);
    if relay.hub.connections() >= relay.limits.max_connections {
        return Err(Error::AtCapacity);
    }
    let slot = slot.map(|Extension(slot)| slot);
    // Small buffers: most connections sit idle between bursts, and 2,000 tablets must fit in
    // little memory. Large messages still arrive; the buffers grow for them and shrink back.
    Ok(ws
        .read_buffer_size(4 * 1024)
        .write_buffer_size(4 * 1024)
        .max_message_size(MAX_FRAME)
        .max_frame_size(MAX_FRAME)
        .on_upgrade(move |socket| serve(relay, ip, socket, slot)))
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

async fn serve(relay: Arc<Relay>, ip: IpAddr, socket: WebSocket, slot: Option<Arc<Slot>>) {
    let (sink, stream) = socket.split();
    let sink = Deadline::new(sink, relay.limits.write_timeout, axum::Error::new)
        .with(|frame: Vec<u8>| async move { Ok::<_, axum::Error>(Message::Binary(frame.into())) });
    let stream = stream
        .take_while(|m| std::future::ready(!matches!(m, Ok(Message::Close(_)))))
        .filter_map(move |m| {
            std::future::ready(match m {
                Ok(Message::Binary(b)) => Some(Incoming::Frame(b.to_vec())),
                Ok(Message::Text(t)) => Some(Incoming::Frame(t.as_bytes().to_vec())),
                Ok(_) => None,
                Err(e) => Some(refusal(&e.to_string())),
            })
        });
    let mut stream = Box::pin(stream);
    let mut sink = Box::pin(sink);
    // Only a successful sign-in ends the "pending" period for this address; a ping or a
    // wrong token does not.
    let signed_in = move || {
        if let Some(slot) = slot {
            slot.signed_in();
        }
    };
    let ended = session::run_with(relay, ip, &mut sink, &mut stream, signed_in).await;
    // 1012 "service restart" tells browsers (and our sync engine) to come back shortly.
    let (code, reason) = match ended {
        Ended::Restarting => (close_code::RESTART, "the relay is restarting"),
        Ended::Closed => (close_code::NORMAL, ""),
    };
    let frame = CloseFrame { code, reason: reason.into() };
    let socket = sink.as_mut().get_pin_mut().get_mut();
    if !socket.timed_out() {
        let close = socket.send(Message::Close(Some(frame)));
        let _ = tokio::time::timeout(std::time::Duration::from_secs(1), close).await;
    }
}

/// Names what the WebSocket layer refused. Only a message over the size limit is `TooLarge`;
/// anything else (text that is not UTF-8, a broken frame) is a `BadFrame`, so a device is not
/// told to send smaller messages when its message was malformed.
fn refusal(transport_error: &str) -> Incoming {
    // tungstenite reports the size limit as "Space limit exceeded: Message too long: …".
    let too_large = transport_error.contains("Space limit exceeded")
        || transport_error.contains("too long")
        || transport_error.contains("too big");
    Incoming::Refused(if too_large {
        let limit = size_text(MAX_FRAME);
        Refusal::new(
            ErrorCode::TooLarge,
            format!("message refused: {transport_error}; messages must be under {limit}"),
        )
    } else {
        Refusal::new(
            ErrorCode::BadFrame,
            format!("message refused: {transport_error}; send binary Rapport frames"),
        )
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::relay::Limits;
    use crate::store::SqliteStore;

    fn code(transport_error: &str) -> ErrorCode {
        match refusal(transport_error) {
            Incoming::Refused(refusal) => refusal.code,
            Incoming::Frame(_) => unreachable!(),
        }
    }

    #[test]
    fn only_an_oversized_message_is_called_too_large() {
        assert_eq!(
            code("Space limit exceeded: Message too long: 2097162 > 1048576"),
            ErrorCode::TooLarge
        );
        assert_eq!(code("UTF-8 encoding error: invalid utf-8 sequence"), ErrorCode::BadFrame);
        assert_eq!(
            code("WebSocket protocol error: Reserved bits are non-zero"),
            ErrorCode::BadFrame
        );
    }

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
