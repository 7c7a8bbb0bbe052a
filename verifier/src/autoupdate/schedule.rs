//! When the station's next background update is due: a pure function of
//! the interval, the last outcome and the time ([`next_attempt`]), and the
//! interval option (`--update-every 15m`, [`parse_every`]).

use crate::VerifierError;
use shared::Timestamp;
use std::time::Duration;

/// The default interval of the background updates.
pub const DEFAULT_EVERY: Duration = Duration::from_secs(15 * 60);
/// Shortest interval accepted (shorter ones are for tests only).
pub const MIN_EVERY: Duration = Duration::from_secs(1);
/// Longest interval accepted: a station updates at least once a day.
pub const MAX_EVERY: Duration = Duration::from_secs(24 * 3600);
/// The first retry after a failure (doubling after each further failure,
/// up to the interval).
pub const FIRST_RETRY: Duration = Duration::from_secs(60);
/// The jitter: each wait is the planned one ± this fraction, so that
/// stations started together do not all ask the issuer at once.
pub const JITTER: f64 = 0.1;

/// Read `--update-every`: a whole number with the unit `s`, `m` or `h`
/// (`30s`, `15m`, `1h`) between [`MIN_EVERY`] and [`MAX_EVERY`], or `off`
/// (`None`). Anything else is [`VerifierError::BadUpdateInterval`].
pub fn parse_every(text: &str) -> Result<Option<Duration>, VerifierError> {
    let t = text.trim();
    let bad = || VerifierError::BadUpdateInterval(t.chars().take(40).collect());
    if t.eq_ignore_ascii_case("off") {
        return Ok(None);
    }
    let split = t.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let (digits, unit) = t.split_at(split);
    let n: u64 =
        if digits.is_empty() || digits.len() > 6 { return Err(bad()) } else { digits.parse().map_err(|_| bad())? };
    let secs = match unit {
        "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        _ => return Err(bad()),
    };
    let every = Duration::from_secs(secs);
    if every < MIN_EVERY || every > MAX_EVERY {
        return Err(bad());
    }
    Ok(Some(every))
}

/// How the last attempt ended, as the status file remembers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Last {
    /// No attempt recorded yet.
    Never,
    /// The last attempt at `at` reached the issuer and the bundle is current.
    Succeeded {
        /// When.
        at: Timestamp,
    },
    /// The last `failures` attempts failed, the last of them at `at`.
    Failed {
        /// When the last one was made.
        at: Timestamp,
        /// How many failed in a row (at least 1).
        failures: u32,
    },
}

/// How long to wait from `now` until the next attempt, with the interval
/// `every` and `jitter` in `-1.0 ..= 1.0` (a random draw; scaled by
/// [`JITTER`]):
///
/// - never tried: at once;
/// - after a success: `every` after it;
/// - after `n` failures in a row: [`FIRST_RETRY`] · 2ⁿ⁻¹ after the last,
///   but never sooner than [`FIRST_RETRY`] nor later than `every` (with an
///   interval shorter than [`FIRST_RETRY`], `every`);
///
/// each planned delay ± [`JITTER`], never below the shortest one. A last
/// attempt in the future (the clock was set back) counts as made now, so
/// the wait is never longer than one planned delay.
pub fn next_attempt(every: Duration, last: Last, now: Timestamp, jitter: f64) -> Duration {
    let shortest = FIRST_RETRY.min(every);
    let (at, planned) = match last {
        Last::Never => return Duration::ZERO,
        Last::Succeeded { at } => (at, every),
        Last::Failed { at, failures } => {
            let doublings = failures.saturating_sub(1).min(20);
            (at, (FIRST_RETRY * (1u32 << doublings)).clamp(shortest, every))
        }
    };
    let factor = 1.0 + JITTER * jitter.clamp(-1.0, 1.0);
    let delay = planned.mul_f64(factor).max(shortest);
    let since = Duration::from_secs(u64::try_from(now.0.saturating_sub(at.0)).unwrap_or(0));
    delay.saturating_sub(since)
}

