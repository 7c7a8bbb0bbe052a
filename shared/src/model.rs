//! The entitlement model: venues, card types (profiles), benefits and quotas.
//!
//! Card types live in the trust bundle, not in the token: a token names its
//! card type by number, and what that card type gives is read from the bundle
//! the venue has. So an administrator can add a venue or change a benefit for
//! cards already handed out.
//!
//! Nothing here describes a person. A card type says "0–13 with companion",
//! never who holds it.

pub use crate::validity::{RollOver, ValidityRule};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The number of a card type, carried in every token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CardTypeId(pub u16);

/// Text in several languages, keyed by BCP 47 language tag (`nb`, `en`, …).
pub type Names = BTreeMap<String, String>;

/// The text for `lang`, falling back to bokmål, then English, then any.
pub fn name_in<'a>(names: &'a Names, lang: &str) -> &'a str {
    names
        .get(lang)
        .or_else(|| names.get("nb"))
        .or_else(|| names.get("en"))
        .or_else(|| names.values().next())
        .map(String::as_str)
        .unwrap_or("")
}

/// What kind of place a venue is (used for filtering and for the staff's
/// short answer, e.g. "GYLDIG · Kino").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Cinema.
    Cinema,
    /// Swimming hall or public bath.
    Swimming,
    /// Museum or science centre.
    Museum,
    /// Theatre or concert venue.
    Theatre,
    /// Amusement or family park, tivoli.
    Amusement,
    /// Bowling, minigolf, trampoline park and the like.
    Activity,
    /// Festival or one-off event.
    Event,
    /// Bus, boat or other transport.
    Transport,
    /// Anything else.
    #[default]
    Other,
}

impl Category {
    /// Every category, in the order pages list them.
    pub const ALL: [Category; 9] = [
        Category::Cinema,
        Category::Swimming,
        Category::Museum,
        Category::Theatre,
        Category::Amusement,
        Category::Activity,
        Category::Event,
        Category::Transport,
        Category::Other,
    ];

    /// The code serde writes for it (`cinema`, `swimming` …), also used in
    /// URLs, CSS classes and JSON answers.
    pub fn code(self) -> &'static str {
        match self {
            Category::Cinema => "cinema",
            Category::Swimming => "swimming",
            Category::Museum => "museum",
            Category::Theatre => "theatre",
            Category::Amusement => "amusement",
            Category::Activity => "activity",
            Category::Event => "event",
            Category::Transport => "transport",
            Category::Other => "other",
        }
    }

    /// The category with this [`code`](Category::code).
    pub fn from_code(code: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// A place where a card can be used.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Venue {
    /// Stable id, lowercase letters, digits and `-` (e.g. `bolgen-kino`);
    /// a venue's verifier is set up with it.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Kind of place.
    pub category: Category,
    /// Street address, as families would look it up.
    pub address: String,
    /// Ticket budgets: how many visits this venue gives in total per period
    /// for an offer, across all cards (SPEC §11.11). Absent when empty, so a
    /// catalogue without budgets encodes as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub budgets: Vec<VenueBudget>,
    /// Opening hours as families read them, free text per language (`nb`
    /// is the fallback, see [`name_in`]). Absent when empty, like the
    /// fields below, so a catalogue without them encodes as before.
    #[serde(default, skip_serializing_if = "Names::is_empty")]
    pub opening_hours: Names,
    /// Telephone number as written for people (digits, spaces, `+`, `-`,
    /// brackets); empty: none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phone: String,
    /// The venue's web page, an `https://` or `http://` URL
    /// ([`is_web_link`]); empty: none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub web: String,
    /// A map link chosen by the administrator ([`is_web_link`]); empty: the
    /// pages make one from the address alone.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub map: String,
}

/// "This venue gives at most `count` visits of offer `benefit` per `per`",
/// counted over all cards and card types (SPEC §11.11): every benefit with
/// this id usable at the venue, of any card type, shares the budget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VenueBudget {
    /// Benefit id (as in the card types' benefits).
    pub benefit: String,
    /// Visits in one period, for the whole venue (all its stations).
    pub count: u32,
    /// The calendar period (`day`, `week`, `month` or `year`; not `validity`).
    pub per: Period,
}

