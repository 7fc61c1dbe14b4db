//! How long a month's document takes to load and read, natively. Prints figures.
//!
//!     cargo bench -p shared --bench documents
//!
//! `BENCH_ONLY=triage` runs only the health-fair triage figures (quick to re-measure);
//! `BENCH_ONLY=health` only the partner-health figures.

use std::time::Instant;

use chrono::{NaiveDate, Utc};
use shared::ReferralNetwork;
use shared::doc::{DocKey, Record, RecordDoc};
use shared::network::DocRecords;
use shared::sample::{SampleSize, generate};

fn time<T>(label: &str, runs: u32, mut f: impl FnMut() -> T) -> T {
    let mut out = f();
    let start = Instant::now();
    for _ in 0..runs {
        out = f();
    }
    println!("{label:<52} {:>8.2} ms", start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs));
    out
}

fn main() {
    let today: NaiveDate = "2026-11-26".parse().unwrap();
    let sample = generate(SampleSize::LargeFiveYears, today, 20_261_126);
    if std::env::var("BENCH_ONLY").as_deref() == Ok("triage") {
        let mut network = ReferralNetwork::default();
        network.replace_partners(sample.partners.clone());
        network.replace_contacts(sample.contacts.clone());
        triage(&network, &sample);
        return;
    }
    if std::env::var("BENCH_ONLY").as_deref() == Ok("health") {
        health(&full_network(&sample), today);
        return;
    }
    let month = sample.touchpoints[0].doc_key();
    let touches: Vec<_> =
        sample.touchpoints.iter().filter(|t| t.doc_key() == month).cloned().collect();
    let mut doc = RecordDoc::new(month);
    doc.put_all(&touches, Utc::now()).unwrap();
    let month_bytes = doc.snapshot().unwrap();

    let mut directory = RecordDoc::new(DocKey::Partners);
    directory.put_all(&sample.partners, Utc::now()).unwrap();
    let directory_bytes = directory.snapshot().unwrap();

    println!(
        "one month of touchpoints: {} records, {} KB",
        touches.len(),
        month_bytes.len() / 1024
    );
    println!("partners: {} records, {} KB", sample.partners.len(), directory_bytes.len() / 1024);
    let (month_doc, _) =
        time("load month document", 20, || RecordDoc::load(month, [("a", &month_bytes[..])]));
    let mut month_doc = month_doc;
    time("read month's touchpoints", 20, || DocRecords::read(&mut month_doc));
    let (dir_doc, _) = time("load partners document", 10, || {
        RecordDoc::load(DocKey::Partners, [("a", &directory_bytes[..])])
    });
    let mut partners_only = RecordDoc::new(DocKey::Partners);
    partners_only.put_all(&sample.partners, Utc::now()).unwrap();
    let partner_bytes = partners_only.snapshot().unwrap();
    let mut contacts_only = RecordDoc::new(DocKey::Contacts);
    contacts_only.put_all(&sample.contacts, Utc::now()).unwrap();
    let contact_bytes = contacts_only.snapshot().unwrap();
    time("load partners with contacts merged in (two chunks)", 10, || {
        RecordDoc::load(DocKey::Partners, [("p", &partner_bytes[..]), ("c", &contact_bytes[..])])
    });
    let (mut contacts_doc, _) = time("load contacts document", 10, || {
        RecordDoc::load(DocKey::Contacts, [("c", &contact_bytes[..])])
    });
    time("read contacts", 10, || DocRecords::read(&mut contacts_doc));
    let mut dir_doc = dir_doc;
    time("read partners", 10, || DocRecords::read(&mut dir_doc));

    // Today, over all five years: what the home screen recomputes after every change.
    let network = full_network(&sample);
    let list = time("Today list, 5-year large agency", 20, || {
        shared::workflow::today(&network, today, &chrono_tz::America::Chicago)
    });
    println!(
        "  ({} check-ins, {} referral follow-ups, {} reviews due)",
        list.check_ins.len(),
        list.duties.len(),
        list.reviews.len()
    );

    // The monthly report (issue 14): every figure for the last 12 months over five years.
    time("monthly report figures, last 12 months", 10, || {
        use shared::reports::*;
        let months = Month::last(12, today);
        let year = Period::custom(months[0].first_day(), today).unwrap_or(Period::month_of(today));
        (
            referrals_per_month(&network, &months),
            referrals_by_partner(&network, &year, 15),
            funnel(&network, &year),
            time_to_services(&network, &months),
            touchpoints_per_month(&network, &months, &chrono_tz::America::Chicago),
            check_ins_kept(&network, today, &chrono_tz::America::Chicago),
        )
    });

    health(&network, today);

    // CSV (issue 14): export every partner and contact, then plan their import into an
    // empty agency: parsing, column suggestions, validation and duplicate checks per row.
    let (partners_file, contacts_file) = time("export partners and contacts as CSV", 10, || {
        (shared::spreadsheet::partners_csv(&network), shared::spreadsheet::contacts_csv(&network))
    });
    let empty = ReferralNetwork::default();
    let planned = time("plan the import of 2,500 partners and 2,500 contacts", 3, || {
        use shared::spreadsheet::*;
        let index = shared::network::duplicates::DuplicateIndex::new(&empty);
        let partners = read_table(partners_file.as_bytes()).map(|t| {
            plan_import(
                &t,
                &suggest_columns(&t.headers),
                &index,
                &Choices::new(),
                chrono::Utc::now(),
            )
        });
        let contacts = read_table(contacts_file.as_bytes()).map(|t| {
            plan_import(
                &t,
                &suggest_columns(&t.headers),
                &index,
                &Choices::new(),
                chrono::Utc::now(),
            )
        });
        (partners, contacts)
    });
    if let (Ok(p), Ok(c)) = &planned {
        println!(
            "  ({} partners, {} contacts planned)",
            p.new_partners.len(),
            c.new_contacts.len()
        );
    }

    // Health-fair triage: who each person met may already be, over every partner and contact.
    let index = time("index partners and contacts for triage", 10, || {
        shared::network::duplicates::DuplicateIndex::new(&network)
    });
    let someone = &sample.contacts[sample.contacts.len() / 2];
    let at = network.partner(someone.partner_id).map(|p| p.name.clone()).unwrap_or_default();
    let person = shared::network::duplicates::PersonMet {
        name: &someone.name,
        organization: &at,
        phone: &someone.phone,
        email: "",
    };
    let offered =
        time("likely duplicates of one person met", 200, || index.likely_duplicates(&person));
    println!("  over {} contacts; offered:", sample.contacts.len());
    for likely in &offered {
        let what = match likely.existing {
            shared::network::duplicates::Existing::Contact(_) => "a contact",
            shared::network::duplicates::Existing::Partner(_) => "a partner",
        };
        println!("    {what}, because {:?}", likely.because);
    }
    triage(&network, &sample);
}

