//! The phone card page's own check of a card (SPEC §12.2). It is advisory
//! (the venue decides), and made by the same code as the venue's check
//! (§5 steps 1–6), against the signing keys and card types of the published
//! bundle that the page carries. The page runs it compiled to WebAssembly
//! (`wasm/`).

use crate::bundle::{SigningKeyEntry, strict_key};
use crate::error::EncodingError;
use crate::error::TokenError;
use crate::model::CardTypeId;
use crate::revoked::RevokedList;
use crate::token::signed_claims;
use crate::wire::{self, CardNumber, Claims, KeyId};

/// What the page knows of the latest published bundle (SPEC §12.2).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageTrust {
    /// The bundle's signing keys.
    pub keys: Vec<SigningKeyEntry>,
    /// The card type numbers of its catalogue.
    pub card_types: Vec<CardTypeId>,
}

/// The page's verdict on a card it can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageCheck {
    /// Signed by one of the page's keys, on a day that key may sign for.
    Checked,
    /// Its key is not among the page's (a newer key, or another issuer's),
    /// or it was signed outside the key's days: the card is shown with a
    /// note, and the venue decides.
    UnknownKey,
}

/// A card the page shows: its fields and the page's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageCard {
    /// The token's fields (read before the signature check when the key is
    /// unknown, so that the card can still be shown).
    pub claims: Claims,
    /// The page's verdict.
    pub check: PageCheck,
    /// Whether the card type is in the page's catalogue.
    pub known_type: bool,
}

/// Read card text in any form of SPEC §3.4 and check it for the page.
///
/// An error means the link is damaged and nothing is stored: the text is
/// not a token (§3.4, §5 steps 1–2 and 5), or the signature of a known key
/// does not match (`BadSignature`).
pub fn check_card(text: &str, trust: &PageTrust) -> Result<PageCard, TokenError> {
    let bytes = wire::token_bytes_from_text(text)?;
    // §5 steps 1–2.
    let raw = wire::split_token(&bytes)?;
    // §5 step 5's reading, for display whatever the key.
    let claims = raw.claims()?;
    let known_type = trust.card_types.contains(&claims.card_type);
    let unknown = |claims| Ok(PageCard { claims, check: PageCheck::UnknownKey, known_type });
    // §5 step 3, among the page's keys; a key whose id does not match it, or
    // that is not a strict key, is no key.
    let found = trust
        .keys
        .iter()
        .find(|k| k.key_id == raw.key_id && KeyId::of(&k.public_key.0) == k.key_id)
        .and_then(|entry| strict_key(&entry.public_key.0).map(|key| (entry, key)));
    let Some((entry, key)) = found else {
        return unknown(claims);
    };
    // §5 steps 4–6, as the venue runs them.
    match signed_claims(&raw, entry, &key) {
        Ok(claims) => Ok(PageCard { claims, check: PageCheck::Checked, known_type }),
        Err(TokenError::KeyNotValid) => unknown(claims),
        Err(e) => Err(e),
    }
}

/// The blocked cards the page knows (SPEC §12.2): the latest published
/// bundle's whole revoked list, as the CBOR array the bundle body holds
/// ([`crate::VerifiedBundle::revoked_bytes`]), read in place as the
/// venue's is.
#[derive(Debug, Clone)]
pub struct PageBlocked<'a> {
    bytes: &'a [u8],
    list: RevokedList,
}

impl<'a> PageBlocked<'a> {
    /// Read the list: a CBOR array of card numbers, ascending, canonical,
    /// nothing after it. Anything else is an error (and blocks nothing).
    pub fn read(bytes: &'a [u8]) -> Result<PageBlocked<'a>, EncodingError> {
        Ok(PageBlocked { bytes, list: crate::revoked::read_alone(bytes)? })
    }

    /// How many card numbers the list holds.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.list.len() == 0
    }

