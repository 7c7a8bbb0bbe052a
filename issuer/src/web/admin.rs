//! The administrator's staff page (agencies and users) and blocking a lost
//! card (administrators and caseworkers).

use super::Shared;
use super::ctx::{Ctx, see_other};
use super::error::AppError;
use super::pages::{Nav, form, form_page};
use crate::accounts::{AuthError, NewCredentials, Role};
use crate::blocking::{self, BlockError};
use crate::i18n::Messages;
use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse as _, Response};
use serde::Deserialize;
use shared::wire::CardNumberError;

/// A user row.
#[derive(Debug)]
pub struct UserRow {
    id: i64,
    name: String,
    role: String,
    agency: String,
    active: bool,
    status: String,
    is_self: bool,
}

/// An agency in the user form's list.
#[derive(Debug)]
pub struct AgencyOption {
    id: i64,
    name: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "staff.html")]
struct StaffPage {
    t: &'static Messages,
    nav: Nav,
    csrf: String,
    agencies: Vec<String>,
    agency_options: Vec<AgencyOption>,
    users: Vec<UserRow>,
    agency_name: String,
    username: String,
    role_admin: bool,
    notice: Option<String>,
    error: Option<String>,
}

/// What the forms on the staff page had typed (kept on error).
#[derive(Debug, Default)]
struct Typed {
    agency_name: String,
    username: String,
    role_admin: bool,
    agency: Option<i64>,
}

fn staff_page(
    state: &Shared,
    ctx: &Ctx,
    typed: Typed,
    notice: Option<String>,
    error: Option<String>,
) -> Result<Response, AppError> {
    let admin = ctx.require(Role::Admin)?;
    let store = state.store();
    let agencies = store.accounts().agencies().map_err(|e| ctx.internal(e))?;
    let users = store.accounts().staff_accounts().map_err(|e| ctx.internal(e))?;
    drop(store);
    let p = StaffPage {
        t: ctx.t,
        nav: Nav::of(ctx),
        csrf: admin.csrf.clone(),
        agencies: agencies.iter().map(|(_, n)| n.clone()).collect(),
        agency_options: agencies
            .iter()
            .map(|(id, name)| AgencyOption { id: *id, name: name.clone(), selected: typed.agency == Some(*id) })
            .collect(),
        users: users
            .into_iter()
            .map(|u| UserRow {
                id: u.id,
                is_self: u.id == admin.user_id,
                name: u.username,
                role: ctx.t.get(if u.role == Role::Admin { "role-admin" } else { "role-caseworker" }),
                agency: u.agency.unwrap_or_default(),
                active: u.active,
                status: ctx.t.get(if u.active { "staff-status-active" } else { "staff-status-inactive" }),
            })
            .collect(),
        agency_name: typed.agency_name.chars().take(100).collect(),
        username: typed.username.chars().take(64).collect(),
        role_admin: typed.role_admin,
        notice,
        error: error.clone(),
    };
    form_page(ctx, p, error.is_some())
}

/// `GET /admin/staff`.
pub async fn staff(State(state): State<Shared>, ctx: Ctx) -> Result<Response, AppError> {
    staff_page(&state, &ctx, Typed::default(), ctx.flash.clone(), None)
}

/// The add-agency form.
#[derive(Debug, Deserialize)]
pub struct AgencyForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
}

/// `POST /admin/agencies`.
pub async fn add_agency(
    State(state): State<Shared>,
    ctx: Ctx,
    body: Result<Form<AgencyForm>, FormRejection>,
) -> Result<Response, AppError> {
    let f = form(&ctx, body)?;
    ctx.check_csrf(&f.csrf)?;
    let admin = ctx.require(Role::Admin)?.username.clone();
    let now = state.now();
    let result = state.store().accounts().create_agency(&f.name, &admin, now);
    match result {
        Ok(_) => {
            let notice = ctx.t.get_with("staff-agency-added", &[("name", f.name.trim())]);
            Ok(see_other("/admin/staff", &notice))
        }
        Err(e @ (AuthError::BadAgencyName | AuthError::Name(_))) => {
            let id = if let AuthError::Name(p) = e { p.message_id() } else { "error-agency-name" };
            let typed = Typed { agency_name: f.name, ..Typed::default() };
            staff_page(&state, &ctx, typed, None, Some(ctx.t.get(id)))
        }
        Err(e) => Err(ctx.internal(e)),
    }
}

