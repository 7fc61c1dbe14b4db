//! Any schedule of edits, connections, drops and deliveries converges.

use proptest::prelude::*;

use super::net::Net;
use crate::sync::testing::partner;

#[derive(Debug, Clone)]
enum Step {
    Edit { device: usize, partner: u8, field: u8 },
    Connect(usize),
    Disconnect(usize),
    Deliver(usize),
    DeliverAll,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0usize..3, 0u8..6, 0u8..3).prop_map(|(device, partner, field)| Step::Edit { device, partner, field }),
        2 => (0usize..3).prop_map(Step::Connect),
        2 => (0usize..3).prop_map(Step::Disconnect),
        4 => (0usize..9).prop_map(Step::Deliver),
        1 => Just(Step::DeliverAll),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any schedule of edits, connections and drops ends in the same state everywhere once
    /// every device is online and the wire is quiet.
    #[test]
    fn any_schedule_converges(steps in proptest::collection::vec(step(), 1..40)) {
        let mut net = Net::new(3);
        for (n, s) in steps.into_iter().enumerate() {
            match s {
                Step::Edit { device, partner: p, field } => {
                    let mut record = net.partners(device).into_iter().find(|x| x.id == partner(u128::from(p), "").id)
                        .unwrap_or_else(|| partner(u128::from(p), "New partner"));
                    match field {
                        0 => record.name = format!("Name {n}"),
                        1 => record.phone = format!("555-000-{n:04}"),
                        _ => record.tags.push(format!("tag {n}")),
                    }
                    net.edit(device, &record);
                }
                Step::Connect(i) if !net.devices[i].online => net.connect(i),
                Step::Disconnect(i) if net.devices[i].online => net.disconnect(i),
                Step::Connect(_) | Step::Disconnect(_) => {}
                Step::Deliver(pick) => { net.deliver(pick); }
                Step::DeliverAll => net.run(),
            }
        }
        for i in 0..3 {
            if net.devices[i].online { net.disconnect(i); }
        }
        for i in 0..3 { net.connect(i); }
        // Drain in a scrambled order too, so replies and live forwards interleave.
        let mut k = 0;
        while net.deliver(k) { k += 7; }
        let first = net.heads(0);
        prop_assert_eq!(&net.heads(1), &first);
        prop_assert_eq!(&net.heads(2), &first);
        prop_assert!(net.devices.iter().all(|d| d.engine.waiting() == 0));
    }
}
