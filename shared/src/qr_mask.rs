//! The QR mask choice, made fast (issue 17).
//!
//! The `qrcode` crate draws a code's function patterns and data, then
//! scores each of the 8 masks with the penalty rules of ISO/IEC 18004 §7.8.3
//! and keeps the lowest. Its scoring reads every module through a
//! bounds-checked accessor and allocates a boxed closure per position of
//! the finder-like-pattern rule; that was most of a code's encoding time.
//!
//! Here the crate still draws the code once (function patterns and data),
//! and each mask is applied and scored on bit rows: the code is held as
//! its rows and its columns, each a set of bits (`Line`, one `u64` word per
//! 64 modules). A mask is an AND with a precomputed bit pattern and an XOR
//! per row and column, the format information is set as the crate sets it,
//! and the crate's rules as written (including its unrounded balance score
//! and its order of masks, first lowest wins) are counted by shifts, ANDs
//! and popcounts:
//!
//! - runs of 5 + n modules of one colour: positions where 5 modules in a
//!   row agree (`b & b>>1 & … & b>>4`), popcount, plus 2 per run start;
//! - 2×2 blocks: two adjacent rows agreeing (`!(a ^ b)`) at x and x + 1,
//!   and the row agreeing with its neighbour at x;
//! - the 1:1:3:1:1 pattern: the seven modules by shifted ANDs, the four
//!   light modules on either side by shifted ORs;
//! - the dark share: popcount.
//!
//! The chosen mask and the modules are exactly the crate's: the tests
//! compare each masked grid with the crate's `apply_mask`, the penalty with
//! the previous scalar scorer (kept as the tests' oracle) on codes and
//! pseudo-random grids, and whole codes with `QrCode::with_bits`.

use qrcode::bits::Bits;
use qrcode::canvas::{Canvas, Module};
use qrcode::{Color, EcLevel, Version};
use std::ops::{BitAnd, BitOr, BitXor, Not};

/// Widest line held: 3 words (a QR code is at most 177 modules wide).
const MAX_WORDS: usize = 3;
/// Every mask repeats every 12 rows (and every 12 columns).
const PERIOD: usize = 12;

/// Whether mask `p` (in the crate's order, `ALL_PATTERNS_QR`: on a tie the
/// first wins) inverts module (x, y): the crate's `mask_functions`.
const fn inverts(p: usize, x: usize, y: usize) -> bool {
    match p {
        0 => (x + y).is_multiple_of(2),
        1 => y.is_multiple_of(2),
        2 => x.is_multiple_of(3),
        3 => (x + y).is_multiple_of(3),
        4 => (y / 2 + x / 3).is_multiple_of(2),
        5 => (x * y) % 2 + (x * y) % 3 == 0,
        6 => ((x * y) % 2 + (x * y) % 3).is_multiple_of(2),
        _ => ((x + y) % 2 + (x * y) % 3).is_multiple_of(2),
    }
}

/// The masks as bit lines: `[p][r]` holds, for the lines whose index is
/// r mod 12, the modules along the line that mask p inverts. For rows
/// (`along_columns` false) bit x of row y; for columns bit y of column x.
/// Evaluated at compile time (an index out of range would not compile).
#[allow(clippy::indexing_slicing)]
const fn mask_lines(along_columns: bool) -> [[[u64; MAX_WORDS]; PERIOD]; 8] {
    let mut out = [[[0u64; MAX_WORDS]; PERIOD]; 8];
    let mut p = 0;
    while p < 8 {
        let mut r = 0;
        while r < PERIOD {
            let mut i = 0;
            while i < 64 * MAX_WORDS {
                let (x, y) = if along_columns { (r, i) } else { (i, r) };
                if inverts(p, x, y) {
                    out[p][r][i / 64] |= 1 << (i % 64);
                }
                i += 1;
            }
            r += 1;
        }
        p += 1;
    }
    out
}

