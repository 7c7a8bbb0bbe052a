//! The administrator's catalogue page: venues, card types and their
//! benefits. Every change is checked, saved and published at once as a new
//! trust bundle (version + 1).

use super::Shared;
use super::ctx::Ctx;
use super::error::AppError;
use super::pages::{Nav, form_page, page};
use crate::accounts::Role;
use crate::i18n::Messages;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use shared::Day;
use shared::model::{
    Benefit, CardType, CardTypeId, Catalogue, Category, Names, Period, Quota, ValidityRule, Venue, is_valid_slug,
    name_in,
};

const CATEGORIES: [(&str, Category); 9] = [
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

fn category_key(c: Category) -> &'static str {
    CATEGORIES.iter().find(|(_, x)| *x == c).map_or("other", |(k, _)| k)
}

fn period_key(p: Period) -> &'static str {
    PERIODS.iter().find(|(_, x)| *x == p).map_or("week", |(k, _)| k)
}

/// The fields of an urlencoded form body (repeated names kept).
struct Fields(Vec<(String, String)>);

impl Fields {
    fn parse(body: &[u8]) -> Fields {
        Fields(form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).take(500).collect())
    }

    fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
    }

    fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }
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
    quota_count: String,
    quota_per: String,
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
            quota_count: "1".into(),
            quota_per: "week".into(),
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
            quota_count: or(f.get("quota_count"), d.quota_count),
            quota_per: or(f.get("quota_per"), d.quota_per),
            companion: f.get("companion_free") == "yes",
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

/// A card type with its benefits, for display.
#[derive(Debug)]
pub struct CardTypeRow {
    id: u16,
    name: String,
    details: String,
    benefits: Vec<String>,
}

#[derive(Template)]
#[template(path = "catalogue.html")]
struct CataloguePage {
    t: &'static Messages,
    nav: Nav,
    csrf: String,
    venues: Vec<VenueRow>,
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
    let venue_name = |id: &str| cat.venue(id).map_or(id.to_string(), |v| v.name.clone());
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
                    .map(|b| {
                        let quotas: Vec<String> = b
                            .quotas
                            .iter()
                            .map(|q| format!("{} / {}", q.count, t.get(&format!("period-{}", period_key(q.per)))))
                            .collect();
                        let venues: Vec<String> = b.venues.iter().map(|v| venue_name(v)).collect();
                        let companion = if b.companion_free {
                            format!(" · {}", t.get("field-companion-free"))
                        } else {
                            String::new()
                        };
                        format!("{}: {} · {}{companion}", name_in(&b.names, lang), quotas.join(", "), venues.join(", "))
                    })
                    .collect(),
            })
            .collect(),
        categories: CATEGORIES.iter().map(|(k, _)| (*k, t.get(&format!("category-{k}")))).collect(),
        periods: PERIODS.iter().map(|(k, _)| (*k, t.get(&format!("period-{k}")))).collect(),
        typed,
        notice,
        error: error.clone(),
    };
    form_page(ctx, p, error.is_some())
}

/// `GET /admin/catalogue`.
pub async fn catalogue(State(state): State<Shared>, ctx: Ctx) -> Result<Response, AppError> {
    render(&state, &ctx, Typed::default(), None, None)
}

/// Check the form's CSRF token and role; its fields.
fn admin_form(ctx: &Ctx, body: &Bytes) -> Result<(Fields, String), AppError> {
    let f = Fields::parse(body);
    ctx.check_csrf(f.get("csrf"))?;
    let admin = ctx.require(Role::Admin)?.username.clone();
    Ok((f, admin))
}

/// Apply `change` to the catalogue; on success save and publish. The change
/// returns a message id for a refusal.
fn change(
    state: &Shared,
    ctx: &Ctx,
    f: &Fields,
    admin: &str,
    change: impl FnOnce(&mut Catalogue) -> Result<(), &'static str>,
) -> Result<Response, AppError> {
    let now = state.now();
    let outcome = {
        let mut store = state.store();
        let mut cat = store.catalogue().clone();
        match change(&mut cat) {
            Err(id) => Err(ctx.t.get(id)),
            Ok(()) => match store.replace_catalogue(cat, admin, now) {
                Err(crate::IssuerError::InvalidCatalogue(e)) => Err(e.to_string()),
                Err(e) => return Err(ctx.internal(e)),
                Ok(()) => {
                    store.publish_bundle(admin, now).map_err(|e| ctx.internal(e))?;
                    let version = store.latest_bundle().map_err(|e| ctx.internal(e))?.map_or(0, |(v, _)| v);
                    Ok(ctx.t.get_with("cat-saved", &[("version", &version.to_string())]))
                }
            },
        }
    };
    match outcome {
        Ok(notice) => render(state, ctx, Typed::default(), Some(notice), None),
        Err(error) => render(state, ctx, Typed::from(f), None, Some(error)),
    }
}

