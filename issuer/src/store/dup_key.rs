//! The duplicate check's key ([`crate::duplicates`]): 32 random bytes in
//! `DIR/keys/duplicate-check.secret` (mode 0600, beside the signing keys;
//! never in the database), made the first time a pseudonym is needed. A
//! child's pseudonym for a card type is HMAC-SHA256(key, context ‖ card
//! type ‖ the 11 digits): whoever has the key and the table can test a
//! known number against it, whoever has only the table cannot (the digits
//! are too few to keep a plain hash secret). The card type is part of the
//! input, so one child's pseudonyms under two card types differ.

use crate::IssuerError;
use hmac::{KeyInit as _, Mac as _};
use shared::CardTypeId;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// Digits of a national identity number.
pub const DIGITS: usize = 11;

/// The key's file name in the issuer's `keys/` directory.
pub const KEY_FILE: &str = "duplicate-check.secret";
const HEADER: &str = "aktivitetskort duplicate-check key v1";
/// Domain separation: these HMACs are for nothing else.
const CONTEXT: &[u8] = b"aktivitetskort duplicate check v1";

/// A child's pseudonym under one card type (32 bytes).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Pseudonym(pub [u8; 32]);

impl std::fmt::Debug for Pseudonym {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pseudonym(..)")
    }
}

/// The key (wiped from memory when dropped).
pub struct PseudonymKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PseudonymKey(..)")
    }
}

/// The key's path under the issuer's keys directory.
pub fn key_path(keys_dir: &Path) -> PathBuf {
    keys_dir.join(KEY_FILE)
}

impl PseudonymKey {
    /// A key from its bytes (tests and benchmarks).
    pub fn from_bytes(bytes: [u8; 32]) -> PseudonymKey {
        PseudonymKey(Zeroizing::new(bytes))
    }

    /// The key in `keys_dir`, made now if there is none (refused when
    /// damaged or readable by others).
    pub fn load_or_create(keys_dir: &Path) -> Result<PseudonymKey, IssuerError> {
        let bytes = keys::keyfile::load_or_create_secret(&key_path(keys_dir), HEADER)?;
        Ok(PseudonymKey::from_bytes(bytes))
    }

    /// The pseudonym under `card_type` of a national identity number's
    /// `digits` (each 0–9; see [`crate::duplicates::national_id`]).
    pub fn pseudonym(&self, card_type: CardTypeId, digits: &[u8; DIGITS]) -> Pseudonym {
        // HMAC takes keys of any length: new_from_slice cannot fail.
        let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(self.0.as_slice()) else {
            unreachable!("HMAC takes keys of any length")
        };
        mac.update(CONTEXT);
        mac.update(&card_type.0.to_be_bytes());
        // The digits as ASCII, in a buffer that is wiped.
        let mut ascii = Zeroizing::new([0u8; DIGITS]);
        for (a, d) in ascii.iter_mut().zip(digits) {
            *a = b'0' + d;
        }
        mac.update(ascii.as_slice());
        Pseudonym(mac.finalize().into_bytes().into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::duplicates::national_id::{NationalId, with_check_digits};

    #[test]
    fn pseudonyms_depend_on_key_card_type_and_number_and_match_hmac_sha256() {
        let n = |nine: &str| {
            let typed = (0..1000).find_map(|i| with_check_digits(&format!("{nine}{i:03}")));
            let typed = typed.unwrap();
            NationalId::parse(&typed).unwrap_or_else(|e| panic!("{typed}: {e:?}"))
        };
        let (a, b) = (n("410138"), n("420138"));
        let key = PseudonymKey::from_bytes([7; 32]);
        let p = key.pseudonym(CardTypeId(1), a.digits());
        assert_eq!(p, key.pseudonym(CardTypeId(1), a.digits()));
        assert_ne!(p, key.pseudonym(CardTypeId(2), a.digits()));
        assert_ne!(p, key.pseudonym(CardTypeId(1), b.digits()));
        assert_ne!(p, PseudonymKey::from_bytes([8; 32]).pseudonym(CardTypeId(1), a.digits()));
        // HMAC-SHA256 of context ‖ type (big-endian) ‖ ASCII digits.
        let ascii: Vec<u8> = a.digits().iter().map(|d| b'0' + d).collect();
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&[7; 32]).unwrap();
        mac.update(&[CONTEXT, &[0, 1], &ascii].concat());
        assert_eq!(p.0.to_vec(), mac.finalize().into_bytes().to_vec());
        assert_eq!(format!("{p:?}{key:?}"), "Pseudonym(..)PseudonymKey(..)");
    }

    #[test]
    fn the_key_is_made_once_in_the_keys_directory_owner_only() {
        use std::os::unix::fs::PermissionsExt as _;
        let tmp = tempfile::tempdir().unwrap();
        let a = PseudonymKey::load_or_create(tmp.path()).unwrap();
        let b = PseudonymKey::load_or_create(tmp.path()).unwrap();
        assert_eq!(*a.0, *b.0);
        let mode = std::fs::metadata(key_path(tmp.path())).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
