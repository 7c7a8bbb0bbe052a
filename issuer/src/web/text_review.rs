//! The review of one language of the families' texts by the municipality's
//! own interpreter ([`crate::family_review`]):
//! `GET /admin/texts/review-file?text_lang=<tag>` downloads the file,
//! `POST /admin/texts/review` (multipart) checks an uploaded file and shows
//! its changes, `POST /admin/texts/review/apply` applies them (checked
//! again) and marks the language reviewed by the municipality.

use super::Shared;
use super::ctx::{Ctx, see_other};
use super::error::{AppError, AppErrorKind};
use super::pages::{Nav, form, form_page};
use crate::accounts::Role;
use crate::family_review::{self, Change, FileHeader, MAX_REVIEW_FILE, ReviewError};
use crate::family_text::FamilyLang;
use crate::i18n::Messages;
use askama::Template;
use axum::Form;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::FormRejection;
use axum::extract::{DefaultBodyLimit, Multipart, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The routes, with room in the body for a review file.
pub fn routes() -> axum::Router<Shared> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/admin/texts/review-file", get(download))
        .route("/admin/texts/review", post(upload).layer(DefaultBodyLimit::max(MAX_REVIEW_FILE * 2 + 4096)))
        .route("/admin/texts/review/apply", post(apply).layer(DefaultBodyLimit::max(MAX_REVIEW_FILE * 4 + 4096)))
}

/// The municipality's overrides in `lang`, by id.
fn overrides(state: &Shared, ctx: &Ctx, lang: FamilyLang) -> Result<BTreeMap<String, String>, AppError> {
    let all = state.store().texts().all().map_err(|e| ctx.internal(e))?;
    Ok(all.into_iter().filter(|(l, _, _)| l == lang.tag()).map(|(_, id, text)| (id, text)).collect())
}

/// `GET /admin/texts/review-file?text_lang=<tag>`: the language's texts as
/// a Fluent file for the translator (`texts-<tag>.ftl`).
pub async fn download(State(state): State<Shared>, ctx: Ctx, RawQuery(q): RawQuery) -> Result<Response, AppError> {
    ctx.require(Role::Admin)?;
    let lang = super::texts::lang_of_query(q.as_deref());
    let t = ctx.t;
    let day = state.now().oslo_day().display_nb();
    let header = FileHeader {
        lines: vec![
            t.get_with("review-file-title", &[("lang", lang.native_name()), ("tag", lang.tag()), ("date", &day)]),
            String::new(),
            t.get("review-file-help-1"),
            t.get("review-file-help-2"),
            t.get("review-file-help-3"),
            t.get("review-file-help-4"),
        ],
        bokmal_label: t.get("review-file-bokmal"),
    };
    let file = family_review::review_file(lang, &overrides(&state, &ctx, lang)?, &header);
    let mut res = file.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    let disposition = format!("attachment; filename=\"texts-{}.ftl\"", lang.tag());
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_str(&disposition).map_err(|e| ctx.internal(e))?);
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// One change as shown.
#[derive(Debug)]
struct ChangeRow {
    id: String,
    before: String,
    after: String,
}

#[derive(Template)]
#[template(path = "text_review.html")]
struct ReviewPage {
    t: &'static Messages,
    nav: Nav,
    csrf: String,
    lang: &'static str,
    dir: &'static str,
    lang_name: &'static str,
    error: Option<String>,
    count_line: String,
    changes: Vec<ChangeRow>,
    /// The checked file, sent again with "apply" (`None` after a refusal).
    file: Option<String>,
}

/// Why a file was refused, in the administrator's language.
fn reason(t: &Messages, e: &ReviewError) -> String {
    match e {
        ReviewError::Empty => t.get("review-error-empty"),
        ReviewError::TooLarge => {
            t.get_with("review-error-too-large", &[("max", &(MAX_REVIEW_FILE / 1024).to_string())])
        }
        ReviewError::NotText => t.get("review-error-not-text"),
        ReviewError::WrongLanguage(tag) => t.get_with("review-error-language", &[("tag", tag)]),
        ReviewError::Syntax { line } => t.get_with("review-error-syntax", &[("line", &line.to_string())]),
        ReviewError::Duplicate(id) => t.get_with("review-error-duplicate", &[("id", id)]),
        ReviewError::Message { id, source } => {
            t.get_with("review-error-message", &[("id", id), ("reason", &super::texts::reason(t, source))])
        }
    }
}

