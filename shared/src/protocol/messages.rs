//! Every message a device or the relay can send, and its encoding.

use super::codec::{FrameError, Reader, Writer};
use super::{
    Blob, BlobKind, DeviceId, DeviceInfo, DocId, ErrorCode, KeyRecord, MAX_FRAME, MAX_ITEMS,
    MAX_SEALED_KEY, MAX_SEALED_NAME, MAX_TEXT, OneTimeCode, Role, SealedKeyFor, TeamId, Token,
};

mod client;
mod server;
mod wire;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientMessage {
    /// First message of a signed-in device.
    Hello {
        team: TeamId,
        device: DeviceId,
        token: Token,
    },
    /// First message of the first device, with the relay's one-time setup code.
    CreateTeam {
        setup: OneTimeCode,
        /// Sealed with the new team key (`TeamKey::seal_name`).
        device_name: Vec<u8>,
    },
    /// First message of a device joining with an invite.
    Join {
        team: TeamId,
        invite: OneTimeCode,
        /// Sealed with the team key (`TeamKey::seal_name`).
        device_name: Vec<u8>,
    },
    /// Store a sealed blob; `covers` is, for a snapshot, the last sequence number it includes.
    Push {
        req: u64,
        doc: DocId,
        kind: BlobKind,
        covers: u64,
        data: Vec<u8>,
    },
    /// Everything stored for `doc` after sequence number `after`.
    Pull {
        doc: DocId,
        after: u64,
    },
    /// The team's documents with their latest sequence numbers, in id order, starting after
    /// `after`; at most `DOCS_PAGE` per reply.
    ListDocs {
        after: Option<DocId>,
    },
    CreateInvite {
        ttl_secs: u64,
    },
    ListDevices,
    Revoke {
        device: DeviceId,
    },
    Ping,
    /// Makes a device an admin or a member again (admins only); the reply is the device list.
    SetRole {
        device: DeviceId,
        role: Role,
    },
    /// Makes this signed-in device an admin with a one-time recovery code that
    /// `rapport-server recover` printed on the relay's machine.
    ClaimAdmin {
        code: OneTimeCode,
    },
    /// Registers (or replaces) this device's public key; `device` in the record must be the
    /// signed-in device.
    RegisterKey {
        record: KeyRecord,
    },
    /// The public keys of the team's devices that are still in it.
    ListDeviceKeys,
    /// After removing a device, an admin uploads the next epoch's key sealed to each remaining
    /// device. `epoch` must be exactly one above the team's newest.
    Rotate {
        epoch: u32,
        keys: Vec<SealedKeyFor>,
    },
    /// The sealed epoch keys addressed to `device` (which must be the signed-in device) for
    /// epochs above `after`.
    FetchEpochKeys {
        device: DeviceId,
        after: u32,
    },
    /// A device holding the team's epoch keys seals them to `device`, which joined (or
    /// registered its key) after a rotation: `keys[i]` is epoch `i + 1`'s key.
    ShareKeys {
        device: DeviceId,
        keys: Vec<Vec<u8>>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerMessage {
    /// Signed in. `token` is set only when the device just created or joined the team.
    Welcome {
        team: TeamId,
        device: DeviceId,
        token: Option<Token>,
    },
    /// A push is durably stored as change number `seq` (for a snapshot, the number it covers;
    /// snapshots sit beside the change sequence, which stays contiguous).
    Acked {
        req: u64,
        doc: DocId,
        seq: u64,
    },
    /// The reply to a pull: blobs of one document in sequence order; `more` when the device
    /// should pull again after the last one.
    Blobs {
        doc: DocId,
        items: Vec<Blob>,
        more: bool,
    },
    /// A change another device just stored, forwarded as it happens.
    Live {
        doc: DocId,
        blob: Blob,
    },
    /// One page of documents; `more` when the device should ask again after the last one.
    Docs {
        docs: Vec<(DocId, u64)>,
        more: bool,
    },
    Invite {
        code: OneTimeCode,
        expires_at_ms: u64,
    },
    Devices {
        devices: Vec<DeviceInfo>,
    },
    Error {
        code: ErrorCode,
        message: String,
    },
    Pong,
    /// The reply to `ListDeviceKeys`.
    DeviceKeys {
        records: Vec<KeyRecord>,
    },
    /// A rotation's keys are stored; `epoch` is now the team's newest.
    Rotated {
        epoch: u32,
    },
    /// Sealed epoch keys addressed to this device, in epoch order, and the team's newest
    /// epoch: the reply to `FetchEpochKeys`, and sent unasked after a rotation.
    EpochKeys {
        current: u32,
        keys: Vec<Vec<u8>>,
    },
    /// The key records of devices still in the team that lack some of its epoch keys, for a
    /// device that holds them to share (`ShareKeys`). Sent unasked.
    KeysWanted {
        records: Vec<KeyRecord>,
    },
}

#[cfg(test)]
mod tests;
