//! The public list of offers, `GET /tilbud` (also `/offers`): every venue
//! where the card can be used, how to use it there, and what each card type
//! gives, in the families' eight languages.
//!
//! Made on each request from the issuer's current catalogue (the one the
//! trust bundle is published from), so it is always up to date. No login,
//! no cookies, no script; the category filter is a plain GET form. The page
//! says where the card works and what it gives, never who it is for.

use super::Shared;
use super::error::AppError;
use crate::catalogue::venues;
use crate::family_text::{FamilyLang, FamilyTexts};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use shared::model::{Benefit, CardType, Catalogue, Category, SchemeContact, ValidityRule, Venue, is_web_link, name_in};

/// A link of the language switcher.
#[derive(Debug)]
pub struct LangLink {
    tag: &'static str,
    dir: &'static str,
    name: &'static str,
    href: String,
    current: bool,
}

/// An option of the category filter.
#[derive(Debug)]
pub struct CategoryOption {
    key: &'static str,
    name: String,
    selected: bool,
}

/// What one card type gives at one venue.
#[derive(Debug)]
pub struct Gives {
    card_type: String,
    benefit: String,
    quotas: String,
    companion: Option<String>,
}

/// What a family needs to go to a venue: opening hours (in the page's
/// language, else bokmål), telephone, web page and map links. Also shown
/// on the phone card ([`super::card`]).
#[derive(Debug, Default)]
pub struct VenueDetails {
    /// Opening hours, empty when none.
    pub hours: String,
    /// The language the opening hours are written in.
    pub hours_lang: String,
    /// The telephone number as written, empty when none.
    pub phone: String,
    /// Its `tel:` link.
    pub tel: Option<String>,
    /// The web page.
    pub web: Option<String>,
    /// The map link (the administrator's, else the address on
    /// OpenStreetMap).
    pub map: Option<String>,
}

impl VenueDetails {
    /// The details of `v` for a page in language `lang`.
    pub fn of(v: &Venue, lang: &str) -> VenueDetails {
        let hours_lang = [lang, "nb", "en"]
            .into_iter()
            .find(|l| v.opening_hours.contains_key(*l))
            .or_else(|| v.opening_hours.keys().next().map(String::as_str))
            .unwrap_or(lang)
            .to_string();
        VenueDetails {
            hours: name_in(&v.opening_hours, lang).to_string(),
            hours_lang,
            phone: v.phone.clone(),
            tel: (!v.phone.is_empty()).then(|| venues::tel_link(&v.phone)),
            web: is_web_link(&v.web).then(|| v.web.clone()),
            map: venues::map_link(v),
        }
    }
}

/// Who families ask about the scheme: its contact details as the
/// families' pages show them (also on the phone card, [`super::card`]).
#[derive(Debug, Default)]
pub struct ContactView {
    /// The telephone number as written, and its `tel:` link.
    pub phone: String,
    /// See `phone`; `None` when there is no number.
    pub tel: Option<String>,
    /// The e-mail address, and its `mailto:` link.
    pub email: String,
    /// See `email`; `None` when there is no address.
    pub mailto: Option<String>,
    /// The web page.
    pub web: Option<String>,
}

impl ContactView {
    /// The scheme's contact details, or `None` when it has none to show.
    pub fn of(contact: Option<&SchemeContact>) -> Option<ContactView> {
        let c = contact?;
        let view = ContactView {
            phone: c.phone.clone(),
            tel: (!c.phone.is_empty()).then(|| venues::tel_link(&c.phone)),
            email: c.email.clone(),
            mailto: (!c.email.is_empty()).then(|| format!("mailto:{}", c.email)),
            web: is_web_link(&c.web).then(|| c.web.clone()),
        };
        (view.tel.is_some() || view.mailto.is_some() || view.web.is_some()).then_some(view)
    }
}

