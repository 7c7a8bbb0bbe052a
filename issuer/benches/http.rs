//! Issuing single cards through the HTTP API: `POST /api/v1/cards`
//! `{"card_type": 1}` with a bearer token, against the real router served
//! by `issuer::web::serve` on 127.0.0.1 (a fresh data directory, the real
//! SQLite store with `synchronous=FULL`, every card counted and audited
//! before its answer is sent).
//!
//! ```sh
//! cargo bench -p issuer --bench http
//! ```
//!
//! The server runs on a multi-threaded runtime with one worker per core,
//! as `issuer serve` does; the load generator is a minimal HTTP/1.1
//! keep-alive client on its own single thread in the same process, so the
//! two share the machine's cores (the number is a floor for a server that
//! has the machine to itself). Settings from the environment:
//! `BENCH_CONNECTIONS` (default 32), `BENCH_SECS` per round (default 5),
//! `BENCH_ROUNDS` (default 5). Prints each round (with the CPU of a card
//! and of a bundle answer, all threads) and the median.
//!
//! Each round is followed by a round of `GET /bundle` (the public trust
//! bundle, no login, no database write) on the same server and
//! connections: the ratio of the two rates, per round, is what stays
//! comparable between runs on a noisy machine, and between builds (the
//! issuance path's own cost: login throttling, token checks, counting).

use issuer::accounts::Role;
use issuer::web::{AppState, prepare, serve};
use shared::Clock as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

const PASSWORD: &str = "bench password 1234";

/// User + system CPU time of this process so far, all threads (Linux; 0
/// elsewhere): server, load generator and the counter's writer thread.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

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

/// What a round sends.
#[derive(Clone, Copy)]
enum Load {
    /// `POST /api/v1/cards`, one card.
    Issue,
    /// `GET /bundle`.
    Bundle,
}

