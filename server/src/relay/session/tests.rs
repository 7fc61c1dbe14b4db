//! The session loop driven through channels, no sockets: the relay's rules in isolation.

use std::sync::Arc;

use futures_channel::mpsc;
use futures_util::{SinkExt, StreamExt};
use shared::protocol::{
    BlobKind, ClientMessage, DocId, ErrorCode, OneTimeCode, ServerMessage, Token,
};

use super::*;
use crate::relay::{Limits, Relay};
use crate::store::SqliteStore;

pub(super) struct Client {
    to_relay: mpsc::UnboundedSender<Incoming>,
    from_relay: mpsc::UnboundedReceiver<Vec<u8>>,
}

impl Client {
    pub(super) async fn send(&mut self, m: &ClientMessage) {
        self.to_relay.send(Incoming::Frame(m.encode())).await.unwrap();
    }
    pub(super) async fn raw(&mut self, bytes: Vec<u8>) {
        self.to_relay.send(Incoming::Frame(bytes)).await.unwrap();
    }
    pub(super) async fn recv(&mut self) -> Option<ServerMessage> {
        let frame =
            tokio::time::timeout(Duration::from_secs(5), self.from_relay.next()).await.ok()??;
        Some(ServerMessage::decode(&frame).unwrap())
    }
}

pub(super) fn relay() -> (tempfile::TempDir, Arc<Relay>, OneTimeCode) {
    let dir = tempfile::tempdir().unwrap();
    let relay = Arc::new(Relay::new(
        Arc::new(SqliteStore::open(dir.path()).unwrap()),
        Limits::default(),
        vec![],
    ));
    let code = relay.prepare_setup().unwrap().unwrap();
    (dir, relay, code.parse().unwrap())
}

pub(super) fn connect(relay: &Arc<Relay>) -> Client {
    let (to_relay, incoming) = mpsc::unbounded();
    let (outgoing, from_relay) = mpsc::unbounded::<Vec<u8>>();
    let sink = outgoing.sink_map_err(|_| ());
    tokio::spawn(run(relay.clone(), "127.0.0.1".parse().unwrap(), Box::pin(sink), incoming));
    Client { to_relay, from_relay }
}

#[tokio::test]
async fn garbage_before_signing_in_gets_a_clear_error() {
    let (_dir, relay, _) = relay();
    let mut c = connect(&relay);
    c.raw(b"GET / HTTP/1.1".to_vec()).await;
    match c.recv().await {
        Some(ServerMessage::Error { code: ErrorCode::BadFrame, message }) => {
            assert!(message.contains("version"))
        }
        other => panic!("expected a bad-frame error, got {other:?}"),
    }
    assert!(c.recv().await.is_none(), "the connection closes");
}

#[tokio::test]
async fn the_first_device_creates_the_team_once_and_a_second_try_is_refused() {
    let (_dir, relay, code) = relay();
    let mut first = connect(&relay);
    first.send(&ClientMessage::CreateTeam { setup: code, device_name: "Front desk".into() }).await;
    let Some(ServerMessage::Welcome { token: Some(_), .. }) = first.recv().await else {
        panic!("no welcome")
    };
    let mut second = connect(&relay);
    second.send(&ClientMessage::CreateTeam { setup: code, device_name: "Intruder".into() }).await;
    assert!(matches!(
        second.recv().await,
        Some(ServerMessage::Error { code: ErrorCode::SetupInvalid, .. })
    ));
}

