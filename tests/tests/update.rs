//! `verifier init` and `verifier update` fetching the trust bundle from its
//! URL: against the real `issuer serve` on loopback, and against a tiny
//! HTTP server in this test that misbehaves on purpose.

use e2e::{Server, Setup, run, run_ok, s, stderr};
use serde_json::Value;
use std::io::{Read as _, Write as _};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn text(card: &Value, field: &str) -> String {
    card[field].as_str().unwrap_or_else(|| panic!("card has no {field}: {card}")).to_string()
}

/// `verifier --lang en ARGS…`.
fn verifier(args: &[&str]) -> std::process::Output {
    run("verifier", &[&["--lang", "en"], args].concat())
}

/// `verifier check --json` → (exit code, reason, bundle version).
fn check(venue: &std::path::Path, qr: &str) -> (i32, String, u64) {
    let out = run("verifier", &["check", "--data", s(venue), "--json", qr]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    (
        out.status.code().unwrap_or(-1),
        v["reason"].as_str().unwrap_or("").into(),
        v["bundle_version"].as_u64().unwrap_or(0),
    )
}

#[test]
fn a_venue_set_up_from_the_code_follows_the_servers_bundle_and_keeps_working_offline() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    run_ok("issuer", &["init", "--data", s(&data)], 0);
    let cards: Vec<Value> = serde_json::from_str(&run_ok(
        "issuer",
        &["issue", "--data", s(&data), "--card-type", "1", "--count", "2", "--json"],
        0,
    ))
    .unwrap();
    let (lost, good) = (text(&cards[0], "qr_text"), text(&cards[1], "qr_text"));
    let server = Server::start(&data);
    let url = format!("http://{}/bundle", server.addr);
    let fp = run_ok("issuer", &["root-fingerprint", "--data", s(&data)], 0);
    let code = shared::setup::VenueSetup {
        bundle_url: url.clone(),
        root: shared::Fingerprint::parse(fp.trim()).unwrap(),
        venue: "bolgen-kino".into(),
        registration: None,
    }
    .to_text();

    // Set up from the code alone: the bundle is fetched from its URL.
    let venue = tmp.path().join("venue");
    let out = verifier(&["init", "--data", s(&venue), "--setup", &code]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut lines = stdout.lines();
    let first = lines.next().unwrap_or_default();
    assert!(first.starts_with("Set up for Bølgen kino (bolgen-kino) with trust bundle version "), "{stdout}");
    assert_eq!(
        lines.next(),
        Some(format!("Updates are fetched from {url} (run \"verifier update\" when online).").as_str())
    );
    // The first line; the venue key's registration follows (SPEC §13.4).
    assert_eq!(stderr(&out).lines().next(), Some(format!("Fetching the trust bundle from {url} …").as_str()));
    let (c, reason, v1) = check(&venue, &lost);
    assert_eq!((c, reason.as_str()), (0, "ok"));
    // A second init is refused before anything is fetched.
    let out = verifier(&["init", "--data", s(&venue), "--setup", &code]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("error: ") && stderr(&out).contains("is already set up"), "{}", stderr(&out));

    // The administrator blocks a card and publishes; the venue updates.
    let number = text(&cards[0], "card_number");
    run_ok("issuer", &["revoke", "--data", s(&data), &number], 0);
    run_ok("issuer", &["bundle", "--data", s(&data), "--out", s(&tmp.path().join("b.akb"))], 0);
    let out = run_ok("verifier", &["--lang", "en", "update", "--data", s(&venue)], 0);
    // The first line; the usage reports' lines follow (SPEC §13.4).
    assert_eq!(out.lines().next(), Some(format!("Installed trust bundle version {} (was {v1}).", v1 + 1).as_str()));
    assert_eq!(check(&venue, &lost), (1, "revoked".into(), v1 + 1));
    assert_eq!(check(&venue, &good).0, 0);

    // Again: the server answers 304 to the stored ETag.
    let out = run_ok("verifier", &["--lang", "en", "update", "--data", s(&venue)], 0);
    let expected = format!("Already up to date: trust bundle version {}, issued ", v1 + 1);
    let first = out.lines().next().unwrap_or_default();
    assert!(first.starts_with(&expected) && first.ends_with(" min ago)."), "{out}");
    let out = run_ok("verifier", &["update", "--data", s(&venue)], 0);
    assert!(out.starts_with(&format!("Allerede oppdatert: tillitspakke versjon {}, utstedt ", v1 + 1)), "{out}");
    // The server goes away: the update fails plainly, the venue keeps working.
    let (stopped, log) = server.stop_with_log();
    assert_eq!(log.iter().filter(|l| l.starts_with("GET /bundle 304")).count(), 2, "{log:?}");
    assert!(stopped);
    let out = verifier(&["update", "--data", s(&venue)]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "error: Cannot reach {url}: the connection was refused (the issuer's server is not running there). \
             Check the URL from the set-up code, or ask the administrator whether the server is down."
        )),
        "{err}"
    );
    assert!(err.contains(&format!("The trust bundle in use is still version {}, issued ", v1 + 1)), "{err}");
    assert!(err.contains("cards are checked against it."), "{err}");
    let out = run("verifier", &["update", "--data", s(&venue)]);
    assert!(stderr(&out).contains(&format!("Får ikke kontakt med {url}: tilkoblingen ble avvist")), "{}", stderr(&out));
    assert_eq!(check(&venue, &good), (0, "ok".into(), v1 + 1));
    assert_eq!(check(&venue, &lost).1, "revoked");
}

