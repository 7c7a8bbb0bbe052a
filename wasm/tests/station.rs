//! The station page's core functions (`card_wasm::station`, SPEC §16),
//! natively: set-up strings, forward-only installs under the pinned root,
//! the two-phase redeem with quotas, budgets, clock and staleness, reports
//! signed outside, frames without a code.

use card_wasm::station::*;
use serde_json::{Value, json};
use shared::wire::{self, Fingerprint};
use shared::{CardTypeId, Day, Timestamp};

#[test]
fn a_setup_string_is_read_and_a_wrong_one_explained() {
    let root = "ab".repeat(32);
    let text = format!(
        "aktivitetskort-setup:1;bundle=https://kort.example.no/bundle;root={root};venue=kino;reg={}",
        "01".repeat(16)
    );
    let v: Value = serde_json::from_str(&station_setup(&format!("#{}", text.replace(';', "%3B")), "nb")).unwrap();
    assert_eq!(v["venue"], "kino");
    assert_eq!(v["root"], root);
    assert_eq!(v["registration"], "01".repeat(16));
    let v: Value = serde_json::from_str(&station_setup("hello", "en")).unwrap();
    assert!(v["error"].as_str().unwrap().contains("set-up"), "{v}");
}

use shared::ed25519_dalek::SigningKey;
use shared::model::{Benefit, CardType, Catalogue, Category, Period, Quota, Venue, VenueBudget};
use shared::wire::{Claims, KeyId, PublicKeyBytes, TokenId};
use shared::{BundleBody, SigningKeyEntry, ValidityRule, sign_bundle, sign_token};

fn day(y: i32, m: u32, d: u32) -> Day {
    Day::from_ymd(y, m, d).unwrap()
}

/// A bundle of `version` with the venue `kino` (a budget of `budget`
/// a year when given) and card type 1 (cinema once a week), and the
/// root's fingerprint (hex).
fn bundle(version: u64, signer: &SigningKey, budget: Option<u32>, now: Timestamp) -> (Vec<u8>, String) {
    let root = SigningKey::from_bytes(&[1; 32]);
    let public = signer.verifying_key().to_bytes();
    let body = BundleBody {
        version,
        issued_at: now,
        expires_at: now.plus_seconds(86_400),
        root_key_id: KeyId::of(&root.verifying_key().to_bytes()),
        signing_keys: vec![SigningKeyEntry {
            key_id: KeyId::of(&public),
            public_key: PublicKeyBytes(public),
            valid_from: day(2026, 1, 1),
            valid_until: day(2027, 12, 31),
        }],
        catalogue: Catalogue {
            scheme_name: "Test".into(),
            public_base_url: "https://kort.example.no".into(),
            venues: vec![Venue {
                id: "kino".into(),
                name: "Kino".into(),
                category: Category::Cinema,
                address: "x".into(),
                budgets: budget
                    .map(|count| VenueBudget { benefit: "kino".into(), count, per: Period::Year })
                    .into_iter()
                    .collect(),
                ..Default::default()
            }],
            card_types: vec![CardType {
                id: CardTypeId(1),
                names: [("nb".to_string(), "0–17 år".to_string())].into(),
                age_min: 0,
                age_max: 17,
                validity: ValidityRule::CALENDAR_YEAR,
                benefits: vec![Benefit {
                    id: "kino".into(),
                    names: [("nb".to_string(), "Kino".to_string())].into(),
                    venues: vec!["kino".into()],
                    quotas: vec![Quota { count: 1, per: Period::Week }],
                    companion_free: true,
                }],
            }],
            contact: None,
        },
        revoked: vec![],
    };
    let pin = Fingerprint::of(&root.verifying_key().to_bytes()).to_string();
    (sign_bundle(&root, vec![], &body), pin)
}

fn card(signer: &SigningKey) -> String {
    let claims = Claims {
        key_id: KeyId::of(&signer.verifying_key().to_bytes()),
        token_id: TokenId([7; 16]),
        card_type: CardTypeId(1),
        valid_from: day(2026, 1, 1),
        valid_until: day(2026, 12, 31),
        issued_on: day(2026, 11, 1),
    };
    wire::encode_decimal(&sign_token(signer, &claims))
}

fn obj(s: String) -> Value {
    serde_json::from_str(&s).unwrap()
}

#[test]
fn a_bundle_is_installed_only_forward_under_the_pinned_root_and_for_a_known_venue() {
    let now = day(2026, 12, 2).oslo_midnight().plus_seconds(12 * 3600);
    let signer = SigningKey::from_bytes(&[2; 32]);
    let (v2, pin) = bundle(2, &signer, None, now);
    let (v3, _) = bundle(3, &signer, None, now);
    let t = now.0 as f64;
    assert_eq!(obj(station_install(&v3, &pin, "kino", &[], t, "nb"))["install"], true);
    assert_eq!(obj(station_install(&v3, &pin, "kino", &v3, t, "nb"))["install"], false);
    let rollback = obj(station_install(&v2, &pin, "kino", &v3, t, "nb"));
    assert_eq!((rollback["ok"].clone(), rollback["code"].clone()), (json!(false), json!("rollback")));
    assert_eq!(obj(station_install(&v3, &pin, "bad", &[], t, "nb"))["code"], "unknown_venue");
    assert_eq!(obj(station_install(&v3, &"00".repeat(32), "kino", &[], t, "nb"))["code"], "untrusted_root");
    let mut broken = v3.clone();
    let last = broken.len() - 1;
    broken[last] ^= 1;
    assert_eq!(obj(station_install(&broken, &pin, "kino", &[], t, "en"))["ok"], false);
}

