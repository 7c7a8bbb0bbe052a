//! The JSON API for agencies' own systems: log in, issue cards, log out.
//!
//! - `POST /api/v1/login` `{"username", "password"}` → `200 {"token", …}`:
//!   a server-side session like the browser's (the same throttling by
//!   address, answered `429` with `Retry-After`; the same idle and absolute
//!   timeouts), its id returned as a bearer token.
//! - `POST /api/v1/cards` with `Authorization: Bearer TOKEN` and
//!   `{"card_type": 1, "count": 1, "valid_from"?, "valid_until"?, "qr"?}` →
//!   `201 {"cards": [{card_number, qr_text, url, card_type, …, journal_note}]}`.
//!   Caseworkers only. The cards are counted (never stored) before the
//!   answer is sent.
//! - `POST /api/v1/logout` with the bearer token → `204`.
//!
//! The API takes no cookies, only the `Authorization` header, which a
//! browser never adds by itself: so no cross-site request can use it and
//! it needs no CSRF token. Bodies must be `application/json` and at most
//! [`MAX_BODY`] bytes. Errors are `{"error": CODE, "message": TEXT}` with
//! the text in the `Accept-Language` language (bokmål or English).

use super::Shared;
use super::issue::{journal_note, refusal};
use crate::accounts::{ABSOLUTE_TIMEOUT_SECS, AuthError, IDLE_TIMEOUT_SECS, Role, SessionUser};
use crate::i18n::{Lang, Messages};
use crate::issue::{IssueRequest, QrForm, issue_cards};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, State};
use axum::http::{Extensions, HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use shared::model::name_in;
use shared::{CardTypeId, Day};
use std::net::SocketAddr;

/// Largest request body the API reads.
pub const MAX_BODY: usize = 16 * 1024;

/// An API error: status, a stable code for programs, a message for people.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    /// Logged server-side only (internal errors).
    detail: Option<String>,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, code: &'static str, message: String) -> ApiError {
        ApiError { status, code, message, detail: None }
    }

    pub(crate) fn internal(t: &Messages, detail: impl std::fmt::Display) -> ApiError {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "internal",
            message: t.get("error-internal"),
            detail: Some(detail.to_string()),
        }
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    message: &'a str,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Some(detail) = &self.detail {
            tracing::error!(error = %detail, "internal error");
        }
        json(self.status, &ErrorBody { error: self.code, message: &self.message })
    }
}

pub(crate) fn json(status: StatusCode, body: &impl Serialize) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => (status, [(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "internal error: JSON");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

pub(crate) fn lang(headers: &HeaderMap) -> (Lang, &'static Messages) {
    let lang = Lang::negotiate(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok())).unwrap_or_default();
    (lang, Messages::of(lang))
}

/// Read a JSON object body of type `T` (the route's limit is `max` bytes),
/// or say what is wrong with it.
pub(crate) fn json_body<T: for<'de> Deserialize<'de>>(
    t: &Messages,
    headers: &HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
    max: usize,
) -> Result<T, ApiError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "json_only", t.get("api-json-only")));
    }
    // The route's body limit stops a longer body while it is read.
    let bytes = bytes.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            t.get_with("api-too-large", &[("max", &max.to_string())]),
        ),
        _ => ApiError::new(StatusCode::BAD_REQUEST, "bad_body", t.get("error-bad-request")),
    })?;
    // A struct would also be read from an array (serde's sequence form):
    // only an object is a request.
    if bytes.trim_ascii_start().first() != Some(&b'{') {
        let what = "expected a JSON object";
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "bad_json", t.get_with("api-bad-json", &[("what", what)])));
    }
    serde_json::from_slice(&bytes).map_err(|e| {
        // serde's message names the field and what it expected; it never
        // echoes a value (so never a password).
        let what = e.to_string();
        ApiError::new(StatusCode::BAD_REQUEST, "bad_json", t.get_with("api-bad-json", &[("what", &what)]))
    })
}

/// The user of the request's bearer token, if the session is alive.
fn bearer_user(state: &Shared, t: &Messages, headers: &HeaderMap) -> Result<(String, SessionUser), ApiError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|v| !v.is_empty() && v.len() <= 200);
    let unauthorized = || ApiError::new(StatusCode::UNAUTHORIZED, "login_required", t.get("api-login-required"));
    let token = token.ok_or_else(unauthorized)?;
    let user = state.store().accounts().session(token, state.now()).map_err(|e| ApiError::internal(t, e))?;
    let user = user.ok_or_else(unauthorized)?;
    if user.must_change_password {
        return Err(password_change_required(t));
    }
    Ok((token.to_string(), user))
}

/// The user must first choose their own password in the browser.
fn password_change_required(t: &Messages) -> ApiError {
    ApiError::new(StatusCode::FORBIDDEN, "password_change_required", t.get("api-password-change-required"))
}

/// `POST /api/v1/login`'s body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LoginBody {
    username: String,
    password: String,
}

#[derive(Serialize)]
struct LoginAnswer {
    token: String,
    role: Role,
    idle_timeout_secs: i64,
    absolute_timeout_secs: i64,
}

