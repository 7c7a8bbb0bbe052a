//! The activity card core in the browser (SPEC §12.2): the phone card page
//! reads, checks and draws cards with `shared`, the same code the issuer
//! and the venue's verifier run, compiled to WebAssembly. No second
//! implementation of the wire format exists in JavaScript.
//!
//! Built by `wasm/build.sh` into `issuer/static/card/wasm/` (committed;
//! `.ci/run` rebuilds it and fails if it differs). The functions take and
//! give strings (JSON where structured), so the glue stays small.

pub mod station;
mod texts;

use serde_json::{Value, json};
use shared::bundle::SigningKeyEntry;
use shared::page::{PageBlocked, PageCheck, PageTrust, check_card};
use shared::wire::{self, KeyId, PublicKeyBytes};
use shared::{CardNumber, CardTypeId, Day, Fingerprint, Timestamp, verify_bundle, verify_token};
use wasm_bindgen::prelude::wasm_bindgen;

/// The page's trust data (SPEC §12.2: `{"keys": [{key_id, public_key,
/// valid_from, valid_until}], "card_types": [n]}`) as [`PageTrust`]. Keys
/// that do not parse are left out (they would check nothing).
fn trust_of(json: &str) -> PageTrust {
    let v: Value = serde_json::from_str(json).unwrap_or(Value::Null);
    let keys = v["keys"]
        .as_array()
        .map(|keys| {
            keys.iter()
                .filter_map(|k| {
                    let public: [u8; 32] = wire::hex_decode(k["public_key"].as_str()?)?.try_into().ok()?;
                    let key_id: [u8; 8] = wire::hex_decode(k["key_id"].as_str()?)?.try_into().ok()?;
                    let day = |f: &str| k[f].as_u64().and_then(|d| u32::try_from(d).ok()).map(Day);
                    Some(SigningKeyEntry {
                        key_id: KeyId(key_id),
                        public_key: PublicKeyBytes(public),
                        valid_from: day("valid_from")?,
                        valid_until: day("valid_until")?,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let card_types = v["card_types"]
        .as_array()
        .map(|t| t.iter().filter_map(|n| n.as_u64()).filter_map(|n| u16::try_from(n).ok()).map(CardTypeId).collect())
        .unwrap_or_default();
    PageTrust { keys, card_types }
}

/// Read and check card text for the phone card page (SPEC §12.2).
///
/// Answers JSON: `{"damaged": true}` when the link is damaged (not a card,
/// or the signature of a known key does not match; store nothing), else
/// `{"check": "checked"|"unknown-key", "known_type": bool, "token_id",
/// "key_id" (hex), "card_type", "valid_from", "valid_until", "issued_on"
/// (day numbers), "card_number"}`.
#[wasm_bindgen]
pub fn read_card(text: &str, trust_json: &str) -> String {
    let Ok(card) = check_card(text, &trust_of(trust_json)) else {
        return json!({ "damaged": true }).to_string();
    };
    let c = &card.claims;
    json!({
        "check": match card.check { PageCheck::Checked => "checked", PageCheck::UnknownKey => "unknown-key" },
        "known_type": card.known_type,
        "token_id": wire::hex_encode(&c.token_id.0),
        "key_id": wire::hex_encode(&c.key_id.0),
        "card_type": c.card_type.0,
        "valid_from": c.valid_from.0,
        "valid_until": c.valid_until.0,
        "issued_on": c.issued_on.0,
        "card_number": CardNumber::of(&c.token_id).to_string(),
    })
    .to_string()
}

/// Whether the card in `text` is blocked by the page's list `revoked`: the
/// latest bundle's whole revoked list, its CBOR array as the bundle holds
/// it (`/k/revoked`, SPEC §12.2), checked by the venue's rule. `None` (in
/// JavaScript `undefined`) when the text is no card or the list cannot be
/// read.
#[wasm_bindgen]
pub fn is_blocked(text: &str, revoked: &[u8]) -> Option<bool> {
    let list = PageBlocked::read(revoked).ok()?;
    let bytes = wire::token_bytes_from_text(text).ok()?;
    let claims = wire::split_token(&bytes).ok()?.claims().ok()?;
    Some(list.blocks(&claims))
}

/// Today in Oslo (SPEC §1 day number) at `unix_ms` milliseconds since 1970.
#[wasm_bindgen]
pub fn today_oslo(unix_ms: f64) -> u32 {
    // Saturating: NaN and out-of-range clocks give the first or last day.
    Timestamp((unix_ms / 1000.0) as i64).oslo_day().0
}

/// A day number as `[year, month, day]`.
#[wasm_bindgen]
pub fn day_ymd(day: u32) -> Vec<i32> {
    let (y, m, d) = Day(day).ymd();
    vec![y, m as i32, d as i32]
}

/// The card's QR code as SVG, drawn by the printed card's encoder (level
/// Q, smallest version, SPEC §3.3); empty if the text cannot be a code.
#[wasm_bindgen]
pub fn qr_svg(text: &str) -> String {
    shared::qr::encode(text).map(|qr| qr.to_svg()).unwrap_or_default()
}

/// The venue's verification (SPEC §6.4, §5, §7) of card `text` at
/// `now_unix` seconds with the bundle file `bundle` and the pinned root
/// fingerprint (hex): JSON `{"text", "bundle", "token", "venue":
/// "ok"|"skipped"|<error>, "benefits": [ids]}`, each stage's error in the
/// form the test vectors name it (`tests/vectors/`).
#[wasm_bindgen]
pub fn verify_at_venue(bundle: &[u8], pinned_hex: &str, text: &str, now_unix: f64, venue_id: &str) -> String {
    fn stage<T, E: std::fmt::Debug>(r: &Result<T, E>) -> String {
        r.as_ref().map_or_else(|e| format!("{e:?}"), |_| "ok".to_string())
    }
    let now = Timestamp(now_unix as i64);
    let text = wire::token_bytes_from_text(text);
    let bundle = Fingerprint::parse(pinned_hex)
        .ok_or(shared::BundleError::UntrustedRoot)
        .and_then(|pinned| verify_bundle(bundle, &pinned, now));
    let mut out = json!({ "text": stage(&text), "bundle": stage(&bundle), "token": "skipped", "venue": "skipped", "benefits": [] });
    let (Ok(bytes), Ok(bundle)) = (&text, &bundle) else {
        return out.to_string();
    };
    let token = verify_token(bytes, bundle, now);
    out["token"] = stage(&token).into();
    if let Ok(token) = token {
        let benefits = token.benefits_at(bundle, venue_id);
        out["venue"] = stage(&benefits).into();
        if let Ok(benefits) = benefits {
            out["benefits"] = benefits.iter().map(|b| b.id.clone()).collect::<Vec<_>>().into();
        }
    }
    out.to_string()
}
