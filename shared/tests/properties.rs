//! Properties of the token format, checked on random claims (proptest):
//!
//! - any claims round-trip: encode_payload → sign_token → encode_decimal →
//!   token_bytes_from_text → verify_token give back the same claims, given
//!   a bundle that lists the key for the issue day and a card type that
//!   allows the window, at a clock inside the window. Most properties share
//!   one bundle (verifying a bundle costs about 10 ms in a debug build) with
//!   837 card types covering every CBOR integer size; one property makes a
//!   bundle per case for any card type number, and there any issue day:
//!   one outside what §5 step 8 allows gives exactly `ValidityTooLong`;
//! - any single-byte change of the token bytes is refused, and where the
//!   byte is tells which error;
//! - any single-character change of the decimal text is refused; a digit
//!   left out or added is always a wrong digit count.

#[allow(dead_code)]
#[path = "../examples/gen_vectors.rs"]
mod gen_vectors;

use proptest::prelude::*;
use shared::day::LAST_DAY;
use shared::ed25519_dalek::SigningKey;
use shared::token::MAX_LEAD_DAYS;
use shared::wire::{self, Claims, KeyId, PublicKeyBytes, TokenId};
use shared::{
    BundleBody, CardType, CardTypeId, Catalogue, Day, EncodingError, SigningKeyEntry, Timestamp, TokenError,
    ValidityRule, VerifiedBundle, sign_bundle, sign_token, verify_bundle, verify_text, verify_token,
};
use std::sync::OnceLock;

/// A token with everything needed to verify it.
#[derive(Debug)]
struct Case<'b> {
    claims: Claims,
    bundle: &'b VerifiedBundle,
    now: Timestamp,
}

/// The card type numbers of [`shared_bundle`]: every CBOR integer size
/// (0–23 in the head, one byte, two bytes) and both ends of the range.
fn card_types() -> impl Strategy<Value = u16> {
    prop_oneof![0u16..=300, 65_000u16..=u16::MAX]
}

fn root() -> (SigningKey, wire::Fingerprint) {
    let root = gen_vectors::key(&gen_vectors::ROOT_SEED);
    let fingerprint = wire::Fingerprint::of(&root.verifying_key().to_bytes());
    (root, fingerprint)
}

fn body(keys_from: Day, keys_until: Day, card_types: Vec<CardType>, now: Timestamp) -> BundleBody {
    let signing = gen_vectors::public(&gen_vectors::SIGNING_SEED);
    BundleBody {
        version: 1,
        issued_at: now,
        expires_at: now.plus_seconds(86_400),
        root_key_id: root().1.key_id(),
        signing_keys: vec![SigningKeyEntry {
            key_id: KeyId::of(&signing),
            public_key: PublicKeyBytes(signing),
            valid_from: keys_from,
            valid_until: keys_until,
        }],
        catalogue: Catalogue {
            scheme_name: "Egenskaper".into(),
            public_base_url: gen_vectors::BASE_URL.into(),
            venues: vec![],
            card_types,
            contact: None,
        },
        revoked: vec![],
    }
}

fn card_type(id: u16, validity: ValidityRule) -> CardType {
    CardType { id: CardTypeId(id), names: Default::default(), age_min: 0, age_max: 17, validity, benefits: vec![] }
}

fn verified(body: &BundleBody, now: Timestamp) -> VerifiedBundle {
    let (root, fingerprint) = root();
    verify_bundle(&sign_bundle(&root, vec![], body), &fingerprint, now).expect("the bundle verifies")
}

/// One bundle for most cases (verifying a bundle costs about 10 ms in a
/// debug build): the signing key for every issue day, and every card type
/// of [`card_types`] allowing any window.
fn shared_bundle() -> &'static VerifiedBundle {
    static BUNDLE: OnceLock<VerifiedBundle> = OnceLock::new();
    BUNDLE.get_or_init(|| {
        let any_window = ValidityRule::Fixed { from: Day(0), until: LAST_DAY };
        let types = (0u16..=300).chain(65_000..=u16::MAX).map(|id| card_type(id, any_window)).collect();
        verified(&body(Day(0), LAST_DAY, types, Timestamp(0)), Timestamp(0))
    })
}

/// The issue days §5 step 8 allows for a window: the window must not end
/// before the issue day nor start more than `MAX_LEAD_DAYS` after it.
fn issue_days_allowed(from: u32, until: u32) -> std::ops::RangeInclusive<u32> {
    from.saturating_sub(MAX_LEAD_DAYS)..=until
}

