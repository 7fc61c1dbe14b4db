//! Stories of a member or a relay misbehaving (copied blobs, poisoned snapshots, floods of
//! documents, a repeated page) or refusing (a snapshot, a full relay): devices neither skip
//! nor lose changes, and say what stopped them.

use super::net::Net;
use crate::doc::DocKey;
use crate::protocol::{BlobKind, ClientMessage, ErrorCode, ServerMessage};
use crate::sync::testing::partner;
use crate::sync::{Effect, StopReason, SyncStatus};

#[test]
fn a_blob_replayed_into_another_document_is_refused_and_sync_carries_on() {
    let mut net = Net::new(2);
    net.connect(0);
    net.run();
    net.edit(0, &partner(1, "Mercy General"));
    net.run();
    // A hostile member copies Alice's sealed partners blob into another document's log.
    let engine = &net.devices[0].engine;
    let partners_id = engine.doc_id(DocKey::Partners);
    let contacts_id = engine.doc_id(DocKey::Contacts);
    let stolen = net.relay.pull_raw(partners_id);
    let push = ClientMessage::Push {
        req: 99,
        doc: contacts_id,
        kind: BlobKind::Change,
        covers: 0,
        data: stolen,
    };
    net.relay.handle(0, &push.encode());
    net.connect(1);
    net.run();
    assert_eq!(net.devices[1].replica.unopenable, 1);
    assert_eq!(net.partners(1).len(), 1);
    assert!(net.devices[1].replica.records::<crate::Contact>(DocKey::Contacts).is_empty());
}

#[test]
fn a_poisoned_snapshot_stops_that_document_instead_of_skipping_every_later_change() {
    // Regression (issue 9): a member pushed 40 random bytes as a snapshot covering 10^12; a
    // tablet that joined later showed "Synced" with no partners and never got later changes.
    let mut net = Net::new(3);
    net.connect(0);
    net.run();
    net.edit(0, &partner(1, "Mercy General"));
    net.run();
    let partners_id = net.devices[0].engine.doc_id(DocKey::Partners);
    // The relay itself now refuses it...
    let poison = ClientMessage::Push {
        req: 99,
        doc: partners_id,
        kind: BlobKind::Snapshot,
        covers: 1_000_000_000_000,
        data: vec![7; 40],
    };
    let replies = net.relay.handle(0, &poison.encode());
    assert!(matches!(
        ServerMessage::decode(&replies[0].1),
        Ok(ServerMessage::Error { code: ErrorCode::BadSequence, .. })
    ));
    // ...and a device does not trust a relay that stored it anyway (an older or hostile one),
    // nor an unopenable snapshot that claims a plausible number.
    net.relay.inject_snapshot(partners_id, 1_000_000_000_000, vec![7; 40]);
    net.connect(1);
    net.run();
    assert_eq!(net.devices[1].engine.cursor(partners_id), 0);
    let SyncStatus::Stopped { reason } = net.devices[1].engine.status() else {
        panic!("a poisoned document must not look synced: {:?}", net.devices[1].engine.status())
    };
    // The app words it with the command that deletes this snapshot (see its sync badge).
    let StopReason::DamagedSnapshot { doc, covers, .. } = reason else {
        panic!("not a damaged snapshot: {reason:?}")
    };
    assert_eq!((doc, covers), (partners_id, 1_000_000_000_000));

    net.relay.remove_snapshots(partners_id);
    net.relay.inject_snapshot(partners_id, 1, vec![7; 40]);
    net.connect(2);
    net.run();
    assert_eq!(net.devices[2].engine.cursor(partners_id), 0);
    assert!(matches!(net.devices[2].engine.status(), SyncStatus::Stopped { .. }));

    // Once an administrator deletes it, the tablets catch up on their next connection.
    net.relay.remove_snapshots(partners_id);
    net.edit(0, &partner(2, "Eastside AAA"));
    net.run();
    for i in [1, 2] {
        net.disconnect(i);
        net.connect(i);
    }
    net.run();
    for i in [1, 2] {
        assert_eq!(net.partners(i).len(), 2, "device {i}");
        assert!(matches!(net.devices[i].engine.status(), SyncStatus::Synced { .. }));
    }
}

#[test]
fn a_flood_of_documents_is_listed_in_pages_and_the_team_keeps_syncing() {
    // Regression (issue 9): after a member pushed thousands of blobs to random document ids,
    // the list no longer fit one frame and every tablet stopped. The list now comes in pages
    // (three documents each in this relay), and a document missing from one page is not taken
    // for one the relay lost.
    let mut net = Net::new(3);
    net.connect(0);
    net.connect(1);
    net.run();
    net.edit(0, &partner(1, "Mercy General"));
    net.run();
    let partners_id = net.devices[0].engine.doc_id(DocKey::Partners);
    for n in 0..20u8 {
        let junk = ClientMessage::Push {
            req: 100 + u64::from(n),
            doc: crate::protocol::DocId([n; 16]),
            kind: BlobKind::Change,
            covers: 0,
            data: vec![n; 40],
        };
        net.relay.handle(2, &junk.encode());
    }
    net.disconnect(1);
    net.connect(1);
    net.connect(2);
    net.run();
    net.edit(0, &partner(2, "Eastside AAA"));
    net.run();
    for i in [1, 2] {
        assert_eq!(net.partners(i).len(), 2, "device {i}");
        assert!(matches!(net.devices[i].engine.status(), SyncStatus::Synced { .. }), "device {i}");
    }
    assert_eq!(net.devices[1].engine.cursor(partners_id), 2, "no resend of a listed document");
}

#[test]
fn a_relay_repeating_one_page_of_documents_does_not_keep_a_device_asking() {
    let mut net = Net::new(1);
    net.connect(0);
    net.run();
    let page = ServerMessage::Docs { docs: vec![(crate::protocol::DocId([1; 16]), 0)], more: true };
    let asks = |effects: Vec<Effect>| {
        effects.iter().filter(|e| matches!(e, Effect::Send(ClientMessage::ListDocs { .. }))).count()
    };
    assert_eq!(asks(net.devices[0].engine.received(&page.encode(), 3_000)), 1);
    assert_eq!(asks(net.devices[0].engine.received(&page.encode(), 3_000)), 0);
}

#[test]
fn a_refused_snapshot_does_not_stop_sync() {
    // The relay refuses a snapshot beyond its latest change (after a restore, say); the device
    // carries on instead of telling the user to update Rapport.
    let mut net = Net::new(1);
    net.connect(0);
    net.run();
    let refused = ServerMessage::Error { code: ErrorCode::BadSequence, message: "3".into() };
    net.devices[0].engine.received(&refused.encode(), 3_000);
    assert!(!matches!(net.devices[0].engine.status(), SyncStatus::Stopped { .. }));
}

#[test]
fn a_full_relay_tells_the_user_to_ask_an_administrator_not_to_update_the_app() {
    let mut net = Net::new(1);
    net.connect(0);
    net.run();
    let full = ServerMessage::Error { code: ErrorCode::TooManyDocs, message: "5000".into() };
    net.devices[0].engine.received(&full.encode(), 3_000);
    let SyncStatus::Stopped { reason } = net.devices[0].engine.status() else {
        panic!("not stopped")
    };
    // Worded by the app as a limit for the administrator, not as "update Rapport".
    assert!(matches!(reason, StopReason::TooManyDocs { .. }), "{reason:?}");
}
