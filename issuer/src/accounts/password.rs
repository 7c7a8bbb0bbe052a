//! Passwords (ASVS V2.1, V2.4): the policy a new password must meet, and
//! hashing.
//!
//! A password is normalised (Unicode NFKC, so the same characters typed on
//! another keyboard or system match) before it is checked and hashed. It
//! must be 12–128 characters with runs of white space counted as one (so
//! twelve spaces are one character), and not easy to guess: not one of the
//! 30 000 most common passwords (the list shipped in the binary,
//! `assets/common-passwords.txt.gz`, from zxcvbn's; no network call), nor
//! one with only digits or symbols added before or after, nor a word of
//! this service, nor a repetition (`aaaaaaaaaaaa`, `passwordpassword`), nor
//! a run along the alphabet, the digits or a keyboard row. No composition
//! rules (V2.1.9).

use super::AuthError;
use argon2::{Argon2, PasswordHash, PasswordHasher as _, PasswordVerifier as _};
use std::collections::HashSet;
use unicode_normalization::UnicodeNormalization as _;

/// Shortest accepted password (characters after normalisation, a run of
/// white space counted as one).
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest accepted password.
pub const MAX_PASSWORD_CHARS: usize = 128;

/// Words of this service and its users' language refused as passwords,
/// also with digits or symbols around them (the common list is English).
const SERVICE_WORDS: &[&str] = &[
    "aktivitetskort",
    "aktivitetskortet",
    "passord",
    "passordet",
    "hemmelig",
    "kommune",
    "kommunen",
    "sommer",
    "vinter",
    "velkommen",
    "nav",
    "larvik",
];

/// Runs that are easy to type: a password inside one (or its reverse) is
/// refused.
const RUNS: &[&str] = &[
    "abcdefghijklmnopqrstuvwxyzæøåabcdefghijklmnopqrstuvwxyz",
    "01234567890123456789012345678901234567890",
    "qwertyuiopåasdfghjkløæzxcvbnm",
    "qwertyuiopasdfghjklzxcvbnmqwertyuiop",
    "qwertzuiopasdfghjklyxcvbnm",
    "azertyuiopqsdfghjklmwxcvbn",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "zaq1xsw2cde3vfr4bgt5nhy6mju7,ki8.lo9-øp0",
    "1234567890qwertyuiopasdfghjklzxcvbnm",
    "!@#$%^&*()_+",
];

/// The common passwords, lower case (unpacked once, on first use).
fn common_passwords() -> &'static HashSet<String> {
    static LIST: std::sync::OnceLock<HashSet<String>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        use std::io::Read as _;
        let packed: &[u8] = include_bytes!("../../assets/common-passwords.txt.gz");
        let mut text = String::new();
        // The list is compiled in and checked by a test: it unpacks.
        let _ = flate2::read::GzDecoder::new(packed).read_to_string(&mut text);
        text.lines().map(str::to_string).collect()
    })
}

/// A password as it is checked and hashed: Unicode NFKC.
pub fn normalize_password(password: &str) -> String {
    password.nfkc().collect()
}

/// Characters of `password` for the length rule: a run of white space
/// counts as one.
fn counted_chars(password: &str) -> usize {
    let mut n = 0;
    let mut in_space = false;
    for c in password.chars() {
        if !(c.is_whitespace() && in_space) {
            n += 1;
        }
        in_space = c.is_whitespace();
    }
    n
}

/// Whether `s` is its own start repeated (`abcabcabc`, `aaaa`).
fn is_repetition(s: &[char]) -> bool {
    (1..=s.len() / 2).any(|p| s.len().is_multiple_of(p) && s.chunks(p).all(|c| c == &s[..p]))
}

/// Whether `s` runs along the alphabet, digits or a keyboard row.
fn is_run(s: &str) -> bool {
    let reversed: String = s.chars().rev().collect();
    RUNS.iter().any(|run| run.contains(s) || run.contains(&reversed))
}

/// Whether `password` (normalised) is easy to guess.
fn is_guessable(password: &str) -> bool {
    let lower: String = password.to_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
    let chars: Vec<char> = lower.chars().collect();
    let distinct: HashSet<&char> = chars.iter().collect();
    // The word inside digits and symbols: `Password1234!` → `password`.
    let core = lower.trim_matches(|c: char| !c.is_alphabetic());
    let known = |s: &str| common_passwords().contains(s) || SERVICE_WORDS.contains(&s);
    distinct.len() < 4
        || is_repetition(&chars)
        || is_run(&lower)
        || known(&lower)
        || known(core)
        || (core.chars().count() >= 4 && is_repetition(&core.chars().collect::<Vec<_>>()))
}

