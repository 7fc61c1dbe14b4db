//! Every record kind (the directory, referrals, touchpoints, and the team's relations and
//! policy), each knowing which document holds it.

use autosurgeon::Reconcile;

use super::read::{Fields, ReadError, ReadRecord, code_item, map_item, text_item};
use super::{DocKey, Period};
use crate::{
    AgencyPolicy, Answer, CheckInCadence, Contact, Disclosure, Dismissal, EventTemplate, Gift,
    Meeting, Partner, Question, Referral, Review, SharingConsent, StatusChange, Template,
    Touchpoint,
};

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
            check_in_set_aside_until: f.opt_date("check_in_set_aside_until")?,
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
            consent: f.code_or("consent", SharingConsent::Nothing)?,
            dismissed: f.list_or_empty("dismissed", map_item)?,
            disclosures: f.list_or_empty("disclosures", map_item)?,
            follow_ups_set_aside_until: f.opt_date("follow_ups_set_aside_until")?,
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

macro_rules! relation {
    ($ty:ty, $prefix:literal) => {
        impl Record for $ty {
            const PREFIX: &'static str = $prefix;
            fn id_text(&self) -> String {
                self.id.to_string()
            }
            fn doc_key(&self) -> DocKey {
                DocKey::Relations
            }
        }
    };
}
relation!(Meeting, "meeting");
relation!(Review, "review");
relation!(Gift, "gift");

/// The agency's one policy record.
impl Record for AgencyPolicy {
    const PREFIX: &'static str = "policy";
    fn id_text(&self) -> String {
        "agency".into()
    }
    fn doc_key(&self) -> DocKey {
        DocKey::Relations
    }
}

impl ReadRecord for Dismissal {
    fn read(f: Fields<'_>) -> Result<Self, ReadError> {
        Ok(Self {
            duty: f.code("duty")?,
            reason: f.str("reason")?,
            on: f.date("on")?,
            by: f.str("by")?,
        })
    }
}

impl ReadRecord for Disclosure {
    fn read(f: Fields<'_>) -> Result<Self, ReadError> {
        Ok(Self {
            at: f.instant("at")?,
            by: f.str("by")?,
            to: f.str("to")?,
            channel: f.code("channel")?,
            fields: f.list("fields", code_item("fields"))?,
            purpose: f.code("purpose")?,
        })
    }
}

impl ReadRecord for Meeting {
    fn read(f: Fields<'_>) -> Result<Self, ReadError> {
        Ok(Self {
            id: f.parse("id")?,
            referral_id: f.parse("referral_id")?,
            partner_id: f.parse("partner_id")?,
            at: f.instant("at")?,
            attendees: f.str("attendees")?,
            agenda: f.str("agenda")?,
            outcome: f.str("outcome")?,
            held: f.bool("held")?,
            cancelled: f.bool("cancelled")?,
        })
    }
}

impl ReadRecord for Answer {
    fn read(f: Fields<'_>) -> Result<Self, ReadError> {
        Ok(Self {
            question: f.str("question")?,
            score: f.opt_uint("score")?.map(|s| s.min(5) as u8),
            text: f.str("text")?,
        })
    }
}

impl ReadRecord for Review {
    fn read(f: Fields<'_>) -> Result<Self, ReadError> {
        Ok(Self {
            id: f.parse("id")?,
            partner_id: f.parse("partner_id")?,
            on: f.date("on")?,
            answered_by: f.str("answered_by")?,
            answers: f.list("answers", map_item)?,
            follow_up: f.str("follow_up")?,
        })
    }
}

impl ReadRecord for Gift {
    fn read(f: Fields<'_>) -> Result<Self, ReadError> {
        Ok(Self {
            id: f.parse("id")?,
            partner_id: f.parse("partner_id")?,
            contact_id: f.opt_parse("contact_id")?,
            on: f.date("on")?,
            kind: f.code("kind")?,
            description: f.str("description")?,
            value_cents: f.uint("value_cents")?.min(u64::from(u32::MAX)) as u32,
            event_id: f.opt_parse("event_id")?,
        })
    }
}

impl ReadRecord for Question {
    fn read(f: Fields<'_>) -> Result<Self, ReadError> {
        Ok(Self { id: f.str("id")?, text: f.str("text")?, scored: f.bool("scored")? })
    }
}

impl ReadRecord for Template {
    fn read(f: Fields<'_>) -> Result<Self, ReadError> {
        Ok(Self { purpose: f.code("purpose")?, subject: f.str("subject")?, body: f.str("body")? })
    }
}

impl ReadRecord for EventTemplate {
    fn read(f: Fields<'_>) -> Result<Self, ReadError> {
        Ok(Self { message: f.code("message")?, subject: f.str("subject")?, body: f.str("body")? })
    }
}

impl ReadRecord for AgencyPolicy {
    fn read(f: Fields<'_>) -> Result<Self, ReadError> {
        let d = AgencyPolicy::default();
        let days = |name: &'static str, default: u16| -> Result<u16, ReadError> {
            Ok(f.opt_uint(name)?.map_or(default, |n| n.min(3650) as u16))
        };
        Ok(Self {
            thank_you_days: days("thank_you_days", d.thank_you_days)?,
            decision_days: days("decision_days", d.decision_days)?,
            progress_after_days: days("progress_after_days", d.progress_after_days)?,
            feedback_after_days: days("feedback_after_days", d.feedback_after_days)?,
            review_months: days("review_months", d.review_months)?,
            gift_cap_cents: f
                .opt_uint("gift_cap_cents")?
                .map_or(d.gift_cap_cents, |n| n.min(u64::from(u32::MAX)) as u32),
            questions: f.list("questions", map_item)?,
            templates: f
                .list("templates", map_item)?
                .into_iter()
                .map(AgencyPolicy::upgraded)
                .collect(),
            // Policies saved before event templates existed have none: today's defaults.
            event_templates: EventTemplate::complete(f.known_items("event_templates", map_item)),
            // Policies saved before the idle lock was a team rule have none: the default.
            idle_lock_minutes: f.opt_uint("idle_lock_minutes")?.map_or(d.idle_lock_minutes, |n| {
                n.clamp(
                    u64::from(*crate::model::IDLE_LOCK_MINUTES.start()),
                    u64::from(*crate::model::IDLE_LOCK_MINUTES.end()),
                ) as u16
            }),
        })
    }
}

mod events;
mod imports;
mod leads;

#[cfg(test)]
mod tests;
