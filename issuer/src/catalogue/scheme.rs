//! The scheme itself: its name as families see it and its contact details
//! (a role's phone, e-mail and web page, never a person's), changed on the
//! administrator's page and published like any change of the catalogue.

use super::{Draft, Refusal, at_most};
use shared::model::SchemeContact;

/// The scheme's name by the rules of its form, as it is kept (trimmed,
/// NFKC: [`crate::names::clean`]): 1–100 characters.
pub fn check_name(name: &str) -> Result<String, Refusal> {
    let name = crate::names::clean(name).map_err(Refusal::NameCharacters)?;
    if name.is_empty() || !at_most(&name, 100) {
        return Err(Refusal::SchemeName);
    }
    Ok(name)
}

/// The contact details by their rules ([`SchemeContact::check`]), each
/// trimmed; `None` when all are empty.
pub fn check_contact(contact: SchemeContact) -> Result<Option<SchemeContact>, Refusal> {
    let contact = SchemeContact {
        phone: contact.phone.trim().to_string(),
        email: contact.email.trim().to_string(),
        web: contact.web.trim().to_string(),
    };
    contact.check().map_err(Refusal::Contact)?;
    Ok((!contact.is_empty()).then_some(contact))
}

impl Draft {
    /// Set the scheme's name and contact details.
    pub fn set_scheme(&mut self, name: &str, contact: SchemeContact) -> Result<(), Refusal> {
        let name = check_name(name)?;
        let contact = check_contact(contact)?;
        (self.cat.scheme_name, self.cat.contact) = (name, contact);
        self.note = "edited the scheme's name and contact details".into();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::model::ContactError;

    fn contact(phone: &str, email: &str, web: &str) -> SchemeContact {
        SchemeContact { phone: phone.into(), email: email.into(), web: web.into() }
    }

    #[test]
    fn names_and_contact_details_are_checked_and_empty_details_are_no_contact() {
        let mut d = Draft::new(crate::demo::larvik("https://kort.example.no"), None);
        let good =
            contact(" +47 33 17 10 00 ", "aktivitetskort@larvik.kommune.no", "https://www.larvik.kommune.no/kort");
        assert_eq!(d.set_scheme("  Fritidskortet Larvik ", good), Ok(()));
        assert_eq!(d.catalogue().scheme_name, "Fritidskortet Larvik");
        assert_eq!(d.catalogue().contact.as_ref().map(|c| c.phone.as_str()), Some("+47 33 17 10 00"));
        assert_eq!(d.set_scheme("Larvik", contact("", "", "")), Ok(()));
        assert_eq!(d.catalogue().contact, None);
        assert_eq!(d.set_scheme(" ", contact("", "", "")), Err(Refusal::SchemeName));
        assert_eq!(d.set_scheme(&"x".repeat(101), contact("", "", "")), Err(Refusal::SchemeName));
        let refused = |c: SchemeContact| Draft::new(d.catalogue().clone(), None).set_scheme("Larvik", c);
        for phone in ["12", "33 17 10 00 ring", "33+17", &"1".repeat(31)] {
            assert_eq!(refused(contact(phone, "", "")), Err(Refusal::Contact(ContactError::Phone)), "{phone}");
        }
        for email in ["post", "post@kommune", "a b@kommune.no", "@kommune.no", "post@@kommune.no", "post@kommune..no"] {
            assert_eq!(refused(contact("", email, "")), Err(Refusal::Contact(ContactError::Email)), "{email}");
        }
        for web in ["www.larvik.no", "ftp://larvik.no", "https://", "https://larvik", "https://lar vik.no"] {
            assert_eq!(refused(contact("", "", web)), Err(Refusal::Contact(ContactError::Web)), "{web}");
        }
        // Nothing changed by a refusal.
        assert_eq!(d.catalogue().scheme_name, "Larvik");
    }
}
