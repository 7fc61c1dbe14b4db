//! One device's connection, from its first frame to its last. Generic over any `Sink` and
//! `Stream` of frames, so tests drive it with channels and production with a WebSocket.
//!
//! Nothing a client sends can crash the relay: every frame is decoded with bounds, every
//! refusal is an `Error` frame with a reason, and a connection that breaks the rules is closed
//! without affecting anyone else.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{Sink, SinkExt, Stream, StreamExt};
use shared::protocol::{
    Blob, ClientMessage, Code, DOCS_PAGE, DeviceId, DeviceInfo, ErrorCode, FrameError, MAX_FRAME,
    Role, ServerMessage, TeamId, Token,
};
use tokio::sync::watch;

use super::Relay;
use super::hub::{Outbox, Outgoing};
use super::limits::{Key, RateLimit};
use super::secrets::{hash, now_ms, random16};
use crate::store::{Appended, Auth, NewBlob, NewDevice, Outcome, Page, RelayStore};

/// Time a new connection has to sign in.
pub const SIGN_IN_WITHIN: Duration = Duration::from_secs(10);
/// A wrong credential past the limit is answered this late, to slow guessing further.
const WRONG_AFTER_LIMIT: Duration = Duration::from_secs(1);
/// Most bytes of blobs in one pull reply.
const PAGE_BYTES: usize = 512 * 1024;
/// Invites last a day unless asked otherwise, and never more than a week.
const INVITE_DEFAULT_SECS: u64 = 24 * 3600;
const INVITE_MAX_SECS: u64 = 7 * 24 * 3600;

/// A frame from the client, or why reading failed.
pub enum Incoming {
    Frame(Vec<u8>),
    /// The transport refused the message: `code` says why (over the size limit, or not a
    /// well-formed WebSocket message), `why` in words.
    Refused {
        code: ErrorCode,
        why: String,
    },
}

/// Who a signed-in connection belongs to.
#[derive(Clone, Copy)]
struct Member {
    team: TeamId,
    device: DeviceId,
    conn: u64,
}

fn error(code: ErrorCode, message: impl Into<String>) -> Vec<u8> {
    crate::metrics::refused(code);
    ServerMessage::Error { code, message: message.into() }.encode()
}

/// How a connection ended, so the transport can close it with the right reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The device left, broke a rule or fell behind.
    Closed,
    /// The relay is shutting down; the device should come back after it restarts.
    Restarting,
}

const RESTARTING: &str = "the relay is restarting; this tablet reconnects by itself";
/// A tablet that stopped reading must not hold up a restart.
const GOODBYE_WITHIN: Duration = Duration::from_secs(1);

async fn say_goodbye<S: Sink<Vec<u8>> + Unpin>(sink: &mut S) {
    let frame = error(ErrorCode::Restarting, RESTARTING);
    let _ = tokio::time::timeout(GOODBYE_WITHIN, sink.send(frame)).await;
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
        Ok(Some(Incoming::Refused { code, why })) => {
            let _ = sink.send(error(code, why)).await;
            return Ended::Closed;
        }
        Ok(None) => return Ended::Closed,
        Err(_) => {
            let _ = sink
                .send(error(ErrorCode::NotAllowed, "sign in within 10 seconds of connecting"))
                .await;
            return Ended::Closed;
        }
    };
    let (member, welcome) = match sign_in(&relay, peer, &first).await {
        Ok(ok) => ok,
        Err(frame) => {
            let _ = sink.send(frame).await;
            return Ended::Closed;
        }
    };
    signed_in();
    let (conn, mut outgoing) = relay.hub.join(member.team, member.device);
    let member = Member { conn, ..member };
    if sink.send(welcome).await.is_err() {
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
                    Some(Incoming::Refused { code, why }) => {
                        let _ = sink.send(error(code, why)).await;
                        return Ended::Closed;
                    }
                    None => return Ended::Closed,
                };
                if !rate.allow() {
                    strikes += 1;
                    let _ = sink.send(error(ErrorCode::RateLimited, "too many messages; slow down")).await;
                    if strikes > 50 {
                        return Ended::Closed;
                    }
                    continue;
                }
                strikes = 0;
                let replies = match ClientMessage::decode(&frame) {
                    Ok(message) => handle(relay, member, message).await,
                    Err(e) => vec![error(ErrorCode::BadFrame, e.to_string())],
                };
                for reply in replies {
                    if sink.send(reply).await.is_err() {
                        return Ended::Closed;
                    }
                }
            }
            out = outgoing.recv() => match out {
                Some(Outgoing::Frame(frame)) => {
                    // The shared frame is copied only while it is being written.
                    if sink.send(frame.to_vec()).await.is_err() {
                        return Ended::Closed;
                    }
                }
                Some(Outgoing::Close(code, message)) => {
                    let _ = sink.send(error(code, message)).await;
                    return Ended::Closed;
                }
                None => {
                    let _ = sink.send(error(ErrorCode::Internal, "this connection fell behind; reconnect to catch up")).await;
                    return Ended::Closed;
                }
            },
        }
    }
}

