//! `verifier::fetch` against a tiny HTTP server on 127.0.0.1 (std only):
//! each way a fetch can fail gives its own error, and the installed bundle
//! stays as it was.

use keys::KeyRing;
use shared::model::{Catalogue, Category, Venue};
use shared::{BundleBody, BundleError, Timestamp};
use std::io::{Read as _, Write as _};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use verifier::VerifierError;
use verifier::fetch::{FetchConfig, FetchError, Fetched, fetch_bundle, init_from_url, update_from_url};
use verifier::store::{UpdateOutcome, VenueStore};

const NOW: Timestamp = Timestamp(1_795_262_400);

/// What the stub does with one connection.
#[derive(Clone)]
enum Answer {
    /// Write these bytes (a whole response) and close.
    Raw(Vec<u8>),
    /// 200 with this body and an ETag.
    Bundle(Vec<u8>, &'static str),
    /// Read the request, then say nothing for this long.
    Silent(Duration),
}

fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

/// A one-thread HTTP/1.1 server on 127.0.0.1 that answers every connection
/// with the current [`Answer`] and records the request heads it saw.
struct Stub {
    url: String,
    answer: Arc<Mutex<Answer>>,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Stub {
    fn start(answer: Answer) -> Stub {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/bundle", listener.local_addr().unwrap());
        let answer = Arc::new(Mutex::new(answer));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (a, r) = (answer.clone(), requests.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let (a, r) = (a.clone(), r.clone());
                std::thread::spawn(move || {
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                    let mut head = Vec::new();
                    let mut byte = [0u8; 1];
                    // Read the request head; stop at once on bytes that are
                    // not HTTP (a TLS ClientHello), as a real server would.
                    while !head.ends_with(b"\r\n\r\n") && head.len() < 16_384 {
                        match stream.read(&mut byte) {
                            Ok(1) if byte[0].is_ascii_graphic() || b" \r\n\t".contains(&byte[0]) => head.push(byte[0]),
                            _ => break,
                        }
                    }
                    r.lock().unwrap().push(String::from_utf8_lossy(&head).into_owned());
                    let answer = a.lock().unwrap().clone();
                    match answer {
                        Answer::Raw(bytes) => {
                            let _ = stream.write_all(&bytes);
                        }
                        Answer::Bundle(body, etag) => {
                            let _ = stream.write_all(&response("200 OK", &[("ETag", etag)], &body));
                        }
                        Answer::Silent(d) => std::thread::sleep(d),
                    }
                });
            }
        });
        Stub { url, answer, requests }
    }

    fn set(&self, answer: Answer) {
        *self.answer.lock().unwrap() = answer;
    }

    fn last_request(&self) -> String {
        self.requests.lock().unwrap().last().cloned().unwrap_or_default()
    }
}

fn bundle(ring: &KeyRing, version: u64) -> Vec<u8> {
    let body = BundleBody {
        version,
        issued_at: NOW,
        expires_at: NOW.plus_seconds(86_400),
        root_key_id: ring.root_key_id(),
        signing_keys: ring.signing_keys().to_vec(),
        catalogue: Catalogue {
            scheme_name: "Test".into(),
            public_base_url: "https://kort.example.no".into(),
            venues: vec![Venue {
                id: "kino".into(),
                name: "Kino".into(),
                category: Category::Cinema,
                address: "x".into(),
                ..Default::default()
            }],
            card_types: vec![],
            contact: None,
        },
        revoked: vec![],
    };
    ring.sign_bundle(body).unwrap()
}

