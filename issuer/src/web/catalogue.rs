//! The administrator's catalogue page: venues, card types and their
//! benefits, added, edited and removed. Every change is checked, saved and
//! published at once as a new trust bundle (version + 1). Removing
//! something takes two steps: a GET shows a page that says what will
//! happen, and its form's POST does it.
//!
//! What stays fixed: a venue's id (its verifier is set up with it), a card
//! type's number (carried in every card; never handed out again, see
//! [`crate::store::CatalogueEditor::next_card_type_id`]) and a benefit's id (quotas are
//! counted per benefit id).

use super::Shared;
use super::ctx::{Ctx, see_other};
use super::error::{AppError, AppErrorKind};
use super::pages::{Nav, form_page, page};
use crate::accounts::Role;
use crate::i18n::Messages;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use fluent_bundle::FluentValue;
use shared::Day;
use shared::model::{
    Benefit, CardType, CardTypeId, Catalogue, Category, Names, Period, Quota, ValidityRule, Venue, is_valid_slug,
    name_in,
};

pub(crate) const CATEGORIES: [(&str, Category); 9] = [
    ("cinema", Category::Cinema),
    ("swimming", Category::Swimming),
    ("museum", Category::Museum),
    ("theatre", Category::Theatre),
    ("amusement", Category::Amusement),
    ("activity", Category::Activity),
    ("event", Category::Event),
    ("transport", Category::Transport),
    ("other", Category::Other),
];

const PERIODS: [(&str, Period); 5] = [
    ("day", Period::Day),
    ("week", Period::Week),
    ("month", Period::Month),
    ("year", Period::Year),
    ("validity", Period::Validity),
];

/// Quota rows a benefit form offers (more when a benefit already has more).
const QUOTA_ROWS: usize = 3;

/// The periods that empty quota rows start with, in this order.
const ROW_PERIODS: [&str; 5] = ["week", "month", "year", "day", "validity"];

pub(crate) fn category_key(c: Category) -> &'static str {
    CATEGORIES.iter().find(|(_, x)| *x == c).map_or("other", |(k, _)| k)
}

pub(crate) fn period_key(p: Period) -> &'static str {
    PERIODS.iter().find(|(_, x)| *x == p).map_or("week", |(k, _)| k)
}

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
    rows.truncate(PERIODS.len());
    let free = |rows: &[QuotaRow]| ROW_PERIODS.iter().find(|p| !rows.iter().any(|r| r.per == **p)).copied();
    while rows.len() < QUOTA_ROWS {
        let per = free(&rows).unwrap_or("week");
        rows.push(QuotaRow { count: String::new(), per: per.into() });
    }
    if rows.len() < PERIODS.len()
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
            category: category_key(v.category).into(),
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
                b.quotas
                    .iter()
                    .map(|q| QuotaRow { count: q.count.to_string(), per: period_key(q.per).into() })
                    .collect(),
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
    CATEGORIES.iter().map(|(k, _)| (*k, t.get(&format!("category-{k}")))).collect()
}

fn periods(t: &Messages) -> Vec<(&'static str, String)> {
    PERIODS.iter().map(|(k, _)| (*k, t.get(&format!("period-{k}")))).collect()
}

fn venue_choices(cat: &Catalogue, checked: &[String]) -> Vec<VenueChoice> {
    cat.venues
        .iter()
        .map(|v| VenueChoice { id: v.id.clone(), name: v.name.clone(), checked: checked.contains(&v.id) })
        .collect()
}

