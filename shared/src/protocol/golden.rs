//! Golden bytes: one frame of every message and every error code, written out by hand.
//!
//! Tablets and relays of different versions talk to each other, so a renumbered tag, a
//! reordered `ErrorCode` or a field encoded differently silently breaks a team. Round-trip tests
//! cannot see that (both sides change together); these fixed bytes can. A failure here means the
//! wire format changed: keep the old bytes, or raise `PROTOCOL_VERSION` on purpose.

use super::{
    Blob, BlobKind, ClientMessage, DeviceId, DeviceInfo, DocId, ErrorCode, KeyRecord, OneTimeCode,
    Role, SealedKeyFor, ServerMessage, TeamId, Token,
};

const TEAM: &str = "11111111111111111111111111111111";
const DEVICE: &str = "22222222222222222222222222222222";
const TOKEN: &str = "33333333333333333333333333333333";
const CODE: &str = "44444444444444444444444444444444";
const DOC: &str = "55555555555555555555555555555555";

const T: TeamId = TeamId([0x11; 16]);
const D: DeviceId = DeviceId([0x22; 16]);
const K: Token = Token([0x33; 16]);
const C: OneTimeCode = OneTimeCode([0x44; 16]);
const O: DocId = DocId([0x55; 16]);
const PUBLIC: &str = "6666666666666666666666666666666666666666666666666666666666666666";
const TAG: &str = "7777777777777777777777777777777777777777777777777777777777777777";
const R: KeyRecord = KeyRecord { device: D, public: [0x66; 32], epoch: 300, tag: [0x77; 32] };

/// The frame spelled as hex fields: version, tag, then each field.
fn golden(fields: &[&str]) -> Vec<u8> {
    crate::hex::decode_vec(&fields.concat()).expect("golden frames are written in hex")
}

/// One of every client message with its bytes.
fn client_frames() -> Vec<(ClientMessage, Vec<u8>)> {
    use ClientMessage as M;
    vec![
        (M::Hello { team: T, device: D, token: K }, golden(&["01", "01", TEAM, DEVICE, TOKEN])),
        (
            M::CreateTeam { setup: C, device_name: b"ab".to_vec() },
            golden(&["01", "02", CODE, "02", "6162"]),
        ),
        (
            M::Join { team: T, invite: C, device_name: b"ab".to_vec() },
            golden(&["01", "03", TEAM, CODE, "02", "6162"]),
        ),
        (
            M::Push {
                req: 300,
                doc: O,
                kind: BlobKind::Snapshot,
                covers: 5,
                data: vec![0xde, 0xad],
            },
            golden(&["01", "04", "ac02", DOC, "01", "05", "02", "dead"]),
        ),
        (M::Pull { doc: O, after: 7 }, golden(&["01", "05", DOC, "07"])),
        (M::ListDocs { after: None }, golden(&["01", "06", "00"])),
        (M::ListDocs { after: Some(O) }, golden(&["01", "06", "01", DOC])),
        (M::CreateInvite { ttl_secs: 3_600 }, golden(&["01", "07", "901c"])),
        (M::ListDevices, golden(&["01", "08"])),
        (M::Revoke { device: D }, golden(&["01", "09", DEVICE])),
        (M::Ping, golden(&["01", "0a"])),
        (M::SetRole { device: D, role: Role::Admin }, golden(&["01", "0b", DEVICE, "01"])),
        (M::SetRole { device: D, role: Role::Member }, golden(&["01", "0b", DEVICE, "00"])),
        (M::ClaimAdmin { code: C }, golden(&["01", "0c", CODE])),
        (M::RegisterKey { record: R }, golden(&["01", "0d", DEVICE, PUBLIC, "ac02", TAG])),
        (M::ListDeviceKeys, golden(&["01", "0e"])),
        (
            M::Rotate { epoch: 2, keys: vec![SealedKeyFor { device: D, sealed: vec![0xab] }] },
            golden(&["01", "0f", "02", "01", DEVICE, "01ab"]),
        ),
        (M::FetchEpochKeys { device: D, after: 1 }, golden(&["01", "10", DEVICE, "01"])),
        (
            M::ShareKeys { device: D, keys: vec![vec![0xab], vec![0xcd]] },
            golden(&["01", "11", DEVICE, "02", "01ab", "01cd"]),
        ),
    ]
}

