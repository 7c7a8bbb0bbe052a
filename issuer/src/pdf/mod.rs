//! The printable card sheet: credit-card-sized cards, ten to an A4 page, with
//! crop marks, as a PDF that the caseworker prints and cuts.
//!
//! Each card carries the QR code (level Q, quiet zone included in its
//! [`QR_BOX_MM`]), the card number, the validity, the card type and what it
//! gives, the scheme name, and a line for the family to write a name on by
//! hand. Black on white with one accent colour (the scheme name and the rule
//! under it), so cheap printers do well; no word about income or need.
//!
//! Speed (see `docs/BENCHMARKS.md`): QR encoding and the compression of the
//! page content cost most, about equally, so helper threads encode the codes
//! while this thread draws and compresses the pages (`qr::QrPipeline`). Each
//! code is one filled path of the outlines of its dark areas in module units,
//! placed by one transform. Text is shaped once per distinct string
//! (rustybuzz, the shaper krilla itself uses) and drawn as glyph runs; the
//! fonts are embedded once per document, subset to the glyphs used.
//!
//! Layout, in millimetres from the top-left corner (krilla's user space is
//! y-down; every page is drawn under one scale from millimetres to points):
//!
//! ```text
//!  page 210 × 297, cards 85.6 × 54 in 2 columns × 5 rows, centred,
//!  10 mm between the columns and 4 mm between the rows (room for the marks)
//!  ┌──────────────────────────────────────────────┐
//!  │ Aktivitetskort Larvik            (accent)    │
//!  │ ──────────────────────────────── (accent)    │
//!  │ ┌──────────┐ Kortnummer                      │
//!  │ │          │ 7KX-M2Q-9DA       (mono, large) │
//!  │ │ QR 36 mm │ Gyldig 21.11.2026–31.12.2026    │
//!  │ │ incl.    │ 0–13 år med ledsager    (bold)  │
//!  │ │ quiet    │ Kino · Svømming · Familiepark · │
//!  │ │ zone     │ Minigolf · Bowling · Teater     │
//!  │ │          │ Kort på mobilen? Skann koden…   │
//!  │ │          │ On your phone: scan the code…   │
//!  │ └──────────┘ На телефоні: відскануйте код…   │
//!  │              Navn: _______________________   │
//!  └──────────────────────────────────────────────┘
//! ```
//!
//! The QR code holds the card's `qr_text`: on printed sheets the URL form
//! (SPEC §3.2), so a phone camera opens the card page; the three small lines
//! say so in the sheet's language, the other of bokmål/English, and
//! Ukrainian ([`hint_languages`]).
//!
//! The PDF is tagged: each card is a section of paragraphs in reading order
//! (`layout::Part`), its QR code a figure whose alternative text names the
//! card (`card-qr-alt`); crop marks, rules and the name line are artifacts.

mod layout;
mod qr;
mod text;

use crate::family_text::{FamilyLang, FamilyTexts};
use crate::i18n::Messages;
use crate::issue::IssuedCard;
use fluent_bundle::FluentValue;
use krilla::Document;
use krilla::geom::Transform;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::tagging::{ArtifactType, TagTree};
use layout::{
    HAIRLINE_MM, PAGE_HEIGHT_MM, PAGE_WIDTH_MM, PT_PER_MM, Template, black, card_origin, crop_marks, draw_card,
    lines_path, stroke_artifact,
};
use qr::QrPipeline;
use shared::model::Catalogue;
use shared::qr::QrError;
use std::collections::HashMap;
use std::sync::atomic::AtomicUsize;
use text::Fonts;

/// Cards on one A4 page.
pub const CARDS_PER_PAGE: usize = COLUMNS * ROWS;
/// Columns of cards on a page.
pub const COLUMNS: usize = 2;
/// Rows of cards on a page.
pub const ROWS: usize = 5;
/// Card width (ID-1, a credit card), mm.
pub const CARD_WIDTH_MM: f32 = 85.6;
/// Card height, mm.
pub const CARD_HEIGHT_MM: f32 = 54.0;
/// Side of the printed QR code including its white quiet zone of
/// [`QUIET_ZONE`](shared::qr::QUIET_ZONE) modules, mm (at least 30 mm is asked for).
pub const QR_BOX_MM: f32 = 36.0;
/// Most cards in one PDF (a guard against runaway requests; a print run is
/// at most [`crate::issue::MAX_COUNT`] cards).
pub const MAX_CARDS: usize = 10_000;

