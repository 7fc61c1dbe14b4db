//! Import batches: stored with the other relations, so documents written before imports
//! existed simply hold none.

use super::super::DocKey;
use std::str::FromStr;

use super::super::read::{Fields, ReadError, ReadRecord};
use super::Record;
use crate::ImportBatch;

impl Record for ImportBatch {
    const PREFIX: &'static str = "import";
    fn id_text(&self) -> String {
        self.id.to_string()
    }
    fn doc_key(&self) -> DocKey {
        DocKey::Relations
    }
}

impl ReadRecord for ImportBatch {
    fn read(f: Fields<'_>) -> Result<Self, ReadError> {
        Ok(Self {
            id: f.parse("id")?,
            at: f.instant("at")?,
            by: f.str("by")?,
            file: f.str("file")?,
            partners: ids(&f, "partners")?,
            contacts: ids(&f, "contacts")?,
            undone: f.bool("undone")?,
        })
    }
}

/// Ids stored space-separated (see `model::stored::id_list`).
fn ids<T: FromStr>(f: &Fields<'_>, field: &'static str) -> Result<Vec<T>, ReadError> {
    f.str(field)?
        .split_whitespace()
        .map(|id| id.parse().map_err(|_| ReadError { field, expected: "record ids" }))
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use crate::doc::{DocKey, RecordDoc};
    use crate::network::DocRecords;
    use crate::{ContactId, Gift, GiftId, GiftKind, ImportBatch, ImportId, PartnerId};

    fn batch() -> ImportBatch {
        ImportBatch {
            id: ImportId::from_parts(1, 7),
            at: Utc.with_ymd_and_hms(2026, 11, 12, 15, 0, 0).unwrap(),
            by: "Maria Lopez".into(),
            file: "partners.csv".into(),
            partners: vec![PartnerId::from_parts(1, 1), PartnerId::from_parts(1, 2)],
            contacts: vec![ContactId::from_parts(1, 3)],
            undone: false,
        }
    }

    fn imports(doc: &mut RecordDoc) -> Vec<ImportBatch> {
        match DocRecords::read(doc).0 {
            DocRecords::Relations { imports, .. } => imports,
            other => panic!("not relations: {other:?}"),
        }
    }

    #[test]
    fn a_batch_round_trips_through_the_relations_document() {
        crate::doc::record_doc::batch::assert_same_as_field_by_field(&[batch()]);
        let mut doc = RecordDoc::new(DocKey::Relations);
        doc.put(&batch(), Utc::now()).unwrap();
        let bytes = doc.snapshot().unwrap();
        let mut loaded = RecordDoc::load(DocKey::Relations, [("a", bytes.as_slice())]).0;
        assert_eq!(imports(&mut loaded), vec![batch()]);
    }

    #[test]
    fn a_relations_document_from_before_imports_loads_with_none() {
        let gift = Gift {
            id: GiftId::from_parts(1, 1),
            partner_id: PartnerId::from_parts(1, 1),
            contact_id: None,
            on: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            kind: GiftKind::Other,
            description: "Lunch".into(),
            value_cents: 2000,
            event_id: None,
        };
        let mut doc = RecordDoc::new(DocKey::Relations);
        doc.put(&gift, Utc::now()).unwrap();
        assert!(imports(&mut doc).is_empty());
    }
}
