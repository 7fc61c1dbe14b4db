//! Triage as staff meet it after a fair: the duplicate offered first, one tap per lead, and the
//! promised information on Today two days later.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::America::Chicago;

use super::*;
use crate::network::duplicates::Existing;
use crate::workflow::events::{EventThing, event_agenda};
use crate::{EventId, LeadInterest};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-05-02T15:00:00Z").unwrap().to_utc()
}

/// St. Mary's Hospital with Dana Lee, a discharge planner.
fn network() -> (ReferralNetwork, PartnerId, ContactId) {
    let mut n = ReferralNetwork::default();
    let mary = PartnerId::from_parts(1, 1);
    n.upsert_partner(Partner::new(
        mary,
        PartnerKind::Hospital,
        "St. Mary's Hospital",
        PartnerTier::Key,
        CheckInCadence::Monthly,
    ));
    let dana = ContactId::from_parts(1, 2);
    n.upsert_contact(Contact {
        id: dana,
        partner_id: mary,
        name: "Dana Lee".into(),
        role: ContactRole::DischargePlanner,
        email: "dana@stmarys.org".into(),
        phone: "555-123-4567".into(),
        preferred_channel: PreferredChannel::Email,
        archived: false,
    });
    (n, mary, dana)
}

fn lead(n: u128, name: &str, interests: &[LeadInterest]) -> Lead {
    let mut l =
        Lead::new(LeadId::from_parts(2, n), EventId::from_parts(1, 9), now(), "Maria Lopez");
    l.name = name.into();
    l.interests = interests.to_vec();
    l.consent = true;
    l
}

#[test]
fn a_person_already_in_the_directory_is_offered_first() {
    let (n, _, dana) = network();
    let mut met = lead(1, "Dana Lee", &[LeadInterest::WantsInformation]);
    met.organization = "Saint Marys Hosp.".into();
    met.phone = "(555) 123 4567".into();
    let stranger = lead(2, "Zed Quinn", &[LeadInterest::MayRefer]);
    let index = DuplicateIndex::new(&n);
    let found = triage_matches(&index, &[&met, &stranger]);
    assert_eq!(found[0].1[0].existing, Existing::Contact(dana));
    assert!(found[1].1.is_empty(), "{:?}", found[1]);
}

#[test]
fn a_potential_participant_is_never_matched_against_partner_contacts() {
    let (n, _, _) = network();
    let mut ann = lead(3, "Dana Lee", &[LeadInterest::PotentialParticipant]);
    ann.phone = "555-123-4567".into();
    let found = triage_matches(&DuplicateIndex::new(&n), &[&ann]);
    assert!(found[0].1.is_empty());
}

#[test]
fn linking_records_the_contact_and_owes_the_information_two_days_later() {
    let (mut n, _, dana) = network();
    let linked = link(&lead(1, "Dana Lee", &[]), dana, d("2026-05-02")).unwrap();
    assert_eq!(linked.outcome(), crate::LeadOutcome::Linked(dana));
    assert_eq!(information_due(&linked), Some(d("2026-05-04")));
    n.relations.leads.insert(linked.id, linked.clone());
    let today = event_agenda(&n, d("2026-05-02"), &Chicago);
    assert_eq!(today.len(), 1);
    assert_eq!(today[0].thing, EventThing::SendInformation { lead: linked.id });
    assert_eq!(today[0].due, d("2026-05-04"));
    let sent = Lead { information_sent: true, ..linked };
    n.relations.leads.insert(sent.id, sent);
    assert!(event_agenda(&n, d("2026-05-02"), &Chicago).is_empty());
}

