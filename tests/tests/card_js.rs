//! The phone card's JavaScript (`issuer/static/card/qr.js` and `token.js`)
//! in headless Chromium, checked against the Rust implementation: QR codes
//! that `rqrr` reads back at the smallest version, and tokens read, checked
//! and numbered exactly as `shared::wire` does.
//!
//! A tiny HTTP server inside the test serves a page with the two scripts and
//! `/vectors.json`: every case with its name and the result Rust expects.
//! 127.0.0.1 is a secure context, so WebCrypto is there.
//!
//! Needs `chromium` and `chromedriver` (`bash test.sh` installs them).

use e2e::webdriver::Browser;
use qrcode::bits::Bits;
use qrcode::{EcLevel, QrCode, Version};
use serde_json::{Value, json};
use shared::ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use shared::wire::{self, CardNumber, Claims, KeyId, TokenId};
use shared::{CardTypeId, Day, EncodingError, Timestamp, TokenError};
use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpListener};

const BASE: &str = "https://kort.example.no";

fn static_file(name: &str) -> Vec<u8> {
    let path = format!("{}/../issuer/static/card/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const PAGE: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>card js</title>\
<script src=\"/qr.js\"></script><script src=\"/token.js\"></script></head><body><p id=\"ready\">ready</p></body></html>";

/// Serve `files` (path, content type, body) over HTTP/1.1 on a free loopback
/// port until the test ends. The page's CSP allows scripts from this origin
/// only (no eval), as a card page would.
fn serve(files: Vec<(&'static str, &'static str, Vec<u8>)>) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            }
            let line = String::from_utf8_lossy(&request).lines().next().unwrap_or("").to_string();
            let path = line.split(' ').nth(1).unwrap_or("");
            let (status, kind, body) = match files.iter().find(|(p, _, _)| *p == path) {
                Some((_, kind, body)) => ("200 OK", *kind, body.as_slice()),
                None => ("404 Not Found", "text/plain", &b"not found"[..]),
            };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
                 Content-Security-Policy: default-src 'none'; script-src 'self'; connect-src 'self'\r\n\
                 Connection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body));
        }
    });
    addr
}

// ---------------------------------------------------------------- QR

/// The smallest version at level M whose capacity holds `text` in one
/// segment: numeric if all digits, else bytes (what AkQr promises).
fn min_version(text: &str) -> Option<i16> {
    let numeric = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    (1..=40).find(|v| {
        let mut bits = Bits::new(Version::Normal(*v));
        let pushed =
            if numeric { bits.push_numeric_data(text.as_bytes()) } else { bits.push_byte_data(text.as_bytes()) };
        pushed.is_ok() && bits.push_terminator(EcLevel::M).is_ok()
    })
}

/// The longest digit string that fits version `v` at level M.
fn numeric_capacity(v: i16) -> usize {
    let fits = |n: usize| {
        let mut bits = Bits::new(Version::Normal(v));
        bits.push_numeric_data("9".repeat(n).as_bytes()).is_ok() && bits.push_terminator(EcLevel::M).is_ok()
    };
    let (mut lo, mut hi) = (1usize, 6000usize);
    while lo + 1 < hi {
        let mid = (lo + hi) / 2;
        if fits(mid) { lo = mid } else { hi = mid }
    }
    lo
}

fn digits(n: usize) -> String {
    // Not one repeated digit, so that a misplaced group shows.
    (0..n).map(|i| char::from(b'0' + ((i * 7 + i / 10) % 10) as u8)).collect()
}

fn qr_cases() -> Vec<(String, String)> {
    let mut cases = Vec::new();
    for n in [1, 5, 17, 41, 100, 200, 275, 300, 390, 600, 1500] {
        cases.push((format!("{n} digits"), digits(n)));
    }
    for v in 1..=40 {
        let n = numeric_capacity(v);
        cases.push((format!("{n} digits (full version {v})"), digits(n)));
    }
    let token = card_token(&claims([0x11; 16], 1, 20454, 20818, 20778));
    let dec = wire::encode_decimal(&token);
    cases.push(("token decimal".into(), dec.clone()));
    cases.push(("token QR URL".into(), wire::token_url_for_qr(BASE, &dec)));
    cases.push(("token URL".into(), wire::token_url(BASE, &dec)));
    cases.push(("ÆØÅ".into(), "ÆØÅ".into()));
    cases.push(("mixed text".into(), "Kort for Ærlig Øystein, 12 år: «gyldig» ✓".into()));
    cases.push(("byte mode 300".into(), "a1".repeat(150)));
    cases.push(("byte mode v40 full".into(), "x".repeat(2331)));
    cases.push(("UTF-8 ÆØÅ ×200".into(), "ÆØÅ".repeat(200)));
    cases
}

/// The eight masked matrices of `text` at `version` (level M, one numeric or
/// byte segment) as the `qrcode` crate draws them, as 0/1 strings.
fn mask_variants(text: &str, version: i16) -> Vec<String> {
    use qrcode::canvas::{Canvas, MaskPattern};
    let v = Version::Normal(version);
    let mut bits = Bits::new(v);
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        bits.push_numeric_data(text.as_bytes()).expect("numeric");
    } else {
        bits.push_byte_data(text.as_bytes()).expect("bytes");
    }
    bits.push_terminator(EcLevel::M).expect("fits");
    let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), v, EcLevel::M).expect("codewords");
    let mut canvas = Canvas::new(v, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    use MaskPattern::*;
    [Checkerboard, HorizontalLines, VerticalLines, DiagonalLines, LargeCheckerboard, Fields, Diamonds, Meadow]
        .into_iter()
        .map(|m| {
            let mut c = canvas.clone();
            c.apply_mask(m);
            c.into_colors().iter().map(|c| if *c == qrcode::Color::Dark { '1' } else { '0' }).collect()
        })
        .collect()
}