/// The span a quota counts over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// A calendar day, Oslo time.
    Day,
    /// A week, Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
    /// A calendar year.
    Year,
    /// The card's whole validity.
    Validity,
}

impl Period {
    /// Every period, shortest first.
    pub const ALL: [Period; 5] = [Period::Day, Period::Week, Period::Month, Period::Year, Period::Validity];

    /// The code serde writes for it (`day`, `week`, `month`, `year`,
    /// `validity`), also used in forms and JSON answers.
    pub fn code(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Year => "year",
            Period::Validity => "validity",
        }
    }

    /// The period with this [`code`](Period::code).
    pub fn from_code(code: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// "At most `count` uses per `per`", counted per card (token id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quota {
    /// How many uses are allowed in one period.
    pub count: u32,
    /// The period they are counted over.
    pub per: Period,
}

/// Something a card type gives at one or more venues: "1 cinema visit a
/// week, companion free".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Benefit {
    /// Stable id within its card type (e.g. `kino`); quotas are counted per
    /// card and benefit.
    pub id: String,
    /// What staff and families see, per language.
    pub names: Names,
    /// Venue ids where this benefit can be used. Venues that share a benefit
    /// share its quota.
    pub venues: Vec<String>,
    /// All quotas must have room for a use to be granted.
    pub quotas: Vec<Quota>,
    /// Whether one adult companion gets in free together with the child.
    pub companion_free: bool,
}

/// A kind of card, e.g. "0–13 år med ledsager".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardType {
    /// Number carried in the token.
    pub id: CardTypeId,
    /// Display name per language. Neutral wording: never about income or need.
    pub names: Names,
    /// Youngest and oldest age the card is meant for (information only; the
    /// card holds no age).
    pub age_min: u8,
    /// See `age_min`.
    pub age_max: u8,
    /// How long its cards may be valid.
    pub validity: ValidityRule,
    /// What the card gives.
    pub benefits: Vec<Benefit>,
}

impl CardType {
    /// The benefits of this card type that can be used at `venue_id`.
    pub fn benefits_at<'a>(&'a self, venue_id: &'a str) -> impl Iterator<Item = &'a Benefit> + 'a {
        self.benefits.iter().filter(move |b| b.venues.iter().any(|v| v == venue_id))
    }
}

/// Everything an administrator defines: the public part of the issuer's
/// configuration, published in the trust bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalogue {
    /// Name of the scheme as families see it (e.g. "Aktivitetskort Larvik").
    pub scheme_name: String,
    /// Base of the phone-card URL, e.g. `https://kort.larvik.kommune.no`.
    pub public_base_url: String,
    /// Places where cards can be used.
    pub venues: Vec<Venue>,
    /// Kinds of card.
    pub card_types: Vec<CardType>,
    /// How families and venues reach the scheme (a role's phone, e-mail
    /// and web page, never a person's). Absent when not set, so a
    /// catalogue without it encodes as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<SchemeContact>,
}

/// The scheme's contact details: each may be empty (and is then absent).
/// The issuer checks them with [`SchemeContact::check`]; a venue has no
/// use for them and does not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemeContact {
    /// Phone number as people dial it, e.g. `+47 33 17 10 00`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phone: String,
    /// E-mail address, e.g. `aktivitetskort@larvik.kommune.no`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub email: String,
    /// Web page, `https://…` (or `http://…`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub web: String,
}

/// Why a contact detail was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ContactError {
    /// A phone number longer than 30 characters, with other characters
    /// than digits, spaces, `+` (first only), `-`, `.`, `(` and `)`, or
    /// fewer than 3 digits.
    #[error("a phone number has 3 or more digits, and only spaces, +, -, ., ( and ) besides (at most 30 characters)")]
    Phone,
    /// An e-mail address that is not `name@domain.tld` of at most 254
    /// characters without spaces.
    #[error("an e-mail address looks like name@kommune.no (at most 254 characters, no spaces)")]
    Email,
    /// A web address that is not `https://` or `http://` and a host, at
    /// most 200 characters without spaces.
    #[error("a web address starts with https:// and a host (at most 200 characters, no spaces)")]
    Web,
}

