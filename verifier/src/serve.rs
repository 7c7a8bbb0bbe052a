//! `verifier serve`: a local web page for a tablet or a second screen on the
//! venue's own network. A text field for a keyboard-wedge scanner, a photo
//! from the device's camera (decoded here), live camera frames where the
//! browser allows it (a secure context such as localhost), and undo. Every
//! paired device shares this station's one redemption log.
//!
//! Every asset is compiled into the binary; the Content-Security-Policy
//! allows nothing from elsewhere and no inline script. POSTs from another
//! site are refused (`Sec-Fetch-Site` / `Origin`), so no other web page can
//! make a browser redeem cards. The access log ([`webkit::access_log`])
//! holds method, route, status and time only: never a scanned text, card
//! number or image. Requests whose `Host` is not one of this station's
//! names are refused before anything else ([`host`]: DNS rebinding).
//! Only a paired device may redeem or undo ([`pairing`]); each visit
//! records its device, and undo shows the device's own last visit (card
//! number and time) for confirmation before it marks it undone; the card
//! number comes from the station's memory of its own answers ([`recent`]),
//! since the log holds only pseudonyms.

pub mod companion;
pub mod host;
pub mod pairing;
pub mod recent;
pub mod status;

use crate::VerifierError;
use crate::devices::Devices;
use crate::i18n::{Lang, Messages, VerdictText};
use crate::image::{ImageError, qr_text_from_image};
use crate::log::RedemptionLog;
use crate::redeem::redeem_as;
use crate::store::VenueStore;
use askama::Template;
use axum::body::Bytes;
use axum::extract::rejection::FormRejection;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use pairing::{PairLimit, PairedDevice};
use shared::Clock;
use std::sync::{Arc, Mutex};
use webkit::headers::SecurityHeaders;

/// Largest uploaded image (a phone photo).
pub const MAX_IMAGE_BYTES: usize = 8 << 20;
/// Largest text form (a scanned line is far shorter).
pub const MAX_FORM_BYTES: usize = 4 << 10;

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
    "serve-companion-yes",
    "serve-companion-no",
    "scan-error",
    "scan-title",
    "scan-at",
    "serve-sound-on",
    "serve-sound-off",
];

/// What the server shares between requests.
pub struct AppState {
    /// Locked after `log` when both are needed; refreshed before each
    /// answer ([`VenueStore::refresh`]).
    store: Mutex<VenueStore>,
    log: Mutex<RedemptionLog>,
    /// The paired devices (the log's file, another connection).
    devices: Mutex<Devices>,
    pair_limit: PairLimit,
    /// Each device's last granted visit and its card number, in memory
    /// only, for an undo's confirmation.
    recent: recent::Recent,
    lang: Lang,
    clock: Box<dyn Clock + Send + Sync>,
    /// The interval of the background updates (`None`: off), for the
    /// status in words ([`status`]).
    updates: Option<std::time::Duration>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").field("lang", &self.lang).finish_non_exhaustive()
    }
}

/// The state as handlers see it.
pub type Shared = Arc<AppState>;

impl AppState {
    /// State for the venue in `store`, recording into `log`, with the
    /// paired `devices`; `lang` is used when the browser asks for neither
    /// Norwegian nor English; `updates` is the interval of the background
    /// updates (`None`: off).
    pub fn new(
        store: VenueStore,
        log: RedemptionLog,
        devices: Devices,
        lang: Lang,
        clock: Box<dyn Clock + Send + Sync>,
        updates: Option<std::time::Duration>,
    ) -> Shared {
        Arc::new(AppState {
            store: Mutex::new(store),
            log: Mutex::new(log),
            devices: Mutex::new(devices),
            pair_limit: PairLimit::default(),
            recent: recent::Recent::default(),
            lang,
            clock,
            updates,
        })
    }

    /// The venue's name in the bundle installed now (a new bundle may rename
    /// it while the page is served).
    fn venue_name(&self) -> String {
        let mut store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        store.refresh(self.clock.now());
        store.venue_name()
    }
}

