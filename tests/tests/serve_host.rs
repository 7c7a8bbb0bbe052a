//! End to end with the real binary: `verifier serve` answers only to its
//! own names (SPEC §11.7): a request naming another host (DNS rebinding:
//! `Host: evil.example` with a matching `Origin`) is refused with 421
//! before anything else, and records nothing, even from a paired device.

use e2e::{Server, Setup};
use std::io::{Read as _, Write as _};
use std::net::TcpStream;

/// One raw HTTP/1.1 request with exactly these headers (the `Host` given
/// here, not the address connected to); the status code.
fn raw(addr: &str, method: &str, path: &str, host: &str, headers: &[&str], body: &str) -> u16 {
    let mut stream = TcpStream::connect(addr).expect("connect");
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for h in headers {
        req.push_str(h);
        req.push_str("\r\n");
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(req.as_bytes()).expect("write");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    answer.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[test]
fn a_foreign_host_can_neither_load_redeem_nor_undo() {
    let setup = Setup::new("bolgen-kino");
    let card = setup.issue(1, 1, &[]).remove(0);
    let form = format!("text={}", card["qr_text"].as_str().expect("qr_text").replace('#', "%23").replace('/', "%2F"));
    let mut server = Server::start_verifier(&setup.venue);
    let cookie = format!("Cookie: {}", server.pair(&setup.venue));
    let addr = server.addr.clone();
    let port = addr.rsplit(':').next().unwrap_or("");
    let form_type = "Content-Type: application/x-www-form-urlencoded";
    for host in ["evil.example", &format!("evil.example:{port}"), "127.0.0.1.nip.io", "192.168.1.5", ""] {
        let origin = format!("Origin: http://{host}");
        assert_eq!(raw(&addr, "GET", "/", host, &[], ""), 421, "{host}");
        assert_eq!(raw(&addr, "POST", "/redeem", host, &[form_type, &origin, &cookie], &form), 421, "{host}");
        assert_eq!(raw(&addr, "POST", "/undo", host, &[&origin, &cookie], ""), 421, "{host}");
    }
    let db = rusqlite::Connection::open(setup.venue.join("redemptions.db")).expect("log");
    let count: i64 = db.query_row("SELECT count(*) FROM redemption", [], |r| r.get(0)).expect("count");
    assert_eq!(count, 0);
    // Its own names are answered.
    for host in [addr.clone(), format!("localhost:{port}"), format!("[::1]:{port}")] {
        assert_eq!(raw(&addr, "GET", "/", &host, &[], ""), 200, "{host}");
    }
    // A foreign Origin with the station's own Host is still refused (403).
    let evil = "Origin: http://evil.example";
    assert_eq!(raw(&addr, "POST", "/redeem", &addr, &[form_type, evil, &cookie], &form), 403);
    assert_eq!(raw(&addr, "POST", "/undo", &addr, &[evil, &cookie], ""), 403);
    assert_eq!(raw(&addr, "POST", "/undo", &addr, &[evil, &cookie, form_type], "visit=1"), 403);
    // A foreign page cannot pair a browser either.
    let code = format!("code={}", e2e::pairing_code(&setup.venue));
    assert_eq!(raw(&addr, "POST", "/pair", &addr, &[evil, form_type], &code), 403);
    assert_eq!(raw(&addr, "POST", "/pair", "evil.example", &["Origin: http://evil.example", form_type], &code), 421);
    // The paired device, on the station's own name and origin, redeems.
    let own = format!("Origin: http://{addr}");
    assert_eq!(raw(&addr, "POST", "/redeem", &addr, &[form_type, &own, &cookie], &form), 200);
    let count: i64 = db.query_row("SELECT count(*) FROM redemption", [], |r| r.get(0)).expect("count");
    assert_eq!(count, 1);
    assert!(server.stop());
}