/// A venue as listed.
#[derive(Debug)]
pub struct VenueItem {
    id: String,
    name: String,
    category: String,
    address: String,
    how: String,
    details: VenueDetails,
    gives: Vec<Gives>,
}

/// A benefit of a card type, with its venues.
#[derive(Debug)]
pub struct BenefitItem {
    name: String,
    quotas: String,
    companion: Option<String>,
    venues: Vec<String>,
}

/// A card type as listed.
#[derive(Debug)]
pub struct CardTypeItem {
    name: String,
    ages: String,
    validity: String,
    benefits: Vec<BenefitItem>,
}

#[derive(Template)]
#[template(path = "offers.html")]
struct OffersPage {
    tx: std::sync::Arc<FamilyTexts>,
    lang: &'static str,
    dir: &'static str,
    path: &'static str,
    chosen_lang: Option<&'static str>,
    scheme_name: String,
    langs: Vec<LangLink>,
    categories: Vec<CategoryOption>,
    venues: Vec<VenueItem>,
    card_types: Vec<CardTypeItem>,
    contact: Option<ContactView>,
}

/// The query: `lang` and `kategori`, anything else ignored; an unknown or
/// mangled value counts as not given (a family may have a broken link).
fn query(q: Option<&str>) -> (Option<FamilyLang>, Option<Category>) {
    let mut lang = None;
    let mut category = None;
    for (k, v) in form_urlencoded::parse(q.unwrap_or("").as_bytes()).take(20) {
        match k.as_ref() {
            "lang" if lang.is_none() => lang = FamilyLang::from_tag(&v),
            "kategori" | "category" if category.is_none() => {
                category = Category::from_code(v.trim());
            }
            _ => {}
        }
    }
    (lang, category)
}

/// How often, e.g. "1 gang i uka, 12 ganger mens kortet gjelder".
fn quotas_text(tx: &FamilyTexts, b: &Benefit) -> String {
    if b.quotas.is_empty() {
        return tx.get("quota-none");
    }
    b.quotas
        .iter()
        .map(|q| tx.count(&format!("quota-{}", q.per.code()), "count", q.count))
        .collect::<Vec<_>>()
        .join(", ")
}

fn validity_text(tx: &FamilyTexts, rule: ValidityRule) -> String {
    match rule {
        ValidityRule::CalendarYear { roll_over: None } => tx.get("validity-calendar-year"),
        ValidityRule::CalendarYear { roll_over: Some(r) } => {
            tx.get_with("validity-roll-over", &[("date", &r.display_nb())])
        }
        ValidityRule::Months { months } => tx.count("validity-months", "months", months),
        ValidityRule::Days { days } => tx.count("validity-days", "days", days),
        ValidityRule::Fixed { from, until } => {
            tx.get_with("validity-fixed", &[("from", &from.display_nb()), ("until", &until.display_nb())])
        }
    }
}

fn companion(tx: &FamilyTexts, b: &Benefit) -> Option<String> {
    b.companion_free.then(|| tx.get("benefit-companion"))
}

fn card_type_item(tx: &FamilyTexts, catalogue: &Catalogue, ct: &CardType) -> CardTypeItem {
    let lang = tx.lang().tag();
    CardTypeItem {
        name: name_in(&ct.names, lang).to_string(),
        ages: super::card::ages_unless_named(tx, name_in(&ct.names, lang), ct.age_min, ct.age_max),
        validity: validity_text(tx, ct.validity),
        benefits: ct
            .benefits
            .iter()
            .map(|b| BenefitItem {
                name: name_in(&b.names, lang).to_string(),
                quotas: quotas_text(tx, b),
                companion: companion(tx, b),
                venues: b.venues.iter().filter_map(|v| catalogue.venue(v)).map(|v| v.name.clone()).collect(),
            })
            .collect(),
    }
}

