//! Login throttling through the router (issue 13): a stranger's wrong
//! passwords slow the stranger down exponentially and never lock the owner
//! out; the JSON API shares the rules; behind a trusted proxy the address
//! is the one the proxy wrote. The clock is injected: the tests assert the
//! decisions (status, `Retry-After`), never wall time.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use issuer::accounts::{NewCredentials, Role};
use issuer::web::{AppState, app, prepare};

mod common;
use common::*;

const ATTACKER: &str = "198.51.100.66";

/// The reverse proxy of the tests that have one (`trusted_proxies`).
const PROXY: &str = "10.0.0.1";

fn fixture(behind_proxy: bool) -> (tempfile::TempDir, Router, TestClock) {
    let tmp = tempfile::tempdir().unwrap();
    let (store, _) = prepare(&tmp.path().join("issuer"), "http://127.0.0.1:8080", NOW).unwrap();
    let admin = NewCredentials::new("admin", PW).unwrap();
    store.accounts().create_user(&admin, Role::Admin, None, "test", NOW).unwrap();
    let clock = TestClock::at(NOW);
    let proxies = behind_proxy.then(|| issuer::proxies::TrustedProxies::parse([PROXY]).unwrap());
    let state = AppState::configured(store, Box::new(clock.clone()), proxies, issuer::cells::Threshold::default());
    (tmp, app(state), clock)
}

fn retry_after(res: &axum::http::Response<Body>) -> Option<i64> {
    res.headers().get(header::RETRY_AFTER).map(|v| v.to_str().unwrap().parse().unwrap())
}

/// `POST /api/v1/login` from `peer`: (status, `Retry-After`).
async fn api_login(app: &Router, peer: &str, password: &str) -> (StatusCode, Option<i64>) {
    let body = serde_json::json!({"username": "admin", "password": password}).to_string();
    let mut req =
        Request::post("/api/v1/login").header(header::CONTENT_TYPE, "application/json").body(Body::from(body)).unwrap();
    req.extensions_mut().insert(axum::extract::ConnectInfo(std::net::SocketAddr::new(peer.parse().unwrap(), 40000)));
    let res = send(app, req).await;
    (res.status(), retry_after(&res))
}

/// Twenty wrong passwords for `admin` from `from`: each try that must wait
/// is answered 429 with how long, and the clock then moves on just that
/// long. Returns the waits.
async fn twenty_wrong_passwords(app: &Router, clock: &TestClock, from: &Origin<'_>) -> Vec<i64> {
    let mut waits = Vec::new();
    for _ in 0..20 {
        let res = try_log_in_from(app, "admin", "wrong password!", from).await;
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            let wait = retry_after(&res).unwrap();
            waits.push(wait);
            clock.advance(wait);
            let res = try_log_in_from(app, "admin", "wrong password!", from).await;
            assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        } else {
            assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
            assert_eq!(retry_after(&res), None);
        }
    }
    waits
}

