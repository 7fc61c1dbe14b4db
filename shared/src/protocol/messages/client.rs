//! Encoding and decoding what a device sends.

use super::wire::*;
use super::*;

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
