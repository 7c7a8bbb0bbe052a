//! Usage reports from the venue (SPEC §13): monthly reports made from the
//! redemption log with injected time (Oslo days, month boundaries,
//! companions), signed with the venue key and accepted by
//! `shared::report::verify_report`, with no token id in their bytes; and the
//! real `verifier` binary against a loopback issuer stub that implements
//! `POST /venue-keys` and `POST /reports` as SPEC §13.4 says.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use shared::Month;
use shared::ed25519_dalek::SigningKey;
use shared::report::{ReportRow, verify_report};
use shared::wire::{self, Claims, KeyId, PublicKeyBytes, TokenId};
use shared::{
    Benefit, BundleBody, CardType, CardTypeId, Catalogue, Category, Day, Fingerprint, Period, Quota, SigningKeyEntry,
    Timestamp, ValidityRule, Venue,
};
use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use verifier::VerifierError;
use verifier::log::RedemptionLog;
use verifier::redeem::redeem_with_companion;
use verifier::report::month_report;
use verifier::store::{Staleness, VenueStore};

fn day(y: i32, m: u32, d: u32) -> Day {
    Day::from_ymd(y, m, d).unwrap()
}

fn root() -> SigningKey {
    SigningKey::from_bytes(&[1; 32])
}

fn signer() -> SigningKey {
    SigningKey::from_bytes(&[2; 32])
}

fn benefit(id: &str, quota: u32, companion_free: bool) -> Benefit {
    Benefit {
        id: id.into(),
        names: [("nb".to_string(), id.to_string())].into_iter().collect(),
        venues: vec!["kino".into()],
        quotas: vec![Quota { count: quota, per: Period::Day }],
        companion_free,
    }
}

/// Card type 1: `kino` (one a day, a companion free), then `kiosk` (five a
/// day, no companion); card type 2: `kino` without a companion.
fn catalogue(base_url: &str) -> Catalogue {
    let card_type = |id: u16, benefits: Vec<Benefit>| CardType {
        id: CardTypeId(id),
        names: [("nb".to_string(), format!("Type {id}"))].into_iter().collect(),
        age_min: 0,
        age_max: 18,
        validity: ValidityRule::Days { days: 800 },
        benefits,
    };
    Catalogue {
        scheme_name: "Test".into(),
        public_base_url: base_url.into(),
        venues: vec![Venue {
            id: "kino".into(),
            name: "Kino".into(),
            category: Category::Cinema,
            address: "x".into(),
            ..Default::default()
        }],
        card_types: vec![
            card_type(1, vec![benefit("kino", 1, true), benefit("kiosk", 5, false)]),
            card_type(2, vec![benefit("kino", 1, false)]),
        ],
        contact: None,
    }
}

fn bundle(issued_at: Timestamp, base_url: &str) -> Vec<u8> {
    let pk = signer().verifying_key().to_bytes();
    let today = issued_at.oslo_day();
    let body = BundleBody {
        version: 1,
        issued_at,
        expires_at: issued_at.plus_seconds(400 * 86_400),
        root_key_id: KeyId::of(&root().verifying_key().to_bytes()),
        signing_keys: vec![SigningKeyEntry {
            key_id: KeyId::of(&pk),
            public_key: PublicKeyBytes(pk),
            valid_from: Day(today.0 - 200),
            valid_until: today.plus(700),
        }],
        catalogue: catalogue(base_url),
        revoked: vec![],
    };
    shared::sign_bundle(&root(), vec![], &body)
}

fn root_fp() -> Fingerprint {
    Fingerprint::of(&root().verifying_key().to_bytes())
}

/// A card of `card_type` with the token id `[n; 16]`, valid around `around`.
fn card(card_type: u16, n: u8, around: Day) -> String {
    let pk = signer().verifying_key().to_bytes();
    let claims = Claims {
        key_id: KeyId::of(&pk),
        token_id: TokenId([n; 16]),
        card_type: CardTypeId(card_type),
        valid_from: Day(around.0 - 100),
        valid_until: around.plus(300),
        issued_on: Day(around.0 - 100),
    };
    wire::encode_decimal(&shared::sign_token(&signer(), &claims))
}

