//! The sheet's QR codes: encoded ahead by helper threads
//! ([`QrPipeline`]), each drawn as one path of the outlines of its dark
//! areas in module units.

use super::PdfError;
use crate::issue::IssuedCard;
use krilla::geom::{Path, PathBuilder};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// QR codes for a sheet, encoded ahead by helper threads while the caller
/// draws pages. The caller takes the codes in order; when the one it needs
/// is not ready, it encodes the next unclaimed one itself rather than wait,
/// so both sides stay busy whichever is faster. With no helpers (one core)
/// the caller encodes every code itself.
pub(super) struct QrPipeline<'a> {
    pub(super) cards: &'a [IssuedCard],
    /// Next card no one has claimed yet.
    pub(super) next: &'a AtomicUsize,
    pub(super) results: mpsc::Receiver<(usize, Result<QrPath, PdfError>)>,
    pub(super) ready: Vec<Option<Result<QrPath, PdfError>>>,
}

impl<'a> QrPipeline<'a> {
    pub(super) fn start<'scope>(
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
    pub(super) fn take(&mut self, i: usize) -> Result<QrPath, PdfError> {
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

pub(super) fn claim(next: &AtomicUsize, len: usize) -> Option<usize> {
    let i = next.fetch_add(1, Ordering::Relaxed);
    (i < len).then_some(i)
}

/// A QR code as one path of its dark modules in module units (one unit =
/// one module, the code's top-left module at 0,0), with its width in modules.
pub(super) struct QrPath {
    pub(super) path: Path,
    pub(super) modules: usize,
}

/// The outlines of the dark areas of one code, in module units: closed
/// polygons of their corner points, clockwise around dark areas and
/// counter-clockwise around light holes, so that filling them with the
/// non-zero rule paints exactly the dark modules. About a third fewer points
/// than rectangles, which is a smaller file and less to compress.
pub(super) fn dark_outlines(qr: &shared::qr::Qr) -> Vec<Vec<(u16, u16)>> {
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
pub(super) fn qr_path(card: &IssuedCard) -> Result<QrPath, PdfError> {
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
