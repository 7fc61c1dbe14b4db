//! Encoding and decoding what the relay sends.

use super::wire::*;
use super::*;

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
