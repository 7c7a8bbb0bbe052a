//! Venue ticket budgets (SPEC §11.11), pure: "this venue gives 100 swims in
//! 2026", counted over all cards and card types, and which part of it one
//! station of the venue may give.
//!
//! A budget names a benefit id; every benefit with that id usable at the
//! venue, of any card type, draws on it. Each station counts its own log
//! only (stations work offline and never see each other's visits), so a
//! venue with several stations divides the budget between them: a station
//! is set up as number `station` of `of` ([`Share`]), and gets
//! [`Share::portion`] of each budget; the portions add up to the budget.

use crate::day::Day;
use crate::model::{Period, VenueBudget};
use crate::month::Month;

/// From this share of its portion used (after the visit), a station's
/// answer to a granted visit warns staff (90 %).
pub const STATION_WARN_PERCENT: u32 = 90;
/// From this share of a budget used, the issuer's usage page warns the
/// administrator (80 %).
pub const ADMIN_WARN_PERCENT: u32 = 80;
/// Most stations a venue's budget can be divided between.
pub const MAX_STATIONS: u32 = 100;

/// Which part of its venue's budgets a station may give: it is number
/// `station` (1-based) of `of` stations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Share {
    /// This station's number, 1 ..= `of`.
    pub station: u32,
    /// How many stations share the venue's budgets.
    pub of: u32,
}

impl Default for Share {
    fn default() -> Share {
        Share::WHOLE
    }
}

impl Share {
    /// The only station of its venue: the whole budget.
    pub const WHOLE: Share = Share { station: 1, of: 1 };

    /// A checked share: 1 ≤ `station` ≤ `of` ≤ [`MAX_STATIONS`].
    pub fn new(station: u32, of: u32) -> Option<Share> {
        (station >= 1 && station <= of && of <= MAX_STATIONS).then_some(Share { station, of })
    }

    /// Read `N/M` (e.g. `2/3`; spaces allowed around the numbers).
    pub fn parse(s: &str) -> Option<Share> {
        let (n, m) = s.split_once('/')?;
        Share::new(n.trim().parse().ok()?, m.trim().parse().ok()?)
    }

    /// This station's part of a budget of `count`: an equal part, and one
    /// more for the first `count % of` stations, so that the parts of
    /// stations 1 ..= `of` add up to `count` exactly.
    pub fn portion(self, count: u32) -> u32 {
        let of = self.of.max(1);
        count / of + u32::from(self.station <= count % of)
    }
}

impl std::fmt::Display for Share {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.station, self.of)
    }
}

/// The calendar period of `per` that contains `today`: its first and last
/// day; `None` for [`Period::Validity`], which a budget never has.
pub fn period_of(per: Period, today: Day) -> Option<(Day, Day)> {
    match per {
        Period::Day => Some((today, today)),
        Period::Week => Some((today.week_start(), today.week_start().plus(6))),
        Period::Month => Some(Month::of(today).days()),
        Period::Year => Some((today.year_start(), today.year_end())),
        Period::Validity => None,
    }
}

/// One budget as it stands at a station (or, at the issuer, for the venue).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetUse {
    /// The budget from the catalogue (the venue's total).
    pub budget: VenueBudget,
    /// The part this station may give ([`Share::portion`]).
    pub portion: u32,
    /// Visits counted in the current period (after the visit, in a warning).
    pub used: u32,
    /// The current period's first day.
    pub from: Day,
    /// The current period's last day.
    pub until: Day,
}

/// Whether `used` of `count` reaches `percent` % (never for a budget of 0,
/// which is used up from the start).
pub fn warns(used: u32, count: u32, percent: u32) -> bool {
    count > 0 && u64::from(used) * 100 >= u64::from(count) * u64::from(percent)
}

/// What the budgets allow for one more visit of `benefit`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BudgetCheck {
    /// Room for the visit; with a warning when, after it, a budget's
    /// portion is [`STATION_WARN_PERCENT`] used (the fullest such budget).
    Room {
        /// The budget to warn about, counted with this visit.
        warn: Option<BudgetUse>,
    },
    /// A budget's portion is used up: refuse (`budget_exhausted`).
    Exhausted(BudgetUse),
}

