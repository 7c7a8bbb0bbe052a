//! The administrator's catalogue page: venues, card types and their
//! benefits, added, edited and removed. This file reads the forms and shows
//! the pages; the changes, their rules and what they do are
//! [`crate::catalogue`]'s (shared with `issuer catalogue --import`). Every
//! change is saved and published at once as a new trust bundle (version +
//! 1). Removing something takes two steps: a GET shows a page that says
//! what will happen, and its form's POST does it.

mod budgets;
mod edit;
mod langs;

pub use budgets::venue_budget;
pub use edit::{
    edit_benefit, edit_benefit_form, edit_card_type, edit_card_type_form, edit_venue, edit_venue_form, remove_benefit,
    remove_benefit_confirm, remove_card_type, remove_card_type_confirm, remove_venue, remove_venue_confirm,
};

use super::Shared;
use super::ctx::{Ctx, see_other};
use super::error::AppError;
use super::pages::{Nav, form_page};
use crate::accounts::Role;
use crate::catalogue::card_types::CardTypeFields;
use crate::catalogue::offers::OfferFields;
use crate::catalogue::venues::VenueFields;
use crate::catalogue::{self, ChangeError, Draft, Refusal};
use crate::i18n::Messages;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use langs::{LangInput, LangName};
use shared::model::{
    Benefit, CardType, CardTypeId, Catalogue, Category, Names, Period, Quota, ValidityRule, Venue, name_in,
};
use shared::{Day, RollOver};

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
    hours: Names,
    phone: String,
    web: String,
    map: String,
    names: Names,
    age_min: String,
    age_max: String,
    validity: String,
    days: String,
    fixed_from: String,
    fixed_until: String,
    card_type: String,
    roll_over: String,
    months: String,
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
            hours: Names::new(),
            phone: String::new(),
            web: String::new(),
            map: String::new(),
            names: Names::new(),
            age_min: "0".into(),
            age_max: "18".into(),
            validity: "calendar_year".into(),
            days: String::new(),
            fixed_from: String::new(),
            fixed_until: String::new(),
            card_type: String::new(),
            roll_over: String::new(),
            months: String::new(),
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
            hours: langs::read(f, "hours", 220),
            phone: clip(f.get("phone"), 40),
            web: clip(f.get("web"), 320),
            map: clip(f.get("map"), 320),
            names: langs::read(f, "name", 100),
            age_min: or(f.get("age_min"), d.age_min),
            age_max: or(f.get("age_max"), d.age_max),
            validity: or(f.get("validity"), d.validity),
            days: clip(f.get("days"), 10),
            fixed_from: clip(f.get("fixed_from"), 20),
            fixed_until: clip(f.get("fixed_until"), 20),
            card_type: clip(f.get("card_type"), 10),
            roll_over: clip(f.get("roll_over"), 10),
            months: clip(f.get("months"), 10),
            quotas: pad_quota_rows(rows),
            venues: f.all("venue").into_iter().take(100).map(|v| clip(v, 64)).collect(),
            companion: f.get("companion_free") == "yes",
        }
    }

    /// The name typed in language `tag`.
    fn name(&self, tag: &str) -> &str {
        self.names.get(tag).map_or("", String::as_str)
    }

    /// Inputs for the names in the languages other than bokmål and English.
    fn other_names(&self) -> Vec<LangInput> {
        langs::inputs(&self.names, &["nb", "en"])
    }

    /// Inputs for the opening hours in the languages other than bokmål.
    fn other_hours(&self) -> Vec<LangInput> {
        langs::inputs(&self.hours, &["nb"])
    }

    /// The opening hours typed in bokmål.
    fn hours_nb(&self) -> &str {
        self.hours.get("nb").map_or("", String::as_str)
    }

    fn of_venue(v: &Venue) -> Typed {
        Typed {
            venue_name: v.name.clone(),
            venue_id: v.id.clone(),
            category: v.category.code().into(),
            address: v.address.clone(),
            hours: v.opening_hours.clone(),
            phone: v.phone.clone(),
            web: v.web.clone(),
            map: v.map.clone(),
            ..Typed::default()
        }
    }

    fn of_card_type(ct: &CardType) -> Typed {
        let (validity, days, fixed_from, fixed_until) = match ct.validity {
            ValidityRule::CalendarYear { .. } => ("calendar_year", String::new(), String::new(), String::new()),
            ValidityRule::Days { days } => ("days", days.to_string(), String::new(), String::new()),
            ValidityRule::Fixed { from, until } => ("fixed", String::new(), from.to_string(), until.to_string()),
            ValidityRule::Months { .. } => ("months", String::new(), String::new(), String::new()),
        };
        let roll_over = match ct.validity {
            ValidityRule::CalendarYear { roll_over: Some(r) } => r.display_nb(),
            _ => String::new(),
        };
        let months = match ct.validity {
            ValidityRule::Months { months } => months.to_string(),
            _ => String::new(),
        };
        Typed {
            names: ct.names.clone(),
            age_min: ct.age_min.to_string(),
            age_max: ct.age_max.to_string(),
            validity: validity.into(),
            days,
            fixed_from,
            fixed_until,
            roll_over,
            months,
            ..Typed::default()
        }
    }

    fn of_benefit(b: &Benefit) -> Typed {
        Typed {
            names: b.names.clone(),
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
    /// What families see of the venue, in words ([`families_see`]).
    families_see: String,
}

/// What families see of `v`, as the venue table says it: its address and
/// the details given (opening hours, phone, web page, own map link), or
/// only the address and a map search for it.
fn families_see(t: &Messages, v: &shared::model::Venue) -> String {
    let given: Vec<String> = [
        (!v.opening_hours.is_empty(), "venue-shows-hours"),
        (!v.phone.is_empty(), "venue-shows-phone"),
        (!v.web.is_empty(), "venue-shows-web"),
        (!v.map.is_empty(), "venue-shows-map"),
    ]
    .into_iter()
    .filter(|(given, _)| *given)
    .map(|(_, id)| t.get(id))
    .collect();
    if given.is_empty() {
        t.get("venue-shows-address-only")
    } else {
        std::iter::once(t.get("venue-shows-address")).chain(given).collect::<Vec<_>>().join(", ")
    }
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
    langs: Vec<LangName>,
}

/// A card type with its benefits, for display.
#[derive(Debug)]
pub struct CardTypeRow {
    id: u16,
    name: String,
    details: String,
    langs: Vec<LangName>,
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
        ValidityRule::CalendarYear { roll_over: None } => t.get("validity-calendar-year"),
        ValidityRule::CalendarYear { roll_over: Some(r) } => {
            t.get_with("validity-roll-over", &[("date", &r.display_nb())])
        }
        ValidityRule::Days { days } => format!("{days} × {}", t.get("period-day")),
        ValidityRule::Fixed { from, until } => format!("{}–{}", from.display_nb(), until.display_nb()),
        ValidityRule::Months { months } => format!("{months} × {}", t.get("period-month")),
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
                families_see: families_see(t, v),
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
                langs: langs::overview(&ct.names),
                benefits: ct
                    .benefits
                    .iter()
                    .map(|b| BenefitRow {
                        id: b.id.clone(),
                        name: name_in(&b.names, lang).to_string(),
                        text: benefit_text(t, lang, &cat, b),
                        langs: langs::overview(&b.names),
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
        // Saved, but only the root key could sign the bundle (SPEC §6.6).
        Err(ChangeError::Store(e)) => Err(AppError::publish(ctx.lang, e)),
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

/// The venue fields of a form: name, category, address, opening hours,
/// phone, web and map links.
fn venue_input(f: &Fields) -> VenueFields {
    VenueFields {
        name: f.get("name").trim().to_string(),
        category: Category::from_code(f.get("category")).unwrap_or(Category::Other),
        address: f.get("address").trim().to_string(),
        opening_hours: langs::read(f, "hours", usize::MAX),
        phone: f.get("phone").trim().to_string(),
        web: f.get("web").trim().to_string(),
        map: f.get("map").trim().to_string(),
    }
}

/// `POST /admin/venues`. Without an id, nothing is saved: the form comes
/// back with the id made from the name
/// ([`crate::catalogue::venues::propose_id`]), to change or keep, since it
/// is fixed once the venue is added.
pub async fn add_venue(State(state): State<Shared>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let (f, admin) = admin_form(&ctx, &body)?;
    let id = f.get("id").trim().to_string();
    let input = venue_input(&f);
    if id.is_empty() {
        if let Err(refusal) = input.check() {
            return render(&state, &ctx, Typed::from(&f), None, Some(refusal_text(&ctx, &refusal)));
        }
        let proposed = crate::catalogue::venues::propose_id(state.store().catalogue(), &input.name);
        let notice = ctx.t.get_with("venue-id-proposed", &[("id", &proposed)]);
        return render(&state, &ctx, Typed { venue_id: proposed, ..Typed::from(&f) }, Some(notice), None);
    }
    change(&state, &ctx, &f, &admin, |d| d.add_venue(id, input))
}

/// The card type fields of a form. A number or date that does not parse
/// becomes one that [`CardTypeFields::check`] refuses with the same
/// message, so the rules are checked in one place and in their order; a
/// roll-over day that is not one is refused here ([`Refusal::RollOver`]).
fn card_type_input(f: &Fields) -> Result<CardTypeFields, Refusal> {
    let names = langs::read(f, "name", usize::MAX);
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
        "months" => ValidityRule::Months { months: f.get("months").trim().parse::<u32>().unwrap_or(0) },
        _ => match f.get("roll_over").trim() {
            "" => ValidityRule::CALENDAR_YEAR,
            typed => ValidityRule::CalendarYear { roll_over: Some(RollOver::parse(typed).ok_or(Refusal::RollOver)?) },
        },
    };
    Ok(CardTypeFields { names, age_min, age_max, validity })
}

/// `POST /admin/card-types`.
pub async fn add_card_type(State(state): State<Shared>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let (f, admin) = admin_form(&ctx, &body)?;
    let input = card_type_input(&f);
    change(&state, &ctx, &f, &admin, |d| d.add_card_type(input?).map(|_| ()))
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
        names: langs::read(f, "name", usize::MAX),
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
        assert_eq!(card_type_input(&form("0", "days", "30")).unwrap().check(), Ok(()));
        assert_eq!(card_type_input(&form("x", "days", "30")).unwrap().check(), Err(Refusal::Age));
        assert_eq!(card_type_input(&form("14", "days", "30")).unwrap().check(), Err(Refusal::Age));
        assert_eq!(card_type_input(&form("0", "days", "x")).unwrap().check(), Err(Refusal::Days));
        assert_eq!(card_type_input(&form("0", "days", "367")).unwrap().check(), Err(Refusal::Days));
        assert_eq!(card_type_input(&form("0", "fixed", "")).unwrap().check(), Err(Refusal::Fixed));
        let with = |extra: &[(&str, &str)]| {
            let mut all = vec![("name_nb", "Kort"), ("age_min", "0"), ("age_max", "13")];
            all.extend_from_slice(extra);
            card_type_input(&f(&all))
        };
        let nov = ValidityRule::CalendarYear { roll_over: RollOver::new(11, 1) };
        assert_eq!(with(&[("validity", "calendar_year"), ("roll_over", " 01.11 ")]).unwrap().validity, nov);
        assert_eq!(
            with(&[("validity", "calendar_year"), ("roll_over", "")]).unwrap().validity,
            ValidityRule::CALENDAR_YEAR
        );
        assert_eq!(with(&[("validity", "calendar_year"), ("roll_over", "29.02")]).unwrap_err(), Refusal::RollOver);
        assert_eq!(with(&[("validity", "calendar_year"), ("roll_over", "soon")]).unwrap_err(), Refusal::RollOver);
        assert_eq!(with(&[("validity", "months"), ("months", "6")]).unwrap().check(), Ok(()));
        assert_eq!(with(&[("validity", "months"), ("months", "37")]).unwrap().check(), Err(Refusal::Months));
        assert_eq!(with(&[("validity", "months"), ("months", "")]).unwrap().check(), Err(Refusal::Months));
    }
}
