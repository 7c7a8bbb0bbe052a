//! The catalogue forms' fields in the family pages' languages: card type
//! and offer names, and venues' opening hours; and the overview's list of
//! names per language, where an empty one is marked as showing bokmål.

use super::Fields;
use crate::catalogue::name_langs;
use crate::family_text::FamilyLang;
use shared::model::Names;

/// One input of a form in one language.
#[derive(Debug)]
pub struct LangInput {
    /// Language tag (`pl`), also the end of the field's name.
    pub tag: &'static str,
    /// `rtl` for Arabic, else `auto` (the text decides).
    pub dir: &'static str,
    /// The language's name in itself (`polski`).
    pub native: &'static str,
    /// What is typed.
    pub value: String,
}

/// A name in one language as the overview shows it: `None` when empty
/// (the family pages show the bokmål one).
#[derive(Debug)]
pub struct LangName {
    /// Language tag.
    pub tag: &'static str,
    /// `rtl` for Arabic, else `ltr`.
    pub dir: &'static str,
    /// The language's name in itself.
    pub native: &'static str,
    /// The name, if given.
    pub value: Option<String>,
}

fn lang(tag: &str) -> FamilyLang {
    FamilyLang::from_tag(tag).unwrap_or_default()
}

/// The typed values of the fields `{prefix}_{tag}` for every form language,
/// each cut to `max` characters; empty ones left out.
pub fn read(f: &Fields, prefix: &str, max: usize) -> Names {
    name_langs()
        .filter_map(|tag| {
            let v: String = f.get(&format!("{prefix}_{tag}")).trim().chars().take(max).collect();
            (!v.is_empty()).then(|| (tag.to_string(), v))
        })
        .collect()
}

/// Inputs for the languages of `names` but those in `skip`.
pub fn inputs(names: &Names, skip: &[&str]) -> Vec<LangInput> {
    name_langs()
        .filter(|tag| !skip.contains(tag))
        .map(|tag| {
            let l = lang(tag);
            LangInput {
                tag,
                dir: if l.dir() == "rtl" { "rtl" } else { "auto" },
                native: l.native_name(),
                value: names.get(tag).cloned().unwrap_or_default(),
            }
        })
        .collect()
}

/// The names of every form language but bokmål, for the overview.
pub fn overview(names: &Names) -> Vec<LangName> {
    name_langs()
        .filter(|tag| *tag != "nb")
        .map(|tag| {
            let l = lang(tag);
            LangName {
                tag,
                dir: l.dir(),
                native: l.native_name(),
                value: names.get(tag).filter(|v| !v.is_empty()).cloned(),
            }
        })
        .collect()
}
