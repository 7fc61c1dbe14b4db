use super::*;
use crate::Partner;
use crate::sync::testing::now;
use automerge::transaction::Transactable;

/// The sync fixture's partner, with an address and a tag to merge.
fn partner(n: u128, name: &str) -> Partner {
    Partner {
        address: "1 Main St".into(),
        tags: vec!["north".into()],
        ..crate::sync::testing::partner(n, name)
    }
}

/// Saves `doc`'s pending changes as a chunk, as storage would.
fn flush(doc: &mut RecordDoc) -> Vec<u8> {
    let chunk = doc.pending().expect("something to save");
    doc.mark_persisted(chunk.heads);
    chunk.bytes
}

#[test]
fn records_survive_a_save_and_load_from_chunks() {
    let mut doc = RecordDoc::new(DocKey::Partners);
    doc.put(&partner(1, "Mercy General"), now()).unwrap();
    let first = flush(&mut doc);
    doc.put(&partner(2, "Eastside AAA"), now()).unwrap();
    let second = flush(&mut doc);
    assert!(doc.pending().is_none(), "nothing pending after a flush");

    let (mut loaded, problems) =
        RecordDoc::load(DocKey::Partners, [("a", &first[..]), ("b", &second[..])]);
    assert!(problems.is_empty());
    let (mut partners, bad): (Vec<Partner>, _) = loaded.contents().records();
    partners.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(bad.is_empty());
    assert_eq!(partners, vec![partner(2, "Eastside AAA"), partner(1, "Mercy General")]);
}

#[test]
fn an_edit_produces_a_small_chunk_not_the_whole_history() {
    let mut doc = RecordDoc::new(DocKey::Partners);
    let records: Vec<Partner> = (0..200).map(|n| partner(n, &format!("Partner {n}"))).collect();
    doc.put_all(&records, now()).unwrap();
    let whole = flush(&mut doc).len();
    let mut edited = records[7].clone();
    edited.notes = "Prefers fax".into();
    let edit = doc.put(&edited, now()).unwrap();
    assert!(edit.bytes.len() < 400, "edit chunk was {} bytes", edit.bytes.len());
    assert!(edit.bytes.len() * 20 < whole);
}

#[test]
fn a_damaged_chunk_is_reported_and_the_rest_still_loads() {
    let mut doc = RecordDoc::new(DocKey::Partners);
    doc.put(&partner(1, "Mercy General"), now()).unwrap();
    let good = flush(&mut doc);
    let mut other = RecordDoc::new(DocKey::Partners);
    other.put(&partner(2, "Eastside AAA"), now()).unwrap();
    let mut damaged = flush(&mut other);
    let mid = damaged.len() / 2;
    damaged[mid] ^= 0xff;

    let (mut loaded, problems) =
        RecordDoc::load(DocKey::Partners, [("bad", &damaged[..]), ("good", &good[..])]);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].chunk_id, "bad");
    let (partners, _): (Vec<Partner>, _) = loaded.contents().records();
    assert_eq!(partners, vec![partner(1, "Mercy General")]);
}

#[test]
fn a_truncated_chunk_of_changes_is_reported_not_half_applied() {
    let mut doc = RecordDoc::new(DocKey::Partners);
    doc.put(&partner(1, "Mercy General"), now()).unwrap();
    let base = flush(&mut doc);
    doc.put(&partner(2, "Eastside AAA"), now()).unwrap();
    doc.put(&partner(3, "St. Luke's"), now()).unwrap();
    let tail = flush(&mut doc);
    let cut = &tail[..tail.len() - 3];

    let (mut loaded, problems) =
        RecordDoc::load(DocKey::Partners, [("base", &base[..]), ("tail", cut)]);
    assert_eq!(problems.len(), 1, "the cut chunk must be reported");
    assert_eq!(loaded.contents().records::<Partner>().0.len(), 1);
}

