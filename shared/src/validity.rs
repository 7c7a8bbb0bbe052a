//! How long the cards of a card type may be valid (SPEC §6.3 "Validity
//! rules"): a calendar year (optionally rolling over to next year from a
//! day in the autumn), a number of days, a number of months, or a fixed
//! window. Venues check every card's dates against its card type's rule.

use crate::day::Day;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Most months a `months` rule may give (three years).
pub const MAX_MONTHS: u32 = 36;

/// A day of the year without a year (`MM-DD`, e.g. `11-01`): the day from
/// which a calendar-year card type's cards are valid until the end of next
/// year. Never 29 February (it must exist every year) and never 1 January
/// (every card would then be valid for two years).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RollOver {
    month: u8,
    day: u8,
}

impl RollOver {
    /// The roll-over day `day`.`month`, if it is allowed (see the type).
    pub fn new(month: u32, day: u32) -> Option<RollOver> {
        // 2027 is not a leap year: 29 February does not exist in it.
        Day::from_ymd(2027, month, day)?;
        if (month, day) == (1, 1) {
            return None;
        }
        Some(RollOver { month: month as u8, day: day as u8 })
    }

    /// Read `MM-DD` (also `DD.MM` as Norwegians write it).
    pub fn parse(s: &str) -> Option<RollOver> {
        let s = s.trim();
        let (m, d) = match s.split_once('-') {
            Some((m, d)) => (m, d),
            None => {
                let (d, m) = s.trim_end_matches('.').split_once('.')?;
                (m, d)
            }
        };
        let num = |p: &str| {
            (!p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse::<u32>().ok())
                .flatten()
        };
        RollOver::new(num(m)?, num(d)?)
    }

    /// The month, 1–12.
    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    /// The day of the month.
    pub fn day(self) -> u32 {
        u32::from(self.day)
    }

    /// This day in `year` (`None` outside the range of [`Day`]).
    pub fn in_year(self, year: i32) -> Option<Day> {
        Day::from_ymd(year, self.month(), self.day())
    }

    /// `DD.MM.`, as Norwegians write a day of the year.
    pub fn display_nb(self) -> String {
        format!("{:02}.{:02}.", self.day, self.month)
    }
}

impl fmt::Display for RollOver {
    /// `MM-DD`, the form in catalogues and bundles.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

impl Serialize for RollOver {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for RollOver {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RollOver, D::Error> {
        let s = String::deserialize(d)?;
        let strict = s.len() == 5 && s.as_bytes().get(2) == Some(&b'-');
        strict.then(|| RollOver::parse(&s)).flatten().ok_or_else(|| {
            serde::de::Error::custom(format!(
                "roll_over «{}» must be MM-DD, a day every year has other than 01-01 (e.g. 11-01)",
                s.chars().take(20).collect::<String>()
            ))
        })
    }
}

/// How long cards of a type may be valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ValidityRule {
    /// Valid within one calendar year (by default from the issue day to
    /// 31 December); a token's window must lie inside one calendar year,
    /// except that with `roll_over` a window starting on or after that day
    /// of its year may end as late as 31 December of the next year.
    CalendarYear {
        /// From this day of the year, issuing rolls over: cards are valid
        /// until the end of next year. Absent: never (and not written, so
        /// older catalogues and bundles encode as before).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        roll_over: Option<RollOver>,
    },
    /// At most `days` days, counting both the first and the last day.
    Days {
        /// Longest window in days (≥ 1).
        days: u32,
    },
    /// A fixed window, e.g. a single day for a one-off event; a token's
    /// window must lie inside it.
    Fixed {
        /// First valid day.
        from: Day,
        /// Last valid day.
        until: Day,
    },
    /// At most `months` calendar months: a window from day `d` ends at the
    /// latest the day before the same day of the month `months` months
    /// later (or on the last day of that month when it has no such day).
    Months {
        /// Number of months (1..=[`MAX_MONTHS`]).
        months: u32,
    },
}

/// The last day of a `months`-month window starting on `from`.
pub fn months_end(from: Day, months: u32) -> Day {
    let (y, m, d) = from.ymd();
    let index = i64::from(y) * 12 + i64::from(m - 1) + i64::from(months);
    let (ty, tm) = (index.div_euclid(12) as i32, index.rem_euclid(12) as u32 + 1);
    match Day::from_ymd(ty, tm, d) {
        Some(same) => Day(same.0.saturating_sub(1)),
        // No such day (e.g. 31 February): the end of that month.
        None => (28..=31).rev().find_map(|last| Day::from_ymd(ty, tm, last)).unwrap_or(crate::day::LAST_DAY),
    }
}

/// The longest and the shortest window, in days, a `months` rule gives
/// (over eight years' starting days, which hold every pattern of month
/// lengths and leap days a window of up to [`MAX_MONTHS`] meets).
fn months_span(months: u32) -> (u32, u32) {
    let start = Day::from_ymd(2024, 1, 1).map_or(0, |d| d.0);
    (start..start + 8 * 366).fold((0, u32::MAX), |(max, min), s| {
        let len = months_end(Day(s), months).0 - s + 1;
        (max.max(len), min.min(len))
    })
}

impl ValidityRule {
    /// The plain calendar-year rule (no roll-over).
    pub const CALENDAR_YEAR: ValidityRule = ValidityRule::CalendarYear { roll_over: None };

