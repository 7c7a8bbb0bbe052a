//! The station page (issue 16, SPEC §16) in headless Chromium with a fake
//! camera, against the real `issuer serve` (debug or release, as built):
//!
//! - first load: bytes transferred for the page and everything it loads on
//!   a fresh profile (Resource Timing `transferSize`; target ≤ 1 MB);
//! - camera frame to verdict: from the frame's capture (drawn to a canvas)
//!   through decoding, the card core's checks, the IndexedDB transaction
//!   and the answer on screen, for a 1280×720 frame (target median ≤ 50 ms).
//!
//! ```sh
//! cargo build --release -p issuer -p verifier
//! E2E_BIN_DIR=target/release cargo bench -p e2e --bench station_page
//! ```
//! Needs chromium and chromedriver (`bash test.sh` installs them).

use e2e::webdriver::Browser;
use e2e::{Server, run_ok, s};
use serde_json::{Value, json};
use std::time::Duration;

const SAMPLES: usize = 9;
const WAIT: Duration = Duration::from_secs(60);

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let server = Server::start(&data);
    let base = format!("http://{}", server.addr);
    let fingerprint = run_ok("issuer", &["root-fingerprint", "--data", s(&data)], 0).trim().to_string();
    let code = format!("aktivitetskort-setup:1;bundle={base}/bundle;root={fingerprint};venue=bolgen-kino");
    let args = ["issue", "--data", s(&data), "--card-type", "1", "--count", "1", "--qr", "url", "--json"];
    let cards: Vec<Value> = serde_json::from_str(&run_ok("issuer", &args, 0)).unwrap();
    let video = tmp.path().join("camera.y4m");
    e2e::qr_video(cards[0]["qr_text"].as_str().unwrap(), &video);
    let flags = [
        "--use-fake-device-for-media-stream".to_string(),
        "--use-fake-ui-for-media-stream".to_string(),
        format!("--use-file-for-fake-video-capture={}", video.display()),
    ];
    let b = Browser::start_with(&flags);
    b.goto(&format!("{base}/stasjon#{code}"));
    b.wait_for("the station", WAIT, |b| {
        (b.execute("return document.body.getAttribute('data-ready')", &[]) == json!("station")).then_some(())
    });
    let bytes = b.execute(
        "const n = performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource')); \
         return n.map(e => [e.name, e.transferSize, e.encodedBodySize]);",
        &[],
    );
    let mut total = 0u64;
    println!("first load (fresh profile), bytes transferred:");
    for e in bytes.as_array().unwrap() {
        let size = e[1].as_u64().unwrap_or(0);
        total += size;
        println!("  {:>8}  {}", size, e[0].as_str().unwrap_or(""));
    }
    println!("  {total:>8}  total ({:.1} % of 1 MB)", total as f64 / 1e4);

    let mut ms = Vec::new();
    for i in 0..SAMPLES {
        b.find("#camera-start").click();
        let n = i as u64 + 1;
        let v = b.wait_for("a camera answer", WAIT, |b| {
            let v = b.execute(
                "const a = document.getElementById('answer'); \
                 return [Number(a.getAttribute('data-n') || 0), Number(a.getAttribute('data-frame-ms') || -1), a.getAttribute('data-code')];",
                &[],
            );
            (v[0].as_u64() == Some(n) && v[1].as_f64().is_some_and(|x| x >= 0.0)).then_some(v)
        });
        ms.push(v[1].as_f64().unwrap());
        b.find("#camera-stop").click();
        b.execute("document.getElementById('answer').removeAttribute('data-frame-ms')", &[]);
        // The page ignores the same code for 4 s after it was last seen.
        std::thread::sleep(Duration::from_millis(4500));
    }
    println!("camera frame (1280×720) to verdict, {SAMPLES} scans: {ms:?}");
    println!("median {:.1} ms", median(&mut ms));
    drop(server);
}