/// The page for an uploaded file: its changes and the "apply" form, or why
/// it was refused.
fn review_page(
    state: &Shared,
    ctx: &Ctx,
    lang: FamilyLang,
    checked: Result<(String, Vec<Change>), ReviewError>,
) -> Result<Response, AppError> {
    let admin = ctx.require(Role::Admin)?;
    let (file, changes, error) = match checked {
        Ok((file, changes)) => (Some(file), changes, None),
        Err(e) => (None, Vec::new(), Some(ctx.t.get_with("review-refused", &[("reason", &reason(ctx.t, &e))]))),
    };
    let _ = state;
    let count = changes.len();
    let p = ReviewPage {
        t: ctx.t,
        nav: Nav::of(ctx),
        csrf: admin.csrf.clone(),
        lang: lang.tag(),
        dir: lang.dir(),
        lang_name: lang.native_name(),
        count_line: ctx.t.format("review-changes", &[("count", count.into())]),
        changes: changes.into_iter().map(|c| ChangeRow { id: c.id, before: c.before, after: c.after }).collect(),
        file,
        error: error.clone(),
    };
    form_page(ctx, p, error.is_some())
}

/// Check `bytes` as a review file of `lang` against the texts in use.
fn check(
    state: &Shared,
    ctx: &Ctx,
    lang: FamilyLang,
    bytes: &[u8],
) -> Result<Result<(String, Vec<Change>), ReviewError>, AppError> {
    let uploaded = match family_review::read_upload(lang, bytes) {
        Ok(u) => u,
        Err(e) => return Ok(Err(e)),
    };
    let changes = family_review::changes(lang, &overrides(state, ctx, lang)?, &uploaded);
    Ok(Ok((String::from_utf8_lossy(bytes).into_owned(), changes)))
}

/// `POST /admin/texts/review` (multipart: `csrf` first, `text_lang`,
/// `file`): the changes the file would make, or why it is refused.
pub async fn upload(
    State(state): State<Shared>,
    ctx: Ctx,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let bad = || ctx.error(AppErrorKind::BadRequest);
    let mut multipart = multipart.map_err(|_| bad())?;
    let (mut csrf, mut lang, mut file) = (None, None, None::<Vec<u8>>);
    let mut too_large = false;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                too_large = true;
                break;
            }
            Err(_) => return Err(bad()),
        };
        match field.name() {
            Some("csrf") => csrf = Some(field.text().await.map_err(|_| bad())?.chars().take(200).collect::<String>()),
            Some("text_lang") => lang = FamilyLang::from_tag(&field.text().await.map_err(|_| bad())?),
            Some("file") => {
                // The CSRF token is checked before the file is read.
                ctx.check_csrf(csrf.as_deref().unwrap_or(""))?;
                match field.bytes().await {
                    Ok(bytes) => file = Some(bytes.to_vec()),
                    Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                        too_large = true;
                        break;
                    }
                    Err(_) => return Err(bad()),
                }
            }
            _ => {}
        }
    }
    ctx.require(Role::Admin)?;
    let lang = lang.unwrap_or_default();
    if too_large {
        return review_page(&state, &ctx, lang, Err(ReviewError::TooLarge));
    }
    ctx.check_csrf(csrf.as_deref().unwrap_or(""))?;
    let checked = check(&state, &ctx, lang, file.as_deref().unwrap_or_default())?;
    review_page(&state, &ctx, lang, checked)
}

/// The "apply" form: the checked file again.
#[derive(Debug, Deserialize)]
pub struct ApplyForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    text_lang: String,
    #[serde(default)]
    file: String,
}

/// `POST /admin/texts/review/apply`: check the file again, apply its
/// changes and mark the language reviewed by the municipality.
pub async fn apply(
    State(state): State<Shared>,
    ctx: Ctx,
    body: Result<Form<ApplyForm>, FormRejection>,
) -> Result<Response, AppError> {
    let f = form(&ctx, body)?;
    ctx.check_csrf(&f.csrf)?;
    let admin = ctx.require(Role::Admin)?.username.clone();
    let lang = FamilyLang::from_tag(&f.text_lang).ok_or_else(|| ctx.error(AppErrorKind::BadRequest))?;
    let changes = match check(&state, &ctx, lang, f.file.as_bytes())? {
        Ok((_, changes)) => changes,
        Err(e) => return review_page(&state, &ctx, lang, Err(e)),
    };
    state.apply_text_review(lang, &changes, &admin, state.now()).map_err(|e| ctx.internal(e))?;
    let notice =
        ctx.t.format("review-applied", &[("lang", lang.native_name().into()), ("count", changes.len().into())]);
    Ok(see_other(&format!("/admin/texts?text_lang={}", lang.tag()), &notice))
}
