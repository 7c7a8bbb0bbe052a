//! Runs every test vector in `tests/vectors/` through the real code and
//! compares each stage's result with the expected one, exactly (the `Debug`
//! form of the error). Also re-derives the layers of each vector, and checks
//! that the generator (`shared/examples/gen_vectors.rs`) still writes
//! byte-identical files, so the vectors cannot drift from the code.

#[allow(dead_code)]
#[path = "../examples/gen_vectors.rs"]
mod gen_vectors;

use gen_vectors::{Expected, OK, SKIPPED, Vector};
use shared::ed25519_dalek::{Signer, SigningKey};
use shared::wire::{self, hex_decode, hex_encode};
use shared::{CardNumber, Day, Fingerprint, Timestamp, verify_bundle, verify_token};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Fewer files than this means the vectors were lost, not that all pass.
const MIN_VECTORS: usize = 20;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join("tests").join("vectors")
}

/// (file name, contents) of every `*.json` in the vector directory, sorted.
fn files() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir())
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir().display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let name = p.file_name().unwrap().to_str().unwrap().to_string();
            let text = std::fs::read_to_string(&p).expect("readable vector");
            (name, text)
        })
        .collect();
    out.sort();
    assert!(
        out.len() >= MIN_VECTORS,
        "only {} vector files in {} (expected at least {MIN_VECTORS}); run \
         `cargo run -p shared --example gen_vectors`",
        out.len(),
        dir().display()
    );
    out
}

fn load() -> Vec<Vector> {
    files()
        .into_iter()
        .map(|(name, text)| {
            let v: Vector = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: not a vector: {e}"));
            assert_eq!(format!("{}.json", v.name), name, "file named after its vector");
            assert_eq!(v.format, gen_vectors::FORMAT, "{name}");
            v
        })
        .collect()
}

fn hex(name: &str, field: &str, s: &str) -> Vec<u8> {
    hex_decode(s).unwrap_or_else(|| panic!("{name}: {field} is not hex"))
}

fn result<T, E: std::fmt::Debug>(r: &Result<T, E>) -> String {
    match r {
        Ok(_) => OK.to_string(),
        Err(e) => format!("{e:?}"),
    }
}

/// Run every stage with the real functions, as a venue would.
fn run(v: &Vector) -> Expected {
    let now = Timestamp(v.clock_unix);
    let pinned =
        Fingerprint::parse(&v.trusted_root_fingerprint_hex).unwrap_or_else(|| panic!("{}: bad fingerprint", v.name));
    let bundle_bytes = hex(&v.name, "bundle_hex", &v.bundle_hex);

    let text = wire::token_bytes_from_text(&v.text);
    if let Ok(bytes) = &text {
        assert_eq!(hex_encode(bytes), v.token_hex, "{}: the text decodes to token_hex", v.name);
    }
    let bundle = verify_bundle(&bundle_bytes, &pinned, now);
    let mut out = Expected {
        text: result(&text),
        bundle: result(&bundle),
        token: SKIPPED.into(),
        venue: SKIPPED.into(),
        venue_benefits: vec![],
    };
    let (Ok(bytes), Ok(bundle)) = (&text, &bundle) else {
        return out;
    };
    let token = verify_token(bytes, bundle, now);
    out.token = result(&token);
    let Ok(token) = token else {
        return out;
    };
    let benefits = token.benefits_at(bundle, &v.venue_id);
    out.venue = result(&benefits);
    if let Ok(benefits) = benefits {
        out.venue_benefits = benefits.iter().map(|b| b.id.clone()).collect();
    }
    out
}

#[test]
fn every_vector_gives_its_expected_result_at_every_stage() {
    let mut failures = Vec::new();
    let vectors = load();
    for v in &vectors {
        let actual = run(v);
        if actual != v.expected {
            failures.push(format!("{}:\n  expected {:?}\n  actual   {:?}", v.name, v.expected, actual));
        }
    }
    assert!(failures.is_empty(), "{} of {} vectors failed:\n{}", failures.len(), vectors.len(), failures.join("\n"));
}

#[test]
fn layers_are_consistent() {
    for v in load() {
        let n = v.name.as_str();
        let payload = hex(n, "payload_hex", &v.payload_hex);
        let signature: [u8; 64] = hex(n, "signature_hex", &v.signature_hex)
            .try_into()
            .unwrap_or_else(|_| panic!("{n}: signature is not 64 bytes"));

        // signed message = context ‖ payload; signed token = payload ‖ signature.
        let mut signed = wire::TOKEN_CONTEXT.to_vec();
        signed.extend_from_slice(&payload);
        assert_eq!(hex_encode(&signed), v.signed_message_hex, "{n}");
        assert_eq!(wire::signed_message(&payload), signed, "{n}");
        assert_eq!(hex_encode(&wire::token_bytes(&payload, &signature)), v.signed_token_hex, "{n}");

        // The claims, and the payload when it is canonical.
        let c = &v.claims;
        let claims = wire::Claims {
            key_id: wire::KeyId(hex(n, "key_id", &c.key_id_hex).try_into().expect("8 bytes")),
            token_id: wire::TokenId(hex(n, "token_id", &c.token_id_hex).try_into().expect("16 bytes")),
            card_type: shared::CardTypeId(c.card_type),
            valid_from: Day(c.valid_from),
            valid_until: Day(c.valid_until),
            issued_on: Day(c.issued_on),
        };
        assert_eq!(Day(c.valid_from).to_string(), c.valid_from_date, "{n}");
        assert_eq!(Day(c.valid_until).to_string(), c.valid_until_date, "{n}");
        assert_eq!(Day(c.issued_on).to_string(), c.issued_on_date, "{n}");
        assert_eq!(CardNumber::of(&claims.token_id).to_string(), c.card_number, "{n}");
        assert_eq!(wire::encode_payload(&claims) == payload, v.payload_is_canonical, "{n}: payload_is_canonical");

        // The signature, re-made from the seed (Ed25519 is deterministic).
        if let Some(seed) = &v.signer_seed_hex {
            let seed: [u8; 32] = hex(n, "seed", seed).try_into().expect("32 bytes");
            let key = SigningKey::from_bytes(&seed);
            assert_eq!(key.sign(&signed).to_bytes(), signature, "{n}: signature");
            assert_eq!(
                wire::KeyId::of(&key.verifying_key().to_bytes()),
                claims.key_id,
                "{n}: the claims name the signer"
            );
            if v.payload_is_canonical {
                assert_eq!(hex_encode(&shared::sign_token(&key, &claims)), v.signed_token_hex, "{n}: sign_token");
            }
        }

        // A token presented undamaged reads as the bare digits or the URL form.
        if v.token_hex == v.signed_token_hex && v.expected.text == OK {
            let digits = wire::encode_decimal(&hex(n, "token_hex", &v.token_hex));
            assert!(v.text.trim().ends_with(&digits), "{n}: text carries the token");
        }

        assert_eq!(gen_vectors::utc_string(Timestamp(v.clock_unix)), v.clock_utc, "{n}");
    }
}

