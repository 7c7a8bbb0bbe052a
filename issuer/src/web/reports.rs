//! What venues send the issuer (SPEC §13.4), without login or cookies:
//!
//! - `POST /venue-keys`, JSON `{"venue_id", "public_key", "registration"}`
//!   (at most [`MAX_KEY_BODY`] bytes): registers a venue installation's
//!   key with the single-use registration code of the venue's set-up code,
//!   which approves it. Without a valid code nothing is written: a stranger
//!   on the internet cannot fill the list or block a venue.
//! - `POST /reports`, the report file (at most
//!   [`shared::report::MAX_REPORT_BYTES`]): verified, then stored as counts
//!   if its key is approved for its venue.
//!
//! Answers are JSON; errors are `{"error": CODE, "message": TEXT}` with the
//! text in the `Accept-Language` language. Neither the report's content nor
//! a key is logged: only the access log's path and status.

use super::Shared;
use super::api::{ApiError, json, json_body, lang};
use crate::i18n::Messages;
use crate::usage::{KeyStatus, Stored, UsageError};
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use shared::report::{MAX_REPORT_BYTES, ReportError, verify_report};
use shared::setup::RegistrationCode;

/// Largest `POST /venue-keys` body.
pub const MAX_KEY_BODY: usize = 4 * 1024;
/// Largest `POST /reports` body read: a report file at most, plus a margin
/// so that a slightly larger file gets the report's own `too_large`.
pub const MAX_REPORT_BODY: usize = MAX_REPORT_BYTES + 4 * 1024;

/// An answer to a report: status, code (`stored`, `older` or an error
/// code) and a message for people.
#[derive(Debug)]
pub struct ReportAnswer {
    /// HTTP status.
    pub status: StatusCode,
    /// `stored`, `older`, or the error code.
    pub code: &'static str,
    /// For people, in the requested language.
    pub message: String,
    /// Rows stored (for `stored`).
    pub rows: Option<usize>,
    /// The report id (when the report was readable).
    pub report_id: Option<String>,
    /// Logged, never shown (internal errors).
    pub detail: Option<String>,
}

impl ReportAnswer {
    fn refused(status: StatusCode, code: &'static str, message: String) -> ReportAnswer {
        ReportAnswer { status, code, message, rows: None, report_id: None, detail: None }
    }

    /// Whether the report is (now or already) stored.
    pub fn ok(&self) -> bool {
        self.status == StatusCode::OK
    }
}

/// Verify `bytes` at `now` and store the report: the same steps and
/// answers for `POST /reports` and the administrator's upload.
pub fn receive_report(state: &Shared, t: &Messages, bytes: &[u8]) -> ReportAnswer {
    let now = state.now();
    let report = match verify_report(bytes, now) {
        Ok(r) => r,
        Err(e) => {
            let (status, code, message) = match &e {
                ReportError::TooLarge { .. } => (
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "too_large",
                    t.get_with("report-too-large", &[("max", &MAX_REPORT_BYTES.to_string())]),
                ),
                ReportError::Malformed => (StatusCode::BAD_REQUEST, "malformed", t.get("report-malformed")),
                ReportError::UnsupportedFormat(n) => (
                    StatusCode::BAD_REQUEST,
                    "malformed",
                    t.get_with("report-unsupported", &[("format", &n.to_string())]),
                ),
                ReportError::BadSignature => (StatusCode::BAD_REQUEST, "bad_signature", t.get("report-bad-signature")),
                ReportError::InvalidContent(why) => {
                    (StatusCode::UNPROCESSABLE_ENTITY, "invalid", t.get_with("report-invalid", &[("reason", why)]))
                }
            };
            return ReportAnswer::refused(status, code, message);
        }
    };
    let id = report.body().report_id.clone();
    let result = state.store().usage().store_report(&report, now);
    let mut answer = match result {
        Ok(Stored::Stored { rows }) => ReportAnswer {
            status: StatusCode::OK,
            code: "stored",
            message: t.get_with("report-stored", &[("id", &id), ("rows", &rows.to_string())]),
            rows: Some(rows),
            report_id: None,
            detail: None,
        },
        Ok(Stored::Older) => ReportAnswer {
            status: StatusCode::OK,
            code: "older",
            message: t.get_with("report-older", &[("id", &id)]),
            rows: None,
            report_id: None,
            detail: None,
        },
        Err(UsageError::UnknownKey(venue)) => ReportAnswer::refused(
            StatusCode::FORBIDDEN,
            "unknown_key",
            t.get_with(
                "report-unknown-key",
                &[("venue", &venue), ("fingerprint", &report.key_fingerprint().to_string())],
            ),
        ),
        Err(e) => ReportAnswer {
            detail: Some(e.to_string()),
            ..ReportAnswer::refused(StatusCode::INTERNAL_SERVER_ERROR, "internal", t.get("error-internal"))
        },
    };
    answer.report_id = Some(id);
    answer
}

