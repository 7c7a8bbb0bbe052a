//! `verifier serve` in headless Chromium: the browser is paired on the
//! pairing page with a code from `verifier pair`; with a fake camera that
//! shows a card's QR code, the page scans it from the live video and shows
//! GYLDIG, then BRUKT on the next scan (quota 1 per week); undo asks for a
//! confirmation naming the card number and time, then undoes; a revoked
//! device is sent back to the pairing page.
//!
//! Needs `chromium` and `chromedriver` (`bash test.sh` installs them).

use e2e::webdriver::Browser;
use e2e::{Server, Setup};
use std::path::Path;
use std::time::Duration;

/// Open the station's page in `browser`: the pairing page; type a code from
/// `verifier pair` and `label`; then the station's own page.
fn pair_in(browser: &Browser, server: &Server, venue: &Path, label: &str) {
    browser.goto(&format!("http://{}/", server.addr));
    browser.wait_for_text("#result", "Koble til denne enheten");
    browser.assert_accessible("the tablet page's pairing");
    browser.find("#code").set(&e2e::pairing_code(venue));
    browser.find("#label").set(label);
    browser.find("#pair button").click();
    browser.wait_for_text("#result", "Klar");
    browser.assert_accessible("the paired tablet page");
}

#[test]
fn the_page_pairs_and_undoes_only_after_a_confirmation_naming_the_card() {
    let setup = Setup::new("bolgen-kino");
    let card = &setup.issue(1, 1, &[])[0];
    let server = Server::start_verifier(&setup.venue);
    let browser = Browser::start();
    pair_in(&browser, &server, &setup.venue, "Kasse 1");
    let devices = e2e::run_ok("verifier", &["--lang", "en", "devices", "--data", e2e::s(&setup.venue)], 0);
    assert!(devices.starts_with("1  Kasse 1  paired ") && devices.contains("· active"), "{devices}");
    browser.find("#text").set(card["qr_text"].as_str().expect("qr_text"));
    browser.find("#redeem button").click();
    browser.wait_for_text("#result", "GYLDIG · Kino");
    assert!(browser.find("#undo-confirm").attribute("hidden").is_some(), "no confirmation before undo is pressed");
    browser.assert_accessible("the tablet page with a valid card");
    // Undo: first a confirmation with the card number and the time; nothing undone yet.
    browser.find("#undo button").click();
    let shown = browser.wait_for_text("#result", "ANGRE?");
    let db = rusqlite::Connection::open(setup.venue.join("redemptions.db")).expect("log");
    let (at, device, undone): (i64, i64, Option<i64>) = db
        .query_row("SELECT at, device, undone_at FROM redemption", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("the visit");
    assert_eq!((device, undone), (1, None), "recorded by device 1, not undone yet");
    let number = card["card_number"].as_str().expect("card_number");
    assert!(shown.contains(&format!("Kort {number} · registrert {}", e2e::oslo_local(at))), "{shown}");
    browser.assert_accessible("the tablet page asking to confirm an undo");
    browser.find("#undo-confirm button").click();
    let done = browser.wait_for_text("#result", "ANGRET · Kino");
    assert!(done.contains(number), "{done}");
    browser.assert_accessible("the tablet page after an undo");
    let undone: Option<i64> = db.query_row("SELECT undone_at FROM redemption", [], |r| r.get(0)).expect("row");
    assert!(undone.is_some(), "marked undone, kept");
    assert!(browser.find("#undo-confirm").attribute("hidden").is_some());
    // Once: nothing more to undo.
    browser.find("#undo button").click();
    browser.wait_for_text("#result", "ingen registrering å angre");
    // Revoked: the next scan is refused and the page asks for pairing again.
    e2e::run_ok("verifier", &["devices", "revoke", "1", "--data", e2e::s(&setup.venue)], 0);
    browser.find("#text").set(card["qr_text"].as_str().expect("qr_text"));
    browser.find("#redeem button").click();
    browser.wait_for_text("#result", "Koble til denne enheten");
    let visits: i64 = db.query_row("SELECT count(*) FROM redemption", [], |r| r.get(0)).expect("count");
    assert_eq!(visits, 1, "the revoked device recorded nothing");
    browser.assert_accessible("the tablet page of a revoked device");
    browser.stop();
    assert!(server.stop());
}

/// A one-frame 640×480 Y4M video (Chromium loops it) with the QR code of
/// `text` at 5 pixels per module on a light grey background.
fn y4m_of(text: &str) -> Vec<u8> {
    let (w, h, module) = (640usize, 480usize, 5usize);
    let qr = shared::qr::encode(text).expect("qr");
    let n = qr.width();
    let size = (n + 8) * module;
    let (x0, y0) = ((w - size) / 2, (h - size) / 2);
    let mut y_plane = vec![200u8; w * h];
    for y in 0..size {
        for x in 0..size {
            let (mx, my) = (x / module, y / module);
            let dark = mx >= 4 && my >= 4 && mx < n + 4 && my < n + 4 && qr.is_dark(mx - 4, my - 4);
            y_plane[(y0 + y) * w + x0 + x] = if dark { 20 } else { 235 };
        }
    }
    let mut out = format!("YUV4MPEG2 W{w} H{h} F10:1 Ip A1:1 C420jpeg\nFRAME\n").into_bytes();
    out.extend_from_slice(&y_plane);
    out.extend(std::iter::repeat_n(128u8, w * h / 2));
    out
}

#[test]
fn the_page_scans_a_card_from_the_camera() {
    let setup = Setup::new("bolgen-kino");
    let card = &setup.issue(1, 1, &[])[0];
    let video = setup.tmp.path().join("card.y4m");
    std::fs::write(&video, y4m_of(card["qr_text"].as_str().expect("qr_text"))).expect("write y4m");
    let server = Server::start_verifier(&setup.venue);
    let browser = Browser::start_with(&[
        "--use-fake-device-for-media-stream".into(),
        "--use-fake-ui-for-media-stream".into(),
        format!("--use-file-for-fake-video-capture={}", video.display()),
    ]);
    // 127.0.0.1 is a secure context, so the live camera button is offered.
    pair_in(&browser, &server, &setup.venue, "Kasse 1");
    browser.wait_for("the camera button", std::time::Duration::from_secs(10), |b| {
        (b.find("#camera").attribute("hidden").is_none()).then_some(())
    });
    browser.find("#camera").click();
    browser.wait_for_text("#result", "GYLDIG · Kino");
    // The page pauses 3 s after an answer, then scans the same card again.
    browser.wait_for_text("#result", "BRUKT");
    browser.assert_accessible("the tablet page with the camera on and a used card");
    browser.stop();
    let log = server.stop_with_log().1.join("\n");
    assert!(log.contains("POST /scan-image 200"), "{log}");
    assert!(!log.contains(card["card_number"].as_str().expect("card_number")), "{log}");
}

/// The page left open follows the station's update status without a
/// reload (its script polls `GET /status`, SPEC §11.9): that it updates
/// itself and when it last did; with the issuer gone and a bundle 8 days
/// old, the failure and the staleness warning in yellow; and once the
/// issuer is back, the warning gone.
#[test]
fn the_page_follows_the_update_status_without_a_reload() {
    let setup = Setup::new("bolgen-kino");
    let issuer = Server::start(&setup.issuer);
    setup.set_up_from(&issuer);
    let addr = issuer.addr.clone();
    let server = Server::start_verifier_with(&setup.venue, &["--update-every", "1s"]);
    let browser = Browser::start();
    pair_in(&browser, &server, &setup.venue, "Kasse 1");
    browser.wait_for_text("#status", "Oppdaterer seg selv hvert 1 s.");
    let status = |needle: &'static str| {
        browser.wait_for(&format!("«{needle}» in the status"), Duration::from_secs(60), |b| {
            Some(b.find("#status").text()).filter(|t| t.contains(needle))
        })
    };
    status("Sist oppdatert fra utstederen: ");
    assert!(browser.find_all("#status .status-warn").is_empty());

    assert!(issuer.stop());
    setup.install(&setup.aged_bundle("aged.akb", 8), 3);
    let text = status("Advarsel: tillitspakken er 8 dager gammel.");
    assert!(text.contains("Kortene sjekkes fortsatt"), "{text}");
    let warnings: Vec<String> = browser.find_all("#status .status-warn").iter().map(|e| e.text()).collect();
    assert!(warnings.iter().any(|w| w.starts_with("Advarsel: tillitspakken er 8 dager gammel.")), "{warnings:?}");
    assert!(warnings.iter().any(|w| w.starts_with("Siste forsøk (")), "{warnings:?}");
    browser.assert_accessible("the tablet page warning of an old bundle");

    setup.bundle("fresh.akb");
    let back = Server::start_at(&setup.issuer, &addr);
    browser.wait_for("the warning gone", Duration::from_secs(60), |b| {
        b.find_all("#status .status-warn").is_empty().then_some(())
    });
    assert!(browser.find("#status").text().contains("(tillitspakke versjon 4)"));
    browser.stop();
    assert!(back.stop());
    assert!(server.stop());
}

