//! Sync told as stories: devices edit offline, connect in some order, and end up the same.

use super::net::Net;
use crate::sync::testing::partner;

#[test]
fn alice_and_bob_edit_offline_then_sync_in_either_order() {
    for bob_first in [false, true] {
        // Step 1: both tablets are at a health fair with no signal.
        let mut net = Net::new(2);
        net.edit(0, &partner(1, "Mercy General"));
        net.edit(1, &partner(2, "Eastside AAA"));
        // Step 2: they come online one after the other.
        let order = if bob_first { [1, 0] } else { [0, 1] };
        net.connect(order[0]);
        net.run();
        net.connect(order[1]);
        net.run();
        // Step 3: both see both partners, and the relay holds no readable name.
        assert_eq!(net.partners(0).len(), 2);
        assert_eq!(net.heads(0), net.heads(1));
        let stored = net.relay.all_bytes();
        assert!(!stored.windows(6).any(|w| w == b"Mercy "));
        assert!(net.devices.iter().all(|d| d.engine.waiting() == 0));
    }
}

#[test]
fn concurrent_edits_to_one_partner_both_survive() {
    let mut net = Net::new(2);
    net.edit(0, &partner(1, "Mercy General"));
    net.connect(0);
    net.connect(1);
    net.run();
    net.disconnect(0);
    net.disconnect(1);
    let mut a = partner(1, "Mercy General");
    a.phone = "555-201-3000".into();
    net.edit(0, &a);
    let mut b = partner(1, "Mercy General");
    b.notes = "Ask for the discharge desk".into();
    net.edit(1, &b);
    net.connect(1);
    net.run();
    net.connect(0);
    net.run();
    for i in 0..2 {
        let merged = &net.partners(i)[0];
        assert_eq!(merged.phone, "555-201-3000");
        assert_eq!(merged.notes, "Ask for the discharge desk");
    }
}

#[test]
fn a_new_device_starts_from_a_snapshot_instead_of_replaying_every_change() {
    let mut net = Net::new(2);
    net.connect(0);
    net.run();
    for n in 0..200 {
        net.edit(0, &partner(n, &format!("Partner {n}")));
        net.run();
    }
    // Step 2: Carol's tablet joins late.
    net.connect(1);
    net.run();
    assert_eq!(net.partners(1).len(), 200);
    assert_eq!(net.heads(0), net.heads(1));
    assert!(
        net.devices[1].replica.applied < 80,
        "replayed {} blobs",
        net.devices[1].replica.applied
    );
}

#[test]
fn a_relay_restored_from_an_older_backup_is_healed_by_the_devices() {
    let mut net = Net::new(3);
    net.connect(0);
    net.connect(1);
    net.run();
    for n in 0..3 {
        net.edit(0, &partner(n, &format!("Partner {n}")));
    }
    net.run();
    let backup = net.relay.clone();
    for n in 3..6 {
        net.edit(1, &partner(n, &format!("Partner {n}")));
    }
    net.run();
    // Step 2: the relay is restored from the backup; the last three changes are gone from it.
    net.disconnect(0);
    net.disconnect(1);
    net.relay = backup;
    net.connect(0);
    net.connect(1);
    net.run();
    // Step 3: a tablet that joins now gets all six, and new changes still reach everyone.
    net.connect(2);
    net.run();
    assert_eq!(net.partners(2).len(), 6, "the devices put back what the relay lost");
    net.edit(2, &partner(6, "Partner 6"));
    net.run();
    assert_eq!(net.partners(0).len(), 7, "cursors followed the relay back; nothing is skipped");
    assert_eq!(net.heads(0), net.heads(2));
}