/// The add-user form.
#[derive(Debug, Deserialize)]
pub struct UserForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    password: String,
}

/// `POST /admin/users`.
pub async fn add_user(
    State(state): State<Shared>,
    ctx: Ctx,
    body: Result<Form<UserForm>, FormRejection>,
) -> Result<Response, AppError> {
    let f = form(&ctx, body)?;
    ctx.check_csrf(&f.csrf)?;
    let admin = ctx.require(Role::Admin)?.username.clone();
    let role = if f.role == "admin" { Role::Admin } else { Role::Caseworker };
    let agency = f.agency.trim().parse::<i64>().ok();
    let username = f.username.trim().to_string();
    let typed = Typed { username: username.clone(), role_admin: role == Role::Admin, agency, ..Typed::default() };
    let now = state.now();
    // Hashing is slow on purpose: done off the async workers, before the
    // store's lock is taken.
    // A first password: the user chooses their own at the first login, so
    // the administrator does not know it for long.
    let credentials = state.new_credentials(&username, &f.password).await.map(NewCredentials::first_password);
    let result = credentials.and_then(|c| state.store().accounts().create_user(&c, role, agency, &admin, now));
    let error = match result {
        Ok(_) => {
            let notice = ctx.t.get_with("staff-user-added", &[("name", &username)]);
            return Ok(see_other("/admin/staff", &notice));
        }
        Err(AuthError::BadUsername) => ctx.t.get("error-username"),
        Err(AuthError::Name(problem)) => ctx.t.get(problem.message_id()),
        Err(e @ (AuthError::WeakPassword | AuthError::GuessablePassword)) => super::pages::password_error(ctx.t, &e),
        Err(AuthError::UsernameTaken(name)) => ctx.t.get_with("error-username-taken", &[("name", &name)]),
        Err(AuthError::UnknownAgency) => ctx.t.get("error-agency-required"),
        Err(e) => return Err(ctx.internal(e)),
    };
    staff_page(&state, &ctx, typed, None, Some(error))
}

/// The deactivate and reactivate buttons' form.
#[derive(Debug, Deserialize)]
pub struct UserStatusForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    user: String,
}

fn set_active(
    state: &Shared,
    ctx: &Ctx,
    body: Result<Form<UserStatusForm>, FormRejection>,
    active: bool,
) -> Result<Response, AppError> {
    let f = form(ctx, body)?;
    ctx.check_csrf(&f.csrf)?;
    let admin = ctx.require(Role::Admin)?;
    let (admin_id, admin_name) = (admin.user_id, admin.username.clone());
    let now = state.now();
    let result = match f.user.trim().parse::<i64>() {
        Ok(id) => state.store().accounts().set_user_active(id, active, Some(admin_id), &admin_name, now),
        Err(_) => Err(AuthError::UnknownUser),
    };
    let error = match result {
        Ok((name, changed)) => {
            let id = match (active, changed) {
                (true, true) => "staff-reactivated",
                (false, true) => "staff-deactivated",
                (true, false) => "staff-already-active",
                (false, false) => "staff-already-inactive",
            };
            let notice = ctx.t.get_with(id, &[("name", &name)]);
            return Ok(see_other("/admin/staff", &notice));
        }
        Err(AuthError::UnknownUser) => ctx.t.get("error-user-unknown"),
        Err(AuthError::OwnAccount) => ctx.t.get("error-deactivate-self"),
        Err(AuthError::LastAdmin) => ctx.t.get("error-last-admin"),
        Err(e) => return Err(ctx.internal(e)),
    };
    staff_page(state, ctx, Typed::default(), None, Some(error))
}

