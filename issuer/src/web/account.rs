//! A user's own account: change the password (`/account/password`, the
//! current one required; it ends the user's other sessions) and see their
//! sessions and end the others (`/account/sessions`); a caseworker's API
//! tokens (`/account/api-tokens`). The rules are in
//! [`crate::accounts`] and [`crate::store::Accounts`]; this translates.

use super::ctx::{Ctx, see_other};
use super::error::AppError;
use super::pages::{CsrfOnly, Nav, form, form_page, password_error, throttled_text};
use super::{AppState, Shared, off_workers};
use crate::accounts::{AuthError, LoginClient, NewPassword, Role};
use crate::i18n::Messages;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::response::Response;
use serde::Deserialize;
use webkit::fluent::FluentValue;

impl AppState {
    /// Check `username`'s `current` password as a login does (throttled
    /// alike, the hash checked off the async workers, a failure counted),
    /// then check and hash the `new` one. Returns the user id and the new
    /// password.
    pub async fn reauthenticate_and_hash(
        &self,
        username: &str,
        current: &str,
        new: &str,
        client: LoginClient<'_>,
        now: shared::Timestamp,
    ) -> Result<(i64, NewPassword), AuthError> {
        let _permit = self.password_permit().await?;
        let attempt = self.store().accounts().login_begin(username, client, now)?;
        let (current, new) = (current.to_string(), new.to_string());
        let (attempt, ok, current) = off_workers(move || {
            let ok = attempt.password_ok(&current);
            (attempt, ok, current)
        })
        .await?;
        let user_id = self.store().accounts().reauthenticate_finish(attempt, ok, now)?;
        let password = off_workers(move || NewPassword::replacing(&current, &new)).await??;
        Ok((user_id, password))
    }

    /// A random temporary password and its hash, made off the async workers.
    pub async fn temporary_password(&self) -> Result<(String, NewPassword), AuthError> {
        let _permit = self.password_permit().await?;
        off_workers(NewPassword::temporary).await?
    }
}

#[derive(Template)]
#[template(path = "account_password.html")]
struct PasswordPage {
    t: &'static Messages,
    nav: Nav,
    csrf: String,
    must_change: bool,
    error: Option<String>,
}

fn password_page(ctx: &Ctx, error: Option<String>) -> Result<Response, AppError> {
    let user = ctx.account_user()?;
    let refused = error.is_some();
    let p = PasswordPage {
        t: ctx.t,
        nav: Nav::of(ctx),
        csrf: user.csrf.clone(),
        must_change: user.must_change_password,
        error,
    };
    form_page(ctx, p, refused)
}

/// `GET /account/password`.
pub async fn password_form(ctx: Ctx) -> Result<Response, AppError> {
    password_page(&ctx, None)
}

/// The change-password form.
#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password2: String,
}

/// `POST /account/password`: the current password, then the new one twice.
/// Ends the user's other sessions.
pub async fn password_submit(
    State(state): State<Shared>,
    ctx: Ctx,
    body: Result<Form<PasswordForm>, FormRejection>,
) -> Result<Response, AppError> {
    let f = form(&ctx, body)?;
    let user = ctx.account_user()?;
    ctx.check_csrf(&f.csrf)?;
    if f.password != f.password2 {
        return password_page(&ctx, Some(ctx.t.get("passwords-differ")));
    }
    let now = state.now();
    let checked = state.reauthenticate_and_hash(&user.username, &f.current, &f.password, ctx.login_client(), now).await;
    let changed = checked.and_then(|(id, password)| {
        let keep = ctx.session_id.as_deref().unwrap_or_default();
        state.store().accounts().change_password(id, &password, keep, now)
    });
    let error = match changed {
        Ok(ended) => {
            let notice = ctx.t.format("account-password-changed", &[("ended", FluentValue::from(ended))]);
            return Ok(see_other("/", &notice));
        }
        Err(AuthError::WrongCurrentPassword) => ctx.t.get("error-current-password"),
        Err(AuthError::Throttled { seconds }) => throttled_text(ctx.t, seconds),
        Err(e @ (AuthError::WeakPassword | AuthError::GuessablePassword | AuthError::SamePassword)) => {
            password_error(ctx.t, &e)
        }
        Err(e) => return Err(ctx.internal(e)),
    };
    password_page(&ctx, Some(error))
}

/// A session as the sessions page shows it.
#[derive(Debug)]
struct SessionRow {
    created: String,
    last_seen: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "account_sessions.html")]
struct SessionsPage {
    t: &'static Messages,
    nav: Nav,
    csrf: String,
    sessions: Vec<SessionRow>,
    notice: Option<String>,
}

/// `GET /account/sessions`: the user's live sessions (when made, last
/// used; this one marked) and "log out everywhere else".
pub async fn sessions(State(state): State<Shared>, ctx: Ctx) -> Result<Response, AppError> {
    let user = ctx.user()?;
    let current = ctx.session_id.as_deref().unwrap_or_default();
    let now = state.now();
    let list = state.store().accounts().sessions_of(user.user_id, current, now).map_err(|e| ctx.internal(e))?;
    let when = super::admin::when;
    let sessions = list
        .into_iter()
        .map(|s| SessionRow { created: when(s.created_at), last_seen: when(s.last_seen), current: s.current })
        .collect();
    let p = SessionsPage { t: ctx.t, nav: Nav::of(&ctx), csrf: user.csrf.clone(), sessions, notice: ctx.flash.clone() };
    form_page(&ctx, p, false)
}

