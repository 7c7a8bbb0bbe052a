//! The venue station page (`/stasjon`, SPEC §16): any phone or tablet with
//! a browser is a venue's station, set up from the venue's set-up code and
//! working offline after the first load. Served over the issuer's own
//! (https) origin so that the camera works everywhere.
//!
//! The server knows nothing of a station: the page, its script and its
//! service worker are the same for everybody (per language); the set-up
//! code is in the address's fragment, which is never sent. What a station
//! sends is what the `verifier` binary sends: `GET /bundle`, `POST
//! /venue-keys` and `POST /reports`.

use crate::i18n::{Lang, Messages};
use axum::extract::RawQuery;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// The station page's Content-Security-Policy: its own scripts and the card
/// core (WebAssembly from this origin), the camera's stream, requests only
/// to this origin.
pub const STATION_CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
                               img-src 'self' data:; media-src 'self' blob: mediastream:; manifest-src 'self'; \
                               worker-src 'self'; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'; \
                               form-action 'none'";

const PAGE: &str = include_str!("../../static/station/index.html");
const STATION_JS: &str = include_str!("../../static/station/station.js");
const STATION_CSS: &str = include_str!("../../static/station/station.css");
const MANIFEST: &str = include_str!("../../static/station/manifest.webmanifest");
const SW_JS: &str = include_str!("../../static/station/sw.js");

/// What the station's service worker keeps (the page itself besides).
pub const FILES: [&str; 9] = [
    "/stasjon",
    "/stasjon/station.js",
    "/stasjon/station.css",
    "/stasjon/manifest.webmanifest",
    "/k/card_wasm.js",
    "/k/card_wasm_bg.wasm",
    "/k/icon.svg",
    "/k/icon-192.png",
    "/k/icon-512.png",
];

/// A version of the station's files: the first 12 hex digits of a SHA-256
/// over them and the card core. A release that changes any gets a new
/// service worker, which replaces the cache.
pub fn version() -> &'static str {
    static V: OnceLock<String> = OnceLock::new();
    V.get_or_init(|| {
        let mut h = Sha256::new();
        for part in [PAGE, STATION_JS, STATION_CSS, MANIFEST, SW_JS] {
            h.update((part.len() as u64).to_be_bytes());
            h.update(part.as_bytes());
        }
        h.update(super::card::asset_version().as_bytes());
        shared::wire::hex_encode(&h.finalize()).chars().take(12).collect()
    })
}

fn headers(res: &mut Response, content_type: &'static str) {
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(STATION_CSP));
}

/// The page's language: `?lang=en`/`?lang=nb`, else the browser's.
fn page_lang(query: Option<&str>, h: &HeaderMap) -> Lang {
    let chosen = query.unwrap_or("").split('&').find_map(|p| p.strip_prefix("lang=")).and_then(Lang::from_tag);
    chosen.unwrap_or_else(|| {
        Lang::negotiate(h.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok())).unwrap_or_default()
    })
}

/// `GET /stasjon`: the station page.
pub async fn page(RawQuery(query): RawQuery, h: HeaderMap) -> Response {
    let lang = page_lang(query.as_deref(), &h);
    let t = Messages::of(lang);
    let html =
        PAGE.replace("__LANG__", lang.tag()).replace("__NO_CORE__", &webkit::html::escape(&t.get("station-no-core")));
    let mut res = html.into_response();
    headers(&mut res, "text/html; charset=utf-8");
    res
}

/// `GET /stasjon/station.js`.
pub async fn script() -> Response {
    let mut res = STATION_JS.into_response();
    headers(&mut res, "text/javascript; charset=utf-8");
    res
}

/// `GET /stasjon/station.css`.
pub async fn stylesheet() -> Response {
    let mut res = STATION_CSS.into_response();
    headers(&mut res, "text/css; charset=utf-8");
    res
}

/// `GET /stasjon/manifest.webmanifest`: installable as an app.
pub async fn manifest() -> Response {
    let mut res = MANIFEST.into_response();
    headers(&mut res, "application/manifest+json");
    res
}

/// The worker with its version and file list filled in.
fn worker_source() -> &'static str {
    static SRC: OnceLock<String> = OnceLock::new();
    SRC.get_or_init(|| SW_JS.replace("__AK_VERSION__", version()).replace("__AK_FILES__", &FILES.join("\", \"")))
}

/// `GET /stasjon/sw.js`: the station's service worker, allowed to control
/// `/stasjon` (a scope above its own folder).
pub async fn service_worker() -> Response {
    let mut res = worker_source().into_response();
    headers(&mut res, "text/javascript; charset=utf-8");
    res.headers_mut().insert("service-worker-allowed", HeaderValue::from_static("/stasjon"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_knows_its_version_and_files() {
        let src = worker_source();
        assert!(src.contains(version()));
        assert!(src.contains("\"/k/card_wasm_bg.wasm\""));
        assert!(!src.contains("__AK_"));
        assert_eq!(version().len(), 12);
    }
}