/// `POST /admin/users/deactivate`: the user can no longer log in, and
/// their sessions end at once.
pub async fn deactivate_user(
    State(state): State<Shared>,
    ctx: Ctx,
    body: Result<Form<UserStatusForm>, FormRejection>,
) -> Result<Response, AppError> {
    set_active(&state, &ctx, body, false)
}

/// `POST /admin/users/reactivate`.
pub async fn reactivate_user(
    State(state): State<Shared>,
    ctx: Ctx,
    body: Result<Form<UserStatusForm>, FormRejection>,
) -> Result<Response, AppError> {
    set_active(&state, &ctx, body, true)
}

/// `POST /admin/users/reset-password`: give another user a random
/// temporary password, shown once on the page that answers; the user must
/// choose their own at their next login, and their sessions end. So the
/// administrator never knows anyone's lasting password.
pub async fn reset_password(
    State(state): State<Shared>,
    ctx: Ctx,
    body: Result<Form<UserStatusForm>, FormRejection>,
) -> Result<Response, AppError> {
    let f = form(&ctx, body)?;
    ctx.check_csrf(&f.csrf)?;
    let admin = ctx.require(Role::Admin)?;
    let (admin_id, admin_name) = (admin.user_id, admin.username.clone());
    let result = match f.user.trim().parse::<i64>() {
        Ok(id) => match state.temporary_password().await {
            Ok((password, hash)) => state
                .store()
                .accounts()
                .reset_password(id, &hash, admin_id, &admin_name, state.now())
                .map(|name| (name, password)),
            Err(e) => Err(e),
        },
        Err(_) => Err(AuthError::UnknownUser),
    };
    let (notice, error) = match result {
        Ok((name, password)) => {
            (Some(ctx.t.get_with("staff-password-reset", &[("name", &name), ("password", &password)])), None)
        }
        Err(AuthError::UnknownUser) => (None, Some(ctx.t.get("error-user-unknown"))),
        Err(AuthError::OwnPassword) => (None, Some(ctx.t.get("error-reset-self"))),
        Err(e) => return Err(ctx.internal(e)),
    };
    staff_page(&state, &ctx, Typed::default(), notice, error)
}

#[derive(Template)]
#[template(path = "block.html")]
struct BlockPage {
    t: &'static Messages,
    nav: Nav,
    csrf: String,
    card_number: String,
    notice: Option<String>,
    error: Option<String>,
    /// The most recent blocks, for an administrator (who may undo them):
    /// card number, when, by whom.
    blocks: Option<Vec<(String, String, String)>>,
}

/// Blocks listed for an administrator on the block page.
const RECENT_BLOCKS: u32 = 50;

fn block_page(
    state: &Shared,
    ctx: &Ctx,
    card_number: String,
    notice: Option<String>,
    error: Option<String>,
) -> Result<Response, AppError> {
    let user = ctx.user()?;
    let csrf = user.csrf.clone();
    let blocks = if user.role == Role::Admin {
        let recent = state.store().bundles().recent_revocations(RECENT_BLOCKS).map_err(|e| ctx.internal(e))?;
        Some(recent.into_iter().map(|(n, at, by)| (n.to_string(), when(at), by)).collect())
    } else {
        None
    };
    let refused = error.is_some();
    form_page(ctx, BlockPage { t: ctx.t, nav: Nav::of(ctx), csrf, card_number, notice, error, blocks }, refused)
}

/// `GET /block`: any logged-in staff member may block a lost card.
pub async fn block_form(State(state): State<Shared>, ctx: Ctx) -> Result<Response, AppError> {
    block_page(&state, &ctx, String::new(), ctx.flash.clone(), None)
}

/// The block and unblock forms.
#[derive(Debug, Deserialize)]
pub struct BlockForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    card_number: String,
    /// `yes` once the person confirmed on the page that says what happens.
    #[serde(default)]
    confirm: String,
}

