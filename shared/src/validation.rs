//! Typed validation errors that name the form field they belong to, and the field checks the
//! forms share. Forms show each message beside its field and in a summary.

use std::fmt;

/// What is wrong with one field's value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("is required")]
    Required,
    #[error("is too long (at most {max} characters)")]
    TooLong { max: usize },
    #[error("must be a 10-digit phone number, like 555-123-4567 (an extension may follow 'x')")]
    Phone,
    #[error("must be an email address, like name@example.org")]
    Email,
    #[error("must be a whole number of days from 1 to 365")]
    CadenceDays,
    #[error("must be a whole number from {min} to {max}")]
    WholeNumber { min: u16, max: u16 },
    #[error("must be a date, like 2026-11-26")]
    Date,
    #[error("must be a time, like 14:30")]
    Time,
    #[error("does not exist on that day because the clocks moved forward; pick a later time")]
    SkippedByClockChange,
    #[error("cannot be in the future")]
    Future,
    #[error("cannot be before the referral was received ({0})")]
    BeforeReceived(String),
    #[error("needs at least one service")]
    NoService,
    #[error("needs a reason when a referral is declined")]
    ReasonRequired,
    #[error("must be someone at the chosen partner")]
    ContactElsewhere,
    #[error("does not exist (it may have been removed on another device)")]
    Unknown,
    #[error("must be an amount in dollars, like 25 or 42.50")]
    Amount,
    #[error(
        "cannot be cash or a cash equivalent (gift cards, checks, prepaid cards); choose a gift, meal or invitation instead"
    )]
    CashEquivalent,
    #[error("must be a score from 1 to 5")]
    Score,
    #[error("must be after the start")]
    EndBeforeStart,
    #[error("must be a web link starting with https:// (one per line)")]
    Link,
    #[error(
        "can be kept only if they agree to be contacted: turn on \"Agrees to be contacted\", or clear it"
    )]
    NeedsConsent,
}

/// One field's problem; `field` is the form control's id so the UI can point at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub label: &'static str,
    pub problem: Problem,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.label, self.problem)
    }
}

/// Every problem found in one form, in field order. Never empty.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} field(s) need attention: {}", .0.len(), .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    /// The message for one field, if it has a problem.
    pub fn for_field(&self, field: &str) -> Option<String> {
        self.0.iter().find(|e| e.field == field).map(|e| e.to_string())
    }
}

/// Collects problems while a form is checked, then yields the record or all the errors.
#[derive(Debug, Default)]
pub struct Checker(Vec<FieldError>);

impl Checker {
    pub fn fail(&mut self, field: &'static str, label: &'static str, problem: Problem) {
        self.0.push(FieldError { field, label, problem });
    }

    /// Trims `value`, requiring it if asked and capping its length.
    pub fn text(
        &mut self,
        field: &'static str,
        label: &'static str,
        value: &str,
        required: bool,
        max: usize,
    ) -> String {
        let value = value.trim();
        if required && value.is_empty() {
            self.fail(field, label, Problem::Required);
        } else if value.chars().count() > max {
            self.fail(field, label, Problem::TooLong { max });
        }
        value.to_string()
    }

    /// An optional phone number: ten digits (a leading 1 is allowed), then an optional extension.
    pub fn phone(&mut self, field: &'static str, label: &'static str, value: &str) -> String {
        let value = value.trim();
        if value.is_empty() {
            return String::new();
        }
        let lower = value.to_ascii_lowercase();
        let main = lower.split(['x', 'e']).next().unwrap_or_default();
        let digits: String = main.chars().filter(char::is_ascii_digit).collect();
        let allowed = main.chars().all(|c| c.is_ascii_digit() || " ()-.+".contains(c));
        let digits = match digits.len() {
            11 if digits.starts_with('1') => &digits[1..],
            _ => digits.as_str(),
        };
        if !allowed || digits.len() != 10 || value.len() > 40 {
            self.fail(field, label, Problem::Phone);
        }
        value.to_string()
    }

    /// An optional email address.
    pub fn email(&mut self, field: &'static str, label: &'static str, value: &str) -> String {
        let value = value.trim();
        if value.is_empty() {
            return String::new();
        }
        let valid = match value.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains('@')
                    && !value.chars().any(char::is_whitespace)
            }
            None => false,
        };
        if !valid || value.len() > 254 {
            self.fail(field, label, Problem::Email);
        }
        value.to_string()
    }

    /// A required `YYYY-MM-DD` date.
    pub fn date(
        &mut self,
        field: &'static str,
        label: &'static str,
        value: &str,
    ) -> Option<chrono::NaiveDate> {
        let value = value.trim();
        if value.is_empty() {
            self.fail(field, label, Problem::Required);
            return None;
        }
        let parsed = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").ok();
        if parsed.is_none() {
            self.fail(field, label, Problem::Date);
        }
        parsed
    }

    pub fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, ValidationErrors> {
        if self.0.is_empty() { Ok(value()) } else { Err(ValidationErrors(self.0)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phone_ok(value: &str) -> bool {
        let mut c = Checker::default();
        c.phone("phone", "Phone", value);
        c.finish(|| ()).is_ok()
    }

    #[test]
    fn phone_numbers_in_everyday_formats_are_accepted() {
        for ok in ["555-123-4567", "(555) 123-4567", "1 555 123 4567", "555.123.4567 x12", ""] {
            assert!(phone_ok(ok), "{ok} should be accepted");
        }
    }

    #[test]
    fn phone_numbers_with_wrong_digit_counts_or_letters_are_rejected() {
        for bad in ["555-1234", "555-123-45678", "call me", "555-CALL-NOW"] {
            assert!(!phone_ok(bad), "{bad} should be rejected");
        }
    }

    #[test]
    fn email_addresses_are_checked_for_shape() {
        let check = |v: &str| {
            let mut c = Checker::default();
            c.email("email", "Email", v);
            c.finish(|| ()).is_ok()
        };
        assert!(check("dana.lee@mercy-hospital.org"));
        assert!(check(""));
        assert!(!check("dana.lee"));
        assert!(!check("dana@localhost"));
        assert!(!check("dana lee@x.org"));
    }

    #[test]
    fn errors_name_their_field_and_say_what_to_do() {
        let mut c = Checker::default();
        c.text("name", "Name", "   ", true, 10);
        let errs = c.finish(|| ()).unwrap_err();
        assert_eq!(errs.for_field("name").as_deref(), Some("Name is required"));
        assert_eq!(errs.for_field("phone"), None);
    }
}