#[tokio::test]
async fn a_signed_in_device_pushes_and_pulls_and_unknown_documents_are_refused() {
    let (_dir, relay, code) = relay();
    let mut c = connect(&relay);
    c.send(&ClientMessage::CreateTeam { setup: code, device_name: "Tablet".into() }).await;
    c.recv().await.unwrap();
    let doc = DocId([4; 16]);
    c.send(&ClientMessage::Push {
        req: 1,
        doc,
        kind: BlobKind::Change,
        covers: 0,
        data: b"sealed".to_vec(),
    })
    .await;
    assert_eq!(c.recv().await, Some(ServerMessage::Acked { req: 1, doc, seq: 1 }));
    c.send(&ClientMessage::Pull { doc, after: 0 }).await;
    let Some(ServerMessage::Blobs { items, more: false, .. }) = c.recv().await else {
        panic!("no blobs")
    };
    assert_eq!(items[0].data, b"sealed");
    c.send(&ClientMessage::Pull { doc: DocId([5; 16]), after: 0 }).await;
    assert!(matches!(
        c.recv().await,
        Some(ServerMessage::Error { code: ErrorCode::UnknownDoc, .. })
    ));
    // A malformed frame mid-session is refused, and the session carries on.
    c.raw(vec![1, 200]).await;
    assert!(matches!(c.recv().await, Some(ServerMessage::Error { code: ErrorCode::BadFrame, .. })));
    c.send(&ClientMessage::Ping).await;
    assert_eq!(c.recv().await, Some(ServerMessage::Pong));
}

#[tokio::test]
async fn operations_before_signing_in_are_refused() {
    let (_dir, relay, _) = relay();
    let mut c = connect(&relay);
    c.send(&ClientMessage::ListDocs { after: None }).await;
    assert!(matches!(
        c.recv().await,
        Some(ServerMessage::Error { code: ErrorCode::NotAllowed, .. })
    ));
}

#[tokio::test]
async fn snapshots_beyond_the_log_and_pulls_past_2_pow_63_get_a_bad_sequence_error() {
    // Regression (issue 9): such a snapshot was acked, and `pull after = 2^64−1` returned
    // everything because it was stored as −1.
    let (_dir, relay, code) = relay();
    let mut c = connect(&relay);
    c.send(&ClientMessage::CreateTeam { setup: code, device_name: "Tablet".into() }).await;
    c.recv().await.unwrap();
    let doc = DocId([4; 16]);
    let push =
        |req, kind, covers| ClientMessage::Push { req, doc, kind, covers, data: vec![7; 40] };
    c.send(&push(1, BlobKind::Change, 0)).await;
    assert_eq!(c.recv().await, Some(ServerMessage::Acked { req: 1, doc, seq: 1 }));
    for covers in [1_000_000_000_000, u64::MAX] {
        c.send(&push(2, BlobKind::Snapshot, covers)).await;
        let reply = c.recv().await;
        assert!(
            matches!(reply, Some(ServerMessage::Error { code: ErrorCode::BadSequence, .. })),
            "covers {covers}: {reply:?}"
        );
    }
    c.send(&ClientMessage::Pull { doc, after: u64::MAX }).await;
    let reply = c.recv().await;
    assert!(
        matches!(reply, Some(ServerMessage::Error { code: ErrorCode::BadSequence, .. })),
        "{reply:?}"
    );
    c.send(&ClientMessage::Pull { doc, after: 0 }).await;
    let Some(ServerMessage::Blobs { items, .. }) = c.recv().await else { panic!("no blobs") };
    assert_eq!(items.len(), 1, "only the change was stored");
}

#[tokio::test]
async fn a_document_flood_is_capped_and_the_list_comes_in_pages() {
    let dir = tempfile::tempdir().unwrap();
    let limits = Limits { max_docs: 3, ..Limits::default() };
    let relay =
        Arc::new(Relay::new(Arc::new(SqliteStore::open(dir.path()).unwrap()), limits, vec![]));
    let code: OneTimeCode = relay.prepare_setup().unwrap().unwrap().parse().unwrap();
    let mut c = connect(&relay);
    c.send(&ClientMessage::CreateTeam { setup: code, device_name: "Tablet".into() }).await;
    c.recv().await.unwrap();
    for n in 0..4u8 {
        let doc = DocId([n; 16]);
        let data = vec![n];
        c.send(&ClientMessage::Push { req: 1, doc, kind: BlobKind::Change, covers: 0, data }).await;
        let reply = c.recv().await;
        if n < 3 {
            assert_eq!(reply, Some(ServerMessage::Acked { req: 1, doc, seq: 1 }));
        } else {
            let Some(ServerMessage::Error { code: ErrorCode::TooManyDocs, message }) = reply else {
                panic!("the fourth document was not refused: {reply:?}")
            };
            assert!(message.contains("3 documents"), "{message}");
        }
    }
    c.send(&ClientMessage::ListDocs { after: Some(DocId([0; 16])) }).await;
    let expected = vec![(DocId([1; 16]), 1), (DocId([2; 16]), 1)];
    assert_eq!(c.recv().await, Some(ServerMessage::Docs { docs: expected, more: false }));
}