/// A tiny HTTP/1.1 server on 127.0.0.1 answering every request with the
/// bytes set last (a whole response), one thread per connection.
struct Stub {
    url: String,
    answer: Arc<Mutex<Vec<u8>>>,
}

fn response(status: &str, body: &[u8]) -> Vec<u8> {
    let head = format!("HTTP/1.1 {status}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n", body.len());
    [head.as_bytes(), body].concat()
}

impl Stub {
    fn start() -> Stub {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/bundle", listener.local_addr().unwrap());
        let answer = Arc::new(Mutex::new(response("404 Not Found", b"")));
        let a = answer.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let a = a.clone();
                std::thread::spawn(move || {
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                    let (mut head, mut byte) = (Vec::new(), [0u8; 1]);
                    // Stop at the end of the head, or at bytes that are not
                    // HTTP (a TLS ClientHello), as a real server would.
                    while !head.ends_with(b"\r\n\r\n") && head.len() < 16_384 {
                        match stream.read(&mut byte) {
                            Ok(1) if byte[0].is_ascii_graphic() || b" \r\n\t".contains(&byte[0]) => head.push(byte[0]),
                            _ => break,
                        }
                    }
                    let bytes = a.lock().unwrap().clone();
                    let _ = stream.write_all(&bytes);
                });
            }
        });
        Stub { url, answer }
    }

    fn set(&self, bytes: Vec<u8>) {
        *self.answer.lock().unwrap() = bytes;
    }
}

