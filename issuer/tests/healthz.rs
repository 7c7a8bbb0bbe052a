//! `GET /healthz` (issue 18): 200 while the server and its database answer,
//! 503 when the database does not; no data, no cookie, no login.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use issuer::web::{AppState, app, prepare};
use shared::{FixedClock, Timestamp};
use tower::ServiceExt as _;

const NOW: Timestamp = Timestamp(1_795_262_400);

#[tokio::test]
async fn healthz_answers_ok_while_the_database_does_and_503_when_it_does_not() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let (store, _) = prepare(&data, "http://127.0.0.1:8080", NOW).unwrap();
    let app = app(AppState::new(store, Box::new(FixedClock(NOW)), false));
    let get = || async {
        let res = app.clone().oneshot(Request::get("/healthz").body(Body::empty()).unwrap()).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let body = axum::body::to_bytes(res.into_body(), 1 << 16).await.unwrap();
        (status, headers, String::from_utf8(body.to_vec()).unwrap())
    };

    let (status, headers, body) = get().await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok\n"));
    assert_eq!(headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
    assert!(headers.get(header::SET_COOKIE).is_none(), "no cookie, no session");

    // The database stops answering (its bundles table is gone): 503.
    let other = rusqlite::Connection::open(data.join("issuer.db")).unwrap();
    other.execute_batch("DROP TABLE bundles").unwrap();
    let (status, _, body) = get().await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(body.starts_with("unavailable"), "{body}");
}