static ROW_MASKS: [[[u64; MAX_WORDS]; PERIOD]; 8] = mask_lines(false);
static COLUMN_MASKS: [[[u64; MAX_WORDS]; PERIOD]; 8] = mask_lines(true);

/// The crate's `FORMAT_INFOS_QR`: the 15 format bits for
/// `((ec as usize) ^ 1) << 3 | mask`.
const FORMAT_INFOS: [u16; 32] = [
    0x5412, 0x5125, 0x5e7c, 0x5b4b, 0x45f9, 0x40ce, 0x4f97, 0x4aa0, 0x77c4, 0x72f3, 0x7daa, 0x789d, 0x662f, 0x6318,
    0x6c41, 0x6976, 0x1689, 0x13be, 0x1ce7, 0x19d0, 0x0762, 0x0255, 0x0d0c, 0x083b, 0x355f, 0x3068, 0x3f31, 0x3a06,
    0x24b4, 0x2183, 0x2eda, 0x2bed,
];

/// Where the crate draws the format bits, most significant first
/// (`FORMAT_INFO_COORDS_QR_MAIN`, then `_SIDE`); negative coordinates count
/// from the far edge.
const FORMAT_COORDS: [[(i16, i16); 15]; 2] = [
    [
        (0, 8),
        (1, 8),
        (2, 8),
        (3, 8),
        (4, 8),
        (5, 8),
        (7, 8),
        (8, 8),
        (8, 7),
        (8, 5),
        (8, 4),
        (8, 3),
        (8, 2),
        (8, 1),
        (8, 0),
    ],
    [
        (8, -1),
        (8, -2),
        (8, -3),
        (8, -4),
        (8, -5),
        (8, -6),
        (8, -7),
        (-8, 8),
        (-7, 8),
        (-6, 8),
        (-5, 8),
        (-4, 8),
        (-3, 8),
        (-2, 8),
        (-1, 8),
    ],
];

/// One row or column of modules as bits (bit i of word i / 64 is module
/// i; `true` = dark). Bits beyond the code's width are kept clear.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Line<const N: usize>([u64; N]);

impl<const N: usize> Line<N> {
    const EMPTY: Self = Self([0; N]);

    /// Modules 0..n set.
    fn first(n: usize) -> Self {
        Self(std::array::from_fn(|i| match n.saturating_sub(64 * i) {
            0 => 0,
            k if k >= 64 => u64::MAX,
            k => (1u64 << k) - 1,
        }))
    }

    /// The first `N` words of a mask line.
    fn of(words: &[u64; MAX_WORDS]) -> Self {
        Self(std::array::from_fn(|i| words.get(i).copied().unwrap_or(0)))
    }

    /// Word i (0 beyond the line).
    #[inline(always)]
    fn word(&self, i: usize) -> u64 {
        self.0.get(i).copied().unwrap_or(0)
    }

    /// Module i of the result is module i + k (0 < k < 64): toward 0.
    #[inline(always)]
    fn down(self, k: u32) -> Self {
        Self(std::array::from_fn(|i| (self.word(i) >> k) | (self.word(i + 1) << (64 - k))))
    }

    /// Module i of the result is module i − k (0 < k < 64), clear below k.
    #[inline(always)]
    fn up(self, k: u32) -> Self {
        Self(std::array::from_fn(|i| (self.word(i) << k) | i.checked_sub(1).map_or(0, |j| self.word(j) >> (64 - k))))
    }

    fn count(self) -> u32 {
        self.0.iter().map(|w| w.count_ones()).sum()
    }

    fn get(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1)
    }

    fn set(&mut self, i: usize, dark: bool) {
        if let Some(w) = self.0.get_mut(i / 64) {
            *w = (*w & !(1 << (i % 64))) | (u64::from(dark) << (i % 64));
        }
    }
}