/// Resolves once the relay starts shutting down.
async fn stopped(stopping: &mut watch::Receiver<bool>) {
    let _ = stopping.wait_for(|stop| *stop).await;
}

/// Runs a blocking store call off the async threads.
async fn blocking<T: Send + 'static>(
    relay: &Arc<Relay>,
    f: impl FnOnce(&dyn RelayStore) -> crate::store::Result<T> + Send + 'static,
) -> Result<T, Vec<u8>> {
    let store = relay.store.clone();
    let started = std::time::Instant::now();
    let result = tokio::task::spawn_blocking(move || f(store.as_ref())).await;
    crate::metrics::store_call(started.elapsed());
    match result {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => {
            tracing::error!("store: {e}");
            Err(error(
                ErrorCode::Internal,
                "the relay could not reach its storage; try again shortly",
            ))
        }
        Err(_) => Err(error(ErrorCode::Internal, "the relay failed; try again shortly")),
    }
}

async fn sign_in(
    relay: &Arc<Relay>,
    peer: IpAddr,
    frame: &[u8],
) -> Result<(Member, Vec<u8>), Vec<u8>> {
    let message = ClientMessage::decode(frame)
        .map_err(|e: FrameError| error(ErrorCode::BadFrame, e.to_string()))?;
    match message {
        ClientMessage::Hello { team, device, token } => {
            // The token is checked first, so a valid one is never refused however many wrong
            // ones came from the same network; the count only decides how to answer a wrong one.
            let attempt = relay.attempts.begin(&[Key::Address(peer), Key::Device(team, device)]);
            let token_hash = hash(&token.0);
            match blocking(relay, move |s| s.authenticate(team, device, token_hash)).await? {
                Auth::Ok => Ok((
                    Member { team, device, conn: 0 },
                    ServerMessage::Welcome { team, device, token: None }.encode(),
                )),
                Auth::Revoked => {
                    Err(error(ErrorCode::Revoked, "this device was removed from the team"))
                }
                Auth::Unknown if attempt.failed() => {
                    tokio::time::sleep(WRONG_AFTER_LIMIT).await;
                    Err(error(
                        ErrorCode::TooManyAttempts,
                        "too many failed sign-ins for this device or from this network; wait 10 minutes",
                    ))
                }
                Auth::Unknown => Err(error(ErrorCode::Unauthorized, "unknown device or token")),
            }
        }
        ClientMessage::CreateTeam { setup, device_name } => {
            let (team, device, token) = fresh_identity()?;
            let name = clean_name(&device_name)?;
            let ok = redeem(relay, &[Key::Address(peer)], setup, move |s, code| {
                let new = new_device(team, device, &name, &token);
                s.create_team(code, &new)
            })
            .await?;
            if !ok {
                return Err(error(
                    ErrorCode::SetupInvalid,
                    "the setup code is wrong, or this relay already has a team",
                ));
            }
            relay.team_created();
            tracing::info!("team created by device {device}");
            Ok((
                Member { team, device, conn: 0 },
                ServerMessage::Welcome { team, device, token: Some(token) }.encode(),
            ))
        }
        ClientMessage::Join { team, invite, device_name } => {
            let (_, device, token) = fresh_identity()?;
            let name = clean_name(&device_name)?;
            let ok =
                redeem(relay, &[Key::Address(peer), Key::Team(team)], invite, move |s, code| {
                    let new = new_device(team, device, &name, &token);
                    s.redeem_invite(code, &new)
                })
                .await?;
            if !ok {
                return Err(error(
                    ErrorCode::InviteInvalid,
                    "this invite is unknown, already used or expired; ask for a new one",
                ));
            }
            Ok((
                Member { team, device, conn: 0 },
                ServerMessage::Welcome { team, device, token: Some(token) }.encode(),
            ))
        }
        _ => Err(error(ErrorCode::NotAllowed, "sign in first")),
    }
}