#[derive(Template)]
#[template(path = "block_confirm.html")]
struct BlockConfirmPage {
    t: &'static Messages,
    nav: Nav,
    csrf: String,
    title: String,
    lines: Vec<String>,
    action: &'static str,
    card_number: String,
    button: String,
}

/// The message of a refused block or unblock; `None` for an error that is
/// ours, not the user's.
fn block_refusal(t: &Messages, e: &BlockError) -> Option<String> {
    Some(match e {
        BlockError::Number { source: CardNumberError::Format, .. } => t.get("block-error-format"),
        BlockError::Number { source: CardNumberError::Check, .. } => t.get("block-error-check"),
        BlockError::AlreadyBlocked(n) => t.get_with("block-already", &[("number", &n.to_string())]),
        BlockError::NotBlocked(n) => t.get_with("unblock-not-blocked", &[("number", &n.to_string())]),
        _ => return None,
    })
}

/// A block or unblock refused: the block page says why; publishing or the
/// database failing is ours.
fn refused(state: &Shared, ctx: &Ctx, typed: String, e: BlockError) -> Result<Response, AppError> {
    match (block_refusal(ctx.t, &e), e) {
        (Some(message), _) => block_page(state, ctx, typed, None, Some(message)),
        (None, BlockError::AdminOnly) => Err(ctx.error(super::error::AppErrorKind::Forbidden)),
        (None, BlockError::Publish(e)) => Err(AppError::publish(ctx.lang, e)),
        (None, e) => Err(ctx.internal(e)),
    }
}

/// `POST /block`: first a page that says what will happen and asks to
/// confirm; confirmed (`confirm=yes`), revoke the card and publish a new
/// bundle at once.
pub async fn block_submit(
    State(state): State<Shared>,
    ctx: Ctx,
    body: Result<Form<BlockForm>, FormRejection>,
) -> Result<Response, AppError> {
    let f = form(&ctx, body)?;
    ctx.user()?;
    ctx.check_csrf(&f.csrf)?;
    let user = ctx.user()?;
    let typed: String = f.card_number.chars().take(40).collect();
    let n = match blocking::parse(&f.card_number) {
        Ok(n) => n,
        Err(e) => return refused(&state, &ctx, typed, e),
    };
    let shown = n.to_string();
    let now = state.now();
    if f.confirm != "yes" {
        let already = state.store().bundles().is_revoked(n).map_err(|e| ctx.internal(e))?;
        if already {
            return refused(&state, &ctx, typed, BlockError::AlreadyBlocked(n));
        }
        let t = ctx.t;
        let p = BlockConfirmPage {
            t,
            nav: Nav::of(&ctx),
            csrf: user.csrf.clone(),
            title: t.get_with("block-confirm-title", &[("number", &shown)]),
            lines: ["block-confirm-venues", "block-confirm-phone", "block-confirm-undo"]
                .into_iter()
                .map(|id| t.get(id))
                .collect(),
            action: "/block",
            card_number: shown,
            button: t.get("block-button"),
        };
        return form_page(&ctx, p, false);
    }
    let result = blocking::block(&state.store(), n, &user.username, now);
    match result {
        Ok(version) => {
            let notice = ctx.t.get_with("block-done", &[("number", &shown), ("version", &version.to_string())]);
            Ok(see_other("/block", &notice))
        }
        Err(e) => refused(&state, &ctx, typed, e),
    }
}

/// The card number of the unblock confirmation's link.
#[derive(Debug, Deserialize)]
pub struct UnblockQuery {
    #[serde(default)]
    card: String,
}

