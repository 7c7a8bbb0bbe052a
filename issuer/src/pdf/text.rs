//! Text: the embedded fonts, shaping (rustybuzz, once per distinct
//! string), shrinking or cutting a line to fit, and wrapping the list of
//! benefits.

use super::PdfError;
use super::layout::{BENEFIT_LINES, BENEFIT_PT, MIN_PT, MM_PER_PT};
use krilla::Data;
use krilla::text::{Font, GlyphId, KrillaGlyph};

pub(super) static SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub(super) static SANS_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
pub(super) static MONO_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansMono-Bold.ttf");
/// Arabic script (Noto Naskh Arabic; `assets/fonts/LICENSE-Noto`).
pub(super) static ARABIC: &[u8] = include_bytes!("../../assets/fonts/NotoNaskhArabic-Regular.ttf");
/// Ge'ez script, for Tigrinya (Noto Sans Ethiopic).
pub(super) static ETHIOPIC: &[u8] = include_bytes!("../../assets/fonts/NotoSansEthiopic-Regular.ttf");

/// One font: for the PDF (embedded, subset) and for shaping.
pub(super) struct Face {
    pub(super) pdf: Font,
    pub(super) shaper: rustybuzz::Face<'static>,
}

impl Face {
    pub(super) fn load(data: &'static [u8]) -> Result<Face, PdfError> {
        let bad = || PdfError::Render("an embedded font could not be read".into());
        let pdf = Font::new(Data::from(data), 0).ok_or_else(bad)?;
        let shaper = rustybuzz::Face::from_slice(data, 0).ok_or_else(bad)?;
        Ok(Face { pdf, shaper })
    }

    /// Shape `text` into one line of glyphs (advances in em).
    pub(super) fn shape(&self, text: &str) -> Run {
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
    pub(super) fn fit(&self, text: &str, pt: f32, max_mm: f32) -> Text {
        self.fit_down_to(text, pt, MIN_PT, max_mm)
    }

    /// [`Face::fit`] with another smallest size.
    pub(super) fn fit_down_to(&self, text: &str, pt: f32, min_pt: f32, max_mm: f32) -> Text {
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

    pub(super) fn width_mm(&self, text: &str, pt: f32) -> f32 {
        self.shape(text).width * pt * MM_PER_PT
    }
}

/// A shaped line of text.
pub(super) struct Run {
    pub(super) text: String,
    pub(super) glyphs: Vec<KrillaGlyph>,
    /// Advance width in em.
    pub(super) width: f32,
}

/// A phone line: runs of one font each, left to right, at one size.
pub(super) struct Line {
    pub(super) runs: Vec<(Which, Run)>,
    pub(super) pt: f32,
    /// The text printed (the line, or its cut with "…").
    pub(super) text: String,
}

impl Line {
    /// Width in millimetres.
    pub(super) fn width_mm(&self) -> f32 {
        self.runs.iter().map(|(_, r)| r.width).sum::<f32>() * self.pt * MM_PER_PT
    }
}

/// A shaped line and its size.
pub(super) struct Text {
    pub(super) run: Run,
    pub(super) pt: f32,
}

/// DejaVu Sans for labels and names, Sans Bold for the scheme and card
/// type, Sans Mono Bold for the card number; Noto Naskh Arabic and Noto
/// Sans Ethiopic for a line in those scripts ([`Fonts::for_line`]).
pub(super) struct Fonts {
    pub(super) sans: Face,
    pub(super) bold: Face,
    pub(super) mono: Face,
    pub(super) arabic: Face,
    pub(super) ethiopic: Face,
}

/// Which of the [`Fonts`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Which {
    Sans,
    Bold,
    Mono,
    Arabic,
    Ethiopic,
}

impl Fonts {
    /// Read the compiled-in fonts (a few milliseconds; once per sheet).
    pub(super) fn load() -> Result<Fonts, PdfError> {
        Ok(Fonts {
            sans: Face::load(SANS)?,
            bold: Face::load(SANS_BOLD)?,
            mono: Face::load(MONO_BOLD)?,
            arabic: Face::load(ARABIC)?,
            ethiopic: Face::load(ETHIOPIC)?,
        })
    }

