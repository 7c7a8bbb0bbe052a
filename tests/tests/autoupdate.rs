//! The station keeps itself current (SPEC §11.9), with the real binaries: a
//! venue set up from the set-up code of a running `issuer serve`, then a
//! running `verifier serve` and `verifier redeem -` with a short
//! `--update-every` and nobody running `verifier update`: a card the
//! administrator blocks is refused as revoked, a card of a newly rotated
//! signing key is granted; offline for a simulated week the station warns
//! in words and still scans, and when the issuer comes back it catches up
//! on its own. (`verifier scan`: tests/scan.rs; the usage reports:
//! tests/usage_flow.rs.)

use e2e::{Batch, Server, Setup, run, run_ok, s, stderr, wait_until};
use serde_json::Value;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(60);

fn text(card: &Value, field: &str) -> String {
    card[field].as_str().unwrap_or_else(|| panic!("card has no {field}: {card}")).to_string()
}

/// Start `issuer serve` on the issuer of `setup` and set its venue up again
/// from the set-up code; the running issuer.
fn station(setup: &Setup) -> Server {
    let issuer = Server::start(&setup.issuer);
    setup.set_up_from(&issuer);
    issuer
}

/// Every request to the running `verifier serve` goes through here (one
/// place to add what a request needs; the server was paired with
/// [`Server::pair`], so its device cookie goes along), in English:
/// `(status, body)`.
fn serve_http(server: &Server, method: &str, path: &str, accept: &str, body: &[u8]) -> (u16, Vec<u8>) {
    let headers =
        [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", accept), ("Accept-Language", "en")];
    let (status, _, body) = server.request(method, path, &headers, body);
    (status, body)
}

/// A request for JSON: `(status, JSON answer)`.
fn serve_request(server: &Server, method: &str, path: &str, body: &[u8]) -> (u16, Value) {
    let (status, body) = serve_http(server, method, path, "application/json", body);
    let v = serde_json::from_slice(&body)
        .unwrap_or_else(|e| panic!("{method} {path}: not JSON ({e}): {}", String::from_utf8_lossy(&body)));
    (status, v)
}

/// `POST /redeem` of a scanned text: the answer.
fn serve_redeem(server: &Server, card: &str) -> Value {
    let form: String = card
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect();
    let (status, v) = serve_request(server, "POST", "/redeem", format!("text={form}").as_bytes());
    assert_eq!(status, 200, "{v}");
    v
}

/// `GET /status`: the lines as `(level, text)`.
fn serve_status(server: &Server) -> Vec<(String, String)> {
    let (status, v) = serve_request(server, "GET", "/status", b"");
    assert_eq!(status, 200, "{v}");
    let lines = v["lines"].as_array().unwrap_or_else(|| panic!("no lines: {v}"));
    lines.iter().map(|l| (text(l, "level"), text(l, "text"))).collect()
}

/// Wait until the running server's status satisfies `done`; the lines.
fn wait_for_status(server: &Server, what: &str, done: impl Fn(&[(String, String)]) -> bool) -> Vec<(String, String)> {
    let shown = || format!("{what}; the status: {:#?}", serve_status(server));
    wait_until(WAIT, shown, || Some(serve_status(server)).filter(|l| done(l)))
}

fn has(lines: &[(String, String)], needle: &str) -> bool {
    lines.iter().any(|(_, t)| t.contains(needle))
}

/// `verifier check --json` on the venue: its reason (it records nothing).
fn check_reason(setup: &Setup, card: &str) -> String {
    let (_, v) = setup.check(card);
    v["reason"].as_str().unwrap_or_default().to_string()
}

#[test]
fn a_running_server_updates_itself_from_the_issuer() {
    let setup = Setup::new("bolgen-kino");
    let issuer = station(&setup);
    let cards = setup.issue(1, 2, &[]);
    let mut server = Server::start_verifier_with(&setup.venue, &["--update-every", "1s", "--lang", "en"]);
    server.pair(&setup.venue);
    // It says at start that it updates itself, from where and how often.
    let start = format!("Automatic updates: every 1 s from http://{}/bundle", issuer.addr);
    wait_until(
        WAIT,
        || format!("«{start}» in {:?}", server.log()),
        || server.log().iter().find(|l| l.contains(&start)).cloned(),
    );
    let lines = wait_for_status(&server, "a first update", |l| has(l, "Last update from the issuer: "));
    assert_eq!(lines[0], ("info".to_string(), "Updates itself every 1 s.".to_string()), "{lines:?}");
    assert!(lines.iter().all(|(level, _)| level != "warn"), "{lines:?}");
    // Only a paired device sees the station's state.
    let (status, _, _) = server.request_as(None, "GET", "/status", &[("Accept", "application/json")], b"");
    assert_eq!(status, 403);
    let installed = run_ok("verifier", &["check", "--data", s(&setup.venue), "--json", &text(&cards[0], "qr_text")], 0);
    let version = serde_json::from_str::<Value>(&installed).expect("JSON")["bundle_version"].as_u64().expect("version");
    assert_eq!(serve_redeem(&server, &text(&cards[0], "qr_text"))["code"], "ok");

    // The administrator blocks a card and rotates the signing key; the
    // running station picks the bundle up by itself.
    let (rotated, _) = setup.block_and_rotate(&cards[1]);
    let next = format!("(trust bundle version {})", version + 1);
    wait_for_status(&server, &next, |l| has(l, &next));
    let v = serve_redeem(&server, &text(&cards[1], "qr_text"));
    assert_eq!((v["valid"].as_bool(), v["code"].as_str()), (Some(false), Some("revoked")), "{v}");
    let v = serve_redeem(&server, &rotated);
    assert_eq!(
        (v["valid"].as_bool(), v["code"].as_str(), v["warning"].as_str()),
        (Some(true), Some("ok"), Some("")),
        "{v}"
    );
    // The issuer's log shows the station's own fetches.
    let (stopped, log) = issuer.stop_with_log();
    assert!(stopped);
    assert!(log.iter().any(|l| l.starts_with("GET /bundle 200")), "{log:?}");
    assert!(log.iter().any(|l| l.starts_with("GET /bundle 304")), "{log:?}");
    let (stopped, log) = server.stop_with_log();
    assert!(stopped, "{log:?}");
    let db = rusqlite::Connection::open(setup.venue.join("redemptions.db")).expect("log");
    let n: i64 = db.query_row("SELECT count(*) FROM redemption", [], |r| r.get(0)).expect("count");
    assert_eq!(n, 2, "the blocked card left no visit");
}

#[test]
fn a_running_batch_updates_itself_from_the_issuer() {
    let setup = Setup::new("bolgen-kino");
    let _issuer = station(&setup);
    let cards = setup.issue(1, 2, &[]);
    let mut batch = Batch::start(&setup.venue, &["--update-every", "1s"]);
    assert_eq!(batch.ask(&text(&cards[0], "qr_text"))["code"], "ok");
    let (rotated, _) = setup.block_and_rotate(&cards[1]);
    // `check` reads the installed bundle: once the batch's background
    // update installed it, the batch answers with it.
    let blocked = text(&cards[1], "qr_text");
    wait_until(
        WAIT,
        || "the blocking bundle installed".into(),
        || (check_reason(&setup, &blocked) == "revoked").then_some(()),
    );
    let v = batch.ask(&blocked);
    assert_eq!((v["valid"].as_bool(), v["code"].as_str()), (Some(false), Some("revoked")), "{v}");
    let v = batch.ask(&rotated);
    assert_eq!((v["valid"].as_bool(), v["code"].as_str()), (Some(true), Some("ok")), "{v}");
    batch.finish();
}

#[test]
fn offline_for_a_week_the_station_warns_and_scans_then_catches_up_on_its_own() {
    let setup = Setup::new("bolgen-kino");
    let issuer = station(&setup);
    let addr = issuer.addr.clone();
    let cards = setup.issue(1, 3, &[]);
    let mut server = Server::start_verifier_with(&setup.venue, &["--update-every", "1s"]);
    server.pair(&setup.venue);
    wait_for_status(&server, "a first update", |l| has(l, "Last update from the issuer: "));

    // The issuer goes away; a week passes (a bundle issued 8 days ago is
    // what the station has then).
    assert!(issuer.stop());
    let aged = setup.aged_bundle("aged.akb", 8);
    setup.install(&aged, 3);
    let refused = format!("Cannot reach http://{addr}/bundle: the connection was refused");
    let lines = wait_for_status(&server, "the failure and the warning", |l| {
        has(l, &refused) && has(l, "Warning: the trust bundle is 8 days old.")
    });
    let warn: Vec<&str> = lines.iter().filter(|(level, _)| level == "warn").map(|(_, t)| t.as_str()).collect();
    assert!(warn.iter().any(|t| t.starts_with("The last attempt (") && t.contains(&refused)), "{lines:?}");
    assert!(
        warn.contains(&"Cards are still checked, with trust bundle version 3. Check that this machine is online; it tries again by itself."),
        "{lines:?}"
    );
    assert!(
        warn.contains(&"Warning: the trust bundle is 8 days old. Cards are still checked, but in 22 days none will be accepted. Check that this machine is online; it updates by itself."),
        "{lines:?}"
    );
    assert!(has(&lines, "Last update from the issuer: "), "the last success stays shown: {lines:?}");
    // The page itself shows it too.
    let (_, page) = serve_http(&server, "GET", "/", "text/html", b"");
    let page = String::from_utf8_lossy(&page).into_owned();
    assert!(page.contains("<p class=\"status-warn\">Warning: the trust bundle is 8 days old."), "{page}");
    // Scanning goes on, with the warning on the answer.
    let v = serve_redeem(&server, &text(&cards[0], "qr_text"));
    assert_eq!((v["valid"].as_bool(), v["code"].as_str()), (Some(true), Some("ok")), "{v}");
    assert!(v["warning"].as_str().is_some_and(|w| w.contains("8 days old")), "{v}");

    // The administrator published meanwhile; the issuer comes back at the
    // same address, and the station catches up by itself.
    setup.bundle("fresh.akb");
    let back = Server::start_at(&setup.issuer, &addr);
    let lines = wait_for_status(&server, "caught up", |l| has(l, "(trust bundle version 4)") && !has(l, "failed"));
    assert!(lines.iter().all(|(level, _)| level != "warn"), "{lines:?}");
    let v = serve_redeem(&server, &text(&cards[1], "qr_text"));
    assert_eq!(
        (v["valid"].as_bool(), v["code"].as_str(), v["warning"].as_str()),
        (Some(true), Some("ok"), Some("")),
        "{v}"
    );
    assert!(back.stop());
    assert!(server.stop());
    // The status file holds times and words, nothing of a card.
    let file = std::fs::read_to_string(setup.venue.join("update-status.json")).expect("the status file");
    let status: Value = serde_json::from_str(&file).expect("JSON");
    assert_eq!(status["failures"], 0, "{status}");
    assert!(status["error"].is_null(), "{status}");
    for card in &cards {
        assert!(!file.contains(&text(card, "card_number")), "{file}");
    }
}

#[test]
fn a_bad_interval_is_refused_in_words() {
    let setup = Setup::new("bolgen-kino");
    for (mode, extra) in [("serve", vec![]), ("scan", vec![]), ("redeem", vec!["-"])] {
        let mut args = vec!["--lang", "en", mode, "--data", s(&setup.venue), "--update-every", "5 minutes"];
        args.extend(extra);
        let out = run("verifier", &args);
        assert_eq!(out.status.code(), Some(2), "{mode}");
        assert_eq!(
            stderr(&out).trim(),
            "error: «5 minutes» is not an update interval; give a whole number of seconds, minutes or hours from 1s to \
             24h, such as 30s, 15m or 1h, or off for no background updates",
            "{mode}"
        );
    }
    let out = run("verifier", &["scan", "--data", s(&setup.venue), "--update-every", "90"]);
    assert!(stderr(&out).contains("«90» er ikke et oppdateringsintervall"), "{}", stderr(&out));
}