    /// Whether a token window `from ..= until` is allowed by this rule.
    pub fn allows(&self, from: Day, until: Day) -> bool {
        if from > until {
            return false;
        }
        match *self {
            ValidityRule::CalendarYear { roll_over } => {
                from.year() == until.year()
                    || roll_over.is_some_and(|r| {
                        until.year() == from.year() + 1 && r.in_year(from.year()).is_some_and(|day| from >= day)
                    })
            }
            ValidityRule::Days { days } => until.0 - from.0 < days,
            ValidityRule::Fixed { from: f, until: u } => f <= from && until <= u,
            ValidityRule::Months { months } => until <= months_end(from, months),
        }
    }

    /// Whether a card issued on `today` has rolled over: its card type
    /// rolls over and `today` is on or after the roll-over day.
    pub fn rolled_over(&self, today: Day) -> bool {
        matches!(*self, ValidityRule::CalendarYear { roll_over: Some(r) } if r.in_year(today.year()).is_some_and(|d| today >= d))
    }

    /// The default window for a card issued on `today`: from today to the
    /// end of the year (of next year once rolled over) / `days - 1` days
    /// later / the fixed window / `months` months.
    pub fn default_window(&self, today: Day) -> (Day, Day) {
        match *self {
            ValidityRule::CalendarYear { .. } if self.rolled_over(today) => (today, next_year_end(today)),
            ValidityRule::CalendarYear { .. } => (today, today.year_end()),
            ValidityRule::Days { days } => (today, today.plus(days.saturating_sub(1))),
            ValidityRule::Fixed { from, until } => (from.max(today), until),
            ValidityRule::Months { months } => (today, months_end(today, months)),
        }
    }

    /// The periods (calendar years) a caseworker may choose on `today`:
    /// this year and next year for a calendar-year rule, none for others
    /// (their cards start on the issue day or at the fixed window).
    pub fn periods(&self, today: Day) -> Vec<i32> {
        match self {
            ValidityRule::CalendarYear { .. } => vec![today.year(), today.year() + 1],
            _ => Vec::new(),
        }
    }

    /// The period of the [default window](ValidityRule::default_window):
    /// the year its cards end in (calendar-year rules only).
    pub fn default_period(&self, today: Day) -> Option<i32> {
        matches!(self, ValidityRule::CalendarYear { .. }).then(|| self.default_window(today).1.year())
    }

    /// The window of a card of period `year` issued on `today`, if `year`
    /// is one of [`periods`](ValidityRule::periods): this year's runs from
    /// today to 31 December; next year's to 31 December next year, from
    /// today once rolled over, else from 1 January.
    pub fn period_window(&self, today: Day, year: i32) -> Option<(Day, Day)> {
        if !self.periods(today).contains(&year) {
            return None;
        }
        if year == today.year() {
            return Some((today, today.year_end()));
        }
        let end = next_year_end(today);
        if self.rolled_over(today) { Some((today, end)) } else { Some((end.year_start(), end)) }
    }