#[tokio::test]
async fn twenty_wrong_passwords_slow_the_stranger_and_the_administrator_still_gets_in() {
    let (_tmp, app, clock) = fixture(false);
    // The administrator's browser became a known device at her last login.
    let res = try_log_in_from(&app, "admin", PW, &Origin::peer("192.0.2.10")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let line = set_cookie_line(&res, "__Host-device");
    for attr in ["Path=/", "Secure", "HttpOnly", "SameSite=Strict", "Max-Age=15552000"] {
        assert!(line.contains(attr), "{line}");
    }
    let device = format!("__Host-device={}", set_cookie(&res, "__Host-device").unwrap());

    let waits = twenty_wrong_passwords(&app, &clock, &Origin::peer(ATTACKER)).await;
    assert_eq!(waits, [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900, 900, 900]);
    // The stranger now waits 15 minutes, even with the right password, and
    // in the JSON API too.
    let res = try_log_in_from(&app, "admin", PW, &Origin::peer(ATTACKER)).await;
    assert_eq!((res.status(), retry_after(&res)), (StatusCode::TOO_MANY_REQUESTS, Some(900)));
    assert!(text(res).await.contains("For mange mislykkede forsøk. Prøv igjen om 15 minutter."));
    assert_eq!(api_login(&app, ATTACKER, PW).await, (StatusCode::TOO_MANY_REQUESTS, Some(900)));

    // At the same moment the administrator logs in from another address...
    let res = try_log_in_from(&app, "admin", PW, &Origin::peer("203.0.113.5")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // (The API's answer to her right password: not throttled, but no API
    // token for an administrator.)
    assert_eq!(api_login(&app, "203.0.113.6", PW).await, (StatusCode::FORBIDDEN, None));
    // ...and from the stranger's own address on her known device.
    let known = Origin { cookie: device.clone(), ..Origin::peer(ATTACKER) };
    let res = try_log_in_from(&app, "admin", PW, &known).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(set_cookie(&res, "__Host-device").map(|d| format!("__Host-device={d}")), Some(device));
    // A made-up device cookie is no known device.
    let forged = Origin { cookie: "__Host-device=made-up".into(), ..Origin::peer(ATTACKER) };
    let res = try_log_in_from(&app, "admin", PW, &forged).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn the_json_api_counts_with_the_browser() {
    let (_tmp, app, _clock) = fixture(false);
    for _ in 0..3 {
        assert_eq!(api_login(&app, ATTACKER, "wrong password!").await, (StatusCode::UNAUTHORIZED, None));
    }
    for _ in 0..2 {
        let res = try_log_in_from(&app, "admin", "wrong password!", &Origin::peer(ATTACKER)).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(api_login(&app, ATTACKER, PW).await, (StatusCode::TOO_MANY_REQUESTS, Some(1)));
    let res = try_log_in_from(&app, "admin", PW, &Origin::peer(ATTACKER)).await;
    assert_eq!((res.status(), retry_after(&res)), (StatusCode::TOO_MANY_REQUESTS, Some(1)));
    assert!(text(res).await.contains("For mange mislykkede forsøk. Prøv igjen om ett sekund."));
}

#[tokio::test]
async fn one_address_guessing_many_accounts_is_slowed_down() {
    let (_tmp, app, _clock) = fixture(false);
    for i in 0..20 {
        let res = try_log_in_from(&app, &format!("guess{i}"), "wrong password!", &Origin::peer(ATTACKER)).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = try_log_in_from(&app, "admin", PW, &Origin::peer(ATTACKER)).await;
    assert_eq!((res.status(), retry_after(&res)), (StatusCode::TOO_MANY_REQUESTS, Some(1)));
    let res = try_log_in_from(&app, "admin", PW, &Origin::peer("203.0.113.5")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn behind_a_proxy_a_spoofed_leftmost_forwarded_for_does_not_escape_the_limit() {
    let (_tmp, app, clock) = fixture(true);
    let proxy = PROXY;
    // Each try claims another address at the left; the proxy appends the
    // real one at the right.
    let spoofed: Vec<String> = (0..20).map(|i| format!("192.0.2.{i}, {ATTACKER}")).collect();
    for forwarded in &spoofed[..5] {
        let from = Origin { forwarded: Some(forwarded), ..Origin::peer(proxy) };
        let res = try_log_in_from(&app, "admin", "wrong password!", &from).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let from = Origin { forwarded: Some(&spoofed[5]), ..Origin::peer(proxy) };
    let res = try_log_in_from(&app, "admin", PW, &from).await;
    assert_eq!((res.status(), retry_after(&res)), (StatusCode::TOO_MANY_REQUESTS, Some(1)));
    // A client the proxy saw at another address is not held up, whatever
    // it wrote at the left.
    let other = format!("{ATTACKER}, 203.0.113.5");
    let res = try_log_in_from(&app, "admin", PW, &Origin { forwarded: Some(&other), ..Origin::peer(proxy) }).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // Twenty tries the same way are slowed exponentially like any other.
    clock.advance(3600);
    let waits =
        twenty_wrong_passwords(&app, &clock, &Origin { forwarded: Some(&spoofed[7]), ..Origin::peer(proxy) }).await;
    assert_eq!(waits.len(), 15);
}

#[tokio::test]
async fn without_a_trusted_proxy_forwarded_for_is_ignored() {
    let (_tmp, app, _clock) = fixture(false);
    for i in 0..5 {
        let forwarded = format!("192.0.2.{i}");
        let from = Origin { forwarded: Some(&forwarded), ..Origin::peer(ATTACKER) };
        let res = try_log_in_from(&app, "admin", "wrong password!", &from).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let from = Origin { forwarded: Some("203.0.113.5"), ..Origin::peer(ATTACKER) };
    let res = try_log_in_from(&app, "admin", PW, &from).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn behind_a_proxy_forwarded_for_from_anyone_else_is_ignored() {
    // The proxy is configured, but the attacker reaches the issuer around
    // it: its own X-Forwarded-For is not believed.
    let (_tmp, app, _clock) = fixture(true);
    for i in 0..5 {
        let forwarded = format!("192.0.2.{i}");
        let from = Origin { forwarded: Some(&forwarded), ..Origin::peer(ATTACKER) };
        let res = try_log_in_from(&app, "admin", "wrong password!", &from).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let from = Origin { forwarded: Some("203.0.113.5"), ..Origin::peer(ATTACKER) };
    let res = try_log_in_from(&app, "admin", PW, &from).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    // Through the proxy, the owner at another address gets in.
    let res =
        try_log_in_from(&app, "admin", PW, &Origin { forwarded: Some("203.0.113.5"), ..Origin::peer(PROXY) }).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}
