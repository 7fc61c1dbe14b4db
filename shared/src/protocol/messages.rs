//! Every message a device or the relay can send, and its encoding.

use super::codec::{FrameError, Reader, Writer};
use super::{
    Blob, BlobKind, DeviceId, DeviceInfo, DocId, ErrorCode, KeyRecord, MAX_FRAME, MAX_ITEMS,
    MAX_SEALED_KEY, MAX_SEALED_NAME, MAX_TEXT, OneTimeCode, Role, SealedKeyFor, TeamId, Token,
};

/// An optional id on the wire: a flag byte, then the id if present.
fn optional_id(w: Writer, id: Option<&[u8; 16]>) -> Writer {
    match id {
        Some(id) => w.u8(1).id(id),
        None => w.u8(0),
    }
}

/// A device key record on the wire: device, public key, epoch, tag.
fn write_record(w: Writer, record: &KeyRecord) -> Writer {
    w.id(&record.device.0).key(&record.public).varint(u64::from(record.epoch)).key(&record.tag)
}

/// A list of device key records, as `DeviceKeys` and `KeysWanted` carry them.
fn write_records(mut w: Writer, records: &[KeyRecord]) -> Writer {
    w = w.varint(records.len() as u64);
    for record in records {
        w = write_record(w, record);
    }
    w
}

fn read_records(r: &mut Reader<'_>) -> Result<Vec<KeyRecord>, FrameError> {
    let n = r.count("device keys", MAX_ITEMS, 81)?;
    let mut records = Vec::with_capacity(n);
    for _ in 0..n {
        records.push(read_record(r)?);
    }
    Ok(records)
}

/// A list of sealed epoch keys, as `EpochKeys` and `ShareKeys` carry them.
fn write_keys(mut w: Writer, keys: &[Vec<u8>]) -> Writer {
    w = w.varint(keys.len() as u64);
    for key in keys {
        w = w.bytes(key);
    }
    w
}

fn read_keys(r: &mut Reader<'_>) -> Result<Vec<Vec<u8>>, FrameError> {
    let n = r.count("sealed keys", MAX_ITEMS, 1)?;
    let mut keys = Vec::with_capacity(n);
    for _ in 0..n {
        keys.push(r.bytes("sealed key", MAX_SEALED_KEY)?.to_vec());
    }
    Ok(keys)
}

fn read_record(r: &mut Reader<'_>) -> Result<KeyRecord, FrameError> {
    Ok(KeyRecord {
        device: DeviceId(r.id("device")?),
        public: r.key("public key")?,
        epoch: r.u32("key epoch")?,
        tag: r.key("key tag")?,
    })
}

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

impl ClientMessage {
    pub fn encode(&self) -> Vec<u8> {
        match self {
            Self::Hello { team, device, token } => {
                Writer::new(1).id(&team.0).id(&device.0).id(&token.0)
            }
            Self::CreateTeam { setup, device_name } => {
                Writer::new(2).id(&setup.0).bytes(device_name)
            }
            Self::Join { team, invite, device_name } => {
                Writer::new(3).id(&team.0).id(&invite.0).bytes(device_name)
            }
            Self::Push { req, doc, kind, covers, data } => {
                Writer::new(4).varint(*req).id(&doc.0).u8(kind.byte()).varint(*covers).bytes(data)
            }
            Self::Pull { doc, after } => Writer::new(5).id(&doc.0).varint(*after),
            Self::ListDocs { after } => optional_id(Writer::new(6), after.as_ref().map(|d| &d.0)),
            Self::CreateInvite { ttl_secs } => Writer::new(7).varint(*ttl_secs),
            Self::ListDevices => Writer::new(8),
            Self::Revoke { device } => Writer::new(9).id(&device.0),
            Self::Ping => Writer::new(10),
            Self::SetRole { device, role } => Writer::new(11).id(&device.0).u8(role.byte()),
            Self::ClaimAdmin { code } => Writer::new(12).id(&code.0),
            Self::RegisterKey { record } => write_record(Writer::new(13), record),
            Self::ListDeviceKeys => Writer::new(14),
            Self::Rotate { epoch, keys } => {
                let mut w = Writer::new(15).varint(u64::from(*epoch)).varint(keys.len() as u64);
                for k in keys {
                    w = w.id(&k.device.0).bytes(&k.sealed);
                }
                w
            }
            Self::FetchEpochKeys { device, after } => {
                Writer::new(16).id(&device.0).varint(u64::from(*after))
            }
            Self::ShareKeys { device, keys } => write_keys(Writer::new(17).id(&device.0), keys),
        }
        .finish()
    }

