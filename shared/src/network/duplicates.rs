//! Who a person met at a fair may already be: contacts with the same email, phone or name, and
//! partners whose name reads like the organization they gave ("St. Mary's Hospital" and
//! "Saint Marys Hosp."). Triage offers these first, so one tap links instead of duplicating.
//!
//! The index is built once per triage session; each look-up then touches only the keys it
//! shares with the person plus one pass over partner names, which stays well under a
//! millisecond per person for thousands of partners.

use std::collections::HashMap;

use super::ReferralNetwork;
use crate::{ContactId, PartnerId};

/// What a person gave at the table; any part may be blank.
#[derive(Debug, Clone, Copy, Default)]
pub struct PersonMet<'a> {
    pub name: &'a str,
    pub organization: &'a str,
    pub phone: &'a str,
    pub email: &'a str,
}

/// An existing record the person may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Existing {
    Contact(ContactId),
    Partner(PartnerId),
}

/// Why a record was offered, shown to staff so they can judge it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Because {
    SameEmail,
    SamePhone,
    SameName,
    /// Works at a partner whose name reads like the organization given.
    AtSimilarOrganization,
    /// A partner whose name reads like the organization given, similarity in percent.
    SimilarName(u8),
}

#[derive(Debug, Clone, PartialEq)]
pub struct LikelyDuplicate {
    pub existing: Existing,
    pub because: Vec<Because>,
    score: u32,
}

/// Partner names this similar (`similarity`, in percent) are offered.
const SIMILAR_ORGANIZATION: u8 = 70;
/// At most this many are offered: triage is one screen, not a search.
const OFFERED: usize = 5;

/// Contacts and partners keyed the ways a person met might match them.
#[derive(Debug, Default)]
pub struct DuplicateIndex {
    by_email: HashMap<String, Vec<ContactId>>,
    by_phone: HashMap<String, Vec<Existing>>,
    by_name: HashMap<String, Vec<ContactId>>,
    partners: Vec<(PartnerId, Vec<Word>)>,
    /// How many partner names use each word: "medical" says little, "riverside" a lot.
    names_with: HashMap<String, u32>,
    works_at: HashMap<ContactId, PartnerId>,
}

/// A word of an organization's name, kept as letters for spotting typos.
#[derive(Debug)]
struct Word {
    text: String,
    letters: Vec<char>,
}

impl Word {
    fn new(text: &str) -> Self {
        Word { text: text.to_string(), letters: text.chars().collect() }
    }

    /// The same word, its abbreviation ("Med" for medicine or medical), or one typed with a slip
    /// ("Rivreside"): one letter wrong, missing, extra or swapped, two in longer words.
    fn reads_like(&self, other: &Word) -> bool {
        let allowed = match self.letters.len().min(other.letters.len()) {
            0..5 => 0,
            5..8 => 1,
            _ => 2,
        };
        let (short, long) = if self.text.len() <= other.text.len() {
            (&self.text, &other.text)
        } else {
            (&other.text, &self.text)
        };
        short == long
            || (short.len() >= 3 && long.starts_with(short.as_str()))
            || (allowed > 0 && typos(&self.letters, &other.letters, allowed) <= allowed)
    }
}

impl DuplicateIndex {
    /// Indexes every contact and partner that is not archived.
    pub fn new(network: &ReferralNetwork) -> Self {
        let mut index = DuplicateIndex::default();
        for partner in network.partners().filter(|p| !p.archived) {
            if let Some(phone) = phone_key(&partner.phone) {
                index.by_phone.entry(phone).or_default().push(Existing::Partner(partner.id));
            }
            let words: Vec<Word> =
                organization_key(&partner.name).split(' ').map(Word::new).collect();
            for word in &words {
                *index.names_with.entry(word.text.clone()).or_default() += 1;
            }
            index.partners.push((partner.id, words));
            for contact in network.contacts_of(partner.id).into_iter().filter(|c| !c.archived) {
                index.works_at.insert(contact.id, partner.id);
                if let Some(email) = email_key(&contact.email) {
                    index.by_email.entry(email).or_default().push(contact.id);
                }
                if let Some(phone) = phone_key(&contact.phone) {
                    index.by_phone.entry(phone).or_default().push(Existing::Contact(contact.id));
                }
                let name = name_key(&contact.name);
                if !name.is_empty() {
                    index.by_name.entry(name).or_default().push(contact.id);
                }
            }
        }
        index
    }

