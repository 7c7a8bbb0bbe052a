//! Usage reports at the issuer (SPEC §13.4), with `tower::ServiceExt::oneshot`
//! against `app()` and a real SQLite file: venue keys (`POST /venue-keys`,
//! `/admin/venue-keys`), reports (`POST /reports`, the upload on
//! `/admin/usage`), the usage page and its CSV files. Every refusal is
//! checked to change nothing.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use issuer::cells::Threshold;
use issuer::store::Store;
use issuer::web::{AppState, app, prepare};
use serde_json::Value;
use shared::ed25519_dalek::SigningKey;
use shared::report::{MAX_REPORT_BYTES, REPORT_FORMAT, ReportBody, ReportRow, report_id, sign_report};
use shared::{CardTypeId, Day, Fingerprint, FixedClock, Timestamp};
use tower::ServiceExt as _;

mod common;
use common::*;

const KINO: &str = "bolgen-kino";
const SWIM: &str = "larvik-svommehall";

struct Fixture {
    tmp: tempfile::TempDir,
    app: Router,
    setup_link: String,
}

fn fixture() -> Fixture {
    fixture_with(Threshold::default(), |_| {})
}

/// The fixture with small-cell threshold `threshold`; `more` adds to the
/// store first.
fn fixture_with(threshold: Threshold, more: impl FnOnce(&Store)) -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let (store, setup) = prepare(&tmp.path().join("issuer"), "http://127.0.0.1:8080", NOW).unwrap();
    let agency = add_caseworker(&store);
    // Cards handed out: 10 of type 1 and 4 of type 2 this month, 5 of type
    // 1 in October.
    store.issuance().record(CardTypeId(1), 10, agency, "kari", NOW).unwrap();
    store.issuance().record(CardTypeId(2), 4, agency, "kari", NOW).unwrap();
    store.issuance().record(CardTypeId(1), 5, agency, "kari", Timestamp(NOW.0 - 30 * 86_400)).unwrap();
    more(&store);
    let state = AppState::with_threshold(store, Box::new(FixedClock(NOW)), false, threshold);
    Fixture { tmp, app: app(state), setup_link: setup.unwrap() }
}

// ------------------------------------------------------------- helpers

fn key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

fn public_hex(k: &SigningKey) -> String {
    shared::wire::hex_encode(&k.verifying_key().to_bytes())
}

fn fingerprint(k: &SigningKey) -> Fingerprint {
    Fingerprint::of(&k.verifying_key().to_bytes())
}

fn day(d: u32) -> Day {
    Day::from_ymd(2026, 11, d).unwrap()
}

/// November 2026's report of `venue`, made at `generated_at`, with rows
/// (day of month, card type, benefit, visits, companions).
fn report(venue: &str, generated_at: i64, rows: &[(u32, u16, &str, u32, u32)]) -> ReportBody {
    let (from, until) = (day(1), day(30));
    ReportBody {
        format: REPORT_FORMAT,
        venue_id: venue.into(),
        report_id: report_id(venue, from, until),
        from,
        until,
        generated_at: Timestamp(generated_at),
        rows: rows
            .iter()
            .map(|(d, ct, b, count, companions)| ReportRow {
                day: day(*d),
                benefit: (*b).into(),
                card_type: CardTypeId(*ct),
                count: *count,
                companions: *companions,
            })
            .collect(),
    }
}

async fn json_of(res: Response<Body>) -> (StatusCode, Value) {
    let status = res.status();
    let body = text(res).await;
    (status, serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}")))
}

/// `POST /venue-keys` without a registration code.
async fn register(f: &Fixture, venue: &str, hex: &str) -> (StatusCode, Value) {
    let body = serde_json::json!({ "venue_id": venue, "public_key": hex }).to_string();
    let req = Request::post("/venue-keys").header(header::CONTENT_TYPE, "application/json").body(Body::from(body));
    json_of(f.app.clone().oneshot(req.unwrap()).await.unwrap()).await
}

/// `POST /venue-keys` with a set-up code's registration code.
async fn register_with(f: &Fixture, venue: &str, hex: &str, code: &str) -> (StatusCode, Value) {
    let body = serde_json::json!({ "venue_id": venue, "public_key": hex, "registration": code }).to_string();
    let req = Request::post("/venue-keys").header(header::CONTENT_TYPE, "application/json").body(Body::from(body));
    json_of(f.app.clone().oneshot(req.unwrap()).await.unwrap()).await
}

/// The administrator makes a set-up code for `venue` at
/// `/admin/venue-setup`; its registration code.
async fn new_code(f: &Fixture, cookie: &str, csrf: &str, venue: &str) -> String {
    let res = send(&f.app, post("/admin/venue-setup", cookie, &[("csrf", csrf), ("venue", venue)])).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = text(res).await;
    let start = html.find("value=\"aktivitetskort-setup:1;").expect("the new set-up code") + 7;
    let text = &html[start..start + html[start..].find('"').unwrap()];
    let setup = shared::setup::VenueSetup::parse(text).unwrap();
    assert_eq!(setup.venue, venue);
    setup.registration.expect("a registration code").to_hex()
}

/// Register `k` for `venue` with a new set-up code: approved at once.
async fn approved(f: &Fixture, cookie: &str, csrf: &str, venue: &str, k: &SigningKey) {
    let code = new_code(f, cookie, csrf, venue).await;
    let (status, answer) = register_with(f, venue, &public_hex(k), &code).await;
    assert_eq!((status, answer["status"].as_str()), (StatusCode::OK, Some("approved")), "{answer}");
}

async fn send_report(f: &Fixture, bytes: Vec<u8>) -> (StatusCode, Value) {
    let req =
        Request::post("/reports").header(header::CONTENT_TYPE, "application/octet-stream").body(Body::from(bytes));
    json_of(f.app.clone().oneshot(req.unwrap()).await.unwrap()).await
}

