//! The real `issuer serve` on loopback.

use e2e::{Server, run_ok, s};

#[test]
fn the_server_starts_on_an_empty_directory_serves_the_bundle_and_stops_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let server = Server::start(&data);
    let link = server.setup_link.clone().expect("a set-up link on first run");
    assert!(link.starts_with(&format!("http://{}/setup?token=", server.addr)), "{link}");
    let token = link.split("token=").nth(1).unwrap().to_string();
    assert!(token.len() >= 40, "{token}");

    // The published bundle verifies against the root the CLI reports.
    let (status, head, body) = server.request("GET", "/bundle", &[], b"");
    assert_eq!(status, 200, "{head}");
    assert!(head.to_lowercase().contains("etag: \"v1\""), "{head}");
    let fp = run_ok("issuer", &["root-fingerprint", "--data", s(&data)], 0);
    let fp = shared::Fingerprint::parse(fp.trim()).unwrap();
    let now =
        shared::Timestamp(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64);
    let bundle = shared::verify_bundle(&body, &fp, now).unwrap();
    assert_eq!(bundle.catalogue().public_base_url, format!("http://{}", server.addr));

    // The set-up page works; the access log names the path, never the token.
    let (status, _, html) = server.request("GET", &format!("/setup?token={token}"), &[], b"");
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&html).contains("name=\"token\""));
    let (status, _, _) = server.request("GET", "/login", &[("Accept-Language", "en")], b"");
    assert_eq!(status, 200);
    std::thread::sleep(std::time::Duration::from_millis(200));
    let log = server.log();
    assert!(log.iter().any(|l| l.starts_with("GET /setup 200")), "{log:?}");
    assert!(log.iter().any(|l| l.starts_with("GET /bundle 200")), "{log:?}");
    let after_start: Vec<&String> = log.iter().skip(3).collect();
    assert!(after_start.iter().all(|l| !l.contains(&token)), "{log:?}");

    assert!(server.stop(), "issuer serve did not exit cleanly on SIGTERM");

    // A second start reuses the keys and database: same root, no new bundle.
    let server = Server::start(&data);
    let (_, _, body2) = server.request("GET", "/bundle", &[], b"");
    let bundle2 = shared::verify_bundle(&body2, &fp, now).unwrap();
    // A new port is a new public URL: the catalogue changed, so version 2.
    let moved = bundle2.catalogue().public_base_url != bundle.catalogue().public_base_url;
    assert_eq!(bundle2.version(), if moved { 2 } else { 1 });
    assert_eq!(bundle2.catalogue().public_base_url, format!("http://{}", server.addr));
    assert!(server.stop());
}
