//! The small-order ("weak") public key forgery, which SPEC §0 (strict Ed25519) exists to refuse.
//!
//! With the identity point as public key A and the signature R = identity,
//! S = 0, the Ed25519 check `[S]B = R + [k]A` holds for every message, and
//! ed25519-dalek's plain `verify()` accepts it; `verify_strict()` refuses
//! small-order keys and R values. For the other small-order points the same
//! signature verifies under `verify()` for every message whose `k` is a
//! multiple of the point's order (1 in 2, 4 or 8 messages).
//!
//! Then the same forgeries through this crate's API: a bundle listing such a
//! key, a bundle "signed" by such a root, and a token naming such a key.

#[allow(dead_code)]
#[path = "../examples/gen_vectors.rs"]
mod gen_vectors;

use gen_vectors::{FORGED_SIGNATURE, IDENTITY_POINT, ROOT_SEED, SIGNING_SEED, YEAR_CARD};
use shared::ed25519_dalek::{Signature, Signer, Verifier, VerifyingKey};
use shared::wire::{self, BundleFile, Fingerprint, KeyId, PublicKeyBytes, RootLink};
use shared::{BundleError, SigningKeyEntry, TokenError, verify_bundle, verify_token};

/// The eight points of small order on edwards25519, canonically encoded,
/// with their orders: the identity, the point of order 2, the two of order
/// 4 and the four of order 8 (the list libsodium blocks).
const SMALL_ORDER: [(&str, u32); 8] = [
    ("0100000000000000000000000000000000000000000000000000000000000000", 1),
    ("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", 2),
    ("0000000000000000000000000000000000000000000000000000000000000000", 4),
    ("0000000000000000000000000000000000000000000000000000000000000080", 4),
    ("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", 8),
    ("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85", 8),
    ("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", 8),
    ("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa", 8),
];

/// Non-canonical encodings of small-order points: the sign bit set on a
/// point with x = 0, or y ≥ p (y = p reads as 0, y = p + 1 as 1).
const NON_CANONICAL_SMALL_ORDER: [&str; 6] = [
    "0100000000000000000000000000000000000000000000000000000000000080",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
];

fn bytes32(hex: &str) -> [u8; 32] {
    wire::hex_decode(hex).and_then(|v| v.try_into().ok()).expect("64 hex digits")
}

fn small_order_keys() -> Vec<([u8; 32], u32)> {
    SMALL_ORDER.iter().map(|(hex, order)| (bytes32(hex), *order)).collect()
}

fn forged() -> Signature {
    Signature::from_bytes(&FORGED_SIGNATURE)
}

#[test]
fn the_eight_encodings_are_the_small_order_points() {
    let identity = bytes32(SMALL_ORDER[0].0);
    assert_eq!(identity, IDENTITY_POINT);
    let mut seen = std::collections::BTreeSet::new();
    for (bytes, order) in small_order_keys() {
        let key = VerifyingKey::from_bytes(&bytes).expect("decompresses");
        assert_eq!(key.to_bytes(), bytes, "canonical encoding");
        assert!(key.is_weak(), "{}", wire::hex_encode(&bytes));
        // The order: the smallest n in 1, 2, 4, 8 with [n]P = identity.
        let mut p = key.to_edwards();
        let mut n = 1;
        while p.compress().to_bytes() != identity {
            p = p + p;
            n *= 2;
            assert!(n <= 8, "not of small order");
        }
        assert_eq!(n, order, "{}", wire::hex_encode(&bytes));
        assert!(seen.insert(bytes), "listed twice");
    }
    // An ordinary key is not weak.
    let normal = gen_vectors::key(&SIGNING_SEED).verifying_key();
    assert!(!normal.is_weak());
}

