//! Whole days in Norway's calendar, and instants.
//!
//! A card is valid on whole days as a family in Norway counts them: the card
//! that is "valid until 31.12.2026" still works at 23:59 Oslo time on New
//! Year's Eve. A [`Day`] is a day number (days since 1970-01-01 in the
//! proleptic Gregorian calendar); [`Timestamp::oslo_day`] maps an instant to
//! the day it is in Norway, following the EU daylight-saving rule that Norway
//! has used since 1996 (CEST from 01:00 UTC on the last Sunday of March to
//! 01:00 UTC on the last Sunday of October, CET otherwise).

use serde::{Deserialize, Serialize};
use std::fmt;

/// An instant: seconds since 1970-01-01T00:00:00Z. Time is always passed in
/// as a value (see [`Clock`]); no logic in this crate reads the system clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

/// A calendar day: days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Day(pub u32);

/// The source of "now". Binaries use a system clock; tests use [`FixedClock`].
pub trait Clock {
    /// The current instant.
    fn now(&self) -> Timestamp;
}

/// A clock that always answers the same instant.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub Timestamp);

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        self.0
    }
}

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not of the form `YYYY-MM-DD` (or `DD.MM.YYYY`).
    #[error("«{0}» is not a date; write it as YYYY-MM-DD, e.g. 2026-12-31")]
    Format(String),
    /// The form was right but the day does not exist (e.g. 2026-02-30) or is
    /// outside the years this system handles (1970–2149).
    #[error("«{0}» is not a day in the calendar (years 1970–2149)")]
    OutOfRange(String),
}

/// Days from 1970-01-01 to the given civil date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let d = i64::from(d);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count (inverse of [`days_from_civil`]).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// The last day this system represents (2149-06-06, day 65535), so that a day
/// always fits the token's 16-bit-or-less integer encoding comfortably.
pub const LAST_DAY: Day = Day(65_535);

impl Day {
    /// The day for a civil date, or `None` if it does not exist or is outside
    /// 1970-01-01 ..= [`LAST_DAY`].
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(i64::from(year), month) {
            return None;
        }
        let n = days_from_civil(i64::from(year), month, day);
        if n < 0 || n > i64::from(LAST_DAY.0) {
            return None;
        }
        Some(Day(n as u32))
    }

    /// Year, month (1–12) and day of month (1–31).
    pub fn ymd(self) -> (i32, u32, u32) {
        let (y, m, d) = civil_from_days(i64::from(self.0));
        (y as i32, m, d)
    }

    /// The calendar year.
    pub fn year(self) -> i32 {
        self.ymd().0
    }

    /// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    pub fn weekday(self) -> u32 {
        (self.0 + 3) % 7
    }

    /// The Monday of this day's ISO week (clamped at day 0).
    pub fn week_start(self) -> Day {
        Day(self.0.saturating_sub(self.weekday()))
    }

    /// The first day of this day's month.
    pub fn month_start(self) -> Day {
        let (y, m, _) = self.ymd();
        Day::from_ymd(y, m, 1).unwrap_or(self)
    }

    /// 1 January of this day's year.
    pub fn year_start(self) -> Day {
        Day::from_ymd(self.year(), 1, 1).unwrap_or(self)
    }

    /// 31 December of this day's year (or [`LAST_DAY`] in 2149).
    pub fn year_end(self) -> Day {
        Day::from_ymd(self.year(), 12, 31).unwrap_or(LAST_DAY)
    }

    /// `n` days later, saturating at [`LAST_DAY`].
    pub fn plus(self, n: u32) -> Day {
        Day(self.0.saturating_add(n).min(LAST_DAY.0))
    }

    /// Read `YYYY-MM-DD` (ISO 8601) or `DD.MM.YYYY` (Norwegian usage).
    pub fn parse(s: &str) -> Result<Day, DateError> {
        let t = s.trim();
        let fmt = || DateError::Format(t.chars().take(40).collect());
        let parts: Vec<&str> = if t.contains('-') { t.split('-').collect() } else { t.split('.').collect() };
        let [a, b, c] = parts.as_slice() else {
            return Err(fmt());
        };
        let num = |p: &str, max_len: usize| -> Result<i64, DateError> {
            if p.is_empty() || p.len() > max_len || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(fmt());
            }
            p.parse::<i64>().map_err(|_| fmt())
        };
        let (y, m, d) = if t.contains('-') {
            if a.len() != 4 {
                return Err(fmt());
            }
            (num(a, 4)?, num(b, 2)?, num(c, 2)?)
        } else {
            if c.len() != 4 {
                return Err(fmt());
            }
            (num(c, 4)?, num(b, 2)?, num(a, 2)?)
        };
        Day::from_ymd(y as i32, m as u32, d as u32).ok_or_else(|| DateError::OutOfRange(t.chars().take(40).collect()))
    }

    /// `DD.MM.YYYY`, as printed on cards and shown to venue staff.
    pub fn display_nb(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{d:02}.{m:02}.{y:04}")
    }

    /// Midnight at the start of this day in Oslo, as an instant.
    pub fn oslo_midnight(self) -> Timestamp {
        let utc_midnight = i64::from(self.0) * 86_400;
        // Offset in force at that local midnight: compute with the offset of
        // the UTC instant one hour earlier, which never straddles a switch
        // (switches happen at 01:00 UTC, i.e. 02:00/03:00 local time).
        let guess = utc_midnight - 3600;
        Timestamp(utc_midnight - oslo_offset_seconds(guess))
    }
}