/// An instant given in UTC.
fn utc(d: Day, hh: i64, mm: i64) -> Timestamp {
    Timestamp(i64::from(d.0) * 86_400 + hh * 3600 + mm * 60)
}

fn station(dir: &Path, issued_at: Timestamp, base_url: &str) -> (VenueStore, RedemptionLog) {
    let mut store = VenueStore::init(dir, &bundle(issued_at, base_url), &root_fp(), "kino", issued_at).unwrap();
    store.set_staleness(Staleness::new(365, 365).unwrap()).unwrap();
    let log = RedemptionLog::open(dir).unwrap();
    (store, log)
}

fn row(d: Day, card_type: u16, benefit: &str, count: u32, companions: u32) -> ReportRow {
    ReportRow { day: d, benefit: benefit.into(), card_type: CardTypeId(card_type), count, companions }
}

/// Whether `needle` occurs in `hay`.
fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_month_report_counts_per_oslo_day_card_type_and_benefit() {
    let tmp = tempfile::tempdir().unwrap();
    let issued = utc(day(2026, 10, 1), 8, 0);
    let (mut store, mut log) = station(tmp.path(), issued, "https://kort.example.no");
    let around = day(2026, 11, 15);
    let a = card(1, 0xa1, around);
    let b = card(1, 0xb2, around);
    let c = card(2, 0xc3, around);
    let visits = [
        // 31 October 12:00 UTC: October.
        (&a, utc(day(2026, 10, 31), 12, 0)),
        // 31 October 23:10 UTC is 1 November 00:10 in Oslo.
        (&a, utc(day(2026, 10, 31), 23, 10)),
        (&b, utc(day(2026, 11, 1), 10, 0)),
        (&c, utc(day(2026, 11, 1), 11, 0)),
        // a again on 1 November: `kino` is used today, so `kiosk`.
        (&a, utc(day(2026, 11, 1), 12, 0)),
        (&a, utc(day(2026, 11, 15), 17, 0)),
        (&c, utc(day(2026, 11, 15), 17, 5)),
        // 30 November 22:30 UTC is 23:30 in Oslo: still November.
        (&b, utc(day(2026, 11, 30), 22, 30)),
        // 30 November 23:30 UTC is 1 December 00:30 in Oslo: December.
        (&c, utc(day(2026, 11, 30), 23, 30)),
    ];
    for (text, at) in visits {
        // Staff record a companion with every visit (only a benefit with
        // `companion_free` keeps it).
        let v = redeem_with_companion(&mut store, &mut log, text, at, "nb", true).unwrap();
        assert!(v.valid, "{at:?}: {v:?}");
    }
    let now = utc(day(2026, 12, 2), 9, 0);
    let nov = Month::parse("2026-11").unwrap();
    let body = month_report(&log, store.bundle(), "kino", nov, now).unwrap();
    assert_eq!((body.from, body.until), (day(2026, 11, 1), day(2026, 11, 30)));
    assert_eq!(body.report_id, "kino/2026-11-01/2026-11-30");
    assert_eq!(body.generated_at, now);
    assert_eq!(
        body.rows,
        vec![
            row(day(2026, 11, 1), 1, "kino", 2, 2),
            row(day(2026, 11, 1), 1, "kiosk", 1, 0),
            row(day(2026, 11, 1), 2, "kino", 1, 0),
            row(day(2026, 11, 15), 1, "kino", 1, 1),
            row(day(2026, 11, 15), 2, "kino", 1, 0),
            row(day(2026, 11, 30), 1, "kino", 1, 1),
        ]
    );
    let oct = month_report(&log, store.bundle(), "kino", Month::parse("2026-10").unwrap(), now).unwrap();
    assert_eq!(oct.rows, vec![row(day(2026, 10, 31), 1, "kino", 1, 1)]);
    assert_eq!(oct.report_id, "kino/2026-10-01/2026-10-31");
    let dec = month_report(&log, store.bundle(), "kino", Month::parse("2026-12").unwrap(), now).unwrap();
    assert_eq!(dec.rows, vec![row(day(2026, 12, 1), 2, "kino", 1, 0)]);
    assert_eq!(dec.until, day(2026, 12, 31));

    // Signed with the venue key: verifies, and holds no token id.
    verifier::venue_key::ensure_key(tmp.path()).unwrap();
    let key = verifier::venue_key::load_key(tmp.path()).unwrap();
    for body in [&body, &oct, &dec] {
        let bytes = verifier::report::signed(&key, body);
        let verified = verify_report(&bytes, now).unwrap();
        assert_eq!(verified.body(), body);
        assert_eq!(verified.public_key(), &key.verifying_key().to_bytes());
        for n in [0xa1u8, 0xb2, 0xc3] {
            assert!(!contains(&bytes, &[n; 16]), "token id {n:#x} in the report");
            assert!(!contains(&bytes, &[n; 8]), "part of token id {n:#x} in the report");
        }
    }
    // An empty month is a valid report with no rows.
    let empty = month_report(&log, store.bundle(), "kino", Month::parse("2026-09").unwrap(), now).unwrap();
    assert!(empty.rows.is_empty());
    assert!(verify_report(&verifier::report::signed(&key, &empty), now).is_ok());
}