/// After a granted visit whose offer lets an adult in free, the page shows
/// "Med ledsager" / "Bare barnet" (SPEC §11.12); a press records it with the
/// visit and hides the buttons; the next scan asks again.
#[test]
fn the_page_asks_whether_a_companion_came_and_records_the_answer() {
    let setup = Setup::new("bolgen-kino");
    let cards = setup.issue(1, 2, &[]);
    let server = Server::start_verifier(&setup.venue);
    let browser = Browser::start();
    pair_in(&browser, &server, &setup.venue, "Kasse 1");
    assert!(browser.find("#companion").attribute("hidden").is_some(), "no buttons before a visit");
    browser.find("#text").set(cards[0]["qr_text"].as_str().expect("qr_text"));
    browser.find("#redeem button").click();
    browser.wait_for_text("#result", "GYLDIG · Kino");
    assert!(browser.find("#companion").attribute("hidden").is_none(), "the buttons are shown");
    browser.assert_accessible("the tablet page asking whether a companion came");
    browser.find("#companion .companion-yes").click();
    browser.wait_for_text("#result", "LEDSAGER REGISTRERT · Kino");
    assert!(browser.find("#companion").attribute("hidden").is_some(), "answered: the buttons go");
    browser.find("#text").set(cards[1]["qr_text"].as_str().expect("qr_text"));
    browser.find("#redeem button").click();
    browser.wait_for_text("#result", "GYLDIG · Kino");
    browser.find("#companion .companion-no").click();
    browser.wait_for_text("#result", "BARE BARNET · Kino");
    let db = rusqlite::Connection::open(setup.venue.join("redemptions.db")).expect("log");
    let came: Vec<i64> = db
        .prepare("SELECT companion FROM redemption ORDER BY id")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("companions");
    assert_eq!(came, [1, 0]);
    browser.stop();
    assert!(server.stop());
}

