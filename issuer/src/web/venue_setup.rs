//! `GET /admin/venue-setup`: each venue's set-up code (the bundle URL, the
//! pinned root fingerprint and the venue id), as text and as a QR code,
//! for setting up the venue's verifier.

use super::Shared;
use super::ctx::Ctx;
use super::error::AppError;
use super::pages::{Nav, page};
use crate::accounts::Role;
use crate::i18n::Messages;
use askama::Template;
use axum::extract::State;
use axum::response::Response;

/// A venue's set-up code, for display.
#[derive(Debug)]
pub struct VenueSetupRow {
    id: String,
    name: String,
    text: String,
    svg: String,
}

#[derive(Template)]
#[template(path = "venue_setup.html")]
struct VenueSetupPage {
    t: &'static Messages,
    nav: Nav,
    venues: Vec<VenueSetupRow>,
}

/// `GET /admin/venue-setup`: each venue's set-up code as text and QR code.
pub async fn venue_setup(State(state): State<Shared>, ctx: Ctx) -> Result<Response, AppError> {
    ctx.require(Role::Admin)?;
    let (catalogue, root) = {
        let store = state.store();
        (store.catalogue().clone(), store.ring().root_fingerprint())
    };
    let bundle_url = format!("{}/bundle", catalogue.public_base_url.trim_end_matches('/'));
    let mut venues = Vec::with_capacity(catalogue.venues.len());
    for v in &catalogue.venues {
        let text = shared::setup::VenueSetup { bundle_url: bundle_url.clone(), root, venue: v.id.clone() }.to_text();
        let svg = shared::qr::encode(&text).map_err(|e| ctx.internal(format!("venue {}: {e}", v.id)))?.to_svg();
        venues.push(VenueSetupRow { id: v.id.clone(), name: v.name.clone(), text, svg });
    }
    page(&ctx, VenueSetupPage { t: ctx.t, nav: Nav::of(&ctx), venues }, None)
}