    pub(super) fn get(&self, which: Which) -> &Face {
        match which {
            Which::Sans => &self.sans,
            Which::Bold => &self.bold,
            Which::Mono => &self.mono,
            Which::Arabic => &self.arabic,
            Which::Ethiopic => &self.ethiopic,
        }
    }

    /// The regular font for a line of `text`: Arabic or Ethiopic when it
    /// holds a letter of that script (the fonts also have Latin digits and
    /// punctuation), else DejaVu Sans.
    pub(super) fn for_line(text: &str) -> Which {
        let script = |c: char| match c as u32 {
            0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
                Some(Which::Arabic)
            }
            0x1200..=0x139F | 0x2D80..=0x2DDF | 0xAB00..=0xAB2F => Some(Which::Ethiopic),
            _ => None,
        };
        text.chars().find_map(script).unwrap_or(Which::Sans)
    }

    /// `text` as runs of one font each, in the order they are drawn (left
    /// to right): the font of its script ([`Fonts::for_line`]), and DejaVu
    /// Sans for the characters that font lacks (the Ethiopic font has no
    /// Latin punctuation, neither script font has "…"). The runs of a
    /// right-to-left line are drawn last first; each is shaped on its own
    /// (rustybuzz orders an Arabic run's glyphs right to left).
    pub(super) fn line_runs(&self, text: &str) -> Vec<(Which, Run)> {
        let main = Fonts::for_line(text);
        let mut runs: Vec<(Which, String)> = Vec::new();
        for c in text.chars() {
            let has = c == ' ' || self.get(main).shaper.glyph_index(c).is_some();
            let which = if has { main } else { Which::Sans };
            match runs.last_mut() {
                Some((w, s)) if *w == which => s.push(c),
                _ => runs.push((which, c.to_string())),
            }
        }
        if main == Which::Arabic {
            runs.reverse();
        }
        runs.into_iter().map(|(w, s)| (w, self.get(w).shape(&s))).collect()
    }

    /// A phone line ([`Fonts::line_runs`]) at most `max_mm` wide: at `pt`, or
    /// smaller down to `min_pt`, or cut with "…" at that size.
    pub(super) fn fit_line(&self, text: &str, pt: f32, min_pt: f32, max_mm: f32) -> Line {
        let width = |runs: &[(Which, Run)]| runs.iter().map(|(_, r)| r.width).sum::<f32>() * MM_PER_PT;
        let runs = self.line_runs(text);
        let em_mm = width(&runs);
        if em_mm * pt <= max_mm {
            return Line { runs, pt, text: text.to_string() };
        }
        if max_mm / em_mm >= min_pt {
            return Line { runs, pt: max_mm / em_mm, text: text.to_string() };
        }
        let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let (mut lo, mut hi) = (0, cuts.len());
        let mut best = ("…".to_string(), self.line_runs("…"));
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            let prefix = text.get(..cuts.get(mid).copied().unwrap_or(text.len())).unwrap_or("");
            let candidate = format!("{}…", prefix.trim_end());
            let runs = self.line_runs(&candidate);
            if width(&runs) * min_pt <= max_mm {
                best = (candidate, runs);
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        Line { runs: best.1, pt: min_pt, text: best.0 }
    }
}

/// `items` joined by " · ", wrapped into at most [`BENEFIT_LINES`] lines of
/// `max_mm`: at the largest of [`BENEFIT_PT`] that holds them all, else at
/// the smallest with the last line ending in "…".
pub(super) fn wrap_list(face: &Face, items: &[&str], max_mm: f32) -> Vec<Text> {
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
