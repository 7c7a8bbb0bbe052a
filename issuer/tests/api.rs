//! The JSON API (`/api/v1`) through the router with `oneshot`: bearer
//! login, issuing cards, logout, every refusal with its exact code.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use issuer::accounts::Role;
use issuer::web::{AppState, app, prepare};
use serde_json::{Value, json};
use shared::{FixedClock, Timestamp};
use tower::ServiceExt as _;

const NOW: Timestamp = Timestamp(1_795_262_400);
const PW: &str = "correct horse battery";

struct Fixture {
    tmp: tempfile::TempDir,
    app: Router,
    fingerprint: shared::Fingerprint,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let (store, _) = prepare(&tmp.path().join("issuer"), "http://127.0.0.1:8080", NOW).unwrap();
    let fingerprint = store.ring().root_fingerprint();
    let agency = store.accounts().create_agency("NAV Larvik", "test", NOW).unwrap();
    store
        .accounts()
        .create_user(
            &issuer::accounts::NewCredentials::new("kari", PW).unwrap(),
            Role::Caseworker,
            Some(agency),
            "test",
            NOW,
        )
        .unwrap();
    store
        .accounts()
        .create_user(&issuer::accounts::NewCredentials::new("admin", PW).unwrap(), Role::Admin, None, "test", NOW)
        .unwrap();
    let state = AppState::new(store, Box::new(FixedClock(NOW)), false);
    Fixture { tmp, app: app(state), fingerprint }
}

/// POST `body` (sent as is) with `headers`; (status, JSON or Null).
async fn call(f: &Fixture, path: &str, headers: &[(&str, &str)], body: impl Into<Body>) -> (StatusCode, Value) {
    let mut req = Request::post(path);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = f.app.clone().oneshot(req.body(body.into()).unwrap()).await.unwrap();
    let status = res.status();
    let is_json = res.headers().get(header::CONTENT_TYPE).is_some_and(|v| v == "application/json");
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap();
    let value = if is_json { serde_json::from_slice(&bytes).unwrap() } else { Value::Null };
    (status, value)
}

async fn post_json(f: &Fixture, path: &str, bearer: Option<&str>, body: &Value) -> (StatusCode, Value) {
    let auth = bearer.map(|b| format!("Bearer {b}"));
    let mut headers = vec![("content-type", "application/json")];
    if let Some(a) = &auth {
        headers.push(("authorization", a));
    }
    call(f, path, &headers, body.to_string()).await
}

async fn token(f: &Fixture, user: &str) -> String {
    let (status, v) = post_json(f, "/api/v1/login", None, &json!({"username": user, "password": PW})).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    v["token"].as_str().unwrap().to_string()
}

