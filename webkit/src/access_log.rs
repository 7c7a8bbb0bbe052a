//! The access log: one `tracing` event per request, as a [`tower::Layer`]
//! for `Router::layer`.
//!
//! An event holds the method, the route TEMPLATE (`/admin/venues/{id}`,
//! never the path a client sent, which may hold a token or a card number),
//! the status and the duration in milliseconds; never the query string, a
//! header or the body. A request that matched no route logs
//! [`UNMATCHED`]. [`crate::init_tracing`] prints an event as
//! `GET /admin/venues/{id} 200 3ms`.

use crate::middleware::{Around, Wrapped};
use axum::extract::MatchedPath;
use axum::http::{Method, Request, Response};
use std::time::Instant;

/// The `tracing` target of the access log's events.
pub const TARGET: &str = "access";

/// The route logged for a request no route matched (a 404 from the
/// fallback): the path itself is never logged.
pub const UNMATCHED: &str = "(unmatched)";

/// The access log: a [`tower::Layer`]. Add it last (outermost), so that the
/// duration covers the other middlewares.
#[derive(Debug, Clone, Copy, Default)]
pub struct AccessLog;

impl<S> tower::Layer<S> for AccessLog {
    type Service = AccessLogService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Wrapped { inner, around: *self }
    }
}

/// What the access log keeps of a request until its response.
#[derive(Debug)]
pub struct Seen {
    method: Method,
    route: Option<String>,
    start: Instant,
}

impl Around for AccessLog {
    type Seen = Seen;

    fn before<B>(&self, req: &Request<B>) -> Seen {
        let route = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_string());
        Seen { method: req.method().clone(), route, start: Instant::now() }
    }

    fn after<B>(seen: Seen, res: &mut Response<B>) {
        let ms = u64::try_from(seen.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        tracing::info!(
            target: TARGET,
            method = %seen.method,
            route = seen.route.as_deref().unwrap_or(UNMATCHED),
            status = res.status().as_u16(),
            ms,
        );
    }
}

/// The service [`AccessLog`] wraps around a route.
pub type AccessLogService<S> = Wrapped<S, AccessLog>;

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::body::Body;
    use axum::http::StatusCode;
    use axum::routing::{get, post};
    use tower::ServiceExt as _;

    fn app() -> Router {
        Router::new()
            .route("/admin/venues/{id}", get(|| async { "venue" }))
            .nest("/api/v1", Router::new().route("/cards", post(|| async { StatusCode::CREATED })))
            .layer(AccessLog)
    }

    async fn logged(method: &str, uri: &str) -> (StatusCode, String) {
        let (sub, lines) = crate::trace::test_subscriber();
        let _guard = tracing::subscriber::set_default(sub);
        let req = Request::builder().method(method).uri(uri).body(Body::empty()).unwrap();
        let status = app().oneshot(req).await.unwrap().status();
        (status, lines.text())
    }

    #[tokio::test]
    async fn logs_the_route_template_not_the_path_or_query() {
        let (status, log) = logged("GET", "/admin/venues/4711?token=s3cret&card=123").await;
        assert_eq!(status, StatusCode::OK);
        assert!(log.starts_with("GET /admin/venues/{id} 200 "), "{log}");
        assert!(log.trim_end().ends_with("ms"), "{log}");
        assert_eq!(log.lines().count(), 1, "{log}");
        for secret in ["4711", "s3cret", "token", "card=", "?"] {
            assert!(!log.contains(secret), "{secret} in {log}");
        }
    }

    #[tokio::test]
    async fn nested_routes_and_unmatched_paths() {
        let (status, log) = logged("POST", "/api/v1/cards").await;
        assert_eq!(status, StatusCode::CREATED);
        assert!(log.starts_with("POST /api/v1/cards 201 "), "{log}");
        let (status, log) = logged("GET", "/k/0123456789?x=1").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(log.starts_with("GET (unmatched) 404 "), "{log}");
        assert!(!log.contains("0123456789"), "{log}");
    }
}