/// The router with every route and layer.
pub fn app(state: Shared) -> Router {
    let paired = || middleware::from_fn_with_state(state.clone(), pairing::require_device);
    Router::new()
        .route("/", get(index))
        .route("/pair", post(pairing::pair).layer(DefaultBodyLimit::max(MAX_FORM_BYTES)))
        .route("/redeem", post(redeem_text).layer(DefaultBodyLimit::max(MAX_FORM_BYTES)).layer(paired()))
        .route("/undo", post(undo).layer(DefaultBodyLimit::max(MAX_FORM_BYTES)).layer(paired()))
        .route("/companion", post(companion::confirm).layer(DefaultBodyLimit::max(MAX_FORM_BYTES)).layer(paired()))
        .route("/scan-image", post(scan_image).layer(DefaultBodyLimit::max(MAX_IMAGE_BYTES)).layer(paired()))
        .route("/status", get(status::get_status).layer(paired()))
        .route("/app.js", get(|| async { asset("text/javascript; charset=utf-8", APP_JS) }))
        .route("/app.css", get(|| async { asset("text/css; charset=utf-8", APP_CSS) }))
        .fallback(not_found)
        .layer(middleware::from_fn(same_origin))
        .layer(SECURITY_HEADERS.clone())
        .layer(webkit::access_log::AccessLog)
        .with_state(state)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "no-cache")], body).into_response()
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "not found").into_response()
}

/// The browser's language: the Norwegian or English it prefers in
/// `Accept-Language` (q-values honoured), else `default`.
pub fn lang_of(headers: &HeaderMap, default: Lang) -> Lang {
    Lang::negotiate(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok())).unwrap_or(default)
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
    /// When the answer was given, in words ("kl. 14:03", Oslo time): a
    /// screen left as it was still says how old its answer is.
    pub time: String,
    /// For an undo's confirmation (`confirm_undo`): the visit to undo, to
    /// post back as `visit`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visit: Option<i64>,
    /// After a granted visit whose benefit lets a companion in free: the
    /// visit, to post back to `/companion` with the staff's answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub companion_visit: Option<i64>,
}

impl Answer {
    fn from_text(found: bool, valid: bool, code: &str, t: VerdictText) -> Answer {
        Answer {
            found,
            valid,
            code: code.into(),
            headline: t.headline,
            hint: t.hint,
            card: t.card,
            warning: t.warning,
            time: String::new(),
            visit: None,
            companion_visit: None,
        }
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
            time: String::new(),
            visit: None,
            companion_visit: None,
        }
    }
}

/// The labels of the page.
struct Labels {
    label: String,
    submit: String,
    photo: String,
    photo_submit: String,
    camera: String,
    camera_stop: String,
    camera_unavailable: String,
    busy: String,
    undo: String,
    undo_confirm: String,
    companion_yes: String,
    companion_no: String,
    sound_on: String,
    sound_off: String,
}

/// The page (`templates/index.html`).
#[derive(Template)]
#[template(path = "index.html")]
struct Page<'a> {
    lang: &'static str,
    title: String,
    /// `ok`, `no`, `info` or `idle`.
    class: &'static str,
    /// The answer's lines: (class, text), the empty ones left out.
    lines: Vec<(&'static str, &'a str)>,
    /// The visit an undo confirmation is for ("" when none).
    visit: String,
    /// The visit the companion buttons are for ("" when none).
    companion_visit: String,
    /// The update status in words: (class, text).
    status: Vec<(&'static str, String)>,
    t: Labels,
}

