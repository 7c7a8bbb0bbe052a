//! Per-request context: language, logged-in user, CSRF, client address.

use super::Shared;
use super::error::{AppError, AppErrorKind};
use crate::accounts::{DEVICE_LIFETIME_SECS, LoginClient, Role, SessionUser, tokens_equal};
use crate::i18n::{Lang, Messages};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;
use std::net::{IpAddr, SocketAddr};

/// Session cookie: `__Host-` (Secure, Path=/, no Domain), HttpOnly,
/// SameSite=Strict, no expiry (ends with the browser; the server ends it
/// after 30 minutes idle or 12 hours).
pub const SESSION_COOKIE: &str = "__Host-session";
/// Double-submit CSRF cookie for the forms shown before login.
pub const CSRF_COOKIE: &str = "__Host-csrf";
/// A notice for the next page after a form was accepted (post/redirect/get:
/// a reload of that page does not send the form again).
pub const FLASH_COOKIE: &str = "__Host-flash";
/// Longest notice carried (characters).
const MAX_FLASH_CHARS: usize = 400;
/// Device cookie (OWASP's "device cookies"): set at a successful login, it
/// makes this browser a known device of the account, throttled on its own
/// (see [`crate::store::accounts`]'s login). `__Host-`, HttpOnly,
/// SameSite=Strict, kept for [`DEVICE_LIFETIME_SECS`].
pub const DEVICE_COOKIE: &str = "__Host-device";
/// The chosen language (a preference, not a secret).
pub const LANG_COOKIE: &str = "lang";

/// What every handler needs to know about the request.
#[derive(Debug)]
pub struct Ctx {
    /// Page language.
    pub lang: Lang,
    /// Messages in that language.
    pub t: &'static Messages,
    /// The logged-in user, if any.
    pub user: Option<SessionUser>,
    /// The session id from the cookie (to log out).
    pub session_id: Option<String>,
    /// The pre-login CSRF cookie's value.
    pub pre_csrf: Option<String>,
    /// Client address (for login throttling).
    pub client: String,
    /// The device cookie's token (for login throttling).
    pub device: Option<String>,
    /// `?lang=` asked for a language: remember it in a cookie.
    pub chosen_lang: Option<Lang>,
    /// The notice left by the form that redirected here, if any.
    pub flash: Option<String>,
    /// The request's path (no query), for the navigation's current page.
    pub path: String,
}

/// A cookie's value from the request, if present, non-empty and at most
/// `max_len` bytes.
fn cookie_of<'a>(parts: &'a Parts, name: &str, max_len: usize) -> Option<&'a str> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty() && v.len() <= max_len)
}

fn cookie<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    cookie_of(parts, name, 200)
}

/// The flash notice from its cookie (percent-encoded text).
fn flash(parts: &Parts) -> Option<String> {
    let raw = cookie_of(parts, FLASH_COOKIE, MAX_FLASH_CHARS * 12)?;
    let text: String = form_urlencoded::parse(format!("n={raw}").as_bytes())
        .find(|(k, _)| k == "n")
        .map(|(_, v)| v.chars().take(MAX_FLASH_CHARS).collect())?;
    (!text.trim().is_empty()).then_some(text)
}

/// `303 See Other` to `location`, carrying `notice` for the page there.
pub fn see_other(location: &str, notice: &str) -> axum::response::Response {
    use axum::response::IntoResponse as _;
    let text: String = notice.chars().take(MAX_FLASH_CHARS).collect();
    let encoded: String = form_urlencoded::byte_serialize(text.as_bytes()).collect();
    let cookie = format!("{FLASH_COOKIE}={encoded}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=60");
    let mut res = axum::response::Redirect::to(location).into_response();
    if let Ok(v) = axum::http::HeaderValue::from_str(&cookie) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

/// `Set-Cookie` that removes the flash notice once shown.
pub fn clear_flash_cookie() -> String {
    format!("{FLASH_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0")
}

impl FromRequestParts<Shared> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Ctx, AppError> {
        let chosen_lang =
            parts.uri.query().and_then(|q| q.split('&').find_map(|p| p.strip_prefix("lang="))).and_then(Lang::from_tag);
        let lang = chosen_lang.or_else(|| cookie(parts, LANG_COOKIE).and_then(Lang::from_tag)).unwrap_or_else(|| {
            Lang::negotiate(parts.headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()))
                .unwrap_or_default()
        });
        let session_id = cookie(parts, SESSION_COOKIE).map(str::to_string);
        let user = match &session_id {
            Some(id) => state.store().accounts().session(id, state.now()).map_err(|e| AppError::internal(lang, e))?,
            None => None,
        };
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
        let client = client_address(state, &parts.headers, peer);
        Ok(Ctx {
            lang,
            t: Messages::of(lang),
            user,
            session_id,
            pre_csrf: cookie(parts, CSRF_COOKIE).map(str::to_string),
            client,
            device: cookie(parts, DEVICE_COOKIE).map(str::to_string),
            chosen_lang,
            flash: flash(parts),
            path: parts.uri.path().chars().take(200).collect(),
        })
    }
}

