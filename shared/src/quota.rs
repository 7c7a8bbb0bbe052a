//! Quota rules, pure: given the visits a card already has, may it be used
//! now, and if not, from which day again?
//!
//! Periods are Norway's calendar (Oslo time, see [`crate::day`]): a day, a
//! week from Monday to Sunday, a calendar month, a calendar year, or the
//! card's whole validity. A use is granted only if every quota of the
//! benefit has room. Visits are counted per token id and benefit id, so a
//! benefit offered at several venues shares its quota between them.

use crate::model::{Benefit, Period, Quota};
use crate::{Day, Timestamp};

/// A visit already recorded for this card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    /// Benefit id.
    pub benefit: String,
    /// When it was recorded.
    pub at: Timestamp,
}

/// What the quotas allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Benefit `index` (into the benefits given) has room and is the one used.
    Grant {
        /// Index of the first benefit with room.
        index: usize,
    },
    /// No benefit has room.
    Used {
        /// The benefit the answer is about: the one usable again soonest
        /// (the first one if none is).
        index: usize,
        /// The quota that is used up (the one that frees up last).
        quota: Quota,
        /// The first day it can be used again, if any: `None` when a
        /// whole-validity quota is used up, or the next period starts after
        /// the card's last valid day.
        next: Option<Day>,
    },
}

/// The first day of the period of `per` that contains `today`; `None` for
/// the whole validity (every visit counts).
pub fn period_start(per: Period, today: Day) -> Option<Day> {
    match per {
        Period::Day => Some(today),
        Period::Week => Some(today.week_start()),
        Period::Month => Some(today.month_start()),
        Period::Year => Some(today.year_start()),
        Period::Validity => None,
    }
}

