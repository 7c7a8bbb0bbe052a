//! Passwords and sessions through the router (issue 13, ASVS V2.1, V3.3):
//! every password rule where a password is chosen, the change-password
//! page, an administrator's reset that forces a change, the sessions page
//! and "log out everywhere else".

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use issuer::web::app;

mod common;
use common::*;

struct Fixture {
    _tmp: tempfile::TempDir,
    app: Router,
    setup_link: String,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let (state, setup_link) = state_with_caseworker(&tmp.path().join("issuer"));
    Fixture { _tmp: tmp, app: app(state), setup_link }
}

/// The set-up form with `password` twice: (status, page).
async fn try_setup(f: &Fixture, password: &str) -> (StatusCode, String) {
    let token = token_of(&f.setup_link);
    let res = send(&f.app, get(&format!("/setup?token={token}"), "")).await;
    let cookie = format!("__Host-csrf={}", set_cookie(&res, "__Host-csrf").unwrap());
    let csrf = csrf_field(&text(res).await);
    let form = [
        ("csrf", csrf.as_str()),
        ("token", token),
        ("username", "anne"),
        ("password", password),
        ("password2", password),
    ];
    let res = send(&f.app, post("/setup", &cookie, &form)).await;
    (res.status(), text(res).await)
}

const SHORT: &str = "Passordet må ha 12–128 tegn";
const GUESSABLE: &str = "Dette passordet er for lett å gjette";

#[tokio::test]
async fn the_first_administrator_cannot_choose_a_weak_password() {
    let f = fixture();
    let twelve_spaces = " ".repeat(12);
    let cases = [
        (twelve_spaces.as_str(), SHORT),
        ("\u{3000}\u{3000}\u{3000}\u{3000}\u{3000}\u{3000}\u{3000}\u{3000}\u{3000}\u{3000}\u{3000}\u{3000}", SHORT),
        ("elleve  tegn", SHORT),
        ("aaaaaaaaaaaa", GUESSABLE),
        ("Password1234", GUESSABLE),
        ("123456789012", GUESSABLE),
        ("qwertyuiopasdf", GUESSABLE),
        ("aktivitetskort!", GUESSABLE),
    ];
    for (password, message) in cases {
        let (status, html) = try_setup(&f, password).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{password:?}");
        assert!(html.contains(message), "{password:?}: {html}");
    }
    let (status, html) = try_setup(&f, PW).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Administratoren er opprettet"));
}

#[tokio::test]
async fn a_user_changes_their_password_and_their_other_sessions_end() {
    let f = fixture();
    let elsewhere = log_in(&f.app, "kari", PW).await;
    let kari = log_in(&f.app, "kari", PW).await;
    // Each rule of the form, the page keeping the session.
    let cases = [
        (PW, "nytt passord her", "annet passord her", "Passordene er ikke like."),
        ("wrong password!", OTHER_PW, OTHER_PW, "Det nåværende passordet er feil."),
        (PW, PW, PW, "Det nye passordet må være et annet enn det nåværende."),
        (PW, "            ", "            ", SHORT),
        (PW, "passwordpassword", "passwordpassword", GUESSABLE),
    ];
    for (current, new, repeat, message) in cases {
        let csrf = csrf_field(&text(send(&f.app, get("/account/password", &kari)).await).await);
        let form = [("csrf", csrf.as_str()), ("current", current), ("password", new), ("password2", repeat)];
        let res = send(&f.app, post("/account/password", &kari, &form)).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(text(res).await.contains(message), "{message}");
    }
    // Without a CSRF token, nothing happens.
    let res = send(
        &f.app,
        post("/account/password", &kari, &[("current", PW), ("password", OTHER_PW), ("password2", OTHER_PW)]),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let res = change_password(&f.app, &kari, PW, OTHER_PW).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(text(res).await.contains("Passordet er byttet. Én annen økt ble avsluttet."));
    // This session goes on; the other one ended.
    assert_eq!(send(&f.app, get("/issue", &kari)).await.status(), StatusCode::OK);
    assert_eq!(send(&f.app, get("/issue", &elsewhere)).await.headers()[header::LOCATION], "/login");
    // The old password no longer works; the new one does.
    assert_eq!(try_log_in(&f.app, "kari", PW).await.status(), StatusCode::UNAUTHORIZED);
    log_in(&f.app, "kari", OTHER_PW).await;
    // Not logged in: to the login page.
    assert_eq!(send(&f.app, get("/account/password", "")).await.headers()[header::LOCATION], "/login");
}

#[tokio::test]
async fn wrong_current_passwords_are_throttled_like_logins() {
    let f = fixture();
    let kari = log_in(&f.app, "kari", PW).await;
    let csrf = csrf_field(&text(send(&f.app, get("/account/password", &kari)).await).await);
    let form = |current: &'static str| {
        [
            ("csrf", csrf.clone()),
            ("current", current.into()),
            ("password", OTHER_PW.into()),
            ("password2", OTHER_PW.into()),
        ]
    };
    for _ in 0..5 {
        let form = form("wrong password!");
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = send(&f.app, post("/account/password", &kari, &form)).await;
        assert!(text(res).await.contains("Det nåværende passordet er feil."));
    }
    let form = form(PW);
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = send(&f.app, post("/account/password", &kari, &form)).await;
    assert!(text(res).await.contains("Prøv igjen om ett sekund."));
}

/// The user id in the staff page's row of `name`.
fn user_id(html: &str, name: &str) -> String {
    let row = html.split("<tr>").find(|r| r.contains(&format!("<td>{name}</td>"))).unwrap();
    let i = row.find("name=\"user\" value=\"").unwrap() + 19;
    row[i..].split('"').next().unwrap().to_string()
}

