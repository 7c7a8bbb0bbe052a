//! Benchmarks of the card core: signing, text forms, QR rendering
//! and verification. Results and how to read them: `docs/BENCHMARKS.md`.
//!
//! Run with
//! `cargo bench -p shared --bench core -- --warm-up-time 1 --measurement-time 5`.
//!
//! The target is that full decode + verify of a scanned text runs at
//! ≥ 90% of the throughput of a bare Ed25519 `verify_strict` over the same
//! message, so both are in one group (`verify`) and measured in one run.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use shared::ed25519_dalek::{Signature, SigningKey, VerifyingKey};
use shared::wire::{self, CardNumber, Claims, KeyId, PublicKeyBytes, TokenId};
use shared::{
    Benefit, BundleBody, CardType, CardTypeId, Catalogue, Category, Day, Fingerprint, Period, Quota, SigningKeyEntry,
    Timestamp, ValidityRule, Venue, VerifiedBundle, qr,
};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Instant;

/// Host of the phone-card page, long-ish like a real municipal one.
const BASE_URL: &str = "https://aktivitetskort.larvik.kommune.no";

fn day(y: i32, m: u32, d: u32) -> Day {
    Day::from_ymd(y, m, d).unwrap()
}

fn names(nb: &str) -> BTreeMap<String, String> {
    BTreeMap::from([("nb".to_string(), nb.to_string())])
}

/// Everything the benches need, built once from fixed keys.
struct Fixture {
    signing_key: SigningKey,
    verifying_key: VerifyingKey,
    claims: Claims,
    token: Vec<u8>,
    payload_len: usize,
    decimal: String,
    url_for_qr: String,
    bundle: VerifiedBundle,
    now: Timestamp,
}

fn catalogue() -> Catalogue {
    let venue = |id: &str, name: &str, category| Venue {
        id: id.into(),
        name: name.into(),
        category,
        address: "Storgata 1, 3256 Larvik".into(),
        ..Default::default()
    };
    let benefit = |id: &str, nb: &str, venues: &[&str], count, per| Benefit {
        id: id.into(),
        names: names(nb),
        venues: venues.iter().map(|v| v.to_string()).collect(),
        quotas: vec![Quota { count, per }],
        companion_free: true,
    };
    Catalogue {
        scheme_name: "Aktivitetskort Larvik".into(),
        public_base_url: BASE_URL.into(),
        venues: vec![
            venue("bolgen-kino", "Bølgen kino", Category::Cinema),
            venue("farris-bad", "Farris bad", Category::Swimming),
            venue("larvik-museum", "Larvik museum", Category::Museum),
        ],
        card_types: vec![
            CardType {
                id: CardTypeId(1),
                names: names("0–13 år med ledsager"),
                age_min: 0,
                age_max: 13,
                validity: ValidityRule::CALENDAR_YEAR,
                benefits: vec![
                    benefit("kino", "1 kinobesøk i uka", &["bolgen-kino"], 1, Period::Week),
                    benefit("bad", "Bading", &["farris-bad"], 2, Period::Week),
                    benefit("museum", "Museum", &["larvik-museum"], 4, Period::Year),
                ],
            },
            CardType {
                id: CardTypeId(2),
                names: names("14–17 år"),
                age_min: 14,
                age_max: 17,
                validity: ValidityRule::CALENDAR_YEAR,
                benefits: vec![benefit("kino", "1 kinobesøk i uka", &["bolgen-kino"], 1, Period::Week)],
            },
        ],
        contact: None,
    }
}