/// Check a new password against the policy (see the module's text).
pub fn check_password_policy(password: &str) -> Result<(), AuthError> {
    let password = normalize_password(password);
    if !(MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&counted_chars(&password))
        || password.chars().count() > MAX_PASSWORD_CHARS
    {
        return Err(AuthError::WeakPassword);
    }
    if is_guessable(&password) {
        return Err(AuthError::GuessablePassword);
    }
    Ok(())
}

/// Hash a password (normalised) with argon2id (default parameters: 19 MiB,
/// 2 passes) and a random 16-byte salt from the OS, as a PHC string.
pub fn hash_password(password: &str) -> Result<String, AuthError> {
    let mut salt = [0u8; 16];
    keys::os_random(&mut salt).map_err(AuthError::Random)?;
    let password = normalize_password(password);
    let hash: PasswordHash =
        Argon2::default().hash_password_with_salt(password.as_bytes(), &salt).map_err(AuthError::Hash)?;
    Ok(hash.to_string())
}

/// Whether `password` matches `hash`: normalised (as hashed since issue
/// 13), or as typed (hashes made before, when the password was not
/// normalised; only tried when the two differ).
pub(crate) fn verify_password(password: &str, hash: &str) -> bool {
    let normalized = normalize_password(password);
    let ok = |p: &str| Argon2::default().verify_password(p.as_bytes(), hash).is_ok();
    ok(&normalized) || (normalized != password && ok(password))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_list_unpacks() {
        let list = common_passwords();
        assert_eq!(list.len(), 30_000);
        assert!(list.contains("password") && list.contains("qwerty") && list.contains("trustno1"));
    }

    #[test]
    fn each_rule_of_the_policy() {
        let weak = |p: &str| matches!(check_password_policy(p), Err(AuthError::WeakPassword));
        let guessable = |p: &str| matches!(check_password_policy(p), Err(AuthError::GuessablePassword));
        // Length, after normalisation, runs of white space as one.
        assert!(weak(&" ".repeat(12)), "twelve spaces");
        assert!(weak(&"\u{3000}".repeat(20)), "ideographic spaces");
        assert!(weak("elleve tegn"));
        assert!(weak("elleve  tegn"), "two spaces count as one: 12 → 11");
        assert!(weak(&"x".repeat(129)));
        assert!(weak(&format!("{} {}", "correct horse battery", "x".repeat(110))));
        // Fullwidth letters are the same letters (NFKC).
        assert!(guessable("ｐａｓｓｗｏｒｄ１２３４"));
        // Common, breached, or a service word with digits or symbols around.
        assert!(guessable("Password1234"));
        assert!(guessable("1234qwertyuiop!"));
        assert!(guessable("!!Aktivitetskort2026"));
        assert!(guessable("sommer2026sommer2026"));
        assert!(guessable("iloveyou12345"));
        // Repetitions and runs.
        assert!(guessable("aaaaaaaaaaaa"));
        assert!(guessable("passwordpassword"));
        assert!(guessable("abcabcabcabc"));
        assert!(guessable("abababababab"));
        assert!(guessable("123456789012"));
        assert!(guessable("abcdefghijklmn"));
        assert!(guessable("qwertyuiopasdf"));
        assert!(guessable("lkjhgfdsapoiu"));
        assert!(guessable("1qaz2wsx3edc4rfv"));
        // Passphrases pass, in any script.
        let long = "lang setning om fjorder og fjell ".repeat(4);
        let passphrases = [
            "correct horse battery",
            "tolv tegn ok!",
            "Blåbærsyltetøy på vaffel",
            "сонячний ранок у Львові",
            "🦊 rev 🌲 skog 🏔 fjell",
            &long[..128],
        ];
        for ok in passphrases {
            assert!(check_password_policy(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn hashing_normalises_and_old_hashes_still_verify() {
        let h = hash_password("ｃｏｒｒｅｃｔ horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("correct horse battery", &h));
        assert!(verify_password("ｃｏｒｒｅｃｔ horse battery", &h));
        assert!(!verify_password("correct horse batterY", &h));
        // A random salt each time; never truncated (the 128th character counts).
        assert_ne!(hash_password("correct horse battery").unwrap(), hash_password("correct horse battery").unwrap());
        let long = "x".repeat(127);
        let h = hash_password(&format!("{long}a")).unwrap();
        assert!(verify_password(&format!("{long}a"), &h) && !verify_password(&format!("{long}b"), &h));
        // A hash of the password as typed, as made before normalisation.
        let old = Argon2::default()
            .hash_password_with_salt("ｆｕｌｌ width pass".as_bytes(), b"0123456789abcdef")
            .unwrap()
            .to_string();
        assert!(verify_password("ｆｕｌｌ width pass", &old));
    }
}
