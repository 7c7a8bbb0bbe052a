//! CSV files that open correctly in a spreadsheet where the page's language
//! is spoken. Norwegian Excel reads `;` as the separator (its decimal mark
//! is `,`) and needs a UTF-8 byte-order mark to read æ, ø and å; English
//! pages get the RFC 4180 comma form without a mark. Either way a text that
//! a spreadsheet would run as a formula is neutralised.

use crate::i18n::Lang;

/// The UTF-8 byte-order mark.
pub const BOM: char = '\u{feff}';

/// A CSV file being written, in the dialect of one page language.
#[derive(Debug, Clone)]
pub struct Csv {
    separator: char,
    out: String,
}

impl Csv {
    /// A new file for a page in `lang`: bokmål (and nynorsk readers, who
    /// get bokmål pages) `;` with a byte-order mark, English `,` without.
    pub fn for_lang(lang: Lang) -> Csv {
        match lang {
            Lang::Nb => Csv { separator: ';', out: BOM.to_string() },
            Lang::En => Csv { separator: ',', out: String::new() },
        }
    }

    /// The separator between cells.
    pub fn separator(&self) -> char {
        self.separator
    }

    /// Add one line (ended by CRLF).
    pub fn line(&mut self, cells: &[&str]) {
        let cells: Vec<String> = cells.iter().map(|c| cell(c, self.separator)).collect();
        self.out.push_str(&cells.join(&self.separator.to_string()));
        self.out.push_str("\r\n");
    }

    /// The whole file.
    pub fn finish(self) -> String {
        self.out
    }
}

/// One CSV cell (RFC 4180, with `separator`): a text that a spreadsheet
/// would read as a formula gets a leading `'`; quoted when needed.
pub fn cell(s: &str, separator: char) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    if s.contains([separator, '"', '\r', '\n']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_formulas_neutralised() {
        assert_eq!(cell("Kino", ','), "Kino");
        assert_eq!(cell("=SUM(A1)", ','), "'=SUM(A1)");
        assert_eq!(cell("+1", ','), "'+1");
        assert_eq!(cell("-1", ';'), "'-1");
        assert_eq!(cell("@x", ';'), "'@x");
        assert_eq!(cell("a,b", ','), "\"a,b\"");
        assert_eq!(cell("16,7 %", ';'), "16,7 %");
        assert_eq!(cell("a;b", ';'), "\"a;b\"");
        assert_eq!(cell("say \"hi\"", ','), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=a,b", ','), "\"'=a,b\"");
    }

    #[test]
    fn norwegian_files_have_a_bom_and_semicolons_english_ones_commas() {
        let mut nb = Csv::for_lang(Lang::Nb);
        nb.line(&["Dag", "Sted", "16,7 %"]);
        assert_eq!(nb.finish(), "\u{feff}Dag;Sted;16,7 %\r\n");
        let mut en = Csv::for_lang(Lang::En);
        en.line(&["Day", "Venue", "16.7 %"]);
        assert_eq!(en.finish(), "Day,Venue,16.7 %\r\n");
    }
}
