//! The issuer's text through Project Fluent: `i18n/web.<lang>.ftl` (the
//! pages) and `i18n/sheet.<lang>.ftl` (the printed card sheet), compiled
//! in and parsed once ([`webkit::fluent`]). The language follows the
//! browser (`Accept-Language`, q-values honoured) and can be switched (a
//! `lang` cookie set by `?lang=`).

use webkit::fluent::{FluentValue, Resource};
use webkit::lang::PerLanguage;

/// A language of the caseworkers' and administrators' pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Norsk bokmål (the default).
    #[default]
    Nb,
    /// English.
    En,
}

impl Lang {
    /// Every language, in the order the switcher shows them.
    pub const ALL: [Lang; 2] = [Lang::Nb, Lang::En];

    /// BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Nb => "nb",
            Lang::En => "en",
        }
    }

    /// The language's own name, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Nb => "Norsk bokmål",
            Lang::En => "English",
        }
    }

    /// The primary subtags of each language: nynorsk readers get bokmål.
    const TAGS: [(&'static str, Lang); 4] = [("nb", Lang::Nb), ("no", Lang::Nb), ("nn", Lang::Nb), ("en", Lang::En)];

    /// A supported language from a tag (`nb`, `no`, `nn`→bokmål, `en-GB`…).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        webkit::lang::from_tag(tag, &Lang::TAGS)
    }

    /// The best language for an `Accept-Language` header (highest q first,
    /// the earlier entry on a tie, never one with `q=0`; bokmål when nothing
    /// matches).
    pub fn negotiate(accept_language: Option<&str>) -> Lang {
        webkit::lang::negotiate(accept_language, &Lang::TAGS).unwrap_or_default()
    }

    /// The message files of this language.
    fn sources(self) -> [&'static str; 2] {
        match self {
            Lang::Nb => [include_str!("../i18n/web.nb.ftl"), include_str!("../i18n/sheet.nb.ftl")],
            Lang::En => [include_str!("../i18n/web.en.ftl"), include_str!("../i18n/sheet.en.ftl")],
        }
    }
}

/// Formatted messages in one language.
pub struct Messages {
    lang: Lang,
    messages: webkit::fluent::Messages,
}

impl std::fmt::Debug for Messages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Messages({})", self.lang.tag())
    }
}

impl Messages {
    fn load(lang: Lang) -> Messages {
        // The files are compiled in and checked by a test; a broken entry
        // would show its id instead of failing the page.
        let messages = webkit::fluent::Messages::new(lang.tag(), lang.sources().map(Resource::parse));
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
            for source in lang.sources() {
                assert_eq!(Resource::try_parse(source).err(), None, "{lang:?} does not parse");
            }
        }
        for a in Lang::ALL {
            for id in a.sources().iter().flat_map(|s| ids(s)) {
                for b in Lang::ALL {
                    assert!(Messages::of(b).has(&id), "{id} is in {} but not in {}", a.tag(), b.tag());
                }
            }
        }
        assert!(Lang::Nb.sources().iter().map(|s| ids(s).len()).sum::<usize>() > 10);
    }

    #[test]
    fn negotiation() {
        assert_eq!(Lang::negotiate(None), Lang::Nb);
        assert_eq!(Lang::negotiate(Some("en-GB,en;q=0.9")), Lang::En);
        assert_eq!(Lang::negotiate(Some("de-DE, en;q=0.5, nb;q=0.8")), Lang::Nb);
        assert_eq!(Lang::negotiate(Some("nn-NO")), Lang::Nb);
        assert_eq!(Lang::negotiate(Some("fr")), Lang::Nb);
        assert_eq!(Lang::negotiate(Some(";;;,,q=")), Lang::Nb);
        // q-values are honoured, and q=0 means "not this one".
        assert_eq!(Lang::negotiate(Some("en;q=0.1, nb")), Lang::Nb);
        assert_eq!(Lang::negotiate(Some("nb;q=0, en;q=0.2")), Lang::En);
        assert_eq!(Lang::negotiate(Some("en;q=0")), Lang::Nb);
        assert_eq!(Lang::negotiate(Some("no,en")), Lang::Nb);
        assert_eq!(Lang::from_tag("nn_NO"), Some(Lang::Nb));
        assert_eq!(Lang::from_tag("EN-gb"), Some(Lang::En));
    }
}
