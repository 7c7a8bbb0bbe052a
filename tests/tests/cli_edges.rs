//! End to end with the real binaries: the command line's edges (SPEC
//! §11.6). With `--json`, every exit prints exactly one JSON object on
//! standard output, errors (exit 2) included; scanned card text is never
//! read as an option.

use e2e::{Setup, command, run, s};
use serde_json::Value;
use std::io::Write as _;
use std::process::{Output, Stdio};

fn text(card: &Value, field: &str) -> String {
    card[field].as_str().unwrap_or_else(|| panic!("card has no {field}: {card}")).to_string()
}

/// The JSON objects on standard output; the test fails unless there is
/// exactly one.
fn one_object(out: &Output) -> Value {
    let objects: Vec<Value> = serde_json::Deserializer::from_slice(&out.stdout)
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    assert_eq!(objects.len(), 1, "{}", String::from_utf8_lossy(&out.stdout));
    objects.into_iter().next().unwrap_or_default()
}

/// Exit code and the one JSON object printed.
fn answer(args: &[&str]) -> (Option<i32>, Value) {
    let out = run("verifier", args);
    (out.status.code(), one_object(&out))
}

fn failure(v: &Value) -> (bool, &str) {
    (v["valid"].as_bool().unwrap_or(true), v["code"].as_str().unwrap_or(""))
}

#[test]
fn every_exit_with_json_prints_one_object() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("not-set-up");
    for cmd in [
        &["check", "--json", "123"][..],
        &["redeem", "--json", "123"],
        &["report", "--json"],
        &["key", "--json"],
        &["pair", "--json"],
        &["devices", "--json"],
        &["devices", "revoke", "1", "--json"],
    ] {
        let mut args = cmd.to_vec();
        args.extend(["--data", s(&missing)]);
        let (code, v) = answer(&args);
        assert_eq!((code, failure(&v)), (Some(2), (false, "not_set_up")), "{args:?}: {v}");
        assert!(v["message"].as_str().unwrap_or("").contains("verifier init"), "{v}");
    }
    // A usage error (no card text) of a command asked for JSON.
    let (code, v) = answer(&["check", "--json", "--data", s(&missing)]);
    assert_eq!((code, failure(&v)), (Some(2), (false, "usage")), "{v}");

    // The clock is behind the latest time seen: clock_rollback, once.
    let setup = Setup::new("bolgen-kino");
    let cards = setup.issue(1, 2, &[]);
    assert_eq!(setup.redeem(&text(&cards[0], "qr_text")).0, 0);
    let week_ahead = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() + 7 * 86_400;
    let db = rusqlite::Connection::open(setup.venue.join("redemptions.db")).unwrap();
    db.execute("UPDATE high_water SET at = ?1", [week_ahead as i64]).unwrap();
    let qr = text(&cards[1], "qr_text");
    for cmd in ["check", "redeem"] {
        let (code, v) = answer(&["--lang", "en", cmd, "--data", s(&setup.venue), "--json", &qr]);
        assert_eq!((code, failure(&v)), (Some(2), (false, "clock_rollback")), "{cmd}: {v}");
        assert!(v["message"].as_str().unwrap_or("").starts_with("this computer's clock says"), "{v}");
    }

    // The redemption log cannot be opened (a directory in its place).
    drop(db);
    for f in ["redemptions.db", "redemptions.db-wal", "redemptions.db-shm"] {
        let _ = std::fs::remove_file(setup.venue.join(f));
    }
    std::fs::create_dir(setup.venue.join("redemptions.db")).unwrap();
    for (cmd, expected) in [("check", "log_error"), ("redeem", "error"), ("report", "error")] {
        let mut args = vec![cmd, "--data", s(&setup.venue), "--json"];
        if cmd != "report" {
            args.push(&qr);
        }
        let (code, v) = answer(&args);
        assert_eq!((code, failure(&v)), (Some(2), (false, expected)), "{cmd}: {v}");
    }
}

#[test]
fn card_text_starting_with_a_hyphen_is_card_text() {
    let setup = Setup::new("bolgen-kino");
    let venue = s(&setup.venue);
    for text in ["--help", "-h", "--version", "-V", "--unknown", "-x1234"] {
        for cmd in ["check", "redeem"] {
            let (code, v) = answer(&[cmd, "--data", venue, "--json", text]);
            assert_eq!(code, Some(1), "{cmd} {text}: {v}");
            assert_eq!(v["valid"], false, "{cmd} {text}: {v}");
            let why = if cmd == "check" { &v["reason"] } else { &v["code"] };
            assert_eq!(why, "bad_encoding", "{cmd} {text}: {v}");
            // After `--` as well, and without --json: refused, never help.
            let out = run("verifier", &[cmd, "--data", venue, "--", text]);
            assert_eq!(out.status.code(), Some(1), "{cmd} -- {text}");
            assert!(String::from_utf8_lossy(&out.stdout).starts_with("KODEN KUNNE IKKE LESES\n"), "{cmd} -- {text}");
        }
    }
    // A text that is one of the command's own options can only be card
    // text after `--`; without it, it is never a valid card.
    for text in ["--lang=en", "--json", "--data"] {
        let out = run("verifier", &["check", "--data", venue, "--", text]);
        assert_eq!(out.status.code(), Some(1), "check -- {text}");
        let out = run("verifier", &["redeem", "--data", venue, text]);
        assert_eq!(out.status.code(), Some(2), "redeem {text}");
    }
    // Help is still there, asked for as such.
    let out = run("verifier", &["help", "check"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Usage: verifier check"));

    // `redeem -`: every line is card text, one refusal each.
    let mut child = command("verifier")
        .args(["redeem", "--data", venue, "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"--help\n-\n--version\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    for v in &lines {
        assert_eq!((v["valid"].as_bool(), v["code"].as_str()), (Some(false), Some("bad_encoding")), "{v}");
    }
    let db = rusqlite::Connection::open(setup.venue.join("redemptions.db")).unwrap();
    let count: i64 = db.query_row("SELECT count(*) FROM redemption", [], |r| r.get(0)).unwrap();
    assert_eq!(count, 0);
}
