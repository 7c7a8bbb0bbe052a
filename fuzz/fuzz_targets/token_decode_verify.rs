//! Arbitrary input as scanned text and as token bytes.
//!
//! - As text (lossy UTF-8) through `wire::token_bytes_from_text`: must not
//!   panic; if it yields bytes, the text must end with their one decimal
//!   form (the decimal form is canonical, SPEC §3.1).
//! - As bytes through `wire::split_token` and `RawToken::claims` without the
//!   signature: if the claims read, the payload must be their canonical
//!   encoding (this is the part a forger controls before step 4 fails, and
//!   the part behind it, reached here without a valid signature).
//! - As bytes through `shared::verify_token` against a fixed valid bundle:
//!   must not panic; if it verifies, re-encoding the claims must give the
//!   input's payload exactly (canonical round trip).
#![no_main]

use libfuzzer_sys::fuzz_target;
use shared::wire;
use shared_fuzz::fixture;

fn check_token_bytes(bytes: &[u8]) {
    let f = fixture();

    if let Ok(raw) = wire::split_token(bytes) {
        assert_eq!(raw.payload.len() + wire::SIGNATURE_LEN, bytes.len());
        assert_eq!(bytes.get(..raw.payload.len()), Some(raw.payload));
        if let Ok(claims) = raw.claims() {
            assert_eq!(wire::encode_payload(&claims), raw.payload, "claims read from a non-canonical payload");
            assert_eq!(claims.key_id, raw.key_id);
        }
    }

    if let Ok(verified) = shared::verify_token(bytes, &f.bundle, f.now) {
        let payload_len =
            bytes.len().checked_sub(wire::SIGNATURE_LEN).expect("a verified token is longer than its signature");
        assert_eq!(
            wire::encode_payload(verified.claims()).as_slice(),
            &bytes[..payload_len],
            "verified token's payload does not round-trip"
        );
        let today = f.now.oslo_day();
        let c = verified.claims();
        assert!(c.valid_from <= today && today <= c.valid_until);
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(bytes) = wire::token_bytes_from_text(&text) {
        let digits = wire::encode_decimal(&bytes);
        assert!(text.trim().ends_with(&digits), "text decoded to bytes whose decimal form it does not end with");
        check_token_bytes(&bytes);
        // verify_text is token_bytes_from_text + verify_token.
        assert_eq!(
            shared::verify_text(&text, &fixture().bundle, fixture().now).is_ok(),
            shared::verify_token(&bytes, &fixture().bundle, fixture().now).is_ok()
        );
    }
    check_token_bytes(data);
});