fn fixture() -> Fixture {
    let root = SigningKey::from_bytes(&[1u8; 32]);
    // Three signing keys; the token's key is the last one, so the linear
    // key lookup in the bundle does its full walk.
    let keys: Vec<SigningKey> = [2u8, 3, 4].iter().map(|n| SigningKey::from_bytes(&[*n; 32])).collect();
    let signing_key = keys.last().unwrap().clone();
    let entry = |k: &SigningKey| {
        let pk = k.verifying_key().to_bytes();
        SigningKeyEntry {
            key_id: KeyId::of(&pk),
            public_key: PublicKeyBytes(pk),
            valid_from: day(2026, 1, 1),
            valid_until: day(2026, 12, 31),
        }
    };
    // 1000 revoked card numbers, so the revocation lookup is not trivially
    // on an empty set.
    // Sorted: a bundle's list is ascending (SPEC §6.3).
    let mut revoked: Vec<CardNumber> =
        (0..1000u64).map(|i| CardNumber(i.wrapping_mul(0x9E37_79B9_7F4A) & 0xff_ffff_ffff)).collect();
    revoked.sort_unstable_by_key(|n| n.0);
    revoked.dedup();
    let issued_at = day(2026, 6, 1).oslo_midnight();
    let body = BundleBody {
        version: 7,
        issued_at,
        expires_at: issued_at.plus_seconds(30 * 86_400),
        root_key_id: KeyId::of(&root.verifying_key().to_bytes()),
        signing_keys: keys.iter().map(entry).collect(),
        catalogue: catalogue(),
        revoked,
    };
    let bundle_bytes = shared::sign_bundle(&root, Vec::new(), &body);
    let now = day(2026, 6, 15).oslo_midnight().plus_seconds(14 * 3600);
    let pin = Fingerprint::of(&root.verifying_key().to_bytes());
    let bundle = shared::verify_bundle(&bundle_bytes, &pin, now).expect("fixture bundle verifies");

    let claims = Claims {
        key_id: KeyId::of(&signing_key.verifying_key().to_bytes()),
        token_id: TokenId([
            0xa5, 0x17, 0x3c, 0x90, 0x01, 0xee, 0x42, 0x7b, 0xc3, 0x08, 0x5d, 0xf1, 0x66, 0x29, 0xb4, 0xd0,
        ]),
        card_type: CardTypeId(1),
        valid_from: day(2026, 3, 2),
        valid_until: day(2026, 12, 31),
        issued_on: day(2026, 3, 2),
    };
    let token = shared::sign_token(&signing_key, &claims);
    let payload_len = wire::encode_payload(&claims).len();
    let decimal = wire::encode_decimal(&token);
    let url_for_qr = wire::token_url_for_qr(BASE_URL, &decimal);

    // The fixture must be a token that verifies, or the benches measure the
    // error path.
    let verified = shared::verify_text(&decimal, &bundle, now).expect("fixture token verifies");
    assert_eq!(*verified.claims(), claims);
    assert!(shared::verify_text(&url_for_qr, &bundle, now).is_ok());

    println!(
        "fixture: bundle {} bytes; token {} bytes (payload {} + signature 64), \
         {} decimal digits, QR URL form {} chars",
        bundle_bytes.len(),
        token.len(),
        payload_len,
        decimal.len(),
        url_for_qr.len()
    );
    for (label, text) in [("bare decimal", &decimal), ("URL form (upper)", &url_for_qr)] {
        let code = qr::encode(text).unwrap();
        println!(
            "fixture: QR {label}: version {} at level Q, {}x{} modules \
             ({} with quiet zone); SVG {} bytes, PNG(scale 4) {} bytes",
            code.version(),
            code.width(),
            code.width(),
            code.width() + 2 * qr::QUIET_ZONE,
            code.to_svg().len(),
            code.to_png(4).len()
        );
    }

    // The largest payload (card type 65535, token id all 0xff): what the
    // size targets must hold for.
    let worst = Claims { card_type: CardTypeId(u16::MAX), token_id: TokenId([0xff; 16]), ..claims };
    let worst_digits = wire::encode_decimal(&shared::sign_token(&signing_key, &worst));
    let worst_url = wire::token_url_for_qr(BASE_URL, &worst_digits);
    println!(
        "fixture: largest payload: {} digits, QR v{} at level Q; URL form {} chars, QR v{}",
        worst_digits.len(),
        qr::encode(&worst_digits).unwrap().version(),
        worst_url.len(),
        qr::encode(&worst_url).unwrap().version()
    );

    Fixture {
        verifying_key: signing_key.verifying_key(),
        signing_key,
        claims,
        token,
        payload_len,
        decimal,
        url_for_qr,
        bundle,
        now,
    }
}

/// A cross-check of the `verify` group that is robust to load changing
/// between two criterion benchmarks on a shared machine: alternate short
/// batches of bare `verify_strict` and full `verify_text`, then report the
/// median of the per-round throughput ratios and the ratio of each side's
/// fastest batch (the least disturbed one).
fn interleaved_ratio(f: &Fixture, message: &[u8], signature: &Signature) {
    const ROUNDS: usize = 201;
    const BATCH: u32 = 100;
    let time = |full: bool| {
        let start = Instant::now();
        for _ in 0..BATCH {
            if full {
                black_box(shared::verify_text(black_box(&f.decimal), &f.bundle, f.now).unwrap());
            } else {
                black_box(&f.verifying_key).verify_strict(black_box(message), black_box(signature)).unwrap();
            }
        }
        start.elapsed().as_secs_f64()
    };
    let rounds: Vec<(f64, f64)> = (0..ROUNDS)
        .map(|i| {
            // Alternate which goes first, so neither always follows the other.
            if i % 2 == 0 {
                let bare = time(false);
                (bare, time(true))
            } else {
                let full = time(true);
                (time(false), full)
            }
        })
        .collect();
    let mut ratios: Vec<f64> = rounds.iter().map(|(bare, full)| bare / full).collect();
    ratios.sort_by(f64::total_cmp);
    let min_bare = rounds.iter().map(|r| r.0).fold(f64::INFINITY, f64::min);
    let min_full = rounds.iter().map(|r| r.1).fold(f64::INFINITY, f64::min);
    println!(
        "interleaved check ({ROUNDS} rounds of {BATCH}): decode_verify_full / bare_verify_strict \
         throughput: median of round ratios {:.1}% (quartiles {:.1}%..{:.1}%), fastest batches {:.1}% \
         ({:.2} µs vs {:.2} µs per verification)",
        100.0 * ratios[ROUNDS / 2],
        100.0 * ratios[ROUNDS / 4],
        100.0 * ratios[3 * ROUNDS / 4],
        100.0 * min_bare / min_full,
        1e6 * min_full / f64::from(BATCH),
        1e6 * min_bare / f64::from(BATCH),
    );
}