/// The page, with `answer` shown (or the "ready" line).
fn page(state: &AppState, lang: Lang, answer: Option<&Answer>) -> Response {
    let m = Messages::of(lang);
    let ready = m.get("serve-ready", &[]);
    let (class, lines) = match answer {
        Some(a) => {
            let class = if a.valid {
                "ok"
            } else if a.found {
                "no"
            } else {
                "info"
            };
            let lines = [
                ("headline", &a.headline),
                ("hint", &a.hint),
                ("card", &a.card),
                ("time", &a.time),
                ("warning", &a.warning),
            ];
            (
                class,
                lines
                    .into_iter()
                    .filter(|(c, l)| *c == "headline" || !l.is_empty())
                    .map(|(c, l)| (c, l.as_str()))
                    .collect(),
            )
        }
        None => ("idle", vec![("headline", ready.as_str())]),
    };
    let t = |id: &str| m.get(id, &[]);
    let page = Page {
        lang: lang.tag(),
        title: m.get("scan-title", &[("venue", &state.venue_name())]),
        class,
        lines,
        visit: answer.and_then(|a| a.visit).map(|v| v.to_string()).unwrap_or_default(),
        companion_visit: answer.and_then(|a| a.companion_visit).map(|v| v.to_string()).unwrap_or_default(),
        status: status::lines(state, lang).into_iter().map(|l| (l.level.class(), l.text)).collect(),
        t: Labels {
            label: t("serve-label"),
            submit: t("serve-submit"),
            photo: t("serve-photo"),
            photo_submit: t("serve-photo-submit"),
            camera: t("serve-camera"),
            camera_stop: t("serve-camera-stop"),
            camera_unavailable: t("serve-camera-unavailable"),
            busy: t("serve-busy"),
            undo: t("serve-undo"),
            undo_confirm: t("undo-confirm-yes"),
            companion_yes: t("serve-companion-yes"),
            companion_no: t("serve-companion-no"),
            sound_on: t("serve-sound-on"),
            sound_off: t("serve-sound-off"),
        },
    };
    match page.render() {
        Ok(html) => Html(html).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

fn respond(state: &AppState, headers: &HeaderMap, lang: Lang, status: StatusCode, mut answer: Answer) -> Response {
    answer.time = answer_time(Messages::of(lang), state.clock.now());
    if wants_json(headers) {
        (status, axum::Json(answer)).into_response()
    } else {
        (status, page(state, lang, Some(&answer))).into_response()
    }
}

/// When an answer given at `now` was given, as the page shows it
/// ("kl. 14:03", Oslo time).
pub fn answer_time(m: &Messages, now: shared::Timestamp) -> String {
    let secs = now.oslo_seconds_of_day();
    m.get("scan-at", &[("time", &format!("{:02}:{:02}", secs / 3600, secs / 60 % 60))])
}

/// The page for a paired device (its cookie renewed), else the pairing page.
async fn index(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let lang = lang_of(&headers, state.lang);
    let Some((_, secret, secure)) = pairing::device_of(&state, &headers).await else {
        return pairing::page(&state, lang, None);
    };
    let mut resp = page(&state, lang, None);
    if let Some((name, value)) = pairing::renewal(&secret, secure) {
        resp.headers_mut().insert(name, value);
    }
    resp
}

/// The form of `POST /redeem`.
#[derive(Debug, serde::Deserialize)]
pub struct TextForm {
    /// The scanned line.
    pub text: String,
}

/// Redeem `text` for `device` on a blocking thread; the answer for the page.
async fn redeem_blocking(state: Shared, device: PairedDevice, text: String, lang: Lang) -> Answer {
    let st = state.clone();
    let joined = tokio::task::spawn_blocking(move || {
        let m = Messages::of(lang);
        let now = st.clock.now();
        let mut log = st.log.lock().unwrap_or_else(|e| e.into_inner());
        let mut store = st.store.lock().unwrap_or_else(|e| e.into_inner());
        match redeem_as(&mut store, &mut log, device.0, &text, now, lang.tag()) {
            Ok(v) => {
                if let (Some(visit), Some(card), Some(at)) = (v.visit, &v.card_number, v.recorded_at) {
                    st.recent.remember(device.0, visit, card, at);
                }
                let mut a = Answer::from_text(true, v.valid, v.code, m.redeem_verdict(&v));
                a.companion_visit = v.visit.filter(|_| v.companion == Some(false));
                a
            }
            Err(e) => Answer::from_text(true, false, e.code(), m.refusal(&e)),
        }
    })
    .await;
    joined.unwrap_or_else(|_| {
        let m = Messages::of(lang);
        Answer::message("error", m.get("scan-error", &[]), String::new())
    })
}

async fn redeem_text(
    State(state): State<Shared>,
    Extension(device): Extension<PairedDevice>,
    headers: HeaderMap,
    form: Result<Form<TextForm>, FormRejection>,
) -> Response {
    let lang = lang_of(&headers, state.lang);
    let text = match form {
        Ok(Form(f)) if well_formed(&f.text) => f.text,
        Err(too_large) if too_large.status() == StatusCode::PAYLOAD_TOO_LARGE => return too_large.into_response(),
        _ => {
            let m = Messages::of(lang);
            let a = Answer::message("bad_request", m.get("serve-ready", &[]), m.get("serve-label", &[]));
            return respond(&state, &headers, lang, StatusCode::BAD_REQUEST, a);
        }
    };
    let answer = redeem_blocking(state.clone(), device, text, lang).await;
    respond(&state, &headers, lang, StatusCode::OK, answer)
}

/// Whether a form's `text` is a scanned line: not blank, and without `%`
/// or U+FFFD, which no card's text holds and which are what a malformed
/// `%` escape or bytes that are not UTF-8 decode to.
fn well_formed(text: &str) -> bool {
    !text.trim().is_empty() && !text.contains(['%', char::REPLACEMENT_CHARACTER])
}

/// The image of `POST /scan-image`: the body itself (the page's script
/// sends the file or the camera frame as it is), or the first file of a
/// `multipart/form-data` form (the page without script). `Err` with the
/// response to give when the body is too large: at once when its
/// `Content-Length` says so, before any of it is read.
async fn uploaded_image(req: Request) -> Result<Result<Bytes, ImageError>, Response> {
    let announced =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > MAX_IMAGE_BYTES as u64) {
        return Err((StatusCode::PAYLOAD_TOO_LARGE, "the photo is too large").into_response());
    }
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        return Bytes::from_request(req, &()).await.map(Ok).map_err(IntoResponse::into_response);
    }
    let Ok(mut form) = Multipart::from_request(req, &()).await else {
        return Ok(Err(ImageError::NotAnImage));
    };
    loop {
        match form.next_field().await {
            Ok(Some(field)) if field.file_name().is_some() => {
                return match field.bytes().await {
                    Ok(bytes) => Ok(Ok(bytes)),
                    Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(e.into_response()),
                    Err(_) => Ok(Err(ImageError::NotAnImage)),
                };
            }
            Ok(Some(_)) => {}
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(e.into_response()),
            Ok(None) | Err(_) => return Ok(Err(ImageError::NotAnImage)),
        }
    }
}