/// The sheet's language: the same as the web app's.
pub use crate::i18n::Lang;

/// Every message id the sheet uses; a test checks each file has them all.
pub const MESSAGE_IDS: &[&str] = &["card-number", "card-valid", "card-name", "sheet-title", "card-qr-alt"];

/// Why a sheet could not be made. Messages name the card by its printed
/// card number, never by its token.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// An empty list of cards.
    #[error("there are no cards to print")]
    NoCards,
    /// More cards than one file may hold.
    #[error("{count} cards is more than one sheet may hold ({max}); print them in parts")]
    TooManyCards {
        /// Cards asked for.
        count: usize,
        /// [`MAX_CARDS`].
        max: usize,
    },
    /// A card's QR text could not be encoded.
    #[error("card {card_number}: no QR code: {source}")]
    Qr {
        /// The card's printed number.
        card_number: String,
        /// Why.
        source: QrError,
    },
    /// A card whose card type the catalogue does not have.
    #[error("card {card_number}: card type {card_type} is not in the catalogue")]
    UnknownCardType {
        /// The card's printed number.
        card_number: String,
        /// Its card type number.
        card_type: u16,
    },
    /// A card whose validity is not a YYYY-MM-DD date.
    #[error("card {card_number}: validity date «{value}» is not a date (YYYY-MM-DD)")]
    BadDate {
        /// The card's printed number.
        card_number: String,
        /// The text found.
        value: String,
    },
    /// The PDF library failed (a bug: nothing in the input should cause it).
    #[error("the PDF could not be written: {0}")]
    Render(String),
}

/// The languages of the printed lines on getting the card onto a phone, for
/// a sheet in `lang`: its own, the other of bokmål and English, and
/// Ukrainian (the largest group of newcomers with children in Norway now);
/// [`hint_languages_with`] puts another language in the third line.
pub fn hint_languages(lang: Lang) -> [FamilyLang; 3] {
    match lang {
        Lang::Nb => [FamilyLang::Nb, FamilyLang::En, FamilyLang::Uk],
        Lang::En => [FamilyLang::En, FamilyLang::Nb, FamilyLang::Uk],
    }
}

/// The built-in phone lines (`sheet-phone-hint`) of a sheet in `lang`.
pub fn phone_hints(lang: Lang) -> Vec<String> {
    hint_languages(lang).iter().map(|l| FamilyTexts::builtin(*l).get("sheet-phone-hint")).collect()
}

/// [`hint_languages`] with the third line in `third` (any of the families'
/// eight languages; Arabic and Tigrinya print with their own embedded
/// fonts), unless it is already one of the first two.
pub fn hint_languages_with(lang: Lang, third: FamilyLang) -> [FamilyLang; 3] {
    let [a, b, c] = hint_languages(lang);
    [a, b, if third == a || third == b { c } else { third }]
}

/// The built-in phone lines of a sheet in `lang` with the third in `third`.
pub fn phone_hints_in(lang: Lang, third: FamilyLang) -> Vec<String> {
    hint_languages_with(lang, third).iter().map(|l| FamilyTexts::builtin(*l).get("sheet-phone-hint")).collect()
}

/// How a phone line would print: its size, whether it had to be cut, and
/// how many of its glyphs the chosen font lacks (0 when it prints whole).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PhoneLine {
    /// Size in points (at least 4.5).
    pub pt: f32,
    /// Cut with "…" (too long even at the smallest size).
    pub cut: bool,
    /// Glyphs missing from the font (drawn as empty boxes).
    pub missing_glyphs: usize,
}

