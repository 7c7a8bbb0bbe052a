//! A venue's ticket budgets (SPEC §11.11): set (added, or the count of the
//! same offer and period changed) and removed.

use super::{Draft, Refusal};
use shared::model::{Period, VenueBudget};

/// The largest budget count accepted.
pub const MAX_BUDGET: u32 = 1_000_000;

impl Draft {
    /// Give venue `venue` the budget `budget`: a new one, or the new count
    /// of the budget of the same offer and period. The offer must be given
    /// at the venue (by some card type), the period a calendar one.
    pub fn set_budget(&mut self, venue: &str, budget: VenueBudget) -> Result<(), Refusal> {
        let offered = self.cat.card_types.iter().any(|ct| ct.benefits_at(venue).any(|b| b.id == budget.benefit));
        if !offered || budget.per == Period::Validity || budget.count > MAX_BUDGET {
            return Err(Refusal::Budget);
        }
        let v = self.cat.venues.iter_mut().find(|v| v.id == venue).ok_or(Refusal::VenueGone)?;
        self.note = format!("budget {} {}/{} at venue {venue}", budget.benefit, budget.count, budget.per.code());
        match v.budgets.iter_mut().find(|b| b.benefit == budget.benefit && b.per == budget.per) {
            Some(b) => b.count = budget.count,
            None => v.budgets.push(budget),
        }
        Ok(())
    }

    /// Remove venue `venue`'s budget of offer `benefit` per `per` (nothing
    /// when there is none).
    pub fn remove_budget(&mut self, venue: &str, benefit: &str, per: Period) -> Result<(), Refusal> {
        let v = self.cat.venues.iter_mut().find(|v| v.id == venue).ok_or(Refusal::VenueGone)?;
        v.budgets.retain(|b| !(b.benefit == benefit && b.per == per));
        self.note = format!("removed budget {benefit}/{} at venue {venue}", per.code());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> Draft {
        Draft { cat: crate::demo::larvik("https://kort.example.no"), next_card_type: None, note: String::new() }
    }

    #[test]
    fn a_budget_is_set_changed_and_removed() {
        let mut d = draft();
        let venue = d.cat.venues[0].id.clone();
        let offer = d.cat.card_types[0].benefits_at(&venue).next().unwrap().id.clone();
        let budget = |count, per| VenueBudget { benefit: offer.clone(), count, per };
        d.set_budget(&venue, budget(100, Period::Year)).unwrap();
        d.set_budget(&venue, budget(92, Period::Year)).unwrap();
        d.set_budget(&venue, budget(10, Period::Month)).unwrap();
        assert_eq!(d.cat.venues[0].budgets, [budget(92, Period::Year), budget(10, Period::Month)]);
        assert_eq!(d.cat.validate(), Ok(()));
        assert_eq!(d.set_budget(&venue, budget(1, Period::Validity)), Err(Refusal::Budget));
        assert_eq!(d.set_budget(&venue, budget(MAX_BUDGET + 1, Period::Year)), Err(Refusal::Budget));
        let other = VenueBudget { benefit: "no-such-offer".into(), count: 1, per: Period::Year };
        assert_eq!(d.set_budget(&venue, other), Err(Refusal::Budget));
        assert_eq!(d.set_budget("nowhere", budget(1, Period::Year)), Err(Refusal::Budget));
        d.remove_budget(&venue, &offer, Period::Year).unwrap();
        assert_eq!(d.cat.venues[0].budgets, [budget(10, Period::Month)]);
    }
}
