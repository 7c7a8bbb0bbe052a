//! The venue station page (`/stasjon`, SPEC §16) in headless Chromium with
//! a fake camera, against the real `issuer serve`: a venue with nothing but
//! a browser opens the link of its set-up code, scans a printed card's QR
//! code with the camera (GYLDIG, then BRUKT: the same words as the
//! `verifier` binary), keeps working with the issuer stopped, refuses a
//! card blocked since, once its background refresh has the new bundle, and
//! its usage report reaches the issuer when it is back.
//!
//! The camera is Chromium's fake capture device playing a Y4M video of the
//! code from the printed sheet (the same encoder draws it). Needs
//! `chromium`, `chromedriver` and poppler-utils (`bash test.sh` installs
//! them).

use e2e::webdriver::{Browser, submit};
use e2e::{Server, run_ok, s};
use serde_json::{Value, json};
use std::path::Path;
use std::time::Duration;

const ADMIN: &str = "anne";
const ADMIN_PW: &str = "fjord lantern 27 breeze";
const VENUE: &str = "bolgen-kino";
const WAIT: Duration = Duration::from_secs(60);
/// The station refreshes its bundle every minute while online.
const REFRESH_WAIT: Duration = Duration::from_secs(150);

/// `issuer issue --qr url --json` of one card of type 1, with its sheet.
fn issue(data: &Path, pdf: &Path) -> Value {
    let args =
        ["issue", "--data", s(data), "--card-type", "1", "--count", "1", "--qr", "url", "--json", "--pdf", s(pdf)];
    let mut cards: Vec<Value> = serde_json::from_str(&run_ok("issuer", &args, 0)).expect("a JSON array");
    cards.remove(0)
}

fn text_of(card: &Value, key: &str) -> String {
    card[key].as_str().unwrap_or_else(|| panic!("no {key} in {card}")).to_string()
}

/// The station's last answer: (how many so far, code, headline).
fn answer(b: &Browser) -> (u64, String, String) {
    let v = b.execute(
        "const a = document.getElementById('answer'); \
         return a && !a.hidden ? [Number(a.getAttribute('data-n')), a.getAttribute('data-code'), \
           document.getElementById('a-head').textContent] : [0, '', ''];",
        &[],
    );
    (v[0].as_u64().unwrap_or(0), v[1].as_str().unwrap_or("").into(), v[2].as_str().unwrap_or("").into())
}

/// Wait for the station's answer number `n`.
fn wait_answer(b: &Browser, n: u64) -> (String, String) {
    b.wait_for(&format!("answer {n} on the station page"), WAIT, |b| {
        let (got, code, head) = answer(b);
        (got >= n).then_some((code, head))
    })
}

/// Type (as a keyboard-wedge scanner does) card text into the station.
fn type_card(b: &Browser, text: &str) {
    b.find("#scan-text").set(text);
    b.find("#scan-form button[type=\"submit\"]").click();
}

/// The first line `verifier redeem` prints for `text` at `venue`.
fn binary_headline(venue: &Path, text: &str) -> String {
    let out = e2e::run("verifier", &["redeem", "--data", s(venue), "--", text]);
    String::from_utf8_lossy(&out.stdout).lines().next().unwrap_or("").trim().to_string()
}