#[derive(Serialize)]
struct ReportOk<'a> {
    status: &'a str,
    report_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rows: Option<usize>,
}

/// `POST /reports`.
pub async fn reports(
    State(state): State<Shared>,
    headers: HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let (_, t) = lang(&headers);
    let bytes = bytes.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            t.get_with("report-too-large", &[("max", &MAX_REPORT_BYTES.to_string())]),
        ),
        _ => ApiError::new(StatusCode::BAD_REQUEST, "malformed", t.get("error-bad-request")),
    })?;
    let a = receive_report(&state, t, &bytes);
    if let Some(detail) = a.detail {
        return Err(ApiError::internal(t, detail));
    }
    if !a.ok() {
        return Err(ApiError::new(a.status, a.code, a.message));
    }
    let report_id = a.report_id.unwrap_or_default();
    Ok(json(StatusCode::OK, &ReportOk { status: a.code, report_id: &report_id, rows: a.rows }))
}

/// `POST /venue-keys`' body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyBody {
    venue_id: String,
    public_key: String,
    /// The set-up code's registration code (32 hex digits); absent in the
    /// requests of verifiers from before registration codes.
    #[serde(default)]
    registration: Option<String>,
}

#[derive(Serialize)]
struct KeyAnswer {
    status: &'static str,
    fingerprint: String,
}

/// `POST /venue-keys`.
pub async fn venue_keys(
    State(state): State<Shared>,
    headers: HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let (_, t) = lang(&headers);
    let b: KeyBody = json_body(t, &headers, bytes, MAX_KEY_BODY)?;
    let key = shared::wire::hex_decode(b.public_key.trim()).unwrap_or_default();
    let code = match b.registration.as_deref().map(RegistrationCode::parse) {
        Some(None) => Err(UsageError::BadRegistration),
        Some(Some(code)) => Ok(Some(code)),
        None => Ok(None),
    };
    let result =
        code.and_then(|code| state.store().usage().register_venue_key(&b.venue_id, &key, code.as_ref(), state.now()));
    match result {
        Ok((status, fp)) => {
            let code = if status == KeyStatus::Pending { StatusCode::ACCEPTED } else { StatusCode::OK };
            Ok(json(code, &KeyAnswer { status: status.as_str(), fingerprint: fp.to_string() }))
        }
        Err(e) => Err(key_refusal(t, &e)
            .map_or_else(|| ApiError::internal(t, &e), |(status, code, message)| ApiError::new(status, code, message))),
    }
}

/// Why a venue key was refused: (status, code, message), or `None` for an
/// internal error.
pub fn key_refusal(t: &Messages, e: &UsageError) -> Option<(StatusCode, &'static str, String)> {
    Some(match e {
        UsageError::UnknownVenue(v) => {
            (StatusCode::NOT_FOUND, "unknown_venue", t.get_with("venue-key-unknown-venue", &[("venue", v)]))
        }
        UsageError::BadKey => (StatusCode::UNPROCESSABLE_ENTITY, "bad_key", t.get("venue-key-bad")),
        UsageError::KeyOfOtherVenue => (StatusCode::UNPROCESSABLE_ENTITY, "bad_key", t.get("venue-key-other-venue")),
        UsageError::Revoked => (StatusCode::FORBIDDEN, "revoked_key", t.get("venue-key-revoked")),
        UsageError::RegistrationRequired => {
            (StatusCode::FORBIDDEN, "registration_required", t.get("venue-key-registration-required"))
        }
        UsageError::BadRegistration => (StatusCode::FORBIDDEN, "bad_registration", t.get("venue-key-bad-registration")),
        UsageError::NoSuchKey => (StatusCode::NOT_FOUND, "no_such_key", t.get("venue-key-gone")),
        UsageError::UnknownKey(_) | UsageError::Random(_) | UsageError::Db(_) => return None,
    })
}
