//! One partner that used to refer every three weeks and then stopped: the sample's "at risk"
//! case, so Today's at-risk list has something to show in the demo and in the tests.
//!
//! It draws from its own generator, after everything else, so the rest of the sample stays
//! exactly as it was for a given seed.

use chrono::{Days, NaiveDate};

use super::history::{follow_through, history};
use super::words::STAFF;
use super::{Rng, SampleAgency, at_day, phone};
use crate::{
    Channel, CheckInCadence, Code, Contact, ContactId, ContactRole, Partner, PartnerId,
    PartnerKind, PartnerTier, PreferredChannel, Purpose, Referral, ReferralId, Service,
    SharingConsent, Touchpoint, TouchpointId,
};

pub const LAPSED_NAME: &str = "Whitfield Family Medicine";

/// The last referral came this many days ago, the last check-in this many.
const LAST_REFERRAL: u64 = 70;
const LAST_TOUCH: u64 = 50;

/// Adds the lapsed partner, with a year of referrals that ends `LAST_REFERRAL` days ago.
pub(super) fn add_to(agency: &mut SampleAgency, today: NaiveDate, start_ms: i64, seed: u64) {
    let mut rng = Rng(seed ^ 0x1A95_ED00);
    let ago = |days: u64| today.checked_sub_days(Days::new(days)).unwrap_or(today);
    let mut partner = Partner::new(
        PartnerId::from_parts(start_ms, rng.wide()),
        PartnerKind::PhysicianPractice,
        LAPSED_NAME,
        // Regular, visited monthly: a key partner would also owe a six-monthly review.
        PartnerTier::Regular,
        CheckInCadence::Monthly,
    );
    partner.address = "412 Orchard Lane, Millbrook".into();
    partner.phone = phone(&mut rng);
    let contact = Contact {
        id: ContactId::from_parts(start_ms, rng.wide()),
        partner_id: partner.id,
        name: "Dana Whitfield".into(),
        role: ContactRole::ALL[0],
        email: "dana.whitfield@example.org".into(),
        phone: phone(&mut rng),
        preferred_channel: PreferredChannel::ALL[0],
        archived: false,
    };
    // Every three weeks for the year before it stopped.
    let referrals: Vec<Referral> = (0..15)
        .map(|k| {
            let received_on = ago(LAST_REFERRAL + 21 * k);
            let created = at_day(received_on, &mut rng);
            Referral {
                id: ReferralId::from_parts(created.timestamp_millis(), rng.wide()),
                partner_id: partner.id,
                contact_id: Some(contact.id),
                received_on,
                participant: format!("W.{}.", (b'A' + k as u8) as char),
                waiver_program: String::new(),
                services: vec![Service::ALL[0]],
                status_history: history(received_on, today, created, &mut rng),
                consent: SharingConsent::StatusOnly,
                dismissed: vec![],
                disclosures: vec![],
                follow_ups_set_aside_until: None,
            }
        })
        .collect();
    // Monthly check-ins, and the follow-through, until the calls stopped too.
    let quiet = ago(LAST_TOUCH);
    let mut touchpoints: Vec<Touchpoint> = (0..12)
        .map(|k| {
            let at = at_day(ago(LAST_TOUCH + 28 * k), &mut rng);
            Touchpoint {
                id: TouchpointId::from_parts(at.timestamp_millis(), rng.wide()),
                partner_id: partner.id,
                contact_id: Some(contact.id),
                referral_id: None,
                at,
                channel: Channel::Visit,
                purpose: Purpose::CheckIn,
                note: String::new(),
                logged_by: rng.pick(STAFF).to_string(),
                device: "Sample tablet".into(),
            }
        })
        .collect();
    touchpoints.extend(
        follow_through(&referrals, today, &mut rng)
            .into_iter()
            .filter(|t| t.at.date_naive() <= quiet),
    );
    agency.partners.push(partner);
    agency.contacts.push(contact);
    agency.referrals.extend(referrals);
    agency.touchpoints.extend(touchpoints);
}
