//! The phone card (`/k`, SPEC §12) in headless Chromium against the real
//! `issuer serve`: a printed card's QR opens the card on the phone, which
//! keeps it with the network off, switches language, and shows a code the
//! venue's real verifier accepts; the token never reaches the server; the
//! Arabic page is mirrored; damaged links say so and store nothing.
//!
//! Needs `chromium`, `chromedriver` and poppler-utils (`bash test.sh` installs
//! them).

use e2e::phone::{digits_of, proxy, text_of, visible, wait_for_card};
use e2e::webdriver::Browser;
use e2e::{Server, Setup, run, run_ok, s, stderr};
use serde_json::{Value, json};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(30);
/// The page asks for its daily refresh after a minute on screen (SPEC §12.4).
const DWELL_WAIT: Duration = Duration::from_secs(120);

/// `issuer issue --qr url --json` on a (possibly served) data directory.
fn issue(data: &Path, count: u32, extra: &[&str]) -> Vec<Value> {
    let c = count.to_string();
    let mut args = vec!["issue", "--data", s(data), "--card-type", "1", "--count", &c, "--qr", "url", "--json"];
    args.extend_from_slice(extra);
    serde_json::from_str(&run_ok("issuer", &args, 0)).expect("issue --json prints a JSON array")
}

/// One card of card type `id` (URL form).
fn issue_of_type(data: &Path, id: u16) -> Value {
    let id = id.to_string();
    let args = ["issue", "--data", s(data), "--card-type", &id, "--count", "1", "--qr", "url", "--json"];
    let mut cards: Vec<Value> = serde_json::from_str(&run_ok("issuer", &args, 0)).expect("a JSON array");
    cards.remove(0)
}

/// Wait until a service worker controls the page and has installed (its
/// precache is complete once it is active).
fn wait_for_service_worker(b: &Browser) {
    let active = b.execute_async(
        "const done = arguments[arguments.length - 1];\
         navigator.serviceWorker.ready.then(r => done(!!r.active), e => done(String(e)));",
        &[],
    );
    assert_eq!(active, json!(true), "the service worker did not become active");
    b.wait_for("a service worker controlling the page", WAIT, |b| {
        if b.execute("return !!navigator.serviceWorker.controller", &[]) == json!(true) {
            return Some(());
        }
        b.refresh();
        None
    });
}

/// Decode the one QR code in a PNG screenshot.
fn qr_in_screenshot(png: &[u8], dir: &Path, name: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, png).expect("write the screenshot");
    let (w, h, luma) = e2e::pdf::read_grey_png(&path);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| luma[y * w + x]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "QR codes in the screenshot {}", path.display());
    let (_, text) = grids[0].decode().unwrap_or_else(|e| panic!("the QR in {} did not decode: {e:?}", path.display()));
    text
}

