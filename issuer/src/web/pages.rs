//! Page handlers: first-run set-up, login, logout, home, the public bundle.

use super::Shared;
use super::ctx::{Ctx, clear_session_cookie, csrf_cookie, device_cookie, lang_cookie, session_cookie};
use super::error::{AppError, AppErrorKind};
use crate::accounts::{AuthError, Role};
use crate::i18n::{Lang, Messages};
use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

/// A language link in the header.
#[derive(Debug)]
pub struct LangLink {
    pub(crate) tag: &'static str,
    pub(crate) name: &'static str,
    pub(crate) current: bool,
}

/// What the shared page frame needs.
#[derive(Debug)]
pub struct Nav {
    pub(crate) langs: Vec<LangLink>,
    pub(crate) logout_csrf: Option<String>,
    /// The administrator's areas (empty for anyone else).
    pub(crate) admin: Vec<super::home::AreaLink>,
    /// This is the start page (its link in the header is marked current).
    pub(crate) at_home: bool,
}

impl Nav {
    /// The frame for this request.
    pub fn of(ctx: &Ctx) -> Nav {
        Nav {
            langs: Lang::ALL
                .iter()
                .map(|l| LangLink { tag: l.tag(), name: l.native_name(), current: *l == ctx.lang })
                .collect(),
            logout_csrf: ctx.user.as_ref().map(|u| u.csrf.clone()),
            admin: super::home::admin_areas(ctx),
            at_home: ctx.path == "/",
        }
    }
}

/// Render a template into a response, remembering a `?lang=` choice.
pub fn page(ctx: &Ctx, template: impl Template, extra_cookie: Option<String>) -> Result<Response, AppError> {
    let body = template.render().map_err(|e| ctx.internal(format!("template: {e}")))?;
    let mut res = Html(body).into_response();
    for c in ctx.chosen_lang.map(lang_cookie).into_iter().chain(extra_cookie) {
        if let Ok(v) = HeaderValue::from_str(&c) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    Ok(res)
}

/// A page that answers a form: 422 when the form was refused (the page then
/// says why and keeps what was typed), 200 otherwise.
pub fn form_page(ctx: &Ctx, template: impl Template, refused: bool) -> Result<Response, AppError> {
    let res = page(ctx, template, None)?;
    Ok(if refused { (StatusCode::UNPROCESSABLE_ENTITY, res).into_response() } else { res })
}

/// The pre-login CSRF token: the cookie's, or a new one to set.
fn pre_login_csrf(ctx: &Ctx) -> Result<(String, Option<String>), AppError> {
    match &ctx.pre_csrf {
        Some(t) => Ok((t.clone(), None)),
        None => {
            let mut b = [0u8; 32];
            keys::os_random(&mut b).map_err(|e| ctx.internal(e))?;
            let t = shared::wire::encode_base64url(&b);
            Ok((t.clone(), Some(csrf_cookie(&t))))
        }
    }
}

/// A form body, or a clean 400 page.
pub fn form<T>(ctx: &Ctx, form: Result<Form<T>, FormRejection>) -> Result<T, AppError> {
    form.map(|Form(f)| f).map_err(|_| ctx.error(AppErrorKind::BadRequest))
}

/// A to-do item on the administrator's start page.
#[derive(Debug)]
pub struct TodoRow {
    kind: &'static str,
    text: String,
    link: &'static str,
    link_text: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    t: &'static Messages,
    nav: Nav,
    title: String,
    role_line: String,
    can_issue: bool,
    is_admin: bool,
    notice: Option<String>,
    todos: Vec<TodoRow>,
    status: Vec<String>,
}

/// The administrator's to-do list and status lines, worded.
fn admin_board(state: &Shared, ctx: &Ctx) -> Result<(Vec<TodoRow>, Vec<String>), AppError> {
    let status = {
        let store = state.store();
        crate::admin_status::status(&store, state.now(), ctx.t, state.threshold).map_err(|e| ctx.internal(e))?
    };
    let todos = status
        .todos
        .iter()
        .map(|todo| TodoRow {
            kind: todo.kind(),
            text: super::home::todo_text(ctx, todo),
            link: todo.link(),
            link_text: ctx.t.get(super::home::area_label(todo.link())),
        })
        .collect();
    Ok((todos, super::home::status_lines(ctx.t, &status)))
}

/// `GET /`: the start page of a logged-in user; else to set-up or login.
pub async fn home(State(state): State<Shared>, ctx: Ctx) -> Result<Response, AppError> {
    let Some(user) = &ctx.user else {
        let has_admin = state.store().accounts().has_admin().map_err(|e| ctx.internal(e))?;
        // Before set-up there is nobody to log in: say how to set up.
        return Ok(if has_admin {
            Redirect::to("/login").into_response()
        } else {
            Redirect::to("/setup").into_response()
        });
    };
    ctx.user()?;
    let role_line = match user.role {
        Role::Admin => ctx.t.get("home-role-admin"),
        Role::Caseworker => {
            let agencies = state.store().accounts().agencies().map_err(|e| ctx.internal(e))?;
            let name =
                agencies.into_iter().find(|(id, _)| Some(*id) == user.agency_id).map(|(_, n)| n).unwrap_or_default();
            ctx.t.get_with("home-role-caseworker", &[("agency", &name)])
        }
    };
    let title = ctx.t.get_with("home-title", &[("user", &user.username)]);
    let (can_issue, is_admin) = (user.role == Role::Caseworker, user.role == Role::Admin);
    let notice = ctx.flash.clone();
    let (todos, status) = if is_admin { admin_board(&state, &ctx)? } else { (Vec::new(), Vec::new()) };
    let p = HomePage { t: ctx.t, nav: Nav::of(&ctx), title, role_line, can_issue, is_admin, notice, todos, status };
    page(&ctx, p, None)
}

#[derive(Template)]
#[template(path = "setup.html")]
struct SetupPage {
    t: &'static Messages,
    nav: Nav,
    csrf: String,
    token: String,
    username: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    t: &'static Messages,
    nav: Nav,
    csrf: String,
    username: String,
    error: Option<String>,
    notice: Option<String>,
}

/// Query of the set-up link.
#[derive(Debug, Deserialize)]
pub struct SetupQuery {
    #[serde(default)]
    token: String,
}

fn login_page(
    ctx: &Ctx,
    username: String,
    error: Option<String>,
    notice: Option<String>,
) -> Result<Response, AppError> {
    let (csrf, cookie) = pre_login_csrf(ctx)?;
    page(ctx, LoginPage { t: ctx.t, nav: Nav::of(ctx), csrf, username, error, notice }, cookie)
}

/// `GET /setup?token=…`: the first administrator's form (only before set-up).
pub async fn setup_form(
    State(state): State<Shared>,
    ctx: Ctx,
    query: Result<Query<SetupQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    if state.store().accounts().has_admin().map_err(|e| ctx.internal(e))? {
        return login_page(&ctx, String::new(), None, Some(ctx.t.get("setup-closed")));
    }
    let token: String = query.map(|Query(q)| q.token).unwrap_or_default().chars().take(100).collect();
    // Without the link's token the form cannot succeed: say where it is.
    let error = token.is_empty().then(|| ctx.t.get("setup-need-link"));
    let (csrf, cookie) = pre_login_csrf(&ctx)?;
    page(&ctx, SetupPage { t: ctx.t, nav: Nav::of(&ctx), csrf, token, username: String::new(), error }, cookie)
}

/// The set-up form's fields.
#[derive(Debug, Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    token: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password2: String,
}

