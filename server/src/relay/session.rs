//! One device's connection, from its first frame to its last. Generic over any `Sink` and
//! `Stream` of frames, so tests drive it with channels and production with a WebSocket.
//!
//! Nothing a client sends can crash the relay: every frame is decoded with bounds, every
//! refusal is a `Refusal` sent as one `Error` frame, and a connection that breaks the rules is
//! closed without affecting anyone else. Signing in is in `sign_in.rs`, what a signed-in
//! device may ask in `requests.rs`, key rotation in `keys.rs`.

mod keys;
mod requests;
mod sign_in;
mod store_call;

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{Sink, SinkExt, Stream, StreamExt};
use shared::protocol::{ClientMessage, DeviceId, ErrorCode, TeamId};
use tokio::sync::watch;

use super::Relay;
use super::hub::{Outbox, Outgoing};
use super::limits::RateLimit;
use super::refusal::Refusal;

/// Time a new connection has to sign in.
pub const SIGN_IN_WITHIN: Duration = Duration::from_secs(10);
/// Messages refused for the rate in a row after which the connection is closed.
const MAX_STRIKES: u32 = 50;
/// A tablet that stopped reading must not hold up a restart.
const GOODBYE_WITHIN: Duration = Duration::from_secs(1);

/// A frame from the client, or why reading failed.
pub enum Incoming {
    Frame(Vec<u8>),
    /// The transport refused the message: over the size limit, or not a well-formed
    /// WebSocket message.
    Refused(Refusal),
}

/// Who a signed-in connection belongs to.
#[derive(Clone, Copy)]
struct Member {
    team: TeamId,
    device: DeviceId,
    conn: u64,
}

/// How a connection ended, so the transport can close it with the right reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The device left, broke a rule or fell behind.
    Closed,
    /// The relay is shutting down; the device should come back after it restarts.
    Restarting,
}

async fn say_goodbye<S: Sink<Vec<u8>> + Unpin>(sink: &mut S) {
    let restarting = Refusal::new(
        ErrorCode::Restarting,
        "the relay is restarting; this tablet reconnects by itself",
    );
    let _ = tokio::time::timeout(GOODBYE_WITHIN, sink.send(restarting.into_frame())).await;
}

/// Sends a refusal as the connection's last frame.
async fn refuse<S: Sink<Vec<u8>> + Unpin>(sink: &mut S, refusal: Refusal) -> Ended {
    let _ = sink.send(refusal.into_frame()).await;
    Ended::Closed
}

/// Runs one connection to completion.
pub async fn run<S, R>(relay: Arc<Relay>, peer: IpAddr, sink: S, stream: R) -> Ended
where
    S: Sink<Vec<u8>> + Unpin + Send,
    R: Stream<Item = Incoming> + Unpin + Send,
{
    run_with(relay, peer, sink, stream, || ()).await
}

/// Runs one connection to completion, calling `signed_in` once its sign-in succeeded.
pub async fn run_with<S, R>(
    relay: Arc<Relay>,
    peer: IpAddr,
    mut sink: S,
    mut stream: R,
    signed_in: impl FnOnce() + Send,
) -> Ended
where
    S: Sink<Vec<u8>> + Unpin + Send,
    R: Stream<Item = Incoming> + Unpin + Send,
{
    let mut stopping = relay.stopping();
    let first = tokio::select! {
        first = tokio::time::timeout(SIGN_IN_WITHIN, stream.next()) => first,
        _ = stopped(&mut stopping) => {
            say_goodbye(&mut sink).await;
            return Ended::Restarting;
        }
    };
    let first = match first {
        Ok(Some(Incoming::Frame(frame))) => frame,
        Ok(Some(Incoming::Refused(refusal))) => return refuse(&mut sink, refusal).await,
        Ok(None) => return Ended::Closed,
        Err(_) => {
            let late = format!("sign in within {} seconds of connecting", SIGN_IN_WITHIN.as_secs());
            return refuse(&mut sink, Refusal::new(ErrorCode::NotAllowed, late)).await;
        }
    };
    let (member, welcome) = match sign_in::sign_in(&relay, peer, &first).await {
        Ok(ok) => ok,
        Err(refusal) => return refuse(&mut sink, refusal).await,
    };
    signed_in();
    let (conn, mut outgoing) = relay.hub.join(member.team, member.device);
    let member = Member { conn, ..member };
    if sink.send(welcome.encode()).await.is_err() {
        relay.hub.leave(member.team, conn);
        return Ended::Closed;
    }
    let ended = serve(&relay, member, &mut sink, &mut stream, &mut outgoing, &mut stopping).await;
    relay.hub.leave(member.team, conn);
    ended
}

async fn serve<S, R>(
    relay: &Arc<Relay>,
    member: Member,
    sink: &mut S,
    stream: &mut R,
    outgoing: &mut Outbox,
    stopping: &mut watch::Receiver<bool>,
) -> Ended
where
    S: Sink<Vec<u8>> + Unpin + Send,
    R: Stream<Item = Incoming> + Unpin + Send,
{
    let mut rate = RateLimit::new(relay.limits.burst, relay.limits.per_second);
    let mut strikes = 0u32;
    loop {
        // A frame being handled is finished before this is polled again, so a push that
        // reached the store is acknowledged before the connection closes.
        tokio::select! {
            _ = stopped(stopping) => {
                say_goodbye(sink).await;
                return Ended::Restarting;
            }
            next = stream.next() => {
                let frame = match next {
                    Some(Incoming::Frame(frame)) => frame,
                    Some(Incoming::Refused(refusal)) => return refuse(sink, refusal).await,
                    None => return Ended::Closed,
                };
                if !rate.allow() {
                    strikes += 1;
                    let slow = Refusal::new(ErrorCode::RateLimited, "too many messages; slow down");
                    let _ = sink.send(slow.into_frame()).await;
                    if strikes > MAX_STRIKES {
                        return Ended::Closed;
                    }
                    continue;
                }
                strikes = 0;
                let reply = match ClientMessage::decode(&frame) {
                    Ok(message) => requests::handle(relay, member, message).await,
                    Err(e) => Err(Refusal::new(ErrorCode::BadFrame, e.to_string())),
                };
                let reply = reply.map_or_else(Refusal::into_frame, |message| message.encode());
                if sink.send(reply).await.is_err() {
                    return Ended::Closed;
                }
            }
            out = outgoing.recv() => match out {
                Some(Outgoing::Frame(frame)) => {
                    // The shared frame is copied only while it is being written.
                    if sink.send(frame.to_vec()).await.is_err() {
                        return Ended::Closed;
                    }
                }
                Some(Outgoing::Close(refusal)) => return refuse(sink, refusal).await,
                None => {
                    let behind = Refusal::new(
                        ErrorCode::Internal,
                        "this connection fell behind; reconnect to catch up",
                    );
                    return refuse(sink, behind).await;
                }
            },
        }
    }
}

/// Resolves once the relay starts shutting down.
async fn stopped(stopping: &mut watch::Receiver<bool>) {
    let _ = stopping.wait_for(|stop| *stop).await;
}

#[cfg(test)]
mod tests;
