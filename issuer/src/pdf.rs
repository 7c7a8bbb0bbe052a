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
//! while this thread draws and compresses the pages ([`QrPipeline`]). Each
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
//!  │ │          │ Kortet på mobilen: skann koden… │
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

use crate::family_text::{FamilyLang, FamilyTexts};
use crate::i18n::Messages;
use crate::issue::IssuedCard;
use fluent_bundle::FluentValue;
use krilla::color::{luma, rgb};
use krilla::geom::{Path, PathBuilder, Point, Transform};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, LineCap, Paint, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Data, Document};
use shared::model::{Catalogue, name_in};
use shared::qr::{QUIET_ZONE, QrError};
use shared::{CardTypeId, Day};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

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
/// [`QUIET_ZONE`] modules, mm (at least 30 mm is asked for).
pub const QR_BOX_MM: f32 = 36.0;
/// Most cards in one PDF (a guard against runaway requests; a print run is
/// at most [`crate::issue::MAX_COUNT`] cards).
pub const MAX_CARDS: usize = 10_000;

/// A4 portrait, mm.
const PAGE_WIDTH_MM: f32 = 210.0;
const PAGE_HEIGHT_MM: f32 = 297.0;
/// Space between the two columns and between rows, mm. The crop marks sit in
/// these gaps and in the page margins, never on a card.
const COLUMN_GAP_MM: f32 = 10.0;
const ROW_GAP_MM: f32 = 4.0;
/// Crop marks: they start this far from the card corner and are at most this
/// long (shorter where two cards share a gap: the two marks then meet).
const MARK_OFFSET_MM: f32 = 1.0;
const MARK_LENGTH_MM: f32 = 3.0;
/// Hairline for crop marks and the name line: 0.3 pt.
const HAIRLINE_MM: f32 = 0.3 * MM_PER_PT;

const PT_PER_MM: f32 = 72.0 / 25.4;
const MM_PER_PT: f32 = 25.4 / 72.0;

/// Inside a card (mm from its top-left corner).
const HEADER_X: f32 = 4.0;
const HEADER_BASELINE: f32 = 7.2;
const HEADER_RULE_Y: f32 = 9.6;
const QR_X: f32 = 1.5;
const QR_Y: f32 = 13.8;
/// The right-hand column: from just right of the QR box to the card's inner
/// margin.
const COLUMN_X: f32 = QR_X + QR_BOX_MM + 1.0;
const COLUMN_RIGHT: f32 = CARD_WIDTH_MM - 3.0;
const LABEL_BASELINE: f32 = 18.0;
const NUMBER_BASELINE: f32 = 23.6;
const VALID_BASELINE: f32 = 28.6;
const TYPE_BASELINE: f32 = 33.2;
const BENEFITS_BASELINE: f32 = 36.6;
const BENEFIT_LINE_MM: f32 = 3.0;
const BENEFIT_LINES: usize = 2;
/// The lines on getting the card onto a phone, one per language.
const HINT_BASELINES: [f32; 3] = [43.4, 45.5, 47.6];
const NAME_BASELINE: f32 = 51.2;

/// Font sizes, pt (converted to mm when drawn).
const HEADER_PT: f32 = 10.0;
const LABEL_PT: f32 = 6.5;
const NUMBER_PT: f32 = 15.0;
const VALID_PT: f32 = 8.0;
const TYPE_PT: f32 = 7.5;
const BENEFIT_PT: [f32; 3] = [7.0, 6.5, 6.0];
const NAME_PT: f32 = 8.0;
const HINT_PT: f32 = 5.5;
/// The phone lines may shrink further than other text before they are cut.
const HINT_MIN_PT: f32 = 4.5;
/// Smallest size text is shrunk to before it is cut with "…".
const MIN_PT: f32 = 5.5;

/// The one accent colour: a dark blue that stays dark on a black-only printer.
const ACCENT: (u8, u8, u8) = (0x1f, 0x4e, 0x79);

