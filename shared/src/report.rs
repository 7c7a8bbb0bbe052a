//! Usage reports (SPEC §13): a venue's visit counts for a period, signed
//! with the venue installation's own Ed25519 key, sent to the issuer for
//! the usage overview and settlement.
//!
//! A report holds counts per day, benefit and card type, and nothing that
//! could tell one card from another: [`ReportRow`] has no field for a token
//! id or a card number, and [`verify_report`] refuses unknown fields. A
//! report covers a whole period and replaces what the issuer has for that
//! venue and those days, so sending it again never double-counts.

use crate::day::{Day, Timestamp};
use crate::model::{CardTypeId, is_valid_slug};
use crate::wire::{self, Fingerprint, SIGNATURE_LEN};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

/// The report body format this code writes and reads.
pub const REPORT_FORMAT: u64 = 1;
/// Longest period one report may cover, in days (a quarter).
pub const MAX_REPORT_DAYS: u32 = 92;
/// Most rows in one report.
pub const MAX_REPORT_ROWS: usize = 20_000;
/// Largest report file accepted, checked before parsing (1 MiB).
pub const MAX_REPORT_BYTES: usize = 1 << 20;

/// Visits on one day (Oslo calendar) of one benefit and card type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportRow {
    /// The day.
    pub day: Day,
    /// Benefit id (within the card type).
    pub benefit: String,
    /// Card type number.
    pub card_type: CardTypeId,
    /// Visits granted.
    pub count: u32,
    /// Of those, visits where the benefit lets one adult companion in free
    /// (the verifier does not know whether a companion came; settlement
    /// treats each as one).
    pub companions: u32,
}

/// What a report says (SPEC §13.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportBody {
    /// [`REPORT_FORMAT`].
    pub format: u64,
    /// The venue that counted the visits.
    pub venue_id: String,
    /// `<venue_id>/<from>/<until>` ([`report_id`]): the same period always
    /// has the same id, and a newer report with it replaces the older one.
    pub report_id: String,
    /// First day covered.
    pub from: Day,
    /// Last day covered (inclusive).
    pub until: Day,
    /// When the venue made the report (its clock).
    pub generated_at: Timestamp,
    /// Counts, ordered by day, card type and benefit; days without visits
    /// have no rows (and count as zero).
    pub rows: Vec<ReportRow>,
}

/// The id of the report of `venue_id` for `from ..= until`.
pub fn report_id(venue_id: &str, from: Day, until: Day) -> String {
    format!("{venue_id}/{from}/{until}")
}

/// Why a report was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    /// Larger than [`MAX_REPORT_BYTES`] (checked before parsing).
    #[error("the report file is too large ({len} bytes > {max})")]
    TooLarge {
        /// Size seen.
        len: usize,
        /// Largest accepted.
        max: usize,
    },
    /// Not a report file, or damaged (bad CBOR, not canonical, trailing
    /// bytes, wrong shape, unknown fields).
    #[error("the file is not a usage report, or it is damaged")]
    Malformed,
    /// A report format this code does not know.
    #[error("usage report format {0} is not known (update the issuer)")]
    UnsupportedFormat(u64),
    /// The signature does not verify under the key in the file (tampered,
    /// or not signed), or the key is weak.
    #[error("the report's signature is not valid (changed after it was signed, or not signed)")]
    BadSignature,
    /// Signed, but the content is inconsistent.
    #[error("the report is not valid: {0}")]
    InvalidContent(String),
}

/// A report taken apart, before its signature is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ReportFile {
    public_key: [u8; 32],
    body: Vec<u8>,
    signature: [u8; SIGNATURE_LEN],
}

/// Magic text at the start of every report file.
pub const REPORT_MAGIC: &str = "aktivitetskort-report";
/// Domain separation of the venue's signature (SPEC §13.2).
pub const REPORT_CONTEXT: &[u8] = b"aktivitetskort/report/v1\0";

fn signed_message(body: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(REPORT_CONTEXT.len() + body.len());
    m.extend_from_slice(REPORT_CONTEXT);
    m.extend_from_slice(body);
    m
}

fn encode_file(f: &ReportFile) -> Vec<u8> {
    use ciborium::value::{Integer, Value};
    let v = Value::Array(vec![
        Value::Text(REPORT_MAGIC.into()),
        Value::Integer(Integer::from(REPORT_FORMAT)),
        Value::Bytes(f.public_key.to_vec()),
        Value::Bytes(f.body.clone()),
        Value::Bytes(f.signature.to_vec()),
    ]);
    let mut out = Vec::with_capacity(f.body.len() + 128);
    let _ = ciborium::ser::into_writer(&v, &mut out);
    out
}

