//! A realistic, generated sample agency: for the first-run "load sample agency" option and for
//! benchmarks. Deterministic for a given seed and day, so figures are comparable across runs.
//!
//! Every person and organization here is invented; participants appear only as initials.

mod history;
mod lapsed;
mod words;

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};

use history::{follow_through, history};
pub use lapsed::LAPSED_NAME;
use words::{GIVEN, NOTES, PLACES, STAFF, STREETS, SURNAMES, WAIVERS};

use crate::{
    Channel, CheckInCadence, Code, Contact, ContactId, ContactRole, Partner, PartnerId,
    PartnerKind, PartnerTier, PreferredChannel, Purpose, Referral, ReferralId, Service,
    SharingConsent, Touchpoint, TouchpointId,
};

/// How much history to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleSize {
    /// A year of a small agency: enough to try every screen.
    Demo,
    /// Five years of a large agency: the benchmark dataset.
    LargeFiveYears,
}

impl SampleSize {
    /// (partners, contacts, referrals, touchpoints, days of history)
    pub fn counts(self) -> (usize, usize, usize, usize, u64) {
        match self {
            Self::Demo => (40, 90, 240, 900, 365),
            Self::LargeFiveYears => (2_500, 2_500, 15_000, 50_000, 5 * 365),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct SampleAgency {
    pub partners: Vec<Partner>,
    pub contacts: Vec<Contact>,
    pub referrals: Vec<Referral>,
    pub touchpoints: Vec<Touchpoint>,
}

/// SplitMix64: tiny, fast and good enough for made-up data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn wide(&mut self) -> u128 {
        (u128::from(self.next()) << 64) | u128::from(self.next())
    }
}

fn partner_name(kind: PartnerKind, rng: &mut Rng) -> String {
    let place = rng.pick(PLACES);
    let surname = rng.pick(SURNAMES);
    match kind {
        PartnerKind::Hospital => format!(
            "{place} {}",
            rng.pick(&["General Hospital", "Medical Center", "Regional Hospital"])
        ),
        PartnerKind::PhysicianPractice => format!(
            "{surname} {}",
            rng.pick(&["Family Medicine", "Internal Medicine", "Geriatrics"])
        ),
        PartnerKind::CaseManagement => format!("{place} Care Coordination"),
        PartnerKind::AreaAgencyOnAging => format!("{place} County Area Agency on Aging"),
        PartnerKind::Community => format!(
            "{place} {}",
            rng.pick(&["Senior Center", "Community Services", "Faith in Action"])
        ),
        PartnerKind::ManagedCare => {
            format!("{} Health Plan", rng.pick(&["Sunrise", "Keystone", "Evergreen", "Horizon"]))
        }
        PartnerKind::Other => {
            format!("{place} {}", rng.pick(&["Housing Authority", "Pharmacy", "Legal Aid"]))
        }
    }
}

fn phone(rng: &mut Rng) -> String {
    format!("555-{:03}-{:04}", 200 + rng.below(700), rng.below(10_000))
}

fn at_day(day: NaiveDate, rng: &mut Rng) -> DateTime<Utc> {
    // Business hours in US time zones fall between 13:00 and 23:00 UTC.
    let secs = (13 * 3600 + rng.below(10 * 3600)) as u32;
    day.and_time(NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).unwrap_or_default())
        .and_utc()
}

