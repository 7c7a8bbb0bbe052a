//! A municipality's own review of one language of the families' texts,
//! without a developer: the administrator downloads the language as a
//! Fluent file a translator can work in ([`review_file`]: every message
//! with the bokmål text and a note on where it appears as comments), and
//! uploads the reviewed file ([`read_upload`]: checked as the text
//! overrides are, whole or not at all). The changes are shown
//! ([`changes`]) before they apply; applying them marks the language
//! "reviewed by the municipality" with the day ([`crate::store::TextOverrides::apply_review`]).

use crate::family_text::{FamilyLang, OverrideError, builtin_source, check_override, message_ids, source_of};
use fluent_syntax::ast::Entry;
use std::collections::{BTreeMap, BTreeSet};

/// Largest review file accepted, in bytes.
pub const MAX_REVIEW_FILE: usize = 256 * 1024;

/// The comment line naming the file's language.
const LANGUAGE_LINE: &str = "# Language: ";

/// Why an uploaded review file was refused (nothing is changed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    /// No file, or one without any message.
    #[error("the file holds no message")]
    Empty,
    /// Larger than [`MAX_REVIEW_FILE`].
    #[error("the file is larger than {MAX_REVIEW_FILE} bytes")]
    TooLarge,
    /// Not UTF-8 text.
    #[error("the file is not UTF-8 text")]
    NotText,
    /// The file says it is for another language.
    #[error("the file is for the language «{0}»")]
    WrongLanguage(String),
    /// Not valid Fluent (the first broken line).
    #[error("the file is not valid Fluent from line {line}")]
    Syntax {
        /// 1-based line of the first broken entry.
        line: usize,
    },
    /// The same message twice.
    #[error("the message {0} is in the file twice")]
    Duplicate(String),
    /// One message was refused as an override would be.
    #[error("message {id}: {source}")]
    Message {
        /// The message id.
        id: String,
        /// Why.
        #[source]
        source: OverrideError,
    },
}

/// A message's text with blank lines and the indentation dropped: what is
/// compared and stored.
pub fn normalize(text: &str) -> String {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

/// The header lines of a review file (without `#`), in the administrator's
/// language, written by the caller.
#[derive(Debug, Clone, Default)]
pub struct FileHeader {
    /// Lines at the top, each becomes a comment.
    pub lines: Vec<String>,
    /// The word before each message's bokmål text (e.g. "Bokmål:").
    pub bokmal_label: String,
}

/// The review file of `lang`: the header, then every message in the
/// bokmål file's order under its section heading (where it appears), with
/// the bokmål file's note and text as comments above the text in use now
/// (`current`: the municipality's overrides by id, else the built-in text).
pub fn review_file(lang: FamilyLang, current: &BTreeMap<String, String>, header: &FileHeader) -> String {
    let mut out = String::new();
    for line in &header.lines {
        push_comment(&mut out, "# ", line);
    }
    out.push_str(&format!("{LANGUAGE_LINE}{}\n", lang.tag()));
    // The full parser: it keeps the comments (the runtime one drops them).
    let nb = fluent_syntax::parser::parse(FamilyLang::Nb.source()).unwrap_or_else(|(partial, _)| partial);
    for item in &nb.body {
        match item {
            Entry::GroupComment(c) => {
                out.push('\n');
                for line in &c.content {
                    push_comment(&mut out, "## ", line);
                }
            }
            Entry::Message(m) => {
                let id = m.id.name;
                out.push('\n');
                if let Some(c) = &m.comment {
                    for line in &c.content {
                        push_comment(&mut out, "# ", line);
                    }
                }
                if lang != FamilyLang::Nb {
                    out.push_str(&format!("# {}\n", header.bokmal_label));
                    for line in builtin_source(FamilyLang::Nb, id).unwrap_or_default().lines() {
                        push_comment(&mut out, "#     ", line.trim());
                    }
                }
                let text = current.get(id).cloned().or_else(|| builtin_source(lang, id)).unwrap_or_default();
                out.push_str(&entry(id, &text));
            }
            _ => {}
        }
    }
    out
}

fn push_comment(out: &mut String, prefix: &str, line: &str) {
    out.push_str(prefix.trim_end());
    if !line.is_empty() {
        out.push_str(&prefix[prefix.trim_end().len()..]);
        out.push_str(line);
    }
    out.push('\n');
}

/// `id = text` with the continuation lines indented.
fn entry(id: &str, text: &str) -> String {
    let mut s = format!("{id} =");
    for (i, line) in normalize(text).lines().enumerate() {
        s.push_str(if i == 0 { " " } else { "\n    " });
        s.push_str(line);
    }
    s.push('\n');
    s
}

/// The messages of an uploaded review file for `lang`, each checked as an
/// override is ([`check_override`]): (id, normalized text). The whole file
/// is refused at the first problem.
pub fn read_upload(lang: FamilyLang, bytes: &[u8]) -> Result<Vec<(String, String)>, ReviewError> {
    if bytes.len() > MAX_REVIEW_FILE {
        return Err(ReviewError::TooLarge);
    }
    let source = std::str::from_utf8(bytes).map_err(|_| ReviewError::NotText)?;
    let source = source.strip_prefix('\u{feff}').unwrap_or(source).replace("\r\n", "\n");
    if let Some(tag) = source.lines().find_map(|l| l.strip_prefix(LANGUAGE_LINE)).map(str::trim)
        && FamilyLang::from_tag(tag) != Some(lang)
    {
        return Err(ReviewError::WrongLanguage(tag.chars().take(20).collect()));
    }
    let resource = fluent_syntax::parser::parse(source.as_str()).map_err(|(_, errors)| {
        let at = errors.first().map_or(0, |e| e.slice.as_ref().map_or(e.pos.start, |s| s.start));
        ReviewError::Syntax { line: source.get(..at).unwrap_or("").matches('\n').count() + 1 }
    })?;
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for entry in &resource.body {
        let id = match entry {
            Entry::Message(m) => m.id.name,
            Entry::Term(t) => return Err(ReviewError::Syntax { line: line_of(&source, &format!("-{} =", t.id.name)) }),
            _ => continue,
        };
        if !seen.insert(id.to_string()) {
            return Err(ReviewError::Duplicate(id.to_string()));
        }
        let text = source_of(&source, id).unwrap_or_default();
        check_override(id, &text).map_err(|source| ReviewError::Message { id: id.to_string(), source })?;
        out.push((id.to_string(), normalize(&text)));
    }
    if out.is_empty() {
        return Err(ReviewError::Empty);
    }
    Ok(out)
}

fn line_of(source: &str, needle: &str) -> usize {
    source.find(needle).map_or(1, |at| source[..at].matches('\n').count() + 1)
}

/// One message the review changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The message id.
    pub id: String,
    /// The text in use now (normalized).
    pub before: String,
    /// The reviewed text (normalized).
    pub after: String,
    /// Whether the reviewed text is the built-in one (the override goes).
    pub is_builtin: bool,
}

