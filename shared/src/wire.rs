//! The wire format: every byte that leaves the issuer, in one module.
//! `docs/SPEC.md` mirrors this file section by section; keep them in step.
//!
//! - §1 keys: key ids and fingerprints
//! - §2 the token: CBOR payload, signature, token bytes
//! - §3 text forms: decimal digits, the URL form, base64url
//! - §4 the card number
//! - §6 the trust bundle file (the body's fields are in [`crate::bundle`])

use crate::day::Day;
use crate::error::EncodingError;
use crate::model::CardTypeId;
use base64::Engine as _;
use ciborium::value::{Integer, Value};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};
use std::fmt;

// ---------------------------------------------------------------- §1 keys

/// Domain separation for key fingerprints (SPEC §1).
pub const KEY_FINGERPRINT_CONTEXT: &[u8] = b"aktivitetskort/key/v1\0";

/// SHA-256 over [`KEY_FINGERPRINT_CONTEXT`] ‖ the 32-byte Ed25519 public key.
/// A venue pins the root key's fingerprint.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint(pub [u8; 32]);

/// The first 8 bytes of a key's [`Fingerprint`]; names the key in tokens.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyId(pub [u8; 8]);

impl Fingerprint {
    /// The fingerprint of an Ed25519 public key.
    pub fn of(public_key: &[u8; 32]) -> Fingerprint {
        let mut h = Sha256::new();
        h.update(KEY_FINGERPRINT_CONTEXT);
        h.update(public_key);
        Fingerprint(h.finalize().into())
    }

    /// The key id: the first 8 bytes.
    pub fn key_id(&self) -> KeyId {
        let mut id = [0u8; 8];
        id.copy_from_slice(self.0.get(..8).unwrap_or(&[0u8; 8]));
        KeyId(id)
    }

    /// Read 64 hex digits; spaces, `:` and `-` between them are ignored, so a
    /// fingerprint copied from a printout with grouping still reads.
    pub fn parse(s: &str) -> Option<Fingerprint> {
        if s.len() > 200 {
            return None;
        }
        let hex: String = s.chars().filter(|c| !matches!(c, ' ' | ':' | '-')).collect();
        let bytes = hex_decode(&hex)?;
        Some(Fingerprint(bytes.try_into().ok()?))
    }
}

impl fmt::Display for Fingerprint {
    /// 64 lowercase hex digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex_encode(&self.0))
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

impl KeyId {
    /// The key id of an Ed25519 public key.
    pub fn of(public_key: &[u8; 32]) -> KeyId {
        Fingerprint::of(public_key).key_id()
    }
}

impl fmt::Display for KeyId {
    /// 16 lowercase hex digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex_encode(&self.0))
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({self})")
    }
}

/// Lowercase hex of `bytes`.
pub fn hex_encode(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        for nibble in [b >> 4, b & 15] {
            s.push(HEX.get(usize::from(nibble)).map_or('0', |c| char::from(*c)));
        }
    }
    s
}

/// Bytes of a hex string (either case), or `None`.
pub fn hex_decode(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    let nib = |c: u8| -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    };
    s.as_bytes().chunks(2).map(|p| Some(nib(*p.first()?)? << 4 | nib(*p.get(1)?)?)).collect()
}

macro_rules! hex_serde {
    ($t:ty, $n:expr) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&hex_encode(&self.0))
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                let v = hex_decode(&s).ok_or_else(|| serde::de::Error::custom("expected hex"))?;
                let a: [u8; $n] = v.try_into().map_err(|_| serde::de::Error::custom("wrong length"))?;
                Ok(Self(a))
            }
        }
    };
}
hex_serde!(KeyId, 8);
hex_serde!(Fingerprint, 32);

/// An Ed25519 public key as it appears in bundles (hex in the bundle body).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublicKeyBytes(pub [u8; 32]);
hex_serde!(PublicKeyBytes, 32);

impl fmt::Debug for PublicKeyBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", hex_encode(&self.0))
    }
}

// ---------------------------------------------------------------- §2 token