/// Generates a sample agency whose history ends on `today`.
pub fn generate(size: SampleSize, today: NaiveDate, seed: u64) -> SampleAgency {
    let (n_partners, n_contacts, n_referrals, n_touches, days) = size.counts();
    let mut rng = Rng(seed);
    let start = today.checked_sub_days(Days::new(days)).unwrap_or(today);
    let day_in_history = |rng: &mut Rng| {
        start.checked_add_days(Days::new(rng.below(days as usize + 1) as u64)).unwrap_or(today)
    };
    let start_ms = at_day(start, &mut rng).timestamp_millis();

    let mut names = std::collections::HashSet::new();
    let partners: Vec<Partner> = (0..n_partners)
        .map(|_| {
            let kind = *rng.pick(&[
                PartnerKind::Hospital,
                PartnerKind::PhysicianPractice,
                PartnerKind::PhysicianPractice,
                PartnerKind::CaseManagement,
                PartnerKind::AreaAgencyOnAging,
                PartnerKind::Community,
                PartnerKind::Community,
                PartnerKind::ManagedCare,
                PartnerKind::Other,
            ]);
            let tier = match rng.below(10) {
                0 => PartnerTier::Key,
                1..=5 => PartnerTier::Regular,
                _ => PartnerTier::Occasional,
            };
            let mut name = partner_name(kind, &mut rng);
            if !names.insert(name.clone()) {
                name = format!("{name} – {} office", rng.pick(PLACES));
                while !names.insert(name.clone()) {
                    name.push_str(" II");
                }
            }
            Partner {
                id: PartnerId::from_parts(start_ms, rng.wide()),
                kind,
                name,
                address: format!(
                    "{} {}, {}",
                    100 + rng.below(9_000),
                    rng.pick(STREETS),
                    rng.pick(PLACES)
                ),
                phone: phone(&mut rng),
                tier,
                cadence: CheckInCadence::default_for(tier),
                tags: if rng.chance(30) {
                    vec![format!("{} region", rng.pick(PLACES))]
                } else {
                    vec![]
                },
                notes: String::new(),
                archived: rng.chance(2),
                check_in_set_aside_until: None,
            }
        })
        .collect();

    let contacts: Vec<Contact> = (0..n_contacts)
        .map(|i| {
            // Every partner gets one contact before any gets a second.
            let partner = if i < partners.len() { &partners[i] } else { rng.pick(&partners) };
            let given = rng.pick(GIVEN);
            let surname = rng.pick(SURNAMES);
            let preferred = *rng.pick(PreferredChannel::ALL);
            Contact {
                id: ContactId::from_parts(start_ms, rng.wide()),
                partner_id: partner.id,
                name: format!("{given} {surname}"),
                role: *rng.pick(ContactRole::ALL),
                email: format!("{}.{}@example.org", given.to_lowercase(), surname.to_lowercase()),
                phone: phone(&mut rng),
                preferred_channel: preferred,
                archived: false,
            }
        })
        .collect();

    // Key partners refer (and are visited) far more often than occasional ones.
    let weighted: Vec<usize> = partners
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            let w = match p.tier {
                PartnerTier::Key => 8,
                PartnerTier::Regular => 3,
                PartnerTier::Occasional => 1,
            };
            std::iter::repeat_n(i, w)
        })
        .collect();
    let mut contacts_of: Vec<Vec<ContactId>> = vec![Vec::new(); partners.len()];
    let index: std::collections::HashMap<PartnerId, usize> =
        partners.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
    for c in &contacts {
        if let Some(&i) = index.get(&c.partner_id) {
            contacts_of[i].push(c.id);
        }
    }

    let referrals: Vec<Referral> = (0..n_referrals)
        .map(|_| {
            let p = *rng.pick(&weighted);
            let received_on = day_in_history(&mut rng);
            let created = at_day(received_on, &mut rng);
            let mut services = vec![*rng.pick(&Service::ALL[..4])];
            if rng.chance(30) {
                services.push(*rng.pick(Service::ALL));
            }
            services.sort();
            services.dedup();
            Referral {
                id: ReferralId::from_parts(created.timestamp_millis(), rng.wide()),
                partner_id: partners[p].id,
                contact_id: (!contacts_of[p].is_empty()).then(|| *rng.pick(&contacts_of[p])),
                received_on,
                participant: format!(
                    "{}.{}.",
                    (b'A' + rng.below(26) as u8) as char,
                    (b'A' + rng.below(26) as u8) as char
                ),
                waiver_program: rng.pick(WAIVERS).to_string(),
                services,
                status_history: history(received_on, today, created, &mut rng),
                consent: *rng.pick(&[
                    SharingConsent::StatusOnly,
                    SharingConsent::StatusAndServices,
                    SharingConsent::Nothing,
                ]),
                dismissed: vec![],
                disclosures: vec![],
                follow_ups_set_aside_until: None,
            }
        })
        .collect();

    // A quarter of partners went quiet a while ago, so some check-ins are overdue.
    let quiet_since: Vec<NaiveDate> = partners
        .iter()
        .map(|_| match rng.chance(25) {
            true => today.checked_sub_days(Days::new(20 + rng.below(180) as u64)).unwrap_or(today),
            false => today,
        })
        .collect();
    // Most referrals got their follow-through; a few recent ones still owe some.
    let follow_through = follow_through(&referrals, today, &mut rng);
    let general = n_touches.saturating_sub(follow_through.len());
    let mut touchpoints: Vec<Touchpoint> = (0..general)
        .map(|_| {
            let p = *rng.pick(&weighted);
            let mut day = day_in_history(&mut rng);
            if day > quiet_since[p] {
                let span = (quiet_since[p] - start).num_days().max(0) as usize;
                day =
                    start.checked_add_days(Days::new(rng.below(span + 1) as u64)).unwrap_or(start);
            }
            let at = at_day(day, &mut rng);
            Touchpoint {
                id: TouchpointId::from_parts(at.timestamp_millis(), rng.wide()),
                partner_id: partners[p].id,
                contact_id: (!contacts_of[p].is_empty() && rng.chance(70))
                    .then(|| *rng.pick(&contacts_of[p])),
                referral_id: None,
                at,
                channel: *rng.pick(Channel::ALL),
                purpose: *rng.pick(&[
                    Purpose::CheckIn,
                    Purpose::CheckIn,
                    Purpose::CheckIn,
                    Purpose::ThankYou,
                    Purpose::ProgressUpdate,
                    Purpose::Appreciation,
                    Purpose::FeedbackRequest,
                ]),
                note: rng.pick(NOTES).to_string(),
                logged_by: rng.pick(STAFF).to_string(),
                device: "Sample tablet".into(),
            }
        })
        .collect();

    touchpoints.extend(follow_through);
    let mut agency = SampleAgency { partners, contacts, referrals, touchpoints };
    // The benchmark dataset keeps its round counts; the demo shows an at-risk partner.
    if size == SampleSize::Demo {
        lapsed::add_to(&mut agency, today, start_ms, seed);
    }
    agency
}

#[cfg(test)]
mod tests;