/// `GET /admin/unblock?card=…`: what undoing the block does, and the
/// button that does it (administrators only).
pub async fn unblock_confirm(
    State(state): State<Shared>,
    ctx: Ctx,
    Query(q): Query<UnblockQuery>,
) -> Result<Response, AppError> {
    let admin = ctx.require(Role::Admin)?;
    let n = match blocking::parse(&q.card) {
        Ok(n) => n,
        Err(e) => return refused(&state, &ctx, String::new(), e),
    };
    if !state.store().bundles().is_revoked(n).map_err(|e| ctx.internal(e))? {
        return refused(&state, &ctx, String::new(), BlockError::NotBlocked(n));
    }
    let (t, shown) = (ctx.t, n.to_string());
    let p = BlockConfirmPage {
        t,
        nav: Nav::of(&ctx),
        csrf: admin.csrf.clone(),
        title: t.get_with("unblock-confirm-title", &[("number", &shown)]),
        lines: vec![t.get("unblock-confirm-venues"), t.get("unblock-confirm-phone")],
        action: "/admin/unblock",
        card_number: shown,
        button: t.get("unblock-button"),
    };
    form_page(&ctx, p, false)
}

/// `POST /admin/unblock`: undo a block and publish a bundle without it
/// (administrators only; the confirmation page sends `confirm=yes`).
pub async fn unblock_submit(
    State(state): State<Shared>,
    ctx: Ctx,
    body: Result<Form<BlockForm>, FormRejection>,
) -> Result<Response, AppError> {
    let f = form(&ctx, body)?;
    ctx.user()?;
    ctx.check_csrf(&f.csrf)?;
    let admin = ctx.require(Role::Admin)?;
    let typed: String = f.card_number.chars().take(40).collect();
    let n = match blocking::parse(&f.card_number) {
        Ok(n) => n,
        Err(e) => return refused(&state, &ctx, typed, e),
    };
    if f.confirm != "yes" {
        return Ok(axum::response::Redirect::to(&format!("/admin/unblock?card={n}")).into_response());
    }
    let result = blocking::unblock(&state.store(), n, admin.role, &admin.username, state.now());
    match result {
        Ok(version) => {
            let notice =
                ctx.t.get_with("unblock-done", &[("number", &n.to_string()), ("version", &version.to_string())]);
            Ok(see_other("/block", &notice))
        }
        Err(e) => refused(&state, &ctx, typed, e),
    }
}

#[derive(Template)]
#[template(path = "activity.html")]
struct ActivityPage {
    t: &'static Messages,
    nav: Nav,
    csrf: String,
    counts: Vec<(String, String, String, u64)>,
    root: String,
    keys: Vec<(String, String)>,
    audit: Vec<(String, String, String)>,
    notice: Option<String>,
    error: Option<String>,
}

pub(crate) fn when(ts: shared::Timestamp) -> String {
    let secs = ts.oslo_seconds_of_day();
    format!("{} {:02}:{:02}", ts.oslo_day().display_nb(), secs / 3600, secs / 60 % 60)
}

fn activity_page(
    state: &Shared,
    ctx: &Ctx,
    notice: Option<String>,
    error: Option<String>,
) -> Result<Response, AppError> {
    let admin = ctx.require(Role::Admin)?;
    let store = state.store();
    // While the root key is away, its delegation nearing its end (SPEC §6.6).
    let error = error.or_else(|| crate::backup::root_key::delegation_warning(store.ring(), state.now(), ctx.lang));
    let agencies = store.accounts().agencies().map_err(|e| ctx.internal(e))?;
    let agency_name =
        |id: i64| agencies.iter().find(|(a, _)| *a == id).map_or_else(|| "–".to_string(), |(_, n)| n.clone());
    let type_name = |id: shared::CardTypeId| {
        store
            .catalogue()
            .card_type(id)
            .map_or_else(|| id.0.to_string(), |ct| shared::model::name_in(&ct.names, ctx.lang.tag()).to_string())
    };
    // Sum the daily counts per month, agency and card type.
    let mut months: std::collections::BTreeMap<(String, i64, u16), u64> = std::collections::BTreeMap::new();
    for c in store.issuance().counts().map_err(|e| ctx.internal(e))? {
        let (y, m, _) = c.day.ymd();
        *months.entry((format!("{y:04}-{m:02}"), c.agency, c.card_type.0)).or_default() += c.count;
    }
    let counts = months
        .into_iter()
        .rev()
        .map(|((month, agency, ct), n)| (month, agency_name(agency), type_name(shared::CardTypeId(ct)), n))
        .collect();
    let keys = store
        .ring()
        .signing_keys()
        .iter()
        .rev()
        .map(|k| (k.key_id.to_string(), format!("{}–{}", k.valid_from.display_nb(), k.valid_until.display_nb())))
        .collect();
    let audit = store
        .audit()
        .recent(200)
        .map_err(|e| ctx.internal(e))?
        .into_iter()
        .map(|a| {
            // Issuance lines hold the day only (crate::store::issuance).
            let at = if a.action == "issue" { a.at.oslo_day().display_nb() } else { when(a.at) };
            (at, a.actor, format!("{}: {}", a.action, a.detail))
        })
        .collect();
    let p = ActivityPage {
        t: ctx.t,
        nav: Nav::of(ctx),
        csrf: admin.csrf.clone(),
        counts,
        root: store.ring().root_fingerprint().to_string(),
        keys,
        audit,
        notice,
        error: error.clone(),
    };
    drop(store);
    form_page(ctx, p, error.is_some())
}

