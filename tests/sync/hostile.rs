//! Hostile input gets its error, and the relay keeps serving everyone else.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use rapport_tests::{Device, TestRelay, partner};
use shared::Partner;
use shared::doc::DocKey;
use shared::protocol::{BlobKind, ClientMessage, DeviceId, DocId, ErrorCode, ServerMessage, Token};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::frame::Frame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};

use super::{assert_converged, settle, team};

pub(super) type Raw =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub(super) async fn raw(relay: &TestRelay) -> anyhow::Result<Raw> {
    Ok(tokio_tungstenite::connect_async(relay.url()).await?.0)
}

pub(super) async fn reply(socket: &mut Raw) -> Option<ServerMessage> {
    loop {
        match tokio::time::timeout(Duration::from_secs(5), socket.next()).await.ok()?? {
            Ok(Message::Binary(b)) => return ServerMessage::decode(&b).ok(),
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => continue,
        }
    }
}

pub(super) fn code_of(m: Option<ServerMessage>) -> Option<ErrorCode> {
    match m {
        Some(ServerMessage::Error { code, .. }) => Some(code),
        _ => None,
    }
}

/// After whatever happened, a legitimate edit still syncs between the two devices.
pub(super) async fn still_serving(devices: &mut [Device], n: u128) -> anyhow::Result<()> {
    devices[0].edit(&partner(n, &format!("After attack {n}"))).await?;
    settle(devices).await?;
    assert_converged(devices);
    assert!(
        devices[1]
            .records::<Partner>(DocKey::Partners)
            .iter()
            .any(|p| p.name == format!("After attack {n}"))
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_frames_and_bad_tokens_are_refused_one_by_one() -> anyhow::Result<()> {
    let (relay, mut devices) = team(2).await?;
    let garbage: [&[u8]; 4] =
        [b"", b"\x01", b"\x01\x04\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f", b"hello relay"];
    for frame in garbage {
        let mut s = raw(&relay).await?;
        s.send(Message::Binary(frame.to_vec().into())).await?;
        assert_eq!(code_of(reply(&mut s).await), Some(ErrorCode::BadFrame), "frame {frame:?}");
    }
    let mut text = raw(&relay).await?;
    text.send(Message::Text("{\"op\":\"pull\"}".into())).await?;
    assert_eq!(code_of(reply(&mut text).await), Some(ErrorCode::BadFrame));
    // Regression: a text message that is not UTF-8 was answered "TooLarge … under 1 MiB".
    let mut text = raw(&relay).await?;
    let not_utf8 = Frame::message(vec![0xff, 0xfe, 0x01], OpCode::Data(Data::Text), true);
    text.send(Message::Frame(not_utf8)).await?;
    assert_eq!(code_of(reply(&mut text).await), Some(ErrorCode::BadFrame));

    // Wrong token, then no sign-in at all.
    let creds = devices[0].creds.clone();
    let mut s = raw(&relay).await?;
    s.send(Message::Binary(
        ClientMessage::Hello { team: creds.team, device: creds.device, token: Token([0; 16]) }
            .encode()
            .into(),
    ))
    .await?;
    assert_eq!(code_of(reply(&mut s).await), Some(ErrorCode::Unauthorized));
    let mut s = raw(&relay).await?;
    s.send(Message::Binary(ClientMessage::Pull { doc: DocId([1; 16]), after: 0 }.encode().into()))
        .await?;
    assert_eq!(code_of(reply(&mut s).await), Some(ErrorCode::NotAllowed));
    let mut s = raw(&relay).await?;
    s.send(Message::Binary(
        ClientMessage::Hello { team: creds.team, device: DeviceId([7; 16]), token: creds.token }
            .encode()
            .into(),
    ))
    .await?;
    assert_eq!(code_of(reply(&mut s).await), Some(ErrorCode::Unauthorized));

    still_serving(&mut devices, 100).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_message_closes_only_its_own_connection() -> anyhow::Result<()> {
    let (relay, mut devices) = team(2).await?;
    let mut s = raw(&relay).await?;
    let creds = devices[0].creds.clone();
    s.send(Message::Binary(
        ClientMessage::Hello { team: creds.team, device: creds.device, token: creds.token }
            .encode()
            .into(),
    ))
    .await?;
    assert!(matches!(reply(&mut s).await, Some(ServerMessage::Welcome { .. })));
    let huge = ClientMessage::Push {
        req: 1,
        doc: DocId([1; 16]),
        kind: BlobKind::Change,
        covers: 0,
        data: vec![7; 2 << 20],
    };
    let _ = s.send(Message::Binary(huge.encode().into())).await;
    let answer = reply(&mut s).await;
    assert!(
        matches!(code_of(answer.clone()), Some(ErrorCode::TooLarge)) || answer.is_none(),
        "got {answer:?}"
    );
    still_serving(&mut devices, 101).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blob_replayed_into_another_document_cannot_be_opened_and_harms_nothing()
-> anyhow::Result<()> {
    let (relay, mut devices) = team(2).await?;
    devices[0].edit(&partner(1, "Mercy General")).await?;
    settle(&mut devices).await?;
    // A hostile team member pulls Alice's sealed blob and pushes it into the contacts document.
    let creds = devices[0].creds.clone();
    let partners_id = devices[0].engine.doc_id(DocKey::Partners);
    let contacts_id = devices[0].engine.doc_id(DocKey::Contacts);
    let mut s = raw(&relay).await?;
    s.send(Message::Binary(
        ClientMessage::Hello { team: creds.team, device: creds.device, token: creds.token }
            .encode()
            .into(),
    ))
    .await?;
    reply(&mut s).await;
    s.send(Message::Binary(ClientMessage::Pull { doc: partners_id, after: 0 }.encode().into()))
        .await?;
    let Some(ServerMessage::Blobs { items, .. }) = reply(&mut s).await else {
        anyhow::bail!("no blobs")
    };
    let stolen = ClientMessage::Push {
        req: 9,
        doc: contacts_id,
        kind: BlobKind::Change,
        covers: 0,
        data: items[0].data.clone(),
    };
    s.send(Message::Binary(stolen.encode().into())).await?;
    assert!(
        matches!(reply(&mut s).await, Some(ServerMessage::Acked { .. })),
        "the relay cannot tell; devices must"
    );
    settle(&mut devices).await?;
    assert_eq!(devices[1].replica.unopenable, 1);
    assert!(devices[1].records::<shared::Contact>(DocKey::Contacts).is_empty());
    // Unknown documents get their own error.
    s.send(Message::Binary(
        ClientMessage::Pull { doc: DocId([0xee; 16]), after: 0 }.encode().into(),
    ))
    .await?;
    assert_eq!(code_of(reply(&mut s).await), Some(ErrorCode::UnknownDoc));
    still_serving(&mut devices, 102).await
}

/// Signs a raw socket in with `creds` and waits for the welcome.
pub(super) async fn signed_in(
    relay: &TestRelay,
    creds: &shared::sync::Credentials,
) -> anyhow::Result<Raw> {
    let mut s = raw(relay).await?;
    let hello = ClientMessage::Hello { team: creds.team, device: creds.device, token: creds.token };
    s.send(Message::Binary(hello.encode().into())).await?;
    anyhow::ensure!(matches!(reply(&mut s).await, Some(ServerMessage::Welcome { .. })));
    Ok(s)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poisoned_snapshot_is_refused_and_a_tablet_that_joins_later_gets_everything()
-> anyhow::Result<()> {
    // Regression (issue 9): the relay acked 40 random bytes as a snapshot covering 10^12, and a
    // tablet that joined afterwards showed "Synced" with no partners.
    let (relay, mut devices) = team(2).await?;
    devices[0].edit(&partner(1, "Mercy General")).await?;
    settle(&mut devices).await?;
    let partners_id = devices[0].engine.doc_id(DocKey::Partners);
    let mut s = signed_in(&relay, &devices[1].creds).await?;
    for covers in [1_000_000_000_000, u64::MAX] {
        let poison = ClientMessage::Push {
            req: 1,
            doc: partners_id,
            kind: BlobKind::Snapshot,
            covers,
            data: vec![0x5a; 40],
        };
        s.send(Message::Binary(poison.encode().into())).await?;
        assert_eq!(code_of(reply(&mut s).await), Some(ErrorCode::BadSequence), "{covers}");
    }
    s.send(Message::Binary(
        ClientMessage::Pull { doc: partners_id, after: u64::MAX }.encode().into(),
    ))
    .await?;
    assert_eq!(code_of(reply(&mut s).await), Some(ErrorCode::BadSequence));

    let mut late = devices[0].invite_device("Tablet C").await?;
    late.connect().await?;
    devices.push(late);
    settle(&mut devices).await?;
    assert_eq!(devices[2].records::<Partner>(DocKey::Partners).len(), 1);
    still_serving(&mut devices, 105).await?;
    assert!(devices[2].records::<Partner>(DocKey::Partners).len() == 2);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_new_documents_is_capped_and_the_team_keeps_syncing() -> anyhow::Result<()> {
    // Regression (issue 9): 10,001 blobs to random document ids made the document list too long
    // to read, and every tablet stopped. Here with a cap of 20 and a page of 1,000.
    let limits = server::relay::Limits { max_docs: 20, ..Default::default() };
    let relay = TestRelay::start_with(limits).await?;
    let mut first = Device::create_team(&relay.url(), relay.setup_code()?, "Tablet A").await?;
    first.connect().await?;
    first.edit(&partner(1, "Mercy General")).await?;
    let mut devices = vec![first];
    settle(&mut devices).await?;
    let mut s = signed_in(&relay, &devices[0].creds).await?;
    let mut refused = 0;
    for n in 0..30u8 {
        let junk = ClientMessage::Push {
            req: u64::from(n),
            doc: DocId([n; 16]),
            kind: BlobKind::Change,
            covers: 0,
            data: vec![n; 40],
        };
        s.send(Message::Binary(junk.encode().into())).await?;
        if code_of(reply(&mut s).await) == Some(ErrorCode::TooManyDocs) {
            refused += 1;
        }
    }
    assert_eq!(refused, 11, "20 documents in all: partners and 19 junk");
    let mut late = devices[0].invite_device("Tablet B").await?;
    late.connect().await?;
    devices.push(late);
    settle(&mut devices).await?;
    assert!(matches!(devices[1].engine.status(), shared::sync::SyncStatus::Synced { .. }));
    still_serving(&mut devices, 106).await
}

/// Issue 9, item 9: four signed-in sockets that never read, while another device pushed 1 MiB
/// changes, took the relay from 14 MiB to 1,063 MiB: each queued 256 copies of 1 MiB.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shared_keys_that_are_forged_misaddressed_or_truncated_harm_nobody() -> anyhow::Result<()> {
    let (relay, mut devices) = team(2).await?;
    let mut s = signed_in(&relay, &devices[1].creds).await?;
    let share = |device, keys| ClientMessage::ShareKeys { device, keys };
    let outsider = DeviceId([0xee; 16]);
    for (message, code) in [
        (share(outsider, vec![vec![1; 109]]), ErrorCode::NotAllowed),
        (share(devices[0].creds.device, vec![]), ErrorCode::NotAllowed),
    ] {
        s.send(Message::Binary(message.encode().into())).await?;
        assert_eq!(code_of(reply(&mut s).await), Some(code));
    }
    // Garbage for a teammate before any rotation: nothing is stored for an epoch the team has
    // not reached, and the teammate ignores what it is handed.
    let garbage = share(devices[0].creds.device, vec![vec![0x5a; 109], vec![1; 3]]);
    s.send(Message::Binary(garbage.encode().into())).await?;
    assert_eq!(reply(&mut s).await, Some(ServerMessage::Pong));
    let (_, stored) =
        relay.relay.store.epoch_keys(devices[0].creds.team, devices[0].creds.device, 0)?;
    assert!(stored.is_empty());
    let frame = garbage.encode();
    s.send(Message::Binary(frame[..frame.len() - 2].to_vec().into())).await?;
    assert_eq!(code_of(reply(&mut s).await), Some(ErrorCode::BadFrame));
    still_serving(&mut devices, 106).await?;
    Ok(())
}
