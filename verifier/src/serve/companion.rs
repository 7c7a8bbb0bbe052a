//! `POST /companion`: after a granted visit whose benefit lets a companion
//! in free, staff say whether one came ("with companion" / "child only").
//! Only the device's own last visit, right after it (the rule of an undo);
//! the answer is recorded with the visit, and usage reports count only
//! companions that came (SPEC §11.12).

use super::{Answer, Shared, lang_of, respond};
use crate::VerifierError;
use crate::i18n::Messages;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use shared::CardTypeId;
use shared::model::name_in;

/// The form of `POST /companion`.
#[derive(Debug, serde::Deserialize)]
pub struct CompanionForm {
    /// The visit the buttons were shown for.
    pub visit: String,
    /// `yes` (a companion came) or `no` (the child only).
    pub came: String,
}

/// `POST /companion`.
pub async fn confirm(
    State(state): State<Shared>,
    headers: HeaderMap,
    Extension(device): Extension<super::pairing::PairedDevice>,
    form: Result<Form<CompanionForm>, FormRejection>,
) -> Response {
    let lang = lang_of(&headers, state.lang);
    let parsed = match form {
        Ok(Form(f)) => f.visit.trim().parse::<i64>().ok().zip(match f.came.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        }),
        Err(too_large) if too_large.status() == StatusCode::PAYLOAD_TOO_LARGE => return too_large.into_response(),
        Err(_) => None,
    };
    let Some((visit, came)) = parsed else {
        let m = Messages::of(lang);
        let e = VerifierError::CompanionTooLate { window_minutes: crate::log::UNDO_WINDOW_SECS / 60 };
        let a = Answer::message("bad_request", m.error(&e), String::new());
        return respond(&state, &headers, lang, StatusCode::BAD_REQUEST, a);
    };
    let st = state.clone();
    let answer = tokio::task::spawn_blocking(move || {
        let m = Messages::of(lang);
        let now = st.clock.now();
        let mut log = st.log.lock().unwrap_or_else(|e| e.into_inner());
        let mut store = st.store.lock().unwrap_or_else(|e| e.into_inner());
        store.refresh(now);
        let floor = store.bundle().body().issued_at;
        match log.set_companion(device.0, visit, came, now, floor) {
            Ok(v) => {
                let benefit = store.benefit(CardTypeId(v.card_type), &v.benefit);
                let name = benefit.map_or(v.benefit.as_str(), |b| name_in(&b.names, lang.tag()));
                let (code, id) =
                    if came { ("companion_came", "companion-came") } else { ("companion_none", "companion-none") };
                let mut a = Answer::message(code, m.get(id, &[("benefit", name)]), String::new());
                a.found = true;
                a.valid = true;
                a
            }
            Err(e @ VerifierError::CompanionTooLate { .. }) => Answer::message("too_late", m.error(&e), String::new()),
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