/// The token format version this code writes and reads.
pub const TOKEN_VERSION: u64 = 1;
/// Domain separation prefix of the signed message (SPEC §2.2).
pub const TOKEN_CONTEXT: &[u8] = b"aktivitetskort/token/v1\0";
/// Ed25519 signature length.
pub const SIGNATURE_LEN: usize = 64;
/// Largest token (payload + signature) accepted, checked before parsing.
pub const MAX_TOKEN_BYTES: usize = 160;
/// Length of a token id in bytes (128 bits).
pub const TOKEN_ID_LEN: usize = 16;
/// Number of elements in a version-1 payload array.
const PAYLOAD_FIELDS: usize = 7;

/// A token's random id: the unit quotas are counted in. Never logged.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TokenId(pub [u8; TOKEN_ID_LEN]);

impl fmt::Debug for TokenId {
    /// Redacted: a token id must never end up in a log by accident.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenId(…)")
    }
}

/// What a token says (SPEC §2.1). No personal data: there is no field that
/// could hold any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claims {
    /// Which signing key signed it.
    pub key_id: KeyId,
    /// Random id (128 bits from the OS CSPRNG).
    pub token_id: TokenId,
    /// Card type number.
    pub card_type: CardTypeId,
    /// First valid day (Oslo calendar).
    pub valid_from: Day,
    /// Last valid day (Oslo calendar), inclusive.
    pub valid_until: Day,
    /// Day the card was issued.
    pub issued_on: Day,
}

fn uint(v: u64) -> Value {
    Value::Integer(Integer::from(v))
}

/// The CBOR payload bytes of `claims` (SPEC §2.1): the array
/// `[1, key_id, token_id, card_type, valid_from, valid_until, issued_on]`
/// with minimal-length heads (RFC 8949 §4.2.1 core deterministic encoding).
pub fn encode_payload(claims: &Claims) -> Vec<u8> {
    let v = Value::Array(vec![
        uint(TOKEN_VERSION),
        Value::Bytes(claims.key_id.0.to_vec()),
        Value::Bytes(claims.token_id.0.to_vec()),
        uint(u64::from(claims.card_type.0)),
        uint(u64::from(claims.valid_from.0)),
        uint(u64::from(claims.valid_until.0)),
        uint(u64::from(claims.issued_on.0)),
    ]);
    let mut out = Vec::with_capacity(48);
    // Writing a Value into a Vec cannot fail.
    let _ = ciborium::ser::into_writer(&v, &mut out);
    out
}

/// The message that is signed: [`TOKEN_CONTEXT`] ‖ payload (SPEC §2.2).
pub fn signed_message(payload: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(TOKEN_CONTEXT.len() + payload.len());
    m.extend_from_slice(TOKEN_CONTEXT);
    m.extend_from_slice(payload);
    m
}

/// Token bytes: payload ‖ 64-byte signature (SPEC §2.3).
pub fn token_bytes(payload: &[u8], signature: &[u8; SIGNATURE_LEN]) -> Vec<u8> {
    let mut t = Vec::with_capacity(payload.len() + SIGNATURE_LEN);
    t.extend_from_slice(payload);
    t.extend_from_slice(signature);
    t
}

/// A token split into its parts, before its signature is checked. Only the
/// version and key id have been read (SPEC §5 steps 1–2). Its `Debug` is
/// redacted: the payload holds the token id.
pub struct RawToken<'a> {
    /// The payload bytes exactly as received.
    pub payload: &'a [u8],
    /// The key id (payload element 1).
    pub key_id: KeyId,
    /// The signature bytes.
    pub signature: [u8; SIGNATURE_LEN],
    items: Vec<Value>,
}

impl fmt::Debug for RawToken<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawToken").field("key_id", &self.key_id).finish_non_exhaustive()
    }
}

fn cbor_error<E: fmt::Debug>(e: ciborium::de::Error<E>) -> EncodingError {
    match e {
        ciborium::de::Error::Io(_) => EncodingError::Truncated,
        _ => EncodingError::Malformed,
    }
}

fn as_u64(v: &Value) -> Option<u64> {
    match v {
        Value::Integer(i) => u64::try_from(*i).ok(),
        _ => None,
    }
}

