//! Reading a QR code from a PNG image (`verifier check --image`).

use crate::VerifierError;
use std::path::Path;

/// Largest image accepted, in pixels (a 12-megapixel photo).
pub const MAX_PIXELS: u64 = 12_000_000;
/// Largest PNG file read.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// Decode the first readable QR code in a PNG file and return its text.
pub fn qr_text_from_png(path: &Path) -> Result<String, VerifierError> {
    use std::io::Read as _;
    let bad = |reason: String| VerifierError::Image { path: path.to_path_buf(), reason };
    let f = std::fs::File::open(path).map_err(|source| VerifierError::Io { path: path.to_path_buf(), source })?;
    let mut bytes = Vec::new();
    f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| bad(e.to_string()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(bad("the file is too large".into()));
    }
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| bad(format!("not a readable PNG ({e})")))?;
    let (w, h) = {
        let info = reader.info();
        (info.width as usize, info.height as usize)
    };
    if (w as u64) * (h as u64) > MAX_PIXELS {
        return Err(bad(format!("the image is too large ({w}×{h})")));
    }
    let mut buf = vec![0u8; reader.output_buffer_size().ok_or_else(|| bad("the image is too large".into()))?];
    let frame = reader.next_frame(&mut buf).map_err(|e| bad(format!("not a readable PNG ({e})")))?;
    let channels = frame.color_type.samples();
    let stride = frame.line_size;
    let luma = |x: usize, y: usize| -> u8 {
        let i = y * stride + x * channels;
        let px = buf.get(i..i + channels).unwrap_or(&[255]);
        match px {
            [g] | [g, _] => *g,
            [r, g, b] | [r, g, b, _] => ((u16::from(*r) * 3 + u16::from(*g) * 6 + u16::from(*b)) / 10) as u8,
            _ => 255,
        }
    };
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, luma);
    for grid in img.detect_grids() {
        if let Ok((_, text)) = grid.decode() {
            return Ok(text);
        }
    }
    Err(bad("no readable QR code found in the image".into()))
}
