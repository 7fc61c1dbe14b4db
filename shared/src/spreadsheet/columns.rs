//! Which Rapport field each spreadsheet column holds: suggested from the header names agencies
//! actually use, and the words they write for kinds, tiers and roles.

use crate::model::Code;
use crate::{ContactRole, PartnerKind, PartnerTier};

/// A field a column can fill. Each is filled by one column at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Organization,
    Kind,
    Tier,
    OrganizationPhone,
    Address,
    Tags,
    Notes,
    ContactName,
    Role,
    Email,
    ContactPhone,
}

impl Column {
    pub const ALL: [Column; 11] = [
        Column::Organization,
        Column::Kind,
        Column::Tier,
        Column::OrganizationPhone,
        Column::Address,
        Column::Tags,
        Column::Notes,
        Column::ContactName,
        Column::Role,
        Column::Email,
        Column::ContactPhone,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Column::Organization => "Organization name",
            Column::Kind => "Kind of organization",
            Column::Tier => "Tier",
            Column::OrganizationPhone => "Organization phone",
            Column::Address => "Address",
            Column::Tags => "Tags",
            Column::Notes => "Notes",
            Column::ContactName => "Contact name",
            Column::Role => "Contact role",
            Column::Email => "Contact email",
            Column::ContactPhone => "Contact phone",
        }
    }

    fn headers(self) -> &'static [&'static str] {
        match self {
            Column::Organization => &[
                "organization",
                "organisation",
                "org",
                "organization name",
                "agency",
                "facility",
                "company",
                "partner",
                "partner name",
                "referral source",
                "practice",
                "employer",
            ],
            Column::Kind => &["kind", "type", "partner type", "organization type", "category"],
            Column::Tier => &["tier", "priority", "level", "partner tier"],
            Column::OrganizationPhone => &[
                "main phone",
                "office phone",
                "org phone",
                "organization phone",
                "agency phone",
                "facility phone",
            ],
            Column::Address => &["address", "street", "street address", "location"],
            Column::Tags => &["tags", "labels", "tag"],
            Column::Notes => &["notes", "note", "comments", "comment"],
            Column::ContactName => {
                &["contact", "contact name", "name", "full name", "person", "contact person"]
            }
            Column::Role => &["role", "title", "job title", "position", "contact role"],
            Column::Email => {
                &["email", "e mail", "email address", "e mail address", "contact email", "mail"]
            }
            Column::ContactPhone => &[
                "phone",
                "phone number",
                "telephone",
                "tel",
                "mobile",
                "cell",
                "direct phone",
                "contact phone",
                "direct line",
            ],
        }
    }
}

/// "E-mail Address " and "email address" are one header.
fn normalise(header: &str) -> String {
    header
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A suggested field for each header, or none; each field is suggested once, to the first
/// column that names it. A lone "Name" with no organization column is the organization's.
pub fn suggest_columns(headers: &[String]) -> Vec<Option<Column>> {
    let mut used: Vec<Column> = Vec::new();
    let mut mapping: Vec<Option<Column>> = headers
        .iter()
        .map(|header| {
            let header = normalise(header);
            let column = Column::ALL
                .into_iter()
                .find(|c| !used.contains(c) && c.headers().contains(&header.as_str()))?;
            used.push(column);
            Some(column)
        })
        .collect();
    if !used.contains(&Column::Organization) {
        let lone_name = headers.iter().position(|h| normalise(h) == "name");
        if let Some(slot) = lone_name.and_then(|i| mapping.get_mut(i)) {
            *slot = Some(Column::Organization);
        }
    }
    mapping
}

/// Fields that more than one column is set to fill: a row keeps only one cell per field, so
/// the import waits until staff choose which column it reads.
pub fn columns_set_twice(mapping: &[Option<Column>]) -> Vec<Column> {
    Column::ALL
        .into_iter()
        .filter(|c| mapping.iter().filter(|m| **m == Some(*c)).count() > 1)
        .collect()
}

/// Whether `text` holds one of `words`: short ones ("rn", "md") only as whole words, so
/// "intern" is not a nurse.
fn matches(text: &str, words: &[&str]) -> bool {
    words.iter().any(
        |w| {
            if w.len() <= 3 { text.split(' ').any(|t| t == *w) } else { text.contains(w) }
        },
    )
}

/// The kind a spreadsheet wrote; empty is "Other"; `None` for a word Rapport cannot place.
pub fn parse_kind(text: &str) -> Option<PartnerKind> {
    let text = normalise(text);
    if text.is_empty() {
        return Some(PartnerKind::Other);
    }
    if let Some(kind) =
        PartnerKind::ALL.iter().find(|k| normalise(k.label()) == text || k.code() == text)
    {
        return Some(*kind);
    }
    Some(if matches(&text, &["hospital", "medical center", "health system"]) {
        PartnerKind::Hospital
    } else if matches(&text, &["physician", "doctor", "clinic", "practice", "primary care"]) {
        PartnerKind::PhysicianPractice
    } else if matches(&text, &["area agency", "aaa"]) {
        PartnerKind::AreaAgencyOnAging
    } else if matches(&text, &["case management", "care management"]) {
        PartnerKind::CaseManagement
    } else if matches(&text, &["managed care", "mco", "health plan", "insurer"]) {
        PartnerKind::ManagedCare
    } else if matches(&text, &["community", "church", "senior center", "nonprofit", "non profit"]) {
        PartnerKind::Community
    } else {
        return None;
    })
}

/// The tier a spreadsheet wrote; empty is "Regular"; `None` for a word Rapport cannot place.
pub fn parse_tier(text: &str) -> Option<PartnerTier> {
    match normalise(text).as_str() {
        "" | "regular" | "b" | "medium" | "normal" => Some(PartnerTier::Regular),
        "key" | "key partner" | "a" | "high" | "top" => Some(PartnerTier::Key),
        "occasional" | "c" | "low" => Some(PartnerTier::Occasional),
        _ => None,
    }
}

/// A contact's role from a job title; titles are free-form, so anything unplaced is "Other".
pub fn parse_role(text: &str) -> ContactRole {
    let text = normalise(text);
    if matches(&text, &["discharge"]) {
        ContactRole::DischargePlanner
    } else if matches(&text, &["social work", "msw", "lcsw"]) {
        ContactRole::SocialWorker
    } else if matches(
        &text,
        &["case manager", "care manager", "care coordinator", "case management"],
    ) {
        ContactRole::CaseManager
    } else if matches(&text, &["nurse", "rn", "lpn", "np"]) && !text.contains("manager") {
        ContactRole::Nurse
    } else if matches(&text, &["physician", "doctor", "md", "do", "dr"]) {
        ContactRole::Physician
    } else {
        ContactRole::Other
    }
}
