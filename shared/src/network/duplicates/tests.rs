use super::*;
use crate::sync::testing::partner;
use crate::{Contact, ContactRole, PreferredChannel};

fn contact(n: u128, at: &crate::Partner, name: &str, phone: &str, email: &str) -> Contact {
    Contact {
        id: ContactId::from_parts(1_700_000_000_000, n),
        partner_id: at.id,
        name: name.into(),
        role: ContactRole::DischargePlanner,
        email: email.into(),
        phone: phone.into(),
        preferred_channel: PreferredChannel::Email,
        archived: false,
    }
}

/// St. Mary's with Dana Lee, Riverside with Sam Ortiz, and an archived Dana at Oakwood.
fn network() -> (ReferralNetwork, Vec<Contact>) {
    let mut net = ReferralNetwork::default();
    let st_marys = partner(1, "St. Mary's Hospital");
    let riverside = partner(2, "Riverside Medical Center");
    let oakwood = crate::Partner { phone: "(555) 010-4000".into(), ..partner(3, "Oakwood Clinic") };
    let dana = contact(11, &st_marys, "Dana Lee", "555-010-2000", "dana.lee@stmarys.org");
    let sam = contact(12, &riverside, "Sam Ortiz", "", "sam@riverside.org");
    let old_dana = Contact { archived: true, ..contact(13, &oakwood, "Dana Lee", "", "") };
    let adams = partner(4, "Adams Family Medicine");
    let baker = partner(5, "Baker Family Medicine");
    for p in [st_marys, riverside, oakwood, adams, baker] {
        net.upsert_partner(p);
    }
    for c in [&dana, &sam, &old_dana] {
        net.upsert_contact(c.clone());
    }
    (net, vec![dana, sam, old_dana])
}

fn first(index: &DuplicateIndex, person: PersonMet) -> Option<LikelyDuplicate> {
    index.likely_duplicates(&person).into_iter().next()
}

#[test]
fn an_abbreviated_hospital_name_finds_the_partner() {
    let (net, _) = network();
    let index = DuplicateIndex::new(&net);
    let found =
        first(&index, PersonMet { organization: "Saint Marys Hosp.", ..Default::default() });
    let found = found.expect("St. Mary's Hospital is offered");
    assert_eq!(found.existing, Existing::Partner(partner(1, "").id));
    assert!(matches!(found.because[..], [Because::SimilarName(p)] if p >= 90), "{found:?}");
}

#[test]
fn a_different_organization_is_not_offered() {
    let (net, _) = network();
    let index = DuplicateIndex::new(&net);
    let found =
        index.likely_duplicates(&PersonMet { organization: "Mercy General", ..Default::default() });
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_typo_still_finds_the_partner_but_sharing_common_words_does_not() {
    let (net, _) = network();
    let index = DuplicateIndex::new(&net);
    let typo = first(&index, PersonMet { organization: "Rivreside Med Ctr", ..Default::default() });
    assert_eq!(typo.map(|f| f.existing), Some(Existing::Partner(partner(2, "").id)));
    let other = index.likely_duplicates(&PersonMet {
        organization: "Clark Family Medicine",
        ..Default::default()
    });
    assert!(other.is_empty(), "only the common words are shared: {other:?}");
    let adams =
        first(&index, PersonMet { organization: "Adams Family Med.", ..Default::default() });
    assert_eq!(adams.map(|f| f.existing), Some(Existing::Partner(partner(4, "").id)));
}

#[test]
fn a_phone_matches_with_and_without_formatting_and_country_code() {
    let (net, contacts) = network();
    let index = DuplicateIndex::new(&net);
    for typed in ["5550102000", "+1 (555) 010-2000", "555.010.2000"] {
        let found = first(&index, PersonMet { phone: typed, ..Default::default() });
        assert_eq!(found.map(|f| f.existing), Some(Existing::Contact(contacts[0].id)), "{typed}");
    }
    let partner_line = first(&index, PersonMet { phone: "555 010 4000", ..Default::default() });
    assert_eq!(partner_line.map(|f| f.existing), Some(Existing::Partner(partner(3, "").id)));
}

#[test]
fn an_email_matches_whatever_its_case() {
    let (net, contacts) = network();
    let index = DuplicateIndex::new(&net);
    let found = first(&index, PersonMet { email: " Sam@Riverside.ORG ", ..Default::default() });
    assert_eq!(found.map(|f| f.existing), Some(Existing::Contact(contacts[1].id)));
}

#[test]
fn the_same_name_at_a_similar_organization_comes_before_the_organization_alone() {
    let (net, contacts) = network();
    let index = DuplicateIndex::new(&net);
    let person =
        PersonMet { name: "dana  lee", organization: "St Marys Hospital", ..Default::default() };
    let found = index.likely_duplicates(&person);
    assert_eq!(found[0].existing, Existing::Contact(contacts[0].id));
    assert_eq!(found[0].because, vec![Because::SameName, Because::AtSimilarOrganization]);
    assert_eq!(found[1].existing, Existing::Partner(partner(1, "").id));
    assert!(
        !found.iter().any(|f| f.existing == Existing::Contact(contacts[2].id)),
        "an archived contact is not offered: {found:?}"
    );
}

#[test]
fn a_blank_person_matches_nothing() {
    let (net, _) = network();
    assert!(DuplicateIndex::new(&net).likely_duplicates(&PersonMet::default()).is_empty());
}

#[test]
fn keys_ignore_what_people_type_differently() {
    assert_eq!(organization_key("The St. Mary's Hosp., Inc."), "saint marys hospital");
    assert_eq!(name_key(" Dana  Lee-Smith "), "dana lee smith");
    assert_eq!(phone_key("555-0100"), Some("5550100".into()));
    assert_eq!(phone_key("ext. 12"), None);
    assert_eq!(email_key("not an address"), None);
}

#[test]
fn typos_count_each_slip_once() {
    let t =
        |a: &str, b: &str| typos(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>(), 3);
    assert_eq!(t("riverside", "rivreside"), 1, "two neighbours swapped");
    assert_eq!(t("hospital", "hopsital"), 1);
    assert_eq!(t("medical", "medcal"), 1, "one letter dropped");
    assert_eq!(t("general", "generic"), 2);
    assert!(t("adams", "baker") > 3);
}
