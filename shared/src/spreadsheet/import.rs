//! Planning an import: each row checked with the forms' own validation, rows of one
//! organization gathered into one partner, and likely duplicates (of existing records or of
//! earlier rows) found before anything is written. Staff choose merge or skip per duplicate;
//! the plan is recomputed, so what they see is what is written.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::columns::{Column, parse_kind, parse_role, parse_tier};
use super::text::Table;
use crate::input::{ContactInput, PartnerInput};
use crate::network::duplicates::{
    Because, DuplicateIndex, Existing, PersonMet, email_key, name_key, organization_key, phone_key,
};
use crate::{Contact, ContactId, Partner, PartnerId, PreferredChannel};

/// What staff chose for a row that looks like a duplicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// Use the existing record (the row adds nothing new to it).
    Merge,
    /// Leave the row out.
    Skip,
    /// It is someone else after all: import the row as new.
    ImportAsNew,
}

/// Which of a row's records a duplicate is about: a row may name a known organization and a
/// new person, or the reverse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subject {
    Partner,
    Contact,
}

/// Staff's resolutions, by file line and the record they are about.
pub type Choices = HashMap<(usize, Subject), Resolution>;

/// What a row looks like a duplicate of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DuplicateOf {
    Existing(Existing),
    /// An earlier row of the same file (file line number).
    EarlierRow(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct RowDuplicate {
    /// The line in the file (the header is line 1).
    pub line: usize,
    pub subject: Subject,
    pub of: DuplicateOf,
    pub because: Vec<Because>,
    /// What will happen: staff's choice, or merge by default.
    pub resolution: Resolution,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: usize,
    /// Each problem, as the forms word it ("Email must be an address like name@example.org").
    pub messages: Vec<String>,
}

/// What the import will write.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportPlan {
    pub new_partners: Vec<Partner>,
    pub new_contacts: Vec<Contact>,
    pub problems: Vec<RowProblem>,
    pub duplicates: Vec<RowDuplicate>,
    /// Rows skipped as duplicates (by choice or by default).
    pub skipped: usize,
}

/// A row's cells by field.
struct Row<'a> {
    cells: HashMap<Column, &'a str>,
}

impl Row<'_> {
    fn get(&self, column: Column) -> &str {
        self.cells.get(&column).copied().unwrap_or("")
    }
}

/// Undoes an export's protection against formulas, so an exported file imports unchanged.
fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// Plans the import of `table` read with `mapping` (one field or none per column), against
/// the records indexed in `index`. `choices` holds staff's resolutions.
pub fn plan_import(
    table: &Table,
    mapping: &[Option<Column>],
    index: &DuplicateIndex,
    choices: &Choices,
    now: DateTime<Utc>,
) -> ImportPlan {
    let mut plan = ImportPlan::default();
    // Partners met so far in the file, by organization key: the partner rows attach to.
    let mut organizations: HashMap<String, PartnerId> = HashMap::new();
    // Contacts met so far in the file: email, phone and name-at-organization keys → line.
    let mut people: HashMap<String, usize> = HashMap::new();
    for (i, cells) in table.rows.iter().enumerate() {
        let line = i + 2;
        let row = Row {
            cells: mapping
                .iter()
                .zip(cells)
                .filter_map(|(column, cell)| Some(((*column)?, unneutralise(cell))))
                .collect(),
        };
        let organization = row.get(Column::Organization);
        if organization.is_empty() {
            let messages = vec![
                "Organization name is required: every partner and contact belongs to one".into(),
            ];
            plan.problems.push(RowProblem { line, messages });
            continue;
        }
        let key = organization_key(organization);
        let partner_id = match organizations.get(&key) {
            Some(id) => *id,
            None => match plan_partner(&row, line, index, choices, now, &mut plan) {
                Some(id) => {
                    organizations.insert(key, id);
                    id
                }
                None => continue,
            },
        };
        if !row.get(Column::ContactName).is_empty() {
            plan_contact(&row, line, partner_id, index, choices, &mut people, now, &mut plan);
        }
    }
    plan
}

