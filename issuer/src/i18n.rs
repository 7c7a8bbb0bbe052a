//! The issuer's text through Project Fluent: `i18n/web.<lang>.ftl` (the
//! pages) and `i18n/sheet.<lang>.ftl` (the printed card sheet), compiled in. The language follows the browser (`Accept-Language`) and
//! can be switched (a `lang` cookie set by `?lang=`).

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::OnceLock;

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

    /// A supported language from a tag (`nb`, `no`, `nn`→bokmål, `en-GB`…).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "nb" | "no" | "nn" => Some(Lang::Nb),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The best language for an `Accept-Language` header (highest q first,
    /// bokmål when nothing matches).
    pub fn negotiate(accept_language: Option<&str>) -> Lang {
        let Some(header) = accept_language else { return Lang::Nb };
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',').take(20) {
            let mut it = part.split(';');
            let tag = it.next().unwrap_or("");
            let q =
                it.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.trim().parse::<f32>().ok()).unwrap_or(1.0);
            if let Some(lang) = Lang::from_tag(tag)
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, lang));
            }
        }
        best.map_or(Lang::Nb, |(_, l)| l)
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
    bundle: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Messages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Messages({})", self.lang.tag())
    }
}

impl Messages {
    fn load(lang: Lang) -> Messages {
        let langid = lang.tag().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![langid]);
        bundle.set_use_isolating(false);
        // The files are compiled in and checked by a test; a broken entry
        // would show its id instead of failing the page.
        for source in lang.sources() {
            let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(partial, _)| partial);
            let _ = bundle.add_resource(resource);
        }
        Messages { lang, bundle }
    }

    /// The messages of `lang` (loaded once).
    pub fn of(lang: Lang) -> &'static Messages {
        static NB: OnceLock<Messages> = OnceLock::new();
        static EN: OnceLock<Messages> = OnceLock::new();
        match lang {
            Lang::Nb => NB.get_or_init(|| Messages::load(Lang::Nb)),
            Lang::En => EN.get_or_init(|| Messages::load(Lang::En)),
        }
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Message `id` (its id if missing).
    pub fn get(&self, id: &str) -> String {
        self.get_with(id, &[])
    }

    /// Message `id` with string arguments.
    pub fn get_with(&self, id: &str, args: &[(&str, &str)]) -> String {
        self.format(id, &string_args(args))
    }

    /// Message `id` with Fluent values (numbers select plural forms).
    pub fn format(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        format_in(&self.bundle, id, args)
    }

    /// Whether the message exists (for tests).
    pub fn has(&self, id: &str) -> bool {
        self.bundle.get_message(id).is_some()
    }
}

/// Message `id` of `bundle` with `args`; the id itself when it is missing.
/// Shared by the staff pages' [`Messages`] and the families'
/// [`crate::family_text::FamilyTexts`].
pub(crate) fn format_in(bundle: &FluentBundle<FluentResource>, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        return id.to_string();
    };
    let mut fargs = FluentArgs::new();
    for (k, v) in args {
        fargs.set(*k, v.clone());
    }
    let mut errors = Vec::new();
    bundle.format_pattern(pattern, Some(&fargs), &mut errors).into_owned()
}

/// String arguments as Fluent values.
pub(crate) fn string_args<'a>(args: &[(&'a str, &'a str)]) -> Vec<(&'a str, FluentValue<'a>)> {
    args.iter().map(|(k, v)| (*k, FluentValue::from(*v))).collect()
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
                assert!(FluentResource::try_new(source.to_string()).is_ok(), "{lang:?} does not parse");
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
    }
}
