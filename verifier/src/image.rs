//! Reading a card's QR code from an image: a PNG file (`verifier check
//! --image`), a photo or a live camera frame uploaded to `verifier serve`
//! (PNG or JPEG). One decoder, quircs: on the same 1280×720 frame it takes
//! about 17 ms where rqrr took 47 ms (docs/BENCHMARKS.md).

use crate::i18n::{Localised, Messages};
use std::path::Path;

/// Largest image decoded, in pixels before downscaling (a 12-megapixel photo).
pub const MAX_PIXELS: u64 = 12_000_000;
/// Largest image file read (`verifier check --image`).
pub const MAX_FILE_BYTES: u64 = 64 << 20;
/// Images are scaled down to at most this many pixels on the longer side
/// before the QR search (phone photos are much larger than needed).
pub const DECODE_MAX_SIDE: usize = 1600;

/// Why no text came out of an image.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    /// Neither PNG nor JPEG.
    #[error("not a readable PNG or JPEG image")]
    NotAnImage,
    /// A PNG that could not be decoded.
    #[error("the image could not be read ({0})")]
    Png(#[source] png::DecodingError),
    /// A JPEG that could not be decoded.
    #[error("the image could not be read ({0})")]
    Jpeg(#[source] jpeg_decoder::Error),
    /// Fewer pixels than the image's size says.
    #[error("the image could not be read (truncated)")]
    Truncated,
    /// More pixels than [`MAX_PIXELS`].
    #[error("the image is too large ({0}×{1})")]
    TooLarge(usize, usize),
    /// A file larger than [`MAX_FILE_BYTES`].
    #[error("the file is too large")]
    FileTooLarge,
    /// Decoded, but no readable QR code in it.
    #[error("no readable QR code found in the image")]
    NoQr,
}

impl Localised for ImageError {
    fn text(&self, t: &Messages) -> String {
        match self {
            ImageError::NotAnImage => t.get("image-not-an-image", &[]),
            ImageError::Png(e) => t.get("image-broken", &[("reason", &e.to_string())]),
            ImageError::Jpeg(e) => t.get("image-broken", &[("reason", &e.to_string())]),
            ImageError::Truncated => t.get("image-truncated", &[]),
            ImageError::TooLarge(w, h) => {
                t.format("image-too-large", &[("width", (*w).into()), ("height", (*h).into())])
            }
            ImageError::FileTooLarge => t.get("image-file-too-large", &[]),
            ImageError::NoQr => t.get("image-no-qr", &[]),
        }
    }
}

/// The text of the first readable QR code in a PNG or JPEG file.
pub fn qr_text_from_file(path: &Path) -> Result<String, crate::VerifierError> {
    use std::io::Read as _;
    let io = |source| crate::VerifierError::Io { path: path.to_path_buf(), source };
    let bad = |source| crate::VerifierError::Image { path: path.to_path_buf(), source };
    let mut bytes = Vec::new();
    std::fs::File::open(path).map_err(io)?.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(bad(ImageError::FileTooLarge));
    }
    qr_text_from_image(&bytes).map_err(bad)
}

/// A greyscale image.
struct Grey {
    w: usize,
    h: usize,
    px: Vec<u8>,
}

/// The text of the first readable QR code in a PNG or JPEG image.
pub fn qr_text_from_image(bytes: &[u8]) -> Result<String, ImageError> {
    let grey = if bytes.starts_with(b"\x89PNG") {
        png_grey(bytes)?
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        jpeg_grey(bytes)?
    } else {
        return Err(ImageError::NotAnImage);
    };
    qr_text_from_grey(&downscale(grey))
}

/// The text of the first readable QR code in a `w`×`h` greyscale frame.
pub fn qr_text_from_luma(w: usize, h: usize, px: &[u8]) -> Result<String, ImageError> {
    if px.len() < w * h {
        return Err(ImageError::Truncated);
    }
    // A decoder bug on a strange photo must not take the request down: a
    // panic inside it counts as "no code found".
    std::panic::catch_unwind(|| {
        let mut quirc = quircs::Quirc::default();
        for code in quirc.identify(w, h, px.get(..w * h).unwrap_or(px)).flatten() {
            if let Ok(data) = code.decode()
                && let Ok(text) = String::from_utf8(data.payload)
            {
                return Ok(text);
            }
        }
        Err(ImageError::NoQr)
    })
    .unwrap_or(Err(ImageError::NoQr))
}

/// A camera frame's QR text. With quircs a full 1280×720 frame takes
/// about 9 ms even for a small card, so there is no downscaled first pass
/// (with rqrr there was: see docs/BENCHMARKS.md).
pub fn qr_text_from_frame(w: usize, h: usize, px: &[u8]) -> Result<String, ImageError> {
    qr_text_from_luma(w, h, px)
}

fn qr_text_from_grey(g: &Grey) -> Result<String, ImageError> {
    qr_text_from_frame(g.w, g.h, &g.px)
}

