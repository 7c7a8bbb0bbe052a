//! Cases found in review: each is refused with its exact error.

use shared::ed25519_dalek::{SigningKey, VerifyingKey};
use shared::model::{Benefit, CardType, Catalogue, Category, Period, Quota, ValidityRule, Venue};
use shared::wire::{self, Claims, Fingerprint, KeyId, PublicKeyBytes};
use shared::{
    BundleBody, BundleError, CardNumber, CardTypeId, Day, EncodingError, SigningKeyEntry, Timestamp, TokenError,
    TokenId, sign_bundle, sign_token, verify_bundle, verify_text, verify_token,
};

fn day(y: i32, m: u32, d: u32) -> Day {
    Day::from_ymd(y, m, d).unwrap()
}

fn now() -> Timestamp {
    day(2026, 11, 21).oslo_midnight().plus_seconds(12 * 3600)
}

fn signer() -> SigningKey {
    SigningKey::from_bytes(&[7u8; 32])
}

fn entry(pk: [u8; 32]) -> SigningKeyEntry {
    SigningKeyEntry {
        key_id: KeyId::of(&pk),
        public_key: PublicKeyBytes(pk),
        valid_from: day(2026, 1, 1),
        valid_until: day(2027, 12, 31),
    }
}

fn body(root: &SigningKey) -> BundleBody {
    BundleBody {
        version: 1,
        issued_at: now(),
        expires_at: now().plus_seconds(86_400),
        root_key_id: KeyId::of(&root.verifying_key().to_bytes()),
        signing_keys: vec![entry(signer().verifying_key().to_bytes())],
        catalogue: Catalogue {
            scheme_name: "Test".into(),
            public_base_url: "https://kort.example.no".into(),
            venues: vec![Venue {
                id: "kino".into(),
                name: "Kino".into(),
                category: Category::Cinema,
                address: "Gata 1".into(),
                ..Default::default()
            }],
            card_types: vec![CardType {
                id: CardTypeId(1),
                names: [("nb".to_string(), "Barn".to_string())].into_iter().collect(),
                age_min: 0,
                age_max: 13,
                validity: ValidityRule::CALENDAR_YEAR,
                benefits: vec![Benefit {
                    id: "kino".into(),
                    names: Default::default(),
                    venues: vec!["kino".into()],
                    quotas: vec![Quota { count: 1, per: Period::Week }],
                    companion_free: true,
                }],
            }],
            contact: None,
        },
        revoked: vec![],
    }
}

fn check_bundle(b: &BundleBody) -> Result<shared::VerifiedBundle, BundleError> {
    let root = SigningKey::from_bytes(&[1u8; 32]);
    let fp = Fingerprint::of(&root.verifying_key().to_bytes());
    verify_bundle(&sign_bundle(&root, vec![], b), &fp, now())
}

fn root() -> SigningKey {
    SigningKey::from_bytes(&[1u8; 32])
}

#[test]
fn duplicate_signing_key_ids_are_refused() {
    let mut b = body(&root());
    b.signing_keys.push(b.signing_keys[0].clone());
    let err = check_bundle(&b).unwrap_err();
    assert!(matches!(&err, BundleError::InvalidContent(m) if m.contains("listed twice")), "{err:?}");
}

#[test]
fn a_bundle_that_expires_before_it_is_issued_is_refused() {
    let mut b = body(&root());
    b.expires_at = b.issued_at;
    assert_eq!(
        check_bundle(&b).unwrap_err(),
        BundleError::InvalidContent("the bundle expires before it is issued".into())
    );
}

#[test]
fn out_of_range_revoked_numbers_are_refused() {
    let mut b = body(&root());
    b.revoked.push(CardNumber(1 << 40));
    assert_eq!(
        check_bundle(&b).unwrap_err(),
        BundleError::InvalidContent(format!("revoked card number {} is out of range", 1u64 << 40))
    );
}

#[test]
fn revoked_lists_out_of_order_or_with_repeats_are_refused() {
    for (list, bad) in [(vec![9, 7], 7u64), (vec![7, 7], 7), (vec![1 << 32, 1 << 20], 1 << 20)] {
        let mut b = body(&root());
        b.revoked = list.into_iter().map(CardNumber).collect();
        assert_eq!(
            check_bundle(&b).unwrap_err(),
            BundleError::InvalidContent(format!("revoked card number {bad} is not above the one before it"))
        );
    }
}

#[test]
fn a_large_revoked_list_blocks_exactly_its_numbers() {
    // Numbers of every encoded width (1, 2, 3, 5 and 9 bytes), sorted.
    let mut nums: Vec<u64> = (0..20_000u64).map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 24).collect();
    nums.extend([0, 23, 24, 255, 256, 65_535, 65_536, 0xffff_ffff, 1 << 32, (1 << 40) - 1]);
    nums.sort_unstable();
    nums.dedup();
    let mut b = body(&root());
    b.revoked = nums.iter().copied().map(CardNumber).collect();
    let v = check_bundle(&b).unwrap();
    assert_eq!(v.revoked_count(), nums.len());
    assert!(v.body().revoked.is_empty());
    for &n in &nums {
        assert!(v.is_revoked(CardNumber(n)), "{n}");
        for m in [n.wrapping_sub(1), n + 1] {
            assert_eq!(v.is_revoked(CardNumber(m)), nums.binary_search(&m).is_ok(), "{m}");
        }
    }
    let empty = check_bundle(&body(&root())).unwrap();
    assert_eq!(empty.revoked_count(), 0);
    assert!(!empty.is_revoked(CardNumber(0)));
}