/// The error code of an answer ("" when it has none).
fn error_of(v: &Value) -> &str {
    v["error"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn login_answers_a_bearer_token_and_refuses_clearly() {
    let f = fixture();
    let (status, v) = post_json(&f, "/api/v1/login", None, &json!({"username": "kari", "password": PW})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["role"], "caseworker");
    assert_eq!(v["idle_timeout_secs"], 1800);
    assert_eq!(v["token"].as_str().unwrap().len(), 43, "256 bits in base64url");

    // Not JSON.
    let (status, v) = call(&f, "/api/v1/login", &[("content-type", "application/x-www-form-urlencoded")], "a=b").await;
    assert_eq!((status, error_of(&v)), (StatusCode::UNSUPPORTED_MEDIA_TYPE, "json_only"));
    // Broken JSON, a missing field, an unknown field.
    for body in ["{", r#"{"username": "kari"}"#, r#"{"username": "kari", "password": "x", "admin": true}"#] {
        let (status, v) = call(&f, "/api/v1/login", &[("content-type", "application/json")], body).await;
        assert_eq!((status, error_of(&v)), (StatusCode::BAD_REQUEST, "bad_json"), "{body}");
        assert!(v["message"].as_str().unwrap().starts_with("Forespørselen kunne ikke leses"), "{v}");
    }
    // Wrong password: the same answer as an unknown user, in the asked language.
    let wrong = json!({"username": "kari", "password": "wrong password!"});
    let (status, v) = post_json(&f, "/api/v1/login", None, &wrong).await;
    assert_eq!((status, error_of(&v)), (StatusCode::UNAUTHORIZED, "bad_credentials"));
    assert_eq!(v["message"], "Feil brukernavn eller passord.");
    let nobody = json!({"username": "nobody", "password": PW});
    let (status, v) = post_json(&f, "/api/v1/login", None, &nobody).await;
    assert_eq!((status, error_of(&v)), (StatusCode::UNAUTHORIZED, "bad_credentials"));
    let english = [("content-type", "application/json"), ("accept-language", "en-GB,en;q=0.9")];
    let (_, v) = call(&f, "/api/v1/login", &english, wrong.to_string()).await;
    assert_eq!(v["message"], "Wrong user name or password.");
    // The API counts towards the same throttle as the browser: 5 free failures.
    for _ in 0..3 {
        post_json(&f, "/api/v1/login", None, &wrong).await;
    }
    let (status, v) = post_json(&f, "/api/v1/login", None, &json!({"username": "kari", "password": PW})).await;
    assert_eq!((status, error_of(&v)), (StatusCode::TOO_MANY_REQUESTS, "throttled"));
    assert!(v["message"].as_str().unwrap().contains("ett sekund"), "{v}");
}

#[tokio::test]
async fn a_caseworker_issues_cards_that_verify_and_only_counts_are_kept() {
    let f = fixture();
    let kari = token(&f, "kari").await;
    let (status, v) = post_json(&f, "/api/v1/cards", Some(&kari), &json!({"card_type": 1})).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    let cards = v["cards"].as_array().unwrap();
    assert_eq!(cards.len(), 1);
    let card = &cards[0];

    let bundle =
        issuer::store::Store::open(&f.tmp.path().join("issuer")).unwrap().bundles().latest().unwrap().unwrap().1;
    let bundle = shared::verify_bundle(&bundle, &f.fingerprint, NOW).unwrap();
    // The QR holds the phone-card URL unless asked otherwise, as on the command line.
    let qr = card["qr_text"].as_str().unwrap();
    assert!(qr.starts_with("HTTP://127.0.0.1:8080/K#"), "{qr}");
    let verified = shared::verify_text(qr, &bundle, NOW).unwrap();
    assert_eq!(verified.card_number().to_string(), card["card_number"].as_str().unwrap());
    assert_eq!(verified.claims().card_type, shared::CardTypeId(1));
    assert_eq!(card["card_type"], 1);
    assert_eq!(card["valid_from"], verified.claims().valid_from.to_string());
    let year = NOW.oslo_day().year();
    assert_eq!(card["valid_until"], format!("{year}-12-31"));
    let url = card["url"].as_str().unwrap();
    assert!(url.starts_with("http://127.0.0.1:8080/k#"), "{url}");
    let note = card["journal_note"].as_str().unwrap();
    assert!(note.starts_with(&format!("Aktivitetskort {}, ", card["card_number"].as_str().unwrap())), "{note}");
    assert!(note.ends_with(&format!("31.12.{year}")), "{note}");

    // Several, the URL form in the QR, a narrower validity.
    let until = format!("{year}-12-24");
    let body = json!({"card_type": 2, "count": 3, "qr": "url", "valid_until": until});
    let (status, v) = post_json(&f, "/api/v1/cards", Some(&kari), &body).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    let cards = v["cards"].as_array().unwrap();
    assert_eq!(cards.len(), 3);
    let mut numbers: Vec<&str> = cards.iter().map(|c| c["card_number"].as_str().unwrap()).collect();
    numbers.dedup();
    assert_eq!(numbers.len(), 3);
    for c in cards {
        let qr = c["qr_text"].as_str().unwrap();
        assert!(qr.starts_with("HTTP://127.0.0.1:8080/K#"), "{qr}");
        let t = shared::verify_text(qr, &bundle, NOW).unwrap();
        assert_eq!((t.claims().card_type.0, t.claims().valid_until.to_string()), (2, until.clone()));
    }

    // Counted per day, agency and card type; audited; no card kept.
    let store = issuer::store::Store::open(&f.tmp.path().join("issuer")).unwrap();
    let counts: Vec<(u16, u64)> = store.issuance().counts().unwrap().iter().map(|c| (c.card_type.0, c.count)).collect();
    assert_eq!(counts, vec![(1, 1), (2, 3)]);
    let log = store.audit().recent(2).unwrap();
    assert_eq!((log[0].actor.as_str(), log[0].detail.as_str()), ("kari", "3 × card type 2"));
    assert_eq!((log[1].actor.as_str(), log[1].detail.as_str()), ("kari", "1 × card type 1"));
    drop(store);
    let db = std::fs::read(f.tmp.path().join("issuer").join("issuer.db")).unwrap();
    let wal = std::fs::read(f.tmp.path().join("issuer").join("issuer.db-wal")).unwrap_or_default();
    for c in cards {
        for field in ["qr_text", "card_number"] {
            let needle = c[field].as_str().unwrap().to_lowercase();
            let needle = needle.split('#').next_back().unwrap().as_bytes();
            for file in [&db, &wal] {
                assert!(!file.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle)), "{field} stored");
            }
        }
    }
}