#[test]
fn a_printed_card_opens_on_the_phone_stays_offline_switches_language_and_the_venue_accepts_the_screen() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let server = Server::start(&data);
    let base = format!("http://{}", server.addr);

    // A caseworker issues a card with the URL form and prints the sheet.
    let pdf = tmp.path().join("sheet.pdf");
    let cards = issue(&data, 1, &["--pdf", s(&pdf)]);
    let card = &cards[0];
    let number = text_of(card, "card_number");
    let digits = digits_of(card);

    // The phone camera: the QR code on the printed sheet.
    let codes = e2e::pdf::qr_codes_on_page(&pdf, 1, tmp.path());
    assert_eq!(codes.len(), 1);
    let scanned = codes[0].clone();
    assert_eq!(scanned, format!("HTTP://{}/K#{digits}", server.addr), "the printed QR holds the URL form");

    // A cinema sets up its verifier from the set-up code while the issuer
    // is up.
    let fingerprint = run_ok("issuer", &["root-fingerprint", "--data", s(&data)], 0).trim().to_string();
    let setup = shared::setup::VenueSetup {
        bundle_url: format!("{base}/bundle"),
        root: shared::Fingerprint::parse(&fingerprint).expect("fingerprint"),
        venue: "bolgen-kino".into(),
        registration: None,
    };
    let venue = tmp.path().join("venue");
    run_ok("verifier", &["init", "--data", s(&venue), "--setup", &setup.to_text()], 0);

    // The phone opens the scanned link: the card is shown, stored, and the
    // token leaves the address bar.
    let b = Browser::start();
    let started = std::time::Instant::now();
    b.goto(&scanned);
    wait_for_card(&b, &number);
    assert!(!b.current_url().contains('#'), "the fragment is still in the address: {}", b.current_url());
    assert_eq!(b.find("#card").attribute("data-check").as_deref(), Some("checked"));
    assert!(visible(&b, "[data-state=\"checked\"]").starts_with("Koden er kontrollert"));
    assert_eq!(visible(&b, "#card-type-name"), "0–13 år med ledsager");
    let validity = visible(&b, "#validity");
    let year = text_of(card, "valid_until").chars().take(4).collect::<String>();
    assert!(validity.starts_with("Gyldig ") && validity.contains(&year), "{validity}");
    assert!(!visible(&b, "#validity").contains("data-slot"));
    let uses = visible(&b, "section.uses[data-card-type=\"1\"]");
    assert!(uses.contains("Bølgen kino") && uses.contains("Sjøgata 2, 3263 Larvik"), "{uses}");
    assert!(uses.contains("1 gang i uka"), "{uses}");
    assert_eq!(b.title(), "Aktivitetskort Larvik");
    b.assert_accessible("the phone card");
    wait_for_service_worker(&b);
    wait_for_card(&b, &number);
    eprintln!("card shown and the service worker in control after {:?}", started.elapsed());

    // The network goes off: the issuer stops, and Chromium is told it is
    // offline (if this chromedriver can).
    drop(server);
    assert!(TcpStream::connect(setup.bundle_url.trim_start_matches("http://").trim_end_matches("/bundle")).is_err());
    let offline = json!({ "network_conditions": {
        "offline": true, "latency": 0, "download_throughput": -1, "upload_throughput": -1 } });
    let emulated = b.try_command("POST", &b.session_path("chromium/network_conditions"), Some(&offline));
    if let Err(e) = &emulated {
        eprintln!("chromedriver did not take network conditions ({e}); the stopped server is the network off");
    }
    b.refresh();
    wait_for_card(&b, &number);
    if emulated.is_ok() {
        b.wait_for_text("#offline", "Du er uten nett");
    }
    b.assert_accessible("the phone card offline");

    // Switch the language to Ukrainian, offline.
    b.find("nav.langs a[data-lang=\"uk\"]").click();
    b.wait_for("the Ukrainian page", WAIT, |b| {
        (b.execute("return document.documentElement.lang", &[]) == json!("uk")).then_some(())
    });
    wait_for_card(&b, &number);
    assert_eq!(b.find("nav.langs a[aria-current]").attribute("data-lang").as_deref(), Some("uk"));
    b.assert_accessible("the phone card in Ukrainian");

    // The venue scans the screen.
    let png = b.screenshot_png();
    let text = qr_in_screenshot(&png, tmp.path(), "phone-uk.png");
    assert_eq!(text, digits, "the on-screen QR holds the bare token digits");

    // The chosen language is remembered: the home-screen address /k (no
    // language) opens in Ukrainian, still offline.
    b.goto(&format!("{base}/k"));
    b.wait_for("the remembered language", WAIT, |b| b.current_url().ends_with("/k?lang=uk").then_some(()));
    wait_for_card(&b, &number);
    b.stop();
    let out = run("verifier", &["redeem", "--data", s(&venue), "--json", &text]);
    let verdict: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("redeem printed no JSON ({e}): {}", stderr(&out)));
    assert_eq!(out.status.code(), Some(0), "{verdict:#}");
    assert_eq!(verdict["valid"], true, "{verdict:#}");
    assert_eq!(verdict["card_number"], json!(number), "{verdict:#}");
}

/// url, headers and post data of every request the page's DevTools saw
/// (Network.requestWillBeSent), one string each.
fn requests_seen(b: &Browser) -> Vec<String> {
    let body = json!({ "type": "performance" });
    let entries = b
        .try_command("POST", &b.session_path("se/log"), Some(&body))
        .or_else(|_| b.try_command("POST", &b.session_path("log"), Some(&body)))
        .unwrap_or_else(|e| panic!("reading the performance log: {e}"));
    let mut out = Vec::new();
    for entry in entries.as_array().expect("log entries") {
        let message: Value = serde_json::from_str(entry["message"].as_str().unwrap_or("{}")).unwrap_or(Value::Null);
        let m = &message["message"];
        if m["method"] != "Network.requestWillBeSent" {
            continue;
        }
        let r = &m["params"]["request"];
        out.push(format!("{} {} {}", r["url"], r["headers"], r["postData"]));
    }
    out
}

