//! Venues: added (the id made from the name, shown and editable before the
//! venue is added; fixed after, since the first publish carries it to the
//! venues' stations and reports), edited (name, category, address, opening
//! hours, phone, web and map links; never the id) and removed (from every
//! offer too, and offers left with no venue go).

use super::{Draft, Refusal, at_most};
use shared::model::{Catalogue, Category, Names, Venue, is_valid_slug, is_web_link};
use unicode_normalization::UnicodeNormalization as _;

/// Longest opening hours text in one language, in characters.
pub const MAX_HOURS: usize = 200;

/// Longest telephone number, in characters.
pub const MAX_PHONE: usize = 30;

/// What a venue's form sets (all but the id).
#[derive(Debug, Clone, Default)]
pub struct VenueFields {
    /// Display name, 1–100 characters.
    pub name: String,
    /// Kind of place.
    pub category: Category,
    /// Street address, at most 200 characters.
    pub address: String,
    /// Opening hours per language (empty ones left out), each at most
    /// [`MAX_HOURS`] characters without control characters.
    pub opening_hours: Names,
    /// Telephone number: digits, spaces, `-`, brackets and a leading `+`;
    /// 3 digits or more, at most [`MAX_PHONE`] characters. Empty: none.
    pub phone: String,
    /// Web page ([`is_web_link`]); empty: none.
    pub web: String,
    /// Map link ([`is_web_link`]); empty: made from the address.
    pub map: String,
}

impl VenueFields {
    /// The fields of `v`.
    pub fn of(v: &Venue) -> VenueFields {
        VenueFields {
            name: v.name.clone(),
            category: v.category,
            address: v.address.clone(),
            opening_hours: v.opening_hours.clone(),
            phone: v.phone.clone(),
            web: v.web.clone(),
            map: v.map.clone(),
        }
    }

    /// The fields by the rules of the form; the name as it is kept.
    pub fn check(&self) -> Result<String, Refusal> {
        let name = check(&self.name, &self.address)?;
        let hours_ok = |h: &String| !h.trim().is_empty() && at_most(h, MAX_HOURS) && !h.chars().any(char::is_control);
        if !self.opening_hours.values().all(hours_ok) {
            return Err(Refusal::VenueHours);
        }
        if !self.phone.is_empty() && !is_phone(&self.phone) {
            return Err(Refusal::VenuePhone);
        }
        if !self.web.is_empty() && !is_web_link(&self.web) {
            return Err(Refusal::VenueWeb);
        }
        if !self.map.is_empty() && !is_web_link(&self.map) {
            return Err(Refusal::VenueMap);
        }
        Ok(name)
    }
}

/// A venue's name and address by the rules of its form; the name as it is
/// kept (trimmed, NFKC: [`crate::names::clean`]).
pub fn check(name: &str, address: &str) -> Result<String, Refusal> {
    let name = crate::names::clean(name).map_err(Refusal::NameCharacters)?;
    if name.is_empty() || !at_most(&name, 100) || !at_most(address, 200) {
        return Err(Refusal::VenueName);
    }
    Ok(name)
}

/// Whether `phone` is a telephone number as people write it: digits,
/// spaces, `-`, `(`, `)` and one leading `+`, with at least 3 digits and at
/// most [`MAX_PHONE`] characters.
pub fn is_phone(phone: &str) -> bool {
    let rest = phone.strip_prefix('+').unwrap_or(phone);
    at_most(phone, MAX_PHONE)
        && phone.chars().filter(char::is_ascii_digit).count() >= 3
        && rest.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')'))
}

/// The `tel:` link of a telephone number (digits and the leading `+` only).
pub fn tel_link(phone: &str) -> String {
    let digits: String = phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    format!("tel:{digits}")
}

/// Where a family finds venue `v` on a map: the administrator's map link,
/// else an OpenStreetMap search for the venue's address (only the venue's
/// address: nothing about the family or the card); `None` without either.
pub fn map_link(v: &Venue) -> Option<String> {
    if is_web_link(&v.map) {
        return Some(v.map.clone());
    }
    let address = v.address.trim();
    if address.is_empty() {
        return None;
    }
    let query: String = form_urlencoded::byte_serialize(address.as_bytes()).collect();
    Some(format!("https://www.openstreetmap.org/search?query={query}"))
}

/// A venue id made from `name`: lower case, `æ` → `ae`, `ø` → `o`, `å` →
/// `a`, other letters without their accents (`é` → `e`, `ł` → `l`, `ß` →
/// `ss`), spaces and punctuation between words → one `-`, other characters
/// dropped; at most 64 characters; `sted` when nothing is left.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in name.to_lowercase().nfd() {
        let piece = match c {
            'a'..='z' | '0'..='9' => Some(c.to_string()),
            'æ' => Some("ae".into()),
            'ø' | 'ð' => Some(if c == 'ø' { "o" } else { "d" }.into()),
            'ß' => Some("ss".into()),
            'þ' => Some("th".into()),
            'ł' => Some("l".into()),
            'đ' => Some("d".into()),
            'œ' => Some("oe".into()),
            _ if c.is_whitespace() || matches!(c, '-' | '_' | '.' | ',' | '/' | '+' | ':' | ';') => {
                gap = true;
                None
            }
            _ => None,
        };
        if let Some(piece) = piece {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.push_str(&piece);
        }
    }
    let out: String = out.chars().take(64).collect();
    let out = out.trim_end_matches('-');
    if out.is_empty() { "sted".into() } else { out.to_string() }
}

