//! Card types: added (with the next free number), edited (names, ages,
//! validity rule; never the number) and removed (the number is never used
//! again, so cards of the removed type never match a new one).

use super::{Draft, Refusal, names_fit, set_names};
use shared::model::{CardType, CardTypeId, Names, ValidityRule};

/// What a card type's form sets (all but the number and the offers).
#[derive(Debug, Clone)]
pub struct CardTypeFields {
    /// Names per language ([`super::name_langs`]): bokmål 1–100
    /// characters, the others at most 100 (empty or missing: none, and the
    /// pages show the bokmål name).
    pub names: Names,
    /// Youngest age the card is meant for.
    pub age_min: u8,
    /// Oldest age the card is meant for, at most 25.
    pub age_max: u8,
    /// How long its cards may be valid.
    pub validity: ValidityRule,
}

impl CardTypeFields {
    /// The fields of `ct`.
    pub fn of(ct: &CardType) -> CardTypeFields {
        CardTypeFields { names: ct.names.clone(), age_min: ct.age_min, age_max: ct.age_max, validity: ct.validity }
    }

    /// The fields by the rules of the form.
    pub fn check(&self) -> Result<(), Refusal> {
        if !names_fit(&self.names, 100) {
            return Err(Refusal::CardTypeName);
        }
        if self.age_min > self.age_max || self.age_max > 25 {
            return Err(Refusal::Age);
        }
        match self.validity {
            ValidityRule::Days { days } if !(1..=366).contains(&days) => Err(Refusal::Days),
            ValidityRule::Fixed { from, until } if from > until => Err(Refusal::Fixed),
            ValidityRule::Months { months } if !(1..=shared::validity::MAX_MONTHS).contains(&months) => {
                Err(Refusal::Months)
            }
            _ => Ok(()),
        }
    }
}

/// Whether a card type's name already says its ages ("0–13 år med
/// ledsager" says 0–13), so the families' pages need not repeat them. A
/// digit next to the match does not count: "10–13" does not say "0–13".
pub fn name_says_ages(name: &str, min: u8, max: u8) -> bool {
    let says = |pat: &str| {
        name.match_indices(pat).any(|(i, _)| {
            let before = name.get(..i).and_then(|b| b.chars().next_back());
            let after = name.get(i + pat.len()..).and_then(|a| a.chars().next());
            !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
        })
    };
    [format!("{min}–{max}"), format!("{min}-{max}"), format!("{min} – {max}")].iter().any(|p| says(p))
}

/// Refuse changing card type `id`'s validity rule from `old` to `new` when
/// `new` does not allow every card window `old` allowed: venues would then
/// refuse cards already handed out.
pub fn check_covers(id: CardTypeId, new: ValidityRule, old: ValidityRule) -> Result<(), Refusal> {
    if new.covers(old) { Ok(()) } else { Err(Refusal::ValidityNarrower { card_type: id.0 }) }
}

impl Draft {
    /// Add a card type, without offers, with the next free number.
    pub fn add_card_type(&mut self, fields: CardTypeFields) -> Result<CardTypeId, Refusal> {
        fields.check()?;
        let id = self.next_card_type.ok_or(Refusal::CardTypeNumbers)?;
        self.note = format!("added card type {}", id.0);
        self.cat.card_types.push(CardType {
            id,
            names: {
                let mut n = Names::new();
                set_names(&mut n, &fields.names);
                n
            },
            age_min: fields.age_min,
            age_max: fields.age_max,
            validity: fields.validity,
            benefits: Vec::new(),
        });
        Ok(id)
    }

    /// Change card type `id`'s names, ages and validity rule. A rule that
    /// does not cover the old one (see [`check_covers`]) needs
    /// `confirm_narrower`.
    pub fn edit_card_type(
        &mut self,
        id: CardTypeId,
        fields: CardTypeFields,
        confirm_narrower: bool,
    ) -> Result<(), Refusal> {
        let ct = self.cat.card_types.iter_mut().find(|c| c.id == id).ok_or(Refusal::CardTypeGone)?;
        fields.check()?;
        if !confirm_narrower {
            check_covers(id, fields.validity, ct.validity)?;
        }
        set_names(&mut ct.names, &fields.names);
        (ct.age_min, ct.age_max, ct.validity) = (fields.age_min, fields.age_max, fields.validity);
        self.note = format!("edited card type {}", id.0);
        Ok(())
    }

    /// Remove card type `id` with its offers; the removed card type.
    pub fn remove_card_type(&mut self, id: CardTypeId) -> Result<CardType, Refusal> {
        let i = self.cat.card_types.iter().position(|c| c.id == id).ok_or(Refusal::CardTypeGone)?;
        let ct = self.cat.card_types.remove(i);
        self.note = format!("removed card type {}", ct.id.0);
        Ok(ct)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(pairs: &[(&str, &str)]) -> Names {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn names_in_every_family_language_bokmal_required_other_languages_kept() {
        let fields =
            |n: Names| CardTypeFields { names: n, age_min: 0, age_max: 13, validity: ValidityRule::CALENDAR_YEAR };
        assert_eq!(fields(names(&[("nb", "Kort"), ("pl", "Karta"), ("ar", "بطاقة")])).check(), Ok(()));
        assert_eq!(fields(names(&[("pl", "Karta")])).check(), Err(Refusal::CardTypeName));
        assert_eq!(fields(names(&[("nb", "")])).check(), Err(Refusal::CardTypeName));
        let long = "k".repeat(101);
        assert_eq!(fields(names(&[("nb", "Kort"), ("uk", &long)])).check(), Err(Refusal::CardTypeName));
        // A form sets its languages and leaves others (from an import) alone.
        let mut kept = names(&[("nb", "Gammel"), ("en", "Old"), ("so", "Kaar"), ("de", "Karte")]);
        set_names(&mut kept, &names(&[("nb", "Ny"), ("pl", "Nowa")]));
        assert_eq!(kept, names(&[("nb", "Ny"), ("pl", "Nowa"), ("de", "Karte")]));
        // A language left empty falls back to bokmål on the families' pages.
        assert_eq!(shared::model::name_in(&kept, "nn"), "Ny");
        assert_eq!(shared::model::name_in(&kept, "pl"), "Nowa");
    }
}