    /// Whether every card window that `old` allows, this rule allows too.
    /// When not, venues will refuse cards already handed out under `old`
    /// whose dates this rule does not allow (they check each card's dates
    /// against its card type), so changing a card type's rule from `old` to
    /// this one needs the administrator's confirmation. Where an exact
    /// answer would need a long search (`months` against `calendar_year`),
    /// the answer is `false`: the administrator is asked.
    pub fn covers(self, old: ValidityRule) -> bool {
        use ValidityRule::{CalendarYear, Days, Fixed, Months};
        match (old, self) {
            // A window inside a fixed one: every part of it is allowed too.
            (Fixed { from, until }, new) => new.allows(from, until),
            (_, Fixed { .. }) => false,
            (CalendarYear { roll_over: a }, CalendarYear { roll_over: b }) => match (a, b) {
                (None, _) => true,
                (Some(_), None) => false,
                (Some(a), Some(b)) => b <= a,
            },
            (CalendarYear { roll_over }, Days { days }) => days >= longest_year_window(roll_over),
            (CalendarYear { roll_over }, Months { months }) => {
                (2024..2032).all(|y| year_start_for(roll_over, y).is_some_and(|(f, u)| u <= months_end(f, months)))
            }
            (Days { days: a }, Days { days: b }) => b >= a,
            (Days { days }, CalendarYear { roll_over: None }) => days <= 1,
            // The tightest window is the one starting the day before the
            // roll-over day: it must end by 31 December.
            (Days { days }, CalendarYear { roll_over: Some(r) }) => {
                (2024..2032).all(|y| r.in_year(y).is_some_and(|d| d.year_end().0 - d.0 + 2 >= days) && days <= 366)
            }
            (Days { days }, Months { months }) => months_span(months).1 >= days,
            (Months { months }, Days { days }) => days >= months_span(months).0,
            (Months { months: a }, Months { months: b }) => b >= a,
            (Months { .. }, CalendarYear { .. }) => false,
        }
    }
}

/// 31 December of the year after `today`'s.
fn next_year_end(today: Day) -> Day {
    Day::from_ymd(today.year() + 1, 12, 31).unwrap_or(crate::day::LAST_DAY)
}

/// The longest window of a calendar-year rule that starts in `year`.
fn year_start_for(roll_over: Option<RollOver>, year: i32) -> Option<(Day, Day)> {
    match roll_over {
        None => Some((Day::from_ymd(year, 1, 1)?, Day::from_ymd(year, 12, 31)?)),
        Some(r) => Some((r.in_year(year)?, Day::from_ymd(year + 1, 12, 31)?)),
    }
}

/// The longest window, in days, a calendar-year rule allows.
fn longest_year_window(roll_over: Option<RollOver>) -> u32 {
    (2024..2032).filter_map(|y| year_start_for(roll_over, y)).map(|(f, u)| u.0 - f.0 + 1).max().unwrap_or(u32::MAX)
}

/// The longest window, in days, of a card of `rule` (for retention): how
/// long after a visit its card can still be valid, plus one.
pub fn longest_window(rule: &ValidityRule) -> u32 {
    match *rule {
        ValidityRule::CalendarYear { roll_over } => longest_year_window(roll_over),
        ValidityRule::Days { days } => days,
        ValidityRule::Fixed { from, until } => until.0.saturating_sub(from.0) + 1,
        ValidityRule::Months { months } => months_span(months).0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ValidityRule::{CalendarYear, Days, Fixed, Months};

    fn d(y: i32, m: u32, dd: u32) -> Day {
        Day::from_ymd(y, m, dd).unwrap()
    }

    const YEAR: ValidityRule = ValidityRule::CALENDAR_YEAR;

    fn november() -> ValidityRule {
        CalendarYear { roll_over: RollOver::new(11, 1) }
    }

    #[test]
    fn validity_rules() {
        assert!(YEAR.allows(d(2026, 3, 1), d(2026, 12, 31)));
        assert!(!YEAR.allows(d(2026, 3, 1), d(2027, 1, 1)));
        assert!(Days { days: 1 }.allows(d(2026, 3, 1), d(2026, 3, 1)));
        assert!(!Days { days: 1 }.allows(d(2026, 3, 1), d(2026, 3, 2)));
        let fixed = Fixed { from: d(2026, 6, 1), until: d(2026, 6, 30) };
        assert!(fixed.allows(d(2026, 6, 10), d(2026, 6, 30)));
        assert!(!fixed.allows(d(2026, 5, 31), d(2026, 6, 30)));
        assert!(!YEAR.allows(d(2026, 3, 2), d(2026, 3, 1)));
        assert_eq!(YEAR.default_window(d(2026, 11, 21)), (d(2026, 11, 21), d(2026, 12, 31)));
        assert_eq!(Days { days: 7 }.default_window(d(2026, 11, 21)), (d(2026, 11, 21), d(2026, 11, 27)));
    }

    #[test]
    fn a_rolled_over_card_lasts_to_the_end_of_next_year() {
        let nov = november();
        assert_eq!(nov.default_window(d(2026, 12, 5)), (d(2026, 12, 5), d(2027, 12, 31)));
        assert_eq!(nov.default_window(d(2026, 11, 1)), (d(2026, 11, 1), d(2027, 12, 31)));
        assert_eq!(nov.default_window(d(2026, 10, 31)), (d(2026, 10, 31), d(2026, 12, 31)));
        assert!(nov.allows(d(2026, 12, 5), d(2027, 12, 31)));
        assert!(nov.allows(d(2026, 11, 1), d(2027, 12, 31)));
        // Started before the roll-over day, or ending the year after next: too long.
        assert!(!nov.allows(d(2026, 10, 31), d(2027, 12, 31)));
        assert!(!nov.allows(d(2026, 12, 5), d(2028, 1, 1)));
        assert!(nov.allows(d(2027, 1, 1), d(2027, 12, 31)));
        assert!(!YEAR.allows(d(2026, 12, 5), d(2027, 12, 31)));
    }

    #[test]
    fn periods_are_this_year_and_next() {
        let nov = november();
        assert_eq!(nov.periods(d(2026, 12, 5)), vec![2026, 2027]);
        assert_eq!(nov.default_period(d(2026, 12, 5)), Some(2027));
        assert_eq!(YEAR.default_period(d(2026, 12, 5)), Some(2026));
        assert_eq!(nov.period_window(d(2026, 12, 5), 2027), Some((d(2026, 12, 5), d(2027, 12, 31))));
        assert_eq!(nov.period_window(d(2026, 12, 5), 2026), Some((d(2026, 12, 5), d(2026, 12, 31))));
        assert_eq!(YEAR.period_window(d(2026, 12, 5), 2027), Some((d(2027, 1, 1), d(2027, 12, 31))));
        assert_eq!(YEAR.period_window(d(2026, 12, 5), 2028), None);
        assert_eq!(YEAR.period_window(d(2026, 12, 5), 2025), None);
        assert_eq!(Days { days: 7 }.period_window(d(2026, 12, 5), 2026), None);
        for rule in [nov, YEAR] {
            for y in rule.periods(d(2026, 12, 5)) {
                let (f, u) = rule.period_window(d(2026, 12, 5), y).unwrap();
                assert!(rule.allows(f, u), "{rule:?} {y}");
            }
        }
    }

    #[test]
    fn months_rules() {
        assert_eq!(months_end(d(2026, 1, 15), 1), d(2026, 2, 14));
        assert_eq!(months_end(d(2026, 1, 31), 1), d(2026, 2, 28));
        assert_eq!(months_end(d(2026, 12, 5), 12), d(2027, 12, 4));
        assert_eq!(months_end(d(2026, 1, 1), 12), d(2026, 12, 31));
        let six = Months { months: 6 };
        assert_eq!(six.default_window(d(2026, 12, 5)), (d(2026, 12, 5), d(2027, 6, 4)));
        assert!(six.allows(d(2026, 12, 5), d(2027, 6, 4)));
        assert!(!six.allows(d(2026, 12, 5), d(2027, 6, 5)));
        assert_eq!(months_span(12), (366, 365));
        assert_eq!(months_span(1), (31, 28));
    }

    #[test]
    fn validity_coverage() {
        assert!(YEAR.covers(YEAR));
        assert!(Days { days: 366 }.covers(YEAR));
        assert!(!Days { days: 365 }.covers(YEAR));
        assert!(Days { days: 30 }.covers(Days { days: 30 }));
        assert!(!Days { days: 29 }.covers(Days { days: 30 }));
        assert!(!YEAR.covers(Days { days: 30 }));
        assert!(YEAR.covers(Days { days: 1 }));
        let july = Fixed { from: d(2026, 7, 1), until: d(2026, 7, 31) };
        assert!(YEAR.covers(july));
        assert!(Days { days: 31 }.covers(july));
        assert!(!Days { days: 30 }.covers(july));
        assert!(Fixed { from: d(2026, 6, 1), until: d(2026, 7, 31) }.covers(july));
        assert!(!Fixed { from: d(2026, 7, 2), until: d(2026, 7, 31) }.covers(july));
        assert!(!july.covers(YEAR));
    }

    #[test]
    fn roll_over_and_months_coverage() {
        let nov = november();
        let oct = CalendarYear { roll_over: RollOver::new(10, 1) };
        assert!(nov.covers(YEAR) && oct.covers(nov));
        assert!(!YEAR.covers(nov) && !nov.covers(oct));
        // 1 Nov 2027 to 31 Dec 2028 (a leap year) is 427 days.
        assert!(Days { days: 427 }.covers(nov) && !Days { days: 426 }.covers(nov));
        assert!(Months { months: 14 }.covers(nov) && !Months { months: 13 }.covers(nov));
        assert!(Months { months: 12 }.covers(YEAR) && !Months { months: 11 }.covers(YEAR));
        // A 62-day window starting 31 October ends 31 December.
        assert!(nov.covers(Days { days: 62 }) && !nov.covers(Days { days: 63 }));
        assert!(Days { days: 31 }.covers(Months { months: 1 }) && !Days { days: 30 }.covers(Months { months: 1 }));
        assert!(Months { months: 1 }.covers(Days { days: 28 }) && !Months { months: 1 }.covers(Days { days: 29 }));
        assert!(
            Months { months: 3 }.covers(Months { months: 2 }) && !Months { months: 2 }.covers(Months { months: 3 })
        );
        assert!(!nov.covers(Months { months: 1 }));
        let dec = Fixed { from: d(2026, 12, 5), until: d(2027, 12, 31) };
        assert!(nov.covers(dec) && !YEAR.covers(dec));
    }

    fn rules() -> Vec<ValidityRule> {
        let mut rules = vec![YEAR, november(), CalendarYear { roll_over: RollOver::new(12, 31) }];
        rules.extend([1, 7, 31, 62, 365, 366, 427, 800].map(|days| Days { days }));
        rules.extend([1, 6, 12, 14, 36].map(|months| Months { months }));
        rules.push(Fixed { from: d(2026, 12, 5), until: d(2027, 12, 31) });
        rules
    }

    #[test]
    fn default_and_period_windows_are_allowed_by_their_rule() {
        for rule in rules() {
            for n in 0..3 * 366 {
                let today = d(2026, 1, 1).plus(n);
                let (from, until) = rule.default_window(today);
                assert!(rule.allows(from, until) || until < today, "{rule:?} {today}");
                for y in rule.periods(today) {
                    let (f, u) = rule.period_window(today, y).unwrap();
                    assert!(rule.allows(f, u) && u >= today && f <= today.plus(366), "{rule:?} {today} {y}");
                }
            }
        }
    }

    #[test]
    fn covers_never_says_yes_where_a_window_would_be_refused() {
        let rules = rules();
        let windows: Vec<(Day, Day)> = (0..3 * 366)
            .step_by(3)
            .flat_map(|n| {
                let from = d(2026, 1, 1).plus(n);
                (0..900).step_by(5).map(move |len| (from, from.plus(len)))
            })
            .collect();
        for old in &rules {
            let allowed: Vec<&(Day, Day)> = windows.iter().filter(|(f, u)| old.allows(*f, *u)).collect();
            for new in &rules {
                if new.covers(*old) {
                    let refused = allowed.iter().find(|(f, u)| !new.allows(*f, *u));
                    assert!(refused.is_none(), "{new:?} covers {old:?} but refuses {refused:?}");
                }
            }
        }
    }

    #[test]
    fn roll_over_reads_and_writes_mm_dd() {
        assert_eq!(RollOver::parse("11-01").unwrap().to_string(), "11-01");
        assert_eq!(RollOver::parse("1.11.").unwrap().to_string(), "11-01");
        assert_eq!(RollOver::parse("02-29"), None);
        assert_eq!(RollOver::parse("01-01"), None);
        assert_eq!(RollOver::parse("13-01"), None);
        let rule: ValidityRule = serde_json::from_str(r#"{"kind":"calendar_year","roll_over":"11-01"}"#).unwrap();
        assert_eq!(rule, november());
        assert_eq!(serde_json::to_string(&rule).unwrap(), r#"{"kind":"calendar_year","roll_over":"11-01"}"#);
        assert_eq!(serde_json::to_string(&YEAR).unwrap(), r#"{"kind":"calendar_year"}"#);
        assert_eq!(serde_json::from_str::<ValidityRule>(r#"{"kind":"calendar_year"}"#).unwrap(), YEAR);
        assert!(serde_json::from_str::<ValidityRule>(r#"{"kind":"calendar_year","roll_over":"1.11."}"#).is_err());
        assert_eq!(serde_json::to_string(&Months { months: 6 }).unwrap(), r#"{"kind":"months","months":6}"#);
    }

    #[test]
    fn a_calendar_year_encodes_in_cbor_as_before() {
        // The encoding of the former unit variant: a one-entry map.
        let mut old = Vec::new();
        ciborium::into_writer(&std::collections::BTreeMap::from([("kind", "calendar_year")]), &mut old).unwrap();
        assert_eq!(crate::wire::to_cbor(&YEAR), old);
    }
}
