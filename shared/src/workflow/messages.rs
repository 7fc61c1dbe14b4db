//! Drafting messages to referrers from templates, sharing about the participant only what
//! they agreed to, and the links that hand a draft to the tablet's mail or messages app.

use chrono::NaiveDate;

use crate::{Code, Contact, Disclosed, Partner, PartnerKind, Referral, SharingConsent, Template};

/// A message ready to edit and send, and what it discloses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub subject: String,
    pub body: String,
    /// Participant information the draft contains, for the disclosure log.
    pub disclosed: Vec<Disclosed>,
    pub warnings: Vec<String>,
}

pub struct DraftFor<'a> {
    pub partner: &'a Partner,
    pub contact: Option<&'a Contact>,
    pub referral: Option<&'a Referral>,
    pub staff: &'a str,
}

fn allows(consent: SharingConsent, field: Disclosed) -> bool {
    let level = |c: SharingConsent| match c {
        SharingConsent::Nothing => 0,
        SharingConsent::StatusOnly => 1,
        SharingConsent::StatusAndServices => 2,
        SharingConsent::CareDetails => 3,
    };
    let needed = match field {
        Disclosed::Participant | Disclosed::Status => 1,
        // Why a referral was declined can be health information ("entered a facility").
        Disclosed::Services | Disclosed::Reason => 2,
        Disclosed::CareDetails => 3,
    };
    level(consent) >= needed
}

fn day(d: NaiveDate) -> String {
    d.format("%B %-d").to_string()
}

/// Every placeholder a template may use.
pub const PLACEHOLDERS: [&str; 8] =
    ["contact", "partner", "participant", "status", "services", "received", "reason", "staff"];

/// Placeholders in `text` that Rapport does not know (a typo would be sent as typed).
pub fn unknown_placeholders(text: &str) -> Vec<String> {
    let mut unknown = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !PLACEHOLDERS.contains(&name) && !unknown.iter().any(|u| u == name) {
            unknown.push(name.to_string());
        }
        rest = &after[close + 1..];
    }
    unknown
}