/// The id a new venue called `name` gets in `cat`: its [`slug`], with
/// `-2`, `-3`, … when that is taken (still at most 64 characters).
pub fn propose_id(cat: &Catalogue, name: &str) -> String {
    let base = slug(name);
    if cat.venue(&base).is_none() {
        return base;
    }
    (2..)
        .map(|n| {
            let suffix = format!("-{n}");
            let head: String = base.chars().take(64 - suffix.len()).collect();
            format!("{}{suffix}", head.trim_end_matches('-'))
        })
        .find(|id| cat.venue(id).is_none())
        .unwrap_or(base)
}

/// What removing a venue did to an offer: the offer's card type's names and
/// the offer's names.
#[derive(Debug, Clone)]
pub struct RemovedOffer {
    /// The card type's names.
    pub card_type: Names,
    /// The offer's names.
    pub offer: Names,
}

/// What removing venue `id` from `cat` would do to the offers: each offer
/// at the venue, and whether it goes too because it has no other venue.
pub fn removal_effects(cat: &Catalogue, id: &str) -> Vec<(RemovedOffer, bool)> {
    cat.card_types
        .iter()
        .flat_map(|ct| {
            ct.benefits
                .iter()
                .filter(|b| b.venues.iter().any(|v| v == id))
                .map(|b| (RemovedOffer { card_type: ct.names.clone(), offer: b.names.clone() }, b.venues.len() == 1))
        })
        .collect()
}

impl Draft {
    /// Add venue `id`.
    pub fn add_venue(&mut self, id: String, fields: VenueFields) -> Result<(), Refusal> {
        let name = fields.check()?;
        if !is_valid_slug(&id) || self.cat.venue(&id).is_some() {
            return Err(Refusal::VenueId);
        }
        self.note = format!("added venue {id}");
        self.cat.venues.push(Venue {
            id,
            name,
            category: fields.category,
            address: fields.address,
            budgets: Vec::new(),
            opening_hours: fields.opening_hours,
            phone: fields.phone,
            web: fields.web,
            map: fields.map,
        });
        Ok(())
    }

    /// Change venue `id`'s name, category, address, opening hours, phone,
    /// web and map links.
    pub fn edit_venue(&mut self, id: &str, fields: VenueFields) -> Result<(), Refusal> {
        let venue = self.cat.venues.iter_mut().find(|v| v.id == id).ok_or(Refusal::VenueGone)?;
        let name = fields.check()?;
        (venue.name, venue.category, venue.address) = (name, fields.category, fields.address);
        (venue.opening_hours, venue.phone) = (fields.opening_hours, fields.phone);
        (venue.web, venue.map) = (fields.web, fields.map);
        self.note = format!("edited venue {id}");
        Ok(())
    }

