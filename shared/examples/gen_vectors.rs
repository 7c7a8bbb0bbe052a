//! Writes the test vectors in `tests/vectors/`:
//!
//! ```text
//! cargo run -p shared --example gen_vectors
//! ```
//!
//! Deterministic: fixed keys from fixed 32-byte seeds, fixed token ids,
//! fixed clocks. No randomness and no system time, so running it again
//! writes byte-identical files (`shared/tests/vectors.rs` checks that).
//!
//! The expected results are written down here by hand, from the
//! specification, as typed error values; they are never computed by running
//! the verifier. `shared/tests/vectors.rs` then runs the real code on every
//! file and compares.
//!
//! # A vector file
//!
//! One JSON object per file, named after what it breaks:
//!
//! - `format`: `"aktivitetskort-test-vector/1"`.
//! - `name`, `description`: what the vector breaks and why it must fail (or
//!   pass).
//! - `clock_unix`, `clock_utc`: the verifier's "now" (seconds since the
//!   epoch; the same instant in ISO 8601 for people).
//! - `venue_id`: the venue the verifier is set up for (the `benefits_at`
//!   step).
//! - `trusted_root_fingerprint_hex`: the root fingerprint the venue pinned.
//! - `bundle_hex`: the trust bundle file bytes.
//! - `claims`: what the token says (or was built to say), with day numbers
//!   and the same days as dates, and the printed card number.
//! - `signer_seed_hex`: the 32-byte Ed25519 seed that signed the payload, or
//!   `null` for a forged signature.
//! - `payload_hex`: the CBOR payload as signed.
//! - `payload_is_canonical`: whether `payload_hex` is exactly the canonical
//!   encoding of `claims` (false for hand-built payloads).
//! - `signed_message_hex`: token context ‖ payload, the bytes signed.
//! - `signature_hex`: the 64-byte signature.
//! - `signed_token_hex`: payload ‖ signature, the token as issued.
//! - `token_hex`: the token bytes the verifier is given. Equal to
//!   `signed_token_hex` unless the vector damages the bytes; when the text
//!   decodes, it decodes to exactly these bytes. When the text is broken on
//!   purpose, these are the bytes it was meant to carry.
//! - `text`: what the scanner reads (bare decimal digits, the URL form, or
//!   deliberately broken text).
//! - `expected`: the result of each stage. `"ok"`, the Rust `Debug` form of
//!   the error, or `"skipped"` when a stage it needs failed:
//!   - `text`: text → token bytes (`EncodingError`);
//!   - `bundle`: verifying the bundle against the pinned fingerprint at the
//!     clock (`BundleError`);
//!   - `token`: verifying the token bytes against the bundle at the clock
//!     (`TokenError`); needs `text` and `bundle`;
//!   - `venue`: the benefits at `venue_id` (`TokenError::NotValidHere`);
//!     needs `token`; `venue_benefits` lists the benefit ids when it is
//!     `"ok"`.

use serde::{Deserialize, Serialize};
use shared::ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use shared::wire::{self, BundleFile, CardNumber, Claims, Delegation, KeyId, PublicKeyBytes, RootLink, TokenId};
use shared::{
    Benefit, BundleBody, BundleError, CardType, CardTypeId, Catalogue, Category, Day, EncodingError, Fingerprint,
    Period, Quota, SigningKeyEntry, Timestamp, TokenError, ValidityRule, Venue, sign_bundle,
};
use std::path::PathBuf;

/// The `format` field of every vector.
pub const FORMAT: &str = "aktivitetskort-test-vector/1";
/// Seed of the root key the venues pin.
pub const ROOT_SEED: [u8; 32] = [0x11; 32];
/// Seed of the token signing key listed in the bundle.
pub const SIGNING_SEED: [u8; 32] = [0x22; 32];
/// Seed of a token signing key that no bundle lists.
pub const UNKNOWN_SEED: [u8; 32] = [0x33; 32];
/// Seed of the root the pinned root hands over to.
pub const NEW_ROOT_SEED: [u8; 32] = [0x44; 32];
/// Seed of a root nobody trusts.
pub const OTHER_ROOT_SEED: [u8; 32] = [0x55; 32];
/// Seed of the bundle key the pinned root delegates to (SPEC §6.6).
pub const BUNDLE_KEY_SEED: [u8; 32] = [0x66; 32];
/// The encoding of the identity point: a small-order ("weak") public key.
pub const IDENTITY_POINT: [u8; 32] = {
    let mut a = [0u8; 32];
    a[0] = 1;
    a
};
/// R = identity, S = 0: verifies under the identity key for any message
/// with a non-strict Ed25519 verifier.
pub const FORGED_SIGNATURE: [u8; 64] = {
    let mut s = [0u8; 64];
    s[0] = 1;
    s
};
/// Seed of the signing key in the worked example of `docs/SPEC.md` §2.
pub const SPEC_EXAMPLE_SEED: [u8; 32] = [42; 32];
/// The catalogue's public base URL.
pub const BASE_URL: &str = "https://kort.example.no";
/// The venue most vectors are verified at.
pub const VENUE: &str = "bolgen-kino";
/// A venue where no card type gives anything.
pub const VENUE_WITHOUT_BENEFITS: &str = "bowling-senter";
/// Card type valid for a calendar year.
pub const YEAR_CARD: u16 = 1;
/// Card type valid for one day.
pub const DAY_CARD: u16 = 2;
/// The token id number ([`token_id`]) on the revocation list.
pub const REVOKED_TOKEN: u8 = 13;

/// One test vector file (see the module documentation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vector {
    /// Always [`FORMAT`].
    pub format: String,
    /// The file name without `.json`.
    pub name: String,
    /// What it breaks.
    pub description: String,
    /// The verifier's clock, seconds since the epoch.
    pub clock_unix: i64,
    /// The same instant, `YYYY-MM-DDTHH:MM:SSZ`.
    pub clock_utc: String,
    /// The venue the verifier is set up for.
    pub venue_id: String,
    /// The pinned root fingerprint.
    pub trusted_root_fingerprint_hex: String,
    /// The bundle file bytes.
    pub bundle_hex: String,
    /// What the token says.
    pub claims: VectorClaims,
    /// Seed of the key that signed the payload; `None` if forged.
    pub signer_seed_hex: Option<String>,
    /// The CBOR payload as signed.
    pub payload_hex: String,
    /// Whether the payload is the canonical encoding of the claims.
    pub payload_is_canonical: bool,
    /// Token context ‖ payload.
    pub signed_message_hex: String,
    /// The signature.
    pub signature_hex: String,
    /// Payload ‖ signature.
    pub signed_token_hex: String,
    /// The token bytes given to the verifier.
    pub token_hex: String,
    /// The scanned text.
    pub text: String,
    /// Expected result per stage.
    pub expected: Expected,
}

/// The claims of a vector's token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VectorClaims {
    /// Key id, 16 hex digits.
    pub key_id_hex: String,
    /// Token id, 32 hex digits.
    pub token_id_hex: String,
    /// The card number printed on the card.
    pub card_number: String,
    /// Card type number.
    pub card_type: u16,
    /// First valid day (day number).
    pub valid_from: u32,
    /// `valid_from` as a date.
    pub valid_from_date: String,
    /// Last valid day (day number).
    pub valid_until: u32,
    /// `valid_until` as a date.
    pub valid_until_date: String,
    /// Issue day (day number).
    pub issued_on: u32,
    /// `issued_on` as a date.
    pub issued_on_date: String,
}

