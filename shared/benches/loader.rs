//! How long the sample loader's document writes take natively (issue 14): the 5-year large
//! agency written month by month through `RecordDoc::put_all` and `snapshot`, as
//! `load_sample` in the app does, without sealing or IndexedDB. Prints figures.
//!
//!     cargo bench -p shared --bench loader

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use shared::doc::{DocKey, Record, RecordDoc};
use shared::sample::{SampleSize, generate};

/// Time spent writing and snapshotting, and the bytes that would be stored.
#[derive(Default)]
struct Spent {
    docs: usize,
    records: usize,
    write: Duration,
    snapshot: Duration,
    bytes: usize,
}

impl Spent {
    /// Writes one document the way `Repo::import` does: a fresh document, then a snapshot.
    fn import<R: Record>(&mut self, key: DocKey, records: &[R]) {
        let start = Instant::now();
        let mut doc = RecordDoc::new(key);
        doc.put_all(records, Utc::now()).expect("sample records are writable");
        let written = Instant::now();
        let bytes = doc.snapshot().expect("a local document has no missing changes");
        self.write += written - start;
        self.snapshot += written.elapsed();
        self.docs += 1;
        self.records += records.len();
        self.bytes += bytes.len();
    }

    fn print(&self, label: &str) {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{label:<28} {:>4} docs {:>7} records  put_all {:>9.1} ms  snapshot {:>8.1} ms  \
             {:>6} KB",
            self.docs,
            self.records,
            ms(self.write),
            ms(self.snapshot),
            self.bytes / 1024
        );
    }
}

fn by_month<R: Record>(records: &[R]) -> BTreeMap<DocKey, Vec<R>> {
    let mut months: BTreeMap<DocKey, Vec<R>> = BTreeMap::new();
    for r in records {
        months.entry(r.doc_key()).or_default().push(r.clone());
    }
    months
}

fn main() {
    let today: NaiveDate = "2026-11-26".parse().expect("a valid date");
    let sample = generate(SampleSize::LargeFiveYears, today, 20_261_126);
    let start = Instant::now();
    let mut directory = Spent::default();
    directory.import(DocKey::Partners, &sample.partners);
    directory.import(DocKey::Contacts, &sample.contacts);
    directory.print("partners + contacts");
    let mut referrals = Spent::default();
    for (key, records) in by_month(&sample.referrals) {
        referrals.import(key, &records);
    }
    referrals.print("referrals, by month");
    let mut touchpoints = Spent::default();
    for (key, records) in by_month(&sample.touchpoints) {
        touchpoints.import(key, &records);
    }
    touchpoints.print("touchpoints, by month");
    println!("whole 5-year sample          {:>9.1} ms", start.elapsed().as_secs_f64() * 1000.0);
}
