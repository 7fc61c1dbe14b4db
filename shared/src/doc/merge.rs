//! Saving an edit that was made on a copy which went stale while the form was open.
//!
//! A form remembers the record as it opened (`base`) and produces `edited`; meanwhile another
//! tab or device may have changed the stored record (`current`). Writing `edited` whole would
//! silently undo those changes, so only what this person changed is laid over `current`:
//! field by field, and items appended to a list are appended to the list as it stands now.

use automerge::hydrate::{List, Map, Value};
use automerge::{AutoCommit, ROOT, ReadDoc};
use autosurgeon::{ReconcileError, reconcile_prop};

use super::{Fields, Record};

/// `edited`'s changes from `base`, applied to `current` (the stored record, if any).
pub(super) fn merge_edit<R: Record>(
    base: &R,
    edited: &R,
    current: Option<&Value>,
) -> Result<R, ReconcileError> {
    let (base_value, edited_value) = (stored_form(base)?, stored_form(edited)?);
    match merge(base_value.as_ref(), edited_value.as_ref(), current) {
        // Unreadable only if `current` is damaged; the edit itself is always writable.
        Some(Value::Map(fields)) => Ok(R::read(Fields(&fields)).unwrap_or_else(|_| edited.clone())),
        _ => Ok(edited.clone()),
    }
}

/// The record as it is stored: what `Reconcile` writes, hydrated.
fn stored_form<R: Record>(record: &R) -> Result<Option<Value>, ReconcileError> {
    let mut scratch = AutoCommit::new();
    reconcile_prop(&mut scratch, ROOT, "record", record)?;
    Ok(match scratch.document().hydrate(None) {
        Value::Map(root) => root.get("record").cloned(),
        _ => None,
    })
}

/// The current record's stored value in `doc`, hydrated on its own.
pub(super) fn stored_value(doc: &AutoCommit, prop: &str) -> Option<Value> {
    let (_, id) = doc.get(ROOT, prop).ok().flatten()?;
    doc.hydrate(&id, None).ok()
}

fn merge(base: Option<&Value>, edited: Option<&Value>, current: Option<&Value>) -> Option<Value> {
    if edited == base {
        return current.cloned();
    }
    if current == base || current.is_none() {
        return edited.cloned();
    }
    match (base, edited, current) {
        (Some(Value::Map(b)), Some(Value::Map(e)), Some(Value::Map(c))) => {
            Some(Value::Map(merge_maps(b, e, c)))
        }
        (Some(Value::List(b)), Some(Value::List(e)), Some(Value::List(c))) if appends_to(b, e) => {
            Some(Value::List(append_new(c, e, b.len())))
        }
        // Both changed the same value: the person saving now sees theirs kept.
        _ => edited.cloned(),
    }
}

fn merge_maps(base: &Map, edited: &Map, current: &Map) -> Map {
    let mut keys: Vec<&String> = edited.keys().chain(current.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut merged = std::collections::HashMap::new();
    for key in keys {
        if let Some(v) = merge(base.get(key), edited.get(key), current.get(key)) {
            merged.insert(key.clone(), v);
        }
    }
    Map::from(merged)
}

fn values(list: &List) -> Vec<&Value> {
    list.iter().map(|item| &item.value).collect()
}

/// Whether `edited` is `base` with items added at the end (a status change, a disclosure).
fn appends_to(base: &List, edited: &List) -> bool {
    let (b, e) = (values(base), values(edited));
    e.len() >= b.len() && e[..b.len()] == b[..]
}

fn append_new(current: &List, edited: &List, from: usize) -> List {
    let mut items: Vec<Value> = values(current).into_iter().cloned().collect();
    for item in values(edited).into_iter().skip(from) {
        if !items.contains(item) {
            items.push(item.clone());
        }
    }
    List::from(items)
}