static SANS: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
static SANS_BOLD: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf");
static MONO_BOLD: &[u8] = include_bytes!("../assets/fonts/DejaVuSansMono-Bold.ttf");

/// The sheet's language: the same as the web app's.
pub use crate::i18n::Lang;

/// Every message id the sheet uses; a test checks each file has them all.
pub const MESSAGE_IDS: &[&str] = &["card-number", "card-valid", "card-name", "sheet-title"];

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
/// Ukrainian (the largest group of newcomers with children in Norway now;
/// Cyrillic is in the embedded font, unlike Arabic or Ge'ez script).
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
                stroke(&mut surface, &marks, black(), HAIRLINE_MM);
            }
            for (i, (card, template, code)) in placed.iter().enumerate() {
                let (x, y) = card_origin(i);
                surface.push_transform(&Transform::from_translate(x, y));
                draw_card(&mut surface, &fonts, template, &card.card_number, code);
                surface.pop();
            }
            surface.pop();
            surface.finish();
            page.finish();
        }
        doc.finish().map_err(|e| PdfError::Render(format!("{e:?}")))
    })
}

/// QR codes for a sheet, encoded ahead by helper threads while the caller
/// draws pages. The caller takes the codes in order; when the one it needs
/// is not ready, it encodes the next unclaimed one itself rather than wait,
/// so both sides stay busy whichever is faster. With no helpers (one core)
/// the caller encodes every code itself.
struct QrPipeline<'a> {
    cards: &'a [IssuedCard],
    /// Next card no one has claimed yet.
    next: &'a AtomicUsize,
    results: mpsc::Receiver<(usize, Result<QrPath, PdfError>)>,
    ready: Vec<Option<Result<QrPath, PdfError>>>,
}

impl<'a> QrPipeline<'a> {
    fn start<'scope>(
        scope: &'scope std::thread::Scope<'scope, '_>,
        cards: &'a [IssuedCard],
        next: &'a AtomicUsize,
        helpers: usize,
    ) -> QrPipeline<'a>
    where
        'a: 'scope,
    {
        let (tx, results) = mpsc::channel();
        for _ in 0..helpers {
            let tx = tx.clone();
            scope.spawn(move || {
                while let Some(i) = claim(next, cards.len()) {
                    let Some(card) = cards.get(i) else { break };
                    // The receiver is gone when the sheet failed: stop.
                    if tx.send((i, qr_path(card))).is_err() {
                        break;
                    }
                }
            });
        }
        QrPipeline { cards, next, results, ready: (0..cards.len()).map(|_| None).collect() }
    }

    /// The code of card `i`.
    fn take(&mut self, i: usize) -> Result<QrPath, PdfError> {
        loop {
            if let Some(code) = self.ready.get_mut(i).and_then(Option::take) {
                // Cards not yet drawn are skipped by the helpers from now on
                // if this one failed.
                if code.is_err() {
                    self.next.store(self.cards.len(), Ordering::Relaxed);
                }
                return code;
            }
            // Collect what the helpers finished; else help; else wait.
            let arrived = match self.results.try_recv() {
                Ok(done) => Some(done),
                Err(_) => match claim(self.next, self.cards.len()) {
                    Some(j) => self.cards.get(j).map(|card| (j, qr_path(card))),
                    None => self.results.recv().ok(),
                },
            };
            match arrived {
                Some((j, code)) => {
                    if let Some(slot) = self.ready.get_mut(j) {
                        *slot = Some(code);
                    }
                }
                // Every helper ended without delivering card i (one panicked;
                // the scope re-raises that panic).
                None => return Err(PdfError::Render("a QR encoder thread stopped".into())),
            }
        }
    }
}

impl Drop for QrPipeline<'_> {
    fn drop(&mut self) {
        // The sheet is done or failed: the helpers need not go on.
        self.next.store(self.cards.len(), Ordering::Relaxed);
    }
}

