//! `verifier serve`: a local web page for a tablet or a second screen on the
//! venue's own network. A text field for a keyboard-wedge scanner, a photo
//! from the device's camera (decoded here), live camera frames where the
//! browser allows it (a secure context such as localhost), and undo. Every
//! device shares this station's one redemption log.
//!
//! Every asset is compiled into the binary; the Content-Security-Policy
//! allows nothing from elsewhere and no inline script. POSTs from another
//! site are refused (`Sec-Fetch-Site` / `Origin`), so no other web page can
//! make a browser redeem cards. The access log holds method, path, status
//! and time only: never a scanned text, card number or image.

use crate::VerifierError;
use crate::i18n::{Lang, Messages, VerdictText};
use crate::log::RedemptionLog;
use crate::redeem::redeem;
use crate::store::VenueStore;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use shared::Clock;
use shared::model::name_in;
use std::sync::{Arc, Mutex};

/// Largest uploaded image (a phone photo).
pub const MAX_IMAGE_BYTES: usize = 8 << 20;
/// Largest text form (a scanned line is far shorter).
pub const MAX_FORM_BYTES: usize = 4 << 10;
/// Largest image decoded, in pixels before downscaling (a 12-megapixel photo).
pub const MAX_PIXELS: u64 = 12_000_000;
/// Images are scaled down to at most this many pixels on the longer side
/// before the QR search (phone photos are much larger than needed).
pub const DECODE_MAX_SIDE: usize = 1600;

const PAGE: &str = include_str!("../assets/index.html");
const APP_JS: &str = include_str!("../assets/app.js");
const APP_CSS: &str = include_str!("../assets/app.css");

/// Message ids of the web page (checked in both languages by a test).
pub const SERVE_MESSAGE_IDS: &[&str] = &[
    "serve-title",
    "serve-label",
    "serve-submit",
    "serve-photo",
    "serve-photo-submit",
    "serve-camera",
    "serve-camera-stop",
    "serve-camera-unavailable",
    "serve-undo",
    "serve-ready",
    "serve-no-qr",
    "serve-bad-image",
    "serve-undo-nothing",
    "serve-undo-too-late",
    "serve-busy",
    "scan-error",
    "scan-title",
];

/// What the server shares between requests.
pub struct AppState {
    store: VenueStore,
    log: Mutex<RedemptionLog>,
    lang: Lang,
    clock: Box<dyn Clock + Send + Sync>,
    venue_name: String,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").field("venue", &self.venue_name).finish()
    }
}

/// The state as handlers see it.
pub type Shared = Arc<AppState>;

impl AppState {
    /// State for the venue in `store`, recording into `log`; `lang` is used
    /// when the browser asks for neither Norwegian nor English.
    pub fn new(store: VenueStore, log: RedemptionLog, lang: Lang, clock: Box<dyn Clock + Send + Sync>) -> Shared {
        let venue_name = store
            .bundle()
            .body()
            .catalogue
            .venue(store.venue_id())
            .map(|v| v.name.clone())
            .unwrap_or_else(|| store.venue_id().to_string());
        Arc::new(AppState { store, log: Mutex::new(log), lang, clock, venue_name })
    }
}

/// The router with every route and layer.
pub fn app(state: Shared) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/redeem", post(redeem_text).layer(DefaultBodyLimit::max(MAX_FORM_BYTES)))
        .route("/undo", post(undo).layer(DefaultBodyLimit::max(MAX_FORM_BYTES)))
        .route("/scan-image", post(scan_image).layer(DefaultBodyLimit::max(MAX_IMAGE_BYTES)))
        .route("/app.js", get(|| async { asset("text/javascript; charset=utf-8", APP_JS) }))
        .route("/app.css", get(|| async { asset("text/css; charset=utf-8", APP_CSS) }))
        .fallback(not_found)
        .layer(middleware::from_fn(same_origin))
        .layer(middleware::from_fn(security_headers))
        .layer(middleware::from_fn(access_log))
        .with_state(state)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "no-cache")], body).into_response()
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "not found").into_response()
}

/// The browser's language: the first of Norwegian or English it lists in
/// `Accept-Language`, else `default`.
pub fn lang_of(headers: &HeaderMap, default: Lang) -> Lang {
    let Some(v) = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()) else {
        return default;
    };
    for item in v.split(',') {
        let tag = item.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        let primary = tag.split('-').next().unwrap_or("");
        match primary {
            "nb" | "no" | "nn" => return Lang::Nb,
            "en" => return Lang::En,
            _ => {}
        }
    }
    default
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("application/json"))
}

