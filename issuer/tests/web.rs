//! Router tests of the web app with `tower::ServiceExt::oneshot`: every
//! route, auth, CSRF, headers, bad input.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use issuer::web::{AppState, app, prepare};
use shared::FixedClock;
use tower::ServiceExt as _;

mod common;
use common::*;

struct Fixture {
    tmp: tempfile::TempDir,
    app: Router,
    setup_link: String,
    fingerprint: shared::Fingerprint,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let (store, setup) = prepare(&tmp.path().join("issuer"), "http://127.0.0.1:8080", NOW).unwrap();
    let fingerprint = store.ring().root_fingerprint();
    // A caseworker at an agency.
    add_caseworker(&store);
    let state = AppState::new(store, Box::new(FixedClock(NOW)), false);
    Fixture { tmp, app: app(state), setup_link: setup.unwrap(), fingerprint }
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let f = fixture();
    for uri in ["/", "/login", "/setup", "/bundle", "/static/app.css", "/no-such-page"] {
        let res = send(&f.app, get(uri, "")).await;
        let h = res.headers();
        let csp = h.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'"), "{uri}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{uri}: {csp}");
        assert_eq!(h.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(), "nosniff", "{uri}");
        assert_eq!(h.get(header::REFERRER_POLICY).unwrap(), "no-referrer", "{uri}");
        assert!(h.get(header::CACHE_CONTROL).is_some(), "{uri}");
    }
    let res = send(&f.app, get("/no-such-page", "")).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(text(res).await.contains("Siden finnes ikke."));
}

#[tokio::test]
async fn first_run_goes_to_setup_and_setup_works_once() {
    let f = fixture();
    let res = send(&f.app, get("/", "")).await;
    assert_eq!(
        (res.status(), res.headers().get(header::LOCATION).unwrap().to_str().unwrap()),
        (StatusCode::SEE_OTHER, "/setup")
    );
    // Without the link's token the page says where to find it.
    assert!(text(send(&f.app, get("/setup", "")).await).await.contains("oppsettlenken"));

    // Mismatched passwords keep the user name and say what is wrong.
    let res = send(&f.app, get(&format!("/setup?token={}", token_of(&f.setup_link)), "")).await;
    let cookie = format!("__Host-csrf={}", set_cookie(&res, "__Host-csrf").unwrap());
    let csrf = csrf_field(&text(res).await);
    let token = token_of(&f.setup_link);
    let res = send(
        &f.app,
        post(
            "/setup",
            &cookie,
            &[
                ("csrf", &csrf),
                ("token", token),
                ("username", "anne"),
                ("password", PW),
                ("password2", "other password!"),
            ],
        ),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(res).await;
    assert!(html.contains("Passordene er ikke like.") && html.contains("value=\"anne\""), "{html}");
    // A weak password.
    let res = send(
        &f.app,
        post(
            "/setup",
            &cookie,
            &[("csrf", &csrf), ("token", token), ("username", "anne"), ("password", "short"), ("password2", "short")],
        ),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res).await.contains("Passordet må ha 12–128 tegn"));

    set_up_admin(&f.app, &f.setup_link).await;
    // The link is used up; the page now points to login.
    let html = text(send(&f.app, get(&format!("/setup?token={token}"), "")).await).await;
    assert!(html.contains("Oppsettet er allerede gjort"), "{html}");
    let res = send(&f.app, get("/", "")).await;
    assert_eq!(res.headers().get(header::LOCATION).unwrap(), "/login");
}

