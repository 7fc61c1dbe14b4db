use crate::validation::{Checker, Problem, ValidationErrors};
use crate::{Contact, ContactId, ContactRole, PartnerId, PreferredChannel};

/// The contact form.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactInput {
    pub partner_id: Option<PartnerId>,
    pub name: String,
    pub role: ContactRole,
    pub email: String,
    pub phone: String,
    pub preferred_channel: PreferredChannel,
}

impl Default for ContactInput {
    fn default() -> Self {
        Self {
            partner_id: None,
            name: String::new(),
            role: ContactRole::DischargePlanner,
            email: String::new(),
            phone: String::new(),
            preferred_channel: PreferredChannel::Phone,
        }
    }
}

impl ContactInput {
    pub fn from_contact(c: &Contact) -> Self {
        Self {
            partner_id: Some(c.partner_id),
            name: c.name.clone(),
            role: c.role,
            email: c.email.clone(),
            phone: c.phone.clone(),
            preferred_channel: c.preferred_channel,
        }
    }

    /// Checks the form. A contact reached by email needs an address, by phone or text a number.
    pub fn validate(&self, id: ContactId, archived: bool) -> Result<Contact, ValidationErrors> {
        let mut c = Checker::default();
        if self.partner_id.is_none() {
            c.fail("contact-partner", "Partner", Problem::Required);
        }
        let name = c.text("contact-name", "Name", &self.name, true, 120);
        let email = c.email("contact-email", "Email", &self.email);
        let phone = c.phone("contact-phone", "Phone", &self.phone);
        match self.preferred_channel {
            PreferredChannel::Email if email.is_empty() => c.fail(
                "contact-email",
                "Email (the preferred way to reach them)",
                Problem::Required,
            ),
            PreferredChannel::Phone | PreferredChannel::Text if phone.is_empty() => c.fail(
                "contact-phone",
                "Phone (the preferred way to reach them)",
                Problem::Required,
            ),
            _ => {}
        }
        let partner_id = self.partner_id;
        c.finish(|| Contact {
            id,
            partner_id: partner_id.unwrap_or(PartnerId::from_parts(0, 0)),
            name,
            role: self.role,
            email,
            phone,
            preferred_channel: self.preferred_channel,
            archived,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferred_channel_needs_its_address() {
        let input = ContactInput {
            partner_id: Some(PartnerId::from_parts(1, 1)),
            name: "Dana Lee".into(),
            preferred_channel: PreferredChannel::Email,
            ..Default::default()
        };
        let errs = input.validate(ContactId::from_parts(1, 2), false).unwrap_err();
        assert!(errs.for_field("contact-email").unwrap().contains("preferred"));
        let ok = ContactInput { email: "dana@mercy.org".into(), ..input };
        assert_eq!(
            ok.validate(ContactId::from_parts(1, 2), false).unwrap().email,
            "dana@mercy.org"
        );
    }

    #[test]
    fn a_contact_must_belong_to_a_partner() {
        let input = ContactInput {
            name: "Dana".into(),
            phone: "555-123-4567".into(),
            ..Default::default()
        };
        let errs = input.validate(ContactId::from_parts(1, 2), false).unwrap_err();
        assert_eq!(errs.0[0].field, "contact-partner");
    }
}