fn quick() -> FetchConfig {
    FetchConfig {
        connect_timeout: Duration::from_millis(500),
        read_timeout: Duration::from_millis(500),
        ..FetchConfig::default()
    }
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn set_up_from_a_url_then_updates_with_if_none_match() {
    let tmp = tempfile::tempdir().unwrap();
    let ring = KeyRing::create(&tmp.path().join("keys"), NOW).unwrap();
    let stub = Stub::start(Answer::Bundle(bundle(&ring, 1), "\"v1\""));
    let dir = tmp.path().join("venue");

    let store = init_from_url(&dir, &stub.url, &ring.root_fingerprint(), "kino", NOW, &quick()).unwrap();
    assert_eq!(store.bundle().version(), 1);
    assert_eq!(store.bundle_url(), Some(stub.url.as_str()));
    assert_eq!(store.etag(), Some("\"v1\""));
    assert!(!stub.last_request().to_lowercase().contains("if-none-match"), "{}", stub.last_request());
    // Set up once only.
    let again = init_from_url(&dir, &stub.url, &ring.root_fingerprint(), "kino", NOW, &quick());
    assert!(matches!(again, Err(VerifierError::AlreadyInitialised(d)) if d == dir));

    // Remembered across opening; the ETag goes out; 304 is "not modified".
    let mut store = VenueStore::open(&dir, NOW).unwrap();
    assert_eq!(store.bundle_url(), Some(stub.url.as_str()));
    stub.set(Answer::Raw(response("304 Not Modified", &[("ETag", "\"v1\"")], b"")));
    assert_eq!(update_from_url(&mut store, None, NOW, &quick()).unwrap(), UpdateOutcome::NotModified(1));
    assert!(stub.last_request().to_lowercase().contains("if-none-match: \"v1\""), "{}", stub.last_request());

    // A newer bundle is installed and its ETag kept.
    stub.set(Answer::Bundle(bundle(&ring, 2), "\"v2\""));
    assert_eq!(update_from_url(&mut store, None, NOW, &quick()).unwrap(), UpdateOutcome::Installed { from: 1, to: 2 });
    let store = VenueStore::open(&dir, NOW).unwrap();
    assert_eq!((store.bundle().version(), store.etag()), (2, Some("\"v2\"")));

    // The same version again (a server without ETags) is "already current".
    let mut store = store;
    stub.set(Answer::Raw(response("200 OK", &[], &bundle(&ring, 2))));
    assert_eq!(update_from_url(&mut store, None, NOW, &quick()).unwrap(), UpdateOutcome::AlreadyCurrent(2));
    assert_eq!(store.etag(), None);
}

#[test]
fn every_failed_update_keeps_the_installed_bundle_and_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    let ring = KeyRing::create(&tmp.path().join("keys"), NOW).unwrap();
    let stub = Stub::start(Answer::Bundle(bundle(&ring, 5), "\"v5\""));
    let dir = tmp.path().join("venue");
    let mut store = init_from_url(&dir, &stub.url, &ring.root_fingerprint(), "kino", NOW, &quick()).unwrap();
    let before = files(&dir);
    let url = stub.url.clone();

    let mut tampered = bundle(&ring, 6);
    let last = tampered.len() - 1;
    tampered[last] ^= 1;
    let big = vec![0u8; shared::wire::MAX_BUNDLE_BYTES + 1];
    let mut chunked_big = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_vec();
    chunked_big.extend_from_slice(&big);
    type Expected = Box<dyn Fn(&VerifierError) -> bool>;
    let cases: Vec<(&str, Answer, Expected)> = vec![
        (
            "tampered",
            Answer::Bundle(tampered, "\"v6\""),
            Box::new(|e| matches!(e, VerifierError::Bundle(BundleError::BadSignature))),
        ),
        (
            "rollback",
            Answer::Bundle(bundle(&ring, 4), "\"v4\""),
            Box::new(|e| matches!(e, VerifierError::Bundle(BundleError::Rollback { current: 5, offered: 4 }))),
        ),
        (
            "not a bundle",
            Answer::Raw(response("200 OK", &[("Content-Type", "application/octet-stream")], b"<html>hello</html>")),
            Box::new(|e| matches!(e, VerifierError::Bundle(BundleError::Encoding(_)))),
        ),
        (
            "oversized, announced",
            Answer::Raw(response("200 OK", &[], &big)),
            Box::new(
                |e| matches!(e, VerifierError::Fetch(FetchError::TooLarge { max, .. }) if *max == shared::wire::MAX_BUNDLE_BYTES),
            ),
        ),
        (
            "oversized, unannounced",
            Answer::Raw(chunked_big),
            Box::new(|e| matches!(e, VerifierError::Fetch(FetchError::TooLarge { .. }))),
        ),
        (
            "404",
            Answer::Raw(response("404 Not Found", &[], b"no")),
            Box::new(|e| matches!(e, VerifierError::Fetch(FetchError::Status { status: 404, .. }))),
        ),
        (
            "500",
            Answer::Raw(response("500 Internal Server Error", &[], b"oops")),
            Box::new(|e| matches!(e, VerifierError::Fetch(FetchError::Status { status: 500, .. }))),
        ),
        (
            "304 to a request without If-None-Match is not trusted",
            Answer::Raw(response("304 Not Modified", &[], b"")),
            Box::new(|e| matches!(e, VerifierError::Fetch(FetchError::Status { status: 304, .. }))),
        ),
        (
            "silent",
            Answer::Silent(Duration::from_secs(3)),
            Box::new(|e| matches!(e, VerifierError::Fetch(FetchError::TimedOut { .. }))),
        ),
        (
            "not HTTP",
            Answer::Raw(b"SSH-2.0-OpenSSH_9.6\r\n".to_vec()),
            Box::new(|e| matches!(e, VerifierError::Fetch(FetchError::Broken { .. }))),
        ),
        (
            "redirect loop",
            Answer::Raw(response("302 Found", &[("Location", "/bundle")], b"")),
            Box::new(|e| matches!(e, VerifierError::Fetch(FetchError::Redirects { .. }))),
        ),
    ];
    for (name, answer, expected) in cases {
        stub.set(answer);
        // The 304 case: a URL other than the remembered one sends no ETag.
        let other = format!("{url}?no-etag");
        let given = if name.starts_with("304") { Some(other.as_str()) } else { None };
        let started = std::time::Instant::now();
        let result = update_from_url(&mut store, given, NOW, &quick());
        let err = result.expect_err(name);
        assert!(expected(&err), "{name}: {err:?}");
        assert!(started.elapsed() < Duration::from_secs(3), "{name} took {:?}", started.elapsed());
        assert_eq!(store.bundle().version(), 5, "{name}");
        assert_eq!(files(&dir), before, "{name}: the venue's files changed");
        assert_eq!(store.bundle_url(), Some(url.as_str()), "{name}");
    }

    // A bundle from the future (or a clock set back) is refused too.
    stub.set(Answer::Bundle(bundle(&ring, 8), "\"v8\""));
    let earlier = NOW.plus_seconds(-3600);
    let err = update_from_url(&mut store, None, earlier, &quick()).unwrap_err();
    assert!(matches!(err, VerifierError::Bundle(BundleError::FromTheFuture)), "{err:?}");
    assert_eq!((store.bundle().version(), files(&dir)), (5, before.clone()));

    // The messages say what to do, in English and in Norwegian.
    stub.set(Answer::Raw(response("404 Not Found", &[], b"no")));
    let err = update_from_url(&mut store, None, NOW, &quick()).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{url} answered HTTP 404: there is no trust bundle at this address. Check the URL from the set-up code, \
             or ask the administrator."
        )
    );
    let nb = verifier::i18n::Messages::of(verifier::i18n::Lang::Nb).error(&err);
    assert!(nb.starts_with(&format!("{url} svarte HTTP 404: det finnes ingen tillitspakke")), "{nb}");

    // Redirects are followed (a few).
    stub.set(Answer::Bundle(bundle(&ring, 7), "\"v7\""));
    let moved = Stub::start(Answer::Raw(response("301 Moved Permanently", &[("Location", &url)], b"")));
    let out = update_from_url(&mut store, Some(&moved.url), NOW, &quick()).unwrap();
    assert_eq!(out, UpdateOutcome::Installed { from: 5, to: 7 });
    // The URL given is remembered once a bundle from it verified.
    assert_eq!(store.bundle_url(), Some(moved.url.as_str()));
}

