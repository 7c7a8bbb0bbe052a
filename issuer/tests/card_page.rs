//! The phone card's server side (`/k`, SPEC §12) through the router:
//! headers, languages, the embedded trust data, the assets.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use issuer::web::{AppState, app, prepare};
use shared::{FixedClock, Timestamp};
use tower::ServiceExt as _;

const NOW: Timestamp = Timestamp(1_795_262_400);

const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
                   manifest-src 'self'; worker-src 'self'; connect-src 'self'; base-uri 'none'; \
                   frame-ancestors 'none'; form-action 'none'";

struct Fixture {
    _tmp: tempfile::TempDir,
    app: Router,
    bundle: Vec<u8>,
    fingerprint: shared::Fingerprint,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let (mut store, _) = prepare(&tmp.path().join("issuer"), "http://127.0.0.1:8080", NOW).unwrap();
    // Two signing keys in the bundle: the page must carry both.
    store.keys().rotate_signing("test", NOW).unwrap();
    let bundle = store.bundles().publish("test", NOW).unwrap();
    let fingerprint = store.ring().root_fingerprint();
    let state = AppState::new(store, Box::new(FixedClock(NOW)), false);
    Fixture { _tmp: tmp, app: app(state), bundle, fingerprint }
}

async fn get(app: &Router, uri: &str, headers: &[(&str, &str)]) -> Response<Body> {
    let mut req = Request::get(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    app.clone().oneshot(req.body(Body::empty()).unwrap()).await.unwrap()
}

async fn body(res: Response<Body>) -> String {
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn header_of(res: &Response<Body>, name: header::HeaderName) -> &str {
    res.headers().get(&name).map(|v| v.to_str().unwrap()).unwrap_or("")
}

/// The `<html …>` start tag.
fn html_tag(html: &str) -> &str {
    let start = html.find("<html").unwrap();
    &html[start..start + html[start..].find('>').unwrap() + 1]
}

#[tokio::test]
async fn the_card_page_at_k_and_k_upper_with_its_own_headers() {
    let f = fixture();
    for path in ["/k", "/K", "/k?lang=en", "/K?lang=nb"] {
        let res = get(&f.app, path, &[]).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(header_of(&res, header::CONTENT_SECURITY_POLICY), CSP, "{path}");
        assert_eq!(header_of(&res, header::CACHE_CONTROL), "no-cache", "{path}");
        assert_eq!(header_of(&res, header::VARY), "Accept-Language", "{path}");
        // The service worker keeps a refreshed page only of its own version.
        assert_eq!(
            header_of(&res, header::HeaderName::from_static("x-ak-card-version")),
            issuer::web::card::asset_version(),
            "{path}"
        );
        assert_eq!(header_of(&res, header::REFERRER_POLICY), "no-referrer", "{path}");
        assert_eq!(header_of(&res, header::CONTENT_TYPE), "text/html; charset=utf-8", "{path}");
        assert!(res.headers().get(header::SET_COOKIE).is_none(), "{path} sets a cookie");
        let html = body(res).await;
        assert!(!html.contains("<script>") && !html.contains("style="), "{path}: inline script or style");
        assert!(!html.contains("<style"), "{path}: inline style");
        assert!(html.contains("<title>Aktivitetskort Larvik</title>"));
        for src in ["/k/card_wasm.js", "/k/card.js"] {
            assert!(html.contains(&format!("<script src=\"{src}\"></script>")), "{path}: {src}");
        }
    }
    // Even with a staff flash cookie, the card page sets none.
    let res = get(&f.app, "/k", &[("cookie", "__Host-flash=x")]).await;
    assert!(res.headers().get(header::SET_COOKIE).is_none());
    // The staff pages keep their own policy.
    let res = get(&f.app, "/login", &[]).await;
    assert!(header_of(&res, header::CONTENT_SECURITY_POLICY).contains("form-action 'self'"));
}

#[tokio::test]
async fn the_language_follows_the_query_then_the_browser() {
    let f = fixture();
    let html = body(get(&f.app, "/k?lang=ar", &[]).await).await;
    assert_eq!(html_tag(&html), "<html lang=\"ar\" dir=\"rtl\">");
    let html = body(get(&f.app, "/k?lang=en", &[("accept-language", "uk")]).await).await;
    assert_eq!(html_tag(&html), "<html lang=\"en\" dir=\"ltr\">");
    assert!(html.contains("Card number"), "English text");
    assert!(html.contains("Valid <bdi data-slot=\"from\"></bdi>–<bdi data-slot=\"until\"></bdi>"));
    // An unknown language falls back to the browser's, then to bokmål.
    let html = body(get(&f.app, "/k?lang=xx", &[("accept-language", "uk-UA,uk;q=0.9")]).await).await;
    assert_eq!(html_tag(&html), "<html lang=\"uk\" dir=\"ltr\">");
    let html = body(get(&f.app, "/K?lang=de", &[]).await).await;
    assert_eq!(html_tag(&html), "<html lang=\"nb\" dir=\"ltr\">");
    assert!(html.contains("Kortnummer"));
    // Every language in the switcher, with its own name, the current one marked.
    let html = body(get(&f.app, "/k?lang=pl", &[]).await).await;
    for tag in ["nb", "nn", "en", "uk", "pl", "ar", "so", "ti"] {
        assert!(html.contains(&format!("href=\"/k?lang={tag}\"")), "switcher link {tag}");
    }
    assert!(html.contains("data-lang=\"pl\" aria-current=\"true\">Polski</a>"));
}

#[tokio::test]
async fn the_page_carries_the_published_bundles_keys_and_catalogue() {
    let f = fixture();
    let html = body(get(&f.app, "/k?lang=nb", &[]).await).await;
    let start = html.find("<script type=\"application/json\" id=\"card-data\">").unwrap();
    let rest = &html[start..];
    let json = &rest[rest.find('>').unwrap() + 1..rest.find("</script>").unwrap()];
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    let bundle = shared::verify_bundle(&f.bundle, &f.fingerprint, NOW).unwrap();
    let body_ = bundle.body();
    assert_eq!(data["bundle_version"], body_.version);
    let keys = data["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 2, "{data}");
    assert_eq!(keys.len(), body_.signing_keys.len());
    for (k, e) in keys.iter().zip(&body_.signing_keys) {
        assert_eq!(k["key_id"], e.key_id.to_string());
        assert_eq!(k["public_key"], shared::wire::hex_encode(&e.public_key.0));
        assert_eq!(k["valid_from"], e.valid_from.0);
        assert_eq!(k["valid_until"], e.valid_until.0);
    }
    let types: Vec<u16> = body_.catalogue.card_types.iter().map(|c| c.id.0).collect();
    assert_eq!(data["card_types"], serde_json::json!(types));
    // Per card type: its name, benefits with quotas, the venues and how to
    // use the card there.
    assert!(html.contains("data-card-type=\"1\" data-name=\"0–13 år med ledsager\""));
    assert!(html.contains("data-card-type=\"2\" data-name=\"14–18 år\""));
    // A name that says the ages is not followed by them again.
    assert!(html.contains("<p class=\"uses-type\"><bdi>0–13 år med ledsager</bdi></p>"), "{html}");
    assert!(!html.contains("0–13 år med ledsager</bdi> · "));
    // Every state, the one without a card too, has the scheme's name as its
    // one h1.
    assert!(html.contains("<h1 class=\"scheme\"><bdi>Aktivitetskort Larvik</bdi></h1>"));
    assert_eq!(html.matches("<h1").count(), 1, "{html}");
    assert!(html.contains("<p class=\"quota\">1 gang i uka</p>"));
    assert!(html.contains("<p class=\"quota\">12 ganger mens kortet gjelder</p>"));
    assert!(html.contains("<strong><bdi>Bølgen kino</bdi></strong> <span class=\"category\">Kino</span>"));
    assert!(html.contains("Sjøgata 2, 3263 Larvik"));
    assert!(html.contains("Vis koden i billettluka, så får du billett."));
    assert_eq!(html.matches("Én voksen ledsager kommer gratis inn").count(), 6, "companion on type 1 only");
    // Never a word about need.
    for word in ["inntekt", "lavinntekt", "fattig", "støtte", "trygd"] {
        assert!(!html.to_lowercase().contains(word), "«{word}» on the card page");
    }
}

#[tokio::test]
async fn the_assets_and_the_service_worker() {
    let f = fixture();
    let cases = [
        ("/k/card.js", "text/javascript; charset=utf-8"),
        ("/k/card_wasm.js", "text/javascript; charset=utf-8"),
        ("/k/card_wasm_bg.wasm", "application/wasm"),
        ("/k/card.css", "text/css; charset=utf-8"),
        ("/k/icon.svg", "image/svg+xml"),
        ("/k/icon-192.png", "image/png"),
        ("/k/icon-512.png", "image/png"),
        ("/k/manifest.webmanifest", "application/manifest+json"),
        ("/sw.js", "text/javascript; charset=utf-8"),
    ];
    for (path, ct) in cases {
        let res = get(&f.app, path, &[]).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(header_of(&res, header::CONTENT_TYPE), ct, "{path}");
        // The worker is kept a day: the browser's update check on each open
        // of the card then reaches the server at most daily (SPEC §12.4).
        let cache = if path == "/sw.js" { "max-age=86400" } else { "no-cache" };
        assert_eq!(header_of(&res, header::CACHE_CONTROL), cache, "{path}");
        assert!(res.headers().get(header::SET_COOKIE).is_none(), "{path}");
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap();
        assert!(!bytes.is_empty(), "{path}");
    }
    let res = get(&f.app, "/sw.js", &[]).await;
    assert!(header_of(&res, header::CONTENT_SECURITY_POLICY).contains("connect-src 'self'"));
    let sw = body(res).await;
    assert!(sw.contains(&format!("\"{}\"", issuer::web::card::asset_version())));
    assert!(sw.contains("\"/k?lang=\"") || sw.contains("'/k?lang='"));
    let manifest: serde_json::Value =
        serde_json::from_str(&body(get(&f.app, "/k/manifest.webmanifest", &[]).await).await).unwrap();
    assert_eq!(manifest["name"], "Aktivitetskort Larvik");
    assert_eq!(manifest["start_url"], "/k");
    assert_eq!(manifest["scope"], "/");
    assert_eq!(manifest["display"], "standalone");
    assert_eq!(manifest["icons"][0]["src"], "/k/icon.svg");
    assert_eq!(manifest["icons"][0]["sizes"], "any");
    for (i, size) in [(1, 192), (2, 512)] {
        assert_eq!(manifest["icons"][i]["sizes"], format!("{size}x{size}"));
        let res = get(&f.app, manifest["icons"][i]["src"].as_str().unwrap(), &[]).await;
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap();
        let info = png::Decoder::new(std::io::Cursor::new(bytes.to_vec())).read_info().unwrap().info().clone();
        assert_eq!((info.width, info.height), (size, size));
    }
    assert_eq!(get(&f.app, "/k/nothing.js", &[]).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_card_core_is_sent_compressed_to_a_browser_that_accepts_it() {
    let f = fixture();
    let raw = get(&f.app, "/k/card_wasm_bg.wasm", &[]).await;
    assert!(raw.headers().get(header::CONTENT_ENCODING).is_none());
    assert_eq!(header_of(&raw, header::VARY), "Accept-Encoding");
    let raw = axum::body::to_bytes(raw.into_body(), 1 << 22).await.unwrap();
    assert_eq!(&raw[..4], b"\0asm", "a WebAssembly module");

    let res = get(&f.app, "/k/card_wasm_bg.wasm", &[("accept-encoding", "gzip, deflate, br")]).await;
    assert_eq!(header_of(&res, header::CONTENT_ENCODING), "gzip");
    assert_eq!(header_of(&res, header::CONTENT_TYPE), "application/wasm");
    let gz = axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap();
    assert!(gz.len() * 2 < raw.len(), "{} bytes compressed of {}", gz.len(), raw.len());
    let mut back = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut back).unwrap();
    assert_eq!(back, raw);

    // gzip refused with q=0, or not offered: the module as it is.
    for offer in ["gzip;q=0, br", "br", "identity"] {
        let res = get(&f.app, "/k/card_wasm_bg.wasm", &[("accept-encoding", offer)]).await;
        assert!(res.headers().get(header::CONTENT_ENCODING).is_none(), "{offer}");
    }
}

#[tokio::test]
async fn the_blocked_list_is_the_bundles_whole_revoked_list_and_an_unchanged_one_is_not_sent_again() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, _) = prepare(&tmp.path().join("issuer"), "http://127.0.0.1:8080", NOW).unwrap();
    // Numbers of every encoded width.
    let numbers: Vec<u64> = (0..300u64).map(|i| i * i * i * 40_000 + i).collect();
    for &n in &numbers {
        store.bundles().revoke(shared::CardNumber(n), "test", NOW).unwrap();
    }
    let bundle = store.bundles().publish("test", NOW).unwrap();
    let verified = shared::verify_bundle(&bundle, &store.ring().root_fingerprint(), NOW).unwrap();
    assert_eq!(verified.revoked_count(), numbers.len());
    let app = app(AppState::new(store, Box::new(FixedClock(NOW)), false));

    let res = get(&app, "/k/revoked", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header_of(&res, header::CONTENT_TYPE), "application/cbor");
    assert_eq!(header_of(&res, header::CACHE_CONTROL), "no-cache");
    assert_eq!(header_of(&res, header::CONTENT_SECURITY_POLICY), CSP);
    assert!(res.headers().get(header::SET_COOKIE).is_none());
    let tag = header_of(&res, header::ETAG).to_string();
    assert!(tag.starts_with("W/\""), "{tag}");
    let raw = axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap();
    // The whole list, byte for byte as the bundle holds it, and the card
    // core reads it as the venue does.
    assert_eq!(Some(&raw[..]), verified.revoked_bytes());
    let list = shared::page::PageBlocked::read(&raw).unwrap();
    assert_eq!(list.len(), numbers.len());

    // Compressed for a browser that accepts it.
    let res = get(&app, "/k/revoked", &[("accept-encoding", "gzip")]).await;
    assert_eq!(header_of(&res, header::CONTENT_ENCODING), "gzip");
    assert_eq!(header_of(&res, header::ETAG), tag);
    let gz = axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap();
    let mut back = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut back).unwrap();
    assert_eq!(back, raw);

    // The same list asked again with its tag: 304, no body.
    for sent in [tag.clone(), tag.trim_start_matches("W/").to_string(), format!("\"x\", {tag}")] {
        let res = get(&app, "/k/revoked", &[("if-none-match", &sent)]).await;
        assert_eq!(res.status(), StatusCode::NOT_MODIFIED, "{sent}");
        assert!(axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap().is_empty());
    }
    let res = get(&app, "/k/revoked", &[("if-none-match", "W/\"other\"")]).await;
    assert_eq!(res.status(), StatusCode::OK);
}
