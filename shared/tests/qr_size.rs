//! The QR size targets (SPEC §3): a card's bare token fits QR version 9 at
//! level Q, and the URL form fits version 10 at level Q, for realistic
//! municipal host names.

use shared::ed25519_dalek::SigningKey;
use shared::wire::{self, Claims, KeyId, TokenId};
use shared::{CardTypeId, Day, qr, sign_token};

fn token_with(card_type: u16, token_id: [u8; 16]) -> Vec<u8> {
    let key = SigningKey::from_bytes(&[42u8; 32]);
    let claims = Claims {
        key_id: KeyId::of(&key.verifying_key().to_bytes()),
        token_id: TokenId(token_id),
        card_type: CardTypeId(card_type),
        valid_from: Day::from_ymd(2026, 1, 1).unwrap(),
        valid_until: Day::from_ymd(2026, 12, 31).unwrap(),
        issued_on: Day::from_ymd(2026, 11, 21).unwrap(),
    };
    sign_token(&key, &claims)
}

#[test]
fn bare_token_fits_version_9_q() {
    // Card type numbers up to 65535 and any token id: the largest payload.
    for ct in [1u16, 23, 24, 255, 256, 65535] {
        let bytes = token_with(ct, [0xff; 16]);
        let text = wire::encode_decimal(&bytes);
        let code = qr::encode(&text).unwrap();
        println!("card type {ct}: {} bytes, {} digits, QR v{}", bytes.len(), text.len(), code.version());
        assert!(code.version() <= 9, "bare token needs v{}", code.version());
    }
}

#[test]
fn url_form_fits_version_10_q() {
    let bytes = token_with(65535, [0xff; 16]);
    let digits = wire::encode_decimal(&bytes);
    for host in ["https://kort.larvik.no", "https://aktivitetskort.larvik.kommune.no"] {
        let url = wire::token_url(host, &digits);
        let upper = wire::token_url_for_qr(host, &digits);
        let v_lower = qr::encode(&url).unwrap().version();
        let v_upper = qr::encode(&upper).unwrap().version();
        println!("{host}: {} chars; lower-case v{v_lower}, upper-case (QR form) v{v_upper}", url.len());
        assert!(v_upper <= 10, "URL form needs v{v_upper}");
        // The QR form reads back to the same token.
        assert_eq!(wire::token_bytes_from_text(&upper).unwrap(), bytes);
    }
}
