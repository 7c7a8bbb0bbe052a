//! The administrator's page for the families' text, `GET/POST /admin/texts`:
//! the municipality's own wording of any message of the phone card and the
//! list of offers, per language. Saved texts are checked
//! ([`crate::family_text::check_override`]) and apply at once, without a
//! rebuild ([`super::AppState::set_text_override`]).
//!
//! The family language is chosen with `?text_lang=` (`?lang=` would also
//! switch the administrator's own page language; it is read as a fallback).

use super::Shared;
use super::ctx::{Ctx, see_other};
use super::error::{AppError, AppErrorKind};
use super::pages::{Nav, form, form_page};
use crate::IssuerError;
use crate::accounts::Role;
use crate::family_text::{FamilyLang, MAX_OVERRIDE_LEN, OverrideError, builtin_source, message_ids};
use crate::i18n::Messages;
use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use serde::Deserialize;
use std::collections::HashMap;

/// A language link at the top of the page.
#[derive(Debug)]
pub struct TextLang {
    tag: &'static str,
    name: &'static str,
    current: bool,
    reviewed: bool,
}

/// One message: its id, built-in text, override and form.
#[derive(Debug)]
pub struct MessageRow {
    id: String,
    builtin: String,
    current: Option<String>,
    /// What the text box holds: the typed text after a refusal, else the
    /// override, else the built-in text.
    text: String,
    rows: usize,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "texts.html")]
struct TextsPage {
    t: &'static Messages,
    nav: Nav,
    csrf: String,
    lang: &'static str,
    dir: &'static str,
    lang_name: &'static str,
    reviewed: bool,
    /// "Reviewed by the municipality on …", if it was.
    review_line: Option<String>,
    langs: Vec<TextLang>,
    count_line: String,
    messages: Vec<MessageRow>,
    max_len: usize,
    notice: Option<String>,
    error: Option<String>,
}

/// A text that was refused: the message id, what was typed, and why.
struct Refused {
    id: String,
    typed: String,
    reason: String,
}

fn texts_page(
    state: &Shared,
    ctx: &Ctx,
    lang: FamilyLang,
    notice: Option<String>,
    refused: Option<Refused>,
) -> Result<Response, AppError> {
    let admin = ctx.require(Role::Admin)?;
    let reviews = state.store().texts().reviews().map_err(|e| ctx.internal(e))?;
    let municipal = |l: FamilyLang| reviews.iter().find(|(tag, _)| tag == l.tag()).map(|(_, at)| *at);
    let review_line =
        municipal(lang).map(|at| ctx.t.get_with("review-reviewed-on", &[("date", &at.oslo_day().display_nb())]));
    let overrides: HashMap<String, String> = state
        .store()
        .texts()
        .all()
        .map_err(|e| ctx.internal(e))?
        .into_iter()
        .filter(|(l, _, _)| l == lang.tag())
        .map(|(_, id, text)| (id, text))
        .collect();
    let messages: Vec<MessageRow> = message_ids()
        .iter()
        .map(|id| {
            let builtin = builtin_source(lang, id).unwrap_or_default();
            let current = overrides.get(id).cloned();
            let (text, error) = match &refused {
                Some(r) if r.id == *id => (r.typed.clone(), Some(r.reason.clone())),
                _ => (current.clone().unwrap_or_else(|| builtin.clone()), None),
            };
            let rows = text.lines().count().clamp(2, 12);
            MessageRow { id: id.clone(), builtin, current, text, rows, error }
        })
        .collect();
    let error = refused.as_ref().map(|r| ctx.t.get_with("texts-not-saved", &[("id", &r.id), ("reason", &r.reason)]));
    let p = TextsPage {
        t: ctx.t,
        nav: Nav::of(ctx),
        csrf: admin.csrf.clone(),
        lang: lang.tag(),
        dir: lang.dir(),
        lang_name: lang.native_name(),
        reviewed: lang.reviewed() || municipal(lang).is_some(),
        review_line,
        langs: FamilyLang::ALL
            .iter()
            .map(|l| TextLang {
                tag: l.tag(),
                name: l.native_name(),
                current: *l == lang,
                reviewed: l.reviewed() || municipal(*l).is_some(),
            })
            .collect(),
        count_line: ctx.t.get_with(
            "texts-count",
            &[("count", &messages.iter().filter(|m| m.current.is_some()).count().to_string())],
        ),
        messages,
        max_len: MAX_OVERRIDE_LEN,
        notice,
        error: error.clone(),
    };
    form_page(ctx, p, error.is_some())
}

/// The family language asked for in a query (`text_lang`, else `lang`).
pub(super) fn lang_of_query(q: Option<&str>) -> FamilyLang {
    let fields: Vec<(String, String)> = form_urlencoded::parse(q.unwrap_or("").as_bytes())
        .take(20)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let field = |name: &str| fields.iter().find(|(k, _)| k == name).and_then(|(_, v)| FamilyLang::from_tag(v));
    field("text_lang").or_else(|| field("lang")).unwrap_or_default()
}

/// `GET /admin/texts?text_lang=<tag>`.
pub async fn texts(State(state): State<Shared>, ctx: Ctx, RawQuery(q): RawQuery) -> Result<Response, AppError> {
    texts_page(&state, &ctx, lang_of_query(q.as_deref()), ctx.flash.clone(), None)
}

/// A message's form: save its text, or remove the override.
#[derive(Debug, Deserialize)]
pub struct TextForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    text_lang: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    action: String,
}

/// Why a text was refused, in the administrator's language.
pub(super) fn reason(t: &Messages, e: &OverrideError) -> String {
    match e {
        OverrideError::UnknownId(_) => t.get("texts-error-unknown-id"),
        OverrideError::Empty => t.get("texts-error-empty"),
        OverrideError::TooLong => t.get_with("texts-error-too-long", &[("max", &MAX_OVERRIDE_LEN.to_string())]),
        OverrideError::Syntax => t.get("texts-error-syntax"),
        OverrideError::UnknownVariable(name) => t.get_with("texts-error-variable", &[("name", name)]),
    }
}

/// `POST /admin/texts`: save (`action=save`) or remove (`action=remove`)
/// the override of one message; back to the page with a notice.
pub async fn save_text(
    State(state): State<Shared>,
    ctx: Ctx,
    body: Result<Form<TextForm>, FormRejection>,
) -> Result<Response, AppError> {
    let f = form(&ctx, body)?;
    ctx.check_csrf(&f.csrf)?;
    let admin = ctx.require(Role::Admin)?.username.clone();
    let lang = FamilyLang::from_tag(&f.text_lang).ok_or_else(|| ctx.error(AppErrorKind::BadRequest))?;
    let remove = f.action == "remove";
    let id: String = f.id.trim().chars().take(80).collect();
    let now = state.now();
    let result = state.set_text_override(lang, &id, (!remove).then_some(f.text.as_str()), &admin, now);
    match result {
        Ok(_) => {
            let key = if remove { "texts-removed" } else { "texts-saved" };
            let notice = ctx.t.get_with(key, &[("id", &id), ("lang", lang.native_name())]);
            Ok(see_other(&format!("/admin/texts?text_lang={}#msg-{id}", lang.tag()), &notice))
        }
        Err(IssuerError::TextOverride(e)) => {
            let typed = f.text.chars().take(MAX_OVERRIDE_LEN * 2).collect();
            let refused = Refused { id, typed, reason: reason(ctx.t, &e) };
            texts_page(&state, &ctx, lang, None, Some(refused))
        }
        Err(e) => Err(ctx.internal(e)),
    }
}