/// Checks a one-time code against the store, counting wrong guesses per address (and per
/// team for invites). Like a token, a valid code is never refused.
async fn redeem(
    relay: &Arc<Relay>,
    keys: &[Key],
    code: Code,
    f: impl FnOnce(&dyn RelayStore, [u8; 32]) -> crate::store::Result<bool> + Send + 'static,
) -> Result<bool, Vec<u8>> {
    let attempt = relay.attempts.begin(keys);
    let code_hash = hash(&code.0);
    let ok = blocking(relay, move |s| f(s, code_hash)).await?;
    if !ok && attempt.failed() {
        tokio::time::sleep(WRONG_AFTER_LIMIT).await;
        return Err(error(
            ErrorCode::TooManyAttempts,
            "too many wrong codes from this network; wait 10 minutes",
        ));
    }
    Ok(ok)
}

fn fresh_identity() -> Result<(TeamId, DeviceId, Token), Vec<u8>> {
    let fail =
        |_| error(ErrorCode::Internal, "the relay could not generate an identity; try again");
    Ok((
        TeamId(random16().map_err(fail)?),
        DeviceId(random16().map_err(fail)?),
        Token(random16().map_err(fail)?),
    ))
}

/// Device names arrive sealed with the team key; the relay can only check they are there.
/// A device joining now, with only its token's hash kept.
fn new_device<'a>(team: TeamId, device: DeviceId, name: &'a [u8], token: &Token) -> NewDevice<'a> {
    NewDevice { team, device, name, token: hash(&token.0), now_ms: now_ms() }
}

fn clean_name(name: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
    if name.is_empty() {
        return Err(error(ErrorCode::NotAllowed, "give this device a name"));
    }
    Ok(name.to_vec())
}