/// One answer for the page: JSON for the script, or the page itself.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Answer {
    /// Whether a card was read at all (false: no QR in the image, nothing
    /// to undo, …).
    pub found: bool,
    /// Whether the visit was granted (or the undo done).
    pub valid: bool,
    /// Stable code (`ok`, `quota_exhausted`, a refusal code, `no_qr`, …).
    pub code: String,
    /// The big line.
    pub headline: String,
    /// What it means / what to do.
    pub hint: String,
    /// Card number, type and validity.
    pub card: String,
    /// The stale-bundle warning.
    pub warning: String,
}

impl Answer {
    fn from_text(found: bool, valid: bool, code: &str, t: VerdictText) -> Answer {
        Answer { found, valid, code: code.into(), headline: t.headline, hint: t.hint, card: t.card, warning: t.warning }
    }

    fn message(code: &str, headline: String, hint: String) -> Answer {
        Answer {
            found: false,
            valid: false,
            code: code.into(),
            headline,
            hint,
            card: String::new(),
            warning: String::new(),
        }
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The page, with `answer` shown (or the "ready" line).
fn page(state: &AppState, lang: Lang, answer: Option<&Answer>) -> String {
    let m = Messages::new(lang);
    let (class, result) = match answer {
        Some(a) => {
            let class = if a.valid {
                "ok"
            } else if a.found {
                "no"
            } else {
                "info"
            };
            let mut lines = format!("<p class=\"headline\">{}</p>", escape(&a.headline));
            for (cls, l) in [("hint", &a.hint), ("card", &a.card), ("warning", &a.warning)] {
                if !l.is_empty() {
                    lines.push_str(&format!("<p class=\"{cls}\">{}</p>", escape(l)));
                }
            }
            (class, lines)
        }
        None => ("idle", format!("<p class=\"headline\">{}</p>", escape(&m.get("serve-ready", &[])))),
    };
    let t = |id: &str| escape(&m.get(id, &[]));
    PAGE.replace("{lang}", lang.tag())
        .replace("{title}", &escape(&m.get("scan-title", &[("venue", &state.venue_name)])))
        .replace("{label}", &t("serve-label"))
        .replace("{submit}", &t("serve-submit"))
        .replace("{photo}", &t("serve-photo"))
        .replace("{photo_submit}", &t("serve-photo-submit"))
        .replace("{camera}", &t("serve-camera"))
        .replace("{camera_stop}", &t("serve-camera-stop"))
        .replace("{camera_unavailable}", &t("serve-camera-unavailable"))
        .replace("{busy}", &t("serve-busy"))
        .replace("{undo}", &t("serve-undo"))
        .replace("{class}", class)
        .replace("{result}", &result)
}

fn respond(state: &AppState, headers: &HeaderMap, lang: Lang, status: StatusCode, answer: Answer) -> Response {
    if wants_json(headers) {
        (status, axum::Json(answer)).into_response()
    } else {
        (status, Html(page(state, lang, Some(&answer)))).into_response()
    }
}

async fn index(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let lang = lang_of(&headers, state.lang);
    Html(page(&state, lang, None)).into_response()
}

/// The form of `POST /redeem`.
#[derive(Debug, serde::Deserialize)]
pub struct TextForm {
    /// The scanned line.
    pub text: String,
}

/// Redeem `text` on a blocking thread; the answer for the page.
async fn redeem_blocking(state: Shared, text: String, lang: Lang) -> Answer {
    let st = state.clone();
    let joined = tokio::task::spawn_blocking(move || {
        let m = Messages::new(lang);
        let now = st.clock.now();
        let mut log = st.log.lock().unwrap_or_else(|e| e.into_inner());
        match redeem(&st.store, &mut log, &text, now, lang.tag()) {
            Ok(v) => Answer::from_text(true, v.valid, v.code, m.redeem_verdict(&v)),
            Err(e) => match m.station_error(&e) {
                Some(t) => Answer::from_text(true, false, e.code(), t),
                None => Answer::from_text(
                    true,
                    false,
                    e.code(),
                    VerdictText {
                        headline: m.get("scan-error", &[]),
                        hint: m.error(&e),
                        card: String::new(),
                        warning: String::new(),
                    },
                ),
            },
        }
    })
    .await;
    joined.unwrap_or_else(|_| {
        let m = Messages::new(lang);
        Answer::message("error", m.get("scan-error", &[]), String::new())
    })
}

async fn redeem_text(State(state): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let lang = lang_of(&headers, state.lang);
    let text = form_urlencoded_text(&body);
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        let m = Messages::new(lang);
        let a = Answer::message("bad_request", m.get("serve-ready", &[]), m.get("serve-label", &[]));
        return respond(&state, &headers, lang, StatusCode::BAD_REQUEST, a);
    };
    let answer = redeem_blocking(state.clone(), text, lang).await;
    respond(&state, &headers, lang, StatusCode::OK, answer)
}

/// The `text` field of an `application/x-www-form-urlencoded` body.
fn form_urlencoded_text(body: &[u8]) -> Option<String> {
    let form: Vec<(String, String)> = serde_urlencoded_pairs(body)?;
    form.into_iter().find(|(k, _)| k == "text").map(|(_, v)| v)
}

/// Parse `a=b&c=d` (with `+` and `%XX`); `None` if not UTF-8.
fn serde_urlencoded_pairs(body: &[u8]) -> Option<Vec<(String, String)>> {
    let s = std::str::from_utf8(body).ok()?;
    let decode = |part: &str| -> Option<String> {
        let bytes = part.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            match b {
                b'+' => out.push(b' '),
                b'%' => {
                    let hex = bytes.get(i + 1..i + 3)?;
                    let v = u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
                    out.push(v);
                    i += 2;
                }
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8(out).ok()
    };
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            Some((decode(k)?, decode(v)?))
        })
        .collect()
}