/// The existing partner this row's organization is, the new one it makes, or none (a
/// problem or a skip, already recorded).
fn plan_partner(
    row: &Row,
    line: usize,
    index: &DuplicateIndex,
    choices: &Choices,
    now: DateTime<Utc>,
    plan: &mut ImportPlan,
) -> Option<PartnerId> {
    let organization = row.get(Column::Organization);
    let met = PersonMet { organization, ..PersonMet::default() };
    let similar = index.likely_duplicates(&met).into_iter().find_map(|d| match d.existing {
        Existing::Partner(p) => Some((p, d.because)),
        Existing::Contact(_) => None,
    });
    if let Some((existing, because)) = similar {
        let subject = Subject::Partner;
        let resolution = choices.get(&(line, subject)).copied().unwrap_or(Resolution::Merge);
        let of = DuplicateOf::Existing(Existing::Partner(existing));
        plan.duplicates.push(RowDuplicate { line, subject, of, because, resolution });
        match resolution {
            Resolution::Merge => return Some(existing),
            Resolution::Skip => {
                plan.skipped += 1;
                return None;
            }
            Resolution::ImportAsNew => {}
        }
    }
    let mut messages = Vec::new();
    let kind = parse_kind(row.get(Column::Kind)).unwrap_or_else(|| {
        messages.push(format!(
            "Kind \"{}\" is not one Rapport knows: write Hospital, Physician practice, Case-management agency, Area Agency on Aging, Community organization, MCO or Other",
            row.get(Column::Kind)
        ));
        crate::PartnerKind::Other
    });
    let tier = parse_tier(row.get(Column::Tier)).unwrap_or_else(|| {
        messages
            .push(format!("Tier \"{}\" is not Key, Regular or Occasional", row.get(Column::Tier)));
        crate::PartnerTier::Regular
    });
    // A sheet without contacts keeps the organization's number in its only phone column.
    let phone = match row.get(Column::OrganizationPhone) {
        "" if row.get(Column::ContactName).is_empty() => row.get(Column::ContactPhone),
        phone => phone,
    };
    let input = PartnerInput {
        kind,
        name: organization.into(),
        address: row.get(Column::Address).into(),
        phone: phone.into(),
        tier,
        tags: row.get(Column::Tags).into(),
        notes: row.get(Column::Notes).into(),
        ..PartnerInput::default()
    };
    let partner = input.validate(PartnerId::generate(now), false);
    match (partner, messages.is_empty()) {
        (Ok(partner), true) => {
            let id = partner.id;
            plan.new_partners.push(partner);
            Some(id)
        }
        (result, _) => {
            messages.extend(result.err().into_iter().flat_map(|e| e.0).map(|e| e.to_string()));
            plan.problems.push(RowProblem { line, messages });
            None
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn plan_contact(
    row: &Row,
    line: usize,
    partner_id: PartnerId,
    index: &DuplicateIndex,
    choices: &Choices,
    people: &mut HashMap<String, usize>,
    now: DateTime<Utc>,
    plan: &mut ImportPlan,
) {
    let (name, email, phone) =
        (row.get(Column::ContactName), row.get(Column::Email), row.get(Column::ContactPhone));
    let keys: Vec<String> = [
        email_key(email).map(|e| format!("email {e}")),
        phone_key(phone).map(|p| format!("phone {p}")),
        Some(format!("name {} at {partner_id}", name_key(name))),
    ]
    .into_iter()
    .flatten()
    .collect();
    let earlier = keys.iter().find_map(|k| people.get(k).copied());
    let met = PersonMet { name, organization: row.get(Column::Organization), phone, email };
    let existing = index.likely_duplicates(&met).into_iter().find(|d| {
        matches!(d.existing, Existing::Contact(_))
            && (d.because.contains(&Because::SameEmail)
                || d.because.contains(&Because::SamePhone)
                || d.because.contains(&Because::AtSimilarOrganization))
    });
    let found = match (earlier, existing) {
        (Some(first), _) => Some((DuplicateOf::EarlierRow(first), Vec::new())),
        (None, Some(d)) => Some((DuplicateOf::Existing(d.existing), d.because)),
        (None, None) => None,
    };
    if let Some((of, because)) = found {
        let subject = Subject::Contact;
        let resolution = choices.get(&(line, subject)).copied().unwrap_or(Resolution::Merge);
        plan.duplicates.push(RowDuplicate { line, subject, of, because, resolution });
        match resolution {
            Resolution::Merge | Resolution::Skip => {
                plan.skipped += 1;
                return;
            }
            Resolution::ImportAsNew => {}
        }
    }
    let preferred_channel = if phone.trim().is_empty() && !email.trim().is_empty() {
        PreferredChannel::Email
    } else {
        PreferredChannel::Phone
    };
    let input = ContactInput {
        partner_id: Some(partner_id),
        name: name.into(),
        role: parse_role(row.get(Column::Role)),
        email: email.into(),
        phone: phone.into(),
        preferred_channel,
    };
    match input.validate(ContactId::generate(now), false) {
        Ok(contact) => {
            keys.into_iter().for_each(|k| {
                people.entry(k).or_insert(line);
            });
            plan.new_contacts.push(contact);
        }
        Err(errors) => {
            let messages = errors.0.iter().map(ToString::to_string).collect();
            plan.problems.push(RowProblem { line, messages });
        }
    }
}
