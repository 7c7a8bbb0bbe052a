//! The caseworker's issue page, the single-card page and blocking, in a
//! real browser (headless Chromium over WebDriver) against the real
//! `issuer serve`, with a venue's real `verifier`:
//! - the issue page says what the chosen card type gives and the validity
//!   that will be printed, and the sheet made says the same;
//! - the sheet is "ready" on the page, its link gives the same PDF again,
//!   and after logout it is gone;
//! - the single card's link is copied to the clipboard and the card prints
//!   without the page around it;
//! - blocking asks first (cancelled: nothing blocked), then blocks; an
//!   administrator undoes it and the venue accepts the card again.
//!
//! Needs `chromium` and `chromedriver` (Debian: chromium, chromium-driver)
//! and poppler-utils.

use e2e::webdriver::{Browser, submit};
use e2e::{Server, Setup, run_ok, s};
use serde_json::{Value, json};
use std::time::Duration;

const ADMIN: &str = "anne";
const CASEWORKER: &str = "kari";
const PW: &str = "harbour violin 48 meadow";

/// An issuer (with a venue set up from a file) with an agency, a
/// caseworker and an administrator made on the command line.
fn setup() -> Setup {
    let setup = Setup::new("bolgen-kino");
    let data = s(&setup.issuer);
    let pw = setup.tmp.path().join("pw");
    std::fs::write(&pw, PW).unwrap();
    run_ok("issuer", &["agency", "add", "--data", data, "NAV Larvik"], 0);
    let users = [(CASEWORKER, "caseworker"), (ADMIN, "admin")];
    for (name, role) in users {
        let mut args = vec!["user", "add", "--data", data, "--role", role, "--password-file", s(&pw), name];
        if role == "caseworker" {
            args.extend(["--agency", "NAV Larvik"]);
        }
        run_ok("issuer", &args, 0);
    }
    setup
}

fn log_in(b: &Browser, base: &str, user: &str) {
    b.goto(&format!("{base}/login"));
    b.find("#username").set(user);
    b.find("#password").set(PW);
    submit(b, "/login");
    b.wait_for_text("h1", &format!("Velkommen, {user}"));
}

fn log_out(b: &Browser) {
    b.find("form.logout button").click();
    b.wait_for_text("h1", "Logg inn");
}

/// Whether card `number` is on the block list of the bundle served now.
fn blocked_in_bundle(server: &Server, setup: &Setup, number: &str) -> bool {
    let (status, _, bytes) = server.request("GET", "/bundle", &[], b"");
    assert_eq!(status, 200);
    let root = shared::Fingerprint::parse(&setup.fingerprint).unwrap();
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let bundle = shared::verify_bundle(&bytes, &root, shared::Timestamp(secs as i64)).unwrap();
    bundle.is_revoked(shared::CardNumber::parse(number).unwrap())
}