/// How `line` would print as a phone line of a card (the font for its
/// script, shrunk to fit the column).
pub fn phone_line_check(line: &str) -> Result<PhoneLine, PdfError> {
    let fonts = Fonts::load()?;
    let column = layout::COLUMN_RIGHT - layout::COLUMN_X;
    let printed = fonts.fit_line(line, layout::HINT_PT, layout::HINT_MIN_PT, column);
    let missing_glyphs =
        printed.runs.iter().flat_map(|(_, run)| &run.glyphs).filter(|g| g.glyph_id.to_u32() == 0).count();
    Ok(PhoneLine { pt: printed.pt, cut: printed.text != line, missing_glyphs })
}

/// The PDF of a sheet of `cards`, 10 to a page in the order given, with
/// labels and catalogue names in `lang` and the built-in phone lines.
///
/// Each card's card type must be in `catalogue` (for its name and benefits);
/// the QR code holds exactly the card's `qr_text`. Uses every core: helper
/// threads encode QR codes while this thread draws the pages.
pub fn card_sheet(cards: &[IssuedCard], catalogue: &Catalogue, lang: Lang) -> Result<Vec<u8>, PdfError> {
    card_sheet_with_hints(cards, catalogue, lang, &phone_hints(lang))
}

/// [`card_sheet`] with the phone lines given (e.g. with the municipality's
/// text overrides); at most three are printed, each shrunk or cut to fit.
pub fn card_sheet_with_hints(
    cards: &[IssuedCard],
    catalogue: &Catalogue,
    lang: Lang,
    hints: &[String],
) -> Result<Vec<u8>, PdfError> {
    if cards.is_empty() {
        return Err(PdfError::NoCards);
    }
    if cards.len() > MAX_CARDS {
        return Err(PdfError::TooManyCards { count: cards.len(), max: MAX_CARDS });
    }
    let fonts = Fonts::load()?;
    let messages = Messages::of(lang);
    // Everything but the QR code and the card number is the same for all
    // cards of one card type and validity: lay it out once. This also checks
    // every card before any work is spent on QR codes.
    let mut templates: HashMap<(u16, &str, &str), Template> = HashMap::new();
    for card in cards {
        let key = (card.card_type, card.valid_from.as_str(), card.valid_until.as_str());
        if let std::collections::hash_map::Entry::Vacant(slot) = templates.entry(key) {
            slot.insert(Template::new(card, catalogue, lang, messages, &fonts, hints)?);
        }
    }
    let title = messages.format(
        "sheet-title",
        &[("scheme", FluentValue::from(catalogue.scheme_name.as_str())), ("count", FluentValue::from(cards.len()))],
    );
    let page_size = PageSettings::from_wh(PAGE_WIDTH_MM * PT_PER_MM, PAGE_HEIGHT_MM * PT_PER_MM)
        .ok_or_else(|| PdfError::Render("bad page size".into()))?;
    let helpers = std::thread::available_parallelism().map_or(1, |n| n.get()).saturating_sub(1).min(cards.len() - 1);
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let mut codes = QrPipeline::start(scope, cards, &next, helpers);
        let mut doc = Document::new();
        // Tagged (a screen reader reads each card in order, the QR code by
        // its alternative text); the crop marks and rules are artifacts.
        let mut tags = TagTree::new();
        doc.set_metadata(Metadata::new().title(title).language(lang.tag().to_string()));
        for (page_no, page_cards) in cards.chunks(CARDS_PER_PAGE).enumerate() {
            // Everything that can fail comes before the page is started: a
            // surface must not be dropped with a transform still pushed.
            let mut placed = Vec::with_capacity(page_cards.len());
            for (i, card) in page_cards.iter().enumerate() {
                let code = codes.take(page_no * CARDS_PER_PAGE + i)?;
                let key = (card.card_type, card.valid_from.as_str(), card.valid_until.as_str());
                let template = templates.get(&key).ok_or_else(|| PdfError::Render("no layout for a card".into()))?;
                placed.push((card, template, code));
            }
            let mut page = doc.start_page_with(page_size.clone());
            let mut surface = page.surface();
            surface.push_transform(&Transform::from_scale(PT_PER_MM, PT_PER_MM));
            if let Some(marks) = lines_path(&crop_marks(page_cards.len())) {
                stroke_artifact(&mut surface, ArtifactType::Page, &marks, black(), HAIRLINE_MM);
            }
            for (i, (card, template, code)) in placed.iter().enumerate() {
                let (x, y) = card_origin(i);
                surface.push_transform(&Transform::from_translate(x, y));
                let alt = messages.format("card-qr-alt", &[("number", FluentValue::from(card.card_number.as_str()))]);
                tags.push(draw_card(&mut surface, &fonts, template, &card.card_number, code, alt));
                surface.pop();
            }
            surface.pop();
            surface.finish();
            page.finish();
        }
        doc.set_tag_tree(tags);
        doc.finish().map_err(|e| PdfError::Render(format!("{e:?}")))
    })
}