#[test]
fn dalek_verify_accepts_the_identity_forgery_for_any_message_and_verify_strict_refuses() {
    let key = VerifyingKey::from_bytes(&IDENTITY_POINT).expect("the identity decompresses");
    let token_message = wire::signed_message(&wire::encode_payload(&gen_vectors::claims(
        KeyId::of(&IDENTITY_POINT),
        1,
        YEAR_CARD,
        gen_vectors::day(2026, 1, 1),
        gen_vectors::day(2026, 12, 31),
        gen_vectors::day(2026, 11, 21),
    )));
    let messages: [&[u8]; 5] =
        [b"", b"any message at all", &[0xff; 1000], &token_message, &wire::bundle_signed_message(b"any bundle body")];
    for m in messages {
        // The pitfall: the non-strict check accepts a signature nobody made.
        assert!(key.verify(m, &forged()).is_ok(), "verify() accepts the forgery");
        assert!(key.verify_strict(m, &forged()).is_err(), "verify_strict() refuses it");
    }
}

#[test]
fn every_small_order_key_admits_forgeries_under_verify_only() {
    // Plain verification costs milliseconds in a debug build: keep it small.
    const MESSAGES: u32 = 24;
    for (bytes, order) in small_order_keys() {
        let key = VerifyingKey::from_bytes(&bytes).expect("decompresses");
        let mut accepted = 0u32;
        for n in 0u32..MESSAGES {
            let m = n.to_be_bytes();
            let lax = key.verify(&m, &forged()).is_ok();
            assert!(key.verify_strict(&m, &forged()).is_err());
            accepted += u32::from(lax);
        }
        // About MESSAGES / order of them; at least one for every point.
        assert!(accepted >= 1, "{}: no forgery among {MESSAGES} messages", wire::hex_encode(&bytes));
        if order == 1 {
            assert_eq!(accepted, MESSAGES);
        } else {
            assert!(accepted < MESSAGES, "order {order}: not every message");
        }
    }
}

fn weak_signing_message(key: &[u8; 32]) -> String {
    format!("signing key {} is not a valid (strong) Ed25519 key", KeyId::of(key))
}

fn bundle_listing(extra: [u8; 32]) -> Vec<u8> {
    let mut keys = gen_vectors::standard_keys();
    keys.push(SigningKeyEntry {
        key_id: KeyId::of(&extra),
        public_key: PublicKeyBytes(extra),
        valid_from: gen_vectors::day(2026, 1, 1),
        valid_until: gen_vectors::day(2026, 12, 31),
    });
    shared::sign_bundle(
        &gen_vectors::key(&ROOT_SEED),
        vec![],
        &gen_vectors::body(&gen_vectors::public(&ROOT_SEED), gen_vectors::bundle_issued_at(), keys),
    )
}

fn pinned_root() -> Fingerprint {
    Fingerprint::of(&gen_vectors::public(&ROOT_SEED))
}

#[test]
fn a_bundle_listing_a_small_order_signing_key_is_refused() {
    for (weak, _) in small_order_keys() {
        let r = verify_bundle(&bundle_listing(weak), &pinned_root(), gen_vectors::clock());
        assert_eq!(
            r.map(|_| ()),
            Err(BundleError::InvalidContent(weak_signing_message(&weak))),
            "{}",
            wire::hex_encode(&weak)
        );
    }
    // The same bundle with an ordinary extra key is accepted.
    let normal = gen_vectors::public(&gen_vectors::UNKNOWN_SEED);
    assert!(verify_bundle(&bundle_listing(normal), &pinned_root(), gen_vectors::clock()).is_ok());
}

#[test]
fn a_bundle_listing_a_non_canonical_small_order_key_is_refused() {
    for hex in NON_CANONICAL_SMALL_ORDER {
        let weak = bytes32(hex);
        let r = verify_bundle(&bundle_listing(weak), &pinned_root(), gen_vectors::clock());
        // Whether or not dalek decompresses the non-canonical encoding, the
        // key is refused with the same message.
        assert_eq!(r.map(|_| ()), Err(BundleError::InvalidContent(weak_signing_message(&weak))), "{hex}");
        if let Ok(k) = VerifyingKey::from_bytes(&weak) {
            assert!(k.is_weak(), "{hex} decompresses to a small-order point");
        }
    }
}