fn decode_file(bytes: &[u8]) -> Result<ReportFile, ReportError> {
    use ciborium::value::Value;
    if bytes.len() > MAX_REPORT_BYTES {
        return Err(ReportError::TooLarge { len: bytes.len(), max: MAX_REPORT_BYTES });
    }
    let mut rest = bytes;
    let value: Value =
        ciborium::de::from_reader_with_recursion_limit(&mut rest, 2).map_err(|_| ReportError::Malformed)?;
    if !rest.is_empty() {
        return Err(ReportError::Malformed);
    }
    let Value::Array(items) = value else { return Err(ReportError::Malformed) };
    match items.first() {
        Some(Value::Text(t)) if t == REPORT_MAGIC => {}
        _ => return Err(ReportError::Malformed),
    }
    let format = match items.get(1) {
        Some(Value::Integer(i)) => u64::try_from(*i).map_err(|_| ReportError::Malformed)?,
        _ => return Err(ReportError::Malformed),
    };
    if format != REPORT_FORMAT {
        return Err(ReportError::UnsupportedFormat(format));
    }
    let [_, _, Value::Bytes(key), Value::Bytes(body), Value::Bytes(sig)] = items.as_slice() else {
        return Err(ReportError::Malformed);
    };
    let file = ReportFile {
        public_key: key.as_slice().try_into().map_err(|_| ReportError::Malformed)?,
        body: body.clone(),
        signature: sig.as_slice().try_into().map_err(|_| ReportError::Malformed)?,
    };
    if encode_file(&file) != bytes {
        return Err(ReportError::Malformed);
    }
    Ok(file)
}

/// Sign `body` with the venue's key: the report file's bytes (SPEC §13.2).
pub fn sign_report(key: &SigningKey, body: &ReportBody) -> Vec<u8> {
    let body = wire::to_cbor(body);
    let signature = key.sign(&signed_message(&body)).to_bytes();
    encode_file(&ReportFile { public_key: key.verifying_key().to_bytes(), body, signature })
}

/// A report body ready to be signed by a key this code does not hold (a
/// browser's non-extractable WebCrypto key, SPEC §13.2): the body's
/// canonical CBOR and the exact message to sign.
pub fn report_to_sign(body: &ReportBody) -> (Vec<u8>, Vec<u8>) {
    let body = wire::to_cbor(body);
    let message = signed_message(&body);
    (body, message)
}

/// The report file (SPEC §13.2) of a body from [`report_to_sign`] and its
/// signature by `public_key`. Nothing is checked here; the receiver runs
/// [`verify_report`].
pub fn report_file(public_key: [u8; 32], body: Vec<u8>, signature: [u8; SIGNATURE_LEN]) -> Vec<u8> {
    encode_file(&ReportFile { public_key, body, signature })
}

/// A report whose signature and content were checked by [`verify_report`]
/// (the only way to make one). Whether its key is registered for its venue
/// is the receiver's check: [`VerifiedReport::key_fingerprint`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedReport {
    body: ReportBody,
    public_key: [u8; 32],
}

impl VerifiedReport {
    /// The signed content.
    pub fn body(&self) -> &ReportBody {
        &self.body
    }

    /// The venue key that signed it.
    pub fn public_key(&self) -> &[u8; 32] {
        &self.public_key
    }

    /// Fingerprint of the venue key that signed it.
    pub fn key_fingerprint(&self) -> Fingerprint {
        Fingerprint::of(&self.public_key)
    }
}

/// Verify a report file (SPEC §13.3): size, envelope, the strict signature
/// under the key it names, then the body. `now` bounds `generated_at`.
pub fn verify_report(bytes: &[u8], now: Timestamp) -> Result<VerifiedReport, ReportError> {
    // §13.3 steps 1–2.
    let file = decode_file(bytes)?;
    // §13.3 step 3: a strong key and a strict signature.
    let key = VerifyingKey::from_bytes(&file.public_key)
        .ok()
        .filter(|k| !k.is_weak() && k.to_edwards().compress().to_bytes() == file.public_key)
        .ok_or(ReportError::BadSignature)?;
    key.verify_strict(&signed_message(&file.body), &Signature::from_bytes(&file.signature))
        .map_err(|_| ReportError::BadSignature)?;
    // §13.3 step 4: the body, canonical and with no unknown fields.
    let body: ReportBody = wire::from_cbor(&file.body).map_err(|_| ReportError::Malformed)?;
    if wire::to_cbor(&body) != file.body {
        return Err(ReportError::Malformed);
    }
    if body.format != REPORT_FORMAT {
        return Err(ReportError::UnsupportedFormat(body.format));
    }
    // §13.3 step 5: content.
    check_body(&body, now).map_err(ReportError::InvalidContent)?;
    Ok(VerifiedReport { body, public_key: file.public_key })
}

