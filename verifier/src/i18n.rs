//! Staff-facing text through Project Fluent (`i18n/*.ftl`, embedded).

use crate::check::Verdict;
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};
use shared::{Day, TokenError};

/// A display language of the verifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// Norsk bokmål.
    Nb,
    /// English.
    En,
}

impl Lang {
    /// The language tag.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Nb => "nb",
            Lang::En => "en",
        }
    }

    fn source(self) -> &'static str {
        match self {
            Lang::Nb => include_str!("../i18n/nb.ftl"),
            Lang::En => include_str!("../i18n/en.ftl"),
        }
    }
}

/// Every message id the code uses; a test checks each file has them all.
pub const MESSAGE_IDS: &[&str] = &[
    "verdict-valid",
    "verdict-expired",
    "verdict-not-yet-valid",
    "verdict-revoked",
    "verdict-not-valid-here",
    "verdict-invalid",
    "verdict-unknown",
    "hint-bad-encoding",
    "hint-unsupported-version",
    "hint-unknown-key",
    "hint-bad-signature",
    "hint-key-not-valid",
    "hint-unknown-card-type",
    "hint-validity-too-long",
    "hint-revoked",
    "hint-expired",
    "hint-not-yet-valid",
    "hint-not-valid-here",
    "card-line",
];

/// Formatted messages in one language.
pub struct Messages {
    bundle: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Messages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Messages")
    }
}

/// The three lines shown for a verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerdictText {
    /// Big answer, e.g. "GYLDIG · Kino · 1 barn + 1 ledsager".
    pub headline: String,
    /// What it means / what to do (empty when valid).
    pub hint: String,
    /// Card number, type and validity (empty when the signature did not verify).
    pub card: String,
}

impl Messages {
    /// Load the messages of `lang`. The files are compiled in and checked by
    /// tests, so a parse error cannot happen at run time; should it anyway,
    /// the affected messages show their ids.
    pub fn new(lang: Lang) -> Messages {
        let langid = lang.tag().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new(vec![langid]);
        bundle.set_use_isolating(false);
        let resource = FluentResource::try_new(lang.source().to_string()).unwrap_or_else(|(partial, _)| partial);
        let _ = bundle.add_resource(resource);
        Messages { bundle }
    }

    /// Format message `id` with string arguments.
    pub fn get(&self, id: &str, args: &[(&str, &str)]) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_string();
        };
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            fargs.set(*k, v.to_string());
        }
        let mut errors = Vec::new();
        self.bundle.format_pattern(pattern, Some(&fargs), &mut errors).into_owned()
    }

    /// The staff's text for a verdict.
    pub fn verdict(&self, v: &Verdict) -> VerdictText {
        let nb_date =
            |d: &Option<String>| d.as_deref().and_then(|s| Day::parse(s).ok()).map(Day::display_nb).unwrap_or_default();
        let (headline, hint) = match &v.error {
            None => {
                let names: Vec<&str> = v.benefits.iter().map(|b| b.name.as_str()).collect();
                let companion = if v.benefits.iter().any(|b| b.companion_free) { "yes" } else { "no" };
                (self.get("verdict-valid", &[("benefit", &names.join(" + ")), ("companion", companion)]), String::new())
            }
            Some(e) => {
                let date = match e {
                    TokenError::Expired(d) | TokenError::NotYetValid(d) => d.display_nb(),
                    _ => String::new(),
                };
                let args = [("date", date.as_str())];
                let headline = match e {
                    TokenError::Expired(_) => self.get("verdict-expired", &args),
                    TokenError::NotYetValid(_) => self.get("verdict-not-yet-valid", &args),
                    TokenError::Revoked => self.get("verdict-revoked", &[]),
                    TokenError::NotValidHere => self.get("verdict-not-valid-here", &[]),
                    TokenError::UnknownKey | TokenError::UnknownCardType | TokenError::UnsupportedVersion(_) => {
                        self.get("verdict-unknown", &[])
                    }
                    TokenError::BadEncoding(_)
                    | TokenError::BadSignature
                    | TokenError::KeyNotValid
                    | TokenError::ValidityTooLong => self.get("verdict-invalid", &[]),
                };
                let hint_id = format!("hint-{}", e.code().replace('_', "-"));
                (headline, self.get(&hint_id, &args))
            }
        };
        let card = match (&v.card_number, &v.card_type) {
            (Some(n), Some(ct)) => self.get(
                "card-line",
                &[
                    ("number", n),
                    ("cardtype", &ct.name),
                    ("from", &nb_date(&v.valid_from)),
                    ("until", &nb_date(&v.valid_until)),
                ],
            ),
            _ => String::new(),
        };
        VerdictText { headline, hint, card }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_exists_in_every_language() {
        for lang in [Lang::Nb, Lang::En] {
            let res = FluentResource::try_new(lang.source().to_string());
            assert!(res.is_ok(), "{lang:?}: {:?}", res.err().map(|e| e.1));
            let m = Messages::new(lang);
            for id in MESSAGE_IDS {
                assert!(m.bundle.get_message(id).is_some(), "{lang:?} lacks {id}");
            }
        }
        // Every hint the code can ask for is listed.
        for code in [
            "bad_encoding",
            "unsupported_version",
            "unknown_key",
            "bad_signature",
            "key_not_valid",
            "unknown_card_type",
            "validity_too_long",
            "revoked",
            "expired",
            "not_yet_valid",
            "not_valid_here",
        ] {
            let id = format!("hint-{}", code.replace('_', "-"));
            assert!(MESSAGE_IDS.contains(&id.as_str()), "{id}");
        }
    }

    #[test]
    fn formatting_with_arguments() {
        let m = Messages::new(Lang::Nb);
        assert_eq!(
            m.get("verdict-valid", &[("benefit", "Kino"), ("companion", "yes")]),
            "GYLDIG · Kino · 1 barn + 1 ledsager"
        );
        assert_eq!(m.get("verdict-valid", &[("benefit", "Kino"), ("companion", "no")]), "GYLDIG · Kino");
        assert_eq!(m.get("verdict-expired", &[("date", "31.12.2026")]), "UTLØPT 31.12.2026");
        let m = Messages::new(Lang::En);
        assert_eq!(m.get("verdict-revoked", &[]), "BLOCKED");
    }
}