/// Fills `template`. A placeholder whose information the participant did not agree to share is
/// replaced by neutral wording, never by the information.
pub fn draft(template: &Template, ctx: &DraftFor<'_>) -> Draft {
    let consent = ctx.referral.map_or(SharingConsent::Nothing, |r| r.consent);
    let mut disclosed = Vec::new();
    let mut warnings = Vec::new();
    let mut fill = |text: &str| -> String {
        let mut out = text.to_string();
        let mut put = |name: &str, value: String, field: Option<Disclosed>| {
            let placeholder = format!("{{{name}}}");
            if out.contains(&placeholder) {
                if let Some(f) = field
                    && !disclosed.contains(&f)
                {
                    disclosed.push(f);
                }
                out = out.replace(&placeholder, &value);
            }
        };
        put(
            "contact",
            ctx.contact
                .map_or_else(|| format!("colleagues at {}", ctx.partner.name), |c| c.name.clone()),
            None,
        );
        put("partner", ctx.partner.name.clone(), None);
        put("staff", ctx.staff.to_string(), None);
        if let Some(r) = ctx.referral {
            put("received", day(r.received_on), None);
            let reason = r
                .current()
                .and_then(|c| c.reason)
                .map(|x| format!(" ({})", x.label().to_lowercase()));
            if allows(consent, Disclosed::Participant) {
                put("participant", r.participant.clone(), Some(Disclosed::Participant));
            } else {
                put("participant", "the person you referred".into(), None);
            }
            if allows(consent, Disclosed::Status) {
                put("status", r.status().label().to_lowercase(), Some(Disclosed::Status));
            } else {
                put("status", "we have followed up".into(), None);
                put("reason", String::new(), None);
            }
            match reason.filter(|_| allows(consent, Disclosed::Reason)) {
                Some(reason) => put("reason", reason, Some(Disclosed::Reason)),
                None => put("reason", String::new(), None),
            }
            if allows(consent, Disclosed::Services) {
                let services: Vec<String> =
                    r.services.iter().map(|s| s.label().to_lowercase()).collect();
                put("services", services.join(" and "), Some(Disclosed::Services));
            } else {
                put("services", "our services".into(), None);
            }
        } else {
            for (name, neutral) in [
                ("participant", "the person you referred"),
                ("status", ""),
                ("reason", ""),
                ("services", "our services"),
                ("received", "recently"),
            ] {
                put(name, neutral.into(), None);
            }
        }
        out
    };
    let subject = fill(&template.subject);
    let body = fill(&template.body);
    if ctx.referral.is_some_and(|r| r.consent == SharingConsent::Nothing) {
        warnings.push("The participant has not agreed to share anything, so this message names no one and gives no status.".into());
    }
    if matches!(ctx.partner.kind, PartnerKind::Community | PartnerKind::Other)
        && !disclosed.is_empty()
    {
        warnings.push(format!(
            "{} is not a covered health care entity. Share participant details only with the participant's written permission.",
            ctx.partner.name
        ));
    }
    Draft { subject, body, disclosed, warnings }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Opens the tablet's mail app with the draft; it waits in the outbox if offline.
pub fn mailto(to: &str, draft: &Draft) -> String {
    format!(
        "mailto:{}?subject={}&body={}",
        encode(to.trim()),
        encode(&draft.subject),
        encode(&draft.body)
    )
}

/// Opens the tablet's messages app with the draft's text.
pub fn sms(to: &str, draft: &Draft) -> String {
    let number: String = to.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    format!("sms:{number}?body={}", encode(&draft.body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{SampleSize, generate};
    use crate::{AgencyPolicy, Purpose, ReferralStatus, StatusChange, Template};

    fn setup(consent: SharingConsent, kind: PartnerKind) -> (Partner, Contact, Referral) {
        let s = generate(SampleSize::Demo, "2026-11-26".parse().unwrap(), 4);
        let mut partner = s.partners[0].clone();
        partner.kind = kind;
        let contact = s.contacts[0].clone();
        let mut r = s.referrals[0].clone();
        r.participant = "J.R.".into();
        r.consent = consent;
        r.services = vec![crate::Service::Respite];
        r.status_history.push(StatusChange {
            status: ReferralStatus::ServicesStarted,
            on: r.received_on,
            reason: None,
            recorded_at: chrono::Utc::now(),
        });
        (partner, contact, r)
    }

    fn progress() -> Template {
        AgencyPolicy::default().template(Purpose::ProgressUpdate).unwrap().clone()
    }

    #[test]
    fn with_status_only_consent_the_update_names_the_status_but_not_the_services() {
        let (p, c, r) = setup(SharingConsent::StatusOnly, PartnerKind::Hospital);
        let d = draft(
            &progress(),
            &DraftFor { partner: &p, contact: Some(&c), referral: Some(&r), staff: "Ana Ruiz" },
        );
        assert!(d.body.contains("J.R.") && d.body.contains("services started"));
        assert!(!d.body.to_lowercase().contains("respite"));
        assert!(
            d.body.contains("our services")
                && d.body.contains(&c.name)
                && d.body.ends_with("Ana Ruiz")
        );
        assert_eq!(d.disclosed, vec![Disclosed::Participant, Disclosed::Status]);
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn with_no_consent_nothing_about_the_participant_is_shared() {
        let (p, c, r) = setup(SharingConsent::Nothing, PartnerKind::Hospital);
        let d = draft(
            &progress(),
            &DraftFor { partner: &p, contact: Some(&c), referral: Some(&r), staff: "Ana" },
        );
        assert!(!d.body.contains("J.R.") && !d.body.contains("started"));
        assert!(d.disclosed.is_empty());
        assert_eq!(d.warnings.len(), 1);
    }

    #[test]
    fn a_community_organization_gets_a_warning_when_details_are_included() {
        let (p, c, r) = setup(SharingConsent::StatusAndServices, PartnerKind::Community);
        let d = draft(
            &progress(),
            &DraftFor { partner: &p, contact: Some(&c), referral: Some(&r), staff: "Ana" },
        );
        assert!(d.body.contains("respite"));
        assert!(d.warnings.iter().any(|w| w.contains("not a covered")));
    }

    #[test]
    fn links_carry_the_draft_encoded() {
        let d = Draft {
            subject: "Hi & thanks".into(),
            body: "Line one\nLine two".into(),
            disclosed: vec![],
            warnings: vec![],
        };
        assert_eq!(
            mailto("dana@x.org", &d),
            "mailto:dana%40x.org?subject=Hi%20%26%20thanks&body=Line%20one%0ALine%20two"
        );
        assert_eq!(sms("(555) 201-3000", &d), "sms:5552013000?body=Line%20one%0ALine%20two");
    }

    #[test]
    fn a_decline_reason_is_shared_only_with_consent_beyond_the_status() {
        let notice = AgencyPolicy::default().template(Purpose::DecisionNotice).unwrap().clone();
        for (consent, shared) in
            [(SharingConsent::StatusOnly, false), (SharingConsent::StatusAndServices, true)]
        {
            let (p, c, mut r) = setup(consent, PartnerKind::Hospital);
            r.status_history.truncate(1);
            r.status_history.push(StatusChange {
                status: ReferralStatus::Declined,
                on: r.received_on.succ_opt().unwrap(),
                reason: Some(crate::DeclineReason::EnteredFacility),
                recorded_at: chrono::Utc::now(),
            });
            let d = draft(
                &notice,
                &DraftFor { partner: &p, contact: Some(&c), referral: Some(&r), staff: "Ana" },
            );
            assert_eq!(d.body.contains("facility"), shared, "{consent:?}: {}", d.body);
            assert_eq!(d.disclosed.contains(&Disclosed::Reason), shared);
        }
    }

    #[test]
    fn the_thank_you_reads_well_with_and_without_consent() {
        let thanks = AgencyPolicy::default().template(Purpose::ThankYou).unwrap().clone();
        let (p, c, r) = setup(SharingConsent::Nothing, PartnerKind::Hospital);
        let ctx = DraftFor { partner: &p, contact: Some(&c), referral: Some(&r), staff: "Ana" };
        let body = draft(&thanks, &ctx).body;
        assert!(body.contains("we will reach out to the person you referred within one"), "{body}");
        assert!(!body.contains("referring the person you referred"), "{body}");
        let (p, c, r) = setup(SharingConsent::StatusOnly, PartnerKind::Hospital);
        let ctx = DraftFor { partner: &p, contact: Some(&c), referral: Some(&r), staff: "Ana" };
        assert!(draft(&thanks, &ctx).body.contains("we will reach out to J.R. within one"));
    }

    #[test]
    fn every_default_template_reads_as_sentences_at_every_consent_level() {
        let consents = [
            SharingConsent::Nothing,
            SharingConsent::StatusOnly,
            SharingConsent::StatusAndServices,
            SharingConsent::CareDetails,
        ];
        for t in AgencyPolicy::default().templates {
            for consent in consents {
                let (p, c, r) = setup(consent, PartnerKind::Hospital);
                // Referral messages are only drafted from a referral; the invitation from both.
                let about_partner = t.purpose == Purpose::Appreciation;
                for referral in
                    [Some(&r), None].into_iter().filter(|x| x.is_some() || about_partner)
                {
                    let ctx = DraftFor { partner: &p, contact: Some(&c), referral, staff: "Ana" };
                    let d = draft(&t, &ctx);
                    for awkward in
                        ["{", "  ", " .", ": .", ", .", "referred to us", "with our services"]
                    {
                        assert!(
                            !d.body.contains(awkward),
                            "{:?} {consent:?}: {}",
                            t.purpose,
                            d.body
                        );
                    }
                    let sentences = d.body.matches(". ").count() + d.body.matches(".\n").count();
                    assert!(sentences >= 1, "{:?}: {}", t.purpose, d.body);
                }
            }
        }
    }

    #[test]
    fn a_team_that_never_edited_an_old_default_gets_the_new_wording_and_edits_are_kept() {
        let old = Template {
            purpose: Purpose::ThankYou,
            subject: "Thanks!".into(),
            body: "Dear {contact},\n\nThank you for referring {participant} to us on {received}. We have it and will reach out within one business day. If anything changes on your side, just reply to this message.\n\nWith thanks,\n{staff}".into(),
        };
        let upgraded = AgencyPolicy::upgraded(old.clone());
        assert_eq!(upgraded.subject, "Thanks!", "the subject is the team's");
        assert!(upgraded.body.contains("we will reach out to {participant}"));
        let edited = Template { body: format!("{} See you Friday.", old.body), ..old };
        assert_eq!(AgencyPolicy::upgraded(edited.clone()), edited);
    }

    #[test]
    fn misspelt_placeholders_are_found_and_known_ones_are_not() {
        assert_eq!(
            unknown_placeholders("Dear {contcat}, about {participant} {x}{x}"),
            ["contcat", "x"]
        );
        for t in AgencyPolicy::default().templates {
            assert!(
                unknown_placeholders(&t.subject).is_empty()
                    && unknown_placeholders(&t.body).is_empty()
            );
        }
        assert!(unknown_placeholders("no braces, or an open { only").is_empty());
    }
}