fn check_body(b: &ReportBody, now: Timestamp) -> Result<(), String> {
    if !is_valid_slug(&b.venue_id) {
        return Err("the venue id is not valid".into());
    }
    if b.report_id != report_id(&b.venue_id, b.from, b.until) {
        return Err("the report id does not match the venue and period".into());
    }
    if b.from > b.until || b.until.0 - b.from.0 >= MAX_REPORT_DAYS {
        return Err(format!("the period must be 1–{MAX_REPORT_DAYS} days"));
    }
    if b.generated_at.0 > now.0.saturating_add(crate::bundle::MAX_CLOCK_SKEW_SECS) {
        return Err("the report was made in the future; check the venue computer's clock".into());
    }
    if b.rows.len() > MAX_REPORT_ROWS {
        return Err(format!("more than {MAX_REPORT_ROWS} rows"));
    }
    let mut previous: Option<(Day, CardTypeId, &str)> = None;
    for r in &b.rows {
        if r.day < b.from || r.day > b.until {
            return Err(format!("a row for {} is outside the period", r.day));
        }
        if r.benefit.is_empty() || r.benefit.len() > 64 || r.benefit.chars().any(char::is_control) {
            return Err("a benefit id is empty, too long or has control characters".into());
        }
        if r.count == 0 || r.companions > r.count {
            return Err(format!("a row for {} has {} visits and {} companions", r.day, r.count, r.companions));
        }
        let key = (r.day, r.card_type, r.benefit.as_str());
        if previous.is_some_and(|p| p >= key) {
            return Err("rows are not in order by day, card type and benefit, or repeat".into());
        }
        previous = Some(key);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn day(y: i32, m: u32, d: u32) -> Day {
        Day::from_ymd(y, m, d).unwrap()
    }

    fn body() -> ReportBody {
        let (from, until) = (day(2026, 11, 1), day(2026, 11, 30));
        ReportBody {
            format: REPORT_FORMAT,
            venue_id: "bolgen-kino".into(),
            report_id: report_id("bolgen-kino", from, until),
            from,
            until,
            generated_at: day(2026, 11, 22).oslo_midnight(),
            rows: vec![
                ReportRow {
                    day: day(2026, 11, 2),
                    benefit: "kino".into(),
                    card_type: CardTypeId(1),
                    count: 3,
                    companions: 3,
                },
                ReportRow {
                    day: day(2026, 11, 2),
                    benefit: "kino".into(),
                    card_type: CardTypeId(2),
                    count: 1,
                    companions: 0,
                },
                ReportRow {
                    day: day(2026, 11, 9),
                    benefit: "kino".into(),
                    card_type: CardTypeId(1),
                    count: 2,
                    companions: 2,
                },
            ],
        }
    }

    fn now() -> Timestamp {
        day(2026, 11, 22).oslo_midnight()
    }

    #[test]
    fn a_signed_report_verifies_and_round_trips() {
        let bytes = sign_report(&key(7), &body());
        let r = verify_report(&bytes, now()).unwrap();
        assert_eq!(r.body(), &body());
        assert_eq!(r.key_fingerprint(), Fingerprint::of(&key(7).verifying_key().to_bytes()));
        assert_eq!(r.body().report_id, "bolgen-kino/2026-11-01/2026-11-30");
    }

    #[test]
    fn a_report_signed_elsewhere_is_the_same_file() {
        // What the station page does: the body and message from here, the
        // signature from its own key, the file from here again.
        let (cbor, message) = report_to_sign(&body());
        let signature = key(7).sign(&message).to_bytes();
        let file = report_file(key(7).verifying_key().to_bytes(), cbor, signature);
        assert_eq!(file, sign_report(&key(7), &body()));
        // A signature by another key than the one named is refused.
        let (body2, message2) = report_to_sign(&body());
        let wrong = report_file(key(7).verifying_key().to_bytes(), body2, key(8).sign(&message2).to_bytes());
        assert_eq!(verify_report(&wrong, now()).unwrap_err(), ReportError::BadSignature);
    }

    #[test]
    fn any_changed_byte_is_refused() {
        let bytes = sign_report(&key(7), &body());
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x01;
            let err = verify_report(&b, now()).unwrap_err();
            assert!(
                matches!(err, ReportError::BadSignature | ReportError::Malformed | ReportError::UnsupportedFormat(_)),
                "byte {i}: {err:?}"
            );
        }
    }

    #[test]
    fn the_signature_covers_the_body_under_the_named_key() {
        // Swap in another key: the signature no longer matches.
        let bytes = sign_report(&key(7), &body());
        let other = sign_report(&key(8), &body());
        let k7 = key(7).verifying_key().to_bytes();
        let k8 = key(8).verifying_key().to_bytes();
        let pos = bytes.windows(32).position(|w| w == k7).unwrap();
        let mut swapped = bytes.clone();
        swapped[pos..pos + 32].copy_from_slice(&k8);
        assert_eq!(verify_report(&swapped, now()), Err(ReportError::BadSignature));
        assert!(verify_report(&other, now()).is_ok());
        // An all-zero signature ("unsigned").
        let mut unsigned = bytes.clone();
        let n = unsigned.len();
        unsigned[n - 64..].fill(0);
        assert_eq!(verify_report(&unsigned, now()), Err(ReportError::BadSignature));
    }

    #[test]
    fn bounds_and_shape() {
        assert!(matches!(verify_report(&vec![0u8; MAX_REPORT_BYTES + 1], now()), Err(ReportError::TooLarge { .. })));
        assert_eq!(verify_report(b"", now()), Err(ReportError::Malformed));
        assert_eq!(verify_report(b"hello", now()), Err(ReportError::Malformed));
        let mut trailing = sign_report(&key(7), &body());
        trailing.push(0);
        assert_eq!(verify_report(&trailing, now()), Err(ReportError::Malformed));
    }

    #[test]
    fn content_rules() {
        let k = key(7);
        let refuse = |b: ReportBody| match verify_report(&sign_report(&k, &b), now()) {
            Err(ReportError::InvalidContent(m)) => m,
            other => panic!("{other:?}"),
        };
        let mut b = body();
        b.report_id = "x".into();
        assert!(refuse(b).contains("report id"));
        let mut b = body();
        b.rows[0].day = day(2026, 12, 1);
        assert!(refuse(b).contains("outside"));
        let mut b = body();
        b.rows.swap(0, 2);
        assert!(refuse(b).contains("order"));
        let mut b = body();
        b.rows[1] = b.rows[0].clone();
        assert!(refuse(b).contains("order"));
        let mut b = body();
        b.rows[0].companions = 4;
        assert!(refuse(b).contains("companions"));
        let mut b = body();
        b.rows[0].count = 0;
        b.rows[0].companions = 0;
        assert!(refuse(b).contains("visits"));
        let mut b = body();
        b.until = b.from.plus(MAX_REPORT_DAYS);
        b.report_id = report_id(&b.venue_id, b.from, b.until);
        assert!(refuse(b).contains("period"));
        let mut b = body();
        b.generated_at = Timestamp(now().0 + 86_400);
        assert!(refuse(b).contains("future"));
        let mut b = body();
        b.venue_id = "Bølgen".into();
        b.report_id = report_id(&b.venue_id, b.from, b.until);
        assert!(refuse(b).contains("venue id"));
        let mut b = body();
        b.format = 2;
        assert_eq!(verify_report(&sign_report(&k, &b), now()), Err(ReportError::UnsupportedFormat(2)));
    }

    #[test]
    fn a_body_with_an_extra_field_is_refused_even_when_signed() {
        // A field that could carry a token id is not part of the format.
        #[derive(Serialize)]
        struct Sneaky<'a> {
            #[serde(flatten)]
            body: &'a ReportBody,
            token_ids: Vec<Vec<u8>>,
        }
        let k = key(7);
        let b = body();
        let sneaky = wire::to_cbor(&Sneaky { body: &b, token_ids: vec![vec![1; 16]] });
        let signature = k.sign(&signed_message(&sneaky)).to_bytes();
        let bytes = encode_file(&ReportFile { public_key: k.verifying_key().to_bytes(), body: sneaky, signature });
        assert_eq!(verify_report(&bytes, now()), Err(ReportError::Malformed));
    }

    #[test]
    fn the_row_format_has_no_field_that_could_hold_a_token_id() {
        // Every field of a row is a day, a benefit id (≤ 64 characters from
        // the catalogue), a card type number or a count.
        let row = serde_json::to_value(&body().rows[0]).unwrap();
        let fields: Vec<&str> = row.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(fields, ["benefit", "card_type", "companions", "count", "day"]);
        let top = serde_json::to_value(body()).unwrap();
        let fields: Vec<&str> = top.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(fields, ["format", "from", "generated_at", "report_id", "rows", "until", "venue_id"]);
    }
}
