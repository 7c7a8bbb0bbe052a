//! Where everything goes on a page and on a card, and drawing it: the card
//! positions, crop marks, the per-card-type [`Template`] and [`draw_card`].

use super::text::{Fonts, Text, Which, wrap_list};
use super::{CARD_HEIGHT_MM, CARD_WIDTH_MM, CARDS_PER_PAGE, COLUMNS, Lang, PdfError, QR_BOX_MM, ROWS, qr::QrPath};
use crate::i18n::Messages;
use crate::issue::IssuedCard;
use fluent_bundle::FluentValue;
use krilla::color::{luma, rgb};
use krilla::geom::{Path, PathBuilder, Point, Transform};
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, FillRule, LineCap, Paint, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, Identifier, SpanTag, Tag, TagGroup};
use shared::model::{Catalogue, name_in};
use shared::qr::QUIET_ZONE;
use shared::{CardTypeId, Day};

/// A4 portrait, mm.
pub(super) const PAGE_WIDTH_MM: f32 = 210.0;
pub(super) const PAGE_HEIGHT_MM: f32 = 297.0;
/// Space between the two columns and between rows, mm. The crop marks sit in
/// these gaps and in the page margins, never on a card.
pub(super) const COLUMN_GAP_MM: f32 = 10.0;
pub(super) const ROW_GAP_MM: f32 = 4.0;
/// Crop marks: they start this far from the card corner and are at most this
/// long (shorter where two cards share a gap: the two marks then meet).
pub(super) const MARK_OFFSET_MM: f32 = 1.0;
pub(super) const MARK_LENGTH_MM: f32 = 3.0;
/// Hairline for crop marks and the name line: 0.3 pt.
pub(super) const HAIRLINE_MM: f32 = 0.3 * MM_PER_PT;

pub(super) const PT_PER_MM: f32 = 72.0 / 25.4;
pub(super) const MM_PER_PT: f32 = 25.4 / 72.0;

/// Inside a card (mm from its top-left corner).
pub(super) const HEADER_X: f32 = 4.0;
pub(super) const HEADER_BASELINE: f32 = 7.2;
pub(super) const HEADER_RULE_Y: f32 = 9.6;
pub(super) const QR_X: f32 = 1.5;
pub(super) const QR_Y: f32 = 13.8;
/// The right-hand column: from just right of the QR box to the card's inner
/// margin.
pub(super) const COLUMN_X: f32 = QR_X + QR_BOX_MM + 1.0;
pub(super) const COLUMN_RIGHT: f32 = CARD_WIDTH_MM - 3.0;
pub(super) const LABEL_BASELINE: f32 = 18.0;
pub(super) const NUMBER_BASELINE: f32 = 23.6;
pub(super) const VALID_BASELINE: f32 = 28.6;
pub(super) const TYPE_BASELINE: f32 = 33.2;
pub(super) const BENEFITS_BASELINE: f32 = 36.6;
pub(super) const BENEFIT_LINE_MM: f32 = 3.0;
pub(super) const BENEFIT_LINES: usize = 2;
/// The lines on getting the card onto a phone, one per language.
pub(super) const HINT_BASELINES: [f32; 3] = [43.4, 45.5, 47.6];
pub(super) const NAME_BASELINE: f32 = 51.2;

/// Font sizes, pt (converted to mm when drawn).
pub(super) const HEADER_PT: f32 = 10.0;
pub(super) const LABEL_PT: f32 = 6.5;
pub(super) const NUMBER_PT: f32 = 15.0;
pub(super) const VALID_PT: f32 = 8.0;
pub(super) const TYPE_PT: f32 = 7.5;
pub(super) const BENEFIT_PT: [f32; 3] = [7.0, 6.5, 6.0];
pub(super) const NAME_PT: f32 = 8.0;
pub(super) const HINT_PT: f32 = 5.5;
/// The phone lines may shrink further than other text before they are cut.
pub(super) const HINT_MIN_PT: f32 = 4.5;
/// Smallest size text is shrunk to before it is cut with "…".
pub(super) const MIN_PT: f32 = 5.5;

/// The one accent colour: a dark blue that stays dark on a black-only printer.
pub(super) const ACCENT: (u8, u8, u8) = (0x1f, 0x4e, 0x79);

/// Top-left corner of the `i`-th card on a page (row by row), mm.
pub(super) fn card_origin(i: usize) -> (f32, f32) {
    let (col, row) = (i % COLUMNS, i / COLUMNS);
    let x = margin_x() + col as f32 * (CARD_WIDTH_MM + COLUMN_GAP_MM);
    let y = margin_y() + row as f32 * (CARD_HEIGHT_MM + ROW_GAP_MM);
    (x, y)
}