/// `POST /api/v1/login`.
pub async fn login(
    State(state): State<Shared>,
    peer: Extensions,
    headers: HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let (_, t) = lang(&headers);
    let b: LoginBody = json_body(t, &headers, bytes, MAX_BODY)?;
    let peer = peer.get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    let client = super::ctx::client_address(&state, &headers, peer);
    let username: String = b.username.trim().chars().take(64).collect();
    let client = crate::accounts::LoginClient { address: &client, device: None };
    match state.login(&username, &b.password, client, state.now()).await {
        Ok(session) if session.user.must_change_password => {
            state.store().accounts().logout(&session.id).map_err(|e| ApiError::internal(t, e))?;
            Err(password_change_required(t))
        }
        Ok(session) => Ok(json(
            StatusCode::OK,
            &LoginAnswer {
                token: session.id,
                role: session.user.role,
                idle_timeout_secs: IDLE_TIMEOUT_SECS,
                absolute_timeout_secs: ABSOLUTE_TIMEOUT_SECS,
            },
        )),
        Err(AuthError::BadCredentials) => {
            Err(ApiError::new(StatusCode::UNAUTHORIZED, "bad_credentials", t.get("login-failed")))
        }
        Err(AuthError::Throttled { seconds }) => {
            let message = super::pages::throttled_text(t, seconds);
            let mut res = ApiError::new(StatusCode::TOO_MANY_REQUESTS, "throttled", message).into_response();
            res.headers_mut().insert(header::RETRY_AFTER, seconds.into());
            Ok(res)
        }
        Err(e) => Err(ApiError::internal(t, e)),
    }
}

/// `POST /api/v1/logout`: ends the bearer token's session.
pub async fn logout(State(state): State<Shared>, headers: HeaderMap) -> Result<Response, ApiError> {
    let (_, t) = lang(&headers);
    let (token, _) = bearer_user(&state, t, &headers)?;
    state.store().accounts().logout(&token).map_err(|e| ApiError::internal(t, e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /api/v1/cards`'s body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CardsBody {
    card_type: u16,
    #[serde(default = "one")]
    count: u32,
    #[serde(default)]
    valid_from: Option<String>,
    #[serde(default)]
    valid_until: Option<String>,
    /// `url` (default, as on printed cards) or `token`: what the QR text holds.
    #[serde(default)]
    qr: Option<String>,
}

fn one() -> u32 {
    1
}

#[derive(Serialize)]
struct CardOut {
    card_number: String,
    qr_text: String,
    url: String,
    card_type: u16,
    card_type_name: String,
    valid_from: String,
    valid_until: String,
    journal_note: String,
}

#[derive(Serialize)]
struct CardsAnswer {
    cards: Vec<CardOut>,
}

/// `POST /api/v1/cards`: issue cards (caseworkers).
pub async fn cards(
    State(state): State<Shared>,
    headers: HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let (lang, t) = lang(&headers);
    let (_, user) = bearer_user(&state, t, &headers)?;
    if user.role != Role::Caseworker {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "forbidden", t.get("api-caseworkers-only")));
    }
    let b: CardsBody = json_body(t, &headers, bytes, MAX_BODY)?;
    let bad_date = || ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad_date", t.get("issue-error-date"));
    let day = |s: &Option<String>| s.as_deref().map(|s| Day::parse(s.trim()).map_err(|_| bad_date())).transpose();
    let qr_form = match b.qr.as_deref() {
        None => QrForm::default(),
        Some(code) => QrForm::from_code(code)
            .ok_or_else(|| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad_qr", t.get("api-bad-qr")))?,
    };
    let req = IssueRequest {
        card_type: CardTypeId(b.card_type),
        count: b.count,
        valid_from: day(&b.valid_from)?,
        valid_until: day(&b.valid_until)?,
        qr_form,
    };
    let now = state.now();
    let signed = {
        let store = state.store();
        issue_cards(store.catalogue(), store.ring(), &req, now.oslo_day()).map(|cards| {
            let name = store.catalogue().card_type(req.card_type).map(|ct| name_in(&ct.names, lang.tag()).to_string());
            (cards, name.unwrap_or_default())
        })
    };
    let (cards, card_type_name) = signed.map_err(|e| match refusal(t, &e) {
        Some((code, message)) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message),
        None => ApiError::internal(t, e),
    })?;
    let agency = user.agency_id.unwrap_or(0);
    // Counted (never stored) before the cards are handed out.
    state
        .record_issuance(req.card_type, req.count, agency, &user.username, now)
        .await
        .map_err(|e| ApiError::internal(t, e))?;
    let cards = cards
        .into_iter()
        .map(|c| CardOut {
            journal_note: journal_note(t, &c, &card_type_name),
            card_number: c.card_number,
            qr_text: c.qr_text,
            url: c.url,
            card_type: c.card_type,
            card_type_name: card_type_name.clone(),
            valid_from: c.valid_from,
            valid_until: c.valid_until,
        })
        .collect();
    Ok(json(StatusCode::CREATED, &CardsAnswer { cards }))
}