fn claim(next: &AtomicUsize, len: usize) -> Option<usize> {
    let i = next.fetch_add(1, Ordering::Relaxed);
    (i < len).then_some(i)
}

/// Pages a sheet of `cards` cards takes.
pub fn page_count(cards: usize) -> usize {
    cards.div_ceil(CARDS_PER_PAGE)
}

/// Top-left corner of the `i`-th card on a page (row by row), mm.
fn card_origin(i: usize) -> (f32, f32) {
    let (col, row) = (i % COLUMNS, i / COLUMNS);
    let x = margin_x() + col as f32 * (CARD_WIDTH_MM + COLUMN_GAP_MM);
    let y = margin_y() + row as f32 * (CARD_HEIGHT_MM + ROW_GAP_MM);
    (x, y)
}

fn margin_x() -> f32 {
    (PAGE_WIDTH_MM - COLUMNS as f32 * CARD_WIDTH_MM - (COLUMNS - 1) as f32 * COLUMN_GAP_MM) / 2.0
}

fn margin_y() -> f32 {
    (PAGE_HEIGHT_MM - ROWS as f32 * CARD_HEIGHT_MM - (ROWS - 1) as f32 * ROW_GAP_MM) / 2.0
}

/// Crop marks for the first `n` cards of a page: at each card corner, one
/// short line continuing each edge outwards, starting [`MARK_OFFSET_MM`]
/// away from the card and ending halfway to the next card (or after
/// [`MARK_LENGTH_MM`] in a margin). None of them touches a card.
fn crop_marks(n: usize) -> Vec<[(f32, f32); 2]> {
    let mut marks = Vec::with_capacity(n * 8);
    let reach = |gap: f32, to_neighbour: bool| {
        let end = MARK_OFFSET_MM + MARK_LENGTH_MM;
        if to_neighbour { end.min(gap / 2.0) } else { end.min(gap) }
    };
    for i in 0..n.min(CARDS_PER_PAGE) {
        let (col, row) = (i % COLUMNS, i / COLUMNS);
        let (x, y) = card_origin(i);
        let (right, bottom) = (x + CARD_WIDTH_MM, y + CARD_HEIGHT_MM);
        // Horizontal marks, left and right of the card, on its top and bottom
        // edge lines; vertical marks above and below, on its side edge lines.
        let left_end = if col == 0 { reach(margin_x(), false) } else { reach(COLUMN_GAP_MM, true) };
        let right_end = if col + 1 == COLUMNS { reach(margin_x(), false) } else { reach(COLUMN_GAP_MM, true) };
        let top_end = if row == 0 { reach(margin_y(), false) } else { reach(ROW_GAP_MM, true) };
        let bottom_end = if row + 1 == ROWS { reach(margin_y(), false) } else { reach(ROW_GAP_MM, true) };
        for edge_y in [y, bottom] {
            marks.push([(x - MARK_OFFSET_MM, edge_y), (x - left_end, edge_y)]);
            marks.push([(right + MARK_OFFSET_MM, edge_y), (right + right_end, edge_y)]);
        }
        for edge_x in [x, right] {
            marks.push([(edge_x, y - MARK_OFFSET_MM), (edge_x, y - top_end)]);
            marks.push([(edge_x, bottom + MARK_OFFSET_MM), (edge_x, bottom + bottom_end)]);
        }
    }
    marks
}

/// Line segments as one path.
fn lines_path(lines: &[[(f32, f32); 2]]) -> Option<Path> {
    let mut pb = PathBuilder::new();
    for [from, to] in lines {
        pb.move_to(from.0, from.1);
        pb.line_to(to.0, to.1);
    }
    pb.finish()
}

fn stroke(surface: &mut Surface<'_>, path: &Path, paint: Paint, width: f32) {
    surface.set_fill(None);
    surface.set_stroke(Some(Stroke { paint, width, line_cap: LineCap::Butt, ..Stroke::default() }));
    surface.draw_path(path);
    surface.set_stroke(None);
}

