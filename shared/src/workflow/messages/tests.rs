use super::*;
use crate::sample::{SampleSize, generate};
use crate::{AgencyPolicy, Purpose, ReferralStatus, StatusChange, Template};

fn setup(consent: SharingConsent, kind: PartnerKind) -> (Partner, Contact, Referral) {
    let s = generate(SampleSize::Demo, "2026-11-26".parse().unwrap(), 4);
    let mut partner = s.partners[0].clone();
    partner.kind = kind;
    let contact = s.contacts[0].clone();
    let mut r = s.referrals[0].clone();
    r.participant = "J.R.".into();
    r.consent = consent;
    r.services = vec![crate::Service::Respite];
    r.status_history.push(StatusChange {
        status: ReferralStatus::ServicesStarted,
        on: r.received_on,
        reason: None,
        recorded_at: chrono::Utc::now(),
    });
    (partner, contact, r)
}

fn progress() -> Template {
    AgencyPolicy::default().template(Purpose::ProgressUpdate).unwrap().clone()
}

#[test]
fn with_status_only_consent_the_update_names_the_status_but_not_the_services() {
    let (p, c, r) = setup(SharingConsent::StatusOnly, PartnerKind::Hospital);
    let d = draft(
        &progress(),
        &DraftFor { partner: &p, contact: Some(&c), referral: Some(&r), staff: "Ana Ruiz" },
    );
    assert!(d.body.contains("J.R.") && d.body.contains("services started"));
    assert!(!d.body.to_lowercase().contains("respite"));
    assert!(
        d.body.contains("our services") && d.body.contains(&c.name) && d.body.ends_with("Ana Ruiz")
    );
    assert_eq!(d.disclosed, vec![Disclosed::Participant, Disclosed::Status]);
    assert!(d.warnings.is_empty());
}

#[test]
fn with_no_consent_nothing_about_the_participant_is_shared() {
    let (p, c, r) = setup(SharingConsent::Nothing, PartnerKind::Hospital);
    let d = draft(
        &progress(),
        &DraftFor { partner: &p, contact: Some(&c), referral: Some(&r), staff: "Ana" },
    );
    assert!(!d.body.contains("J.R.") && !d.body.contains("started"));
    assert!(d.disclosed.is_empty());
    assert_eq!(d.warnings.len(), 1);
}

#[test]
fn a_community_organization_gets_a_warning_when_details_are_included() {
    let (p, c, r) = setup(SharingConsent::StatusAndServices, PartnerKind::Community);
    let d = draft(
        &progress(),
        &DraftFor { partner: &p, contact: Some(&c), referral: Some(&r), staff: "Ana" },
    );
    assert!(d.body.contains("respite"));
    assert!(d.warnings.iter().any(|w| w.contains("not a covered")));
}

#[test]
fn links_carry_the_draft_encoded() {
    let d = Draft {
        subject: "Hi & thanks".into(),
        body: "Line one\nLine two".into(),
        disclosed: vec![],
        warnings: vec![],
    };
    assert_eq!(
        mailto("dana@x.org", &d),
        "mailto:dana%40x.org?subject=Hi%20%26%20thanks&body=Line%20one%0ALine%20two"
    );
    assert_eq!(sms("(555) 201-3000", &d), "sms:5552013000?body=Line%20one%0ALine%20two");
}

#[test]
fn a_decline_reason_is_shared_only_with_consent_beyond_the_status() {
    let notice = AgencyPolicy::default().template(Purpose::DecisionNotice).unwrap().clone();
    for (consent, shared) in
        [(SharingConsent::StatusOnly, false), (SharingConsent::StatusAndServices, true)]
    {
        let (p, c, mut r) = setup(consent, PartnerKind::Hospital);
        r.status_history.truncate(1);
        r.status_history.push(StatusChange {
            status: ReferralStatus::Declined,
            on: r.received_on.succ_opt().unwrap(),
            reason: Some(crate::DeclineReason::EnteredFacility),
            recorded_at: chrono::Utc::now(),
        });
        let d = draft(
            &notice,
            &DraftFor { partner: &p, contact: Some(&c), referral: Some(&r), staff: "Ana" },
        );
        assert_eq!(d.body.contains("facility"), shared, "{consent:?}: {}", d.body);
        assert_eq!(d.disclosed.contains(&Disclosed::Reason), shared);
    }
}

