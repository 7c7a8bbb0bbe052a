//! The child's national identity number as a caseworker types it: a
//! fødselsnummer or a D-number (11 digits: the birth date `DDMMYY`, an
//! individual number of 3 digits, two mod-11 check digits). Only checked
//! and turned into a keyed pseudonym ([`crate::store::dup_key`]); never stored,
//! logged or shown. The digits are wiped from memory when the value is
//! dropped.

use zeroize::Zeroize as _;

/// Digits of a national identity number.
pub const LENGTH: usize = crate::store::dup_key::DIGITS;

/// Why a typed national identity number was refused. No variant holds the
/// number or any of its digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NationalIdError {
    /// Not 11 digits (spaces aside).
    #[error("a national identity number has 11 digits")]
    Format,
    /// The first six digits are no date (as a fødselsnummer or, with 4
    /// added to the first digit, a D-number), or the individual number
    /// gives no century for the year.
    #[error("the first six digits of a national identity number are the birth date (DDMMYY)")]
    Date,
    /// A check digit does not match: a digit is mistyped or two are swapped.
    #[error("a check digit of the national identity number does not match")]
    CheckDigit,
}

impl NationalIdError {
    /// The Fluent message id that explains it to the caseworker.
    pub fn message_id(self) -> &'static str {
        match self {
            NationalIdError::Format => "nid-error-format",
            NationalIdError::Date => "nid-error-date",
            NationalIdError::CheckDigit => "nid-error-check",
        }
    }
}

/// A national identity number whose date and both check digits are right.
/// Its `Debug` shows no digit; its memory is wiped when dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct NationalId([u8; LENGTH]);

impl Drop for NationalId {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl std::fmt::Debug for NationalId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NationalId(..)")
    }
}

const WEIGHTS_1: [u32; 9] = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const WEIGHTS_2: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/// The mod-11 check digit of `digits` under `weights` (`None`: the sum
/// gives 10, which no valid number has).
fn check_digit(digits: &[u8], weights: &[u32]) -> Option<u8> {
    let sum: u32 = digits.iter().zip(weights).map(|(d, w)| u32::from(*d) * w).sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        k => u8::try_from(k).ok(),
    }
}

/// The birth year of two year digits and an individual number (the
/// Norwegian population register's ranges), or `None`.
fn birth_year(yy: u32, individual: u32) -> Option<i32> {
    let century = match individual {
        0..=499 => 1900,
        500..=749 if yy >= 54 => 1800,
        500..=999 if yy <= 39 => 2000,
        900..=999 if yy >= 40 => 1900,
        _ => return None,
    };
    i32::try_from(century + yy).ok()
}

/// Days in `month` (1–12) of `year` (Gregorian).
fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl NationalId {
    /// Check `typed` (spaces allowed anywhere, as in `010203 12345`).
    pub fn parse(typed: &str) -> Result<NationalId, NationalIdError> {
        let mut digits = [0u8; LENGTH];
        let mut n = 0;
        for c in typed.chars().filter(|c| !c.is_whitespace()) {
            let Some(d) = c.to_digit(10).filter(|_| c.is_ascii_digit()) else {
                digits.zeroize();
                return Err(NationalIdError::Format);
            };
            if n == LENGTH {
                digits.zeroize();
                return Err(NationalIdError::Format);
            }
            digits[n] = d as u8;
            n += 1;
        }
        // From here on the digits are wiped by the value's drop.
        let id = NationalId(digits);
        if n != LENGTH {
            return Err(NationalIdError::Format);
        }
        id.check()?;
        Ok(id)
    }

    fn check(&self) -> Result<(), NationalIdError> {
        let d = &self.0;
        let two = |i: usize| u32::from(d[i]) * 10 + u32::from(d[i + 1]);
        let mut day = two(0);
        // A D-number has 4 added to the first digit of the day.
        if day > 40 {
            day -= 40;
        }
        let month = two(2);
        let individual = u32::from(d[6]) * 100 + two(7);
        let year = birth_year(two(4), individual).ok_or(NationalIdError::Date)?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(NationalIdError::Date);
        }
        let k1 = check_digit(&d[..9], &WEIGHTS_1);
        let k2 = check_digit(&d[..10], &WEIGHTS_2);
        if k1 != Some(d[9]) || k2 != Some(d[10]) {
            return Err(NationalIdError::CheckDigit);
        }
        Ok(())
    }

    /// The 11 digits (as numbers 0–9), for the pseudonym only.
    pub(crate) fn digits(&self) -> &[u8; LENGTH] {
        &self.0
    }
}

