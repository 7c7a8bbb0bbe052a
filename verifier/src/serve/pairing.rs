//! Paired devices at `verifier serve` (SPEC §11.8): only a paired browser
//! may redeem or undo. An unpaired one gets the pairing page (`GET /`):
//! the one-time code from `verifier pair` and an optional label, posted to
//! `POST /pair`, which sets the device's cookie and sends it to the page.
//!
//! The cookie holds the device's random secret (the station keeps its
//! hash): `HttpOnly`, `SameSite=Strict`, `Path=/`, `Max-Age` 400 days (the
//! longest browsers keep one; renewed each time the page is loaded). The
//! station speaks plain http on the venue's network, where a `Secure`
//! cookie would not be sent back; so the cookie is `__Host-` prefixed and
//! `Secure` only when the browser came over https (its `Origin` says
//! `https://`, as behind a TLS proxy), and plain otherwise. Either name is
//! read.
//!
//! The pages say `<meta name="referrer" content="same-origin">`: under the
//! server's `Referrer-Policy: no-referrer` a browser sends `Origin: null`
//! with a form's POST, which the same-origin check must refuse; so the
//! pairing form (and the forms of the page without script) carry the
//! page's own origin, and still no referrer leaves for another site.
//!
//! Pairing is rate-limited twice: every wrong code counts against every
//! open code (void after [`crate::devices::MAX_WRONG_TRIES`]), and after
//! [`PAIR_TRIES_PER_MINUTE`] refused tries in a minute (a malformed code
//! aside) the station takes no more until the minute is over (429).

use super::{Answer, Shared, lang_of, respond, wants_json};
use crate::devices::PairError;
use crate::i18n::{Lang, Messages};
use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use std::time::{Duration, Instant};

/// The device cookie on plain http.
pub const COOKIE: &str = "aktivitetskort-device";
/// The device cookie when the browser came over https.
pub const SECURE_COOKIE: &str = "__Host-aktivitetskort-device";
/// How long a browser keeps the cookie (400 days, browsers' cap).
pub const COOKIE_MAX_AGE_SECS: u64 = 400 * 86_400;
/// Refused pairing tries a minute after which the station takes no more.
pub const PAIR_TRIES_PER_MINUTE: u32 = 10;

/// The paired device a request came from (its number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PairedDevice(pub i64);

/// Counts refused pairing tries per minute.
#[derive(Debug)]
pub struct PairLimit {
    window: std::sync::Mutex<(Instant, u32)>,
}

impl Default for PairLimit {
    fn default() -> PairLimit {
        PairLimit { window: std::sync::Mutex::new((Instant::now(), 0)) }
    }
}

impl PairLimit {
    /// Whether a try is taken now.
    fn allow(&self) -> bool {
        let mut w = self.window.lock().unwrap_or_else(|e| e.into_inner());
        if w.0.elapsed() >= Duration::from_secs(60) {
            *w = (Instant::now(), 0);
        }
        w.1 < PAIR_TRIES_PER_MINUTE
    }

    /// Count a refused try.
    fn refused(&self) {
        let mut w = self.window.lock().unwrap_or_else(|e| e.into_inner());
        w.1 = w.1.saturating_add(1);
    }
}

/// The device secret in the request's cookies, and whether it came in the
/// `__Host-` cookie.
fn secret_of(headers: &HeaderMap) -> Option<(String, bool)> {
    let cookies = headers.get_all(header::COOKIE).into_iter().filter_map(|v| v.to_str().ok());
    cookies.flat_map(|c| c.split(';')).find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        match name {
            SECURE_COOKIE => Some((value.to_string(), true)),
            COOKIE => Some((value.to_string(), false)),
            _ => None,
        }
    })
}

/// The `Set-Cookie` value for `secret`.
fn cookie(secret: &str, secure: bool) -> Option<HeaderValue> {
    let (name, extra) = if secure { (SECURE_COOKIE, "; Secure") } else { (COOKIE, "") };
    let value = format!("{name}={secret}; Path=/; HttpOnly; SameSite=Strict; Max-Age={COOKIE_MAX_AGE_SECS}{extra}");
    HeaderValue::from_str(&value).ok()
}

/// The paired device of a request, if its cookie names one not revoked;
/// with the secret and its cookie kind (to renew it).
pub async fn device_of(state: &Shared, headers: &HeaderMap) -> Option<(PairedDevice, String, bool)> {
    let (secret, secure) = secret_of(headers)?;
    let st = state.clone();
    let lookup = secret.clone();
    let found = tokio::task::spawn_blocking(move || {
        let devices = st.devices.lock().unwrap_or_else(|e| e.into_inner());
        devices.device_of(&lookup)
    })
    .await;
    match found {
        Ok(Ok(Some(id))) => Some((PairedDevice(id), secret, secure)),
        _ => None,
    }
}

/// The header that renews a paired device's cookie.
pub fn renewal(secret: &str, secure: bool) -> Option<(header::HeaderName, HeaderValue)> {
    cookie(secret, secure).map(|v| (header::SET_COOKIE, v))
}