/// SPEC §5 steps 1–2: bound the size, find where the payload ends, and read
/// the version and key id. Nothing else is interpreted here.
pub fn split_token(bytes: &[u8]) -> Result<RawToken<'_>, crate::error::TokenError> {
    if bytes.len() > MAX_TOKEN_BYTES {
        return Err(EncodingError::TooLong { len: bytes.len(), max: MAX_TOKEN_BYTES }.into());
    }
    // The version is read first, from the first two bytes (an array head and
    // a small unsigned integer), so that a future format with another layout
    // is reported as such rather than as damaged.
    match bytes {
        [] => return Err(EncodingError::Empty.into()),
        // Only a short-form array head (0x80–0x97) or an indefinite one (0x9f)
        // is followed directly by the first element.
        [head, version, ..] if (matches!(head, 0x80..=0x97) || *head == 0x9f) && *version < 24 => {
            let v = u64::from(*version);
            if v != TOKEN_VERSION {
                return Err(crate::error::TokenError::UnsupportedVersion(v));
            }
        }
        _ => {}
    }
    let mut rest = bytes;
    let value: Value = ciborium::de::from_reader_with_recursion_limit(&mut rest, 2).map_err(cbor_error)?;
    let payload_len = bytes.len() - rest.len();
    match rest.len() {
        n if n < SIGNATURE_LEN => return Err(EncodingError::Truncated.into()),
        n if n > SIGNATURE_LEN => return Err(EncodingError::TrailingBytes.into()),
        _ => {}
    }
    let Value::Array(items) = value else {
        return Err(EncodingError::Malformed.into());
    };
    let version = items.first().and_then(as_u64).ok_or(EncodingError::Malformed)?;
    if version != TOKEN_VERSION {
        return Err(crate::error::TokenError::UnsupportedVersion(version));
    }
    let key_id = match items.get(1) {
        Some(Value::Bytes(b)) => KeyId(b.as_slice().try_into().map_err(|_| EncodingError::Malformed)?),
        _ => return Err(EncodingError::Malformed.into()),
    };
    let mut signature = [0u8; SIGNATURE_LEN];
    signature.copy_from_slice(rest);
    let payload = bytes.get(..payload_len).ok_or(EncodingError::Truncated)?;
    Ok(RawToken { payload, key_id, signature, items })
}

impl RawToken<'_> {
    /// SPEC §5 step 5, after the signature verified: read every field and
    /// require the payload to be the canonical encoding of what it says.
    pub fn claims(&self) -> Result<Claims, EncodingError> {
        let [_, _, token_id, card_type, from, until, issued] = self.items.as_slice() else {
            return Err(EncodingError::Malformed);
        };
        debug_assert_eq!(self.items.len(), PAYLOAD_FIELDS);
        let token_id = match token_id {
            Value::Bytes(b) => TokenId(b.as_slice().try_into().map_err(|_| EncodingError::Malformed)?),
            _ => return Err(EncodingError::Malformed),
        };
        let small = |v: &Value, max: u64| as_u64(v).filter(|n| *n <= max).ok_or(EncodingError::Malformed);
        let claims = Claims {
            key_id: self.key_id,
            token_id,
            card_type: CardTypeId(small(card_type, u64::from(u16::MAX))? as u16),
            valid_from: Day(small(from, u64::from(crate::day::LAST_DAY.0))? as u32),
            valid_until: Day(small(until, u64::from(crate::day::LAST_DAY.0))? as u32),
            issued_on: Day(small(issued, u64::from(crate::day::LAST_DAY.0))? as u32),
        };
        if encode_payload(&claims) != self.payload {
            return Err(EncodingError::NonCanonical);
        }
        Ok(claims)
    }
}

// ---------------------------------------------------------------- §3 text

/// Longest text accepted as a scanned code, checked before anything else.
pub const MAX_TEXT_LEN: usize = 600;
/// Bytes per full decimal group.
const GROUP_BYTES: usize = 7;
/// Digits for a group of `k` bytes, k = 0..=7: ⌈k·log10(256)⌉.
const GROUP_DIGITS: [usize; 8] = [0, 3, 5, 8, 10, 13, 15, 17];

/// Decimal text form (SPEC §3.1): bytes in groups of 7, each written as a
/// big-endian number in exactly 17 digits; a last group of k < 7 bytes in
/// exactly `GROUP_DIGITS[k]` digits. QR numeric mode stores 3 digits in 10
/// bits, so this is within 1.5% of the raw bytes.
pub fn encode_decimal(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 5 / 2 + 3);
    for chunk in bytes.chunks(GROUP_BYTES) {
        let n = chunk.iter().fold(0u64, |acc, b| acc << 8 | u64::from(*b));
        let width = GROUP_DIGITS.get(chunk.len()).copied().unwrap_or(17);
        s.push_str(&format!("{n:0width$}"));
    }
    s
}

