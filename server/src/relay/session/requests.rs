//! What a signed-in device may ask: push and pull blobs, list documents, and manage the
//! team's devices. Each request gets exactly one reply: its answer, or a `Refusal`.

use std::sync::Arc;
use std::sync::atomic::Ordering::Relaxed;

use shared::protocol::{
    Blob, BlobKind, ClientMessage, DOCS_PAGE, DeviceId, DeviceInfo, DocId, ErrorCode, MAX_BLOB,
    OneTimeCode, Role, ServerMessage,
};

use super::Member;
use super::keys;
use super::store_call::blocking;
use crate::relay::Relay;
use crate::relay::refusal::{Refusal, size_text};
use crate::relay::secrets::{hash, now_ms, random16};
use crate::store::{Appended, DeviceRow, NewBlob, Outcome, Page};

/// Most bytes of blobs in one pull reply.
const PAGE_BYTES: usize = 512 * 1024;
/// Invites last a day unless asked otherwise, at least a minute and never more than a week.
const INVITE_DEFAULT_SECS: u64 = 24 * 3600;
const INVITE_MIN_SECS: u64 = 60;
const INVITE_MAX_SECS: u64 = 7 * 24 * 3600;

/// Answers one request from a signed-in device.
pub(super) async fn handle(
    relay: &Arc<Relay>,
    m: Member,
    message: ClientMessage,
) -> Result<ServerMessage, Refusal> {
    match message {
        ClientMessage::Push { req, doc, kind, covers, data } => {
            let seq = push(relay, m, doc, kind, covers, data).await?;
            Ok(ServerMessage::Acked { req, doc, seq })
        }
        ClientMessage::Pull { doc, after } => pull(relay, m, doc, after).await,
        ClientMessage::ListDocs { after } => {
            let page = blocking(relay, move |s| {
                s.touch(m.team, m.device, now_ms())?;
                s.docs(m.team, after, DOCS_PAGE)
            })
            .await?;
            Ok(ServerMessage::Docs { docs: page.docs, more: page.more })
        }
        ClientMessage::CreateInvite { ttl_secs } => create_invite(relay, m, ttl_secs).await,
        ClientMessage::ListDevices => device_list(relay, m).await,
        ClientMessage::Revoke { device } => {
            let outcome =
                blocking(relay, move |s| s.revoke(m.team, m.device, device, now_ms())).await?;
            done(outcome)?;
            let removed = Refusal::new(ErrorCode::Revoked, "this device was removed from the team");
            relay.hub.kick(m.team, device, &removed);
            device_list(relay, m).await
        }
        ClientMessage::SetRole { device, role } => {
            let admin = role == Role::Admin;
            done(blocking(relay, move |s| s.set_role(m.team, m.device, device, admin)).await?)?;
            device_list(relay, m).await
        }
        ClientMessage::ClaimAdmin { code } => claim_admin(relay, m, code).await,
        ClientMessage::RegisterKey { record } => keys::register(relay, m, record).await,
        ClientMessage::ListDeviceKeys => keys::list(relay, m).await,
        ClientMessage::Rotate { epoch, keys } => keys::rotate(relay, m, epoch, keys).await,
        ClientMessage::FetchEpochKeys { device, after } => {
            keys::fetch(relay, m, device, after).await
        }
        ClientMessage::ShareKeys { device, keys } => keys::share(relay, m, device, keys).await,
        ClientMessage::Ping => Ok(ServerMessage::Pong),
        ClientMessage::Hello { .. }
        | ClientMessage::CreateTeam { .. }
        | ClientMessage::Join { .. } => {
            Err(Refusal::new(ErrorCode::NotAllowed, "already signed in"))
        }
    }
}

/// Stores a blob durably, then forwards a change to the rest of the team; returns its
/// change number (a snapshot's is the one it covers).
async fn push(
    relay: &Arc<Relay>,
    m: Member,
    doc: DocId,
    kind: BlobKind,
    covers: u64,
    data: Vec<u8>,
) -> Result<u64, Refusal> {
    if data.len() > MAX_BLOB {
        let limit = size_text(MAX_BLOB);
        return Err(Refusal::new(
            ErrorCode::TooLarge,
            format!("a change is over the {limit} limit"),
        ));
    }
    let (r, len) = (relay.clone(), data.len() as u64);
    blocking(relay, move |s| r.storage.check(s, &r.limits, m.team, m.device, len)).await??;
    let max_docs = relay.limits.max_docs;
    let (data, appended) = blocking(relay, move |s| {
        let blob = NewBlob {
            team: m.team,
            doc,
            kind,
            covers,
            data: &data,
            by: m.device,
            now_ms: now_ms(),
        };
        let appended = s.append(&blob, max_docs)?;
        s.touch(m.team, m.device, now_ms())?;
        Ok((data, appended))
    })
    .await?;
    let seq = match appended {
        Appended::Stored(seq) => seq,
        Appended::BeyondLatest { latest } => {
            return Err(Refusal::new(
                ErrorCode::BadSequence,
                format!(
                    "a snapshot must cover changes this document has (1 to {latest}); it was \
                     not stored"
                ),
            ));
        }
        Appended::StaleEpoch { epoch, current } => {
            return Err(Refusal::new(
                ErrorCode::StaleEpoch,
                format!(
                    "this change was sealed with team key update {epoch}, but the team moved to \
                     update {current} when a device was removed; it was not stored. Reconnect to \
                     receive the new key"
                ),
            ));
        }
        Appended::TooManyDocs { max } => {
            return Err(Refusal::new(
                ErrorCode::TooManyDocs,
                format!(
                    "this team already has {max} documents, the most this relay keeps; the \
                     change was not stored. Tell your administrator"
                ),
            ));
        }
    };
    relay.storage.stored(m.team, m.device, len);
    crate::metrics::PUSHES.fetch_add(1, Relaxed);
    if kind == BlobKind::Change {
        let note = ServerMessage::Live { doc, blob: Blob { seq, kind, data } };
        relay.hub.broadcast(m.team, m.conn, note.encode().into());
    }
    Ok(seq)
}

