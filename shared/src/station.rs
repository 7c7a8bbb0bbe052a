//! A venue station's rules that are not the card's own (SPEC §11.4, §11.5,
//! §3.4): the clock never goes back, the installed bundle's age, and what a
//! keyboard-wedge scanner typed. Pure, so that the `verifier` binary and
//! the station page in a browser (the same code compiled to WebAssembly,
//! `wasm/`) apply them alike.

use crate::day::Timestamp;
use crate::error::{EncodingError, TokenError};
use crate::{VerifiedBundle, VerifiedToken, verify_text};

/// How far the clock may read behind the latest time a station has seen
/// before it refuses to redeem (SPEC §11.4): the bundle's clock skew, 10
/// minutes.
pub const CLOCK_TOLERANCE_SECS: i64 = crate::bundle::MAX_CLOCK_SKEW_SECS;

/// Default age (days since the issuer signed it) from which every answer
/// carries a warning that the bundle is old (SPEC §11.5).
pub const DEFAULT_STALE_WARN_DAYS: u32 = 7;
/// Default age from which a station refuses to redeem until it has a newer
/// bundle (SPEC §11.5).
pub const DEFAULT_STALE_REFUSE_DAYS: u32 = 30;

/// The clock reads more than [`CLOCK_TOLERANCE_SECS`] behind the latest
/// time the station has seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockBehind {
    /// Seconds behind.
    pub behind_secs: i64,
}

/// SPEC §11.4: whether the clock reading `now` is acceptable given the
/// latest time seen `seen`; the instant to use ("now", never before `seen`).
pub fn effective_now(now: Timestamp, seen: Timestamp) -> Result<Timestamp, ClockBehind> {
    let behind = seen.0.saturating_sub(now.0);
    if behind > CLOCK_TOLERANCE_SECS {
        return Err(ClockBehind { behind_secs: behind });
    }
    Ok(now.max(seen))
}

/// How old the installed bundle is at some instant (SPEC §11.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BundleAge {
    /// Younger than the warning age.
    Fresh,
    /// At or past the warning age: warn, but cards still verify.
    Warn {
        /// Whole days since the bundle was issued.
        age_days: u32,
        /// Days left before cards are refused.
        days_left: u32,
    },
    /// At or past the hard limit: refuse until updated.
    TooOld {
        /// Whole days since the bundle was issued.
        age_days: u32,
        /// The venue's hard limit.
        refuse_days: u32,
    },
}

/// The age class of a bundle issued at `issued_at`, seen at `now`, with the
/// venue's limits (`warn_days` ≤ `refuse_days`).
pub fn bundle_age(issued_at: Timestamp, now: Timestamp, warn_days: u32, refuse_days: u32) -> BundleAge {
    let secs = now.0.saturating_sub(issued_at.0).max(0);
    let age_days = u32::try_from(secs / 86_400).unwrap_or(u32::MAX);
    if age_days >= refuse_days {
        BundleAge::TooOld { age_days, refuse_days }
    } else if age_days >= warn_days {
        BundleAge::Warn { age_days, days_left: refuse_days.saturating_sub(age_days) }
    } else {
        BundleAge::Fresh
    }
}

/// Bytes of a card's pseudonym at a station (SPEC §11.3).
pub const PSEUDONYM_BYTES: usize = 16;

/// HMAC-SHA256 (RFC 2104) of `message` under `key`.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    use hmac::{KeyInit as _, Mac as _};
    // A key of any length is allowed (RFC 2104 §2): new_from_slice cannot fail.
    let mut mac = match hmac::Hmac::<sha2::Sha256>::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC takes keys of any length"),
    };
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// A card's pseudonym at a station (SPEC §11.3): the first
/// [`PSEUDONYM_BYTES`] bytes of HMAC-SHA256(station secret, token id). The
/// binary's log and the station page (SPEC §16.3) count quotas by it.
pub fn pseudonym(secret: &[u8], token_id: &crate::TokenId) -> [u8; PSEUDONYM_BYTES] {
    let mac = hmac_sha256(secret, &token_id.0);
    let mut p = [0u8; PSEUDONYM_BYTES];
    p.copy_from_slice(mac.get(..PSEUDONYM_BYTES).unwrap_or(&[0; PSEUDONYM_BYTES]));
    p
}

/// Fewest digits [`scanned_text`] takes from a mangled URL form: a token is
/// over 100 bytes, i.e. over 250 digits.
const MIN_SCANNED_DIGITS: usize = 100;

/// The text to read a card from, given what a scanner typed.
///
/// A USB scanner types the code as key presses for its own keyboard layout.
/// Set to US English on a computer with a Norwegian layout (common), the
/// URL form's `:` and `/` come out as `Ø` and `-` while digits and `#`
/// survive: `HTTPSØ--KORT.EXAMPLE.NO-K#0123…`. When the text is not a
/// valid URL form (SPEC §3.4) but ends in `K`, one other character and a
/// long run of digits, those digits are read as the bare token; the
/// signature decides, as always. Anything else is passed on unchanged, so
/// its error stays the one SPEC §3.4 gives.
pub fn scanned_text(text: &str) -> &str {
    let t = text.trim();
    if t.bytes().all(|b| b.is_ascii_digit()) || crate::wire::token_bytes_from_text(t).is_ok() {
        return text;
    }
    let digits_from = t
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |i| i + t.get(i..).and_then(|rest| rest.chars().next()).map_or(1, char::len_utf8));
    let (head, digits) = t.split_at_checked(digits_from).unwrap_or((t, ""));
    let mut back = head.chars().rev();
    let separator = back.next();
    let k = back.next();
    let looks_like_url = matches!(k, Some('k' | 'K')) && separator.is_some_and(|c| !c.is_alphanumeric());
    if looks_like_url && digits.len() >= MIN_SCANNED_DIGITS { digits } else { text }
}

/// [`verify_text`] of what a scanner typed: as SPEC §3.4 says, and only
/// when that finds a broken URL form, once more with [`scanned_text`]'s
/// repair (so a good code is read once).
pub fn verify_scanned(text: &str, bundle: &VerifiedBundle, now: Timestamp) -> Result<VerifiedToken, TokenError> {
    match verify_text(text, bundle, now) {
        Err(TokenError::BadEncoding(EncodingError::BadUrl)) if scanned_text(text) != text => {
            verify_text(scanned_text(text), bundle, now)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_may_lag_ten_minutes_and_never_goes_back() {
        let seen = Timestamp(1_800_000_000);
        assert_eq!(effective_now(Timestamp(seen.0 - 600), seen), Ok(seen));
        assert_eq!(effective_now(Timestamp(seen.0 - 601), seen), Err(ClockBehind { behind_secs: 601 }));
        assert_eq!(effective_now(Timestamp(seen.0 + 5), seen), Ok(Timestamp(seen.0 + 5)));
    }

    #[test]
    fn bundle_ages() {
        let at = Timestamp(1_800_000_000);
        let day = |d: i64| Timestamp(at.0 + d * 86_400);
        assert_eq!(bundle_age(at, day(6), 7, 30), BundleAge::Fresh);
        assert_eq!(bundle_age(at, day(7), 7, 30), BundleAge::Warn { age_days: 7, days_left: 23 });
        assert_eq!(bundle_age(at, day(30), 7, 30), BundleAge::TooOld { age_days: 30, refuse_days: 30 });
        // A bundle from the future is fresh (the clock rules catch that).
        assert_eq!(bundle_age(at, Timestamp(at.0 - 86_400), 7, 30), BundleAge::Fresh);
    }
}