#[tokio::test]
async fn issuing_refuses_bad_requests_with_a_code_and_counts_nothing() {
    let f = fixture();
    let kari = token(&f, "kari").await;
    let year = NOW.oslo_day().year();
    let next_year = format!("{}-06-01", year + 1);
    let past = format!("{}-01-31", year - 1);
    let cases = [
        (json!({"card_type": 99}), StatusCode::UNPROCESSABLE_ENTITY, "unknown_card_type"),
        (json!({"card_type": 1, "count": 0}), StatusCode::UNPROCESSABLE_ENTITY, "bad_count"),
        (json!({"card_type": 1, "count": 501}), StatusCode::UNPROCESSABLE_ENTITY, "bad_count"),
        (json!({"card_type": 1, "valid_from": "31/12"}), StatusCode::UNPROCESSABLE_ENTITY, "bad_date"),
        (json!({"card_type": 1, "valid_until": next_year}), StatusCode::UNPROCESSABLE_ENTITY, "validity_not_allowed"),
        (json!({"card_type": 1, "valid_until": past}), StatusCode::UNPROCESSABLE_ENTITY, "validity_in_past"),
        (json!({"card_type": 1, "qr": "png"}), StatusCode::UNPROCESSABLE_ENTITY, "bad_qr"),
        (json!({"card_type": "one"}), StatusCode::BAD_REQUEST, "bad_json"),
        (json!({"card_type": 70000}), StatusCode::BAD_REQUEST, "bad_json"),
        (json!({"card_type": 1, "name": "Ola"}), StatusCode::BAD_REQUEST, "bad_json"),
        (json!([1]), StatusCode::BAD_REQUEST, "bad_json"),
    ];
    for (body, status, code) in cases {
        let (got, v) = post_json(&f, "/api/v1/cards", Some(&kari), &body).await;
        assert_eq!((got, error_of(&v)), (status, code), "{body}: {v}");
        assert!(!v["message"].as_str().unwrap().is_empty());
    }
    let (status, v) = post_json(&f, "/api/v1/cards", Some(&kari), &json!({"card_type": 1, "count": 0})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["message"], "Antall må være et tall fra 1 til 500.");
    // Too large a body is stopped while it is read.
    let big = format!(r#"{{"card_type": 1, "valid_from": "{}"}}"#, "x".repeat(20_000));
    let auth = format!("Bearer {kari}");
    let (status, v) =
        call(&f, "/api/v1/cards", &[("content-type", "application/json"), ("authorization", &auth)], big).await;
    assert_eq!((status, error_of(&v)), (StatusCode::PAYLOAD_TOO_LARGE, "too_large"));
    let store = issuer::store::Store::open(&f.tmp.path().join("issuer")).unwrap();
    assert!(store.issuance().counts().unwrap().is_empty());
}

#[tokio::test]
async fn only_a_live_caseworker_bearer_token_can_issue() {
    let f = fixture();
    let card = json!({"card_type": 1});
    // No token, a made-up token, a cookie instead of the header.
    let (status, v) = post_json(&f, "/api/v1/cards", None, &card).await;
    assert_eq!((status, error_of(&v)), (StatusCode::UNAUTHORIZED, "login_required"));
    let (status, v) = post_json(&f, "/api/v1/cards", Some("made-up"), &card).await;
    assert_eq!((status, error_of(&v)), (StatusCode::UNAUTHORIZED, "login_required"));
    let kari = token(&f, "kari").await;
    let cookie = format!("__Host-session={kari}");
    let (status, v) =
        call(&f, "/api/v1/cards", &[("content-type", "application/json"), ("cookie", &cookie)], card.to_string()).await;
    assert_eq!((status, error_of(&v)), (StatusCode::UNAUTHORIZED, "login_required"));
    // An administrator does not issue cards: no API token for her.
    let (status, v) = post_json(&f, "/api/v1/login", None, &json!({"username": "admin", "password": PW})).await;
    assert_eq!((status, error_of(&v)), (StatusCode::FORBIDDEN, "forbidden"));
    assert_eq!(v["message"], "Bare saksbehandlere kan utstede kort.");
    // Logout ends the token on the server.
    let (status, _) = post_json(&f, "/api/v1/cards", Some(&kari), &card).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = post_json(&f, "/api/v1/logout", Some(&kari), &json!({})).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, v) = post_json(&f, "/api/v1/cards", Some(&kari), &card).await;
    assert_eq!((status, error_of(&v)), (StatusCode::UNAUTHORIZED, "login_required"));
    let (status, v) = post_json(&f, "/api/v1/logout", Some(&kari), &json!({})).await;
    assert_eq!((status, error_of(&v)), (StatusCode::UNAUTHORIZED, "login_required"));
}
