//! The card core compiled to WebAssembly (`wasm/`, served to the phone
//! card page from `issuer/static/card/wasm/`), run in headless Chromium and
//! compared with the same Rust code run natively: every test vector of
//! `tests/vectors/` through the venue's verification, card texts through
//! the page's check (including weak and mismatched keys), QR codes, and
//! Oslo days. One implementation, two targets: the answers must be equal.
//!
//! A tiny HTTP server inside the test serves a page with the core's glue,
//! the `.wasm` and `/cases.json`, under the card page's CSP
//! (`script-src 'self' 'wasm-unsafe-eval'`).
//!
//! Needs `chromium` and `chromedriver` (`bash test.sh` installs them).

use e2e::webdriver::Browser;
use serde_json::{Value, json};
use shared::bundle::SigningKeyEntry;
use shared::ed25519_dalek::{Signer as _, SigningKey};
use shared::page::{PageCheck, PageTrust, check_card};
use shared::wire::{self, Claims, KeyId, PublicKeyBytes, TokenId};
use shared::{CardNumber, CardTypeId, Day, Fingerprint, Timestamp, verify_bundle};
use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn core_file(name: &str) -> Vec<u8> {
    let path = root().join("issuer/static/card/wasm").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (run bash wasm/build.sh)", path.display()))
}

/// The card page's script policy (issuer/src/web/card.rs `PAGE_CSP`; the
/// phone card's browser tests run under the real one).
const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'";

const PAGE: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>card core</title>\
<script src=\"/card_wasm.js\"></script></head><body><p id=\"ready\">ready</p></body></html>";

/// Serve `files` (path, content type, body) on a free loopback port until
/// the test ends, with the card page's CSP.
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
                 Content-Security-Policy: {CSP}\r\nConnection: close\r\n\r\n",
                body.len(),
            );
            let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body));
        }
    });
    addr
}

/// Every vector of `tests/vectors/`, as JSON.
fn vectors() -> Vec<Value> {
    let dir = root().join("tests/vectors");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/vectors")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let out: Vec<Value> = files
        .iter()
        .map(|p| serde_json::from_str(&std::fs::read_to_string(p).expect("read")).expect("a vector"))
        .collect();
    assert!(out.len() >= 20, "only {} vectors in {}", out.len(), dir.display());
    out
}

/// The page's trust data (SPEC §12.3) for a list of key entries, as the
/// issuer writes it, and the same as [`PageTrust`].
fn trust(keys: &[SigningKeyEntry], types: &[u16]) -> (String, PageTrust) {
    let json = json!({
        "bundle_version": 1,
        "keys": keys.iter().map(|k| json!({
            "key_id": k.key_id.to_string(),
            "public_key": wire::hex_encode(&k.public_key.0),
            "valid_from": k.valid_from.0,
            "valid_until": k.valid_until.0,
        })).collect::<Vec<_>>(),
        "card_types": types,
    });
    (json.to_string(), PageTrust { keys: keys.to_vec(), card_types: types.iter().copied().map(CardTypeId).collect() })
}

/// What `read_card` must answer, from the native [`check_card`].
fn native_read(text: &str, trust: &PageTrust) -> Value {
    match check_card(text, trust) {
        Err(_) => json!({ "damaged": true }),
        Ok(card) => {
            let c = &card.claims;
            json!({
                "check": if card.check == PageCheck::Checked { "checked" } else { "unknown-key" },
                "known_type": card.known_type,
                "token_id": wire::hex_encode(&c.token_id.0),
                "key_id": wire::hex_encode(&c.key_id.0),
                "card_type": c.card_type.0,
                "valid_from": c.valid_from.0,
                "valid_until": c.valid_until.0,
                "issued_on": c.issued_on.0,
                "card_number": CardNumber::of(&c.token_id).to_string(),
            })
        }
    }
}