    pub fn decode(frame: &[u8]) -> Result<Self, FrameError> {
        let (mut r, tag) = Reader::open(frame)?;
        let message = match tag {
            1 => Self::Hello {
                team: TeamId(r.id("team")?),
                device: DeviceId(r.id("device")?),
                token: Token(r.id("token")?),
            },
            2 => Self::CreateTeam {
                setup: OneTimeCode(r.id("setup code")?),
                device_name: r.bytes("device name", MAX_SEALED_NAME)?.to_vec(),
            },
            3 => Self::Join {
                team: TeamId(r.id("team")?),
                invite: OneTimeCode(r.id("invite")?),
                device_name: r.bytes("device name", MAX_SEALED_NAME)?.to_vec(),
            },
            4 => Self::Push {
                req: r.varint("request number")?,
                doc: DocId(r.id("document")?),
                kind: BlobKind::from_byte(r.u8("blob kind")?)?,
                covers: r.varint("covered sequence")?,
                data: r.bytes("blob", MAX_FRAME)?.to_vec(),
            },
            5 => Self::Pull { doc: DocId(r.id("document")?), after: r.varint("sequence")? },
            6 => Self::ListDocs {
                after: if r.bool("page flag")? { Some(DocId(r.id("document")?)) } else { None },
            },
            7 => Self::CreateInvite { ttl_secs: r.varint("invite lifetime")? },
            8 => Self::ListDevices,
            9 => Self::Revoke { device: DeviceId(r.id("device")?) },
            10 => Self::Ping,
            11 => Self::SetRole {
                device: DeviceId(r.id("device")?),
                role: Role::from_byte(r.u8("role")?)?,
            },
            12 => Self::ClaimAdmin { code: OneTimeCode(r.id("recovery code")?) },
            13 => Self::RegisterKey { record: read_record(&mut r)? },
            14 => Self::ListDeviceKeys,
            15 => {
                let epoch = r.u32("key epoch")?;
                let n = r.count("sealed keys", MAX_ITEMS, 17)?;
                let mut keys = Vec::with_capacity(n);
                for _ in 0..n {
                    keys.push(SealedKeyFor {
                        device: DeviceId(r.id("device")?),
                        sealed: r.bytes("sealed key", MAX_SEALED_KEY)?.to_vec(),
                    });
                }
                Self::Rotate { epoch, keys }
            }
            16 => Self::FetchEpochKeys {
                device: DeviceId(r.id("device")?),
                after: r.u32("key epoch")?,
            },
            17 => Self::ShareKeys { device: DeviceId(r.id("device")?), keys: read_keys(&mut r)? },
            other => return Err(FrameError::UnknownTag(other)),
        };
        r.finish()?;
        Ok(message)
    }
}