macro_rules! line_op {
    ($trait:ident, $method:ident, $op:tt) => {
        impl<const N: usize> $trait for Line<N> {
            type Output = Self;
            #[inline(always)]
            fn $method(mut self, o: Self) -> Self {
                for (a, b) in self.0.iter_mut().zip(o.0) {
                    *a $op b;
                }
                self
            }
        }
    };
}
line_op!(BitAnd, bitand, &=);
line_op!(BitOr, bitor, |=);
line_op!(BitXor, bitxor, ^=);

impl<const N: usize> Not for Line<N> {
    type Output = Self;
    #[inline(always)]
    fn not(self) -> Self {
        Self(self.0.map(|w| !w))
    }
}

/// The modules (row by row, `true` = dark) and width of the code for
/// `bits` at `ec`, with the mask of lowest penalty; `None` if the data does
/// not fit its version.
pub(crate) fn modules(bits: Bits, ec: EcLevel) -> Option<(usize, Vec<bool>)> {
    let (canvas, width) = drawn(bits, ec)?;
    match width.div_ceil(64) {
        1 => best::<1>(&canvas, width, ec),
        2 => best::<2>(&canvas, width, ec),
        3 => best::<3>(&canvas, width, ec),
        _ => None,
    }
}

/// The crate's canvas for `bits` with function patterns and data drawn,
/// before masking, and its width (normal QR codes only).
fn drawn(bits: Bits, ec: EcLevel) -> Option<(Canvas, usize)> {
    let version = bits.version();
    if !matches!(version, Version::Normal(_)) {
        return None;
    }
    let data = bits.into_bytes();
    let (encoded, ec_data) = qrcode::ec::construct_codewords(&data, version, ec).ok()?;
    let mut canvas = Canvas::new(version, ec);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&encoded, &ec_data);
    Some((canvas, usize::try_from(version.width()).ok()?))
}

/// The mask of lowest penalty (first lowest in the crate's order), applied.
fn best<const N: usize>(canvas: &Canvas, width: usize, ec: EcLevel) -> Option<(usize, Vec<bool>)> {
    let code = Unmasked::<N>::new(canvas, width, ec)?;
    let mut rows = vec![Line::EMPTY; width];
    let mut cols = vec![Line::EMPTY; width];
    let mut best: Option<(i64, usize)> = None;
    for p in 0..8 {
        code.mask(p, &mut rows, &mut cols);
        let score = penalty(&rows, &cols, width);
        if best.is_none_or(|(s, _)| score < s) {
            best = Some((score, p));
        }
    }
    let (_, p) = best?;
    code.mask(p, &mut rows, &mut cols);
    Some((width, rows.iter().flat_map(|row| (0..width).map(|x| row.get(x))).collect()))
}

/// A drawn code before masking, as rows and as columns: the colour of each
/// module (`Empty` counts as light, as the crate's mask and colours do) and
/// which modules a mask inverts (data: `Unmasked` and `Empty`).
struct Unmasked<const N: usize> {
    width: usize,
    rows: Vec<Line<N>>,
    row_data: Vec<Line<N>>,
    cols: Vec<Line<N>>,
    col_data: Vec<Line<N>>,
    /// The 15 format bits of each mask.
    formats: [u16; 8],
    /// (x, y) of each format bit, most significant first, twice.
    format_at: [(usize, usize); 30],
}