/// Card cases beyond the vectors: the page's own situations (unknown key,
/// key outside its days, a key entry whose id is not its key's, a
/// small-order key with a signature that a lax check would accept).
fn page_cases() -> Vec<(String, String, String, PageTrust)> {
    let key = SigningKey::from_bytes(&[5; 32]);
    let public = key.verifying_key().to_bytes();
    let entry = SigningKeyEntry {
        key_id: KeyId::of(&public),
        public_key: PublicKeyBytes(public),
        valid_from: Day(20_000),
        valid_until: Day(20_500),
    };
    let claims = Claims {
        key_id: entry.key_id,
        token_id: TokenId([0x42; 16]),
        card_type: CardTypeId(1),
        valid_from: Day(20_100),
        valid_until: Day(20_400),
        issued_on: Day(20_100),
    };
    let sign = |c: &Claims| wire::encode_decimal(&shared::sign_token(&key, c));
    let text = sign(&claims);
    let mut cases = Vec::new();
    let mut add = |name: &str, text: String, (json, t): (String, PageTrust)| cases.push((name.into(), text, json, t));
    add("checked", text.clone(), trust(std::slice::from_ref(&entry), &[1]));
    add("unknown card type", text.clone(), trust(std::slice::from_ref(&entry), &[2]));
    add("unknown key", text.clone(), trust(&[], &[1]));
    let late = Claims { issued_on: Day(20_600), valid_from: Day(20_600), valid_until: Day(20_700), ..claims };
    add("signed after the key's days", sign(&late), trust(std::slice::from_ref(&entry), &[1]));
    let mut changed = shared::sign_token(&key, &claims);
    let last = changed.len() - 1;
    changed[last] ^= 0x80;
    add("changed signature", wire::encode_decimal(&changed), trust(std::slice::from_ref(&entry), &[1]));
    let mut wrong = entry.clone();
    wrong.public_key = PublicKeyBytes(SigningKey::from_bytes(&[6; 32]).verifying_key().to_bytes());
    add("key id of another key", text.clone(), trust(&[wrong], &[1]));
    // The identity point (small order), named by its own key id, and a
    // signature R = identity, s = 0 that a non-strict check accepts.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let weak = SigningKeyEntry { key_id: KeyId::of(&identity), public_key: PublicKeyBytes(identity), ..entry };
    let weak_claims = Claims { key_id: weak.key_id, ..claims };
    let mut forged = wire::encode_payload(&weak_claims);
    let mut sig = [0u8; 64];
    sig[0] = 1;
    forged.extend_from_slice(&sig);
    add("small-order key, forged signature", wire::encode_decimal(&forged), trust(&[weak], &[1]));
    add("URL form", wire::token_url(BASE, &text), trust(std::slice::from_ref(&entry), &[1]));
    add("not a card", "12345".into(), trust(std::slice::from_ref(&entry), &[1]));
    add("empty", String::new(), trust(std::slice::from_ref(&entry), &[1]));
    // A signature made by the key over other bytes is no use either.
    let other = key.sign(b"something else").to_bytes();
    let mut swapped = wire::encode_payload(&claims);
    swapped.extend_from_slice(&other);
    add("signature of other bytes", wire::encode_decimal(&swapped), trust(&[entry], &[1]));
    cases
}

const BASE: &str = "https://kort.example.no";

const HARNESS: &str = r#"
const done = arguments[arguments.length - 1];
(async () => {
  await wasm_bindgen({ module_or_path: '/card_wasm_bg.wasm' });
  const core = wasm_bindgen;
  const cases = await (await fetch('/cases.json')).json();
  const bytes = (hex) => {
    const a = new Uint8Array(hex.length / 2);
    for (let i = 0; i < a.length; i++) { a[i] = parseInt(hex.substr(i * 2, 2), 16); }
    return a;
  };
  return {
    vectors: cases.vectors.map((v) => JSON.parse(core.verify_at_venue(bytes(v.bundle_hex), v.pinned, v.text, v.clock, v.venue))),
    cards: cases.cards.map((c) => JSON.parse(core.read_card(c.text, c.trust))),
    qr: cases.qr.map((text) => core.qr_svg(text)),
    days: cases.days.map((d) => Array.from(core.day_ymd(d))),
    today: cases.today.map((ms) => core.today_oslo(ms)),
  };
})().then(done, (e) => done({ fatal: String(e && e.stack || e) }));
"#;