/// The client's address for login throttling: the connection's peer, or,
/// when it is one of the configured reverse proxies, the address they
/// appended to `X-Forwarded-For` ([`crate::proxies`]; the entries a client
/// wrote itself are not believed). An IPv6 address stands for its /64
/// (one subscriber's network), so a client cannot step around the
/// per-address limit by changing the low bits.
pub fn client_address(state: &Shared, headers: &axum::http::HeaderMap, peer: Option<SocketAddr>) -> String {
    let forwarded = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
    let client = match (&state.proxies, peer) {
        (Some(proxies), Some(peer)) => Some(proxies.client(peer.ip(), forwarded)),
        (_, peer) => peer.map(|p| p.ip().to_canonical()),
    };
    match client {
        Some(IpAddr::V6(ip)) => {
            let s = ip.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Some(ip) => ip.to_string(),
        None => "unknown".into(),
    }
}

impl Ctx {
    /// Who is logging in, for throttling.
    pub fn login_client(&self) -> LoginClient<'_> {
        LoginClient { address: &self.client, device: self.device.as_deref() }
    }

    /// An error page in this request's language.
    pub fn error(&self, kind: AppErrorKind) -> AppError {
        AppError { kind, lang: self.lang }
    }

    /// An internal error, logged with `detail`.
    pub fn internal(&self, detail: impl std::fmt::Display) -> AppError {
        AppError::internal(self.lang, detail)
    }

    /// The logged-in user, or a redirect to the login page (or to the
    /// change-password page while the user must choose a new password).
    pub fn user(&self) -> Result<&SessionUser, AppError> {
        let user = self.account_user()?;
        if user.must_change_password { Err(self.error(AppErrorKind::PasswordChangeRequired)) } else { Ok(user) }
    }

    /// The logged-in user, even one who must still change their password
    /// (for their account pages and logout), or a redirect to the login page.
    pub fn account_user(&self) -> Result<&SessionUser, AppError> {
        self.user.as_ref().ok_or_else(|| self.error(AppErrorKind::LoginRequired))
    }

    /// The logged-in user if they have `role`; 403 otherwise.
    pub fn require(&self, role: Role) -> Result<&SessionUser, AppError> {
        let user = self.user()?;
        if user.role == role { Ok(user) } else { Err(self.error(AppErrorKind::Forbidden)) }
    }

    /// Check a POSTed CSRF token: the session's if logged in, else the
    /// pre-login cookie's (double submit). Runs before a handler does
    /// anything else.
    pub fn check_csrf(&self, submitted: &str) -> Result<(), AppError> {
        let expected = match &self.user {
            Some(u) => Some(u.csrf.as_str()),
            None => self.pre_csrf.as_deref(),
        };
        match expected {
            Some(e) if !submitted.is_empty() && tokens_equal(e, submitted) => Ok(()),
            _ => Err(self.error(AppErrorKind::Csrf)),
        }
    }
}

/// `Set-Cookie` for a session id.
pub fn session_cookie(id: &str) -> String {
    format!("{SESSION_COOKIE}={id}; Path=/; Secure; HttpOnly; SameSite=Strict")
}

/// `Set-Cookie` for the device cookie.
pub fn device_cookie(token: &str) -> String {
    format!("{DEVICE_COOKIE}={token}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age={DEVICE_LIFETIME_SECS}")
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_session_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0")
}

/// `Set-Cookie` for the pre-login CSRF token.
pub fn csrf_cookie(token: &str) -> String {
    format!("{CSRF_COOKIE}={token}; Path=/; Secure; HttpOnly; SameSite=Strict")
}

/// `Set-Cookie` remembering the chosen language for a year.
pub fn lang_cookie(lang: Lang) -> String {
    format!("{LANG_COOKIE}={}; Path=/; Secure; SameSite=Lax; Max-Age=31536000", lang.tag())
}