impl<const N: usize> Unmasked<N> {
    fn new(canvas: &Canvas, width: usize, ec: EcLevel) -> Option<Self> {
        if width > 64 * N || width < 9 {
            return None;
        }
        let w = i16::try_from(width).ok()?;
        let mut rows = vec![Line::EMPTY; width];
        let mut row_data = vec![Line::EMPTY; width];
        let mut cols = vec![Line::EMPTY; width];
        let mut col_data = vec![Line::EMPTY; width];
        for (y, (row, data)) in (0..w).zip(rows.iter_mut().zip(row_data.iter_mut())) {
            for x in 0..w {
                let module = canvas.get(x, y);
                let (xu, yu) = (usize::from(x.unsigned_abs()), usize::from(y.unsigned_abs()));
                let dark = Color::from(module) == Color::Dark;
                let maskable = !matches!(module, Module::Masked(_));
                row.set(xu, dark);
                data.set(xu, maskable);
                if let (Some(col), Some(col_data)) = (cols.get_mut(xu), col_data.get_mut(xu)) {
                    col.set(yu, dark);
                    col_data.set(yu, maskable);
                }
            }
        }
        let level = (ec as usize) ^ 1;
        let formats = std::array::from_fn(|p| FORMAT_INFOS.get(level << 3 | p).copied().unwrap_or(0));
        let wrap = |c: i16| usize::from(if c < 0 { c + w } else { c }.unsigned_abs());
        let mut format_at = [(0, 0); 30];
        for (at, &(x, y)) in format_at.iter_mut().zip(FORMAT_COORDS.iter().flatten()) {
            *at = (wrap(x), wrap(y));
        }
        Some(Self { width, rows, row_data, cols, col_data, formats, format_at })
    }

    /// The code with mask `p` applied and its format information drawn, as
    /// the crate's `apply_mask` leaves it, into `rows` and `cols`.
    fn mask(&self, p: usize, rows: &mut [Line<N>], cols: &mut [Line<N>]) {
        let (Some(row_masks), Some(col_masks)) = (ROW_MASKS.get(p), COLUMN_MASKS.get(p)) else {
            return;
        };
        let row_masks = row_masks.map(|words| Line::<N>::of(&words));
        let col_masks = col_masks.map(|words| Line::<N>::of(&words));
        let masked_rows = self.rows.iter().zip(&self.row_data).zip(row_masks.iter().cycle());
        for (out, ((&base, &data), &mask)) in rows.iter_mut().zip(masked_rows) {
            *out = base ^ (data & mask);
        }
        let masked_cols = self.cols.iter().zip(&self.col_data).zip(col_masks.iter().cycle());
        for (out, ((&base, &data), &mask)) in cols.iter_mut().zip(masked_cols) {
            *out = base ^ (data & mask);
        }
        let format = self.formats.get(p).copied().unwrap_or(0);
        for (k, &(x, y)) in self.format_at.iter().enumerate() {
            let dark = format >> (14 - k % 15) & 1 == 1;
            if let Some(row) = rows.get_mut(y) {
                row.set(x, dark);
            }
            if let Some(col) = cols.get_mut(x) {
                col.set(y, dark);
            }
        }
        debug_assert_eq!(rows.len(), self.width);
    }
}

/// The crate's total penalty of a masked code (`compute_total_penalty_scores`),
/// from its `width` rows and its columns (bits beyond the width clear).
fn penalty<const N: usize>(rows: &[Line<N>], cols: &[Line<N>], width: usize) -> i64 {
    let inside = Line::<N>::first(width);
    let mut runs = 0u32;
    let mut finders = 0u32;
    let mut dark = 0u32;
    for (i, &line) in rows.iter().chain(cols).enumerate() {
        runs += run_penalty(line) + run_penalty(!line & inside);
        finders += finder_like(line);
        if i < rows.len() {
            dark += line.count();
        }
    }
    // Rule 2: every 2×2 block of one colour (overlapping): 3. A block at
    // (x, y): rows y and y + 1 agree at x and x + 1, and row y agrees at x
    // and x + 1.
    let left = Line::<N>::first(width.saturating_sub(1));
    let mut blocks = 0u32;
    for pair in rows.windows(2) {
        if let [a, b] = *pair {
            let same = !(a ^ b);
            blocks += (same & same.down(1) & !(a ^ a.down(1)) & left).count();
        }
    }
    // Rule 3: 40 a match, less the 9 matches of the three finder patterns
    // in each direction.
    let mut score = i64::from(runs) + 3 * i64::from(blocks) + 40 * i64::from(finders) - 720;
    // Rule 4: the share of dark modules, unrounded: |200·dark/total − 100|.
    let total = (width * width).max(1);
    let ratio = (dark as usize * 200 / total) as i64;
    score += (ratio - 100).abs();
    score
}

