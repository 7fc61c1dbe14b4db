//! Events, their series and invitations: stored with the other relations.

use super::super::DocKey;
use super::super::read::{Fields, ReadError, ReadRecord, code_item, text_item};
use super::Record;
use crate::{Event, EventSeries, Invitation};

impl Record for Event {
    const PREFIX: &'static str = "event";
    fn id_text(&self) -> String {
        self.id.to_string()
    }
    fn doc_key(&self) -> DocKey {
        DocKey::Relations
    }
}

impl Record for EventSeries {
    const PREFIX: &'static str = "series";
    fn id_text(&self) -> String {
        self.id.to_string()
    }
    fn doc_key(&self) -> DocKey {
        DocKey::Relations
    }
}

/// Keyed by event and contact, so one contact has one standing per event on every device.
impl Record for Invitation {
    const PREFIX: &'static str = "invitation";
    fn id_text(&self) -> String {
        format!("{}-{}", self.event_id, self.contact_id)
    }
    fn doc_key(&self) -> DocKey {
        DocKey::Relations
    }
}

impl ReadRecord for Event {
    fn read(f: Fields<'_>) -> Result<Self, ReadError> {
        Ok(Self {
            id: f.parse("id")?,
            series_id: f.opt_parse("series_id")?,
            kind: f.code("kind")?,
            title: f.str("title")?,
            starts_at: f.instant("starts_at")?,
            ends_at: f.instant("ends_at")?,
            time_zone: f.str("time_zone")?,
            place: f.str("place")?,
            link: f.str("link")?,
            co_hosts: f.list("co_hosts", |v| {
                text_item("co_hosts")(v)?
                    .parse()
                    .map_err(|_| ReadError { field: "co_hosts", expected: "partner ids" })
            })?,
            audience_kinds: f.list("audience_kinds", code_item("audience_kinds"))?,
            audience_roles: f.list("audience_roles", code_item("audience_roles"))?,
            status: f.code("status")?,
            notes: f.str("notes")?,
            materials: f.list("materials", text_item("materials"))?,
            follow_ups_done: f.list_or_empty("follow_ups_done", code_item("follow_ups_done"))?,
        })
    }
}

impl ReadRecord for EventSeries {
    fn read(f: Fields<'_>) -> Result<Self, ReadError> {
        Ok(Self {
            id: f.parse("id")?,
            kind: f.code("kind")?,
            title: f.str("title")?,
            every_months: f.uint("every_months")?.clamp(1, 12) as u8,
            time_zone: f.str("time_zone")?,
            archived: f.bool("archived")?,
        })
    }
}