#[test]
fn the_issue_page_shows_what_is_printed_and_the_sheet_is_held_for_the_session_only() {
    let setup = setup();
    let server = Server::start(&setup.issuer);
    let base = format!("http://{}", server.addr);
    let b = Browser::start();
    log_in(&b, &base, CASEWORKER);
    b.goto(&format!("{base}/issue"));

    // What card type 1 gives, open for the chosen card type.
    let summary = b.find("#summary-1").text();
    for part in ["0–13 år", "Kino: 1 gang i uka, 12 ganger mens kortet gjelder. Hvor: Bølgen kino."] {
        assert!(summary.contains(part), "«{part}» not in:\n{summary}");
    }
    assert!(summary.contains("Hvor: Larvik svømmehall, Stavern svømmehall."), "{summary}");
    assert!(summary.contains("En voksen ledsager går gratis inn."), "{summary}");
    assert_eq!(b.find("#summary-1").property("open"), "true");
    assert_eq!(b.find("#summary-2").property("open"), "false");
    // Choosing another card type opens its summary (the page's script).
    b.select("#card_type", "2");
    b.wait_for("summary 2 open", Duration::from_secs(10), |b| {
        (b.find("#summary-2").property("open") == "true" && b.find("#summary-1").property("open") == "false")
            .then_some(())
    });
    b.select("#card_type", "1");
    let printed = b.find("#summary-1 .validity-printed").text();
    assert!(printed.starts_with("fra ") && printed.contains(" til "), "{printed}");
    let dates: Vec<&str> = printed.trim_start_matches("fra ").split(" til ").collect();

    // The sheet: the page says it is ready, with the same validity.
    b.find("#count").set("2");
    b.find("button[name=\"output\"][value=\"sheet\"]").click();
    let ready = b.wait_for_text("#sheet-ready-text", "Kortarket er klart");
    assert_eq!(ready, format!("Kortarket er klart: 2 kort, gyldig {printed}."));
    let href = b.find("#sheet-download").attribute("href").unwrap();
    let path = href.trim_start_matches(&base).to_string();
    assert!(path.starts_with("/issue/sheets/") && path.ends_with("/pdf"), "{href}");

    // The link downloads it; again, the same bytes.
    let download = || {
        b.find("#sheet-download").click();
        let file = b.wait_for_download(".pdf", Duration::from_secs(60));
        let bytes = std::fs::read(&file).unwrap();
        std::fs::remove_file(&file).unwrap();
        bytes
    };
    let downloaded = download();
    assert!(downloaded.starts_with(b"%PDF-"));
    assert_eq!(download(), downloaded, "the same PDF again");
    let pdf = setup.tmp.path().join("sheet.pdf");
    std::fs::write(&pdf, &downloaded).unwrap();
    let text = e2e::pdf::pdf_text(&pdf);
    for d in &dates {
        assert_eq!(text.matches(d).count(), 2, "{d} on both cards:\n{text}");
    }

    // After logout it is gone, also for the same user's next session.
    log_out(&b);
    b.goto(&format!("{base}{path}"));
    assert_eq!(b.current_path(), "/login", "logged out: sent to login");
    log_in(&b, &base, CASEWORKER);
    for gone in [path.as_str(), path.trim_end_matches("/pdf")] {
        b.goto(&format!("{base}{gone}"));
        assert_eq!(b.find("p[role=\"alert\"]").text(), "Siden finnes ikke.", "{gone}");
    }
    assert_eq!(std::fs::read_dir(b.downloads()).unwrap().count(), 0, "nothing more was downloaded");
    b.stop();
    let (stopped, log) = server.stop_with_log();
    assert!(stopped);
    let id = path.trim_start_matches("/issue/sheets/").trim_end_matches("/pdf");
    assert!(log.iter().all(|l| !l.contains(id)), "the sheet's id is never logged: {log:#?}");
    let count = |prefix: &str| log.iter().filter(|l| l.starts_with(prefix)).count();
    assert_eq!(count("GET /issue/sheets/{id}/pdf 200 "), 2, "{log:#?}");
    assert_eq!(count("GET /issue/sheets/{id}/pdf 404 "), 1, "{log:#?}");
    assert_eq!(count("GET /issue/sheets/{id} 404 "), 1, "{log:#?}");
}