    /// Whether the card is blocked: the venue's rule (§5 step 9), its card
    /// number is in the list.
    pub fn blocks(&self, claims: &Claims) -> bool {
        self.list.contains(self.bytes, CardNumber::of(&claims.token_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::day::Day;
    use crate::token::sign_token;
    use crate::wire::{PublicKeyBytes, TokenId};
    use ed25519_dalek::SigningKey;

    fn setup() -> (SigningKey, SigningKeyEntry, Claims) {
        let key = SigningKey::from_bytes(&[7; 32]);
        let public = key.verifying_key().to_bytes();
        let entry = SigningKeyEntry {
            key_id: KeyId::of(&public),
            public_key: PublicKeyBytes(public),
            valid_from: Day(20_000),
            valid_until: Day(20_400),
        };
        let claims = Claims {
            key_id: entry.key_id,
            token_id: TokenId([9; 16]),
            card_type: CardTypeId(1),
            valid_from: Day(20_100),
            valid_until: Day(20_200),
            issued_on: Day(20_100),
        };
        (key, entry, claims)
    }

    fn text(key: &SigningKey, claims: &Claims) -> String {
        wire::encode_decimal(&sign_token(key, claims))
    }

    #[test]
    fn a_card_of_a_known_key_is_checked_and_others_are_shown_with_a_note() {
        let (key, entry, claims) = setup();
        let trust = PageTrust { keys: vec![entry.clone()], card_types: vec![CardTypeId(1)] };
        let card = check_card(&text(&key, &claims), &trust).unwrap();
        assert_eq!((card.check, card.known_type, &card.claims), (PageCheck::Checked, true, &claims));

        // Unknown key, unknown card type: shown, with notes.
        let none = PageTrust { keys: vec![], card_types: vec![] };
        let card = check_card(&text(&key, &claims), &none).unwrap();
        assert_eq!((card.check, card.known_type), (PageCheck::UnknownKey, false));

        // Signed on a day outside the key's window.
        let late = Claims { issued_on: Day(20_500), valid_from: Day(20_500), valid_until: Day(20_600), ..claims };
        assert_eq!(check_card(&text(&key, &late), &trust).unwrap().check, PageCheck::UnknownKey);

        // An entry whose id does not belong to its key is no key.
        let mut wrong = entry.clone();
        wrong.public_key = PublicKeyBytes(SigningKey::from_bytes(&[8; 32]).verifying_key().to_bytes());
        let trust_wrong = PageTrust { keys: vec![wrong], card_types: vec![CardTypeId(1)] };
        assert_eq!(check_card(&text(&key, &claims), &trust_wrong).unwrap().check, PageCheck::UnknownKey);
    }

    #[test]
    fn a_card_whose_number_is_in_the_list_is_blocked() {
        let (_, _, claims) = setup();
        let n = CardNumber::of(&claims.token_id).0;
        let other = Claims { token_id: TokenId([3; 16]), ..claims };
        let bytes = wire::to_cbor(&vec![1u64, n]);
        let list = PageBlocked::read(&bytes).unwrap();
        assert_eq!((list.len(), list.blocks(&claims), list.blocks(&other)), (2, true, false));
        let empty = wire::to_cbor(&Vec::<u64>::new());
        assert!(PageBlocked::read(&empty).unwrap().is_empty());
        assert_eq!(PageBlocked::read(&[0x82, 0x01]).unwrap_err(), EncodingError::Malformed);
    }

    #[test]
    fn a_changed_signature_or_text_is_damaged() {
        let (key, entry, claims) = setup();
        let trust = PageTrust { keys: vec![entry], card_types: vec![CardTypeId(1)] };
        let mut bytes = sign_token(&key, &claims);
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        let err = check_card(&wire::encode_decimal(&bytes), &trust).unwrap_err();
        assert_eq!(err, TokenError::BadSignature);
        assert!(matches!(check_card("123", &trust), Err(TokenError::BadEncoding(_))));
    }
}
