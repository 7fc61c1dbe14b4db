//! Round trips: what `Reconcile` writes, `ReadRecord` reads back unchanged.
use chrono::{NaiveDate, Utc};

use super::*;
use crate::doc::RecordDoc;
use crate::sample::{SampleSize, generate};

fn round_trip<R: Record + PartialEq + std::fmt::Debug>(records: &[R]) {
    crate::doc::record_doc::batch::assert_same_as_field_by_field(records);
    let key = records[0].doc_key();
    let mut doc = RecordDoc::new(key);
    doc.put_all(records, Utc::now()).unwrap();
    let (mut read, problems): (Vec<R>, _) = doc.contents().records();
    assert!(problems.is_empty(), "{problems:?}");
    read.sort_by_key(|r| r.prop());
    let mut expected = records.to_vec();
    expected.sort_by_key(|r| r.prop());
    assert_eq!(read, expected);
}

#[test]
fn every_record_kind_reads_back_exactly_what_was_written() {
    let today: NaiveDate = "2026-11-26".parse().unwrap();
    let s = generate(SampleSize::Demo, today, 11);
    round_trip(&s.partners);
    round_trip(&s.contacts);
    let key = s.referrals[0].doc_key();
    round_trip(&s.referrals.iter().filter(|r| r.doc_key() == key).cloned().collect::<Vec<_>>());
    let key = s.touchpoints[0].doc_key();
    let mut touches: Vec<_> =
        s.touchpoints.iter().filter(|t| t.doc_key() == key).cloned().collect();
    touches[0].referral_id = Some(s.referrals[0].id);
    touches[0].contact_id = None;
    round_trip(&touches);
}

#[test]
fn relations_and_the_policy_read_back_exactly() {
    let today: NaiveDate = "2026-11-26".parse().unwrap();
    let s = generate(SampleSize::Demo, today, 11);
    let p = s.partners[0].id;
    let at = chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap();
    round_trip(&[Meeting {
        id: crate::MeetingId::from_parts(1, 1),
        referral_id: s.referrals[0].id,
        partner_id: p,
        at,
        attendees: "Dana (discharge)".into(),
        agenda: "Schedule and equipment".into(),
        outcome: String::new(),
        held: false,
        cancelled: false,
    }]);
    round_trip(&[Review {
        id: crate::ReviewId::from_parts(1, 2),
        partner_id: p,
        on: today,
        answered_by: "Dana Lee".into(),
        answers: vec![
            Answer { question: "ease".into(), score: Some(4), text: String::new() },
            Answer { question: "smoother".into(), score: None, text: "Faster call-backs".into() },
        ],
        follow_up: "Call back within a day".into(),
    }]);
    round_trip(&[Gift {
        id: crate::GiftId::from_parts(1, 3),
        partner_id: p,
        contact_id: Some(s.contacts[0].id),
        on: today,
        kind: crate::GiftKind::Meal,
        description: "Lunch for the discharge team".into(),
        value_cents: 12_500,
        event_id: Some(crate::EventId::from_parts(1, 4)),
    }]);
    round_trip(&[AgencyPolicy::default()]);
    let mut referral = s.referrals[0].clone();
    referral.consent = SharingConsent::StatusAndServices;
    referral.dismissed.push(Dismissal {
        duty: crate::DutyKind::FeedbackRequest,
        reason: "Asked not to".into(),
        on: today,
        by: "Ana".into(),
    });
    referral.disclosures.push(Disclosure {
        at,
        by: "Ana".into(),
        to: "Dana Lee".into(),
        channel: crate::Channel::Email,
        fields: vec![crate::Disclosed::Status],
        purpose: crate::Purpose::ProgressUpdate,
    });
    round_trip(&[referral]);
}

/// A partner as versions before "set aside" wrote it: no `check_in_set_aside_until`.
#[derive(autosurgeon::Reconcile)]
struct PartnerBeforeSetAside {
    id: crate::PartnerId,
    kind: crate::PartnerKind,
    name: String,
    address: String,
    phone: String,
    tier: crate::PartnerTier,
    cadence: CheckInCadence,
    tags: Vec<String>,
    notes: String,
    archived: bool,
}

