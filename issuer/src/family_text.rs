//! The families' text: the phone card (`/k`) and the public list of offers
//! (`/tilbud`) in eight languages, through Project Fluent
//! (`i18n/family.<tag>.ftl`, compiled in), with per-municipality overrides
//! that an administrator edits without a rebuild.
//!
//! The language follows the browser (`Accept-Language`) and can be switched
//! with `?lang=`; these pages set no cookies, so the choice lives in the
//! link (and, on the phone card, in the browser's local storage).
//!
//! Files whose first lines say `Status: machine translation` were not
//! written by a native speaker; [`FamilyLang::reviewed`] reads that marker,
//! and the admin page says which languages need a review. A municipality
//! can review a language itself ([`crate::family_review`]); then
//! [`FamilyTexts::reviewed`] is true and the families' pages drop their
//! machine-translation note.

use fluent_bundle::FluentResource;
use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};
use webkit::fluent::{FluentValue, Resource};
use webkit::lang::PerLanguage;

/// A language of the families' pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum FamilyLang {
    /// Norsk bokmål (the default and the source text).
    #[default]
    Nb,
    /// Norsk nynorsk.
    Nn,
    /// English.
    En,
    /// Ukrainian.
    Uk,
    /// Polish.
    Pl,
    /// Arabic (right to left).
    Ar,
    /// Somali.
    So,
    /// Tigrinya.
    Ti,
}

impl FamilyLang {
    /// Every language, in the order the switcher shows them.
    pub const ALL: [FamilyLang; 8] = [
        FamilyLang::Nb,
        FamilyLang::Nn,
        FamilyLang::En,
        FamilyLang::Uk,
        FamilyLang::Pl,
        FamilyLang::Ar,
        FamilyLang::So,
        FamilyLang::Ti,
    ];

    /// BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            FamilyLang::Nb => "nb",
            FamilyLang::Nn => "nn",
            FamilyLang::En => "en",
            FamilyLang::Uk => "uk",
            FamilyLang::Pl => "pl",
            FamilyLang::Ar => "ar",
            FamilyLang::So => "so",
            FamilyLang::Ti => "ti",
        }
    }

    /// The language's own name, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            FamilyLang::Nb => "Norsk bokmål",
            FamilyLang::Nn => "Norsk nynorsk",
            FamilyLang::En => "English",
            FamilyLang::Uk => "Українська",
            FamilyLang::Pl => "Polski",
            FamilyLang::Ar => "العربية",
            FamilyLang::So => "Soomaali",
            FamilyLang::Ti => "ትግርኛ",
        }
    }

    /// Writing direction, for the `dir` attribute.
    pub fn dir(self) -> &'static str {
        match self {
            FamilyLang::Ar => "rtl",
            _ => "ltr",
        }
    }

    /// The primary subtags of each language (`no` is bokmål).
    const TAGS: [(&'static str, FamilyLang); 9] = [
        ("nb", FamilyLang::Nb),
        ("no", FamilyLang::Nb),
        ("nn", FamilyLang::Nn),
        ("en", FamilyLang::En),
        ("uk", FamilyLang::Uk),
        ("pl", FamilyLang::Pl),
        ("ar", FamilyLang::Ar),
        ("so", FamilyLang::So),
        ("ti", FamilyLang::Ti),
    ];

    /// A supported language from a tag (`nb`, `no`→bokmål, `nn`, `en-GB`…).
    pub fn from_tag(tag: &str) -> Option<FamilyLang> {
        webkit::lang::from_tag(tag, &FamilyLang::TAGS)
    }

    /// The best language for an `Accept-Language` header (highest q first,
    /// the earlier entry on a tie, never one with `q=0`; bokmål when nothing
    /// matches).
    pub fn negotiate(accept_language: Option<&str>) -> FamilyLang {
        webkit::lang::negotiate(accept_language, &FamilyLang::TAGS).unwrap_or_default()
    }

    /// The compiled-in message file.
    pub fn source(self) -> &'static str {
        match self {
            FamilyLang::Nb => include_str!("../i18n/family.nb.ftl"),
            FamilyLang::Nn => include_str!("../i18n/family.nn.ftl"),
            FamilyLang::En => include_str!("../i18n/family.en.ftl"),
            FamilyLang::Uk => include_str!("../i18n/family.uk.ftl"),
            FamilyLang::Pl => include_str!("../i18n/family.pl.ftl"),
            FamilyLang::Ar => include_str!("../i18n/family.ar.ftl"),
            FamilyLang::So => include_str!("../i18n/family.so.ftl"),
            FamilyLang::Ti => include_str!("../i18n/family.ti.ftl"),
        }
    }

    /// Whether the file was written or reviewed by a native speaker: false
    /// when its header says `Status: machine translation`.
    pub fn reviewed(self) -> bool {
        !self.source().lines().take(10).any(|l| l.starts_with('#') && l.contains("Status: machine translation"))
    }
}