#[test]
fn a_phone_is_a_station_from_its_set_up_link_scans_offline_and_reports_its_visits() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let server = Server::start(&data);
    let addr = server.addr.to_string();
    let base = format!("http://{addr}");
    let link = server.setup_link.clone().expect("a set-up link on first run");

    // The administrator makes the cinema a set-up code; its page has the
    // station link (the code in the fragment).
    let admin = Browser::start();
    admin.goto(&link);
    admin.find("#username").set(ADMIN);
    admin.find("#password").set(ADMIN_PW);
    admin.find("#password2").set(ADMIN_PW);
    submit(&admin, "/setup");
    admin.wait_for_text("p.notice", "Administratoren er opprettet. Logg inn.");
    admin.find("#password").set(ADMIN_PW);
    submit(&admin, "/login");
    admin.wait_for_text("h1", &format!("Velkommen, {ADMIN}"));
    admin.goto(&format!("{base}/admin/venue-setup"));
    admin.find(&format!("#venue-{VENUE} form button[type=\"submit\"]")).click();
    admin.wait_for_text(&format!("#venue-{VENUE} p.notice"), "Ny oppsettkode");
    let station_link = admin.find(&format!("#station-{VENUE}")).property("value");
    let code = admin.find(&format!("#setup-{VENUE}")).property("value");
    assert_eq!(station_link, format!("{base}/stasjon#{code}"));
    admin.assert_accessible("the venue set-up page with the station link");

    // A caseworker prints a card; the camera will see its QR code. Two more
    // cards: one to type in while offline, one to be blocked.
    let pdf = tmp.path().join("sheet.pdf");
    let card = issue(&data, &pdf);
    let printed = e2e::pdf::qr_codes_on_page(&pdf, 1, tmp.path());
    assert_eq!(printed.len(), 1);
    let video = tmp.path().join("camera.y4m");
    e2e::qr_video(&printed[0], &video);
    let offline_card = issue(&data, &tmp.path().join("b.pdf"));
    let blocked_card = issue(&data, &tmp.path().join("c.pdf"));

    // The binary at another computer of the venue, set up from the same
    // bundle (no registration code): the answers to compare with.
    let venue = tmp.path().join("venue");
    let fingerprint = run_ok("issuer", &["root-fingerprint", "--data", s(&data)], 0).trim().to_string();
    let setup = format!("aktivitetskort-setup:1;bundle={base}/bundle;root={fingerprint};venue={VENUE}");
    run_ok("verifier", &["init", "--data", s(&venue), "--setup", &setup], 0);

    // The phone opens the link: set up, the code gone from the address.
    let flags = [
        "--use-fake-device-for-media-stream".to_string(),
        "--use-fake-ui-for-media-stream".to_string(),
        format!("--use-file-for-fake-video-capture={}", video.display()),
        "--autoplay-policy=no-user-gesture-required".to_string(),
    ];
    let b = Browser::start_with(&flags);
    b.goto(&station_link);
    b.wait_for("the station set up", WAIT, |b| {
        (b.execute("return document.body.getAttribute('data-ready')", &[]) == json!("station")).then_some(())
    });
    assert!(!b.current_url().contains('#'), "the set-up code left the address bar: {}", b.current_url());
    assert_eq!(b.find("#venue-h").text(), "Bølgen kino");
    // Its key is registered with the code's one-time registration code.
    b.wait_for("the station key approved", WAIT, |b| {
        (b.find("#s-key").attribute("data-status").as_deref() == Some("approved")).then_some(())
    });
    b.assert_accessible("the station page set up");
    // The page and the core are kept for offline use.
    let active = b.execute_async(
        "const done = arguments[arguments.length - 1];\
         navigator.serviceWorker.ready.then(r => done(!!r.active), e => done(String(e)));",
        &[],
    );
    assert_eq!(active, json!(true), "the station's service worker is active");

    // The camera: the printed card is GYLDIG, as the binary says.
    b.find("#camera-start").click();
    let (code1, head1) = wait_answer(&b, 1);
    assert_eq!(code1, "ok", "{head1}");
    assert_eq!(head1, binary_headline(&venue, &printed[0]));
    assert!(head1.starts_with("GYLDIG · Kino"), "{head1}");
    // Held up again: BRUKT, with the binary's next day.
    b.find("#camera-stop").click();
    std::thread::sleep(Duration::from_secs(5));
    b.find("#camera-start").click();
    let (code2, head2) = wait_answer(&b, 2);
    assert_eq!(code2, "quota_exhausted", "{head2}");
    assert_eq!(head2, binary_headline(&venue, &printed[0]));
    assert!(head2.starts_with("BRUKT · neste gang fra"), "{head2}");
    b.find("#camera-stop").click();
    assert_eq!(b.find("#answer").attribute("data-via").as_deref(), Some("camera"));
    b.assert_accessible("the station page after two camera answers");

    // The issuer is stopped (the network gone for this station): the page
    // opens again from the phone alone and still counts.
    let first_log = server.log();
    drop(server);
    b.refresh();
    b.wait_for("the station offline", WAIT, |b| {
        (b.execute("return document.body.getAttribute('data-ready')", &[]) == json!("station")).then_some(())
    });
    let n = answer(&b).0;
    type_card(&b, &text_of(&offline_card, "qr_text"));
    let (code3, head3) = wait_answer(&b, n + 1);
    assert_eq!(code3, "ok", "{head3}");
    b.assert_accessible("the station page offline with a typed card");
    b.find("#camera-start").click();
    let (code4, _) = wait_answer(&b, answer(&b).0 + 1);
    assert_eq!(code4, "quota_exhausted", "the used card stays used offline");
    b.find("#camera-stop").click();

    // The issuer is back; a card is blocked and a new bundle published. The
    // station picks it up in the background and refuses the card.
    let server = Server::start_at(&data, &addr);
    let before: u64 = b.find("#s-bundle").attribute("data-version").unwrap().parse().unwrap();
    run_ok("issuer", &["revoke", "--data", s(&data), &text_of(&blocked_card, "card_number")], 0);
    run_ok("issuer", &["bundle", "--data", s(&data), "--out", s(&tmp.path().join("new.akb"))], 0);
    b.wait_for("the new bundle at the station", REFRESH_WAIT, |b| {
        let v: u64 = b.find("#s-bundle").attribute("data-version")?.parse().ok()?;
        (v > before).then_some(())
    });
    let n = answer(&b).0;
    type_card(&b, &text_of(&blocked_card, "qr_text"));
    let (code5, head5) = wait_answer(&b, n + 1);
    assert_eq!((code5.as_str(), head5.as_str()), ("revoked", "SPERRET"));
    b.assert_accessible("the station page refusing a blocked card");

    // Its usage report reaches the issuer: the settlement of this month
    // counts the two granted visits.
    b.wait_for("the station's report sent", REFRESH_WAIT, |b| {
        b.find("#s-report").try_text().filter(|t| !t.is_empty()).map(|_| ())
    });
    let month = b.execute("return new Date().toISOString().slice(0, 7)", &[]);
    admin.goto(&format!("{base}/admin/usage/settlement.csv?month={}&venue={VENUE}", month.as_str().unwrap()));
    let csv = std::fs::read_to_string(admin.wait_for_download(".csv", WAIT)).unwrap();
    let visits: u64 = csv
        .lines()
        .skip(1)
        .filter(|l| l.contains(VENUE))
        .map(|l| l.split(';').nth(7).and_then(|v| v.trim().parse::<u64>().ok()).unwrap_or(0))
        .sum();
    assert_eq!(visits, 2, "{csv}");

    // Everything the station stored, searched for the cards: no card
    // number, token or scanned text; and the server never saw the set-up
    // code's one-time registration code in an address.
    let stored = b.execute_async(
        "const done = arguments[arguments.length - 1]; \
         const req = indexedDB.open('ak-station'); \
         req.onsuccess = () => { const db = req.result; const out = {}; \
           const tx = db.transaction(['state', 'visits']); \
           tx.objectStore('state').getAll().onsuccess = e => { out.state = e.target.result; }; \
           tx.objectStore('visits').getAll().onsuccess = e => { out.visits = e.target.result; }; \
           tx.oncomplete = () => done(JSON.stringify(out, (k, v) => v instanceof Uint8Array ? Array.from(v) : v)); }; \
         req.onerror = () => done('error');",
        &[],
    );
    let stored = stored.as_str().unwrap().to_string();
    assert!(stored.contains("\"visits\":[{"), "{stored}");
    for c in [&card, &offline_card, &blocked_card] {
        let number = text_of(c, "card_number");
        let qr = text_of(c, "qr_text");
        let digits = qr.rsplit_once('#').map_or(qr.as_str(), |(_, d)| d);
        for needle in [number.clone(), number.replace('-', ""), digits.to_string(), digits[..40].to_string()] {
            assert!(!stored.contains(&needle), "the station stored {needle}");
        }
    }
    let registration = code.rsplit_once("reg=").map(|(_, r)| r.to_string()).expect("a registration code");
    let log = [first_log, server.log()].concat().join("\n");
    assert!(
        !log.contains(&registration) && !log.contains("aktivitetskort-setup"),
        "the set-up code reached the server"
    );

    // A second phone at the door, set up by pasting the code (no
    // registration part), reads a phone card's screen with its camera: the
    // phone card draws the bare digits with the same encoder.
    let qr = text_of(&offline_card, "qr_text");
    let digits = qr.rsplit_once('#').map_or(qr.as_str(), |(_, d)| d).to_string();
    let screen = tmp.path().join("phone.y4m");
    e2e::qr_video(&digits, &screen);
    let flags = [
        "--use-fake-device-for-media-stream".to_string(),
        "--use-fake-ui-for-media-stream".to_string(),
        format!("--use-file-for-fake-video-capture={}", screen.display()),
    ];
    let second = Browser::start_with(&flags);
    second.goto(&format!("{base}/stasjon"));
    second.wait_for("the set-up form", WAIT, |b| {
        (b.execute("return document.body.getAttribute('data-ready')", &[]) == json!("setup")).then_some(())
    });
    second.assert_accessible("the station page's set-up form");
    second.find("#setup-text").set(&setup);
    second.find("#setup-form button[type=\"submit\"]").click();
    second.wait_for("the second station set up", WAIT, |b| {
        (b.execute("return document.body.getAttribute('data-ready')", &[]) == json!("station")).then_some(())
    });
    second.find("#camera-start").click();
    let (code6, head6) = wait_answer(&second, 1);
    assert_eq!(code6, "ok", "{head6}");
    assert_eq!(head6, binary_headline(&venue, &digits));
    drop(server);
}

