//! What the duplicate check adds to one single-card issuance through the
//! HTTP API: `POST /api/v1/cards` one request at a time on one keep-alive
//! connection, against the real router served by `issuer::web::serve` on
//! 127.0.0.1 (a fresh data directory, the real SQLite store with
//! `synchronous=FULL`), alternating a card type without the check
//! (`{"card_type": 2}`) and one with it (`{"card_type": 1, "national_id":
//! …}`, a new child each time, so every request is checked and recorded:
//! the number checked, its HMAC, a transaction that looks for an earlier
//! card and adds the entry). Alternating keeps the machine's drift out of
//! the difference.
//!
//! ```sh
//! cargo bench -p issuer --bench duplicate_check
//! ```
//!
//! `BENCH_REQUESTS` (default 2000 of each kind) and `BENCH_ROUNDS`
//! (default 3). Prints, per round, the median and 90th percentile latency
//! of each kind and the difference of the medians; then the median of the
//! rounds' differences.

use issuer::accounts::Role;
use issuer::duplicates::national_id::with_check_digits;
use issuer::web::{AppState, prepare, serve};
use shared::CardTypeId;
use shared::Clock as _;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

const PASSWORD: &str = "bench password 1234";

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// One request on a kept-alive connection; the status and body.
async fn exchange(stream: &mut TcpStream, buf: &mut Vec<u8>, request: &[u8]) -> std::io::Result<(u16, Vec<u8>)> {
    stream.write_all(request).await?;
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            let total = end + 4 + length;
            while buf.len() < total {
                read_more(stream, buf).await?;
            }
            let body = buf[end + 4..total].to_vec();
            buf.drain(..total);
            return Ok((status, body));
        }
        read_more(stream, buf).await?;
    }
}

async fn read_more(stream: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<()> {
    let mut chunk = [0u8; 16 * 1024];
    let n = stream.read(&mut chunk).await?;
    if n == 0 {
        return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "connection closed"));
    }
    buf.extend_from_slice(&chunk[..n]);
    Ok(())
}

fn post(addr: &str, path: &str, bearer: Option<&str>, body: &str) -> Vec<u8> {
    let auth = bearer.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Valid national identity numbers, each once (D-numbers born 2000–2039:
/// made up, never a real child's).
fn numbers() -> impl Iterator<Item = String> {
    (0..40u32).flat_map(|yy| {
        (1..=12u32).flat_map(move |mm| {
            (41..=68u32).flat_map(move |dd| {
                (500..1000u32).filter_map(move |i| with_check_digits(&format!("{dd:02}{mm:02}{yy:02}{i:03}")))
            })
        })
    })
}

/// Median and 90th percentile, in milliseconds.
fn stats(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[v.len() * 9 / 10])
}

fn main() {
    let requests = setting("BENCH_REQUESTS", 2000);
    let rounds = setting("BENCH_ROUNDS", 3).max(1);

    let dir = tempfile::tempdir().expect("temp dir");
    let now = keys::SystemClock.now();
    let (store, _) = prepare(&dir.path().join("issuer"), "http://127.0.0.1:8080", now).expect("issuer data");
    let agency = store.accounts().create_agency("NAV Larvik", "bench", now).expect("agency");
    let kari = issuer::accounts::NewCredentials::new("kari", PASSWORD).expect("credentials");
    store.accounts().create_user(&kari, Role::Caseworker, Some(agency), "bench", now).expect("caseworker");
    store.duplicates().set(CardTypeId(1), true, "bench", now).expect("check on");
    let state = AppState::new(store, Box::new(keys::SystemClock), false);

    let server = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("server runtime");
    let listener = server.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("listen");
    let addr = listener.local_addr().expect("address").to_string();
    server.spawn(serve(listener, state, issuer::config::Config::default().limits(), std::future::pending()));

    let client = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("client runtime");
    client.block_on(async {
        let mut stream = TcpStream::connect(&addr).await.expect("connect");
        let _ = stream.set_nodelay(true);
        let mut buf = Vec::new();
        let login = format!(r#"{{"username": "kari", "password": "{PASSWORD}"}}"#);
        let (status, body) =
            exchange(&mut stream, &mut buf, &post(&addr, "/api/v1/login", None, &login)).await.expect("login");
        assert_eq!(status, 200, "login: {}", String::from_utf8_lossy(&body));
        let answer: serde_json::Value = serde_json::from_slice(&body).expect("login answer");
        let token = answer["token"].as_str().expect("token").to_string();
        let plain = post(&addr, "/api/v1/cards", Some(&token), r#"{"card_type": 2}"#);
        let mut children = numbers();
        println!("POST /api/v1/cards, one card, one request at a time: without and with the duplicate check");
        let mut diffs = Vec::new();
        // Round 0 warms up (not counted).
        for r in 0..=rounds {
            let n = if r == 0 { requests / 10 } else { requests };
            let (mut without, mut with) = (Vec::new(), Vec::new());
            for _ in 0..n {
                let start = Instant::now();
                let (status, body) = exchange(&mut stream, &mut buf, &plain).await.expect("issue");
                without.push(start.elapsed().as_secs_f64() * 1e3);
                assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
                let child = children.next().expect("enough made-up numbers");
                let checked = post(
                    &addr,
                    "/api/v1/cards",
                    Some(&token),
                    &format!(r#"{{"card_type": 1, "national_id": "{child}"}}"#),
                );
                let start = Instant::now();
                let (status, body) = exchange(&mut stream, &mut buf, &checked).await.expect("issue");
                with.push(start.elapsed().as_secs_f64() * 1e3);
                assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
            }
            if r == 0 {
                continue;
            }
            let ((m0, p0), (m1, p1)) = (stats(without), stats(with));
            println!(
                "round {r}: without {m0:.3} ms (p90 {p0:.3}), with {m1:.3} ms (p90 {p1:.3}): +{:.3} ms median",
                m1 - m0
            );
            diffs.push(m1 - m0);
        }
        let (median, _) = stats(diffs);
        println!("the duplicate check adds {median:.3} ms (median of {rounds} rounds' median differences)");
        std::thread::sleep(Duration::from_millis(10));
    });
    let store = issuer::store::Store::open(&dir.path().join("issuer")).expect("reopen");
    let entries = store.duplicates().entries(CardTypeId(1)).expect("entries");
    println!("entries recorded: {entries}");
    assert_eq!(entries, (requests / 10 + requests * rounds), "every checked card has its entry");
}
