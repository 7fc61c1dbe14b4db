//! Writing records a document does not hold yet in one batch (issue 14: the sample loader
//! and CSV imports).
//!
//! Reconciling a record field by field costs a lookup and an Automerge op per field, each
//! spliced into the document's columns: ~1 ms per record. autosurgeon also has a batch path,
//! used when a value's key says it is a new object: it builds the value's
//! `automerge::hydrate::Value` with its own reconciler and creates the whole object in one
//! `batch_create_object` (one `init_root_from_hydrate` for an empty document). The values
//! come from the same `Reconcile` impls, so the document holds the same fields and types.

use std::collections::BTreeMap;

use automerge::ObjId;
use autosurgeon::reconcile::{LoadKey, MapReconciler, NoKey};
use autosurgeon::{Prop, ReadDoc, Reconcile, ReconcileError, Reconciler};

/// Records absent from the document, by prop; the last one given for a prop wins, as it
/// would when reconciled one after another.
pub(super) struct NewRecords<'r, R>(pub BTreeMap<String, &'r R>);

impl<R: Reconcile> Reconcile for NewRecords<'_, R> {
    type Key<'a> = NoKey;

    fn reconcile<C: Reconciler>(&self, mut reconciler: C) -> Result<(), C::Error> {
        let mut root = reconciler.map()?;
        for (prop, record) in &self.0 {
            root.put(prop, AlwaysNew(*record))?;
        }
        Ok(())
    }
}

/// A record whose key never matches what is stored, which sends autosurgeon down its batch
/// path. Only for props the document does not hold: over a stored record it would replace
/// the object and lose other devices' concurrent field edits.
struct AlwaysNew<'r, R>(&'r R);

impl<R: Reconcile> Reconcile for AlwaysNew<'_, R> {
    type Key<'a> = ();

    fn reconcile<C: Reconciler>(&self, reconciler: C) -> Result<(), C::Error> {
        self.0.reconcile(reconciler)
    }

    fn hydrate_key<'a, D: ReadDoc>(
        _doc: &D,
        _obj: &ObjId,
        _prop: Prop<'_>,
    ) -> Result<LoadKey<Self::Key<'a>>, ReconcileError> {
        Ok(LoadKey::KeyNotFound)
    }

    fn key(&self) -> LoadKey<()> {
        LoadKey::Found(())
    }
}

/// Writes `records` through `put_all` and the way it wrote them before batching (one
/// `reconcile_prop` per record), into an empty document and into one already holding a
/// record, and asserts each pair of documents hydrates to the same value.
#[cfg(test)]
pub(crate) fn assert_same_as_field_by_field<R: super::Record>(records: &[R]) {
    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ROOT};

    for holding_another in [false, true] {
        let mut batched = super::RecordDoc::new(super::DocKey::Relations);
        let mut by_field = AutoCommit::new();
        if holding_another {
            batched.doc.put(ROOT, "other/1", "kept").expect("a root key");
            batched.doc.commit();
            by_field.put(ROOT, "other/1", "kept").expect("a root key");
        }
        batched.put_all(records, crate::sync::testing::now()).expect("batched");
        for r in records {
            autosurgeon::reconcile_prop(&mut by_field, ROOT, r.prop().as_str(), r)
                .expect("field by field");
        }
        assert_eq!(
            batched.doc.document().hydrate(None),
            by_field.document().hydrate(None),
            "{} records, document already holding another: {holding_another}",
            R::PREFIX
        );
    }
}

#[cfg(test)]
mod tests;