#[test]
fn a_redemption_counts_quotas_and_budgets_as_the_binary_does() {
    let now = day(2026, 12, 2).oslo_midnight().plus_seconds(12 * 3600);
    let t = now.0 as f64;
    let signer = SigningKey::from_bytes(&[2; 32]);
    let (b, pin) = bundle(2, &signer, Some(2), now);
    let text = card(&signer);
    let secret = "ab".repeat(32);
    let first = obj(station_read(&b, &pin, "kino", &secret, &text, t, 0.0, vec![], "nb"));
    assert_eq!(first["final"], false, "{first}");
    assert_eq!(first["budgets"], json!([{ "benefit": "kino", "from": day(2026, 1, 1).0 }]));
    let card_id = first["card"].as_str().unwrap().to_string();
    assert_eq!(card_id.len(), 32);
    // Another station's secret gives another pseudonym.
    let other = obj(station_read(&b, &pin, "kino", &"cd".repeat(32), &text, t, 0.0, vec![], "nb"));
    assert_ne!(other["card"], first["card"]);
    // No visits yet: granted, with the visit to record.
    let decide = |visits: &str, used: u32| {
        let used = json!([{ "benefit": "kino", "from": day(2026, 1, 1).0, "count": used }]).to_string();
        obj(station_decide(&b, &pin, "kino", &text, t, visits, &used, "1/1", vec![], "nb"))
    };
    let v = decide("[]", 0);
    assert_eq!((v["valid"].clone(), v["code"].clone()), (json!(true), json!("ok")), "{v}");
    assert_eq!(v["headline"], "GYLDIG · Kino · 1 barn + 1 ledsager");
    assert_eq!(v["record"]["benefit"], "kino");
    assert_eq!(v["record"]["day"], now.oslo_day().0);
    // This week's visit: BRUKT until next Monday (7 December 2026).
    let visits = json!([{ "benefit": "kino", "at": now.0 - 3600 }]).to_string();
    let v = decide(&visits, 1);
    assert_eq!(v["code"], "quota_exhausted");
    assert_eq!(v["headline"], "BRUKT · neste gang fra mandag 7.12.");
    assert!(v["record"].is_null());
    // The venue's two tickets of the year are given: refused for the budget.
    let v = decide("[]", 2);
    assert_eq!(v["code"], "budget_exhausted", "{v}");
    // The clock behind the latest time seen: refused, nothing to count.
    let behind = obj(station_read(&b, &pin, "kino", &secret, &text, t - 3600.0, t, vec![], "nb"));
    assert_eq!((behind["final"].clone(), behind["code"].clone()), (json!(true), json!("clock_rollback")));
    // A bundle past the refuse age (30 days by default).
    let later = t + 31.0 * 86_400.0;
    let old = obj(station_read(&b, &pin, "kino", &secret, &text, later, 0.0, vec![], "en"));
    assert_eq!(old["code"], "bundle_too_old");
    // Text that is no card.
    let junk = obj(station_read(&b, &pin, "kino", &secret, "hello", t, 0.0, vec![], "nb"));
    assert_eq!(junk["code"], "bad_encoding");
    assert_eq!(junk["headline"], "KODEN KUNNE IKKE LESES", "{junk}");
    assert!(junk["hint"].as_str().unwrap_or("").starts_with("Skru opp lysstyrken på telefonen"), "{junk}");
}

#[test]
fn a_report_signed_outside_is_the_issuers_file() {
    let key = SigningKey::from_bytes(&[9; 32]);
    let rows = json!([
        { "day": day(2026, 12, 2).0, "benefit": "kino", "card_type": 1, "companion": true },
        { "day": day(2026, 12, 2).0, "benefit": "kino", "card_type": 1, "companion": false },
        { "day": day(2026, 11, 30).0, "benefit": "kino", "card_type": 1, "companion": false },
    ]);
    let made = obj(station_report("kino", "2026-12", &rows.to_string(), 1_796_000_000.0));
    let message = wire::hex_decode(made["message"].as_str().unwrap()).unwrap();
    use shared::ed25519_dalek::Signer as _;
    let sig = key.sign(&message).to_bytes();
    let file = station_report_file(&key.verifying_key().to_bytes(), made["body"].as_str().unwrap(), &sig);
    let r = shared::report::verify_report(&file, Timestamp(1_796_000_000)).unwrap();
    assert_eq!(r.body().rows.len(), 1, "November's visit is not December's");
    assert_eq!((r.body().rows[0].count, r.body().rows[0].companions), (2, 1));
    assert!(station_report_file(&[0; 31], "00", &sig).is_empty());
}

#[test]
fn frames_without_a_code_give_nothing() {
    assert_eq!(decode_frame(&[255; 40 * 30 * 4], 40, 30), "");
    assert_eq!(decode_frame(&[0; 10], 40, 30), "");
    assert_eq!(decode_frame(&[], 0, 0), "");
}
