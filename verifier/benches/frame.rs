//! Decoding a card's QR code from a 1280×720 camera frame, as `verifier
//! serve` does for every frame the page posts (target: ≤ 30 ms median, docs/BENCHMARKS.md).
//!
//! `cargo bench -p verifier --bench frame`
#![allow(missing_docs)]

use std::time::{Duration, Instant};
use verifier::image::{qr_text_from_frame, qr_text_from_image, qr_text_from_luma};

const W: usize = 1280;
const H: usize = 720;

/// A card's QR text of realistic length: the URL form with ~265 digits.
fn card_text() -> String {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let digits: String = (0..265)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            char::from(b'0' + (x % 10) as u8)
        })
        .collect();
    format!("HTTPS://KORT.LARVIK.KOMMUNE.NO/K#{digits}")
}

/// A grey 1280×720 frame with the card's QR drawn at `module` pixels per
/// module (about a third of the frame's height), a little noise, and a
/// not-quite-black / not-quite-white print.
fn frame(text: &str, module: usize) -> (Vec<u8>, usize) {
    let qr = shared::qr::encode(text).expect("encode");
    let n = qr.width();
    let size = (n + 8) * module;
    let (x0, y0) = ((W - size) / 2 + 37, (H - size) / 2 - 11);
    let mut px = vec![0u8; W * H];
    let mut seed: u32 = 12345;
    for y in 0..H {
        for x in 0..W {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let noise = ((seed >> 16) % 17) as i32 - 8;
            let inside = x >= x0 && y >= y0 && x < x0 + size && y < y0 + size;
            let base: i32 = if inside {
                let (mx, my) = ((x - x0) / module, (y - y0) / module);
                let dark = mx >= 4 && my >= 4 && mx < n + 4 && my < n + 4 && qr.is_dark(mx - 4, my - 4);
                if dark { 40 } else { 215 }
            } else {
                130 + ((x + y) % 50) as i32
            };
            px[y * W + x] = (base + noise).clamp(0, 255) as u8;
        }
    }
    (px, n)
}

/// rqrr on the same frame, for comparison in the same run.
fn rqrr_text(px: &[u8]) -> Option<String> {
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(W, H, |x, y| px[y * W + x]);
    img.detect_grids().into_iter().find_map(|g| g.decode().ok().map(|(_, t)| t))
}

fn png_of(px: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, W as u32, H as u32);
        enc.set_color(png::ColorType::Grayscale);
        let mut w = enc.write_header().expect("header");
        w.write_image_data(px).expect("data");
    }
    out
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn bench(name: &str, runs: usize, mut f: impl FnMut()) {
    f();
    let times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    let min = times.iter().min().copied().unwrap_or_default();
    let max = times.iter().max().copied().unwrap_or_default();
    println!("{name}: median {:.1} ms (min {:.1}, max {:.1}, {runs} runs)", ms(median(times)), ms(min), ms(max));
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let text = card_text();
    for module in [4, 6] {
        let (px, n) = frame(&text, module);
        assert_eq!(qr_text_from_frame(W, H, &px).ok().as_deref(), Some(text.as_str()), "the frame must decode");
        assert_eq!(rqrr_text(&px).as_deref(), Some(text.as_str()), "rqrr decodes it too");
        let side = (n + 8) * module;
        bench(&format!("decode 1280×720 grey frame, QR {n} modules at {module} px ({side} px)"), 31, || {
            let _ = std::hint::black_box(qr_text_from_luma(W, H, std::hint::black_box(&px)));
        });
        bench(&format!("  the same with rqrr (the decoder before quircs), QR at {module} px"), 31, || {
            let _ = std::hint::black_box(rqrr_text(std::hint::black_box(&px)));
        });
        let png = png_of(&px);
        bench(
            &format!("decode 1280×720 PNG as posted by the page ({} KiB), QR at {module} px", png.len() / 1024),
            31,
            || {
                let _ = std::hint::black_box(qr_text_from_image(std::hint::black_box(&png)));
            },
        );
    }
    let blank = vec![128u8; W * H];
    bench("1280×720 frame without a QR code", 31, || {
        let _ = std::hint::black_box(qr_text_from_luma(W, H, std::hint::black_box(&blank)));
    });
    bench("  the same with rqrr", 31, || {
        let _ = std::hint::black_box(rqrr_text(std::hint::black_box(&blank)));
    });
}