/// Rule 1 for the set modules of one line: a run of 5 + n is 3 + n.
#[inline(always)]
fn run_penalty<const N: usize>(b: Line<N>) -> u32 {
    // Bit i of `five`: modules i..i + 5 all set; a run of L ≥ 5 sets L − 4
    // of them, and starts once. L − 2 = (L − 4) + 2.
    let two = b & b.down(1);
    let five = two & two.down(2) & b.down(4);
    let starts = five & !five.up(1);
    five.count() + 2 * starts.count()
}

/// Rule 3 for one line: positions j where modules j..j + 7 are dark, light,
/// dark, dark, dark, light, dark and the 4 modules before or the 4 after
/// (within the line) are all light.
#[inline(always)]
fn finder_like<const N: usize>(d: Line<N>) -> u32 {
    let l = !d;
    let three = d & d.down(1) & d.down(2);
    // Bits beyond the width are light in `l`; position j + 6 must be dark,
    // so a match never reaches past the line.
    let pattern = d & l.down(1) & three.down(2) & l.down(5) & d.down(6);
    // Any dark module among i..i + 3.
    let one = d | d.down(1);
    let four = one | one.down(2);
    // Before j: among j − 4..j − 1 (nothing before module 0: light).
    let dark_before = (d | d.up(1) | d.up(2) | d.up(3)).up(1);
    // After: among j + 7..j + 10.
    let dark_after = four.down(7);
    (pattern & !(dark_before & dark_after)).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use qrcode::canvas::MaskPattern;

    /// The crate's order of masks (`ALL_PATTERNS_QR`).
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

    /// The previous scorer, module by module on booleans, kept as the
    /// oracle: the crate's `compute_total_penalty_scores` as written.
    fn penalty_scalar(dark: &[bool], w: usize) -> i64 {
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

    /// Rows and columns of a grid of booleans.
    fn lines<const N: usize>(dark: &[bool], w: usize) -> (Vec<Line<N>>, Vec<Line<N>>) {
        let mut rows = vec![Line::EMPTY; w];
        let mut cols = vec![Line::EMPTY; w];
        for y in 0..w {
            for x in 0..w {
                let d = dark[y * w + x];
                rows[y].set(x, d);
                cols[x].set(y, d);
            }
        }
        (rows, cols)
    }

    fn penalty_bits(dark: &[bool], w: usize) -> i64 {
        match w.div_ceil(64) {
            0 | 1 => {
                let (r, c) = lines::<1>(dark, w);
                penalty(&r, &c, w)
            }
            2 => {
                let (r, c) = lines::<2>(dark, w);
                penalty(&r, &c, w)
            }
            3 => {
                let (r, c) = lines::<3>(dark, w);
                penalty(&r, &c, w)
            }
            _ => panic!("width {w}"),
        }
    }

    /// Every mask of the code for `text`: the crate's masked modules and ours.
    fn masked_both<const N: usize>(text: &str) -> Vec<(Vec<bool>, Vec<bool>, usize)> {
        let bits = crate::qr::bits_for_text(text).unwrap();
        let (canvas, w) = drawn(bits, crate::qr::EC_LEVEL).unwrap();
        let code = Unmasked::<N>::new(&canvas, w, crate::qr::EC_LEVEL).unwrap();
        let mut rows = vec![Line::EMPTY; w];
        let mut cols = vec![Line::EMPTY; w];
        (0..8)
            .map(|p| {
                let mut c = canvas.clone();
                c.apply_mask(PATTERNS[p]);
                let theirs: Vec<bool> = c.into_colors().into_iter().map(|c| c == Color::Dark).collect();
                code.mask(p, &mut rows, &mut cols);
                let ours: Vec<bool> = rows.iter().flat_map(|r| (0..w).map(|x| r.get(x))).collect();
                let ours_t: Vec<bool> = (0..w).flat_map(|y| cols.iter().map(move |c| c.get(y))).collect();
                assert_eq!(ours, ours_t, "rows and columns of mask {p} for {text}");
                assert_eq!(penalty(&rows, &cols, w), penalty_scalar(&theirs, w), "mask {p}, {text}");
                (theirs, ours, w)
            })
            .collect()
    }

    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn every_mask_of_many_codes_is_the_crates_and_scores_as_the_scalar_scorer() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut versions = std::collections::BTreeSet::new();
        // Digits from 1 to about 2000 characters: versions 1 to 27, widths
        // 21 to 125 (one and two words a line).
        let mut texts = Vec::new();
        let mut n = 1;
        while n <= 2000 {
            texts.push((0..n).map(|_| char::from(b'0' + (rng.next() % 10) as u8)).collect::<String>());
            n += 1 + n / 10;
        }
        // Bytes: versions 31 to 39, widths 141 to 173 (three words).
        for n in (1000..1600).step_by(100) {
            texts.push((0..n).map(|_| char::from(b'a' + (rng.next() % 26) as u8)).collect());
        }
        for text in &texts {
            let version = crate::qr::encode(text).unwrap().version();
            versions.insert(version);
            let w = 17 + 4 * usize::try_from(version).unwrap();
            let all = match w.div_ceil(64) {
                1 => masked_both::<1>(text),
                2 => masked_both::<2>(text),
                _ => masked_both::<3>(text),
            };
            for (p, (theirs, ours, _)) in all.iter().enumerate() {
                assert!(theirs == ours, "mask {p} of the code for {} characters differs from the crate's", text.len());
            }
        }
        // The largest width, 177 modules (version 40).
        let text = "x".repeat(1600);
        assert_eq!(crate::qr::encode(&text).unwrap().version(), 40);
        versions.insert(40);
        for (theirs, ours, w) in masked_both::<3>(&text) {
            assert_eq!(w, 177);
            assert!(theirs == ours);
        }
        assert!(versions.len() >= 24 && versions.contains(&12) && versions.contains(&31), "{versions:?}");
    }

    #[test]
    fn bit_row_penalty_is_the_scalar_penalty_on_pseudo_random_grids() {
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        for w in [1, 2, 5, 7, 8, 11, 21, 57, 63, 64, 65, 100, 127, 128, 129, 150, 177, 191, 192] {
            for round in 0..24 {
                // Dark shares from sparse to dense, so that long runs, blocks
                // and isolated finder-like patterns all occur.
                let share = [2, 8, 16, 24, 30][round % 5];
                let mut dark: Vec<bool> = (0..w * w).map(|_| rng.next() % 32 < share).collect();
                // Plant 1:1:3:1:1 patterns with light around them, some at the edges.
                for _ in 0..(round % 4) * 3 {
                    if w < 7 {
                        break;
                    }
                    let (i, j) = ((rng.next() as usize) % w, (rng.next() as usize) % (w - 6));
                    let horizontal = rng.next().is_multiple_of(2);
                    for k in j.saturating_sub(4)..(j + 11).min(w) {
                        let on = (j..j + 7).contains(&k) && ![1, 5].contains(&(k - j));
                        let at = if horizontal { i * w + k } else { k * w + i };
                        dark[at] = on;
                    }
                }
                assert_eq!(penalty_bits(&dark, w), penalty_scalar(&dark, w), "width {w}, round {round}");
            }
        }
        // All dark and all light.
        for w in [21, 64, 65, 177] {
            for d in [true, false] {
                let dark = vec![d; w * w];
                assert_eq!(penalty_bits(&dark, w), penalty_scalar(&dark, w), "width {w}, all {d}");
            }
        }
    }
}