async fn pull(
    relay: &Arc<Relay>,
    m: Member,
    doc: DocId,
    after: u64,
) -> Result<ServerMessage, Refusal> {
    // The store keeps sequence numbers as SQLite integers: a larger `after` would wrap to a
    // negative number and return everything.
    if after > i64::MAX as u64 {
        return Err(Refusal::new(ErrorCode::BadSequence, "a pull must start below 2^63"));
    }
    let page = blocking(relay, move |s| {
        crate::metrics::PULLS.fetch_add(1, Relaxed);
        s.pull(m.team, doc, after, PAGE_BYTES)
    })
    .await?;
    let Some(Page { items, more }) = page else {
        return Err(Refusal::new(ErrorCode::UnknownDoc, "no such document in this team"));
    };
    let items = items.into_iter().map(|(seq, kind, data)| Blob { seq, kind, data }).collect();
    Ok(ServerMessage::Blobs { doc, items, more })
}

async fn create_invite(
    relay: &Arc<Relay>,
    m: Member,
    ttl_secs: u64,
) -> Result<ServerMessage, Refusal> {
    let ttl = if ttl_secs == 0 {
        INVITE_DEFAULT_SECS
    } else {
        ttl_secs.clamp(INVITE_MIN_SECS, INVITE_MAX_SECS)
    };
    let code = random16().map_err(|_| {
        Refusal::new(ErrorCode::Internal, "could not generate an invite; try again")
    })?;
    let expires_at_ms = now_ms() + ttl * 1000;
    let code_hash = hash(&code);
    let outcome =
        blocking(relay, move |s| s.create_invite(m.team, code_hash, m.device, expires_at_ms))
            .await?;
    done(outcome)?;
    Ok(ServerMessage::Invite { code: OneTimeCode(code), expires_at_ms })
}

async fn claim_admin(
    relay: &Arc<Relay>,
    m: Member,
    code: OneTimeCode,
) -> Result<ServerMessage, Refusal> {
    // 128 random bits cannot be guessed, and only a signed-in device may try.
    let code_hash = hash(&code.0);
    let claimed =
        blocking(relay, move |s| s.claim_admin(m.team, m.device, code_hash, now_ms())).await?;
    if !claimed {
        return Err(Refusal::new(
            ErrorCode::InviteInvalid,
            "this recovery code is unknown, already used or expired; run `rapport-server \
             recover` on the relay's machine for a new one",
        ));
    }
    tracing::info!("device {} became an admin with a recovery code", m.device);
    device_list(relay, m).await
}

/// The team's devices as the asking device sees them: the reply to every membership change.
async fn device_list(relay: &Arc<Relay>, m: Member) -> Result<ServerMessage, Refusal> {
    let rows = blocking(relay, move |s| s.devices(m.team)).await?;
    let devices = rows.into_iter().map(|row| device_info(row, m.device)).collect();
    Ok(ServerMessage::Devices { devices })
}

/// One stored device as `asking` sees it.
fn device_info(row: DeviceRow, asking: DeviceId) -> DeviceInfo {
    DeviceInfo {
        is_you: row.id == asking,
        id: row.id,
        name: row.name,
        last_sync_ms: row.last_sync_ms,
        revoked: row.revoked,
        role: if row.admin { Role::Admin } else { Role::Member },
    }
}

/// A membership change that was done, or why it was refused in words a person can act on.
fn done(outcome: Outcome) -> Result<(), Refusal> {
    let (code, message) = match outcome {
        Outcome::Done => return Ok(()),
        Outcome::NotAdmin => (
            ErrorCode::NotAdmin,
            "only an admin can invite, remove devices or change roles; ask an admin of your team",
        ),
        Outcome::LastAdmin => (
            ErrorCode::LastAdmin,
            "this is the team's last admin; make another device an admin first",
        ),
        Outcome::NoSuchDevice => (ErrorCode::NotAllowed, "no such device in this team"),
    };
    Err(Refusal::new(code, message))
}
