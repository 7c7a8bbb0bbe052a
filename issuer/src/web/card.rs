//! The phone card (`/k`, SPEC §12): the page a parent's phone opens from the
//! QR code on a printed card, its script, stylesheet, icon, manifest and the
//! service worker that keeps it working offline.
//!
//! The token is in the URL fragment, which a browser never sends, so the
//! server knows nothing about the card: it serves the same page to
//! everybody (per language), with the texts, the catalogue and the signing
//! keys of the latest published bundle. The page's script reads the token,
//! keeps it in the browser's local storage and draws the card.

use super::Shared;
use crate::family_text::{FamilyLang, FamilyTexts};
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use shared::model::name_in;
use std::sync::{Arc, OnceLock};

/// The card page's own Content-Security-Policy.
/// `'wasm-unsafe-eval'` lets the page compile the card core (WebAssembly,
/// `/k/card_wasm_bg.wasm`, from this origin only); it allows no `eval`.
pub const PAGE_CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
                            manifest-src 'self'; worker-src 'self'; connect-src 'self'; base-uri 'none'; \
                            frame-ancestors 'none'; form-action 'none'";

/// The service worker script's CSP (it fetches the page and assets to
/// cache them).
pub const WORKER_CSP: &str =
    "default-src 'none'; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const CARD_JS: &str = include_str!("../../static/card/card.js");
/// The card core's glue and WebAssembly, written by `wasm/build.sh` from
/// the `card-wasm` crate (the same `shared` code the venue runs).
const CORE_JS: &str = include_str!("../../static/card/wasm/card_wasm.js");
const CORE_WASM: &[u8] = include_bytes!("../../static/card/wasm/card_wasm_bg.wasm");
const CARD_CSS: &str = include_str!("../../static/card/card.css");
const ICON_SVG: &str = include_str!("../../static/card/icon.svg");
const SW_JS: &str = include_str!("../../static/card/sw.js");
const PAGE_TEMPLATE: &str = include_str!("../../templates/card_page.html");
/// This file: the manifest and the PNG icons are made here.
const THIS_FILE: &str = include_str!("card.rs");

/// The card page's header naming its version ([`asset_version`]): the
/// service worker keeps a refreshed page only when it is its own version.
pub const PAGE_VERSION_HEADER: &str = "x-ak-card-version";

/// The assets the service worker precaches (besides the eight pages).
pub const ASSETS: [&str; 8] = [
    "/k/card.js",
    "/k/card_wasm.js",
    "/k/card_wasm_bg.wasm",
    "/k/card.css",
    "/k/icon.svg",
    "/k/icon-192.png",
    "/k/icon-512.png",
    "/k/manifest.webmanifest",
];

/// A version of the page and its assets: the first 12 hex digits of a
/// SHA-256 over everything compiled in (scripts, stylesheet, icon, page
/// template, message files, the code that makes the manifest and icons). A new release with any change gets a new
/// service worker, which replaces the cache.
pub fn asset_version() -> &'static str {
    static V: OnceLock<String> = OnceLock::new();
    V.get_or_init(|| {
        let mut h = Sha256::new();
        for part in [CARD_JS.as_bytes(), CORE_JS.as_bytes(), CORE_WASM, CARD_CSS.as_bytes(), ICON_SVG.as_bytes()]
            .into_iter()
            .chain([SW_JS.as_bytes(), PAGE_TEMPLATE.as_bytes(), THIS_FILE.as_bytes()])
        {
            h.update((part.len() as u64).to_be_bytes());
            h.update(part);
        }
        for lang in FamilyLang::ALL {
            h.update(lang.source().as_bytes());
        }
        shared::wire::hex_encode(&h.finalize()).chars().take(12).collect()
    })
}

/// The service worker with its version and lists filled in.
fn service_worker_source() -> &'static str {
    static S: OnceLock<String> = OnceLock::new();
    S.get_or_init(|| {
        let langs: Vec<&str> = FamilyLang::ALL.iter().map(|l| l.tag()).collect();
        SW_JS
            .replace("\"__AK_VERSION__\"", &format!("\"{}\"", asset_version()))
            .replace("[\"__AK_LANGS__\"]", &serde_json::json!(langs).to_string())
            .replace("[\"__AK_ASSETS__\"]", &serde_json::json!(ASSETS).to_string())
    })
}

