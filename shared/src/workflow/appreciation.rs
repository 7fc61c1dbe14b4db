//! The appreciation ledger's guardrail: a yearly running total per recipient against a cap.
//! A guardrail, not legal advice.

use chrono::{DateTime, Datelike, Utc};

use crate::{
    Channel, Code, ContactId, Gift, GiftKind, PartnerId, Purpose, Touchpoint, TouchpointId,
};

/// Who a gift counts against: the person, or the organization when no person is named.
/// Ordered organization first, then people by id (the order they were added).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Recipient {
    Organization(PartnerId),
    Person(ContactId),
}

pub fn recipient(gift: &Gift) -> Recipient {
    gift.contact_id.map_or(Recipient::Organization(gift.partner_id), Recipient::Person)
}

/// What `recipient` has received in `year`, in cents.
pub fn year_total<'a>(gifts: impl IntoIterator<Item = &'a Gift>, who: Recipient, year: i32) -> u64 {
    gifts
        .into_iter()
        .filter(|g| recipient(g) == who && g.on.year() == year)
        .map(|g| u64::from(g.value_cents))
        .sum()
}

/// The gifts that count toward the cap on a partner's page: its own ledger, plus what its
/// `people` received wherever it was logged (people move between partners).
pub fn counted_for<'a>(
    gifts: impl IntoIterator<Item = &'a Gift>,
    partner: PartnerId,
    people: &[ContactId],
) -> Vec<&'a Gift> {
    gifts
        .into_iter()
        .filter(|g| g.partner_id == partner || g.contact_id.is_some_and(|c| people.contains(&c)))
        .collect()
}

/// Each recipient's total in `year`, for everyone who received something that year, in
/// `Recipient` order.
pub fn year_totals<'a>(
    gifts: impl IntoIterator<Item = &'a Gift>,
    year: i32,
) -> Vec<(Recipient, u64)> {
    let mut totals = std::collections::BTreeMap::<Recipient, u64>::new();
    for g in gifts.into_iter().filter(|g| g.on.year() == year) {
        *totals.entry(recipient(g)).or_default() += u64::from(g.value_cents);
    }
    totals.into_iter().collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CapCheck {
    pub before_cents: u64,
    pub after_cents: u64,
    pub cap_cents: u64,
}

impl CapCheck {
    pub fn over(&self) -> bool {
        self.after_cents > self.cap_cents
    }
}

/// The recipient's total for the gift's calendar year with and without `gift` (an edited gift
/// is not counted twice).
pub fn check<'a>(
    gift: &Gift,
    existing: impl IntoIterator<Item = &'a Gift>,
    cap_cents: u32,
) -> CapCheck {
    let who = recipient(gift);
    let before = year_total(existing.into_iter().filter(|g| g.id != gift.id), who, gift.on.year());
    CapCheck {
        before_cents: before,
        after_cents: before + u64::from(gift.value_cents),
        cap_cents: u64::from(cap_cents),
    }
}

/// `$1,234.50`
pub fn dollars(cents: u64) -> String {
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("${grouped}.{:02}", cents % 100)
}