#[tokio::test]
async fn every_post_requires_a_valid_csrf_token() {
    let f = fixture();
    set_up_admin(&f.app, &f.setup_link).await;
    let session = log_in(&f.app, "anne", PW).await;
    let res = send(&f.app, get("/login", "")).await;
    let pre = format!("__Host-csrf={}", set_cookie(&res, "__Host-csrf").unwrap());
    type Case<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str)>);
    let cases: [Case; 6] = [
        ("/login", "", vec![("username", "anne"), ("password", PW)]),
        ("/login", &pre, vec![("csrf", "wrong"), ("username", "anne"), ("password", PW)]),
        ("/login", &pre, vec![("username", "anne"), ("password", PW)]),
        ("/setup", &pre, vec![("csrf", ""), ("token", "x"), ("username", "bob"), ("password", PW), ("password2", PW)]),
        ("/logout", &session, vec![]),
        ("/logout", &session, vec![("csrf", "wrong")]),
    ];
    for (uri, cookie, form) in cases {
        let res = send(&f.app, post(uri, cookie, &form)).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{uri} {form:?}");
        assert!(text(res).await.contains("Skjemaet var utløpt eller ugyldig"), "{uri}");
    }
    // The session survived the forged logouts.
    assert_eq!(send(&f.app, get("/", &session)).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn login_logout_and_session_rotation() {
    let f = fixture();
    set_up_admin(&f.app, &f.setup_link).await;
    // Wrong password: 401, the user name is kept, the password is not.
    let res = send(&f.app, get("/login", "")).await;
    let pre = format!("__Host-csrf={}", set_cookie(&res, "__Host-csrf").unwrap());
    let csrf = csrf_field(&text(res).await);
    let res =
        send(&f.app, post("/login", &pre, &[("csrf", &csrf), ("username", "anne"), ("password", "wrong password!")]))
            .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let html = text(res).await;
    assert!(html.contains("Feil brukernavn eller passord.") && html.contains("value=\"anne\""), "{html}");
    assert!(!html.contains("wrong password!"));

    let s1 = log_in(&f.app, "anne", PW).await;
    let html = text(send(&f.app, get("/", &s1)).await).await;
    assert!(html.contains("Velkommen, anne") && html.contains("Du er administrator."), "{html}");
    // Logging in again from the same browser replaces the session.
    let res = send(&f.app, get("/login", &s1)).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let s2 = log_in(&f.app, "anne", PW).await;
    assert_ne!(s1, s2);

    // Logout ends the session on the server.
    let csrf = csrf_field(&text(send(&f.app, get("/", &s2)).await).await);
    let res = send(&f.app, post("/logout", &s2, &[("csrf", &csrf)])).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(set_cookie_line(&res, "__Host-session").contains("Max-Age=0"));
    assert_eq!(send(&f.app, get("/", &s2)).await.headers().get(header::LOCATION).unwrap(), "/login");
    // Logout without a session goes to login.
    let res = send(&f.app, post("/logout", "", &[("csrf", "x")])).await;
    assert_eq!(res.headers().get(header::LOCATION).unwrap(), "/login");
}

#[tokio::test]
async fn logins_are_throttled_over_http() {
    let f = fixture();
    set_up_admin(&f.app, &f.setup_link).await;
    let res = send(&f.app, get("/login", "")).await;
    let pre = format!("__Host-csrf={}", set_cookie(&res, "__Host-csrf").unwrap());
    let csrf = csrf_field(&text(res).await);
    for _ in 0..5 {
        let res = send(
            &f.app,
            post("/login", &pre, &[("csrf", &csrf), ("username", "anne"), ("password", "wrong password!")]),
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    // Five free failures, then each try waits: the right password too.
    let res = send(&f.app, post("/login", &pre, &[("csrf", &csrf), ("username", "anne"), ("password", PW)])).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(res.headers().get(header::RETRY_AFTER).unwrap(), "1");
    assert!(text(res).await.contains("For mange mislykkede forsøk. Prøv igjen om ett sekund."));
}

#[tokio::test]
async fn bad_input_gets_a_page_not_a_500() {
    let f = fixture();
    set_up_admin(&f.app, &f.setup_link).await;
    let res = send(&f.app, get("/login", "")).await;
    let pre = format!("__Host-csrf={}", set_cookie(&res, "__Host-csrf").unwrap());
    // Not a form at all.
    let req = Request::post("/login")
        .header(header::COOKIE, &pre)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .unwrap();
    let res = send(&f.app, req).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(text(res).await.contains("Forespørselen kunne ikke leses."));
    // A broken encoding.
    let req = Request::post("/login")
        .header(header::COOKIE, &pre)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("csrf=%ZZ&username=%FF%FE"))
        .unwrap();
    let status = send(&f.app, req).await.status();
    assert!(status == StatusCode::BAD_REQUEST || status == StatusCode::FORBIDDEN, "{status}");
    // A huge user name and a cookie full of junk.
    let csrf = csrf_field(&text(send(&f.app, get("/login", &pre)).await).await);
    let long = "x".repeat(10_000);
    let res = send(
        &f.app,
        post(
            "/login",
            &format!("{pre}; __Host-session={}; lang=zz", "y".repeat(5000)),
            &[("csrf", &csrf), ("username", &long), ("password", &long)],
        ),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // A broken query string on the set-up page.
    assert_eq!(send(&f.app, get("/setup?token=%ZZ", "")).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_language_follows_the_browser_and_can_be_switched() {
    let f = fixture();
    set_up_admin(&f.app, &f.setup_link).await;
    let req = Request::get("/login").header(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9").body(Body::empty()).unwrap();
    let html = text(send(&f.app, req).await).await;
    assert!(html.contains("<html lang=\"en\">") && html.contains("Log in"), "{html}");
    let res = send(&f.app, get("/login?lang=en", "")).await;
    assert!(set_cookie_line(&res, "lang").starts_with("lang=en;"));
    assert!(text(res).await.contains("User name"));
    let html = text(send(&f.app, get("/login", "lang=en")).await).await;
    assert!(html.contains("<html lang=\"en\">"));
    let req = Request::get("/login")
        .header(header::COOKIE, "lang=nb")
        .header(header::ACCEPT_LANGUAGE, "en")
        .body(Body::empty())
        .unwrap();
    assert!(text(send(&f.app, req).await).await.contains("Brukernavn"));
}

#[tokio::test]
async fn the_browsers_q_values_are_honoured() {
    let f = fixture();
    set_up_admin(&f.app, &f.setup_link).await;
    for (accept, lang, word) in
        [("en;q=0.1, nb", "nb", "Brukernavn"), ("nb;q=0, en;q=0.2", "en", "User name"), ("en;q=0", "nb", "Brukernavn")]
    {
        let req = Request::get("/login").header(header::ACCEPT_LANGUAGE, accept).body(Body::empty()).unwrap();
        let html = text(send(&f.app, req).await).await;
        assert!(html.contains(&format!("<html lang=\"{lang}\">")) && html.contains(word), "{accept}: {html}");
    }
}

#[tokio::test]
async fn the_public_bundle_verifies_and_is_cacheable() {
    let f = fixture();
    let res = send(&f.app, get("/bundle", "")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let etag = res.headers().get(header::ETAG).unwrap().to_str().unwrap().to_string();
    assert_eq!(etag, "\"v1\"");
    assert_eq!(res.headers().get(header::CACHE_CONTROL).unwrap(), "public, max-age=300");
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap();
    let bundle = shared::verify_bundle(&bytes, &f.fingerprint, NOW).unwrap();
    assert_eq!(bundle.version(), 1);
    assert_eq!(bundle.catalogue().public_base_url, "http://127.0.0.1:8080");
    let req = Request::get("/bundle").header(header::IF_NONE_MATCH, &etag).body(Body::empty()).unwrap();
    assert_eq!(send(&f.app, req).await.status(), StatusCode::NOT_MODIFIED);
    let req = Request::get("/bundle").header(header::IF_NONE_MATCH, "\"v0\"").body(Body::empty()).unwrap();
    assert_eq!(send(&f.app, req).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn issuing_a_sheet_needs_a_caseworker_and_a_csrf_token() {
    let f = fixture();
    assert_eq!(send(&f.app, get("/issue", "")).await.headers().get(header::LOCATION).unwrap(), "/login");
    set_up_admin(&f.app, &f.setup_link).await;
    let admin = log_in(&f.app, "anne", PW).await;
    assert_eq!(send(&f.app, get("/issue", &admin)).await.status(), StatusCode::FORBIDDEN);
    let res = send(
        &f.app,
        post(
            "/issue",
            &admin,
            &[
                ("csrf", &csrf_field(&text(send(&f.app, get("/", &admin)).await).await)),
                ("card_type", "1"),
                ("count", "1"),
            ],
        ),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let kari = log_in(&f.app, "kari", PW).await;
    let home = text(send(&f.app, get("/", &kari)).await).await;
    assert!(home.contains("Du deler ut kort for NAV Larvik.") && home.contains("href=\"/issue\""), "{home}");
    let res = send(&f.app, get("/issue", &kari)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = text(res).await;
    assert!(html.contains("<option value=\"1\">0–13 år med ledsager</option>"), "{html}");
    let res = send(&f.app, post("/issue", &kari, &[("card_type", "1"), ("count", "1")])).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn bad_issue_input_is_explained_and_kept() {
    let f = fixture();
    let kari = log_in(&f.app, "kari", PW).await;
    let csrf = csrf_field(&text(send(&f.app, get("/issue", &kari)).await).await);
    let year = shared::Timestamp(NOW.0).oslo_day().year();
    let next_year_end = format!("{}-12-31", year + 1);
    let cases: [(&str, &str, &str, &str, &str); 7] = [
        ("1", "0", "", "", "Antall må være et tall fra 1 til 500."),
        ("1", "501", "", "", "Antall må være et tall fra 1 til 500."),
        ("1", "tre", "", "", "Antall må være et tall fra 1 til 500."),
        ("99", "1", "", "", "Velg en korttype fra listen."),
        ("x", "1", "", "", "Velg en korttype fra listen."),
        ("1", "1", "31/12", "", "Datoen må skrives som ÅÅÅÅ-MM-DD"),
        ("1", "1", "", &next_year_end, "Korttypen tillater ikke denne gyldigheten."),
    ];
    for (card_type, count, from, until, msg) in cases {
        let form = [
            ("csrf", csrf.as_str()),
            ("card_type", card_type),
            ("count", count),
            ("valid_from", from),
            ("valid_until", until),
        ];
        let res = send(&f.app, post("/issue", &kari, &form)).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{form:?}");
        let html = text(res).await;
        assert!(html.contains(msg), "{form:?}: {html}");
        assert!(html.contains(&format!("value=\"{count}\"")), "the count is kept: {form:?}");
    }
    // Nothing was counted.
    let store = issuer::store::Store::open(&f.tmp.path().join("issuer")).unwrap();
    assert!(store.issuance().counts().unwrap().is_empty());
}

#[tokio::test]
async fn a_caseworker_gets_a_pdf_sheet_and_only_a_count_is_kept() {
    let f = fixture();
    let kari = log_in(&f.app, "kari", PW).await;
    let csrf = csrf_field(&text(send(&f.app, get("/issue", &kari)).await).await);
    let res = send(&f.app, post("/issue", &kari, &[("csrf", &csrf), ("card_type", "1"), ("count", "3")])).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers().get(header::CONTENT_TYPE).unwrap(), "application/pdf");
    assert_eq!(res.headers().get(header::CACHE_CONTROL).unwrap(), "no-store");
    let disposition = res.headers().get(header::CONTENT_DISPOSITION).unwrap().to_str().unwrap().to_string();
    assert!(
        disposition.starts_with("attachment; filename=\"aktivitetskort-") && disposition.ends_with("-3.pdf\""),
        "{disposition}"
    );
    let pdf = axum::body::to_bytes(res.into_body(), 1 << 24).await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");

    let store = issuer::store::Store::open(&f.tmp.path().join("issuer")).unwrap();
    let counts = store.issuance().counts().unwrap();
    assert_eq!(counts.len(), 1);
    assert_eq!((counts[0].card_type.0, counts[0].count, counts[0].day), (1, 3, NOW.oslo_day()));
    assert_eq!(store.accounts().agencies().unwrap()[0].0, counts[0].agency);
    let last = &store.audit().recent(1).unwrap()[0];
    assert_eq!((last.actor.as_str(), last.action.as_str(), last.detail.as_str()), ("kari", "issue", "3 × card type 1"));
    // The day only, like the card's issued_on: no time of day.
    assert_eq!(last.at, NOW.oslo_day().oslo_midnight());
    assert_ne!(NOW, NOW.oslo_day().oslo_midnight(), "the test's now is not itself a midnight");

    // The form answers with the page that says the sheet is ready; its
    // link gives the same sheet again, in this session only.
    let form = [("csrf", csrf.as_str()), ("card_type", "1"), ("count", "2")];
    let res = f.app.clone().oneshot(post("/issue", &kari, &form)).await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let ready = res.headers()[header::LOCATION].to_str().unwrap().to_string();
    let html = text(send(&f.app, get(&ready, &kari)).await).await;
    let day = NOW.oslo_day();
    let validity = format!("fra {} til {}", day.display_nb(), day.year_end().display_nb());
    assert!(html.contains(&format!("Kortarket er klart: 2 kort, gyldig {validity}.")), "{html}");
    let link = format!("{ready}/pdf");
    assert!(html.contains(&format!("href=\"{link}\"")), "{html}");
    let body = |res: axum::response::Response| async { axum::body::to_bytes(res.into_body(), 1 << 24).await.unwrap() };
    let first = body(send(&f.app, get(&link, &kari)).await).await;
    assert!(first.starts_with(b"%PDF-"));
    assert_eq!(body(send(&f.app, get(&link, &kari)).await).await, first, "the same sheet again");
    let again = log_in(&f.app, "kari", PW).await;
    assert_eq!(send(&f.app, get(&link, &again)).await.status(), StatusCode::NOT_FOUND, "another session");
    assert!(send(&f.app, get(&link, "")).await.status().is_redirection(), "no session: to login");
}

#[tokio::test]
async fn the_admin_adds_agencies_and_caseworkers_in_the_browser() {
    let f = fixture();
    assert_eq!(send(&f.app, get("/admin/staff", "")).await.headers().get(header::LOCATION).unwrap(), "/login");
    let kari = log_in(&f.app, "kari", PW).await;
    assert_eq!(send(&f.app, get("/admin/staff", &kari)).await.status(), StatusCode::FORBIDDEN);
    let kari_csrf = csrf_field(&text(send(&f.app, get("/", &kari)).await).await);
    let res = send(&f.app, post("/admin/agencies", &kari, &[("csrf", &kari_csrf), ("name", "Barnevernet")])).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    set_up_admin(&f.app, &f.setup_link).await;
    let anne = log_in(&f.app, "anne", PW).await;
    let html = text(send(&f.app, get("/admin/staff", &anne)).await).await;
    assert!(html.contains("<li>NAV Larvik</li>") && html.contains("<td>kari</td>"), "{html}");
    let csrf = csrf_field(&html);
    assert_eq!(
        send(&f.app, post("/admin/agencies", &anne, &[("name", "Barnevernet")])).await.status(),
        StatusCode::FORBIDDEN
    );

    let res = send(&f.app, post("/admin/agencies", &anne, &[("csrf", &csrf), ("name", "  ")])).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res).await.contains("Etaten trenger et navn"));
    let res = send(&f.app, post("/admin/agencies", &anne, &[("csrf", &csrf), ("name", "nav larvik")])).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html =
        text(send(&f.app, post("/admin/agencies", &anne, &[("csrf", &csrf), ("name", "Barnevernet")])).await).await;
    assert!(html.contains("Etaten Barnevernet er lagt til.") && html.contains("<li>Barnevernet</li>"), "{html}");
    let agency_id = {
        let i = html.find(">Barnevernet</option>").expect("agency in the list");
        let head = &html[..i];
        head[head.rfind("value=\"").unwrap() + 7..].split('"').next().unwrap().to_string()
    };

    // A caseworker without an agency, a weak password, a taken name.
    let cases = [
        ("ola", "caseworker", "", PW, "En saksbehandler må høre til en etat."),
        ("ola", "caseworker", agency_id.as_str(), "short", "Passordet må ha 12–128 tegn"),
        ("KARI", "caseworker", agency_id.as_str(), PW, "Brukernavnet KARI er allerede i bruk."),
        ("o", "caseworker", agency_id.as_str(), PW, "Brukernavnet må ha 3–64 tegn"),
    ];
    for (name, role, agency, pw, msg) in cases {
        let form = [("csrf", csrf.as_str()), ("username", name), ("role", role), ("agency", agency), ("password", pw)];
        let res = send(&f.app, post("/admin/users", &anne, &form)).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let html = text(res).await;
        assert!(html.contains(msg), "{name}: {html}");
        assert!(html.contains(&format!("value=\"{name}\"")), "the user name is kept");
        assert!(!html.contains(&format!("value=\"{pw}\"")), "the password is never echoed");
    }
    let form = [
        ("csrf", csrf.as_str()),
        ("username", "ola"),
        ("role", "caseworker"),
        ("agency", &agency_id),
        ("password", PW),
    ];
    let html = text(send(&f.app, post("/admin/users", &anne, &form)).await).await;
    assert!(html.contains("Brukeren ola er lagt til.") && html.contains("<td>ola</td>"), "{html}");
    // The new caseworker can log in, must first choose their own password
    // (the administrator knows the first one), and belongs to the new agency.
    let ola = log_in(&f.app, "ola", PW).await;
    for uri in ["/", "/issue", "/block", "/account/sessions"] {
        let res = send(&f.app, get(uri, &ola)).await;
        assert_eq!(res.headers().get(header::LOCATION).unwrap(), "/account/password", "{uri}");
    }
    let res = change_password(&f.app, &ola, PW, OTHER_PW).await;
    assert!(text(res).await.contains("Passordet er byttet."));
    assert!(text(send(&f.app, get("/", &ola)).await).await.contains("Du deler ut kort for Barnevernet."));
}

#[tokio::test]
async fn a_lost_card_is_blocked_by_its_number_and_published_at_once() {
    let f = fixture();
    assert_eq!(send(&f.app, get("/block", "")).await.headers().get(header::LOCATION).unwrap(), "/login");
    let kari = log_in(&f.app, "kari", PW).await;
    let csrf = csrf_field(&text(send(&f.app, get("/block", &kari)).await).await);
    assert_eq!(
        send(&f.app, post("/block", &kari, &[("card_number", "7KX-M2Q-9DA")])).await.status(),
        StatusCode::FORBIDDEN
    );

    // A real card number, from a card issued with the CLI library.
    let n = shared::CardNumber(0x12_3456_789a);
    let good = n.to_string();
    let mut typo = good.clone().into_bytes();
    typo[0] = if typo[0] == b'0' { b'1' } else { b'0' };
    let typo = String::from_utf8(typo).unwrap();
    for (input, msg) in [("hello", "Et kortnummer har 9 tegn"), (typo.as_str(), "skrivefeil")] {
        let res = send(&f.app, post("/block", &kari, &[("csrf", &csrf), ("card_number", input)])).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{input}");
        let html = text(res).await;
        assert!(html.contains(msg) && html.contains(&format!("value=\"{input}\"")), "{input}: {html}");
    }
    let lower = good.to_lowercase().replace('-', " ");
    // First a page that says what happens; nothing is blocked yet.
    let res = send(&f.app, post("/block", &kari, &[("csrf", &csrf), ("card_number", &lower)])).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = text(res).await;
    assert!(html.contains(&format!("Sperre kort {good}?")), "{html}");
    assert!(html.contains("Stedene avviser kortet etter sin neste oppdatering"), "{html}");
    assert!(html.contains("Kortet på mobilen viser at det er sperret"), "{html}");
    assert!(html.contains(&format!("name=\"card_number\" value=\"{good}\"")), "{html}");
    let store = issuer::store::Store::open(&f.tmp.path().join("issuer")).unwrap();
    assert!(store.bundles().revoked().unwrap().is_empty(), "not blocked before the confirmation");
    let confirmed = [("csrf", csrf.as_str()), ("card_number", good.as_str()), ("confirm", "yes")];
    let html = text(send(&f.app, post("/block", &kari, &confirmed)).await).await;
    assert!(html.contains(&format!("Kort {good} er sperret.")) && html.contains("pakke 2"), "{html}");
    // A caseworker sees no list of blocks and cannot undo one.
    assert!(!html.contains("Opphev sperring"), "{html}");
    assert_eq!(send(&f.app, get(&format!("/admin/unblock?card={good}"), &kari)).await.status(), StatusCode::FORBIDDEN);
    let res = send(&f.app, post("/admin/unblock", &kari, &confirmed)).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = send(&f.app, post("/block", &kari, &[("csrf", &csrf), ("card_number", &good)])).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res).await.contains(&format!("Kort {good} var allerede sperret.")));

    // The published bundle carries the block.
    let res = send(&f.app, get("/bundle", "")).await;
    assert_eq!(res.headers().get(header::ETAG).unwrap(), "\"v2\"");
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap();
    assert!(shared::verify_bundle(&bytes, &f.fingerprint, NOW).unwrap().is_revoked(n));
    let store = issuer::store::Store::open(&f.tmp.path().join("issuer")).unwrap();
    let log = store.audit().recent(2).unwrap();
    assert_eq!((log[1].actor.as_str(), log[1].action.as_str()), ("kari", "revoke"));

    // The administrator sees the block and undoes it, after a confirmation.
    set_up_admin(&f.app, &f.setup_link).await;
    let anne = log_in(&f.app, "anne", PW).await;
    let html = text(send(&f.app, get("/block", &anne)).await).await;
    assert!(html.contains(&format!("<a href=\"/admin/unblock?card={good}\">Opphev sperring")), "{html}");
    let html = text(send(&f.app, get(&format!("/admin/unblock?card={good}"), &anne)).await).await;
    assert!(html.contains(&format!("Oppheve sperringen av kort {good}?")), "{html}");
    let csrf_a = csrf_field(&html);
    let forged = [("csrf", "wrong"), ("card_number", good.as_str()), ("confirm", "yes")];
    let res = send(&f.app, post("/admin/unblock", &anne, &forged)).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(text(res).await.contains("Skjemaet var utløpt eller ugyldig"));
    let unconfirmed = [("csrf", csrf_a.as_str()), ("card_number", good.as_str())];
    let res = f.app.clone().oneshot(post("/admin/unblock", &anne, &unconfirmed)).await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "no confirmation: back to the page that asks");
    assert!(store.bundles().is_revoked(n).unwrap());
    let confirmed = [("csrf", csrf_a.as_str()), ("card_number", good.as_str()), ("confirm", "yes")];
    let html = text(send(&f.app, post("/admin/unblock", &anne, &confirmed)).await).await;
    assert!(html.contains(&format!("Sperringen av kort {good} er opphevet.")) && html.contains("pakke 3"), "{html}");
    let res = send(&f.app, get("/bundle", "")).await;
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap();
    assert!(!shared::verify_bundle(&bytes, &f.fingerprint, NOW).unwrap().is_revoked(n));
    let log = store.audit().recent(2).unwrap();
    assert_eq!((log[1].actor.as_str(), log[1].action.as_str()), ("anne", "unrevoke"));
    let res = send(&f.app, post("/admin/unblock", &anne, &confirmed)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res).await.contains(&format!("Kort {good} er ikke sperret.")));
}

#[tokio::test]
async fn one_card_on_screen_with_qr_downloads_phone_link_and_journal_note() {
    use base64::Engine as _;
    let f = fixture();
    let kari = log_in(&f.app, "kari", PW).await;
    let csrf = csrf_field(&text(send(&f.app, get("/issue", &kari)).await).await);
    let res =
        send(&f.app, post("/issue", &kari, &[("csrf", &csrf), ("card_type", "1"), ("count", "2"), ("output", "card")]))
            .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res).await.contains("Ett enkeltkort om gangen"));

    let res =
        send(&f.app, post("/issue", &kari, &[("csrf", &csrf), ("card_type", "1"), ("count", "1"), ("output", "card")]))
            .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers().get(header::CACHE_CONTROL).unwrap(), "no-store");
    let html = text(res).await;
    assert!(html.contains("<svg"), "inline QR");
    let journal_start = html.find("value=\"Aktivitetskort ").expect("journal note") + 7;
    let journal = html[journal_start..].split('"').next().unwrap();
    assert!(journal.contains(", 0–13 år med ledsager, gyldig "), "{journal}");
    let number = journal.split(' ').nth(1).unwrap().trim_end_matches(',');
    assert_eq!(number.len(), 11, "{journal}");
    assert!(html.contains("value=\"http://127.0.0.1:8080/k#"), "phone link");

    // The PNG download decodes to a card that verifies against the bundle.
    let i = html.find("data:image/png;base64,").unwrap() + 22;
    let png = base64::engine::general_purpose::STANDARD.decode(html[i..].split('"').next().unwrap()).unwrap();
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0u8; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buf).unwrap();
    let (w, h, stride) = (frame.width as usize, frame.height as usize, frame.line_size);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| buf[y * stride + x]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1);
    let (_, qr_text) = grids[0].decode().unwrap();
    let res = send(&f.app, get("/bundle", "")).await;
    let bundle = axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap();
    let bundle = shared::verify_bundle(&bundle, &f.fingerprint, NOW).unwrap();
    let token = shared::verify_text(&qr_text, &bundle, NOW).unwrap();
    assert_eq!(token.card_number().to_string(), number);

    let store = issuer::store::Store::open(&f.tmp.path().join("issuer")).unwrap();
    assert_eq!(store.issuance().counts().unwrap()[0].count, 1);
}

