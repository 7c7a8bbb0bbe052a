//! Helpers shared by the router tests (`web.rs`, `family_web.rs`,
//! `usage.rs`): requests, responses, cookies and form fields, driven with
//! `tower::ServiceExt::oneshot` against `app()`. Each test file uses a
//! different part of it.
#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use shared::Timestamp;
use tower::ServiceExt as _;

/// The tests' fixed "now": 2026-11-22.
pub const NOW: Timestamp = Timestamp(1_795_262_400);
/// The password of every test account.
pub const PW: &str = "correct horse battery";
/// A second good password (for changes).
pub const OTHER_PW: &str = "lilla elefanter danser";

/// Add the agency «NAV Larvik» and its caseworker `kari` (password
/// [`PW`]); returns the agency's id.
pub fn add_caseworker(store: &issuer::store::Store) -> i64 {
    let agency = store.accounts().create_agency("NAV Larvik", "test", NOW).unwrap();
    let kari = issuer::accounts::NewCredentials::new("kari", PW).unwrap();
    store.accounts().create_user(&kari, issuer::accounts::Role::Caseworker, Some(agency), "test", NOW).unwrap();
    agency
}

/// A new issuer in `dir` with the caseworker `kari` (see
/// [`add_caseworker`]) and a fixed clock at [`NOW`]: its state and the
/// first administrator's set-up link.
pub fn state_with_caseworker(dir: &std::path::Path) -> (issuer::web::Shared, String) {
    let (store, setup) = issuer::web::prepare(dir, "http://127.0.0.1:8080", NOW).unwrap();
    add_caseworker(&store);
    (issuer::web::AppState::new(store, Box::new(shared::FixedClock(NOW)), false), setup.unwrap())
}

/// Send a request; like a browser, follow the redirect of an accepted form
/// (post/redirect/get: a 303 that leaves a notice in the flash cookie).
/// A card sheet made (303 to its "ready" page) is downloaded from its
/// link, as the caseworker does next.
pub async fn send(app: &Router, req: Request<Body>) -> Response<Body> {
    let cookie = req.headers().get(header::COOKIE).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let res = app.clone().oneshot(req).await.unwrap();
    if res.status() == StatusCode::SEE_OTHER
        && let Some(sheet) = res.headers()[header::LOCATION].to_str().unwrap().strip_prefix("/issue/sheets/")
    {
        return app.clone().oneshot(get(&format!("/issue/sheets/{sheet}/pdf"), &cookie)).await.unwrap();
    }
    if res.status() == StatusCode::SEE_OTHER
        && let Some(flash) = set_cookie(&res, "__Host-flash")
    {
        let location = res.headers()[header::LOCATION].to_str().unwrap().to_string();
        let cookie = [cookie, format!("__Host-flash={flash}")].join("; ");
        return app.clone().oneshot(get(&location, cookie.trim_start_matches("; "))).await.unwrap();
    }
    res
}

/// The body as text (at most 4 MiB).
pub async fn text(res: Response<Body>) -> String {
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// A GET with a cookie header.
pub fn get(uri: &str, cookie: &str) -> Request<Body> {
    Request::get(uri).header(header::COOKIE, cookie).body(Body::empty()).unwrap()
}

/// A form POST with a cookie header.
pub fn post(uri: &str, cookie: &str, form: &[(&str, &str)]) -> Request<Body> {
    let body: Vec<String> = form.iter().map(|(k, v)| format!("{k}={}", urlencode(v))).collect();
    Request::post(uri)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.join("&")))
        .unwrap()
}

/// Percent-encoding for a form value.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The value of cookie `name` set by a response.
pub fn set_cookie(res: &Response<Body>, name: &str) -> Option<String> {
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix(&format!("{name}=")).map(|r| r.split(';').next().unwrap_or("").to_string()))
}

/// The hidden `csrf` field of a page.
pub fn csrf_field(html: &str) -> String {
    let i = html.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    html[i..].split('"').next().unwrap().to_string()
}

/// The one-time token of a set-up link.
pub fn token_of(link: &str) -> &str {
    link.split("token=").nth(1).unwrap()
}

/// The whole `Set-Cookie` line that sets `name` (empty if none).
pub fn set_cookie_line(res: &Response<Body>, name: &str) -> String {
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .unwrap_or_default()
        .to_string()
}

/// A clock the test moves (the app reads it at every request).
#[derive(Debug, Clone)]
pub struct TestClock(std::sync::Arc<std::sync::atomic::AtomicI64>);