/// Pages a sheet of `cards` cards takes.
pub fn page_count(cards: usize) -> usize {
    cards.div_ceil(CARDS_PER_PAGE)
}

#[cfg(test)]
mod tests {
    use super::layout::*;
    use super::qr::*;
    use super::text::*;
    use super::*;

    fn card(qr_text: &str, card_type: u16) -> IssuedCard {
        IssuedCard {
            card_number: "7KX-M2Q-9DA".into(),
            qr_text: qr_text.into(),
            url: String::new(),
            token_base64url: String::new(),
            card_type,
            card_type_name: String::new(),
            valid_from: "2026-11-21".into(),
            valid_until: "2026-12-31".into(),
        }
    }

    fn catalogue() -> Catalogue {
        crate::demo::larvik("https://kort.example.no")
    }

    #[test]
    fn every_message_exists_in_every_language() {
        for lang in Lang::ALL {
            let m = Messages::of(lang);
            for id in MESSAGE_IDS {
                assert!(m.has(id), "{lang:?} lacks {id}");
            }
        }
    }

    #[test]
    fn labels() {
        let m = Messages::of(Lang::Nb);
        let args = [("from", FluentValue::from("21.11.2026")), ("until", FluentValue::from("31.12.2026"))];
        assert_eq!(m.format("card-valid", &args), "Gyldig 21.11.2026–31.12.2026");
        assert_eq!(m.format("card-name", &[]), "Navn:");
        let m = Messages::of(Lang::En);
        assert_eq!(m.format("card-valid", &args), "Valid 21.11.2026–31.12.2026");
        let title = |n: usize| m.format("sheet-title", &[("scheme", FluentValue::from("S")), ("count", n.into())]);
        assert_eq!(title(1), "S – 1 card");
        assert_eq!(title(10), "S – 10 cards");
    }

    #[test]
    fn language_tags() {
        assert_eq!(Lang::from_tag("nb-NO"), Some(Lang::Nb));
        assert_eq!(Lang::from_tag("no"), Some(Lang::Nb));
        assert_eq!(Lang::from_tag("EN_gb"), Some(Lang::En));
        assert_eq!(Lang::from_tag("ar"), None);
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        let cat = catalogue();
        assert!(matches!(card_sheet(&[], &cat, Lang::Nb), Err(PdfError::NoCards)));
        let too_long = "9".repeat(8000);
        let err = card_sheet(&[card("123", 1), card(&too_long, 1)], &cat, Lang::Nb).unwrap_err();
        assert!(matches!(err, PdfError::Qr { source: QrError::TooLong, .. }), "{err}");
        assert!(!err.to_string().contains(&too_long[..100]), "the message must not hold the QR text");
        let err = card_sheet(&[card("123", 99)], &cat, Lang::Nb).unwrap_err();
        assert!(matches!(err, PdfError::UnknownCardType { card_type: 99, .. }), "{err}");
        let mut bad = card("123", 1);
        bad.valid_until = "2026-13-45".into();
        assert!(matches!(card_sheet(&[bad], &cat, Lang::Nb), Err(PdfError::BadDate { .. })));
        // A failure on a later page, while helper threads are encoding and
        // pages are half drawn, is an error too.
        let mut cards = vec![card("1234", 1); 25];
        cards[22] = card(&too_long, 1);
        let err = card_sheet(&cards, &cat, Lang::Nb).unwrap_err();
        assert!(matches!(err, PdfError::Qr { .. }), "{err}");
        cards[22] = card("1234", 1);
        assert!(card_sheet(&cards, &cat, Lang::Nb).unwrap().starts_with(b"%PDF-"));
        let many = vec![card("1", 1); MAX_CARDS + 1];
        assert!(matches!(card_sheet(&many, &cat, Lang::Nb), Err(PdfError::TooManyCards { .. })));
    }