/// The `usage` and `usage_report` tables as they are on disk.
fn stored(f: &Fixture) -> Vec<String> {
    let db = rusqlite::Connection::open(f.tmp.path().join("issuer").join("issuer.db")).unwrap();
    let mut out = Vec::new();
    let mut stmt = db
        .prepare("SELECT venue_id, key_fingerprint, day, card_type, benefit, visits, companions FROM usage ORDER BY 1, 2, 3, 4, 5")
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok(format!(
                "{} {} {} {} {} {} {}",
                r.get::<_, String>(0)?,
                &r.get::<_, String>(1)?[..8],
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, i64>(6)?
            ))
        })
        .unwrap();
    out.extend(rows.map(Result::unwrap));
    let mut stmt = db.prepare("SELECT report_id, generated_at, rows FROM usage_report ORDER BY 1").unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok(format!("report {} {} {}", r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
        })
        .unwrap();
    out.extend(rows.map(Result::unwrap));
    out
}

/// The settlement CSV of `venue` for November 2026: its lines.
async fn settlement(f: &Fixture, cookie: &str, venue: &str) -> Vec<Vec<String>> {
    let res = send(&f.app, get(&format!("/admin/usage/settlement.csv?month=2026-11&venue={venue}"), cookie)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    assert_eq!(
        res.headers()[header::CONTENT_DISPOSITION].to_str().unwrap(),
        format!("attachment; filename=\"oppgjor-{venue}-2026-11.csv\"")
    );
    let body = text(res).await;
    assert!(body.ends_with("\r\n"), "{body:?}");
    // Bokmål: a byte-order mark and semicolons, for Norwegian Excel.
    let body = body.strip_prefix('\u{feff}').unwrap_or_else(|| panic!("a BOM: {body:?}"));
    body.trim_end().split("\r\n").map(|l| l.split(';').map(str::to_string).collect()).collect()
}

/// Visits and companions summed over a settlement CSV's rows.
fn totals(csv: &[Vec<String>]) -> (u64, u64) {
    csv[1..].iter().fold((0, 0), |(v, c), r| (v + r[7].parse::<u64>().unwrap(), c + r[8].parse::<u64>().unwrap()))
}

/// The cells of the table with `id` on a page: rows of (header cell, data
/// cells), without markup.
fn table(html: &str, id: &str) -> Vec<Vec<String>> {
    let start = html.find(&format!("<table id=\"{id}\"")).unwrap_or_else(|| panic!("no table {id}"));
    let end = start + html[start..].find("</table>").unwrap();
    let body = &html[start..end];
    let body = &body[body.find("<tbody>").unwrap()..];
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            row.split(['<'])
                .filter_map(|part| {
                    let (tag, rest) = part.split_once('>')?;
                    (tag.starts_with("td") || tag.starts_with("th")).then(|| rest.trim().replace("&#60;", "<"))
                })
                .collect()
        })
        .collect()
}

async fn usage_page(f: &Fixture, cookie: &str) -> String {
    let res = send(&f.app, get("/admin/usage?month=2026-11", cookie)).await;
    assert_eq!(res.status(), StatusCode::OK);
    text(res).await
}

async fn key_action(f: &Fixture, cookie: &str, csrf: &str, action: &str, fp: &Fingerprint) -> String {
    let fp = fp.to_string();
    let form = [("csrf", csrf), ("action", action), ("fingerprint", &fp), ("confirm", "yes")];
    let res = send(&f.app, post("/admin/venue-keys", cookie, &form)).await;
    assert_eq!(res.status(), StatusCode::OK);
    text(res).await
}

// --------------------------------------------------------------- tests