/// `POST /account/sessions/end-others`: log out everywhere else.
pub async fn end_other_sessions(
    State(state): State<Shared>,
    ctx: Ctx,
    body: Result<Form<CsrfOnly>, FormRejection>,
) -> Result<Response, AppError> {
    let f = form(&ctx, body)?;
    let user = ctx.user()?;
    ctx.check_csrf(&f.csrf)?;
    let keep = ctx.session_id.as_deref().unwrap_or_default();
    let ended = state
        .store()
        .accounts()
        .end_other_sessions(user.user_id, keep, &user.username, state.now())
        .map_err(|e| ctx.internal(e))?;
    let notice = ctx.t.format("account-sessions-ended", &[("ended", FluentValue::from(ended))]);
    Ok(see_other("/account/sessions", &notice))
}

/// A token as the tokens page lists it.
#[derive(Debug)]
struct TokenRow {
    id: i64,
    name: String,
    created: String,
    expires: String,
    last_used: String,
}

#[derive(Template)]
#[template(path = "account_api_tokens.html")]
struct ApiTokensPage {
    t: &'static Messages,
    nav: Nav,
    csrf: String,
    tokens: Vec<TokenRow>,
    /// A token just made: shown on this page only.
    new_token: Option<String>,
    name: String,
    days: String,
    notice: Option<String>,
    error: Option<String>,
}

/// The tokens page; `new_token` is shown once, `typed` keeps the form.
fn api_tokens_page(
    state: &Shared,
    ctx: &Ctx,
    new_token: Option<String>,
    typed: (String, String),
    error: Option<String>,
) -> Result<Response, AppError> {
    let user = ctx.require(Role::Caseworker)?;
    let list = state.store().accounts().api_tokens_of(user.user_id, state.now()).map_err(|e| ctx.internal(e))?;
    let when = super::admin::when;
    let tokens = list
        .into_iter()
        .map(|k| TokenRow {
            id: k.id,
            name: k.name,
            created: when(k.created_at),
            expires: when(k.expires_at),
            last_used: when(k.last_used),
        })
        .collect();
    let refused = error.is_some();
    let (name, days) = typed;
    let p = ApiTokensPage {
        t: ctx.t,
        nav: Nav::of(ctx),
        csrf: user.csrf.clone(),
        tokens,
        new_token,
        name: name.chars().take(60).collect(),
        days: days.chars().take(4).collect(),
        notice: ctx.flash.clone(),
        error,
    };
    form_page(ctx, p, refused)
}

/// `GET /account/api-tokens`: a caseworker's API tokens (for the agency's
/// own systems), a form for a new one, and revoke buttons.
pub async fn api_tokens(State(state): State<Shared>, ctx: Ctx) -> Result<Response, AppError> {
    api_tokens_page(&state, &ctx, None, (String::new(), "90".into()), None)
}

/// The new-token form.
#[derive(Debug, Deserialize)]
pub struct NewTokenForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    days: String,
}

/// `POST /account/api-tokens`: a named token with a lifetime in days,
/// shown once on the page that answers.
pub async fn create_api_token(
    State(state): State<Shared>,
    ctx: Ctx,
    body: Result<Form<NewTokenForm>, FormRejection>,
) -> Result<Response, AppError> {
    let f = form(&ctx, body)?;
    let user = ctx.require(Role::Caseworker)?;
    ctx.check_csrf(&f.csrf)?;
    let days = f.days.trim().parse::<i64>().unwrap_or(0);
    let made = state.store().accounts().create_api_token(user.user_id, &f.name, days, &user.username, state.now());
    match made {
        Ok(token) => api_tokens_page(&state, &ctx, Some(token.token), (String::new(), "90".into()), None),
        Err(AuthError::BadApiToken) => {
            api_tokens_page(&state, &ctx, None, (f.name, f.days), Some(ctx.t.get("error-api-token")))
        }
        Err(e) => Err(ctx.internal(e)),
    }
}

/// The revoke button's form.
#[derive(Debug, Deserialize)]
pub struct RevokeTokenForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    token: String,
}

/// `POST /account/api-tokens/revoke`: the token stops working at once.
pub async fn revoke_api_token(
    State(state): State<Shared>,
    ctx: Ctx,
    body: Result<Form<RevokeTokenForm>, FormRejection>,
) -> Result<Response, AppError> {
    let f = form(&ctx, body)?;
    let user = ctx.require(Role::Caseworker)?;
    ctx.check_csrf(&f.csrf)?;
    let id = f.token.trim().parse::<i64>().unwrap_or(0);
    let revoked = state
        .store()
        .accounts()
        .revoke_api_token(user.user_id, id, &user.username, state.now())
        .map_err(|e| ctx.internal(e))?;
    let notice = ctx.t.get(if revoked { "account-api-token-revoked" } else { "account-api-token-gone" });
    Ok(see_other("/account/api-tokens", &notice))
}
