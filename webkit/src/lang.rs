//! Languages: which one a browser asks for (`Accept-Language`, with
//! q-values), and values kept once per language ([`PerLanguage`]).
//!
//! A server describes its languages by a table of primary subtags, e.g.
//! `[("nb", Nb), ("no", Nb), ("nn", Nn), ("en", En)]`: `nb-NO`, `no` and
//! `NB_no` all match by their primary subtag (before `-` or `_`, any case).

use std::sync::OnceLock;

/// Entries of an `Accept-Language` header looked at; the rest is ignored
/// (a browser sends a handful), so a long header costs bounded work.
pub const MAX_ENTRIES: usize = 20;

/// The value whose primary subtag in `table` matches `tag`'s (`nb-NO` and
/// `nb_NO` match `nb`, in any case); `None` when there is none.
pub fn from_tag<T: Copy>(tag: &str, table: &[(&str, T)]) -> Option<T> {
    let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
    table.iter().find(|(subtag, _)| subtag.eq_ignore_ascii_case(primary)).map(|(_, value)| *value)
}

/// The best of `table` for an `Accept-Language` header: the highest q-value
/// wins; on a tie the earlier entry; `q=0` means "not this one". A missing
/// `q` is 1, one that is no number counts as 1, one above 1 as 1. Entries
/// that match nothing, junk and everything after [`MAX_ENTRIES`] entries
/// are passed over. `None` when the header is missing or nothing matches.
pub fn negotiate<T: Copy>(header: Option<&str>, table: &[(&str, T)]) -> Option<T> {
    let mut best: Option<(u16, T)> = None;
    for entry in header?.split(',').take(MAX_ENTRIES) {
        let mut params = entry.split(';');
        let Some(value) = from_tag(params.next().unwrap_or(""), table) else { continue };
        let q = params.find_map(|p| quality(p.trim())).unwrap_or(1000);
        if q > 0 && best.is_none_or(|(best_q, _)| q > best_q) {
            best = Some((q, value));
        }
    }
    best.map(|(_, value)| value)
}

/// The q-value of a `q=…` parameter in thousandths, or `None` when `param`
/// is another parameter.
fn quality(param: &str) -> Option<u16> {
    let value = param.strip_prefix("q=").or_else(|| param.strip_prefix("Q="))?;
    Some(match value.trim().parse::<f32>() {
        // At most 1000: the cast cannot overflow; NaN casts to 0.
        Ok(q) => (q.clamp(0.0, 1.0) * 1000.0).round() as u16,
        Err(_) => 1000,
    })
}

/// The staff's languages, the same in both servers: bokmål (the default;
/// nynorsk readers get it too) and English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum StaffLang {
    /// Norsk bokmål.
    #[default]
    Nb,
    /// English.
    En,
}

impl StaffLang {
    /// Every language, the default first (the order a switcher shows them).
    pub const ALL: [StaffLang; 2] = [StaffLang::Nb, StaffLang::En];

    /// The primary subtags of each language: nynorsk readers get bokmål.
    const TAGS: [(&'static str, StaffLang); 4] =
        [("nb", StaffLang::Nb), ("no", StaffLang::Nb), ("nn", StaffLang::Nb), ("en", StaffLang::En)];

    /// BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            StaffLang::Nb => "nb",
            StaffLang::En => "en",
        }
    }

    /// The language's own name, for a switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            StaffLang::Nb => "Norsk bokmål",
            StaffLang::En => "English",
        }
    }

    /// The language of a tag (`nb`, `no`, `nn` → bokmål, `en-GB` …).
    pub fn from_tag(tag: &str) -> Option<StaffLang> {
        from_tag(tag, &StaffLang::TAGS)
    }

    /// The best language for an `Accept-Language` header ([`negotiate`]),
    /// if it names one.
    pub fn negotiate(accept_language: Option<&str>) -> Option<StaffLang> {
        negotiate(accept_language, &StaffLang::TAGS)
    }
}

/// A tag that is not one of the staff's languages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("«{0}» is not one of the languages nb, en")]
pub struct UnknownLang(pub String);

impl std::str::FromStr for StaffLang {
    type Err = UnknownLang;

    /// Exactly `nb` or `en`, in any case (a command-line choice).
    fn from_str(s: &str) -> Result<StaffLang, UnknownLang> {
        StaffLang::ALL.into_iter().find(|l| l.tag().eq_ignore_ascii_case(s)).ok_or_else(|| UnknownLang(s.to_string()))
    }
}

/// Values built once for each language of `L`, each on its first use
/// (e.g. parsed message files): for a `static`. A command that speaks one
/// language parses only that language's file (issue 17: half of a
/// `verifier check`'s start-up was parsing both).
#[derive(Debug)]
pub struct PerLanguage<L: 'static, T, const N: usize> {
    all: &'static [L; N],
    build: fn(L) -> T,
    values: [OnceLock<T>; N],
}

impl<L: Copy + PartialEq, T, const N: usize> PerLanguage<L, T, N> {
    /// A value for each of `all` (at least one), made by `build` when first
    /// asked for.
    pub const fn new(all: &'static [L; N], build: fn(L) -> T) -> Self {
        assert!(N > 0, "PerLanguage needs at least one language");
        PerLanguage { all, build, values: [const { OnceLock::new() }; N] }
    }