/// The message ids of the families' pages, from the bokmål source file.
pub fn message_ids() -> &'static [String] {
    static IDS: OnceLock<Vec<String>> = OnceLock::new();
    IDS.get_or_init(|| ids_of(FamilyLang::Nb.source()))
}

/// The ids of the messages in a Fluent source (top-level `id = …` lines).
pub fn ids_of(source: &str) -> Vec<String> {
    source
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()) && l.contains(" ="))
        .filter_map(|l| l.split(" =").next().map(|s| s.trim().to_string()))
        .collect()
}

/// The variables (`$name`) a message uses, in the given source text.
pub fn variables_of(pattern_source: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = pattern_source;
    while let Some(i) = rest.find('$') {
        rest = rest.get(i + 1..).unwrap_or("");
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect();
        if !name.is_empty() {
            out.insert(name);
        }
    }
    out
}

/// Why an administrator's text override was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OverrideError {
    /// The message id is not one of the families' messages.
    #[error("«{0}» is not a message of the families' pages")]
    UnknownId(String),
    /// The text is empty (remove the override instead).
    #[error("the text is empty; to go back to the built-in text, remove the override")]
    Empty,
    /// The text is longer than [`MAX_OVERRIDE_LEN`].
    #[error("the text is longer than {MAX_OVERRIDE_LEN} characters")]
    TooLong,
    /// The text is not valid Fluent (e.g. an unclosed `{`).
    #[error("the text is not valid: check that every {{ has a matching }}")]
    Syntax,
    /// The text uses a variable the built-in message does not have.
    #[error("the text uses {{ ${0} }}, which this message does not have")]
    UnknownVariable(String),
}

/// Longest override text, in bytes.
pub const MAX_OVERRIDE_LEN: usize = 2000;

/// The Fluent source of the built-in message `id` in `lang` (its value and
/// variants as written in the file), if any.
pub fn builtin_source(lang: FamilyLang, id: &str) -> Option<String> {
    source_of(lang.source(), id)
}

/// The Fluent source of message `id` in the file `src`: the text after
/// `id =` and its continuation lines (indented, or a select's closing `}`
/// or a variant at the line's start).
pub fn source_of(src: &str, id: &str) -> Option<String> {
    let mut lines = src.lines();
    let prefix = format!("{id} =");
    while let Some(line) = lines.next() {
        if let Some(value) = line.strip_prefix(&prefix) {
            let mut text = value.trim_start().to_string();
            for cont in lines.by_ref() {
                let indented = cont.starts_with(' ') && !cont.trim().is_empty();
                if indented || cont.starts_with(['}', '[', '*']) {
                    text.push('\n');
                    text.push_str(cont);
                } else {
                    break;
                }
            }
            return Some(text);
        }
    }
    None
}