pub(super) fn margin_x() -> f32 {
    (PAGE_WIDTH_MM - COLUMNS as f32 * CARD_WIDTH_MM - (COLUMNS - 1) as f32 * COLUMN_GAP_MM) / 2.0
}

pub(super) fn margin_y() -> f32 {
    (PAGE_HEIGHT_MM - ROWS as f32 * CARD_HEIGHT_MM - (ROWS - 1) as f32 * ROW_GAP_MM) / 2.0
}

/// Crop marks for the first `n` cards of a page: at each card corner, one
/// short line continuing each edge outwards, starting [`MARK_OFFSET_MM`]
/// away from the card and ending halfway to the next card (or after
/// [`MARK_LENGTH_MM`] in a margin). None of them touches a card.
pub(super) fn crop_marks(n: usize) -> Vec<[(f32, f32); 2]> {
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
pub(super) fn lines_path(lines: &[[(f32, f32); 2]]) -> Option<Path> {
    let mut pb = PathBuilder::new();
    for [from, to] in lines {
        pb.move_to(from.0, from.1);
        pb.line_to(to.0, to.1);
    }
    pb.finish()
}

pub(super) fn stroke(surface: &mut Surface<'_>, path: &Path, paint: Paint, width: f32) {
    surface.set_fill(None);
    surface.set_stroke(Some(Stroke { paint, width, line_cap: LineCap::Butt, ..Stroke::default() }));
    surface.draw_path(path);
    surface.set_stroke(None);
}

pub(super) fn fill(paint: Paint) -> Fill {
    Fill { paint, opacity: NormalizedF32::ONE, rule: FillRule::NonZero }
}

pub(super) fn accent() -> Paint {
    rgb::Color::new(ACCENT.0, ACCENT.1, ACCENT.2).into()
}

pub(super) fn black() -> Paint {
    luma::Color::black().into()
}

/// What a piece of a card's text is, in reading order (the order of the
/// tagged PDF's structure, which a screen reader follows): the scheme, the
/// card number (its label, then the number), the validity, the card type,
/// what it gives, the QR code, the phone lines, the name line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Part {
    Header,
    Number,
    Valid,
    Type,
    Benefits,
    Qr,
    Hint(usize),
    Name,
}

/// A line placed on the card.
pub(super) struct Placed {
    pub(super) part: Part,
    pub(super) font: Which,
    pub(super) accent: bool,
    pub(super) x: f32,
    pub(super) baseline: f32,
    pub(super) text: Text,
}

/// What every card of one card type and validity shares, laid out.
pub(super) struct Template {
    pub(super) lines: Vec<Placed>,
    /// The name line: from, to (mm), at [`NAME_BASELINE`].
    pub(super) name_line: (f32, f32),
}

impl Template {
    pub(super) fn new(
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
        let mut place = |part: Part, font: Which, accent: bool, x: f32, baseline: f32, text: Text| {
            lines.push(Placed { part, font, accent, x, baseline, text });
        };
        let header = fonts.bold.fit(&catalogue.scheme_name, HEADER_PT, CARD_WIDTH_MM - 2.0 * HEADER_X);
        place(Part::Header, Which::Bold, true, HEADER_X, HEADER_BASELINE, header);
        let label = fonts.sans.fit(&messages.format("card-number", &[]), LABEL_PT, column);
        place(Part::Number, Which::Sans, false, COLUMN_X, LABEL_BASELINE, label);
        let valid = messages.format(
            "card-valid",
            &[("from", FluentValue::from(from.display_nb())), ("until", FluentValue::from(until.display_nb()))],
        );
        place(Part::Valid, Which::Sans, false, COLUMN_X, VALID_BASELINE, fonts.sans.fit(&valid, VALID_PT, column));
        let type_name = fonts.bold.fit(name_in(&ct.names, lang.tag()), TYPE_PT, column);
        place(Part::Type, Which::Bold, false, COLUMN_X, TYPE_BASELINE, type_name);
        let mut benefits: Vec<&str> = Vec::new();
        for b in &ct.benefits {
            let name = name_in(&b.names, lang.tag());
            if !name.is_empty() && !benefits.contains(&name) {
                benefits.push(name);
            }
        }
        for (i, line) in wrap_list(&fonts.sans, &benefits, column).into_iter().enumerate() {
            place(Part::Benefits, Which::Sans, false, COLUMN_X, BENEFITS_BASELINE + i as f32 * BENEFIT_LINE_MM, line);
        }
        let mut hint_lines = Vec::new();
        for (n, (baseline, hint)) in HINT_BASELINES.iter().zip(hints).enumerate() {
            let line = fonts.fit_line(hint, HINT_PT, HINT_MIN_PT, column);
            // A right-to-left line ends at the column's right edge.
            let mut x = if Fonts::for_line(hint) == Which::Arabic { COLUMN_RIGHT - line.width_mm() } else { COLUMN_X };
            for (which, run) in line.runs {
                let width = run.width * line.pt * MM_PER_PT;
                hint_lines.push(Placed {
                    part: Part::Hint(n),
                    font: which,
                    accent: false,
                    x,
                    baseline: *baseline,
                    text: Text { run, pt: line.pt },
                });
                x += width;
            }
        }
        let name = fonts.sans.fit(&messages.format("card-name", &[]), NAME_PT, column / 2.0);
        let name_end = COLUMN_X + name.run.width * name.pt * MM_PER_PT;
        place(Part::Name, Which::Sans, false, COLUMN_X, NAME_BASELINE, name);
        lines.extend(hint_lines);
        Ok(Template { lines, name_line: (name_end + 1.0, COLUMN_RIGHT) })
    }
}

