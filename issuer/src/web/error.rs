//! Errors of request handlers: the user sees a clean page in their
//! language; the details go to the server log only.

use crate::i18n::{Lang, Messages};
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// What went wrong, as far as the user needs to know.
#[derive(Debug)]
pub enum AppErrorKind {
    /// Our fault; the detail is logged, never shown.
    Internal(String),
    /// No such page.
    NotFound,
    /// Logged in, but not allowed.
    Forbidden,
    /// The CSRF token was missing or wrong.
    Csrf,
    /// The request could not be read (e.g. a broken form body).
    BadRequest,
    /// Not logged in: go to the login page.
    LoginRequired,
    /// Logged in with a password someone else chose: go to the
    /// change-password page first.
    PasswordChangeRequired,
    /// A trust bundle could not be signed: the root key is kept offline and
    /// its delegation to the bundle key has ended (SPEC §6.6). The change
    /// itself was saved.
    RootKeyNeeded,
}

/// A handler error with the language to show it in.
#[derive(Debug)]
pub struct AppError {
    /// What went wrong.
    pub kind: AppErrorKind,
    /// The page's language.
    pub lang: Lang,
}

impl AppError {
    /// An internal error (logged with `detail`).
    pub fn internal(lang: Lang, detail: impl std::fmt::Display) -> AppError {
        AppError { kind: AppErrorKind::Internal(detail.to_string()), lang }
    }

    /// The error of publishing a bundle: [`AppErrorKind::RootKeyNeeded`]
    /// when only the root key can sign it now, else internal.
    pub fn publish(lang: Lang, e: crate::IssuerError) -> AppError {
        use keys::KeyError as K;
        match e {
            crate::IssuerError::Key(K::RootKeyOffline | K::DelegationExpired { .. }) => {
                AppError { kind: AppErrorKind::RootKeyNeeded, lang }
            }
            e => AppError::internal(lang, e),
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    t: &'static Messages,
    message: &'a str,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self.kind {
            AppErrorKind::LoginRequired => return axum::response::Redirect::to("/login").into_response(),
            AppErrorKind::PasswordChangeRequired => {
                return axum::response::Redirect::to("/account/password").into_response();
            }
            _ => {}
        }
        let (status, id) = match &self.kind {
            AppErrorKind::LoginRequired | AppErrorKind::PasswordChangeRequired => {
                (StatusCode::SEE_OTHER, "login-title")
            }
            AppErrorKind::Internal(detail) => {
                tracing::error!(error = %detail, "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, "error-internal")
            }
            AppErrorKind::NotFound => (StatusCode::NOT_FOUND, "error-not-found"),
            AppErrorKind::Forbidden => (StatusCode::FORBIDDEN, "error-forbidden"),
            AppErrorKind::Csrf => (StatusCode::FORBIDDEN, "error-csrf"),
            AppErrorKind::BadRequest => (StatusCode::BAD_REQUEST, "error-bad-request"),
            AppErrorKind::RootKeyNeeded => (StatusCode::SERVICE_UNAVAILABLE, "root-key-publish-blocked"),
        };
        let t = Messages::of(self.lang);
        let message = t.get(id);
        let body = ErrorPage { t, message: &message }.render().unwrap_or(message.clone());
        (status, Html(body)).into_response()
    }
}