/// ISO/IEC 18004 §7.8.3 penalty of a 0/1 matrix: runs of ≥ 5 (3 + excess),
/// 2×2 blocks (3 each), 1:1:3:1:1 patterns with 4 light modules before or
/// after (40 per side; outside the symbol counts as light), and 10 per full
/// 5% of dark modules away from 50%.
fn penalty(m: &[u8], n: usize) -> usize {
    let dark = |x: usize, y: usize| m[y * n + x] == b'1';
    let mut score = 0;
    for horizontal in [true, false] {
        for a in 0..n {
            let line: Vec<bool> = (0..n).map(|b| if horizontal { dark(b, a) } else { dark(a, b) }).collect();
            let mut run = 1;
            for i in 1..=n {
                if i < n && line[i] == line[i - 1] {
                    run += 1;
                } else {
                    if run >= 5 {
                        score += run - 2;
                    }
                    run = 1;
                }
            }
            let at = |i: isize| i >= 0 && (i as usize) < n && line[i as usize];
            for s in 0..n.saturating_sub(6) as isize {
                let finder = [true, false, true, true, true, false, true];
                if (0..7).all(|k| at(s + k) == finder[k as usize]) {
                    score += 40 * usize::from((1..=4).all(|k| !at(s - k)));
                    score += 40 * usize::from((7..=10).all(|k| !at(s + k)));
                }
            }
        }
    }
    for y in 0..n - 1 {
        for x in 0..n - 1 {
            let c = dark(x, y);
            if dark(x + 1, y) == c && dark(x, y + 1) == c && dark(x + 1, y + 1) == c {
                score += 3;
            }
        }
    }
    let dark_count = m.iter().filter(|c| **c == b'1').count();
    score + 10 * (dark_count * 20).abs_diff(n * n * 10) / (n * n)
}

/// Greyscale image of the matrix: 4 px a module, 4-module quiet zone.
fn decode_matrix(size: usize, modules: &[u8]) -> Result<(usize, Vec<u8>), String> {
    let (scale, quiet) = (4usize, 4usize);
    let w = (size + 2 * quiet) * scale;
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, w, |x, y| {
        let (mx, my) = (x / scale, y / scale);
        let dark = mx >= quiet
            && my >= quiet
            && mx < size + quiet
            && my < size + quiet
            && modules[(my - quiet) * size + mx - quiet] == b'1';
        if dark { 0 } else { 255 }
    });
    let grids = img.detect_grids();
    let [grid] = grids.as_slice() else { return Err(format!("{} QR codes found", grids.len())) };
    let mut out = Vec::new();
    let meta = grid.decode_to(&mut out).map_err(|e| format!("rqrr: {e:?}"))?;
    Ok((meta.version.0, out))
}

/// Dark modules drawn by the SVG path (`M x y h w v1 h-w z` runs), as a
/// 0/1 string like `modules`; checks the SVG's frame on the way.
fn svg_modules(svg: &str, size: usize) -> Result<String, String> {
    let total = size + 8;
    let want_head = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {total} {total}\" shape-rendering=\"crispEdges\">"
    );
    if !svg.starts_with(&want_head) {
        return Err(format!("SVG head: {}", &svg[..svg.len().min(200)]));
    }
    let rect = format!("<rect width=\"{total}\" height=\"{total}\" fill=\"#fff\"/>");
    if !svg.contains(&rect) || !svg.ends_with("\"/></svg>") {
        return Err("SVG background or end".into());
    }
    let d = svg.split(" d=\"").nth(1).and_then(|s| s.split('"').next()).ok_or("no path")?;
    let mut grid = vec![b'0'; size * size];
    for run in d.split('z').filter(|r| !r.is_empty()) {
        let nums: Vec<usize> = run
            .trim_start_matches('M')
            .split(['h', 'v', ' '])
            .filter(|s| !s.is_empty())
            .map(|s| s.trim_start_matches('-').parse::<usize>().map_err(|e| format!("{run}: {e}")))
            .collect::<Result<_, _>>()?;
        let [x, y, w, 1, w2] = nums.as_slice() else { return Err(format!("path run {run}")) };
        if w != w2 || *x < 4 || *y < 4 || x + w > size + 4 || *y >= size + 4 {
            return Err(format!("path run {run}"));
        }
        for i in 0..*w {
            grid[(y - 4) * size + x - 4 + i] = b'1';
        }
    }
    Ok(String::from_utf8(grid).expect("ASCII"))
}

// ---------------------------------------------------------------- tokens

fn key() -> SigningKey {
    SigningKey::from_bytes(&[42u8; 32])
}

fn claims(token_id: [u8; 16], card_type: u16, from: u32, until: u32, issued: u32) -> Claims {
    Claims {
        key_id: KeyId::of(&key().verifying_key().to_bytes()),
        token_id: TokenId(token_id),
        card_type: CardTypeId(card_type),
        valid_from: Day(from),
        valid_until: Day(until),
        issued_on: Day(issued),
    }
}

fn card_token(c: &Claims) -> Vec<u8> {
    shared::sign_token(&key(), c)
}

