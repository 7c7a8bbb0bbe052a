//! The issuer's text through Project Fluent: `i18n/web.<lang>.ftl` (the
//! pages) and `i18n/sheet.<lang>.ftl` (the printed card sheet), compiled
//! in and parsed once ([`webkit::fluent`]). The language follows the
//! browser (`Accept-Language`, q-values honoured) and can be switched (a
//! `lang` cookie set by `?lang=`).

use webkit::fluent::{FluentValue, Resource};
use webkit::lang::PerLanguage;

/// A language of the caseworkers' and administrators' pages (bokmål, the
/// default, and English; the same as the venue staff's).
pub use webkit::lang::StaffLang as Lang;

/// The message files of a language.
fn sources(lang: Lang) -> [&'static str; 3] {
    match lang {
        Lang::Nb => [
            include_str!("../i18n/web.nb.ftl"),
            include_str!("../i18n/sheet.nb.ftl"),
            include_str!("../i18n/review.nb.ftl"),
        ],
        Lang::En => [
            include_str!("../i18n/web.en.ftl"),
            include_str!("../i18n/sheet.en.ftl"),
            include_str!("../i18n/review.en.ftl"),
        ],
    }
}

/// Formatted messages in one language.
#[derive(Debug)]
pub struct Messages {
    lang: Lang,
    messages: webkit::fluent::Messages,
}

impl Messages {
    fn load(lang: Lang) -> Messages {
        // The files are compiled in and checked by a test; a broken entry
        // would show its id instead of failing the page.
        let messages = webkit::fluent::Messages::new(lang.tag(), sources(lang).map(Resource::parse));
        Messages { lang, messages }
    }

    /// The messages of `lang` (loaded once).
    pub fn of(lang: Lang) -> &'static Messages {
        static ALL: PerLanguage<Lang, Messages, 2> = PerLanguage::new(&Lang::ALL, Messages::load);
        ALL.get(lang)
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Message `id` (its id if missing).
    pub fn get(&self, id: &str) -> String {
        self.messages.get(id)
    }

    /// Message `id` with string arguments.
    pub fn get_with(&self, id: &str, args: &[(&str, &str)]) -> String {
        self.format(id, &webkit::fluent::string_args(args))
    }

    /// Message `id` with Fluent values (numbers select plural forms).
    pub fn format(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        self.messages.format(id, args)
    }

    /// Whether the message exists (for tests).
    pub fn has(&self, id: &str) -> bool {
        self.messages.has(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(source: &str) -> Vec<String> {
        source
            .lines()
            .filter(|l| !l.starts_with(['#', ' ']) && l.contains(" ="))
            .filter_map(|l| l.split(" =").next().map(|s| s.trim().to_string()))
            .collect()
    }

    #[test]
    fn every_message_exists_in_every_language() {
        for lang in Lang::ALL {
            for source in sources(lang) {
                assert_eq!(Resource::try_parse(source).err(), None, "{lang:?} does not parse");
            }
        }
        for a in Lang::ALL {
            for id in sources(a).iter().flat_map(|s| ids(s)) {
                for b in Lang::ALL {
                    assert!(Messages::of(b).has(&id), "{id} is in {} but not in {}", a.tag(), b.tag());
                }
            }
        }
        assert!(sources(Lang::Nb).iter().map(|s| ids(s).len()).sum::<usize>() > 10);
    }

    #[test]
    fn negotiation() {
        assert_eq!(Lang::negotiate(None).unwrap_or_default(), Lang::Nb);
        assert_eq!(Lang::negotiate(Some("en-GB,en;q=0.9")).unwrap_or_default(), Lang::En);
        assert_eq!(Lang::negotiate(Some("de-DE, en;q=0.5, nb;q=0.8")).unwrap_or_default(), Lang::Nb);
        assert_eq!(Lang::negotiate(Some("nn-NO")).unwrap_or_default(), Lang::Nb);
        assert_eq!(Lang::negotiate(Some("fr")).unwrap_or_default(), Lang::Nb);
        assert_eq!(Lang::negotiate(Some(";;;,,q=")).unwrap_or_default(), Lang::Nb);
        // q-values are honoured, and q=0 means "not this one".
        assert_eq!(Lang::negotiate(Some("en;q=0.1, nb")).unwrap_or_default(), Lang::Nb);
        assert_eq!(Lang::negotiate(Some("nb;q=0, en;q=0.2")).unwrap_or_default(), Lang::En);
        assert_eq!(Lang::negotiate(Some("en;q=0")).unwrap_or_default(), Lang::Nb);
        assert_eq!(Lang::negotiate(Some("no,en")).unwrap_or_default(), Lang::Nb);
        assert_eq!(Lang::from_tag("nn_NO"), Some(Lang::Nb));
        assert_eq!(Lang::from_tag("EN-gb"), Some(Lang::En));
    }
}