async fn scan_image(State(state): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let lang = lang_of(&headers, state.lang);
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let decoded = tokio::task::spawn_blocking(move || {
        let image = if content_type.starts_with("multipart/form-data") {
            multipart_file(&content_type, &body).ok_or(ImageError::NotAnImage)?
        } else {
            &body[..]
        };
        qr_text_from_image(image)
    })
    .await
    .unwrap_or(Err(ImageError::NotAnImage));
    match decoded {
        Ok(text) => {
            let answer = redeem_blocking(state.clone(), text, lang).await;
            respond(&state, &headers, lang, StatusCode::OK, answer)
        }
        Err(ImageError::NoQr) => {
            let m = Messages::new(lang);
            let a = Answer::message("no_qr", m.get("serve-no-qr", &[]), String::new());
            // A live camera frame without a card is normal: 200 for the script.
            let status = if wants_json(&headers) { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
            respond(&state, &headers, lang, status, a)
        }
        Err(e) => {
            let m = Messages::new(lang);
            let a = Answer::message("bad_image", m.get("serve-bad-image", &[]), e.to_string());
            respond(&state, &headers, lang, StatusCode::UNPROCESSABLE_ENTITY, a)
        }
    }
}

async fn undo(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let lang = lang_of(&headers, state.lang);
    let st = state.clone();
    let answer = tokio::task::spawn_blocking(move || {
        let m = Messages::new(lang);
        let now = st.clock.now();
        let mut log = st.log.lock().unwrap_or_else(|e| e.into_inner());
        match log.undo_last(now, st.store.bundle().body().issued_at) {
            Ok(undone) => {
                let benefit = st
                    .store
                    .bundle()
                    .card_type(shared::CardTypeId(undone.card_type))
                    .and_then(|ct| ct.benefits.iter().find(|b| b.id == undone.benefit))
                    .map(|b| name_in(&b.names, lang.tag()).to_string())
                    .unwrap_or_else(|| undone.benefit.clone());
                let time = crate::oslo_local(undone.at);
                let mut a = Answer::message(
                    "undone",
                    m.get("undo-done", &[("benefit", &benefit), ("time", &time)]),
                    String::new(),
                );
                a.found = true;
                a.valid = true;
                a
            }
            Err(VerifierError::NothingToUndo) => {
                Answer::message("nothing", m.get("serve-undo-nothing", &[]), String::new())
            }
            Err(VerifierError::UndoTooLate { window_minutes, .. }) => Answer::message(
                "too_late",
                m.get("serve-undo-too-late", &[("minutes", &window_minutes.to_string())]),
                String::new(),
            ),
            Err(e) => match m.station_error(&e) {
                Some(t) => Answer::from_text(false, false, e.code(), t),
                None => Answer::message(e.code(), m.get("scan-error", &[]), m.error(&e)),
            },
        }
    })
    .await
    .unwrap_or_else(|_| Answer::message("error", "error".into(), String::new()));
    respond(&state, &headers, lang, StatusCode::OK, answer)
}

/// Refuse a state-changing request that a browser says comes from another
/// site: `Sec-Fetch-Site` must be `same-origin` or `none` (typed by the
/// user), and `Origin`, if sent, must be this server. Requests without
/// either header (not from a browser) pass.
pub async fn same_origin(req: Request, next: Next) -> Response {
    if req.method() != axum::http::Method::GET && req.method() != axum::http::Method::HEAD {
        let h = req.headers();
        let site = h.get("sec-fetch-site").map(|v| v.as_bytes());
        let cross_site = matches!(site, Some(s) if s != b"same-origin" && s != b"none");
        let host = h.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
        let bad_origin = match h.get(header::ORIGIN).map(|v| v.to_str().unwrap_or("")) {
            None => false,
            Some(o) => host.is_empty() || (o != format!("http://{host}") && o != format!("https://{host}")),
        };
        if cross_site || bad_origin {
            return (StatusCode::FORBIDDEN, "cross-origin request refused").into_response();
        }
    }
    next.run(req).await
}

/// Headers on every response.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut HeaderMap, name: HeaderName, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    set(
        h,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; \
         media-src 'self' blob: mediastream:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    set(h, HeaderName::from_static("cross-origin-resource-policy"), "same-origin");
    set(h, HeaderName::from_static("permissions-policy"), "camera=(self), microphone=(), geolocation=()");
    if !h.contains_key(header::CACHE_CONTROL) {
        set(h, header::CACHE_CONTROL, "no-store");
    }
    res
}