#[test]
fn the_thank_you_reads_well_with_and_without_consent() {
    let thanks = AgencyPolicy::default().template(Purpose::ThankYou).unwrap().clone();
    let (p, c, r) = setup(SharingConsent::Nothing, PartnerKind::Hospital);
    let ctx = DraftFor { partner: &p, contact: Some(&c), referral: Some(&r), staff: "Ana" };
    let body = draft(&thanks, &ctx).body;
    assert!(body.contains("we will reach out to the person you referred within one"), "{body}");
    assert!(!body.contains("referring the person you referred"), "{body}");
    let (p, c, r) = setup(SharingConsent::StatusOnly, PartnerKind::Hospital);
    let ctx = DraftFor { partner: &p, contact: Some(&c), referral: Some(&r), staff: "Ana" };
    assert!(draft(&thanks, &ctx).body.contains("we will reach out to J.R. within one"));
}

#[test]
fn every_default_template_reads_as_sentences_at_every_consent_level() {
    let consents = [
        SharingConsent::Nothing,
        SharingConsent::StatusOnly,
        SharingConsent::StatusAndServices,
        SharingConsent::CareDetails,
    ];
    for t in AgencyPolicy::default().templates {
        for consent in consents {
            let (p, c, r) = setup(consent, PartnerKind::Hospital);
            // Referral messages are only drafted from a referral; the invitation from both.
            let about_partner = t.purpose == Purpose::Appreciation;
            for referral in [Some(&r), None].into_iter().filter(|x| x.is_some() || about_partner) {
                let ctx = DraftFor { partner: &p, contact: Some(&c), referral, staff: "Ana" };
                let d = draft(&t, &ctx);
                for awkward in
                    ["{", "  ", " .", ": .", ", .", "referred to us", "with our services"]
                {
                    assert!(!d.body.contains(awkward), "{:?} {consent:?}: {}", t.purpose, d.body);
                }
                let sentences = d.body.matches(". ").count() + d.body.matches(".\n").count();
                assert!(sentences >= 1, "{:?}: {}", t.purpose, d.body);
            }
        }
    }
}

#[test]
fn a_team_that_never_edited_an_old_default_gets_the_new_wording_and_edits_are_kept() {
    let old = Template {
        purpose: Purpose::ThankYou,
        subject: "Thanks!".into(),
        body: "Dear {contact},\n\nThank you for referring {participant} to us on {received}. We have it and will reach out within one business day. If anything changes on your side, just reply to this message.\n\nWith thanks,\n{staff}".into(),
    };
    let upgraded = AgencyPolicy::upgraded(old.clone());
    assert_eq!(upgraded.subject, "Thanks!", "the subject is the team's");
    assert!(upgraded.body.contains("we will reach out to {participant}"));
    let edited = Template { body: format!("{} See you Friday.", old.body), ..old };
    assert_eq!(AgencyPolicy::upgraded(edited.clone()), edited);
}

#[test]
fn a_call_script_keeps_the_message_and_drops_the_letter_greeting_and_signature() {
    let (p, c, r) = setup(SharingConsent::StatusOnly, PartnerKind::Hospital);
    let ctx = DraftFor { partner: &p, contact: Some(&c), referral: Some(&r), staff: "Ana Ruiz" };
    let d = draft(&progress(), &ctx);
    let script = call_script(&d, &c.name, "Ana Ruiz");
    assert!(script[0].contains(&c.name) && script[0].contains("Ana Ruiz"));
    assert!(script.iter().any(|line| line.contains("J.R.: services started")), "{script:?}");
    assert!(!script.iter().any(|line| line.starts_with("Dear ")), "{script:?}");
    assert!(!script.iter().any(|line| line.contains("Thank you again")), "{script:?}");
    assert_eq!(tel("(555) 201-3000"), "tel:5552013000");
}

#[test]
fn misspelt_placeholders_are_found_and_known_ones_are_not() {
    assert_eq!(
        unknown_placeholders("Dear {contcat}, about {participant} {x}{x}"),
        ["contcat", "x"]
    );
    for t in AgencyPolicy::default().templates {
        assert!(
            unknown_placeholders(&t.subject).is_empty() && unknown_placeholders(&t.body).is_empty()
        );
    }
    assert!(unknown_placeholders("no braces, or an open { only").is_empty());
}