/// Inverse of [`encode_decimal`]; rejects digit counts and group values that
/// [`encode_decimal`] never writes, so each byte string has one text form.
pub fn decode_decimal(s: &str) -> Result<Vec<u8>, EncodingError> {
    if s.is_empty() {
        return Err(EncodingError::Empty);
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(EncodingError::InvalidCharacter);
    }
    let full = s.len() / 17;
    let tail_digits = s.len() % 17;
    let tail_bytes = GROUP_DIGITS.iter().position(|d| *d == tail_digits).ok_or(EncodingError::InvalidDigitCount)?;
    let mut out = Vec::with_capacity(full * GROUP_BYTES + tail_bytes);
    let digits = s.as_bytes();
    let mut pos = 0;
    for k in std::iter::repeat_n(GROUP_BYTES, full).chain((tail_bytes > 0).then_some(tail_bytes)) {
        let width = GROUP_DIGITS.get(k).copied().ok_or(EncodingError::InvalidDigitCount)?;
        let group = digits.get(pos..pos + width).ok_or(EncodingError::InvalidDigitCount)?;
        pos += width;
        let n = group.iter().fold(0u64, |acc, d| acc * 10 + u64::from(d - b'0'));
        if n >> (8 * k) != 0 {
            return Err(EncodingError::DigitGroupOutOfRange);
        }
        out.extend_from_slice(n.to_be_bytes().get(8 - k..).ok_or(EncodingError::InvalidDigitCount)?);
    }
    Ok(out)
}

/// The path of the phone-card page; the token follows in the fragment.
pub const URL_PATH: &str = "/k#";

/// URL form (SPEC §3.2): `<base>/k#<decimal>`. The fragment is never sent to
/// a server by a browser.
pub fn token_url(public_base_url: &str, decimal: &str) -> String {
    format!("{}{URL_PATH}{decimal}", public_base_url.trim_end_matches('/'))
}

/// The URL form as put in a QR code (SPEC §3.2): scheme, host and path in
/// upper case, so that QR alphanumeric mode holds them (5½ bits a character
/// instead of 8). Scheme and host are case-insensitive; the issuer serves
/// the card page at both `/k` and `/K`.
pub fn token_url_for_qr(public_base_url: &str, decimal: &str) -> String {
    format!("{}/K#{decimal}", public_base_url.trim_end_matches('/').to_ascii_uppercase())
}

/// base64url without padding, for files and JSON (SPEC §3.3).
pub fn encode_base64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Token bytes from whatever a scanner or a person typed (SPEC §3.4):
/// bare decimal digits, or the URL form with any host and either case.
/// Leading and trailing whitespace (a scanner's Enter) is ignored.
pub fn token_bytes_from_text(text: &str) -> Result<Vec<u8>, EncodingError> {
    if text.len() > MAX_TEXT_LEN {
        return Err(EncodingError::TooLong { len: text.len(), max: MAX_TEXT_LEN });
    }
    let t = text.trim();
    if t.is_empty() {
        return Err(EncodingError::Empty);
    }
    let digits = if t.bytes().all(|b| b.is_ascii_digit()) {
        t
    } else {
        let (lower_scheme_host_path, fragment) = t.split_once('#').ok_or(if t.contains("://") {
            EncodingError::BadUrl
        } else {
            EncodingError::InvalidCharacter
        })?;
        let rest = strip_prefix_ignore_case(lower_scheme_host_path, "https://")
            .or_else(|| strip_prefix_ignore_case(lower_scheme_host_path, "http://"))
            .ok_or(EncodingError::BadUrl)?;
        let (host, path) = rest.split_once('/').ok_or(EncodingError::BadUrl)?;
        if host.is_empty() || !path.eq_ignore_ascii_case("k") {
            return Err(EncodingError::BadUrl);
        }
        fragment
    };
    decode_decimal(digits)
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| s.get(prefix.len()..)).flatten()
}

// ---------------------------------------------------------------- §4 card number

/// Crockford base32 alphabet (no I, L, O, U).
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The short number printed on a card: the first 40 bits of the token id,
/// as 8 Crockford base32 characters plus a Luhn mod 32 check character,
/// shown as `XXX-XXX-XXX` (SPEC §4). Revocation works on card numbers,
/// since the issuer keeps no token ids.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CardNumber(pub u64);