fn benches(c: &mut Criterion) {
    let f = fixture();

    let mut g = c.benchmark_group("sign");
    g.throughput(Throughput::Elements(1));
    g.bench_function("sign_token", |b| b.iter(|| shared::sign_token(black_box(&f.signing_key), black_box(&f.claims))));
    g.finish();

    let mut g = c.benchmark_group("text_encode");
    g.throughput(Throughput::Elements(1));
    g.bench_function("encode_decimal", |b| b.iter(|| wire::encode_decimal(black_box(&f.token))));
    g.bench_function("token_url_for_qr", |b| {
        b.iter(|| wire::token_url_for_qr(black_box(BASE_URL), black_box(&f.decimal)))
    });
    g.finish();

    let mut g = c.benchmark_group("qr_render");
    g.throughput(Throughput::Elements(1));
    for (label, text) in [("bare", &f.decimal), ("url", &f.url_for_qr)] {
        let encode = || qr::encode(black_box(text)).unwrap();
        g.bench_function(format!("encode_only/{label}"), |b| b.iter(encode));
        // The qrcode crate choosing the mask itself (before issue 17).
        g.bench_function(format!("encode_crate_mask/{label}"), |b| {
            b.iter(|| qr::encode_reference(black_box(text)).unwrap())
        });
        g.bench_function(format!("encode_svg/{label}"), |b| b.iter(|| encode().to_svg()));
        g.bench_function(format!("encode_png4/{label}"), |b| b.iter(|| encode().to_png(4)));
        // Rendering alone, on an already encoded code.
        let code = encode();
        g.bench_function(format!("svg_only/{label}"), |b| b.iter(|| black_box(&code).to_svg()));
        g.bench_function(format!("png4_only/{label}"), |b| b.iter(|| black_box(&code).to_png(4)));
    }
    g.finish();

    // The target: decode_verify_full ≥ 90% of bare_verify_strict's
    // throughput. Same group, same run.
    let payload = f.token.get(..f.payload_len).unwrap();
    let message = wire::signed_message(payload);
    let signature = Signature::from_bytes(&f.token.get(f.payload_len..).unwrap().try_into().unwrap());
    assert!(f.verifying_key.verify_strict(&message, &signature).is_ok());
    interleaved_ratio(&f, &message, &signature);
    let mut g = c.benchmark_group("verify");
    g.throughput(Throughput::Elements(1));
    g.bench_function("bare_verify_strict", |b| {
        b.iter(|| black_box(&f.verifying_key).verify_strict(black_box(&message), black_box(&signature)).unwrap())
    });
    g.bench_function("decode_verify_full", |b| {
        b.iter(|| shared::verify_text(black_box(&f.decimal), black_box(&f.bundle), f.now).unwrap())
    });
    g.finish();

    // Where the non-signature part of verification goes (context for the
    // ratio above; not part of the target).
    let mut g = c.benchmark_group("verify_parts");
    g.throughput(Throughput::Elements(1));
    g.bench_function("token_bytes_from_text", |b| {
        b.iter(|| wire::token_bytes_from_text(black_box(&f.decimal)).unwrap())
    });
    g.bench_function("split_token", |b| b.iter(|| wire::split_token(black_box(&f.token)).unwrap().key_id));
    let raw = wire::split_token(&f.token).unwrap();
    g.bench_function("claims_canonical_decode", |b| b.iter(|| black_box(&raw).claims().unwrap()));
    g.bench_function("verify_token_bytes", |b| {
        b.iter(|| shared::verify_token(black_box(&f.token), black_box(&f.bundle), f.now).unwrap())
    });
    g.finish();
}

criterion_group!(core, benches);
criterion_main!(core);
