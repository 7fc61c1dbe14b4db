//! The capture form at a fair table, checked into a `Lead`.
//!
//! Two rules protect the people met: no phone or email is kept without their consent to be
//! contacted (refused with a message, so staff ask), and a potential participant's lead keeps
//! only name, phone, consent and interest (organization, role, email and note are dropped, so
//! no health details are written before a referral exists).

use chrono::{DateTime, Utc};

use crate::validation::{Checker, Problem, ValidationErrors};
use crate::{EventId, Lead, LeadId, LeadInterest};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct LeadInput {
    pub name: String,
    pub organization: String,
    pub role: String,
    pub phone: String,
    pub email: String,
    pub interests: Vec<LeadInterest>,
    pub consent: bool,
    pub note: String,
}

impl LeadInput {
    /// Whether the person may need care: the form then shows only what is kept for them.
    pub fn is_potential_participant(&self) -> bool {
        self.interests.contains(&LeadInterest::PotentialParticipant)
    }

    /// Flips one interest chip.
    pub fn toggle(&mut self, interest: LeadInterest) {
        if let Some(at) = self.interests.iter().position(|&i| i == interest) {
            self.interests.remove(at);
        } else {
            self.interests.push(interest);
        }
    }

    /// The lead to save, captured by `by` at `at`.
    pub fn validate(
        &self,
        id: LeadId,
        event_id: EventId,
        at: DateTime<Utc>,
        by: &str,
    ) -> Result<Lead, ValidationErrors> {
        let mut c = Checker::default();
        let participant = self.is_potential_participant();
        let name = c.text("lead-name", "Name", &self.name, true, 120);
        let phone = c.phone("lead-phone", "Phone", &self.phone);
        let email =
            if participant { String::new() } else { c.email("lead-email", "Email", &self.email) };
        if !self.consent {
            if !phone.is_empty() {
                c.fail("lead-phone", "Phone", Problem::NeedsConsent);
            }
            if !email.is_empty() {
                c.fail("lead-email", "Email", Problem::NeedsConsent);
            }
        }
        if participant {
            if phone.is_empty() {
                c.fail(
                    "lead-phone",
                    "Phone (to call a potential participant back)",
                    Problem::Required,
                );
            }
            if !self.consent {
                c.fail(
                    "lead-consent",
                    "Agreement to be contacted (to call them back)",
                    Problem::Required,
                );
            }
        }
        let kept = |c: &mut Checker, field, label, value: &str, max| {
            if participant { String::new() } else { c.text(field, label, value, false, max) }
        };
        let organization =
            kept(&mut c, "lead-organization", "Organization", &self.organization, 200);
        let role = kept(&mut c, "lead-role", "Role", &self.role, 120);
        let note = kept(&mut c, "lead-note", "Note", &self.note, 500);
        let mut interests = self.interests.clone();
        interests.sort();
        interests.dedup();
        c.finish(|| Lead {
            name,
            organization,
            role,
            phone,
            email,
            interests,
            consent: self.consent,
            note,
            ..Lead::new(id, event_id, at, by)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> LeadInput {
        LeadInput {
            name: " Dana Lee ".into(),
            organization: "St. Mary's Hospital".into(),
            role: "Discharge planner".into(),
            phone: "(555) 123-4567".into(),
            email: "dana@stmarys.org".into(),
            interests: vec![LeadInterest::MayRefer, LeadInterest::WantsInformation],
            consent: true,
            note: "Wants the waiver brochure".into(),
        }
    }

    fn check(i: &LeadInput) -> Result<Lead, ValidationErrors> {
        let at = DateTime::from_timestamp(1_795_000_000, 0).unwrap();
        i.validate(LeadId::from_parts(1, 1), EventId::from_parts(1, 2), at, "Maria Lopez")
    }

    #[test]
    fn a_consenting_person_is_kept_with_everything_given() {
        let lead = check(&input()).unwrap();
        assert_eq!(lead.name, "Dana Lee");
        assert_eq!(lead.email, "dana@stmarys.org");
        assert_eq!(lead.interests, vec![LeadInterest::WantsInformation, LeadInterest::MayRefer]);
        assert_eq!(lead.triage, crate::LeadTriage::Open);
    }

    #[test]
    fn contact_details_without_consent_are_refused_with_a_reason() {
        let errors = check(&LeadInput { consent: false, ..input() }).unwrap_err();
        assert_eq!(
            errors.for_field("lead-phone").as_deref().map(|m| m.contains("agree to be contacted")),
            Some(true)
        );
        assert!(errors.for_field("lead-email").is_some());
        // Name and organization alone need no consent.
        let lead =
            check(&LeadInput { consent: false, phone: "".into(), email: "".into(), ..input() })
                .unwrap();
        assert!(lead.phone.is_empty() && lead.email.is_empty() && !lead.consent);
    }

    #[test]
    fn a_potential_participant_keeps_only_name_phone_consent_and_interest() {
        let mut i = input();
        i.toggle(LeadInterest::PotentialParticipant);
        i.note = "diabetic, uses a walker".into();
        let lead = check(&i).unwrap();
        assert_eq!(
            (lead.name.as_str(), lead.phone.as_str(), lead.consent),
            ("Dana Lee", "(555) 123-4567", true)
        );
        assert!(lead.organization.is_empty() && lead.role.is_empty());
        assert!(lead.email.is_empty() && lead.note.is_empty(), "no health details: {lead:?}");
        assert!(lead.is_potential_participant());
    }

    #[test]
    fn a_potential_participant_needs_a_phone_and_consent_to_be_called_back() {
        let mut i = LeadInput { name: "Ann".into(), ..LeadInput::default() };
        i.toggle(LeadInterest::PotentialParticipant);
        let errors = check(&i).unwrap_err();
        assert!(errors.for_field("lead-phone").is_some());
        assert!(errors.for_field("lead-consent").is_some());
    }

    #[test]
    fn a_name_is_required() {
        let errors = check(&LeadInput::default()).unwrap_err();
        assert!(errors.for_field("lead-name").is_some());
    }
}