    /// The records `person` most likely is, strongest first.
    pub fn likely_duplicates(&self, person: &PersonMet) -> Vec<LikelyDuplicate> {
        let mut found: HashMap<Existing, Vec<Because>> = HashMap::new();
        let mut note = |existing, because| found.entry(existing).or_default().push(because);
        if let Some(ids) = email_key(person.email).and_then(|e| self.by_email.get(&e)) {
            ids.iter().for_each(|&c| note(Existing::Contact(c), Because::SameEmail));
        }
        if let Some(hits) = phone_key(person.phone).and_then(|p| self.by_phone.get(&p)) {
            hits.iter().for_each(|&e| note(e, Because::SamePhone));
        }
        let similar = self.similar_partners(person.organization);
        for &(partner, percent) in &similar {
            note(Existing::Partner(partner), Because::SimilarName(percent));
        }
        if let Some(ids) = self.by_name.get(&name_key(person.name)) {
            for &c in ids {
                note(Existing::Contact(c), Because::SameName);
                let at = self.works_at.get(&c);
                if similar.iter().any(|(p, _)| Some(p) == at) {
                    note(Existing::Contact(c), Because::AtSimilarOrganization);
                }
            }
        }
        let mut offered: Vec<LikelyDuplicate> = found
            .into_iter()
            .map(|(existing, because)| LikelyDuplicate {
                existing,
                score: because.iter().map(weight).sum(),
                because,
            })
            .collect();
        offered.sort_by(|a, b| b.score.cmp(&a.score).then(a.existing.cmp(&b.existing)));
        offered.truncate(OFFERED);
        offered
    }

    fn similar_partners(&self, organization: &str) -> Vec<(PartnerId, u8)> {
        let key = organization_key(organization);
        if key.is_empty() {
            return vec![];
        }
        let given: Vec<Word> = key.split(' ').map(Word::new).collect();
        self.partners
            .iter()
            .map(|(id, words)| (*id, self.similarity(&given, words)))
            .filter(|&(_, percent)| percent >= SIMILAR_ORGANIZATION)
            .collect()
    }

    /// Shared words weighted by how rare they are among partner names, in percent: "Adams
    /// Family Medicine" and "Baker Family Medicine" share common words and little else.
    fn similarity(&self, given: &[Word], name: &[Word]) -> u8 {
        let weight = |word: &Word| {
            let partners = self.partners.len().max(1) as f64;
            let with = f64::from(self.names_with.get(&word.text).copied().unwrap_or(1));
            (partners / with).ln() + 1.0
        };
        let matched: f64 =
            given.iter().filter_map(|g| name.iter().find(|n| g.reads_like(n))).map(weight).sum();
        let total: f64 = given.iter().chain(name).map(weight).sum();
        let percent = (200.0 * matched / total).round().clamp(0.0, 100.0);
        percent as u8
    }
}

/// An email is one address whatever its case or surrounding spaces.
pub fn email_key(email: &str) -> Option<String> {
    let email = email.trim().to_lowercase();
    email.contains('@').then_some(email)
}

/// A phone number's digits, without a leading US country code; too short to be a number is none.
pub fn phone_key(phone: &str) -> Option<String> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let digits = match digits.strip_prefix('1') {
        Some(rest) if digits.len() == 11 => rest.to_string(),
        _ => digits,
    };
    (digits.len() >= 7).then_some(digits)
}

/// A person's name in lower case, words only: "Dana  Lee-Smith" and "dana lee smith" agree.
pub fn name_key(name: &str) -> String {
    words(name).join(" ")
}

/// An organization's name with common abbreviations spelled out and filler words dropped.
pub fn organization_key(name: &str) -> String {
    words(name)
        .into_iter()
        .filter(|w| !matches!(w.as_str(), "the" | "of" | "and" | "inc" | "llc" | "co"))
        .map(|w| match w.as_str() {
            "st" => "saint".to_string(),
            "hosp" => "hospital".to_string(),
            "ctr" | "cntr" => "center".to_string(),
            "assoc" => "associates".to_string(),
            "svcs" | "svc" => "services".to_string(),
            "dept" => "department".to_string(),
            "mt" => "mount".to_string(),
            "comm" => "community".to_string(),
            _ => w,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lower-case words; apostrophes vanish ("Mary's" is "marys"), other punctuation splits.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .chars()
        .filter(|c| !matches!(c, '\'' | '’'))
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// Letters changed, added, dropped or swapped between `a` and `b` (optimal string alignment),
/// or more than `limit` at once when the lengths alone differ by more.
fn typos(a: &[char], b: &[char], limit: usize) -> usize {
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let width = b.len() + 1;
    let mut rows = vec![0usize; (a.len() + 1) * width];
    for (j, cell) in rows.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[i * width] = i;
        for j in 1..=b.len() {
            let change = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[(i - 1) * width + j] + 1)
                .min(rows[i * width + j - 1] + 1)
                .min(rows[(i - 1) * width + j - 1] + change);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[(i - 2) * width + j - 2] + 1);
            }
            rows[i * width + j] = best;
        }
    }
    rows[a.len() * width + b.len()]
}

fn weight(because: &Because) -> u32 {
    match because {
        Because::SameEmail => 100,
        Because::SamePhone => 90,
        Because::SameName => 40,
        Because::AtSimilarOrganization => 40,
        Because::SimilarName(percent) => u32::from(*percent) / 2,
    }
}

#[cfg(test)]
mod tests;