/// One line per request on stderr: method, path, status, milliseconds.
/// Never the query, the body or the scanned text.
pub async fn access_log(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().chars().take(100).collect::<String>();
    let start = std::time::Instant::now();
    let res = next.run(req).await;
    eprintln!("{method} {path} {} {}ms", res.status().as_u16(), start.elapsed().as_millis());
    res
}

/// Why no text came out of an image.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    /// Neither PNG nor JPEG.
    #[error("not a PNG or JPEG image")]
    NotAnImage,
    /// A PNG or JPEG that could not be decoded.
    #[error("the image could not be read ({0})")]
    Broken(String),
    /// More pixels than [`MAX_PIXELS`].
    #[error("the image is too large ({0}×{1})")]
    TooLarge(usize, usize),
    /// Decoded, but no readable QR code in it.
    #[error("no readable QR code found in the image")]
    NoQr,
}

/// A greyscale image.
struct Grey {
    w: usize,
    h: usize,
    px: Vec<u8>,
}

/// The text of the first readable QR code in a PNG or JPEG image.
pub fn qr_text_from_image(bytes: &[u8]) -> Result<String, ImageError> {
    let grey = if bytes.starts_with(b"\x89PNG") {
        png_grey(bytes)?
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        jpeg_grey(bytes)?
    } else {
        return Err(ImageError::NotAnImage);
    };
    qr_text_from_grey(&downscale(grey))
}

/// The text of the first readable QR code in a `w`×`h` greyscale frame.
pub fn qr_text_from_luma(w: usize, h: usize, px: &[u8]) -> Result<String, ImageError> {
    if px.len() < w * h {
        return Err(ImageError::Broken("short frame".into()));
    }
    // A decoder bug on a strange photo must not take the request down: a
    // panic inside it counts as "no code found".
    std::panic::catch_unwind(|| {
        let mut quirc = quircs::Quirc::default();
        for code in quirc.identify(w, h, px.get(..w * h).unwrap_or(px)).flatten() {
            if let Ok(data) = code.decode()
                && let Ok(text) = String::from_utf8(data.payload)
            {
                return Ok(text);
            }
        }
        Err(ImageError::NoQr)
    })
    .unwrap_or(Err(ImageError::NoQr))
}

