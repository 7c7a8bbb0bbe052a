//! Unit tests of `wire.rs` (kept apart for the file size limit).

use super::*;

#[test]
fn decimal_round_trips_every_length() {
    for len in 0..40usize {
        let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 255) as u8).collect();
        let s = encode_decimal(&bytes);
        if len == 0 {
            assert_eq!(decode_decimal(&s), Err(EncodingError::Empty));
        } else {
            assert_eq!(decode_decimal(&s).as_deref(), Ok(bytes.as_slice()), "len {len}");
        }
    }
    let all_ff = [0xffu8; 7];
    assert_eq!(encode_decimal(&all_ff), "72057594037927935");
}

#[test]
fn decimal_rejects_what_it_never_writes() {
    assert_eq!(decode_decimal("72057594037927936"), Err(EncodingError::DigitGroupOutOfRange));
    assert_eq!(decode_decimal("1234"), Err(EncodingError::InvalidDigitCount));
    assert_eq!(decode_decimal("12a"), Err(EncodingError::InvalidCharacter));
    assert_eq!(decode_decimal("256"), Err(EncodingError::DigitGroupOutOfRange));
    assert_eq!(decode_decimal("255"), Ok(vec![255]));
}

#[test]
fn url_form_is_accepted_in_either_case() {
    let d = encode_decimal(&[1, 2, 3]);
    let url = token_url("https://kort.example.no/", &d);
    assert_eq!(url, format!("https://kort.example.no/k#{d}"));
    assert_eq!(token_bytes_from_text(&url), Ok(vec![1, 2, 3]));
    assert_eq!(token_bytes_from_text(&url.to_uppercase()), Ok(vec![1, 2, 3]));
    assert_eq!(token_bytes_from_text(&format!("  {d}\r\n")), Ok(vec![1, 2, 3]));
    assert_eq!(token_bytes_from_text("https://kort.example.no/x#000"), Err(EncodingError::BadUrl));
    assert_eq!(token_bytes_from_text("ftp://kort.example.no/k#000"), Err(EncodingError::BadUrl));
    assert_eq!(token_bytes_from_text(""), Err(EncodingError::Empty));
    assert_eq!(token_bytes_from_text(&"1".repeat(601)), Err(EncodingError::TooLong { len: 601, max: 600 }));
}

#[test]
fn card_numbers_round_trip_and_catch_typos() {
    let id = TokenId([0xa5, 0x17, 0x3c, 0x90, 0x01, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9]);
    let n = CardNumber::of(&id);
    let s = n.to_string();
    assert_eq!(s.len(), 11);
    assert_eq!(CardNumber::parse(&s), Ok(n));
    assert_eq!(CardNumber::parse(&s.to_lowercase().replace('-', " ")), Ok(n));
    // Every single-character substitution is caught.
    let chars: Vec<char> = s.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c == '-' {
            continue;
        }
        for a in CROCKFORD.iter().map(|a| char::from(*a)).filter(|a| a != c) {
            let mut t = chars.clone();
            t[i] = a;
            let t: String = t.into_iter().collect();
            assert_eq!(CardNumber::parse(&t), Err(CardNumberError::Check), "{t}");
        }
    }
    assert_eq!(CardNumber::parse("ABC"), Err(CardNumberError::Format));
    assert_eq!(CardNumber::parse("ABC-DEF-GH!"), Err(CardNumberError::Format));
}

#[test]
fn fingerprint_parse_ignores_grouping() {
    let fp = Fingerprint::of(&[7u8; 32]);
    let s = fp.to_string();
    let grouped: Vec<String> = s.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).to_uppercase()).collect();
    assert_eq!(Fingerprint::parse(&grouped.join(" ")), Some(fp));
    assert_eq!(Fingerprint::parse("abc"), None);
}
