use super::*;
use crate::ReferralStatus;

#[test]
fn the_large_dataset_has_the_benchmark_counts_and_no_future_history() {
    let today: NaiveDate = "2026-11-26".parse().unwrap();
    let a = generate(SampleSize::LargeFiveYears, today, 7);
    assert_eq!(
        (a.partners.len(), a.contacts.len(), a.referrals.len(), a.touchpoints.len()),
        (2_500, 2_500, 15_000, 50_000)
    );
    assert!(a.referrals.iter().all(|r| r.status_history.iter().all(|c| c.on <= today)));
    assert!(a.touchpoints.iter().all(|t| t.at.date_naive() <= today));
    let declined_without_reason = a
        .referrals
        .iter()
        .flat_map(|r| &r.status_history)
        .filter(|c| c.status == ReferralStatus::Declined && c.reason.is_none())
        .count();
    assert_eq!(declined_without_reason, 0);
}

#[test]
fn the_same_seed_and_day_give_the_same_agency() {
    let today: NaiveDate = "2026-11-26".parse().unwrap();
    let a = generate(SampleSize::Demo, today, 42);
    let b = generate(SampleSize::Demo, today, 42);
    assert_eq!(a.partners, b.partners);
    assert_eq!(a.touchpoints, b.touchpoints);
}

#[test]
fn partner_names_are_unique_so_staff_can_tell_them_apart() {
    let a = generate(SampleSize::LargeFiveYears, "2026-11-26".parse().unwrap(), 7);
    let names: std::collections::HashSet<_> = a.partners.iter().map(|p| &p.name).collect();
    assert_eq!(names.len(), a.partners.len());
}

#[test]
fn the_demo_agency_has_a_partner_that_stopped_referring_listed_as_at_risk() {
    use crate::workflow::health::at_risk;
    // Whatever day the demo is loaded on, Today's at-risk list shows the lapsed partner.
    for (day, seed) in [("2026-11-26", 42), ("2027-03-01", 7), ("2026-06-30", 1)] {
        let today: NaiveDate = day.parse().unwrap();
        let a = generate(SampleSize::Demo, today, seed);
        let mut n = crate::ReferralNetwork::default();
        n.replace_partners(a.partners.clone());
        n.replace_contacts(a.contacts.clone());
        a.referrals.iter().for_each(|r| n.upsert_referral(r.clone()));
        a.touchpoints.iter().for_each(|t| n.upsert_touchpoint(t.clone()));
        let rows = at_risk(&n, today, &chrono_tz::America::New_York);
        let lapsed = rows
            .iter()
            .find(|r| n.partner(r.partner).is_some_and(|p| p.name == LAPSED_NAME))
            .unwrap_or_else(|| panic!("{LAPSED_NAME} at risk on {day}: {rows:?}"));
        assert!(lapsed.was >= lapsed.now + 20 && lapsed.now < 50, "{lapsed:?}");
        assert!(!lapsed.reason.is_empty());
    }
}
