//! Camera photos for `verifier serve`: JPEG (as phones take them, large and
//! in colour, or small and grey) and PNG decoded to the QR code's text.
//! The whole web flow is tested end to end in `tests/tests/serve.rs`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use verifier::image::{ImageError, qr_text_from_image};

const TEXT: &str = "HTTPS://KORT.EXAMPLE.NO/K#123456789012345678901234567890";

/// A `w`×`h` RGB picture: a greenish-grey background with the QR code of
/// `TEXT` at `module` pixels per module in the middle, slightly blurred
/// edges (a 3×3 average).
fn picture(w: usize, h: usize, module: usize) -> Vec<u8> {
    let qr = shared::qr::encode(TEXT).unwrap();
    let n = qr.width();
    let size = (n + 8) * module;
    let (x0, y0) = ((w - size) / 2, (h - size) / 2);
    let luma = |x: usize, y: usize| -> f32 {
        if x < x0 || y < y0 || x >= x0 + size || y >= y0 + size {
            return 140.0;
        }
        let (mx, my) = ((x - x0) / module, (y - y0) / module);
        let dark = mx >= 4 && my >= 4 && mx < n + 4 && my < n + 4 && qr.is_dark(mx - 4, my - 4);
        if dark { 30.0 } else { 225.0 }
    };
    let mut rgb = Vec::with_capacity(w * h * 3);
    for y in 0..h {
        for x in 0..w {
            let mut sum = 0.0;
            for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                sum += luma((x + dx).min(w - 1), (y + dy).min(h - 1));
            }
            let l = sum / 4.0;
            rgb.extend_from_slice(&[(l * 0.95) as u8, l as u8, (l * 0.9) as u8]);
        }
    }
    rgb
}

fn jpeg(rgb: &[u8], w: usize, h: usize, grey: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let enc = jpeg_encoder::Encoder::new(&mut out, 85);
    if grey {
        let luma: Vec<u8> = rgb.chunks(3).map(|c| c[1]).collect();
        enc.encode(&luma, w as u16, h as u16, jpeg_encoder::ColorType::Luma).unwrap();
    } else {
        enc.encode(rgb, w as u16, h as u16, jpeg_encoder::ColorType::Rgb).unwrap();
    }
    out
}

#[test]
fn a_large_colour_jpeg_photo_is_scaled_down_and_read() {
    let (w, h) = (3000, 2000);
    let photo = jpeg(&picture(w, h, 16), w, h, false);
    assert_eq!(qr_text_from_image(&photo).ok().as_deref(), Some(TEXT));
}

#[test]
fn a_small_grey_jpeg_is_read() {
    let (w, h) = (800, 600);
    let photo = jpeg(&picture(w, h, 6), w, h, true);
    assert_eq!(qr_text_from_image(&photo).ok().as_deref(), Some(TEXT));
}

#[test]
fn a_png_frame_is_read_and_a_blank_one_says_so() {
    let png = shared::qr::encode(TEXT).unwrap().to_png(5);
    assert_eq!(qr_text_from_image(&png).ok().as_deref(), Some(TEXT));
    let (w, h) = (1280, 720);
    let blank = jpeg(&vec![128u8; w * h * 3], w, h, false);
    assert!(matches!(qr_text_from_image(&blank), Err(ImageError::NoQr)));
}

#[test]
fn truncated_and_foreign_images_are_refused_without_panicking() {
    let (w, h) = (800, 600);
    let photo = jpeg(&picture(w, h, 6), w, h, false);
    for cut in [2, 20, 200, photo.len() / 2, photo.len() - 10] {
        let r = qr_text_from_image(&photo[..cut]);
        assert!(r.as_deref().is_ok_and(|t| t == TEXT) || r.is_err(), "cut at {cut}: {r:?}");
    }
    assert!(matches!(qr_text_from_image(b"GIF89a...."), Err(ImageError::NotAnImage)));
    assert!(matches!(qr_text_from_image(b""), Err(ImageError::NotAnImage)));
}