    /// The value of `lang`; of the first language if `lang` is not among
    /// them.
    pub fn get(&self, lang: L) -> &T {
        let i = self.all.iter().position(|l| *l == lang).unwrap_or(0);
        // `i < N`: a position in `all`, or 0 with N > 0 (checked in `new`).
        #[allow(clippy::indexing_slicing)]
        self.values[i].get_or_init(|| (self.build)(self.all[i]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum L {
        Nb,
        Nn,
        En,
        Ar,
    }

    /// The families' table in the issuer: `no` is bokmål, `nn` nynorsk.
    const FAMILY: [(&str, L); 5] = [("nb", L::Nb), ("no", L::Nb), ("nn", L::Nn), ("en", L::En), ("ar", L::Ar)];
    /// The staff's tables (issuer and verifier): `no` and `nn` are bokmål.
    const STAFF: [(&str, L); 4] = [("nb", L::Nb), ("no", L::Nb), ("nn", L::Nb), ("en", L::En)];

    #[test]
    fn tags_match_by_primary_subtag() {
        assert_eq!(from_tag("nb-NO", &FAMILY), Some(L::Nb));
        assert_eq!(from_tag(" NB_no ", &FAMILY), Some(L::Nb));
        assert_eq!(from_tag("no", &FAMILY), Some(L::Nb));
        assert_eq!(from_tag("nn-NO", &FAMILY), Some(L::Nn));
        assert_eq!(from_tag("nn-NO", &STAFF), Some(L::Nb));
        assert_eq!(from_tag("en-GB", &STAFF), Some(L::En));
        assert_eq!(from_tag("eng", &STAFF), None);
        assert_eq!(from_tag("", &STAFF), None);
        assert_eq!(from_tag("*", &STAFF), None);
    }

    /// A header, a table, and the language expected.
    type Case<'a> = (&'a str, &'a [(&'a str, L)], Option<L>);

    fn check(cases: &[Case<'_>]) {
        for (header, table, expected) in cases {
            assert_eq!(negotiate(Some(header), table), *expected, "{header}");
        }
    }

    #[test]
    fn q_values_decide() {
        assert_eq!(negotiate(None, &FAMILY), None);
        check(&[
            ("en;q=0.1, nb", &STAFF, Some(L::Nb)),
            ("de-DE,en-GB;q=0.8,nb;q=0.5", &STAFF, Some(L::En)),
            ("de-DE, en;q=0.5, nb;q=0.8", &STAFF, Some(L::Nb)),
            ("ar-SA,ar;q=0.9,en;q=0.5", &FAMILY, Some(L::Ar)),
            ("en-GB,en;q=0.9", &STAFF, Some(L::En)),
            ("nb;Q=0.2, en;q=0.3", &STAFF, Some(L::En)),
            ("en; charset=x ; q=0.9, nb;q=0.95", &STAFF, Some(L::Nb)),
        ]);
    }

    #[test]
    fn ties_keep_header_order() {
        check(&[
            ("no,en", &STAFF, Some(L::Nb)),
            ("en, nb", &STAFF, Some(L::En)),
            ("nn;q=0.5, nb;q=0.5", &FAMILY, Some(L::Nn)),
            ("en;q=0.5, nb;q=0.5000001", &STAFF, Some(L::En)),
        ]);
    }

    #[test]
    fn q_zero_excludes() {
        check(&[
            ("en;q=0", &STAFF, None),
            ("en;q=0.0, nb;q=0.001", &STAFF, Some(L::Nb)),
            ("en;q=0, fr", &STAFF, None),
            ("en;q=-1, nb;q=0.1", &STAFF, Some(L::Nb)),
            ("en;q=NaN, nb;q=0.1", &STAFF, Some(L::Nb)),
        ]);
    }

    #[test]
    fn junk_is_tolerated() {
        check(&[
            (";;;,,q=", &STAFF, None),
            ("fr", &STAFF, None),
            ("", &STAFF, None),
            ("en;q=abc", &STAFF, Some(L::En)),
            ("en;q=7, nb", &STAFF, Some(L::En)),
            ("*, en;q=0.5", &STAFF, Some(L::En)),
            ("\u{0}\u{7f}ø, nb", &STAFF, Some(L::Nb)),
        ]);
    }

    #[test]
    fn long_headers_cost_bounded_work() {
        let mut header = vec!["fr"; MAX_ENTRIES].join(",");
        header.push_str(",nb");
        assert_eq!(negotiate(Some(&header), &STAFF), None);
        let long = format!("{},en;q=0.5", "x".repeat(100_000));
        assert_eq!(negotiate(Some(&long), &STAFF), Some(L::En));
    }

    #[test]
    fn per_language_values_are_built_once_each_when_first_asked_for() {
        static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        fn build(l: L) -> String {
            COUNT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            format!("{l:?}")
        }
        let built = || COUNT.load(std::sync::atomic::Ordering::SeqCst);
        static ALL: [L; 3] = [L::Nb, L::En, L::Ar];
        static VALUES: PerLanguage<L, String, 3> = PerLanguage::new(&ALL, build);
        assert_eq!(VALUES.get(L::En), "En");
        assert_eq!(built(), 1, "only the language asked for");
        assert_eq!(VALUES.get(L::En), "En");
        assert_eq!(VALUES.get(L::Ar), "Ar");
        assert_eq!(built(), 2);
        assert_eq!(VALUES.get(L::Nn), "Nb", "not among them: the first");
        assert_eq!(VALUES.get(L::Nb), "Nb");
        assert_eq!(built(), 3);
    }
}