#[test]
fn bad_months_are_refused_with_a_typed_error() {
    for bad in ["2026-13", "11-2026", "2026/11", "november", ""] {
        assert!(matches!(verifier::report::parse_month(bad), Err(VerifierError::BadMonth(_))), "{bad}");
    }
}

// ---------------------------------------------------------------------------
// The real binary against a loopback issuer stub.

/// What the stub issuer knows and received.
#[derive(Default)]
struct IssuerState {
    bundle: Vec<u8>,
    /// (venue id, public key hex) as registered, in order.
    registrations: Vec<(String, String)>,
    /// Approved keys, per venue.
    approved: Vec<(String, [u8; 32])>,
    /// Approve keys as they are registered.
    auto_approve: bool,
    /// Stored reports by id: (generated_at, rows).
    stored: BTreeMap<String, (i64, Vec<ReportRow>)>,
    /// Every POST /reports answer: (status, error code).
    report_answers: Vec<(u16, String)>,
    /// Answer every request with these bytes instead (hostile answers).
    raw: Option<Vec<u8>>,
    /// Request bodies and content types seen with `raw`.
    seen: Vec<(String, Vec<u8>)>,
    /// Request heads seen with `raw`.
    heads: Vec<String>,
}

struct Issuer {
    base: String,
    state: Arc<Mutex<IssuerState>>,
}

