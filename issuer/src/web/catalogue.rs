//! The administrator's catalogue page: venues, card types and their
//! benefits, added, edited and removed. This file reads the forms and shows
//! the pages; the changes, their rules and what they do are
//! [`crate::catalogue`]'s (shared with `issuer catalogue --import`). Every
//! change is saved and published at once as a new trust bundle (version +
//! 1). Removing something takes two steps: a GET shows a page that says
//! what will happen, and its form's POST does it.

use super::Shared;
use super::ctx::{Ctx, see_other};
use super::error::{AppError, AppErrorKind};
use super::pages::{Nav, form_page, page};
use crate::accounts::Role;
use crate::catalogue::card_types::CardTypeFields;
use crate::catalogue::offers::OfferFields;
use crate::catalogue::venues::{VenueFields, removal_effects};
use crate::catalogue::{self, ChangeError, Draft, Refusal};
use crate::i18n::Messages;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use fluent_bundle::FluentValue;
use shared::Day;
use shared::model::{Benefit, CardType, CardTypeId, Catalogue, Category, Period, Quota, ValidityRule, Venue, name_in};

/// Quota rows a benefit form offers (more when a benefit already has more).
const QUOTA_ROWS: usize = 3;

/// The periods that empty quota rows start with, in this order.
const ROW_PERIODS: [&str; 5] = ["week", "month", "year", "day", "validity"];

/// The fields of an urlencoded form body or query (repeated names kept).
struct Fields(Vec<(String, String)>);

impl Fields {
    fn parse(body: &[u8]) -> Fields {
        Fields(form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).take(500).collect())
    }

    fn query(q: &Option<String>) -> Fields {
        Fields::parse(q.as_deref().unwrap_or("").as_bytes())
    }

    fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
    }

    fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }
}

/// One quota row of a benefit form, as typed.
#[derive(Debug, Clone)]
pub struct QuotaRow {
    count: String,
    per: String,
}

/// Pad quota rows to [`QUOTA_ROWS`] with empty rows, plus one empty row
/// when every row is filled and a period is still free.
fn pad_quota_rows(mut rows: Vec<QuotaRow>) -> Vec<QuotaRow> {
    rows.truncate(Period::ALL.len());
    let free = |rows: &[QuotaRow]| ROW_PERIODS.iter().find(|p| !rows.iter().any(|r| r.per == **p)).copied();
    while rows.len() < QUOTA_ROWS {
        let per = free(&rows).unwrap_or("week");
        rows.push(QuotaRow { count: String::new(), per: per.into() });
    }
    if rows.len() < Period::ALL.len()
        && rows.iter().all(|r| !r.count.is_empty())
        && let Some(per) = free(&rows)
    {
        rows.push(QuotaRow { count: String::new(), per: per.into() });
    }
    rows
}

/// Values typed into the forms, kept when a form is refused.
#[derive(Debug)]
pub struct Typed {
    venue_name: String,
    venue_id: String,
    category: String,
    address: String,
    name_nb: String,
    name_en: String,
    age_min: String,
    age_max: String,
    validity: String,
    days: String,
    fixed_from: String,
    fixed_until: String,
    card_type: String,
    benefit_nb: String,
    benefit_en: String,
    quotas: Vec<QuotaRow>,
    venues: Vec<String>,
    companion: bool,
}

impl Default for Typed {
    fn default() -> Typed {
        Typed {
            venue_name: String::new(),
            venue_id: String::new(),
            category: "cinema".into(),
            address: String::new(),
            name_nb: String::new(),
            name_en: String::new(),
            age_min: "0".into(),
            age_max: "18".into(),
            validity: "calendar_year".into(),
            days: String::new(),
            fixed_from: String::new(),
            fixed_until: String::new(),
            card_type: String::new(),
            benefit_nb: String::new(),
            benefit_en: String::new(),
            quotas: pad_quota_rows(vec![QuotaRow { count: "1".into(), per: "week".into() }]),
            venues: Vec::new(),
            companion: false,
        }
    }
}

fn clip(s: &str, n: usize) -> String {
    s.trim().chars().take(n).collect()
}