impl ServerMessage {
    pub fn encode(&self) -> Vec<u8> {
        match self {
            Self::Welcome { team, device, token } => {
                let w = Writer::new(1).id(&team.0).id(&device.0);
                match token {
                    Some(t) => w.u8(1).id(&t.0),
                    None => w.u8(0),
                }
            }
            Self::Acked { req, doc, seq } => Writer::new(2).varint(*req).id(&doc.0).varint(*seq),
            Self::Blobs { doc, items, more } => {
                let mut w = Writer::new(3).id(&doc.0).varint(items.len() as u64);
                for b in items {
                    w = w.varint(b.seq).u8(b.kind.byte()).bytes(&b.data);
                }
                w.u8(u8::from(*more))
            }
            Self::Docs { docs, more } => {
                let mut w = Writer::new(4).varint(docs.len() as u64);
                for (doc, seq) in docs {
                    w = w.id(&doc.0).varint(*seq);
                }
                w.u8(u8::from(*more))
            }
            Self::Invite { code, expires_at_ms } => {
                Writer::new(5).id(&code.0).varint(*expires_at_ms)
            }
            Self::Devices { devices } => {
                let mut w = Writer::new(6).varint(devices.len() as u64);
                for d in devices {
                    w = w
                        .id(&d.id.0)
                        .bytes(&d.name)
                        .varint(d.last_sync_ms)
                        .u8(u8::from(d.revoked))
                        .u8(u8::from(d.is_you))
                        .u8(d.role.byte());
                }
                w
            }
            Self::Error { code, message } => Writer::new(7).u8(code.byte()).text(message),
            Self::Pong => Writer::new(8),
            Self::Live { doc, blob } => {
                Writer::new(9).id(&doc.0).varint(blob.seq).u8(blob.kind.byte()).bytes(&blob.data)
            }
            Self::DeviceKeys { records } => write_records(Writer::new(10), records),
            Self::Rotated { epoch } => Writer::new(11).varint(u64::from(*epoch)),
            Self::EpochKeys { current, keys } => {
                write_keys(Writer::new(12).varint(u64::from(*current)), keys)
            }
            Self::KeysWanted { records } => write_records(Writer::new(13), records),
        }
        .finish()
    }

    pub fn decode(frame: &[u8]) -> Result<Self, FrameError> {
        let (mut r, tag) = Reader::open(frame)?;
        let message = match tag {
            1 => Self::Welcome {
                team: TeamId(r.id("team")?),
                device: DeviceId(r.id("device")?),
                token: if r.bool("token flag")? { Some(Token(r.id("token")?)) } else { None },
            },
            2 => Self::Acked {
                req: r.varint("request number")?,
                doc: DocId(r.id("document")?),
                seq: r.varint("sequence")?,
            },
            3 => {
                let doc = DocId(r.id("document")?);
                let n = r.count("blobs", MAX_ITEMS, 3)?;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(Blob {
                        seq: r.varint("sequence")?,
                        kind: BlobKind::from_byte(r.u8("blob kind")?)?,
                        data: r.bytes("blob", MAX_FRAME)?.to_vec(),
                    });
                }
                Self::Blobs { doc, items, more: r.bool("more flag")? }
            }
            4 => {
                let n = r.count("documents", MAX_ITEMS, 17)?;
                let mut docs = Vec::with_capacity(n);
                for _ in 0..n {
                    docs.push((DocId(r.id("document")?), r.varint("sequence")?));
                }
                Self::Docs { docs, more: r.bool("more flag")? }
            }
            5 => Self::Invite {
                code: OneTimeCode(r.id("invite")?),
                expires_at_ms: r.varint("expiry")?,
            },
            6 => {
                let n = r.count("devices", MAX_ITEMS, 21)?;
                let mut devices = Vec::with_capacity(n);
                for _ in 0..n {
                    devices.push(DeviceInfo {
                        id: DeviceId(r.id("device")?),
                        name: r.bytes("device name", MAX_SEALED_NAME)?.to_vec(),
                        last_sync_ms: r.varint("last sync")?,
                        revoked: r.bool("revoked flag")?,
                        is_you: r.bool("you flag")?,
                        role: Role::from_byte(r.u8("role")?)?,
                    });
                }
                Self::Devices { devices }
            }
            7 => Self::Error {
                code: ErrorCode::from_byte(r.u8("error code")?)?,
                message: r.text("message", MAX_TEXT)?,
            },
            8 => Self::Pong,
            9 => Self::Live {
                doc: DocId(r.id("document")?),
                blob: Blob {
                    seq: r.varint("sequence")?,
                    kind: BlobKind::from_byte(r.u8("blob kind")?)?,
                    data: r.bytes("blob", MAX_FRAME)?.to_vec(),
                },
            },
            10 => Self::DeviceKeys { records: read_records(&mut r)? },
            11 => Self::Rotated { epoch: r.u32("key epoch")? },
            12 => Self::EpochKeys { current: r.u32("key epoch")?, keys: read_keys(&mut r)? },
            13 => Self::KeysWanted { records: read_records(&mut r)? },
            other => return Err(FrameError::UnknownTag(other)),
        };
        r.finish()?;
        Ok(message)
    }
}

#[cfg(test)]
mod tests;
