//! Arbitrary bytes as a trust bundle file.
//!
//! - `shared::verify_bundle` with a fixed pinned fingerprint: must not
//!   panic; if it verifies, it keeps the exact input bytes.
//! - `wire::decode_bundle_file`: must not panic; if it decodes, encoding
//!   the result must reproduce the input exactly (one canonical form), in
//!   the 6-element form and the 7-element one with a delegation (SPEC §6.6).
//! - The body of a decoded file through `wire::from_cbor::<BundleBody>` and
//!   `Catalogue::validate`: must not panic. (Behind the root's signature in
//!   real use, reached here without one.)
#![no_main]

use libfuzzer_sys::fuzz_target;
use shared::BundleBody;
use shared::wire;
use shared_fuzz::fixture;

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    if let Ok(bundle) = shared::verify_bundle(data, &f.pin, f.now) {
        assert_eq!(bundle.bytes(), Some(data));
        assert_eq!(bundle.root_fingerprint(), f.pin);
    }
    if let Ok(file) = wire::decode_bundle_file(data) {
        assert_eq!(wire::encode_bundle_file(&file), data, "decode_bundle_file accepted a non-canonical encoding");
        if let Ok(body) = wire::from_cbor::<BundleBody>(&file.body) {
            let _ = body.catalogue.validate();
        }
    }
});