fn png_grey(bytes: &[u8]) -> Result<Grey, ImageError> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(ImageError::Png)?;
    let (w, h) = {
        let info = reader.info();
        (info.width as usize, info.height as usize)
    };
    if (w as u64) * (h as u64) > MAX_PIXELS {
        return Err(ImageError::TooLarge(w, h));
    }
    let size = reader.output_buffer_size().ok_or(ImageError::TooLarge(w, h))?;
    let mut buf = vec![0u8; size];
    let frame = reader.next_frame(&mut buf).map_err(ImageError::Png)?;
    let channels = frame.color_type.samples();
    let stride = frame.line_size;
    let mut px = Vec::with_capacity(w * h);
    for y in 0..h {
        for x in 0..w {
            let i = y * stride + x * channels;
            px.push(luma(buf.get(i..i + channels).unwrap_or(&[255])));
        }
    }
    Ok(Grey { w, h, px })
}

fn luma(px: &[u8]) -> u8 {
    match px {
        [g] | [g, _] => *g,
        [r, g, b] | [r, g, b, _] => ((u16::from(*r) * 3 + u16::from(*g) * 6 + u16::from(*b)) / 10) as u8,
        _ => 255,
    }
}

fn jpeg_grey(bytes: &[u8]) -> Result<Grey, ImageError> {
    let mut d = jpeg_decoder::Decoder::new(std::io::Cursor::new(bytes));
    d.read_info().map_err(ImageError::Jpeg)?;
    let info = d.info().ok_or(ImageError::Truncated)?;
    let (w0, h0) = (usize::from(info.width), usize::from(info.height));
    if (w0 as u64) * (h0 as u64) > MAX_PIXELS {
        return Err(ImageError::TooLarge(w0, h0));
    }
    // Let the decoder scale down by 1/2, 1/4 or 1/8 (cheap, in the DCT).
    let side = DECODE_MAX_SIDE as u16;
    if w0.max(h0) > DECODE_MAX_SIDE {
        let (rw, rh) = if w0 >= h0 {
            (side, ((h0 * DECODE_MAX_SIDE / w0).max(1)) as u16)
        } else {
            (((w0 * DECODE_MAX_SIDE / h0).max(1)) as u16, side)
        };
        d.scale(rw, rh).map_err(ImageError::Jpeg)?;
    }
    let pixels = d.decode().map_err(ImageError::Jpeg)?;
    let info = d.info().ok_or(ImageError::Truncated)?;
    let (w, h) = (usize::from(info.width), usize::from(info.height));
    let px: Vec<u8> = match info.pixel_format {
        jpeg_decoder::PixelFormat::L8 => pixels,
        jpeg_decoder::PixelFormat::L16 => pixels.chunks(2).map(|c| c.first().copied().unwrap_or(255)).collect(),
        jpeg_decoder::PixelFormat::RGB24 => pixels.chunks(3).map(luma).collect(),
        // CMYK (rare for photos): the inverse of K is a fair luma.
        jpeg_decoder::PixelFormat::CMYK32 => pixels.chunks(4).map(|c| c.get(3).map_or(255, |k| 255 - k)).collect(),
    };
    if px.len() < w * h {
        return Err(ImageError::Truncated);
    }
    Ok(Grey { w, h, px })
}

/// Scale down by an integer factor (box filter) until the longer side is at
/// most [`DECODE_MAX_SIDE`].
fn downscale(g: Grey) -> Grey {
    let f = g.w.max(g.h).div_ceil(DECODE_MAX_SIDE);
    if f <= 1 {
        return g;
    }
    downscale_by(&g, &g.px, f)
}

/// Box-filter `src` (of `g`'s size) down by the integer factor `f`.
fn downscale_by(g: &Grey, src: &[u8], f: usize) -> Grey {
    let (w, h) = (g.w / f, g.h / f);
    let mut px = Vec::with_capacity(w * h);
    for y in 0..h {
        for x in 0..w {
            let mut sum = 0u32;
            for dy in 0..f {
                let row = (y * f + dy) * g.w;
                for dx in 0..f {
                    sum += u32::from(src.get(row + x * f + dx).copied().unwrap_or(255));
                }
            }
            px.push((sum / (f * f) as u32) as u8);
        }
    }
    Grey { w, h, px }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_images() {
        assert!(matches!(qr_text_from_image(b"hello"), Err(ImageError::NotAnImage)));
        assert!(matches!(qr_text_from_image(b"\x89PNG\r\n\x1a\nxx"), Err(ImageError::Png(_))));
        assert!(matches!(qr_text_from_image(&[0xFF, 0xD8, 0xFF, 0x00]), Err(ImageError::Jpeg(_))));
        assert!(matches!(qr_text_from_luma(10, 10, &[0; 99]), Err(ImageError::Truncated)));
    }
}