/// Whether §5 step 8 allows `issued_on` for the claims' window.
fn tied_to_issue_day(c: &Claims) -> bool {
    issue_days_allowed(c.valid_from.0, c.valid_until.0).contains(&c.issued_on.0)
}

fn pick(range: std::ops::RangeInclusive<u32>, i: prop::sample::Index) -> u32 {
    let len = usize::try_from(range.end() - range.start()).expect("small") + 1;
    range.start() + u32::try_from(i.index(len)).expect("small")
}

prop_compose! {
    /// Any claims signed by the standard signing key, with a card type
    /// from `types`, any window, and a clock at any second of any day
    /// inside the window. The issue day is one the window allows (§5 step
    /// 8), or with `any_issue_day` any day at all one case in four.
    fn claims_and_clock(types: BoxedStrategy<u16>, any_issue_day: bool)(
        token_id in any::<[u8; 16]>(),
        card_type in types,
        a in 0..=LAST_DAY.0,
        b in 0..=LAST_DAY.0,
        today in any::<prop::sample::Index>(),
        issued in any::<prop::sample::Index>(),
        unrestricted in prop::bool::weighted(if any_issue_day { 0.25 } else { 0.0 }),
        // A day in Oslo has at least 23 hours.
        second in 0i64..23 * 3600,
    ) -> (Claims, Timestamp) {
        let (from, until) = (a.min(b), a.max(b));
        let today = Day(pick(from..=until, today));
        let issued_on =
            if unrestricted { pick(0..=LAST_DAY.0, issued) } else { pick(issue_days_allowed(from, until), issued) };
        let claims = Claims {
            key_id: gen_vectors::key_id(&gen_vectors::SIGNING_SEED),
            token_id: TokenId(token_id),
            card_type: CardTypeId(card_type),
            valid_from: Day(from),
            valid_until: Day(until),
            issued_on: Day(issued_on),
        };
        let now = today.oslo_midnight().plus_seconds(second);
        assert_eq!(now.oslo_day(), today);
        (claims, now)
    }
}

/// Cases verified against [`shared_bundle`].
fn cases() -> impl Strategy<Value = Case<'static>> {
    claims_and_clock(card_types().boxed(), false).prop_map(|(claims, now)| Case {
        claims,
        bundle: shared_bundle(),
        now,
    })
}

fn token(c: &Case<'_>) -> Vec<u8> {
    sign_token(&gen_vectors::key(&gen_vectors::SIGNING_SEED), &c.claims)
}

/// The errors a damaged token may give.
fn damaged(e: &TokenError) -> bool {
    matches!(
        e,
        TokenError::BadSignature
            | TokenError::BadEncoding(_)
            | TokenError::UnsupportedVersion(_)
            | TokenError::UnknownKey
    )
}

/// encode_payload → sign_token → encode_decimal → token_bytes_from_text →
/// verify_token gives back the claims (or, for an issue day the window
/// does not allow, exactly `ValidityTooLong`).
fn round_trip(c: &Case<'_>) -> Result<(), TestCaseError> {
    let payload = wire::encode_payload(&c.claims);
    let bytes = token(c);
    prop_assert_eq!(bytes.len(), payload.len() + wire::SIGNATURE_LEN);
    prop_assert_eq!(&bytes[..payload.len()], payload.as_slice());
    let text = wire::encode_decimal(&bytes);
    prop_assert!(text.bytes().all(|b| b.is_ascii_digit()));
    let back = wire::token_bytes_from_text(&text);
    prop_assert_eq!(back.as_ref(), Ok(&bytes));
    // The URL form as put in a QR code carries the same bytes.
    let url = wire::token_url_for_qr(gen_vectors::BASE_URL, &text);
    prop_assert_eq!(wire::token_bytes_from_text(&url), Ok(bytes.clone()));
    let verified = verify_token(&bytes, c.bundle, c.now).map(|v| *v.claims());
    if tied_to_issue_day(&c.claims) {
        prop_assert_eq!(verified, Ok(c.claims));
    } else {
        prop_assert_eq!(verified, Err(TokenError::ValidityTooLong));
    }
    Ok(())
}

