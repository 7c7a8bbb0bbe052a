//! A redemption's decision with the venue's ticket budgets (SPEC §11.11,
//! §11.12): the card's own quotas ([`crate::quota`]) and this station's part
//! of the venue's budgets ([`crate::budget`]), both pure; the counts come
//! from the redemption log.
//!
//! A benefit is usable when its quotas have room for the card and its
//! budgets have room at this station. The first usable benefit (in the
//! bundle's order) is granted. When none is, the answer is
//! `budget_exhausted` if some benefit had room on the card but not in the
//! budget (the card could have come in: the venue has given its tickets),
//! and the card's own `quota_exhausted` otherwise.

use crate::budget::{self, BudgetCheck, BudgetUse, Share};
use crate::model::{Benefit, VenueBudget};
use crate::quota::{self, Decision, Visit};
use crate::{Day, Timestamp};

/// The venue's budgets and this station's share of them.
#[derive(Debug, Clone, Copy)]
pub struct Budgets<'a> {
    /// The venue's budgets from the installed bundle.
    pub budgets: &'a [VenueBudget],
    /// This station's share (`verifier settings --budget-share`).
    pub share: Share,
}

impl Budgets<'_> {
    /// No budgets: only the cards' quotas count.
    pub const NONE: Budgets<'static> = Budgets { budgets: &[], share: Share::WHOLE };
}

/// What a redemption comes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Benefit `index` is granted; `warn` when this station's part of a
    /// budget is now at least 90 % used.
    Grant {
        /// Index into the benefits given.
        index: usize,
        /// The budget to warn staff about.
        warn: Option<BudgetUse>,
    },
    /// The card's own quota is used up (as [`Decision::Used`]).
    Quota(Decision),
    /// The card had room, but this station's part of the venue's budget for
    /// benefit `index` is used up.
    BudgetExhausted {
        /// Index into the benefits given.
        index: usize,
        /// The budget used up.
        state: BudgetUse,
    },
}

/// Decide for a card with `visits` (all its visits here, not undone)
/// offering `benefits` here, at `now`, valid until `valid_until`, under
/// `rules`; `used(benefit, from)` counts this station's visits of `benefit`
/// (every card and card type, not undone) from day `from` on.
pub fn decide(
    benefits: &[&Benefit],
    visits: &[Visit],
    now: Timestamp,
    valid_until: Day,
    rules: Budgets<'_>,
    mut used: impl FnMut(&str, Day) -> u32,
) -> Outcome {
    let today = now.oslo_day();
    let mut exhausted: Vec<(usize, BudgetUse)> = Vec::new();
    let mut open: Vec<(usize, &Benefit, Option<BudgetUse>)> = Vec::new();
    for (i, b) in benefits.iter().enumerate() {
        match budget::check(rules.budgets, &b.id, rules.share, today, |from| used(&b.id, from)) {
            BudgetCheck::Room { warn } => open.push((i, b, warn)),
            BudgetCheck::Exhausted(state) => exhausted.push((i, state)),
        }
    }
    let usable: Vec<&Benefit> = open.iter().map(|(_, b, _)| *b).collect();
    if !usable.is_empty()
        && let Decision::Grant { index } = quota::decide(&usable, visits, now, valid_until)
        && let Some((i, _, warn)) = open.get(index)
    {
        return Outcome::Grant { index: *i, warn: warn.clone() };
    }
    // Nothing usable: a budget is the reason if a benefit it closed still
    // has room on the card.
    let all = quota::decide(benefits, visits, now, valid_until);
    for (i, state) in exhausted {
        let one = benefits.get(i).map(|b| quota::decide(&[*b], visits, now, valid_until));
        if matches!(one, Some(Decision::Grant { .. })) {
            return Outcome::BudgetExhausted { index: i, state };
        }
    }
    Outcome::Quota(all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Period, Quota};

    fn day(y: i32, m: u32, d: u32) -> Day {
        Day::from_ymd(y, m, d).unwrap()
    }

    fn benefit(id: &str, quotas: &[(u32, Period)]) -> Benefit {
        Benefit {
            id: id.into(),
            names: Default::default(),
            venues: vec!["v".into()],
            quotas: quotas.iter().map(|&(count, per)| Quota { count, per }).collect(),
            companion_free: false,
        }
    }

    #[test]
    fn the_budget_refuses_a_card_with_room_and_the_quota_wins_otherwise() {
        let now = day(2026, 11, 20).oslo_midnight().plus_seconds(12 * 3600);
        let until = day(2026, 12, 31);
        let svom = benefit("svom", &[(1, Period::Day)]);
        let budgets = [VenueBudget { benefit: "svom".into(), count: 3, per: Period::Year }];
        let rules = Budgets { budgets: &budgets, share: Share::WHOLE };
        // 2 of 3 used: granted, with the 90 % warning (3 of 3 after it).
        match decide(&[&svom], &[], now, until, rules, |_, _| 2) {
            Outcome::Grant { index: 0, warn: Some(w) } => assert_eq!((w.used, w.portion), (3, 3)),
            other => panic!("{other:?}"),
        }
        // 3 of 3: a card with room is refused for the budget.
        match decide(&[&svom], &[], now, until, rules, |_, _| 3) {
            Outcome::BudgetExhausted { index: 0, state } => assert_eq!((state.used, state.portion), (3, 3)),
            other => panic!("{other:?}"),
        }
        // A card whose own quota is used up hears about its quota.
        let visits = [Visit { benefit: "svom".into(), at: now }];
        assert!(matches!(
            decide(&[&svom], &visits, now, until, rules, |_, _| 3),
            Outcome::Quota(Decision::Used { .. })
        ));
        // Without budgets, nothing changes.
        assert_eq!(
            decide(&[&svom], &[], now, until, Budgets::NONE, |_, _| 99),
            Outcome::Grant { index: 0, warn: None }
        );
    }

    #[test]
    fn another_benefit_with_room_is_granted_before_a_closed_one() {
        let now = day(2026, 11, 20).oslo_midnight().plus_seconds(12 * 3600);
        let a = benefit("a", &[]);
        let b = benefit("b", &[]);
        let budgets = [VenueBudget { benefit: "a".into(), count: 1, per: Period::Month }];
        let rules = Budgets { budgets: &budgets, share: Share::WHOLE };
        let got = decide(&[&a, &b], &[], now, day(2026, 12, 31), rules, |id, from| {
            assert_eq!(from, day(2026, 11, 1));
            u32::from(id == "a")
        });
        assert_eq!(got, Outcome::Grant { index: 1, warn: None });
    }
}