/// The Fluent entry `id = text`, with continuation lines indented.
fn entry(id: &str, text: &str) -> String {
    let mut s = format!("{id} =");
    for (i, line) in text.trim().lines().enumerate() {
        if i == 0 {
            s.push(' ');
        } else {
            s.push_str("\n    ");
        }
        s.push_str(line.trim_end());
    }
    s.push('\n');
    s
}

/// Check an override of message `id` in `lang`: a known id, 1 to
/// [`MAX_OVERRIDE_LEN`] bytes of valid Fluent, and only the variables the
/// built-in message (in any language) uses.
pub fn check_override(id: &str, text: &str) -> Result<(), OverrideError> {
    if !message_ids().iter().any(|m| m == id) {
        return Err(OverrideError::UnknownId(id.chars().take(80).collect()));
    }
    let text = text.trim();
    if text.is_empty() {
        return Err(OverrideError::Empty);
    }
    if text.len() > MAX_OVERRIDE_LEN {
        return Err(OverrideError::TooLong);
    }
    let resource = FluentResource::try_new(entry(id, text)).map_err(|_| OverrideError::Syntax)?;
    let ok = resource.entries().count() == 1 && ids_of(&entry(id, text)).len() == 1;
    if !ok {
        return Err(OverrideError::Syntax);
    }
    let allowed: BTreeSet<String> =
        FamilyLang::ALL.iter().filter_map(|l| builtin_source(*l, id)).flat_map(|s| variables_of(&s)).collect();
    if let Some(extra) = variables_of(text).into_iter().find(|v| !allowed.contains(v)) {
        return Err(OverrideError::UnknownVariable(extra));
    }
    Ok(())
}

/// The families' messages in one language, overrides applied.
pub struct FamilyTexts {
    lang: FamilyLang,
    messages: webkit::fluent::Messages,
    reviewed: bool,
}

impl std::fmt::Debug for FamilyTexts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FamilyTexts({})", self.lang.tag())
    }
}

impl FamilyTexts {
    /// The built-in messages of `lang`, then `overrides` (id, text) on top.
    /// An override that does not pass [`check_override`] is skipped (the
    /// admin page refuses those, so this only guards hand-edited data).
    /// The built-in files are parsed once, whatever the overrides.
    pub fn load(lang: FamilyLang, overrides: &[(String, String)]) -> FamilyTexts {
        static FILES: PerLanguage<FamilyLang, Resource, 8> =
            PerLanguage::new(&FamilyLang::ALL, |lang| Resource::parse(lang.source()));
        // A message missing in a translation falls back to bokmål: first
        // bokmål, then the language on top, then the overrides.
        let fallback = (lang != FamilyLang::Nb).then(|| FILES.get(FamilyLang::Nb).clone());
        let overrides = overrides
            .iter()
            .filter(|(id, text)| check_override(id, text).is_ok())
            .map(|(id, text)| Resource::parse(entry(id, text)));
        let resources = fallback.into_iter().chain([FILES.get(lang).clone()]).chain(overrides);
        FamilyTexts { lang, messages: webkit::fluent::Messages::new(lang.tag(), resources), reviewed: lang.reviewed() }
    }

    /// The built-in messages of `lang` without overrides (loaded once).
    pub fn builtin(lang: FamilyLang) -> Arc<FamilyTexts> {
        static ALL: PerLanguage<FamilyLang, Arc<FamilyTexts>, 8> =
            PerLanguage::new(&FamilyLang::ALL, |lang| Arc::new(FamilyTexts::load(lang, &[])));
        ALL.get(lang).clone()
    }

    /// The language.
    pub fn lang(&self) -> FamilyLang {
        self.lang
    }

    /// Whether the text was reviewed: built in by a native speaker
    /// ([`FamilyLang::reviewed`]) or by the municipality
    /// ([`FamilyTexts::reviewed_by_municipality`]). The families' pages show
    /// the `translation-note` otherwise.
    pub fn reviewed(&self) -> bool {
        self.reviewed
    }

