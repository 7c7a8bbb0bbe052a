//! Offers (a card type's benefits): added (their id made from the bokmål
//! name), edited (names, venues, quotas, companion; never the id, since
//! quotas are counted per offer id) and removed.

use super::{Draft, Refusal, names_fit, set_names};
use shared::model::{Benefit, CardTypeId, Catalogue, Names, Quota};

/// What an offer's form sets (all but the id).
#[derive(Debug, Clone)]
pub struct OfferFields {
    /// Names per language ([`super::name_langs`]): bokmål 1–60
    /// characters, the others at most 60 (empty or missing: none, and the
    /// pages show the bokmål name).
    pub names: Names,
    /// Venue ids, at least one, each in the catalogue.
    pub venues: Vec<String>,
    /// Quotas, at least one, each with its own period (see [`push_quota`]).
    pub quotas: Vec<Quota>,
    /// Whether one adult companion gets in free.
    pub companion_free: bool,
}

impl OfferFields {
    /// The fields of `b`.
    pub fn of(b: &Benefit) -> OfferFields {
        OfferFields {
            names: b.names.clone(),
            venues: b.venues.clone(),
            quotas: b.quotas.clone(),
            companion_free: b.companion_free,
        }
    }

    /// The names, venues and quotas by the rules of the form.
    pub fn check(&self, cat: &Catalogue) -> Result<(), Refusal> {
        if !names_fit(&self.names, 60) {
            return Err(Refusal::BenefitName);
        }
        if self.venues.is_empty() || self.venues.iter().any(|v| cat.venue(v).is_none()) {
            return Err(Refusal::BenefitVenues);
        }
        check_quotas(&self.quotas)
    }
}

/// An offer's quotas: at least one, each by [`push_quota`]'s rules.
pub fn check_quotas(quotas: &[Quota]) -> Result<(), Refusal> {
    let mut checked = Vec::with_capacity(quotas.len());
    for q in quotas {
        push_quota(&mut checked, *q)?;
    }
    if checked.is_empty() {
        return Err(Refusal::QuotaNone);
    }
    Ok(())
}

/// Add quota `q` to `quotas`: a count of 1–1000, and a period no other
/// quota of the offer has.
pub fn push_quota(quotas: &mut Vec<Quota>, q: Quota) -> Result<(), Refusal> {
    if !(1..=1000).contains(&q.count) {
        return Err(Refusal::Quota);
    }
    if quotas.iter().any(|x| x.per == q.per) {
        return Err(Refusal::QuotaTwice);
    }
    quotas.push(q);
    Ok(())
}

/// An offer's id from its name: `Kino` → `kino`, `Svømming` → `svomming`.
pub fn slug(name: &str) -> String {
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

impl Draft {
    /// Add an offer to card type `card_type` (`None`: none was chosen); its
    /// id is the [`slug`] of its bokmål name.
    pub fn add_offer(&mut self, card_type: Option<CardTypeId>, fields: OfferFields) -> Result<(), Refusal> {
        let ct_index = card_type
            .and_then(|id| self.cat.card_types.iter().position(|c| c.id == id))
            .ok_or(Refusal::CardTypeMissing)?;
        let id = slug(fields.names.get("nb").map_or("", String::as_str));
        if id.is_empty() {
            return Err(Refusal::BenefitName);
        }
        fields.check(&self.cat)?;
        let ct = self.cat.card_types.get_mut(ct_index).ok_or(Refusal::CardTypeMissing)?;
        if ct.benefits.iter().any(|b| b.id == id) {
            return Err(Refusal::BenefitExists);
        }
        self.note = format!("added offer {id} to card type {}", ct.id.0);
        ct.benefits.push(Benefit {
            id,
            names: {
                let mut n = Names::new();
                set_names(&mut n, &fields.names);
                n
            },
            venues: fields.venues,
            quotas: fields.quotas,
            companion_free: fields.companion_free,
        });
        Ok(())
    }

    /// Change offer `id` of card type `card_type`: names, venues, quotas
    /// and companion.
    pub fn edit_offer(&mut self, card_type: CardTypeId, id: &str, fields: OfferFields) -> Result<(), Refusal> {
        let checked = fields.check(&self.cat);
        let ct = self.cat.card_types.iter_mut().find(|c| c.id == card_type).ok_or(Refusal::BenefitGone)?;
        let b = ct.benefits.iter_mut().find(|b| b.id == id).ok_or(Refusal::BenefitGone)?;
        checked?;
        set_names(&mut b.names, &fields.names);
        (b.venues, b.quotas, b.companion_free) = (fields.venues, fields.quotas, fields.companion_free);
        self.note = format!("edited offer {} of card type {}", b.id, ct.id.0);
        Ok(())
    }

    /// Remove offer `id` of card type `card_type`: the removed offer and
    /// the card type's names.
    pub fn remove_offer(&mut self, card_type: CardTypeId, id: &str) -> Result<(Benefit, Names), Refusal> {
        let ct = self.cat.card_types.iter_mut().find(|c| c.id == card_type).ok_or(Refusal::BenefitGone)?;
        let i = ct.benefits.iter().position(|b| b.id == id).ok_or(Refusal::BenefitGone)?;
        let b = ct.benefits.remove(i);
        self.note = format!("removed offer {} of card type {}", b.id, ct.id.0);
        Ok((b, ct.names.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offer_ids_from_names() {
        assert_eq!(slug("Svømming & bading"), "svomming-bading");
        assert_eq!(slug("Kino"), "kino");
        assert_eq!(slug("!!!"), "");
    }

    #[test]
    fn quotas_need_a_count_of_1_to_1000_and_their_own_period() {
        use shared::model::Period::{Month, Week};
        let q = |count, per| Quota { count, per };
        let mut quotas = Vec::new();
        assert_eq!(push_quota(&mut quotas, q(1, Week)), Ok(()));
        assert_eq!(push_quota(&mut quotas, q(2, Week)), Err(Refusal::QuotaTwice));
        assert_eq!(push_quota(&mut quotas, q(0, Month)), Err(Refusal::Quota));
        assert_eq!(push_quota(&mut quotas, q(1001, Month)), Err(Refusal::Quota));
        assert_eq!(push_quota(&mut quotas, q(1000, Month)), Ok(()));
        assert_eq!(quotas, vec![q(1, Week), q(1000, Month)]);
    }
}