/// `POST /setup`: create the first administrator.
pub async fn setup_submit(
    State(state): State<Shared>,
    ctx: Ctx,
    body: Result<Form<SetupForm>, FormRejection>,
) -> Result<Response, AppError> {
    let f = form(&ctx, body)?;
    ctx.check_csrf(&f.csrf)?;
    let username = f.username.trim().to_string();
    let error = if f.password != f.password2 {
        Some(ctx.t.get("passwords-differ"))
    } else {
        let now = state.now();
        let credentials = state.new_credentials(&username, &f.password).await;
        match credentials.and_then(|c| state.store().accounts().complete_setup(&f.token, &c, now)) {
            Ok(_) => return login_page(&ctx, username, None, Some(ctx.t.get("setup-done"))),
            Err(AuthError::BadUsername) => Some(ctx.t.get("error-username")),
            Err(AuthError::Name(problem)) => Some(ctx.t.get(problem.message_id())),
            Err(e @ (AuthError::WeakPassword | AuthError::GuessablePassword)) => Some(password_error(ctx.t, &e)),
            Err(AuthError::BadSetupToken) => Some(ctx.t.get("error-setup-token")),
            Err(e) => return Err(ctx.internal(e)),
        }
    };
    let (csrf, cookie) = pre_login_csrf(&ctx)?;
    let token = f.token.chars().take(100).collect();
    let res = page(&ctx, SetupPage { t: ctx.t, nav: Nav::of(&ctx), csrf, token, username, error }, cookie)?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, res).into_response())
}

/// `GET /login`.
pub async fn login_form(ctx: Ctx) -> Result<Response, AppError> {
    if ctx.user.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    login_page(&ctx, String::new(), None, None)
}

/// The login form's fields.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