impl fmt::Display for Day {
    /// ISO 8601: `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// The instant of 01:00 UTC on the last Sunday of `month` in `year`.
fn last_sunday_0100_utc(year: i64, month: u32) -> i64 {
    let last = days_from_civil(year, month, days_in_month(year, month));
    let weekday = (last + 3).rem_euclid(7); // 0 = Monday
    let sunday = last - (weekday - 6).rem_euclid(7);
    sunday * 86_400 + 3600
}

/// Oslo's UTC offset in seconds at instant `t` (3600 in winter, 7200 in summer).
fn oslo_offset_seconds(t: i64) -> i64 {
    let (year, _, _) = civil_from_days(t.div_euclid(86_400));
    let start = last_sunday_0100_utc(year, 3);
    let end = last_sunday_0100_utc(year, 10);
    if t >= start && t < end { 7200 } else { 3600 }
}

impl Timestamp {
    /// The day this instant falls on in Norway (saturating at the ends of
    /// the range this system handles).
    pub fn oslo_day(self) -> Day {
        let local = self.0.saturating_add(oslo_offset_seconds(self.0));
        let d = local.div_euclid(86_400).clamp(0, i64::from(LAST_DAY.0));
        Day(d as u32)
    }

    /// Seconds since midnight, Oslo time.
    pub fn oslo_seconds_of_day(self) -> u32 {
        self.0.saturating_add(oslo_offset_seconds(self.0)).rem_euclid(86_400) as u32
    }

    /// This instant plus `secs` seconds (saturating).
    pub fn plus_seconds(self, secs: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(secs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_over_the_whole_range() {
        for n in 0..=LAST_DAY.0 {
            let (y, m, d) = Day(n).ymd();
            assert_eq!(Day::from_ymd(y, m, d), Some(Day(n)), "day {n}");
        }
    }

    #[test]
    fn known_dates() {
        assert_eq!(Day::from_ymd(1970, 1, 1), Some(Day(0)));
        assert_eq!(Day::from_ymd(2026, 11, 21).map(|d| d.weekday()), Some(5)); // Saturday
        assert_eq!(Day::from_ymd(2026, 2, 29), None);
        assert_eq!(Day::from_ymd(2028, 2, 29).map(|d| d.to_string()), Some("2028-02-29".into()));
        assert_eq!(Day::parse("31.12.2026"), Ok(Day::from_ymd(2026, 12, 31).unwrap()));
        assert_eq!(Day::parse("2026-12-31"), Ok(Day::from_ymd(2026, 12, 31).unwrap()));
        assert_eq!(Day::parse("2026-13-01"), Err(DateError::OutOfRange("2026-13-01".into())));
        assert_eq!(Day::parse("tomorrow"), Err(DateError::Format("tomorrow".into())));
        assert_eq!(Day::parse("26-12-01"), Err(DateError::Format("26-12-01".into())));
    }

    #[test]
    fn oslo_day_follows_cet_and_cest() {
        // 2026-12-31 23:30 UTC is 2027-01-01 00:30 in Oslo (CET, +1).
        let t = Day::from_ymd(2026, 12, 31).unwrap().0 as i64 * 86_400 + 23 * 3600 + 1800;
        assert_eq!(Timestamp(t).oslo_day(), Day::from_ymd(2027, 1, 1).unwrap());
        // 2026-07-01 22:30 UTC is 2026-07-02 00:30 in Oslo (CEST, +2).
        let t = Day::from_ymd(2026, 7, 1).unwrap().0 as i64 * 86_400 + 22 * 3600 + 1800;
        assert_eq!(Timestamp(t).oslo_day(), Day::from_ymd(2026, 7, 2).unwrap());
        // 2026-07-01 21:30 UTC is still 2026-07-01 23:30 in Oslo.
        let t = Day::from_ymd(2026, 7, 1).unwrap().0 as i64 * 86_400 + 21 * 3600 + 1800;
        assert_eq!(Timestamp(t).oslo_day(), Day::from_ymd(2026, 7, 1).unwrap());
        // DST in 2026 starts 29 March 01:00 UTC and ends 25 October 01:00 UTC.
        let start = last_sunday_0100_utc(2026, 3);
        assert_eq!(Timestamp(start).oslo_day(), Day::from_ymd(2026, 3, 29).unwrap());
        assert_eq!(oslo_offset_seconds(start - 1), 3600);
        assert_eq!(oslo_offset_seconds(start), 7200);
        let end = last_sunday_0100_utc(2026, 10);
        assert_eq!(Day(end.div_euclid(86_400) as u32), Day::from_ymd(2026, 10, 25).unwrap());
        assert_eq!(oslo_offset_seconds(end - 1), 7200);
        assert_eq!(oslo_offset_seconds(end), 3600);
    }

    #[test]
    fn oslo_midnight_is_the_first_second_of_the_day() {
        for day in [Day::from_ymd(2026, 1, 15).unwrap(), Day::from_ymd(2026, 7, 15).unwrap()] {
            let m = day.oslo_midnight();
            assert_eq!(m.oslo_day(), day);
            assert_eq!(Timestamp(m.0 - 1).oslo_day(), Day(day.0 - 1));
        }
    }

    #[test]
    fn periods() {
        let sat = Day::from_ymd(2026, 11, 21).unwrap();
        assert_eq!(sat.week_start(), Day::from_ymd(2026, 11, 16).unwrap());
        assert_eq!(sat.month_start(), Day::from_ymd(2026, 11, 1).unwrap());
        assert_eq!(sat.year_start(), Day::from_ymd(2026, 1, 1).unwrap());
        assert_eq!(sat.year_end(), Day::from_ymd(2026, 12, 31).unwrap());
        assert_eq!(sat.display_nb(), "21.11.2026");
    }
}
