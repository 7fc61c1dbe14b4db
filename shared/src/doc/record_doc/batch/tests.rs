//! The batch path writes the same document the field-by-field path wrote, and the records it
//! writes take later edits, snapshots and merges as before.
use chrono::NaiveDate;

use super::assert_same_as_field_by_field;
use crate::doc::{DocKey, Record, RecordDoc};
use crate::sample::{SampleAgency, SampleSize, generate};
use crate::sync::testing::now;
use crate::{Partner, Referral};

fn sample() -> SampleAgency {
    let today: NaiveDate = "2026-11-26".parse().unwrap();
    generate(SampleSize::Demo, today, 11)
}

/// Saves `doc`'s pending changes as a chunk, as storage would.
fn flush(doc: &mut RecordDoc) -> Vec<u8> {
    let chunk = doc.pending().expect("something to save");
    doc.mark_persisted(chunk.heads);
    chunk.bytes
}

fn read<R: Record>(doc: &mut RecordDoc, record: &R) -> R {
    doc.contents().get(&record.prop()).expect("stored").expect("readable")
}

#[test]
fn every_sample_record_kind_is_written_as_field_by_field_wrote_it() {
    let s = sample();
    assert_same_as_field_by_field(&s.partners);
    assert_same_as_field_by_field(&s.contacts);
    assert_same_as_field_by_field(&s.referrals);
    assert_same_as_field_by_field(&s.touchpoints);
}

#[test]
fn a_record_given_twice_in_one_batch_keeps_the_last_as_before() {
    let s = sample();
    let mut again = s.partners[0].clone();
    again.notes = "Second copy".into();
    again.tags = vec!["east".into()];
    assert_same_as_field_by_field(&[s.partners[0].clone(), s.partners[1].clone(), again]);
}

#[test]
fn a_batched_record_takes_later_edits_as_a_field_by_field_one_did() {
    let s = sample();
    let referrals = &s.referrals[..40];
    let original = referrals[0].clone();
    let mut batched = RecordDoc::new(original.doc_key());
    batched.put_all(referrals, now()).unwrap();
    let mut by_field = RecordDoc::new(original.doc_key());
    for r in referrals {
        by_field.put(r, now()).unwrap();
    }
    flush(&mut batched);
    flush(&mut by_field);

    let mut edited = original.clone();
    edited.participant = "J. Rivera".into();
    edited.services.clear();
    let put = batched.put(&edited, now()).unwrap();
    let put_before = by_field.put(&edited, now()).unwrap();
    assert!(put.bytes.len() < 400, "an edit wrote {} bytes", put.bytes.len());
    assert_eq!(read(&mut batched, &original), edited);

    let mut form = edited.clone();
    form.waiver_program = "Elderly waiver".into();
    let (_, saved) = batched.put_edit(&edited, &form, now()).unwrap();
    let (_, saved_before) = by_field.put_edit(&edited, &form, now()).unwrap();
    assert_eq!(saved, saved_before);
    assert_eq!(batched.contents().0, by_field.contents().0);
    assert!(put_before.bytes.len() < 400);
}

#[test]
fn a_batched_snapshot_loads_on_a_fresh_device_and_merges_another_devices_edits() {
    let s = sample();
    let mut office = RecordDoc::new(DocKey::Partners);
    office.put_all(&s.partners, now()).unwrap();
    let snapshot = office.snapshot().expect("nothing missing");
    flush(&mut office);

    let (mut tablet, problems) = RecordDoc::load(DocKey::Partners, [("s", &snapshot[..])]);
    assert!(problems.is_empty(), "{problems:?}");
    let (mut loaded, bad): (Vec<Partner>, _) = tablet.contents().records();
    assert!(bad.is_empty(), "{bad:?}");
    loaded.sort_by_key(Record::prop);
    let mut expected = s.partners.clone();
    expected.sort_by_key(Record::prop);
    assert_eq!(loaded, expected);

    let mut phone = s.partners[0].clone();
    phone.phone = "555-201-3000".into();
    let from_tablet = tablet.put(&phone, now()).unwrap().bytes;
    let mut notes = s.partners[0].clone();
    notes.notes = "Ask for the discharge desk".into();
    let from_office = office.put(&notes, now()).unwrap().bytes;
    assert!(office.apply(&from_tablet).unwrap());
    assert!(tablet.apply(&from_office).unwrap());
    let merged = Partner { phone: phone.phone.clone(), ..notes.clone() };
    assert_eq!(read(&mut office, &merged), merged);
    assert_eq!(read(&mut tablet, &merged), merged);
    assert!(office.conflicts(&merged.prop()).is_empty());
}

#[test]
fn an_import_over_stored_records_keeps_another_devices_edits_to_them() {
    let s = sample();
    let key = s.referrals[0].doc_key();
    let mut office = RecordDoc::new(key);
    office.put_all(&s.referrals, now()).unwrap();
    let (mut tablet, _) = RecordDoc::load(key, [("s", &flush(&mut office)[..])]);

    let mut on_tablet = s.referrals[0].clone();
    on_tablet.participant = "J. Rivera".into();
    let from_tablet = tablet.put(&on_tablet, now()).unwrap().bytes;
    let mut imported: Vec<Referral> = s.referrals.clone();
    imported[0].waiver_program = "Elderly waiver".into();
    office.put_all(&imported, now()).unwrap();
    office.apply(&from_tablet).unwrap();
    let merged = Referral { participant: on_tablet.participant, ..imported[0].clone() };
    assert_eq!(read(&mut office, &merged), merged);
}