async fn scan_image(
    State(state): State<Shared>,
    Extension(device): Extension<PairedDevice>,
    headers: HeaderMap,
    req: Request,
) -> Response {
    let lang = lang_of(&headers, state.lang);
    let image = match uploaded_image(req).await {
        Ok(image) => image,
        Err(too_large) => return too_large,
    };
    let decoded = match image {
        Ok(bytes) => {
            tokio::task::spawn_blocking(move || qr_text_from_image(&bytes)).await.unwrap_or(Err(ImageError::NotAnImage))
        }
        Err(e) => Err(e),
    };
    let failure = match decoded {
        Ok(text) => {
            let answer = redeem_blocking(state.clone(), device, text, lang).await;
            return respond(&state, &headers, lang, StatusCode::OK, answer);
        }
        Err(e) => e,
    };
    let m = Messages::of(lang);
    match failure {
        ImageError::NoQr => {
            let a = Answer::message("no_qr", m.get("serve-no-qr", &[]), String::new());
            // A live camera frame without a card is normal: 200 for the script.
            let status = if wants_json(&headers) { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
            respond(&state, &headers, lang, status, a)
        }
        e => {
            let a = Answer::message("bad_image", m.get("serve-bad-image", &[]), m.error(&e));
            respond(&state, &headers, lang, StatusCode::UNPROCESSABLE_ENTITY, a)
        }
    }
}

/// The form of `POST /undo`: without `visit`, show the device's last visit
/// for confirmation; with it, undo that visit.
#[derive(Debug, serde::Deserialize)]
pub struct UndoForm {
    /// The visit confirmed (from the confirmation).
    pub visit: Option<String>,
}

/// `POST /undo`: the confirmation (card number and time of this device's
/// last visit; the card type instead of the number when this station did
/// not answer that visit since it started), or with `visit`, the undo of
/// that visit.
async fn undo(
    State(state): State<Shared>,
    headers: HeaderMap,
    Extension(device): Extension<PairedDevice>,
    form: Result<Form<UndoForm>, FormRejection>,
) -> Response {
    let lang = lang_of(&headers, state.lang);
    let confirmed = match form {
        Ok(Form(UndoForm { visit: Some(v) })) => match v.trim().parse::<i64>() {
            Ok(v) => Some(v),
            Err(_) => {
                let m = Messages::of(lang);
                let a = Answer::message("bad_request", m.get("serve-undo-nothing", &[]), String::new());
                return respond(&state, &headers, lang, StatusCode::BAD_REQUEST, a);
            }
        },
        Err(too_large) if too_large.status() == StatusCode::PAYLOAD_TOO_LARGE => return too_large.into_response(),
        _ => None,
    };
    let st = state.clone();
    let answer = tokio::task::spawn_blocking(move || {
        let m = Messages::of(lang);
        let now = st.clock.now();
        let mut log = st.log.lock().unwrap_or_else(|e| e.into_inner());
        let mut store = st.store.lock().unwrap_or_else(|e| e.into_inner());
        store.refresh(now);
        let floor = store.bundle().body().issued_at;
        let result = match confirmed {
            None => log.last_visit(device.0, now, floor),
            Some(visit) => log.undo_visit(device.0, Some(visit), now, floor),
        };
        match result {
            Ok(visit) => {
                let (code, headline) = match confirmed {
                    None => ("confirm_undo", m.undo_confirm(&store, &visit)),
                    Some(_) => ("undone", m.undone(&store, &visit)),
                };
                let card = st.recent.card(device.0, visit.visit, now);
                if confirmed.is_some() {
                    st.recent.forget(device.0);
                }
                let mut a = Answer::message(code, headline, String::new());
                a.card = m.undo_card(&store, &visit, card.as_deref());
                a.found = confirmed.is_some();
                a.valid = confirmed.is_some();
                a.visit = confirmed.is_none().then_some(visit.visit);
                a
            }
            Err(e) => undo_refusal(m, &e),
        }
    })
    .await
    .unwrap_or_else(|_| Answer::message("error", "error".into(), String::new()));
    respond(&state, &headers, lang, StatusCode::OK, answer)
}

/// The answer when there is nothing (more) to undo.
fn undo_refusal(m: &Messages, e: &VerifierError) -> Answer {
    match e {
        VerifierError::NothingToUndo => Answer::message("nothing", m.get("serve-undo-nothing", &[]), String::new()),
        VerifierError::UndoTooLate { window_minutes, .. } => Answer::message(
            "too_late",
            m.format("serve-undo-too-late", &[("minutes", (*window_minutes).into())]),
            String::new(),
        ),
        VerifierError::UndoChanged => Answer::message("changed", m.error(e), String::new()),
        e => match m.station_error(e) {
            Some(t) => Answer::from_text(false, false, e.code(), t),
            None => Answer::message(e.code(), m.get("scan-error", &[]), m.error(e)),
        },
    }
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

/// Headers on every response: nothing from elsewhere, no inline script,
/// the camera for this page only.
pub static SECURITY_HEADERS: SecurityHeaders = SecurityHeaders::new(
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; \
     media-src 'self' blob: mediastream:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    &EXTRA_HEADERS,
);

/// The verifier's headers beyond webkit's.
static EXTRA_HEADERS: [(HeaderName, HeaderValue); 2] = [
    (HeaderName::from_static("cross-origin-resource-policy"), HeaderValue::from_static("same-origin")),
    (
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(self), microphone=(), geolocation=()"),
    ),
];

/// `verifier serve`: listen on `listen` until Ctrl-C or SIGTERM; answer
/// only to this station's names and `allow_hosts` ([`host`]).
pub fn run(
    store: VenueStore,
    log: RedemptionLog,
    listen: &str,
    lang: Lang,
    allow_hosts: &[String],
    updates: Option<std::time::Duration>,
) -> Result<(), VerifierError> {
    let io = |source| VerifierError::Io { path: listen.into(), source };
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().map_err(io)?;
    let started = crate::autoupdate::status::start_line(lang, updates, &store);
    let devices = Devices::open(&log)?;
    let state = AppState::new(store, log, devices, lang, Box::new(keys::SystemClock), updates);
    webkit::init_tracing();
    rt.block_on(async move {
        // Watched from before the address is announced.
        let stop = webkit::shutdown::signal();
        let listener = tokio::net::TcpListener::bind(listen).await.map_err(io)?;
        let addr = listener.local_addr().map_err(io)?;
        eprintln!("verifier serve: {} on http://{addr} (Ctrl-C stops)", state.venue_name());
        eprintln!("verifier serve: {started}");
        print_pairing_code(&state, lang);
        let hosts = Arc::new(host::AllowedHosts::of_this_machine(addr, allow_hosts));
        let app = app(state).layer(middleware::from_fn_with_state(hosts, host::check));
        let limits = webkit::serve::Limits::default();
        webkit::serve::serve(listener, app, limits, stop).await.map_err(io)
    })
}

/// At start in a terminal (not as a service, whose log should hold no
/// code): a pairing code for a first tablet.
fn print_pairing_code(state: &AppState, lang: Lang) {
    use std::io::IsTerminal as _;
    if !std::io::stderr().is_terminal() {
        return;
    }
    let mut devices = state.devices.lock().unwrap_or_else(|e| e.into_inner());
    if let Ok(code) = devices.new_code("", state.clock.now()) {
        let time = crate::oslo_local(code.expires_at);
        eprintln!("{}", Messages::of(lang).get("serve-pair-code", &[("code", &code.code), ("time", &time)]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serve_messages_exist_in_both_languages() {
        for lang in Lang::ALL {
            let m = Messages::of(lang);
            for id in SERVE_MESSAGE_IDS {
                assert_ne!(m.get(id, &[("venue", "x"), ("minutes", "5")]), *id, "{lang:?} lacks {id}");
            }
        }
    }

    #[test]
    fn an_answer_says_when_it_was_given_in_oslo_time() {
        // 13:03:20 UTC in December is 14:03 in Oslo; 12:03 UTC in July too.
        for at in [shared::Timestamp(1_796_562_200), shared::Timestamp(1_783_339_400)] {
            assert_eq!(answer_time(Messages::of(Lang::Nb), at), "kl. 14:03");
            assert_eq!(answer_time(Messages::of(Lang::En), at), "at 14:03");
        }
    }

    #[test]
    fn malformed_forms_are_not_scanned_lines() {
        assert!(well_formed("HTTPS://KORT.EXAMPLE.NO/K#0123"));
        for bad in ["", "  ", "%ZZ%", "a\u{FFFD}b"] {
            assert!(!well_formed(bad), "{bad:?}");
        }
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
}
