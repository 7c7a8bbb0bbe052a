//! Per-venue pseudonyms (SPEC §11.3), with the real binaries and the real
//! redemption logs: two venues (and a second station of one venue) redeem
//! the same cards; their logs share no 8-byte sequence derived from a card,
//! and no log holds a card's token, token id or card number in any of the
//! encodings of SPEC §3–§4.

use base64::Engine as _;
use e2e::{Setup, run_ok, s};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn text(card: &Value, field: &str) -> String {
    card[field].as_str().unwrap_or_else(|| panic!("card has no {field}: {card}")).to_string()
}

/// The bytes of a venue's log: its database file and write-ahead log.
fn log_bytes(dir: &Path) -> Vec<u8> {
    let mut all = Vec::new();
    for f in ["redemptions.db", "redemptions.db-wal"] {
        all.extend(std::fs::read(dir.join(f)).unwrap_or_default());
    }
    all
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Every encoding of a card that SPEC §3–§4 defines, and parts of them long
/// enough to name it: the token's decimal digits (whole, and each 17-digit
/// group), its URL forms, base64url and hex of the token; the token id's
/// bytes (every 8-byte window), hex (both cases) and base64 (both
/// alphabets); the card number as printed, without dashes, in lower case,
/// its 40-bit value as 5 bytes and in decimal.
fn encodings(card: &Value) -> Vec<Vec<u8>> {
    let qr = text(card, "qr_text");
    let token = shared::wire::token_bytes_from_text(&qr).expect("card text");
    let digits = shared::wire::encode_decimal(&token);
    let id = Setup::token_id(&qr);
    let number = text(card, "card_number");
    let n = shared::CardNumber::parse(&number).expect("card number").0;
    let mut out: Vec<Vec<u8>> = vec![
        digits.clone().into_bytes(),
        qr.clone().into_bytes(),
        text(card, "url").into_bytes(),
        shared::wire::encode_base64url(&token).into_bytes(),
        shared::wire::hex_encode(&token).into_bytes(),
        number.clone().into_bytes(),
        number.replace('-', "").into_bytes(),
        number.to_lowercase().into_bytes(),
        number.replace('-', "").to_lowercase().into_bytes(),
        n.to_be_bytes()[3..].to_vec(),
        n.to_string().into_bytes(),
        shared::wire::encode_base64url(&id).into_bytes(),
        base64::engine::general_purpose::STANDARD.encode(&id).into_bytes(),
    ];
    out.extend(digits.as_bytes().chunks(17).filter(|c| c.len() == 17).map(<[u8]>::to_vec));
    out.extend(id.windows(8).map(<[u8]>::to_vec));
    let hex = shared::wire::hex_encode(&id);
    for h in [hex.clone(), hex.to_uppercase()] {
        out.extend(h.as_bytes().windows(16).map(<[u8]>::to_vec));
    }
    out
}

#[test]
fn two_venues_logs_share_nothing_derived_from_a_card_and_hold_no_encoding_of_it() {
    let setup = Setup::new("bolgen-kino");
    let bundle = setup.bundle("b1.akb");
    let pool = setup.tmp.path().join("pool");
    let kino2 = setup.tmp.path().join("kino2");
    for (dir, venue) in [(&pool, "larvik-svommehall"), (&kino2, "bolgen-kino")] {
        let out = setup.init_venue(dir, &bundle, &setup.fingerprint, venue);
        assert_eq!(out.status.code(), Some(0), "{}", e2e::stderr(&out));
    }
    let venues: [PathBuf; 3] = [setup.venue.clone(), pool, kino2];
    // Each station made its own secret at `verifier init`, owner-only.
    use std::os::unix::fs::PermissionsExt as _;
    let mut secrets = Vec::new();
    for dir in &venues {
        let path = dir.join("station.secret");
        assert_eq!(std::fs::metadata(&path).expect("secret").permissions().mode() & 0o777, 0o600);
        secrets.push(std::fs::read(&path).expect("secret"));
    }
    assert!(secrets[0] != secrets[1] && secrets[1] != secrets[2] && secrets[0] != secrets[2]);

    let cards = setup.issue(1, 3, &[]);
    for dir in &venues {
        for card in &cards {
            let out = run_ok("verifier", &["redeem", "--data", s(dir), "--json", &text(card, "qr_text")], 0);
            let v: Value = serde_json::from_str(&out).expect("JSON");
            assert_eq!(v["code"], "ok", "{v}");
        }
    }
    let logs: Vec<Vec<u8>> = venues.iter().map(|d| log_bytes(d)).collect();
    for card in &cards {
        let qr = text(card, "qr_text");
        let pseudonyms: Vec<Vec<u8>> = venues.iter().map(|d| Setup::pseudonym(d, &qr)).collect();
        for (i, log) in logs.iter().enumerate() {
            // The control: each log holds its own pseudonym of the card …
            assert!(contains(log, &pseudonyms[i]), "venue {i} does not hold its pseudonym");
            // … and no 8 bytes of another station's.
            for (j, other) in pseudonyms.iter().enumerate().filter(|(j, _)| *j != i) {
                for w in other.windows(8) {
                    assert!(!contains(log, w), "venue {i}'s log holds 8 bytes of venue {j}'s pseudonym");
                }
            }
            for needle in encodings(card) {
                assert!(!contains(log, &needle), "venue {i}'s log holds {:?}", String::from_utf8_lossy(&needle));
            }
        }
    }
    // Quotas work per pseudonym: the card used at the cinema this week is
    // refused there again, at both of its stations.
    for dir in [&venues[0], &venues[2]] {
        let out = e2e::run("verifier", &["redeem", "--data", s(dir), "--json", &text(&cards[0], "qr_text")]);
        let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(v["code"], "quota_exhausted", "{v}");
    }
}

#[test]
fn the_station_removes_visits_no_quota_or_report_needs_when_it_opens_its_log() {
    let setup = Setup::new("bolgen-kino");
    let card = &setup.issue(1, 1, &[])[0];
    assert_eq!(setup.redeem(&text(card, "qr_text")).0, 0);
    // A visit of two years ago (1 a week and 12 a card's validity at the
    // cinema; a card of the type is valid within one calendar year).
    let old = [0xA5u8, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0x5A];
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs();
    let two_years_ago = i64::try_from(now).expect("time") - 730 * 86_400;
    let db = rusqlite::Connection::open(setup.venue.join("redemptions.db")).expect("log");
    db.execute(
        "INSERT INTO redemption (pseudonym, benefit, card_type, at) VALUES (?1, 'kino', 1, ?2)",
        rusqlite::params![&old[..], two_years_ago],
    )
    .expect("insert");
    drop(db);
    run_ok("verifier", &["report", "--data", s(&setup.venue)], 0);
    let db = rusqlite::Connection::open(setup.venue.join("redemptions.db")).expect("log");
    let (rows, first): (i64, i64) =
        db.query_row("SELECT count(*), min(at) FROM redemption", [], |r| Ok((r.get(0)?, r.get(1)?))).expect("count");
    assert_eq!(rows, 1, "only this week's visit is left");
    assert!(first > two_years_ago);
    drop(db);
    assert!(!contains(&log_bytes(&setup.venue), &old), "the removed visit's pseudonym is still in the log's files");
    assert!(contains(&log_bytes(&setup.venue), &Setup::pseudonym(&setup.venue, &text(card, "qr_text"))));
}