    #[test]
    fn the_phone_lines_fit_uncut_in_every_sheet_language() {
        let fonts = Fonts::load().unwrap();
        let column = COLUMN_RIGHT - COLUMN_X;
        for lang in Lang::ALL {
            let hints = phone_hints(lang);
            assert_eq!(hints.len(), 3);
            assert_ne!(hints[0], hints[1]);
            assert!(hints[2].contains("телефон"), "{hints:?}");
            for hint in &hints {
                assert_ne!(hint, "sheet-phone-hint", "a missing message");
                let text = fonts.sans.fit_down_to(hint, HINT_PT, HINT_MIN_PT, column);
                assert_eq!(&text.run.text, hint, "cut instead of shrunk");
                assert!(text.pt >= 5.0, "{hint} would print at {} pt", text.pt);
                assert!(
                    text.run.glyphs.iter().all(|g| g.glyph_id.to_u32() != 0),
                    "{hint}: a glyph is missing from the font"
                );
            }
        }
        // The lines sit between the benefits and the name line.
        let last_benefit = BENEFITS_BASELINE + (BENEFIT_LINES - 1) as f32 * BENEFIT_LINE_MM;
        assert!(HINT_BASELINES[0] - last_benefit >= 2.0);
        const { assert!(NAME_BASELINE - HINT_BASELINES[2] >= 3.0) };
        const { assert!(NAME_BASELINE < CARD_HEIGHT_MM - 2.0) };
    }

    #[test]
    fn pages_and_layout() {
        assert_eq!(page_count(1), 1);
        assert_eq!(page_count(10), 1);
        assert_eq!(page_count(11), 2);
        // The cards fit the page, with room for the marks around them.
        let (x0, y0) = card_origin(0);
        let (x9, y9) = card_origin(CARDS_PER_PAGE - 1);
        assert!(x0 > MARK_OFFSET_MM + 2.0 && y0 > MARK_OFFSET_MM + 2.0);
        assert!((x0 - (PAGE_WIDTH_MM - x9 - CARD_WIDTH_MM)).abs() < 1e-3, "centred across");
        assert!((y0 - (PAGE_HEIGHT_MM - y9 - CARD_HEIGHT_MM)).abs() < 1e-3, "centred down");
        // The QR box, quiet zone included, is inside the card and clear of
        // the header rule and the right-hand column.
        const { assert!(QR_BOX_MM >= 30.0) };
        const { assert!(QR_X > 0.0 && QR_Y > HEADER_RULE_Y && QR_Y + QR_BOX_MM < CARD_HEIGHT_MM) };
        const { assert!(COLUMN_X > QR_X + QR_BOX_MM) };
    }

    #[test]
    fn crop_marks_stay_off_the_cards() {
        let marks = crop_marks(CARDS_PER_PAGE);
        // 8 marks a card: two at each corner.
        assert_eq!(marks.len(), CARDS_PER_PAGE * 8);
        let cards: Vec<(f32, f32)> = (0..CARDS_PER_PAGE).map(card_origin).collect();
        for [a, b] in &marks {
            let len = (a.0 - b.0).abs() + (a.1 - b.1).abs();
            assert!((0.9..=MARK_LENGTH_MM + 1e-3).contains(&len), "{a:?}–{b:?}");
            for p in [a, b] {
                assert!(p.0 > 0.0 && p.0 < PAGE_WIDTH_MM && p.1 > 0.0 && p.1 < PAGE_HEIGHT_MM);
                for &(x, y) in &cards {
                    let (dx, dy) = ((x - p.0).max(p.0 - x - CARD_WIDTH_MM), (y - p.1).max(p.1 - y - CARD_HEIGHT_MM));
                    assert!(dx.max(dy) >= MARK_OFFSET_MM - 1e-3, "mark point {p:?} too close to the card at {x},{y}");
                }
            }
        }
        assert_eq!(crop_marks(3).len(), 3 * 8);
    }