fn local_storage(b: &Browser, key: &str) -> Value {
    b.execute("return localStorage.getItem(arguments[0])", &[json!(key)])
}

/// Left and right edges of the card number's label and of its row.
fn label_edges(b: &Browser) -> (f64, f64, f64, f64) {
    let v = b.execute(
        "const l = document.getElementById('number-label').getBoundingClientRect();\
         const f = document.getElementById('number-field').getBoundingClientRect();\
         return [l.left, l.right, f.left, f.right];",
        &[],
    );
    let n = |i: usize| v[i].as_f64().unwrap_or_else(|| panic!("edges {v}"));
    (n(0), n(1), n(2), n(3))
}

#[test]
fn the_token_never_reaches_the_server_siblings_switch_arabic_mirrors_and_damaged_links_say_so() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let server = Server::start(&data);
    let proxy = proxy(server.addr.clone());
    let base = format!("http://{}", proxy.addr);
    let cards = issue(&data, 3, &[]);
    // A card of another issuer (other keys).
    let other = Setup::new("bolgen-kino");
    let foreign = &other.issue(1, 1, &[])[0];

    let b = Browser::start_with_capabilities(&[], &json!({ "goog:loggingPrefs": { "performance": "ALL" } }));

    // Damaged links say so and store nothing.
    b.goto(&format!("{base}/K#123"));
    b.wait_for_text("#damaged", "Lenken til kortet er skadet");
    assert!(visible(&b, "#none").contains("Ingen kort er lagret"));
    assert_eq!(local_storage(&b, "ak.cards"), Value::Null);
    b.assert_accessible("the empty phone card with a damaged link");
    let mut broken = digits_of(&cards[0]).into_bytes();
    broken[100] = if broken[100] == b'5' { b'6' } else { b'5' };
    let broken = String::from_utf8(broken).unwrap();
    b.goto("about:blank");
    b.goto(&format!("{base}/K#{broken}"));
    b.wait_for("the damaged card's answer", WAIT, |b| {
        let damaged = visible(b, "#damaged") + &visible(b, "#sig-damaged");
        damaged.contains("Lenken til kortet er skadet").then_some(())
    });
    // A digit changed inside the signature: the token parses, the
    // signature check fails; nothing is kept and no code is shown.
    assert!(b.find_all("#qr svg").is_empty(), "a QR code for a damaged card");
    b.assert_accessible("a card link with a damaged signature");
    assert_eq!(local_storage(&b, "ak.cards"), Value::Null);

    // A card of another issuer: this page does not know its key. It is
    // shown (the venue decides) with a note, and can be removed.
    let foreign_number = text_of(foreign, "card_number");
    b.goto(&format!("{base}/K#{}", digits_of(foreign)));
    wait_for_card(&b, &foreign_number);
    assert_eq!(b.find("#card").attribute("data-check").as_deref(), Some("unknown-key"));
    assert!(visible(&b, "[data-state=\"unknown-key\"]").starts_with("Denne siden kjenner ikke igjen kortet"));
    b.assert_accessible("a card of another issuer");
    b.find("#remove").click();
    b.command("POST", &b.session_path("alert/accept"), Some(&json!({})));
    b.wait_for_text("#none", "Ingen kort er lagret");
    assert_eq!(local_storage(&b, "ak.cards"), json!("[]"));
    b.assert_accessible("the empty phone card");

    // Three siblings' cards on one phone, each opened as a new page (as a
    // camera app opens a link).
    let numbers: Vec<String> = cards.iter().map(|c| text_of(c, "card_number")).collect();
    for (card, number) in cards.iter().zip(&numbers) {
        open(&b, &format!("{base}/K#{}", digits_of(card)), number);
    }
    wait_for_service_worker(&b);
    let buttons: Vec<String> = b.find_all("#switch-buttons button").iter().map(|e| e.text()).collect();
    assert_eq!(buttons.len(), 3, "{buttons:?}");
    for (button, number) in buttons.iter().zip(&numbers) {
        assert!(button.starts_with(number.as_str()) && button.contains("0–13 år med ledsager"), "{buttons:?}");
    }
    for (i, number) in numbers.iter().enumerate() {
        b.find_all("#switch-buttons button")[i].click();
        wait_for_card(&b, number);
        assert_eq!(b.find_all("#switch-buttons button")[i].attribute("aria-pressed").as_deref(), Some("true"));
    }
    b.assert_accessible("three cards with the switcher");

    // On a phone-sized screen the code takes most of the width.
    let metrics = json!({ "width": 412, "height": 915, "deviceScaleFactor": 1, "mobile": true });
    let cdp = json!({ "cmd": "Emulation.setDeviceMetricsOverride", "params": metrics });
    b.command("POST", &b.session_path("goog/cdp/execute"), Some(&cdp));
    b.refresh();
    wait_for_card(&b, &numbers[2]);
    let qr_width = b.execute("return document.querySelector('#qr svg').getBoundingClientRect().width", &[]);
    let qr_width = qr_width.as_f64().expect("QR width");
    assert!((330.0..=380.0).contains(&qr_width), "the QR code is {qr_width} px wide on a 412 px screen");
    b.assert_accessible("the phone card on a phone-sized screen");
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("phone-card-nb.png");
    std::fs::write(&shot, b.screenshot_png()).expect("save the screenshot");
    eprintln!("Bokmål phone card screenshot: {}", shot.display());

    // RTL: the Arabic page mirrors the card; bokmål does not.
    let (l, r, fl, fr) = label_edges(&b);
    assert!((l - fl).abs() < 2.0 && fr - r > 20.0, "bokmål: label {l}–{r} in {fl}–{fr}");
    b.goto(&format!("{base}/k?lang=ar"));
    wait_for_card(&b, &numbers[2]);
    assert_eq!(b.execute("return document.documentElement.dir", &[]), json!("rtl"));
    let direction = b.execute("return getComputedStyle(document.getElementById('card')).direction", &[]);
    assert_eq!(direction, json!("rtl"));
    let (l, r, fl, fr) = label_edges(&b);
    assert!((r - fr).abs() < 2.0 && l - fl > 20.0, "Arabic: label {l}–{r} in {fl}–{fr}");
    b.assert_accessible("the phone card in Arabic");
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("phone-card-ar.png");
    std::fs::write(&shot, b.screenshot_png()).expect("save the screenshot");
    eprintln!("Arabic phone card screenshot: {}", shot.display());

    // A card valid only from next year: the page says so and still shows
    // the code (the venue decides).
    let next_year = cards[0]["valid_until"].as_str().and_then(|d| d.get(..4)).and_then(|y| y.parse::<i32>().ok());
    let next_year = next_year.expect("valid_until year") + 1;
    let from = format!("{next_year}-01-01");
    let until = format!("{next_year}-12-31");
    let future = issue(&data, 1, &["--valid-from", &from, "--valid-until", &until]).remove(0);
    open(&b, &format!("{base}/K#{}", digits_of(&future)), &text_of(&future, "card_number"));
    let note = visible(&b, "[data-state=\"not-yet\"]");
    assert!(note.contains(&next_year.to_string()), "the not-yet note: {note:?}");
    assert_eq!(b.find_all("#qr svg").len(), 1, "the code is shown");
    b.assert_accessible("a card valid from next year");

    // A card whose card type the administrator has since removed: the page
    // (made from the newly published bundle) says it does not know the
    // type, and still shows the code.
    let youth = issue_of_type(&data, 2);
    let mut catalogue: Value =
        serde_json::from_str(&run_ok("issuer", &["catalogue", "--data", s(&data), "--json"], 0)).unwrap();
    catalogue["card_types"].as_array_mut().unwrap().retain(|ct| ct["id"] != 2);
    let file = tmp.path().join("catalogue.json");
    std::fs::write(&file, catalogue.to_string()).unwrap();
    run_ok("issuer", &["catalogue", "--data", s(&data), "--import", s(&file)], 0);
    run_ok("issuer", &["bundle", "--data", s(&data), "--out", s(&tmp.path().join("b.akb"))], 0);
    // The phone shows its cached page and fetches it again in the
    // background once it is a day old (SPEC §12.4): a day passes, the page
    // asks for its refresh (as it does after a minute on screen), the next
    // open shows the new page.
    let aged = a_day_passes(&b);
    open(&b, &format!("{base}/K#{}", digits_of(&youth)), &text_of(&youth, "card_number"));
    ask_for_refresh(&b);
    b.wait_for("the background refresh of /k", WAIT, |b| stored_after(b, "/k", aged).then_some(()));
    b.refresh();
    wait_for_card(&b, &text_of(&youth, "card_number"));
    assert!(visible(&b, "[data-state=\"unknown-type\"]").starts_with("Denne siden kjenner ikke korttypen"));
    assert_eq!(b.find_all("#qr svg").len(), 1, "the code is shown");
    b.assert_accessible("a card of a removed card type");

    // Nothing of any token went anywhere: not to the server's log, not in
    // any request the page made, not in any byte on the wire.
    let seen = requests_seen(&b).join("\n").to_lowercase();
    b.stop();
    let log = server.stop_with_log().1.join("\n").to_lowercase();
    let wire = String::from_utf8_lossy(&proxy.sent.lock().unwrap()).to_lowercase();
    assert!(wire.contains("get /k ") || wire.contains("get /k?"), "the proxy saw no card page request:\n{wire}");
    assert!(wire.contains("get /sw.js "), "the proxy saw no service worker request");
    assert!(!seen.is_empty(), "the browser's performance log is empty");
    assert!(seen.contains("/k/card.js"), "{seen}");
    for card in cards.iter().chain([foreign, &future, &youth]) {
        let token_id = Setup::token_id(&text_of(card, "qr_text"));
        let hex: String = token_id.iter().map(|b| format!("{b:02x}")).collect();
        let needles = [digits_of(card), hex, text_of(card, "card_number"), text_of(card, "token_base64url")]
            .map(|n| n.to_lowercase());
        for needle in needles {
            for (name, hay) in [("the access log", &log), ("the browser's requests", &seen), ("the wire", &wire)] {
                assert!(!hay.contains(&needle), "{needle} found in {name}");
            }
        }
    }
    // The broken link's digits did not travel either.
    assert!(!wire.contains(&broken) && !seen.contains(&broken) && !log.contains(&broken));
}