/// Expected result per stage: `"ok"`, the `Debug` form of the error, or
/// `"skipped"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// Text → bytes.
    pub text: String,
    /// Bundle verification.
    pub bundle: String,
    /// Token verification.
    pub token: String,
    /// Benefits at the venue.
    pub venue: String,
    /// Benefit ids at the venue when `venue` is `"ok"`.
    pub venue_benefits: Vec<String>,
}

/// The stage result for "it worked".
pub const OK: &str = "ok";
/// The stage result for "not run, an earlier stage failed".
pub const SKIPPED: &str = "skipped";

impl Expected {
    fn all_ok(benefits: &[&str]) -> Expected {
        Expected {
            text: OK.into(),
            bundle: OK.into(),
            token: OK.into(),
            venue: OK.into(),
            venue_benefits: benefits.iter().map(|b| b.to_string()).collect(),
        }
    }

    fn text_err(e: EncodingError) -> Expected {
        Expected {
            text: format!("{e:?}"),
            bundle: OK.into(),
            token: SKIPPED.into(),
            venue: SKIPPED.into(),
            venue_benefits: vec![],
        }
    }

    fn bundle_err(e: BundleError) -> Expected {
        Expected {
            text: OK.into(),
            bundle: format!("{e:?}"),
            token: SKIPPED.into(),
            venue: SKIPPED.into(),
            venue_benefits: vec![],
        }
    }

    fn token_err(e: TokenError) -> Expected {
        Expected {
            text: OK.into(),
            bundle: OK.into(),
            token: format!("{e:?}"),
            venue: SKIPPED.into(),
            venue_benefits: vec![],
        }
    }

    fn venue_err(e: TokenError) -> Expected {
        Expected {
            text: OK.into(),
            bundle: OK.into(),
            token: OK.into(),
            venue: format!("{e:?}"),
            venue_benefits: vec![],
        }
    }
}

/// Where the vector files live: `<workspace>/tests/vectors`.
pub fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join("tests").join("vectors")
}

/// A calendar date as a [`Day`].
pub fn day(y: i32, m: u32, d: u32) -> Day {
    Day::from_ymd(y, m, d).expect("a date in range")
}

/// `h:m:s` UTC on the calendar date `d`.
pub fn utc(d: Day, h: i64, m: i64, s: i64) -> Timestamp {
    Timestamp(i64::from(d.0) * 86_400 + h * 3600 + m * 60 + s)
}

