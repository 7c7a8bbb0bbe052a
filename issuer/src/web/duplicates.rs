//! The duplicate check on the web (the rule is [`crate::duplicates`]'s):
//! the issue form's extra fields and the refusals' texts (shared with the
//! JSON API), and the administrator's page that switches the check on or
//! off for a card type (`/admin/card-types/duplicate-check`).

use super::Shared;
use super::ctx::{Ctx, see_other};
use super::error::{AppError, AppErrorKind};
use super::pages::{Nav, page};
use crate::IssuerError;
use crate::accounts::Role;
use crate::duplicates::{CheckInput, OverrideReason, Recorded, Refused, check_and_record};
use crate::i18n::Messages;
use crate::issue::IssuedCard;
use crate::store::duplicates::Month;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use shared::model::name_in;
use shared::{CardTypeId, Day, Timestamp};

/// The issue form's duplicate-check fields (shown when any card type has
/// the check). The national identity number is never filled in again.
#[derive(Debug)]
pub struct DupFields {
    /// Which card types ask for the number, and why.
    pub intro: String,
    /// The override reasons: code, text, chosen.
    pub reasons: Vec<(&'static str, String, bool)>,
    /// The lost card's number, as typed.
    pub old_card: String,
    /// Show the override part open (after a duplicate was refused).
    pub open: bool,
}

impl DupFields {
    /// The fields for `ctx`'s language, or `None` when no card type has
    /// the check.
    pub fn of(state: &Shared, ctx: &Ctx, reason: &str, old_card: &str, open: bool) -> Option<DupFields> {
        let store = state.store();
        let on = store.duplicates().enabled().ok()?;
        let names: Vec<String> = store
            .catalogue()
            .card_types
            .iter()
            .filter(|ct| on.contains(&ct.id))
            .map(|ct| name_in(&ct.names, ctx.lang.tag()).to_string())
            .collect();
        if names.is_empty() {
            return None;
        }
        let reasons = OverrideReason::ALL.iter().map(|r| (r.code(), ctx.t.get(r.message_id()), r.code() == reason));
        Some(DupFields {
            intro: ctx.t.get_with("dup-intro", &[("types", &names.join(", "))]),
            reasons: reasons.collect(),
            old_card: old_card.chars().take(40).collect(),
            open: open || !reason.is_empty(),
        })
    }
}

/// A month as the caseworker reads it ("desember 2026", "December 2026").
pub fn month_text(t: &Messages, month: Month) -> String {
    let (year, m) = month.year_month();
    t.get_with("dup-month", &[("month", &format!("m{m}")), ("year", &year.to_string())])
}

/// The API code and the message of a refusal of the check.
pub fn refusal(t: &Messages, r: &Refused) -> (&'static str, String) {
    use crate::duplicates::national_id::NationalIdError as E;
    match r {
        Refused::NationalIdMissing => ("national_id_missing", t.get("dup-error-missing")),
        Refused::NationalIdNotAsked => ("national_id_not_asked", t.get("dup-error-not-asked")),
        Refused::NationalId(e) => {
            let code = match e {
                E::Format => "national_id_format",
                E::Date => "national_id_date",
                E::CheckDigit => "national_id_check_digit",
            };
            (code, t.get(e.message_id()))
        }
        Refused::OneAtATime => ("one_at_a_time", t.get("dup-error-one")),
        Refused::Duplicate { agency, month } => {
            ("duplicate", t.get_with("dup-error-duplicate", &[("agency", agency), ("month", &month_text(t, *month))]))
        }
        Refused::UnknownReason => ("unknown_reason", t.get("dup-error-reason")),
        Refused::OldCardNumber(shared::wire::CardNumberError::Format) => {
            ("old_card_number", t.get("dup-error-old-card"))
        }
        Refused::OldCardNumber(shared::wire::CardNumberError::Check) => ("old_card_number", t.get("block-error-check")),
    }
}

/// The check for `cards` just signed (one request's), by `agency`'s
/// `actor`: see [`check_and_record`].
pub fn check(
    state: &Shared,
    cards: &[IssuedCard],
    card_type: CardTypeId,
    input: &CheckInput,
    (agency, actor): (i64, &str),
    now: Timestamp,
) -> Result<Recorded, IssuerError> {
    let day = |s: Option<&String>| s.and_then(|s| Day::parse(s).ok()).unwrap_or(now.oslo_day());
    let window = (day(cards.first().map(|c| &c.valid_from)), day(cards.first().map(|c| &c.valid_until)));
    let count = u32::try_from(cards.len()).unwrap_or(u32::MAX);
    check_and_record(&state.store(), card_type, count, window, input, agency, actor, now)
}

/// [`check`] for a sheet of the card types `types` (a sibling sheet has
/// several; the check allows none of its card types there, see
/// [`crate::duplicates::no_sibling_sheet`]).
pub fn check_sheet(
    state: &Shared,
    cards: &[IssuedCard],
    types: &[CardTypeId],
    input: &CheckInput,
    who: (i64, &str),
    now: Timestamp,
) -> Result<Recorded, IssuerError> {
    match types {
        [card_type] => check(state, cards, *card_type, input, who, now),
        _ => crate::duplicates::no_sibling_sheet(&state.store(), types, input).map(|()| Recorded::default()),
    }
}

/// Take back what [`check`] recorded for cards that were then not handed
/// out (the entry; a blocked lost card stays blocked).
pub fn take_back(state: &Shared, recorded: &Recorded) {
    if let Some(entry) = &recorded.entry
        && let Err(e) = state.store().duplicates().forget(entry)
    {
        tracing::error!(error = %e, "a duplicate-check entry of a card not handed out was not removed");
    }
}

#[derive(Template)]
#[template(path = "duplicate_check.html")]
struct SwitchPage {
    t: &'static Messages,
    nav: Nav,
    csrf: String,
    id: u16,
    name: String,
    on: bool,
    status: String,
    notice: Option<String>,
}

/// `GET /admin/card-types/duplicate-check?id=N`: whether card type N has
/// the check, with a form to switch it.
pub async fn switch_page(State(state): State<Shared>, ctx: Ctx, RawQuery(q): RawQuery) -> Result<Response, AppError> {
    let admin = ctx.require(Role::Admin)?;
    let id = form_urlencoded::parse(q.as_deref().unwrap_or("").as_bytes())
        .find(|(k, _)| k == "id")
        .and_then(|(_, v)| v.trim().parse::<u16>().ok());
    let store = state.store();
    let ct = id.and_then(|id| store.catalogue().card_type(CardTypeId(id)).cloned());
    let Some(ct) = ct else { return Err(ctx.error(AppErrorKind::NotFound)) };
    let on = store.duplicates().is_on(ct.id).map_err(|e| ctx.internal(e))?;
    let entries = store.duplicates().entries(ct.id).map_err(|e| ctx.internal(e))?;
    drop(store);
    let status = if on {
        ctx.t.get_with("dup-admin-status-on", &[("count", &entries.to_string())])
    } else {
        ctx.t.get("dup-admin-status-off")
    };
    let p = SwitchPage {
        t: ctx.t,
        nav: Nav::of(&ctx),
        csrf: admin.csrf.clone(),
        id: ct.id.0,
        name: name_in(&ct.names, ctx.lang.tag()).to_string(),
        on,
        status,
        notice: ctx.flash.clone(),
    };
    page(&ctx, p, None)
}

/// `POST /admin/card-types/duplicate-check`: `id`, and `on=yes` to switch
/// it on (absent: off, which deletes the card type's entries).
pub async fn switch(State(state): State<Shared>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let fields: Vec<(String, String)> = form_urlencoded::parse(&body).map(|(k, v)| (k.into(), v.into())).collect();
    let get = |name: &str| fields.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str());
    ctx.check_csrf(get("csrf"))?;
    let actor = ctx.require(Role::Admin)?.username.clone();
    let Ok(id) = get("id").trim().parse::<u16>() else { return Err(ctx.error(AppErrorKind::BadRequest)) };
    let on = get("on") == "yes";
    let store = state.store();
    if store.catalogue().card_type(CardTypeId(id)).is_none() {
        return Err(ctx.error(AppErrorKind::NotFound));
    }
    let (_, deleted) = store.duplicates().set(CardTypeId(id), on, &actor, state.now()).map_err(|e| ctx.internal(e))?;
    if deleted > 0 {
        store.checkpoint();
    }
    drop(store);
    let notice = if on {
        ctx.t.get("dup-admin-saved-on")
    } else {
        ctx.t.get_with("dup-admin-saved-off", &[("count", &deleted.to_string())])
    };
    Ok(see_other(&format!("/admin/card-types/duplicate-check?id={id}"), &notice))
}