#[tokio::test]
async fn a_venue_key_is_approved_and_its_reports_replace_never_add() {
    let f = fixture();
    let (anne, csrf) = admin(&f.app, &f.setup_link).await;
    let a = key(7);

    // Without the set-up code's registration code: refused, nothing written.
    let (status, answer) = register(&f, KINO, &public_hex(&a)).await;
    assert_eq!((status, answer["error"].as_str()), (StatusCode::FORBIDDEN, Some("registration_required")), "{answer}");
    assert!(answer["message"].as_str().unwrap().contains("ny oppsettkode"), "{answer}");

    // A report from a key nobody registered: 403, nothing stored.
    // Counts well above the small-cell threshold: this test is about
    // replacing, not hiding.
    let r1 = report(KINO, NOW.0 - 3600, &[(2, 1, "kino", 30, 30), (2, 2, "kino", 10, 0), (9, 1, "kino", 20, 20)]);
    let (status, answer) = send_report(&f, sign_report(&a, &r1)).await;
    assert_eq!((status, answer["error"].as_str()), (StatusCode::FORBIDDEN, Some("unknown_key")), "{answer}");
    assert!(answer["message"].as_str().unwrap().contains("ikke godkjent"), "{answer}");
    assert_eq!(stored(&f), Vec::<String>::new());

    // The administrator makes a set-up code; the venue's computer registers
    // with its registration code and is approved at once, once.
    let code = new_code(&f, &anne, &csrf, KINO).await;
    let (status, answer) = register_with(&f, KINO, &public_hex(&a), &code).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, serde_json::json!({ "status": "approved", "fingerprint": fingerprint(&a).to_string() }));
    let (status, answer) = register_with(&f, KINO, &public_hex(&key(9)), &code).await;
    assert_eq!((status, answer["error"].as_str()), (StatusCode::FORBIDDEN, Some("bad_registration")), "{answer}");
    // The administrator sees it approved, the fingerprint in groups of four.
    let html = text(send(&f.app, get("/admin/venue-keys", &anne)).await).await;
    let grouped: Vec<String> =
        fingerprint(&a).to_string().as_bytes().chunks(4).map(|c| String::from_utf8(c.to_vec()).unwrap()).collect();
    assert!(html.contains(&grouped.join(" ")), "{html}");
    assert!(table(&html, "approved-keys")[0][0].starts_with("Bølgen kino"), "{html}");
    assert!(table(&html, "approved-keys")[0][2].contains("set-up code (anne)"), "{html}");
    // Registering the approved key again needs no code.
    let (status, answer) = register(&f, KINO, &public_hex(&a)).await;
    assert_eq!((status, answer["status"].as_str()), (StatusCode::OK, Some("approved")));

    // Now the same report is stored.
    let (status, answer) = send_report(&f, sign_report(&a, &r1)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(
        answer,
        serde_json::json!({ "status": "stored", "report_id": "bolgen-kino/2026-11-01/2026-11-30", "rows": 3 })
    );
    let csv = settlement(&f, &anne, KINO).await;
    assert_eq!(totals(&csv), (60, 50));
    let once = stored(&f);

    // The same report again: the same counts.
    assert_eq!(send_report(&f, sign_report(&a, &r1)).await.0, StatusCode::OK);
    assert_eq!(stored(&f), once);
    assert_eq!(totals(&settlement(&f, &anne, KINO).await), (60, 50));
    let html = usage_page(&f, &anne).await;
    assert_eq!(table(&html, "table-venues")[0][..3], ["Bølgen kino", "60", "50"]);

    // A newer report of the same month replaces the counts.
    let r2 = report(KINO, NOW.0 - 60, &[(2, 1, "kino", 40, 40), (9, 1, "kino", 20, 20), (15, 2, "kino", 20, 0)]);
    let (status, answer) = send_report(&f, sign_report(&a, &r2)).await;
    assert_eq!((status, answer["status"].as_str()), (StatusCode::OK, Some("stored")), "{answer}");
    let csv = settlement(&f, &anne, KINO).await;
    assert_eq!(totals(&csv), (80, 60));
    let rows: Vec<String> = csv[1..].iter().map(|r| format!("{} {} {} {} {}", r[0], r[3], r[5], r[7], r[8])).collect();
    assert_eq!(rows, ["2026-11-02 1 kino 40 40", "2026-11-09 1 kino 20 20", "2026-11-15 2 kino 20 0"]);
    assert_eq!(csv[1][2], "Bølgen kino");
    assert_eq!(csv[1][6], "Kino");
    assert_eq!(csv[0][0], "dag");
    let after_r2 = stored(&f);

    // The older one again: acknowledged, ignored.
    let (status, answer) = send_report(&f, sign_report(&a, &r1)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer, serde_json::json!({ "status": "older", "report_id": "bolgen-kino/2026-11-01/2026-11-30" }));
    assert_eq!(stored(&f), after_r2);

    // The page's numbers are the stored rows' sums.
    let html = usage_page(&f, &anne).await;
    assert_eq!(table(&html, "table-venues")[0][..3], ["Bølgen kino", "80", "60"]);
    let benefits = table(&html, "table-benefits");
    assert_eq!(benefits, [["Kino · 0–13 år med ledsager", "60", "60"], ["Kino · 14–18 år", "20", "0"]]);

    // Refusals change nothing.
    let signed = sign_report(&a, &report(KINO, NOW.0, &[(3, 1, "kino", 9, 9)]));
    let mut cases: Vec<(&str, Vec<u8>, StatusCode, &str)> = Vec::new();
    let n = signed.len();
    let mut flipped_sig = signed.clone();
    flipped_sig[n - 1] ^= 1;
    cases.push(("a changed signature byte", flipped_sig, StatusCode::BAD_REQUEST, "bad_signature"));
    let mut zeroed = signed.clone();
    zeroed[n - 64..].fill(0);
    cases.push(("an all-zero signature (unsigned)", zeroed, StatusCode::BAD_REQUEST, "bad_signature"));
    // A visit count inside the signed body: still canonical CBOR, so the
    // signature catches it.
    let mut changed_count = signed.clone();
    let pos = n - 64 - 10;
    changed_count[pos] ^= 1;
    let (status, answer) = send_report(&f, changed_count.clone()).await;
    assert!(
        (status, answer["error"].as_str()) == (StatusCode::BAD_REQUEST, Some("bad_signature")),
        "{status} {answer}"
    );
    let mut magic = signed.clone();
    magic[3] ^= 1;
    cases.push(("a changed magic", magic, StatusCode::BAD_REQUEST, "malformed"));
    cases.push(("cut short", signed[..n - 1].to_vec(), StatusCode::BAD_REQUEST, "malformed"));
    let mut trailing = signed.clone();
    trailing.push(0);
    cases.push(("a trailing byte", trailing, StatusCode::BAD_REQUEST, "malformed"));
    cases.push(("not a report", b"hello".to_vec(), StatusCode::BAD_REQUEST, "malformed"));
    cases.push(("empty", Vec::new(), StatusCode::BAD_REQUEST, "malformed"));
    cases.push(("just over 1 MiB", vec![0; MAX_REPORT_BYTES + 1], StatusCode::PAYLOAD_TOO_LARGE, "too_large"));
    cases.push(("far over 1 MiB", vec![0; MAX_REPORT_BYTES + 100_000], StatusCode::PAYLOAD_TOO_LARGE, "too_large"));
    let future = sign_report(&a, &report(KINO, NOW.0 + 86_400, &[(3, 1, "kino", 9, 9)]));
    cases.push(("made tomorrow", future, StatusCode::UNPROCESSABLE_ENTITY, "invalid"));
    // Signed by another venue's approved key.
    let b = key(8);
    approved(&f, &anne, &csrf, SWIM, &b).await;
    let by_b = sign_report(&b, &report(KINO, NOW.0, &[(3, 1, "kino", 9, 9)]));
    cases.push(("venue A's report signed by venue B's key", by_b, StatusCode::FORBIDDEN, "unknown_key"));
    for (what, bytes, status, code) in cases {
        let (got, answer) = send_report(&f, bytes).await;
        assert_eq!((got, answer["error"].as_str()), (status, Some(code)), "{what}: {answer}");
        assert!(!answer["message"].as_str().unwrap_or("").is_empty(), "{what}");
        assert_eq!(stored(&f), after_r2, "{what} changed nothing");
    }

    // Revoking needs the box ticked.
    let fp_a = fingerprint(&a).to_string();
    let unconfirmed = [("csrf", csrf.as_str()), ("action", "revoke"), ("fingerprint", &fp_a)];
    let res = send(&f.app, post("/admin/venue-keys", &anne, &unconfirmed)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res).await.contains("Kryss av i boksen"));
    // Revoked: refused, counts kept; registering it again is refused too.
    let html = key_action(&f, &anne, &csrf, "revoke", &fingerprint(&a)).await;
    assert!(html.contains("trukket tilbake"), "{html}");
    let (status, answer) = send_report(&f, signed).await;
    assert_eq!((status, answer["error"].as_str()), (StatusCode::FORBIDDEN, Some("unknown_key")), "{answer}");
    assert_eq!(stored(&f), after_r2);
    let (status, answer) = register(&f, KINO, &public_hex(&a)).await;
    assert_eq!((status, answer["error"].as_str()), (StatusCode::FORBIDDEN, Some("revoked_key")), "{answer}");
    assert_eq!(totals(&settlement(&f, &anne, KINO).await), (80, 60));

    // The audit log names venue, report and rows; never a row's content.
    let html = text(send(&f.app, get("/admin/activity", &anne)).await).await;
    assert!(html.contains("bolgen-kino/2026-11-01/2026-11-30: 3 rows"), "{html}");
    assert!(html.contains("venue-key: bolgen-kino: key"), "{html}");
}

