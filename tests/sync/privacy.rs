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
        })
        .await?;
    settle(&mut devices).await?;
    assert_converged(&mut devices);

    let bytes = relay.database_bytes()?;
    assert!(bytes.len() > 10_000, "the database should hold the sealed blobs");
    for secret in
        ["Quillfeather", "Zebulon", "Marchetti", "Aged & Disabled", "partners", "referrals/"]
    {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "found {secret:?} in the relay's files"
        );
    }
    Ok(())
}