/// `YYYY-MM-DDTHH:MM:SSZ`.
pub fn utc_string(t: Timestamp) -> String {
    let d = Day(u32::try_from(t.0.div_euclid(86_400)).expect("after 1970"));
    let s = t.0.rem_euclid(86_400);
    format!("{d}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

/// The default clock: 2026-11-21 12:00:00 UTC (13:00 in Oslo).
pub fn clock() -> Timestamp {
    utc(day(2026, 11, 21), 12, 0, 0)
}

/// The key of a seed.
pub fn key(seed: &[u8; 32]) -> SigningKey {
    SigningKey::from_bytes(seed)
}

/// The public key of a seed.
pub fn public(seed: &[u8; 32]) -> [u8; 32] {
    key(seed).verifying_key().to_bytes()
}

/// The key id of a seed.
pub fn key_id(seed: &[u8; 32]) -> KeyId {
    KeyId::of(&public(seed))
}

/// Fixed token id number `n`.
pub fn token_id(n: u8) -> TokenId {
    let mut b = [0u8; 16];
    for (i, x) in (0u8..).zip(b.iter_mut()) {
        *x = i.wrapping_mul(29).wrapping_add(n.wrapping_mul(71)) ^ 0x5a;
    }
    TokenId(b)
}

fn names(nb: &str, en: &str) -> shared::model::Names {
    [("en", en), ("nb", nb)].into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// The catalogue in every bundle: three venues, a calendar-year card and a
/// one-day card.
pub fn catalogue() -> Catalogue {
    let venue = |id: &str, name: &str, category, address: &str| Venue {
        id: id.into(),
        name: name.into(),
        category,
        address: address.into(),
        ..Default::default()
    };
    Catalogue {
        scheme_name: "Aktivitetskort Testby".into(),
        public_base_url: BASE_URL.into(),
        venues: vec![
            venue(VENUE, "Bølgen kino", Category::Cinema, "Sjøgata 1, Testby"),
            venue("svommehallen", "Testby svømmehall", Category::Swimming, "Badeveien 2, Testby"),
            venue(VENUE_WITHOUT_BENEFITS, "Testby bowlingsenter", Category::Activity, "Kjeglegata 3, Testby"),
        ],
        card_types: vec![
            CardType {
                id: CardTypeId(YEAR_CARD),
                names: names("0–17 år", "Age 0–17"),
                age_min: 0,
                age_max: 17,
                validity: ValidityRule::CALENDAR_YEAR,
                benefits: vec![
                    Benefit {
                        id: "kino".into(),
                        names: names("Kinobesøk", "Cinema visit"),
                        venues: vec![VENUE.into()],
                        quotas: vec![Quota { count: 1, per: Period::Week }, Quota { count: 20, per: Period::Year }],
                        companion_free: false,
                    },
                    Benefit {
                        id: "bad".into(),
                        names: names("Svømming", "Swimming"),
                        venues: vec!["svommehallen".into()],
                        quotas: vec![Quota { count: 2, per: Period::Week }],
                        companion_free: true,
                    },
                ],
            },
            CardType {
                id: CardTypeId(DAY_CARD),
                names: names("Dagskort", "Day card"),
                age_min: 0,
                age_max: 17,
                validity: ValidityRule::Days { days: 1 },
                benefits: vec![Benefit {
                    id: "dagsbesok".into(),
                    names: names("Dagsbesøk", "Day visit"),
                    venues: vec![VENUE.into(), "svommehallen".into()],
                    quotas: vec![Quota { count: 1, per: Period::Validity }],
                    companion_free: true,
                }],
            },
        ],
        contact: None,
    }
}

fn entry(public_key: [u8; 32], from: Day, until: Day) -> SigningKeyEntry {
    SigningKeyEntry {
        key_id: KeyId::of(&public_key),
        public_key: PublicKeyBytes(public_key),
        valid_from: from,
        valid_until: until,
    }
}

/// The signing key list of the standard bundle: [`SIGNING_SEED`] for the
/// issue days of 2026.
pub fn standard_keys() -> Vec<SigningKeyEntry> {
    vec![entry(public(&SIGNING_SEED), day(2026, 1, 1), day(2026, 12, 31))]
}

/// When the standard bundle was issued: 2026-11-20 06:00 UTC.
pub fn bundle_issued_at() -> Timestamp {
    utc(day(2026, 11, 20), 6, 0, 0)
}

/// A non-canonical encoding (y + p, with y < 19) of a point of large order:
/// it decompresses, but re-compressing gives other bytes.
pub fn non_canonical_strong_key() -> [u8; 32] {
    (2u8..19)
        .map(|y| {
            let mut b = [0xff; 32];
            b[0] = 0xed + y;
            b[31] = 0x7f;
            b
        })
        .find(|b| VerifyingKey::from_bytes(b).is_ok_and(|k| !k.is_weak() && k.to_edwards().compress().to_bytes() != *b))
        .expect("a point of large order with y < 19")
}

/// A bundle signed by the pinned root with these signing keys.
fn bundle_with_keys(keys: Vec<SigningKeyEntry>) -> BundleCase {
    bundle_with_body(body(&public(&ROOT_SEED), bundle_issued_at(), keys))
}

/// A bundle signed by the pinned root with this body.
fn bundle_with_body(body: BundleBody) -> BundleCase {
    BundleCase { bytes: sign_bundle(&key(&ROOT_SEED), vec![], &body), pinned: Fingerprint::of(&public(&ROOT_SEED)) }
}

/// A bundle body for `root` with the standard catalogue and revocations.
pub fn body(root: &[u8; 32], issued_at: Timestamp, keys: Vec<SigningKeyEntry>) -> BundleBody {
    BundleBody {
        version: 7,
        issued_at,
        expires_at: issued_at.plus_seconds(31 * 86_400),
        root_key_id: KeyId::of(root),
        signing_keys: keys,
        catalogue: catalogue(),
        revoked: vec![CardNumber::of(&token_id(REVOKED_TOKEN))],
    }
}

/// Bundle file bytes and the fingerprint the venue pinned.
#[derive(Debug, Clone)]
pub struct BundleCase {
    /// The file.
    pub bytes: Vec<u8>,
    /// The pinned root.
    pub pinned: Fingerprint,
}

/// The standard bundle: signed by [`ROOT_SEED`], which is pinned.
pub fn standard_bundle() -> BundleCase {
    BundleCase {
        bytes: sign_bundle(&key(&ROOT_SEED), vec![], &body(&public(&ROOT_SEED), bundle_issued_at(), standard_keys())),
        pinned: Fingerprint::of(&public(&ROOT_SEED)),
    }
}

/// The start and end of the standard delegation's window: all of 2026 (UTC).
pub fn delegation_window() -> (Timestamp, Timestamp) {
    (utc(day(2026, 1, 1), 0, 0, 0), utc(day(2026, 12, 31), 23, 59, 59))
}

/// A delegation under `root` to `bundle_key` for `window`, signed by the
/// key of `signer_seed` (the root's own seed for a genuine one).
pub fn delegation(
    root: &[u8; 32],
    bundle_key: &[u8; 32],
    window: (Timestamp, Timestamp),
    signer_seed: &[u8; 32],
) -> Delegation {
    let message = wire::delegation_message(root, bundle_key, window.0, window.1);
    Delegation {
        bundle_key: *bundle_key,
        valid_from: window.0,
        valid_until: window.1,
        signature: key(signer_seed).sign(&message).to_bytes(),
    }
}

/// The standard bundle body signed by [`BUNDLE_KEY_SEED`] under the pinned
/// root, with this delegation (SPEC §6.6).
pub fn delegated_bundle(d: Delegation) -> BundleCase {
    let root = public(&ROOT_SEED);
    BundleCase {
        bytes: shared::sign_bundle_delegated(
            &key(&BUNDLE_KEY_SEED),
            &root,
            d,
            vec![],
            &body(&root, bundle_issued_at(), standard_keys()),
        ),
        pinned: Fingerprint::of(&root),
    }
}

/// A token: its claims, its payload and its signature.
#[derive(Debug, Clone)]
pub struct TokenCase {
    /// What it says.
    pub claims: Claims,
    /// Seed of the signer, `None` if forged.
    pub signer: Option<[u8; 32]>,
    /// The payload as signed.
    pub payload: Vec<u8>,
    /// The signature.
    pub signature: [u8; 64],
}

impl TokenCase {
    /// Canonical payload of `claims`, signed with `seed`.
    pub fn signed(seed: &[u8; 32], claims: Claims) -> TokenCase {
        TokenCase::signed_payload(seed, claims, wire::encode_payload(&claims))
    }

    /// A hand-built `payload`, signed with `seed`.
    pub fn signed_payload(seed: &[u8; 32], claims: Claims, payload: Vec<u8>) -> TokenCase {
        let signature = key(seed).sign(&wire::signed_message(&payload)).to_bytes();
        TokenCase { claims, signer: Some(*seed), payload, signature }
    }

    /// Payload ‖ signature.
    pub fn bytes(&self) -> Vec<u8> {
        wire::token_bytes(&self.payload, &self.signature)
    }
}

/// Claims signed by [`SIGNING_SEED`] unless `key` says otherwise.
pub fn claims(key: KeyId, id: u8, card_type: u16, from: Day, until: Day, issued: Day) -> Claims {
    Claims {
        key_id: key,
        token_id: token_id(id),
        card_type: CardTypeId(card_type),
        valid_from: from,
        valid_until: until,
        issued_on: issued,
    }
}

/// The valid token: a calendar-year card for 2026, issued on the clock's
/// day.
pub fn valid_token() -> TokenCase {
    TokenCase::signed(
        &SIGNING_SEED,
        claims(key_id(&SIGNING_SEED), 1, YEAR_CARD, day(2026, 1, 1), day(2026, 12, 31), day(2026, 11, 21)),
    )
}

/// A calendar-year card signed by the standard key, with token id number
/// `id`, the window `from ..= until` and the issue day `issued`.
fn year_token(id: u8, from: Day, until: Day, issued: Day) -> TokenCase {
    TokenCase::signed(&SIGNING_SEED, claims(key_id(&SIGNING_SEED), id, YEAR_CARD, from, until, issued))
}

/// Everything one vector needs; [`Case::build`] fills in the layers.
struct Case {
    name: &'static str,
    description: &'static str,
    clock: Timestamp,
    venue: &'static str,
    bundle: BundleCase,
    token: TokenCase,
    presented: Vec<u8>,
    text: String,
    expected: Expected,
}

impl Case {
    /// A case with the standard bundle and clock, the token presented as
    /// issued in bare decimal form.
    fn new(name: &'static str, description: &'static str, token: TokenCase, expected: Expected) -> Case {
        let presented = token.bytes();
        Case {
            name,
            description,
            clock: clock(),
            venue: VENUE,
            bundle: standard_bundle(),
            text: wire::encode_decimal(&presented),
            token,
            presented,
            expected,
        }
    }

    /// Present these (damaged) bytes instead, in bare decimal form.
    fn presenting(mut self, bytes: Vec<u8>) -> Case {
        self.text = wire::encode_decimal(&bytes);
        self.presented = bytes;
        self
    }

    fn text(mut self, text: String) -> Case {
        self.text = text;
        self
    }

    fn bundle(mut self, bundle: BundleCase) -> Case {
        self.bundle = bundle;
        self
    }

    fn clock(mut self, clock: Timestamp) -> Case {
        self.clock = clock;
        self
    }

    fn venue(mut self, venue: &'static str) -> Case {
        self.venue = venue;
        self
    }

    fn build(self) -> Vector {
        let c = &self.token.claims;
        let h = wire::hex_encode;
        Vector {
            format: FORMAT.into(),
            name: self.name.into(),
            description: self.description.into(),
            clock_unix: self.clock.0,
            clock_utc: utc_string(self.clock),
            venue_id: self.venue.into(),
            trusted_root_fingerprint_hex: self.bundle.pinned.to_string(),
            bundle_hex: h(&self.bundle.bytes),
            claims: VectorClaims {
                key_id_hex: c.key_id.to_string(),
                token_id_hex: h(&c.token_id.0),
                card_number: CardNumber::of(&c.token_id).to_string(),
                card_type: c.card_type.0,
                valid_from: c.valid_from.0,
                valid_from_date: c.valid_from.to_string(),
                valid_until: c.valid_until.0,
                valid_until_date: c.valid_until.to_string(),
                issued_on: c.issued_on.0,
                issued_on_date: c.issued_on.to_string(),
            },
            signer_seed_hex: self.token.signer.map(|s| h(&s)),
            payload_hex: h(&self.token.payload),
            payload_is_canonical: wire::encode_payload(c) == self.token.payload,
            signed_message_hex: h(&wire::signed_message(&self.token.payload)),
            signature_hex: h(&self.token.signature),
            signed_token_hex: h(&self.token.bytes()),
            token_hex: h(&self.presented),
            text: self.text,
            expected: self.expected,
        }
    }
}

/// The payload of `claims` with the `remove` bytes at `at` replaced by
/// `with`.
fn splice(claims: &Claims, at: usize, remove: usize, with: &[u8]) -> Vec<u8> {
    let mut p = wire::encode_payload(claims);
    p.splice(at..at + remove, with.iter().copied());
    p
}

/// Offset of the card type in a payload: array head, version, key id head
/// and 8 bytes, token id head and 16 bytes.
const CARD_TYPE_AT: usize = 1 + 1 + 1 + 8 + 1 + 16;

/// Every vector, in a fixed order.
pub fn vectors() -> Vec<Vector> {
    let today = day(2026, 11, 21);
    let year = (day(2026, 1, 1), day(2026, 12, 31));
    let valid = valid_token();
    let valid_text = wire::encode_decimal(&valid.bytes());
    let signing = key_id(&SIGNING_SEED);
    let mut out = Vec::new();

    // ------------------------------------------------------------ accepted
    out.push(Case::new(
        "valid",
        "A valid calendar-year card for 2026 in bare decimal form, scanned on 2026-11-21 \
         at the cinema: every stage passes and the cinema benefit applies.",
        valid.clone(),
        Expected::all_ok(&["kino"]),
    ));
    out.push(
        Case::new(
            "valid_url_form",
            "The valid card in the URL form as put in a QR code (scheme, host and path in \
             upper case, wire::token_url_for_qr): accepted like the bare digits.",
            valid.clone(),
            Expected::all_ok(&["kino"]),
        )
        .text(wire::token_url_for_qr(BASE_URL, &valid_text)),
    );
    out.push(
        Case::new(
            "valid_url_lower_case",
            "The valid card in the lower-case URL form (wire::token_url), as a phone's \
             browser shows it: accepted.",
            valid.clone(),
            Expected::all_ok(&["kino"]),
        )
        .text(wire::token_url(BASE_URL, &valid_text)),
    );
    out.push(
        Case::new(
            "valid_with_scanner_whitespace",
            "The valid card's digits with leading spaces and the CR LF a keyboard-wedge \
             scanner sends: whitespace at the ends is ignored.",
            valid.clone(),
            Expected::all_ok(&["kino"]),
        )
        .text(format!("  {valid_text}\r\n")),
    );
    out.push(Case::new(
        "valid_day_card",
        "A one-day card (ValidityRule::Days { days: 1 }) valid on the clock's day only: \
         accepted, and its day-visit benefit applies at the cinema.",
        TokenCase::signed(&SIGNING_SEED, claims(signing, 2, DAY_CARD, today, today, today)),
        Expected::all_ok(&["dagsbesok"]),
    ));
    out.push(
        Case::new(
            "spec_worked_example",
            "The worked example of docs/SPEC.md §2 (signing key seed 2a…2a, token id 11…11, \
             card type 1, valid 2026-01-01 … 2026-12-31, issued 2026-11-21), with a bundle \
             that lists its key: accepted.",
            TokenCase::signed(
                &SPEC_EXAMPLE_SEED,
                Claims {
                    key_id: key_id(&SPEC_EXAMPLE_SEED),
                    token_id: TokenId([0x11; 16]),
                    card_type: CardTypeId(YEAR_CARD),
                    valid_from: year.0,
                    valid_until: year.1,
                    issued_on: today,
                },
            ),
            Expected::all_ok(&["kino"]),
        )
        .bundle({
            let mut keys = standard_keys();
            keys.push(entry(public(&SPEC_EXAMPLE_SEED), year.0, year.1));
            bundle_with_keys(keys)
        }),
    );
    out.push(
        Case::new(
            "valid_last_second_in_oslo",
            "The valid card (last valid day 2026-12-31) at 2026-12-31 22:59:59 UTC, which is \
             23:59:59 on New Year's Eve in Oslo (CET): still valid, days are Oslo days.",
            valid.clone(),
            Expected::all_ok(&["kino"]),
        )
        .clock(utc(day(2026, 12, 31), 22, 59, 59)),
    );

    // ------------------------------------------------------------ token checks
    out.push(
        Case::new(
            "expired_at_oslo_midnight",
            "The valid card (last valid day 2026-12-31) at 2026-12-31 23:00:00 UTC, which is \
             already 2027-01-01 00:00 in Oslo: expired, although it is still 2026 in UTC.",
            valid.clone(),
            Expected::token_err(TokenError::Expired(year.1)),
        )
        .clock(utc(day(2026, 12, 31), 23, 0, 0)),
    );
    {
        let mut bytes = valid.bytes();
        let at = valid.payload.len() + 10;
        bytes[at] ^= 0x01;
        out.push(
            Case::new(
                "bad_signature",
                "The valid card with one bit flipped in the signature's R part (byte 10 of \
                 the signature): the payload is intact, the strict signature check fails.",
                valid.clone(),
                Expected::token_err(TokenError::BadSignature),
            )
            .presenting(bytes),
        );
    }
    {
        let weak = TokenCase {
            claims: claims(KeyId::of(&IDENTITY_POINT), 3, YEAR_CARD, year.0, year.1, today),
            signer: None,
            payload: vec![],
            signature: FORGED_SIGNATURE,
        };
        let weak = TokenCase { payload: wire::encode_payload(&weak.claims), ..weak };
        out.push(Case::new(
            "weak_key",
            "A forged card: key id of the identity point (public key 01 00…00, a small-order \
             'weak' key) and signature R = identity, S = 0. A non-strict Ed25519 verifier \
             (ed25519-dalek verify()) accepts this signature under that key for any message. \
             No bundle can list that key (see weak_key_in_bundle), so the key is unknown.",
            weak.clone(),
            Expected::token_err(TokenError::UnknownKey),
        ));
        out.push(
            Case::new(
                "weak_key_in_bundle",
                "A bundle, correctly signed by the pinned root, whose signing-key list also \
                 holds the identity point (a small-order key that would verify forged \
                 signatures): the whole bundle is refused; the forged card of weak_key is \
                 never checked.",
                weak,
                Expected::bundle_err(BundleError::InvalidContent(format!(
                    "signing key {} is not a valid (strong) Ed25519 key",
                    KeyId::of(&IDENTITY_POINT)
                ))),
            )
            .bundle({
                let mut keys = standard_keys();
                keys.push(entry(IDENTITY_POINT, year.0, year.1));
                BundleCase {
                    bytes: sign_bundle(&key(&ROOT_SEED), vec![], &body(&public(&ROOT_SEED), bundle_issued_at(), keys)),
                    pinned: Fingerprint::of(&public(&ROOT_SEED)),
                }
            }),
        );
    }
    out.push(Case::new(
        "unknown_key_id",
        "A card correctly signed by a key that the bundle does not list: unknown key.",
        TokenCase::signed(&UNKNOWN_SEED, claims(key_id(&UNKNOWN_SEED), 4, YEAR_CARD, year.0, year.1, today)),
        Expected::token_err(TokenError::UnknownKey),
    ));
    out.push(Case::new(
        "key_outside_window",
        "A card signed by the listed key but with issue day 2025-12-31, before the key's \
         window (2026-01-01 … 2026-12-31) starts.",
        year_token(5, year.0, year.1, day(2025, 12, 31)),
        Expected::token_err(TokenError::KeyNotValid),
    ));
    out.push(Case::new(
        "expired",
        "A card whose last valid day, 2026-11-20, is the day before the clock's day.",
        year_token(6, day(2026, 1, 1), day(2026, 11, 20), day(2026, 1, 5)),
        Expected::token_err(TokenError::Expired(day(2026, 11, 20))),
    ));
    out.push(Case::new(
        "not_yet_valid",
        "A card whose first valid day, 2026-11-22, is the day after the clock's day.",
        year_token(7, day(2026, 11, 22), year.1, today),
        Expected::token_err(TokenError::NotYetValid(day(2026, 11, 22))),
    ));
    out.push(Case::new(
        "revoked",
        "A valid card whose card number is on the bundle's revocation list.",
        year_token(REVOKED_TOKEN, year.0, year.1, today),
        Expected::token_err(TokenError::Revoked),
    ));
    out.push(Case::new(
        "unknown_card_type",
        "A correctly signed card of card type 99, which the catalogue does not define.",
        TokenCase::signed(&SIGNING_SEED, claims(signing, 8, 99, year.0, year.1, today)),
        Expected::token_err(TokenError::UnknownCardType),
    ));
    out.push(Case::new(
        "validity_too_long",
        "A one-day card (Days { days: 1 }) with a two-day window 2026-11-21 … 2026-11-22.",
        TokenCase::signed(&SIGNING_SEED, claims(signing, 9, DAY_CARD, today, day(2026, 11, 22), today)),
        Expected::token_err(TokenError::ValidityTooLong),
    ));
    out.push(Case::new(
        "validity_spans_two_years",
        "A calendar-year card with the window 2026-11-21 … 2027-01-31, which leaves the \
         calendar year it starts in.",
        year_token(10, today, day(2027, 1, 31), today),
        Expected::token_err(TokenError::ValidityTooLong),
    ));
    out.push(Case::new(
        "validity_ends_before_issue_day",
        "A calendar-year card valid 2026-01-01 … 2026-06-30 but issued on 2026-07-01, after \
         its window ended (inside the key's window): a window must not end before the issue \
         day.",
        year_token(17, year.0, day(2026, 6, 30), day(2026, 7, 1)),
        Expected::token_err(TokenError::ValidityTooLong),
    ));
    out.push(Case::new(
        "validity_starts_366_days_after_issue",
        "A calendar-year card issued 2026-11-21 and valid from 2027-11-22, exactly \
         MAX_LEAD_DAYS = 366 days later: the window is allowed; it is simply not valid yet.",
        year_token(18, day(2027, 11, 22), day(2027, 12, 31), today),
        Expected::token_err(TokenError::NotYetValid(day(2027, 11, 22))),
    ));
    out.push(Case::new(
        "validity_starts_367_days_after_issue",
        "A calendar-year card issued 2026-11-21 and valid from 2027-11-23, 367 days later: \
         more than MAX_LEAD_DAYS, so even a leaked signing key cannot mint cards for a \
         distant year.",
        year_token(19, day(2027, 11, 23), day(2027, 12, 31), today),
        Expected::token_err(TokenError::ValidityTooLong),
    ));
    out.push(
        Case::new(
            "not_valid_here",
            "The valid card at a venue of the catalogue where its card type gives nothing: \
             the token verifies, the venue step answers NotValidHere.",
            valid.clone(),
            Expected::venue_err(TokenError::NotValidHere),
        )
        .venue(VENUE_WITHOUT_BENEFITS),
    );

    // ------------------------------------------------------------ encoding
    {
        let mut bytes = valid.bytes();
        bytes.push(0x00);
        out.push(
            Case::new(
                "trailing_bytes",
                "The valid card with one extra 00 byte after the signature.",
                valid.clone(),
                Expected::token_err(TokenError::BadEncoding(EncodingError::TrailingBytes)),
            )
            .presenting(bytes),
        );
    }
    {
        let c = claims(signing, 11, YEAR_CARD, year.0, year.1, today);
        out.push(Case::new(
            "non_canonical_cbor",
            "A payload whose card type 1 is written as 18 01 (a one-byte argument) instead \
             of the minimal 01, SIGNED with the listed key: the signature verifies, the \
             canonical-encoding check refuses it.",
            TokenCase::signed_payload(&SIGNING_SEED, c, splice(&c, CARD_TYPE_AT, 1, &[0x18, 0x01])),
            Expected::token_err(TokenError::BadEncoding(EncodingError::NonCanonical)),
        ));
    }
    {
        let c = claims(signing, 12, YEAR_CARD, year.0, year.1, today);
        let mut p = splice(&c, 0, 1, &[0x9f]);
        p.push(0xff);
        out.push(Case::new(
            "indefinite_length_array",
            "A payload whose array is written with indefinite length (9f … ff) instead of \
             87, SIGNED with the listed key: the signature verifies, the canonical-encoding \
             check refuses it.",
            TokenCase::signed_payload(&SIGNING_SEED, c, p),
            Expected::token_err(TokenError::BadEncoding(EncodingError::NonCanonical)),
        ));
    }
    {
        let c = claims(signing, 14, YEAR_CARD, year.0, year.1, today);
        let mut chunked = vec![0x5f, 0x48];
        chunked.extend_from_slice(&c.key_id.0);
        chunked.push(0xff);
        out.push(Case::new(
            "indefinite_length_key_id",
            "A payload whose key id is an indefinite-length byte string (5f 48 … ff) holding \
             the right 8 bytes, SIGNED with the listed key: the key is found, the signature \
             verifies, the canonical-encoding check refuses it.",
            TokenCase::signed_payload(&SIGNING_SEED, c, splice(&c, 2, 9, &chunked)),
            Expected::token_err(TokenError::BadEncoding(EncodingError::NonCanonical)),
        ));
    }
    {
        let c = claims(signing, 15, YEAR_CARD, year.0, year.1, today);
        let mut p = wire::encode_payload(&c);
        let at = p.len() - 3;
        assert_eq!(p[at], 0x19, "issued_on has a 2-byte argument");
        p.splice(at..at + 1, [0x1a, 0x00, 0x00]);
        out.push(Case::new(
            "non_minimal_day",
            "A payload whose issue day is written with a 4-byte argument (1a 00 00 xx xx) \
             instead of the minimal 2-byte one, SIGNED with the listed key.",
            TokenCase::signed_payload(&SIGNING_SEED, c, p),
            Expected::token_err(TokenError::BadEncoding(EncodingError::NonCanonical)),
        ));
    }
    {
        let mut bytes = valid.bytes();
        bytes.pop();
        out.push(
            Case::new(
                "truncated",
                "The valid card without the last byte of its signature.",
                valid.clone(),
                Expected::token_err(TokenError::BadEncoding(EncodingError::Truncated)),
            )
            .presenting(bytes),
        );
    }
    {
        let bytes = valid.bytes()[..20].to_vec();
        out.push(
            Case::new(
                "truncated_in_payload",
                "The first 20 bytes of the valid card: the CBOR payload ends in the middle \
                 of the token id.",
                valid.clone(),
                Expected::token_err(TokenError::BadEncoding(EncodingError::Truncated)),
            )
            .presenting(bytes),
        );
    }
    {
        let mut bytes = valid.bytes();
        bytes.resize(wire::MAX_TOKEN_BYTES + 1, 0);
        out.push(
            Case::new(
                "oversized",
                "The valid card padded with zero bytes to 161 bytes, one more than any token \
                 may have; refused before parsing.",
                valid.clone(),
                Expected::token_err(TokenError::BadEncoding(EncodingError::TooLong {
                    len: wire::MAX_TOKEN_BYTES + 1,
                    max: wire::MAX_TOKEN_BYTES,
                })),
            )
            .presenting(bytes),
        );
    }
    {
        let c = claims(signing, 16, YEAR_CARD, year.0, year.1, today);
        out.push(Case::new(
            "wrong_version",
            "A payload with format version 2 instead of 1, otherwise canonical and SIGNED \
             with the listed key: a version this verifier does not know.",
            TokenCase::signed_payload(&SIGNING_SEED, c, splice(&c, 1, 1, &[0x02])),
            Expected::token_err(TokenError::UnsupportedVersion(2)),
        ));
    }

    {
        let mut bytes = vec![0x82, 0x02];
        bytes.resize(2 + wire::SIGNATURE_LEN, 0);
        out.push(
            Case::new(
                "future_version_other_layout",
                "Bytes that start like a version-2 token with another layout (82 02: an \
                 array of 2 whose first element is 2) followed by 64 zero bytes: the version \
                 is read from the first two bytes, before anything else is parsed, so this \
                 is an unknown version rather than damage.",
                valid.clone(),
                Expected::token_err(TokenError::UnsupportedVersion(2)),
            )
            .presenting(bytes),
        );
    }

    // ------------------------------------------------------------ text
    {
        let mut text = valid_text.clone();
        text.replace_range(0..17, "99999999999999999");
        out.push(
            Case::new(
                "bad_digit_group",
                "The valid card's digits with the first 17-digit group replaced by \
                 99999999999999999, larger than 7 bytes can hold (2^56 - 1).",
                valid.clone(),
                Expected::text_err(EncodingError::DigitGroupOutOfRange),
            )
            .text(text),
        );
    }
    {
        // The last digit of the third group (bytes 14–20, inside the token id).
        let at = 3 * 17 - 1;
        let mut digits = valid_text.clone().into_bytes();
        digits[at] = if digits[at] == b'9' { b'8' } else { digits[at] + 1 };
        let text = String::from_utf8(digits).expect("digits");
        let bytes = wire::token_bytes_from_text(&text).expect("a flip that stays in range");
        out.push(
            Case::new(
                "single_digit_flip",
                "The valid card's digits with one digit changed (the last digit of the third \
                 group, which holds token id bytes): the text still decodes, to bytes with \
                 a different token id, and the signature no longer verifies.",
                valid.clone(),
                Expected::token_err(TokenError::BadSignature),
            )
            .presenting(bytes)
            .text(text),
        );
    }
    {
        let mut text = valid_text.clone();
        text.pop();
        out.push(
            Case::new(
                "digit_missing",
                "The valid card's digits without the last digit: no byte string has that \
                 many digits.",
                valid.clone(),
                Expected::text_err(EncodingError::InvalidDigitCount),
            )
            .text(text),
        );
    }
    {
        let mut text = valid_text.clone();
        text.replace_range(40..41, "O");
        out.push(
            Case::new(
                "invalid_character",
                "The valid card's digits with one digit read as the letter O.",
                valid.clone(),
                Expected::text_err(EncodingError::InvalidCharacter),
            )
            .text(text),
        );
    }
    out.push(
        Case::new(
            "bad_url_path",
            "The valid card's digits behind a URL whose path is /x instead of /k.",
            valid.clone(),
            Expected::text_err(EncodingError::BadUrl),
        )
        .text(format!("{BASE_URL}/x#{valid_text}")),
    );
    out.push(
        Case::new(
            "url_without_fragment",
            "A card link whose fragment (the digits after #) was lost, e.g. by a messenger \
             app: not a card link.",
            valid.clone(),
            Expected::text_err(EncodingError::BadUrl),
        )
        .text(wire::token_url_for_qr(BASE_URL, "").trim_end_matches('#').to_string()),
    );
    {
        let mut text = valid_text.clone();
        while text.len() <= wire::MAX_TEXT_LEN {
            text.push('0');
        }
        out.push(
            Case::new(
                "text_too_long",
                "The valid card's digits padded with zeros to 601 characters, longer than \
                 any card's text; refused before decoding.",
                valid.clone(),
                Expected::text_err(EncodingError::TooLong { len: wire::MAX_TEXT_LEN + 1, max: wire::MAX_TEXT_LEN }),
            )
            .text(text),
        );
    }
    out.push(
        Case::new(
            "empty_text",
            "Only whitespace: a scanner's Enter with nothing read.",
            valid.clone(),
            Expected::text_err(EncodingError::Empty),
        )
        .text(" \r\n".into()),
    );

    // ------------------------------------------------------------ bundle
    {
        let mut bundle = standard_bundle();
        let at = bundle.bytes.windows(6).position(|w| w == b"Testby").expect("scheme name in the body");
        bundle.bytes[at] = b'X';
        out.push(
            Case::new(
                "bundle_tampered",
                "The standard bundle with one byte of the signed body changed (the scheme \
                 name's 'Testby' made 'Xestby'); the envelope is still well formed.",
                valid.clone(),
                Expected::bundle_err(BundleError::BadSignature),
            )
            .bundle(bundle),
        );
    }
    out.push(
        Case::new(
            "bundle_untrusted_root",
            "A well-formed bundle signed by a root the venue did not pin, with no rotation \
             chain from the pinned root.",
            valid.clone(),
            Expected::bundle_err(BundleError::UntrustedRoot),
        )
        .bundle(BundleCase {
            bytes: sign_bundle(
                &key(&OTHER_ROOT_SEED),
                vec![],
                &body(&public(&OTHER_ROOT_SEED), bundle_issued_at(), standard_keys()),
            ),
            pinned: Fingerprint::of(&public(&ROOT_SEED)),
        }),
    );
    {
        let (old, new) = (public(&ROOT_SEED), public(&NEW_ROOT_SEED));
        let link = |by: &[u8; 32]| RootLink {
            old_root: old,
            new_root: new,
            signature: key(by).sign(&wire::rotation_message(&old, &new)).to_bytes(),
        };
        let rotated = |by: &[u8; 32]| BundleCase {
            bytes: sign_bundle(&key(&NEW_ROOT_SEED), vec![link(by)], &body(&new, bundle_issued_at(), standard_keys())),
            pinned: Fingerprint::of(&old),
        };
        out.push(
            Case::new(
                "bundle_root_rotation",
                "A bundle signed by a new root, carrying the hand-over link old root → new \
                 root signed by the old root; the venue pinned the old root: accepted, and \
                 the valid card verifies against it.",
                valid.clone(),
                Expected::all_ok(&["kino"]),
            )
            .bundle(rotated(&ROOT_SEED)),
        );
        out.push(
            Case::new(
                "bundle_bad_root_rotation",
                "As bundle_root_rotation, but the hand-over link old root → new root is \
                 signed by an unrelated key instead of the old root.",
                valid.clone(),
                Expected::bundle_err(BundleError::BadRootRotation),
            )
            .bundle(rotated(&OTHER_ROOT_SEED)),
        );
    }
    let issued_in = |secs: i64| BundleCase {
        bytes: sign_bundle(
            &key(&ROOT_SEED),
            vec![],
            &body(&public(&ROOT_SEED), clock().plus_seconds(secs), standard_keys()),
        ),
        pinned: Fingerprint::of(&public(&ROOT_SEED)),
    };
    out.push(
        Case::new(
            "bundle_from_the_future",
            "A bundle issued 601 seconds after the clock, one second more than the allowed \
             clock skew of 10 minutes: the bundle or the venue's clock is wrong.",
            valid.clone(),
            Expected::bundle_err(BundleError::FromTheFuture),
        )
        .bundle(issued_in(601)),
    );
    out.push(
        Case::new(
            "bundle_clock_skew_tolerated",
            "A bundle issued exactly 600 seconds after the clock: within the allowed clock \
             skew, accepted.",
            valid.clone(),
            Expected::all_ok(&["kino"]),
        )
        .bundle(issued_in(600)),
    );
    {
        let mut bundle = standard_bundle();
        bundle.bytes.push(0x00);
        out.push(
            Case::new(
                "bundle_trailing_bytes",
                "The standard bundle file with one extra 00 byte at its end.",
                valid.clone(),
                Expected::bundle_err(BundleError::Encoding(EncodingError::TrailingBytes)),
            )
            .bundle(bundle),
        );
    }
    {
        let mut b = body(&public(&ROOT_SEED), bundle_issued_at(), standard_keys());
        b.root_key_id = key_id(&OTHER_ROOT_SEED);
        out.push(
            Case::new(
                "bundle_root_key_id_mismatch",
                "A bundle correctly signed by the pinned root whose body names another \
                 root's key id.",
                valid.clone(),
                Expected::bundle_err(BundleError::InvalidContent("root key id does not match the signing root".into())),
            )
            .bundle(BundleCase {
                bytes: sign_bundle(&key(&ROOT_SEED), vec![], &b),
                pinned: Fingerprint::of(&public(&ROOT_SEED)),
            }),
        );
    }
    {
        let mut keys = standard_keys();
        keys.push(keys[0].clone());
        out.push(
            Case::new(
                "bundle_duplicate_signing_key",
                "A bundle correctly signed by the pinned root that lists the same signing key \
                 twice.",
                valid.clone(),
                Expected::bundle_err(BundleError::InvalidContent(format!("signing key {signing} is listed twice"))),
            )
            .bundle(bundle_with_keys(keys)),
        );
    }
    {
        let nc = non_canonical_strong_key();
        let mut keys = standard_keys();
        keys.push(entry(nc, year.0, year.1));
        out.push(
            Case::new(
                "bundle_non_canonical_signing_key",
                "A bundle correctly signed by the pinned root that also lists a signing key \
                 written non-canonically (y + p instead of y, for a point of large order): \
                 every key must be the canonical encoding of its point.",
                valid.clone(),
                Expected::bundle_err(BundleError::InvalidContent(format!(
                    "signing key {} is not a valid (strong) Ed25519 key",
                    KeyId::of(&nc)
                ))),
            )
            .bundle(bundle_with_keys(keys)),
        );
    }
    {
        let mut b = body(&public(&ROOT_SEED), bundle_issued_at(), standard_keys());
        b.expires_at = b.issued_at;
        out.push(
            Case::new(
                "bundle_expires_before_issued",
                "A bundle correctly signed by the pinned root whose expiry time equals its \
                 issue time.",
                valid.clone(),
                Expected::bundle_err(BundleError::InvalidContent("the bundle expires before it is issued".into())),
            )
            .bundle(bundle_with_body(b)),
        );
    }
    {
        let mut b = body(&public(&ROOT_SEED), bundle_issued_at(), standard_keys());
        b.revoked.push(CardNumber(1 << 40));
        out.push(
            Case::new(
                "bundle_revoked_out_of_range",
                "A bundle correctly signed by the pinned root whose revocation list holds \
                 2^40, which is no card number (card numbers are 40 bits).",
                valid.clone(),
                Expected::bundle_err(BundleError::InvalidContent(format!(
                    "revoked card number {} is out of range",
                    1u64 << 40
                ))),
            )
            .bundle(bundle_with_body(b)),
        );
    }
    {
        let mut bundle = standard_bundle();
        // 86, then the 22-byte magic text (75 + 21 bytes), then the format.
        let at = 1 + 1 + wire::BUNDLE_MAGIC.len();
        assert_eq!(bundle.bytes[at], 0x01, "the format byte");
        bundle.bytes[at] = 0x02;
        out.push(
            Case::new(
                "bundle_unsupported_format",
                "The standard bundle with its envelope's format number changed from 1 to 2.",
                valid.clone(),
                Expected::bundle_err(BundleError::UnsupportedFormat(2)),
            )
            .bundle(bundle),
        );
    }
    out.push(
        Case::new(
            "bundle_weak_root",
            "A bundle whose root is the identity point (a small-order key) with the forged \
             signature R = identity, S = 0 (which a non-strict verifier accepts for any \
             body), and a venue that pinned that very root's fingerprint: the strict check \
             refuses the signature.",
            valid.clone(),
            Expected::bundle_err(BundleError::BadSignature),
        )
        .bundle(BundleCase {
            bytes: wire::encode_bundle_file(&BundleFile {
                chain: vec![],
                root: IDENTITY_POINT,
                body: wire::to_cbor(&body(&IDENTITY_POINT, bundle_issued_at(), standard_keys())),
                signature: FORGED_SIGNATURE,
                delegation: None,
            }),
            pinned: Fingerprint::of(&IDENTITY_POINT),
        }),
    );

    delegated_vectors(&mut out, &valid);

    out.into_iter().map(Case::build).collect()
}

/// The bundle key: bundles signed by a key the root delegated to (SPEC
/// §6.6), and every way such a bundle must fail.
fn delegated_vectors(out: &mut Vec<Case>, valid: &TokenCase) {
    let root = public(&ROOT_SEED);
    let bundle_key = public(&BUNDLE_KEY_SEED);
    let genuine = || delegation(&root, &bundle_key, delegation_window(), &ROOT_SEED);
    out.push(
        Case::new(
            "bundle_delegated",
            "The standard bundle signed by a bundle key (7-element envelope), carrying the \
             pinned root's delegation to that key for all of 2026; the venue pinned the root \
             and nothing else: accepted, and the valid card verifies against it.",
            valid.clone(),
            Expected::all_ok(&["kino"]),
        )
        .bundle(delegated_bundle(genuine())),
    );
    {
        let (old, new) = (root, public(&NEW_ROOT_SEED));
        let link = RootLink {
            old_root: old,
            new_root: new,
            signature: key(&ROOT_SEED).sign(&wire::rotation_message(&old, &new)).to_bytes(),
        };
        let d = delegation(&new, &bundle_key, delegation_window(), &NEW_ROOT_SEED);
        out.push(
            Case::new(
                "bundle_delegated_after_rotation",
                "A bundle under a new root, with the hand-over link from the pinned old root, \
                 signed by a bundle key the new root delegated to: accepted without re-pinning.",
                valid.clone(),
                Expected::all_ok(&["kino"]),
            )
            .bundle(BundleCase {
                bytes: shared::sign_bundle_delegated(
                    &key(&BUNDLE_KEY_SEED),
                    &new,
                    d,
                    vec![link],
                    &body(&new, bundle_issued_at(), standard_keys()),
                ),
                pinned: Fingerprint::of(&old),
            }),
        );
    }
    out.push(
        Case::new(
            "bundle_delegation_not_by_root",
            "As bundle_delegated, but the delegation (naming the pinned root) is signed by \
             an unrelated key instead of the root.",
            valid.clone(),
            Expected::bundle_err(BundleError::BadDelegation),
        )
        .bundle(delegated_bundle(delegation(&root, &bundle_key, delegation_window(), &OTHER_ROOT_SEED))),
    );
    {
        let (from, _) = delegation_window();
        let ended = (from, bundle_issued_at().plus_seconds(-1));
        out.push(
            Case::new(
                "bundle_delegation_expired",
                "As bundle_delegated, but the delegation's window ended one second before the \
                 bundle's issue time: the bundle key was no longer allowed to sign.",
                valid.clone(),
                Expected::bundle_err(BundleError::OutsideDelegation),
            )
            .bundle(delegated_bundle(delegation(&root, &bundle_key, ended, &ROOT_SEED))),
        );
        let later = (bundle_issued_at().plus_seconds(1), delegation_window().1);
        out.push(
            Case::new(
                "bundle_delegation_not_yet_valid",
                "As bundle_delegated, but the delegation's window starts one second after the \
                 bundle's issue time.",
                valid.clone(),
                Expected::bundle_err(BundleError::OutsideDelegation),
            )
            .bundle(delegated_bundle(delegation(&root, &bundle_key, later, &ROOT_SEED))),
        );
        let (a, b) = delegation_window();
        out.push(
            Case::new(
                "bundle_delegation_window_reversed",
                "As bundle_delegated, but the root signed a delegation whose window ends \
                 before it starts.",
                valid.clone(),
                Expected::bundle_err(BundleError::BadDelegation),
            )
            .bundle(delegated_bundle(delegation(&root, &bundle_key, (b, a), &ROOT_SEED))),
        );
    }
    out.push(
        Case::new(
            "bundle_delegation_weak_key",
            "The pinned root delegates (with a genuine signature) to the identity point, a \
             small-order key, and the body carries the forged signature R = identity, S = 0, \
             which a non-strict verifier accepts under that key for any body: refused.",
            valid.clone(),
            Expected::bundle_err(BundleError::BadDelegation),
        )
        .bundle(BundleCase {
            bytes: wire::encode_bundle_file(&BundleFile {
                chain: vec![],
                root,
                body: wire::to_cbor(&body(&root, bundle_issued_at(), standard_keys())),
                signature: FORGED_SIGNATURE,
                delegation: Some(delegation(&root, &IDENTITY_POINT, delegation_window(), &ROOT_SEED)),
            }),
            pinned: Fingerprint::of(&root),
        }),
    );
    out.push(
        Case::new(
            "bundle_delegation_body_signed_by_root",
            "A genuine delegation to the bundle key, but the body is signed by the root \
             itself: with a delegation only the bundle key's signature counts.",
            valid.clone(),
            Expected::bundle_err(BundleError::BadSignature),
        )
        .bundle(BundleCase {
            bytes: shared::sign_bundle_delegated(
                &key(&ROOT_SEED),
                &root,
                genuine(),
                vec![],
                &body(&root, bundle_issued_at(), standard_keys()),
            ),
            pinned: Fingerprint::of(&root),
        }),
    );
    {
        let mut bundle = delegated_bundle(genuine());
        let (from, _) = delegation_window();
        let short = [&[0x1a][..], &u32::try_from(from.0).expect("fits u32").to_be_bytes()].concat();
        let long = [&[0x1b][..], &from.0.to_be_bytes()].concat();
        let at = bundle.bytes.len() - wire::delegation_encoded_len(Some(&genuine()));
        let pos = at + bundle.bytes[at..].windows(5).position(|w| w == short.as_slice()).expect("valid_from");
        bundle.bytes.splice(pos..pos + 5, long);
        out.push(
            Case::new(
                "bundle_delegation_non_canonical",
                "bundle_delegated with the delegation's valid_from written as an 8-byte \
                 integer (1b 00000000 …) instead of the shortest 4-byte form; the root's \
                 signature covers the value, not its encoding, so only the canonical check \
                 catches it.",
                valid.clone(),
                Expected::bundle_err(BundleError::Encoding(EncodingError::NonCanonical)),
            )
            .bundle(bundle),
        );
    }
    {
        let mut bundle = delegated_bundle(genuine());
        let at = bundle.bytes.len() - wire::delegation_encoded_len(Some(&genuine()));
        assert_eq!(bundle.bytes[at], 0x84, "the delegation's array head");
        bundle.bytes[at] = 0x83;
        bundle.bytes.truncate(bundle.bytes.len() - 66);
        out.push(
            Case::new(
                "bundle_delegation_malformed",
                "bundle_delegated with the delegation cut to 3 elements (its root signature \
                 removed and its array head 84 made 83): not the shape of §6.1.",
                valid.clone(),
                Expected::bundle_err(BundleError::Encoding(EncodingError::Malformed)),
            )
            .bundle(bundle),
        );
    }
}

/// Every vector file: (file name, contents).
pub fn generate() -> Vec<(String, String)> {
    vectors()
        .into_iter()
        .map(|v| {
            let mut json = serde_json::to_string_pretty(&v).expect("serializable");
            json.push('\n');
            (format!("{}.json", v.name), json)
        })
        .collect()
}

fn main() -> std::io::Result<()> {
    let dir = vectors_dir();
    std::fs::create_dir_all(&dir)?;
    let files = generate();
    // Remove vectors that are no longer generated.
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.ends_with(".json") && !files.iter().any(|(f, _)| f == name) {
            std::fs::remove_file(&path)?;
        }
    }
    for (name, json) in &files {
        std::fs::write(dir.join(name), json)?;
    }
    println!("wrote {} vectors to {}", files.len(), dir.display());
    Ok(())
}