#[test]
fn a_browser_that_cannot_store_says_so_and_counts_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let server = Server::start(&data);
    let base = format!("http://{}", server.addr);
    let fingerprint = run_ok("issuer", &["root-fingerprint", "--data", s(&data)], 0).trim().to_string();
    let code = format!("aktivitetskort-setup:1;bundle={base}/bundle;root={fingerprint};venue={VENUE}");
    // Site data blocked for every site, as a user can choose: IndexedDB
    // cannot be opened.
    let b = Browser::start_with_prefs(&json!({ "profile.default_content_setting_values.cookies": 2 }));
    b.goto(&format!("{base}/stasjon#{code}"));
    b.wait_for("the page's verdict on storage", WAIT, |b| {
        let r = b.execute("return document.body.getAttribute('data-ready')", &[]);
        (r != json!("loading")).then_some(())
    });
    assert_eq!(b.execute("return document.body.getAttribute('data-ready')", &[]), json!("storage-refused"));
    let shown = b.find("#storage-refused").text();
    assert!(shown.contains("kan ikke lagre besøkene") && shown.contains("registrerer ingenting"), "{shown}");
    b.assert_accessible("the station page that cannot store");
    // Neither the set-up nor the scanner is offered.
    assert!(b.find("#station").attribute("hidden").is_some());
    assert!(b.find("#setup").attribute("hidden").is_some());
}