/// Issue 9: after ten wrong tokens from one address (an agency's NAT), a valid token from that
/// address was refused for ten minutes: one attacker locked out every tablet.
#[tokio::test]
async fn wrong_tokens_from_a_shared_address_never_lock_out_a_valid_device() {
    let (_dir, relay, code) = relay();
    let mut first = connect(&relay);
    first.send(&ClientMessage::CreateTeam { setup: code, device_name: "Tablet".into() }).await;
    let Some(ServerMessage::Welcome { team, device, token: Some(token) }) = first.recv().await
    else {
        panic!("no welcome")
    };
    let mut answers = Vec::new();
    for guess in 0..12u8 {
        let mut attacker = connect(&relay);
        let hello = ClientMessage::Hello { team, device, token: Token([guess; 16]) };
        attacker.send(&hello).await;
        if let Some(ServerMessage::Error { code, .. }) = attacker.recv().await {
            answers.push(code);
        }
    }
    assert_eq!(answers[0], ErrorCode::Unauthorized);
    assert_eq!(answers.last(), Some(&ErrorCode::TooManyAttempts), "{answers:?}");
    let mut tablet = connect(&relay);
    tablet.send(&ClientMessage::Hello { team, device, token }).await;
    assert!(matches!(tablet.recv().await, Some(ServerMessage::Welcome { .. })));
}

/// A team that lost its admins gets one back from the relay's machine, once.
#[tokio::test]
async fn a_recovery_code_makes_a_signed_in_member_an_admin_once() {
    let (dir, relay, code) = relay();
    let mut admin = connect(&relay);
    admin.send(&ClientMessage::CreateTeam { setup: code, device_name: b"sealed".to_vec() }).await;
    let Some(ServerMessage::Welcome { team, .. }) = admin.recv().await else {
        panic!("no welcome")
    };
    admin.send(&ClientMessage::CreateInvite { ttl_secs: 0 }).await;
    let Some(ServerMessage::Invite { code: invite, .. }) = admin.recv().await else {
        panic!("no invite")
    };
    let mut member = connect(&relay);
    member.send(&ClientMessage::Join { team, invite, device_name: b"sealed".to_vec() }).await;
    assert!(matches!(member.recv().await, Some(ServerMessage::Welcome { .. })));
    member.send(&ClientMessage::CreateInvite { ttl_secs: 0 }).await;
    assert!(matches!(
        member.recv().await,
        Some(ServerMessage::Error { code: ErrorCode::NotAdmin, .. })
    ));

    let (_, recovery) = crate::store::recovery::create(dir.path()).unwrap();
    let recovery: OneTimeCode = recovery.parse().unwrap();
    member.send(&ClientMessage::ClaimAdmin { code: recovery }).await;
    let Some(ServerMessage::Devices { devices }) = member.recv().await else {
        panic!("no device list")
    };
    assert!(devices.iter().all(|d| d.role == shared::protocol::Role::Admin));
    member.send(&ClientMessage::CreateInvite { ttl_secs: 0 }).await;
    assert!(matches!(member.recv().await, Some(ServerMessage::Invite { .. })));
    admin.send(&ClientMessage::ClaimAdmin { code: recovery }).await;
    assert!(matches!(
        admin.recv().await,
        Some(ServerMessage::Error { code: ErrorCode::InviteInvalid, .. })
    ));
}

mod keys;