/// `cases` cases; a failing case is printed, not written to a regressions
/// file next to this one.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// Offsets in a canonical payload: array head, version, key id head, key id
/// (8 bytes), token id head, token id (16 bytes), then the numbers.
const KEY_ID: std::ops::Range<usize> = 3..11;
const TOKEN_ID: std::ops::Range<usize> = 12..28;

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn claims_round_trip(c in cases()) {
        round_trip(&c)?;
    }

    #[test]
    fn any_single_byte_change_is_refused(
        c in cases(),
        at in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let mut bytes = token(&c);
        let payload_len = bytes.len() - wire::SIGNATURE_LEN;
        let at = at.index(bytes.len());
        bytes[at] ^= flip;
        let r = verify_token(&bytes, c.bundle, c.now).map(|v| *v.claims());
        let e = r.clone().expect_err("a changed token is refused");
        if at >= payload_len {
            // The payload is intact; the strict check refuses the signature.
            prop_assert_eq!(e, TokenError::BadSignature, "signature byte {}", at);
        } else if KEY_ID.contains(&at) {
            // Another key id: not in the bundle.
            prop_assert_eq!(e, TokenError::UnknownKey, "key id byte {}", at);
        } else if TOKEN_ID.contains(&at) {
            // Same structure, another token id: the signature fails.
            prop_assert_eq!(e, TokenError::BadSignature, "token id byte {}", at);
        } else if at == 1 && bytes[1] < 0x18 {
            // Another version in the short form: read before anything else.
            prop_assert_eq!(e, TokenError::UnsupportedVersion(u64::from(bytes[1])), "version byte");
        } else if at == 1 {
            // The version with a longer head, or not an integer.
            prop_assert!(
                matches!(e, TokenError::UnsupportedVersion(_) | TokenError::BadEncoding(_)),
                "version byte: {:?}", e
            );
        } else {
            prop_assert!(damaged(&e), "byte {}: {:?}", at, e);
        }
    }

    #[test]
    fn any_single_digit_change_is_refused(
        c in cases(),
        at in any::<prop::sample::Index>(),
        add in 1u8..=9,
    ) {
        let mut text = wire::encode_decimal(&token(&c)).into_bytes();
        let at = at.index(text.len());
        text[at] = b'0' + (text[at] - b'0' + add) % 10;
        let text = String::from_utf8(text).expect("digits");
        let e = verify_text(&text, c.bundle, c.now).expect_err("a changed text is refused");
        prop_assert!(damaged(&e), "digit {}: {:?}", at, e);
    }

    #[test]
    fn any_single_character_replaced_by_a_non_digit_is_refused(
        c in cases(),
        at in any::<prop::sample::Index>(),
        ch in any::<char>().prop_filter("not a digit", |c| !c.is_ascii_digit()),
    ) {
        let mut text: Vec<char> = wire::encode_decimal(&token(&c)).chars().collect();
        let at = at.index(text.len());
        text[at] = ch;
        let text: String = text.into_iter().collect();
        let e = verify_text(&text, c.bundle, c.now).expect_err("a changed text is refused");
        prop_assert!(matches!(e, TokenError::BadEncoding(_)), "{:?} at {}: {:?}", ch, at, e);
    }

    #[test]
    fn a_digit_left_out_or_added_is_a_wrong_digit_count(
        c in cases(),
        at in any::<prop::sample::Index>(),
        digit in 0u8..=9,
        insert in any::<bool>(),
    ) {
        let mut text = wire::encode_decimal(&token(&c)).into_bytes();
        if insert {
            let at = at.index(text.len() + 1);
            text.insert(at, b'0' + digit);
        } else {
            let at = at.index(text.len());
            text.remove(at);
        }
        let text = String::from_utf8(text).expect("digits");
        prop_assert_eq!(
            verify_text(&text, c.bundle, c.now).map(|v| *v.claims()),
            Err(TokenError::BadEncoding(EncodingError::InvalidDigitCount))
        );
    }
}

proptest! {
    // Each case verifies a bundle of its own: fewer cases.
    #![proptest_config(config(64))]

    #[test]
    fn any_card_type_number_round_trips(c in claims_and_clock(any::<u16>().boxed(), true)) {
        // A bundle made for these claims: the key for exactly the issue day,
        // the one card type allowing exactly the window.
        let (claims, now) = c;
        let days = claims.valid_until.0 - claims.valid_from.0 + 1;
        let body = body(
            claims.issued_on,
            claims.issued_on,
            vec![card_type(claims.card_type.0, ValidityRule::Days { days })],
            now,
        );
        let bundle = verified(&body, now);
        round_trip(&Case { claims, bundle: &bundle, now })?;
    }
}
