//! Key rotation through the session loop: what the relay accepts, refuses and hands out.

use shared::protocol::{DeviceId, KeyRecord, SealedKeyFor};

use super::*;

/// The admin (who created the team) and a member it invited, both signed in.
async fn admin_and_member(
    relay: &Arc<Relay>,
    code: OneTimeCode,
) -> (Client, DeviceId, Client, DeviceId) {
    let mut admin = connect(relay);
    admin.send(&ClientMessage::CreateTeam { setup: code, device_name: "Admin".into() }).await;
    let Some(ServerMessage::Welcome { team, device: admin_id, .. }) = admin.recv().await else {
        panic!("no welcome")
    };
    admin.send(&ClientMessage::CreateInvite { ttl_secs: 0 }).await;
    let Some(ServerMessage::Invite { code: invite, .. }) = admin.recv().await else {
        panic!("no invite")
    };
    let mut member = connect(relay);
    member.send(&ClientMessage::Join { team, invite, device_name: "Member".into() }).await;
    let Some(ServerMessage::Welcome { device: member_id, .. }) = member.recv().await else {
        panic!("no welcome")
    };
    (admin, admin_id, member, member_id)
}

fn record(device: DeviceId, n: u8) -> KeyRecord {
    KeyRecord { device, public: [n; 32], epoch: 0, tag: [n; 32] }
}