#[test]
fn a_non_canonical_public_key_encoding_is_refused() {
    // y ≥ p: the field element p + k (little-endian), for small k, is a
    // non-canonical encoding of y = k. Find one that decodes to a point of
    // large order, then put it in the bundle.
    let p: [u8; 32] = {
        let mut b = [0xffu8; 32];
        b[0] = 0xed; // p = 2^255 - 19 → low byte 0xed
        b[31] = 0x7f;
        b
    };
    let mut found = None;
    for k in 0u8..19 {
        let mut enc = p;
        enc[0] = 0xed + k; // p + k, for k < 19 (no carry since 0xed + 18 = 0xff)
        if let Ok(vk) = VerifyingKey::from_bytes(&enc)
            && !vk.is_weak()
            && vk.to_edwards().compress().to_bytes() != enc
        {
            found = Some(enc);
            break;
        }
    }
    let enc = found.expect("a non-canonical encoding of a large-order point exists for some y < 19");
    let mut b = body(&root());
    b.signing_keys.push(entry(enc));
    let err = check_bundle(&b).unwrap_err();
    assert!(
        matches!(&err, BundleError::InvalidContent(m) if m.contains("not a valid (strong) Ed25519 key")),
        "{err:?}"
    );
}

fn token(valid_from: Day, valid_until: Day, issued_on: Day) -> Vec<u8> {
    let key = signer();
    let claims = Claims {
        key_id: KeyId::of(&key.verifying_key().to_bytes()),
        token_id: TokenId([3u8; 16]),
        card_type: CardTypeId(1),
        valid_from,
        valid_until,
        issued_on,
    };
    sign_token(&key, &claims)
}

#[test]
fn validity_must_be_near_the_issue_day() {
    let bundle = check_bundle(&body(&root())).unwrap();
    // Issued in November for the next calendar year: fine (checked in 2027).
    let next_year = token(day(2027, 1, 1), day(2027, 12, 31), day(2026, 11, 21));
    let in_2027 = day(2027, 3, 1).oslo_midnight();
    assert!(verify_token(&next_year, &bundle, in_2027).is_ok());
    // A card for 2030 from a 2026 issue day: refused, even in 2030.
    let far = token(day(2030, 1, 1), day(2030, 12, 31), day(2026, 11, 21));
    assert_eq!(verify_token(&far, &bundle, day(2030, 3, 1).oslo_midnight()).unwrap_err(), TokenError::ValidityTooLong);
    // Ending before it was issued: refused.
    let before = token(day(2026, 1, 1), day(2026, 6, 30), day(2026, 11, 21));
    assert_eq!(verify_token(&before, &bundle, now()).unwrap_err(), TokenError::ValidityTooLong);
}

#[test]
fn a_future_version_is_reported_as_such_whatever_its_layout() {
    let bundle = check_bundle(&body(&root())).unwrap();
    // Version 2 with a different shape (2 elements, a 32-byte "signature").
    let mut bytes = vec![0x82, 0x02, 0x41, 0x00];
    bytes.extend_from_slice(&[0u8; 32]);
    assert_eq!(verify_token(&bytes, &bundle, now()).unwrap_err(), TokenError::UnsupportedVersion(2));
}

#[test]
fn a_long_form_array_head_is_not_mistaken_for_a_version() {
    let bundle = check_bundle(&body(&root())).unwrap();
    // The valid payload with its head 0x87 rewritten as 0x98 0x07 (array of
    // 7, length in the next byte), signed: non-canonical, not "version 7".
    let key = signer();
    let good = token(day(2026, 1, 1), day(2026, 12, 31), day(2026, 11, 21));
    let mut payload = vec![0x98, 0x07];
    payload.extend_from_slice(&good[1..good.len() - 64]);
    use shared::ed25519_dalek::Signer as _;
    let sig = key.sign(&wire::signed_message(&payload)).to_bytes();
    let bytes = wire::token_bytes(&payload, &sig);
    assert_eq!(verify_token(&bytes, &bundle, now()).unwrap_err(), TokenError::BadEncoding(EncodingError::NonCanonical));
}

#[test]
fn a_link_without_its_fragment_is_a_bad_url() {
    let bundle = check_bundle(&body(&root())).unwrap();
    assert_eq!(
        verify_text("https://kort.example.no/k", &bundle, now()).unwrap_err(),
        TokenError::BadEncoding(EncodingError::BadUrl)
    );
    assert_eq!(
        verify_text("12ab", &bundle, now()).unwrap_err(),
        TokenError::BadEncoding(EncodingError::InvalidCharacter)
    );
}

#[test]
fn long_digit_runs_after_text_stay_numeric_in_the_qr() {
    let digits = "7".repeat(300);
    let with_hash = shared::qr::encode(&format!("ABCDEFGHIJ#{digits}")).unwrap().version();
    let without = shared::qr::encode(&format!("ABCDEFGHIJ{digits}")).unwrap().version();
    assert!(without <= with_hash, "alnum+digits v{without} vs alnum+#+digits v{with_hash}");
}

#[test]
fn raw_token_debug_does_not_show_the_token_id() {
    let t = token(day(2026, 1, 1), day(2026, 12, 31), day(2026, 11, 21));
    let raw = wire::split_token(&t).unwrap();
    let dbg = format!("{raw:?}");
    assert!(!dbg.contains("3, 3, 3") && !dbg.contains("030303"), "{dbg}");
    assert!(dbg.starts_with("RawToken"), "{dbg}");
}