/// A bundle whose root is `weak`, "signed" with the forged signature. The
/// body's version is chosen so that plain `verify()` accepts the forgery:
/// a lax verifier would take this bundle.
fn forged_bundle(weak: &[u8; 32], chain: Vec<RootLink>) -> Vec<u8> {
    let key = VerifyingKey::from_bytes(weak).expect("decompresses");
    let mut body = gen_vectors::body(weak, gen_vectors::bundle_issued_at(), gen_vectors::standard_keys());
    let body_bytes = (1u64..1000)
        .map(|v| {
            body.version = v;
            wire::to_cbor(&body)
        })
        .find(|b| key.verify(&wire::bundle_signed_message(b), &forged()).is_ok())
        .expect("a forgeable body version");
    wire::encode_bundle_file(&BundleFile {
        chain,
        root: *weak,
        body: body_bytes,
        signature: FORGED_SIGNATURE,
        delegation: None,
    })
}

#[test]
fn a_bundle_forged_by_a_small_order_root_is_refused() {
    let now = gen_vectors::clock();
    for (weak, _) in small_order_keys() {
        let hex = wire::hex_encode(&weak);
        let file = forged_bundle(&weak, vec![]);
        // Even a venue that pinned the weak root itself refuses it: the
        // root's signature is checked strictly.
        assert_eq!(
            verify_bundle(&file, &Fingerprint::of(&weak), now).map(|_| ()),
            Err(BundleError::BadSignature),
            "{hex} pinned"
        );
        // A venue that pinned the real root does not trust it at all.
        assert_eq!(
            verify_bundle(&file, &pinned_root(), now).map(|_| ()),
            Err(BundleError::UntrustedRoot),
            "{hex} not pinned"
        );
        // A hand-over from the real root to the weak root, correctly signed
        // by the real root: the chain holds, the weak root's signature not.
        let real = gen_vectors::public(&ROOT_SEED);
        let link = RootLink {
            old_root: real,
            new_root: weak,
            signature: gen_vectors::key(&ROOT_SEED).sign(&wire::rotation_message(&real, &weak)).to_bytes(),
        };
        assert_eq!(
            verify_bundle(&forged_bundle(&weak, vec![link]), &pinned_root(), now).map(|_| ()),
            Err(BundleError::BadSignature),
            "{hex} handed over to"
        );
        // A hand-over *from* a pinned weak root to a real root, "signed"
        // with the forged signature: the link is refused.
        let new = gen_vectors::public(&gen_vectors::NEW_ROOT_SEED);
        let forged_link = RootLink { old_root: weak, new_root: new, signature: FORGED_SIGNATURE };
        let file = shared::sign_bundle(
            &gen_vectors::key(&gen_vectors::NEW_ROOT_SEED),
            vec![forged_link],
            &gen_vectors::body(&new, gen_vectors::bundle_issued_at(), gen_vectors::standard_keys()),
        );
        assert_eq!(
            verify_bundle(&file, &Fingerprint::of(&weak), now).map(|_| ()),
            Err(BundleError::BadRootRotation),
            "{hex} handing over"
        );
    }
}

#[test]
fn a_token_forged_with_a_small_order_key_is_an_unknown_key() {
    let now = gen_vectors::clock();
    let bundle = verify_bundle(&gen_vectors::standard_bundle().bytes, &pinned_root(), now)
        .expect("the standard bundle verifies");
    for (weak, _) in small_order_keys() {
        let key = VerifyingKey::from_bytes(&weak).expect("decompresses");
        // A token id for which plain verify() accepts the forged signature.
        let (token, _) = (0u8..=255)
            .map(|id| {
                let claims = gen_vectors::claims(
                    KeyId::of(&weak),
                    id,
                    YEAR_CARD,
                    gen_vectors::day(2026, 1, 1),
                    gen_vectors::day(2026, 12, 31),
                    gen_vectors::day(2026, 11, 21),
                );
                let payload = wire::encode_payload(&claims);
                (wire::token_bytes(&payload, &FORGED_SIGNATURE), payload)
            })
            .find(|(_, payload)| key.verify(&wire::signed_message(payload), &forged()).is_ok())
            .expect("a forgeable token id");
        assert_eq!(verify_token(&token, &bundle, now), Err(TokenError::UnknownKey), "{}", wire::hex_encode(&weak));
    }
}