#[test]
fn one_card_is_copied_and_printed_then_blocked_after_a_confirmation_and_unblocked_by_an_administrator() {
    let setup = setup();
    let server = Server::start(&setup.issuer);
    setup.set_up_from(&server);
    let base = format!("http://{}", server.addr);
    let b = Browser::start();
    log_in(&b, &base, CASEWORKER);
    b.goto(&format!("{base}/issue"));
    b.find("button[name=\"output\"][value=\"card\"]").click();
    b.wait_for_text("h1", "Kortet");
    b.assert_accessible("the single-card page with copy and print");
    let link = b.find("#phone-link").property("value");
    let number = b.find("dd.mono").text();

    // Copy: with the clipboard permitted, the link is on the clipboard.
    let grant = json!({ "cmd": "Browser.grantPermissions", "params": {
        "origin": base, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"] } });
    b.command("POST", &b.session_path("goog/cdp/execute"), Some(&grant));
    b.find("#copy-link").click();
    let said = b.wait_for("a copy message", Duration::from_secs(10), |b| {
        Some(b.find("#copy-status").text()).filter(|t| !t.is_empty())
    });
    assert_eq!(said, "Lenken er kopiert.");
    let clip = b.execute_async(
        "const done = arguments[0]; navigator.clipboard.readText().then(done, e => done('error: ' + e));",
        &[],
    );
    assert_eq!(clip, Value::String(link.clone()));
    // Without the clipboard API: the fallback says so and selects the link.
    b.execute("Object.defineProperty(navigator, 'clipboard', { value: undefined });", &[]);
    b.find("#copy-link").click();
    b.wait_for_text("#copy-status", "Kunne ikke kopiere automatisk. Lenken er merket");
    let selected = b.execute(
        "const f = document.getElementById('phone-link'); return f.value.substring(f.selectionStart, f.selectionEnd);",
        &[],
    );
    assert_eq!(selected, Value::String(link.clone()));

    // Print: the button prints; the print stylesheet leaves the card only.
    b.execute("window.printed = 0; window.print = () => { window.printed += 1; };", &[]);
    b.find("#print-card").click();
    assert_eq!(b.execute("return window.printed;", &[]), json!(1));
    let media = |m: &str| {
        let cmd = json!({ "cmd": "Emulation.setEmulatedMedia", "params": { "media": m } });
        b.command("POST", &b.session_path("goog/cdp/execute"), Some(&cmd));
    };
    media("print");
    let shown =
        |css: &str| b.execute(&format!("return document.querySelector('{css}').getClientRects().length > 0;"), &[]);
    for hidden in ["header", "#phone-link", "#card-tools", "#journal", "ul.actions"] {
        assert_eq!(shown(hidden), json!(false), "{hidden} is not printed");
    }
    for kept in [".qr", "dd.mono", "h1"] {
        assert_eq!(shown(kept), json!(true), "{kept} is printed");
    }
    media("");

    // The venue accepts the card.
    let check = |text: &str| setup.check(text).1["reason"].as_str().unwrap().to_string();
    let update = || run_ok("verifier", &["update", "--data", s(&setup.venue)], 0);
    assert_eq!(check(&link), "ok");

    // Blocking asks first and says what happens; cancelled, nothing is blocked.
    b.goto(&format!("{base}/block"));
    b.find("#card_number").set(&number);
    submit(&b, "/block");
    b.wait_for_text("h1", &format!("Sperre kort {number}?"));
    b.assert_accessible("the block confirmation");
    let what = b.find("#what-happens").text();
    assert!(what.contains("Stedene avviser kortet etter sin neste oppdatering"), "{what}");
    assert!(what.contains("Kortet på mobilen viser at det er sperret"), "{what}");
    b.find("#cancel").click();
    b.wait_for_text("h1", "Sperr et kort");
    b.assert_accessible("the block page after a cancelled block");
    assert!(!blocked_in_bundle(&server, &setup, &number), "cancelled: not blocked");
    b.find("#card_number").set(&number);
    submit(&b, "/block");
    b.wait_for_text("h1", &format!("Sperre kort {number}?"));
    submit(&b, "/block");
    b.wait_for_text("p.notice", &format!("Kort {number} er sperret."));
    assert!(blocked_in_bundle(&server, &setup, &number));
    update();
    assert_eq!(check(&link), "revoked");
    // A caseworker cannot undo it.
    b.goto(&format!("{base}/admin/unblock?card={number}"));
    assert_eq!(b.find("p[role=\"alert\"]").text(), "Du har ikke tilgang til denne siden.");

    // The administrator undoes it, after a confirmation; the venue accepts it again.
    b.goto(&format!("{base}/block"));
    log_out(&b);
    log_in(&b, &base, ADMIN);
    b.goto(&format!("{base}/block"));
    b.find(&format!("#block-{number} a")).click();
    b.wait_for_text("h1", &format!("Oppheve sperringen av kort {number}?"));
    b.assert_accessible("the unblock confirmation");
    submit(&b, "/admin/unblock");
    b.wait_for_text("p.notice", &format!("Sperringen av kort {number} er opphevet."));
    assert!(b.find_all(&format!("#block-{number}")).is_empty());
    assert!(!blocked_in_bundle(&server, &setup, &number));
    update();
    assert_eq!(check(&link), "ok");
    b.stop();
    let (stopped, log) = server.stop_with_log();
    assert!(stopped);
    assert_eq!(log.iter().filter(|l| l.starts_with("POST /admin/unblock 303 ")).count(), 1, "{log:#?}");
}
