//! Paired devices and accountable undo at `verifier serve` (SPEC §11.8),
//! with the real binaries on 127.0.0.1 and the real redemption log: an
//! unpaired or revoked device can neither redeem nor undo; a device undoes
//! only its own last visit, once, after a confirmation naming the card
//! number and time; undone visits are kept, and neither quotas nor
//! `verifier report` count them; pairing codes are one-time, expire, and
//! are void after wrong tries.

use e2e::{Server, Setup, pairing_code, run, run_ok, s};
use serde_json::Value;

const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");
const JSON: (&str, &str) = ("Accept", "application/json");

fn form(text: &str) -> String {
    format!("text={}", text.replace('#', "%23").replace('/', "%2F").replace(':', "%3A"))
}

fn json(b: &[u8]) -> Value {
    serde_json::from_slice(b).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(b)))
}

fn qr(card: &Value) -> String {
    card["qr_text"].as_str().expect("qr_text").to_string()
}

fn db(setup: &Setup) -> rusqlite::Connection {
    rusqlite::Connection::open(setup.venue.join("redemptions.db")).expect("log")
}

/// (token visits not undone, visits undone) in the log.
fn visits(setup: &Setup) -> (i64, i64) {
    db(setup)
        .query_row(
            "SELECT count(*) FILTER (WHERE undone_at IS NULL), count(*) FILTER (WHERE undone_at IS NOT NULL) \
             FROM redemption",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("count")
}

/// POST as `cookie` (JSON answer): (status, answer).
fn post(server: &Server, cookie: Option<&str>, path: &str, body: &str) -> (u16, Value) {
    let (status, _, body) = server.request_as(cookie, "POST", path, &[FORM, JSON], body.as_bytes());
    (status, json(&body))
}

/// The current month in Oslo, `YYYY-MM`.
fn this_month() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs();
    shared::Month::of(shared::Timestamp(i64::try_from(secs).expect("time")).oslo_day()).to_string()
}