fn benefit_text(t: &Messages, lang: &str, cat: &Catalogue, b: &Benefit) -> String {
    let quotas: Vec<String> =
        b.quotas.iter().map(|q| format!("{} / {}", q.count, t.get(&format!("period-{}", period_key(q.per))))).collect();
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
                category: t.get(&format!("category-{}", category_key(v.category))),
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

/// A catalogue being changed.
struct Draft {
    /// The catalogue to change.
    cat: Catalogue,
    /// The number for a new card type (`None` when used up).
    next_card_type: Option<CardTypeId>,
    /// What changed, for the audit log (English, like the rest of the log).
    note: String,
}

/// Why a change was refused: the message id (when it is one of ours) and
/// the text to show.
struct Refused {
    id: Option<&'static str>,
    message: String,
}

/// Apply `change` to the catalogue; on success save and publish, and
/// return the change's result and the new bundle version. The change
/// returns a message id for a refusal.
fn apply<T>(
    state: &Shared,
    ctx: &Ctx,
    admin: &str,
    change: impl FnOnce(&mut Draft) -> Result<T, &'static str>,
) -> Result<Result<(T, u64), Refused>, AppError> {
    let now = state.now();
    let mut store = state.store();
    let next_card_type = store.catalogue_mut().next_card_type_id().map_err(|e| ctx.internal(e))?;
    let mut draft = Draft { cat: store.catalogue().clone(), next_card_type, note: String::new() };
    let out = match change(&mut draft) {
        Ok(out) => out,
        Err(id) => return Ok(Err(Refused { id: Some(id), message: ctx.t.get(id) })),
    };
    match store.catalogue_mut().replace_noting(draft.cat, &draft.note, admin, now) {
        Ok(()) => {}
        Err(crate::IssuerError::InvalidCatalogue(e)) => return Ok(Err(Refused { id: None, message: e.to_string() })),
        Err(e) => return Err(ctx.internal(e)),
    }
    store.bundles().publish(admin, now).map_err(|e| ctx.internal(e))?;
    let version = store.bundles().latest().map_err(|e| ctx.internal(e))?.map_or(0, |(v, _)| v);
    Ok(Ok((out, version)))
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
    change: impl FnOnce(&mut Draft) -> Result<(), &'static str>,
) -> Result<Response, AppError> {
    match apply(state, ctx, admin, change)? {
        Ok(((), version)) => Ok(see_other("/admin/catalogue", &saved(ctx, version))),
        Err(refused) => render(state, ctx, Typed::from(f), None, Some(refused.message)),
    }
}

/// The venue fields of a form: name, category, address.
fn venue_input(f: &Fields) -> Result<(String, Category, String), &'static str> {
    let name = f.get("name").trim().to_string();
    let category = CATEGORIES.iter().find(|(k, _)| *k == f.get("category")).map_or(Category::Other, |(_, c)| *c);
    let address = f.get("address").trim().to_string();
    if name.is_empty() || name.chars().count() > 100 || address.chars().count() > 200 {
        return Err("error-venue-name");
    }
    Ok((name, category, address))
}

/// `POST /admin/venues`.
pub async fn add_venue(State(state): State<Shared>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let (f, admin) = admin_form(&ctx, &body)?;
    let id = f.get("id").trim().to_string();
    let input = venue_input(&f);
    change(&state, &ctx, &f, &admin, |d| {
        let (name, category, address) = input?;
        if !is_valid_slug(&id) || d.cat.venue(&id).is_some() {
            return Err("error-venue-id");
        }
        d.note = format!("added venue {id}");
        d.cat.venues.push(Venue { id, name, category, address });
        Ok(())
    })
}

fn names(nb: &str, en: &str) -> Names {
    let mut n = Names::new();
    n.insert("nb".into(), nb.to_string());
    if !en.is_empty() {
        n.insert("en".into(), en.to_string());
    }
    n
}

/// Set the bokmål and English names, keeping any other language's.
fn set_names(n: &mut Names, nb: &str, en: &str) {
    n.insert("nb".into(), nb.to_string());
    if en.is_empty() {
        n.remove("en");
    } else {
        n.insert("en".into(), en.to_string());
    }
}

/// The card type fields of a form, checked.
struct CardTypeInput {
    nb: String,
    en: String,
    age_min: u8,
    age_max: u8,
    validity: ValidityRule,
}

fn card_type_input(f: &Fields) -> Result<CardTypeInput, &'static str> {
    let (nb, en) = (f.get("name_nb").trim().to_string(), f.get("name_en").trim().to_string());
    if nb.is_empty() || nb.chars().count() > 100 || en.chars().count() > 100 {
        return Err("error-ct-name");
    }
    let (Ok(age_min), Ok(age_max)) = (f.get("age_min").trim().parse::<u8>(), f.get("age_max").trim().parse::<u8>())
    else {
        return Err("error-age");
    };
    if age_min > age_max || age_max > 25 {
        return Err("error-age");
    }
    let validity = match f.get("validity") {
        "days" => match f.get("days").trim().parse::<u32>() {
            Ok(days) if (1..=366).contains(&days) => ValidityRule::Days { days },
            _ => return Err("error-days"),
        },
        "fixed" => match (Day::parse(f.get("fixed_from").trim()), Day::parse(f.get("fixed_until").trim())) {
            (Ok(from), Ok(until)) if from <= until => ValidityRule::Fixed { from, until },
            _ => return Err("error-fixed"),
        },
        _ => ValidityRule::CalendarYear,
    };
    Ok(CardTypeInput { nb, en, age_min, age_max, validity })
}

