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