fn json_response(status: &str, body: &serde_json::Value) -> Vec<u8> {
    let body = body.to_string();
    format!(
        "HTTP/1.1 {status}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn error(status: &str, code: &str, message: &str) -> Vec<u8> {
    json_response(status, &serde_json::json!({"error": code, "message": message}))
}

impl IssuerState {
    fn answer(&mut self, method: &str, path: &str, head: &str, body: &[u8]) -> Vec<u8> {
        if let Some(raw) = &self.raw {
            let ct = head
                .lines()
                .find_map(|l| l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case("content-type")))
                .map(|(_, v)| v.trim().to_string())
                .unwrap_or_default();
            self.seen.push((format!("{method} {path} {ct}"), body.to_vec()));
            self.heads.push(head.to_string());
            return raw.clone();
        }
        match (method, path) {
            ("GET", "/bundle") => {
                let mut out =
                    format!("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: {}\r\n\r\n", self.bundle.len())
                        .into_bytes();
                out.extend_from_slice(&self.bundle);
                out
            }
            ("POST", "/venue-keys") => {
                let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) else {
                    return error("400 Bad Request", "malformed", "not JSON");
                };
                let venue = v["venue_id"].as_str().unwrap_or_default().to_string();
                let hex = v["public_key"].as_str().unwrap_or_default().to_string();
                if venue != "kino" {
                    return error("404 Not Found", "unknown_venue", "no such venue");
                }
                let Some(key) = wire::hex_decode(&hex).and_then(|b| <[u8; 32]>::try_from(b).ok()) else {
                    return error("422 Unprocessable Entity", "bad_key", "not a key");
                };
                self.registrations.push((venue.clone(), hex));
                let fingerprint = Fingerprint::of(&key).to_string();
                if self.approved.contains(&(venue.clone(), key)) {
                    return json_response(
                        "200 OK",
                        &serde_json::json!({"status": "approved", "fingerprint": fingerprint}),
                    );
                }
                if self.auto_approve {
                    self.approved.push((venue, key));
                }
                json_response("202 Accepted", &serde_json::json!({"status": "pending", "fingerprint": fingerprint}))
            }
            ("POST", "/reports") => {
                let now = Timestamp(
                    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64,
                );
                let answer = match verify_report(body, now) {
                    Err(e) => Err(("400 Bad Request", "malformed", e.to_string())),
                    Ok(r) if !self.approved.contains(&(r.body().venue_id.clone(), *r.public_key())) => {
                        Err(("403 Forbidden", "unknown_key", "the key is not approved for this venue".to_string()))
                    }
                    Ok(r) => {
                        let b = r.body();
                        match self.stored.get(&b.report_id) {
                            Some((at, _)) if *at > b.generated_at.0 => {
                                Ok(serde_json::json!({"status": "older", "report_id": b.report_id}))
                            }
                            _ => {
                                self.stored.insert(b.report_id.clone(), (b.generated_at.0, b.rows.clone()));
                                Ok(
                                    serde_json::json!({"status": "stored", "report_id": b.report_id, "rows": b.rows.len()}),
                                )
                            }
                        }
                    }
                };
                match answer {
                    Ok(v) => {
                        self.report_answers.push((200, String::new()));
                        json_response("200 OK", &v)
                    }
                    Err((status, code, message)) => {
                        self.report_answers.push((status[..3].parse().unwrap(), code.into()));
                        error(status, code, &message)
                    }
                }
            }
            _ => error("404 Not Found", "not_found", "no such page"),
        }
    }
}

impl Issuer {
    fn start(listener: TcpListener) -> Issuer {
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(IssuerState::default()));
        let s = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let s = s.clone();
                std::thread::spawn(move || {
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                    let mut raw = Vec::new();
                    let mut buf = [0u8; 4096];
                    let head_end = loop {
                        if let Some(p) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                            break p + 4;
                        }
                        match stream.read(&mut buf) {
                            Ok(0) | Err(_) => return,
                            Ok(n) => raw.extend_from_slice(&buf[..n]),
                        }
                    };
                    let head = String::from_utf8_lossy(&raw[..head_end]).into_owned();
                    let len: usize = head
                        .lines()
                        .find_map(|l| {
                            let (k, v) = l.split_once(':')?;
                            k.eq_ignore_ascii_case("content-length").then(|| v.trim().parse().ok())?
                        })
                        .unwrap_or(0);
                    while raw.len() < head_end + len {
                        match stream.read(&mut buf) {
                            Ok(0) | Err(_) => return,
                            Ok(n) => raw.extend_from_slice(&buf[..n]),
                        }
                    }
                    let mut words = head.split_whitespace();
                    let (method, path) = (words.next().unwrap_or_default(), words.next().unwrap_or_default());
                    let answer = s.lock().unwrap().answer(method, path, &head, &raw[head_end..head_end + len]);
                    let _ = stream.write_all(&answer);
                });
            }
        });
        Issuer { base, state }
    }
}