async fn handle(relay: &Arc<Relay>, m: Member, message: ClientMessage) -> Vec<Vec<u8>> {
    let result = match message {
        ClientMessage::Push { req, doc, kind, covers, data } => {
            if data.len() > MAX_FRAME - 64 {
                return vec![error(ErrorCode::TooLarge, "a change is over the 1 MiB limit")];
            }
            let (r, len) = (relay.clone(), data.len() as u64);
            let room =
                blocking(relay, move |s| r.storage.check(s, &r.limits, m.team, m.device, len));
            match room.await {
                Ok(Ok(())) => {}
                Ok(Err(full)) => return vec![error(full.code, full.message)],
                Err(frame) => return vec![frame],
            }
            let forward = data.clone();
            let max_docs = relay.limits.max_docs;
            let stored = blocking(relay, move |s| {
                let blob = NewBlob {
                    team: m.team,
                    doc,
                    kind,
                    covers,
                    data: &data,
                    by: m.device,
                    now_ms: now_ms(),
                };
                let seq = s.append(&blob, max_docs)?;
                s.touch(m.team, m.device, now_ms())?;
                Ok(seq)
            })
            .await;
            stored.map(|appended| {
                let seq = match appended {
                    Appended::Stored(seq) => seq,
                    Appended::BeyondLatest { latest } => {
                        return vec![error(
                            ErrorCode::BadSequence,
                            format!(
                                "a snapshot must cover changes this document has (1 to {latest}); \
                                 it was not stored"
                            ),
                        )];
                    }
                    Appended::TooManyDocs { max } => {
                        return vec![error(
                            ErrorCode::TooManyDocs,
                            format!(
                                "this team already has {max} documents, the most this relay \
                                 keeps; the change was not stored. Tell your administrator"
                            ),
                        )];
                    }
                };
                relay.storage.stored(m.team, m.device, len);
                crate::metrics::PUSHES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if kind == shared::protocol::BlobKind::Change {
                    let note = ServerMessage::Live { doc, blob: Blob { seq, kind, data: forward } };
                    relay.hub.broadcast(m.team, m.conn, note.encode().into());
                }
                vec![ServerMessage::Acked { req, doc, seq }.encode()]
            })
        }
        // The store keeps sequence numbers as SQLite integers: a larger `after` would wrap to a
        // negative number and return everything.
        ClientMessage::Pull { after, .. } if after > i64::MAX as u64 => {
            Ok(vec![error(ErrorCode::BadSequence, "a pull must start below 2^63")])
        }
        ClientMessage::Pull { doc, after } => blocking(relay, move |s| {
            crate::metrics::PULLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            s.pull(m.team, doc, after, PAGE_BYTES)
        })
        .await
        .map(|page| match page {
            None => vec![error(ErrorCode::UnknownDoc, "no such document in this team")],
            Some(Page { items, more }) => {
                let items =
                    items.into_iter().map(|(seq, kind, data)| Blob { seq, kind, data }).collect();
                vec![ServerMessage::Blobs { doc, items, more }.encode()]
            }
        }),
        ClientMessage::ListDocs { after } => blocking(relay, move |s| {
            s.touch(m.team, m.device, now_ms())?;
            s.docs(m.team, after, DOCS_PAGE)
        })
        .await
        .map(|page| vec![ServerMessage::Docs { docs: page.docs, more: page.more }.encode()]),
        ClientMessage::CreateInvite { ttl_secs } => {
            let ttl = if ttl_secs == 0 {
                INVITE_DEFAULT_SECS
            } else {
                ttl_secs.clamp(60, INVITE_MAX_SECS)
            };
            let Ok(code) = random16() else {
                return vec![error(ErrorCode::Internal, "could not generate an invite; try again")];
            };
            let expires_at_ms = now_ms() + ttl * 1000;
            let code_hash = hash(&code);
            blocking(relay, move |s| s.create_invite(m.team, code_hash, m.device, expires_at_ms))
                .await
                .map(|outcome| match outcome {
                    Outcome::Done => {
                        vec![ServerMessage::Invite { code: Code(code), expires_at_ms }.encode()]
                    }
                    other => vec![refusal(other)],
                })
        }
        ClientMessage::ListDevices => device_list(relay, m).await,
        ClientMessage::Revoke { device } => {
            match blocking(relay, move |s| s.revoke(m.team, m.device, device, now_ms())).await {
                Ok(Outcome::Done) => {
                    relay.hub.kick(
                        m.team,
                        device,
                        ErrorCode::Revoked,
                        "this device was removed from the team",
                    );
                    device_list(relay, m).await
                }
                Ok(other) => Ok(vec![refusal(other)]),
                Err(e) => Err(e),
            }
        }
        ClientMessage::SetRole { device, role } => {
            let admin = role == Role::Admin;
            match blocking(relay, move |s| s.set_role(m.team, m.device, device, admin)).await {
                Ok(Outcome::Done) => device_list(relay, m).await,
                Ok(other) => Ok(vec![refusal(other)]),
                Err(e) => Err(e),
            }
        }
        ClientMessage::ClaimAdmin { code } => {
            // 128 random bits cannot be guessed, and only a signed-in device may try.
            let code_hash = hash(&code.0);
            match blocking(relay, move |s| s.claim_admin(m.team, m.device, code_hash, now_ms()))
                .await
            {
                Ok(true) => {
                    tracing::info!("device {} became an admin with a recovery code", m.device);
                    device_list(relay, m).await
                }
                Ok(false) => Ok(vec![error(
                    ErrorCode::InviteInvalid,
                    "this recovery code is unknown, already used or expired; run \
                         `rapport-server recover` on the relay's machine for a new one",
                )]),
                Err(e) => Err(e),
            }
        }
        ClientMessage::Ping => Ok(vec![ServerMessage::Pong.encode()]),
        ClientMessage::Hello { .. }
        | ClientMessage::CreateTeam { .. }
        | ClientMessage::Join { .. } => Ok(vec![error(ErrorCode::NotAllowed, "already signed in")]),
    };
    result.unwrap_or_else(|frame| vec![frame])
}

/// The team's devices as the asking device sees them.
async fn device_list(relay: &Arc<Relay>, m: Member) -> Result<Vec<Vec<u8>>, Vec<u8>> {
    blocking(relay, move |s| s.devices(m.team)).await.map(|rows| {
        let devices = rows
            .into_iter()
            .map(|d| DeviceInfo {
                is_you: d.id == m.device,
                id: d.id,
                name: d.name,
                last_sync_ms: d.last_sync_ms,
                revoked: d.revoked,
                role: if d.admin { Role::Admin } else { Role::Member },
            })
            .collect();
        vec![ServerMessage::Devices { devices }.encode()]
    })
}

/// Why a membership change was refused, in words a person can act on.
fn refusal(outcome: Outcome) -> Vec<u8> {
    match outcome {
        Outcome::NotAdmin => error(
            ErrorCode::NotAdmin,
            "only an admin can invite, remove devices or change roles; ask an admin of your team",
        ),
        Outcome::LastAdmin => error(
            ErrorCode::LastAdmin,
            "this is the team's last admin; make another device an admin first",
        ),
        Outcome::NoSuchDevice | Outcome::Done => {
            error(ErrorCode::NotAllowed, "no such device in this team")
        }
    }
}

#[cfg(test)]
mod tests;
