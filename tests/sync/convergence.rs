//! Devices edit while disconnected, reconnect in every order, and converge.

use proptest::prelude::*;
use rapport_tests::partner;
use shared::Partner;
use shared::doc::DocKey;

use super::{assert_converged, settle, team};

fn orders(n: usize) -> Vec<Vec<usize>> {
    match n {
        2 => vec![vec![0, 1], vec![1, 0]],
        _ => vec![
            vec![0, 1, 2],
            vec![0, 2, 1],
            vec![1, 0, 2],
            vec![1, 2, 0],
            vec![2, 0, 1],
            vec![2, 1, 0],
        ],
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_and_three_devices_editing_offline_converge_in_every_order() -> anyhow::Result<()> {
    for n in [2, 3] {
        for order in orders(n) {
            let (_relay, mut devices) = team(n).await?;
            // Everyone knows Mercy General before the fair.
            devices[0].edit(&partner(1, "Mercy General")).await?;
            settle(&mut devices).await?;
            for d in devices.iter_mut() {
                d.disconnect().await;
            }
            // Offline: each edits a different field of the same partner, and adds its own partner.
            for (i, d) in devices.iter_mut().enumerate() {
                let mut p: Partner = d
                    .records(DocKey::Partners)
                    .into_iter()
                    .find(|p: &Partner| p.name == "Mercy General")
                    .unwrap();
                match i {
                    0 => p.phone = "555-201-3000".into(),
                    1 => p.notes = "Ask for the discharge desk".into(),
                    _ => p.tags.push("north county".into()),
                }
                d.edit(&p).await?;
                d.edit(&partner(10 + i as u128, &format!("Partner from {}", d.name))).await?;
            }
            for &i in &order {
                devices[i].connect().await?;
                settle(&mut devices).await?;
            }
            settle(&mut devices).await?;
            assert_converged(&mut devices);
            let merged: Vec<Partner> = devices[0].records(DocKey::Partners);
            assert_eq!(merged.len(), 1 + n, "order {order:?}");
            let mercy = merged.iter().find(|p| p.name == "Mercy General").unwrap();
            assert_eq!(mercy.phone, "555-201-3000");
            assert_eq!(mercy.notes, "Ask for the discharge desk");
            assert_eq!(mercy.tags.len(), usize::from(n == 3));
            assert!(devices.iter().all(|d| d.waiting() == 0));
        }
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum Step {
    Edit { device: usize, partner: u8, field: u8 },
    Toggle(usize),
    Settle,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0usize..3, 0u8..4, 0u8..3).prop_map(|(device, partner, field)| Step::Edit { device, partner, field }),
        2 => (0usize..3).prop_map(Step::Toggle),
        1 => Just(Step::Settle),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    /// Random edit, disconnect and sync schedules through the real relay converge.
    #[test]
    fn random_schedules_converge_through_the_real_relay(steps in proptest::collection::vec(step(), 1..30)) {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(async {
            let (_relay, mut devices) = team(3).await.unwrap();
            for (n, s) in steps.into_iter().enumerate() {
                match s {
                    Step::Edit { device, partner: p, field } => {
                        let id = partner(u128::from(p), "").id;
                        let mut record = devices[device].records::<Partner>(DocKey::Partners).into_iter().find(|x| x.id == id)
                            .unwrap_or_else(|| partner(u128::from(p), "New partner"));
                        match field {
                            0 => record.name = format!("Name {n}"),
                            1 => record.phone = format!("555-000-{n:04}"),
                            _ => record.tags.push(format!("tag {n}")),
                        }
                        devices[device].edit(&record).await.unwrap();
                    }
                    Step::Toggle(i) if devices[i].is_connected() => devices[i].disconnect().await,
                    Step::Toggle(i) => devices[i].connect().await.unwrap(),
                    Step::Settle => settle(&mut devices).await.unwrap(),
                }
            }
            for d in devices.iter_mut() {
                if !d.is_connected() { d.connect().await.unwrap(); }
            }
            settle(&mut devices).await.unwrap();
            settle(&mut devices).await.unwrap();
            assert_converged(&mut devices);
            assert!(devices.iter().all(|d| d.waiting() == 0));
        });
    }
}
