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
    unknown_in(text, &PLACEHOLDERS)
}

/// Placeholders in `text` that are not among `known`.
pub fn unknown_in(text: &str, known: &[&str]) -> Vec<String> {
    let mut unknown = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !known.contains(&name) && !unknown.iter().any(|u| u == name) {
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

/// Opens the mail app with one message to everyone in `bcc`, so invitees do not see each
/// other's addresses.
pub fn mailto_bcc(bcc: &[String], subject: &str, body: &str) -> String {
    let to: Vec<String> = bcc.iter().map(|a| encode(a.trim())).collect();
    format!("mailto:?bcc={}&subject={}&body={}", to.join(","), encode(subject), encode(body))
}

/// Opens the tablet's messages app with the draft's text.
pub fn sms(to: &str, draft: &Draft) -> String {
    let number: String = to.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    format!("sms:{number}?body={}", encode(&draft.body))
}

/// Dials the number on a tablet or phone that can call.
pub fn tel(to: &str) -> String {
    let number: String = to.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    format!("tel:{number}")
}

/// What to say on the phone to a contact who prefers calls: the draft's message without the
/// letter's greeting and signature, between an opening and a closing line.
pub fn call_script(draft: &Draft, contact: &str, staff: &str) -> Vec<String> {
    let mut paragraphs: Vec<&str> =
        draft.body.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).collect();
    if paragraphs.first().is_some_and(|p| p.starts_with("Dear ")) {
        paragraphs.remove(0);
    }
    if !staff.trim().is_empty() && paragraphs.last().is_some_and(|p| p.ends_with(staff.trim())) {
        paragraphs.pop();
    }
    let mut script =
        vec![format!("Ask for {contact}; say you are {staff}, calling from our agency.")];
    script.extend(paragraphs.into_iter().map(|p| p.replace('\n', " ")));
    script.push("Ask whether they have any questions, and thank them for their time.".into());
    script
}
#[cfg(test)]
mod tests;