#[test]
fn changes_whose_base_is_missing_block_compaction_instead_of_being_dropped() {
    let mut doc = RecordDoc::new(DocKey::Partners);
    doc.put(&partner(1, "Mercy General"), now()).unwrap();
    let _lost_base = flush(&mut doc);
    doc.put(&partner(2, "Eastside AAA"), now()).unwrap();
    let tail = flush(&mut doc);

    let (mut loaded, problems) = RecordDoc::load(DocKey::Partners, [("tail", &tail[..])]);
    assert!(problems.is_empty());
    assert!(loaded.snapshot().is_none(), "saving now would lose the waiting change");
}

#[test]
fn two_devices_creating_the_same_document_offline_keep_both_records() {
    // Step 1: Alice and Bob each start this month's directory with no shared history.
    let mut alice = RecordDoc::new(DocKey::Partners);
    let mut bob = RecordDoc::new(DocKey::Partners);
    alice.put(&partner(1, "Mercy General"), now()).unwrap();
    bob.put(&partner(2, "Eastside AAA"), now()).unwrap();
    // Step 2: they exchange their chunks.
    let from_alice = flush(&mut alice);
    let from_bob = flush(&mut bob);
    assert!(alice.apply(&from_bob).unwrap());
    assert!(bob.apply(&from_alice).unwrap());
    // Step 3: both see both partners.
    for doc in [&mut alice, &mut bob] {
        let (mut names, _): (Vec<Partner>, _) = doc.contents().records();
        names.sort_by(|a, b| a.name.cmp(&b.name));
        assert_eq!(
            names.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
            ["Eastside AAA", "Mercy General"]
        );
    }
}

#[test]
fn concurrent_edits_to_different_fields_of_one_partner_both_survive() {
    let mut alice = RecordDoc::new(DocKey::Partners);
    alice.put(&partner(1, "Mercy General"), now()).unwrap();
    let base = flush(&mut alice);
    let (mut bob, _) = RecordDoc::load(DocKey::Partners, [("base", &base[..])]);

    let mut a = partner(1, "Mercy General");
    a.phone = "555-201-3000".into();
    alice.put(&a, now()).unwrap();
    let mut b = partner(1, "Mercy General");
    b.notes = "Ask for the discharge desk".into();
    bob.put(&b, now()).unwrap();

    let from_bob = flush(&mut bob);
    alice.apply(&from_bob).unwrap();
    let merged: Partner = alice.contents().get(&a.prop()).unwrap().unwrap();
    assert_eq!(merged.phone, "555-201-3000");
    assert_eq!(merged.notes, "Ask for the discharge desk");
}

#[test]
fn a_record_of_unexpected_shape_is_reported_and_others_still_read() {
    let mut doc = RecordDoc::new(DocKey::Partners);
    doc.put(&partner(1, "Mercy General"), now()).unwrap();
    doc.doc.put(ROOT, "partner/ffffffffffffffffffffffffffffffff", "garbage").unwrap();
    let (partners, problems): (Vec<Partner>, _) = doc.contents().records();
    assert_eq!(partners.len(), 1);
    assert_eq!(problems.len(), 1);
    assert!(problems[0].prop.ends_with("ffff"));
}

#[test]
fn applying_garbage_is_an_error_and_changes_nothing() {
    let mut doc = RecordDoc::new(DocKey::Partners);
    doc.put(&partner(1, "Mercy General"), now()).unwrap();
    let heads = doc.heads();
    assert!(doc.apply(b"definitely not automerge").is_err());
    assert_eq!(doc.heads(), heads);
}

#[test]
fn an_edit_from_a_stale_form_keeps_what_another_tab_changed_meanwhile() {
    let mut doc = RecordDoc::new(DocKey::Partners);
    let opened = partner(1, "Mercy General");
    doc.put(&opened, now()).unwrap();
    // Another tab's phone number arrives while this form is open.
    doc.put(&Partner { phone: "555-201-3000".into(), ..opened.clone() }, now()).unwrap();

    let edited = Partner { notes: "Ask for the discharge desk".into(), ..opened.clone() };
    let (_, saved) = doc.put_edit(&opened, &edited, now()).unwrap();
    let stored: Partner = doc.contents().get(&opened.prop()).unwrap().unwrap();
    assert_eq!(stored, saved);
    assert_eq!(stored.phone, "555-201-3000");
    assert_eq!(stored.notes, "Ask for the discharge desk");
}

