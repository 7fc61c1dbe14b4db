//! The engine's key epoch rules, frame by frame, without a relay.

use std::collections::HashMap;

use super::*;
use crate::doc::DocKey;
use crate::protocol::{ErrorCode, ServerMessage, TeamId, Token};
use crate::seal::TeamKey;
use crate::sync::{Credentials, OutboxEntry, SyncStatus};

const TEAM: TeamId = TeamId([7; 16]);
const BOB: DeviceId = DeviceId([2; 16]);

fn bob(key: &TeamKey) -> SyncEngine {
    let creds = Credentials { team: TEAM, device: BOB, token: Token([1; 16]), key: key.clone() };
    SyncEngine::new(creds, HashMap::new())
}

fn frame(m: ServerMessage) -> Vec<u8> {
    m.encode()
}

fn welcome() -> Vec<u8> {
    frame(ServerMessage::Welcome { team: TEAM, device: BOB, token: None })
}

fn pushes(effects: &[Effect]) -> usize {
    effects.iter().filter(|e| matches!(e, Effect::Send(ClientMessage::Push { .. }))).count()
}

fn change() -> OutboxEntry {
    OutboxEntry { id: 1, doc: DocKey::Partners, bytes: b"change".to_vec() }
}

#[test]
fn a_device_with_a_key_pair_pushes_only_once_it_holds_the_teams_newest_epoch() {
    let key = TeamKey::generate().unwrap();
    let pair = DeviceKeyPair::generate().unwrap();
    let record = DeviceKeyRecord::new(&Keyring::new(key.clone()), TEAM, BOB, pair.public());
    let mut engine = bob(&key).with_device_keys(Keyring::new(key.clone()), pair);
    engine.queue(vec![change()]);
    engine.connected(0);
    let effects = engine.received(&welcome(), 0);
    assert!(
        matches!(&effects[0], Effect::Send(ClientMessage::RegisterKey { record: r }) if r.device == BOB)
    );
    assert!(matches!(
        effects[1],
        Effect::Send(ClientMessage::FetchEpochKeys { device: BOB, after: 0 })
    ));
    assert_eq!(
        pushes(&effects),
        0,
        "nothing is sealed before the relay says which epoch is newest"
    );

    // The relay (or someone) hands over a forged key: it is ignored, and Bob waits.
    let forged = ServerMessage::EpochKeys { current: 1, keys: vec![vec![1; 109], vec![0; 3]] };
    let effects = engine.received(&frame(forged), 0);
    assert_eq!(pushes(&effects), 0);
    assert_eq!(
        engine.status(),
        SyncStatus::Stopped { reason: StopReason::MissingKeyUpdate { epoch: 1 } }
    );

    // The real key arrives: Bob keeps it, and his change goes out sealed under epoch 1.
    let rotation = Keyring::new(key).rotate(TEAM, &[record]).unwrap();
    let real = rotation.sealed[0].1.to_bytes();
    let effects =
        engine.received(&frame(ServerMessage::EpochKeys { current: 1, keys: vec![real] }), 0);
    assert!(effects.contains(&Effect::KeysChanged(rotation.keyring.clone())));
    let sealed = effects.iter().find_map(|e| match e {
        Effect::Send(ClientMessage::Push { data, .. }) => Some(data.clone()),
        _ => None,
    });
    assert_eq!(sealed.and_then(|d| crate::protocol::sealed_epoch(&d).map(|(e, _)| e)), Some(1));
}

#[test]
fn a_device_without_a_key_pair_stops_pushing_when_the_relay_refuses_its_epoch() {
    let key = TeamKey::generate().unwrap();
    let mut engine = bob(&key);
    engine.connected(0);
    let effects = engine.received(&welcome(), 0);
    assert!(!effects.iter().any(|e| matches!(e, Effect::Send(ClientMessage::RegisterKey { .. }))));
    assert_eq!(pushes(&engine.queue(vec![change()])), 1, "no epochs yet: it pushes as before");
    let stale = ServerMessage::Error { code: ErrorCode::StaleEpoch, message: "stale".into() };
    assert_eq!(engine.received(&frame(stale), 0), vec![]);
    assert!(matches!(
        engine.status(),
        SyncStatus::Stopped { reason: StopReason::MissingKeyUpdate { epoch: 1 } }
    ));
    let more = OutboxEntry { id: 2, ..change() };
    assert_eq!(pushes(&engine.queue(vec![more])), 0, "it no longer seals under the old key");
}

#[test]
fn a_device_holding_the_newest_epoch_shares_it_with_a_joiner_the_team_key_vouches_for() {
    let key = TeamKey::generate().unwrap();
    let bob_pair = DeviceKeyPair::generate().unwrap();
    let bob_record = DeviceKeyRecord::new(&Keyring::new(key.clone()), TEAM, BOB, bob_pair.public());
    let rotated =
        Keyring::new(key.clone()).rotate(TEAM, std::slice::from_ref(&bob_record)).unwrap().keyring;
    let mut engine = bob(&key).with_device_keys(rotated.clone(), bob_pair);
    engine.connected(0);
    engine.received(&welcome(), 0);

    // Dan joined after the rotation: his invite gave him epoch 0 only.
    let dan = DeviceId([4; 16]);
    let dan_pair = DeviceKeyPair::generate().unwrap();
    let dan_record = DeviceKeyRecord::new(&Keyring::new(key.clone()), TEAM, dan, dan_pair.public());
    let wanted = |records: Vec<&DeviceKeyRecord>| {
        frame(ServerMessage::KeysWanted { records: records.into_iter().map(Into::into).collect() })
    };
    let early = engine.received(&wanted(vec![&dan_record]), 0);
    assert!(early.is_empty(), "Bob shares nothing before he knows the team's newest epoch");
    engine.received(&frame(ServerMessage::EpochKeys { current: 1, keys: vec![] }), 0);

    // A record whose tag the team key does not make (the relay's own key) gets nothing; Bob's
    // own record neither.
    let mut forged = dan_record.clone();
    forged.public = DeviceKeyPair::generate().unwrap().public().0;
    let effects = engine.received(&wanted(vec![&forged, &bob_record, &dan_record]), 0);
    let shared: Vec<(DeviceId, Vec<Vec<u8>>)> = effects
        .into_iter()
        .filter_map(|e| match e {
            Effect::Send(ClientMessage::ShareKeys { device, keys }) => Some((device, keys)),
            _ => None,
        })
        .collect();
    assert_eq!(shared.len(), 1);
    assert_eq!(shared[0].0, dan);

    // Dan opens what Bob shared and holds epoch 1 like the rest of the team.
    let mut dans = Keyring::new(key);
    for bytes in &shared[0].1 {
        dans.accept(TEAM, dan, &dan_pair, &SealedEpochKey::from_bytes(bytes).unwrap()).unwrap();
    }
    assert_eq!(dans, rotated);
}