impl SchemeContact {
    /// Whether every detail is empty.
    pub fn is_empty(&self) -> bool {
        self.phone.is_empty() && self.email.is_empty() && self.web.is_empty()
    }

    /// Check each detail that is given.
    pub fn check(&self) -> Result<(), ContactError> {
        let plain = |s: &str| !s.chars().any(|c| c.is_whitespace() || c.is_control());
        let p = self.phone.as_str();
        let phone_ok = p.chars().count() <= 30
            && p.chars().filter(char::is_ascii_digit).count() >= 3
            && p.char_indices().all(|(i, c)| c.is_ascii_digit() || " -.()".contains(c) || (c == '+' && i == 0));
        if !p.is_empty() && !phone_ok {
            return Err(ContactError::Phone);
        }
        let e = self.email.as_str();
        let email_ok = e.chars().count() <= 254
            && plain(e)
            && !e.contains(['<', '>', '"', ',', ';', '(', ')', '[', ']', '\\'])
            && e.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.split('.').count() >= 2
                    && domain.split('.').all(|part| !part.is_empty())
            });
        if !e.is_empty() && !email_ok {
            return Err(ContactError::Email);
        }
        let w = self.web.as_str();
        let host = w.strip_prefix("https://").or_else(|| w.strip_prefix("http://"));
        let web_ok = w.chars().count() <= 200
            && plain(w)
            && host.is_some_and(|h| {
                h.split(['/', '?', '#']).next().is_some_and(|h| h.contains('.') && !h.starts_with('.'))
            });
        if !w.is_empty() && !web_ok {
            return Err(ContactError::Web);
        }
        Ok(())
    }
}

/// Why a catalogue is not consistent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogueError {
    /// Two venues have the same id.
    #[error("venue id «{0}» is used twice")]
    DuplicateVenue(String),
    /// A venue id has characters other than a–z, 0–9 and '-', or is empty or
    /// longer than 64.
    #[error("venue id «{0}» must be 1–64 characters of a–z, 0–9 and '-'")]
    BadVenueId(String),
    /// Two card types have the same number.
    #[error("card type {0} is defined twice")]
    DuplicateCardType(u16),
    /// A benefit names a venue that does not exist.
    #[error("benefit «{benefit}» of card type {card_type} names unknown venue «{venue}»")]
    UnknownVenue {
        /// Card type number.
        card_type: u16,
        /// Benefit id.
        benefit: String,
        /// The unknown venue id.
        venue: String,
    },
    /// Two benefits of one card type have the same id.
    #[error("card type {card_type} has benefit «{benefit}» twice")]
    DuplicateBenefit {
        /// Card type number.
        card_type: u16,
        /// Benefit id.
        benefit: String,
    },
    /// A validity rule that no card could satisfy (0 days, or from > until).
    #[error("card type {0} has an empty validity rule")]
    EmptyValidity(u16),
    /// The public base URL is not an `https://` (or `http://`) URL without a
    /// path, query or fragment.
    #[error("public base URL «{0}» must look like https://kort.example.no (no path)")]
    BadBaseUrl(String),
    /// A `months` validity rule longer than [`crate::validity::MAX_MONTHS`].
    #[error("card type {0} gives more than 36 months of validity")]
    MonthsTooMany(u16),
    /// A venue budget has an empty benefit id, is counted over a card's
    /// validity (only day, week, month and year are calendar periods a
    /// venue can count), or appears twice for one benefit and period.
    #[error(
        "venue «{venue}» has a budget for «{benefit}» that is not valid (no offer id, period «validity», or twice)"
    )]
    BadBudget {
        /// Venue id.
        venue: String,
        /// Benefit id of the budget.
        benefit: String,
    },
    /// A venue's web or map link is not an `https://` or `http://` URL
    /// ([`is_web_link`]).
    #[error("venue «{0}» has a web or map link that is not an https:// or http:// address")]
    BadVenueLink(String),
}

