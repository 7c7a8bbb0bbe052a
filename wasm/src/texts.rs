//! The station page's words through Project Fluent (`wasm/i18n/*.ftl`,
//! compiled in): the verdicts in the binary's words (a test checks that
//! every `verdict-*` message reads as in `verifier/i18n/*.ftl`), and the
//! page's own texts.

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};

/// Arguments of a message.
pub type Args<'a> = Vec<(&'a str, FluentValue<'static>)>;

/// The messages of one language.
pub struct Texts {
    bundle: FluentBundle<FluentResource>,
}

/// The station's message files.
pub const SOURCES: [(&str, &str); 2] = [("nb", include_str!("../i18n/nb.ftl")), ("en", include_str!("../i18n/en.ftl"))];

impl Texts {
    fn load(lang: &str, source: &str) -> Texts {
        let id: unic_langid::LanguageIdentifier = lang.parse().unwrap_or_default();
        let mut bundle = FluentBundle::new(vec![id]);
        // No isolation marks: the page shows plain text.
        bundle.set_use_isolating(false);
        let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(partial, _)| partial);
        // Compiled in and checked by tests: an error here leaves the id shown.
        let _ = bundle.add_resource(resource);
        Texts { bundle }
    }

    /// The texts of `lang` (`en`, else bokmål), parsed once.
    pub fn of(lang: &str) -> &'static Texts {
        thread_local! {
            static NB: &'static Texts = Box::leak(Box::new(Texts::load("nb", SOURCES[0].1)));
            static EN: &'static Texts = Box::leak(Box::new(Texts::load("en", SOURCES[1].1)));
        }
        if lang.starts_with("en") { EN.with(|t| *t) } else { NB.with(|t| *t) }
    }

    /// Message `id` with `args`; the id itself if there is no such message.
    pub fn get(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else { return id.to_string() };
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            fargs.set(*k, v.clone());
        }
        let mut errors = Vec::new();
        self.bundle.format_pattern(pattern, Some(&fargs), &mut errors).into_owned()
    }

    /// Every message that formats without arguments, as a JSON object.
    pub fn all_plain(&self) -> serde_json::Value {
        let mut out = serde_json::Map::new();
        for (_, source) in SOURCES.iter().take(1) {
            let Ok(resource) = FluentResource::try_new(source.to_string()) else { continue };
            for entry in resource.entries() {
                if let fluent_syntax::ast::Entry::Message(m) = entry
                    && let Some(pattern) = self.bundle.get_message(m.id.name).and_then(|m| m.value())
                {
                    let mut errors = Vec::new();
                    let text = self.bundle.format_pattern(pattern, None, &mut errors);
                    if errors.is_empty() {
                        out.insert(m.id.name.to_string(), text.into_owned().into());
                    }
                }
            }
        }
        out.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids of a Fluent file's messages.
    fn ids(source: &str) -> Vec<String> {
        let resource = FluentResource::try_new(source.to_string()).expect("the file parses");
        resource
            .entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn both_files_parse_and_have_the_same_messages() {
        let nb = ids(SOURCES[0].1);
        let en = ids(SOURCES[1].1);
        assert_eq!(nb, en);
        assert!(nb.len() > 40);
    }

    #[test]
    fn the_answers_are_the_binarys_words() {
        // The headlines staff read at the door are the `verifier` binary's,
        // message for message (the hints may differ: the page updates
        // itself where the binary says "run verifier update").
        for (lang, station) in SOURCES {
            let verifier = match lang {
                "nb" => include_str!("../../verifier/i18n/nb.ftl"),
                _ => include_str!("../../verifier/i18n/en.ftl"),
            };
            let entries = |source: &str| -> Vec<(String, String)> {
                let mut out = Vec::new();
                let mut current: Option<(String, String)> = None;
                for line in source.lines() {
                    if let Some((id, rest)) = line.split_once(" = ").filter(|(id, _)| !id.starts_with([' ', '#'])) {
                        out.extend(current.take());
                        current = Some((id.to_string(), rest.to_string()));
                    } else if let Some(c) = current.as_mut() {
                        if line.starts_with([' ', '}']) {
                            c.1.push('\n');
                            c.1.push_str(line);
                        } else {
                            out.extend(current.take());
                        }
                    }
                }
                out.extend(current);
                out
            };
            let station = entries(station);
            let verifier = entries(verifier);
            let shared = [
                "verdict-valid",
                "verdict-expired",
                "verdict-not-yet-valid",
                "verdict-revoked",
                "verdict-not-valid-here",
                "verdict-invalid",
                "verdict-unreadable",
                "hint-bad-encoding",
                "verdict-unknown",
                "verdict-used-next",
                "verdict-used",
                "verdict-clock-behind",
                "verdict-budget-exhausted",
                "hint-quota-exhausted",
                "hint-budget-exhausted",
                "hint-revoked",
                "hint-expired",
                "hint-not-yet-valid",
                "hint-not-valid-here",
                "card-line",
                "quota-limit",
                "budget-period",
                "warning-budget",
            ];
            for id in shared {
                let s = station.iter().find(|(i, _)| i == id).unwrap_or_else(|| panic!("{lang}: no {id}"));
                let v =
                    verifier.iter().find(|(i, _)| i == id).unwrap_or_else(|| panic!("{lang}: verifier has no {id}"));
                assert_eq!(s, v, "{lang}: {id}");
            }
        }
    }

    #[test]
    fn numbers_pick_plural_forms_and_unknown_ids_show_themselves() {
        let nb = Texts::of("nb");
        assert_eq!(nb.get("quota-limit", &[("count", 1.into()), ("per", "week".into())]), "1 per uke");
        assert_eq!(nb.get("no-such-message", &[]), "no-such-message");
        assert!(Texts::of("en").all_plain().get("title").is_some());
    }
}