fn refused(reply: Option<ServerMessage>) -> ErrorCode {
    match reply {
        Some(ServerMessage::Error { code, .. }) => code,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_rotation_is_stored_once_delivered_to_its_device_and_stale_pushes_are_refused() {
    let (_dir, relay, code) = relay();
    let (mut admin, admin_id, mut member, member_id) = admin_and_member(&relay, code).await;
    admin.send(&ClientMessage::RegisterKey { record: record(admin_id, 1) }).await;
    assert!(matches!(admin.recv().await, Some(ServerMessage::DeviceKeys { .. })));
    member.send(&ClientMessage::RegisterKey { record: record(member_id, 2) }).await;
    let Some(ServerMessage::DeviceKeys { records }) = member.recv().await else { panic!() };
    assert_eq!(records.len(), 2);

    // A device may not register a key as another, nor fetch another's keys.
    member.send(&ClientMessage::RegisterKey { record: record(admin_id, 9) }).await;
    assert_eq!(refused(member.recv().await), ErrorCode::NotAllowed);
    member.send(&ClientMessage::FetchEpochKeys { device: admin_id, after: 0 }).await;
    assert_eq!(refused(member.recv().await), ErrorCode::NotAllowed);

    // A member cannot rotate; an admin cannot skip an epoch.
    let keys = vec![SealedKeyFor { device: member_id, sealed: vec![7; 109] }];
    member.send(&ClientMessage::Rotate { epoch: 1, keys: keys.clone() }).await;
    assert_eq!(refused(member.recv().await), ErrorCode::NotAdmin);
    admin.send(&ClientMessage::Rotate { epoch: 2, keys: keys.clone() }).await;
    assert_eq!(refused(admin.recv().await), ErrorCode::EpochConflict);
    admin.send(&ClientMessage::Rotate { epoch: 1, keys: vec![] }).await;
    assert_eq!(refused(admin.recv().await), ErrorCode::NotAllowed);

    // The rotation is stored, and the member, connected, receives its key unasked.
    admin.send(&ClientMessage::Rotate { epoch: 1, keys: keys.clone() }).await;
    assert_eq!(admin.recv().await, Some(ServerMessage::Rotated { epoch: 1 }));
    let delivered = ServerMessage::EpochKeys { current: 1, keys: vec![vec![7; 109]] };
    assert_eq!(member.recv().await, Some(delivered.clone()));
    member.send(&ClientMessage::FetchEpochKeys { device: member_id, after: 0 }).await;
    assert_eq!(member.recv().await, Some(delivered));
    // The admin sealed no key to itself here, so the member is asked to share one with it.
    let wanted = ServerMessage::KeysWanted { records: vec![record(admin_id, 1)] };
    assert_eq!(member.recv().await, Some(wanted));
    admin.send(&ClientMessage::Rotate { epoch: 1, keys }).await;
    assert_eq!(refused(admin.recv().await), ErrorCode::EpochConflict, "once per epoch");

    // A push under epoch 0 is refused with a code the engine acts on; epoch 1 is stored.
    let doc = DocId([4; 16]);
    let push = |req, data: Vec<u8>| ClientMessage::Push {
        req,
        doc,
        kind: BlobKind::Change,
        covers: 0,
        data,
    };
    member.send(&push(1, b"format one".to_vec())).await;
    assert_eq!(refused(member.recv().await), ErrorCode::StaleEpoch);
    member.send(&push(2, [&[2, 0, 0, 0, 1][..], b"sealed"].concat())).await;
    assert_eq!(member.recv().await, Some(ServerMessage::Acked { req: 2, doc, seq: 1 }));
    assert!(matches!(admin.recv().await, Some(ServerMessage::Live { .. })));

    // A truncated rotation is a bad frame; the session carries on.
    let frame = ClientMessage::Rotate { epoch: 2, keys: vec![] }.encode();
    admin.raw(frame[..frame.len() - 1].to_vec()).await;
    assert_eq!(refused(admin.recv().await), ErrorCode::BadFrame);
    admin.send(&ClientMessage::Ping).await;
    assert_eq!(admin.recv().await, Some(ServerMessage::Pong));
}

#[tokio::test]
async fn a_tablet_joining_after_a_rotation_is_announced_and_gets_the_keys_a_teammate_shares() {
    let (_dir, relay, code) = relay();
    let (mut admin, admin_id, mut member, member_id) = admin_and_member(&relay, code).await;
    admin.send(&ClientMessage::RegisterKey { record: record(admin_id, 1) }).await;
    assert!(matches!(admin.recv().await, Some(ServerMessage::DeviceKeys { .. })));
    let keys = vec![SealedKeyFor { device: admin_id, sealed: vec![7; 109] }];
    admin.send(&ClientMessage::Rotate { epoch: 1, keys }).await;
    assert_eq!(admin.recv().await, Some(ServerMessage::Rotated { epoch: 1 }));
    assert!(matches!(admin.recv().await, Some(ServerMessage::EpochKeys { .. })));

    // The member registers a key only now: the rotation sealed nothing to it. Fetching, it
    // learns it lacks epoch 1, and the admin online is asked to share.
    member.send(&ClientMessage::RegisterKey { record: record(member_id, 2) }).await;
    assert!(matches!(member.recv().await, Some(ServerMessage::DeviceKeys { .. })));
    member.send(&ClientMessage::FetchEpochKeys { device: member_id, after: 0 }).await;
    let lacking = ServerMessage::EpochKeys { current: 1, keys: vec![] };
    assert_eq!(member.recv().await, Some(lacking));
    let wanted = ServerMessage::KeysWanted { records: vec![record(member_id, 2)] };
    assert_eq!(admin.recv().await, Some(wanted.clone()));

    // An admin fetching again is told too, after its own keys.
    admin.send(&ClientMessage::FetchEpochKeys { device: admin_id, after: 1 }).await;
    assert_eq!(admin.recv().await, Some(ServerMessage::EpochKeys { current: 1, keys: vec![] }));
    assert_eq!(admin.recv().await, Some(wanted));

    // Shared keys go to no one outside the team; the first copy is kept and handed over.
    let outsider = DeviceId([9; 16]);
    admin.send(&ClientMessage::ShareKeys { device: outsider, keys: vec![vec![8; 109]] }).await;
    assert_eq!(refused(admin.recv().await), ErrorCode::NotAllowed);
    admin.send(&ClientMessage::ShareKeys { device: member_id, keys: vec![] }).await;
    assert_eq!(refused(admin.recv().await), ErrorCode::NotAllowed);
    for sealed in [vec![8; 109], vec![9; 109]] {
        admin.send(&ClientMessage::ShareKeys { device: member_id, keys: vec![sealed] }).await;
        assert_eq!(admin.recv().await, Some(ServerMessage::Pong));
        let delivered = ServerMessage::EpochKeys { current: 1, keys: vec![vec![8; 109]] };
        assert_eq!(member.recv().await, Some(delivered));
    }
    member.send(&ClientMessage::FetchEpochKeys { device: member_id, after: 0 }).await;
    assert!(matches!(member.recv().await, Some(ServerMessage::EpochKeys { .. })));
    admin.send(&ClientMessage::Ping).await;
    assert_eq!(admin.recv().await, Some(ServerMessage::Pong), "the member is not announced again");
}
