//! `GET/POST /admin/venue-keys`: the administrator approves or rejects keys
//! that venues registered, revokes approved ones, and adds a key by pasting
//! its hex.

use super::Shared;
use super::admin::when;
use super::ctx::{Ctx, see_other};
use super::error::{AppError, AppErrorKind};
use super::pages::{Nav, form, form_page};
use super::reports::key_refusal;

use crate::accounts::Role;
use crate::i18n::Messages;
use crate::usage::KeyStatus;
use crate::usage_overview::venue_name;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::response::Response;
use serde::Deserialize;
use shared::Fingerprint;

/// A venue key as the page shows it.
#[derive(Debug)]
pub struct KeyRow {
    venue: String,
    venue_id: String,
    fingerprint: String,
    grouped: String,
    received: String,
    decided: String,
}

#[derive(Template)]
#[template(path = "venue_keys.html")]
struct KeysPage {
    t: &'static Messages,
    nav: Nav,
    csrf: String,
    pending: Vec<KeyRow>,
    approved: Vec<KeyRow>,
    revoked: Vec<KeyRow>,
    venues: Vec<(String, String, bool)>,
    typed_key: String,
    notice: Option<String>,
    error: Option<String>,
}

/// A fingerprint in groups of four hex digits, as `verifier key` shows it.
pub fn grouped(fp: &Fingerprint) -> String {
    let s = fp.to_string();
    s.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}

fn keys_page(
    state: &Shared,
    ctx: &Ctx,
    typed: (&str, &str),
    notice: Option<String>,
    error: Option<String>,
) -> Result<Response, AppError> {
    let admin = ctx.require(Role::Admin)?;
    let store = state.store();
    let keys = store.usage().venue_keys(state.now()).map_err(|e| ctx.internal(e))?;
    let cat = store.catalogue().clone();
    drop(store);
    let row = |k: &crate::usage::VenueKey| KeyRow {
        venue: venue_name(&cat, &k.venue_id),
        venue_id: k.venue_id.clone(),
        fingerprint: k.fingerprint.to_string(),
        grouped: grouped(&k.fingerprint),
        received: when(k.received_at),
        decided: match (&k.decided_at, &k.decided_by) {
            (Some(at), Some(by)) => format!("{} ({by})", when(*at)),
            _ => String::new(),
        },
    };
    let of = |s: KeyStatus| keys.iter().filter(|k| k.status == s).map(row).collect::<Vec<_>>();
    let p = KeysPage {
        t: ctx.t,
        nav: Nav::of(ctx),
        csrf: admin.csrf.clone(),
        pending: of(KeyStatus::Pending),
        approved: of(KeyStatus::Approved),
        revoked: of(KeyStatus::Revoked),
        venues: cat.venues.iter().map(|v| (v.id.clone(), v.name.clone(), v.id == typed.0)).collect(),
        typed_key: typed.1.chars().take(200).collect(),
        notice,
        error: error.clone(),
    };
    form_page(ctx, p, error.is_some())
}

/// `GET /admin/venue-keys`.
pub async fn venue_keys(State(state): State<Shared>, ctx: Ctx) -> Result<Response, AppError> {
    keys_page(&state, &ctx, ("", ""), ctx.flash.clone(), None)
}

/// The forms of the venue keys page.
#[derive(Debug, Deserialize)]
pub struct KeyForm {
    #[serde(default)]
    csrf: String,
    /// `approve`, `reject`, `revoke` or `add`.
    #[serde(default)]
    action: String,
    #[serde(default)]
    fingerprint: String,
    #[serde(default)]
    venue: String,
    #[serde(default)]
    public_key: String,
    /// `yes`: revoking is confirmed (it cannot be undone).
    #[serde(default)]
    confirm: String,
}

/// `POST /admin/venue-keys`.
pub async fn venue_key_action(
    State(state): State<Shared>,
    ctx: Ctx,
    body: Result<Form<KeyForm>, FormRejection>,
) -> Result<Response, AppError> {
    let f = form(&ctx, body)?;
    ctx.check_csrf(&f.csrf)?;
    let admin = ctx.require(Role::Admin)?.username.clone();
    let now = state.now();
    let t = ctx.t;
    let result = if f.action == "add" {
        let hex: String = f.public_key.chars().filter(|c| !c.is_whitespace()).take(200).collect();
        let key = shared::wire::hex_decode(&hex).unwrap_or_default();
        let venue = f.venue.trim();
        let r = state.store().usage().add_approved_venue_key(venue, &key, &admin, now);
        r.map(|fp| t.get_with("venue-key-added", &[("venue", venue), ("fingerprint", &grouped(&fp))]))
    } else {
        let fp = Fingerprint::parse(f.fingerprint.trim()).ok_or_else(|| ctx.error(AppErrorKind::BadRequest))?;
        let store = state.store();
        let (r, key) = match f.action.as_str() {
            "approve" => (store.usage().approve_venue_key(&fp, &admin, now), "venue-key-approved"),
            "reject" => (store.usage().reject_venue_key(&fp, &admin, now), "venue-key-rejected"),
            "revoke" if f.confirm != "yes" => {
                drop(store);
                return keys_page(&state, &ctx, ("", ""), None, Some(t.get("vk-revoke-unconfirmed")));
            }
            "revoke" => (store.usage().revoke_venue_key(&fp, &admin, now), "venue-key-revoked-done"),
            _ => return Err(ctx.error(AppErrorKind::BadRequest)),
        };
        r.map(|venue| t.get_with(key, &[("venue", &venue), ("fingerprint", &grouped(&fp))]))
    };
    match result {
        Ok(notice) => Ok(see_other("/admin/venue-keys", &notice)),
        Err(e) => match key_refusal(t, &e) {
            Some((_, _, message)) => keys_page(&state, &ctx, (f.venue.trim(), &f.public_key), None, Some(message)),
            None => Err(ctx.internal(e)),
        },
    }
}
