//! A template filled from a made-up referral, so whoever edits the team's templates sees what a
//! referrer will read instead of raw `{placeholders}`. It goes through `messages::draft`, the
//! same function that fills the drafts staff send, so the preview cannot drift from them.

use chrono::{DateTime, NaiveDate, Utc};

use super::events::{invitation_draft, thank_you_draft};
use super::messages::{Draft, DraftFor, draft};
use crate::{
    CheckInCadence, Contact, ContactId, ContactRole, Event, EventId, EventKind, EventMessage,
    EventTemplate, Partner, PartnerId, PartnerKind, PartnerTier, PreferredChannel, Referral,
    ReferralId, ReferralStatus, Service, SharingConsent, StatusChange, Template,
};

/// Who signs the preview when this tablet has no staff name yet.
pub const SAMPLE_STAFF: &str = "Ana Ruiz";

/// `template` as a referrer would read it: sent by `staff` to Dana Lee at Riverside Medical
/// Center about the referral of J.R. (who agreed to share status and services), accepted and
/// started on respite care.
pub fn preview(template: &Template, staff: &str) -> Draft {
    let partner = Partner::new(
        PartnerId::from_parts(0, 1),
        PartnerKind::Hospital,
        "Riverside Medical Center",
        PartnerTier::Key,
        CheckInCadence::Monthly,
    );
    let contact = Contact {
        id: ContactId::from_parts(0, 2),
        partner_id: partner.id,
        name: "Dana Lee".into(),
        role: ContactRole::DischargePlanner,
        email: String::new(),
        phone: String::new(),
        preferred_channel: PreferredChannel::Email,
        archived: false,
    };
    let received = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap_or_default();
    let referral = Referral {
        id: ReferralId::from_parts(0, 3),
        partner_id: partner.id,
        contact_id: Some(contact.id),
        received_on: received,
        participant: "J.R.".into(),
        waiver_program: String::new(),
        services: vec![Service::Respite],
        status_history: vec![StatusChange {
            status: ReferralStatus::ServicesStarted,
            on: received,
            reason: None,
            recorded_at: DateTime::<Utc>::UNIX_EPOCH,
        }],
        consent: SharingConsent::StatusAndServices,
        dismissed: vec![],
        disclosures: vec![],
        follow_ups_set_aside_until: None,
    };
    let staff = if staff.trim().is_empty() { SAMPLE_STAFF } else { staff.trim() };
    draft(
        template,
        &DraftFor { partner: &partner, contact: Some(&contact), referral: Some(&referral), staff },
    )
}

/// An event template as a partner would read it: a made-up webinar with a meeting link and
/// slides, sent by `staff`.
pub fn preview_event(template: &EventTemplate, staff: &str) -> (String, String) {
    let at = DateTime::<Utc>::from_timestamp(1_807_808_400, 0).unwrap_or_default();
    let mut event = Event::new(
        EventId::from_parts(0, 4),
        EventKind::Webinar,
        "How Medicaid Waiver Services Can Improve Patient Outcomes",
        at,
        at,
        "America/Chicago",
    );
    event.link = "https://meet.example.org/waivers".into();
    event.materials = vec!["https://example.org/waivers-slides.pdf".into()];
    let staff = if staff.trim().is_empty() { SAMPLE_STAFF } else { staff.trim() };
    let when = "Apr 15, 2027 at 12:00 (America/Chicago)";
    match template.message {
        EventMessage::Invitation => invitation_draft(template, &event, when, staff),
        EventMessage::ThankYou => thank_you_draft(template, &event, when, staff),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AgencyPolicy, Purpose};

    #[test]
    fn the_default_thank_you_reads_as_a_letter_with_no_placeholder_left() {
        let policy = AgencyPolicy::default();
        let template = policy.template(Purpose::ThankYou).expect("a default thank-you");
        let d = preview(template, "Maria Lopez");
        assert!(d.body.starts_with("Dear Dana Lee,"), "{}", d.body);
        assert!(d.body.contains("November 3") && d.body.contains("J.R."), "{}", d.body);
        assert!(d.body.ends_with("Maria Lopez"), "{}", d.body);
        assert!(!d.subject.contains('{') && !d.body.contains('{'));
    }

    #[test]
    fn every_default_template_previews_without_placeholders() {
        for t in AgencyPolicy::default().templates {
            let d = preview(&t, "");
            assert!(!d.body.contains('{') && !d.subject.contains('{'), "{:?}", t.purpose);
            assert!(d.body.contains(SAMPLE_STAFF) || !t.body.contains("{staff}"));
        }
    }

    #[test]
    fn an_edit_shows_at_once_and_a_typo_stays_visible() {
        let t = Template {
            purpose: Purpose::ProgressUpdate,
            subject: "Update on {participant}".into(),
            body: "Hi {contcat}, {participant} now gets {services}.".into(),
        };
        let d = preview(&t, "Ana");
        assert_eq!(d.subject, "Update on J.R.");
        assert_eq!(d.body, "Hi {contcat}, J.R. now gets respite.");
    }

    #[test]
    fn every_default_event_template_previews_without_placeholders() {
        for t in AgencyPolicy::default().event_templates {
            let (subject, body) = preview_event(&t, "");
            assert!(!subject.contains('{') && !body.contains('{'), "{:?}: {body}", t.message);
            assert!(subject.contains("Medicaid Waiver") && body.ends_with(SAMPLE_STAFF));
        }
    }
}