/// `POST /admin/card-types`.
pub async fn add_card_type(State(state): State<Shared>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let (f, admin) = admin_form(&ctx, &body)?;
    let input = card_type_input(&f);
    change(&state, &ctx, &f, &admin, |d| {
        let i = input?;
        let id = d.next_card_type.ok_or("error-ct-numbers")?;
        d.note = format!("added card type {}", id.0);
        d.cat.card_types.push(CardType {
            id,
            names: names(&i.nb, &i.en),
            age_min: i.age_min,
            age_max: i.age_max,
            validity: i.validity,
            benefits: Vec::new(),
        });
        Ok(())
    })
}

/// A benefit id from its name: `Kino` → `kino`, `Svømming` → `svomming`.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.to_lowercase().chars() {
        match c {
            'a'..='z' | '0'..='9' => out.push(c),
            'æ' => out.push_str("ae"),
            'ø' | 'ö' => out.push('o'),
            'å' | 'ä' | 'á' | 'à' => out.push('a'),
            'é' | 'è' => out.push('e'),
            _ if !out.ends_with('-') && !out.is_empty() => out.push('-'),
            _ => {}
        }
    }
    out.trim_end_matches('-').chars().take(64).collect()
}

/// The quota rows of a benefit form: rows without a count are ignored; at
/// least one row, each with a count of 1–1000 and its own period.
fn quotas_input(f: &Fields) -> Result<Vec<Quota>, &'static str> {
    let pers = f.all("quota_per");
    let mut quotas: Vec<Quota> = Vec::new();
    for (i, count) in f.all("quota_count").into_iter().enumerate() {
        let count = count.trim();
        if count.is_empty() {
            continue;
        }
        let count = count.parse::<u32>().ok().filter(|n| (1..=1000).contains(n)).ok_or("error-quota")?;
        let per = match pers.get(i).map(|p| p.trim()) {
            None | Some("") => Period::Week,
            Some(p) => PERIODS.iter().find(|(k, _)| *k == p).map(|(_, per)| *per).ok_or("error-quota")?,
        };
        if quotas.iter().any(|q| q.per == per) {
            return Err("error-quota-twice");
        }
        quotas.push(Quota { count, per });
    }
    if quotas.is_empty() {
        return Err("error-quota-none");
    }
    Ok(quotas)
}

/// The benefit fields of a form (not yet checked against the catalogue).
struct BenefitInput {
    nb: String,
    en: String,
    venues: Vec<String>,
    quotas: Result<Vec<Quota>, &'static str>,
    companion_free: bool,
}

fn benefit_input(f: &Fields) -> BenefitInput {
    let mut venues: Vec<String> = Vec::new();
    for v in f.all("venue").into_iter().map(str::trim) {
        if !venues.iter().any(|x| x == v) {
            venues.push(v.to_string());
        }
    }
    BenefitInput {
        nb: f.get("name_nb").trim().to_string(),
        en: f.get("name_en").trim().to_string(),
        venues,
        quotas: quotas_input(f),
        companion_free: f.get("companion_free") == "yes",
    }
}

impl BenefitInput {
    /// Check the names, venues and quotas; the quotas.
    fn check(&self, cat: &Catalogue) -> Result<Vec<Quota>, &'static str> {
        if self.nb.is_empty() || self.nb.chars().count() > 60 || self.en.chars().count() > 60 {
            return Err("error-benefit-name");
        }
        if self.venues.is_empty() || self.venues.iter().any(|v| cat.venue(v).is_none()) {
            return Err("error-benefit-venues");
        }
        self.quotas.clone()
    }
}

