//! API tokens through the router (issue 13): their own kind beside browser
//! sessions, caseworkers only, named, with a lifetime, shown once,
//! revocable; `POST /api/v1/login` still answers with one; the scheme name
//! `Bearer` in any case.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use issuer::web::{AppState, app, prepare};

mod common;
use common::*;

fn fixture() -> (tempfile::TempDir, Router, TestClock) {
    let tmp = tempfile::tempdir().unwrap();
    let (store, _) = prepare(&tmp.path().join("issuer"), "http://127.0.0.1:8080", NOW).unwrap();
    add_caseworker(&store);
    let anne = issuer::accounts::NewCredentials::new("anne", PW).unwrap();
    store.accounts().create_user(&anne, issuer::accounts::Role::Admin, None, "test", NOW).unwrap();
    let clock = TestClock::at(NOW);
    let state = AppState::new(store, Box::new(clock.clone()), false);
    (tmp, app(state), clock)
}

/// `POST /api/v1/cards` for one card with `authorization`: the status.
async fn issue(app: &Router, authorization: &str) -> StatusCode {
    let req = Request::post("/api/v1/cards")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, authorization)
        .body(Body::from(r#"{"card_type": 1}"#))
        .unwrap();
    send(app, req).await.status()
}

/// `POST /api/v1/login` as `user`: (status, token).
async fn api_login(app: &Router, user: &str) -> (StatusCode, String) {
    let body = serde_json::json!({"username": user, "password": PW}).to_string();
    let req =
        Request::post("/api/v1/login").header(header::CONTENT_TYPE, "application/json").body(Body::from(body)).unwrap();
    let res = send(app, req).await;
    let status = res.status();
    let v: serde_json::Value = serde_json::from_str(&text(res).await).unwrap();
    (status, v["token"].as_str().unwrap_or_default().to_string())
}

#[tokio::test]
async fn api_tokens_and_browser_sessions_are_not_interchangeable() {
    let (_tmp, app, _clock) = fixture();
    let (status, token) = api_login(&app, "kari").await;
    assert_eq!(status, StatusCode::OK);
    let session = log_in(&app, "kari", PW).await;
    let session_id = session.trim_start_matches("__Host-session=");
    // The API token is no session cookie...
    let res = send(&app, get("/issue", &format!("__Host-session={token}"))).await;
    assert_eq!(res.headers()[header::LOCATION], "/login");
    // ...and the session id is no API token.
    assert_eq!(issue(&app, &format!("Bearer {session_id}")).await, StatusCode::UNAUTHORIZED);
    assert_eq!(issue(&app, &format!("Bearer {token}")).await, StatusCode::CREATED);
    assert_eq!(send(&app, get("/issue", &session)).await.status(), StatusCode::OK);
    // An administrator gets none.
    assert_eq!(api_login(&app, "anne").await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_bearer_scheme_name_is_case_insensitive() {
    let (_tmp, app, _clock) = fixture();
    let (_, token) = api_login(&app, "kari").await;
    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        assert_eq!(issue(&app, &format!("{scheme} {token}")).await, StatusCode::CREATED, "{scheme}");
    }
    for wrong in [format!("Basic {token}"), format!("Bearer{token}"), token.clone(), "Bearer ".into()] {
        assert_eq!(issue(&app, &wrong).await, StatusCode::UNAUTHORIZED, "{wrong}");
    }
}

#[tokio::test]
async fn a_login_token_ends_like_a_session() {
    let (_tmp, app, clock) = fixture();
    let (_, idle) = api_login(&app, "kari").await;
    let (_, busy) = api_login(&app, "kari").await;
    // Used every 10 minutes, it lives 12 hours; unused, 30 minutes.
    for _ in 0..(12 * 6 - 1) {
        clock.advance(600);
        assert_eq!(issue(&app, &format!("Bearer {busy}")).await, StatusCode::CREATED);
    }
    assert_eq!(issue(&app, &format!("Bearer {idle}")).await, StatusCode::UNAUTHORIZED);
    clock.advance(600);
    assert_eq!(issue(&app, &format!("Bearer {busy}")).await, StatusCode::UNAUTHORIZED);
}

/// The token shown once on the tokens page that answers a new one.
fn shown_token(html: &str) -> String {
    let i = html.find("id=\"new-token\" readonly value=\"").expect("the new token") + 31;
    html[i..].split('"').next().unwrap().to_string()
}

#[tokio::test]
async fn a_caseworker_names_uses_revokes_and_outlives_tokens() {
    let (_tmp, app, clock) = fixture();
    let kari = log_in(&app, "kari", PW).await;
    let html = text(send(&app, get("/account/api-tokens", &kari)).await).await;
    assert!(html.contains("Du har ingen API-nøkler."));
    let csrf = csrf_field(&html);
    // Refused: no name, a lifetime out of range, no CSRF token.
    for (name, days) in [("", "30"), ("Fagsystem", "0"), ("Fagsystem", "366"), ("Fagsystem", "tja")] {
        let res =
            send(&app, post("/account/api-tokens", &kari, &[("csrf", &csrf), ("name", name), ("days", days)])).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name} {days}");
        assert!(text(res).await.contains("En nøkkel trenger et navn på 1–60 tegn"));
    }
    let res = send(&app, post("/account/api-tokens", &kari, &[("name", "Fagsystem"), ("days", "1")])).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Made: shown once, listed by name.
    let res =
        send(&app, post("/account/api-tokens", &kari, &[("csrf", &csrf), ("name", "Fagsystem"), ("days", "1")])).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = text(res).await;
    let fagsystem = shown_token(&html);
    assert_eq!(fagsystem.len(), 43);
    let html = text(send(&app, get("/account/api-tokens", &kari)).await).await;
    assert!(html.contains("<td>Fagsystem</td>") && !html.contains(&fagsystem), "{html}");
    assert_eq!(issue(&app, &format!("Bearer {fagsystem}")).await, StatusCode::CREATED);
    // A second one, revoked: it stops at once; the first goes on.
    let res =
        send(&app, post("/account/api-tokens", &kari, &[("csrf", &csrf), ("name", "Test"), ("days", "30")])).await;
    let test = shown_token(&text(res).await);
    let html = text(send(&app, get("/account/api-tokens", &kari)).await).await;
    let row = html.split("<tr>").find(|r| r.contains("<td>Test</td>")).unwrap();
    let i = row.find("name=\"token\" value=\"").unwrap() + 20;
    let id = row[i..].split('"').next().unwrap();
    let res = send(&app, post("/account/api-tokens/revoke", &kari, &[("csrf", &csrf), ("token", id)])).await;
    assert!(text(res).await.contains("Nøkkelen er trukket tilbake."));
    assert_eq!(issue(&app, &format!("Bearer {test}")).await, StatusCode::UNAUTHORIZED);
    assert_eq!(issue(&app, &format!("Bearer {fagsystem}")).await, StatusCode::CREATED);
    // After its lifetime (one day), the first ends too.
    clock.advance(24 * 3600);
    assert_eq!(issue(&app, &format!("Bearer {fagsystem}")).await, StatusCode::UNAUTHORIZED);
    // The page is a caseworker's: not an administrator's.
    let anne = log_in(&app, "anne", PW).await;
    assert_eq!(send(&app, get("/account/api-tokens", &anne)).await.status(), StatusCode::FORBIDDEN);
    // The log names the tokens, never their values.
    let activity = text(send(&app, get("/admin/activity", &anne)).await).await;
    assert!(
        activity.contains("created API token «Fagsystem» for 1 days") && activity.contains("revoked API token «Test»")
    );
    assert!(!activity.contains(&fagsystem) && !activity.contains(&test));
}

#[tokio::test]
async fn a_password_reset_ends_the_users_api_tokens() {
    let (_tmp, app, _clock) = fixture();
    let (_, token) = api_login(&app, "kari").await;
    let anne = log_in(&app, "anne", PW).await;
    let staff = text(send(&app, get("/admin/staff", &anne)).await).await;
    let row = staff.split("<tr>").find(|r| r.contains("<td>kari</td>")).unwrap();
    let i = row.find("name=\"user\" value=\"").unwrap() + 19;
    let kari_id = row[i..].split('"').next().unwrap();
    let form = [("csrf", csrf_field(&staff)), ("user", kari_id.to_string())];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(send(&app, post("/admin/users/reset-password", &anne, &form)).await.status(), StatusCode::OK);
    assert_eq!(issue(&app, &format!("Bearer {token}")).await, StatusCode::UNAUTHORIZED);
}
