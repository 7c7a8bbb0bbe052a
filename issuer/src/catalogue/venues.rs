//! Venues: added, edited (name, category, address; never the id) and
//! removed (from every offer too, and offers left with no venue go).

use super::{Draft, Refusal, at_most};
use shared::model::{Catalogue, Category, Names, Venue, is_valid_slug};

/// What a venue's form sets (all but the id).
#[derive(Debug, Clone)]
pub struct VenueFields {
    /// Display name, 1–100 characters.
    pub name: String,
    /// Kind of place.
    pub category: Category,
    /// Street address, at most 200 characters.
    pub address: String,
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
        let name = check(&fields.name, &fields.address)?;
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
        });
        Ok(())
    }

    /// Change venue `id`'s name, category and address.
    pub fn edit_venue(&mut self, id: &str, fields: VenueFields) -> Result<(), Refusal> {
        let venue = self.cat.venues.iter_mut().find(|v| v.id == id).ok_or(Refusal::VenueGone)?;
        let name = check(&fields.name, &fields.address)?;
        (venue.name, venue.category, venue.address) = (name, fields.category, fields.address);
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