#[tokio::test]
async fn the_admin_adds_a_venue_a_card_type_and_a_benefit_and_each_is_published() {
    let f = fixture();
    let kari = log_in(&f.app, "kari", PW).await;
    assert_eq!(send(&f.app, get("/admin/catalogue", &kari)).await.status(), StatusCode::FORBIDDEN);
    set_up_admin(&f.app, &f.setup_link).await;
    let anne = log_in(&f.app, "anne", PW).await;
    let html = text(send(&f.app, get("/admin/catalogue", &anne)).await).await;
    assert!(html.contains("<td>bolgen-kino</td>") && html.contains("1 · 0–13 år med ledsager"), "{html}");
    let csrf = csrf_field(&html);
    // Without the CSRF token nothing changes.
    let res =
        send(&f.app, post("/admin/venues", &anne, &[("name", "Rush"), ("id", "rush"), ("category", "activity")])).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // Bad input: explained, typed values kept, nothing published.
    let bad = [
        ("/admin/venues", vec![("name", ""), ("id", "rush"), ("category", "activity")], "Stedet trenger et navn"),
        (
            "/admin/venues",
            vec![("name", "Rush"), ("id", "Rush Park"), ("category", "activity")],
            "Id-en må ha 1–64 tegn",
        ),
        (
            "/admin/venues",
            vec![("name", "Kino 2"), ("id", "bolgen-kino"), ("category", "cinema")],
            "Id-en må ha 1–64 tegn",
        ),
        ("/admin/card-types", vec![("name_nb", ""), ("age_min", "0"), ("age_max", "5")], "Korttypen trenger et navn"),
        (
            "/admin/card-types",
            vec![("name_nb", "Sommer"), ("age_min", "9"), ("age_max", "5")],
            "Alder må være hele tall",
        ),
        (
            "/admin/card-types",
            vec![("name_nb", "Sommer"), ("age_min", "0"), ("age_max", "18"), ("validity", "days"), ("days", "0")],
            "Antall dager må være",
        ),
        (
            "/admin/card-types",
            vec![
                ("name_nb", "Festival"),
                ("age_min", "0"),
                ("age_max", "18"),
                ("validity", "fixed"),
                ("fixed_from", "2026-07-02"),
                ("fixed_until", "2026-07-01"),
            ],
            "Fast periode trenger to datoer",
        ),
        (
            "/admin/benefits",
            vec![("card_type", "1"), ("name_nb", "Tivoli"), ("quota_count", "2"), ("quota_per", "year")],
            "Velg minst ett sted",
        ),
        (
            "/admin/benefits",
            vec![("card_type", "1"), ("name_nb", "Kino"), ("venue", "bolgen-kino"), ("quota_count", "1")],
            "har allerede et tilbud med dette navnet",
        ),
        (
            "/admin/benefits",
            vec![("card_type", "9"), ("name_nb", "Tivoli"), ("venue", "bolgen-kino"), ("quota_count", "1")],
            "Velg en korttype fra listen.",
        ),
        (
            "/admin/benefits",
            vec![("card_type", "1"), ("name_nb", "Tivoli"), ("venue", "nowhere"), ("quota_count", "1")],
            "Velg minst ett sted",
        ),
        (
            "/admin/benefits",
            vec![("card_type", "1"), ("name_nb", "Tivoli"), ("venue", "bolgen-kino"), ("quota_count", "0")],
            "Antall ganger må være",
        ),
    ];
    for (uri, mut form, msg) in bad {
        form.push(("csrf", &csrf));
        let res = send(&f.app, post(uri, &anne, &form)).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{uri} {form:?}");
        let html = text(res).await;
        assert!(html.contains(msg), "{uri} {form:?}: {html}");
        let name = form.iter().find(|(k, _)| *k == "name" || *k == "name_nb").map(|(_, v)| *v).unwrap_or("");
        assert!(html.contains(&format!("value=\"{name}\"")), "kept: {form:?}");
    }
    let res = send(&f.app, get("/bundle", "")).await;
    assert_eq!(res.headers().get(header::ETAG).unwrap(), "\"v1\"", "nothing was published");

    // Good changes, each published as a new bundle.
    let html = text(
        send(
            &f.app,
            post(
                "/admin/venues",
                &anne,
                &[
                    ("csrf", &csrf),
                    ("name", "Rush trampolinepark"),
                    ("id", "rush"),
                    ("category", "activity"),
                    ("address", "Larvik"),
                ],
            ),
        )
        .await,
    )
    .await;
    assert!(html.contains("publisert som pakke 2") && html.contains("<td>rush</td>"), "{html}");
    let form = [
        ("csrf", csrf.as_str()),
        ("name_nb", "Sommerkort"),
        ("name_en", "Summer card"),
        ("age_min", "6"),
        ("age_max", "16"),
        ("validity", "days"),
        ("days", "60"),
    ];
    let html = text(send(&f.app, post("/admin/card-types", &anne, &form)).await).await;
    assert!(html.contains("publisert som pakke 3") && html.contains("3 · Sommerkort"), "{html}");
    let html = text(send(&f.app, get("/admin/card-types/remove?id=3", &anne)).await).await;
    assert!(html.contains("<p>Ingen kort av denne typen er delt ut.</p>"), "{html}");
    let form = [
        ("csrf", csrf.as_str()),
        ("card_type", "3"),
        ("name_nb", "Trampolinepark"),
        ("name_en", "Trampoline park"),
        ("venue", "rush"),
        ("venue", "bolgen-kino"),
        ("quota_count", "4"),
        ("quota_per", "month"),
        ("companion_free", "yes"),
    ];
    let html = text(send(&f.app, post("/admin/benefits", &anne, &form)).await).await;
    assert!(html.contains("publisert som pakke 4") && html.contains("Trampolinepark: 4 / måned"), "{html}");

    let res = send(&f.app, get("/bundle", "")).await;
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap();
    let bundle = shared::verify_bundle(&bytes, &f.fingerprint, NOW).unwrap();
    assert_eq!(bundle.version(), 4);
    let ct = bundle.card_type(shared::CardTypeId(3)).unwrap();
    assert_eq!(ct.validity, shared::ValidityRule::Days { days: 60 });
    assert_eq!((ct.age_min, ct.age_max, ct.names["en"].as_str()), (6, 16, "Summer card"));
    let b = &ct.benefits[0];
    assert_eq!(
        (b.id.as_str(), b.venues.clone(), b.companion_free),
        ("trampolinepark", vec!["rush".to_string(), "bolgen-kino".to_string()], true)
    );
    assert_eq!(b.quotas, vec![shared::Quota { count: 4, per: shared::Period::Month }]);
    // A caseworker can now issue the new card type.
    let csrf_k = csrf_field(&text(send(&f.app, get("/issue", &kari)).await).await);
    let res = send(&f.app, post("/issue", &kari, &[("csrf", &csrf_k), ("card_type", "3"), ("count", "2")])).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_admin_sees_counts_and_the_log_and_rotates_the_signing_key() {
    let f = fixture();
    let kari = log_in(&f.app, "kari", PW).await;
    assert_eq!(send(&f.app, get("/admin/activity", &kari)).await.status(), StatusCode::FORBIDDEN);
    let csrf_k = csrf_field(&text(send(&f.app, get("/issue", &kari)).await).await);
    for count in ["3", "4"] {
        let res = send(&f.app, post("/issue", &kari, &[("csrf", &csrf_k), ("card_type", "1"), ("count", count)])).await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    set_up_admin(&f.app, &f.setup_link).await;
    let anne = log_in(&f.app, "anne", PW).await;
    let html = text(send(&f.app, get("/admin/activity", &anne)).await).await;
    let (y, m, _) = NOW.oslo_day().ymd();
    let row = format!("<td>{y:04}-{m:02}</td><td>NAV Larvik</td><td>0–13 år med ledsager</td><td>7</td>");
    assert!(html.contains(&row), "{html}");
    let day = NOW.oslo_day().display_nb();
    assert!(html.contains(&format!("<td>{day}</td><td>kari</td><td>issue: 4 × card type 1</td>")), "{html}");
    assert!(html.contains(&f.fingerprint.to_string()), "root fingerprint shown");
    let csrf = csrf_field(&html);
    assert_eq!(send(&f.app, post("/admin/keys/rotate-signing", &anne, &[])).await.status(), StatusCode::FORBIDDEN);
    let res = send(&f.app, post("/admin/keys/rotate-signing", &kari, &[("csrf", &csrf_k)])).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "caseworkers cannot rotate keys");

    let html = text(send(&f.app, post("/admin/keys/rotate-signing", &anne, &[("csrf", &csrf)])).await).await;
    assert!(html.contains("er tatt i bruk og publisert (pakke 2)"), "{html}");
    // The published bundle has both keys; a card issued now verifies with it.
    let res = send(&f.app, get("/bundle", "")).await;
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap();
    let bundle = shared::verify_bundle(&bytes, &f.fingerprint, NOW).unwrap();
    assert_eq!(bundle.body().signing_keys.len(), 2);
    let res = send(
        &f.app,
        post("/issue", &kari, &[("csrf", &csrf_k), ("card_type", "1"), ("count", "1"), ("output", "card")]),
    )
    .await;
    let html = text(res).await;
    let i = html.find("/k#").unwrap() + 3;
    let digits = html[i..].split('"').next().unwrap();
    let token = shared::verify_text(digits, &bundle, NOW).unwrap();
    assert_eq!(token.claims().key_id, bundle.body().signing_keys[1].key_id, "signed by the new key");
}

#[tokio::test]
async fn each_venue_gets_a_setup_code_that_names_the_bundle_root_and_venue() {
    let f = fixture();
    let kari = log_in(&f.app, "kari", PW).await;
    assert_eq!(send(&f.app, get("/admin/venue-setup", &kari)).await.status(), StatusCode::FORBIDDEN);
    set_up_admin(&f.app, &f.setup_link).await;
    let anne = log_in(&f.app, "anne", PW).await;
    let html = text(send(&f.app, get("/admin/venue-setup", &anne)).await).await;
    // Every venue gets a button; no code is shown before one is asked for.
    assert_eq!(html.matches("name=\"venue\" value=").count(), 7, "one per demo venue");
    assert!(!html.contains("aktivitetskort-setup:"), "{html}");
    let csrf = csrf_field(&html);
    let code_of = |html: &str| {
        let code = html.split("value=\"aktivitetskort-setup:").nth(1).unwrap().split('"').next().unwrap().to_string();
        shared::setup::VenueSetup::parse(&format!("aktivitetskort-setup:{code}")).unwrap()
    };
    let made = |venue: &'static str| post("/admin/venue-setup", &anne, &[("csrf", &csrf), ("venue", venue)]);
    let html = text(send(&f.app, made("bolgen-kino")).await).await;
    let first = code_of(&html);
    assert_eq!(first.root, f.fingerprint);
    assert_eq!(first.bundle_url, "http://127.0.0.1:8080/bundle");
    assert_eq!(first.venue, "bolgen-kino");
    assert!(first.registration.is_some());
    assert_eq!(html.matches("value=\"aktivitetskort-setup:").count(), 1, "only the venue asked for");
    assert!(html.matches("<svg").count() == 2 && html.contains("for én maskin, gyldig til 05.12.2026 13:00"), "{html}");
    // The same code as a link to the station page (SPEC §16.1), the code in
    // the fragment; its QR code is the second drawing.
    let station = html.split("id=\"station-bolgen-kino\" class=\"wide\" readonly value=\"").nth(1).unwrap();
    let station = station.split('"').next().unwrap();
    assert_eq!(station, format!("http://127.0.0.1:8080/stasjon#{}", first.to_text()));
    // Each press makes another single-use code.
    let second = code_of(&text(send(&f.app, made("bolgen-kino")).await).await);
    assert_ne!(first.registration, second.registration);
    // An unknown venue, a missing CSRF token, a caseworker: refused.
    assert_eq!(send(&f.app, made("nowhere")).await.status(), StatusCode::NOT_FOUND);
    let no_csrf = post("/admin/venue-setup", &anne, &[("venue", "bolgen-kino")]);
    assert_eq!(send(&f.app, no_csrf).await.status(), StatusCode::FORBIDDEN);
    let kari_csrf = csrf_field(&text(send(&f.app, get("/", &kari)).await).await);
    let by_kari = post("/admin/venue-setup", &kari, &[("csrf", &kari_csrf), ("venue", "bolgen-kino")]);
    assert_eq!(send(&f.app, by_kari).await.status(), StatusCode::FORBIDDEN);
}

// ---------------------------------------------------------------------------
// The administrator's edits: users, venues, card types, offers, root key.

/// The latest published bundle, verified against the root pinned at set-up.
async fn published(f: &Fixture) -> shared::bundle::VerifiedBundle {
    let res = send(&f.app, get("/bundle", "")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap();
    shared::verify_bundle(&bytes, &f.fingerprint, NOW).unwrap()
}

/// The user id in the deactivate/reactivate form of `name` on the staff page.
fn user_id(html: &str, name: &str) -> String {
    let i = html.find(&format!("<span class=\"vh\"> {name}</span>")).expect("a button for the user");
    let head = &html[..i];
    head[head.rfind("name=\"user\" value=\"").unwrap() + 19..].split('"').next().unwrap().to_string()
}

/// Admin-only routes: anonymous GETs go to the login page, a caseworker
/// gets 403 for GET and POST, a POST without the CSRF token gets 403.
async fn assert_admin_only(f: &Fixture, anne: &str, get_uri: Option<&str>, post_uri: &str, form: &[(&str, &str)]) {
    let kari = log_in(&f.app, "kari", PW).await;
    let kari_csrf = csrf_field(&text(send(&f.app, get("/", &kari)).await).await);
    if let Some(uri) = get_uri {
        let res = send(&f.app, get(uri, "")).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{uri}");
        assert_eq!(res.headers().get(header::LOCATION).unwrap(), "/login", "{uri}");
        let res = send(&f.app, get(uri, &kari)).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{uri}");
        assert!(text(res).await.contains("Du har ikke tilgang til denne siden."), "{uri}");
    }
    let mut with_csrf = form.to_vec();
    with_csrf.push(("csrf", &kari_csrf));
    let res = send(&f.app, post(post_uri, &kari, &with_csrf)).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "caseworker: {post_uri}");
    assert!(text(res).await.contains("Du har ikke tilgang til denne siden."), "{post_uri}");
    for (cookie, who) in [("", "anonymous"), (anne, "admin without token")] {
        let res = send(&f.app, post(post_uri, cookie, form)).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{who}: {post_uri}");
        assert!(text(res).await.contains("Skjemaet var utløpt eller ugyldig"), "{who}: {post_uri}");
        let mut wrong = form.to_vec();
        wrong.push(("csrf", "wrong"));
        assert_eq!(send(&f.app, post(post_uri, cookie, &wrong)).await.status(), StatusCode::FORBIDDEN, "{who}");
    }
}

#[tokio::test]
async fn the_admin_deactivates_and_reactivates_a_user() {
    let f = fixture();
    let kari = log_in(&f.app, "kari", PW).await;
    let (anne, csrf) = admin(&f.app, &f.setup_link).await;
    let html = text(send(&f.app, get("/admin/staff", &anne)).await).await;
    assert!(html.contains("<td>kari</td><td>Saksbehandler</td><td>NAV Larvik</td><td>Aktiv</td>"), "{html}");
    assert!(html.contains("<td>anne</td><td>Administrator</td><td></td><td>Aktiv</td><td>\n    (deg)"), "{html}");
    let kari_id = user_id(&html, "kari");
    assert_admin_only(&f, &anne, None, "/admin/users/deactivate", &[("user", &kari_id)]).await;
    assert_admin_only(&f, &anne, None, "/admin/users/reactivate", &[("user", &kari_id)]).await;
    // None of that changed anything: kari's session still works.
    assert_eq!(send(&f.app, get("/", &kari)).await.status(), StatusCode::OK);

    // The only administrator cannot be deactivated, not even by herself.
    let anne_id = {
        let store = issuer::store::Store::open(&f.tmp.path().join("issuer")).unwrap();
        store.accounts().staff_accounts().unwrap().into_iter().find(|a| a.username == "anne").unwrap().id.to_string()
    };
    let res = send(&f.app, post("/admin/users/deactivate", &anne, &[("csrf", &csrf), ("user", &anne_id)])).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res).await.contains("Dette er den siste aktive administratoren og kan ikke deaktiveres."));
    // With a second administrator, still not herself.
    let form = [("csrf", csrf.as_str()), ("username", "bob"), ("role", "admin"), ("agency", ""), ("password", PW)];
    assert_eq!(send(&f.app, post("/admin/users", &anne, &form)).await.status(), StatusCode::OK);
    let res = send(&f.app, post("/admin/users/deactivate", &anne, &[("csrf", &csrf), ("user", &anne_id)])).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res).await.contains("Du kan ikke deaktivere din egen konto."));
    for bad in ["abc", "99999", ""] {
        let res = send(&f.app, post("/admin/users/deactivate", &anne, &[("csrf", &csrf), ("user", bad)])).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(text(res).await.contains("Brukeren finnes ikke."), "{bad}");
    }

    // Deactivating kari ends her session at once and refuses her login.
    let res = send(&f.app, post("/admin/users/deactivate", &anne, &[("csrf", &csrf), ("user", &kari_id)])).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = text(res).await;
    assert!(html.contains("kari er deaktivert og logget ut overalt."), "{html}");
    assert!(html.contains("<td>kari</td><td>Saksbehandler</td><td>NAV Larvik</td><td>Deaktivert</td>"), "{html}");
    assert!(html.contains("Aktiver igjen<span class=\"vh\"> kari</span>"), "{html}");
    let res = send(&f.app, get("/issue", &kari)).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers().get(header::LOCATION).unwrap(), "/login");
    let res = try_log_in(&f.app, "kari", PW).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(text(res).await.contains("Feil brukernavn eller passord."));
    let res = send(&f.app, post("/admin/users/deactivate", &anne, &[("csrf", &csrf), ("user", &kari_id)])).await;
    assert!(text(res).await.contains("kari var allerede deaktivert."));

    // Reactivated, she can log in again.
    let res = send(&f.app, post("/admin/users/reactivate", &anne, &[("csrf", &csrf), ("user", &kari_id)])).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(text(res).await.contains("kari er aktivert igjen og kan logge inn."));
    let kari = log_in(&f.app, "kari", PW).await;
    assert_eq!(send(&f.app, get("/issue", &kari)).await.status(), StatusCode::OK);

    let store = issuer::store::Store::open(&f.tmp.path().join("issuer")).unwrap();
    let log: Vec<(String, String, String)> =
        store.audit().recent(20).unwrap().into_iter().map(|e| (e.actor, e.action, e.detail)).collect();
    for detail in ["deactivated caseworker kari", "reactivated caseworker kari"] {
        assert!(log.contains(&("anne".into(), "user".into(), detail.into())), "{log:?}");
    }
}

