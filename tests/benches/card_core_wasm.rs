//! The card core in the browser against native (issue 16): the same
//! `card-wasm` functions run natively (the `shared` code they call) and
//! compiled to WebAssembly in headless Chromium, on the `valid` test vector.
//!
//! - `verify_at_venue`: bundle verification + token verification + the
//!   benefits at the venue (what a station page does for one scan when it
//!   has no verified bundle kept).
//! - `read_card`: the phone card page's read and check of a card.
//!
//! Each is timed in rounds of `N` calls; the medians of the rounds and the
//! ratio native/wasm are printed (docs/BENCHMARKS.md). Run:
//!
//! ```sh
//! cargo bench -p e2e --bench card_core_wasm
//! ```
//! Needs chromium and chromedriver (`bash test.sh` installs them).

use e2e::webdriver::Browser;
use serde_json::{Value, json};
use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::time::Instant;

const ROUNDS: usize = 9;
const N: usize = 200;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Serve `files` on a free loopback port, with the card page's script policy.
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
                 Content-Security-Policy: default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'\r\n\
                 Connection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body));
        }
    });
    addr
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Microseconds per call of `f`, the median of [`ROUNDS`] rounds of [`N`].
fn native(mut f: impl FnMut() -> String) -> f64 {
    let mut rounds = Vec::new();
    for _ in 0..ROUNDS {
        let t = Instant::now();
        for _ in 0..N {
            std::hint::black_box(f());
        }
        rounds.push(t.elapsed().as_secs_f64() * 1e6 / N as f64);
    }
    median(rounds)
}

const HARNESS: &str = r#"
const done = arguments[arguments.length - 1];
const [v, trust, rounds, n] = arguments;
(async () => {
  await wasm_bindgen({ module_or_path: '/card_wasm_bg.wasm' });
  const core = wasm_bindgen;
  const bundle = new Uint8Array(v.bundle_hex.length / 2);
  for (let i = 0; i < bundle.length; i++) { bundle[i] = parseInt(v.bundle_hex.substr(i * 2, 2), 16); }
  const time = (f) => {
    const out = [];
    for (let r = 0; r < rounds; r++) {
      const t = performance.now();
      for (let i = 0; i < n; i++) { f(); }
      out.push((performance.now() - t) * 1000 / n);
    }
    out.sort((a, b) => a - b);
    return out[Math.floor(out.length / 2)];
  };
  const venue = () => core.verify_at_venue(bundle, v.trusted_root_fingerprint_hex, v.text, v.clock_unix, v.venue_id);
  const card = () => core.read_card(v.text, trust);
  return { venue: time(venue), card: time(card), answer: JSON.parse(venue()), read: JSON.parse(card()) };
})().then(done, (e) => done({ fatal: String(e && e.stack || e) }));
"#;

fn main() {
    let v: Value = serde_json::from_str(&std::fs::read_to_string(root().join("tests/vectors/valid.json")).unwrap())
        .expect("the valid vector");
    let bundle = shared::wire::hex_decode(v["bundle_hex"].as_str().unwrap()).unwrap();
    let pinned = v["trusted_root_fingerprint_hex"].as_str().unwrap().to_string();
    let text = v["text"].as_str().unwrap().to_string();
    let clock = v["clock_unix"].as_f64().unwrap();
    let venue = v["venue_id"].as_str().unwrap().to_string();
    let fp = shared::Fingerprint::parse(&pinned).unwrap();
    let body = shared::verify_bundle(&bundle, &fp, shared::Timestamp(clock as i64)).expect("the bundle verifies");
    let keys: Vec<Value> = body
        .body()
        .signing_keys
        .iter()
        .map(|k| {
            json!({ "key_id": k.key_id.to_string(), "public_key": shared::wire::hex_encode(&k.public_key.0),
                    "valid_from": k.valid_from.0, "valid_until": k.valid_until.0 })
        })
        .collect();
    let trust = json!({ "keys": keys, "card_types": [1, 2] }).to_string();

    let native_venue = native(|| card_wasm::verify_at_venue(&bundle, &pinned, &text, clock, &venue));
    let native_card = native(|| card_wasm::read_card(&text, &trust));
    let answer: Value =
        serde_json::from_str(&card_wasm::verify_at_venue(&bundle, &pinned, &text, clock, &venue)).unwrap();
    assert_eq!(answer["token"], "ok", "{answer}");

    let wasm =
        |name: &str| std::fs::read(root().join("issuer/static/card/wasm").join(name)).expect("wasm/build.sh output");
    let addr = serve(vec![
        ("/", "text/html; charset=utf-8", b"<!doctype html><script src=\"/card_wasm.js\"></script>".to_vec()),
        ("/card_wasm.js", "text/javascript; charset=utf-8", wasm("card_wasm.js")),
        ("/card_wasm_bg.wasm", "application/wasm", wasm("card_wasm_bg.wasm")),
    ]);
    let browser = Browser::start();
    browser.goto(&format!("http://{addr}/"));
    let out = browser.execute_async(HARNESS, &[v.clone(), json!(trust), json!(ROUNDS), json!(N)]);
    browser.stop();
    assert!(out.get("fatal").is_none(), "{}", out["fatal"]);
    assert_eq!(out["answer"], answer, "the browser's answer is the native one");
    let (wasm_venue, wasm_card) = (out["venue"].as_f64().unwrap(), out["card"].as_f64().unwrap());
    println!("medians of {ROUNDS} rounds of {N} calls, µs per call (one run)");
    println!("| function | native | wasm in Chromium | native / wasm |");
    println!("|---|---|---|---|");
    for (name, n, w) in [("verify_at_venue", native_venue, wasm_venue), ("read_card", native_card, wasm_card)] {
        println!("| `{name}` | {n:.1} | {w:.1} | {:.0} % |", 100.0 * n / w);
    }
}