/// The service worker's stamp (`x-ak-stored`, ms) on each cached page,
/// path and query → stamp (SPEC §12.4).
fn stored_pages(b: &Browser) -> serde_json::Map<String, Value> {
    let v = b.execute_async(
        "const done = arguments[arguments.length - 1];\
         (async () => {\
           const out = {};\
           for (const name of (await caches.keys()).filter((n) => n.startsWith('ak-card-'))) {\
             const cache = await caches.open(name);\
             for (const req of await cache.keys()) {\
               const at = (await cache.match(req)).headers.get('x-ak-stored');\
               if (at) { const u = new URL(req.url); out[u.pathname + u.search] = Number(at); }\
             }\
           }\
           return out;\
         })().then(done, (e) => done(String(e)));",
        &[],
    );
    v.as_object().unwrap_or_else(|| panic!("reading the cache: {v}")).clone()
}

/// Move every cached page's stamp `hours` into the past, as if the phone
/// had not opened the card for that long.
fn age_cached_pages(b: &Browser, hours: u32) {
    let aged = b.execute_async(
        "const ms = arguments[0] * 3600 * 1000;\
         const done = arguments[arguments.length - 1];\
         (async () => {\
           let n = 0;\
           for (const name of (await caches.keys()).filter((n) => n.startsWith('ak-card-'))) {\
             const cache = await caches.open(name);\
             for (const req of await cache.keys()) {\
               const res = await cache.match(req);\
               const at = res.headers.get('x-ak-stored');\
               if (!at) { continue; }\
               const headers = new Headers(res.headers);\
               headers.set('x-ak-stored', String(Number(at) - ms));\
               const body = await res.blob();\
               await cache.put(req, new Response(body, { status: res.status, statusText: res.statusText, headers }));\
               n += 1;\
             }\
           }\
           return n;\
         })().then(done, (e) => done(String(e)));",
        &[json!(hours)],
    );
    assert_eq!(aged, json!(9), "the bare /k and the eight language pages are cached and stamped");
}