#[test]
fn unpaired_and_revoked_devices_can_neither_redeem_nor_undo() {
    let setup = Setup::new("bolgen-kino");
    let cards = setup.issue(1, 3, &[]);
    let server = Server::start_verifier(&setup.venue);
    // A visit from the command line, within the undo window.
    assert_eq!(setup.redeem(&qr(&cards[0])).0, 0);

    // Unpaired: the page asks for a pairing code; redeem, photo and undo are
    // refused with how to pair (403, not a 500), and nothing changes.
    let (status, _, page) = server.request_as(None, "GET", "/", &[], b"");
    let page = String::from_utf8_lossy(&page);
    assert_eq!(status, 200);
    assert!(page.contains("Koble til denne enheten") && page.contains("action=\"/pair\""), "{page}");
    assert!(!page.contains("action=\"/redeem\""), "{page}");
    for (path, body) in [("/redeem", form(&qr(&cards[1]))), ("/undo", String::new()), ("/undo", "visit=1".into())] {
        let (status, v) = post(&server, None, path, &body);
        assert_eq!((status, v["code"].as_str()), (403, Some("not_paired")), "{path}: {v}");
        assert!(v["hint"].as_str().unwrap_or("").contains("verifier pair"), "{v}");
    }
    let png = shared::qr::encode(&qr(&cards[1])).expect("qr").to_png(4);
    let (status, _, _) = server.request_as(None, "POST", "/scan-image", &[("Content-Type", "image/png"), JSON], &png);
    assert_eq!(status, 403);
    // Without script: the pairing page, saying so.
    let (status, _, page) = server.request_as(None, "POST", "/redeem", &[FORM], form(&qr(&cards[1])).as_bytes());
    assert_eq!(status, 403);
    assert!(String::from_utf8_lossy(&page).contains("DENNE ENHETEN ER IKKE PARET"));
    // A made-up cookie is no device.
    let fake = format!("aktivitetskort-device={}", "ab".repeat(32));
    assert_eq!(post(&server, Some(&fake), "/redeem", &form(&qr(&cards[1]))).0, 403);
    assert_eq!(visits(&setup), (1, 0));

    // Paired: it redeems. Revoked: refused at its next request, while serve runs.
    let a = server.pair_device(&setup.venue, "Kasse1");
    let (status, v) = post(&server, Some(&a), "/redeem", &form(&qr(&cards[1])));
    assert_eq!((status, v["code"].as_str()), (200, Some("ok")), "{v}");
    let out = run_ok("verifier", &["--lang", "en", "devices", "revoke", "1", "--data", s(&setup.venue)], 0);
    assert!(out.starts_with("Device 1 is revoked"), "{out}");
    for (path, body) in [("/redeem", form(&qr(&cards[2]))), ("/undo", String::new()), ("/undo", "visit=2".into())] {
        let (status, v) = post(&server, Some(&a), path, &body);
        assert_eq!((status, v["code"].as_str()), (403, Some("not_paired")), "{path}: {v}");
    }
    let (_, _, page) = server.request_as(Some(&a), "GET", "/", &[], b"");
    assert!(String::from_utf8_lossy(&page).contains("Koble til denne enheten"));
    assert_eq!(visits(&setup), (2, 0), "nothing recorded or undone by a revoked device");
    let list: Value =
        serde_json::from_str(&run_ok("verifier", &["devices", "--data", s(&setup.venue), "--json"], 0)).expect("JSON");
    assert_eq!(list[0]["label"], "Kasse1");
    assert!(list[0]["revoked_at"].is_i64(), "{list}");
    let out = run_ok("verifier", &["--lang", "en", "devices", "--data", s(&setup.venue), "revoke", "1"], 0);
    assert!(out.starts_with("Device 1 was revoked already"), "{out}");
    let out = run("verifier", &["devices", "revoke", "7", "--data", s(&setup.venue), "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON error");
    assert!(v["message"].as_str().unwrap_or("").contains("ingen paret enhet med nummer 7"), "{v}");
    // The command line undoes its own last visit, not the device's later
    // one: card 0's (named by its card type and time; the log cannot name
    // the card number, SPEC §11.8).
    let out = run_ok("verifier", &["--lang", "en", "undo", "--data", s(&setup.venue)], 0);
    let number = cards[0]["card_number"].as_str().expect("card_number");
    assert!(out.contains("\nAge 0–13 with companion · recorded "), "{out}");
    assert!(!out.contains(number), "{out}");
    let undone: i64 = db(&setup)
        .query_row("SELECT device FROM redemption WHERE undone_at IS NOT NULL", [], |r| r.get(0))
        .expect("row");
    assert_eq!(undone, 0, "the command line's visit (card 0's) is the one undone");
    assert_eq!(visits(&setup), (1, 1));
    assert!(server.stop());
}

#[test]
fn a_device_undoes_only_its_own_last_visit_once_and_undone_visits_are_not_counted() {
    let setup = Setup::new("bolgen-kino");
    let cards = setup.issue(1, 3, &[]);
    let server = Server::start_verifier(&setup.venue);
    let (a, b) = (server.pair_device(&setup.venue, "A"), server.pair_device(&setup.venue, "B"));
    assert_eq!(post(&server, Some(&a), "/redeem", &form(&qr(&cards[0]))).1["code"], "ok");
    assert_eq!(post(&server, Some(&b), "/redeem", &form(&qr(&cards[1]))).1["code"], "ok");
    // A later visit from the command line.
    assert_eq!(setup.redeem(&qr(&cards[2])).0, 0);
    let rows: Vec<(i64, i64, i64)> = db(&setup)
        .prepare("SELECT id, device, at FROM redemption ORDER BY id")
        .expect("query")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("rows")
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.iter().map(|r| r.1).collect::<Vec<_>>(), [1, 2, 0], "each visit names its device");

    // A's undo confirms A's own visit: card 0's number and time; nothing undone yet.
    let (status, v) = post(&server, Some(&a), "/undo", "");
    assert_eq!((status, v["code"].as_str()), (200, Some("confirm_undo")), "{v}");
    let number = |i: usize| cards[i]["card_number"].as_str().expect("card_number").to_string();
    assert_eq!(v["card"], format!("Kort {} · registrert {}", number(0), e2e::oslo_local(rows[0].2)), "{v}");
    assert!(v["headline"].as_str().unwrap_or("").starts_with("ANGRE? · Kino registrert "), "{v}");
    assert_eq!(v["visit"], rows[0].0);
    assert_eq!(visits(&setup), (3, 0));
    // A cannot confirm B's visit.
    let (_, v) = post(&server, Some(&a), "/undo", &format!("visit={}", rows[1].0));
    assert_eq!(v["code"], "changed", "{v}");
    assert_eq!(post(&server, Some(&a), "/undo", "visit=x").0, 400);
    assert_eq!(visits(&setup), (3, 0));
    let (_, v) = post(&server, Some(&a), "/undo", &format!("visit={}", rows[0].0));
    assert_eq!((v["code"].as_str(), v["valid"].as_bool()), (Some("undone"), Some(true)), "{v}");
    assert!(v["card"].as_str().unwrap_or("").contains(&number(0)), "{v}");
    // Once: a second undo from A reaches neither further back nor B's visit.
    for body in [String::new(), format!("visit={}", rows[0].0), format!("visit={}", rows[1].0)] {
        let (_, v) = post(&server, Some(&a), "/undo", &body);
        assert_eq!(v["code"], "nothing", "{body}: {v}");
    }
    let undone: Vec<Option<i64>> = db(&setup)
        .prepare("SELECT undone_at FROM redemption ORDER BY id")
        .expect("query")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .map(Result::unwrap)
        .collect();
    assert!(undone[0].is_some() && undone[1].is_none() && undone[2].is_none(), "{undone:?}");
    // B's undo is about B's visit.
    let (_, v) = post(&server, Some(&b), "/undo", "");
    assert_eq!((v["code"].as_str(), v["visit"].as_i64()), (Some("confirm_undo"), Some(rows[1].0)), "{v}");
    assert!(v["card"].as_str().unwrap_or("").contains(&number(1)), "{v}");
    // The page without script: the confirmation is a form that posts the visit back.
    let (status, _, page) = server.request_as(Some(&b), "POST", "/undo", &[FORM], b"");
    let page = String::from_utf8_lossy(&page);
    assert_eq!(status, 200);
    assert!(page.contains(&format!("<input type=\"hidden\" name=\"visit\" value=\"{}\">", rows[1].0)), "{page}");
    assert!(page.contains("<form id=\"undo-confirm\" method=\"post\" action=\"/undo\">"), "shown: {page}");
    assert!(page.contains(&format!("Kort {}", number(1))), "{page}");
    assert_eq!(visits(&setup), (2, 1), "nothing undone by the confirmation");

    // Quota: card 0 is free again, card 1 is still used this week.
    assert_eq!(setup.redeem(&qr(&cards[1])).1["code"], "quota_exhausted");
    let report = || {
        let out = run_ok("verifier", &["report", "--data", s(&setup.venue), "--json"], 0);
        let rows: Value = serde_json::from_str(&out).expect("report JSON");
        rows.as_array().expect("rows").iter().map(|r| r["count"].as_i64().unwrap_or(0)).sum::<i64>()
    };
    assert_eq!(report(), 2, "the undone visit is not counted");
    // Nor in the month's usage report for the issuer (the body it signs).
    let month = e2e::run_ok("verifier", &["report", "--data", s(&setup.venue), "--json", "--month", &this_month()], 0);
    let body: Value = serde_json::from_str(&month).expect("month report JSON");
    let counted: i64 = body["rows"].as_array().expect("rows").iter().map(|r| r["count"].as_i64().unwrap_or(0)).sum();
    assert_eq!(counted, 2, "{body}");
    // `verifier undo` undoes the command line's own last visit, once.
    run_ok("verifier", &["undo", "--data", s(&setup.venue)], 0);
    let out = run("verifier", &["undo", "--data", s(&setup.venue)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(e2e::stderr(&out).contains("det finnes ikke noe registrert besøk å angre"), "{}", e2e::stderr(&out));
    assert_eq!(report(), 1);
    assert_eq!(visits(&setup), (1, 2), "undone visits are kept in the log");
    assert_eq!(post(&server, Some(&a), "/redeem", &form(&qr(&cards[0]))).1["code"], "ok");
    assert_eq!(report(), 2);
    // The card number of an undo's confirmation is kept in the station's
    // memory only: after a restart, A's confirmation names the card type
    // and time of its visit, and the undo still works.
    assert!(server.stop());
    let server = Server::start_verifier(&setup.venue);
    let (_, v) = post(&server, Some(&a), "/undo", "");
    let last: (i64, i64) = db(&setup)
        .query_row("SELECT max(id), max(at) FROM redemption", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("row");
    assert_eq!((v["code"].as_str(), v["visit"].as_i64()), (Some("confirm_undo"), Some(last.0)), "{v}");
    assert_eq!(v["card"], format!("0–13 år med ledsager · registrert {}", e2e::oslo_local(last.1)), "{v}");
    assert!(!v.to_string().contains(&number(0)), "{v}");
    let (_, v) = post(&server, Some(&a), "/undo", &format!("visit={}", last.0));
    assert_eq!(v["code"], "undone", "{v}");
    assert_eq!(report(), 1);
    assert!(server.stop());
}

#[test]
fn pairing_codes_are_one_time_expire_and_are_void_after_wrong_tries() {
    let setup = Setup::new("bolgen-kino");
    let server = Server::start_verifier(&setup.venue);
    let try_code = |code: &str| {
        let body = format!("code={code}&label=x");
        let (status, head, page) = server.request_as(None, "POST", "/pair", &[FORM], body.as_bytes());
        (status, e2e::set_cookie(&head), String::from_utf8_lossy(&page).into_owned())
    };
    let (status, cookie, page) = try_code("1234-5678");
    assert_eq!((status, cookie), (403, None));
    assert!(page.contains("Ingen paringskode er åpen"), "{page}");
    assert_eq!(try_code("12ab").0, 400);

    // Wrong tries count against the open code; after five it is void.
    let code = pairing_code(&setup.venue);
    let wrong = if code == "0000-0000" { "1111-1111" } else { "0000-0000" };
    for left in ["4 forsøk igjen", "3 forsøk igjen", "2 forsøk igjen", "1 forsøk igjen", "koden er ugyldig nå"] {
        let (status, cookie, page) = try_code(wrong);
        assert_eq!((status, cookie), (403, None));
        assert!(page.contains(left), "{left}: {page}");
    }
    let (status, cookie, page) = try_code(&code);
    assert_eq!((status, cookie), (403, None), "the right code, once void, pairs nothing");
    assert!(page.contains("brukt eller ugyldig"), "{page}");

    // Expired (ten minutes: the test moves its time back in the log).
    let code = pairing_code(&setup.venue);
    db(&setup).execute("UPDATE pairing_code SET expires_at = expires_at - 601 WHERE used_at IS NULL", []).expect("age");
    let (status, cookie, page) = try_code(&code);
    assert_eq!((status, cookie), (403, None));
    assert!(page.contains("utløpt"), "{page}");

    // One use.
    let code = pairing_code(&setup.venue);
    let (status, cookie, _) = try_code(&code);
    assert_eq!(status, 303);
    assert!(cookie.is_some_and(|c| c.starts_with("aktivitetskort-device=") && c.len() == 22 + 64));
    assert_eq!(try_code(&code).0, 403);
    // Only the secret's hash is stored, and no code in clear.
    let (hash, label): (Vec<u8>, String) =
        db(&setup).query_row("SELECT secret_hash, label FROM device", [], |r| Ok((r.get(0)?, r.get(1)?))).expect("row");
    assert_eq!((hash.len(), label.as_str()), (32, "x"));
    let bytes = std::fs::read(setup.venue.join("redemptions.db")).expect("db");
    let wal = std::fs::read(setup.venue.join("redemptions.db-wal")).unwrap_or_default();
    let digits = code.replace('-', "");
    for hay in [&bytes, &wal] {
        assert!(!hay.windows(8).any(|w| w == digits.as_bytes()), "a pairing code in clear");
    }
    let (stopped, log) = server.stop_with_log();
    assert!(stopped);
    let log = log.join("\n");
    assert!(log.contains("POST /pair 303") && !log.contains(&digits), "{log}");
}