    #[test]
    fn long_names_are_shrunk_or_cut_to_fit() {
        let fonts = Fonts::load().unwrap();
        let short = fonts.sans.fit("Kino", 8.0, 40.0);
        assert_eq!((short.run.text.as_str(), short.pt), ("Kino", 8.0));
        let long = "Aktivitetskort for barn og unge i Larvik, Sandefjord og Porsgrunn kommune";
        let cut = fonts.bold.fit(long, 10.0, 40.0);
        assert!(cut.run.text.ends_with('…') && cut.pt == MIN_PT, "{}", cut.run.text);
        assert!(cut.run.width * cut.pt * MM_PER_PT <= 40.0);
        let items = ["Kino", "Svømming", "Familiepark", "Minigolf", "Bowling", "Teater"];
        let lines = wrap_list(&fonts.sans, &items, 44.0);
        assert!(!lines.is_empty() && lines.len() <= BENEFIT_LINES);
        let joined: Vec<&str> = lines.iter().map(|l| l.run.text.as_str()).collect();
        assert_eq!(joined.join(" · "), items.join(" · "));
        let many: Vec<String> = (0..40).map(|i| format!("Aktivitet nummer {i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let lines = wrap_list(&fonts.sans, &many, 44.0);
        assert_eq!(lines.len(), BENEFIT_LINES);
        assert!(lines.last().unwrap().run.text.ends_with('…'));
        for l in &lines {
            assert!(l.run.width * l.pt * MM_PER_PT <= 44.0 + 1e-3);
        }
    }

    /// Winding number of the closed polygon around point (px, py).
    fn winding(poly: &[(u16, u16)], px: f32, py: f32) -> i32 {
        let mut w = 0;
        for (i, &(x0, y0)) in poly.iter().enumerate() {
            let (x1, y1) = poly[(i + 1) % poly.len()];
            let (x0, y0, x1, y1) = (f32::from(x0), f32::from(y0), f32::from(x1), f32::from(y1));
            let cross = (x1 - x0) * (py - y0) - (px - x0) * (y1 - y0);
            if y0 <= py && y1 > py && cross > 0.0 {
                w += 1;
            } else if y0 > py && y1 <= py && cross < 0.0 {
                w -= 1;
            }
        }
        w
    }

    #[test]
    fn qr_outlines_fill_exactly_the_dark_modules() {
        for text in ["1234567890".repeat(25), "HTTPS://KORT.EXAMPLE.NO/K#".to_string() + &"0123456789".repeat(25)] {
            let qr = shared::qr::encode(&text).unwrap();
            let w = qr.width();
            let outlines = dark_outlines(&qr);
            let mut points = 0;
            for poly in &outlines {
                assert!(poly.len() >= 4 && poly.len() % 2 == 0, "{poly:?}");
                for (i, &(x0, y0)) in poly.iter().enumerate() {
                    let (x1, y1) = poly[(i + 1) % poly.len()];
                    assert!(x0 == x1 || y0 == y1, "edges are horizontal or vertical");
                    assert!(usize::from(x0) <= w && usize::from(y0) <= w);
                }
                points += poly.len();
            }
            // Non-zero rule, sampled at every module centre.
            for y in 0..w {
                for x in 0..w {
                    let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
                    let n: i32 = outlines.iter().map(|p| winding(p, px, py)).sum();
                    assert_eq!(n != 0, qr.is_dark(x, y), "module {x},{y}: winding {n}");
                    assert!((0..=1).contains(&n), "module {x},{y}: winding {n}");
                }
            }
            // Fewer points than one rectangle (4 points) per horizontal run.
            let runs: usize =
                (0..w).map(|y| (0..w).filter(|&x| qr.is_dark(x, y) && (x == 0 || !qr.is_dark(x - 1, y))).count()).sum();
            assert!(points < 4 * runs * 3 / 4, "{points} points for {runs} runs");
        }
    }

    #[test]
    fn a_qr_path_is_in_module_units() {
        let c = card(&"1234567890".repeat(25), 1);
        let code = qr_path(&c).unwrap();
        assert_eq!(code.modules, shared::qr::encode(&c.qr_text).unwrap().width());
    }
}