/// A day passes for the phone: every cached page's stamp moves 25 hours
/// back. Returns the new stamp (all pages were stored at one time).
fn a_day_passes(b: &Browser) -> f64 {
    age_cached_pages(b, 25);
    stored_pages(b).get("/k").and_then(Value::as_f64).expect("a stamp on /k")
}

/// Post the page's refresh request to the service worker at once, as the
/// page does after a minute on screen (that wait is tested in
/// `showing_a_stored_card_is_silent_and_removal_explains_history`).
fn ask_for_refresh(b: &Browser) {
    let asked = b.execute(
        "const sw = navigator.serviceWorker.controller;\
         if (!sw) { return false; }\
         sw.postMessage({ type: 'ak-refresh', page: location.pathname + location.search, now: false });\
         return true;",
        &[],
    );
    assert_eq!(asked, json!(true), "no service worker controls the page");
}

/// Whether the cached `page` was stored after `since` (ms).
fn stored_after(b: &Browser, page: &str, since: f64) -> bool {
    stored_pages(b).get(page).and_then(Value::as_f64).is_some_and(|at| at > since)
}

/// Open `url` as a new page (as a camera app or the home screen does) and
/// wait for card `number`.
fn open(b: &Browser, url: &str, number: &str) {
    b.goto("about:blank");
    b.goto(url);
    wait_for_card(b, number);
}

