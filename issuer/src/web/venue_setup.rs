//! `GET/POST /admin/venue-setup`: set-up codes for the venues' verifiers.
//! A code holds the bundle URL, the pinned root fingerprint, the venue id
//! and a single-use registration code (SPEC §10, §13.4): the administrator
//! makes one per computer with a button, sees it once (text and QR code),
//! and the computer that uses it within 14 days gets its key approved.
//! Only the registration code's hash is kept, so a code cannot be shown
//! again: a new one is made instead.

use super::Shared;
use super::admin::when;
use super::ctx::Ctx;
use super::error::{AppError, AppErrorKind};
use super::pages::{Nav, form, page};
use crate::accounts::Role;
use crate::i18n::Messages;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::response::Response;
use serde::Deserialize;

/// A venue of the page, with its new set-up code if one was just made.
#[derive(Debug)]
pub struct VenueSetupRow {
    id: String,
    name: String,
    code: Option<NewCode>,
}

/// A set-up code just made: its text, QR code, and what to know about it
/// (when it expires).
#[derive(Debug)]
pub struct NewCode {
    text: String,
    svg: String,
    notice: String,
    /// The station page with the code in its fragment (SPEC §16.1): a phone
    /// opens it from its camera app and is a station.
    station_link: String,
    station_svg: String,
}

#[derive(Template)]
#[template(path = "venue_setup.html")]
struct VenueSetupPage {
    t: &'static Messages,
    nav: Nav,
    csrf: String,
    venues: Vec<VenueSetupRow>,
}

fn setup_page(state: &Shared, ctx: &Ctx, made: Option<(&str, NewCode)>) -> Result<Response, AppError> {
    let admin = ctx.require(Role::Admin)?;
    let catalogue = state.store().catalogue().clone();
    let mut made = made;
    let venues = catalogue
        .venues
        .iter()
        .map(|v| VenueSetupRow {
            id: v.id.clone(),
            name: v.name.clone(),
            code: made.take_if(|(id, _)| *id == v.id).map(|(_, code)| code),
        })
        .collect();
    page(ctx, VenueSetupPage { t: ctx.t, nav: Nav::of(ctx), csrf: admin.csrf.clone(), venues }, None)
}

/// `GET /admin/venue-setup`: the venues, each with a button for a new code.
pub async fn venue_setup(State(state): State<Shared>, ctx: Ctx) -> Result<Response, AppError> {
    setup_page(&state, &ctx, None)
}

/// The form of `POST /admin/venue-setup`.
#[derive(Debug, Deserialize)]
pub struct NewCodeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    venue: String,
}

/// `POST /admin/venue-setup`: a new set-up code for one venue, shown once.
pub async fn new_code(
    State(state): State<Shared>,
    ctx: Ctx,
    body: Result<Form<NewCodeForm>, FormRejection>,
) -> Result<Response, AppError> {
    let f = form(&ctx, body)?;
    ctx.check_csrf(&f.csrf)?;
    let admin = ctx.require(Role::Admin)?.username.clone();
    let now = state.now();
    let (bundle_url, root, made) = {
        let store = state.store();
        let cat = store.catalogue();
        if cat.venue(&f.venue).is_none() {
            return Err(ctx.error(AppErrorKind::NotFound));
        }
        let bundle_url = format!("{}/bundle", cat.public_base_url.trim_end_matches('/'));
        let root = store.ring().root_fingerprint();
        (bundle_url, root, store.usage().new_registration(&f.venue, &admin, now))
    };
    let (registration, expires) = made.map_err(|e| ctx.internal(e))?;
    let setup =
        shared::setup::VenueSetup { bundle_url, root, venue: f.venue.clone(), registration: Some(registration) };
    let text = setup.to_text();
    let svg = shared::qr::encode(&text).map_err(|e| ctx.internal(format!("venue {}: {e}", f.venue)))?.to_svg();
    let notice = ctx.t.get_with("setup-venues-made", &[("expires", &when(expires))]);
    let base = setup.bundle_url.trim_end_matches("/bundle");
    let station_link = format!("{base}/stasjon#{text}");
    let station_svg =
        shared::qr::encode(&station_link).map_err(|e| ctx.internal(format!("venue {}: {e}", f.venue)))?.to_svg();
    setup_page(&state, &ctx, Some((&f.venue, NewCode { text, svg, notice, station_link, station_svg })))
}
