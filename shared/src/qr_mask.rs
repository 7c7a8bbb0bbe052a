//! The QR mask choice, made fast (issue 17).
//!
//! The `qrcode` crate draws a code's function patterns and data, then
//! scores each of the 8 masks with the penalty rules of ISO/IEC 18004 §7.8.3
//! and keeps the lowest. Its scoring reads every module through a
//! bounds-checked accessor and allocates a boxed closure per position of
//! the finder-like-pattern rule; that was most of a code's encoding time.
//! Here the crate still draws the code and applies each mask (so the
//! modules are exactly its modules), and the scoring is done again on a
//! plain grid of booleans, with the crate's rules as written (including its
//! unrounded balance score and its order of masks, first lowest wins):
//! the mask chosen is the one the crate chooses. A test compares whole
//! codes with `QrCode::with_bits` for many texts.

use qrcode::bits::Bits;
use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel};

/// The crate's order of masks (`ALL_PATTERNS_QR`): on a tie the first wins.
const PATTERNS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The modules (row by row, `true` = dark) and width of the code for
/// `bits` at `ec`, with the mask of lowest penalty; `None` if the data does
/// not fit its version.
pub(crate) fn modules(bits: Bits, ec: EcLevel) -> Option<(usize, Vec<bool>)> {
    let version = bits.version();
    let data = bits.into_bytes();
    let (encoded, ec_data) = qrcode::ec::construct_codewords(&data, version, ec).ok()?;
    let mut canvas = Canvas::new(version, ec);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&encoded, &ec_data);
    let width = usize::try_from(version.width()).ok()?;
    let mut best: Option<(i64, Vec<bool>)> = None;
    for pattern in PATTERNS {
        let mut masked = canvas.clone();
        masked.apply_mask(pattern);
        let dark: Vec<bool> = masked.into_colors().into_iter().map(|c| c == Color::Dark).collect();
        let score = penalty(&dark, width);
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((score, dark));
        }
    }
    best.map(|(_, dark)| (width, dark))
}

/// The crate's total penalty of a masked code (`compute_total_penalty_scores`).
fn penalty(dark: &[bool], w: usize) -> i64 {
    let at = |x: usize, y: usize| dark.get(y * w + x).copied().unwrap_or(false);
    let mut score = 0i64;
    // Rule 1: runs of 5 + n modules of one colour in a row or column: 3 + n.
    for horizontal in [true, false] {
        for i in 0..w {
            let get = |j: usize| if horizontal { at(j, i) } else { at(i, j) };
            let mut run = 1;
            for j in 1..=w {
                if j < w && get(j) == get(j - 1) {
                    run += 1;
                } else {
                    if run >= 5 {
                        score += run - 2;
                    }
                    run = 1;
                }
            }
        }
    }
    // Rule 2: every 2×2 block of one colour (overlapping): 3.
    for y in 0..w.saturating_sub(1) {
        for x in 0..w.saturating_sub(1) {
            let c = at(x, y);
            if at(x + 1, y) == c && at(x, y + 1) == c && at(x + 1, y + 1) == c {
                score += 3;
            }
        }
    }
    // Rule 3: 1:1:3:1:1 with 4 light modules (or the edge) on either side:
    // 40 each, less the 9 matches of the three finder patterns.
    const PATTERN: [bool; 7] = [true, false, true, true, true, false, true];
    for horizontal in [true, false] {
        let mut matches = 0i64;
        for i in 0..w {
            let get = |k: usize| if horizontal { at(k, i) } else { at(i, k) };
            for j in 0..w.saturating_sub(6) {
                if PATTERN.iter().enumerate().any(|(k, &p)| get(j + k) != p) {
                    continue;
                }
                let dark_in = |from: usize, to: usize| (from..to.min(w)).any(get);
                if !dark_in(j.saturating_sub(4), j) || !dark_in(j + 7, j + 11) {
                    matches += 1;
                }
            }
        }
        score += 40 * matches - 360;
    }
    // Rule 4: the share of dark modules, unrounded: |200·dark/total − 100|.
    let total = dark.len().max(1);
    let ratio = (dark.iter().filter(|&&d| d).count() * 200 / total) as i64;
    score + (ratio - 100).abs()
}