#[tokio::test]
async fn two_computers_at_one_venue_each_replace_only_their_own_counts() {
    let f = fixture();
    let (anne, csrf) = admin(&f.app, &f.setup_link).await;
    let (a, b) = (key(7), key(8));
    for k in [&a, &b] {
        approved(&f, &anne, &csrf, SWIM, k).await;
    }
    let ra = report(SWIM, NOW.0 - 100, &[(2, 1, "svomming", 30, 30)]);
    let rb = report(SWIM, NOW.0 - 50, &[(2, 1, "svomming", 20, 20), (3, 2, "svomming", 10, 0)]);
    assert_eq!(send_report(&f, sign_report(&a, &ra)).await.0, StatusCode::OK);
    assert_eq!(send_report(&f, sign_report(&b, &rb)).await.0, StatusCode::OK);
    // Computer A's report again (older than B's, but B's is its own).
    let (status, answer) = send_report(&f, sign_report(&a, &ra)).await;
    assert_eq!((status, answer["status"].as_str()), (StatusCode::OK, Some("stored")));
    let csv = settlement(&f, &anne, SWIM).await;
    assert_eq!(totals(&csv), (60, 50));
    assert_eq!(csv[1][7], "50", "both computers' visits on the 2nd: {csv:?}");
    let html = usage_page(&f, &anne).await;
    assert_eq!(table(&html, "table-venues")[0][..3], ["Larvik svømmehall", "60", "50"]);
}

