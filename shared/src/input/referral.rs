use chrono::{DateTime, NaiveDate, Utc};

use crate::validation::{Checker, Problem, ValidationErrors};
use crate::{
    ContactId, DeclineReason, PartnerId, Referral, ReferralId, ReferralStatus, Service,
    SharingConsent, StatusChange,
};

/// The referral form (the parts a person enters; status has its own form).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReferralInput {
    pub partner_id: Option<PartnerId>,
    pub contact_id: Option<ContactId>,
    pub received_on: String,
    pub participant: String,
    pub waiver_program: String,
    pub services: Vec<Service>,
    pub consent: SharingConsent,
}

impl ReferralInput {
    pub fn from_referral(r: &Referral) -> Self {
        Self {
            partner_id: Some(r.partner_id),
            contact_id: r.contact_id,
            received_on: r.received_on.to_string(),
            participant: r.participant.clone(),
            waiver_program: r.waiver_program.clone(),
            services: r.services.clone(),
            consent: r.consent,
        }
    }

    /// Checks the form against `today` (the agency's calendar day). `contact_partner` is the
    /// partner the chosen contact works at, looked up by the caller.
    ///
    /// A new referral (`existing` is `None`) starts its history as received on its date; an
    /// edited one keeps its history.
    pub fn validate(
        &self,
        id: ReferralId,
        existing: Option<&Referral>,
        contact_partner: Option<PartnerId>,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Referral, ValidationErrors> {
        let mut c = Checker::default();
        if self.partner_id.is_none() {
            c.fail("referral-partner", "Referring partner", Problem::Required);
        }
        if self.contact_id.is_some()
            && self.partner_id.is_some()
            && contact_partner != self.partner_id
        {
            c.fail("referral-contact", "Referring contact", Problem::ContactElsewhere);
        }
        let received_on = c.date("referral-received", "Date received", &self.received_on);
        if received_on.is_some_and(|d| d > today) {
            c.fail("referral-received", "Date received", Problem::Future);
        }
        let participant =
            c.text("referral-participant", "Participant", &self.participant, true, 60);
        let waiver_program =
            c.text("referral-waiver", "Waiver program", &self.waiver_program, false, 60);
        if self.services.is_empty() {
            c.fail("referral-services", "Services requested", Problem::NoService);
        }
        let mut services = self.services.clone();
        services.sort();
        services.dedup();
        let received_on = received_on.unwrap_or(today);
        c.finish(|| Referral {
            id,
            partner_id: self.partner_id.unwrap_or(PartnerId::from_parts(0, 0)),
            contact_id: self.contact_id,
            received_on,
            participant,
            waiver_program,
            services,
            consent: self.consent,
            dismissed: existing.map(|r| r.dismissed.clone()).unwrap_or_default(),
            disclosures: existing.map(|r| r.disclosures.clone()).unwrap_or_default(),
            follow_ups_set_aside_until: existing.and_then(|r| r.follow_ups_set_aside_until),
            status_history: match existing {
                Some(r) => r.status_history.clone(),
                None => vec![StatusChange {
                    status: ReferralStatus::Received,
                    on: received_on,
                    reason: None,
                    recorded_at: now,
                }],
            },
        })
    }
}

/// The "move this referral along" form.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusInput {
    pub status: ReferralStatus,
    pub on: String,
    pub reason: Option<DeclineReason>,
}

impl StatusInput {
    pub fn validate(
        &self,
        referral: &Referral,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<StatusChange, ValidationErrors> {
        let mut c = Checker::default();
        let on = c.date("status-on", "Date of change", &self.on);
        if let Some(on) = on {
            if on > today {
                c.fail("status-on", "Date of change", Problem::Future);
            } else if on < referral.received_on {
                c.fail(
                    "status-on",
                    "Date of change",
                    Problem::BeforeReceived(referral.received_on.to_string()),
                );
            }
        }
        let reason = match self.status {
            ReferralStatus::Declined => {
                if self.reason.is_none() {
                    c.fail("status-reason", "Reason", Problem::ReasonRequired);
                }
                self.reason
            }
            _ => None,
        };
        c.finish(|| StatusChange {
            status: self.status,
            on: on.unwrap_or(today),
            reason,
            recorded_at: now,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        "2026-11-26".parse().unwrap()
    }

    fn filled() -> ReferralInput {
        ReferralInput {
            partner_id: Some(PartnerId::from_parts(1, 1)),
            contact_id: None,
            received_on: "2026-11-20".into(),
            participant: "R.M.".into(),
            waiver_program: String::new(),
            services: vec![Service::Respite, Service::PersonalCare, Service::Respite],
            consent: SharingConsent::StatusOnly,
        }
    }

    #[test]
    fn a_new_referral_starts_received_on_its_date() {
        let r = filled()
            .validate(ReferralId::from_parts(1, 9), None, None, today(), Utc::now())
            .unwrap();
        assert_eq!(r.status(), ReferralStatus::Received);
        assert_eq!(r.status_since(), "2026-11-20".parse().unwrap());
        assert_eq!(r.services, vec![Service::PersonalCare, Service::Respite]);
    }

    #[test]
    fn future_dates_missing_services_and_foreign_contacts_are_refused() {
        let input = ReferralInput {
            received_on: "2026-11-27".into(),
            services: vec![],
            contact_id: Some(ContactId::from_parts(1, 3)),
            ..filled()
        };
        let errs = input
            .validate(
                ReferralId::from_parts(1, 9),
                None,
                Some(PartnerId::from_parts(1, 2)),
                today(),
                Utc::now(),
            )
            .unwrap_err();
        let fields: Vec<_> = errs.0.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["referral-contact", "referral-received", "referral-services"]);
    }

    #[test]
    fn declining_needs_a_reason_and_cannot_predate_the_referral() {
        let r = filled()
            .validate(ReferralId::from_parts(1, 9), None, None, today(), Utc::now())
            .unwrap();
        let input =
            StatusInput { status: ReferralStatus::Declined, on: "2026-11-19".into(), reason: None };
        let errs = input.validate(&r, today(), Utc::now()).unwrap_err();
        assert!(errs.for_field("status-reason").is_some());
        assert!(errs.for_field("status-on").unwrap().contains("2026-11-20"));
        let ok = StatusInput {
            on: "2026-11-21".into(),
            reason: Some(DeclineReason::NoCapacity),
            ..input
        };
        assert_eq!(
            ok.validate(&r, today(), Utc::now()).unwrap().reason,
            Some(DeclineReason::NoCapacity)
        );
    }
}