impl Typed {
    fn from(f: &Fields) -> Typed {
        let d = Typed::default();
        let or = |v: &str, default: String| if v.is_empty() { default } else { clip(v, 100) };
        let (counts, pers) = (f.all("quota_count"), f.all("quota_per"));
        let rows = (0..counts.len().max(pers.len()))
            .map(|i| QuotaRow {
                count: clip(counts.get(i).copied().unwrap_or(""), 10),
                per: pers.get(i).map_or("week".to_string(), |p| clip(p, 10)),
            })
            .collect();
        Typed {
            venue_name: clip(f.get("name"), 100),
            venue_id: clip(f.get("id"), 64),
            category: or(f.get("category"), d.category),
            address: clip(f.get("address"), 200),
            name_nb: clip(f.get("name_nb"), 100),
            name_en: clip(f.get("name_en"), 100),
            age_min: or(f.get("age_min"), d.age_min),
            age_max: or(f.get("age_max"), d.age_max),
            validity: or(f.get("validity"), d.validity),
            days: clip(f.get("days"), 10),
            fixed_from: clip(f.get("fixed_from"), 20),
            fixed_until: clip(f.get("fixed_until"), 20),
            card_type: clip(f.get("card_type"), 10),
            benefit_nb: clip(f.get("name_nb"), 60),
            benefit_en: clip(f.get("name_en"), 60),
            quotas: pad_quota_rows(rows),
            venues: f.all("venue").into_iter().take(100).map(|v| clip(v, 64)).collect(),
            companion: f.get("companion_free") == "yes",
        }
    }

    fn of_venue(v: &Venue) -> Typed {
        Typed {
            venue_name: v.name.clone(),
            venue_id: v.id.clone(),
            category: v.category.code().into(),
            address: v.address.clone(),
            ..Typed::default()
        }
    }

    fn of_card_type(ct: &CardType) -> Typed {
        let (validity, days, fixed_from, fixed_until) = match ct.validity {
            ValidityRule::CalendarYear => ("calendar_year", String::new(), String::new(), String::new()),
            ValidityRule::Days { days } => ("days", days.to_string(), String::new(), String::new()),
            ValidityRule::Fixed { from, until } => ("fixed", String::new(), from.to_string(), until.to_string()),
        };
        Typed {
            name_nb: ct.names.get("nb").cloned().unwrap_or_default(),
            name_en: ct.names.get("en").cloned().unwrap_or_default(),
            age_min: ct.age_min.to_string(),
            age_max: ct.age_max.to_string(),
            validity: validity.into(),
            days,
            fixed_from,
            fixed_until,
            ..Typed::default()
        }
    }

    fn of_benefit(b: &Benefit) -> Typed {
        Typed {
            benefit_nb: b.names.get("nb").cloned().unwrap_or_default(),
            benefit_en: b.names.get("en").cloned().unwrap_or_default(),
            quotas: pad_quota_rows(
                b.quotas.iter().map(|q| QuotaRow { count: q.count.to_string(), per: q.per.code().into() }).collect(),
            ),
            venues: b.venues.clone(),
            companion: b.companion_free,
            ..Typed::default()
        }
    }
}

/// A venue row.
#[derive(Debug)]
pub struct VenueRow {
    id: String,
    name: String,
    category: String,
    address: String,
}

/// A venue checkbox of a benefit form.
#[derive(Debug)]
pub struct VenueChoice {
    id: String,
    name: String,
    checked: bool,
}

/// A benefit of a card type, for display.
#[derive(Debug)]
pub struct BenefitRow {
    id: String,
    name: String,
    text: String,
}

/// A card type with its benefits, for display.
#[derive(Debug)]
pub struct CardTypeRow {
    id: u16,
    name: String,
    details: String,
    benefits: Vec<BenefitRow>,
}