/// Payload bytes written by hand, signed so that only their layout can fail.
fn signed(payload: &[u8]) -> Vec<u8> {
    let sig = key().sign(&wire::signed_message(payload)).to_bytes();
    wire::token_bytes(payload, &sig)
}

fn plus_one(mut token: Vec<u8>) -> Vec<u8> {
    token.push(0x5a);
    token
}

fn hex(b: &[u8]) -> String {
    wire::hex_encode(b)
}

fn encoding_code(e: &EncodingError) -> &'static str {
    match e {
        EncodingError::Empty => "empty",
        EncodingError::TooLong { .. } => "too_long",
        EncodingError::InvalidCharacter => "invalid_character",
        EncodingError::InvalidDigitCount => "digit_count",
        EncodingError::DigitGroupOutOfRange => "digit_group",
        EncodingError::BadUrl => "bad_url",
        EncodingError::Truncated => "truncated",
        EncodingError::TrailingBytes => "trailing",
        EncodingError::Malformed => "malformed",
        EncodingError::NonCanonical => "non_canonical",
    }
}

fn error(code: &str) -> Value {
    json!({ "error": code })
}

/// What `AkToken.bytesFromText` must give: `token_bytes_from_text`.
fn rust_text(text: &str) -> Value {
    match wire::token_bytes_from_text(text) {
        Ok(b) => json!({ "hex": hex(&b) }),
        Err(e) => error(encoding_code(&e)),
    }
}

/// What `AkToken.parse` must give: `split_token`, then `claims()`.
fn rust_parse(bytes: &[u8]) -> Value {
    let raw = match wire::split_token(bytes) {
        Ok(raw) => raw,
        Err(TokenError::UnsupportedVersion(_)) => return error("unsupported_version"),
        Err(TokenError::BadEncoding(e)) => return error(encoding_code(&e)),
        Err(e) => panic!("split_token: {e:?}"),
    };
    match raw.claims() {
        Ok(c) => json!({ "ok": {
            "keyId": c.key_id.to_string(),
            "tokenId": hex(&c.token_id.0),
            "cardType": c.card_type.0,
            "validFrom": c.valid_from.0,
            "validUntil": c.valid_until.0,
            "issuedOn": c.issued_on.0,
            "payload": hex(raw.payload),
            "signature": hex(&raw.signature),
        }}),
        Err(e) => error(encoding_code(&e)),
    }
}

/// What `AkToken.verify` must give: the parse error, or `verify_strict`.
fn rust_verify(bytes: &[u8], key: &[u8; 32]) -> Value {
    let parsed = rust_parse(bytes);
    if parsed.get("error").is_some() {
        return parsed;
    }
    let raw = wire::split_token(bytes).expect("parsed above");
    let ok = VerifyingKey::from_bytes(key).is_ok_and(|k| {
        k.verify_strict(&wire::signed_message(raw.payload), &Signature::from_bytes(&raw.signature)).is_ok()
    });
    json!({ "verified": ok })
}

/// The group order ℓ, little-endian (SPEC §0).
const ORDER_LE: &str = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";

/// `s + ℓ` for a 32-byte little-endian scalar `s < ℓ` (fits: ℓ < 2^253).
fn plus_order(s: &[u8]) -> Vec<u8> {
    let l = wire::hex_decode(ORDER_LE).expect("hex");
    let mut carry = 0u16;
    s.iter()
        .zip(&l)
        .map(|(a, b)| {
            let t = u16::from(*a) + u16::from(*b) + carry;
            carry = t >> 8;
            (t & 0xff) as u8
        })
        .collect()
}

/// Encodings of points of small order: y = 0, 1, p−1, ±c (the order-8
/// points) and the non-canonical aliases p, p+1 of y = 0, 1, each with the
/// sign bit clear and set.
fn small_order_encodings() -> Vec<[u8; 32]> {
    let ys = [
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    ];
    let mut out = Vec::new();
    for y in ys {
        let b: [u8; 32] = wire::hex_decode(y).expect("hex").try_into().expect("32");
        let mut signed = b;
        signed[31] |= 0x80;
        out.push(b);
        out.push(signed);
    }
    out
}

struct Vectors {
    text: Vec<Value>,
    parse: Vec<Value>,
    verify: Vec<Value>,
    card: Vec<Value>,
}