pub(super) fn draw_text(
    surface: &mut Surface<'_>,
    fonts: &Fonts,
    font: Which,
    paint: Paint,
    x: f32,
    baseline: f32,
    text: &Text,
) {
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

/// Draw a line of text as one tagged span; its identifier.
fn draw_span(
    surface: &mut Surface<'_>,
    fonts: &Fonts,
    font: Which,
    paint: Paint,
    x: f32,
    baseline: f32,
    text: &Text,
) -> Identifier {
    let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
    draw_text(surface, fonts, font, paint, x, baseline, text);
    surface.end_tagged();
    id
}

/// Stroke `path` as an artifact of the layout (rules, crop marks, the name
/// line: nothing a screen reader reads out).
pub(super) fn stroke_artifact(surface: &mut Surface<'_>, kind: ArtifactType, path: &Path, paint: Paint, width: f32) {
    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(kind)));
    stroke(surface, path, paint, width);
    surface.end_tagged();
}

/// Draw one card with its top-left corner at the current origin (mm); its
/// structure for the tagged PDF, in reading order ([`Part`]): a paragraph
/// per part, the QR code a figure with `qr_alt` as its alternative text.
pub(super) fn draw_card(
    surface: &mut Surface<'_>,
    fonts: &Fonts,
    template: &Template,
    card_number: &str,
    code: &QrPath,
    qr_alt: String,
) -> TagGroup {
    let mut parts: Vec<(Part, Identifier)> = Vec::with_capacity(template.lines.len() + 2);
    for line in &template.lines {
        let paint = if line.accent { accent() } else { black() };
        parts.push((line.part, draw_span(surface, fonts, line.font, paint, line.x, line.baseline, &line.text)));
    }
    let mut rule = PathBuilder::new();
    rule.move_to(HEADER_X, HEADER_RULE_Y);
    rule.line_to(CARD_WIDTH_MM - HEADER_X, HEADER_RULE_Y);
    if let Some(rule) = rule.finish() {
        stroke_artifact(surface, ArtifactType::Layout, &rule, accent(), 0.5 * MM_PER_PT);
    }
    let number = fonts.mono.fit(card_number, NUMBER_PT, COLUMN_RIGHT - COLUMN_X);
    parts.push((Part::Number, draw_span(surface, fonts, Which::Mono, black(), COLUMN_X, NUMBER_BASELINE, &number)));
    let mut name_line = PathBuilder::new();
    name_line.move_to(template.name_line.0, NAME_BASELINE);
    name_line.line_to(template.name_line.1, NAME_BASELINE);
    if let Some(line) = name_line.finish() {
        stroke_artifact(surface, ArtifactType::Layout, &line, black(), HAIRLINE_MM);
    }
    // The code: the box holds the quiet zone (white paper) around it.
    let module = QR_BOX_MM / (code.modules + 2 * QUIET_ZONE) as f32;
    let offset = QUIET_ZONE as f32 * module;
    let qr = surface.start_tagged(ContentTag::Other);
    surface.push_transform(&Transform::from_row(module, 0.0, 0.0, module, QR_X + offset, QR_Y + offset));
    surface.set_stroke(None);
    surface.set_fill(Some(fill(black())));
    surface.draw_path(&code.path);
    surface.pop();
    surface.end_tagged();
    parts.push((Part::Qr, qr));
    // Stable: within a part, the order drawn (the label before the number).
    parts.sort_by_key(|(part, _)| *part);
    let mut card = TagGroup::new(Tag::Section);
    let mut current: Option<(Part, TagGroup)> = None;
    for (part, id) in parts {
        if current.as_ref().is_none_or(|(p, _)| *p != part) {
            if let Some((_, group)) = current.take() {
                card.push(group);
            }
            let group =
                if part == Part::Qr { TagGroup::new(Tag::Figure(Some(qr_alt.clone()))) } else { TagGroup::new(Tag::P) };
            current = Some((part, group));
        }
        if let Some((_, group)) = current.as_mut() {
            group.push(id);
        }
    }
    if let Some((_, group)) = current {
        card.push(group);
    }
    card
}
