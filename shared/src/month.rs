//! Calendar months, as reports and the usage pages count them (`YYYY-MM`).

use crate::day::{Day, LAST_DAY};
use std::fmt;

/// A calendar month whose days are all [`Day`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// The month with this year and number (1–12), if all its days are [`Day`]s.
    pub fn new(year: i32, month: u32) -> Option<Month> {
        Day::from_ymd(year, month, 1)?;
        let m = Month { year, month };
        let next = m.next();
        Day::from_ymd(next.year, next.month, 1).map(|_| m)
    }

    /// Read `YYYY-MM` (surrounding white space ignored). `None` for anything
    /// else, and for a month outside the range of [`Day`].
    pub fn parse(s: &str) -> Option<Month> {
        let (y, m) = s.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        Month::new(y.parse().ok()?, m.parse().ok()?)
    }

    /// The month `day` falls in.
    pub fn of(day: Day) -> Month {
        let (year, month, _) = day.ymd();
        Month { year, month }
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month's number, 1–12.
    pub fn number(self) -> u32 {
        self.month
    }

    /// The month after (which may lie beyond the range of [`Day`]).
    pub fn next(self) -> Month {
        if self.month == 12 { Month { year: self.year + 1, month: 1 } } else { Month { month: self.month + 1, ..self } }
    }

    /// The month before, if it is a month of [`Day`]s.
    pub fn previous(self) -> Option<Month> {
        let prev = if self.month == 1 {
            Month { year: self.year - 1, month: 12 }
        } else {
            Month { month: self.month - 1, ..self }
        };
        Month::new(prev.year, prev.month)
    }

    /// The first and the last day (inclusive).
    pub fn days(self) -> (Day, Day) {
        let first = Day::from_ymd(self.year, self.month, 1).unwrap_or(Day(0));
        let next = self.next();
        let last = Day::from_ymd(next.year, next.month, 1).map_or(LAST_DAY, |d| Day(d.0.saturating_sub(1)));
        (first, last)
    }

    /// The `n` months ending with this one, oldest first (fewer where the
    /// range of [`Day`] begins).
    pub fn last_n(self, n: usize) -> Vec<Month> {
        let mut months: Vec<Month> = std::iter::successors(Some(self), |m| m.previous()).take(n).collect();
        months.reverse();
        months
    }
}

impl fmt::Display for Month {
    /// `YYYY-MM`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_strictly_and_know_their_days() {
        let m = Month::parse("2026-02").unwrap();
        assert_eq!(m.days(), (Day::from_ymd(2026, 2, 1).unwrap(), Day::from_ymd(2026, 2, 28).unwrap()));
        assert_eq!(Month::parse(" 2026-12 ").unwrap().days().1, Day::from_ymd(2026, 12, 31).unwrap());
        assert_eq!(m.to_string(), "2026-02");
        for bad in [
            "",
            "2026",
            "2026-13",
            "2026-00",
            "26-01",
            "2026-1",
            "2026-011",
            "1969-12",
            "2149-06",
            "x026-01",
            "2026-01-01",
            "2026–01",
        ] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
        let months = m.last_n(12);
        assert_eq!(months.len(), 12);
        assert_eq!(months[0].to_string(), "2025-03");
        assert_eq!(months[11], m);
        assert_eq!(Month::parse("1970-03").unwrap().last_n(12).len(), 3);
        assert_eq!(Month::parse("1970-01").unwrap().previous(), None);
        assert_eq!(Month::parse("2027-01").unwrap().previous().unwrap().to_string(), "2026-12");
        assert_eq!(Month::of(Day::from_ymd(2026, 12, 5).unwrap()).to_string(), "2026-12");
    }
}
