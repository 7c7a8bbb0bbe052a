//! Editing and removing venues, card types and benefits: the edit pages
//! and the confirmation pages that say what a removal will do.

use super::{
    Fields, Typed, VenueChoice, admin_form, apply, benefit_input, card_type_input, categories, periods, refusal_text,
    render, saved, venue_choices, venue_input,
};
use crate::accounts::Role;
use crate::catalogue::Refusal;
use crate::catalogue::venues::removal_effects;
use crate::i18n::Messages;
use crate::web::Shared;
use crate::web::ctx::{Ctx, see_other};
use crate::web::error::{AppError, AppErrorKind};
use crate::web::pages::{Nav, form_page, page};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use fluent_bundle::FluentValue;
use shared::model::{Benefit, CardType, CardTypeId, Catalogue, name_in};

fn not_found(ctx: &Ctx) -> AppError {
    ctx.error(AppErrorKind::NotFound)
}

#[derive(Template)]
#[template(path = "venue_edit.html")]
struct VenueEditPage {
    t: &'static Messages,
    nav: Nav,
    csrf: String,
    title: String,
    id: String,
    categories: Vec<(&'static str, String)>,
    typed: Typed,
    error: Option<String>,
    /// The venue's ticket budgets and their form ([`super::budgets`]).
    budgets: super::budgets::BudgetForm,
}

/// The venue edit page, or `None` if there is no such venue.
pub(super) fn venue_edit_page(
    state: &Shared,
    ctx: &Ctx,
    id: &str,
    typed: Option<Typed>,
    error: Option<String>,
) -> Result<Option<Response>, AppError> {
    let admin = ctx.require(Role::Admin)?;
    let (venue, budgets) = {
        let store = state.store();
        let Some(venue) = store.catalogue().venue(id).cloned() else { return Ok(None) };
        let budgets = super::budgets::BudgetForm::of(store.catalogue(), &venue, ctx.t);
        (venue, budgets)
    };
    let p = VenueEditPage {
        t: ctx.t,
        nav: Nav::of(ctx),
        csrf: admin.csrf.clone(),
        title: ctx.t.get_with("venue-edit-title", &[("name", &venue.name)]),
        id: venue.id.clone(),
        categories: categories(ctx.t),
        typed: typed.unwrap_or_else(|| Typed::of_venue(&venue)),
        error: error.clone(),
        budgets,
    };
    form_page(ctx, p, error.is_some()).map(Some)
}

/// `GET /admin/venues/edit?id=…`.
pub async fn edit_venue_form(
    State(state): State<Shared>,
    ctx: Ctx,
    RawQuery(q): RawQuery,
) -> Result<Response, AppError> {
    ctx.require(Role::Admin)?;
    let q = Fields::query(&q);
    venue_edit_page(&state, &ctx, q.get("id"), None, None)?.ok_or_else(|| not_found(&ctx))
}

/// `POST /admin/venues/edit`: name, category and address (not the id).
pub async fn edit_venue(State(state): State<Shared>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let (f, admin) = admin_form(&ctx, &body)?;
    let id = f.get("id").trim().to_string();
    let input = venue_input(&f);
    let result = apply(&state, &ctx, &admin, |d| d.edit_venue(&id, input))?;
    match result {
        Ok(((), version)) => Ok(see_other("/admin/catalogue", &saved(&ctx, version))),
        Err(refusal) => {
            let message = refusal_text(&ctx, &refusal);
            match venue_edit_page(&state, &ctx, &id, Some(Typed::from(&f)), Some(message.clone()))? {
                Some(res) => Ok(res),
                None => render(&state, &ctx, Typed::default(), None, Some(message)),
            }
        }
    }
}

#[derive(Template)]
#[template(path = "confirm.html")]
struct ConfirmPage {
    t: &'static Messages,
    nav: Nav,
    csrf: String,
    title: String,
    before: Vec<String>,
    items: Vec<String>,
    after: Vec<String>,
    action: &'static str,
    hidden: Vec<(&'static str, String)>,
    button: String,
}

/// `GET /admin/venues/remove?id=…`: what removing the venue would do.
pub async fn remove_venue_confirm(
    State(state): State<Shared>,
    ctx: Ctx,
    RawQuery(q): RawQuery,
) -> Result<Response, AppError> {
    let admin = ctx.require(Role::Admin)?;
    let q = Fields::query(&q);
    let cat = state.store().catalogue().clone();
    let venue = cat.venue(q.get("id")).ok_or_else(|| not_found(&ctx))?;
    let t = ctx.t;
    let lang = ctx.lang.tag();
    let effects: Vec<(String, String, bool)> = removal_effects(&cat, &venue.id)
        .into_iter()
        .map(|(o, goes)| (name_in(&o.card_type, lang).to_string(), name_in(&o.offer, lang).to_string(), goes))
        .collect();
    let mut before = vec![t.get_with("venue-remove-intro", &[("name", &venue.name)])];
    before.push(t.get(if effects.is_empty() { "venue-remove-no-offers" } else { "venue-remove-offers" }));
    let items = effects
        .iter()
        .map(|(ct, b, goes)| {
            let line = format!("{ct}: {b}");
            if *goes { format!("{line} – {}", t.get("venue-remove-offer-goes")) } else { line }
        })
        .collect();
    let after = if effects.iter().any(|(_, _, goes)| *goes) { vec![t.get("venue-remove-goes-note")] } else { vec![] };
    let p = ConfirmPage {
        t,
        nav: Nav::of(&ctx),
        csrf: admin.csrf.clone(),
        title: t.get_with("venue-remove-title", &[("name", &venue.name)]),
        before,
        items,
        after,
        action: "/admin/venues/remove",
        hidden: vec![("id", venue.id.clone())],
        button: t.get_with("venue-remove-button", &[("name", &venue.name)]),
    };
    page(&ctx, p, None)
}

/// `POST /admin/venues/remove`: the venue goes from every benefit, and
/// benefits left with no venue go too.
pub async fn remove_venue(State(state): State<Shared>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let (f, admin) = admin_form(&ctx, &body)?;
    let id = f.get("id").trim().to_string();
    let lang = ctx.lang.tag();
    let result = apply(&state, &ctx, &admin, |d| {
        let (venue, gone) = d.remove_venue(&id)?;
        let gone: Vec<String> =
            gone.iter().map(|o| format!("{}: {}", name_in(&o.card_type, lang), name_in(&o.offer, lang))).collect();
        Ok((venue.name, gone))
    })?;
    match result {
        Ok(((name, gone), version)) => {
            let mut notice = ctx.t.get_with("cat-venue-removed", &[("name", &name), ("version", &version.to_string())]);
            if !gone.is_empty() {
                notice.push(' ');
                notice.push_str(&ctx.t.get_with("cat-offers-removed", &[("offers", &gone.join("; "))]));
            }
            Ok(see_other("/admin/catalogue", &notice))
        }
        Err(refusal) => render(&state, &ctx, Typed::default(), None, Some(refusal_text(&ctx, &refusal))),
    }
}

#[derive(Template)]
#[template(path = "card_type_edit.html")]
struct CardTypeEditPage {
    t: &'static Messages,
    nav: Nav,
    csrf: String,
    title: String,
    id: u16,
    typed: Typed,
    /// The new validity rule may refuse cards already handed out: ask to
    /// confirm.
    warn_narrower: bool,
    error: Option<String>,
}

/// The card type edit page, or `None` if there is no such card type.
fn card_type_edit_page(
    state: &Shared,
    ctx: &Ctx,
    id: Option<u16>,
    typed: Option<Typed>,
    refusal: Option<Refusal>,
) -> Result<Option<Response>, AppError> {
    let admin = ctx.require(Role::Admin)?;
    let found = id.and_then(|id| state.store().catalogue().card_type(CardTypeId(id)).cloned());
    let Some(ct) = found else { return Ok(None) };
    let warn_narrower = matches!(refusal, Some(Refusal::ValidityNarrower { .. }));
    let error = refusal.map(|r| refusal_text(ctx, &r));
    let p = CardTypeEditPage {
        t: ctx.t,
        nav: Nav::of(ctx),
        csrf: admin.csrf.clone(),
        title: ctx.t.get_with("ct-edit-title", &[("name", name_in(&ct.names, ctx.lang.tag()))]),
        id: ct.id.0,
        typed: typed.unwrap_or_else(|| Typed::of_card_type(&ct)),
        warn_narrower,
        error: error.clone(),
    };
    form_page(ctx, p, error.is_some()).map(Some)
}

/// `GET /admin/card-types/edit?id=…`.
pub async fn edit_card_type_form(
    State(state): State<Shared>,
    ctx: Ctx,
    RawQuery(q): RawQuery,
) -> Result<Response, AppError> {
    ctx.require(Role::Admin)?;
    let id = Fields::query(&q).get("id").trim().parse::<u16>().ok();
    card_type_edit_page(&state, &ctx, id, None, None)?.ok_or_else(|| not_found(&ctx))
}

/// `POST /admin/card-types/edit`: names, ages and validity rule (not the
/// number). A validity rule that would refuse cards already handed out
/// needs `confirm_narrower=yes`.
pub async fn edit_card_type(State(state): State<Shared>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let (f, admin) = admin_form(&ctx, &body)?;
    let id = f.get("id").trim().parse::<u16>().ok();
    let input = card_type_input(&f);
    let confirmed = f.get("confirm_narrower") == "yes";
    let result = apply(&state, &ctx, &admin, |d| {
        d.edit_card_type(id.map(CardTypeId).ok_or(Refusal::CardTypeGone)?, input?, confirmed)
    })?;
    match result {
        Ok(((), version)) => Ok(see_other("/admin/catalogue", &saved(&ctx, version))),
        Err(refusal) => {
            let message = refusal_text(&ctx, &refusal);
            match card_type_edit_page(&state, &ctx, id, Some(Typed::from(&f)), Some(refusal))? {
                Some(res) => Ok(res),
                None => render(&state, &ctx, Typed::default(), None, Some(message)),
            }
        }
    }
}

/// `GET /admin/card-types/remove?id=…`: how many cards of the type were
/// issued, and that venues will refuse them.
pub async fn remove_card_type_confirm(
    State(state): State<Shared>,
    ctx: Ctx,
    RawQuery(q): RawQuery,
) -> Result<Response, AppError> {
    let admin = ctx.require(Role::Admin)?;
    let id = Fields::query(&q).get("id").trim().parse::<u16>().ok();
    let (ct, issued) = {
        let store = state.store();
        let ct =
            id.and_then(|id| store.catalogue().card_type(CardTypeId(id)).cloned()).ok_or_else(|| not_found(&ctx))?;
        let issued = store.issuance().of_type(ct.id).map_err(|e| ctx.internal(e))?;
        (ct, issued)
    };
    let t = ctx.t;
    let name = name_in(&ct.names, ctx.lang.tag()).to_string();
    let p = ConfirmPage {
        t,
        nav: Nav::of(&ctx),
        csrf: admin.csrf.clone(),
        title: t.get_with("ct-remove-title", &[("name", &name)]),
        before: vec![
            t.format("ct-remove-issued", &[("count", FluentValue::from(issued))]),
            t.format("ct-remove-refused", &[("count", FluentValue::from(issued))]),
            t.get_with("ct-remove-number", &[("id", &ct.id.0.to_string())]),
        ],
        items: Vec::new(),
        after: Vec::new(),
        action: "/admin/card-types/remove",
        hidden: vec![("id", ct.id.0.to_string())],
        button: t.get_with("ct-remove-button", &[("name", &name)]),
    };
    page(&ctx, p, None)
}

/// `POST /admin/card-types/remove`: its number is never used again.
pub async fn remove_card_type(State(state): State<Shared>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let (f, admin) = admin_form(&ctx, &body)?;
    let id = f.get("id").trim().parse::<u16>().ok();
    let lang = ctx.lang.tag();
    let result = apply(&state, &ctx, &admin, |d| {
        let ct = d.remove_card_type(id.map(CardTypeId).ok_or(Refusal::CardTypeGone)?)?;
        Ok(name_in(&ct.names, lang).to_string())
    })?;
    match result {
        Ok((name, version)) => {
            let notice = ctx.t.get_with("cat-ct-removed", &[("name", &name), ("version", &version.to_string())]);
            Ok(see_other("/admin/catalogue", &notice))
        }
        Err(refusal) => render(&state, &ctx, Typed::default(), None, Some(refusal_text(&ctx, &refusal))),
    }
}

#[derive(Template)]
#[template(path = "benefit_edit.html")]
struct BenefitEditPage {
    t: &'static Messages,
    nav: Nav,
    csrf: String,
    title: String,
    card_type: u16,
    id: String,
    venue_choices: Vec<VenueChoice>,
    periods: Vec<(&'static str, String)>,
    typed: Typed,
    error: Option<String>,
}

/// Which benefit a query or form names: (card type number, benefit id).
fn benefit_key(f: &Fields) -> (Option<u16>, String) {
    (f.get("card_type").trim().parse::<u16>().ok(), f.get("id").trim().to_string())
}

fn find_benefit<'a>(cat: &'a Catalogue, card_type: Option<u16>, id: &str) -> Option<(&'a CardType, &'a Benefit)> {
    let ct = cat.card_type(CardTypeId(card_type?))?;
    Some((ct, ct.benefits.iter().find(|b| b.id == id)?))
}

/// The benefit edit page, or `None` if there is no such benefit.
fn benefit_edit_page(
    state: &Shared,
    ctx: &Ctx,
    key: &(Option<u16>, String),
    typed: Option<Typed>,
    error: Option<String>,
) -> Result<Option<Response>, AppError> {
    let admin = ctx.require(Role::Admin)?;
    let cat = state.store().catalogue().clone();
    let Some((ct, b)) = find_benefit(&cat, key.0, &key.1) else { return Ok(None) };
    let lang = ctx.lang.tag();
    let typed = typed.unwrap_or_else(|| Typed::of_benefit(b));
    let p = BenefitEditPage {
        t: ctx.t,
        nav: Nav::of(ctx),
        csrf: admin.csrf.clone(),
        title: ctx.t.get_with(
            "benefit-edit-title",
            &[("name", name_in(&b.names, lang)), ("cardtype", name_in(&ct.names, lang))],
        ),
        card_type: ct.id.0,
        id: b.id.clone(),
        venue_choices: venue_choices(&cat, &typed.venues),
        periods: periods(ctx.t),
        typed,
        error: error.clone(),
    };
    form_page(ctx, p, error.is_some()).map(Some)
}

/// `GET /admin/benefits/edit?card_type=…&id=…`.
pub async fn edit_benefit_form(
    State(state): State<Shared>,
    ctx: Ctx,
    RawQuery(q): RawQuery,
) -> Result<Response, AppError> {
    ctx.require(Role::Admin)?;
    let key = benefit_key(&Fields::query(&q));
    benefit_edit_page(&state, &ctx, &key, None, None)?.ok_or_else(|| not_found(&ctx))
}

/// `POST /admin/benefits/edit`: names, venues, quotas, companion (not the
/// id: quotas are counted per benefit id).
pub async fn edit_benefit(State(state): State<Shared>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let (f, admin) = admin_form(&ctx, &body)?;
    let key = benefit_key(&f);
    let input = benefit_input(&f);
    let result = apply(&state, &ctx, &admin, |d| {
        d.edit_offer(key.0.map(CardTypeId).ok_or(Refusal::BenefitGone)?, &key.1, input)
    })?;
    match result {
        Ok(((), version)) => Ok(see_other("/admin/catalogue", &saved(&ctx, version))),
        Err(refusal) => {
            let message = refusal_text(&ctx, &refusal);
            match benefit_edit_page(&state, &ctx, &key, Some(Typed::from(&f)), Some(message.clone()))? {
                Some(res) => Ok(res),
                None => render(&state, &ctx, Typed::default(), None, Some(message)),
            }
        }
    }
}

/// `GET /admin/benefits/remove?card_type=…&id=…`.
pub async fn remove_benefit_confirm(
    State(state): State<Shared>,
    ctx: Ctx,
    RawQuery(q): RawQuery,
) -> Result<Response, AppError> {
    let admin = ctx.require(Role::Admin)?;
    let key = benefit_key(&Fields::query(&q));
    let cat = state.store().catalogue().clone();
    let (ct, b) = find_benefit(&cat, key.0, &key.1).ok_or_else(|| not_found(&ctx))?;
    let (t, lang) = (ctx.t, ctx.lang.tag());
    let args = [("name", name_in(&b.names, lang)), ("cardtype", name_in(&ct.names, lang))];
    let p = ConfirmPage {
        t,
        nav: Nav::of(&ctx),
        csrf: admin.csrf.clone(),
        title: t.get_with("benefit-remove-title", &args),
        before: vec![t.get_with("benefit-remove-intro", &args)],
        items: Vec::new(),
        after: Vec::new(),
        action: "/admin/benefits/remove",
        hidden: vec![("card_type", ct.id.0.to_string()), ("id", b.id.clone())],
        button: t.get_with("benefit-remove-button", &args),
    };
    page(&ctx, p, None)
}

/// `POST /admin/benefits/remove`.
pub async fn remove_benefit(State(state): State<Shared>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let (f, admin) = admin_form(&ctx, &body)?;
    let key = benefit_key(&f);
    let lang = ctx.lang.tag();
    let result = apply(&state, &ctx, &admin, |d| {
        let (b, card_type) = d.remove_offer(key.0.map(CardTypeId).ok_or(Refusal::BenefitGone)?, &key.1)?;
        Ok((name_in(&b.names, lang).to_string(), name_in(&card_type, lang).to_string()))
    })?;
    match result {
        Ok(((name, cardtype), version)) => {
            let notice = ctx.t.get_with(
                "cat-benefit-removed",
                &[("name", &name), ("cardtype", &cardtype), ("version", &version.to_string())],
            );
            Ok(see_other("/admin/catalogue", &notice))
        }
        Err(refusal) => render(&state, &ctx, Typed::default(), None, Some(refusal_text(&ctx, &refusal))),
    }
}