/// The first day of the period after the one of `per` that contains
/// `today`; `None` for the whole validity.
pub fn next_period_start(per: Period, today: Day) -> Option<Day> {
    match per {
        Period::Day => Some(today.plus(1)),
        Period::Week => Some(today.week_start().plus(7)),
        Period::Month => {
            let (y, m, _) = today.ymd();
            let (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            Day::from_ymd(y, m, 1)
        }
        Period::Year => Day::from_ymd(today.year() + 1, 1, 1),
        Period::Validity => None,
    }
}

/// How many of `visits` to `benefit` fall in the period of `q` containing `today`.
pub fn used_in_period(visits: &[Visit], benefit: &str, q: Quota, today: Day) -> usize {
    let start = period_start(q.per, today);
    visits.iter().filter(|v| v.benefit == benefit && start.is_none_or(|s| v.at.oslo_day() >= s)).count()
}

/// Decide for a card with `visits`, offering `benefits` here (in the
/// bundle's order), at instant `now`; the card is valid until `valid_until`.
/// `visits` must be all of this card's recorded visits (none later than `now`).
pub fn decide(benefits: &[&Benefit], visits: &[Visit], now: Timestamp, valid_until: Day) -> Decision {
    let today = now.oslo_day();
    // (index, the limiting quota, next day) of each benefit without room.
    let mut refusals: Vec<(usize, Quota, Option<Day>)> = Vec::new();
    for (index, b) in benefits.iter().enumerate() {
        let full: Vec<Quota> =
            b.quotas.iter().copied().filter(|q| used_in_period(visits, &b.id, *q, today) >= q.count as usize).collect();
        if full.is_empty() {
            return Decision::Grant { index };
        }
        // Room comes back when the last full period has ended: later starts
        // only drop visits, and none are added meanwhile. A whole-validity
        // quota (or a quota of 0) never frees up.
        let never = full.iter().find(|q| q.per == Period::Validity || q.count == 0);
        let (quota, next) = match never {
            Some(q) => (*q, None),
            None => {
                let mut best: Option<(Quota, Day)> = None;
                for q in &full {
                    if let Some(d) = next_period_start(q.per, today)
                        && best.is_none_or(|(_, bd)| d > bd)
                    {
                        best = Some((*q, d));
                    }
                }
                match best {
                    Some((q, d)) => (q, Some(d).filter(|d| *d <= valid_until)),
                    None => (full.first().copied().unwrap_or(Quota { count: 0, per: Period::Validity }), None),
                }
            }
        };
        refusals.push((index, quota, next));
    }
    let soonest = refusals.iter().filter(|r| r.2.is_some()).min_by_key(|r| r.2).or_else(|| refusals.first());
    match soonest {
        Some(&(index, quota, next)) => Decision::Used { index, quota, next },
        // No benefits at all: the caller refuses earlier (not valid here).
        None => Decision::Used { index: 0, quota: Quota { count: 0, per: Period::Validity }, next: None },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Day {
        Day::from_ymd(y, m, d).unwrap()
    }

    fn noon(d: Day) -> Timestamp {
        d.oslo_midnight().plus_seconds(12 * 3600)
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
    fn next_period_starts() {
        let sat = day(2026, 11, 21);
        assert_eq!(next_period_start(Period::Day, sat), Some(day(2026, 11, 22)));
        assert_eq!(next_period_start(Period::Week, sat), Some(day(2026, 11, 23)));
        assert_eq!(next_period_start(Period::Week, day(2026, 11, 23)), Some(day(2026, 11, 30)));
        assert_eq!(next_period_start(Period::Month, sat), Some(day(2026, 12, 1)));
        assert_eq!(next_period_start(Period::Month, day(2026, 12, 31)), Some(day(2027, 1, 1)));
        assert_eq!(next_period_start(Period::Year, sat), Some(day(2027, 1, 1)));
        assert_eq!(next_period_start(Period::Validity, sat), None);
    }

    #[test]
    fn the_latest_full_period_decides_the_next_day() {
        let b = benefit("kino", &[(1, Period::Day), (2, Period::Week)]);
        let wed = day(2026, 11, 18);
        let visits = vec![
            Visit { benefit: "kino".into(), at: noon(day(2026, 11, 16)) },
            Visit { benefit: "kino".into(), at: noon(wed) },
        ];
        let until = day(2026, 12, 31);
        assert_eq!(
            decide(&[&b], &visits, noon(wed), until),
            Decision::Used { index: 0, quota: Quota { count: 2, per: Period::Week }, next: Some(day(2026, 11, 23)) }
        );
        // Past the card's last day: no next time.
        assert_eq!(
            decide(&[&b], &visits, noon(wed), day(2026, 11, 22)),
            Decision::Used { index: 0, quota: Quota { count: 2, per: Period::Week }, next: None }
        );
        // Other benefits' visits do not count.
        let other = benefit("bad", &[(1, Period::Day)]);
        assert_eq!(decide(&[&other, &b], &visits, noon(wed), until), Decision::Grant { index: 0 });
    }

    #[test]
    fn several_benefits_the_soonest_is_reported() {
        let a = benefit("a", &[(1, Period::Validity)]);
        let b = benefit("b", &[(1, Period::Month)]);
        let c = benefit("c", &[(1, Period::Week)]);
        let today = day(2026, 11, 18);
        let visits: Vec<Visit> =
            ["a", "b", "c"].iter().map(|id| Visit { benefit: id.to_string(), at: noon(today) }).collect();
        assert_eq!(
            decide(&[&a, &b, &c], &visits, noon(today), day(2026, 12, 31)),
            Decision::Used { index: 2, quota: Quota { count: 1, per: Period::Week }, next: Some(day(2026, 11, 23)) }
        );
        assert_eq!(
            decide(&[&a], &visits, noon(today), day(2026, 12, 31)),
            Decision::Used { index: 0, quota: Quota { count: 1, per: Period::Validity }, next: None }
        );
        // A benefit without quotas always has room; a quota of 0 never.
        assert_eq!(decide(&[&a, &benefit("free", &[])], &visits, noon(today), today), Decision::Grant { index: 1 });
        let zero = benefit("z", &[(0, Period::Day)]);
        assert_eq!(
            decide(&[&zero], &[], noon(today), day(2026, 12, 31)),
            Decision::Used { index: 0, quota: Quota { count: 0, per: Period::Day }, next: None }
        );
    }
}