fn token_vectors() -> Vectors {
    let mut v = Vectors { text: Vec::new(), parse: Vec::new(), verify: Vec::new(), card: Vec::new() };
    let pk = key().verifying_key().to_bytes();
    let other = SigningKey::from_bytes(&[7u8; 32]).verifying_key().to_bytes();

    let tokens = [
        ("worked example (SPEC §2)", claims([0x11; 16], 1, 20454, 20818, 20778)),
        (
            "card type 300, days 0..65535",
            claims(*b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f", 300, 0, 65535, 256),
        ),
        ("all maxima", claims([0xff; 16], 65535, 65535, 65535, 65535)),
        ("head boundaries 23/24/255", claims([0xa5; 16], 24, 23, 255, 24)),
        (
            "card type 23, day 256",
            claims(*b"\xfe\xdc\xba\x98\x76\x54\x32\x10\x01\x23\x45\x67\x89\xab\xcd\xef", 23, 256, 65535, 20000),
        ),
    ];
    for (name, c) in &tokens {
        let bytes = card_token(c);
        let dec = wire::encode_decimal(&bytes);
        let forms = [
            ("decimal", dec.clone()),
            ("URL", wire::token_url(BASE, &dec)),
            ("QR URL", wire::token_url_for_qr(BASE, &dec)),
            ("mixed-case URL in whitespace", format!("\r\n\t hTTp://Kort.Example.NO:8080/K#{dec} \u{a0}\u{3000}\n")),
            ("decimal after NEL", format!("\u{85}{dec}\u{2029}")),
        ];
        for (form, text) in forms {
            let expect = rust_text(&text);
            assert_eq!(expect, json!({ "hex": hex(&bytes) }), "{name} {form}");
            v.text.push(json!({ "name": format!("{name}: {form}"), "input": text, "expect": expect }));
        }
        let parsed = rust_parse(&bytes);
        assert!(parsed.get("ok").is_some(), "{name}: {parsed}");
        assert_eq!(parsed["ok"]["keyId"], json!(KeyId::of(&pk).to_string()));
        v.parse.push(json!({ "name": *name, "token": hex(&bytes), "expect": parsed }));
        v.card.push(
            json!({ "name": *name, "tokenId": hex(&c.token_id.0), "expect": CardNumber::of(&c.token_id).to_string() }),
        );
        v.verify.push(json!({ "name": format!("{name}: right key"), "token": hex(&bytes), "key": hex(&pk), "expect": rust_verify(&bytes, &pk) }));
        v.verify.push(json!({ "name": format!("{name}: other key"), "token": hex(&bytes), "key": hex(&other), "expect": rust_verify(&bytes, &other) }));
    }
    for id in [[0u8; 16], [0x80; 16], [0x07; 16], [0xf8; 16]] {
        v.card.push(json!({ "name": format!("token id {}", hex(&id)), "tokenId": hex(&id), "expect": CardNumber::of(&TokenId(id)).to_string() }));
    }
    assert_eq!(CardNumber::of(&TokenId([0x11; 16])).to_string(), "248-H24-8HP");

    // Text that is not a token.
    let example = card_token(&tokens[0].1);
    let dec = wire::encode_decimal(&example);
    let texts: Vec<(&str, String, &str)> = vec![
        ("empty", String::new(), "empty"),
        ("only whitespace", " \r\n\t\u{a0}".into(), "empty"),
        ("601 digits", "1".repeat(601), "too_long"),
        ("601 UTF-8 bytes", format!("{}{}", "1".repeat(599), "é"), "too_long"),
        ("letters", "12a45".into(), "invalid_character"),
        ("BOM is not whitespace", format!("\u{feff}{dec}"), "invalid_character"),
        ("4 digits", "1234".into(), "digit_count"),
        ("one digit short", dec[..dec.len() - 1].to_string(), "digit_count"),
        ("group 256", "256".into(), "digit_group"),
        ("group 2^56", "72057594037927936".into(), "digit_group"),
        ("ftp URL", "ftp://x/k#123".into(), "bad_url"),
        ("link without fragment", "https://kort.example.no/k".into(), "bad_url"),
        ("no slash after host", "https://kort.example.no#123".into(), "bad_url"),
        ("empty host", "https:///k#123".into(), "bad_url"),
        ("other path", "https://kort.example.no/x/k#123".into(), "bad_url"),
        ("Kelvin sign is not K", "https://kort.example.no/\u{212a}#123".into(), "bad_url"),
        ("dotless ı in scheme", "http\u{131}://x/k#123".into(), "bad_url"),
        ("empty fragment", "https://kort.example.no/k#".into(), "empty"),
        ("second #", format!("https://kort.example.no/k#{dec}#"), "invalid_character"),
        ("space in fragment", "https://kort.example.no/k#123 456".into(), "invalid_character"),
        ("short token", "123".into(), "ok"),
    ];
    for (name, text, want) in texts {
        let expect = rust_text(&text);
        let code = expect.get("error").and_then(Value::as_str).unwrap_or("ok");
        assert_eq!(code, want, "Rust on {name}: {expect}");
        v.text.push(json!({ "name": name, "input": text, "expect": expect }));
    }

    // Token bytes that are not a valid token.
    let c = &tokens[0].1;
    let kid = c.key_id.0;
    let tid = c.token_id.0;
    let hand = |version: &[u8], kid_head: &[u8], rest: &[u8]| -> Vec<u8> {
        let mut p = vec![0x87];
        p.extend_from_slice(version);
        p.extend_from_slice(kid_head);
        p.extend_from_slice(&kid);
        p.push(0x50);
        p.extend_from_slice(&tid);
        p.extend_from_slice(rest);
        p
    };
    let days = [0x19, 0x4f, 0xe6, 0x19, 0x51, 0x52, 0x19, 0x51, 0x2a];
    let with = |card_type: &[u8], days: &[u8]| [card_type, days].concat();
    assert_eq!(hand(&[1], &[0x48], &with(&[1], &days)), wire::encode_payload(c), "hand-built payload");
    let mut too_long = example.clone();
    too_long.resize(161, 0);
    let mut extra = example.clone();
    extra.push(0);
    let mut indefinite = hand(&[1], &[0x48], &with(&[1], &days));
    indefinite[0] = 0x9f;
    indefinite.push(0xff);
    let mut indefinite_six = hand(&[1], &[0x48], &with(&[1], &days[..6]));
    indefinite_six[0] = 0x9f;
    indefinite_six.push(0xff);
    let chunked_kid = |chunks: &[&[u8]]| -> Vec<u8> {
        let mut head = vec![0x5f];
        for c in chunks {
            head.push(0x40 + c.len() as u8);
            head.extend_from_slice(c);
        }
        head.push(0xff);
        let mut p = vec![0x87, 0x01];
        p.extend_from_slice(&head);
        p.push(0x50);
        p.extend_from_slice(&tid);
        p.extend_from_slice(&with(&[1], &days));
        p
    };
    let mut six = hand(&[1], &[0x48], &with(&[1], &days[..6]));
    six[0] = 0x86;
    let mut eight = hand(&[1], &[0x48], &with(&[1], &days));
    eight[0] = 0x88;
    eight.push(0);
    let short_kid = {
        let mut p = vec![0x87, 0x01, 0x47];
        p.extend_from_slice(&kid[..7]);
        p.push(0x50);
        p.extend_from_slice(&tid);
        p.extend_from_slice(&with(&[1], &days));
        p
    };
    let bad: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", Vec::new(), "empty"),
        ("161 bytes", too_long, "too_long"),
        ("a trailing byte", extra, "trailing"),
        ("last byte missing", example[..example.len() - 1].to_vec(), "truncated"),
        ("cut inside the payload", example[..12].to_vec(), "truncated"),
        ("version 2", signed(&hand(&[2], &[0x48], &with(&[1], &days))), "unsupported_version"),
        ("version 0", signed(&hand(&[0], &[0x48], &with(&[1], &days))), "unsupported_version"),
        ("version 2 in a 1-byte head", signed(&hand(&[0x18, 2], &[0x48], &with(&[1], &days))), "unsupported_version"),
        ("version 1 in a 1-byte head", signed(&hand(&[0x18, 1], &[0x48], &with(&[1], &days))), "non_canonical"),
        ("card type 1 in a 1-byte head", signed(&hand(&[1], &[0x48], &with(&[0x18, 1], &days))), "non_canonical"),
        ("card type 1 in a 2-byte head", signed(&hand(&[1], &[0x48], &with(&[0x19, 0, 1], &days))), "non_canonical"),
        (
            "valid_from in a 4-byte head",
            signed(&hand(&[1], &[0x48], &with(&[1], &[&[0x1a, 0, 0, 0x4f, 0xe6][..], &days[3..]].concat()))),
            "non_canonical",
        ),
        ("key id length in a 1-byte head", signed(&hand(&[1], &[0x58, 8], &with(&[1], &days))), "non_canonical"),
        ("indefinite array", signed(&indefinite), "non_canonical"),
        ("indefinite array, 65-byte signature", plus_one(signed(&indefinite)), "trailing"),
        ("indefinite array of 6", signed(&indefinite_six), "malformed"),
        ("empty indefinite array", [&[0x9f, 0xff][..], &[0u8; 64][..]].concat(), "malformed"),
        ("key id in two chunks", signed(&chunked_kid(&[&kid[..4], &kid[4..]])), "non_canonical"),
        ("key id of 7 in chunks", signed(&chunked_kid(&[&kid[..4], &kid[4..7]])), "malformed"),
        ("key id chunks cut short", chunked_kid(&[&kid[..4], &kid[4..]])[..9].to_vec(), "truncated"),
        ("6 elements", signed(&six), "malformed"),
        ("8 elements", signed(&eight), "malformed"),
        ("7-byte key id", signed(&short_kid), "malformed"),
        ("card type 65536", signed(&hand(&[1], &[0x48], &with(&[0x1a, 0, 1, 0, 0], &days))), "malformed"),
        (
            "valid_until 65536",
            signed(&hand(&[1], &[0x48], &with(&[1], &[&days[..3], &[0x1a, 0, 1, 0, 0][..], &days[6..]].concat()))),
            "malformed",
        ),
        ("card type negative", signed(&hand(&[1], &[0x48], &with(&[0x20], &days))), "malformed"),
        ("not an array", [&[0x01][..], &[0u8; 64][..]].concat(), "malformed"),
        ("a 63-byte signature", signed(&wire::encode_payload(c))[..101].to_vec(), "truncated"),
        // Where the payload ends is found as a general CBOR reader would,
        // with at most 2 levels of nesting, before the fields are checked.
        (
            "card type [1], 65-byte signature",
            plus_one(signed(&hand(&[1], &[0x48], &with(&[0x81, 1], &days)))),
            "trailing",
        ),
        (
            "card type [[1]], 65-byte signature",
            plus_one(signed(&hand(&[1], &[0x48], &with(&[0x81, 0x81, 1], &days)))),
            "malformed",
        ),
        (
            "card type tag 1(1), 65-byte signature",
            plus_one(signed(&hand(&[1], &[0x48], &with(&[0xc1, 1], &days)))),
            "trailing",
        ),
        ("card type {1: 2}", signed(&hand(&[1], &[0x48], &with(&[0xa1, 1, 2], &days))), "malformed"),
        (
            "card type \"é\", 63-byte signature",
            signed(&hand(&[1], &[0x48], &with(&[0x62, 0xc3, 0xa9], &days)))[..102].to_vec(),
            "truncated",
        ),
        (
            "card type invalid UTF-8 text",
            plus_one(signed(&hand(&[1], &[0x48], &with(&[0x61, 0xff], &days)))),
            "malformed",
        ),
        ("card type 1.0 (half float)", signed(&hand(&[1], &[0x48], &with(&[0xf9, 0x3c, 0], &days))), "malformed"),
        (
            "card type null, 65-byte signature",
            plus_one(signed(&hand(&[1], &[0x48], &with(&[0xf6], &days)))),
            "trailing",
        ),
        ("card type simple(16)", plus_one(signed(&hand(&[1], &[0x48], &with(&[0xf0], &days)))), "malformed"),
        ("card type reserved head 0x1c", plus_one(signed(&hand(&[1], &[0x48], &with(&[0x1c], &days)))), "malformed"),
        ("key id of 2^32 bytes", [&[0x87, 0x01, 0x5a, 1, 0, 0, 0][..], &[0u8; 70][..]].concat(), "truncated"),
    ];
    for (name, bytes, want) in bad {
        let expect = rust_parse(&bytes);
        let code = expect.get("error").and_then(Value::as_str).unwrap_or("ok");
        assert_eq!(code, want, "Rust on {name}: {expect}");
        v.parse.push(json!({ "name": name, "token": hex(&bytes), "expect": expect }));
    }

    // Signatures that must not verify.
    let mut sig_bit = example.clone();
    sig_bit[70] ^= 1;
    let mut id_byte = example.clone();
    id_byte[15] ^= 0x40;
    let mut head_byte = example.clone();
    head_byte[0] = 0x86;
    let mut s_plus_l = example.clone();
    let s = plus_order(&example[example.len() - 32..]);
    let n = s_plus_l.len();
    s_plus_l[n - 32..].copy_from_slice(&s);
    let cases: Vec<(&str, Vec<u8>, [u8; 32], Value)> = vec![
        ("a signature bit flipped", sig_bit, pk, json!({ "verified": false })),
        ("a token-id bit flipped", id_byte, pk, json!({ "verified": false })),
        ("the array head made 6 (an element left over)", head_byte, pk, error("trailing")),
        ("S + ℓ (malleated)", s_plus_l, pk, json!({ "verified": false })),
    ];
    for (name, bytes, key, want) in cases {
        let expect = rust_verify(&bytes, &key);
        assert_eq!(expect, want, "Rust on {name}");
        v.verify.push(json!({ "name": name, "token": hex(&bytes), "key": hex(&key), "expect": expect }));
    }
    // Small-order keys: with the identity as key, R = identity and S = 0
    // satisfy the cofactorless equation for every message.
    let mut forged_payload = example[..example.len() - 64].to_vec();
    let identity = small_order_encodings()[2];
    forged_payload[3..11].copy_from_slice(&KeyId::of(&identity).0);
    for (i, weak) in small_order_encodings().into_iter().enumerate() {
        if let Ok(k) = VerifyingKey::from_bytes(&weak) {
            assert!(k.is_weak(), "{} is not of small order", hex(&weak));
        }
        let mut sig = [0u8; 64];
        sig[..32].copy_from_slice(&weak);
        let bytes = wire::token_bytes(&forged_payload, &sig);
        let expect = rust_verify(&bytes, &weak);
        assert_eq!(expect, json!({ "verified": false }));
        v.verify.push(json!({ "name": format!("small-order key {i}: {}", hex(&weak)), "token": hex(&bytes), "key": hex(&weak), "expect": expect }));
    }
    v
}