#[test]
fn refused_connections_tls_mismatch_and_missing_urls() {
    // Nothing listens on a port just released.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}/bundle");
    let e = fetch_bundle(&url, None, &quick()).unwrap_err();
    assert!(matches!(&e, FetchError::ConnectionRefused { url: u } if *u == url), "{e:?}");
    assert!(e.to_string().starts_with(&format!("Cannot reach {url}: the connection was refused")), "{e}");

    // https:// to a plain-HTTP server: a TLS error, not a panic or a hang.
    let stub = Stub::start(Answer::Raw(response("400 Bad Request", &[], b"plain http")));
    let https = stub.url.replace("http://", "https://");
    let e = fetch_bundle(&https, None, &quick()).unwrap_err();
    assert!(
        matches!(&e, FetchError::Tls { reason, .. } if reason == "the server did not answer as a TLS (https) server"),
        "{e:?}"
    );

    // A 200 answer is returned as it came, with its ETag; no verification here.
    stub.set(Answer::Bundle(b"bytes".to_vec(), "\"x\""));
    let got = fetch_bundle(&stub.url, None, &quick()).unwrap();
    assert_eq!(got, Fetched::Bundle { bytes: b"bytes".to_vec(), etag: Some("\"x\"".into()) });

    // Set-up from a URL whose bundle lacks the venue, or is signed by
    // another root: refused, and nothing is written.
    let tmp = tempfile::tempdir().unwrap();
    let ring = KeyRing::create(&tmp.path().join("keys"), NOW).unwrap();
    let other = KeyRing::create(&tmp.path().join("other-keys"), NOW).unwrap();
    stub.set(Answer::Bundle(bundle(&ring, 1), "\"v1\""));
    let dir = tmp.path().join("venue");
    let e = init_from_url(&dir, &stub.url, &ring.root_fingerprint(), "bowling", NOW, &quick()).unwrap_err();
    assert!(matches!(&e, VerifierError::UnknownVenue { venue, known } if venue == "bowling" && known == &["kino"]));
    let e = init_from_url(&dir, &stub.url, &other.root_fingerprint(), "kino", NOW, &quick()).unwrap_err();
    assert!(matches!(e, VerifierError::Bundle(BundleError::UntrustedRoot)), "{e:?}");
    assert!(!dir.exists());

    // A venue set up from a file knows no URL.
    let mut store = VenueStore::init(&dir, &bundle(&ring, 1), &ring.root_fingerprint(), "kino", NOW).unwrap();
    let e = update_from_url(&mut store, None, NOW, &quick()).unwrap_err();
    assert!(matches!(&e, VerifierError::NoBundleUrl(d) if *d == dir), "{e:?}");
}