#[tokio::test]
async fn an_administrators_reset_forces_a_change_at_the_next_login() {
    let f = fixture();
    let (anne, csrf) = admin(&f.app, &f.setup_link).await;
    let kari = log_in(&f.app, "kari", PW).await;
    let staff = text(send(&f.app, get("/admin/staff", &anne)).await).await;
    let kari_id = user_id(&staff, "kari");
    // Not without a CSRF token, nor anonymously.
    let res = send(&f.app, post("/admin/users/reset-password", &anne, &[("user", &kari_id)])).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = send(&f.app, post("/admin/users/reset-password", "", &[("csrf", &csrf), ("user", &kari_id)])).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(send(&f.app, get("/issue", &kari)).await.status(), StatusCode::OK, "nothing was reset");
    // A caseworker cannot reset anyone.
    let kari_csrf = csrf_field(&text(send(&f.app, get("/", &kari)).await).await);
    let res =
        send(&f.app, post("/admin/users/reset-password", &kari, &[("csrf", &kari_csrf), ("user", &kari_id)])).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Nor an administrator her own password (she changes it with the
    // current one). She was made after kari.
    let anne_id = (kari_id.parse::<i64>().unwrap() + 1).to_string();
    let res = send(&f.app, post("/admin/users/reset-password", &anne, &[("csrf", &csrf), ("user", &anne_id)])).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res).await.contains("Bytt ditt eget passord på kontosiden din."));
    log_in(&f.app, "anne", PW).await;

    let res = send(&f.app, post("/admin/users/reset-password", &anne, &[("csrf", &csrf), ("user", &kari_id)])).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = text(res).await;
    let start = html.find("Nytt midlertidig passord for kari: ").expect("the temporary password is shown") + 35;
    let temporary = html[start..].split(' ').next().unwrap().to_string();
    assert_eq!(temporary.len(), 24, "{temporary}");
    // Kari's sessions ended; her old password is gone.
    assert_eq!(send(&f.app, get("/", &kari)).await.headers()[header::LOCATION], "/login");
    assert_eq!(try_log_in(&f.app, "kari", PW).await.status(), StatusCode::UNAUTHORIZED);
    // With the temporary one she must choose her own before anything else,
    // and cannot keep the temporary one.
    let kari = log_in(&f.app, "kari", &temporary).await;
    let res = send(&f.app, get("/issue", &kari)).await;
    assert_eq!(res.headers()[header::LOCATION], "/account/password");
    let page = text(send(&f.app, get("/account/password", &kari)).await).await;
    assert!(page.contains("Passordet ditt ble satt av en administrator."));
    let res = change_password(&f.app, &kari, &temporary, &temporary).await;
    assert!(text(res).await.contains("Det nye passordet må være et annet enn det nåværende."));
    // Logging out works meanwhile.
    let res = send(&f.app, post("/logout", &kari, &[("csrf", &csrf_field(&page))])).await;
    assert_eq!(res.headers()[header::LOCATION], "/login");
    let kari = log_in(&f.app, "kari", &temporary).await;
    change_password(&f.app, &kari, &temporary, OTHER_PW).await;
    assert_eq!(send(&f.app, get("/issue", &kari)).await.status(), StatusCode::OK);
    // The log says who reset whose password, never the password.
    let activity = text(send(&f.app, get("/admin/activity", &anne)).await).await;
    assert!(activity.contains("reset the password of caseworker kari"), "{activity}");
    assert!(!activity.contains(&temporary));
}

#[tokio::test]
async fn the_sessions_page_lists_ones_sessions_and_logs_out_everywhere_else() {
    let f = fixture();
    let phone = log_in(&f.app, "kari", PW).await;
    let kari = log_in(&f.app, "kari", PW).await;
    let html = text(send(&f.app, get("/account/sessions", &kari)).await).await;
    assert_eq!(html.matches("<tr><td>").count(), 2, "{html}");
    assert_eq!(html.matches("Denne økten</td>").count(), 1, "{html}");
    assert!(!html.contains("127.0.0.1") && !html.contains("unknown"), "no address is shown: {html}");
    let csrf = csrf_field(&html);
    let res = send(&f.app, post("/account/sessions/end-others", &kari, &[("csrf", "wrong")])).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = send(&f.app, post("/account/sessions/end-others", &kari, &[("csrf", &csrf)])).await;
    let html = text(res).await;
    assert!(html.contains("Én annen økt ble avsluttet."), "{html}");
    assert_eq!(html.matches("<tr><td>").count(), 1, "{html}");
    assert_eq!(send(&f.app, get("/issue", &phone)).await.headers()[header::LOCATION], "/login");
    assert_eq!(send(&f.app, get("/issue", &kari)).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_api_refuses_an_account_that_must_change_its_password() {
    let f = fixture();
    let (anne, csrf) = admin(&f.app, &f.setup_link).await;
    let kari_id = user_id(&text(send(&f.app, get("/admin/staff", &anne)).await).await, "kari");
    let res = send(&f.app, post("/admin/users/reset-password", &anne, &[("csrf", &csrf), ("user", &kari_id)])).await;
    let html = text(res).await;
    let start = html.find("Nytt midlertidig passord for kari: ").unwrap() + 35;
    let temporary = html[start..].split(' ').next().unwrap();
    let body = serde_json::json!({"username": "kari", "password": temporary}).to_string();
    let req =
        Request::post("/api/v1/login").header(header::CONTENT_TYPE, "application/json").body(Body::from(body)).unwrap();
    let res = send(&f.app, req).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let v: serde_json::Value = serde_json::from_str(&text(res).await).unwrap();
    assert_eq!(v["error"], "password_change_required");
}