fn luhn32_check(values: &[u8]) -> u8 {
    let mut factor = 2u32;
    let mut sum = 0u32;
    for v in values.iter().rev() {
        let addend = factor * u32::from(*v);
        factor = if factor == 2 { 1 } else { 2 };
        sum += addend / 32 + addend % 32;
    }
    ((32 - sum % 32) % 32) as u8
}

/// Why a typed card number was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CardNumberError {
    /// Not 9 characters of the card-number alphabet.
    #[error("a card number has 9 characters like 7KX-M2Q-9DA")]
    Format,
    /// The check character does not match: a typo.
    #[error("the card number has a typo (its check character does not match)")]
    Check,
}

impl CardNumber {
    /// The card number of a token id.
    pub fn of(token_id: &TokenId) -> CardNumber {
        let b = &token_id.0;
        CardNumber(b.iter().take(5).fold(0u64, |acc, x| acc << 8 | u64::from(*x)))
    }

    fn values(self) -> [u8; 8] {
        let mut v = [0u8; 8];
        for (i, slot) in v.iter_mut().enumerate() {
            *slot = ((self.0 >> (35 - 5 * i)) & 31) as u8;
        }
        v
    }

    /// Read a card number as a person types it: case, `-` and spaces do not
    /// matter, and O/I/L are read as 0/1/1 (Crockford).
    pub fn parse(s: &str) -> Result<CardNumber, CardNumberError> {
        if s.len() > 40 {
            return Err(CardNumberError::Format);
        }
        let mut vals = Vec::with_capacity(9);
        for c in s.chars().filter(|c| !matches!(c, '-' | ' ')) {
            let c = match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            let v = CROCKFORD.iter().position(|a| char::from(*a) == c).ok_or(CardNumberError::Format)?;
            vals.push(v as u8);
        }
        let [data @ .., check] = vals.as_slice() else {
            return Err(CardNumberError::Format);
        };
        if data.len() != 8 {
            return Err(CardNumberError::Format);
        }
        if luhn32_check(data) != *check {
            return Err(CardNumberError::Check);
        }
        Ok(CardNumber(data.iter().fold(0u64, |acc, v| acc << 5 | u64::from(*v))))
    }
}

impl fmt::Display for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.values();
        let check = luhn32_check(&v);
        let mut s = String::with_capacity(11);
        for (i, x) in v.iter().chain(std::iter::once(&check)).enumerate() {
            if i == 3 || i == 6 {
                s.push('-');
            }
            s.push(CROCKFORD.get(usize::from(*x)).map_or('0', |c| char::from(*c)));
        }
        f.write_str(&s)
    }
}

impl fmt::Debug for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CardNumber({self})")
    }
}

// ---------------------------------------------------------------- §6 bundle file

/// Identifies a bundle file (element 0 of the envelope array).
pub const BUNDLE_MAGIC: &str = "aktivitetskort-bundle";
/// The bundle envelope format this code writes and reads.
pub const BUNDLE_FORMAT: u64 = 1;
/// Domain separation of the root's signature over the bundle body.
pub const BUNDLE_CONTEXT: &[u8] = b"aktivitetskort/bundle/v1\0";
/// Domain separation of a root rotation link.
pub const ROOT_ROTATION_CONTEXT: &[u8] = b"aktivitetskort/root-rotation/v1\0";
/// Domain separation of the root's delegation to a bundle key (SPEC §6.6).
pub const BUNDLE_KEY_CONTEXT: &[u8] = b"aktivitetskort/bundle-key/v1\0";
/// Largest bundle file accepted, checked before parsing (4 MiB: room for a
/// large catalogue and about half a million revocations).
pub const MAX_BUNDLE_BYTES: usize = 4 << 20;

/// One root rotation: the old root signs the new root's public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RootLink {
    /// The previous root's public key.
    pub old_root: [u8; 32],
    /// The next root's public key.
    pub new_root: [u8; 32],
    /// Old root's signature over [`rotation_message`].
    pub signature: [u8; SIGNATURE_LEN],
}

/// What the old root signs to hand over to a new root.
pub fn rotation_message(old_root: &[u8; 32], new_root: &[u8; 32]) -> Vec<u8> {
    let mut m = Vec::with_capacity(ROOT_ROTATION_CONTEXT.len() + 64);
    m.extend_from_slice(ROOT_ROTATION_CONTEXT);
    m.extend_from_slice(old_root);
    m.extend_from_slice(new_root);
    m
}