/// A code that cannot be read is not called an invalid card (issue 19): the
/// page says it could not be read and what to try; every answer says when
/// it was given (Oslo time) and sounds (a high tone for valid, a low
/// double tone for refused) unless muted, and the mute outlives a reload.
#[test]
fn a_garbled_scan_says_what_to_try_and_answers_show_their_time_and_sound() {
    let setup = Setup::new("bolgen-kino");
    let card = &setup.issue(1, 1, &[])[0];
    let server = Server::start_verifier(&setup.venue);
    let browser = Browser::start();
    pair_in(&browser, &server, &setup.venue, "Kasse 1");
    let scan = |text: &str, needle: &str| {
        browser.find("#text").set(text);
        browser.find("#redeem button").click();
        browser.wait_for_text("#result", needle)
    };
    browser.wait_for_text("#sound", "Lyd: på");
    assert_eq!(browser.find("#sound").attribute("aria-pressed").as_deref(), Some("true"));

    let shown = scan("hello there", "KODEN KUNNE IKKE LESES");
    assert!(!shown.contains("UGYLDIG"), "{shown}");
    assert!(
        shown.contains("Skru opp lysstyrken på telefonen, hold koden i ro, eller bruk det trykte kortet."),
        "{shown}"
    );
    let time = browser.find("#result .time").text();
    assert!(time.len() == 9 && time.starts_with("kl. ") && time.as_bytes()[6] == b':', "{time:?}");
    assert_eq!(browser.find("#result").attribute("data-sound").as_deref(), Some("refused"));
    browser.assert_accessible("the tablet page with a code that could not be read");

    scan(card["qr_text"].as_str().expect("qr_text"), "GYLDIG · Kino");
    let db = rusqlite::Connection::open(setup.venue.join("redemptions.db")).expect("log");
    let at: i64 = db.query_row("SELECT at FROM redemption", [], |r| r.get(0)).expect("the visit");
    // The answer's time is the visit's minute (or the next, if the minute
    // turned between recording and answering).
    let time = browser.find("#result .time").text();
    let minute = |t: i64| format!("kl. {}", &e2e::oslo_local(t)[11..]);
    assert!(time == minute(at) || time == minute(at + 60), "{time:?} for {}", e2e::oslo_local(at));
    assert_eq!(browser.find("#result").attribute("data-sound").as_deref(), Some("valid"));

    // Muted, and still muted after a reload.
    browser.find("#sound").click();
    browser.wait_for_text("#sound", "Lyd: av");
    browser.refresh();
    browser.wait_for_text("#result", "Klar");
    browser.wait_for_text("#sound", "Lyd: av");
    assert_eq!(browser.find("#sound").attribute("aria-pressed").as_deref(), Some("false"));
    browser.assert_accessible("the tablet page muted");
    scan("not a card", "KODEN KUNNE IKKE LESES");
    assert_eq!(browser.find("#result").attribute("data-sound").as_deref(), Some("muted"));
    browser.find("#sound").click();
    browser.wait_for_text("#sound", "Lyd: på");
    browser.stop();
    assert!(server.stop());
}