/// Decide for one more visit of `benefit` on `today`, at a station with
/// `share`, under the venue's `budgets`; `used(per, from)` counts the
/// station's visits of `benefit` (all cards and card types, not undone) from
/// day `from` on. Budgets for other benefits, and any with the period
/// `validity`, are ignored.
pub fn check(
    budgets: &[VenueBudget],
    benefit: &str,
    share: Share,
    today: Day,
    mut used: impl FnMut(Day) -> u32,
) -> BudgetCheck {
    let mut warn: Option<BudgetUse> = None;
    for b in budgets.iter().filter(|b| b.benefit == benefit) {
        let Some((from, until)) = period_of(b.per, today) else { continue };
        let portion = share.portion(b.count);
        let n = used(from);
        if n >= portion {
            return BudgetCheck::Exhausted(BudgetUse { budget: b.clone(), portion, used: n, from, until });
        }
        let after = n + 1;
        if warns(after, portion, STATION_WARN_PERCENT)
            && warn.as_ref().is_none_or(|w| portion - after < w.portion.saturating_sub(w.used))
        {
            warn = Some(BudgetUse { budget: b.clone(), portion, used: after, from, until });
        }
    }
    BudgetCheck::Room { warn }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Day {
        Day::from_ymd(y, m, d).unwrap()
    }

    fn budget(benefit: &str, count: u32, per: Period) -> VenueBudget {
        VenueBudget { benefit: benefit.into(), count, per }
    }

    #[test]
    fn portions_add_up_to_the_budget() {
        for count in [0, 1, 2, 3, 7, 100, 101] {
            for of in 1..=7 {
                let sum: u32 = (1..=of).map(|n| Share::new(n, of).unwrap().portion(count)).sum();
                assert_eq!(sum, count, "{count} over {of}");
            }
        }
        assert_eq!(Share::new(1, 3).unwrap().portion(100), 34);
        assert_eq!(Share::new(3, 3).unwrap().portion(100), 33);
        assert_eq!(Share::WHOLE.portion(3), 3);
    }

    #[test]
    fn shares_parse_and_are_checked() {
        assert_eq!(Share::parse("2/3"), Some(Share { station: 2, of: 3 }));
        assert_eq!(Share::parse(" 1 / 1 "), Some(Share::WHOLE));
        for bad in ["0/3", "4/3", "3", "a/b", "1/101", "", "/"] {
            assert_eq!(Share::parse(bad), None, "{bad}");
        }
        assert_eq!(Share::new(2, 3).unwrap().to_string(), "2/3");
    }

    #[test]
    fn periods_are_calendar_periods() {
        let sat = day(2026, 11, 21);
        assert_eq!(period_of(Period::Day, sat), Some((sat, sat)));
        assert_eq!(period_of(Period::Week, sat), Some((day(2026, 11, 16), day(2026, 11, 22))));
        assert_eq!(period_of(Period::Month, sat), Some((day(2026, 11, 1), day(2026, 11, 30))));
        assert_eq!(period_of(Period::Year, sat), Some((day(2026, 1, 1), day(2026, 12, 31))));
        assert_eq!(period_of(Period::Validity, sat), None);
    }

    #[test]
    fn the_budget_refuses_when_used_up_and_warns_at_ninety_percent() {
        let today = day(2026, 11, 21);
        let budgets = [budget("svom", 10, Period::Year), budget("kino", 3, Period::Month)];
        let at = |n: u32| check(&budgets, "svom", Share::WHOLE, today, |_| n);
        assert_eq!(at(0), BudgetCheck::Room { warn: None });
        assert_eq!(at(7), BudgetCheck::Room { warn: None });
        match at(8) {
            BudgetCheck::Room { warn: Some(w) } => {
                assert_eq!((w.used, w.portion, w.from, w.until), (9, 10, day(2026, 1, 1), day(2026, 12, 31)))
            }
            other => panic!("{other:?}"),
        }
        match at(10) {
            BudgetCheck::Exhausted(u) => assert_eq!((u.used, u.portion, u.budget.count), (10, 10, 10)),
            other => panic!("{other:?}"),
        }
        // Another benefit has no budget; the period's first day is asked for.
        assert_eq!(check(&budgets, "bad", Share::WHOLE, today, |_| 1000), BudgetCheck::Room { warn: None });
        let mut asked = None;
        check(&budgets, "kino", Share::WHOLE, today, |from| {
            asked = Some(from);
            0
        });
        assert_eq!(asked, Some(day(2026, 11, 1)));
    }

    #[test]
    fn a_station_counts_against_its_own_portion() {
        let today = day(2026, 11, 21);
        let budgets = [budget("svom", 3, Period::Year)];
        // Of 3 over 2 stations, the first gives 2 and the second 1.
        let first = Share::new(1, 2).unwrap();
        let second = Share::new(2, 2).unwrap();
        assert!(matches!(check(&budgets, "svom", first, today, |_| 1), BudgetCheck::Room { .. }));
        assert!(matches!(check(&budgets, "svom", first, today, |_| 2), BudgetCheck::Exhausted(_)));
        assert!(matches!(check(&budgets, "svom", second, today, |_| 1), BudgetCheck::Exhausted(_)));
        // A budget of 0 is used up from the start.
        let none = [budget("svom", 0, Period::Day)];
        assert!(matches!(check(&none, "svom", Share::WHOLE, today, |_| 0), BudgetCheck::Exhausted(_)));
    }

    #[test]
    fn the_admin_warning_threshold() {
        assert!(!warns(79, 100, ADMIN_WARN_PERCENT));
        assert!(warns(80, 100, ADMIN_WARN_PERCENT));
        assert!(warns(3, 3, ADMIN_WARN_PERCENT));
        assert!(!warns(0, 0, ADMIN_WARN_PERCENT));
    }
}
