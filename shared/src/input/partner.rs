use crate::validation::{Checker, Problem, ValidationErrors};
use crate::{CheckInCadence, Partner, PartnerId, PartnerKind, PartnerTier};

/// The partner form. `cadence` is a cadence code or `custom`, with `custom_days` beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerInput {
    pub kind: PartnerKind,
    pub name: String,
    pub address: String,
    pub phone: String,
    pub tier: PartnerTier,
    pub cadence: String,
    pub custom_days: String,
    /// Comma-separated, as typed.
    pub tags: String,
    pub notes: String,
}

impl Default for PartnerInput {
    fn default() -> Self {
        let tier = PartnerTier::Regular;
        Self {
            kind: PartnerKind::Hospital,
            name: String::new(),
            address: String::new(),
            phone: String::new(),
            tier,
            cadence: "default".into(),
            custom_days: String::new(),
            tags: String::new(),
            notes: String::new(),
        }
    }
}

impl PartnerInput {
    pub fn from_partner(p: &Partner) -> Self {
        let (cadence, custom_days) = match p.cadence {
            CheckInCadence::EveryDays(n) => ("custom".to_string(), n.to_string()),
            other => (other.code(), String::new()),
        };
        Self {
            kind: p.kind,
            name: p.name.clone(),
            address: p.address.clone(),
            phone: p.phone.clone(),
            tier: p.tier,
            cadence,
            custom_days,
            tags: p.tags.join(", "),
            notes: p.notes.clone(),
        }
    }

    /// Checks the form; `archived` carries over from the stored partner.
    pub fn validate(&self, id: PartnerId, archived: bool) -> Result<Partner, ValidationErrors> {
        let mut c = Checker::default();
        let name = c.text("partner-name", "Name", &self.name, true, 120);
        let address = c.text("partner-address", "Address", &self.address, false, 300);
        let phone = c.phone("partner-phone", "Phone", &self.phone);
        let notes = c.text("partner-notes", "Notes", &self.notes, false, 2000);
        let cadence = match self.cadence.as_str() {
            "custom" => match self.custom_days.trim().parse::<u16>() {
                Ok(n) if (1..=365).contains(&n) => CheckInCadence::EveryDays(n),
                _ => {
                    c.fail("partner-custom-days", "Days between check-ins", Problem::CadenceDays);
                    CheckInCadence::NoRegular
                }
            },
            code => {
                CheckInCadence::from_code(code).unwrap_or(CheckInCadence::default_for(self.tier))
            }
        };
        let mut tags: Vec<String> = Vec::new();
        for tag in self.tags.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            if tag.chars().count() > 40 {
                c.fail("partner-tags", "Each tag", Problem::TooLong { max: 40 });
            } else if !tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
                tags.push(tag.to_string());
            }
        }
        c.finish(|| Partner {
            id,
            kind: self.kind,
            name,
            address,
            phone,
            tier: self.tier,
            cadence,
            tags,
            notes,
            archived,
            check_in_set_aside_until: None,
        })
    }
}

/// Offered in the partner form's cadence picker: (code, label). The first choice follows the
/// tier, so a new partner's picker never shows one cadence while another would be saved.
pub fn cadence_choices(tier: PartnerTier) -> Vec<(String, String)> {
    let default = CheckInCadence::default_for(tier).label().to_lowercase();
    let mut v: Vec<(String, String)> =
        vec![("default".into(), format!("As the tier suggests ({default})"))];
    v.extend(
        [CheckInCadence::Monthly, CheckInCadence::Quarterly, CheckInCadence::NoRegular]
            .into_iter()
            .map(|c| (c.code(), c.label())),
    );
    v.insert(3, ("custom".into(), "Every N days…".into()));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> PartnerId {
        PartnerId::from_parts(1, 1)
    }

    #[test]
    fn a_filled_form_becomes_a_partner_with_tidy_tags() {
        let input = PartnerInput {
            name: "  Mercy General Hospital ".into(),
            phone: "(555) 201-3000".into(),
            tags: "discharge, , Discharge, north county".into(),
            tier: PartnerTier::Key,
            cadence: "monthly".into(),
            ..Default::default()
        };
        let p = input.validate(id(), false).unwrap();
        assert_eq!(p.name, "Mercy General Hospital");
        assert_eq!(p.tags, vec!["discharge", "north county"]);
        assert_eq!(p.cadence, CheckInCadence::Monthly);
        assert_eq!(PartnerInput::from_partner(&p).validate(id(), false).unwrap(), p);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let input = PartnerInput {
            name: "".into(),
            phone: "12".into(),
            cadence: "custom".into(),
            custom_days: "400".into(),
            ..Default::default()
        };
        let errs = input.validate(id(), false).unwrap_err();
        let fields: Vec<_> = errs.0.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["partner-name", "partner-phone", "partner-custom-days"]);
    }

    #[test]
    fn custom_cadence_keeps_its_days() {
        let input = PartnerInput {
            name: "Eastside AAA".into(),
            cadence: "custom".into(),
            custom_days: "45".into(),
            ..Default::default()
        };
        assert_eq!(input.validate(id(), false).unwrap().cadence, CheckInCadence::EveryDays(45));
        assert!(cadence_choices(PartnerTier::Key).iter().any(|(code, _)| code == "custom"));
        assert_eq!(cadence_choices(PartnerTier::Regular)[0].1, "As the tier suggests (quarterly)");
    }

    #[test]
    fn a_new_partner_takes_its_cadence_from_its_tier() {
        let key =
            PartnerInput { name: "Mercy".into(), tier: PartnerTier::Key, ..Default::default() };
        assert_eq!(key.validate(id(), false).unwrap().cadence, CheckInCadence::Monthly);
        let occasional = PartnerInput { tier: PartnerTier::Occasional, ..key };
        assert_eq!(occasional.validate(id(), false).unwrap().cadence, CheckInCadence::NoRegular);
    }
}