/// A camera frame's QR text. With quircs a full 1280×720 frame takes
/// about 9 ms even for a small card, so there is no downscaled first pass
/// (with rqrr there was: see docs/BENCHMARKS.md).
pub fn qr_text_from_frame(w: usize, h: usize, px: &[u8]) -> Result<String, ImageError> {
    qr_text_from_luma(w, h, px)
}

fn qr_text_from_grey(g: &Grey) -> Result<String, ImageError> {
    qr_text_from_frame(g.w, g.h, &g.px)
}

fn png_grey(bytes: &[u8]) -> Result<Grey, ImageError> {
    let broken = |e: &dyn std::fmt::Display| ImageError::Broken(e.to_string());
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| broken(&e))?;
    let (w, h) = {
        let info = reader.info();
        (info.width as usize, info.height as usize)
    };
    if (w as u64) * (h as u64) > MAX_PIXELS {
        return Err(ImageError::TooLarge(w, h));
    }
    let size = reader.output_buffer_size().ok_or(ImageError::TooLarge(w, h))?;
    let mut buf = vec![0u8; size];
    let frame = reader.next_frame(&mut buf).map_err(|e| broken(&e))?;
    let channels = frame.color_type.samples();
    let stride = frame.line_size;
    let mut px = Vec::with_capacity(w * h);
    for y in 0..h {
        for x in 0..w {
            let i = y * stride + x * channels;
            px.push(luma(buf.get(i..i + channels).unwrap_or(&[255])));
        }
    }
    Ok(Grey { w, h, px })
}

fn luma(px: &[u8]) -> u8 {
    match px {
        [g] | [g, _] => *g,
        [r, g, b] | [r, g, b, _] => ((u16::from(*r) * 3 + u16::from(*g) * 6 + u16::from(*b)) / 10) as u8,
        _ => 255,
    }
}

fn jpeg_grey(bytes: &[u8]) -> Result<Grey, ImageError> {
    let broken = |e: &dyn std::fmt::Display| ImageError::Broken(e.to_string());
    let mut d = jpeg_decoder::Decoder::new(std::io::Cursor::new(bytes));
    d.read_info().map_err(|e| broken(&e))?;
    let info = d.info().ok_or_else(|| ImageError::Broken("no image header".into()))?;
    let (w0, h0) = (usize::from(info.width), usize::from(info.height));
    if (w0 as u64) * (h0 as u64) > MAX_PIXELS {
        return Err(ImageError::TooLarge(w0, h0));
    }
    // Let the decoder scale down by 1/2, 1/4 or 1/8 (cheap, in the DCT).
    let side = DECODE_MAX_SIDE as u16;
    if w0.max(h0) > DECODE_MAX_SIDE {
        let (rw, rh) = if w0 >= h0 {
            (side, ((h0 * DECODE_MAX_SIDE / w0).max(1)) as u16)
        } else {
            (((w0 * DECODE_MAX_SIDE / h0).max(1)) as u16, side)
        };
        d.scale(rw, rh).map_err(|e| broken(&e))?;
    }
    let pixels = d.decode().map_err(|e| broken(&e))?;
    let info = d.info().ok_or_else(|| ImageError::Broken("no image header".into()))?;
    let (w, h) = (usize::from(info.width), usize::from(info.height));
    let px: Vec<u8> = match info.pixel_format {
        jpeg_decoder::PixelFormat::L8 => pixels,
        jpeg_decoder::PixelFormat::L16 => pixels.chunks(2).map(|c| c.first().copied().unwrap_or(255)).collect(),
        jpeg_decoder::PixelFormat::RGB24 => pixels.chunks(3).map(luma).collect(),
        // CMYK (rare for photos): the inverse of K is a fair luma.
        jpeg_decoder::PixelFormat::CMYK32 => pixels.chunks(4).map(|c| c.get(3).map_or(255, |k| 255 - k)).collect(),
    };
    if px.len() < w * h {
        return Err(ImageError::Broken("truncated".into()));
    }
    Ok(Grey { w, h, px })
}

/// Scale down by an integer factor (box filter) until the longer side is at
/// most [`DECODE_MAX_SIDE`].
fn downscale(g: Grey) -> Grey {
    let f = g.w.max(g.h).div_ceil(DECODE_MAX_SIDE);
    if f <= 1 {
        return g;
    }
    downscale_by(&g, &g.px, f)
}