#[test]
fn every_token_error_variant_is_covered() {
    let seen: BTreeSet<String> = load()
        .iter()
        .flat_map(|v| [v.expected.token.clone(), v.expected.venue.clone()])
        .map(|s| s.split('(').next().unwrap_or("").to_string())
        .collect();
    for variant in [
        "BadEncoding",
        "UnsupportedVersion",
        "UnknownKey",
        "BadSignature",
        "KeyNotValid",
        "UnknownCardType",
        "ValidityTooLong",
        "Revoked",
        "NotYetValid",
        "Expired",
        "NotValidHere",
    ] {
        assert!(seen.contains(variant), "no vector expects TokenError::{variant}");
    }
}

#[test]
fn the_generator_writes_exactly_these_files() {
    let on_disk = files();
    let generated = gen_vectors::generate();
    let names = |v: &[(String, String)]| v.iter().map(|(n, _)| n.clone()).collect::<BTreeSet<_>>();
    assert_eq!(
        names(&on_disk),
        names(&generated),
        "vector files differ from what the generator writes; run \
         `cargo run -p shared --example gen_vectors`"
    );
    for (name, text) in &generated {
        let disk = on_disk.iter().find(|(n, _)| n == name).map(|(_, t)| t.as_str());
        assert!(
            disk == Some(text.as_str()),
            "{name} differs from what the generator writes; run \
             `cargo run -p shared --example gen_vectors` and review the diff"
        );
    }
}

#[test]
fn the_spec_worked_example_vector_matches_docs_spec() {
    // Copied from docs/SPEC.md §2, "Worked example".
    const PAYLOAD: &str = "870148d53dc3f6fc057a2b501111111111111111111111111111111101194fe619515219512a";
    const SIGNATURE: &str = "13ce32e3f42b36b4e2b2da8198588a3a17e071fe584e1c9100f02a82d373b14f\
                             ee80d8108c5051fda9b7a81f1f564508577edaa2607cde49faca8a38ffcea40b";
    const DECIMAL: &str = "38000534182806518 70937716401901841 04803839602528529 04803839602528529 \
                           00309305930240338 07126115580523235 68727408280384218 36477778039281632 \
                           32086327589376256 67600735792247119 67132709936058449 71399775372517206 \
                           19430945276469856 35147306433677880 4291732491";
    let v = load().into_iter().find(|v| v.name == "spec_worked_example").expect("the vector exists");
    assert_eq!(v.payload_hex, PAYLOAD);
    assert_eq!(v.signature_hex, SIGNATURE);
    assert_eq!(v.text, DECIMAL.replace(' ', ""));
    assert_eq!(v.claims.card_number, "248-H24-8HP");
    assert_eq!(
        v.expected,
        gen_vectors::Expected {
            text: OK.into(),
            bundle: OK.into(),
            token: OK.into(),
            venue: OK.into(),
            venue_benefits: vec!["kino".into()],
        }
    );
}

/// SPEC §6.6: in the 7-element (delegated) file the revoked list is still
/// found in place (the delegation follows the signature), and the venue's
/// trusted root is the root, not the bundle key.
#[test]
fn a_delegated_bundle_reads_its_revoked_list_in_place_and_names_the_root() {
    let root = gen_vectors::public(&gen_vectors::ROOT_SEED);
    let d = gen_vectors::delegation(
        &root,
        &gen_vectors::public(&gen_vectors::BUNDLE_KEY_SEED),
        gen_vectors::delegation_window(),
        &gen_vectors::ROOT_SEED,
    );
    let case = gen_vectors::delegated_bundle(d);
    let bundle = verify_bundle(&case.bytes, &case.pinned, gen_vectors::clock()).expect("verifies");
    assert_eq!(bundle.root_fingerprint(), Fingerprint::of(&root));
    assert!(bundle.is_revoked(CardNumber::of(&gen_vectors::token_id(gen_vectors::REVOKED_TOKEN))));
    assert!(!bundle.is_revoked(CardNumber::of(&gen_vectors::token_id(1))));
    assert_eq!(bundle.revoked_count(), 1);
    // The 6-element file of the same body (signed by the root) still reads.
    let plain = gen_vectors::standard_bundle();
    assert_eq!(&plain.bytes[..2], &[0x86, 0x75], "six elements");
    assert_eq!(&case.bytes[..2], &[0x87, 0x75], "seven elements");
}