fn fill(paint: Paint) -> Fill {
    Fill { paint, opacity: NormalizedF32::ONE, rule: FillRule::NonZero }
}

fn accent() -> Paint {
    rgb::Color::new(ACCENT.0, ACCENT.1, ACCENT.2).into()
}

fn black() -> Paint {
    luma::Color::black().into()
}

/// A QR code as one path of its dark modules in module units (one unit =
/// one module, the code's top-left module at 0,0), with its width in modules.
struct QrPath {
    path: Path,
    modules: usize,
}

/// The outlines of the dark areas of one code, in module units: closed
/// polygons of their corner points, clockwise around dark areas and
/// counter-clockwise around light holes, so that filling them with the
/// non-zero rule paints exactly the dark modules. About a third fewer points
/// than rectangles, which is a smaller file and less to compress.
fn dark_outlines(qr: &shared::qr::Qr) -> Vec<Vec<(u16, u16)>> {
    // Directions: right, down, left, up (y grows downwards).
    const STEP: [(isize, isize); 4] = [(1, 0), (0, 1), (-1, 0), (0, -1)];
    let w = qr.width();
    let side = w + 1;
    let dark = |x: usize, y: usize| qr.is_dark(x, y);
    // For each grid point, the boundary edges leaving it (bit = direction),
    // with the dark module on the right of the edge.
    let mut out = vec![0u8; side * side];
    for y in 0..w {
        for x in 0..w {
            if !dark(x, y) {
                continue;
            }
            if y == 0 || !dark(x, y - 1) {
                out[y * side + x] |= 1 << 0;
            }
            if !dark(x + 1, y) {
                out[y * side + x + 1] |= 1 << 1;
            }
            if !dark(x, y + 1) {
                out[(y + 1) * side + x + 1] |= 1 << 2;
            }
            if x == 0 || !dark(x - 1, y) {
                out[(y + 1) * side + x] |= 1 << 3;
            }
        }
    }
    let mut outlines = Vec::new();
    for start in 0..out.len() {
        while out[start] != 0 {
            let first = out[start].trailing_zeros() as usize;
            out[start] &= !(1 << first);
            let mut points = vec![((start % side) as u16, (start / side) as u16)];
            let (mut at, mut dir) = (start, first);
            loop {
                let (dx, dy) = STEP[dir];
                let x = (at % side).wrapping_add_signed(dx);
                let y = (at / side).wrapping_add_signed(dy);
                at = y * side + x;
                if at == start {
                    break;
                }
                // Where two dark modules touch only at a corner, turn right
                // (keeps them apart); otherwise there is one way on.
                let Some(next) = [(dir + 1) % 4, dir, (dir + 3) % 4].into_iter().find(|d| out[at] & (1 << d) != 0)
                else {
                    break;
                };
                out[at] &= !(1 << next);
                if next != dir {
                    points.push((x as u16, y as u16));
                }
                dir = next;
            }
            outlines.push(points);
        }
    }
    outlines
}

/// A card's QR code as one path in module units.
fn qr_path(card: &IssuedCard) -> Result<QrPath, PdfError> {
    let qr = shared::qr::encode(&card.qr_text)
        .map_err(|source| PdfError::Qr { card_number: card.card_number.clone(), source })?;
    let mut pb = PathBuilder::new();
    for outline in dark_outlines(&qr) {
        let mut points = outline.into_iter();
        if let Some((x, y)) = points.next() {
            pb.move_to(f32::from(x), f32::from(y));
            for (x, y) in points {
                pb.line_to(f32::from(x), f32::from(y));
            }
            pb.close();
        }
    }
    let path = pb.finish().ok_or_else(|| PdfError::Render("a QR code without dark modules".into()))?;
    Ok(QrPath { path, modules: qr.width() })
}

