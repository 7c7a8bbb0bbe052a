//! End to end with the real `issuer serve`: the limits of the server loop
//! (`webkit::serve`) and HSTS (ASVS V13/V14). A client that sends its
//! request header one line at a time, slowly, is closed after the header
//! read timeout (10 s), while other clients are served meanwhile; one
//! address cannot hold more than 64 connections, and another address is
//! served while it tries; `Strict-Transport-Security` is sent when, and
//! only when, the public URL is `https://`.

use e2e::{Server, http, run_ok, s};
use std::io::{ErrorKind, Read as _, Write as _};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// An issuer with a first bundle, serving on 127.0.0.1.
fn issuer(extra: &[&str]) -> (tempfile::TempDir, Server) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("issuer");
    run_ok("issuer", &["init", "--data", s(&data)], 0);
    let server = Server::start_with(&data, extra);
    (tmp, server)
}

fn get_bundle(server: &Server) -> u16 {
    let url = format!("http://{}/bundle", server.addr);
    http("GET", &url, &[], b"", Duration::from_secs(10)).expect("GET /bundle").0
}

/// Whether the server closed `stream` (end of file or reset), reading for
/// at most `wait`; any bytes before the end (an error page) are skipped.
fn closed_within(stream: &mut TcpStream, wait: Duration) -> bool {
    let deadline = Instant::now() + wait;
    let mut buf = [0u8; 1024];
    while Instant::now() < deadline {
        stream.set_read_timeout(Some(Duration::from_millis(200))).expect("timeout");
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => return false,
            Err(_) => return true,
        }
    }
    false
}

#[test]
fn a_client_sending_its_header_slowly_is_closed_while_others_are_served() {
    let (_tmp, server) = issuer(&[]);
    let mut slow = TcpStream::connect(&server.addr).expect("connect");
    slow.write_all(b"GET /bundle HTTP/1.1\r\nHost: 127.0.0.1\r\n").expect("first line");
    let started = Instant::now();
    let mut served_meanwhile = 0;
    let mut closed = false;
    // One header line every 2 s, as a slow-loris client sends them; a
    // minute at most (the timeout is 10 s).
    while started.elapsed() < Duration::from_secs(60) {
        if closed_within(&mut slow, Duration::from_secs(2)) {
            closed = true;
            break;
        }
        assert_eq!(get_bundle(&server), 200, "another client is served meanwhile");
        served_meanwhile += 1;
        if slow.write_all(b"X-Slow: 1\r\n").is_err() {
            closed = true;
            break;
        }
    }
    assert!(closed, "the slow client was never closed");
    assert!(served_meanwhile >= 2, "others were served while it sent its header");
    assert_eq!(get_bundle(&server), 200);
    assert!(server.stop());
}

/// A connection to `addr` from the loopback address `from` (another client
/// address on this machine).
fn connect_from(from: &str, addr: &str) -> TcpStream {
    let rt = tokio::runtime::Builder::new_current_thread().enable_io().build().expect("runtime");
    rt.block_on(async {
        let socket = tokio::net::TcpSocket::new_v4().expect("socket");
        socket.bind(format!("{from}:0").parse().expect("address")).expect("bind");
        let stream = socket.connect(addr.parse().expect("address")).await.expect("connect");
        stream.into_std().expect("std stream")
    })
}

fn request_bundle(stream: &mut TcpStream) -> String {
    stream.set_nonblocking(false).expect("blocking");
    let _ = stream.write_all(b"GET /bundle HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).lines().next().unwrap_or("").to_string()
}

#[test]
fn one_address_cannot_hold_every_connection() {
    let (_tmp, server) = issuer(&[]);
    // 64 idle connections from 127.0.0.1: the cap (they would be closed
    // after the 10 s header timeout; the rest of the test takes far less).
    let idle: Vec<TcpStream> = (0..64).map(|_| TcpStream::connect(&server.addr).expect("connect")).collect();
    let mut one_more = TcpStream::connect(&server.addr).expect("the kernel still accepts it");
    assert_eq!(request_bundle(&mut one_more), "", "the 65th from one address is closed unanswered");
    // Another address is served.
    let mut other = connect_from("127.0.0.2", &server.addr);
    assert_eq!(request_bundle(&mut other), "HTTP/1.1 200 OK");
    // Once they are gone, the first address is served again.
    drop(idle);
    let mut again = TcpStream::connect(&server.addr).expect("connect");
    let mut status = request_bundle(&mut again);
    for _ in 0..50 {
        if !status.is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
        status = request_bundle(&mut TcpStream::connect(&server.addr).expect("connect"));
    }
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(server.stop());
}

#[test]
fn hsts_is_sent_only_with_an_https_public_url() {
    let hsts = |server: &Server| {
        let url = format!("http://{}/login", server.addr);
        let (_, head, _) = http("GET", &url, &[], b"", Duration::from_secs(10)).expect("GET /login");
        head.lines()
            .find_map(|l| l.to_ascii_lowercase().strip_prefix("strict-transport-security: ").map(str::to_string))
    };
    let (_tmp, server) = issuer(&["--public-url", "https://kort.example.no"]);
    assert_eq!(hsts(&server).as_deref(), Some("max-age=63072000; includesubdomains"));
    assert!(server.stop());
    let (_tmp, server) = issuer(&[]);
    assert_eq!(hsts(&server), None, "not over plain HTTP");
    assert!(server.stop());
}