#[tokio::test]
async fn the_admin_edits_and_removes_a_venue() {
    let f = fixture();
    let (anne, csrf) = admin(&f.app, &f.setup_link).await;
    assert_admin_only(
        &f,
        &anne,
        Some("/admin/venues/edit?id=bolgen-kino"),
        "/admin/venues/edit",
        &[("id", "bolgen-kino"), ("name", "X")],
    )
    .await;
    assert_admin_only(
        &f,
        &anne,
        Some("/admin/venues/remove?id=bolgen-kino"),
        "/admin/venues/remove",
        &[("id", "bolgen-kino")],
    )
    .await;
    for uri in ["/admin/venues/edit?id=nowhere", "/admin/venues/edit", "/admin/venues/remove?id=%ZZ"] {
        let res = send(&f.app, get(uri, &anne)).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{uri}");
        assert!(text(res).await.contains("Siden finnes ikke."), "{uri}");
    }
    let html = text(send(&f.app, get("/admin/catalogue", &anne)).await).await;
    assert!(html.contains("href=\"/admin/venues/edit?id=bolgen-kino\""), "{html}");
    let html = text(send(&f.app, get("/admin/venues/edit?id=bolgen-kino", &anne)).await).await;
    assert!(html.contains("value=\"Bølgen kino\"") && html.contains("value=\"Sjøgata 2, 3263 Larvik\""), "{html}");
    assert!(html.contains("<option value=\"cinema\" selected>") && html.contains("<code>bolgen-kino</code>"), "{html}");
    assert!(
        html.contains("Id-en kan ikke endres: stedets skanner er satt opp med den, og rapportene bruker den."),
        "{html}"
    );

    // A refused edit keeps what was typed; nothing is published.
    let form =
        [("csrf", csrf.as_str()), ("id", "bolgen-kino"), ("name", " "), ("category", "theatre"), ("address", "Ny 1")];
    let res = send(&f.app, post("/admin/venues/edit", &anne, &form)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(res).await;
    assert!(html.contains("Stedet trenger et navn (1–100 tegn).") && html.contains("value=\"Ny 1\""), "{html}");
    assert!(html.contains("<option value=\"theatre\" selected>"), "{html}");
    let form = [("csrf", csrf.as_str()), ("id", "nowhere"), ("name", "Kino"), ("category", "cinema")];
    let res = send(&f.app, post("/admin/venues/edit", &anne, &form)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res).await.contains("Dette stedet finnes ikke lenger"));
    assert_eq!(published(&f).await.version(), 1);

    let form = [
        ("csrf", csrf.as_str()),
        ("id", "bolgen-kino"),
        ("name", "Bølgen kulturhus"),
        ("category", "theatre"),
        ("address", "Sjøgata 4, 3263 Larvik"),
    ];
    let res = send(&f.app, post("/admin/venues/edit", &anne, &form)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = text(res).await;
    assert!(html.contains("Lagret og publisert som pakke 2."), "{html}");
    assert!(html.contains("<td>bolgen-kino</td><td>Bølgen kulturhus</td><td>Teater</td>"), "{html}");
    let bundle = published(&f).await;
    assert_eq!(bundle.version(), 2);
    let v = bundle.catalogue().venue("bolgen-kino").unwrap();
    assert_eq!(
        (v.name.as_str(), v.category, v.address.as_str()),
        ("Bølgen kulturhus", shared::model::Category::Theatre, "Sjøgata 4, 3263 Larvik")
    );

    // Removing: the confirmation page says which offers lose the venue and
    // which go with it.
    let html = text(send(&f.app, get("/admin/venues/remove?id=larvik-svommehall", &anne)).await).await;
    assert!(html.contains("Fjerne stedet Larvik svømmehall?"), "{html}");
    assert!(html.contains("så den godtar fortsatt kort til den slås av. Si fra til stedet."), "{html}");
    assert!(html.contains("<li>0–13 år med ledsager: Svømming</li><li>14–18 år: Svømming</li>"), "{html}");
    assert!(!html.contains("fjernes også"), "{html}");
    let html = text(send(&f.app, get("/admin/venues/remove?id=bolgen-kino", &anne)).await).await;
    assert!(
        html.contains("<li>0–13 år med ledsager: Kino – fjernes også, fordi det ikke har noe annet sted</li>"),
        "{html}"
    );
    assert!(html.contains("Et tilbud uten noe sted igjen fjernes sammen med stedet."), "{html}");
    assert!(html.contains("name=\"id\" value=\"bolgen-kino\"") && html.contains("Fjern Bølgen kulturhus"), "{html}");
    assert_eq!(published(&f).await.version(), 2, "the confirmation page changes nothing");

    let res = send(&f.app, post("/admin/venues/remove", &anne, &[("csrf", &csrf), ("id", "bolgen-kino")])).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = text(res).await;
    assert!(html.contains("Stedet Bølgen kulturhus er fjernet og publisert som pakke 3."), "{html}");
    assert!(
        html.contains("Tilbud fjernet fordi de ikke hadde noe sted igjen: 0–13 år med ledsager: Kino; 14–18 år: Kino."),
        "{html}"
    );
    assert!(!html.contains("<td>bolgen-kino</td>"), "{html}");
    let res = send(&f.app, post("/admin/venues/remove", &anne, &[("csrf", &csrf), ("id", "larvik-svommehall")])).await;
    assert_eq!(res.status(), StatusCode::OK);
    let bundle = published(&f).await;
    assert_eq!(bundle.version(), 4);
    assert!(bundle.catalogue().venue("bolgen-kino").is_none());
    for ct in &bundle.catalogue().card_types {
        assert!(ct.benefits.iter().all(|b| b.id != "kino"), "{ct:?}");
        let swim = ct.benefits.iter().find(|b| b.id == "svomming").unwrap();
        assert_eq!(swim.venues, ["stavern-svommehall"]);
    }
    // Removing it again: explained, not a crash.
    let res = send(&f.app, post("/admin/venues/remove", &anne, &[("csrf", &csrf), ("id", "bolgen-kino")])).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res).await.contains("Dette stedet finnes ikke lenger"));
    assert_eq!(published(&f).await.version(), 4);
    let store = issuer::store::Store::open(&f.tmp.path().join("issuer")).unwrap();
    let log = store.audit().recent(10).unwrap();
    assert!(
        log.iter()
            .any(|e| e.actor == "anne" && e.detail.starts_with("removed venue bolgen-kino and offers 1/kino, 2/kino")),
        "{log:?}"
    );
}

