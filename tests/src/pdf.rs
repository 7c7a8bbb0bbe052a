//! Reading card-sheet PDFs in tests: poppler renders them, rqrr decodes
//! the QR codes.

use std::path::Path;
use std::process::Command;

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// Run a poppler tool; fail with a clear message when it is not installed.
pub fn poppler(tool: &str, args: &[&str]) -> Vec<u8> {
    let out = match Command::new(tool).args(args).output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "`{tool}` is not installed; these tests need poppler-utils \
             (Debian: apt-get install poppler-utils; bash test.sh installs it)"
        ),
        Err(e) => panic!("running {tool}: {e}"),
    };
    assert!(out.status.success(), "{tool} {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// Pages of a PDF (pdfinfo).
pub fn page_count(pdf: &Path) -> usize {
    let info = String::from_utf8(poppler("pdfinfo", &[s(pdf)])).expect("pdfinfo output");
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in pdfinfo output:\n{info}"))
}

/// The text of a PDF (pdftotext).
pub fn pdf_text(pdf: &Path) -> String {
    String::from_utf8(poppler("pdftotext", &[s(pdf), "-"])).expect("pdftotext output is UTF-8")
}

/// Render page `page` at 300 dpi and decode every QR code on it.
///
/// The page image is cut into 2 × 5 equal tiles, one per card place, and
/// each tile is decoded on its own: on the whole page, rqrr groups finder
/// patterns of neighbouring codes into bogus grids and then misses real
/// codes (a scanner at a venue sees one card at a time anyway). Each tile
/// must hold at most one code, and every grid found must decode.
pub fn qr_codes_on_page(pdf: &Path, page: usize, dir: &Path) -> Vec<String> {
    let prefix = dir.join(format!("page{page}"));
    let n = page.to_string();
    // Without anti-aliasing: grey module edges made rqrr miss about one
    // URL-form code (version 10, 4.3 px a module here) in a hundred; crisp
    // pixels decoded 250 of 250 at 200 dpi in the same run, anti-aliased
    // 247. A phone camera or a venue scanner sees paper, not this raster.
    // 300 dpi, as cards are printed: at 200 dpi (4.3 px a module) rqrr
    // still failed one code's error correction once in about two thousand
    // (a browser test in CI, 2026-12-06); 6.4 px a module leaves its grid
    // sampling room.
    let args = ["-r", "300", "-aa", "no", "-aaVector", "no", "-png", "-f", &n, "-l", &n, "-singlefile"];
    poppler("pdftoppm", &[&args[..], &[s(pdf), s(&prefix)]].concat());
    let (w, h, luma) = read_grey_png(&prefix.with_extension("png"));
    // A4 at 300 dpi.
    assert_eq!((w, h), (2481, 3508), "page size in pixels");
    let (cols, rows) = (2, 5);
    let mut texts = Vec::new();
    for row in 0..rows {
        for col in 0..cols {
            let (x0, x1) = (col * w / cols, (col + 1) * w / cols);
            let (y0, y1) = (row * h / rows, (row + 1) * h / rows);
            let mut img =
                rqrr::PreparedImage::prepare_from_greyscale(x1 - x0, y1 - y0, |x, y| luma[(y0 + y) * w + x0 + x]);
            let grids = img.detect_grids();
            assert!(grids.len() <= 1, "{} QR codes in the card place {row},{col} of page {page}", grids.len());
            for grid in grids {
                let (_, text) = grid
                    .decode()
                    .unwrap_or_else(|e| panic!("the QR code at {row},{col} on page {page} did not decode: {e:?}"));
                texts.push(text);
            }
        }
    }
    texts
}

/// A PNG as 8-bit grey pixels: (width, height, pixels).
pub fn read_grey_png(path: &Path) -> (usize, usize, Vec<u8>) {
    let file = std::fs::File::open(path).expect("rendered page");
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("PNG header");
    let mut buf = vec![0u8; reader.output_buffer_size().expect("PNG size")];
    let frame = reader.next_frame(&mut buf).expect("PNG data");
    let (w, h) = (frame.width as usize, frame.height as usize);
    let channels = frame.color_type.samples();
    let mut luma = Vec::with_capacity(w * h);
    for y in 0..h {
        let row = &buf[y * frame.line_size..][..w * channels];
        for px in row.chunks(channels) {
            luma.push(match px {
                [g] | [g, _] => *g,
                [r, g, b, ..] => ((u16::from(*r) * 3 + u16::from(*g) * 6 + u16::from(*b)) / 10) as u8,
                _ => 255,
            });
        }
    }
    (w, h, luma)
}
