//! The station's update status on its page: rendered into the page, and
//! `GET /status` (JSON) which the page's script polls, so that a page left
//! open shows a new update, a failure or a stale bundle without a reload.
//! The words come from [`crate::autoupdate::status::status_lines`].

use super::{AppState, Shared, lang_of};
use crate::autoupdate::status::{Station, StatusLine, UpdateStatus, status_lines};
use crate::i18n::Lang;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};

/// The status lines in `lang`, with the bundle and settings installed now
/// and the status file as the last update left it.
pub fn lines(state: &AppState, lang: Lang) -> Vec<StatusLine> {
    let now = state.clock.now();
    let mut store = state.store.lock().unwrap_or_else(|e| e.into_inner());
    store.refresh(now);
    let status = UpdateStatus::load(store.dir());
    status_lines(lang, &Station::of(&store, state.updates, now), &status)
}

/// The JSON of `GET /status`.
#[derive(Debug, serde::Serialize)]
struct StatusAnswer {
    /// `ok`, or `warn` when a line needs someone to act.
    level: &'static str,
    /// Each line: `level` (`ok`, `info`, `warn`), `class` (its CSS class)
    /// and `text`.
    lines: Vec<Line>,
}

#[derive(Debug, serde::Serialize)]
struct Line {
    level: crate::autoupdate::status::Level,
    class: &'static str,
    text: String,
}

/// `GET /status`: the status lines in the browser's language, never cached.
pub async fn get_status(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let lang = lang_of(&headers, state.lang);
    let st = state.clone();
    let lines = tokio::task::spawn_blocking(move || lines(&st, lang)).await.unwrap_or_default();
    let warn = lines.iter().any(|l| l.level == crate::autoupdate::status::Level::Warn);
    let answer = StatusAnswer {
        level: if warn { "warn" } else { "ok" },
        lines: lines.into_iter().map(|l| Line { level: l.level, class: l.level.class(), text: l.text }).collect(),
    };
    ([(header::CACHE_CONTROL, "no-store")], axum::Json(answer)).into_response()
}