#[tokio::test]
async fn the_admin_edits_a_card_type_and_confirms_a_narrower_validity() {
    let f = fixture();
    let (anne, csrf) = admin(&f.app, &f.setup_link).await;
    assert_admin_only(
        &f,
        &anne,
        Some("/admin/card-types/edit?id=1"),
        "/admin/card-types/edit",
        &[("id", "1"), ("name_nb", "X")],
    )
    .await;
    for uri in ["/admin/card-types/edit?id=9", "/admin/card-types/edit?id=x", "/admin/card-types/edit?id=99999999"] {
        assert_eq!(send(&f.app, get(uri, &anne)).await.status(), StatusCode::NOT_FOUND, "{uri}");
    }
    let html = text(send(&f.app, get("/admin/card-types/edit?id=1", &anne)).await).await;
    assert!(html.contains("value=\"0–13 år med ledsager\"") && html.contains("value=\"Age 0–13 with companion\""));
    assert!(html.contains("<option value=\"calendar_year\" selected>"), "{html}");
    assert!(html.contains("Kort som alt er delt ut, beholder datoene som står på dem"), "{html}");
    assert!(!html.contains("name=\"confirm_narrower\""), "{html}");

    let base = |name: &'static str, validity: &'static str, days: &'static str| {
        vec![
            ("id", "1"),
            ("name_nb", name),
            ("name_en", "Children"),
            ("age_min", "0"),
            ("age_max", "12"),
            ("validity", validity),
            ("days", days),
        ]
    };
    let mut form = base("", "calendar_year", "");
    form.push(("csrf", &csrf));
    let res = send(&f.app, post("/admin/card-types/edit", &anne, &form)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(res).await;
    assert!(html.contains("Korttypen trenger et navn på bokmål") && html.contains("value=\"Children\""), "{html}");

    // Days instead of the calendar year would refuse cards in use: asked.
    let mut form = base("Barn 0–12", "days", "30");
    form.push(("csrf", &csrf));
    let res = send(&f.app, post("/admin/card-types/edit", &anne, &form)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(res).await;
    assert!(html.contains("Den nye gyldighetsregelen tillater ikke alle kort"), "{html}");
    assert!(html.contains("name=\"confirm_narrower\" value=\"yes\"") && html.contains("value=\"30\""), "{html}");
    assert!(html.contains("value=\"Barn 0–12\"") && html.contains("<option value=\"days\" selected>"), "{html}");
    assert_eq!(published(&f).await.version(), 1);

    form.push(("confirm_narrower", "yes"));
    let res = send(&f.app, post("/admin/card-types/edit", &anne, &form)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = text(res).await;
    assert!(html.contains("Lagret og publisert som pakke 2.") && html.contains("1 · Barn 0–12"), "{html}");
    // A longer rule allows every card the old one did: no question.
    let mut form = base("Barn 0–12", "days", "60");
    form.push(("csrf", &csrf));
    let res = send(&f.app, post("/admin/card-types/edit", &anne, &form)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(text(res).await.contains("Lagret og publisert som pakke 3."));
    let bundle = published(&f).await;
    assert_eq!(bundle.version(), 3);
    let ct = bundle.card_type(shared::CardTypeId(1)).unwrap();
    assert_eq!((ct.names["nb"].as_str(), ct.names["en"].as_str()), ("Barn 0–12", "Children"));
    assert_eq!((ct.age_min, ct.age_max, ct.validity), (0, 12, shared::ValidityRule::Days { days: 60 }));
    assert_eq!(ct.benefits.len(), 6, "the offers are kept");

    let mut form = base("Barn", "calendar_year", "");
    form[0] = ("id", "9");
    form.push(("csrf", &csrf));
    let res = send(&f.app, post("/admin/card-types/edit", &anne, &form)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res).await.contains("Denne korttypen finnes ikke lenger"));
}

#[tokio::test]
async fn removing_a_card_type_says_how_many_cards_stop_working_and_its_number_is_never_reused() {
    let f = fixture();
    // Three cards of type 2 are handed out.
    let kari = log_in(&f.app, "kari", PW).await;
    let csrf_k = csrf_field(&text(send(&f.app, get("/issue", &kari)).await).await);
    for card_type in ["2", "2", "2", "1"] {
        let form = [("csrf", csrf_k.as_str()), ("card_type", card_type), ("count", "1"), ("output", "card")];
        assert_eq!(send(&f.app, post("/issue", &kari, &form)).await.status(), StatusCode::OK);
    }
    let (anne, csrf) = admin(&f.app, &f.setup_link).await;
    assert_admin_only(&f, &anne, Some("/admin/card-types/remove?id=2"), "/admin/card-types/remove", &[("id", "2")])
        .await;
    assert_eq!(send(&f.app, get("/admin/card-types/remove?id=7", &anne)).await.status(), StatusCode::NOT_FOUND);

    let html = text(send(&f.app, get("/admin/card-types/remove?id=2", &anne)).await).await;
    assert!(html.contains("Fjerne korttypen 14–18 år?"), "{html}");
    assert!(html.contains("<p>3 kort av denne typen er delt ut.</p>"), "{html}");
    assert!(html.contains("Disse kortene blir ikke lenger godtatt på stedene når stedene har oppdatert"), "{html}");
    assert!(html.contains("nummeret 2 brukes aldri igjen"), "{html}");
    let html = text(send(&f.app, get("/admin/card-types/remove?id=2", &format!("{anne}; lang=en"))).await).await;
    assert!(html.contains("<p>3 cards of this type have been issued.</p>"), "{html}");
    assert!(html.contains("Those cards will stop being accepted at venues once the venues update"), "{html}");
    let html = text(send(&f.app, get("/admin/card-types/remove?id=1", &anne)).await).await;
    assert!(html.contains("<p>1 kort av denne typen er delt ut.</p>"), "{html}");
    assert_eq!(published(&f).await.version(), 1);

    let res = send(&f.app, post("/admin/card-types/remove", &anne, &[("csrf", &csrf), ("id", "2")])).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = text(res).await;
    assert!(html.contains("Korttypen 14–18 år er fjernet og publisert som pakke 2."), "{html}");
    assert!(!html.contains("2 · 14–18 år"), "{html}");
    assert!(published(&f).await.card_type(shared::CardTypeId(2)).is_none());
    let res = send(&f.app, post("/admin/card-types/remove", &anne, &[("csrf", &csrf), ("id", "2")])).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res).await.contains("Denne korttypen finnes ikke lenger"));

    // A new card type gets a new number, never 2; nor the number of a
    // removed newest one.
    let add = |name: &'static str| {
        [("name_nb", name), ("age_min", "0"), ("age_max", "18"), ("validity", "calendar_year")].to_vec()
    };
    let mut form = add("Sommerkort");
    form.push(("csrf", &csrf));
    let html = text(send(&f.app, post("/admin/card-types", &anne, &form)).await).await;
    assert!(html.contains("publisert som pakke 3") && html.contains("3 · Sommerkort"), "{html}");
    let html = text(send(&f.app, get("/admin/card-types/remove?id=3", &anne)).await).await;
    assert!(html.contains("<p>Ingen kort av denne typen er delt ut.</p>"), "{html}");
    let res = send(&f.app, post("/admin/card-types/remove", &anne, &[("csrf", &csrf), ("id", "3")])).await;
    assert_eq!(res.status(), StatusCode::OK);
    let mut form = add("Høstkort");
    form.push(("csrf", &csrf));
    let html = text(send(&f.app, post("/admin/card-types", &anne, &form)).await).await;
    assert!(html.contains("publisert som pakke 5") && html.contains("4 · Høstkort"), "{html}");
    let bundle = published(&f).await;
    let ids: Vec<u16> = bundle.catalogue().card_types.iter().map(|c| c.id.0).collect();
    assert_eq!(ids, [1, 4]);
    // The cards of the removed type are no longer offered to caseworkers.
    let html = text(send(&f.app, get("/issue", &kari)).await).await;
    assert!(!html.contains("14–18 år"), "{html}");
}