#[test]
fn a_new_contact_gets_a_new_partner_when_none_is_chosen() {
    let mut l = lead(4, "Sam Ortiz", &[LeadInterest::WantsPresentation]);
    l.organization = "Riverside Senior Center".into();
    l.role = "Charge nurse".into();
    l.email = "sam@riverside.org".into();
    let ids = (ContactId::from_parts(3, 1), PartnerId::from_parts(3, 2));
    let made = create_contact(&l, None, ids, d("2026-05-02")).unwrap();
    let partner = made.partner.expect("a new partner");
    assert_eq!(partner.name, "Riverside Senior Center");
    assert_eq!(made.contact.partner_id, partner.id);
    assert_eq!(made.contact.role, ContactRole::Nurse);
    assert_eq!(made.contact.preferred_channel, PreferredChannel::Email);
    assert_eq!(
        made.lead.outcome(),
        crate::LeadOutcome::Created { contact: ids.0, partner: Some(ids.1) }
    );
    assert!(information_due(&made.lead).is_some());
    // At an existing partner, no partner is written.
    let at = create_contact(&l, Some(PartnerId::from_parts(1, 1)), ids, d("2026-05-02")).unwrap();
    assert!(at.partner.is_none() && at.lead.partner_id.is_none());
}

#[test]
fn conversion_to_a_referral_keeps_no_more_than_was_consented() {
    let mut ann = lead(5, "Ann Park", &[LeadInterest::PotentialParticipant]);
    ann.phone = "555-987-6543".into();
    let id = ReferralId::from_parts(4, 1);
    let (done, referral) =
        convert_to_referral(&ann, PartnerId::from_parts(1, 1), id, d("2026-05-02"), now()).unwrap();
    assert_eq!(referral.participant, "Ann Park");
    assert!(referral.services.is_empty() && referral.waiver_program.is_empty());
    assert!(referral.contact_id.is_none() && referral.disclosures.is_empty());
    assert_eq!(referral.consent, SharingConsent::Nothing, "nothing shared with the partner");
    assert_eq!(referral.status(), ReferralStatus::Received);
    assert_eq!(done.outcome(), crate::LeadOutcome::Referral(id));
    assert_eq!(information_due(&done), None, "a participant is called back, not sent leaflets");
}

#[test]
fn each_action_fits_only_its_kind_of_lead_and_only_once() {
    let ann = lead(5, "Ann Park", &[LeadInterest::PotentialParticipant]);
    let pat = lead(6, "Pat Kim", &[LeadInterest::MayRefer]);
    let day = d("2026-05-02");
    let ids = (ContactId::from_parts(3, 1), PartnerId::from_parts(3, 2));
    assert_eq!(link(&ann, ids.0, day), Err(TriageError::ParticipantAsContact));
    assert_eq!(
        create_contact(&ann, None, ids, day).map(|_| ()),
        Err(TriageError::ParticipantAsContact)
    );
    let r = convert_to_referral(&pat, ids.1, ReferralId::from_parts(1, 1), day, now());
    assert_eq!(r.map(|_| ()), Err(TriageError::NotAParticipant));
    let linked = link(&pat, ids.0, day).unwrap();
    assert_eq!(discard(&linked, day), Err(TriageError::AlreadyTriaged));
}

#[test]
fn a_discarded_lead_keeps_only_its_name() {
    let mut pat = lead(6, "Pat Kim", &[LeadInterest::MayRefer]);
    pat.phone = "555-000-1111".into();
    pat.note = "Met at the door".into();
    let gone = discard(&pat, d("2026-05-02")).unwrap();
    assert_eq!(gone.outcome(), crate::LeadOutcome::Discarded);
    assert_eq!(gone.name, "Pat Kim");
    assert!(gone.phone.is_empty() && gone.note.is_empty());
    assert_eq!(information_due(&gone), None);
}

#[test]
fn roles_said_at_the_table_become_contact_roles() {
    assert_eq!(contact_role("Charge nurse"), ContactRole::Nurse);
    assert_eq!(contact_role("Discharge planning"), ContactRole::DischargePlanner);
    assert_eq!(contact_role("LCSW"), ContactRole::SocialWorker);
    assert_eq!(contact_role("Dr"), ContactRole::Physician);
    assert_eq!(contact_role("Returns manager"), ContactRole::Other);
}