/// Complete `first_nine` (a date `DDMMYY` and an individual number) with
/// its two check digits, or `None` where no valid number has these nine
/// (tests and benchmarks make numbers with it; no real number is needed).
pub fn with_check_digits(first_nine: &str) -> Option<String> {
    let d: Vec<u8> = first_nine.bytes().map(|b| b.wrapping_sub(b'0')).collect();
    if d.len() != 9 || d.iter().any(|x| *x > 9) {
        return None;
    }
    let k1 = check_digit(&d, &WEIGHTS_1)?;
    let mut ten = d;
    ten.push(k1);
    let k2 = check_digit(&ten, &WEIGHTS_2)?;
    Some(format!("{first_nine}{k1}{k2}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A D-number for a birth date in 2038: nobody has it yet.
    fn valid() -> String {
        (500..1000)
            .find_map(|i| with_check_digits(&format!("410138{i:03}")))
            .expect("some individual number has check digits")
    }

    #[test]
    fn valid_numbers_pass_with_or_without_spaces() {
        let n = valid();
        assert!(NationalId::parse(&n).is_ok());
        assert!(NationalId::parse(&format!(" {} {} ", &n[..6], &n[6..])).is_ok());
        // An ordinary fødselsnummer (day without 40 added), 20th century.
        let fnr = (0..500).find_map(|i| with_check_digits(&format!("290296{i:03}"))).unwrap();
        assert!(NationalId::parse(&fnr).is_ok());
        assert_eq!(format!("{:?}", NationalId::parse(&n).unwrap()), "NationalId(..)");
    }

    #[test]
    fn each_typo_gets_its_own_variant() {
        let n = valid();
        assert_eq!(NationalId::parse(&n[..10]), Err(NationalIdError::Format));
        assert_eq!(NationalId::parse(&format!("{n}1")), Err(NationalIdError::Format));
        assert_eq!(NationalId::parse(""), Err(NationalIdError::Format));
        assert_eq!(NationalId::parse(&n.replace(&n[3..4], "x")), Err(NationalIdError::Format));
        assert_eq!(NationalId::parse("٠١٠١٢٠١٢٣٤٥"), Err(NationalIdError::Format), "Arabic-Indic digits");
        // Every single changed digit is caught (mod 11 with these weights).
        for i in 0..LENGTH {
            for d in b'0'..=b'9' {
                let mut b = n.clone().into_bytes();
                if b[i] == d {
                    continue;
                }
                b[i] = d;
                let typo = String::from_utf8(b).unwrap();
                let e = NationalId::parse(&typo).unwrap_err();
                assert!(matches!(e, NationalIdError::CheckDigit | NationalIdError::Date), "{i} {typo}: {e:?}");
            }
        }
        // The date part: 30 February, 29 February 1900, month 13, and a
        // year the individual number gives no century for.
        // (The date is checked before the check digits.)
        for nine in ["300220123", "290200123", "011320123", "010150600", "320120123", "720120123"] {
            assert_eq!(NationalId::parse(&format!("{nine}00")), Err(NationalIdError::Date), "{nine}");
        }
        // A swapped pair of check digits.
        let swapped = format!("{}{}{}", &n[..9], &n[10..], &n[9..10]);
        if swapped != n {
            assert_eq!(NationalId::parse(&swapped), Err(NationalIdError::CheckDigit));
        }
    }

    #[test]
    fn check_digits_follow_the_register_rule() {
        // 11 − (weighted sum mod 11), 11 → 0, 10 → no valid number.
        assert_eq!(check_digit(&[0; 9], &WEIGHTS_1), Some(0));
        let ten = (0..1000).find(|i| with_check_digits(&format!("010120{i:03}")).is_none()).unwrap();
        assert!(with_check_digits(&format!("010120{ten:03}")).is_none());
        assert_eq!(with_check_digits("12345"), None);
    }
}
