//! The phone card's blocked check (`card_wasm::is_blocked`, SPEC §12.2),
//! natively: with a real bundle's revoked list, the page blocks exactly the
//! cards the venue's verification refuses as revoked.

use card_wasm::{is_blocked, verify_at_venue};
use serde_json::Value;
use shared::ed25519_dalek::SigningKey;
use shared::model::{CardType, Catalogue};
use shared::wire::{self, CardNumber, Claims, Fingerprint, KeyId, PublicKeyBytes, TokenId};
use shared::{
    BundleBody, CardTypeId, Day, SigningKeyEntry, Timestamp, ValidityRule, sign_bundle, sign_token, verify_bundle,
};

fn day(y: i32, m: u32, d: u32) -> Day {
    Day::from_ymd(y, m, d).unwrap()
}

fn card(signer: &SigningKey, id: u8) -> (String, CardNumber) {
    let claims = Claims {
        key_id: KeyId::of(&signer.verifying_key().to_bytes()),
        token_id: TokenId([id; 16]),
        card_type: CardTypeId(1),
        valid_from: day(2026, 1, 1),
        valid_until: day(2026, 12, 31),
        issued_on: day(2026, 11, 1),
    };
    (wire::encode_decimal(&sign_token(signer, &claims)), CardNumber::of(&claims.token_id))
}

/// A bundle blocking `revoked`, and its root's fingerprint (hex).
fn bundle(signer: &SigningKey, revoked: Vec<CardNumber>, now: Timestamp) -> (Vec<u8>, String) {
    let root = SigningKey::from_bytes(&[1; 32]);
    let public = signer.verifying_key().to_bytes();
    let body = BundleBody {
        version: 2,
        issued_at: now,
        expires_at: now.plus_seconds(86_400),
        root_key_id: KeyId::of(&root.verifying_key().to_bytes()),
        signing_keys: vec![SigningKeyEntry {
            key_id: KeyId::of(&public),
            public_key: PublicKeyBytes(public),
            valid_from: day(2026, 1, 1),
            valid_until: day(2027, 12, 31),
        }],
        catalogue: Catalogue {
            scheme_name: "Test".into(),
            public_base_url: "https://kort.example.no".into(),
            contact: None,
            venues: vec![],
            card_types: vec![CardType {
                id: CardTypeId(1),
                names: [("nb".to_string(), "0–17 år".to_string())].into(),
                age_min: 0,
                age_max: 17,
                validity: ValidityRule::CALENDAR_YEAR,
                benefits: vec![],
            }],
        },
        revoked,
    };
    let pin = Fingerprint::of(&root.verifying_key().to_bytes()).to_string();
    (sign_bundle(&root, vec![], &body), pin)
}

#[test]
fn the_page_blocks_exactly_the_cards_the_venue_refuses_as_revoked() {
    let now = day(2026, 12, 2).oslo_midnight().plus_seconds(12 * 3600);
    let signer = SigningKey::from_bytes(&[2; 32]);
    let cards: Vec<(String, CardNumber)> = (1..=6).map(|i| card(&signer, i)).collect();
    // Cards 2 and 5 are blocked, among numbers of every encoded width.
    let mut revoked = vec![CardNumber(3), CardNumber(200), CardNumber(70_000), cards[1].1, cards[4].1];
    revoked.sort();
    let (file, pin) = bundle(&signer, revoked.clone(), now);
    let verified = verify_bundle(&file, &Fingerprint::parse(&pin).unwrap(), now).unwrap();
    let list = verified.revoked_bytes().unwrap();
    assert_eq!(list, wire::to_cbor(&revoked), "the page's list is the body's array, byte for byte");
    for (i, (text, _)) in cards.iter().enumerate() {
        let venue: Value = serde_json::from_str(&verify_at_venue(&file, &pin, text, now.0 as f64, "kino")).unwrap();
        let refused = venue["token"] == "Revoked";
        assert_eq!(refused, i == 1 || i == 4, "card {i}: {venue}");
        assert_eq!(is_blocked(text, list), Some(refused), "card {i}");
    }
}

#[test]
fn an_empty_list_blocks_nothing_and_a_damaged_list_or_card_answers_nothing() {
    let signer = SigningKey::from_bytes(&[2; 32]);
    let (text, number) = card(&signer, 9);
    assert_eq!(is_blocked(&text, &wire::to_cbor(&Vec::<u64>::new())), Some(false));
    let list = wire::to_cbor(&vec![number.0]);
    assert_eq!(is_blocked(&text, &list), Some(true));
    // Cut short, out of order, not an array, empty: no answer.
    assert_eq!(is_blocked(&text, &list[..list.len() - 1]), None);
    assert_eq!(is_blocked(&text, &wire::to_cbor(&vec![number.0, 1])), None);
    assert_eq!(is_blocked(&text, &[0x01]), None);
    assert_eq!(is_blocked(&text, &[]), None);
    assert_eq!(is_blocked("12345", &list), None);
}