#[test]
fn a_set_aside_check_in_reads_back_and_a_partner_saved_before_it_existed_still_loads() {
    let today: NaiveDate = "2026-11-26".parse().unwrap();
    let s = generate(SampleSize::Demo, today, 11);
    let mut aside = s.partners[0].clone();
    aside.check_in_set_aside_until = Some(today);
    round_trip(&[aside, s.partners[1].clone()]);

    let p = s.partners[2].clone();
    let old = PartnerBeforeSetAside {
        id: p.id,
        kind: p.kind,
        name: p.name.clone(),
        address: p.address.clone(),
        phone: p.phone.clone(),
        tier: p.tier,
        cadence: p.cadence,
        tags: p.tags.clone(),
        notes: p.notes.clone(),
        archived: p.archived,
    };
    let mut raw = automerge::AutoCommit::new();
    autosurgeon::reconcile_prop(&mut raw, automerge::ROOT, p.prop().as_str(), &old).unwrap();
    let bytes = raw.save();
    let (mut doc, problems) = RecordDoc::load(DocKey::Partners, [("old", bytes.as_slice())]);
    assert!(problems.is_empty());
    let read: Partner = doc.contents().get(&p.prop()).expect("stored").expect("readable");
    assert_eq!(read, Partner { check_in_set_aside_until: None, ..p });
}

/// A referral as versions before follow-ups could be set aside wrote it.
#[derive(autosurgeon::Reconcile)]
struct ReferralBeforeSetAside {
    id: crate::ReferralId,
    partner_id: crate::PartnerId,
    contact_id: Option<crate::ContactId>,
    #[autosurgeon(reconcile = "crate::model::stored::date")]
    received_on: NaiveDate,
    participant: String,
    waiver_program: String,
    services: Vec<crate::Service>,
    status_history: Vec<StatusChange>,
    consent: SharingConsent,
    dismissed: Vec<Dismissal>,
    disclosures: Vec<Disclosure>,
}

#[test]
fn set_aside_follow_ups_read_back_and_a_referral_saved_before_they_existed_still_loads() {
    let today: NaiveDate = "2026-11-26".parse().unwrap();
    let s = generate(SampleSize::Demo, today, 11);
    let key = s.referrals[0].doc_key();
    let mut same_doc = s.referrals.iter().filter(|r| r.doc_key() == key).cloned();
    let mut aside = same_doc.next().expect("a referral");
    aside.follow_ups_set_aside_until = Some(today);
    round_trip(&[aside, same_doc.next().expect("a second referral")]);

    let r = s.referrals[0].clone();
    let old = ReferralBeforeSetAside {
        id: r.id,
        partner_id: r.partner_id,
        contact_id: r.contact_id,
        received_on: r.received_on,
        participant: r.participant.clone(),
        waiver_program: r.waiver_program.clone(),
        services: r.services.clone(),
        status_history: r.status_history.clone(),
        consent: r.consent,
        dismissed: r.dismissed.clone(),
        disclosures: r.disclosures.clone(),
    };
    let mut raw = automerge::AutoCommit::new();
    autosurgeon::reconcile_prop(&mut raw, automerge::ROOT, r.prop().as_str(), &old).unwrap();
    let bytes = raw.save();
    let (mut doc, problems) = RecordDoc::load(key, [("old", bytes.as_slice())]);
    assert!(problems.is_empty());
    let read: Referral = doc.contents().get(&r.prop()).expect("stored").expect("readable");
    assert_eq!(read, Referral { follow_ups_set_aside_until: None, ..r });
}

/// The policy as versions before the idle lock was a team rule wrote it.
#[derive(autosurgeon::Reconcile)]
struct PolicyBeforeIdleLock {
    thank_you_days: u16,
    decision_days: u16,
    progress_after_days: u16,
    feedback_after_days: u16,
    review_months: u16,
    gift_cap_cents: u32,
    questions: Vec<crate::Question>,
    templates: Vec<crate::Template>,
}

