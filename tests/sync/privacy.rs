//! The relay's database never holds what devices wrote in readable form.

use rapport_tests::partner;
use shared::{Referral, ReferralId, ReferralStatus, Service, StatusChange};

use super::{assert_converged, settle, team};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_relay_database_holds_no_plaintext_names() -> anyhow::Result<()> {
    let (relay, mut devices) = team(2).await?;
    let mercy = partner(1, "Quillfeather Memorial Hospital");
    devices[0].edit(&mercy).await?;
    let received = "2026-11-20".parse()?;
    devices[1]
        .edit(&Referral {
            id: ReferralId::from_parts(1_790_000_000_000, 5),
            partner_id: mercy.id,
            contact_id: None,
            received_on: received,
            participant: "Zebulon Marchetti".into(),
            waiver_program: "Aged & Disabled waiver".into(),
            services: vec![Service::Respite],
            status_history: vec![StatusChange {
                status: ReferralStatus::Received,
                on: received,
                reason: None,
                recorded_at: chrono::Utc::now(),
            }],
            consent: shared::SharingConsent::StatusOnly,
            dismissed: vec![],
            disclosures: vec![],
            follow_ups_set_aside_until: None,
        })
        .await?;
    settle(&mut devices).await?;
    assert_converged(&mut devices);

    let bytes = relay.database_bytes()?;
    assert!(bytes.len() > 10_000, "the database should hold the sealed blobs");
    // Device names too (issue 9): the team is made of "Tablet A" and "Tablet B".
    for secret in [
        "Quillfeather",
        "Zebulon",
        "Marchetti",
        "Aged & Disabled",
        "partners",
        "referrals/",
        "Tablet A",
        "Tablet B",
    ] {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "found {secret:?} in the relay's files"
        );
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn devices_read_each_others_names_the_relay_cannot() -> anyhow::Result<()> {
    let (_relay, mut devices) = team(2).await?;
    let list = devices[1].list_devices().await?;
    let names: Vec<String> = list.iter().map(|d| devices[1].open_name(d)).collect();
    assert_eq!(names, ["Tablet A", "Tablet B"]);
    assert!(list.iter().all(|d| !d.name.windows(6).any(|w| w == b"Tablet")));
    Ok(())
}
