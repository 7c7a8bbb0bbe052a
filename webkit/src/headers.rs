//! Security headers on every response (OWASP ASVS V14.4), as a
//! [`tower::Layer`] for `Router::layer`.
//!
//! Both servers send `X-Content-Type-Options: nosniff`,
//! `Referrer-Policy: no-referrer`, `X-Frame-Options: DENY`,
//! `Cross-Origin-Opener-Policy: same-origin`, a Content-Security-Policy
//! and `Cache-Control: no-store`. The policy and any further headers differ
//! per server: see [`SecurityHeaders::new`].

use crate::middleware::{Around, Wrapped};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Request, Response, header};

/// Which headers to set: a [`tower::Layer`] (cheap to clone).
#[derive(Debug, Clone)]
pub struct SecurityHeaders {
    csp: HeaderValue,
    extra: &'static [(HeaderName, HeaderValue)],
    hsts: bool,
}

/// `Strict-Transport-Security` of [`SecurityHeaders::with_hsts`]: two years,
/// the host and its subdomains (OWASP's recommendation; no `preload`, which
/// only the site's owner can ask for).
pub const HSTS: &str = "max-age=63072000; includeSubDomains";

impl SecurityHeaders {
    /// `csp` is the Content-Security-Policy of responses whose handler set
    /// none (a handler may send a stricter or looser one of its own);
    /// `extra` are further headers, set on every response (replacing a
    /// handler's). `Cache-Control: no-store` is added where the handler set
    /// no Cache-Control. Built in `const` context, so an invalid name or
    /// value fails the build.
    pub const fn new(csp: &'static str, extra: &'static [(HeaderName, HeaderValue)]) -> SecurityHeaders {
        SecurityHeaders { csp: HeaderValue::from_static(csp), extra, hsts: false }
    }

    /// The same headers and `Strict-Transport-Security` ([`HSTS`]): for a
    /// server whose public address is `https://`, so that a browser never
    /// again tries it over plain HTTP. Never for a plain-HTTP server: a
    /// browser ignores it there, and it would say something untrue.
    pub fn with_hsts(mut self) -> SecurityHeaders {
        self.hsts = true;
        self
    }

    /// Set the headers on a response's `headers`.
    pub fn apply(&self, h: &mut HeaderMap) {
        if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
            h.insert(header::CONTENT_SECURITY_POLICY, self.csp.clone());
        }
        h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        h.insert(HeaderName::from_static("cross-origin-opener-policy"), HeaderValue::from_static("same-origin"));
        for (name, value) in self.extra {
            h.insert(name.clone(), value.clone());
        }
        if self.hsts {
            h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
        }
        if !h.contains_key(header::CACHE_CONTROL) {
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
    }
}

impl<S> tower::Layer<S> for SecurityHeaders {
    type Service = SecurityHeadersService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Wrapped { inner, around: self.clone() }
    }
}

impl Around for SecurityHeaders {
    type Seen = SecurityHeaders;

    fn before<B>(&self, _req: &Request<B>) -> SecurityHeaders {
        self.clone()
    }

    fn after<B>(headers: SecurityHeaders, res: &mut Response<B>) {
        headers.apply(res.headers_mut());
    }
}

/// The service [`SecurityHeaders`] wraps around a route.
pub type SecurityHeadersService<S> = Wrapped<S, SecurityHeaders>;

/// The boxed future of the middlewares here.
pub use crate::middleware::BoxFuture;

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::body::Body;
    use axum::response::IntoResponse;
    use axum::routing::get;
    use tower::ServiceExt as _;

    static EXTRA: [(HeaderName, HeaderValue); 1] =
        [(HeaderName::from_static("permissions-policy"), HeaderValue::from_static("camera=(self)"))];
    static HEADERS: SecurityHeaders = SecurityHeaders::new("default-src 'none'", &EXTRA);

    fn app() -> Router {
        Router::new()
            .route("/", get(|| async { "hi" }))
            .route(
                "/own",
                get(|| async {
                    (
                        [
                            (header::CONTENT_SECURITY_POLICY, "default-src 'self'"),
                            (header::CACHE_CONTROL, "max-age=60"),
                            (header::REFERRER_POLICY, "origin"),
                        ],
                        "own",
                    )
                        .into_response()
                }),
            )
            .layer(HEADERS.clone())
    }

    async fn headers_of(path: &str) -> HeaderMap {
        let res = app().oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
        res.headers().clone()
    }

    /// The headers of `path`'s response are `expected` (name, value).
    async fn check(path: &str, expected: &[(&str, &str)]) {
        let h = headers_of(path).await;
        for (name, value) in expected {
            assert_eq!(h.get_all(*name).iter().collect::<Vec<_>>(), [value], "{path}: {name}");
        }
    }

    #[tokio::test]
    async fn every_response_gets_them() {
        let all = [
            ("content-security-policy", "default-src 'none'"),
            ("x-content-type-options", "nosniff"),
            ("referrer-policy", "no-referrer"),
            ("x-frame-options", "DENY"),
            ("cross-origin-opener-policy", "same-origin"),
            ("permissions-policy", "camera=(self)"),
            ("cache-control", "no-store"),
        ];
        check("/", &all).await;
        // The fallback (404) too.
        check("/nope", &all).await;
        assert!(!headers_of("/").await.contains_key(header::STRICT_TRANSPORT_SECURITY), "not without with_hsts");
    }

    #[tokio::test]
    async fn hsts_only_when_asked_for() {
        let app = Router::new().route("/", get(|| async { "hi" })).layer(HEADERS.clone().with_hsts());
        let res = app.oneshot(Request::get("/").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(res.headers().get(header::STRICT_TRANSPORT_SECURITY).unwrap(), HSTS);
        assert_eq!(res.headers().get("permissions-policy").unwrap(), "camera=(self)");
    }

    #[tokio::test]
    async fn a_handlers_policy_and_cache_control_stay_the_rest_is_enforced() {
        check(
            "/own",
            &[
                ("content-security-policy", "default-src 'self'"),
                ("cache-control", "max-age=60"),
                ("referrer-policy", "no-referrer"),
                ("x-frame-options", "DENY"),
            ],
        )
        .await;
    }
}