/// Longest web or map link a venue can have, in bytes.
pub const MAX_LINK: usize = 300;

/// Whether `url` is a link a page can show as it is: `https://` or
/// `http://` (in lower case), then a host, at most [`MAX_LINK`] bytes, with
/// no spaces, control characters, quotes or angle brackets. So never a
/// `javascript:` or `data:` link.
pub fn is_web_link(url: &str) -> bool {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    let Some(rest) = rest else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    url.len() <= MAX_LINK
        && !host.is_empty()
        && !host.starts_with(['.', '-', ':', '@'])
        && !url.chars().any(|c| c.is_control() || c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`'))
}

/// Whether `id` is a valid venue id.
pub fn is_valid_slug(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl Catalogue {
    /// Check the internal consistency of the catalogue.
    pub fn validate(&self) -> Result<(), CatalogueError> {
        let url = self.public_base_url.as_str();
        let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
        match rest {
            Some(host) if !host.is_empty() && !host.contains(['/', '#', '?', ' ']) => {}
            _ => return Err(CatalogueError::BadBaseUrl(url.to_string())),
        }
        let mut venues = std::collections::BTreeSet::new();
        for v in &self.venues {
            if !is_valid_slug(&v.id) {
                return Err(CatalogueError::BadVenueId(v.id.clone()));
            }
            if !venues.insert(v.id.as_str()) {
                return Err(CatalogueError::DuplicateVenue(v.id.clone()));
            }
            if [&v.web, &v.map].into_iter().any(|l| !l.is_empty() && !is_web_link(l)) {
                return Err(CatalogueError::BadVenueLink(v.id.clone()));
            }
        }
        let mut types = std::collections::BTreeSet::new();
        for ct in &self.card_types {
            if !types.insert(ct.id) {
                return Err(CatalogueError::DuplicateCardType(ct.id.0));
            }
            let empty = match ct.validity {
                ValidityRule::CalendarYear { .. } => false,
                ValidityRule::Days { days } => days == 0,
                ValidityRule::Fixed { from, until } => from > until,
                ValidityRule::Months { months } => months == 0,
            };
            if empty {
                return Err(CatalogueError::EmptyValidity(ct.id.0));
            }
            if matches!(ct.validity, ValidityRule::Months { months } if months > crate::validity::MAX_MONTHS) {
                return Err(CatalogueError::MonthsTooMany(ct.id.0));
            }
            let mut benefits = std::collections::BTreeSet::new();
            for b in &ct.benefits {
                if !benefits.insert(b.id.as_str()) {
                    return Err(CatalogueError::DuplicateBenefit { card_type: ct.id.0, benefit: b.id.clone() });
                }
                for v in &b.venues {
                    if !venues.contains(v.as_str()) {
                        return Err(CatalogueError::UnknownVenue {
                            card_type: ct.id.0,
                            benefit: b.id.clone(),
                            venue: v.clone(),
                        });
                    }
                }
            }
        }
        self.validate_budgets()
    }

    /// Every budget names an offer, counts over a calendar period, and is
    /// there once per benefit and period. (A budget for an offer no card
    /// type gives at the venue is allowed: it counts and refuses nothing, so
    /// that taking an offer away from a venue never makes the catalogue
    /// invalid.)
    fn validate_budgets(&self) -> Result<(), CatalogueError> {
        for v in &self.venues {
            let mut seen = std::collections::BTreeSet::new();
            for b in &v.budgets {
                if b.benefit.is_empty() || b.per == Period::Validity || !seen.insert((b.benefit.as_str(), b.per)) {
                    return Err(CatalogueError::BadBudget { venue: v.id.clone(), benefit: b.benefit.clone() });
                }
            }
        }
        Ok(())
    }

    /// The card type with number `id`.
    pub fn card_type(&self, id: CardTypeId) -> Option<&CardType> {
        self.card_types.iter().find(|c| c.id == id)
    }

    /// The venue with id `id`.
    pub fn venue(&self, id: &str) -> Option<&Venue> {
        self.venues.iter().find(|v| v.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_names_serde_writes() {
        for c in Category::ALL {
            assert_eq!(serde_json::to_string(&c).unwrap(), format!("\"{}\"", c.code()));
            assert_eq!(Category::from_code(c.code()), Some(c));
        }
        for p in Period::ALL {
            assert_eq!(serde_json::to_string(&p).unwrap(), format!("\"{}\"", p.code()));
            assert_eq!(Period::from_code(p.code()), Some(p));
        }
        assert_eq!(Category::from_code("Cinema"), None);
        assert_eq!(Period::from_code(""), None);
    }

    #[test]
    fn a_venue_without_budgets_encodes_as_before() {
        /// The venue as it was before budgets.
        #[derive(Serialize)]
        struct Old<'a> {
            id: &'a str,
            name: &'a str,
            category: Category,
            address: &'a str,
        }
        let v = Venue {
            id: "bad".into(),
            name: "Bad".into(),
            category: Category::Swimming,
            address: "Gata 1".into(),
            ..Default::default()
        };
        let old = Old { id: "bad", name: "Bad", category: Category::Swimming, address: "Gata 1" };
        assert_eq!(crate::wire::to_cbor(&v), crate::wire::to_cbor(&old));
        assert_eq!(serde_json::to_string(&v).unwrap(), serde_json::to_string(&old).unwrap());
        let back: Venue = crate::wire::from_cbor(&crate::wire::to_cbor(&old)).unwrap();
        assert_eq!(back, v);
        let with = Venue { budgets: vec![VenueBudget { benefit: "svom".into(), count: 3, per: Period::Year }], ..v };
        let json = serde_json::to_string(&with).unwrap();
        assert!(json.ends_with(r#""budgets":[{"benefit":"svom","count":3,"per":"year"}]}"#), "{json}");
    }

    #[test]
    fn a_venue_without_details_encodes_as_before_and_with_them_after_the_budgets() {
        /// The venue as it was before opening hours, phone, web and map.
        #[derive(Serialize)]
        struct Old<'a> {
            id: &'a str,
            name: &'a str,
            category: Category,
            address: &'a str,
            budgets: Vec<VenueBudget>,
        }
        let budgets = vec![VenueBudget { benefit: "svom".into(), count: 3, per: Period::Year }];
        let v = Venue {
            id: "bad".into(),
            name: "Bad".into(),
            category: Category::Swimming,
            address: "Gata 1".into(),
            budgets: budgets.clone(),
            ..Default::default()
        };
        let old = Old { id: "bad", name: "Bad", category: Category::Swimming, address: "Gata 1", budgets };
        assert_eq!(crate::wire::to_cbor(&v), crate::wire::to_cbor(&old));
        assert_eq!(serde_json::to_string(&v).unwrap(), serde_json::to_string(&old).unwrap());
        let back: Venue = crate::wire::from_cbor(&crate::wire::to_cbor(&old)).unwrap();
        assert_eq!(back, v);
        let with = Venue {
            opening_hours: [("nb".to_string(), "Man–fre 10–20".to_string())].into_iter().collect(),
            phone: "+47 33 13 00 00".into(),
            web: "https://bad.no".into(),
            map: "https://www.openstreetmap.org/?mlat=59&mlon=10".into(),
            ..v
        };
        let json = serde_json::to_string(&with).unwrap();
        assert!(
            json.ends_with(
                r#""opening_hours":{"nb":"Man–fre 10–20"},"phone":"+47 33 13 00 00","web":"https://bad.no","map":"https://www.openstreetmap.org/?mlat=59&mlon=10"}"#
            ),
            "{json}"
        );
        let back: Venue = crate::wire::from_cbor(&crate::wire::to_cbor(&with)).unwrap();
        assert_eq!(back, with);
    }

    #[test]
    fn venue_links_are_web_addresses_only() {
        for good in ["https://bolgen.no", "http://kino.larvik.no/program?uke=1#i-dag", "https://a.b/%C3%B8"] {
            assert!(is_web_link(good), "{good}");
        }
        let long = format!("https://x.no/{}", "a".repeat(MAX_LINK));
        for bad in [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            " https://x.no",
            "data:text/html,hi",
            "https://",
            "https:///x",
            "https://x.no/a b",
            "https://x.no/\"><script>",
            "//x.no",
            "ftp://x.no",
            "https://x.no/\u{0}",
            long.as_str(),
        ] {
            assert!(!is_web_link(bad), "{bad}");
        }
        let mut cat = Catalogue {
            scheme_name: "x".into(),
            public_base_url: "https://x.no".into(),
            contact: None,
            venues: vec![Venue {
                id: "bad".into(),
                name: "Bad".into(),
                web: "https://bad.no".into(),
                ..Default::default()
            }],
            card_types: vec![],
        };
        assert_eq!(cat.validate(), Ok(()));
        cat.venues[0].map = "javascript:alert(1)".into();
        assert_eq!(cat.validate(), Err(CatalogueError::BadVenueLink("bad".into())));
        cat.venues[0].map = String::new();
        cat.venues[0].web = "javascript:alert(1)".into();
        assert_eq!(cat.validate(), Err(CatalogueError::BadVenueLink("bad".into())));
    }

    #[test]
    fn budgets_are_calendar_periods_once_per_offer() {
        let mut cat = Catalogue {
            scheme_name: "x".into(),
            public_base_url: "https://x.no".into(),
            venues: vec![Venue {
                id: "bad".into(),
                name: "Bad".into(),
                category: Category::Swimming,
                address: String::new(),
                budgets: vec![VenueBudget { benefit: "svom".into(), count: 3, per: Period::Year }],
                ..Default::default()
            }],
            card_types: vec![],
            contact: None,
        };
        assert_eq!(cat.validate(), Ok(()));
        let bad = CatalogueError::BadBudget { venue: "bad".into(), benefit: "svom".into() };
        cat.venues[0].budgets.push(VenueBudget { benefit: "svom".into(), count: 5, per: Period::Year });
        assert_eq!(cat.validate(), Err(bad.clone()));
        cat.venues[0].budgets[1].per = Period::Validity;
        assert_eq!(cat.validate(), Err(bad));
        cat.venues[0].budgets[1].per = Period::Month;
        assert_eq!(cat.validate(), Ok(()));
    }

    #[test]
    fn a_catalogue_without_contact_details_encodes_as_before() {
        /// The catalogue as it was before contact details.
        #[derive(Serialize)]
        struct Old<'a> {
            scheme_name: &'a str,
            public_base_url: &'a str,
            venues: Vec<Venue>,
            card_types: Vec<CardType>,
        }
        let cat = Catalogue {
            scheme_name: "x".into(),
            public_base_url: "https://x.no".into(),
            venues: vec![],
            card_types: vec![],
            contact: None,
        };
        let old = Old { scheme_name: "x", public_base_url: "https://x.no", venues: vec![], card_types: vec![] };
        assert_eq!(crate::wire::to_cbor(&cat), crate::wire::to_cbor(&old));
        assert_eq!(serde_json::to_string(&cat).unwrap(), serde_json::to_string(&old).unwrap());
        let back: Catalogue = crate::wire::from_cbor(&crate::wire::to_cbor(&old)).unwrap();
        assert_eq!(back, cat);
        let contact = SchemeContact { phone: "33 17 10 00".into(), email: String::new(), web: String::new() };
        let with = Catalogue { contact: Some(contact.clone()), ..cat };
        let json = serde_json::to_string(&with).unwrap();
        assert!(json.ends_with(r#""card_types":[],"contact":{"phone":"33 17 10 00"}}"#), "{json}");
        assert_eq!(crate::wire::from_cbor::<Catalogue>(&crate::wire::to_cbor(&with)).unwrap(), with);
        assert_eq!(contact.check(), Ok(()));
        let bad = SchemeContact { email: "post".into(), ..contact };
        assert_eq!(bad.check(), Err(ContactError::Email));
    }

    #[test]
    fn slugs() {
        assert!(is_valid_slug("bolgen-kino"));
        assert!(!is_valid_slug("Bølgen"));
        assert!(!is_valid_slug(""));
    }
}
