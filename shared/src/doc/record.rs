//! The four record kinds, each knowing where it is stored.

use autosurgeon::Reconcile;

use super::read::{Fields, ReadError, ReadRecord, code_item, map_item, text_item};
use super::{DocKey, Period};
use crate::{CheckInCadence, Contact, Partner, Referral, StatusChange, Touchpoint};

/// A record stored at `"<PREFIX>/<id>"` in the document `doc_key()` names. It is written with
/// autosurgeon's `Reconcile` and read back with `ReadRecord`.
pub trait Record: Reconcile + ReadRecord + Clone {
    const PREFIX: &'static str;
    fn id_text(&self) -> String;
    fn doc_key(&self) -> DocKey;
    fn prop(&self) -> String {
        format!("{}/{}", Self::PREFIX, self.id_text())
    }
}

impl Record for Partner {
    const PREFIX: &'static str = "partner";
    fn id_text(&self) -> String {
        self.id.to_string()
    }
    fn doc_key(&self) -> DocKey {
        DocKey::Partners
    }
}

impl Record for Contact {
    const PREFIX: &'static str = "contact";
    fn id_text(&self) -> String {
        self.id.to_string()
    }
    fn doc_key(&self) -> DocKey {
        DocKey::Contacts
    }
}

impl Record for Referral {
    const PREFIX: &'static str = "referral";
    fn id_text(&self) -> String {
        self.id.to_string()
    }
    fn doc_key(&self) -> DocKey {
        DocKey::Referrals(Period::of(self.id.created_at()))
    }
}

impl Record for Touchpoint {
    const PREFIX: &'static str = "touchpoint";
    fn id_text(&self) -> String {
        self.id.to_string()
    }
    fn doc_key(&self) -> DocKey {
        DocKey::Touchpoints(Period::of(self.id.created_at()))
    }
}

impl ReadRecord for Partner {
    fn read(f: Fields<'_>) -> Result<Self, ReadError> {
        let cadence = f.str("cadence")?;
        Ok(Self {
            id: f.parse("id")?,
            kind: f.code("kind")?,
            name: f.str("name")?,
            address: f.str("address")?,
            phone: f.str("phone")?,
            tier: f.code("tier")?,
            cadence: CheckInCadence::from_code(&cadence)
                .ok_or(ReadError { field: "cadence", expected: "a check-in cadence" })?,
            tags: f.list("tags", text_item("tags"))?,
            notes: f.str("notes")?,
            archived: f.bool("archived")?,
        })
    }
}

impl ReadRecord for Contact {
    fn read(f: Fields<'_>) -> Result<Self, ReadError> {
        Ok(Self {
            id: f.parse("id")?,
            partner_id: f.parse("partner_id")?,
            name: f.str("name")?,
            role: f.code("role")?,
            email: f.str("email")?,
            phone: f.str("phone")?,
            preferred_channel: f.code("preferred_channel")?,
            archived: f.bool("archived")?,
        })
    }
}

impl ReadRecord for StatusChange {
    fn read(f: Fields<'_>) -> Result<Self, ReadError> {
        Ok(Self {
            status: f.code("status")?,
            on: f.date("on")?,
            reason: f.opt_code("reason")?,
            recorded_at: f.instant("recorded_at")?,
        })
    }
}

impl ReadRecord for Referral {
    fn read(f: Fields<'_>) -> Result<Self, ReadError> {
        Ok(Self {
            id: f.parse("id")?,
            partner_id: f.parse("partner_id")?,
            contact_id: f.opt_parse("contact_id")?,
            received_on: f.date("received_on")?,
            participant: f.str("participant")?,
            waiver_program: f.str("waiver_program")?,
            services: f.list("services", code_item("services"))?,
            status_history: f.list("status_history", map_item)?,
        })
    }
}

impl ReadRecord for Touchpoint {
    fn read(f: Fields<'_>) -> Result<Self, ReadError> {
        Ok(Self {
            id: f.parse("id")?,
            partner_id: f.parse("partner_id")?,
            contact_id: f.opt_parse("contact_id")?,
            referral_id: f.opt_parse("referral_id")?,
            at: f.instant("at")?,
            channel: f.code("channel")?,
            purpose: f.code("purpose")?,
            note: f.str("note")?,
            logged_by: f.str("logged_by")?,
            device: f.str("device")?,
        })
    }
}

#[cfg(test)]
mod tests {
    //! Round trips: what `Reconcile` writes, `ReadRecord` reads back unchanged.
    use chrono::{NaiveDate, Utc};

    use super::*;
    use crate::doc::RecordDoc;
    use crate::sample::{SampleSize, generate};

    fn round_trip<R: Record + PartialEq + std::fmt::Debug>(records: &[R]) {
        let key = records[0].doc_key();
        let mut doc = RecordDoc::new(key);
        doc.put_all(records, Utc::now()).unwrap();
        let (mut read, problems): (Vec<R>, _) = doc.contents().records();
        assert!(problems.is_empty(), "{problems:?}");
        read.sort_by_key(|r| r.prop());
        let mut expected = records.to_vec();
        expected.sort_by_key(|r| r.prop());
        assert_eq!(read, expected);
    }

    #[test]
    fn every_record_kind_reads_back_exactly_what_was_written() {
        let today: NaiveDate = "2026-11-26".parse().unwrap();
        let s = generate(SampleSize::Demo, today, 11);
        round_trip(&s.partners);
        round_trip(&s.contacts);
        let key = s.referrals[0].doc_key();
        round_trip(&s.referrals.iter().filter(|r| r.doc_key() == key).cloned().collect::<Vec<_>>());
        let key = s.touchpoints[0].doc_key();
        let mut touches: Vec<_> =
            s.touchpoints.iter().filter(|t| t.doc_key() == key).cloned().collect();
        touches[0].referral_id = Some(s.referrals[0].id);
        touches[0].contact_id = None;
        round_trip(&touches);
    }
}
