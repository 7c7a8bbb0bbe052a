//! End to end with the real binaries (SPEC §8): the access logs of `issuer
//! serve` and `verifier serve` name the matched route, or `(unmatched)`,
//! never the path a client sent — so a card's digits in a mangled URL
//! (`/K%23<digits>`, `/k/<digits>`, `/redeem/<digits>`, a query string)
//! never reach a log.

use e2e::{Server, Setup};

/// Every line of `log` that holds any 8 digits of `digits` in a row.
fn leaks<'a>(log: &'a [String], digits: &str) -> Vec<&'a String> {
    let windows: Vec<&str> = (0..digits.len().saturating_sub(8)).map(|i| &digits[i..i + 8]).collect();
    log.iter().filter(|l| windows.iter().any(|w| l.contains(w))).collect()
}

#[test]
fn mangled_card_urls_leave_no_digits_in_either_log() {
    let setup = Setup::new("bolgen-kino");
    let card = setup.issue(1, 1, &["--qr", "token"]).remove(0);
    let digits =
        card["qr_text"].as_str().expect("qr_text").trim_start_matches(|c: char| !c.is_ascii_digit()).to_string();
    assert!(digits.len() > 40, "{digits}");
    let issuer = Server::start(&setup.issuer);
    for path in [
        format!("/K%23{digits}"),
        format!("/k%23{digits}"),
        format!("/k/{digits}"),
        format!("/K/{digits}"),
        format!("/k?{digits}"),
        format!("/{digits}"),
        format!("/bundle/{digits}"),
        format!("/api/v1/cards/{digits}"),
    ] {
        let (status, _, _) = issuer.request("GET", &path, &[], b"");
        assert!(status < 500, "{path}: {status}");
    }
    let (stopped, log) = issuer.stop_with_log();
    assert!(stopped);
    assert!(log.iter().any(|l| l.starts_with("GET (unmatched) 404")), "{log:?}");
    assert_eq!(leaks(&log, &digits), Vec::<&String>::new());

    let mut station = Server::start_verifier(&setup.venue);
    station.pair(&setup.venue);
    for (method, path) in [
        ("POST", format!("/redeem/{digits}")),
        ("GET", format!("/K%23{digits}")),
        ("POST", format!("/redeem?text={digits}")),
        ("GET", format!("/{digits}")),
    ] {
        let (status, _, _) =
            station.request(method, &path, &[("Content-Type", "application/x-www-form-urlencoded")], b"");
        assert!(status < 500, "{method} {path}: {status}");
    }
    let (stopped, log) = station.stop_with_log();
    assert!(stopped);
    assert_eq!(leaks(&log, &digits), Vec::<&String>::new());
}