    /// These texts, marked reviewed by the municipality.
    pub fn reviewed_by_municipality(mut self) -> FamilyTexts {
        self.reviewed = true;
        self
    }

    /// Message `id` (its id if missing).
    pub fn get(&self, id: &str) -> String {
        self.messages.get(id)
    }

    /// Message `id` with string arguments.
    pub fn get_with(&self, id: &str, args: &[(&str, &str)]) -> String {
        self.format(id, &webkit::fluent::string_args(args))
    }

    /// Message `id` with a number argument (selects the plural form).
    pub fn count(&self, id: &str, name: &str, n: u32) -> String {
        self.format(id, &[(name, FluentValue::from(n))])
    }

    /// Message `id` with Fluent values.
    pub fn format(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        self.messages.format(id, args)
    }

    /// Message `id` as HTML for a page whose script fills in some values:
    /// each named slot becomes `<bdi data-slot="name"></bdi>`, the rest of
    /// the text is escaped.
    pub fn html_with_slots(&self, id: &str, slots: &[&str]) -> String {
        const MARK: char = '\u{E000}';
        let args: Vec<(&str, String)> = slots.iter().map(|s| (*s, format!("{MARK}{s}{MARK}"))).collect();
        let args: Vec<(&str, FluentValue<'_>)> =
            args.iter().map(|(k, v)| (*k, FluentValue::from(v.as_str()))).collect();
        let mut html = webkit::html::escape(&self.format(id, &args));
        for s in slots {
            html = html.replace(&format!("{MARK}{s}{MARK}"), &format!("<bdi data-slot=\"{s}\"></bdi>"));
        }
        html
    }

    /// Whether the message exists (built in or overridden).
    pub fn has(&self, id: &str) -> bool {
        self.messages.has(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_id_exists_in_every_language_file() {
        let reference: BTreeSet<String> = message_ids().iter().cloned().collect();
        assert!(reference.len() > 50, "the bokmål file has {} ids", reference.len());
        for lang in FamilyLang::ALL {
            let src = lang.source();
            let resource = FluentResource::try_new(src.to_string());
            assert!(resource.is_ok(), "family.{}.ftl does not parse: {:?}", lang.tag(), resource.err().map(|e| e.1));
            let ids: BTreeSet<String> = ids_of(src).into_iter().collect();
            let missing: Vec<_> = reference.difference(&ids).collect();
            assert!(missing.is_empty(), "family.{}.ftl lacks {missing:?}", lang.tag());
            let extra: Vec<_> = ids.difference(&reference).collect();
            assert!(extra.is_empty(), "family.{}.ftl has ids the bokmål file lacks: {extra:?}", lang.tag());
            for id in &reference {
                let theirs = builtin_source(lang, id).map(|s| variables_of(&s)).unwrap_or_default();
                let ours = builtin_source(FamilyLang::Nb, id).map(|s| variables_of(&s)).unwrap_or_default();
                assert_eq!(theirs, ours, "family.{}.ftl: {id} uses other variables than bokmål", lang.tag());
            }
        }
    }

    #[test]
    fn translations_not_by_native_speakers_are_marked() {
        // nb is the source and en was written with it; the others were
        // machine translated and must say so until a native speaker has
        // reviewed them (then the marker goes and this list shrinks).
        for lang in FamilyLang::ALL {
            let src = lang.source();
            assert!(
                src.lines().take(10).any(|l| l.starts_with("# Status: ")),
                "family.{}.ftl has no Status line in its header",
                lang.tag()
            );
        }
        assert!(FamilyLang::Nb.reviewed());
        assert!(FamilyLang::En.reviewed());
    }

    #[test]
    fn plurals_and_fallback() {
        let nb = FamilyTexts::builtin(FamilyLang::Nb);
        assert_eq!(nb.count("quota-week", "count", 1), "1 gang i uka");
        assert_eq!(nb.count("quota-week", "count", 2), "2 ganger i uka");
        let en = FamilyTexts::builtin(FamilyLang::En);
        assert_eq!(en.count("quota-validity", "count", 10), "10 times while the card is valid");
        assert_eq!(nb.get("no-such-id"), "no-such-id");
    }

    #[test]
    fn slots_are_escaped_around_and_filled_by_the_page() {
        let en = FamilyTexts::builtin(FamilyLang::En);
        assert_eq!(
            en.html_with_slots("card-valid", &["from", "until"]),
            "Valid <bdi data-slot=\"from\"></bdi>–<bdi data-slot=\"until\"></bdi>"
        );
    }

    #[test]
    fn overrides_replace_one_message_and_are_checked() {
        let texts = FamilyTexts::load(FamilyLang::En, &[("card-show".into(), "Show it at the desk.".into())]);
        assert_eq!(texts.get("card-show"), "Show it at the desk.");
        assert_eq!(texts.get("card-number"), "Card number");
        assert_eq!(check_override("card-valid", "From { $from } to { $until }"), Ok(()));
        assert_eq!(check_override("nope", "x"), Err(OverrideError::UnknownId("nope".into())));
        assert_eq!(check_override("card-show", "  "), Err(OverrideError::Empty));
        assert_eq!(check_override("card-show", "Show { $name }"), Err(OverrideError::UnknownVariable("name".into())));
        assert_eq!(check_override("card-show", "Show {"), Err(OverrideError::Syntax));
        // A second line cannot start another message: it is indented into
        // this one.
        let texts = FamilyTexts::load(FamilyLang::En, &[("card-show".into(), "x\ncard-number = y".into())]);
        assert_eq!(texts.get("card-show"), "x\ncard-number = y");
        assert_eq!(texts.get("card-number"), "Card number");
        assert_eq!(check_override("card-show", &"x".repeat(MAX_OVERRIDE_LEN + 1)), Err(OverrideError::TooLong));
        // A plural override with several lines.
        let plural = "{ $count ->\n[one] once a week\n*[other] { $count } times a week\n}";
        assert_eq!(check_override("quota-week", plural), Ok(()));
        let texts = FamilyTexts::load(FamilyLang::En, &[("quota-week".into(), plural.into())]);
        assert_eq!(texts.count("quota-week", "count", 1), "once a week");
        assert_eq!(texts.count("quota-week", "count", 3), "3 times a week");
    }

    #[test]
    fn negotiation() {
        assert_eq!(FamilyLang::negotiate(None), FamilyLang::Nb);
        assert_eq!(FamilyLang::negotiate(Some("ar-SA,ar;q=0.9,en;q=0.5")), FamilyLang::Ar);
        assert_eq!(FamilyLang::negotiate(Some("de, uk;q=0.8, en;q=0.7")), FamilyLang::Uk);
        assert_eq!(FamilyLang::negotiate(Some("nn-NO")), FamilyLang::Nn);
        assert_eq!(FamilyLang::negotiate(Some("no")), FamilyLang::Nb);
        assert_eq!(FamilyLang::negotiate(Some("ti-ER, so;q=0.9")), FamilyLang::Ti);
        assert_eq!(FamilyLang::negotiate(Some("fr")), FamilyLang::Nb);
        assert_eq!(FamilyLang::negotiate(Some(";;;,,q=")), FamilyLang::Nb);
        assert_eq!(FamilyLang::negotiate(Some("en;q=0.1, nb")), FamilyLang::Nb);
        assert_eq!(FamilyLang::negotiate(Some("so;q=0, pl;q=0.3")), FamilyLang::Pl);
        assert_eq!(FamilyLang::negotiate(Some("uk;q=0")), FamilyLang::Nb);
        assert_eq!(FamilyLang::from_tag("NN_no"), Some(FamilyLang::Nn));
        assert_eq!(FamilyLang::Ar.dir(), "rtl");
        assert_eq!(FamilyLang::Ti.dir(), "ltr");
    }
}