#[test]
fn items_appended_from_a_stale_form_join_the_list_as_it_is_now() {
    let mut doc = RecordDoc::new(DocKey::Partners);
    let opened = partner(1, "Mercy General");
    doc.put(&opened, now()).unwrap();
    doc.put(&Partner { tags: vec!["north".into(), "south".into()], ..opened.clone() }, now())
        .unwrap();

    let edited = Partner { tags: vec!["north".into(), "east".into()], ..opened.clone() };
    let (_, saved) = doc.put_edit(&opened, &edited, now()).unwrap();
    assert_eq!(saved.tags, ["north", "south", "east"]);
}

#[test]
fn the_same_field_changed_in_two_places_keeps_the_one_saved_last() {
    let mut doc = RecordDoc::new(DocKey::Partners);
    let opened = partner(1, "Mercy General");
    doc.put(&opened, now()).unwrap();
    doc.put(&Partner { phone: "555-0001".into(), tags: vec![], ..opened.clone() }, now()).unwrap();

    let edited = Partner { phone: "555-0002".into(), ..opened.clone() };
    let (_, saved) = doc.put_edit(&opened, &edited, now()).unwrap();
    assert_eq!(saved.phone, "555-0002");
    assert!(saved.tags.is_empty(), "a removal made elsewhere stays removed");
}

#[test]
fn an_edit_to_a_record_not_stored_yet_is_written_whole() {
    let mut doc = RecordDoc::new(DocKey::Partners);
    let opened = partner(1, "Mercy General");
    let edited = Partner { notes: "New".into(), ..opened.clone() };
    let (_, saved) = doc.put_edit(&opened, &edited, now()).unwrap();
    assert_eq!(saved, edited);
}

/// Two tablets that each changed one partner's notes while apart, merged.
fn notes_edited_on_two_tablets() -> (RecordDoc, RecordDoc) {
    let mut first = RecordDoc::new(DocKey::Partners);
    first.put(&partner(1, "Mercy General"), now()).unwrap();
    let shared = flush(&mut first);
    let (mut second, _) = RecordDoc::load(DocKey::Partners, [("a", &shared[..])]);
    let mut mine = partner(1, "Mercy General");
    mine.notes = "Call Dana before noon".into();
    first.put(&mine, now()).unwrap();
    let mut theirs = partner(1, "Mercy General");
    theirs.notes = "Dana is on leave until March".into();
    theirs.phone = "555-0100".into();
    second.put(&theirs, now()).unwrap();
    let (a, b) = (flush(&mut first), flush(&mut second));
    first.apply(&b).unwrap();
    second.apply(&a).unwrap();
    (first, second)
}

#[test]
fn notes_changed_on_two_tablets_are_reported_with_both_values() {
    let (mut first, second) = notes_edited_on_two_tablets();
    let prop = partner(1, "").prop();
    let conflicts = first.conflicts(&prop);
    assert_eq!(conflicts.len(), 1, "only notes conflict; the phone changed on one side only");
    assert_eq!(conflicts[0].field, "notes");
    let mut texts: Vec<String> = conflicts[0].values.iter().map(|v| v.display()).collect();
    let shown: Partner = first.contents().get(&prop).unwrap().unwrap();
    assert_eq!(texts[0], shown.notes, "the value shown today comes first");
    texts.sort();
    assert_eq!(texts, ["Call Dana before noon", "Dana is on leave until March"]);
    assert_eq!(second.conflicts(&prop), conflicts, "both tablets see the same conflict");
}

#[test]
fn a_chosen_value_settles_the_conflict_on_both_tablets() {
    let (mut first, mut second) = notes_edited_on_two_tablets();
    let prop = partner(1, "").prop();
    let conflict = first.conflicts(&prop).remove(0);
    let both = Resolution::keep_both(&conflict);
    let chunk = first.resolve(&prop, "notes", both, now()).unwrap();
    assert!(first.conflicts(&prop).is_empty());
    second.apply(&chunk.bytes).unwrap();
    assert!(second.conflicts(&prop).is_empty());
    let settled: Partner = second.contents().get(&prop).unwrap().unwrap();
    assert!(settled.notes.contains("Call Dana before noon"), "{}", settled.notes);
    assert!(settled.notes.contains("Dana is on leave until March"), "{}", settled.notes);
    assert_eq!(settled.phone, "555-0100", "the other tablet's phone edit is kept");
}