/// `POST /admin/venues`.
pub async fn add_venue(State(state): State<Shared>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let (f, admin) = admin_form(&ctx, &body)?;
    let name = f.get("name").trim().to_string();
    let id = f.get("id").trim().to_string();
    let category = CATEGORIES.iter().find(|(k, _)| *k == f.get("category")).map(|(_, c)| *c);
    let address = f.get("address").trim().to_string();
    change(&state, &ctx, &f, &admin, |cat| {
        if name.is_empty() || name.chars().count() > 100 || address.chars().count() > 200 {
            return Err("error-venue-name");
        }
        if !is_valid_slug(&id) || cat.venue(&id).is_some() {
            return Err("error-venue-id");
        }
        cat.venues.push(Venue { id, name, category: category.unwrap_or(Category::Other), address });
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

/// `POST /admin/card-types`.
pub async fn add_card_type(State(state): State<Shared>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let (f, admin) = admin_form(&ctx, &body)?;
    let (nb, en) = (f.get("name_nb").trim().to_string(), f.get("name_en").trim().to_string());
    let ages = (f.get("age_min").trim().parse::<u8>(), f.get("age_max").trim().parse::<u8>());
    let validity = match f.get("validity") {
        "days" => match f.get("days").trim().parse::<u32>() {
            Ok(days) if (1..=366).contains(&days) => Ok(ValidityRule::Days { days }),
            _ => Err("error-days"),
        },
        "fixed" => match (Day::parse(f.get("fixed_from")), Day::parse(f.get("fixed_until"))) {
            (Ok(from), Ok(until)) if from <= until => Ok(ValidityRule::Fixed { from, until }),
            _ => Err("error-fixed"),
        },
        _ => Ok(ValidityRule::CalendarYear),
    };
    change(&state, &ctx, &f, &admin, |cat| {
        if nb.is_empty() || nb.chars().count() > 100 || en.chars().count() > 100 {
            return Err("error-ct-name");
        }
        let (Ok(age_min), Ok(age_max)) = ages else { return Err("error-age") };
        if age_min > age_max || age_max > 25 {
            return Err("error-age");
        }
        let validity = validity?;
        let id =
            cat.card_types.iter().map(|c| c.id.0).max().map_or(Some(1), |m| m.checked_add(1)).ok_or("error-ct-name")?;
        cat.card_types.push(CardType {
            id: CardTypeId(id),
            names: names(&nb, &en),
            age_min,
            age_max,
            validity,
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

/// `POST /admin/benefits`.
pub async fn add_benefit(State(state): State<Shared>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let (f, admin) = admin_form(&ctx, &body)?;
    let card_type = f.get("card_type").trim().parse::<u16>().ok();
    let (nb, en) = (f.get("name_nb").trim().to_string(), f.get("name_en").trim().to_string());
    let venues: Vec<String> = f.all("venue").into_iter().map(|v| v.trim().to_string()).collect();
    let count = f.get("quota_count").trim().parse::<u32>().ok().filter(|n| (1..=1000).contains(n));
    let per = PERIODS.iter().find(|(k, _)| *k == f.get("quota_per")).map_or(Period::Week, |(_, p)| *p);
    let companion_free = f.get("companion_free") == "yes";
    change(&state, &ctx, &f, &admin, |cat| {
        let known_venues: Vec<String> = cat.venues.iter().map(|v| v.id.clone()).collect();
        let ct = card_type
            .and_then(|id| cat.card_types.iter_mut().find(|c| c.id.0 == id))
            .ok_or("error-card-type-missing")?;
        let id = slug(&nb);
        if nb.is_empty() || id.is_empty() || nb.chars().count() > 60 || en.chars().count() > 60 {
            return Err("error-benefit-name");
        }
        if venues.is_empty() || venues.iter().any(|v| !known_venues.contains(v)) {
            return Err("error-benefit-venues");
        }
        let count = count.ok_or("error-quota")?;
        if ct.benefits.iter().any(|b| b.id == id) {
            return Err("error-benefit-exists");
        }
        ct.benefits.push(Benefit {
            id,
            names: names(&nb, &en),
            venues,
            quotas: vec![Quota { count, per }],
            companion_free,
        });
        Ok(())
    })
}

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
