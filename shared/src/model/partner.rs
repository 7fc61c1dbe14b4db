//! Partners: the organizations and individual referral sources the agency cultivates.

use autosurgeon::{Reconcile, Reconciler};
use chrono::NaiveDate;

use super::codes::code_enum;
use super::stored::opt_date;
use crate::PartnerId;

code_enum!(
    /// What sort of organization refers to us; drives how we talk to them.
    PartnerKind {
        Hospital => ("hospital", "Hospital"),
        PhysicianPractice => ("physician", "Physician practice"),
        CaseManagement => ("case-management", "Case-management agency"),
        AreaAgencyOnAging => ("aaa", "Area Agency on Aging"),
        Community => ("community", "Community organization"),
        ManagedCare => ("mco", "Managed care organization (MCO)"),
        Other => ("other", "Other"),
    }
);

code_enum!(
    /// How much attention the relationship gets.
    PartnerTier {
        Key => ("key", "Key partner"),
        Regular => ("regular", "Regular"),
        Occasional => ("occasional", "Occasional"),
    }
);

/// How often staff should check in with a partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckInCadence {
    Monthly,
    Quarterly,
    /// Every N calendar days (1–365).
    EveryDays(u16),
    /// No regular check-in is planned.
    NoRegular,
}

impl CheckInCadence {
    /// The cadence a partner starts with: key partners monthly, regular quarterly.
    pub fn default_for(tier: PartnerTier) -> Self {
        match tier {
            PartnerTier::Key => Self::Monthly,
            PartnerTier::Regular => Self::Quarterly,
            PartnerTier::Occasional => Self::NoRegular,
        }
    }

    /// The stable storage code, e.g. `monthly` or `days:45`.
    pub fn code(self) -> String {
        match self {
            Self::Monthly => "monthly".into(),
            Self::Quarterly => "quarterly".into(),
            Self::EveryDays(n) => format!("days:{n}"),
            Self::NoRegular => "none".into(),
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "monthly" => Some(Self::Monthly),
            "quarterly" => Some(Self::Quarterly),
            "none" => Some(Self::NoRegular),
            other => {
                let days: u16 = other.strip_prefix("days:")?.parse().ok()?;
                (1..=365).contains(&days).then_some(Self::EveryDays(days))
            }
        }
    }

    pub fn label(self) -> String {
        match self {
            Self::Monthly => "Monthly".into(),
            Self::Quarterly => "Quarterly".into(),
            Self::EveryDays(n) => format!("Every {n} days"),
            Self::NoRegular => "No regular check-in".into(),
        }
    }
}

impl Reconcile for CheckInCadence {
    type Key<'a> = autosurgeon::reconcile::NoKey;
    fn reconcile<R: Reconciler>(&self, mut r: R) -> Result<(), R::Error> {
        r.str(self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Reconcile)]
pub struct Partner {
    pub id: PartnerId,
    pub kind: PartnerKind,
    pub name: String,
    pub address: String,
    pub phone: String,
    pub tier: PartnerTier,
    pub cadence: CheckInCadence,
    pub tags: Vec<String>,
    pub notes: String,
    pub archived: bool,
    /// Staff set the check-in aside until this day (inclusive): Today leaves it out until then.
    /// Stored on the partner so the whole team sees it; absent in older documents.
    #[autosurgeon(reconcile = "opt_date")]
    pub check_in_set_aside_until: Option<NaiveDate>,
}

impl Partner {
    /// A partner with only what identifies it and its check-in rhythm; the rest left blank, as
    /// a new entry in the directory starts.
    pub fn new(
        id: PartnerId,
        kind: PartnerKind,
        name: impl Into<String>,
        tier: PartnerTier,
        cadence: CheckInCadence,
    ) -> Self {
        Partner {
            id,
            kind,
            name: name.into(),
            address: String::new(),
            phone: String::new(),
            tier,
            cadence,
            tags: vec![],
            notes: String::new(),
            archived: false,
            check_in_set_aside_until: None,
        }
    }

    /// Whether the check-in is set aside on `today`.
    pub fn check_in_set_aside(&self, today: NaiveDate) -> bool {
        self.check_in_set_aside_until.is_some_and(|until| today <= until)
    }
}
