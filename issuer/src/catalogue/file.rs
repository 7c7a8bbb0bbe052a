//! The catalogue as the administrator's JSON file (`issuer catalogue
//! --json`, `--import`): the catalogue of the trust bundle, plus, on each
//! card type whose duplicate check is on, `"duplicate_check": true`.
//!
//! The duplicate check is the issuer's own business, kept in its database
//! ([`crate::store::Duplicates`]), not in the catalogue venues get: a venue
//! can do nothing with it, and so a signed bundle is the same whether the
//! check is on or off. A file without the field (`false`, the default) is
//! byte for byte what `--json` printed before the field existed.

use super::ChangeError;
use crate::IssuerError;
use crate::store::Store;
use serde::Serialize;
use shared::Timestamp;
use shared::model::{CardType, CardTypeId, Catalogue, SchemeContact, Venue};
use std::collections::BTreeSet;

/// The field's name on a card type.
pub const DUPLICATE_CHECK: &str = "duplicate_check";

#[derive(Serialize)]
struct CardTypeOut<'a> {
    #[serde(flatten)]
    card_type: &'a CardType,
    #[serde(skip_serializing_if = "is_false")]
    duplicate_check: bool,
}

fn is_false(b: &bool) -> bool {
    !b
}

fn no_contact(c: &&Option<SchemeContact>) -> bool {
    c.is_none()
}

#[derive(Serialize)]
struct CatalogueOut<'a> {
    scheme_name: &'a str,
    public_base_url: &'a str,
    venues: &'a [Venue],
    card_types: Vec<CardTypeOut<'a>>,
    #[serde(skip_serializing_if = "no_contact")]
    contact: &'a Option<SchemeContact>,
}

/// The file's text (pretty JSON) of `cat` with the duplicate check on for
/// the card types in `checked`.
pub fn to_json(cat: &Catalogue, checked: &BTreeSet<CardTypeId>) -> Result<String, serde_json::Error> {
    // Every field of the catalogue, by name: a new one fails to compile
    // here until the file has it too.
    let Catalogue { scheme_name, public_base_url, venues, card_types, contact } = cat;
    let out = CatalogueOut {
        scheme_name,
        public_base_url,
        venues,
        card_types: card_types
            .iter()
            .map(|card_type| CardTypeOut { card_type, duplicate_check: checked.contains(&card_type.id) })
            .collect(),
        contact,
    };
    serde_json::to_string_pretty(&out)
}

/// Why a catalogue file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Not JSON, or not a catalogue.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// A card type's `duplicate_check` is not `true` or `false`.
    #[error("card type {0}: \"duplicate_check\" must be true or false")]
    DuplicateCheck(String),
}

/// Read a catalogue file: the catalogue and the card types whose
/// duplicate check is on.
pub fn from_json(text: &str) -> Result<(Catalogue, BTreeSet<CardTypeId>), FileError> {
    let mut value: serde_json::Value = serde_json::from_str(text)?;
    let mut checked = BTreeSet::new();
    if let Some(types) = value.get_mut("card_types").and_then(|v| v.as_array_mut()) {
        for ct in types.iter_mut().filter_map(|v| v.as_object_mut()) {
            let id = ct.get("id").map(|v| v.to_string()).unwrap_or_default();
            match ct.remove(DUPLICATE_CHECK) {
                None | Some(serde_json::Value::Bool(false)) => {}
                Some(serde_json::Value::Bool(true)) => {
                    let id = id.parse::<u16>().map_err(|_| FileError::DuplicateCheck(id.clone()))?;
                    checked.insert(CardTypeId(id));
                }
                Some(_) => return Err(FileError::DuplicateCheck(id)),
            }
        }
    }
    Ok((serde_json::from_value(value)?, checked))
}

/// [`super::import`] `new`, then switch the duplicate check on for exactly
/// the card types in `checked` (off, deleting their entries, for the
/// others).
pub fn import(
    store: &mut Store,
    new: Catalogue,
    checked: &BTreeSet<CardTypeId>,
    confirm_narrower: bool,
    actor: &str,
    now: Timestamp,
) -> Result<(), ChangeError> {
    super::import(store, new, confirm_narrower, actor, now)?;
    store.duplicates().set_all(store.catalogue(), checked, actor, now).map_err(IssuerError::Db)?;
    store.checkpoint();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_the_check_the_file_is_the_catalogue_byte_for_byte_and_the_flag_round_trips() {
        let cat = crate::demo::larvik("https://kort.example.no");
        let plain = serde_json::to_string_pretty(&cat).unwrap();
        assert_eq!(to_json(&cat, &BTreeSet::new()).unwrap(), plain);
        assert_eq!(from_json(&plain).unwrap(), (cat.clone(), BTreeSet::new()));
        let on: BTreeSet<CardTypeId> = [cat.card_types[0].id].into();
        let text = to_json(&cat, &on).unwrap();
        assert_eq!(text.matches("\"duplicate_check\": true").count(), 1, "{text}");
        assert_eq!(from_json(&text).unwrap(), (cat.clone(), on));
        let off = text.replace("\"duplicate_check\": true", "\"duplicate_check\": false");
        assert_eq!(from_json(&off).unwrap(), (cat.clone(), BTreeSet::new()));
        let bad = text.replace("\"duplicate_check\": true", "\"duplicate_check\": \"yes\"");
        assert!(matches!(from_json(&bad), Err(FileError::DuplicateCheck(_))));
    }
}