#[tokio::test]
async fn offers_have_several_quotas_and_are_edited_and_removed() {
    let f = fixture();
    let (anne, csrf) = admin(&f.app, &f.setup_link).await;
    assert_admin_only(
        &f,
        &anne,
        Some("/admin/benefits/edit?card_type=1&id=kino"),
        "/admin/benefits/edit",
        &[("card_type", "1"), ("id", "kino")],
    )
    .await;
    assert_admin_only(
        &f,
        &anne,
        Some("/admin/benefits/remove?card_type=1&id=kino"),
        "/admin/benefits/remove",
        &[("card_type", "1"), ("id", "kino")],
    )
    .await;
    for uri in ["/admin/benefits/edit?card_type=1&id=nothing", "/admin/benefits/remove?card_type=3&id=kino"] {
        assert_eq!(send(&f.app, get(uri, &anne)).await.status(), StatusCode::NOT_FOUND, "{uri}");
    }
    // The add form has three quota rows.
    let html = text(send(&f.app, get("/admin/catalogue", &anne)).await).await;
    assert_eq!(html.matches("name=\"quota_count\"").count(), 3, "{html}");
    assert!(html.contains("href=\"/admin/benefits/edit?card_type=1&amp;id=kino\""), "{html}");

    let offer = |rows: &[(&'static str, &'static str)]| {
        let mut form = vec![("card_type", "1"), ("name_nb", "Bading"), ("venue", "larvik-svommehall")];
        for (count, per) in rows {
            form.push(("quota_count", count));
            form.push(("quota_per", per));
        }
        form
    };
    let bad = [
        (offer(&[("1", "week"), ("2", "week"), ("", "year")]), "To rader har samme periode."),
        (offer(&[("", "week"), ("", "month"), ("", "year")]), "Fyll ut minst én rad for hvor ofte"),
        (offer(&[("1", "week"), ("0", "month"), ("", "year")]), "Antall ganger må være et tall fra 1 til 1000."),
    ];
    for (mut form, msg) in bad {
        form.push(("csrf", &csrf));
        let res = send(&f.app, post("/admin/benefits", &anne, &form)).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{form:?}");
        let html = text(res).await;
        assert!(html.contains(msg), "{form:?}: {html}");
        assert!(html.contains("value=\"Bading\""), "the name is kept");
        assert!(html.contains("name=\"venue\" value=\"larvik-svommehall\" checked"), "the venue is kept: {html}");
    }
    let mut form = offer(&[("1", "day"), ("", "month"), ("10", "year")]);
    form.push(("csrf", &csrf));
    let res = send(&f.app, post("/admin/benefits", &anne, &form)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(text(res).await.contains("Bading: 1 / dag, 10 / år · Larvik svømmehall"));
    let bundle = published(&f).await;
    assert_eq!(bundle.version(), 2);
    let b = bundle.card_type(shared::CardTypeId(1)).unwrap().benefits.iter().find(|b| b.id == "bading").unwrap();
    use shared::{Period, Quota};
    assert_eq!(b.quotas, [Quota { count: 1, per: Period::Day }, Quota { count: 10, per: Period::Year }]);

    // Editing: the form shows the offer as it is, id fixed.
    let html = text(send(&f.app, get("/admin/benefits/edit?card_type=1&id=kino", &anne)).await).await;
    assert!(html.contains("Endre tilbudet Kino (0–13 år med ledsager)") && html.contains("<code>kino</code>"));
    assert!(html.contains("name=\"venue\" value=\"bolgen-kino\" checked"), "{html}");
    assert!(html.contains("name=\"companion_free\" value=\"yes\" checked"), "{html}");
    assert!(html.contains("id=\"q-count-1\" name=\"quota_count\" type=\"number\" min=\"1\" max=\"1000\" value=\"1\""));
    assert!(html.contains("id=\"q-count-2\" name=\"quota_count\" type=\"number\" min=\"1\" max=\"1000\" value=\"12\""));
    assert!(html.contains("<option value=\"validity\" selected>"), "{html}");

    let edit = |venues: &[&'static str]| {
        let mut form = vec![("card_type", "1"), ("id", "kino"), ("name_nb", "Kino og film"), ("name_en", "Films")];
        form.extend(venues.iter().map(|v| ("venue", *v)));
        form.extend([("quota_count", "2"), ("quota_per", "week"), ("quota_count", "20"), ("quota_per", "year")]);
        form.extend([("quota_count", ""), ("quota_per", "month")]);
        form
    };
    let mut form = edit(&[]);
    form.push(("csrf", &csrf));
    let res = send(&f.app, post("/admin/benefits/edit", &anne, &form)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(res).await;
    assert!(html.contains("Velg minst ett sted der tilbudet gjelder.") && html.contains("value=\"Kino og film\""));
    assert!(html.contains("max=\"1000\" value=\"20\""), "the quotas are kept: {html}");
    let mut form = edit(&["bolgen-kino", "teaterhuset-munken"]);
    form[1] = ("id", "nothing");
    form.push(("csrf", &csrf));
    let res = send(&f.app, post("/admin/benefits/edit", &anne, &form)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res).await.contains("Dette tilbudet finnes ikke lenger"));
    assert_eq!(published(&f).await.version(), 2);

    let mut form = edit(&["bolgen-kino", "teaterhuset-munken"]);
    form.push(("csrf", &csrf));
    let res = send(&f.app, post("/admin/benefits/edit", &anne, &form)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = text(res).await;
    assert!(html.contains("Lagret og publisert som pakke 3."), "{html}");
    assert!(html.contains("Kino og film: 2 / uke, 20 / år · Bølgen kino, Teaterhuset Munken <span"), "{html}");
    let bundle = published(&f).await;
    let ct = bundle.card_type(shared::CardTypeId(1)).unwrap();
    let b = ct.benefits.iter().find(|b| b.id == "kino").expect("the id is kept");
    assert_eq!((b.names["nb"].as_str(), b.names["en"].as_str(), b.companion_free), ("Kino og film", "Films", false));
    assert_eq!(b.venues, ["bolgen-kino", "teaterhuset-munken"]);
    assert_eq!(b.quotas, [Quota { count: 2, per: Period::Week }, Quota { count: 20, per: Period::Year }]);
    assert_eq!(bundle.card_type(shared::CardTypeId(2)).unwrap().benefits[0].names["nb"], "Kino", "type 2 untouched");

    // Removing.
    let html = text(send(&f.app, get("/admin/benefits/remove?card_type=1&id=kino", &anne)).await).await;
    assert!(html.contains("Fjerne tilbudet Kino og film fra 0–13 år med ledsager?"), "{html}");
    assert!(html.contains("også de som alt er delt ut"), "{html}");
    let form = [("csrf", csrf.as_str()), ("card_type", "1"), ("id", "kino")];
    let res = send(&f.app, post("/admin/benefits/remove", &anne, &form)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        text(res).await.contains("Tilbudet Kino og film er fjernet fra 0–13 år med ledsager og publisert som pakke 4.")
    );
    let bundle = published(&f).await;
    assert!(bundle.card_type(shared::CardTypeId(1)).unwrap().benefits.iter().all(|b| b.id != "kino"));
    let res = send(&f.app, post("/admin/benefits/remove", &anne, &form)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res).await.contains("Dette tilbudet finnes ikke lenger"));
}

#[tokio::test]
async fn the_admin_replaces_the_root_key_after_confirming() {
    let f = fixture();
    let (anne, csrf) = admin(&f.app, &f.setup_link).await;
    assert_admin_only(&f, &anne, None, "/admin/keys/rotate-root", &[("confirm", "yes")]).await;
    let html = text(send(&f.app, get("/admin/activity", &anne)).await).await;
    assert!(html.contains("så stedene følger den nye automatisk ved neste oppdatering"), "{html}");
    assert!(html.contains("name=\"confirm\" value=\"yes\" required"), "{html}");

    let res = send(&f.app, post("/admin/keys/rotate-root", &anne, &[("csrf", &csrf)])).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res).await.contains("Kryss av i boksen for å bekrefte"));
    assert_eq!(published(&f).await.version(), 1);

    let res = send(&f.app, post("/admin/keys/rotate-root", &anne, &[("csrf", &csrf), ("confirm", "yes")])).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = text(res).await;
    // The venues, pinned to the old root, follow the chain to the new one.
    let bundle = published(&f).await;
    assert_eq!(bundle.version(), 2);
    let new_root = bundle.root_fingerprint();
    assert_ne!(new_root, f.fingerprint);
    let notice = format!("Ny hovednøkkel er tatt i bruk og publisert (pakke 2). Fingeravtrykket: {new_root}");
    assert!(html.contains(&notice), "{html}");
    assert!(html.contains(&format!("<code>{new_root}</code>")), "the page shows the new root: {html}");
    // New venues are set up with the new root.
    let form = [("csrf", csrf.as_str()), ("venue", "bolgen-kino")];
    let html = text(send(&f.app, post("/admin/venue-setup", &anne, &form)).await).await;
    let code = html.split("value=\"aktivitetskort-setup:").nth(1).unwrap().split('"').next().unwrap();
    let setup = shared::setup::VenueSetup::parse(&format!("aktivitetskort-setup:{code}")).unwrap();
    assert_eq!(setup.root, new_root);
    let store = issuer::store::Store::open(&f.tmp.path().join("issuer")).unwrap();
    let log = store.audit().recent(5).unwrap();
    assert!(log.iter().any(|e| e.actor == "anne" && e.action == "rotate-root"), "{log:?}");
}