/// One of every server message with its bytes.
fn server_frames() -> Vec<(ServerMessage, Vec<u8>)> {
    use ServerMessage as M;
    let device = DeviceInfo {
        id: D,
        name: b"n".to_vec(),
        last_sync_ms: 200,
        revoked: false,
        is_you: true,
        role: Role::Admin,
    };
    vec![
        (
            M::Welcome { team: T, device: D, token: Some(K) },
            golden(&["01", "01", TEAM, DEVICE, "01", TOKEN]),
        ),
        (M::Welcome { team: T, device: D, token: None }, golden(&["01", "01", TEAM, DEVICE, "00"])),
        (M::Acked { req: 1, doc: O, seq: 2 }, golden(&["01", "02", "01", DOC, "02"])),
        (
            M::Blobs {
                doc: O,
                items: vec![
                    Blob { seq: 3, kind: BlobKind::Change, data: vec![0xab] },
                    Blob { seq: 4, kind: BlobKind::Snapshot, data: vec![] },
                ],
                more: true,
            },
            golden(&["01", "03", DOC, "02", "03", "00", "01ab", "04", "01", "00", "01"]),
        ),
        (M::Docs { docs: vec![(O, 9)], more: false }, golden(&["01", "04", "01", DOC, "09", "00"])),
        (M::Invite { code: C, expires_at_ms: 1 }, golden(&["01", "05", CODE, "01"])),
        (
            M::Devices { devices: vec![device] },
            golden(&["01", "06", "01", DEVICE, "016e", "c801", "00", "01", "01"]),
        ),
        (
            M::Error { code: ErrorCode::RateLimited, message: "hi".into() },
            golden(&["01", "07", "05", "02", "6869"]),
        ),
        (M::Pong, golden(&["01", "08"])),
        (
            M::Live { doc: O, blob: Blob { seq: 6, kind: BlobKind::Change, data: vec![1, 2] } },
            golden(&["01", "09", DOC, "06", "00", "02", "0102"]),
        ),
        (
            M::DeviceKeys { records: vec![R] },
            golden(&["01", "0a", "01", DEVICE, PUBLIC, "ac02", TAG]),
        ),
        (M::Rotated { epoch: 3 }, golden(&["01", "0b", "03"])),
        (
            M::EpochKeys { current: 2, keys: vec![vec![0xab], vec![]] },
            golden(&["01", "0c", "02", "02", "01ab", "00"]),
        ),
        (
            M::KeysWanted { records: vec![R] },
            golden(&["01", "0d", "01", DEVICE, PUBLIC, "ac02", TAG]),
        ),
    ]
}

/// Every error code and its byte on the wire. New codes take the next number.
const ERROR_CODES: [(ErrorCode, &str); 22] = [
    (ErrorCode::BadFrame, "01"),
    (ErrorCode::Unauthorized, "02"),
    (ErrorCode::Revoked, "03"),
    (ErrorCode::TooLarge, "04"),
    (ErrorCode::RateLimited, "05"),
    (ErrorCode::UnknownDoc, "06"),
    (ErrorCode::InviteInvalid, "07"),
    (ErrorCode::SetupInvalid, "08"),
    (ErrorCode::TooManyAttempts, "09"),
    (ErrorCode::NotAllowed, "0a"),
    (ErrorCode::Internal, "0b"),
    (ErrorCode::Restarting, "0c"),
    (ErrorCode::BadSequence, "0d"),
    (ErrorCode::TooManyDocs, "0e"),
    (ErrorCode::TooManyConnections, "0f"),
    (ErrorCode::DiskFull, "10"),
    (ErrorCode::TeamQuota, "11"),
    (ErrorCode::DeviceQuota, "12"),
    (ErrorCode::NotAdmin, "13"),
    (ErrorCode::LastAdmin, "14"),
    (ErrorCode::StaleEpoch, "15"),
    (ErrorCode::EpochConflict, "16"),
];