/// One font: for the PDF (embedded, subset) and for shaping.
struct Face {
    pdf: Font,
    shaper: rustybuzz::Face<'static>,
}

impl Face {
    fn load(data: &'static [u8]) -> Result<Face, PdfError> {
        let bad = || PdfError::Render("an embedded font could not be read".into());
        let pdf = Font::new(Data::from(data), 0).ok_or_else(bad)?;
        let shaper = rustybuzz::Face::from_slice(data, 0).ok_or_else(bad)?;
        Ok(Face { pdf, shaper })
    }

    /// Shape `text` into one line of glyphs (advances in em).
    fn shape(&self, text: &str) -> Run {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let output = rustybuzz::shape(&self.shaper, &[], buffer);
        let upem = self.shaper.units_per_em() as f32;
        // Each glyph maps to the text of its cluster: from its cluster start
        // to the next larger cluster start (either direction).
        let mut starts: Vec<usize> = output.glyph_infos().iter().map(|g| g.cluster as usize).collect();
        starts.sort_unstable();
        starts.dedup();
        let mut width = 0.0;
        let glyphs = output
            .glyph_infos()
            .iter()
            .zip(output.glyph_positions())
            .map(|(info, pos)| {
                let start = info.cluster as usize;
                let end = starts.iter().copied().find(|&s| s > start).unwrap_or(text.len());
                width += pos.x_advance as f32 / upem;
                KrillaGlyph::new(
                    GlyphId::new(info.glyph_id),
                    pos.x_advance as f32 / upem,
                    pos.x_offset as f32 / upem,
                    pos.y_offset as f32 / upem,
                    pos.y_advance as f32 / upem,
                    start..end,
                    None,
                )
            })
            .collect();
        Run { text: text.to_string(), glyphs, width }
    }

    /// `text` in one line at most `max_mm` wide: at `pt`, or smaller down to
    /// [`MIN_PT`], or cut with "…" at that size.
    fn fit(&self, text: &str, pt: f32, max_mm: f32) -> Text {
        self.fit_down_to(text, pt, MIN_PT, max_mm)
    }

    /// [`Face::fit`] with another smallest size.
    fn fit_down_to(&self, text: &str, pt: f32, min_pt: f32, max_mm: f32) -> Text {
        let run = self.shape(text);
        let width_at = |run: &Run, pt: f32| run.width * pt * MM_PER_PT;
        if width_at(&run, pt) <= max_mm {
            return Text { run, pt };
        }
        let shrunk = max_mm / (run.width * MM_PER_PT);
        if shrunk >= min_pt {
            return Text { run, pt: shrunk };
        }
        // Cut: the longest prefix (whole characters) that fits with "…".
        let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let (mut lo, mut hi) = (0, cuts.len());
        let mut best = self.shape("…");
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            let prefix = text.get(..cuts.get(mid).copied().unwrap_or(text.len())).unwrap_or("");
            let candidate = self.shape(&format!("{}…", prefix.trim_end()));
            if width_at(&candidate, min_pt) <= max_mm {
                best = candidate;
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        Text { run: best, pt: min_pt }
    }

    fn width_mm(&self, text: &str, pt: f32) -> f32 {
        self.shape(text).width * pt * MM_PER_PT
    }
}

/// A shaped line of text.
struct Run {
    text: String,
    glyphs: Vec<KrillaGlyph>,
    /// Advance width in em.
    width: f32,
}

/// A shaped line and its size.
struct Text {
    run: Run,
    pt: f32,
}

/// DejaVu Sans for labels and names, Sans Bold for the scheme and card
/// type, Sans Mono Bold for the card number.
struct Fonts {
    sans: Face,
    bold: Face,
    mono: Face,
}

/// Which of the [`Fonts`].
#[derive(Clone, Copy)]
enum Which {
    Sans,
    Bold,
    Mono,
}

impl Fonts {
    /// Read the compiled-in fonts (a few milliseconds; once per sheet).
    fn load() -> Result<Fonts, PdfError> {
        Ok(Fonts { sans: Face::load(SANS)?, bold: Face::load(SANS_BOLD)?, mono: Face::load(MONO_BOLD)? })
    }