/// Send `load` on `connections` connections until `until`; (answers, errors).
async fn round(addr: &str, token: &str, load: Load, connections: u64, until: Instant) -> (u64, u64) {
    let ok = Arc::new(AtomicU64::new(0));
    let bad = Arc::new(AtomicU64::new(0));
    let request = Arc::new(match load {
        Load::Issue => post(addr, "/api/v1/cards", Some(token), r#"{"card_type": 1}"#),
        Load::Bundle => format!("GET /bundle HTTP/1.1\r\nHost: {addr}\r\n\r\n").into_bytes(),
    });
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (ok, bad, request, addr) = (ok.clone(), bad.clone(), request.clone(), addr.to_string());
        tasks.push(tokio::spawn(async move {
            let Ok(mut stream) = TcpStream::connect(&addr).await else {
                bad.fetch_add(1, Ordering::Relaxed);
                return;
            };
            let _ = stream.set_nodelay(true);
            let mut buf = Vec::with_capacity(32 * 1024);
            while Instant::now() < until {
                match (load, exchange(&mut stream, &mut buf, &request).await) {
                    (Load::Issue, Ok((201, body))) if body.starts_with(br#"{"cards":[{"card_number":""#) => {
                        ok.fetch_add(1, Ordering::Relaxed);
                    }
                    (Load::Bundle, Ok((200, body))) if body.len() > 1000 => {
                        ok.fetch_add(1, Ordering::Relaxed);
                    }
                    (_, Ok(_)) => {
                        bad.fetch_add(1, Ordering::Relaxed);
                    }
                    (_, Err(_)) => {
                        bad.fetch_add(1, Ordering::Relaxed);
                        return;
                    }
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    (ok.load(Ordering::Relaxed), bad.load(Ordering::Relaxed))
}

fn main() {
    let connections = setting("BENCH_CONNECTIONS", 32);
    let secs = setting("BENCH_SECS", 5);
    let rounds = setting("BENCH_ROUNDS", 5).max(1);

    let dir = tempfile::tempdir().expect("temp dir");
    let now = keys::SystemClock.now();
    let (store, _) = prepare(&dir.path().join("issuer"), "http://127.0.0.1:8080", now).expect("issuer data");
    let agency = store.accounts().create_agency("NAV Larvik", "bench", now).expect("agency");
    store
        .accounts()
        .create_user(
            &issuer::accounts::NewCredentials::new("kari", PASSWORD).unwrap(),
            Role::Caseworker,
            Some(agency),
            "bench",
            now,
        )
        .expect("caseworker");
    let state = AppState::new(store, Box::new(keys::SystemClock), false);

    let server = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("server runtime");
    let listener = server.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("listen");
    let addr = listener.local_addr().expect("address").to_string();
    // The limits `issuer serve` runs with by default (32 connections fit in
    // the per-address cap).
    let limits = issuer::config::Config::default().limits();
    server.spawn(serve(listener, state, limits, std::future::pending()));

    let client = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("client runtime");
    let answered = client.block_on(async {
        let mut stream = TcpStream::connect(&addr).await.expect("connect");
        let mut buf = Vec::new();
        let login = format!(r#"{{"username": "kari", "password": "{PASSWORD}"}}"#);
        let (status, body) =
            exchange(&mut stream, &mut buf, &post(&addr, "/api/v1/login", None, &login)).await.expect("login");
        assert_eq!(status, 200, "login: {}", String::from_utf8_lossy(&body));
        let answer: serde_json::Value = serde_json::from_slice(&body).expect("login answer");
        let token = answer["token"].as_str().expect("token").to_string();

        println!(
            "POST /api/v1/cards, one card per request: {connections} keep-alive connections, {secs} s per round, \
             {} server workers",
            std::thread::available_parallelism().map_or(1, |n| n.get())
        );
        let warm_up = Instant::now() + Duration::from_secs(1);
        let (mut answered, _) = round(&addr, &token, Load::Issue, connections, warm_up).await;
        let (mut rates, mut bundle_rates, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        for r in 1..=rounds {
            let (start, cpu) = (Instant::now(), cpu_seconds());
            let (ok, bad) = round(&addr, &token, Load::Issue, connections, start + Duration::from_secs(secs)).await;
            let rate = ok as f64 / start.elapsed().as_secs_f64();
            let cpu_us = (cpu_seconds() - cpu) * 1e6 / ok.max(1) as f64;
            assert_eq!(bad, 0, "every request must succeed");
            let (start, cpu) = (Instant::now(), cpu_seconds());
            let (got, bad) = round(&addr, &token, Load::Bundle, connections, start + Duration::from_secs(secs)).await;
            let bundle_rate = got as f64 / start.elapsed().as_secs_f64();
            let bundle_cpu_us = (cpu_seconds() - cpu) * 1e6 / got.max(1) as f64;
            assert_eq!(bad, 0, "every bundle request must succeed");
            println!(
                "round {r}: {ok} cards, {rate:.0} cards/s, {cpu_us:.0} µs CPU a card (all threads); \
                 GET /bundle {bundle_rate:.0}/s, {bundle_cpu_us:.0} µs CPU an answer; ratio {:.3}",
                rate / bundle_rate
            );
            answered += ok;
            rates.push(rate);
            bundle_rates.push(bundle_rate);
            ratios.push(rate / bundle_rate);
        }
        let median = |v: &mut Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        println!(
            "median {:.0} cards/s, GET /bundle {:.0}/s, ratio {:.3} (min {:.3}, max {:.3}) over {rounds} rounds",
            median(&mut rates),
            median(&mut bundle_rates),
            median(&mut ratios),
            ratios[0],
            ratios[ratios.len() - 1]
        );
        answered
    });
    // The counts on disk match what was answered (nothing handed out uncounted).
    let store = issuer::store::Store::open(&dir.path().join("issuer")).expect("reopen");
    let counted: u64 = store.issuance().counts().expect("counts").iter().map(|c| c.count).sum();
    // One audit line per commit (one user, one card type): how many cards
    // each group commit carried.
    let commits = store.audit().recent(u32::MAX).expect("audit log").iter().filter(|a| a.action == "issue").count();
    println!(
        "cards answered {answered}, counted on disk {counted}, in {commits} commits ({:.1} cards a commit)",
        counted as f64 / commits.max(1) as f64
    );
    assert_eq!(counted, answered, "every card handed out is counted");
}