/// A jitter draw in `-1.0 ..= 1.0` from the system's random generator (0
/// if it fails).
pub fn random_jitter() -> f64 {
    let mut b = [0u8; 4];
    if keys::os_random(&mut b).is_err() {
        return 0.0;
    }
    f64::from(u32::from_le_bytes(b)) / f64::from(u32::MAX) * 2.0 - 1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_secs(60);
    const T: Timestamp = Timestamp(1_795_262_400);

    fn at(secs: i64) -> Timestamp {
        T.plus_seconds(secs)
    }

    #[test]
    fn intervals_are_read_strictly() {
        assert_eq!(parse_every("30s").unwrap(), Some(Duration::from_secs(30)));
        assert_eq!(parse_every("15m").unwrap(), Some(15 * MIN));
        assert_eq!(parse_every(" 1h ").unwrap(), Some(60 * MIN));
        assert_eq!(parse_every("24h").unwrap(), Some(MAX_EVERY));
        assert_eq!(parse_every("1s").unwrap(), Some(MIN_EVERY));
        assert_eq!(parse_every("off").unwrap(), None);
        assert_eq!(parse_every("OFF").unwrap(), None);
        for bad in ["", "15", "m", "15 m", "15min", "-1m", "0s", "25h", "1d", "1.5h", "99999999999s", "on", "+5m"] {
            assert!(matches!(parse_every(bad), Err(VerifierError::BadUpdateInterval(t)) if t == bad.trim()), "{bad:?}");
        }
    }

    #[test]
    fn first_attempt_at_once_then_every_interval() {
        let every = 15 * MIN;
        assert_eq!(next_attempt(every, Last::Never, T, 0.7), Duration::ZERO);
        let ok = Last::Succeeded { at: T };
        assert_eq!(next_attempt(every, ok, T, 0.0), every);
        assert_eq!(next_attempt(every, ok, at(300), 0.0), 10 * MIN);
        assert_eq!(next_attempt(every, ok, at(2000), 0.0), Duration::ZERO, "overdue: at once");
        // Jitter: ±10 %.
        assert_eq!(next_attempt(every, ok, T, 1.0), Duration::from_secs(990));
        assert_eq!(next_attempt(every, ok, T, -1.0), Duration::from_secs(810));
        assert_eq!(next_attempt(every, ok, T, 5.0), Duration::from_secs(990), "a draw out of range is clamped");
    }

    #[test]
    fn failures_back_off_from_a_minute_up_to_the_interval() {
        let every = 15 * MIN;
        let waits: Vec<u64> = (1..=6)
            .map(|failures| next_attempt(every, Last::Failed { at: T, failures }, T, 0.0).as_secs() / 60)
            .collect();
        assert_eq!(waits, [1, 2, 4, 8, 15, 15]);
        let many = Last::Failed { at: T, failures: u32::MAX };
        assert_eq!(next_attempt(every, many, T, 0.0), every);
        // Never sooner than a minute, whatever the jitter.
        assert_eq!(next_attempt(every, Last::Failed { at: T, failures: 1 }, T, -1.0), MIN);
        assert_eq!(next_attempt(every, Last::Failed { at: T, failures: 1 }, T, 1.0), Duration::from_secs(66));
        // An interval shorter than a minute (tests): retried at the interval.
        let short = Duration::from_secs(2);
        assert_eq!(next_attempt(short, Last::Failed { at: T, failures: 3 }, T, 0.0), short);
        assert_eq!(next_attempt(short, Last::Failed { at: T, failures: 3 }, T, -1.0), short);
    }

    #[test]
    fn a_clock_set_back_never_stretches_the_wait() {
        let every = 15 * MIN;
        let ok = Last::Succeeded { at: at(86_400) };
        assert_eq!(next_attempt(every, ok, T, 0.0), every);
        let failed = Last::Failed { at: at(86_400), failures: 2 };
        assert_eq!(next_attempt(every, failed, T, 0.0), 2 * MIN);
    }

    #[test]
    fn jitter_draws_are_in_range() {
        for _ in 0..100 {
            let j = random_jitter();
            assert!((-1.0..=1.0).contains(&j), "{j}");
        }
    }
}