/// Does not compile when a message or code is added without a golden frame above.
#[allow(dead_code)]
fn every_variant_has_a_golden_frame(c: &ClientMessage, s: &ServerMessage, e: ErrorCode) {
    use ErrorCode as E;
    match c {
        ClientMessage::Hello { .. }
        | ClientMessage::CreateTeam { .. }
        | ClientMessage::Join { .. }
        | ClientMessage::Push { .. }
        | ClientMessage::Pull { .. }
        | ClientMessage::ListDocs { .. }
        | ClientMessage::CreateInvite { .. }
        | ClientMessage::ListDevices
        | ClientMessage::Revoke { .. }
        | ClientMessage::Ping
        | ClientMessage::SetRole { .. }
        | ClientMessage::ClaimAdmin { .. }
        | ClientMessage::RegisterKey { .. }
        | ClientMessage::ListDeviceKeys
        | ClientMessage::Rotate { .. }
        | ClientMessage::FetchEpochKeys { .. }
        | ClientMessage::ShareKeys { .. } => {}
    }
    match s {
        ServerMessage::Welcome { .. }
        | ServerMessage::Acked { .. }
        | ServerMessage::Blobs { .. }
        | ServerMessage::Live { .. }
        | ServerMessage::Docs { .. }
        | ServerMessage::Invite { .. }
        | ServerMessage::Devices { .. }
        | ServerMessage::Error { .. }
        | ServerMessage::Pong
        | ServerMessage::DeviceKeys { .. }
        | ServerMessage::Rotated { .. }
        | ServerMessage::EpochKeys { .. }
        | ServerMessage::KeysWanted { .. } => {}
    }
    match e {
        E::BadFrame
        | E::Unauthorized
        | E::Revoked
        | E::TooLarge
        | E::RateLimited
        | E::UnknownDoc
        | E::InviteInvalid
        | E::SetupInvalid
        | E::TooManyAttempts
        | E::NotAllowed
        | E::Internal
        | E::Restarting
        | E::BadSequence
        | E::TooManyDocs
        | E::TooManyConnections
        | E::DiskFull
        | E::TeamQuota
        | E::DeviceQuota
        | E::NotAdmin
        | E::LastAdmin
        | E::StaleEpoch
        | E::EpochConflict => {}
    }
}

#[test]
fn every_client_message_encodes_to_its_golden_bytes() {
    for (message, bytes) in client_frames() {
        assert_eq!(
            crate::hex::encode(&message.encode()),
            crate::hex::encode(&bytes),
            "{message:?}"
        );
        assert_eq!(ClientMessage::decode(&bytes), Ok(message));
    }
}

#[test]
fn every_server_message_encodes_to_its_golden_bytes() {
    for (message, bytes) in server_frames() {
        assert_eq!(
            crate::hex::encode(&message.encode()),
            crate::hex::encode(&bytes),
            "{message:?}"
        );
        assert_eq!(ServerMessage::decode(&bytes), Ok(message));
    }
}

#[test]
fn every_error_code_keeps_its_byte() {
    assert_eq!(ErrorCode::ALL.len(), ERROR_CODES.len(), "a code is missing from ErrorCode::ALL");
    for (code, byte) in ERROR_CODES {
        let bytes = golden(&["01", "07", byte, "00"]);
        let message = ServerMessage::Error { code, message: String::new() };
        assert_eq!(crate::hex::encode(&message.encode()), crate::hex::encode(&bytes), "{code:?}");
        assert_eq!(ServerMessage::decode(&bytes), Ok(message));
    }
}
