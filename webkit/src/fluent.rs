//! Project Fluent messages: each `.ftl` file parsed once ([`Resource`]),
//! bundles of them per language ([`Messages`]), formatted with typed
//! arguments: a number is a [`FluentValue::Number`], so `{ $count -> [one]
//! … *[other] … }` picks the language's plural form.
//!
//! Keep a bundle for the life of the process (in a
//! [`crate::lang::PerLanguage`] `static`, or an `Arc` when run-time
//! overrides rebuild it): building one costs, formatting does not.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentError, FluentResource};
use std::borrow::Borrow;
use std::sync::Arc;

pub use fluent_bundle::FluentValue;

/// A parsed Fluent file, shared (cheap to clone) by every bundle that
/// uses it.
#[derive(Clone)]
pub struct Resource(Arc<FluentResource>);

impl std::fmt::Debug for Resource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Resource({} entries)", self.0.entries().count())
    }
}

impl Borrow<FluentResource> for Resource {
    fn borrow(&self) -> &FluentResource {
        &self.0
    }
}

/// A Fluent file that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{count} Fluent syntax error(s), the first at byte {first_at}")]
pub struct SyntaxError {
    /// How many entries are broken.
    pub count: usize,
    /// Where the first broken entry starts (bytes into the source).
    pub first_at: usize,
}

impl Resource {
    /// Parse `source`. A broken entry is left out (its message shows its
    /// id) and the rest is kept; tests check the compiled-in files with
    /// [`Resource::try_parse`].
    pub fn parse(source: impl Into<String>) -> Resource {
        Resource(Arc::new(FluentResource::try_new(source.into()).unwrap_or_else(|(partial, _)| partial)))
    }

    /// Parse `source`; an error if any entry is broken.
    pub fn try_parse(source: impl Into<String>) -> Result<Resource, SyntaxError> {
        match FluentResource::try_new(source.into()) {
            Ok(resource) => Ok(Resource(Arc::new(resource))),
            Err((_, errors)) => {
                let first_at = errors.first().map_or(0, |e| e.pos.start);
                Err(SyntaxError { count: errors.len(), first_at })
            }
        }
    }
}

/// Why a message could not be formatted (see [`Messages::try_format`]).
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// No message with this id, or one without a value.
    #[error("no message «{0}»")]
    Missing(String),
    /// The message refers to something that is not there (a variable not
    /// passed, another message, a function); the text has `{$name}` there.
    #[error("message «{id}» did not format")]
    Fluent {
        /// The message.
        id: String,
        /// The first problem.
        #[source]
        source: FluentError,
        /// The text, with the problems shown in braces.
        text: String,
    },
}

/// The messages of one language, ready to format.
pub struct Messages {
    tag: String,
    bundle: FluentBundle<Resource>,
    plurals: Option<crate::plural::Plurals>,
}

impl std::fmt::Debug for Messages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Messages({})", self.tag)
    }
}

impl Messages {
    /// The messages of language `tag` (BCP 47, e.g. `nb`; it chooses the
    /// plural rules, CLDR's through ICU4X: [`crate::plural`]) from
    /// `resources` in order: a message in a later one
    /// replaces the same id in an earlier one, so put a fallback language
    /// first and overrides last.
    ///
    /// Unicode isolation marks around arguments are off: the pages escape
    /// values into HTML and mark directions with `dir` and `<bdi>`, and a
    /// terminal would print the marks.
    pub fn new(tag: &str, resources: impl IntoIterator<Item = Resource>) -> Messages {
        let langid = tag.parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![langid]);
        bundle.set_use_isolating(false);
        for resource in resources {
            bundle.add_resource_overriding(resource);
        }
        Messages { tag: tag.to_string(), bundle, plurals: crate::plural::Plurals::new(tag) }
    }

    /// Add `resource` after the others: its messages replace the same ids.
    pub fn add(&mut self, resource: Resource) {
        self.bundle.add_resource_overriding(resource);
    }

    /// The language tag.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// Whether message `id` exists.
    pub fn has(&self, id: &str) -> bool {
        self.bundle.get_message(id).is_some()
    }

    /// Message `id` without arguments (see [`Messages::format`]).
    pub fn get(&self, id: &str) -> String {
        self.format(id, &[])
    }

    /// Message `id` with `args`. A missing message gives its id, and a
    /// problem inside one its text with the problem in braces; both are
    /// logged as a warning (never the arguments' values).
    pub fn format(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        match self.try_format(id, args) {
            Ok(text) => text,
            Err(e) => {
                tracing::warn!(lang = %self.tag, error = %e, source = ?std::error::Error::source(&e), "fluent");
                match e {
                    FormatError::Missing(id) => id,
                    FormatError::Fluent { text, .. } => text,
                }
            }
        }
    }

    /// Message `id` with `args`, or why it cannot be formatted.
    pub fn try_format(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> Result<String, FormatError> {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return Err(FormatError::Missing(id.to_string()));
        };
        let mut fargs = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fargs.set(*name, value.clone());
        }
        let resolved = match &self.plurals {
            Some(plurals) => crate::plural::resolve(pattern, &fargs, plurals),
            None => std::borrow::Cow::Borrowed(pattern),
        };
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(&resolved, Some(&fargs), &mut errors).into_owned();
        match errors.into_iter().next() {
            None => Ok(text),
            Some(source) => Err(FormatError::Fluent { id: id.to_string(), source, text }),
        }
    }
}