/// A link of the language switcher.
#[derive(Debug)]
struct LangLink {
    tag: &'static str,
    name: &'static str,
    current: bool,
}

/// A venue where a benefit applies.
#[derive(Debug)]
struct VenueView {
    name: String,
    address: String,
    category: String,
    how: String,
    details: super::offers::VenueDetails,
}

/// One benefit of a card type.
#[derive(Debug)]
struct BenefitView {
    name: String,
    quotas: Vec<String>,
    companion: bool,
    venues: Vec<VenueView>,
}

/// A card type: its name and what it gives where.
#[derive(Debug)]
struct CardTypeView {
    id: u16,
    name: String,
    ages: String,
    benefits: Vec<BenefitView>,
}

#[derive(Template)]
#[template(path = "card_page.html")]
struct CardPage {
    t: Arc<FamilyTexts>,
    lang: &'static str,
    dir: &'static str,
    scheme: String,
    langs: Vec<LangLink>,
    card_types: Vec<CardTypeView>,
    trust_json: String,
    valid_html: String,
    expired_html: String,
    not_yet_html: String,
    switch_html: String,
    contact: Option<super::offers::ContactView>,
}

/// The language of a request: a supported `?lang=`, else `Accept-Language`.
fn page_lang(query: Option<&str>, headers: &HeaderMap) -> FamilyLang {
    let chosen = query.and_then(|q| {
        form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "lang")
            .and_then(|(_, v)| FamilyLang::ALL.into_iter().find(|l| l.tag() == v))
    });
    chosen.unwrap_or_else(|| FamilyLang::negotiate(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok())))
}

/// The trust data the page's script checks cards against: the signing keys
/// of the latest published bundle and the card type numbers of its
/// catalogue, as JSON safe inside a `<script type="application/json">`.
pub fn trust_json(body: &shared::BundleBody) -> String {
    let keys: Vec<serde_json::Value> = body
        .signing_keys
        .iter()
        .map(|k| {
            serde_json::json!({
                "key_id": k.key_id.to_string(),
                "public_key": shared::wire::hex_encode(&k.public_key.0),
                "valid_from": k.valid_from.0,
                "valid_until": k.valid_until.0,
            })
        })
        .collect();
    let types: Vec<u16> = body.catalogue.card_types.iter().map(|c| c.id.0).collect();
    let json = serde_json::json!({ "bundle_version": body.version, "keys": keys, "card_types": types });
    // Nothing in it can hold `<`, but a `</script>` must never end the block.
    json.to_string().replace('<', "\\u003c")
}

/// Headers of every response of the card: no cookies, revalidated on each
/// load, the page's language negotiated.
fn card_headers(res: &mut Response, content_type: &'static str, csp: &'static str) {
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp));
}

/// The latest published bundle, verified under the issuer's root.
fn latest_bundle(state: &Shared) -> Result<shared::VerifiedBundle, String> {
    let store = state.store();
    let root = store.ring().root_fingerprint();
    store.bundles().latest().map_err(|e| e.to_string()).and_then(|b| match b {
        Some((_, bytes)) => shared::verify_bundle(&bytes, &root, state.now())
            .map_err(|e| format!("the latest bundle does not verify: {e}")),
        None => Err("no bundle is published".to_string()),
    })
}

/// The ages of a card type for the page, or nothing when its name already
/// says them ("0–13 år med ledsager" is not followed by "0–13 år").
pub(super) fn ages_unless_named(t: &FamilyTexts, name: &str, min: u8, max: u8) -> String {
    if crate::catalogue::card_types::name_says_ages(name, min, max) {
        return String::new();
    }
    t.get_with("ages", &[("min", &min.to_string()), ("max", &max.to_string())])
}

