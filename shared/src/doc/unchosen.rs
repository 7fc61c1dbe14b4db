//! Saving a record whose field is in conflict must not settle that conflict by accident.
//!
//! A form writes the whole record back, including the conflicting field's shown value that
//! the person never touched. Automerge treats putting the shown value again as choosing it,
//! and deletes the other tablet's version: archiving a partner, or fixing its address, would
//! silently drop a colleague's notes. So while a record is written, a put that only repeats
//! the shown value of a conflicting field is left out; a changed value is written as usual
//! and settles the conflict, because then the person did choose.

use std::ops::RangeBounds;

use automerge::{self as am, AutoCommit, AutomergeError, ObjId, ScalarValue};
use autosurgeon::{Doc, ReadDoc};

use super::conflicts::FieldConflict;

/// `AutoCommit` for autosurgeon, minus the puts that would settle a conflict nobody chose.
pub(super) struct LeaveUnchosen<'a> {
    doc: &'a mut AutoCommit,
    record: ObjId,
    /// Each conflicting field and the value shown for it today.
    shown: Vec<(String, ScalarValue)>,
}

impl<'a> LeaveUnchosen<'a> {
    pub(super) fn new(doc: &'a mut AutoCommit, record: ObjId, conflicts: &[FieldConflict]) -> Self {
        let shown = conflicts
            .iter()
            .filter_map(|c| c.values.first().map(|v| (c.field.clone(), v.0.clone())))
            .collect();
        Self { doc, record, shown }
    }

    fn repeats_shown(&self, obj: &ObjId, prop: &am::Prop, value: &ScalarValue) -> bool {
        let am::Prop::Map(field) = prop else { return false };
        *obj == self.record && self.shown.iter().any(|(f, v)| f == field && v == value)
    }
}

impl ReadDoc for LeaveUnchosen<'_> {
    type Parents<'b>
        = am::Parents<'b>
    where
        Self: 'b;

    fn get_heads(&self) -> Vec<am::ChangeHash> {
        ReadDoc::get_heads(&*self.doc)
    }

    fn get<P: Into<am::Prop>>(
        &self,
        obj: &ObjId,
        prop: P,
    ) -> Result<Option<(am::Value<'_>, ObjId)>, AutomergeError> {
        ReadDoc::get(&*self.doc, obj, prop)
    }

    fn object_type<O: AsRef<ObjId>>(&self, obj: O) -> Option<am::ObjType> {
        ReadDoc::object_type(&*self.doc, obj)
    }

    fn map_range<'b, O, R>(&'b self, obj: O, range: R) -> am::iter::MapRange<'b>
    where
        R: RangeBounds<String> + 'b,
        O: AsRef<ObjId>,
    {
        ReadDoc::map_range(&*self.doc, obj, range)
    }

    fn list_range<O: AsRef<ObjId>, R: RangeBounds<usize>>(
        &self,
        obj: O,
        range: R,
    ) -> am::iter::ListRange<'_> {
        ReadDoc::list_range(&*self.doc, obj, range)
    }

    fn length<O: AsRef<ObjId>>(&self, obj: O) -> usize {
        ReadDoc::length(&*self.doc, obj)
    }

    fn text<O: AsRef<ObjId>>(&self, obj: O) -> Result<String, AutomergeError> {
        ReadDoc::text(&*self.doc, obj)
    }

    fn parents<O: AsRef<ObjId>>(&self, obj: O) -> Result<Self::Parents<'_>, AutomergeError> {
        ReadDoc::parents(&*self.doc, obj)
    }

    fn is_empty(&self) -> bool {
        ReadDoc::is_empty(&*self.doc)
    }
}

impl Doc for LeaveUnchosen<'_> {
    fn put<O: AsRef<ObjId>, P: Into<am::Prop>, V: Into<ScalarValue>>(
        &mut self,
        obj: O,
        prop: P,
        value: V,
    ) -> Result<(), AutomergeError> {
        let (prop, value) = (prop.into(), value.into());
        if self.repeats_shown(obj.as_ref(), &prop, &value) {
            return Ok(());
        }
        Doc::put(self.doc, obj, prop, value)
    }

    fn put_object<O: AsRef<ObjId>, P: Into<am::Prop>>(
        &mut self,
        obj: O,
        prop: P,
        value: am::ObjType,
    ) -> Result<ObjId, AutomergeError> {
        Doc::put_object(self.doc, obj, prop, value)
    }

    fn insert<O: AsRef<ObjId>, V: Into<ScalarValue>>(
        &mut self,
        obj: O,
        index: usize,
        value: V,
    ) -> Result<(), AutomergeError> {
        Doc::insert(self.doc, obj, index, value)
    }

    fn insert_object<O: AsRef<ObjId>>(
        &mut self,
        obj: O,
        index: usize,
        value: am::ObjType,
    ) -> Result<ObjId, AutomergeError> {
        Doc::insert_object(self.doc, obj, index, value)
    }

    fn increment<O: AsRef<ObjId>, P: Into<am::Prop>>(
        &mut self,
        obj: O,
        prop: P,
        value: i64,
    ) -> Result<(), AutomergeError> {
        Doc::increment(self.doc, obj, prop, value)
    }

    fn delete<O: AsRef<ObjId>, P: Into<am::Prop>>(
        &mut self,
        obj: O,
        prop: P,
    ) -> Result<(), AutomergeError> {
        Doc::delete(self.doc, obj, prop)
    }

    fn splice_text<O: AsRef<ObjId>>(
        &mut self,
        obj: O,
        pos: usize,
        del: isize,
        text: &str,
    ) -> Result<(), AutomergeError> {
        Doc::splice_text(self.doc, obj, pos, del, text)
    }

    fn update_text<O: AsRef<ObjId>>(&mut self, obj: O, text: &str) -> Result<(), AutomergeError> {
        Doc::update_text(self.doc, obj, text)
    }

    fn batch_create<O: AsRef<ObjId>, P: Into<am::Prop>>(
        &mut self,
        obj: O,
        prop: P,
        value: am::hydrate::Value,
        insert: bool,
    ) -> Result<(), AutomergeError> {
        let prop = prop.into();
        if let am::hydrate::Value::Scalar(scalar) = &value
            && !insert
            && self.repeats_shown(obj.as_ref(), &prop, scalar)
        {
            return Ok(());
        }
        Doc::batch_create(self.doc, obj, prop, value, insert)
    }

    fn init_root_from_hydrate(&mut self, value: &am::hydrate::Map) -> Result<(), AutomergeError> {
        Doc::init_root_from_hydrate(self.doc, value)
    }
}
