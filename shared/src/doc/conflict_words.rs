//! How a conflicting field reads to a person: "Check-in cadence: Monthly", not
//! `cadence: monthly`, and which fields are free text whose two versions can simply be kept
//! together (notes, yes; a phone number, no).

use super::conflicts::{ConflictValue, FieldConflict};
use crate::{
    Channel, CheckInCadence, Code, ContactRole, GiftKind, PartnerKind, PartnerTier,
    PreferredChannel, Purpose, SharingConsent,
};

/// Free-text fields, by record kind: two versions joined still make a sensible note.
const FREE_TEXT: &[(&str, &str)] = &[
    ("partner", "notes"),
    ("touchpoint", "note"),
    ("meeting", "agenda"),
    ("meeting", "outcome"),
    ("review", "follow_up"),
    ("gift", "description"),
];

impl FieldConflict {
    /// The field's name as the forms show it.
    pub fn label(&self) -> String {
        match (self.record.as_str(), self.field.as_str()) {
            ("partner", "cadence") => "Check-in cadence".into(),
            ("referral", "participant") => "Participant".into(),
            ("referral", "consent") => "May share with the referrer".into(),
            ("referral", "received_on") => "Received".into(),
            (_, "contact_id") => "Contact".into(),
            (_, "at") => "When".into(),
            (_, field) => sentence_case(field),
        }
    }

    /// Whether both versions can be kept as one text, each tablet's words in full.
    pub fn is_free_text(&self) -> bool {
        FREE_TEXT.contains(&(self.record.as_str(), self.field.as_str()))
            && self.values.iter().all(|v| v.as_text().is_some())
    }

    /// One of the values as the forms would show it (a code's label, "Yes" for true).
    pub fn describe(&self, value: &ConflictValue) -> String {
        let code = value.as_text().unwrap_or_default();
        let label = match (self.record.as_str(), self.field.as_str()) {
            ("partner", "kind") => label_of::<PartnerKind>(code),
            ("partner", "tier") => label_of::<PartnerTier>(code),
            ("partner", "cadence") => CheckInCadence::from_code(code).map(CheckInCadence::label),
            ("contact", "role") => label_of::<ContactRole>(code),
            ("contact", "preferred_channel") => label_of::<PreferredChannel>(code),
            ("touchpoint", "channel") => label_of::<Channel>(code),
            ("touchpoint", "purpose") => label_of::<Purpose>(code),
            ("referral", "consent") => label_of::<SharingConsent>(code),
            ("gift", "kind") => label_of::<GiftKind>(code),
            _ => None,
        };
        label.unwrap_or_else(|| match value.display().as_str() {
            "yes" => "Yes".into(),
            "no" => "No".into(),
            "" => "(empty)".into(),
            other => other.to_string(),
        })
    }
}

fn label_of<C: Code>(code: &str) -> Option<String> {
    C::from_code(code).map(|c| c.label().to_string())
}

/// `preferred_channel` → "Preferred channel".
fn sentence_case(field: &str) -> String {
    let words = field.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::ScalarValue;

    fn conflict(record: &str, field: &str, values: &[&str]) -> FieldConflict {
        FieldConflict {
            record: record.into(),
            field: field.into(),
            values: values.iter().map(|v| ConflictValue(ScalarValue::Str((*v).into()))).collect(),
        }
    }

    #[test]
    fn fields_read_as_the_forms_name_them() {
        assert_eq!(conflict("partner", "notes", &[]).label(), "Notes");
        assert_eq!(conflict("contact", "preferred_channel", &[]).label(), "Preferred channel");
        assert_eq!(conflict("partner", "cadence", &[]).label(), "Check-in cadence");
    }

    #[test]
    fn codes_read_as_their_labels() {
        let c = conflict("partner", "cadence", &["monthly", "days:45"]);
        let shown: Vec<String> = c.values.iter().map(|v| c.describe(v)).collect();
        assert_eq!(shown, ["Monthly", "Every 45 days"]);
        let empty = conflict("partner", "phone", &["555-0100", ""]);
        assert_eq!(empty.describe(&empty.values[1]), "(empty)");
    }

    #[test]
    fn only_notes_and_the_like_can_keep_both() {
        assert!(conflict("partner", "notes", &["a", "b"]).is_free_text());
        assert!(conflict("touchpoint", "note", &["a", "b"]).is_free_text());
        assert!(!conflict("partner", "phone", &["555-0100", "555-0199"]).is_free_text());
        assert!(!conflict("partner", "name", &["Mercy", "Mercy General"]).is_free_text());
    }
}
