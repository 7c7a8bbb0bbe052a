//! QR codes for cards: smallest version at error-correction level Q, with
//! hand-built segments, rendered as SVG or PNG with a 4-module quiet zone.
//!
//! The `qrcode` crate's automatic segmentation sometimes picks a larger
//! version than needed (see the brief); here the text is cut into runs of
//! digits (numeric mode, 3⅓ bits a digit), upper-case alphanumerics (5½
//! bits a character) and anything else (bytes), and the smallest version
//! that holds them is chosen.

use qrcode::bits::Bits;
use qrcode::{EcLevel, Version};

/// Error correction level for every card: Q recovers ~25% damage (a folded
/// or scuffed paper card).
pub const EC_LEVEL: EcLevel = EcLevel::Q;
/// Quiet zone around the code, in modules (the standard's minimum is 4).
pub const QUIET_ZONE: usize = 4;

/// Why a QR code could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    /// The text does not fit in the largest QR code.
    #[error("the text is too long for a QR code")]
    TooLong,
}

/// A QR code ready to render.
#[derive(Debug, Clone)]
pub struct Qr {
    width: usize,
    version: i16,
    dark: Vec<bool>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Numeric,
    Alphanumeric,
    Byte,
}

fn mode_of(b: u8) -> Mode {
    match b {
        b'0'..=b'9' => Mode::Numeric,
        b'A'..=b'Z' | b' ' | b'$' | b'%' | b'*' | b'+' | b'-' | b'.' | b'/' | b':' => Mode::Alphanumeric,
        _ => Mode::Byte,
    }
}

/// Cut `data` into segments: maximal runs of one mode, where a short digit
/// run inside text is folded into its neighbour (a mode switch costs more
/// than it saves below ~6 digits).
fn segments(data: &[u8]) -> Vec<(Mode, &[u8])> {
    let mut runs: Vec<(Mode, usize, usize)> = Vec::new();
    for (i, b) in data.iter().enumerate() {
        let m = mode_of(*b);
        match runs.last_mut() {
            Some((lm, _, end)) if *lm == m => *end = i + 1,
            _ => runs.push((m, i, i + 1)),
        }
    }
    // Fold short numeric runs and short alphanumeric runs into neighbours.
    let mut merged: Vec<(Mode, usize, usize)> = Vec::new();
    for (m, s, e) in runs {
        let short = match m {
            Mode::Numeric => e - s < 6,
            Mode::Alphanumeric => e - s < 8,
            Mode::Byte => false,
        };
        match merged.last_mut() {
            Some((lm, _, le)) if *lm == m => *le = e,
            Some((lm, _, le)) if short && *lm != Mode::Numeric => *le = e,
            _ => merged.push((if short && m == Mode::Alphanumeric { Mode::Byte } else { m }, s, e)),
        }
    }
    // A byte run may have absorbed alphanumerics: fine; an alphanumeric run
    // may have absorbed digits: fine (digits are alphanumeric).
    merged.into_iter().filter_map(|(m, s, e)| data.get(s..e).map(|d| (m, d))).collect()
}

fn bits_for(data: &[u8], version: Version) -> Option<Bits> {
    let mut bits = Bits::new(version);
    for (mode, seg) in segments(data) {
        let r = match mode {
            Mode::Numeric => bits.push_numeric_data(seg),
            Mode::Alphanumeric => bits.push_alphanumeric_data(seg),
            Mode::Byte => bits.push_byte_data(seg),
        };
        r.ok()?;
    }
    bits.push_terminator(EC_LEVEL).ok()?;
    Some(bits)
}

/// The data bits of `text` in the smallest QR version (1–40) at level Q.
pub(crate) fn bits_for_text(text: &str) -> Option<Bits> {
    (1..=40).find_map(|v| bits_for(text.as_bytes(), Version::Normal(v)))
}

/// Encode `text` in the smallest QR version (1–40) at level Q.
pub fn encode(text: &str) -> Result<Qr, QrError> {
    let bits = bits_for_text(text).ok_or(QrError::TooLong)?;
    let Version::Normal(version) = bits.version() else {
        return Err(QrError::TooLong);
    };
    // The crate's code, with its mask choice made fast (crate::qr_mask).
    let (width, dark) = crate::qr_mask::modules(bits, EC_LEVEL).ok_or(QrError::TooLong)?;
    Ok(Qr { width, version, dark })
}

/// [`encode`] with the `qrcode` crate choosing the mask itself
/// (`QrCode::with_bits`): the reference the fast mask choice is tested and
/// benchmarked against (issue 17). The codes are the same.
pub fn encode_reference(text: &str) -> Result<Qr, QrError> {
    let data = text.as_bytes();
    for v in 1..=40 {
        if let Some(bits) = bits_for(data, Version::Normal(v)) {
            let code = qrcode::QrCode::with_bits(bits, EC_LEVEL).map_err(|_| QrError::TooLong)?;
            let width = code.width();
            let dark = code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
            return Ok(Qr { width, version: v, dark });
        }
    }
    Err(QrError::TooLong)
}

impl Qr {
    /// QR version (1–40); width is 17 + 4·version modules.
    pub fn version(&self) -> i16 {
        self.version
    }