/// String arguments as Fluent values (for [`Messages::format`]).
pub fn string_args<'a>(args: &[(&'a str, &'a str)]) -> Vec<(&'a str, FluentValue<'a>)> {
    args.iter().map(|(name, value)| (*name, FluentValue::from(*value))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NB: &str = "\
visits = { $count ->
    [one] { $count } besøk
   *[other] { $count } besøk totalt
}
hello = Hei, { $name }!
only-nb = Bare på bokmål
";
    const EN: &str = "\
visits = { $count ->
    [one] one visit
   *[other] { $count } visits
}
hello = Hello, { $name }!
";

    fn en() -> Messages {
        Messages::new("en", [Resource::parse(NB), Resource::parse(EN)])
    }

    #[test]
    fn numbers_pick_the_plural_form() {
        let en = en();
        assert_eq!(en.format("visits", &[("count", 1.into())]), "one visit");
        assert_eq!(en.format("visits", &[("count", 2u32.into())]), "2 visits");
        assert_eq!(en.format("visits", &[("count", 1_000_000u64.into())]), "1000000 visits");
        assert_eq!(en.format("visits", &[("count", 0.into())]), "0 visits");
        let nb = Messages::new("nb", [Resource::parse(NB)]);
        assert_eq!(nb.format("visits", &[("count", 1.into())]), "1 besøk");
        assert_eq!(nb.format("visits", &[("count", 5.into())]), "5 besøk totalt");
        assert_eq!(nb.tag(), "nb");
    }

    #[test]
    fn later_resources_override_and_earlier_ones_fall_back() {
        let en = en();
        assert_eq!(en.format("hello", &string_args(&[("name", "Ada")])), "Hello, Ada!");
        assert_eq!(en.get("only-nb"), "Bare på bokmål");
        let custom = Messages::new("en", [Resource::parse(NB), Resource::parse(EN), Resource::parse("hello = Hi!\n")]);
        assert_eq!(custom.get("hello"), "Hi!");
        assert!(custom.has("visits") && !custom.has("nope"));
    }

    #[test]
    fn no_isolation_marks_around_arguments() {
        let text = en().format("hello", &[("name", "العربية".into())]);
        assert_eq!(text, "Hello, العربية!");
        assert!(!text.contains('\u{2068}') && !text.contains('\u{2069}'));
    }

    #[test]
    fn problems_are_reported_not_panicked() {
        let en = en();
        assert!(matches!(en.try_format("nope", &[]), Err(FormatError::Missing(id)) if id == "nope"));
        assert_eq!(en.get("nope"), "nope");
        let err = en.try_format("hello", &[]).unwrap_err();
        assert!(
            matches!(&err, FormatError::Fluent { id, text, .. } if id == "hello" && text == "Hello, {$name}!"),
            "{err:?}"
        );
        assert!(std::error::Error::source(&err).is_some());
        assert_eq!(en.get("hello"), "Hello, {$name}!");
    }

    #[test]
    fn broken_files_keep_their_good_entries() {
        let source = "good = Fine\nbad = { $x\nalso-good = Also fine\n";
        assert_eq!(Resource::try_parse(source).unwrap_err().count, 1);
        assert!(Resource::try_parse(EN).is_ok());
        let m = Messages::new("en", [Resource::parse(source)]);
        assert_eq!(m.get("good"), "Fine");
        assert_eq!(m.get("also-good"), "Also fine");
        assert_eq!(m.get("bad"), "bad");
    }
}