impl ReadRecord for Invitation {
    fn read(f: Fields<'_>) -> Result<Self, ReadError> {
        Ok(Self {
            event_id: f.parse("event_id")?,
            contact_id: f.parse("contact_id")?,
            status: f.code("status")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, NaiveDate, Utc};

    use super::*;
    use crate::doc::RecordDoc;
    use crate::network::{DocRecords, ReferralNetwork};
    use crate::{
        ContactId, ContactRole, EventFollowUp, EventId, EventKind, EventSeriesId, EventStatus,
        Gift, GiftId, GiftKind, InvitationStatus, PartnerId, PartnerKind,
    };

    fn event() -> Event {
        let start = DateTime::from_timestamp(1_795_000_000, 0).unwrap();
        let mut e = Event::new(
            EventId::from_parts(1_790_000_000_000, 5),
            EventKind::Workshop,
            "Transitioning Home After Hospitalization",
            start,
            start + chrono::Duration::minutes(90),
            "America/New_York",
        );
        e.series_id = Some(EventSeriesId::from_parts(1, 2));
        e.place = "Mercy, conference room B".into();
        e.co_hosts = vec![PartnerId::from_parts(1, 1)];
        e.audience_kinds = vec![PartnerKind::Hospital];
        e.audience_roles = vec![ContactRole::DischargePlanner, ContactRole::SocialWorker];
        e.status = EventStatus::Held;
        e.materials = vec!["https://example.org/handout.pdf".into()];
        e.follow_ups_done = vec![EventFollowUp::ThankCoHosts];
        e
    }

    fn read_back<R: Record + PartialEq + std::fmt::Debug>(record: &R) -> R {
        crate::doc::record_doc::batch::assert_same_as_field_by_field(std::slice::from_ref(record));
        let mut doc = RecordDoc::new(DocKey::Relations);
        doc.put_all([record], Utc::now()).unwrap();
        doc.contents().get(&record.prop()).expect("stored").expect("readable")
    }

    #[test]
    fn events_series_and_invitations_read_back_exactly() {
        let e = event();
        assert_eq!(read_back(&e), e);
        let s = EventSeries {
            id: EventSeriesId::from_parts(1, 2),
            kind: EventKind::Webinar,
            title: "Quarterly webinar".into(),
            every_months: 3,
            time_zone: "America/New_York".into(),
            archived: false,
        };
        assert_eq!(read_back(&s), s);
        let i = Invitation {
            event_id: e.id,
            contact_id: ContactId::from_parts(1, 9),
            status: InvitationStatus::NoShow,
        };
        assert_eq!(read_back(&i), i);
        assert_eq!(i.prop(), format!("invitation/{}-{}", e.id, i.contact_id));
    }

    /// The relations document as versions before events wrote it: a gift, and no events.
    #[test]
    fn a_relations_document_from_before_events_still_loads_with_none() {
        let gift = Gift {
            id: GiftId::from_parts(1, 3),
            partner_id: PartnerId::from_parts(1, 1),
            contact_id: None,
            on: NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
            kind: GiftKind::Meal,
            description: "Lunch".into(),
            value_cents: 4_000,
            event_id: None,
        };
        let mut doc = RecordDoc::new(DocKey::Relations);
        doc.put_all([&gift], Utc::now()).unwrap();
        let (records, problems) = DocRecords::read(&mut doc);
        assert!(problems.is_empty(), "{problems:?}");
        let mut network = ReferralNetwork::default();
        network.replace(records);
        assert_eq!(network.relations.gifts.len(), 1);
        assert!(network.relations.events.is_empty() && network.relations.invitations.is_empty());
    }

    /// An event as a version without follow-up tracking would have written it.
    #[derive(autosurgeon::Reconcile)]
    struct EventBeforeFollowUps {
        id: EventId,
        series_id: Option<EventSeriesId>,
        kind: EventKind,
        title: String,
        #[autosurgeon(reconcile = "crate::model::stored::instant")]
        starts_at: DateTime<Utc>,
        #[autosurgeon(reconcile = "crate::model::stored::instant")]
        ends_at: DateTime<Utc>,
        time_zone: String,
        place: String,
        link: String,
        co_hosts: Vec<PartnerId>,
        audience_kinds: Vec<PartnerKind>,
        audience_roles: Vec<ContactRole>,
        status: EventStatus,
        notes: String,
        materials: Vec<String>,
    }

    #[test]
    fn an_event_saved_before_follow_ups_were_tracked_loads_with_none_done() {
        let e = event();
        let old = EventBeforeFollowUps {
            id: e.id,
            series_id: e.series_id,
            kind: e.kind,
            title: e.title.clone(),
            starts_at: e.starts_at,
            ends_at: e.ends_at,
            time_zone: e.time_zone.clone(),
            place: e.place.clone(),
            link: e.link.clone(),
            co_hosts: e.co_hosts.clone(),
            audience_kinds: e.audience_kinds.clone(),
            audience_roles: e.audience_roles.clone(),
            status: e.status,
            notes: e.notes.clone(),
            materials: e.materials.clone(),
        };
        let mut raw = automerge::AutoCommit::new();
        autosurgeon::reconcile_prop(&mut raw, automerge::ROOT, e.prop().as_str(), &old).unwrap();
        let bytes = raw.save();
        let (mut doc, problems) = RecordDoc::load(DocKey::Relations, [("old", bytes.as_slice())]);
        assert!(problems.is_empty());
        let read: Event = doc.contents().get(&e.prop()).expect("stored").expect("readable");
        assert_eq!(read, Event { follow_ups_done: vec![], ..e });
    }
}