/// Appreciation is a touch with the partner: it resets their check-in clock like a visit. The
/// note names what was given, never its value (that stays in the ledger).
pub fn appreciation_touch(
    gift: &Gift,
    id: TouchpointId,
    at: DateTime<Utc>,
    logged_by: String,
    device: String,
) -> Touchpoint {
    let channel = match gift.kind {
        GiftKind::EventInvitation => Channel::Event,
        GiftKind::Spotlight => Channel::Mail,
        GiftKind::Gift | GiftKind::Meal | GiftKind::Other => Channel::Visit,
    };
    Touchpoint {
        id,
        partner_id: gift.partner_id,
        contact_id: gift.contact_id,
        referral_id: None,
        at,
        channel,
        purpose: Purpose::Appreciation,
        note: format!("{}: {}", gift.kind.label(), gift.description),
        logged_by,
        device,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GiftId;

    fn gift(n: u128, contact: Option<u128>, on: &str, cents: u32) -> Gift {
        Gift {
            id: GiftId::from_parts(1, n),
            partner_id: PartnerId::from_parts(1, 1),
            contact_id: contact.map(|c| ContactId::from_parts(1, c)),
            on: on.parse().unwrap(),
            kind: GiftKind::Meal,
            description: "Lunch".into(),
            value_cents: cents,
            event_id: None,
        }
    }

    #[test]
    fn a_gift_that_takes_a_person_over_the_cap_is_flagged() {
        let past = [
            gift(1, Some(7), "2026-03-01", 30_000),
            gift(2, Some(7), "2025-12-20", 40_000),
            gift(3, None, "2026-04-01", 40_000),
        ];
        let next = gift(4, Some(7), "2026-11-26", 25_000);
        let c = check(&next, &past, 53_500);
        assert_eq!(
            (c.before_cents, c.after_cents),
            (30_000, 55_000),
            "last year's and the organization's gifts do not count"
        );
        assert!(c.over());
        assert!(!check(&gift(5, Some(7), "2027-01-02", 25_000), &past, 53_500).over());
    }

    #[test]
    fn editing_a_gift_does_not_count_it_twice() {
        let past = [gift(1, Some(7), "2026-03-01", 50_000)];
        let edited = gift(1, Some(7), "2026-03-01", 52_000);
        assert_eq!(check(&edited, &past, 53_500).after_cents, 52_000);
    }

    #[test]
    fn yearly_totals_list_the_organization_first_then_each_person_once() {
        let gifts = [
            gift(1, Some(9), "2026-03-01", 1_000),
            gift(2, Some(7), "2026-04-01", 2_000),
            gift(3, None, "2026-05-01", 500),
            gift(4, Some(9), "2026-06-01", 3_000),
            gift(5, Some(7), "2025-12-31", 9_000),
        ];
        let org = Recipient::Organization(PartnerId::from_parts(1, 1));
        let person = |n| Recipient::Person(ContactId::from_parts(1, n));
        assert_eq!(
            year_totals(&gifts, 2026),
            vec![(org, 500), (person(7), 2_000), (person(9), 4_000)],
            "last year's gift to 7 is not counted"
        );
        assert!(year_totals(&gifts, 2024).is_empty());
    }

    #[test]
    fn a_persons_gifts_count_wherever_they_were_logged() {
        let mine = PartnerId::from_parts(1, 1);
        let elsewhere =
            Gift { partner_id: PartnerId::from_parts(1, 2), ..gift(2, Some(7), "2026-01-01", 1) };
        let stranger =
            Gift { partner_id: PartnerId::from_parts(1, 2), ..gift(3, Some(8), "2026-01-01", 1) };
        let other_org =
            Gift { partner_id: PartnerId::from_parts(1, 2), ..gift(4, None, "2026-01-01", 1) };
        let gifts = [gift(1, None, "2026-01-01", 1), elsewhere, stranger, other_org];
        let counted = counted_for(&gifts, mine, &[ContactId::from_parts(1, 7)]);
        let ids: Vec<_> = counted.iter().map(|g| g.id).collect();
        assert_eq!(ids, vec![GiftId::from_parts(1, 1), GiftId::from_parts(1, 2)]);
    }

    #[test]
    fn amounts_read_as_dollars() {
        assert_eq!(dollars(53_500), "$535.00");
        assert_eq!(dollars(123_456_789), "$1,234,567.89");
        assert_eq!(dollars(5), "$0.05");
    }

    #[test]
    fn appreciation_is_logged_as_a_touch_without_its_value() {
        let g = gift(1, Some(2), "2026-03-04", 4_500);
        let at = "2026-03-04T17:00:00Z".parse().unwrap();
        let t =
            appreciation_touch(&g, TouchpointId::from_parts(1, 9), at, "Ana".into(), "Tab".into());
        assert_eq!(
            (t.partner_id, t.contact_id, t.purpose),
            (g.partner_id, g.contact_id, Purpose::Appreciation)
        );
        assert_eq!(t.channel, Channel::Visit);
        assert!(t.note.contains("Lunch") && !t.note.contains("45"), "{}", t.note);
    }
}
