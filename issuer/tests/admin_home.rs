//! Router tests of the administrator's start page, navigation and scheme
//! page with `tower::ServiceExt::oneshot`: who sees them, CSRF, refusals
//! that change nothing, and the English texts.

use axum::http::StatusCode;
use issuer::web::app;

mod common;
use common::*;

/// The version in the ETag of the published bundle.
async fn version(app: &axum::Router) -> String {
    let res = send(app, get("/bundle", "")).await;
    res.headers().get("etag").unwrap().to_str().unwrap().to_string()
}

#[tokio::test]
async fn only_an_administrator_has_the_navigation_and_the_scheme_page_and_a_refused_change_publishes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let (state, setup) = state_with_caseworker(&tmp.path().join("issuer"));
    let app = app(state);
    let (anne, csrf) = admin(&app, &setup).await;

    // The caseworker: the simple start page, no navigation, no scheme page.
    let kari = log_in(&app, "kari", PW).await;
    let home = text(send(&app, get("/", &kari)).await).await;
    assert!(home.contains("href=\"/issue\"") && home.contains("href=\"/block\""), "{home}");
    assert!(!home.contains("admin-nav") && !home.contains("Å gjøre") && !home.contains("/admin/"), "{home}");
    let res = send(&app, get("/admin/scheme", &kari)).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let kari_csrf = csrf_field(&home);
    let res = send(&app, post("/admin/scheme", &kari, &[("csrf", &kari_csrf), ("name", "Kari-kortet")])).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // The administrator, in English: the to-do list and the status.
    let home = text(send(&app, get("/?lang=en", &anne)).await).await;
    assert!(home.contains("<nav aria-label=\"Administration\" class=\"admin-nav\">"), "{home}");
    assert!(home.contains("<a class=\"brand\" href=\"/\" aria-current=\"page\">"), "{home}");
    assert!(home.contains("These venues have no set-up code yet, so no station checks cards there: Bølgen kino"));
    assert!(home.contains("Venues should now have bundle no. 1 (technical: trust bundle), published "), "{home}");
    let page = text(send(&app, get("/admin/scheme?lang=nb", &anne)).await).await;
    assert!(page.contains("<a href=\"/admin/scheme\" aria-current=\"page\">Ordningen og kontakt</a>"), "{page}");

    // Without the CSRF token, or with a contact detail that is not one:
    // refused, nothing published.
    let before = version(&app).await;
    let res = send(&app, post("/admin/scheme", &anne, &[("name", "Fritidskortet")])).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let form = |web: &'static str| {
        [("csrf", csrf.as_str()), ("name", "Fritidskortet"), ("phone", ""), ("email", ""), ("web", web)]
    };
    let res = send(&app, post("/admin/scheme", &anne, &form("larvik.kommune.no"))).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(res).await;
    assert!(page.contains("Nettsiden må begynne med https://"), "{page}");
    assert!(page.contains("value=\"larvik.kommune.no\""), "what was typed is kept: {page}");
    assert_eq!(version(&app).await, before);
    let page = text(send(&app, post("/admin/scheme", &anne, &form("https://larvik.kommune.no"))).await).await;
    assert!(page.contains("Lagret og publisert som pakke 2."), "{page}");
    assert!(page.contains("value=\"Fritidskortet\"") && page.contains("value=\"https://larvik.kommune.no\""));
    assert_eq!(version(&app).await, "\"v2\"");
}