/// `GET /k` and `GET /K`: the card page in the chosen or negotiated
/// language.
pub async fn page(State(state): State<Shared>, RawQuery(query): RawQuery, headers: HeaderMap) -> Response {
    let lang = page_lang(query.as_deref(), &headers);
    let body = match latest_bundle(&state).map(|v| v.body().clone()) {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "internal error: card page");
            return (StatusCode::INTERNAL_SERVER_ERROR, "The card page is not available.").into_response();
        }
    };
    let t = state.family_texts(lang);
    let catalogue = &body.catalogue;
    let card_types = catalogue
        .card_types
        .iter()
        .map(|ct| CardTypeView {
            id: ct.id.0,
            name: name_in(&ct.names, lang.tag()).to_string(),
            ages: ages_unless_named(&t, name_in(&ct.names, lang.tag()), ct.age_min, ct.age_max),
            benefits: ct
                .benefits
                .iter()
                .map(|b| BenefitView {
                    name: name_in(&b.names, lang.tag()).to_string(),
                    quotas: b
                        .quotas
                        .iter()
                        .map(|q| t.count(&format!("quota-{}", q.per.code()), "count", q.count))
                        .collect(),
                    companion: b.companion_free,
                    venues: b
                        .venues
                        .iter()
                        .filter_map(|id| catalogue.venue(id))
                        .map(|v| VenueView {
                            name: v.name.clone(),
                            address: v.address.clone(),
                            category: t.get(&format!("category-{}", v.category.code())),
                            how: t.get(&format!("how-{}", v.category.code())),
                            details: super::offers::VenueDetails::of(v, lang.tag()),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let template = CardPage {
        lang: lang.tag(),
        dir: lang.dir(),
        scheme: catalogue.scheme_name.clone(),
        langs: FamilyLang::ALL
            .iter()
            .map(|l| LangLink { tag: l.tag(), name: l.native_name(), current: *l == lang })
            .collect(),
        card_types,
        trust_json: trust_json(&body),
        valid_html: t.html_with_slots("card-valid", &["from", "until"]),
        expired_html: t.html_with_slots("card-expired", &["until"]),
        not_yet_html: t.html_with_slots("card-not-yet", &["from"]),
        switch_html: t.html_with_slots("card-switch", &["number"]),
        contact: super::offers::ContactView::of(catalogue.contact.as_ref()),
        t,
    };
    let html = match template.render() {
        Ok(h) => h,
        Err(e) => {
            tracing::error!(error = %e, "internal error: card page template");
            return (StatusCode::INTERNAL_SERVER_ERROR, "The card page is not available.").into_response();
        }
    };
    let mut res = html.into_response();
    card_headers(&mut res, "text/html; charset=utf-8", PAGE_CSP);
    res.headers_mut().insert(header::VARY, HeaderValue::from_static("Accept-Language"));
    if let Ok(v) = HeaderValue::from_str(asset_version()) {
        res.headers_mut().insert(PAGE_VERSION_HEADER, v);
    }
    res
}

/// `GET /k/revoked`: the latest published bundle's whole revoked list,
/// the CBOR array exactly as the bundle body holds it (SPEC §12.2): the
/// same for every phone, so that the server does not learn which card
/// asks. The service worker keeps it with the pages and fetches it again
/// with a page's refresh; its entity tag (a hash of the list) makes an
/// unchanged list a `304 Not Modified`. Gzip-compressed for a browser that
/// accepts it.
pub async fn revoked(State(state): State<Shared>, headers: HeaderMap) -> Response {
    // Verified here from its bytes, so the list is in memory.
    let list = match latest_bundle(&state).and_then(|v| {
        v.revoked_bytes().map(<[u8]>::to_vec).ok_or_else(|| "the bundle's list is not in memory".to_string())
    }) {
        Ok(list) => list,
        Err(e) => {
            tracing::error!(error = %e, "internal error: card revoked list");
            return (StatusCode::INTERNAL_SERVER_ERROR, "The card page is not available.").into_response();
        }
    };
    let tag = format!("W/\"{}\"", shared::wire::hex_encode(&Sha256::digest(&list)).get(..24).unwrap_or_default());
    let fresh = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| t.trim().trim_start_matches("W/") == tag.trim_start_matches("W/"));
    let gzip = accepts_gzip(&headers);
    let mut res = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else if gzip {
        use std::io::Write as _;
        let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        // Writing to memory cannot fail.
        let _ = z.write_all(&list);
        z.finish().unwrap_or_default().into_response()
    } else {
        list.into_response()
    };
    card_headers(&mut res, "application/cbor", PAGE_CSP);
    let h = res.headers_mut();
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    if let Ok(v) = HeaderValue::from_str(&tag) {
        h.insert(header::ETAG, v);
    }
    if gzip && !fresh {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    res
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    let mut res = body.into_response();
    card_headers(&mut res, content_type, PAGE_CSP);
    res
}

/// `GET /k/card.js`: the page's script.
pub async fn card_js() -> Response {
    asset("text/javascript; charset=utf-8", CARD_JS)
}

/// `GET /k/card_wasm.js`: the glue that loads the card core.
pub async fn core_js() -> Response {
    asset("text/javascript; charset=utf-8", CORE_JS)
}

/// `GET /k/card_wasm_bg.wasm`: the card core (reading, checking and
/// drawing cards: `shared`, compiled to WebAssembly).
/// Sent gzip-compressed (about a third of its size) to a browser that
/// accepts it, as every browser that can run it does.
pub async fn core_wasm(headers: HeaderMap) -> Response {
    let gzip = accepts_gzip(&headers);
    let mut res = if gzip { core_wasm_gzip().into_response() } else { CORE_WASM.into_response() };
    card_headers(&mut res, "application/wasm", PAGE_CSP);
    let h = res.headers_mut();
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    if gzip {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    res
}

/// Whether `Accept-Encoding` lists gzip with a q-value above 0.
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(
        |item| {
            let mut parts = item.split(';').map(str::trim);
            let coding = parts.next().unwrap_or("");
            let refused =
                parts.any(|p| p.strip_prefix("q=").is_some_and(|q| q.trim().parse::<f32>().map_or(true, |q| q <= 0.0)));
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
        },
    )
}

/// The card core, gzip-compressed once (best compression).
fn core_wasm_gzip() -> &'static [u8] {
    static GZ: OnceLock<Vec<u8>> = OnceLock::new();
    GZ.get_or_init(|| {
        use std::io::Write as _;
        let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        // Writing to memory cannot fail; an empty body would only make the
        // page say the browser cannot show the card.
        let _ = z.write_all(CORE_WASM);
        z.finish().unwrap_or_default()
    })
}

/// `GET /k/card.css`.
pub async fn card_css() -> Response {
    asset("text/css; charset=utf-8", CARD_CSS)
}

/// `GET /k/icon.svg`: the home-screen icon.
pub async fn icon_svg() -> Response {
    asset("image/svg+xml", ICON_SVG)
}

/// The icon of `icon.svg` as a `size`×`size` PNG (for home screens that
/// want a bitmap): the same rectangles on its 512-unit grid, without the
/// rounded corners.
pub fn icon_png(size: u32) -> Vec<u8> {
    const INK: [u8; 3] = [0x1f, 0x2a, 0x33];
    const PAPER: [u8; 3] = [0xf4, 0xf1, 0xea];
    // (x, y, width, height) on the 512 grid, painted in order.
    type Rect = (u32, u32, u32, u32);
    let layers: [(&[Rect], [u8; 3]); 3] = [
        (&[(96, 136, 320, 240)], PAPER),
        (
            &[
                (132, 172, 72, 72),
                (132, 268, 72, 72),
                (228, 172, 72, 72),
                (240, 280, 24, 24),
                (276, 316, 24, 24),
                (324, 172, 56, 16),
                (324, 212, 56, 16),
                (324, 252, 40, 16),
            ],
            INK,
        ),
        (&[(150, 190, 36, 36), (150, 286, 36, 36), (246, 190, 36, 36)], PAPER),
    ];
    let size = size.max(1);
    let mut data = Vec::with_capacity((size * size * 3) as usize);
    for y in 0..size {
        for x in 0..size {
            let (u, v) = ((x * 2 + 1) * 256 / size, (y * 2 + 1) * 256 / size);
            let mut colour = INK;
            for (rects, c) in &layers {
                if rects.iter().any(|&(rx, ry, w, h)| u >= rx && u < rx + w && v >= ry && v < ry + h) {
                    colour = *c;
                }
            }
            data.extend_from_slice(&colour);
        }
    }
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, size, size);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    // Writing to a Vec cannot fail for a well-formed header and data.
    if let Ok(mut w) = enc.write_header() {
        let _ = w.write_image_data(&data);
    }
    out
}

fn png_response(bytes: &'static [u8]) -> Response {
    let mut res = bytes.into_response();
    card_headers(&mut res, "image/png", PAGE_CSP);
    res
}

/// `GET /k/icon-192.png` (made once, on first use).
pub async fn icon_192() -> Response {
    static PNG: OnceLock<Vec<u8>> = OnceLock::new();
    png_response(PNG.get_or_init(|| icon_png(192)))
}

/// `GET /k/icon-512.png` (made once, on first use).
pub async fn icon_512() -> Response {
    static PNG: OnceLock<Vec<u8>> = OnceLock::new();
    png_response(PNG.get_or_init(|| icon_png(512)))
}

/// `GET /k/manifest.webmanifest`: installable as an app named after the
/// scheme, opening `/k`.
pub async fn manifest(State(state): State<Shared>) -> Response {
    let name = state.store().catalogue().scheme_name.clone();
    let short: String = name.chars().take(24).collect();
    let json = serde_json::json!({
        "name": name,
        "short_name": short,
        "start_url": "/k",
        "scope": "/",
        "display": "standalone",
        "theme_color": "#1f2a33",
        "background_color": "#f4f1ea",
        "icons": [
            { "src": "/k/icon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any" },
            { "src": "/k/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any" },
            { "src": "/k/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any" },
        ],
    });
    let mut res = json.to_string().into_response();
    card_headers(&mut res, "application/manifest+json", PAGE_CSP);
    res
}

/// `GET /sw.js`: the service worker (at the root, so that its scope `/`
/// covers both `/k` and `/K`). Kept in the browser's HTTP cache for a day:
/// the page registers it with `updateViaCache: 'all'`, so the browser's
/// update check on opening the card reaches the server at most daily
/// (SPEC §12.4).
pub async fn service_worker() -> Response {
    let mut res = service_worker_source().into_response();
    card_headers(&mut res, "text/javascript; charset=utf-8", WORKER_CSP);
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("max-age=86400"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_gets_its_version_and_lists() {
        let sw = service_worker_source();
        assert!(!sw.contains("__AK_"), "a placeholder was left in sw.js");
        assert!(sw.contains(asset_version()));
        assert!(sw.contains("\"/k/manifest.webmanifest\""));
        assert!(sw.contains("\"ti\""));
        assert_eq!(asset_version().len(), 12);
    }

    #[test]
    fn the_ages_follow_a_name_that_does_not_say_them() {
        let nb = FamilyTexts::load(FamilyLang::Nb, &[]);
        assert_eq!(ages_unless_named(&nb, "0–13 år med ledsager", 0, 13), "");
        assert_eq!(ages_unless_named(&nb, "Ungdom 14-18", 14, 18), "");
        assert_eq!(ages_unless_named(&nb, "Fritidskort", 6, 17), "6–17 år");
        // Other ages in the name do not count.
        assert_eq!(ages_unless_named(&nb, "0–13 år", 0, 12), "0–12 år");
        assert_eq!(ages_unless_named(&nb, "10–13 år", 0, 13), "0–13 år");
        let en = FamilyTexts::load(FamilyLang::En, &[]);
        assert_eq!(ages_unless_named(&en, "Leisure card", 6, 17), "Ages 6–17");
    }

    #[test]
    fn the_page_language() {
        let mut h = HeaderMap::new();
        assert_eq!(page_lang(Some("lang=ar"), &h), FamilyLang::Ar);
        assert_eq!(page_lang(Some("lang=xx"), &h), FamilyLang::Nb);
        h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("uk,en;q=0.5"));
        assert_eq!(page_lang(Some("lang=xx"), &h), FamilyLang::Uk);
        assert_eq!(page_lang(None, &h), FamilyLang::Uk);
        assert_eq!(page_lang(Some("x=1&lang=so"), &h), FamilyLang::So);
    }
}