#[tokio::test]
async fn an_accepted_form_redirects_so_a_reload_does_not_send_it_again() {
    let f = fixture();
    set_up_admin(&f.app, &f.setup_link).await;
    let anne = log_in(&f.app, "anne", PW).await;
    let csrf = csrf_field(&text(send(&f.app, get("/admin/catalogue", &anne)).await).await);
    let form = [
        ("csrf", csrf.as_str()),
        ("name_nb", "Sommerkort"),
        ("name_en", "Summer card"),
        ("age_min", "6"),
        ("age_max", "16"),
        ("validity", "calendar_year"),
    ];
    // Sent without following the redirect, as the browser sees it.
    let res = f.app.clone().oneshot(post("/admin/card-types", &anne, &form)).await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[header::LOCATION], "/admin/catalogue");
    let flash_line = set_cookie_line(&res, "__Host-flash");
    assert!(flash_line.contains("HttpOnly") && flash_line.contains("SameSite=Strict"), "{flash_line}");
    let flash = set_cookie(&res, "__Host-flash").unwrap();
    // The page it leads to shows the notice once and removes the cookie.
    let res = send(&f.app, get("/admin/catalogue", &format!("{anne}; __Host-flash={flash}"))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(set_cookie_line(&res, "__Host-flash").contains("Max-Age=0"));
    let html = text(res).await;
    assert!(html.contains("publisert som pakke 2"), "{html}");
    // Reloading that page (a GET) changes nothing and shows no notice.
    let html = text(send(&f.app, get("/admin/catalogue", &anne)).await).await;
    assert!(!html.contains("publisert som pakke"), "{html}");
    let store = issuer::store::Store::open(&f.tmp.path().join("issuer")).unwrap();
    let named = store.catalogue().card_types.iter().filter(|c| c.names["nb"] == "Sommerkort").count();
    assert_eq!(named, 1, "one card type, not two");
    drop(store);
    // A flash cookie is only text: markup in it is escaped.
    let res =
        send(&f.app, get("/admin/catalogue", &format!("{anne}; __Host-flash=%3Cscript%3Ex%3C%2Fscript%3E"))).await;
    let html = text(res).await;
    assert!(html.contains("&#60;script&#62;x&#60;/script&#62;") && !html.contains("<script>x"), "{html}");
}