#[tokio::test]
async fn venue_key_registration_is_checked_and_answered_in_the_callers_language() {
    let f = fixture();
    let en = |body: String| {
        Request::post("/venue-keys")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9")
            .body(Body::from(body))
            .unwrap()
    };
    let hex = public_hex(&key(7));
    let (status, answer) = register(&f, "nowhere", &hex).await;
    assert_eq!((status, answer["error"].as_str()), (StatusCode::NOT_FOUND, Some("unknown_venue")));
    assert!(answer["message"].as_str().unwrap().contains("Det finnes ikke"), "{answer}");
    let body = serde_json::json!({ "venue_id": "nowhere", "public_key": hex }).to_string();
    let (_, answer) = json_of(f.app.clone().oneshot(en(body)).await.unwrap()).await;
    assert_eq!(answer["message"], "There is no venue «nowhere» in the catalogue.");
    // Bad keys: not hex, too short, a small-order point.
    for bad in ["xyz", &hex[..62], &"00".repeat(32), &format!("{hex}00")] {
        let (status, answer) = register(&f, KINO, bad).await;
        assert_eq!((status, answer["error"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("bad_key")), "{bad}");
    }
    // Six anonymous registrations for a venue change nothing: no pending
    // list to fill, nothing for the administrator to wade through.
    let keys_stored = || {
        let db = rusqlite::Connection::open(f.tmp.path().join("issuer").join("issuer.db")).unwrap();
        db.query_row("SELECT count(*) FROM venue_key", [], |r| r.get::<_, i64>(0)).unwrap()
    };
    for seed in 10..16 {
        let (status, answer) = register(&f, KINO, &public_hex(&key(seed))).await;
        assert_eq!((status, answer["error"].as_str()), (StatusCode::FORBIDDEN, Some("registration_required")));
    }
    // A made-up, malformed or other venue's registration code: refused.
    let (anne, csrf) = admin(&f.app, &f.setup_link).await;
    let swim_code = new_code(&f, &anne, &csrf, SWIM).await;
    for code in ["ab".repeat(16), "xyz".into(), swim_code.clone()] {
        let (status, answer) = register_with(&f, KINO, &hex, &code).await;
        assert_eq!((status, answer["error"].as_str()), (StatusCode::FORBIDDEN, Some("bad_registration")), "{code}");
    }
    let body = serde_json::json!({ "venue_id": KINO, "public_key": hex, "registration": "ab".repeat(16) }).to_string();
    let (_, answer) = json_of(f.app.clone().oneshot(en(body)).await.unwrap()).await;
    assert!(answer["message"].as_str().unwrap().starts_with("The registration code of this set-up code"), "{answer}");
    assert_eq!(keys_stored(), 0);
    // The real venue then registers with its set-up code.
    let kino_code = new_code(&f, &anne, &csrf, KINO).await;
    assert_eq!(register_with(&f, KINO, &hex, &kino_code).await.0, StatusCode::OK);
    assert_eq!(keys_stored(), 1);
    // The same key for another venue.
    let (status, answer) = register_with(&f, SWIM, &hex, &swim_code).await;
    assert_eq!((status, answer["error"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("bad_key")));
    // Not JSON, too large, not an object, unknown fields.
    let req = Request::post("/venue-keys").header(header::CONTENT_TYPE, "text/plain").body(Body::from("{}")).unwrap();
    assert_eq!(f.app.clone().oneshot(req).await.unwrap().status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let big = format!("{{\"venue_id\":\"{}\",\"public_key\":\"{hex}\"}}", "a".repeat(5000));
    let (status, answer) = json_of(f.app.clone().oneshot(en(big)).await.unwrap()).await;
    assert_eq!((status, answer["error"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("too_large")));
    let (status, _) = json_of(f.app.clone().oneshot(en("[1]".into())).await.unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let extra = serde_json::json!({ "venue_id": KINO, "public_key": hex, "x": 1 }).to_string();
    let (status, answer) = json_of(f.app.clone().oneshot(en(extra)).await.unwrap()).await;
    assert_eq!((status, answer["error"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_json")));
    // Nothing set a cookie; the usual security headers are there.
    let res = f.app.clone().oneshot(en(serde_json::json!({ "venue_id": KINO, "public_key": hex }).to_string())).await;
    let res = res.unwrap();
    assert!(res.headers().get(header::SET_COOKIE).is_none());
    assert_eq!(res.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(res.headers().contains_key(header::CONTENT_SECURITY_POLICY));
}

fn multipart(cookie: &str, csrf: &str, file: &[u8]) -> Request<Body> {
    let b = "----usage-test-boundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{b}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n").as_bytes(),
    );
    body.extend_from_slice(
        format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"report\"; filename=\"rapport.akr\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{b}--\r\n").as_bytes());
    Request::post("/admin/usage")
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={b}"))
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn an_offline_venue_s_key_is_pasted_and_its_report_file_uploaded() {
    let f = fixture();
    let (anne, csrf) = admin(&f.app, &f.setup_link).await;
    let a = key(7);
    // A bad key is explained and kept in the form.
    let res = send(
        &f.app,
        post("/admin/venue-keys", &anne, &[("csrf", &csrf), ("action", "add"), ("venue", KINO), ("public_key", "abc")]),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res).await.contains("64 heksadesimale"));
    let grouped_hex = public_hex(&a)
        .as_bytes()
        .chunks(8)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    let res = send(
        &f.app,
        post(
            "/admin/venue-keys",
            &anne,
            &[("csrf", &csrf), ("action", "add"), ("venue", KINO), ("public_key", &grouped_hex)],
        ),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = text(res).await;
    assert!(html.contains("lagt til og godkjent"), "{html}");

    // The file: stored, back on the report's month with a notice.
    let r = report(KINO, NOW.0 - 10, &[(5, 1, "kino", 20, 20)]);
    let res = send(&f.app, multipart(&anne, &csrf, &sign_report(&a, &r))).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = text(res).await;
    assert!(html.contains("Rapport bolgen-kino/2026-11-01/2026-11-30 er lagret: 1 rader"), "{html}");
    assert_eq!(table(&html, "table-venues")[0][..3], ["Bølgen kino", "20", "20"]);
    let before = stored(&f);

    // A damaged file: the API's message, in the administrator's language.
    let mut bad = sign_report(&a, &r);
    let n = bad.len();
    bad[n - 1] ^= 1;
    let res = send(&f.app, multipart(&format!("{anne}; lang=en"), &csrf, &bad)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(res).await;
    assert!(
        html.contains("The report&#39;s signature is not valid") || html.contains("signature is not valid"),
        "{html}"
    );
    // Without the form token: refused before the file is looked at.
    let res = send(&f.app, multipart(&anne, "wrong", &sign_report(&a, &r))).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Too large, whether the body limit or the report's own limit stops it.
    for size in [MAX_REPORT_BYTES + 1, MAX_REPORT_BYTES + 200_000] {
        let res = send(&f.app, multipart(&anne, &csrf, &vec![0; size])).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{size}");
        assert!(text(res).await.contains("Rapportfila er for stor"), "{size}");
    }
    // Not multipart.
    let res = send(&f.app, post("/admin/usage", &anne, &[("csrf", &csrf)])).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(stored(&f), before);
}

#[tokio::test]
async fn the_page_draws_every_chart_with_its_table_and_the_csvs_are_safe() {
    let f = fixture();
    let (anne, csrf) = admin(&f.app, &f.setup_link).await;
    let a = key(7);
    approved(&f, &anne, &csrf, KINO, &a).await;
    let r = report(KINO, NOW.0, &[(2, 1, "=HYPERLINK(\"x\")", 10, 0), (2, 1, "kino", 30, 30), (4, 2, "@bad", 20, 0)]);
    assert_eq!(send_report(&f, sign_report(&a, &r)).await.0, StatusCode::OK);

    let html = usage_page(&f, &anne).await;
    for caption in ["cap-issued", "cap-venues", "cap-benefits"] {
        let svg = format!("<svg class=\"chart\" role=\"img\" aria-labelledby=\"{caption}\"");
        assert_eq!(html.matches(&svg).count(), 1, "{caption}");
        assert!(html.contains(&format!("<caption id=\"{caption}\">")), "{caption}");
    }
    assert!(html.contains("<polyline"), "issued cards as lines");
    // Issued cards: October 5 of type 1; November 10 and 4 (a small
    // count: shown as "< 5").
    let issued = table(&html, "table-issued");
    assert_eq!(issued.len(), 12);
    assert_eq!(issued[10], ["2026-10", "5", "0"]);
    assert_eq!(issued[11], ["2026-11", "10", "< 5"]);
    assert_eq!(
        table(&html, "table-agencies"),
        [["NAV Larvik", "0–13 år med ledsager", "10"], ["NAV Larvik", "14–18 år", "< 5"]]
    );
    // Quota share: kino 12 per validity: 30 visits ÷ (15 cards × 12).
    let quota = table(&html, "table-quota");
    let kino = quota.iter().find(|r| r[0] == "0–13 år med ledsager" && r[1] == "Kino").unwrap();
    assert_eq!(kino[2..], ["12 / hele gyldigheten", "30", "15", "180", "16,7 %"]);
    // Text from a report is escaped on the page.
    assert!(!html.contains("=HYPERLINK(\"x\")"));

    // Settlement CSV: formulas neutralised, quoted per RFC 4180.
    let res = send(&f.app, get("/admin/usage/settlement.csv?month=2026-11&venue=bolgen-kino", &anne)).await;
    let body = text(res).await;
    assert!(body.contains(";\"'=HYPERLINK(\"\"x\"\")\";"), "{body}");
    assert!(body.contains(";'@bad;"), "{body}");
    assert!(!body.contains(";=") && !body.contains(";@"), "{body}");

    // The overview CSV: every table, a section column.
    let res = send(&f.app, get("/admin/usage/overview.csv?month=2026-11", &anne)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_DISPOSITION], "attachment; filename=\"bruk-2026-11.csv\"");
    let body = text(res).await;
    let lines: Vec<&str> = body.trim_end().split("\r\n").collect();
    // Bokmål: a byte-order mark, semicolons and Norwegian headings.
    assert!(lines[0].starts_with("\u{feff}seksjon;måned;etat;sted;korttype;tilbud;kort;besøk;ledsagere;"), "{body}");
    for section in
        ["cards_issued;", "cards_issued_by_agency;", "visits_by_venue;", "visits_by_benefit;", "quota_share;"]
    {
        assert!(lines.iter().any(|l| l.starts_with(section)), "{section} in {body}");
    }
    assert!(lines.contains(&"visits_by_venue;2026-11;;Bølgen kino;;;;60;30;;"), "{body}");
    assert!(lines.contains(&"cards_issued;2026-11;;;0–13 år med ledsager;;10;;;;"), "{body}");
    // In English: commas, no mark, English headings.
    let res = send(&f.app, get("/admin/usage/overview.csv?month=2026-11&lang=en", &anne)).await;
    let body = text(res).await;
    assert!(
        body.starts_with("section,month,agency,venue,card_type,benefit,cards,visits,companions,quota,share\r\n"),
        "{body}"
    );
    assert!(body.contains("\r\nvisits_by_venue,2026-11,,Bølgen kino,,,,60,30,,\r\n"), "{body}");
}

#[tokio::test]
async fn caseworkers_get_403_and_bad_months_get_a_message_or_400() {
    let f = fixture();
    let (anne, csrf) = admin(&f.app, &f.setup_link).await;
    let kari = log_in(&f.app, "kari", PW).await;
    let kari_csrf = csrf_field(&text(send(&f.app, get("/", &kari)).await).await);
    for uri in [
        "/admin/venue-keys",
        "/admin/usage",
        "/admin/usage?month=2026-11",
        "/admin/usage/settlement.csv?month=2026-11&venue=bolgen-kino",
        "/admin/usage/overview.csv?month=2026-11",
    ] {
        assert_eq!(send(&f.app, get(uri, &kari)).await.status(), StatusCode::FORBIDDEN, "{uri}");
    }
    let fp = fingerprint(&key(7)).to_string();
    let res = send(
        &f.app,
        post("/admin/venue-keys", &kari, &[("csrf", &kari_csrf), ("action", "approve"), ("fingerprint", &fp)]),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = send(&f.app, multipart(&kari, &kari_csrf, b"x")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // The admin home links both pages.
    let home = text(send(&f.app, get("/", &anne)).await).await;
    assert!(home.contains("href=\"/admin/usage\"") && home.contains("href=\"/admin/venue-keys\""));
    let home = text(send(&f.app, get("/", &kari)).await).await;
    assert!(!home.contains("/admin/usage"));

    // Months: garbage shows the current month with a message, never a 500.
    for bad in ["garbage", "2026-13", "2026-1", "9999-01", "%00", "2026-11-01"] {
        let res = send(&f.app, get(&format!("/admin/usage?month={bad}"), &anne)).await;
        assert_eq!(res.status(), StatusCode::OK, "{bad}");
        let html = text(res).await;
        assert!(html.contains("Det er ikke en måned"), "{bad}");
        assert!(html.contains("value=\"2026-11\""), "{bad}");
    }
    let html = text(send(&f.app, get("/admin/usage", &anne)).await).await;
    assert!(html.contains("value=\"2026-11\"") && !html.contains("Det er ikke en måned"));
    for uri in [
        "/admin/usage/settlement.csv?month=garbage&venue=bolgen-kino",
        "/admin/usage/settlement.csv?venue=bolgen-kino",
        "/admin/usage/settlement.csv?month=2026-11&venue=Bad%20Venue",
        "/admin/usage/settlement.csv?month=2026-11",
        "/admin/usage/overview.csv?month=13-2026",
    ] {
        assert_eq!(send(&f.app, get(uri, &anne)).await.status(), StatusCode::BAD_REQUEST, "{uri}");
    }
    // A bad action or fingerprint on the keys page: 400; an unknown one: a message.
    let res = send(
        &f.app,
        post("/admin/venue-keys", &anne, &[("csrf", &csrf), ("action", "approve"), ("fingerprint", "zz")]),
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res =
        send(&f.app, post("/admin/venue-keys", &anne, &[("csrf", &csrf), ("action", "approve"), ("fingerprint", &fp)]))
            .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Without the CSRF token: 403.
    let res = send(&f.app, post("/admin/venue-keys", &anne, &[("action", "approve"), ("fingerprint", &fp)])).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

// ------------------------------------------------------- no small cells

/// A count as shown, or `None` when it is hidden (`< N` or `x`).
fn shown_count(cell: &str) -> Option<u64> {
    match cell {
        "x" => None,
        c if c.starts_with("< ") => None,
        c => Some(c.parse().unwrap_or_else(|_| panic!("not a count, `< N` or `x`: {c:?}"))),
    }
}

/// A group of shown numbers, the first being the total of the others:
/// either all are shown, or the total and at least one more number are
/// hidden, so that no total minus shown cells gives a hidden cell back.
fn check_group(what: &str, total: &str, members: &[&str]) {
    let hidden = members.iter().filter(|m| shown_count(m).is_none()).count();
    match shown_count(total) {
        Some(t) => {
            assert_eq!(hidden, 0, "{what}: a shown total {t} over hidden cells {members:?}");
            let sum: u64 = members.iter().filter_map(|m| shown_count(m)).sum();
            assert_eq!(sum, t, "{what}: the cells add up to the total");
        }
        None => assert!(hidden >= 1, "{what}: a hidden total {total} over only shown cells {members:?}"),
    }
}

/// No count from 1 to `threshold − 1` in `cells`.
fn no_small_count(what: &str, cells: &[&str], threshold: u64) {
    for c in cells {
        if let Some(n) = shown_count(c) {
            assert!(n == 0 || n >= threshold, "{what}: {n} shown in {cells:?}");
        }
    }
}

/// The fixture with a small agency (2 cards) and reports with small counts
/// at both venues.
async fn small_counts() -> (Fixture, String) {
    let f = fixture_with(Threshold::default(), |store| {
        let stavern = store.accounts().create_agency("NAV Stavern", "test", NOW).unwrap();
        store.issuance().record(CardTypeId(1), 2, stavern, "test", NOW).unwrap();
    });
    let (anne, csrf) = admin(&f.app, &f.setup_link).await;
    let (a, b) = (key(7), key(8));
    approved(&f, &anne, &csrf, KINO, &a).await;
    approved(&f, &anne, &csrf, SWIM, &b).await;
    let kino = report(KINO, NOW.0, &[(2, 1, "kino", 30, 30), (3, 1, "kino", 2, 2), (4, 2, "kino", 7, 0)]);
    let swim = report(SWIM, NOW.0, &[(2, 1, "svomming", 3, 3), (5, 2, "svomming", 12, 0)]);
    assert_eq!(send_report(&f, sign_report(&a, &kino)).await.0, StatusCode::OK);
    assert_eq!(send_report(&f, sign_report(&b, &swim)).await.0, StatusCode::OK);
    (f, anne)
}

#[tokio::test]
async fn no_small_count_is_shown_and_no_total_gives_a_hidden_one_back() {
    let (f, anne) = small_counts().await;
    let html = usage_page(&f, &anne).await;
    let (mut venues, benefits) = (table(&html, "table-venues"), table(&html, "table-benefits"));
    // The last row is the footer's total.
    let foot = venues.pop().unwrap();
    let (issued, agencies) = (table(&html, "table-issued"), table(&html, "table-agencies"));
    let quota = table(&html, "table-quota");

    // No count from 1 to 4 anywhere.
    for (what, rows, skip) in [
        ("venues", &venues, 1),
        ("benefits", &benefits, 1),
        ("issued", &issued, 1),
        ("agencies", &agencies, 2),
        ("quota", &quota, 3),
    ] {
        for r in rows {
            let end = if what == "venues" {
                3
            } else if what == "quota" {
                6
            } else {
                r.len()
            };
            no_small_count(what, &r[skip..end].iter().map(String::as_str).collect::<Vec<_>>(), 5);
        }
    }
    no_small_count("total", &[&foot[1], &foot[2]], 5);

    // Every total with the cells it adds up: visits and companions per
    // venue and per offer (both add up to the footer's total), cards per
    // month of each card type (to the quota table's 12 months), cards per
    // agency (to the month's cell of the card type).
    for (col, total) in [(1, &foot[1]), (2, &foot[2])] {
        for (what, rows) in [("venues", &venues), ("benefits", &benefits)] {
            check_group(what, total, &rows.iter().map(|r| r[col].as_str()).collect::<Vec<_>>());
        }
    }
    let head_start = html.find("<table id=\"table-issued\"").unwrap();
    let head = &html[head_start..head_start + html[head_start..].find("</thead>").unwrap()];
    let type_names: Vec<&str> =
        head.split("<th scope=\"col\">").skip(2).map(|c| c.split('<').next().unwrap()).collect();
    assert_eq!(type_names, ["0–13 år med ledsager", "14–18 år"]);
    let november = issued.last().unwrap();
    for (k, name) in type_names.iter().enumerate() {
        let column: Vec<&str> = issued.iter().map(|r| r[k + 1].as_str()).collect();
        let q = quota.iter().find(|q| q[0] == *name).unwrap_or_else(|| panic!("a quota line of {name}"));
        check_group(name, &q[4], &column);
        let by_agency: Vec<&str> = agencies.iter().filter(|a| a[1] == *name).map(|a| a[2].as_str()).collect();
        check_group(name, &november[k + 1], &by_agency);
    }
    // The quota table shows the same visits as the offers' table, and no
    // allowance or share when the cards or the visits are hidden.
    for q in &quota {
        if shown_count(&q[4]).is_none() {
            assert_eq!((q[5].as_str(), q[6].as_str()), ("x", "x"), "{q:?}");
        }
        if shown_count(&q[3]).is_none() {
            assert_eq!(q[6], "x", "{q:?}");
        }
    }
    // What the fixture hides: the small ones, and what would give them back.
    assert_eq!(
        venues.iter().map(|v| v[..3].to_vec()).collect::<Vec<_>>(),
        [["Bølgen kino", "39", "32"], ["Larvik svømmehall", "x", "< 5"]]
    );
    assert_eq!(foot[..3], ["Sum", "x", "x"]);
    assert_eq!(
        agencies,
        [
            ["NAV Larvik", "0–13 år med ledsager", "10"],
            ["NAV Larvik", "14–18 år", "< 5"],
            ["NAV Stavern", "0–13 år med ledsager", "< 5"]
        ]
    );

    // The overview CSV shows exactly what the page shows.
    let res = send(&f.app, get("/admin/usage/overview.csv?month=2026-11", &anne)).await;
    let body = text(res).await;
    let lines: Vec<Vec<&str>> = body.trim_end().split("\r\n").skip(1).map(|l| l.split(';').collect()).collect();
    for l in &lines {
        let numbers: Vec<&str> = [l[6], l[7], l[8]].into_iter().filter(|c| !c.is_empty()).collect();
        no_small_count(l[0], &numbers, 5);
    }
    let section = |name: &str| lines.iter().filter(|l| l[0] == name).collect::<Vec<_>>();
    let csv_venues: Vec<[&str; 3]> = section("visits_by_venue").iter().map(|l| [l[3], l[7], l[8]]).collect();
    assert_eq!(csv_venues, venues.iter().map(|v| [v[0].as_str(), &v[1], &v[2]]).collect::<Vec<_>>());
    let csv_benefits: Vec<[&str; 3]> = section("visits_by_benefit").iter().map(|l| [l[5], l[7], l[8]]).collect();
    assert_eq!(csv_benefits, benefits.iter().map(|v| [v[0].as_str(), &v[1], &v[2]]).collect::<Vec<_>>());
    let csv_agencies: Vec<[&str; 3]> = section("cards_issued_by_agency").iter().map(|l| [l[2], l[4], l[6]]).collect();
    assert_eq!(csv_agencies, agencies.iter().map(|a| [a[0].as_str(), &a[1], &a[2]]).collect::<Vec<_>>());
    let csv_issued: Vec<&str> = section("cards_issued").iter().map(|l| l[6]).collect();
    let page_issued: Vec<&str> = issued.iter().flat_map(|r| r[1..].iter().map(String::as_str)).collect();
    assert_eq!(csv_issued, page_issued);
    let csv_quota: Vec<[&str; 3]> = section("quota_share").iter().map(|l| [l[6], l[7], l[10]]).collect();
    assert_eq!(csv_quota, quota.iter().map(|q| [q[4].as_str(), &q[3], &q[6]]).collect::<Vec<_>>());

    // The settlement CSV goes to the venue: exact, and it says so.
    let csv = settlement(&f, &anne, SWIM).await;
    assert_eq!(totals(&csv), (15, 3));
    assert_eq!(csv[1][7..], ["3", "3"]);
    assert_eq!(csv[0][7..], ["besøk (eksakte tall: bare til dette stedet)", "ledsagere (eksakte tall)"]);
    assert!(html.contains("Oppgjørsfilene (CSV) har eksakte tall per dag"), "{html}");
}

#[tokio::test]
async fn small_card_types_and_agencies_are_warned_about() {
    let (f, anne) = small_counts().await;
    let html = usage_page(&f, &anne).await;
    let warnings: Vec<&str> =
        html.split("<p class=\"warn small-cells\">").skip(1).map(|w| w.split("</p>").next().unwrap()).collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].starts_with("Korttypen «14–18 år» har færre enn 5 utdelte kort"), "{warnings:?}");
    assert!(warnings[1].starts_with("Etaten «NAV Stavern» har delt ut færre enn 5 kort"), "{warnings:?}");
    // In English too.
    let res = send(&f.app, get("/admin/usage?month=2026-11", &format!("{anne}; lang=en"))).await;
    let html = text(res).await;
    assert!(html.contains("The card type “Age 14–18” has fewer than 5 cards handed out"), "{html}");
}

#[tokio::test]
async fn the_threshold_is_configured_in_layers_and_never_below_3() {
    use issuer::config::{Config, ConfigError, Flags};
    use std::collections::BTreeMap;
    let tmp = tempfile::tempdir().unwrap();
    let flags = Flags { data: Some(tmp.path().join("none")), ..Flags::default() };
    let env = |v: &str| BTreeMap::from([("ISSUER_SUPPRESS_BELOW".to_string(), v.to_string())]);
    assert_eq!(Config::load(&flags, &BTreeMap::new()).unwrap().threshold.get(), 5);
    for bad in ["2", "0", "1", "-3", "many", "1001", ""] {
        let err = Config::load(&flags, &env(bad)).unwrap_err();
        match &err {
            ConfigError::BadValue { setting: "suppress_below", origin, value, .. } => {
                assert_eq!((origin.as_str(), value.as_str()), ("ISSUER_SUPPRESS_BELOW", bad));
            }
            other => panic!("{bad}: {other:?}"),
        }
        assert!(err.to_string().contains("from 3 to 1000"), "{err}");
    }
    // In the TOML file, and the environment beats it.
    let file = tmp.path().join("issuer.toml");
    std::fs::write(&file, "suppress_below = 2\n").unwrap();
    let from_file = Flags { config: Some(file.clone()), ..flags.clone() };
    assert!(matches!(
        Config::load(&from_file, &BTreeMap::new()).unwrap_err(),
        ConfigError::BadValue { setting: "suppress_below", .. }
    ));
    std::fs::write(&file, "suppress_below = 8\n").unwrap();
    assert_eq!(Config::load(&from_file, &BTreeMap::new()).unwrap().threshold.get(), 8);
    let config = Config::load(&from_file, &env("3")).unwrap();
    assert_eq!(config.threshold.get(), 3);

    // With 3, the fixture's 4 cards of type 2 show, a count of 2 does not,
    // and no card type is too small.
    let f = fixture_with(config.threshold, |_| {});
    let (anne, csrf) = admin(&f.app, &f.setup_link).await;
    let a = key(7);
    approved(&f, &anne, &csrf, KINO, &a).await;
    let r = report(KINO, NOW.0, &[(2, 1, "kino", 30, 2)]);
    assert_eq!(send_report(&f, sign_report(&a, &r)).await.0, StatusCode::OK);
    let html = usage_page(&f, &anne).await;
    assert_eq!(table(&html, "table-issued")[11], ["2026-11", "10", "4"]);
    assert_eq!(table(&html, "table-venues")[0][..3], ["Bølgen kino", "30", "< 3"]);
    assert!(!html.contains("small-cells"), "{html}");
    assert!(html.contains("fra 1 til 3 minus 1 vises som «< 3»") || html.contains("«&#60; 3»"), "{html}");
}

#[tokio::test]
async fn every_venue_is_listed_with_its_last_report_and_a_silent_one_says_so() {
    let f = fixture();
    let (anne, csrf) = admin(&f.app, &f.setup_link).await;
    let a = key(7);
    approved(&f, &anne, &csrf, KINO, &a).await;
    let r = report(KINO, NOW.0, &[(2, 1, "kino", 3, 0)]);
    assert_eq!(send_report(&f, sign_report(&a, &r)).await.0, StatusCode::OK);

    let html = usage_page(&f, &anne).await;
    let rows = table(&html, "table-reporting");
    // Every venue of the demo catalogue, not only those that reported.
    assert_eq!(rows.len(), 7, "{rows:?}");
    assert_eq!(rows[0], ["Bølgen kino", "21.11.2026", "Rapport for november er mottatt"]);
    assert_eq!(rows[1], ["Larvik svømmehall", "Aldri", "Ingen rapport for november"]);
    assert!(html.contains("<td class=\"warn\">Ingen rapport for november</td>"), "{html}");
    // October: the cinema's last report is still named, but none covers October.
    let res = send(&f.app, get("/admin/usage?month=2026-10", &anne)).await;
    let rows = table(&text(res).await, "table-reporting");
    assert_eq!(rows[0], ["Bølgen kino", "21.11.2026", "Ingen rapport for oktober"]);
    // In English.
    let res = send(&f.app, get("/admin/usage?month=2026-11&lang=en", &anne)).await;
    let rows = table(&text(res).await, "table-reporting");
    assert_eq!(rows[1], ["Larvik svømmehall", "Never", "No report for November"]);
}