/// The requests an issuer's log holds after its first `from` lines (the
/// access log's `METHOD /route STATUS …`).
fn requests_after(log: Vec<String>, from: usize) -> Vec<String> {
    let methods = ["GET ", "HEAD ", "POST ", "PUT ", "DELETE ", "OPTIONS ", "PATCH "];
    log.into_iter().skip(from).filter(|l| methods.iter().any(|m| l.starts_with(m))).collect()
}

/// The bundle version of the trust data in the page shown.
fn page_bundle_version(b: &Browser) -> Value {
    b.execute("return JSON.parse(document.getElementById('card-data').textContent).bundle_version", &[])
}

#[test]
fn showing_a_stored_card_is_silent_and_removal_explains_history() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let server = Server::start(&data);
    let base = format!("http://{}", server.addr);
    let card = issue(&data, 1, &[]).remove(0);
    let number = text_of(&card, "card_number");
    let link = format!("{base}/K#{}", digits_of(&card));

    // The first open installs the card and the service worker.
    let b = Browser::start();
    b.goto(&link);
    wait_for_card(&b, &number);
    wait_for_service_worker(&b);
    let stamps = stored_pages(&b);
    assert_eq!(stamps.len(), 9, "the bare /k and the eight language pages: {stamps:?}");
    let installed = page_bundle_version(&b);
    let first = server.log().len();

    // Shown five times at the till: the scanned link again, the home-screen
    // address, a language page. Nothing reaches the issuer.
    let opens = [link.clone(), format!("{base}/k"), link.clone(), format!("{base}/k?lang=en"), format!("{base}/K")];
    for url in &opens {
        open(&b, url, &number);
        assert_eq!(b.execute("return !!navigator.serviceWorker.controller", &[]), json!(true), "{url}");
    }
    // The browser's own check for a new service worker (which it starts
    // after navigations) is answered from its HTTP cache within the day.
    let updated = b.execute_async(
        "const done = arguments[arguments.length - 1];\
         navigator.serviceWorker.getRegistration().then((r) => r.update()).then(() => done(true), (e) => done(String(e)));",
        &[],
    );
    assert_eq!(updated, json!(true));
    assert_eq!(requests_after(server.log(), first), Vec::<String>::new(), "showing the stored card reached the issuer");

    // A new bundle is published: the page keeps its cached keys until its
    // daily refresh, and opening it still sends nothing.
    run_ok("issuer", &["bundle", "--data", s(&data), "--out", s(&tmp.path().join("b.akb"))], 0);
    open(&b, &format!("{base}/k"), &number);
    assert_eq!(page_bundle_version(&b), installed);
    assert_eq!(requests_after(server.log(), first), Vec::<String>::new());

    // A day later: the open shows the cached page and sends nothing either,
    // though the page is due for its refresh: the open may be at a till.
    age_cached_pages(&b, 25);
    // All nine pages were stamped at the install, with one time.
    let aged = stored_pages(&b).get("/k").and_then(Value::as_f64).expect("a stamp on /k");
    let refreshed =
        |b: &Browser, page: &str| stored_pages(b).get(page).and_then(Value::as_f64).is_some_and(|at| at > aged);
    open(&b, &format!("{base}/k"), &number);
    assert_eq!(page_bundle_version(&b), installed, "the cached page is shown, not the network's");
    std::thread::sleep(Duration::from_secs(5));
    assert_eq!(requests_after(server.log(), first), Vec::<String>::new(), "a due page was fetched at its open");
    assert!(!refreshed(&b, "/k"));
    // Left on screen for a minute, the page asks for its refresh: that one
    // page is fetched again in the background; the next open has the new keys.
    b.wait_for("the background refresh of /k after a minute on screen", DWELL_WAIT, |b| {
        refreshed(b, "/k").then_some(())
    });
    for _ in 0..2 {
        open(&b, &format!("{base}/k"), &number);
        assert_ne!(page_bundle_version(&b), installed, "the refreshed page has the new bundle's keys");
    }
    let mut seen = requests_after(server.log(), first);
    seen.sort();
    assert_eq!(seen.len(), 2, "one refresh (the page and the blocked list), then nothing: {seen:?}");
    assert!(seen[0].starts_with("GET /k 200 ") && seen[1].starts_with("GET /k/revoked "), "{seen:?}");

    // "Remove" says how to clear the browser's history too, in bokmål and
    // in English.
    b.find("#remove").click();
    b.command("POST", &b.session_path("alert/accept"), Some(&json!({})));
    b.wait_for_text("#none", "Ingen kort er lagret");
    let nb = b.wait_for_text("#removed", "Kortet er fjernet fra denne siden.");
    assert!(nb.contains("historikken"), "{nb}");
    b.assert_accessible("the empty phone card after a removal");
    assert_eq!(local_storage(&b, "ak.cards"), json!("[]"));
    open(&b, &format!("{base}/K?lang=en#{}", digits_of(&card)), &number);
    assert_eq!(visible(&b, "#removed"), "", "the removal note is shown only after a removal");
    b.find("#remove").click();
    b.command("POST", &b.session_path("alert/accept"), Some(&json!({})));
    let en = b.wait_for_text("#removed", "The card is removed from this page.");
    assert!(en.contains("history"), "{en}");
    b.assert_accessible("the empty phone card after a removal, in English");
    // The English page, a day old too, was opened but not left on screen
    // for a minute: it was not fetched again, nor were the pages not opened.
    for page in
        ["/k?lang=en", "/k?lang=nb", "/k?lang=nn", "/k?lang=uk", "/k?lang=pl", "/k?lang=ar", "/k?lang=so", "/k?lang=ti"]
    {
        assert!(!refreshed(&b, page), "{page} was fetched again without a minute on screen");
    }
    b.stop();

    // Everything the issuer saw after the first install: the one refresh of
    // /k asked for after a minute on screen (the access log has the route
    // only).
    let log = server.stop_with_log().1;
    let mut seen = requests_after(log, first);
    seen.sort();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(seen[0].starts_with("GET /k 200 ") && seen[1].starts_with("GET /k/revoked "), "{seen:?}");
}