    /// Width in modules, without quiet zone.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Whether module (x, y) is dark (false outside the code).
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark.get(y * self.width + x).copied().unwrap_or(false)
    }

    /// An SVG in module units (one user unit = one module, quiet zone
    /// included) so it scales to any print size without resampling. Dark
    /// modules are merged into one path of horizontal runs.
    pub fn to_svg(&self) -> String {
        let size = self.width + 2 * QUIET_ZONE;
        let mut path = String::with_capacity(self.width * self.width);
        for y in 0..self.width {
            let mut x = 0;
            while x < self.width {
                if self.is_dark(x, y) {
                    let start = x;
                    while x < self.width && self.is_dark(x, y) {
                        x += 1;
                    }
                    path.push_str(&format!(
                        "M{} {}h{}v1h-{}z",
                        start + QUIET_ZONE,
                        y + QUIET_ZONE,
                        x - start,
                        x - start
                    ));
                } else {
                    x += 1;
                }
            }
        }
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\">\
             <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>\n"
        )
    }

    /// A 1-bit greyscale PNG, `scale` pixels a module (at least 1), quiet zone
    /// included.
    pub fn to_png(&self, scale: u32) -> Vec<u8> {
        let scale = scale.max(1) as usize;
        let px = (self.width + 2 * QUIET_ZONE) * scale;
        let row_bytes = px.div_ceil(8);
        // One pixel row per module row, repeated `scale` times.
        let mut raw = Vec::with_capacity(row_bytes * px);
        let mut row = vec![0xffu8; row_bytes];
        for my in 0..self.width + 2 * QUIET_ZONE {
            row.fill(0xff);
            for mx in 0..self.width + 2 * QUIET_ZONE {
                if !self.is_dark(mx.wrapping_sub(QUIET_ZONE), my.wrapping_sub(QUIET_ZONE)) {
                    continue;
                }
                for x in mx * scale..(mx + 1) * scale {
                    if let Some(byte) = row.get_mut(x / 8) {
                        *byte &= !(0x80 >> (x % 8));
                    }
                }
            }
            for _ in 0..scale {
                raw.extend_from_slice(&row);
            }
        }
        let mut out = Vec::new();
        let dim = u32::try_from(px).unwrap_or(u32::MAX);
        let mut enc = png::Encoder::new(&mut out, dim, dim);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::One);
        // Writing to a Vec cannot fail for a well-formed header and data.
        if let Ok(mut w) = enc.write_header() {
            let _ = w.write_image_data(&raw);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_split_url_prefix_from_digits() {
        let s = segments(b"HTTPS://KORT.EXAMPLE.NO/K#0123456789");
        let modes: Vec<Mode> = s.iter().map(|(m, _)| *m).collect();
        assert_eq!(modes, vec![Mode::Alphanumeric, Mode::Byte, Mode::Numeric]);
        let s = segments(b"https://kort.example.no/k#0123456789");
        let modes: Vec<Mode> = s.iter().map(|(m, _)| *m).collect();
        assert_eq!(modes, vec![Mode::Byte, Mode::Numeric]);
        assert_eq!(segments(b"0123").len(), 1);
    }

    #[test]
    fn codes_are_module_for_module_those_of_the_qrcode_crate() {
        // The fast mask choice (crate::qr_mask) against QrCode::with_bits,
        // which scores the masks itself: digits of every length a card can
        // have and more, URL forms (alphanumeric + numeric segments), bytes.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut digits = |n: usize| -> String {
            (0..n)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    char::from(b'0' + (seed % 10) as u8)
                })
                .collect()
        };
        let mut texts: Vec<String> = (1..=320).map(&mut digits).collect();
        for n in 240..=260 {
            texts.push(format!("HTTPS://KORT.LARVIK.KOMMUNE.NO/K#{}", digits(n)));
            texts.push(format!("https://kort.example.no/k#{}", digits(n)));
        }
        let mut masks = std::collections::BTreeSet::new();
        for text in &texts {
            let qr = encode(text).unwrap();
            let want = encode_reference(text).unwrap();
            assert_eq!((qr.version(), qr.width()), (want.version(), want.width()), "{text}");
            assert!(qr.dark == want.dark, "the code for {text} differs from the qrcode crate's");
            // The format information (row 8, columns 0–4) names the mask.
            masks.insert((0..5).map(|x| qr.dark[8 * qr.width() + x]).collect::<Vec<_>>());
        }
        // Several different masks were chosen, so the choice was exercised.
        assert!(masks.len() >= 4, "{masks:?}");
    }

    #[test]
    fn png_pixels_are_the_modules_at_every_scale() {
        let qr = encode("HTTPS://KORT.LARVIK.KOMMUNE.NO/K#0123456789012345678901234567890123456789").unwrap();
        for scale in [1u32, 3, 4, 8] {
            let png = qr.to_png(scale);
            let mut reader = png::Decoder::new(std::io::Cursor::new(&png)).read_info().unwrap();
            let mut buf = vec![0; reader.output_buffer_size().unwrap()];
            let info = reader.next_frame(&mut buf).unwrap();
            let s = scale as usize;
            let px = (qr.width() + 2 * QUIET_ZONE) * s;
            assert_eq!((info.width as usize, info.height as usize), (px, px));
            for y in 0..px {
                for x in 0..px {
                    let white = buf[y * info.line_size + x / 8] & (0x80 >> (x % 8)) != 0;
                    let dark = qr.is_dark((x / s).wrapping_sub(QUIET_ZONE), (y / s).wrapping_sub(QUIET_ZONE));
                    assert_eq!(white, !dark, "scale {scale}, pixel ({x}, {y})");
                }
            }
        }
    }

    #[test]
    fn smallest_version_and_render() {
        let qr = encode("12345678901234567890").unwrap();
        assert_eq!(qr.version(), 1);
        assert_eq!(qr.width(), 21);
        let svg = qr.to_svg();
        assert!(svg.starts_with("<svg") && svg.contains("viewBox=\"0 0 29 29\""));
        let png = qr.to_png(4);
        assert_eq!(&png[1..4], b"PNG");
        assert_eq!(encode(&"x".repeat(3000)).unwrap_err(), QrError::TooLong);
    }
}