#[test]
fn a_chosen_idle_lock_reads_back_and_a_policy_saved_before_it_existed_locks_after_five_minutes() {
    let chosen = AgencyPolicy { idle_lock_minutes: 15, ..AgencyPolicy::default() };
    round_trip(&[chosen]);

    let d = AgencyPolicy::default();
    let old = PolicyBeforeIdleLock {
        thank_you_days: 3,
        decision_days: d.decision_days,
        progress_after_days: d.progress_after_days,
        feedback_after_days: d.feedback_after_days,
        review_months: d.review_months,
        gift_cap_cents: d.gift_cap_cents,
        questions: d.questions.clone(),
        templates: d.templates.clone(),
    };
    let mut raw = automerge::AutoCommit::new();
    autosurgeon::reconcile_prop(&mut raw, automerge::ROOT, d.prop().as_str(), &old).unwrap();
    let bytes = raw.save();
    let (mut doc, problems) = RecordDoc::load(DocKey::Relations, [("old", bytes.as_slice())]);
    assert!(problems.is_empty());
    let read: AgencyPolicy = doc.contents().get(&d.prop()).expect("stored").expect("readable");
    assert_eq!(read, AgencyPolicy { thank_you_days: 3, ..d });
    assert_eq!(read.idle_lock_minutes, 5);
}

/// An event template as a later version might store it, with a message kind this one lacks.
#[derive(autosurgeon::Reconcile)]
struct LaterEventTemplate {
    message: String,
    subject: String,
    body: String,
}

#[derive(autosurgeon::Reconcile)]
struct PolicyWithLaterEventTemplates {
    thank_you_days: u16,
    decision_days: u16,
    progress_after_days: u16,
    feedback_after_days: u16,
    review_months: u16,
    gift_cap_cents: u32,
    questions: Vec<crate::Question>,
    templates: Vec<crate::Template>,
    event_templates: Vec<LaterEventTemplate>,
    idle_lock_minutes: u16,
}

#[test]
fn an_edited_event_template_reads_back_and_one_of_a_later_kind_is_skipped_not_fatal() {
    let mut edited = AgencyPolicy::default();
    edited.event_templates[0].body = "Come to {event}, {when}.".into();
    round_trip(&[edited]);

    let d = AgencyPolicy::default();
    let later = PolicyWithLaterEventTemplates {
        thank_you_days: d.thank_you_days,
        decision_days: d.decision_days,
        progress_after_days: d.progress_after_days,
        feedback_after_days: d.feedback_after_days,
        review_months: d.review_months,
        gift_cap_cents: d.gift_cap_cents,
        questions: d.questions.clone(),
        templates: d.templates.clone(),
        event_templates: vec![
            LaterEventTemplate {
                message: "event-reminder".into(),
                subject: "Tomorrow".into(),
                body: "See you".into(),
            },
            LaterEventTemplate {
                message: "event-thank-you".into(),
                subject: "Ours".into(),
                body: "Thanks for {event}".into(),
            },
        ],
        idle_lock_minutes: 9,
    };
    let mut raw = automerge::AutoCommit::new();
    autosurgeon::reconcile_prop(&mut raw, automerge::ROOT, d.prop().as_str(), &later).unwrap();
    let bytes = raw.save();
    let (mut doc, problems) = RecordDoc::load(DocKey::Relations, [("later", bytes.as_slice())]);
    assert!(problems.is_empty());
    let read: AgencyPolicy = doc.contents().get(&d.prop()).expect("stored").expect("readable");
    assert_eq!(read.idle_lock_minutes, 9, "the rest of the policy still reads");
    let messages: Vec<_> = read.event_templates.iter().map(|t| t.message).collect();
    assert_eq!(messages, vec![crate::EventMessage::Invitation, crate::EventMessage::ThankYou]);
    assert_eq!(read.event_templates[1].subject, "Ours");
    assert_eq!(read.event_templates[0], d.event_templates[0]);
}