/// Box-filter `src` (of `g`'s size) down by the integer factor `f`.
fn downscale_by(g: &Grey, src: &[u8], f: usize) -> Grey {
    let (w, h) = (g.w / f, g.h / f);
    let mut px = Vec::with_capacity(w * h);
    for y in 0..h {
        for x in 0..w {
            let mut sum = 0u32;
            for dy in 0..f {
                let row = (y * f + dy) * g.w;
                for dx in 0..f {
                    sum += u32::from(src.get(row + x * f + dx).copied().unwrap_or(255));
                }
            }
            px.push((sum / (f * f) as u32) as u8);
        }
    }
    Grey { w, h, px }
}

/// The first file part of a `multipart/form-data` body (a form without the
/// page's script).
fn multipart_file<'b>(content_type: &str, body: &'b [u8]) -> Option<&'b [u8]> {
    let boundary = content_type.split(';').find_map(|p| p.trim().strip_prefix("boundary="))?.trim_matches('"');
    let delim = format!("--{boundary}");
    let delim = delim.as_bytes();
    let mut rest = body;
    loop {
        let start = find(rest, delim)? + delim.len();
        rest = rest.get(start..)?;
        let head_end = find(rest, b"\r\n\r\n")?;
        let head = rest.get(..head_end)?;
        let data = rest.get(head_end + 4..)?;
        let end = find(data, &[b"\r\n", delim].concat())?;
        if find(head, b"filename=").is_some() {
            return data.get(..end);
        }
        rest = data.get(end..)?;
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `verifier serve`: listen on `listen` until Ctrl-C or SIGTERM.
pub fn run(store: VenueStore, log: RedemptionLog, listen: &str, lang: Lang) -> Result<(), VerifierError> {
    let io = |source| VerifierError::Io { path: listen.into(), source };
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().map_err(io)?;
    let state = AppState::new(store, log, lang, Box::new(keys::SystemClock));
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen).await.map_err(io)?;
        let addr = listener.local_addr().map_err(io)?;
        eprintln!("verifier serve: {} on http://{addr} (Ctrl-C stops)", state.venue_name);
        axum::serve(listener, app(state)).with_graceful_shutdown(stop_signal()).await.map_err(io)
    })
}

/// Resolves on Ctrl-C or SIGTERM (for `serve` and `scan` to stop cleanly).
pub async fn stop_signal() {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    let term = async {
        match term.as_mut() {
            Some(t) => {
                t.recv().await;
            }
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serve_messages_exist_in_both_languages() {
        for lang in [Lang::Nb, Lang::En] {
            let m = Messages::new(lang);
            for id in SERVE_MESSAGE_IDS {
                assert_ne!(m.get(id, &[("venue", "x"), ("minutes", "5")]), *id, "{lang:?} lacks {id}");
            }
        }
    }

    #[test]
    fn form_and_multipart_parsing() {
        assert_eq!(form_urlencoded_text(b"text=A%2Fb+c&x=1"), Some("A/b c".into()));
        assert_eq!(form_urlencoded_text(b"text=%ZZ"), None);
        assert_eq!(form_urlencoded_text(b"other=1"), None);
        let body = b"--XX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--XX\r\nContent-Disposition: \
                     form-data; name=\"photo\"; filename=\"p.png\"\r\nContent-Type: image/png\r\n\r\nDATA\r\n--XX--\r\n";
        assert_eq!(multipart_file("multipart/form-data; boundary=XX", body), Some(&b"DATA"[..]));
        assert_eq!(multipart_file("multipart/form-data; boundary=YY", body), None);
    }

    #[test]
    fn accept_language() {
        let mut h = HeaderMap::new();
        assert_eq!(lang_of(&h, Lang::Nb), Lang::Nb);
        h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("de-DE,en-GB;q=0.8,nb;q=0.5"));
        assert_eq!(lang_of(&h, Lang::Nb), Lang::En);
        h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("no,en"));
        assert_eq!(lang_of(&h, Lang::En), Lang::Nb);
    }

    #[test]
    fn garbage_images() {
        assert_eq!(qr_text_from_image(b"hello"), Err(ImageError::NotAnImage));
        assert!(matches!(qr_text_from_image(b"\x89PNG\r\n\x1a\nxx"), Err(ImageError::Broken(_))));
        assert!(matches!(qr_text_from_image(&[0xFF, 0xD8, 0xFF, 0x00]), Err(ImageError::Broken(_))));
    }
}