#[test]
fn keeping_one_value_writes_that_value_even_if_it_is_the_one_shown() {
    let (mut first, _) = notes_edited_on_two_tablets();
    let prop = partner(1, "").prop();
    let conflict = first.conflicts(&prop).remove(0);
    let shown = conflict.values[0].clone();
    first.resolve(&prop, "notes", Resolution::Keep(shown.clone()), now()).unwrap();
    assert!(first.conflicts(&prop).is_empty());
    let settled: Partner = first.contents().get(&prop).unwrap().unwrap();
    assert_eq!(Some(settled.notes.as_str()), shown.as_text());
}

#[test]
fn settling_a_record_that_is_not_there_is_an_error() {
    let mut doc = RecordDoc::new(DocKey::Partners);
    let err = doc.resolve("partner/nope", "notes", Resolution::Text("x".into()), now());
    assert!(matches!(err, Err(DocError::Resolve { .. })));
}

#[test]
fn editing_the_conflicting_field_in_the_form_settles_it_on_both_tablets() {
    let (mut first, mut second) = notes_edited_on_two_tablets();
    let prop = partner(1, "").prop();
    let shown: Partner = first.contents().get(&prop).unwrap().unwrap();
    let edited =
        Partner { notes: "Dana is back in March; call before noon".into(), ..shown.clone() };
    let (chunk, _) = first.put_edit(&shown, &edited, now()).unwrap();
    assert!(first.conflicts(&prop).is_empty(), "the form's text supersedes both versions");
    second.apply(&chunk.bytes).unwrap();
    assert!(second.conflicts(&prop).is_empty());
    let settled: Partner = second.contents().get(&prop).unwrap().unwrap();
    assert_eq!(settled.notes, edited.notes);
}

#[test]
fn typing_the_hidden_version_into_the_form_also_settles_it() {
    let (mut first, _) = notes_edited_on_two_tablets();
    let prop = partner(1, "").prop();
    let conflict = first.conflicts(&prop).remove(0);
    let hidden = conflict.values[1].as_text().unwrap().to_string();
    let shown: Partner = first.contents().get(&prop).unwrap().unwrap();
    let edited = Partner { notes: hidden.clone(), ..shown.clone() };
    first.put_edit(&shown, &edited, now()).unwrap();
    assert!(first.conflicts(&prop).is_empty());
    let settled: Partner = first.contents().get(&prop).unwrap().unwrap();
    assert_eq!(settled.notes, hidden);
}

#[test]
fn editing_another_field_leaves_the_conflict_to_be_settled() {
    let (mut first, _) = notes_edited_on_two_tablets();
    let prop = partner(1, "").prop();
    let shown: Partner = first.contents().get(&prop).unwrap().unwrap();
    let edited = Partner { address: "2 Main St".into(), ..shown.clone() };
    first.put_edit(&shown, &edited, now()).unwrap();
    let conflicts = first.conflicts(&prop);
    assert_eq!(conflicts.len(), 1, "nobody chose between the notes yet");
    assert_eq!(conflicts[0].field, "notes");
    assert_eq!(conflicts[0].record, "partner");
}

#[test]
fn removed_records_are_gone_on_a_device_that_applies_the_chunk() {
    let mut doc = RecordDoc::new(DocKey::Partners);
    doc.put_all(&[partner(1, "Mercy General"), partner(2, "Eastside AAA")], now()).unwrap();
    let first = flush(&mut doc);
    let (mut other, _) = RecordDoc::load(DocKey::Partners, [("a", &first[..])]);
    let gone = partner(1, "Mercy General").id.to_string();
    let missing = partner(9, "Never stored").id.to_string();
    let chunk = doc.remove_all::<Partner>([gone, missing], now()).unwrap();
    assert!(other.apply(&chunk.bytes).unwrap());
    let (partners, _): (Vec<Partner>, _) = other.contents().records();
    assert_eq!(partners, vec![partner(2, "Eastside AAA")]);
}