/// The messages of `uploaded` whose text differs from the one in use now
/// (`current` overrides, else built in), in the bokmål file's order.
pub fn changes(lang: FamilyLang, current: &BTreeMap<String, String>, uploaded: &[(String, String)]) -> Vec<Change> {
    let uploaded: BTreeMap<&str, &str> = uploaded.iter().map(|(id, t)| (id.as_str(), t.as_str())).collect();
    message_ids()
        .iter()
        .filter_map(|id| {
            let after = normalize(uploaded.get(id.as_str())?);
            let builtin = normalize(&builtin_source(lang, id).unwrap_or_default());
            let before = current.get(id).map(|t| normalize(t)).unwrap_or_else(|| builtin.clone());
            (before != after).then(|| Change { id: id.clone(), before, is_builtin: after == builtin, after })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> FileHeader {
        FileHeader {
            lines: vec!["Review file".into(), String::new(), "Edit the text after =".into()],
            bokmal_label: "Bokmål:".into(),
        }
    }

    #[test]
    fn the_file_holds_every_message_with_bokmal_and_notes_and_reads_back_unchanged() {
        let current = BTreeMap::from([("card-show".to_string(), "Vis den i kassa.".to_string())]);
        let file = review_file(FamilyLang::Pl, &current, &header());
        assert!(file.starts_with("# Review file\n#\n# Edit the text after =\n# Language: pl\n"), "{file}");
        assert!(file.contains("## The phone card (/k)\n"));
        assert!(file.contains("# $from and $until are dates, filled in on the phone.\n# Bokmål:\n#     Gyldig { $from }–{ $until }\ncard-valid = Ważna"));
        assert!(
            file.contains("#     *[other] { $count } ganger i uka\n#     }\nquota-week = { $count ->\n    [one]"),
            "{file}"
        );
        assert!(file.contains("\ncard-show = Vis den i kassa.\n"));
        let read = read_upload(FamilyLang::Pl, file.as_bytes()).unwrap();
        assert_eq!(read.len(), message_ids().len());
        assert_eq!(changes(FamilyLang::Pl, &current, &read), []);
        // Without the override, the one message differs from the built-in.
        let diff = changes(FamilyLang::Pl, &BTreeMap::new(), &read);
        assert_eq!(diff.len(), 1);
        assert_eq!(
            (diff[0].id.as_str(), diff[0].after.as_str(), diff[0].is_builtin),
            ("card-show", "Vis den i kassa.", false)
        );
    }

    #[test]
    fn broken_files_are_refused_whole() {
        let ok = "card-show = Pokaż kod.\n";
        assert_eq!(read_upload(FamilyLang::Pl, ok.as_bytes()).unwrap(), [("card-show".into(), "Pokaż kod.".into())]);
        let refused = |s: &str| read_upload(FamilyLang::Pl, s.as_bytes()).unwrap_err();
        assert_eq!(refused("# only a comment\n"), ReviewError::Empty);
        assert_eq!(refused("card-show = a\ncard-valid = { $from\nuses-none = b\n"), ReviewError::Syntax { line: 2 });
        assert_eq!(
            refused("card-show = a\ncard-valid = { $from } { $name }\n"),
            ReviewError::Message { id: "card-valid".into(), source: OverrideError::UnknownVariable("name".into()) }
        );
        assert_eq!(
            refused("no-such = a\n"),
            ReviewError::Message { id: "no-such".into(), source: OverrideError::UnknownId("no-such".into()) }
        );
        assert_eq!(refused("card-show = a\ncard-show = b\n"), ReviewError::Duplicate("card-show".into()));
        assert_eq!(refused("# Language: ar\ncard-show = a\n"), ReviewError::WrongLanguage("ar".into()));
        assert_eq!(refused("-term = a\n"), ReviewError::Syntax { line: 1 });
        assert_eq!(read_upload(FamilyLang::Pl, b"\xff\xfe"), Err(ReviewError::NotText));
        assert_eq!(read_upload(FamilyLang::Pl, &vec![b'#'; MAX_REVIEW_FILE + 1]), Err(ReviewError::TooLarge));
    }
}
