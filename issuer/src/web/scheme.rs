//! `GET/POST /admin/scheme`: the scheme's name as families see it and its
//! contact details, saved and published at once as a new bundle like any
//! change of the catalogue. The rules are [`crate::catalogue::scheme`]'s.

use super::Shared;
use super::ctx::{Ctx, see_other};
use super::error::AppError;
use super::pages::{Nav, form, form_page};
use crate::accounts::Role;
use crate::catalogue::{self, ChangeError};
use crate::i18n::Messages;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::response::Response;
use serde::Deserialize;
use shared::model::SchemeContact;

/// The form's fields (also what is shown).
#[derive(Debug, Default, Deserialize)]
pub struct SchemeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    web: String,
}

#[derive(Template)]
#[template(path = "scheme.html")]
struct SchemePage {
    t: &'static Messages,
    nav: Nav,
    csrf: String,
    typed: SchemeForm,
    notice: Option<String>,
    error: Option<String>,
}

fn clip(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

fn render(ctx: &Ctx, typed: SchemeForm, notice: Option<String>, error: Option<String>) -> Result<Response, AppError> {
    let csrf = ctx.require(Role::Admin)?.csrf.clone();
    let typed = SchemeForm {
        csrf: String::new(),
        name: clip(&typed.name, 200),
        phone: clip(&typed.phone, 60),
        email: clip(&typed.email, 300),
        web: clip(&typed.web, 300),
    };
    let refused = error.is_some();
    form_page(ctx, SchemePage { t: ctx.t, nav: Nav::of(ctx), csrf, typed, notice, error }, refused)
}

/// `GET /admin/scheme`.
pub async fn scheme(State(state): State<Shared>, ctx: Ctx) -> Result<Response, AppError> {
    ctx.require(Role::Admin)?;
    let typed = {
        let store = state.store();
        let cat = store.catalogue();
        let c = cat.contact.clone().unwrap_or_default();
        SchemeForm { csrf: String::new(), name: cat.scheme_name.clone(), phone: c.phone, email: c.email, web: c.web }
    };
    render(&ctx, typed, ctx.flash.clone(), None)
}

/// `POST /admin/scheme`: save and publish.
pub async fn save(
    State(state): State<Shared>,
    ctx: Ctx,
    body: Result<Form<SchemeForm>, FormRejection>,
) -> Result<Response, AppError> {
    let f = form(&ctx, body)?;
    ctx.check_csrf(&f.csrf)?;
    let admin = ctx.require(Role::Admin)?.username.clone();
    let contact = SchemeContact { phone: f.phone.clone(), email: f.email.clone(), web: f.web.clone() };
    let result = catalogue::apply(&mut state.store(), &admin, state.now(), |d| d.set_scheme(&f.name, contact));
    match result {
        Ok(((), version)) => {
            Ok(see_other("/admin/scheme", &ctx.t.get_with("cat-saved", &[("version", &version.to_string())])))
        }
        Err(ChangeError::Refused(refusal)) => {
            let message = refusal.message_id().map_or_else(|| refusal.to_string(), |id| ctx.t.get(id));
            render(&ctx, f, None, Some(message))
        }
        // Saved, but only the root key could sign the bundle (SPEC §6.6).
        Err(ChangeError::Store(e)) => Err(AppError::publish(ctx.lang, e)),
        Err(e) => Err(ctx.internal(e)),
    }
}