/// `GET /admin/activity`: issuance counts, keys, audit log.
pub async fn activity(State(state): State<Shared>, ctx: Ctx) -> Result<Response, AppError> {
    activity_page(&state, &ctx, ctx.flash.clone(), None)
}

/// `POST /admin/keys/rotate-signing`: a new signing key from today,
/// published at once.
pub async fn rotate_signing(
    State(state): State<Shared>,
    ctx: Ctx,
    body: Result<Form<super::pages::CsrfOnly>, FormRejection>,
) -> Result<Response, AppError> {
    let f = form(&ctx, body)?;
    ctx.check_csrf(&f.csrf)?;
    let admin = ctx.require(Role::Admin)?.username.clone();
    let now = state.now();
    let notice = {
        let mut store = state.store();
        let key = store.keys().rotate_signing(&admin, now).map_err(|e| ctx.internal(e))?;
        store.bundles().publish(&admin, now).map_err(|e| AppError::publish(ctx.lang, e))?;
        let version = store.bundles().latest().map_err(|e| ctx.internal(e))?.map_or(0, |(v, _)| v);
        ctx.t.get_with("act-rotated", &[("key", &key.to_string()), ("version", &version.to_string())])
    };
    Ok(see_other("/admin/activity", &notice))
}

/// The root key rotation form: CSRF and the "I understand" checkbox.
#[derive(Debug, Deserialize)]
pub struct RotateRootForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /admin/keys/rotate-root`: a new root key, handed over from the
/// old one, published at once. Needs the confirmation box ticked.
pub async fn rotate_root(
    State(state): State<Shared>,
    ctx: Ctx,
    body: Result<Form<RotateRootForm>, FormRejection>,
) -> Result<Response, AppError> {
    let f = form(&ctx, body)?;
    ctx.check_csrf(&f.csrf)?;
    let admin = ctx.require(Role::Admin)?.username.clone();
    if f.confirm != "yes" {
        return activity_page(&state, &ctx, None, Some(ctx.t.get("error-rotate-root-confirm")));
    }
    let now = state.now();
    let notice = {
        let mut store = state.store();
        let fp = match store.keys().rotate_root(&admin, now) {
            // The root key kept offline (SPEC §6.6): say how to bring it back.
            Err(crate::IssuerError::Key(keys::KeyError::RootKeyOffline)) => {
                drop(store);
                return activity_page(&state, &ctx, None, Some(ctx.t.get("root-key-offline")));
            }
            r => r.map_err(|e| ctx.internal(e))?,
        };
        store.bundles().publish(&admin, now).map_err(|e| AppError::publish(ctx.lang, e))?;
        let version = store.bundles().latest().map_err(|e| ctx.internal(e))?.map_or(0, |(v, _)| v);
        ctx.t.get_with("act-root-rotated", &[("fingerprint", &fp.to_string()), ("version", &version.to_string())])
    };
    Ok(see_other("/admin/activity", &notice))
}
