//! Key rotation requests: a device registers its public key, lists its teammates' keys, an
//! admin uploads a new epoch's sealed keys, and each device fetches its own. The relay stores
//! these bytes without being able to use them: public keys and keys sealed to devices.

use std::sync::Arc;

use bytes::Bytes;
use shared::protocol::{DeviceId, ErrorCode, KeyRecord, MAX_ITEMS, SealedKeyFor, ServerMessage};

use super::Member;
use super::store_call::blocking;
use crate::relay::Relay;
use crate::relay::refusal::Refusal;
use crate::relay::secrets::now_ms;
use crate::store::Rotation;

/// A device may register only its own key: another's would let it receive keys meant for it.
pub(super) async fn register(
    relay: &Arc<Relay>,
    m: Member,
    record: KeyRecord,
) -> Result<ServerMessage, Refusal> {
    if record.device != m.device {
        return Err(Refusal::new(ErrorCode::NotAllowed, "a device registers only its own key"));
    }
    blocking(relay, move |s| s.register_key(m.team, &record)).await?;
    list(relay, m).await
}

pub(super) async fn list(relay: &Arc<Relay>, m: Member) -> Result<ServerMessage, Refusal> {
    let records = blocking(relay, move |s| s.device_keys(m.team)).await?;
    Ok(ServerMessage::DeviceKeys { records })
}

/// Stores a rotation, then hands each connected recipient its key so it can keep pushing.
pub(super) async fn rotate(
    relay: &Arc<Relay>,
    m: Member,
    epoch: u32,
    keys: Vec<SealedKeyFor>,
) -> Result<ServerMessage, Refusal> {
    if keys.is_empty() || keys.len() > MAX_ITEMS {
        return Err(Refusal::new(ErrorCode::NotAllowed, "a rotation needs at least one key"));
    }
    let stored = keys.clone();
    let outcome =
        blocking(relay, move |s| s.rotate(m.team, m.device, epoch, &stored, now_ms())).await?;
    let (code, message) = match outcome {
        Rotation::Done => {
            tracing::info!("device {} rotated the team key to epoch {epoch}", m.device);
            for key in keys {
                let note = ServerMessage::EpochKeys { current: epoch, keys: vec![key.sealed] };
                relay.hub.send_to(m.team, key.device, Bytes::from(note.encode()));
            }
            return Ok(ServerMessage::Rotated { epoch });
        }
        Rotation::NotAdmin => (
            ErrorCode::NotAdmin,
            "only an admin can rotate the team key; ask an admin of your team".to_string(),
        ),
        Rotation::Conflict { current } => (
            ErrorCode::EpochConflict,
            format!(
                "the team key is at update {current}, so the next can only be {}; another admin \
                 may have rotated first",
                u64::from(current) + 1
            ),
        ),
        Rotation::NotMember(device) => {
            (ErrorCode::NotAllowed, format!("device {device} is not in this team"))
        }
        Rotation::Duplicate(device) => {
            (ErrorCode::NotAllowed, format!("two keys were addressed to device {device}"))
        }
    };
    Err(Refusal::new(code, message))
}

/// A device fetches only the keys sealed to itself.
pub(super) async fn fetch(
    relay: &Arc<Relay>,
    m: Member,
    device: DeviceId,
    after: u32,
) -> Result<ServerMessage, Refusal> {
    if device != m.device {
        return Err(Refusal::new(
            ErrorCode::NotAllowed,
            "a device can fetch only the keys sealed to itself",
        ));
    }
    let (current, keys, wanting) = blocking(relay, move |s| {
        let (current, keys) = s.epoch_keys(m.team, device, after)?;
        Ok((current, keys, s.keys_wanted(m.team)?))
    })
    .await?;
    // Who lacks keys: if this device does, its teammates online are asked to share them; the
    // others that do, this device is asked about (after its reply, so it knows its keys).
    let (mine, others): (Vec<KeyRecord>, Vec<KeyRecord>) =
        wanting.into_iter().partition(|r| r.device == device);
    if !mine.is_empty() {
        let note = ServerMessage::KeysWanted { records: mine };
        relay.hub.broadcast(m.team, m.conn, Bytes::from(note.encode()));
    }
    if !others.is_empty() {
        let note = ServerMessage::KeysWanted { records: others };
        relay.hub.send_to(m.team, device, Bytes::from(note.encode()));
    }
    Ok(ServerMessage::EpochKeys { current, keys })
}

/// A teammate shares the team's epoch keys with `device`: stored (the first copy of each
/// epoch wins) and handed to it if connected. Answered with `Pong`: there is nothing to say.
pub(super) async fn share(
    relay: &Arc<Relay>,
    m: Member,
    device: DeviceId,
    keys: Vec<Vec<u8>>,
) -> Result<ServerMessage, Refusal> {
    if keys.is_empty() || keys.len() > MAX_ITEMS {
        return Err(Refusal::new(ErrorCode::NotAllowed, "sharing needs at least one key"));
    }
    let (member, current, stored) = blocking(relay, move |s| {
        let member = s.share_keys(m.team, device, &keys)?;
        let (current, stored) = s.epoch_keys(m.team, device, 0)?;
        Ok((member, current, stored))
    })
    .await?;
    if !member {
        return Err(Refusal::new(
            ErrorCode::NotAllowed,
            format!("device {device} is not in this team"),
        ));
    }
    let note = ServerMessage::EpochKeys { current, keys: stored };
    relay.hub.send_to(m.team, device, Bytes::from(note.encode()));
    Ok(ServerMessage::Pong)
}
