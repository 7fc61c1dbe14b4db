//! Fields two devices changed to different values while apart.
//!
//! Automerge keeps every concurrent value of a field and shows one of them, picked by a rule
//! nobody at the agency would guess. Hiding the other would lose a colleague's words silently,
//! so a record page asks for these, shows both, and lets the person choose (or keep both, for
//! free text); writing the choice supersedes every concurrent value and the conflict is gone
//! on every device once it syncs.

use automerge::{AutoCommit, ObjType, ROOT, ReadDoc, ScalarValue, Value};

/// One field of one record holding several values written concurrently.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldConflict {
    /// The kind of record, as its stored prefix (`partner`, `contact`, …).
    pub record: String,
    /// The stored field name (`notes`, `phone`, …).
    pub field: String,
    /// Every concurrent value, the one shown today first.
    pub values: Vec<ConflictValue>,
}

/// One of the values in a conflict, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictValue(pub(super) ScalarValue);

impl ConflictValue {
    /// The value as text when it is text (notes, names, codes); `None` otherwise.
    pub fn as_text(&self) -> Option<&str> {
        match &self.0 {
            ScalarValue::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The value as a person would read it.
    pub fn display(&self) -> String {
        match &self.0 {
            ScalarValue::Str(s) => s.to_string(),
            ScalarValue::Boolean(true) => "yes".into(),
            ScalarValue::Boolean(false) => "no".into(),
            ScalarValue::Null => "(empty)".into(),
            other => other.to_string(),
        }
    }
}

/// What the person chose for a conflicting field.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    /// Keep one of the concurrent values as it was stored.
    Keep(ConflictValue),
    /// Replace them with this text (both notes joined, or an edited version).
    Text(String),
}

impl Resolution {
    /// Both texts joined, for free-text fields, so neither tablet's words are lost.
    pub fn keep_both(conflict: &FieldConflict) -> Resolution {
        let texts: Vec<&str> = conflict
            .values
            .iter()
            .filter_map(ConflictValue::as_text)
            .filter(|t| !t.trim().is_empty())
            .collect();
        Resolution::Text(texts.join("\n\n"))
    }

    pub(super) fn into_scalar(self) -> ScalarValue {
        match self {
            Resolution::Keep(value) => value.0,
            Resolution::Text(text) => ScalarValue::Str(text.into()),
        }
    }
}

/// The conflicting scalar fields of the record stored at `prop`, in field order.
pub(super) fn field_conflicts(doc: &AutoCommit, prop: &str) -> Vec<FieldConflict> {
    let Ok(Some((Value::Object(ObjType::Map), record))) = doc.get(ROOT, prop) else {
        return Vec::new();
    };
    let kind = prop.split('/').next().unwrap_or_default();
    doc.keys(&record)
        .filter_map(|field| {
            let all = doc.get_all(&record, field.as_str()).ok()?;
            if all.len() < 2 {
                return None;
            }
            let mut values: Vec<ConflictValue> = all
                .into_iter()
                .filter_map(|(value, _)| match value {
                    Value::Scalar(s) => Some(ConflictValue(s.into_owned())),
                    Value::Object(_) => None,
                })
                .collect();
            // The value every reader shows today is the last one Automerge returns.
            values.reverse();
            let mut distinct: Vec<ConflictValue> = Vec::with_capacity(values.len());
            for value in values {
                if !distinct.contains(&value) {
                    distinct.push(value);
                }
            }
            let values = distinct;
            (values.len() > 1).then(|| FieldConflict { record: kind.to_string(), field, values })
        })
        .collect()
}