#[test]
fn a_refreshed_page_of_another_release_is_not_mixed_with_the_cached_assets() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let server = Server::start(&data);
    let proxy = proxy(server.addr.clone());
    let base = format!("http://{}", proxy.addr);
    let card = issue(&data, 1, &[]).remove(0);
    let number = text_of(&card, "card_number");
    let b = Browser::start();
    b.goto(&format!("{base}/K#{}", digits_of(&card)));
    wait_for_card(&b, &number);
    wait_for_service_worker(&b);
    let installed = page_bundle_version(&b);
    run_ok("issuer", &["bundle", "--data", s(&data), "--out", s(&tmp.path().join("b.akb"))], 0);

    // A day later the server answers with another release's page: the
    // worker keeps its own page (re-stamped: not asked again today) and
    // checks for its own update past the HTTP cache instead.
    let aged = a_day_passes(&b);
    let refreshed = |b: &Browser| stored_after(b, "/k", aged);
    proxy.other_release.store(true, std::sync::atomic::Ordering::SeqCst);
    let first = server.log().len();
    // A cookie of this origin (as a staff login leaves): the worker's own
    // requests go without it.
    b.execute("document.cookie = 'staff-session=s3cr3t; path=/'", &[]);
    let wire_from = proxy.sent.lock().unwrap().len();
    open(&b, &format!("{base}/k"), &number);
    ask_for_refresh(&b);
    b.wait_for("the refresh of /k", WAIT, |b| refreshed(b).then_some(()));
    b.wait_for("the worker's update check", WAIT, |_| {
        requests_after(server.log(), first).iter().any(|l| l.starts_with("GET /sw.js 200 ")).then_some(())
    });
    open(&b, &format!("{base}/k"), &number);
    assert_eq!(page_bundle_version(&b), installed, "the other release's page was kept");
    let mut seen = requests_after(server.log(), first);
    seen.sort();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(seen[0].starts_with("GET /k 200 ") && seen[1].starts_with("GET /sw.js 200 "), "{seen:?}");
    let wire = String::from_utf8_lossy(&proxy.sent.lock().unwrap()[wire_from..]).to_string();
    assert!(wire.contains("GET /k ") && wire.contains("GET /sw.js "), "{wire}");
    assert!(!wire.contains("s3cr3t"), "a cookie went with the worker's requests:\n{wire}");

    // The same release again, a day later: the refreshed page is kept.
    proxy.other_release.store(false, std::sync::atomic::Ordering::SeqCst);
    let aged = a_day_passes(&b);
    open(&b, &format!("{base}/k"), &number);
    ask_for_refresh(&b);
    b.wait_for("the refresh of /k", WAIT, |b| stored_after(b, "/k", aged).then_some(()));
    open(&b, &format!("{base}/k"), &number);
    assert_ne!(page_bundle_version(&b), installed, "the refreshed page has the new bundle's keys");
    b.stop();
}