#[derive(Template)]
#[template(path = "catalogue.html")]
struct CataloguePage {
    t: &'static Messages,
    nav: Nav,
    csrf: String,
    venues: Vec<VenueRow>,
    venue_choices: Vec<VenueChoice>,
    card_types: Vec<CardTypeRow>,
    categories: Vec<(&'static str, String)>,
    periods: Vec<(&'static str, String)>,
    typed: Typed,
    notice: Option<String>,
    error: Option<String>,
}

fn validity_text(t: &Messages, v: &ValidityRule) -> String {
    match v {
        ValidityRule::CalendarYear => t.get("validity-calendar-year"),
        ValidityRule::Days { days } => format!("{days} × {}", t.get("period-day")),
        ValidityRule::Fixed { from, until } => format!("{}–{}", from.display_nb(), until.display_nb()),
    }
}

fn categories(t: &Messages) -> Vec<(&'static str, String)> {
    Category::ALL.iter().map(|c| (c.code(), t.get(&format!("category-{}", c.code())))).collect()
}

fn periods(t: &Messages) -> Vec<(&'static str, String)> {
    Period::ALL.iter().map(|p| (p.code(), t.get(&format!("period-{}", p.code())))).collect()
}

fn venue_choices(cat: &Catalogue, checked: &[String]) -> Vec<VenueChoice> {
    cat.venues
        .iter()
        .map(|v| VenueChoice { id: v.id.clone(), name: v.name.clone(), checked: checked.contains(&v.id) })
        .collect()
}

fn benefit_text(t: &Messages, lang: &str, cat: &Catalogue, b: &Benefit) -> String {
    let quotas: Vec<String> =
        b.quotas.iter().map(|q| format!("{} / {}", q.count, t.get(&format!("period-{}", q.per.code())))).collect();
    let venues: Vec<String> = b.venues.iter().map(|v| cat.venue(v).map_or(v.clone(), |v| v.name.clone())).collect();
    let companion = if b.companion_free { format!(" · {}", t.get("field-companion-free")) } else { String::new() };
    format!("{}: {} · {}{companion}", name_in(&b.names, lang), quotas.join(", "), venues.join(", "))
}

fn render(
    state: &Shared,
    ctx: &Ctx,
    typed: Typed,
    notice: Option<String>,
    error: Option<String>,
) -> Result<Response, AppError> {
    let admin = ctx.require(Role::Admin)?;
    let cat = state.store().catalogue().clone();
    let t = ctx.t;
    let lang = ctx.lang.tag();
    let p = CataloguePage {
        t,
        nav: Nav::of(ctx),
        csrf: admin.csrf.clone(),
        venues: cat
            .venues
            .iter()
            .map(|v| VenueRow {
                id: v.id.clone(),
                name: v.name.clone(),
                category: t.get(&format!("category-{}", v.category.code())),
                address: v.address.clone(),
            })
            .collect(),
        venue_choices: venue_choices(&cat, &typed.venues),
        card_types: cat
            .card_types
            .iter()
            .map(|ct| CardTypeRow {
                id: ct.id.0,
                name: name_in(&ct.names, lang).to_string(),
                details: t.get_with(
                    "ct-details",
                    &[
                        ("min", &ct.age_min.to_string()),
                        ("max", &ct.age_max.to_string()),
                        ("validity", &validity_text(t, &ct.validity)),
                    ],
                ),
                benefits: ct
                    .benefits
                    .iter()
                    .map(|b| BenefitRow {
                        id: b.id.clone(),
                        name: name_in(&b.names, lang).to_string(),
                        text: benefit_text(t, lang, &cat, b),
                    })
                    .collect(),
            })
            .collect(),
        categories: categories(t),
        periods: periods(t),
        typed,
        notice,
        error: error.clone(),
    };
    form_page(ctx, p, error.is_some())
}

/// `GET /admin/catalogue`.
pub async fn catalogue(State(state): State<Shared>, ctx: Ctx) -> Result<Response, AppError> {
    render(&state, &ctx, Typed::default(), ctx.flash.clone(), None)
}

/// Check the form's CSRF token and role; its fields.
fn admin_form(ctx: &Ctx, body: &Bytes) -> Result<(Fields, String), AppError> {
    let f = Fields::parse(body);
    ctx.check_csrf(f.get("csrf"))?;
    let admin = ctx.require(Role::Admin)?.username.clone();
    Ok((f, admin))
}

/// Apply `change` (see [`catalogue::apply`]): the change's result and the
/// new bundle version, or why it was refused.
fn apply<T>(
    state: &Shared,
    ctx: &Ctx,
    admin: &str,
    change: impl FnOnce(&mut Draft) -> Result<T, Refusal>,
) -> Result<Result<(T, u64), Refusal>, AppError> {
    let now = state.now();
    match catalogue::apply(&mut state.store(), admin, now, change) {
        Ok(done) => Ok(Ok(done)),
        Err(ChangeError::Refused(refusal)) => Ok(Err(refusal)),
        Err(e) => Err(ctx.internal(e)),
    }
}

/// The text that says why a change was refused.
fn refusal_text(ctx: &Ctx, refusal: &Refusal) -> String {
    refusal.message_id().map_or_else(|| refusal.to_string(), |id| ctx.t.get(id))
}

fn saved(ctx: &Ctx, version: u64) -> String {
    ctx.t.get_with("cat-saved", &[("version", &version.to_string())])
}

/// Apply an addition; show the catalogue page either way (with what was
/// typed when refused).
fn change(
    state: &Shared,
    ctx: &Ctx,
    f: &Fields,
    admin: &str,
    change: impl FnOnce(&mut Draft) -> Result<(), Refusal>,
) -> Result<Response, AppError> {
    match apply(state, ctx, admin, change)? {
        Ok(((), version)) => Ok(see_other("/admin/catalogue", &saved(ctx, version))),
        Err(refusal) => render(state, ctx, Typed::from(f), None, Some(refusal_text(ctx, &refusal))),
    }
}

/// The venue fields of a form: name, category, address.
fn venue_input(f: &Fields) -> VenueFields {
    VenueFields {
        name: f.get("name").trim().to_string(),
        category: Category::from_code(f.get("category")).unwrap_or(Category::Other),
        address: f.get("address").trim().to_string(),
    }
}

/// `POST /admin/venues`.
pub async fn add_venue(State(state): State<Shared>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let (f, admin) = admin_form(&ctx, &body)?;
    let id = f.get("id").trim().to_string();
    let input = venue_input(&f);
    change(&state, &ctx, &f, &admin, |d| d.add_venue(id, input))
}

/// The card type fields of a form. A number or date that does not parse
/// becomes one that [`CardTypeFields::check`] refuses with the same
/// message, so the rules are checked in one place and in their order.
fn card_type_input(f: &Fields) -> CardTypeFields {
    let (nb, en) = (f.get("name_nb").trim().to_string(), f.get("name_en").trim().to_string());
    let (age_min, age_max) = match (f.get("age_min").trim().parse::<u8>(), f.get("age_max").trim().parse::<u8>()) {
        (Ok(min), Ok(max)) => (min, max),
        _ => (u8::MAX, 0),
    };
    let validity = match f.get("validity") {
        "days" => ValidityRule::Days { days: f.get("days").trim().parse::<u32>().unwrap_or(0) },
        "fixed" => match (Day::parse(f.get("fixed_from").trim()), Day::parse(f.get("fixed_until").trim())) {
            (Ok(from), Ok(until)) => ValidityRule::Fixed { from, until },
            _ => ValidityRule::Fixed { from: Day(1), until: Day(0) },
        },
        _ => ValidityRule::CalendarYear,
    };
    CardTypeFields { nb, en, age_min, age_max, validity }
}

/// `POST /admin/card-types`.
pub async fn add_card_type(State(state): State<Shared>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let (f, admin) = admin_form(&ctx, &body)?;
    let input = card_type_input(&f);
    change(&state, &ctx, &f, &admin, |d| d.add_card_type(input).map(|_| ()))
}

/// The quota rows of a benefit form: rows without a count are ignored. A
/// count that is not a number, or a period that is not one, becomes a
/// count that [`catalogue::offers::push_quota`] refuses with the same
/// message.
fn quotas_input(f: &Fields) -> Vec<Quota> {
    let pers = f.all("quota_per");
    let mut quotas = Vec::new();
    for (i, count) in f.all("quota_count").into_iter().enumerate() {
        let count = count.trim();
        if count.is_empty() {
            continue;
        }
        let per = match pers.get(i).map(|p| p.trim()) {
            None | Some("") => Some(Period::Week),
            Some(p) => Period::from_code(p),
        };
        match (count.parse::<u32>(), per) {
            (Ok(count), Some(per)) => quotas.push(Quota { count, per }),
            _ => quotas.push(Quota { count: 0, per: Period::Week }),
        }
    }
    quotas
}

/// The benefit fields of a form.
fn benefit_input(f: &Fields) -> OfferFields {
    let mut venues: Vec<String> = Vec::new();
    for v in f.all("venue").into_iter().map(str::trim) {
        if !venues.iter().any(|x| x == v) {
            venues.push(v.to_string());
        }
    }
    OfferFields {
        nb: f.get("name_nb").trim().to_string(),
        en: f.get("name_en").trim().to_string(),
        venues,
        quotas: quotas_input(f),
        companion_free: f.get("companion_free") == "yes",
    }
}

/// `POST /admin/benefits`.
pub async fn add_benefit(State(state): State<Shared>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let (f, admin) = admin_form(&ctx, &body)?;
    let card_type = f.get("card_type").trim().parse::<u16>().ok();
    let input = benefit_input(&f);
    change(&state, &ctx, &f, &admin, |d| d.add_offer(card_type.map(CardTypeId), input))
}

// ---------------------------------------------------------------------------
// Editing and removing.

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
}

/// The venue edit page, or `None` if there is no such venue.
fn venue_edit_page(
    state: &Shared,
    ctx: &Ctx,
    id: &str,
    typed: Option<Typed>,
    error: Option<String>,
) -> Result<Option<Response>, AppError> {
    let admin = ctx.require(Role::Admin)?;
    let Some(venue) = state.store().catalogue().venue(id).cloned() else { return Ok(None) };
    let p = VenueEditPage {
        t: ctx.t,
        nav: Nav::of(ctx),
        csrf: admin.csrf.clone(),
        title: ctx.t.get_with("venue-edit-title", &[("name", &venue.name)]),
        id: venue.id.clone(),
        categories: categories(ctx.t),
        typed: typed.unwrap_or_else(|| Typed::of_venue(&venue)),
        error: error.clone(),
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
        d.edit_card_type(id.map(CardTypeId).ok_or(Refusal::CardTypeGone)?, input, confirmed)
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
        let issued = store.issued_of_type(ct.id).map_err(|e| ctx.internal(e))?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::offers::check_quotas;

    fn f(pairs: &[(&str, &str)]) -> Fields {
        Fields(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    /// The quotas of a form, as the catalogue's rules take them.
    fn quotas(f: &Fields) -> Result<Vec<Quota>, Refusal> {
        let quotas = quotas_input(f);
        check_quotas(&quotas).map(|()| quotas)
    }

    #[test]
    fn quota_rows() {
        let q = |n, per| Quota { count: n, per };
        let form = f(&[
            ("quota_count", "1"),
            ("quota_per", "week"),
            ("quota_count", ""),
            ("quota_per", "month"),
            ("quota_count", " 10 "),
            ("quota_per", "validity"),
        ]);
        assert_eq!(quotas(&form), Ok(vec![q(1, Period::Week), q(10, Period::Validity)]));
        assert_eq!(quotas(&f(&[("quota_count", "2")])), Ok(vec![q(2, Period::Week)]));
        assert_eq!(quotas(&f(&[("quota_count", ""), ("quota_per", "week")])), Err(Refusal::QuotaNone));
        assert_eq!(quotas(&f(&[])), Err(Refusal::QuotaNone));
        let twice = f(&[("quota_count", "1"), ("quota_per", "week"), ("quota_count", "2"), ("quota_per", "week")]);
        assert_eq!(quotas(&twice), Err(Refusal::QuotaTwice));
        assert_eq!(quotas(&f(&[("quota_count", "1001")])), Err(Refusal::Quota));
        assert_eq!(quotas(&f(&[("quota_count", "1"), ("quota_per", "fortnight")])), Err(Refusal::Quota));
        assert_eq!(quotas(&f(&[("quota_count", "many")])), Err(Refusal::Quota));
        // Rows are padded to three; a full form gets one more row.
        let rows = pad_quota_rows(vec![QuotaRow { count: "1".into(), per: "month".into() }]);
        let pers: Vec<&str> = rows.iter().map(|r| r.per.as_str()).collect();
        assert_eq!(pers, ["month", "week", "year"]);
        let full = ["week", "month", "year"].map(|p| QuotaRow { count: "1".into(), per: p.into() }).to_vec();
        assert_eq!(pad_quota_rows(full).len(), 4);
    }

    #[test]
    fn card_type_fields_that_do_not_parse_are_refused_like_out_of_range_ones() {
        let form = |age_min, validity, days| {
            f(&[("name_nb", "Kort"), ("age_min", age_min), ("age_max", "13"), ("validity", validity), ("days", days)])
        };
        assert_eq!(card_type_input(&form("0", "days", "30")).check(), Ok(()));
        assert_eq!(card_type_input(&form("x", "days", "30")).check(), Err(Refusal::Age));
        assert_eq!(card_type_input(&form("14", "days", "30")).check(), Err(Refusal::Age));
        assert_eq!(card_type_input(&form("0", "days", "x")).check(), Err(Refusal::Days));
        assert_eq!(card_type_input(&form("0", "days", "367")).check(), Err(Refusal::Days));
        assert_eq!(card_type_input(&form("0", "fixed", "")).check(), Err(Refusal::Fixed));
    }
}
