//! Fixtures shared by the fuzz targets and the seed generator: a valid trust
//! bundle signed by a fixed root key, and a valid token, built once.
//!
//! Keys are `SigningKey::from_bytes(&[n; 32])`: root n = 1, token key n = 2.

use shared::ed25519_dalek::SigningKey;
use shared::wire::{Claims, KeyId, PublicKeyBytes, TokenId};
use shared::{
    Benefit, BundleBody, CardType, CardTypeId, Catalogue, Category, Day, Fingerprint, Period, Quota, SigningKeyEntry,
    Timestamp, ValidityRule, Venue, VerifiedBundle,
};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Everything a target needs.
pub struct Fixture {
    /// The pinned root fingerprint.
    pub pin: Fingerprint,
    /// "Now": inside the bundle's and the token's validity.
    pub now: Timestamp,
    /// The bundle file bytes (a seed for `bundle_parse`).
    pub bundle_bytes: Vec<u8>,
    /// The same body signed by a bundle key (`[3; 32]`) the root delegated
    /// to (SPEC §6.6): the 7-element form, a second seed for `bundle_parse`.
    pub delegated_bytes: Vec<u8>,
    /// The verified bundle (what `token_decode_verify` verifies against).
    pub bundle: VerifiedBundle,
    /// A valid token's bytes (a seed for `token_decode_verify`).
    pub token: Vec<u8>,
}

fn day(y: i32, m: u32, d: u32) -> Day {
    Day::from_ymd(y, m, d).expect("fixture date")
}

fn catalogue() -> Catalogue {
    let names = |s: &str| BTreeMap::from([("nb".to_string(), s.to_string())]);
    Catalogue {
        scheme_name: "Aktivitetskort Fuzz".into(),
        public_base_url: "https://kort.example.no".into(),
        venues: vec![Venue {
            id: "bolgen-kino".into(),
            name: "Bølgen kino".into(),
            category: Category::Cinema,
            address: "Storgata 1".into(),
            ..Default::default()
        }],
        card_types: vec![CardType {
            id: CardTypeId(1),
            names: names("0–13 år"),
            age_min: 0,
            age_max: 13,
            validity: ValidityRule::CALENDAR_YEAR,
            benefits: vec![Benefit {
                id: "kino".into(),
                names: names("Kino"),
                venues: vec!["bolgen-kino".into()],
                quotas: vec![Quota { count: 1, per: Period::Week }],
                companion_free: true,
            }],
        }],
        contact: None,
    }
}

fn build() -> Fixture {
    let root = SigningKey::from_bytes(&[1u8; 32]);
    let key = SigningKey::from_bytes(&[2u8; 32]);
    let pk = key.verifying_key().to_bytes();
    let issued_at = day(2026, 6, 1).oslo_midnight();
    let body = BundleBody {
        version: 1,
        issued_at,
        expires_at: issued_at.plus_seconds(30 * 86_400),
        root_key_id: KeyId::of(&root.verifying_key().to_bytes()),
        signing_keys: vec![SigningKeyEntry {
            key_id: KeyId::of(&pk),
            public_key: PublicKeyBytes(pk),
            valid_from: day(2026, 1, 1),
            valid_until: day(2026, 12, 31),
        }],
        catalogue: catalogue(),
        revoked: vec![shared::CardNumber(0x12_3456_789a)],
    };
    let bundle_bytes = shared::sign_bundle(&root, Vec::new(), &body);
    let bundle_key = SigningKey::from_bytes(&[3u8; 32]);
    let window = (day(2026, 1, 1).oslo_midnight(), day(2027, 1, 1).oslo_midnight());
    let delegation = shared::delegate(&root, &bundle_key.verifying_key().to_bytes(), window.0, window.1);
    let root_pub = root.verifying_key().to_bytes();
    let delegated_bytes = shared::sign_bundle_delegated(&bundle_key, &root_pub, delegation, Vec::new(), &body);
    let pin = Fingerprint::of(&root.verifying_key().to_bytes());
    let now = day(2026, 6, 15).oslo_midnight().plus_seconds(12 * 3600);
    let bundle = shared::verify_bundle(&bundle_bytes, &pin, now).expect("fixture bundle");
    shared::verify_bundle(&delegated_bytes, &pin, now).expect("fixture delegated bundle");
    let claims = Claims {
        key_id: KeyId::of(&pk),
        token_id: TokenId([7u8; 16]),
        card_type: CardTypeId(1),
        valid_from: day(2026, 3, 2),
        valid_until: day(2026, 12, 31),
        issued_on: day(2026, 3, 2),
    };
    let token = shared::sign_token(&key, &claims);
    shared::verify_token(&token, &bundle, now).expect("fixture token");
    Fixture { pin, now, bundle_bytes, delegated_bytes, bundle, token }
}

/// The fixture, built on first use.
pub fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(build)
}