impl TestClock {
    /// A clock at `t`.
    pub fn at(t: Timestamp) -> TestClock {
        TestClock(std::sync::Arc::new(std::sync::atomic::AtomicI64::new(t.0)))
    }

    /// Move on `secs` seconds.
    pub fn advance(&self, secs: i64) {
        self.0.fetch_add(secs, std::sync::atomic::Ordering::SeqCst);
    }
}

impl shared::Clock for TestClock {
    fn now(&self) -> Timestamp {
        Timestamp(self.0.load(std::sync::atomic::Ordering::SeqCst))
    }
}

/// Where a login comes from: the connection's peer address, the cookies
/// the browser holds (e.g. its device cookie) and an `X-Forwarded-For`.
#[derive(Debug, Clone, Default)]
pub struct Origin<'a> {
    /// The peer's address (none: as `oneshot` sends, no address known).
    pub peer: Option<&'a str>,
    /// Cookies to send besides the CSRF cookie (`name=value; …`).
    pub cookie: String,
    /// An `X-Forwarded-For` header.
    pub forwarded: Option<&'a str>,
}

impl<'a> Origin<'a> {
    /// A browser without cookies at `peer`.
    pub fn peer(peer: &'a str) -> Origin<'a> {
        Origin { peer: Some(peer), ..Origin::default() }
    }
}

/// Log in at `/login` and return the response, whatever it is.
pub async fn try_log_in(app: &Router, user: &str, pw: &str) -> Response<Body> {
    try_log_in_from(app, user, pw, &Origin::default()).await
}

/// Log in at `/login` from `from` and return the response, whatever it is.
pub async fn try_log_in_from(app: &Router, user: &str, pw: &str, from: &Origin<'_>) -> Response<Body> {
    let res = send(app, get("/login", "")).await;
    let pre = set_cookie(&res, "__Host-csrf").unwrap();
    let csrf = csrf_field(&text(res).await);
    let cookie = [format!("__Host-csrf={pre}"), from.cookie.clone()].join("; ");
    let mut req =
        post("/login", cookie.trim_end_matches("; "), &[("csrf", &csrf), ("username", user), ("password", pw)]);
    if let Some(peer) = from.peer {
        let addr = std::net::SocketAddr::new(peer.parse().unwrap(), 40000);
        req.extensions_mut().insert(axum::extract::ConnectInfo(addr));
    }
    if let Some(forwarded) = from.forwarded {
        req.headers_mut().insert("x-forwarded-for", forwarded.parse().unwrap());
    }
    send(app, req).await
}

/// Log in; returns the session cookie header value (checked to be a
/// host-only, secure, HTTP-only, strict same-site cookie).
pub async fn log_in(app: &Router, user: &str, pw: &str) -> String {
    let res = try_log_in(app, user, pw).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "login as {user}");
    let line = set_cookie_line(&res, "__Host-session");
    for attr in ["Path=/", "Secure", "HttpOnly", "SameSite=Strict"] {
        assert!(line.contains(attr), "{line}");
    }
    format!("__Host-session={}", set_cookie(&res, "__Host-session").unwrap())
}

/// Set up the administrator `anne` with the one-time `setup_link`.
pub async fn set_up_admin(app: &Router, setup_link: &str) {
    let res = send(app, get(&format!("/setup?token={}", token_of(setup_link)), "")).await;
    let csrf_cookie = set_cookie(&res, "__Host-csrf").unwrap();
    let html = text(res).await;
    let form = [
        ("csrf", csrf_field(&html)),
        ("token", token_of(setup_link).to_string()),
        ("username", "anne".into()),
        ("password", PW.into()),
        ("password2", PW.into()),
    ];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = send(app, post("/setup", &format!("__Host-csrf={csrf_cookie}"), &form)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(text(res).await.contains("Administratoren er opprettet"));
}

/// Set up the administrator `anne` and log her in: (session cookie, CSRF token).
pub async fn admin(app: &Router, setup_link: &str) -> (String, String) {
    set_up_admin(app, setup_link).await;
    let anne = log_in(app, "anne", PW).await;
    let csrf = csrf_field(&text(send(app, get("/", &anne)).await).await);
    (anne, csrf)
}

/// Change the password of the session `cookie` at `/account/password`
/// (following the redirect of an accepted change); the response.
pub async fn change_password(app: &Router, cookie: &str, current: &str, new: &str) -> Response<Body> {
    let csrf = csrf_field(&text(send(app, get("/account/password", cookie)).await).await);
    let form = [("csrf", csrf.as_str()), ("current", current), ("password", new), ("password2", new)];
    send(app, post("/account/password", cookie, &form)).await
}
