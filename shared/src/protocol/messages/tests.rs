//! Frames round-trip, and no sequence of bytes makes the decoder panic (a bounded fuzz run).

use proptest::prelude::*;

use super::*;

fn id() -> impl Strategy<Value = [u8; 16]> {
    any::<[u8; 16]>()
}

fn name() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 éü'-]{0,20}"
}

fn client() -> impl Strategy<Value = ClientMessage> {
    prop_oneof![
        (id(), id(), id()).prop_map(|(t, d, k)| ClientMessage::Hello {
            team: TeamId(t),
            device: DeviceId(d),
            token: Token(k)
        }),
        (id(), name()).prop_map(|(c, n)| ClientMessage::CreateTeam {
            setup: OneTimeCode(c),
            device_name: n.into()
        }),
        (id(), id(), name()).prop_map(|(t, c, n)| ClientMessage::Join {
            team: TeamId(t),
            invite: OneTimeCode(c),
            device_name: n.into()
        }),
        (
            any::<u64>(),
            id(),
            any::<bool>(),
            any::<u64>(),
            proptest::collection::vec(any::<u8>(), 0..300)
        )
            .prop_map(|(req, d, snap, covers, data)| ClientMessage::Push {
                req,
                doc: DocId(d),
                kind: if snap { BlobKind::Snapshot } else { BlobKind::Change },
                covers,
                data
            }),
        (id(), any::<u64>()).prop_map(|(d, after)| ClientMessage::Pull { doc: DocId(d), after }),
        proptest::option::of(id())
            .prop_map(|after| ClientMessage::ListDocs { after: after.map(DocId) }),
        any::<u64>().prop_map(|ttl_secs| ClientMessage::CreateInvite { ttl_secs }),
        Just(ClientMessage::ListDevices),
        id().prop_map(|d| ClientMessage::Revoke { device: DeviceId(d) }),
        Just(ClientMessage::Ping),
        (id(), any::<bool>()).prop_map(|(d, admin)| ClientMessage::SetRole {
            device: DeviceId(d),
            role: if admin { Role::Admin } else { Role::Member }
        }),
        id().prop_map(|c| ClientMessage::ClaimAdmin { code: OneTimeCode(c) }),
        record().prop_map(|record| ClientMessage::RegisterKey { record }),
        Just(ClientMessage::ListDeviceKeys),
        (any::<u32>(), proptest::collection::vec((id(), sealed_key()), 0..4)).prop_map(
            |(epoch, keys)| ClientMessage::Rotate {
                epoch,
                keys: keys
                    .into_iter()
                    .map(|(d, sealed)| SealedKeyFor { device: DeviceId(d), sealed })
                    .collect()
            }
        ),
        (id(), any::<u32>())
            .prop_map(|(d, after)| ClientMessage::FetchEpochKeys { device: DeviceId(d), after }),
        (id(), proptest::collection::vec(sealed_key(), 0..4))
            .prop_map(|(d, keys)| ClientMessage::ShareKeys { device: DeviceId(d), keys }),
    ]
}

fn record() -> impl Strategy<Value = KeyRecord> {
    (id(), any::<[u8; 32]>(), any::<u32>(), any::<[u8; 32]>())
        .prop_map(|(d, public, epoch, tag)| KeyRecord { device: DeviceId(d), public, epoch, tag })
}

fn sealed_key() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>(), 0..120)
}