    /// Remove venue `id` from the catalogue and from every offer; offers
    /// left with no venue go too. The removed venue and those offers.
    pub fn remove_venue(&mut self, id: &str) -> Result<(Venue, Vec<RemovedOffer>), Refusal> {
        let i = self.cat.venues.iter().position(|v| v.id == id).ok_or(Refusal::VenueGone)?;
        let venue = self.cat.venues.remove(i);
        let mut gone = Vec::new();
        let mut gone_ids = Vec::new();
        for ct in &mut self.cat.card_types {
            for b in &mut ct.benefits {
                b.venues.retain(|v| v != id);
            }
            for b in ct.benefits.iter().filter(|b| b.venues.is_empty()) {
                gone.push(RemovedOffer { card_type: ct.names.clone(), offer: b.names.clone() });
                gone_ids.push(format!("{}/{}", ct.id.0, b.id));
            }
            ct.benefits.retain(|b| !b.venues.is_empty());
        }
        self.note = format!("removed venue {id}");
        if !gone_ids.is_empty() {
            self.note.push_str(&format!(" and offers {}", gone_ids.join(", ")));
        }
        Ok((venue, gone))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn venue_ids_from_names() {
        assert_eq!(slug("Sandefjord kino"), "sandefjord-kino");
        assert_eq!(slug("Bølgen kulturhus"), "bolgen-kulturhus");
        assert_eq!(slug("Larvik bad & fritid"), "larvik-bad-fritid");
        assert_eq!(slug("Æbletoft Åsgårdstrand"), "aebletoft-asgardstrand");
        assert_eq!(slug("  Café Øst – Łódź  "), "cafe-ost-lodz");
        assert_eq!(slug("&&& !!! ???"), "sted");
        assert_eq!(slug("Кіно"), "sted");
        assert_eq!(slug(&"Kino ".repeat(30)).len(), 64);
        assert!(!slug(&"ab ".repeat(40)).ends_with('-'));
        assert!(is_valid_slug(&slug(&"Kino ".repeat(30))));
    }

    #[test]
    fn proposed_ids_are_unique_by_a_number() {
        let mut cat = crate::demo::larvik("https://x.no");
        let venue = |id: &str| Venue { id: id.into(), name: id.into(), ..Default::default() };
        assert_eq!(propose_id(&cat, "Sandefjord kino"), "sandefjord-kino");
        cat.venues.push(venue("sandefjord-kino"));
        assert_eq!(propose_id(&cat, "Sandefjord  kino!"), "sandefjord-kino-2");
        cat.venues.push(venue("sandefjord-kino-2"));
        assert_eq!(propose_id(&cat, "Sandefjord kino"), "sandefjord-kino-3");
        let long = "k".repeat(64);
        cat.venues.push(venue(&long));
        let id = propose_id(&cat, &long);
        assert_eq!((id.len(), id.ends_with("-2")), (64, true));
        assert!(is_valid_slug(&id));
    }

    #[test]
    fn venue_details_by_the_rules_of_the_form() {
        let ok = VenueFields {
            name: "Bølgen kino".into(),
            address: "Sjøgata 1, Larvik".into(),
            opening_hours: [("nb".to_string(), "Alle dager 10–22".to_string())].into_iter().collect(),
            phone: "+47 (33) 13-00 00".into(),
            web: "https://bolgen.no".into(),
            ..Default::default()
        };
        assert_eq!(ok.check(), Ok("Bølgen kino".into()));
        let with = |f: fn(&mut VenueFields)| {
            let mut v = ok.clone();
            f(&mut v);
            v.check()
        };
        assert_eq!(with(|v| v.phone = "12".into()), Err(Refusal::VenuePhone));
        assert_eq!(with(|v| v.phone = "33 13 00 00 ring".into()), Err(Refusal::VenuePhone));
        assert_eq!(with(|v| v.phone = "33+13".into()), Err(Refusal::VenuePhone));
        assert_eq!(with(|v| v.phone = "1".repeat(31)), Err(Refusal::VenuePhone));
        assert_eq!(with(|v| v.web = "javascript:alert(1)".into()), Err(Refusal::VenueWeb));
        assert_eq!(with(|v| v.web = "bolgen.no".into()), Err(Refusal::VenueWeb));
        assert_eq!(with(|v| v.map = "javascript:alert(1)".into()), Err(Refusal::VenueMap));
        assert_eq!(
            with(|v| v.map = "https://www.openstreetmap.org/#map=17/59.05/10.03".into()),
            Ok("Bølgen kino".into())
        );
        assert_eq!(with(|v| _ = v.opening_hours.insert("en".into(), "x".repeat(201))), Err(Refusal::VenueHours));
        assert_eq!(with(|v| _ = v.opening_hours.insert("pl".into(), "a\u{7}b".into())), Err(Refusal::VenueHours));
        assert_eq!(with(|v| v.name = String::new()), Err(Refusal::VenueName));
    }

    #[test]
    fn an_imported_catalogue_is_checked_by_the_venue_form_s_rules() {
        use crate::catalogue::{ChangeError, check_all};
        let base = crate::demo::larvik("https://x.no");
        let with = |f: fn(&mut Venue)| {
            let mut cat = base.clone();
            f(&mut cat.venues[0]);
            match check_all(&mut cat) {
                Err(ChangeError::RefusedAt { item, refusal }) => Some((item, refusal)),
                Ok(()) => None,
                Err(e) => panic!("{e}"),
            }
        };
        let at = |refusal| Some(("venue bolgen-kino".to_string(), refusal));
        assert_eq!(with(|v| v.phone = "ring oss".into()), at(Refusal::VenuePhone));
        assert_eq!(with(|v| v.web = "javascript:alert(1)".into()), at(Refusal::VenueWeb));
        assert_eq!(with(|v| v.map = "data:text/html,x".into()), at(Refusal::VenueMap));
        assert_eq!(with(|v| _ = v.opening_hours.insert("ar".into(), String::new())), at(Refusal::VenueHours));
        assert_eq!(with(|v| v.phone = "+47 33 13 00 00".into()), None);
        // The catalogue's own check refuses a script link too (CatalogueError::BadVenueLink).
        let mut cat = base.clone();
        cat.venues[0].web = "javascript:alert(1)".into();
        assert_eq!(cat.validate(), Err(shared::model::CatalogueError::BadVenueLink("bolgen-kino".into())));
    }

    #[test]
    fn links_for_families() {
        assert_eq!(tel_link("+47 (33) 13-00 00"), "tel:+4733130000");
        let mut v = Venue { address: "Sjøgata 1, Larvik".into(), ..Default::default() };
        assert_eq!(
            map_link(&v).as_deref(),
            Some("https://www.openstreetmap.org/search?query=Sj%C3%B8gata+1%2C+Larvik")
        );
        v.map = "https://kart.example/bolgen".into();
        assert_eq!(map_link(&v).as_deref(), Some("https://kart.example/bolgen"));
        v.map = String::new();
        v.address = " ".into();
        assert_eq!(map_link(&v), None);
    }
}