/// Middleware for the routes that redeem or undo: refuse a request
/// without a paired device's cookie (403, the pairing page or JSON that
/// says how to pair), else hand the handler its [`PairedDevice`].
pub async fn require_device(State(state): State<Shared>, mut req: Request, next: Next) -> Response {
    match device_of(&state, req.headers()).await {
        Some((device, ..)) => {
            req.extensions_mut().insert(device);
            next.run(req).await
        }
        None => {
            let headers = req.headers().clone();
            let lang = lang_of(&headers, state.lang);
            let m = Messages::of(lang);
            let a = Answer::message("not_paired", m.get("serve-not-paired", &[]), m.get("serve-not-paired-hint", &[]));
            if wants_json(&headers) {
                respond(&state, &headers, lang, StatusCode::FORBIDDEN, a)
            } else {
                (StatusCode::FORBIDDEN, page(&state, lang, Some((&a.headline, "no")))).into_response()
            }
        }
    }
}

/// The pairing page (`templates/pair.html`).
#[derive(Template)]
#[template(path = "pair.html")]
struct PairPage {
    lang: &'static str,
    title: String,
    heading: String,
    intro: String,
    /// The message of a refused try, and its class (`no`), if any.
    message: String,
    class: &'static str,
    code: String,
    label: String,
    submit: String,
}

/// The pairing page, with `message` (text, class) shown.
pub fn page(state: &Shared, lang: Lang, message: Option<(&str, &'static str)>) -> Response {
    let m = Messages::of(lang);
    let (message, class) = message.map_or((String::new(), "idle"), |(t, c)| (t.to_string(), c));
    let p = PairPage {
        lang: lang.tag(),
        title: m.get("scan-title", &[("venue", &state.venue_name())]),
        heading: m.get("pair-title", &[]),
        intro: m.get("pair-intro", &[]),
        message,
        class,
        code: m.get("pair-code", &[]),
        label: m.get("pair-label", &[]),
        submit: m.get("pair-submit", &[]),
    };
    match p.render() {
        Ok(html) => Html(html).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The form of `POST /pair`.
#[derive(Debug, serde::Deserialize)]
pub struct PairForm {
    /// The code as typed.
    pub code: String,
    /// The device's label (optional).
    #[serde(default)]
    pub label: String,
}

/// `POST /pair`: a right code sets the device cookie and sends the browser
/// to the page (303); a wrong one shows the pairing page again with why.
pub async fn pair(
    State(state): State<Shared>,
    headers: HeaderMap,
    form: Result<Form<PairForm>, FormRejection>,
) -> Response {
    let lang = lang_of(&headers, state.lang);
    let m = Messages::of(lang);
    if !state.pair_limit.allow() {
        let text = m.get("pair-too-many", &[]);
        return (StatusCode::TOO_MANY_REQUESTS, page(&state, lang, Some((&text, "no")))).into_response();
    }
    let form = match form {
        Ok(Form(f)) => f,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return e.into_response(),
        Err(_) => PairForm { code: String::new(), label: String::new() },
    };
    let secure = headers.get(header::ORIGIN).is_some_and(|o| o.as_bytes().starts_with(b"https://"));
    let st = state.clone();
    let paired = tokio::task::spawn_blocking(move || {
        let mut devices = st.devices.lock().unwrap_or_else(|e| e.into_inner());
        devices.pair(&form.code, &form.label, st.clock.now())
    })
    .await;
    let refusal = match paired {
        Ok(Ok(p)) => {
            let mut resp = (StatusCode::SEE_OTHER, [(header::LOCATION, "/")]).into_response();
            if let Some((name, value)) = renewal(&p.secret, secure) {
                resp.headers_mut().insert(name, value);
            }
            return resp;
        }
        Ok(Err(e)) => e,
        Err(_) => PairError::NoCode,
    };
    if !matches!(refusal, PairError::Malformed) {
        state.pair_limit.refused();
    }
    let status = match &refusal {
        PairError::Malformed => StatusCode::BAD_REQUEST,
        PairError::Station(_) => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::FORBIDDEN,
    };
    let text = m.error(&refusal);
    (status, page(&state, lang, Some((&text, "no")))).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_read_by_either_name_and_set_strict() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_static("a=b; aktivitetskort-device=abc"));
        assert_eq!(secret_of(&h), Some(("abc".into(), false)));
        h.insert(header::COOKIE, HeaderValue::from_static("__Host-aktivitetskort-device=def"));
        assert_eq!(secret_of(&h), Some(("def".into(), true)));
        h.insert(header::COOKIE, HeaderValue::from_static("xaktivitetskort-device=abc"));
        assert_eq!(secret_of(&h), None);
        let plain = cookie("abc", false).expect("cookie");
        assert_eq!(plain, "aktivitetskort-device=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=34560000");
        let secure = cookie("abc", true).expect("cookie");
        assert!(secure.to_str().expect("ascii").starts_with("__Host-aktivitetskort-device=abc; Path=/; HttpOnly"));
        assert!(secure.to_str().expect("ascii").ends_with("; Secure"));
    }

    #[test]
    fn the_station_takes_no_tries_after_ten_refused_in_a_minute() {
        let limit = PairLimit::default();
        for _ in 0..PAIR_TRIES_PER_MINUTE {
            assert!(limit.allow());
            limit.refused();
        }
        assert!(!limit.allow());
    }
}