// ---------------------------------------------------------------- the browser

const HARNESS: &str = r#"
const done = arguments[arguments.length - 1];
(async () => {
  const V = await (await fetch("/vectors.json")).json();
  const T = globalThis.AkToken, Q = globalThis.AkQr;
  const failure = (e) => (e instanceof T.TokenError ? { error: e.code } : { exception: String(e && e.stack || e) });
  const out = { text: [], parse: [], verify: [], card: [], days: [], today: [], qr: [], info: {} };
  for (const c of V.text) {
    try { out.text.push({ hex: T.hex(T.bytesFromText(c.input)) }); } catch (e) { out.text.push(failure(e)); }
  }
  for (const c of V.parse) {
    try {
      const p = T.parse(T.fromHex(c.token));
      out.parse.push({ ok: { keyId: p.keyIdHex, tokenId: p.tokenIdHex, cardType: p.cardType, validFrom: p.validFrom,
        validUntil: p.validUntil, issuedOn: p.issuedOn, payload: T.hex(p.payload), signature: T.hex(p.signature) },
        consistent: p.keyIdHex === T.hex(p.keyId) && p.tokenIdHex === T.hex(p.tokenId) });
    } catch (e) { out.parse.push(failure(e)); }
  }
  for (const c of V.verify) {
    try { out.verify.push({ verified: await T.verify(T.parse(T.fromHex(c.token)), T.fromHex(c.key)) }); }
    catch (e) { out.verify.push(failure(e)); }
  }
  for (const c of V.card) {
    try { out.card.push(T.cardNumber(T.fromHex(c.tokenId))); } catch (e) { out.card.push(failure(e)); }
  }
  for (const c of V.days) out.days.push(T.dayToYmd(c.day));
  for (const c of V.today) out.today.push(T.todayOslo(new Date(Date.UTC(...c.utc))));
  out.info.todayNow = T.todayOslo();
  for (const c of V.qr) {
    try {
      const q = Q.encode(c.text);
      const svg = Q.svg(q);
      const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
      const root = doc.documentElement;
      out.qr.push({ size: q.size, modules: Array.from(q.modules, (m) => (m ? "1" : "0")).join(""),
        uint8: q.modules instanceof Uint8Array && q.modules.length === q.size * q.size
          && q.modules.every((m) => m === 0 || m === 1),
        svg, svgParses: root.localName === "svg" && doc.getElementsByTagName("parsererror").length === 0
          && root.getAttribute("viewBox") === "0 0 " + (q.size + 8) + " " + (q.size + 8)
          && root.querySelectorAll("path").length === 1 && root.querySelectorAll("rect").length === 1,
        svgQuiet0: Q.svg(q, 0).includes('viewBox="0 0 ' + q.size + " " + q.size + '"') });
    } catch (e) { out.qr.push({ exception: String(e && e.message || e) }); }
  }
  for (const n of V.qrTooLong) {
    try { Q.encode(n.text); out.info[n.name] = "no error"; } catch (e) { out.info[n.name] = e.message; }
  }
  // A browser without crypto.subtle, or without Ed25519 in it: null.
  const parsed = T.parse(T.fromHex(V.verify[0].token));
  const key = T.fromHex(V.verify[0].key);
  const saved = Object.getOwnPropertyDescriptor(globalThis, "crypto");
  try {
    Object.defineProperty(globalThis, "crypto", { value: {}, configurable: true, writable: true });
    out.info.noSubtle = await T.verify(parsed, key);
    Object.defineProperty(globalThis, "crypto", { configurable: true, writable: true, value: { subtle: {
      importKey: () => Promise.reject(new DOMException("Algorithm: Unrecognized name", "NotSupportedError")),
      verify: () => Promise.reject(new Error("unreachable")) } } });
    out.info.noEd25519 = await T.verify(parsed, key);
  } finally {
    Object.defineProperty(globalThis, "crypto", saved);
  }
  out.info.restored = await T.verify(parsed, key);
  // Plain WebCrypto (no strict checks of AkToken's own) on the small-order
  // forgery and the malleated signature, for the record.
  const raw = async (c) => {
    try {
      const p = T.parse(T.fromHex(c.token));
      const k = await crypto.subtle.importKey("raw", T.fromHex(c.key), { name: "Ed25519" }, false, ["verify"]);
      const ctx = new TextEncoder().encode("aktivitetskort/token/v1\0");
      const msg = new Uint8Array(ctx.length + p.payload.length);
      msg.set(ctx); msg.set(p.payload, ctx.length);
      return await crypto.subtle.verify({ name: "Ed25519" }, k, p.signature, msg);
    } catch (e) { return "error: " + (e && e.name); }
  };
  out.info.webcrypto = {};
  for (const c of V.verify) {
    if (c.name.startsWith("small-order") || c.name.startsWith("S + ")) out.info.webcrypto[c.name] = await raw(c);
  }
  out.info.globals = Object.keys(globalThis.AkToken).sort().join(",") + " / " + Object.keys(globalThis.AkQr).sort().join(",");
  done(out);
})().catch((e) => done({ fatal: String(e && e.stack || e) }));
"#;

