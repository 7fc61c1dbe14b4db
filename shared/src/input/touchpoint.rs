use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};

use crate::validation::{Checker, Problem, ValidationErrors};
use crate::{Channel, ContactId, PartnerId, Purpose, ReferralId, Touchpoint, TouchpointId};

/// The full touchpoint form; the one-tap log fills it with "now" and the tapped channel.
#[derive(Debug, Clone, PartialEq)]
pub struct TouchpointInput {
    pub partner_id: Option<PartnerId>,
    pub contact_id: Option<ContactId>,
    pub referral_id: Option<ReferralId>,
    /// `YYYY-MM-DD` in the agency's time zone.
    pub date: String,
    /// `HH:MM` in the agency's time zone.
    pub time: String,
    pub channel: Channel,
    pub purpose: Purpose,
    pub note: String,
}

impl TouchpointInput {
    pub fn from_touchpoint<Tz: TimeZone>(t: &Touchpoint, tz: &Tz) -> Self {
        let local = t.at.with_timezone(tz).naive_local();
        Self {
            partner_id: Some(t.partner_id),
            contact_id: t.contact_id,
            referral_id: t.referral_id,
            date: local.format("%Y-%m-%d").to_string(),
            time: local.format("%H:%M").to_string(),
            channel: t.channel,
            purpose: t.purpose,
            note: t.note.clone(),
        }
    }

    /// Checks the form. Touchpoints record what happened, so they cannot be dated after today;
    /// `logged_by` and `device` come from the device settings.
    pub fn validate<Tz: TimeZone>(
        &self,
        id: TouchpointId,
        tz: &Tz,
        today: NaiveDate,
        logged_by: &str,
        device: &str,
    ) -> Result<Touchpoint, ValidationErrors> {
        let mut c = Checker::default();
        if self.partner_id.is_none() {
            c.fail("touchpoint-partner", "Partner", Problem::Required);
        }
        let date = c.date("touchpoint-date", "Date", &self.date);
        if date.is_some_and(|d| d > today) {
            c.fail("touchpoint-date", "Date", Problem::Future);
        }
        let time = match self.time.trim() {
            "" => Some(NaiveTime::MIN),
            t => NaiveTime::parse_from_str(t, "%H:%M").ok(),
        };
        if time.is_none() {
            c.fail("touchpoint-time", "Time", Problem::Time);
        }
        let note = c.text("touchpoint-note", "Note", &self.note, false, 2000);
        let at = match date.zip(time) {
            Some((d, t)) => match tz.from_local_datetime(&d.and_time(t)).earliest() {
                Some(at) => at.with_timezone(&Utc),
                None => {
                    c.fail("touchpoint-time", "Time", Problem::SkippedByClockChange);
                    DateTime::<Utc>::MIN_UTC
                }
            },
            None => DateTime::<Utc>::MIN_UTC,
        };
        c.finish(|| Touchpoint {
            id,
            partner_id: self.partner_id.unwrap_or(PartnerId::from_parts(0, 0)),
            contact_id: self.contact_id,
            referral_id: self.referral_id,
            at,
            channel: self.channel,
            purpose: self.purpose,
            note,
            logged_by: logged_by.trim().to_string(),
            device: device.trim().to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::America::Chicago;

    fn input(date: &str, time: &str) -> TouchpointInput {
        TouchpointInput {
            partner_id: Some(PartnerId::from_parts(1, 1)),
            contact_id: None,
            referral_id: None,
            date: date.into(),
            time: time.into(),
            channel: Channel::Call,
            purpose: Purpose::CheckIn,
            note: " spoke with Dana ".into(),
        }
    }

    #[test]
    fn local_time_is_stored_as_the_right_instant_across_dst() {
        let today = "2026-11-26".parse().unwrap();
        let t = input("2026-03-08", "09:30")
            .validate(TouchpointId::from_parts(1, 1), &Chicago, today, "Ana", "Tablet 2")
            .unwrap();
        // 2026-03-08 is the spring-forward day: 09:30 CDT is 14:30 UTC.
        assert_eq!(t.at.to_rfc3339(), "2026-03-08T14:30:00+00:00");
        assert_eq!(t.note, "spoke with Dana");
        assert_eq!(TouchpointInput::from_touchpoint(&t, &Chicago).time, "09:30");
    }

    #[test]
    fn a_time_skipped_by_the_clock_change_is_refused_with_a_reason() {
        let today = "2026-11-26".parse().unwrap();
        let t = input("2026-03-08", "02:30")
            .validate(TouchpointId::from_parts(1, 1), &Chicago, today, "Ana", "Tablet 2")
            .unwrap_err();
        assert!(t.for_field("touchpoint-time").unwrap().contains("clocks"));
    }

    #[test]
    fn future_dates_and_bad_times_are_refused() {
        let today = "2026-11-26".parse().unwrap();
        let errs = input("2026-11-27", "25:00")
            .validate(TouchpointId::from_parts(1, 1), &Chicago, today, "Ana", "Tablet 2")
            .unwrap_err();
        let fields: Vec<_> = errs.0.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["touchpoint-date", "touchpoint-time"]);
    }
}