#[test]
fn a_card_of_a_new_signing_key_is_shown_after_one_refresh_of_the_stored_page() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let server = Server::start(&data);
    let base = format!("http://{}", server.addr);
    let old = issue(&data, 1, &[]).remove(0);
    let b = Browser::start();
    b.goto(&format!("{base}/K#{}", digits_of(&old)));
    wait_for_card(&b, &text_of(&old, "card_number"));
    wait_for_service_worker(&b);
    assert_eq!(b.find("#card").attribute("data-check").as_deref(), Some("checked"));

    // The next day's card is signed by a new key that the stored page,
    // fresh from today, does not carry.
    run_ok("issuer", &["rotate-signing-key", "--data", s(&data)], 0);
    run_ok("issuer", &["bundle", "--data", s(&data), "--out", s(&tmp.path().join("b.akb"))], 0);
    let new = issue(&data, 1, &[]).remove(0);
    let first = server.log().len();
    b.goto("about:blank");
    b.goto(&format!("{base}/K#{}", digits_of(&new)));
    // Adding it fetches the page once, and the page shows it checked.
    b.wait_for("the new card checked after the refresh", WAIT, |b| {
        let state = b.execute(
            "const n = document.getElementById('card-number'), c = document.getElementById('card');\
             return n && c ? [n.textContent, c.getAttribute('data-check')] : null;",
            &[],
        );
        (state == json!([text_of(&new, "card_number"), "checked"])).then_some(())
    });
    let mut seen = requests_after(server.log(), first);
    seen.sort();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(seen[0].starts_with("GET /k 200 ") && seen[1].starts_with("GET /k/revoked "), "{seen:?}");
    // Both cards are kept, and showing either sends nothing more.
    open(&b, &format!("{base}/k"), &text_of(&new, "card_number"));
    assert_eq!(requests_after(server.log(), first).len(), 2);
    b.stop();
}

#[test]
fn a_browser_without_webassembly_says_so_and_stores_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let server = Server::start(&data);
    let card = issue(&data, 1, &[]).remove(0);
    // WebAssembly switched off, as in a browser too old for the card core.
    let b = Browser::start();
    let hide = json!({ "cmd": "Page.addScriptToEvaluateOnNewDocument", "params": { "source": "delete globalThis.WebAssembly;" } });
    b.command("POST", &b.session_path("goog/cdp/execute"), Some(&hide));
    b.goto(&format!("http://{}/K#{}", server.addr, digits_of(&card)));
    assert_eq!(b.execute("return typeof WebAssembly", &[]), json!("undefined"));
    b.wait_for("the page's answer", WAIT, |b| {
        (b.execute("return document.body.getAttribute('data-ready')", &[]) == json!("no-core")).then_some(())
    });
    let note = b.wait_for_text("#no-core", "Denne nettleseren kan ikke vise kortet.");
    assert!(note.contains("papirkortet"), "{note}");
    b.assert_accessible("the phone card without WebAssembly");
    assert_eq!(visible(&b, "#card-number"), "", "a card was shown without the core");
    assert_eq!(local_storage(&b, "ak.cards"), Value::Null, "a card was stored without being read");
    b.stop();
}