/// `POST /login`: a new session (new id) on success.
pub async fn login_submit(
    State(state): State<Shared>,
    ctx: Ctx,
    body: Result<Form<LoginForm>, FormRejection>,
) -> Result<Response, AppError> {
    let f = form(&ctx, body)?;
    ctx.check_csrf(&f.csrf)?;
    let username: String = f.username.trim().chars().take(64).collect();
    let now = state.now();
    let result = state.login(&username, &f.password, ctx.login_client(), now).await;
    let (status, error, wait) = match result {
        Ok(session) => {
            // Drop any old session of this browser (session id rotation).
            if let Some(old) = &ctx.session_id {
                state.store().accounts().logout(old).map_err(|e| ctx.internal(e))?;
            }
            let mut res = Redirect::to("/").into_response();
            for c in [session_cookie(&session.id), device_cookie(&session.device)] {
                if let Ok(v) = HeaderValue::from_str(&c) {
                    res.headers_mut().append(header::SET_COOKIE, v);
                }
            }
            return Ok(res);
        }
        Err(AuthError::BadCredentials) => (StatusCode::UNAUTHORIZED, ctx.t.get("login-failed"), None),
        Err(AuthError::Throttled { seconds }) => {
            (StatusCode::TOO_MANY_REQUESTS, throttled_text(ctx.t, seconds), Some(seconds))
        }
        Err(e) => return Err(ctx.internal(e)),
    };
    let mut res = login_page(&ctx, username, Some(error), None)?;
    if let Some(seconds) = wait {
        res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    Ok((status, res).into_response())
}

/// What a refused new password is told (`WeakPassword`,
/// `GuessablePassword`, `SamePassword`; anything else as weak).
pub(crate) fn password_error(t: &Messages, e: &AuthError) -> String {
    match e {
        AuthError::GuessablePassword => t.get("error-password-guessable"),
        AuthError::SamePassword => t.get("error-password-same"),
        _ => t.get("error-password"),
    }
}

/// What a throttled login is told: how long to wait, in seconds under a
/// minute, else in whole minutes (rounded up).
pub(crate) fn throttled_text(t: &Messages, seconds: i64) -> String {
    if seconds < 60 {
        t.format("login-throttled-seconds", &[("seconds", webkit::fluent::FluentValue::from(seconds))])
    } else {
        t.get_with("login-throttled", &[("minutes", &((seconds + 59) / 60).to_string())])
    }
}

/// The logout form's fields.
#[derive(Debug, Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    pub(crate) csrf: String,
}

/// `POST /logout`: ends the session on the server and in the browser.
pub async fn logout(
    State(state): State<Shared>,
    ctx: Ctx,
    body: Result<Form<CsrfOnly>, FormRejection>,
) -> Result<Response, AppError> {
    let f = form(&ctx, body)?;
    ctx.account_user()?;
    ctx.check_csrf(&f.csrf)?;
    if let Some(id) = &ctx.session_id {
        state.store().accounts().logout(id).map_err(|e| ctx.internal(e))?;
        // The session's held card sheets go with it (crate::held_sheets).
        state.sheets.end_session(id);
    }
    let mut res = Redirect::to("/login").into_response();
    if let Ok(v) = HeaderValue::from_str(&clear_session_cookie()) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

/// `GET /bundle`: the latest signed trust bundle, cacheable, with an ETag
/// so verifiers fetch it only when it changed.
pub async fn bundle(State(state): State<Shared>, ctx: Ctx, headers: HeaderMap) -> Result<Response, AppError> {
    let latest = state.store().bundles().latest().map_err(|e| ctx.internal(e))?;
    let Some((version, bytes)) = latest else {
        return Ok((StatusCode::NOT_FOUND, ctx.t.get("bundle-missing")).into_response());
    };
    let etag = format!("\"v{version}\"");
    let cache = [(header::CACHE_CONTROL, "public, max-age=300"), (header::ETAG, etag.as_str())];
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if matches {
        return Ok((StatusCode::NOT_MODIFIED, cache).into_response());
    }
    Ok((
        cache,
        [
            (header::CONTENT_TYPE, "application/octet-stream"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"bundle.akb\""),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /healthz`, for a reverse proxy and monitoring: `200 ok` when the
/// server answers and its database does, else `503`. No login, no cookie,
/// no data (not even the bundle version), never cached.
pub async fn healthz(State(state): State<Shared>) -> Response {
    let up = state.store().bundles().latest_version().is_ok();
    let (status, body) = if up {
        (StatusCode::OK, "ok\n")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "unavailable: the database does not answer\n")
    };
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], body)
        .into_response()
}

/// `GET /static/app.css`.
pub async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../../static/app.css"),
    )
        .into_response()
}

/// `GET /static/issue.js`: the staff pages' small progressive script (the
/// issue page's summary of the chosen card type; copy and print on the
/// single-card page). Every page works without it.
pub async fn issue_script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../../static/issue.js"),
    )
        .into_response()
}

/// Anything else: a 404 page.
pub async fn not_found(ctx: Ctx) -> AppError {
    ctx.error(AppErrorKind::NotFound)
}