fn build(
    tx: std::sync::Arc<FamilyTexts>,
    catalogue: &Catalogue,
    path: &'static str,
    chosen_lang: Option<FamilyLang>,
    filter: Option<Category>,
) -> OffersPage {
    let lang = tx.lang();
    let filter_key = filter.map(Category::code);
    let langs = FamilyLang::ALL
        .iter()
        .map(|l| LangLink {
            tag: l.tag(),
            dir: l.dir(),
            name: l.native_name(),
            href: match filter_key {
                Some(k) => format!("{path}?lang={}&kategori={k}", l.tag()),
                None => format!("{path}?lang={}", l.tag()),
            },
            current: *l == lang,
        })
        .collect();
    let categories = Category::ALL
        .into_iter()
        .filter(|c| catalogue.venues.iter().any(|v| v.category == *c))
        .map(|c| CategoryOption {
            key: c.code(),
            name: tx.get(&format!("category-{}", c.code())),
            selected: filter == Some(c),
        })
        .collect();
    let venues = catalogue
        .venues
        .iter()
        .filter(|v| filter.is_none_or(|c| v.category == c))
        .map(|v| {
            let key = v.category.code();
            let gives = catalogue
                .card_types
                .iter()
                .flat_map(|ct| {
                    let tx = &tx;
                    ct.benefits_at(&v.id).map(move |b| Gives {
                        card_type: name_in(&ct.names, lang.tag()).to_string(),
                        benefit: name_in(&b.names, lang.tag()).to_string(),
                        quotas: quotas_text(tx, b),
                        companion: companion(tx, b),
                    })
                })
                .collect();
            VenueItem {
                id: v.id.clone(),
                name: v.name.clone(),
                category: tx.get(&format!("category-{key}")),
                address: v.address.clone(),
                how: tx.get(&format!("how-{key}")),
                details: VenueDetails::of(v, lang.tag()),
                gives,
            }
        })
        .collect();
    let card_types = catalogue.card_types.iter().map(|ct| card_type_item(&tx, catalogue, ct)).collect();
    OffersPage {
        lang: lang.tag(),
        dir: lang.dir(),
        path,
        chosen_lang: chosen_lang.map(FamilyLang::tag),
        scheme_name: catalogue.scheme_name.clone(),
        langs,
        categories,
        venues,
        card_types,
        contact: ContactView::of(catalogue.contact.as_ref()),
        tx,
    }
}

/// `GET /tilbud` and `GET /offers`: the public list of offers.
pub async fn offers(State(state): State<Shared>, uri: Uri, headers: HeaderMap) -> Response {
    let (chosen, filter) = query(uri.query());
    let lang = chosen
        .unwrap_or_else(|| FamilyLang::negotiate(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok())));
    let path = if uri.path() == "/offers" { "/offers" } else { "/tilbud" };
    // Copy the catalogue and let go of the store before the texts (which
    // may read the overrides from it).
    let catalogue = state.store().catalogue().clone();
    let tx = state.family_texts(lang);
    let page = build(tx, &catalogue, path, chosen, filter);
    let body = match page.render() {
        Ok(body) => body,
        Err(e) => {
            let admin_lang = if lang == FamilyLang::En { crate::i18n::Lang::En } else { crate::i18n::Lang::Nb };
            return AppError::internal(admin_lang, format!("offers template: {e}")).into_response();
        }
    };
    let mut res = Html(body).into_response();
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(header::VARY, HeaderValue::from_static("Accept-Language"));
    res
}

/// `GET /static/family.css`: the families' pages' stylesheet.
pub async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../../static/family.css"),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mangled_queries_are_ignored() {
        assert_eq!(query(None), (None, None));
        assert_eq!(query(Some("lang=ar&kategori=cinema")), (Some(FamilyLang::Ar), Some(Category::Cinema)));
        assert_eq!(query(Some("kategori=kino%ZZ&lang=xx")), (None, None));
        assert_eq!(query(Some("kategori=%FF%FE&&&=")), (None, None));
        assert_eq!(query(Some("kategori=swimming&kategori=cinema")), (None, Some(Category::Swimming)));
    }
}