/// The root's delegation of bundle signing to a bundle key for a window of
/// time (SPEC §6.6): the 7th element of a bundle file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delegation {
    /// The bundle key's public key.
    pub bundle_key: [u8; 32],
    /// First instant a bundle it signs may claim as `issued_at`.
    pub valid_from: crate::day::Timestamp,
    /// Last instant a bundle it signs may claim as `issued_at`.
    pub valid_until: crate::day::Timestamp,
    /// The root's signature over [`delegation_message`].
    pub signature: [u8; SIGNATURE_LEN],
}

/// What the root signs to delegate to a bundle key (SPEC §6.6):
/// [`BUNDLE_KEY_CONTEXT`] ‖ root ‖ bundle key ‖ be64(from) ‖ be64(until).
pub fn delegation_message(
    root: &[u8; 32],
    bundle_key: &[u8; 32],
    valid_from: crate::day::Timestamp,
    valid_until: crate::day::Timestamp,
) -> Vec<u8> {
    let mut m = Vec::with_capacity(BUNDLE_KEY_CONTEXT.len() + 80);
    m.extend_from_slice(BUNDLE_KEY_CONTEXT);
    m.extend_from_slice(root);
    m.extend_from_slice(bundle_key);
    m.extend_from_slice(&valid_from.0.to_be_bytes());
    m.extend_from_slice(&valid_until.0.to_be_bytes());
    m
}

/// What the root (or the bundle key) signs: [`BUNDLE_CONTEXT`] ‖ body bytes.
pub fn bundle_signed_message(body: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(BUNDLE_CONTEXT.len() + body.len());
    m.extend_from_slice(BUNDLE_CONTEXT);
    m.extend_from_slice(body);
    m
}

/// A bundle file taken apart, before any signature is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleFile {
    /// Root rotations, oldest first; empty if the root never rotated.
    pub chain: Vec<RootLink>,
    /// The root key this bundle is under.
    pub root: [u8; 32],
    /// The CBOR body (see [`crate::bundle::BundleBody`]).
    pub body: Vec<u8>,
    /// The signature over [`bundle_signed_message`]: the root's, or the
    /// bundle key's when there is a delegation.
    pub signature: [u8; SIGNATURE_LEN],
    /// The root's delegation to the bundle key that signed (SPEC §6.6);
    /// `None` in the 6-element form, signed by the root itself.
    pub delegation: Option<Delegation>,
}

fn int(v: i64) -> Value {
    Value::Integer(Integer::from(v))
}

fn delegation_value(d: &Delegation) -> Value {
    Value::Array(vec![
        Value::Bytes(d.bundle_key.to_vec()),
        int(d.valid_from.0),
        int(d.valid_until.0),
        Value::Bytes(d.signature.to_vec()),
    ])
}

/// How many bytes the delegation element takes in the file (0 without
/// one): what follows the signature.
pub fn delegation_encoded_len(d: Option<&Delegation>) -> usize {
    d.map_or(0, |d| {
        let mut out = Vec::with_capacity(128);
        let _ = ciborium::ser::into_writer(&delegation_value(d), &mut out);
        out.len()
    })
}

/// The file bytes: the CBOR array
/// `["aktivitetskort-bundle", 1, [[old, new, sig], …], root, body, sig]`,
/// with the delegation `[bundle_key, from, until, sig]` as a 7th element
/// when there is one.
pub fn encode_bundle_file(f: &BundleFile) -> Vec<u8> {
    let chain = f
        .chain
        .iter()
        .map(|l| {
            Value::Array(vec![
                Value::Bytes(l.old_root.to_vec()),
                Value::Bytes(l.new_root.to_vec()),
                Value::Bytes(l.signature.to_vec()),
            ])
        })
        .collect();
    let mut items = vec![
        Value::Text(BUNDLE_MAGIC.into()),
        uint(BUNDLE_FORMAT),
        Value::Array(chain),
        Value::Bytes(f.root.to_vec()),
        Value::Bytes(f.body.clone()),
        Value::Bytes(f.signature.to_vec()),
    ];
    items.extend(f.delegation.as_ref().map(delegation_value));
    let v = Value::Array(items);
    let mut out = Vec::with_capacity(f.body.len() + 256);
    let _ = ciborium::ser::into_writer(&v, &mut out);
    out
}

