//! End to end with the real binary: `verifier clock-reset` after a clock
//! that ran ahead was corrected (SPEC §11.4): refused without `--confirm`,
//! recorded in the log, and no quota given back.

use e2e::{Setup, run, run_ok, s};
use serde_json::Value;

fn text(card: &Value, field: &str) -> String {
    card[field].as_str().unwrap_or_else(|| panic!("card has no {field}: {card}")).to_string()
}

#[test]
fn a_clock_that_ran_ahead_is_reset_deliberately_and_gives_no_visit_back() {
    let setup = Setup::new("bolgen-kino");
    let venue = s(&setup.venue);
    let cards = setup.issue(1, 2, &[]);
    let (used, other) = (text(&cards[0], "qr_text"), text(&cards[1], "qr_text"));
    run_ok("verifier", &["clock-reset", "--data", venue], 0);
    assert_eq!(setup.redeem(&used).0, 0);
    // As if the clock had run two days ahead when that visit was recorded.
    let db = rusqlite::Connection::open(setup.venue.join("redemptions.db")).unwrap();
    let ahead: i64 = db.query_row("SELECT at + 2 * 86400 FROM redemption", [], |r| r.get(0)).unwrap();
    db.execute("UPDATE redemption SET at = ?1", [ahead]).unwrap();
    db.execute("UPDATE high_water SET at = ?1", [ahead]).unwrap();
    assert_eq!(setup.redeem(&other).1["code"], "clock_rollback");

    // Without --confirm: says what would change, changes nothing.
    let out = run_ok("verifier", &["--lang", "en", "clock-reset", "--data", venue], 2);
    assert!(out.contains("run this again with --confirm"), "{out}");
    let count = |sql: &str| db.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(count("SELECT at FROM high_water"), ahead);
    assert_eq!(count("SELECT count(*) FROM event"), 0);

    let out = run_ok("verifier", &["clock-reset", "--data", venue, "--confirm"], 0);
    assert!(out.contains("er registrert i registreringsloggen"), "{out}");
    assert!(count("SELECT at FROM high_water") < ahead);
    // Recorded as an event: its kind, time and the old mark; no card data.
    let (kind, detail): (String, i64) =
        db.query_row("SELECT kind, detail FROM event", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!((kind.as_str(), detail), ("clock_reset", ahead));
    // The visit stays counted: the card is refused; it cannot be undone.
    let (code, v) = setup.redeem(&used);
    assert_eq!((code, v["code"].as_str()), (1, Some("quota_exhausted")));
    let out = run("verifier", &["undo", "--data", venue]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(count("SELECT count(*) FROM redemption"), 1);
    assert_eq!(setup.redeem(&other).0, 0);
    // Not behind any more: nothing to do, nothing recorded.
    run_ok("verifier", &["clock-reset", "--data", venue, "--confirm"], 0);
    assert_eq!(count("SELECT count(*) FROM event"), 1);
}