fn verifier_cmd(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_verifier"))
        .args(args)
        .env_remove("VERIFIER_DATA")
        .env("VERIFIER_LANG", "en")
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn system_now() -> Timestamp {
    Timestamp(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64)
}

/// A venue set up with `verifier init --setup` against the stub, one visit
/// in the previous month (injected time) and three this month (the real
/// binary, real time). Returns the stub, the data directory and the tmp.
fn venue_with_visits(auto_approve: bool) -> (Issuer, tempfile::TempDir, std::path::PathBuf, String) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let now = system_now();
    let prev = Month::of(now.oslo_day()).previous().unwrap();
    let (prev_first, _) = prev.days();
    let issued = prev_first.oslo_midnight().plus_seconds(3600);
    let issuer = Issuer::start(listener);
    {
        let mut s = issuer.state.lock().unwrap();
        s.bundle = bundle(issued, &issuer.base);
        s.auto_approve = auto_approve;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("venue");
    let code = format!("aktivitetskort-setup:1;bundle={}/bundle;root={};venue=kino", issuer.base, root_fp());
    let out = verifier_cmd(&["init", "--data", dir.to_str().unwrap(), "--setup", &code]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let init_text = text(&out);

    // The previous month: one visit on its 10th at noon (library, injected time).
    {
        let mut store = VenueStore::open(&dir, now).unwrap();
        store.set_staleness(Staleness::new(365, 365).unwrap()).unwrap();
        let mut log = RedemptionLog::open(&dir).unwrap();
        let at = prev_first.plus(9).oslo_midnight().plus_seconds(12 * 3600);
        let text = card(1, 0x51, now.oslo_day());
        assert!(redeem_with_companion(&mut store, &mut log, &text, at, "nb", true).unwrap().valid);
    }
    // This month: three visits with the real binary, each with a companion
    // (only card type 1's benefit lets one in free).
    for (ct, n) in [(1, 0x61), (1, 0x62), (2, 0x63)] {
        let out =
            verifier_cmd(&["redeem", "--companion", "--data", dir.to_str().unwrap(), &card(ct, n, now.oslo_day())]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    }
    (issuer, tmp, dir, init_text)
}

#[test]
fn init_registers_the_key_and_update_sends_this_and_last_months_reports() {
    let (issuer, _tmp, dir, init_text) = venue_with_visits(true);
    let d = dir.to_str().unwrap();

    // init sent the venue id and the key whose fingerprint it printed.
    let key = verifier::venue_key::load_key(&dir).unwrap();
    let info = verifier::venue_key::PublicKeyInfo::of(&key);
    let regs = issuer.state.lock().unwrap().registrations.clone();
    assert_eq!(regs, vec![("kino".to_string(), info.public_key_hex())]);
    assert!(init_text.contains(&info.short_fingerprint()), "{init_text}");
    assert!(init_text.contains("Ask the administrator to approve this venue's key"), "{init_text}");
    assert!(init_text.contains(&format!("{}/admin/venue-keys", issuer.base)), "{init_text}");
    for secret in [wire::hex_encode(&key.to_bytes()), wire::encode_base64url(&key.to_bytes())] {
        assert!(!init_text.contains(&secret), "the secret key was printed");
    }

    // `verifier key --json` says the same.
    let out = verifier_cmd(&["key", "--data", d, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["venue_id"], "kino");
    assert_eq!(v["public_key"], info.public_key_hex());
    assert_eq!(v["fingerprint"], info.fingerprint.to_string());
    assert_eq!(v["fingerprint_short"], info.short_fingerprint());
    let plain = text(&verifier_cmd(&["key", "--data", d]));
    assert!(plain.contains(&info.short_fingerprint()) && plain.contains(&info.public_key_hex()), "{plain}");

    // Registering again: approved already.
    let out = verifier_cmd(&["register", "--data", d]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("is approved"), "{}", text(&out));

    // update: the bundle is current; both months are sent and verified.
    let out = verifier_cmd(&["update", "--data", d]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let now = system_now();
    let (this, prev) = (Month::of(now.oslo_day()), Month::of(now.oslo_day()).previous().unwrap());
    let t = text(&out);
    assert!(t.contains(&format!("Usage report {prev}: sent, 1 row.")), "{t}");
    let state = issuer.state.clone();
    let counts = move |m: Month| -> (u32, u32) {
        let s = state.lock().unwrap();
        let (from, until) = m.days();
        let (_, rows) = &s.stored[&shared::report::report_id("kino", from, until)];
        (rows.iter().map(|r| r.count).sum(), rows.iter().map(|r| r.companions).sum())
    };
    assert_eq!(counts(prev), (1, 1));
    // This month: two of card type 1 (kino, companion free) and one of type 2.
    assert_eq!(counts(this), (3, 2));
    assert!(t.contains(&format!("Usage report {this}: sent, ")), "{t}");
    let answers = issuer.state.lock().unwrap().report_answers.clone();
    assert_eq!(answers, vec![(200, String::new()), (200, String::new())]);

    // The state file remembers both; sending again replaces, never adds.
    let state = verifier::report::SentReports::load(&dir).unwrap();
    assert_eq!(state.sent.len(), 2);
    let out = verifier_cmd(&["update", "--data", d]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(issuer.state.lock().unwrap().stored.len(), 2);
    assert_eq!(counts(this), (3, 2));

    // The clock set back behind the last report stored: the next one is
    // made one second after it, so that it still replaces it.
    let (from, until) = this.days();
    let id = shared::report::report_id("kino", from, until);
    let mut state = verifier::report::SentReports::load(&dir).unwrap();
    let ahead = system_now().0 + 120;
    state.sent.insert(id.clone(), ahead);
    state.save(&dir).unwrap();
    let out = verifier_cmd(&["update", "--data", d]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(issuer.state.lock().unwrap().stored[&id].0, ahead + 1);
    assert_eq!(verifier::report::SentReports::load(&dir).unwrap().sent[&id], ahead + 1);
}

#[test]
fn an_unapproved_key_gives_a_warning_and_update_still_succeeds() {
    let (issuer, _tmp, dir, _) = venue_with_visits(false);
    let d = dir.to_str().unwrap();
    let fp = verifier::venue_key::PublicKeyInfo::of(&verifier::venue_key::load_key(&dir).unwrap()).short_fingerprint();
    let out = verifier_cmd(&["update", "--data", d]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(t.contains(&format!("not sent, the key is not approved yet: fingerprint {fp}")), "{t}");
    let s = issuer.state.lock().unwrap();
    assert_eq!(s.report_answers.iter().map(|a| a.1.as_str()).collect::<Vec<_>>(), ["unknown_key", "unknown_key"]);
    assert!(s.stored.is_empty());
    drop(s);
    assert!(verifier::report::SentReports::load(&dir).unwrap().sent.is_empty());

    // The issuer down: update fails as before for the bundle (exit 2), and
    // says the reports were not sent.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let gone = format!("http://127.0.0.1:{port}/bundle");
    let out = verifier_cmd(&["update", "--data", d, "--url", &gone]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("Usage reports were not sent"), "{}", text(&out));

    // A registration the issuer refuses: its message, exit code 1.
    issuer.state.lock().unwrap().raw = Some(error("429 Too Many Requests", "too_many_pending", "5 keys wait already"));
    let out = verifier_cmd(&["register", "--data", d]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("The issuer refused this venue's key: 5 keys wait already"), "{}", text(&out));
}

#[test]
fn the_issuer_down_for_reports_only_is_a_warning() {
    // The bundle comes from one server, the reports go to another that is down.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let down = format!("http://127.0.0.1:{port}");
    let now = system_now();
    let issuer = Issuer::start(listener);
    issuer.state.lock().unwrap().bundle = bundle(now.plus_seconds(-3600), &down);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("venue");
    let d = dir.to_str().unwrap();
    let code = format!("aktivitetskort-setup:1;bundle={}/bundle;root={};venue=kino", issuer.base, root_fp());
    // Registration fails; init does not.
    let out = verifier_cmd(&["init", "--data", d, "--setup", &code]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("run \"verifier register\""), "{}", text(&out));
    // `verifier register` says so with exit code 2.
    let out = verifier_cmd(&["register", "--data", d]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let out = verifier_cmd(&["redeem", "--data", d, &card(1, 0x71, now.oslo_day())]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = verifier_cmd(&["update", "--data", d]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(t.contains(&format!("Usage report {}: not sent: Cannot reach", Month::of(now.oslo_day()))), "{t}");
}

/// A venue (offline, with its key) and one visit a minute ago by card
/// `n`: the temporary directory, the data directory and the time.
fn venue_with_one_visit(n: u8) -> (tempfile::TempDir, std::path::PathBuf, Timestamp) {
    let tmp = tempfile::tempdir().unwrap();
    let now = system_now();
    let dir = tmp.path().join("venue");
    let (mut store, mut log) = station(&dir, now.plus_seconds(-7200), "https://kort.example.no");
    verifier::venue_key::ensure_key(&dir).unwrap();
    // Staff recorded that a companion came (it counts in the report).
    let v = redeem_with_companion(&mut store, &mut log, &card(1, n, now.oslo_day()), now.plus_seconds(-60), "nb", true)
        .unwrap();
    assert_eq!((v.valid, v.companion), (true, Some(true)));
    (tmp, dir, now)
}

#[test]
fn report_month_out_writes_a_verifiable_file_and_bad_months_are_refused() {
    let (tmp, dir, now) = venue_with_one_visit(0x81);
    let d = dir.to_str().unwrap();
    let month = Month::of(now.oslo_day()).to_string();
    let file = tmp.path().join("report.akr");
    let out = verifier_cmd(&["report", "--data", d, "--month", &month, "--out", file.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let bytes = std::fs::read(&file).unwrap();
    let r = verify_report(&bytes, system_now()).unwrap();
    assert_eq!(r.body().venue_id, "kino");
    assert_eq!(r.body().rows.len(), 1);
    assert_eq!((r.body().rows[0].count, r.body().rows[0].companions), (1, 1));
    assert!(!contains(&bytes, &[0x81; 16]));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["report_id"], r.body().report_id);
    assert_eq!(v["from"], r.body().from.to_string());
    assert_eq!(v["rows"][0]["count"], 1);
    assert_eq!(v["rows"][0]["companions"], 1);

    // --out alone: the current month.
    let file2 = tmp.path().join("now.akr");
    let out = verifier_cmd(&["report", "--data", d, "--out", file2.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(verify_report(&std::fs::read(&file2).unwrap(), system_now()).unwrap().body().report_id, v["report_id"]);

    for bad in ["2026-13", "2026-1", "nov"] {
        let out = verifier_cmd(&["report", "--data", d, "--month", bad]);
        assert_eq!(out.status.code(), Some(2), "{}", text(&out));
        assert!(text(&out).contains("is not a month; give it as YYYY-MM"), "{}", text(&out));
    }

    // The venue key is owner-only.
    use std::os::unix::fs::PermissionsExt as _;
    let mode = std::fs::metadata(dir.join("venue.key")).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

/// `verifier report | head`: the reader has gone before the verifier
/// writes. It stops quietly with exit code 0 instead of panicking.
#[test]
fn output_to_a_closed_pipe_ends_quietly() {
    let (_tmp, dir, _) = venue_with_one_visit(0x91);
    let d = dir.to_str().unwrap();
    for args in [&["report", "--data", d][..], &["report", "--data", d, "--json"], &["key", "--data", d]] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = Command::new(env!("CARGO_BIN_EXE_verifier"))
            .args(args)
            .env_remove("VERIFIER_DATA")
            .stdout(writer)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked") && stderr.is_empty(), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

#[test]
fn post_is_bounded_and_its_errors_are_typed() {
    use verifier::fetch::{FetchConfig, FetchError, PostBody, post};
    let issuer = Issuer::start(TcpListener::bind("127.0.0.1:0").unwrap());
    let url = format!("{}/reports", issuer.base);
    let quick = FetchConfig {
        connect_timeout: Duration::from_millis(500),
        read_timeout: Duration::from_millis(500),
        max_bytes: 1000,
        ..FetchConfig::default()
    };
    let set = |raw: Vec<u8>| issuer.state.lock().unwrap().raw = Some(raw);

    // 2xx JSON: returned; the body and its content type went out as given.
    set(json_response("200 OK", &serde_json::json!({"status": "stored", "rows": 3})));
    let (status, v) = post(&url, PostBody::Bytes(b"\x00report"), &quick).unwrap();
    assert_eq!((status, v["rows"].as_u64()), (200, Some(3)));
    let json = serde_json::json!({"venue_id": "kino"});
    post(&url, PostBody::Json(&json), &quick).unwrap();
    let seen = issuer.state.lock().unwrap().seen.clone();
    assert_eq!(seen[0], ("POST /reports application/octet-stream".to_string(), b"\x00report".to_vec()));
    assert_eq!(seen[1], ("POST /reports application/json".to_string(), br#"{"venue_id":"kino"}"#.to_vec()));
    // The staff's language goes out for the issuer's messages.
    let nb = FetchConfig { accept_language: Some("nb".into()), ..quick.clone() };
    post(&url, PostBody::Bytes(b"x"), &nb).unwrap();
    let head = issuer.state.lock().unwrap().heads.last().cloned().unwrap_or_default().to_lowercase();
    assert!(head.contains("\r\naccept-language: nb\r\n"), "{head}");

    // A 4xx error answer keeps the status, code and message, made printable.
    set(error("403 Forbidden", "unknown_key", "not approved\u{1b}[31m\nyet"));
    let e = post(&url, PostBody::Bytes(b"x"), &quick).unwrap_err();
    match &e {
        FetchError::Refused { status, code, message, .. } => {
            assert_eq!((*status, code.as_str(), message.as_str()), (403, "unknown_key", "not approved [31m yet"));
        }
        other => panic!("{other:?}"),
    }
    assert!(e.to_string().contains("refused it: not approved"), "{e}");
    let nb = verifier::i18n::Messages::of(verifier::i18n::Lang::Nb).error(&e);
    assert!(nb.contains("avviste den: not approved"), "{nb}");

    // Other statuses, redirects (not followed), non-JSON, oversized.
    set(b"HTTP/1.1 500 Oops\r\nConnection: close\r\nContent-Length: 4\r\n\r\noops".to_vec());
    assert!(matches!(post(&url, PostBody::Bytes(b"x"), &quick), Err(FetchError::PostStatus { status: 500, .. })));
    set(b"HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".to_vec());
    assert!(matches!(post(&url, PostBody::Bytes(b"x"), &quick), Err(FetchError::PostStatus { status: 302, .. })));
    set(b"HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhello".to_vec());
    assert!(matches!(post(&url, PostBody::Bytes(b"x"), &quick), Err(FetchError::PostStatus { status: 404, .. })));
    set(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 6\r\n\r\n<html>".to_vec());
    assert!(matches!(post(&url, PostBody::Bytes(b"x"), &quick), Err(FetchError::Broken { .. })));
    let mut big = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_vec();
    big.extend_from_slice(&[b' '; 5000]);
    set(big);
    assert!(matches!(post(&url, PostBody::Bytes(b"x"), &quick), Err(FetchError::TooLarge { max: 1000, .. })));
    set(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 99999\r\n\r\n".to_vec());
    assert!(matches!(post(&url, PostBody::Bytes(b"x"), &quick), Err(FetchError::TooLarge { .. })));

    // Nothing listening; not a URL.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let gone = format!("http://127.0.0.1:{port}/reports");
    assert!(matches!(post(&gone, PostBody::Bytes(b"x"), &quick), Err(FetchError::ConnectionRefused { .. })));
    assert!(matches!(post("ftp://x/reports", PostBody::Bytes(b"x"), &quick), Err(FetchError::BadUrl { .. })));
}