/// `POST /admin/benefits`.
pub async fn add_benefit(State(state): State<Shared>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let (f, admin) = admin_form(&ctx, &body)?;
    let card_type = f.get("card_type").trim().parse::<u16>().ok();
    let input = benefit_input(&f);
    change(&state, &ctx, &f, &admin, |d| {
        let ct_index = card_type
            .and_then(|id| d.cat.card_types.iter().position(|c| c.id.0 == id))
            .ok_or("error-card-type-missing")?;
        let id = slug(&input.nb);
        if id.is_empty() {
            return Err("error-benefit-name");
        }
        let quotas = input.check(&d.cat)?;
        let ct = &mut d.cat.card_types[ct_index];
        if ct.benefits.iter().any(|b| b.id == id) {
            return Err("error-benefit-exists");
        }
        d.note = format!("added offer {id} to card type {}", ct.id.0);
        ct.benefits.push(Benefit {
            id,
            names: names(&input.nb, &input.en),
            venues: input.venues,
            quotas,
            companion_free: input.companion_free,
        });
        Ok(())
    })
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
    let result = apply(&state, &ctx, &admin, |d| {
        let venue = d.cat.venues.iter_mut().find(|v| v.id == id).ok_or("error-venue-gone")?;
        (venue.name, venue.category, venue.address) = input?;
        d.note = format!("edited venue {id}");
        Ok(())
    })?;
    match result {
        Ok(((), version)) => Ok(see_other("/admin/catalogue", &saved(&ctx, version))),
        Err(refused) => match venue_edit_page(&state, &ctx, &id, Some(Typed::from(&f)), Some(refused.message.clone()))?
        {
            Some(res) => Ok(res),
            None => render(&state, &ctx, Typed::default(), None, Some(refused.message)),
        },
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

/// What removing a venue does to the benefits: (card type name, benefit
/// name, whether the benefit goes too because it has no other venue).
fn venue_removal_effects(cat: &Catalogue, venue: &str, lang: &str) -> Vec<(String, String, bool)> {
    cat.card_types
        .iter()
        .flat_map(|ct| {
            ct.benefits.iter().filter(|b| b.venues.iter().any(|v| v == venue)).map(|b| {
                (name_in(&ct.names, lang).to_string(), name_in(&b.names, lang).to_string(), b.venues.len() == 1)
            })
        })
        .collect()
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
    let effects = venue_removal_effects(&cat, &venue.id, ctx.lang.tag());
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
        let i = d.cat.venues.iter().position(|v| v.id == id).ok_or("error-venue-gone")?;
        let venue = d.cat.venues.remove(i);
        let mut gone = Vec::new();
        let mut gone_ids = Vec::new();
        for ct in &mut d.cat.card_types {
            for b in &mut ct.benefits {
                b.venues.retain(|v| *v != id);
            }
            for b in ct.benefits.iter().filter(|b| b.venues.is_empty()) {
                gone.push(format!("{}: {}", name_in(&ct.names, lang), name_in(&b.names, lang)));
                gone_ids.push(format!("{}/{}", ct.id.0, b.id));
            }
            ct.benefits.retain(|b| !b.venues.is_empty());
        }
        d.note = format!("removed venue {id}");
        if !gone_ids.is_empty() {
            d.note.push_str(&format!(" and offers {}", gone_ids.join(", ")));
        }
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
        Err(refused) => render(&state, &ctx, Typed::default(), None, Some(refused.message)),
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
    refused: Option<Refused>,
) -> Result<Option<Response>, AppError> {
    let admin = ctx.require(Role::Admin)?;
    let found = id.and_then(|id| state.store().catalogue().card_type(CardTypeId(id)).cloned());
    let Some(ct) = found else { return Ok(None) };
    let warn_narrower = refused.as_ref().is_some_and(|r| r.id == Some("error-validity-narrower"));
    let error = refused.map(|r| r.message);
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
        let ct = id.and_then(|id| d.cat.card_types.iter_mut().find(|c| c.id.0 == id)).ok_or("error-card-type-gone")?;
        let i = input?;
        if !confirmed && !i.validity.covers(ct.validity) {
            return Err("error-validity-narrower");
        }
        set_names(&mut ct.names, &i.nb, &i.en);
        (ct.age_min, ct.age_max, ct.validity) = (i.age_min, i.age_max, i.validity);
        d.note = format!("edited card type {}", ct.id.0);
        Ok(())
    })?;
    match result {
        Ok(((), version)) => Ok(see_other("/admin/catalogue", &saved(&ctx, version))),
        Err(refused) => {
            let message = refused.message.clone();
            match card_type_edit_page(&state, &ctx, id, Some(Typed::from(&f)), Some(refused))? {
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
        let i = id.and_then(|id| d.cat.card_types.iter().position(|c| c.id.0 == id)).ok_or("error-card-type-gone")?;
        let ct = d.cat.card_types.remove(i);
        d.note = format!("removed card type {}", ct.id.0);
        Ok(name_in(&ct.names, lang).to_string())
    })?;
    match result {
        Ok((name, version)) => {
            let notice = ctx.t.get_with("cat-ct-removed", &[("name", &name), ("version", &version.to_string())]);
            Ok(see_other("/admin/catalogue", &notice))
        }
        Err(refused) => render(&state, &ctx, Typed::default(), None, Some(refused.message)),
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
        let quotas = input.check(&d.cat);
        let ct = key.0.and_then(|id| d.cat.card_types.iter_mut().find(|c| c.id.0 == id)).ok_or("error-benefit-gone")?;
        let b = ct.benefits.iter_mut().find(|b| b.id == key.1).ok_or("error-benefit-gone")?;
        b.quotas = quotas?;
        set_names(&mut b.names, &input.nb, &input.en);
        b.venues = input.venues;
        b.companion_free = input.companion_free;
        d.note = format!("edited offer {} of card type {}", b.id, ct.id.0);
        Ok(())
    })?;
    match result {
        Ok(((), version)) => Ok(see_other("/admin/catalogue", &saved(&ctx, version))),
        Err(refused) => {
            match benefit_edit_page(&state, &ctx, &key, Some(Typed::from(&f)), Some(refused.message.clone()))? {
                Some(res) => Ok(res),
                None => render(&state, &ctx, Typed::default(), None, Some(refused.message)),
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
        let ct = key.0.and_then(|id| d.cat.card_types.iter_mut().find(|c| c.id.0 == id)).ok_or("error-benefit-gone")?;
        let i = ct.benefits.iter().position(|b| b.id == key.1).ok_or("error-benefit-gone")?;
        let b = ct.benefits.remove(i);
        d.note = format!("removed offer {} of card type {}", b.id, ct.id.0);
        Ok((name_in(&b.names, lang).to_string(), name_in(&ct.names, lang).to_string()))
    })?;
    match result {
        Ok(((name, cardtype), version)) => {
            let notice = ctx.t.get_with(
                "cat-benefit-removed",
                &[("name", &name), ("cardtype", &cardtype), ("version", &version.to_string())],
            );
            Ok(see_other("/admin/catalogue", &notice))
        }
        Err(refused) => render(&state, &ctx, Typed::default(), None, Some(refused.message)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(pairs: &[(&str, &str)]) -> Fields {
        Fields(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
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
        assert_eq!(quotas_input(&form), Ok(vec![q(1, Period::Week), q(10, Period::Validity)]));
        assert_eq!(quotas_input(&f(&[("quota_count", "2")])), Ok(vec![q(2, Period::Week)]));
        assert_eq!(quotas_input(&f(&[("quota_count", ""), ("quota_per", "week")])), Err("error-quota-none"));
        assert_eq!(quotas_input(&f(&[])), Err("error-quota-none"));
        let twice = f(&[("quota_count", "1"), ("quota_per", "week"), ("quota_count", "2"), ("quota_per", "week")]);
        assert_eq!(quotas_input(&twice), Err("error-quota-twice"));
        assert_eq!(quotas_input(&f(&[("quota_count", "1001")])), Err("error-quota"));
        assert_eq!(quotas_input(&f(&[("quota_count", "1"), ("quota_per", "fortnight")])), Err("error-quota"));
        // Rows are padded to three; a full form gets one more row.
        let rows = pad_quota_rows(vec![QuotaRow { count: "1".into(), per: "month".into() }]);
        let pers: Vec<&str> = rows.iter().map(|r| r.per.as_str()).collect();
        assert_eq!(pers, ["month", "week", "year"]);
        let full = ["week", "month", "year"].map(|p| QuotaRow { count: "1".into(), per: p.into() }).to_vec();
        assert_eq!(pad_quota_rows(full).len(), 4);
    }

    #[test]
    fn benefit_ids_from_names() {
        assert_eq!(slug("Svømming & bading"), "svomming-bading");
        assert_eq!(slug("Kino"), "kino");
        assert_eq!(slug("!!!"), "");
    }
}