fn server() -> impl Strategy<Value = ServerMessage> {
    let blob = (any::<u64>(), any::<bool>(), proptest::collection::vec(any::<u8>(), 0..50))
        .prop_map(|(seq, snap, data)| Blob {
            seq,
            kind: if snap { BlobKind::Snapshot } else { BlobKind::Change },
            data,
        });
    let device = (id(), name(), any::<u64>(), any::<bool>(), any::<bool>(), any::<bool>())
        .prop_map(|(d, name, last_sync_ms, revoked, is_you, admin)| DeviceInfo {
            id: DeviceId(d),
            name: name.into(),
            last_sync_ms,
            revoked,
            is_you,
            role: if admin { Role::Admin } else { Role::Member },
        });
    let live = (id(), any::<u64>(), proptest::collection::vec(any::<u8>(), 0..50)).prop_map(
        |(d, seq, data)| ServerMessage::Live {
            doc: DocId(d),
            blob: Blob { seq, kind: BlobKind::Change, data },
        },
    );
    prop_oneof![
        live,
        (id(), id(), proptest::option::of(id())).prop_map(|(t, d, k)| ServerMessage::Welcome {
            team: TeamId(t),
            device: DeviceId(d),
            token: k.map(Token)
        }),
        (any::<u64>(), id(), any::<u64>()).prop_map(|(req, d, seq)| ServerMessage::Acked {
            req,
            doc: DocId(d),
            seq
        }),
        (id(), proptest::collection::vec(blob, 0..5), any::<bool>())
            .prop_map(|(d, items, more)| ServerMessage::Blobs { doc: DocId(d), items, more }),
        (proptest::collection::vec((id(), any::<u64>()), 0..5), any::<bool>()).prop_map(
            |(docs, more)| ServerMessage::Docs {
                docs: docs.into_iter().map(|(d, s)| (DocId(d), s)).collect(),
                more
            }
        ),
        (id(), any::<u64>()).prop_map(|(c, expires_at_ms)| ServerMessage::Invite {
            code: OneTimeCode(c),
            expires_at_ms
        }),
        proptest::collection::vec(device, 0..4)
            .prop_map(|devices| ServerMessage::Devices { devices }),
        (0usize..ErrorCode::ALL.len(), name())
            .prop_map(|(i, message)| ServerMessage::Error { code: ErrorCode::ALL[i], message }),
        Just(ServerMessage::Pong),
        proptest::collection::vec(record(), 0..3)
            .prop_map(|records| ServerMessage::DeviceKeys { records }),
        any::<u32>().prop_map(|epoch| ServerMessage::Rotated { epoch }),
        (any::<u32>(), proptest::collection::vec(sealed_key(), 0..3))
            .prop_map(|(current, keys)| ServerMessage::EpochKeys { current, keys }),
        proptest::collection::vec(record(), 0..3)
            .prop_map(|records| ServerMessage::KeysWanted { records }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn client_frames_round_trip(m in client()) {
        prop_assert_eq!(ClientMessage::decode(&m.encode()), Ok(m));
    }

    #[test]
    fn server_frames_round_trip(m in server()) {
        prop_assert_eq!(ServerMessage::decode(&m.encode()), Ok(m));
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_decoders(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = ClientMessage::decode(&bytes);
        let _ = ServerMessage::decode(&bytes);
    }

    #[test]
    fn damaged_valid_frames_never_panic(m in client(), cut in any::<prop::sample::Index>(), flip in any::<u8>()) {
        let mut frame = m.encode();
        let i = cut.index(frame.len());
        frame[i] ^= flip;
        let _ = ClientMessage::decode(&frame);
        let _ = ClientMessage::decode(&frame[..i]);
    }
}

#[test]
fn a_frame_from_a_newer_protocol_version_is_refused_with_what_to_do() {
    let mut frame = ClientMessage::Ping.encode();
    frame[0] = 9;
    let err = ClientMessage::decode(&frame).unwrap_err();
    assert_eq!(err, FrameError::Version(9));
    assert!(err.to_string().contains("update Rapport"));
}

#[test]
fn a_blob_count_larger_than_the_frame_is_refused_before_allocating() {
    // Claims 10,000 blobs in a 20-byte frame.
    let frame = Writer::new(3).id(&[0; 16]).varint(10_000).finish();
    assert_eq!(ServerMessage::decode(&frame), Err(FrameError::TooLong("blobs")));
}

#[test]
fn trailing_bytes_are_refused() {
    let mut frame = ClientMessage::ListDocs { after: None }.encode();
    frame.push(0);
    assert_eq!(ClientMessage::decode(&frame), Err(FrameError::Trailing(1)));
}

#[test]
fn a_full_page_of_documents_fits_a_frame_and_decodes() {
    // Regression (issue 9): 25,000 documents in one reply stopped every tablet with
    // "documents is longer than allowed". The relay now pages; a full page must decode.
    let docs: Vec<(DocId, u64)> = (0..crate::protocol::DOCS_PAGE as u32)
        .map(|i| {
            let mut id = [0xff; 16];
            id[..4].copy_from_slice(&i.to_be_bytes());
            (DocId(id), i64::MAX as u64)
        })
        .collect();
    let frame = ServerMessage::Docs { docs: docs.clone(), more: true }.encode();
    assert!(frame.len() < crate::protocol::MAX_FRAME);
    assert_eq!(ServerMessage::decode(&frame), Ok(ServerMessage::Docs { docs, more: true }));
}

#[test]
fn key_messages_that_are_truncated_oversized_or_out_of_range_are_refused() {
    let record = KeyRecord { device: DeviceId([1; 16]), public: [2; 32], epoch: 1, tag: [3; 32] };
    let frame = ClientMessage::RegisterKey { record }.encode();
    for cut in 2..frame.len() {
        assert!(ClientMessage::decode(&frame[..cut]).is_err(), "cut at {cut}");
    }
    // An epoch above 2^32 − 1.
    let frame = Writer::new(15).varint(1 << 32).varint(0).finish();
    assert_eq!(ClientMessage::decode(&frame), Err(FrameError::BadValue("key epoch")));
    // A sealed key longer than any real one.
    let frame = Writer::new(15)
        .varint(1)
        .varint(1)
        .id(&[1; 16])
        .bytes(&[0; crate::protocol::MAX_SEALED_KEY + 1])
        .finish();
    assert_eq!(ClientMessage::decode(&frame), Err(FrameError::TooLong("sealed key")));
    // Ten thousand keys claimed in a few bytes.
    let frame = Writer::new(15).varint(1).varint(10_000).finish();
    assert_eq!(ClientMessage::decode(&frame), Err(FrameError::TooLong("sealed keys")));
    let frame = Writer::new(10).varint(5).finish();
    assert_eq!(ServerMessage::decode(&frame), Err(FrameError::TooLong("device keys")));
    let frame = Writer::new(13).varint(5).finish();
    assert_eq!(ServerMessage::decode(&frame), Err(FrameError::TooLong("device keys")));
    // A shared key longer than any real one, and more keys claimed than bytes follow.
    let frame =
        Writer::new(17).id(&[1; 16]).varint(1).bytes(&[0; crate::protocol::MAX_SEALED_KEY + 1]);
    assert_eq!(ClientMessage::decode(&frame.finish()), Err(FrameError::TooLong("sealed key")));
    let frame = Writer::new(17).id(&[1; 16]).varint(10_000).finish();
    assert_eq!(ClientMessage::decode(&frame), Err(FrameError::TooLong("sealed keys")));
}
