//! Router test (ASVS 13.2.1): a route answers only its own HTTP methods;
//! any other is 405 with the allowed ones named, never a 500 or a page.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use issuer::web::{AppState, app, prepare};
use shared::FixedClock;
use tower::ServiceExt as _;

mod common;
use common::NOW;

#[tokio::test]
async fn other_methods_are_refused_with_405() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, _) = prepare(&tmp.path().join("issuer"), "http://127.0.0.1:8080", NOW).unwrap();
    let app = app(AppState::new(store, Box::new(FixedClock(NOW)), false));
    for (method, uri, allowed) in [
        (Method::DELETE, "/bundle", "GET,HEAD"),
        (Method::POST, "/bundle", "GET,HEAD"),
        (Method::PUT, "/admin/staff", "GET,HEAD"),
        (Method::GET, "/api/v1/cards", "POST"),
        (Method::PATCH, "/venue-keys", "POST"),
        (Method::DELETE, "/login", "GET,HEAD,POST"),
    ] {
        let req = Request::builder().method(method.clone()).uri(uri).body(Body::empty()).unwrap();
        let res = app.clone().oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
        let allow = res.headers().get(header::ALLOW).map(|v| v.to_str().unwrap().replace(' ', ""));
        assert_eq!(allow.as_deref(), Some(allowed), "{method} {uri}");
    }
}