#[test]
fn the_card_core_answers_in_chromium_as_it_does_natively() {
    let vectors = vectors();
    let cards = page_cases();
    // The vectors' texts through the page's check too, with the keys of
    // their bundle when it verifies.
    let mut card_cases: Vec<(String, String, String, PageTrust)> = cards;
    for v in &vectors {
        let bundle = wire::hex_decode(v["bundle_hex"].as_str().expect("bundle_hex")).expect("hex");
        let pinned = Fingerprint::parse(v["trusted_root_fingerprint_hex"].as_str().expect("pinned")).expect("fp");
        let keys = verify_bundle(&bundle, &pinned, Timestamp(v["clock_unix"].as_i64().expect("clock")))
            .map(|b| b.body().signing_keys.clone())
            .unwrap_or_default();
        let (json, t) = trust(&keys, &[1, 2]);
        card_cases.push((format!("vector {}", v["name"]), v["text"].as_str().expect("text").to_string(), json, t));
    }
    let qr_texts: Vec<String> = vec![
        "1".into(),
        wire::token_url_for_qr(BASE, &"7".repeat(275)),
        "ÆØÅ «gyldig» ✓".into(),
        "x".repeat(1200),
        "9".repeat(8000),
    ];
    let days: Vec<u32> = vec![0, 1, 59, 365, 10_957, 20_454, 20_818, 65_535];
    // Around midnight in Oslo, both sides of the clock changes (ms).
    let today: Vec<i64> = vec![1_798_759_800_000, 1_780_353_000_000, 1_780_351_140_000, 1_774_745_940_000, 0, -1];

    let cases = json!({
        "vectors": vectors.iter().map(|v| json!({
            "bundle_hex": v["bundle_hex"], "pinned": v["trusted_root_fingerprint_hex"], "text": v["text"],
            "clock": v["clock_unix"], "venue": v["venue_id"],
        })).collect::<Vec<_>>(),
        "cards": card_cases.iter().map(|(_, text, trust, _)| json!({ "text": text, "trust": trust })).collect::<Vec<_>>(),
        "qr": qr_texts,
        "days": days,
        "today": today,
    });
    let addr = serve(vec![
        ("/", "text/html; charset=utf-8", PAGE.as_bytes().to_vec()),
        ("/card_wasm.js", "text/javascript; charset=utf-8", core_file("card_wasm.js")),
        ("/card_wasm_bg.wasm", "application/wasm", core_file("card_wasm_bg.wasm")),
        ("/cases.json", "application/json", serde_json::to_vec(&cases).expect("json")),
    ]);
    let browser = Browser::start();
    browser.goto(&format!("http://{addr}/"));
    let out = browser.execute_async(HARNESS, &[]);
    browser.stop();
    assert!(out.get("fatal").is_none(), "the harness failed: {}", out["fatal"]);

    let mut failures = Vec::new();
    let mut check = |what: String, got: &Value, expect: &Value| {
        if got != expect {
            failures.push(format!("{what}: wasm {got}, native {expect}"));
        }
    };
    for (i, v) in vectors.iter().enumerate() {
        let e = &v["expected"];
        let expect = json!({ "text": e["text"], "bundle": e["bundle"], "token": e["token"], "venue": e["venue"], "benefits": e["venue_benefits"] });
        check(format!("vector {}", v["name"]), &out["vectors"][i], &expect);
    }
    for (i, (name, text, _, t)) in card_cases.iter().enumerate() {
        check(format!("card {name}"), &out["cards"][i], &native_read(text, t));
    }
    for (i, text) in qr_texts.iter().enumerate() {
        let native = shared::qr::encode(text).map(|q| q.to_svg()).unwrap_or_default();
        check(format!("QR of {} bytes", text.len()), &out["qr"][i], &json!(native));
    }
    for (i, d) in days.iter().enumerate() {
        let (y, m, dd) = Day(*d).ymd();
        check(format!("day {d}"), &out["days"][i], &json!([y, m, dd]));
    }
    for (i, ms) in today.iter().enumerate() {
        let native = Timestamp(ms.div_euclid(1000)).oslo_day().0;
        check(format!("today at {ms} ms"), &out["today"][i], &json!(native));
    }
    assert!(failures.is_empty(), "{} differences:\n{}", failures.len(), failures.join("\n"));

    // The cases cover what they are meant to: checked, unknown and damaged
    // cards, valid and refused vectors, and an empty QR for a text too long.
    let answers: Vec<&Value> = out["cards"].as_array().expect("cards").iter().collect();
    for want in [json!("checked"), json!("unknown-key")] {
        assert!(answers.iter().any(|a| a["check"] == want), "no {want} card");
    }
    assert!(answers.iter().any(|a| a["damaged"] == json!(true)));
    assert!(out["vectors"].as_array().expect("v").iter().any(|v| v["token"] == json!("ok")));
    assert!(out["vectors"].as_array().expect("v").iter().any(|v| v["token"] == json!("BadSignature")));
    assert_eq!(out["qr"][4], json!(""), "8000 digits are too long for a QR code");
}