#[test]
fn a_bad_answer_from_the_bundle_url_is_refused_and_the_installed_bundle_kept() {
    let setup = Setup::new("bolgen-kino");
    let card = &setup.issue(1, 1, &[])[0];
    let qr = text(card, "qr_text");
    let venue = s(&setup.venue);

    // Set up from a file: no URL known yet.
    let out = verifier(&["update", "--data", venue]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("error: No bundle URL is known for this venue (it was set up from a file)."));
    assert!(stderr(&out).contains("The trust bundle in use is still version 1, issued "), "{}", stderr(&out));

    // `--url` fetches, installs, and remembers the URL.
    let stub = Stub::start();
    let b1 = std::fs::read(setup.tmp.path().join("b1.akb")).unwrap();
    let b2 = std::fs::read(setup.bundle("b2.akb")).unwrap();
    stub.set(response("200 OK", &b2));
    let out = run_ok("verifier", &["--lang", "en", "update", "--data", venue, "--url", &stub.url], 0);
    assert_eq!(out.lines().next(), Some("Installed trust bundle version 2 (was 1)."));
    let config = std::fs::read_to_string(setup.venue.join("venue.json")).unwrap();
    assert!(config.contains(&format!("\"bundle_url\": \"{}\"", stub.url)), "{config}");

    let mut tampered = std::fs::read(setup.bundle("b3.akb")).unwrap();
    let i = tampered.len() / 2;
    tampered[i] ^= 0x01;
    let url = &stub.url;
    let cases: Vec<(&str, Vec<u8>, String)> = vec![
        (
            "tampered",
            response("200 OK", &tampered),
            "error: the bundle's signature is not valid (tampered or damaged)".into(),
        ),
        (
            "rollback",
            response("200 OK", &b1),
            "error: the bundle is older (version 1) than the one in use (version 2); kept the current one".into(),
        ),
        (
            "oversized",
            response("200 OK", &vec![0u8; shared::wire::MAX_BUNDLE_BYTES + 1]),
            format!(
                "error: {url} sent more than 4194304 bytes, more than any trust bundle may be; refused without \
                 reading it. Ask the administrator."
            ),
        ),
        (
            "404",
            response("404 Not Found", b"<h1>nothing</h1>"),
            format!(
                "error: {url} answered HTTP 404: there is no trust bundle at this address. Check the URL from the \
                 set-up code, or ask the administrator."
            ),
        ),
        (
            "500",
            response("500 Internal Server Error", b"stack trace"),
            format!(
                "error: {url} answered HTTP 500: the issuer's server has a problem. Try again later, and tell the \
                 administrator if it persists."
            ),
        ),
    ];
    for (name, answer, message) in cases {
        stub.set(answer);
        let out = verifier(&["update", "--data", venue]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert_eq!(err.lines().nth(1), Some(message.as_str()), "{name}: {err}");
        assert_eq!(err.lines().next(), Some(format!("Fetching the trust bundle from {url} …").as_str()));
        assert!(err.contains("The trust bundle in use is still version 2, issued "), "{name}: {err}");
        assert!(!err.contains("stack trace") && !err.contains("nothing"), "{name}: the body was printed: {err}");
        assert_eq!(check(&setup.venue, &qr), (0, "ok".into(), 2), "{name}");
    }

    // https:// pointed at the plain-HTTP server: a TLS error, no panic.
    let https = stub.url.replace("http://", "https://");
    let out = verifier(&["update", "--data", venue, "--url", &https]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).lines().nth(1),
        Some(
            format!(
                "error: Cannot reach {https} securely: the server did not answer as a TLS (https) server. Check this \
                 computer's date and time (certificates depend on it), and that the URL is the one in the set-up \
                 code, or ask the administrator."
            )
            .as_str()
        ),
        "{}",
        stderr(&out)
    );
    // A failed `--url` is not remembered.
    let config = std::fs::read_to_string(setup.venue.join("venue.json")).unwrap();
    assert!(config.contains(&format!("\"bundle_url\": \"{}\"", stub.url)), "{config}");

    // Not a URL at all.
    let out = verifier(&["update", "--data", venue, "--url", "kort.larvik.kommune.no/bundle"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("error: «kort.larvik.kommune.no/bundle» is not a bundle URL"), "{}", stderr(&out));

    // Offline set-up from a file with the set-up code remembers the code's URL.
    let code = shared::setup::VenueSetup {
        bundle_url: stub.url.clone(),
        root: shared::Fingerprint::parse(&setup.fingerprint).unwrap(),
        venue: "bolgen-kino".into(),
        registration: None,
    }
    .to_text();
    let other = setup.tmp.path().join("other");
    let b1_path = setup.tmp.path().join("b1.akb");
    run_ok("verifier", &["init", "--data", s(&other), "--setup", &code, "--bundle", s(&b1_path)], 0);
    stub.set(response("200 OK", &b2));
    let out = run_ok("verifier", &["--lang", "en", "update", "--data", s(&other)], 0);
    assert_eq!(out.lines().next(), Some("Installed trust bundle version 2 (was 1)."));
}