/// Every record of the sample, as the app holds it once history has loaded.
fn full_network(sample: &shared::sample::SampleAgency) -> ReferralNetwork {
    let mut network = ReferralNetwork::default();
    network.replace_partners(sample.partners.clone());
    network.replace_contacts(sample.contacts.clone());
    for r in &sample.referrals {
        network.upsert_referral(r.clone());
    }
    for t in &sample.touchpoints {
        network.upsert_touchpoint(t.clone());
    }
    network
}

/// Partner health (issue 14): every partner's score (the directory's sort and badges) and
/// Today's "fell sharply" list, which scores partners at risk a second time, 30 days back.
fn health(network: &ReferralNetwork, today: NaiveDate) {
    let tz = &chrono_tz::America::Chicago;
    let all = time("partner health, every partner", 10, || {
        shared::workflow::health::all_partners(network, today, tz)
    });
    let at_risk = all.iter().filter(|h| h.at_risk()).count();
    println!("  ({} partners scored, {at_risk} at risk now)", all.len());
    let fell = time("partners whose health fell sharply (Today's at-risk)", 10, || {
        shared::workflow::health::at_risk(network, today, tz)
    });
    println!("  ({} partners fell sharply)", fell.len());
}

/// Health-fair triage (issue 13): each lead's likely duplicates over the 5-year dataset's
/// partners and contacts, with the index built once per screen as the triage screen does.
/// Leads are a mix: people already in the directory with their organization misspelled, and
/// strangers. Target: under 50 ms per lead.
fn triage(network: &ReferralNetwork, sample: &shared::sample::SampleAgency) {
    use shared::workflow::leads::triage_matches;
    use shared::{EventId, Lead, LeadId, LeadInterest};
    let index = time("triage: index partners and contacts", 5, || {
        shared::network::duplicates::DuplicateIndex::new(network)
    });
    let event = EventId::from_parts(1, 1);
    let leads: Vec<Lead> = (0..60u128)
        .map(|i| {
            let mut l = Lead::new(LeadId::from_parts(2, i), event, Utc::now(), "bench");
            l.consent = true;
            l.interests = vec![LeadInterest::WantsInformation];
            if i % 2 == 0 {
                let c = &sample.contacts[(i as usize * 37) % sample.contacts.len()];
                l.name = c.name.clone();
                l.phone = c.phone.clone();
                l.organization = network
                    .partner(c.partner_id)
                    .map(|p| p.name.replace("Saint", "St.").replace("Hospital", "Hosp"))
                    .unwrap_or_default();
            } else {
                l.name = format!("Visitor {i} Quinlan");
                l.organization = format!("Northfield Wellness Group {i}");
                l.email = format!("visitor{i}@example.org");
            }
            l
        })
        .collect();
    let mut per_lead: Vec<f64> = leads
        .iter()
        .map(|l| {
            let start = Instant::now();
            let found = triage_matches(&index, &[l]);
            std::hint::black_box(found);
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    per_lead.sort_by(f64::total_cmp);
    let p95 = per_lead[(per_lead.len() * 95 / 100).min(per_lead.len() - 1)];
    let mean = per_lead.iter().sum::<f64>() / per_lead.len() as f64;
    println!(
        "{:<52} {mean:>8.2} ms (p95 {p95:.2} ms, {} leads, {} partners + {} contacts)",
        "triage: likely duplicates per lead",
        leads.len(),
        sample.partners.len(),
        sample.contacts.len()
    );
    let refs: Vec<&Lead> = leads.iter().collect();
    let matched = triage_matches(&index, &refs);
    let found = matched.iter().filter(|(_, d)| !d.is_empty()).count();
    println!("  ({found} of {} leads had a likely duplicate offered)", leads.len());
}