/// The root key kept offline (SPEC §6.6): the activity page warns as the
/// bundle key's window nears its end, a root rotation says how to bring
/// the key back (no 500), and once the window has ended blocking a card is
/// saved but answers 503 with what to do.
#[tokio::test]
async fn with_the_root_key_offline_the_admin_is_warned_and_told_how_to_bring_it_back() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("issuer");
    let (mut store, setup) = prepare(&dir, "http://127.0.0.1:8080", NOW).unwrap();
    let secret = store.ring().root_secret().unwrap();
    store.keys().remove_root(&secret, "cli", NOW).unwrap();
    let days = |d: i64| shared::Timestamp(NOW.0 + d * 86_400);
    set_up_admin(&app_after(store, NOW), &setup.unwrap()).await;
    let app = app_after(issuer::store::Store::open(&dir).unwrap(), days(700));
    let anne = log_in(&app, "anne", PW).await;
    let csrf = csrf_field(&text(send(&app, get("/", &anne)).await).await);
    let html = text(send(&app, get("/admin/activity", &anne)).await).await;
    assert!(html.contains("Advarsel: hovednøkkelen (teknisk: rotnøkkel) er ikke på denne serveren"), "{html}");
    assert!(html.contains("(31 dager igjen)"), "{html}");
    let res = send(&app, post("/admin/keys/rotate-root", &anne, &[("csrf", &csrf), ("confirm", "yes")])).await;
    assert_ne!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let html = text(res).await;
    assert!(html.contains("Rotnøkkelen er ikke på denne serveren (den er eksportert og fjernet)"), "{html}");
    assert!(html.contains("issuer keys import-root"), "{html}");

    // After the window: the block is saved, the bundle cannot be signed.
    let store = issuer::store::Store::open(&dir).unwrap();
    let before = store.bundles().latest_version().unwrap();
    let app = app_after(store, days(732));
    let anne = log_in(&app, "anne", PW).await;
    let csrf = csrf_field(&text(send(&app, get("/block", &anne)).await).await);
    let number = shared::CardNumber(0x12_3456_789a).to_string();
    let res = send(&app, post("/block", &anne, &[("csrf", &csrf), ("card_number", &number), ("confirm", "yes")])).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(text(res).await.contains("Endringen er lagret, men stedene kan ikke få den ennå"));
    let store = issuer::store::Store::open(&dir).unwrap();
    assert_eq!(store.bundles().revoked().unwrap(), vec![shared::CardNumber(0x12_3456_789a)]);
    assert_eq!(store.bundles().latest_version().unwrap(), before);
}

fn app_after(store: issuer::store::Store, now: shared::Timestamp) -> Router {
    app(AppState::new(store, Box::new(FixedClock(now)), false))
}
