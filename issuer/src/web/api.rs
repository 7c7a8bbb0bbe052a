//! The JSON API for agencies' own systems: log in, issue cards, log out.
//!
//! - `POST /api/v1/login` `{"username", "password"}` → `200 {"token", …}`:
//!   a caseworker's API token (its own kind, not a browser session; see
//!   [`crate::store::Accounts::api_user`]) that ends like a session (30
//!   minutes unused, 12 hours at most); the same throttling as the
//!   browser's login by address, answered `429` with `Retry-After`.
//!   Administrators get `403 forbidden`. A caseworker can also name a
//!   longer-lived token at `/account/api-tokens`.
//! - `POST /api/v1/cards` with `Authorization: Bearer TOKEN` (the scheme's
//!   name in any case) and
//!   `{"card_type": 1, "count": 1, "valid_from"?, "valid_until"?, "qr"?, "period"?}` →
//!   `201 {"cards": [{card_number, qr_text, url, card_type, …, journal_note}]}`.
//!   Caseworkers only. The cards are counted (never stored) before the
//!   answer is sent. For a card type with the duplicate check
//!   ([`crate::duplicates`]), also `"national_id"` (the child's 11 digits;
//!   refused for other card types), and to hand out a second card anyway
//!   `"override": "lost_card"` (with `"old_card_number"`, which is blocked)
//!   or `"assessed_exception"`; a refused duplicate is `409 {"error":
//!   "duplicate"}`.
//! - `POST /api/v1/logout` with the bearer token → `204`: the token ends.
//!
//! The API takes no cookies, only the `Authorization` header, which a
//! browser never adds by itself: so no cross-site request can use it and
//! it needs no CSRF token. Bodies must be `application/json` and at most
//! [`MAX_BODY`] bytes. Errors are `{"error": CODE, "message": TEXT}` with
//! the text in the `Accept-Language` language (bokmål or English).

use super::Shared;
use super::issue::{journal_note, refusal};
use crate::accounts::{ABSOLUTE_TIMEOUT_SECS, ApiUser, AuthError, IDLE_TIMEOUT_SECS, LoginClient, NewApiToken, Role};
use crate::i18n::{Lang, Messages};
use crate::issue::{IssueRequest, QrForm, prepare};
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

/// The token of an `Authorization: Bearer TOKEN` header (the scheme's name
/// in any case, RFC 9110 §11.1).
fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim_start().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty() && token.len() <= 200).then_some(token)
}

/// The caseworker of the request's API token, if it is alive.
fn bearer_user(state: &Shared, t: &Messages, headers: &HeaderMap) -> Result<ApiUser, ApiError> {
    let unauthorized = || ApiError::new(StatusCode::UNAUTHORIZED, "login_required", t.get("api-login-required"));
    let token = bearer_token(headers).ok_or_else(unauthorized)?;
    let user = state.store().accounts().api_user(token, state.now()).map_err(|e| ApiError::internal(t, e))?;
    user.ok_or_else(unauthorized)
}

impl super::AppState {
    /// `POST /api/v1/login`: checked and throttled as a browser login (the
    /// password off the async workers, without the store's lock), answered
    /// with an API token.
    pub async fn api_login(
        &self,
        username: &str,
        password: &str,
        client: LoginClient<'_>,
        now: shared::Timestamp,
    ) -> Result<NewApiToken, AuthError> {
        let _permit = self.password_permit().await?;
        let attempt = self.store().accounts().login_begin(username, client, now)?;
        let password = password.to_string();
        let (attempt, ok) = super::off_workers(move || {
            let ok = attempt.password_ok(&password);
            (attempt, ok)
        })
        .await?;
        self.store().accounts().api_login_finish(attempt, ok, now)
    }
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
    let client = LoginClient { address: &client, device: None };
    match state.api_login(&username, &b.password, client, state.now()).await {
        Ok(token) => Ok(json(
            StatusCode::OK,
            &LoginAnswer {
                token: token.token,
                role: Role::Caseworker,
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
        Err(AuthError::CaseworkersOnly) => {
            Err(ApiError::new(StatusCode::FORBIDDEN, "forbidden", t.get("api-caseworkers-only")))
        }
        Err(AuthError::PasswordChangeRequired) => Err(password_change_required(t)),
        Err(e) => Err(ApiError::internal(t, e)),
    }
}

/// `POST /api/v1/logout`: ends the bearer token's session.
pub async fn logout(State(state): State<Shared>, headers: HeaderMap) -> Result<Response, ApiError> {
    let (_, t) = lang(&headers);
    let user = bearer_user(&state, t, &headers)?;
    state.store().accounts().end_api_token(user.token_id).map_err(|e| ApiError::internal(t, e))?;
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
    /// The period (year) the cards are for, e.g. next year's; default: the
    /// card type's current one.
    #[serde(default)]
    period: Option<i32>,
    /// The child's national identity number, for a card type with the
    /// duplicate check (wiped once read).
    #[serde(default)]
    national_id: Option<String>,
    /// An override reason of the duplicate check.
    #[serde(default, rename = "override")]
    override_reason: Option<String>,
    /// The lost card's number, with `"override": "lost_card"`.
    #[serde(default)]
    old_card_number: Option<String>,
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
    // From here on the counter's writer may wait a moment for this
    // request's count before committing (group commit; dropped on a refusal).
    let announced = state.announce_issuance();
    let user = bearer_user(&state, t, &headers)?;
    let mut b: CardsBody = json_body(t, &headers, bytes, MAX_BODY)?;
    let check_input = crate::duplicates::CheckInput {
        national_id: zeroize::Zeroizing::new(b.national_id.take().unwrap_or_default()),
        reason: b.override_reason.take().unwrap_or_default(),
        old_card: b.old_card_number.take().unwrap_or_default(),
    };
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
        period: b.period,
    };
    let now = state.now();
    // Checked and its key found under the store's lock; signed after it
    // is let go (the other worker may use the store meanwhile).
    let prepared = {
        let store = state.store();
        prepare(store.catalogue(), store.ring(), &req, now.oslo_day()).map(|prepared| {
            let name = store.catalogue().card_type(req.card_type).map(|ct| name_in(&ct.names, lang.tag()).to_string());
            (prepared, name.unwrap_or_default())
        })
    };
    let signed = prepared.and_then(|(prepared, name)| prepared.sign().map(|cards| (cards, name)));
    let refused = |e: crate::IssuerError| match refusal(t, &e) {
        Some(("duplicate", message)) => {
            let message = format!("{message} {}", t.get("dup-override-api"));
            ApiError::new(StatusCode::CONFLICT, "duplicate", message)
        }
        Some((code, message)) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message),
        None => ApiError::internal(t, e),
    };
    let (cards, card_type_name) = signed.map_err(refused)?;
    let agency = user.agency_id.unwrap_or(0);
    let recorded = super::duplicates::check(&state, &cards, req.card_type, &check_input, (agency, &user.username), now)
        .map_err(refused)?;
    drop(check_input);
    // Counted (never stored) before the cards are handed out.
    if let Err(e) = state.record_announced(announced, req.card_type, req.count, (agency, &user.username), now).await {
        super::duplicates::take_back(&state, &recorded);
        return Err(ApiError::internal(t, e));
    }
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