    fn get(&self, which: Which) -> &Face {
        match which {
            Which::Sans => &self.sans,
            Which::Bold => &self.bold,
            Which::Mono => &self.mono,
        }
    }
}

/// A line placed on the card.
struct Placed {
    font: Which,
    accent: bool,
    x: f32,
    baseline: f32,
    text: Text,
}

/// What every card of one card type and validity shares, laid out.
struct Template {
    lines: Vec<Placed>,
    /// The name line: from, to (mm), at [`NAME_BASELINE`].
    name_line: (f32, f32),
}

impl Template {
    fn new(
        card: &IssuedCard,
        catalogue: &Catalogue,
        lang: Lang,
        messages: &Messages,
        fonts: &Fonts,
        hints: &[String],
    ) -> Result<Template, PdfError> {
        let ct = catalogue.card_type(CardTypeId(card.card_type)).ok_or_else(|| PdfError::UnknownCardType {
            card_number: card.card_number.clone(),
            card_type: card.card_type,
        })?;
        let day = |value: &str| {
            Day::parse(value)
                .map_err(|_| PdfError::BadDate { card_number: card.card_number.clone(), value: value.to_string() })
        };
        let (from, until) = (day(&card.valid_from)?, day(&card.valid_until)?);
        let column = COLUMN_RIGHT - COLUMN_X;
        let mut lines = Vec::new();
        let mut place = |font: Which, accent: bool, x: f32, baseline: f32, text: Text| {
            lines.push(Placed { font, accent, x, baseline, text });
        };
        let header = fonts.bold.fit(&catalogue.scheme_name, HEADER_PT, CARD_WIDTH_MM - 2.0 * HEADER_X);
        place(Which::Bold, true, HEADER_X, HEADER_BASELINE, header);
        let label = fonts.sans.fit(&messages.format("card-number", &[]), LABEL_PT, column);
        place(Which::Sans, false, COLUMN_X, LABEL_BASELINE, label);
        let valid = messages.format(
            "card-valid",
            &[("from", FluentValue::from(from.display_nb())), ("until", FluentValue::from(until.display_nb()))],
        );
        place(Which::Sans, false, COLUMN_X, VALID_BASELINE, fonts.sans.fit(&valid, VALID_PT, column));
        let type_name = fonts.bold.fit(name_in(&ct.names, lang.tag()), TYPE_PT, column);
        place(Which::Bold, false, COLUMN_X, TYPE_BASELINE, type_name);
        let mut benefits: Vec<&str> = Vec::new();
        for b in &ct.benefits {
            let name = name_in(&b.names, lang.tag());
            if !name.is_empty() && !benefits.contains(&name) {
                benefits.push(name);
            }
        }
        for (i, line) in wrap_list(&fonts.sans, &benefits, column).into_iter().enumerate() {
            place(Which::Sans, false, COLUMN_X, BENEFITS_BASELINE + i as f32 * BENEFIT_LINE_MM, line);
        }
        for (baseline, hint) in HINT_BASELINES.iter().zip(hints) {
            place(Which::Sans, false, COLUMN_X, *baseline, fonts.sans.fit_down_to(hint, HINT_PT, HINT_MIN_PT, column));
        }
        let name = fonts.sans.fit(&messages.format("card-name", &[]), NAME_PT, column / 2.0);
        let name_end = COLUMN_X + name.run.width * name.pt * MM_PER_PT;
        place(Which::Sans, false, COLUMN_X, NAME_BASELINE, name);
        Ok(Template { lines, name_line: (name_end + 1.0, COLUMN_RIGHT) })
    }
}

/// `items` joined by " · ", wrapped into at most [`BENEFIT_LINES`] lines of
/// `max_mm`: at the largest of [`BENEFIT_PT`] that holds them all, else at
/// the smallest with the last line ending in "…".
fn wrap_list(face: &Face, items: &[&str], max_mm: f32) -> Vec<Text> {
    const SEP: &str = " · ";
    let Some(&smallest) = BENEFIT_PT.last() else { return Vec::new() };
    for pt in BENEFIT_PT {
        let mut lines: Vec<Vec<&str>> = Vec::new();
        for item in items {
            match lines.last_mut() {
                Some(line) if face.width_mm(&format!("{}{SEP}{item}", line.join(SEP)), pt) <= max_mm => {
                    line.push(item);
                }
                _ => lines.push(vec![item]),
            }
        }
        if lines.len() <= BENEFIT_LINES || pt == smallest {
            let overflow = lines.len() > BENEFIT_LINES;
            lines.truncate(BENEFIT_LINES);
            let last = lines.len().saturating_sub(1);
            return lines
                .into_iter()
                .enumerate()
                .map(|(i, mut line)| {
                    if i == last && overflow {
                        // Drop items until "…" fits after them.
                        while line.len() > 1 && face.width_mm(&format!("{}{SEP}…", line.join(SEP)), pt) > max_mm {
                            line.pop();
                        }
                        line.push("…");
                    }
                    let text = face.fit(&line.join(SEP), pt, max_mm);
                    // Never grow past the size chosen for the list.
                    Text { pt: text.pt.min(pt), run: text.run }
                })
                .collect();
        }
    }
    Vec::new()
}

fn draw_text(surface: &mut Surface<'_>, fonts: &Fonts, font: Which, paint: Paint, x: f32, baseline: f32, text: &Text) {
    surface.set_stroke(None);
    surface.set_fill(Some(fill(paint)));
    let face = fonts.get(font);
    surface.draw_glyphs(
        Point::from_xy(x, baseline),
        &text.run.glyphs,
        face.pdf.clone(),
        &text.run.text,
        text.pt * MM_PER_PT,
        false,
    );
}

/// Draw one card with its top-left corner at the current origin (mm).
fn draw_card(surface: &mut Surface<'_>, fonts: &Fonts, template: &Template, card_number: &str, code: &QrPath) {
    for line in &template.lines {
        let paint = if line.accent { accent() } else { black() };
        draw_text(surface, fonts, line.font, paint, line.x, line.baseline, &line.text);
    }
    let mut rule = PathBuilder::new();
    rule.move_to(HEADER_X, HEADER_RULE_Y);
    rule.line_to(CARD_WIDTH_MM - HEADER_X, HEADER_RULE_Y);
    if let Some(rule) = rule.finish() {
        stroke(surface, &rule, accent(), 0.5 * MM_PER_PT);
    }
    let number = fonts.mono.fit(card_number, NUMBER_PT, COLUMN_RIGHT - COLUMN_X);
    draw_text(surface, fonts, Which::Mono, black(), COLUMN_X, NUMBER_BASELINE, &number);
    let mut name_line = PathBuilder::new();
    name_line.move_to(template.name_line.0, NAME_BASELINE);
    name_line.line_to(template.name_line.1, NAME_BASELINE);
    if let Some(line) = name_line.finish() {
        stroke(surface, &line, black(), HAIRLINE_MM);
    }
    // The code: the box holds the quiet zone (white paper) around it.
    let module = QR_BOX_MM / (code.modules + 2 * QUIET_ZONE) as f32;
    let offset = QUIET_ZONE as f32 * module;
    surface.push_transform(&Transform::from_row(module, 0.0, 0.0, module, QR_X + offset, QR_Y + offset));
    surface.set_stroke(None);
    surface.set_fill(Some(fill(black())));
    surface.draw_path(&code.path);
    surface.pop();
}

#[cfg(test)]
mod tests {
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