#[test]
fn card_scripts_agree_with_rust_in_chromium() {
    let tokens = token_vectors();
    let qr = qr_cases();
    let days: Vec<u32> = vec![0, 1, 59, 365, 10_957, 20_000, 20_454, 20_818, 65_535];
    let today: Vec<(&str, [i64; 5])> = vec![
        ("new year's eve 23:30Z (SPEC §0)", [2026, 11, 31, 23, 30]),
        ("summer 22:30Z", [2026, 6, 1, 22, 30]),
        ("summer 21:59Z", [2026, 6, 1, 21, 59]),
        ("winter 22:59Z", [2026, 0, 15, 22, 59]),
        ("before the switch to CEST", [2026, 2, 29, 0, 59]),
        ("after the switch to CET", [2026, 9, 25, 1, 0]),
    ];
    let vectors = json!({
        "text": tokens.text,
        "parse": tokens.parse,
        "verify": tokens.verify,
        "card": tokens.card,
        "days": days.iter().map(|d| json!({ "day": d, "expect": Day(*d).ymd() })).collect::<Vec<_>>(),
        "today": today.iter().map(|(name, u)| {
            let day = Day::from_ymd(u[0] as i32, u[1] as u32 + 1, u[2] as u32).expect("date");
            let t = Timestamp(i64::from(day.0) * 86_400 + u[3] * 3600 + u[4] * 60);
            json!({ "name": name, "utc": u, "expect": t.oslo_day().0 })
        }).collect::<Vec<_>>(),
        "qr": qr.iter().map(|(name, text)| json!({ "name": name, "text": text })).collect::<Vec<_>>(),
        "qrTooLong": [
            { "name": "5597 digits", "text": "9".repeat(5597) },
            { "name": "2332 bytes", "text": "x".repeat(2332) },
        ],
    });
    assert_eq!(vectors["today"][0]["expect"], json!(Day::from_ymd(2027, 1, 1).expect("day").0));
    assert_eq!(min_version(&"9".repeat(5596)), Some(40));
    assert_eq!(min_version(&"9".repeat(5597)), None);
    assert_eq!(min_version(&"x".repeat(2331)), Some(40));
    assert_eq!(min_version(&"x".repeat(2332)), None);

    let addr = serve(vec![
        ("/", "text/html; charset=utf-8", PAGE.as_bytes().to_vec()),
        ("/qr.js", "text/javascript; charset=utf-8", static_file("qr.js")),
        ("/token.js", "text/javascript; charset=utf-8", static_file("token.js")),
        ("/vectors.json", "application/json", serde_json::to_vec(&vectors).expect("json")),
    ]);
    let browser = Browser::start();
    browser.goto(&format!("http://{addr}/"));
    let out = browser.execute_async(HARNESS, &[]);
    browser.stop();
    assert!(out.get("fatal").is_none(), "the harness failed: {}", out["fatal"]);

    let mut failures = Vec::new();
    let mut check = |what: &str, name: &Value, got: &Value, expect: &Value| {
        if got != expect {
            failures.push(format!("{what} {name}: got {got}, expected {expect}"));
        }
    };
    for (i, c) in vectors["text"].as_array().expect("text").iter().enumerate() {
        check("bytesFromText", &c["name"], &out["text"][i], &c["expect"]);
    }
    for (i, c) in vectors["parse"].as_array().expect("parse").iter().enumerate() {
        let mut got = out["parse"][i].clone();
        if let Some(consistent) = got.as_object_mut().and_then(|o| o.remove("consistent")) {
            check("parse (hex fields match bytes)", &c["name"], &consistent, &json!(true));
        }
        check("parse", &c["name"], &got, &c["expect"]);
    }
    for (i, c) in vectors["verify"].as_array().expect("verify").iter().enumerate() {
        check("verify", &c["name"], &out["verify"][i], &c["expect"]);
    }
    for (i, c) in vectors["card"].as_array().expect("card").iter().enumerate() {
        check("cardNumber", &c["name"], &out["card"][i], &c["expect"]);
    }
    for (i, c) in vectors["days"].as_array().expect("days").iter().enumerate() {
        check("dayToYmd", &c["day"], &out["days"][i], &c["expect"]);
    }
    for (i, c) in vectors["today"].as_array().expect("today").iter().enumerate() {
        check("todayOslo", &c["name"], &out["today"][i], &c["expect"]);
    }
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs();
    let today_rust = Timestamp(now as i64).oslo_day().0;
    let today_js = out["info"]["todayNow"].as_u64().unwrap_or(0) as u32;
    assert!(today_js.abs_diff(today_rust) <= 1, "todayOslo() = {today_js}, Rust says {today_rust}");
    for name in ["5597 digits", "2332 bytes"] {
        check("AkQr.encode", &json!(name), &out["info"][name], &json!("too long"));
    }
    check("verify", &json!("without crypto.subtle"), &out["info"]["noSubtle"], &Value::Null);
    check("verify", &json!("without WebCrypto Ed25519"), &out["info"]["noEd25519"], &Value::Null);
    check("verify", &json!("after crypto is back"), &out["info"]["restored"], &json!(true));
    check(
        "globals",
        &json!("AkToken / AkQr"),
        &out["info"]["globals"],
        &json!("TokenError,bytesFromText,cardNumber,dayToYmd,fromHex,hex,parse,todayOslo,verify / encode,svg"),
    );

    let mut same_as_crate = Vec::new();
    for (i, (name, text)) in qr.iter().enumerate() {
        let got = &out["qr"][i];
        if got.get("exception").is_some() {
            failures.push(format!("AkQr.encode {name}: {}", got["exception"]));
            continue;
        }
        let size = got["size"].as_u64().expect("size") as usize;
        let modules = got["modules"].as_str().expect("modules");
        let version = min_version(text).expect("fits");
        if text.bytes().all(|b| b.is_ascii_digit()) {
            let code = QrCode::with_error_correction_level(text, EcLevel::M).expect("qrcode");
            assert_eq!(code.version(), Version::Normal(version), "{name}: numeric minimal version");
            let theirs: String =
                code.to_colors().iter().map(|c| if *c == qrcode::Color::Dark { '1' } else { '0' }).collect();
            same_as_crate.push((name.clone(), theirs == modules));
        }
        if size != 17 + 4 * version as usize {
            failures.push(format!("AkQr.encode {name}: size {size}, smallest at level M is version {version}"));
        }
        if got["uint8"] != json!(true) || modules.len() != size * size {
            failures.push(format!("AkQr.encode {name}: modules are not a Uint8Array(size²) of 0/1"));
            continue;
        }
        let variants = mask_variants(text, version);
        match variants.iter().position(|m| m == modules) {
            None => failures.push(format!("AkQr.encode {name}: not one of the 8 masked codes the qrcode crate draws")),
            Some(mask) => {
                let scores: Vec<usize> = variants.iter().map(|m| penalty(m.as_bytes(), size)).collect();
                if scores[mask] != *scores.iter().min().expect("8") {
                    failures.push(format!("AkQr.encode {name}: mask {mask}, penalties {scores:?}"));
                }
            }
        }
        match decode_matrix(size, modules.as_bytes()) {
            Ok((v, bytes)) if bytes == text.as_bytes() && 17 + 4 * v == size => {}
            Ok((v, bytes)) => failures.push(format!(
                "AkQr.encode {name}: rqrr read version {v}: {:?}",
                String::from_utf8_lossy(&bytes[..bytes.len().min(80)])
            )),
            Err(e) => failures.push(format!("AkQr.encode {name}: {e}")),
        }
        if got["svgParses"] != json!(true) || got["svgQuiet0"] != json!(true) {
            failures.push(format!("AkQr.svg {name}: not the expected SVG"));
        }
        match svg_modules(got["svg"].as_str().unwrap_or(""), size) {
            Ok(drawn) if drawn == modules => {}
            Ok(_) => failures.push(format!("AkQr.svg {name}: the path does not draw the matrix")),
            Err(e) => failures.push(format!("AkQr.svg {name}: {e}")),
        }
    }
    // Same data, same placement; only the mask choice may differ (the crate
    // weighs the penalty rules a little differently). For the record only.
    let differ: Vec<&String> = same_as_crate.iter().filter(|(_, same)| !same).map(|(n, _)| n).collect();
    eprintln!(
        "{} of {} digit codes are module for module the qrcode crate's; not: {differ:?}",
        same_as_crate.len() - differ.len(),
        same_as_crate.len()
    );
    eprintln!("plain WebCrypto (Chromium) on the strictness cases: {}", out["info"]["webcrypto"]);
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}