fn fixed<const N: usize>(v: &Value) -> Result<[u8; N], EncodingError> {
    match v {
        Value::Bytes(b) => b.as_slice().try_into().map_err(|_| EncodingError::Malformed),
        _ => Err(EncodingError::Malformed),
    }
}

/// The delegation element (SPEC §6.1, §6.6): exactly
/// `[bstr 32, int, int, bstr 64]`, the integers within i64.
fn decode_delegation(v: &Value) -> Result<Delegation, EncodingError> {
    let Value::Array(parts) = v else {
        return Err(EncodingError::Malformed);
    };
    let [key, Value::Integer(from), Value::Integer(until), sig] = parts.as_slice() else {
        return Err(EncodingError::Malformed);
    };
    let time = |i: &Integer| i64::try_from(*i).map(crate::day::Timestamp).map_err(|_| EncodingError::Malformed);
    Ok(Delegation {
        bundle_key: fixed(key)?,
        valid_from: time(from)?,
        valid_until: time(until)?,
        signature: fixed(sig)?,
    })
}

/// SPEC §6.4 steps 1–2: bound the size, take the envelope apart, require
/// canonical encoding and no trailing bytes.
pub fn decode_bundle_file(bytes: &[u8]) -> Result<BundleFile, crate::error::BundleError> {
    use crate::error::BundleError;
    if bytes.len() > MAX_BUNDLE_BYTES {
        return Err(BundleError::TooLarge { len: bytes.len(), max: MAX_BUNDLE_BYTES });
    }
    let mut rest = bytes;
    let value: Value = ciborium::de::from_reader_with_recursion_limit(&mut rest, 4)
        .map_err(|e| BundleError::Encoding(cbor_error(e)))?;
    if !rest.is_empty() {
        return Err(BundleError::Encoding(EncodingError::TrailingBytes));
    }
    let Value::Array(items) = value else {
        return Err(BundleError::Encoding(EncodingError::Malformed));
    };
    let malformed = || BundleError::Encoding(EncodingError::Malformed);
    match items.first() {
        Some(Value::Text(t)) if t == BUNDLE_MAGIC => {}
        _ => return Err(malformed()),
    }
    let format = items.get(1).and_then(as_u64).ok_or_else(malformed)?;
    if format != BUNDLE_FORMAT {
        return Err(BundleError::UnsupportedFormat(format));
    }
    let (chain, root, body, sig, delegation) = match items.as_slice() {
        [_, _, Value::Array(chain), root, Value::Bytes(body), sig] => (chain, root, body, sig, None),
        [_, _, Value::Array(chain), root, Value::Bytes(body), sig, d] => (chain, root, body, sig, Some(d)),
        _ => return Err(malformed()),
    };
    let delegation = delegation.map(decode_delegation).transpose().map_err(BundleError::Encoding)?;
    let chain = chain
        .iter()
        .map(|l| match l {
            Value::Array(parts) => match parts.as_slice() {
                [o, n, s] => Ok(RootLink { old_root: fixed(o)?, new_root: fixed(n)?, signature: fixed(s)? }),
                _ => Err(EncodingError::Malformed),
            },
            _ => Err(EncodingError::Malformed),
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(BundleError::Encoding)?;
    let file = BundleFile {
        chain,
        root: fixed(root).map_err(BundleError::Encoding)?,
        body: body.clone(),
        signature: fixed(sig).map_err(BundleError::Encoding)?,
        delegation,
    };
    if encode_bundle_file(&file) != bytes {
        return Err(BundleError::Encoding(EncodingError::NonCanonical));
    }
    Ok(file)
}

/// Encode a serde value as CBOR (used for the bundle body).
pub fn to_cbor<T: Serialize>(v: &T) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = ciborium::ser::into_writer(v, &mut out);
    out
}

/// Decode a serde value from CBOR with a small recursion limit and no
/// trailing bytes.
pub fn from_cbor<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, EncodingError> {
    let mut rest = bytes;
    let v = ciborium::de::from_reader_with_recursion_limit(&mut rest, 16).map_err(cbor_error)?;
    if !rest.is_empty() {
        return Err(EncodingError::TrailingBytes);
    }
    Ok(v)
}

#[cfg(test)]
#[path = "wire_tests.rs"]
mod tests;
