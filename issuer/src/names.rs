//! Names that staff type for others to read: agencies, venues and staff
//! user names (a login looks the typed name up in the same form: [`fold`]) (OWASP ASVS V5.1.4: structured data is validated). A name is
//! trimmed and brought to Unicode NFKC, so that "ＮＡＶ" and "NAV" are one
//! name; then refused if it holds
//!
//! - a control character or an invisible format character (zero-width
//!   spaces and joiners, soft hyphens, variation selectors, tags), which
//!   make two names that look alike differ;
//! - a bidirectional control (U+202A–U+202E, U+2066–U+2069, U+200E,
//!   U+200F, U+061C), which can make a name display in another order than
//!   it is stored ("Trojan Source");
//! - letters of more than one script (UTS #39 mixed-script detection:
//!   Latin with Cyrillic or Greek, as in "NАV" with a Cyrillic А), the
//!   classic look-alike of another name. Digits, punctuation and spaces
//!   belong to every script; Japanese mixes of Han and kana count as one.

use unicode_normalization::UnicodeNormalization as _;
use unicode_security::MixedScript as _;

/// Why a name was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NameProblem {
    /// A control or invisible character.
    #[error("the name holds an invisible or control character; type it again without it")]
    Invisible,
    /// A bidirectional control.
    #[error("the name holds a character that changes the text direction; type it again without it")]
    Bidi,
    /// Letters of more than one script.
    #[error("the name mixes letters of different alphabets (such as Latin and Cyrillic); write it in one alphabet")]
    MixedScripts,
}

impl NameProblem {
    /// The Fluent message id of the problem.
    pub fn message_id(self) -> &'static str {
        match self {
            NameProblem::Invisible => "error-name-invisible",
            NameProblem::Bidi => "error-name-bidi",
            NameProblem::MixedScripts => "error-name-mixed-scripts",
        }
    }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Format characters that show nothing (Unicode's Default_Ignorable_Code_Point,
/// less the bidirectional controls, which have their own refusal).
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{115F}'..='\u{1160}'
                | '\u{17B4}'..='\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200D}'
                | '\u{2060}'..='\u{2064}'
                | '\u{206A}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF0}'..='\u{FFF8}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// `input` trimmed and in NFKC, unchecked: what a typed name is looked up
/// as (a login's user name), so that it finds the name [`clean`] stored.
pub fn fold(input: &str) -> String {
    input.nfkc().collect::<String>().trim().to_string()
}

/// `input` trimmed and in NFKC, or why it is refused. Length and emptiness
/// are the caller's rules.
pub fn clean(input: &str) -> Result<String, NameProblem> {
    let name = fold(input);
    let name = name.as_str();
    if name.chars().any(is_bidi_control) {
        return Err(NameProblem::Bidi);
    }
    if name.chars().any(is_invisible) {
        return Err(NameProblem::Invisible);
    }
    if !name.is_single_script() {
        return Err(NameProblem::MixedScripts);
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_compatibility_forms_folded() {
        assert_eq!(clean("  Bølgen kino "), Ok("Bølgen kino".into()));
        assert_eq!(clean("ＮＡＶ Ｌａｒｖｉｋ"), Ok("NAV Larvik".into()));
        assert_eq!(clean("Ve\u{301}nue"), Ok("V\u{e9}nue".into()));
        assert_eq!(clean("ﬁlm"), Ok("film".into()));
        for fine in ["NAV Larvik – avdeling 2", "Kulturhuset (Bølgen)", "مكتبة لارفيك", "Бібліотека", "東京タワー"]
        {
            assert_eq!(clean(fine), Ok(fine.into()), "{fine}");
        }
    }

    #[test]
    fn look_alikes_and_hidden_characters_are_refused() {
        assert_eq!(clean("N\u{0410}V Larvik"), Err(NameProblem::MixedScripts), "a Cyrillic А");
        assert_eq!(clean("\u{0430}dmin"), Err(NameProblem::MixedScripts));
        assert_eq!(clean("Ba\u{03B1}d"), Err(NameProblem::MixedScripts), "a Greek α");
        assert_eq!(clean("NAV\u{202E}kivraL"), Err(NameProblem::Bidi));
        assert_eq!(clean("\u{2067}NAV"), Err(NameProblem::Bidi));
        assert_eq!(clean("NAV\u{200B}Larvik"), Err(NameProblem::Invisible));
        assert_eq!(clean("NAV\u{00AD}Larvik"), Err(NameProblem::Invisible));
        assert_eq!(clean("NAV\nLarvik"), Err(NameProblem::Invisible));
        assert_eq!(clean("NAV\u{E0041}"), Err(NameProblem::Invisible));
    }
}
