//! The venue station page in a browser (SPEC §16): the same set-up, bundle,
//! card, clock, staleness, quota and budget rules as the `verifier` binary,
//! from `shared`; the page keeps the state (IndexedDB) and the keys
//! (WebCrypto), this module decides and words the answers.
//!
//! A redemption is two calls around one IndexedDB transaction:
//! [`station_read`] checks the station and the card and names what to count
//! (the card's pseudonym at this station, the budgets' periods); the page
//! reads those counts in a read-write transaction and, in the same
//! transaction, calls [`station_decide`], writes the visit it grants, and
//! shows the verdict only once the transaction has completed.

use crate::texts::{Args, Texts};
use serde_json::{Value, json};
use shared::budget::{Share, period_of};
use shared::decision::{Budgets, Outcome};
use shared::model::{Benefit, Quota, name_in};
use shared::quota::{Decision, Visit};
use shared::report::{REPORT_FORMAT, ReportBody, ReportRow, report_file, report_id, report_to_sign};
use shared::setup::VenueSetup;
use shared::station::{BundleAge, bundle_age, effective_now, verify_scanned};
use shared::wire::{self, Fingerprint};
use shared::{
    BundleError, CardTypeId, Day, Month, Timestamp, TokenError, Update, VerifiedBundle, VerifiedToken, update_decision,
    verify_bundle,
};
use wasm_bindgen::prelude::wasm_bindgen;

/// Read a venue set-up string (SPEC §10): JSON `{"bundle_url", "root",
/// "venue", "registration"}` (the registration code or null), or
/// `{"error": <message in lang>}`.
#[wasm_bindgen]
pub fn station_setup(text: &str, lang: &str) -> String {
    // A link to the page carries the string after `#`, percent-encoded by
    // some apps.
    let decoded = text.trim().replace("%3B", ";").replace("%3b", ";").replace("%3D", "=").replace("%3d", "=");
    let decoded = decoded.strip_prefix('#').unwrap_or(&decoded);
    match VenueSetup::parse(decoded) {
        Ok(s) => json!({
            "bundle_url": s.bundle_url,
            "root": s.root.to_string(),
            "venue": s.venue,
            "registration": s.registration.map(|r| r.to_hex()),
        })
        .to_string(),
        Err(_) => json!({ "error": Texts::of(lang).get("setup-invalid", &[]) }).to_string(),
    }
}

fn pinned(hex: &str) -> Result<Fingerprint, BundleError> {
    Fingerprint::parse(hex).ok_or(BundleError::UntrustedRoot)
}

fn bundle_error_code(e: &BundleError) -> &'static str {
    match e {
        BundleError::TooLarge { .. } | BundleError::Encoding(_) => "not_a_bundle",
        BundleError::UnsupportedFormat(_) => "unsupported_format",
        BundleError::UntrustedRoot | BundleError::BadRootRotation => "untrusted_root",
        BundleError::BadSignature | BundleError::BadDelegation => "bad_signature",
        BundleError::OutsideDelegation => "outside_delegation",
        BundleError::InvalidContent(_) => "invalid_content",
        BundleError::FromTheFuture => "from_the_future",
        BundleError::Rollback { .. } => "rollback",
    }
}

/// Install rules for a fetched trust bundle (SPEC §6.4, §6.5): verify
/// `offered` under the pinned root at `now_unix`, check it names `venue`,
/// and compare with the `installed` one (empty: none). JSON `{"ok": true,
/// "install": bool, "version", "issued_at", "expires_at", "venue_name",
/// "scheme_name"}` or `{"ok": false, "code", "message"}` (message in
/// `lang`); a refused bundle is never installed and the installed one kept.
#[wasm_bindgen]
pub fn station_install(
    offered: &[u8],
    pinned_hex: &str,
    venue: &str,
    installed: &[u8],
    now_unix: f64,
    lang: &str,
) -> String {
    let t = Texts::of(lang);
    let now = Timestamp(now_unix as i64);
    let refuse = |code: &str| {
        json!({ "ok": false, "code": code, "message": t.get(&format!("bundle-{}", code.replace('_', "-")), &[]) })
            .to_string()
    };
    let pin = match pinned(pinned_hex) {
        Ok(p) => p,
        Err(e) => return refuse(bundle_error_code(&e)),
    };
    let new = match verify_bundle(offered, &pin, now) {
        Ok(b) => b,
        Err(e) => return refuse(bundle_error_code(&e)),
    };
    let Some(v) = new.catalogue().venue(venue) else { return refuse("unknown_venue") };
    let install = if installed.is_empty() {
        true
    } else {
        // The installed bundle was verified when installed; read again with a
        // time far enough on that "from the future" cannot refuse it.
        match verify_bundle(installed, &pin, Timestamp(i64::MAX / 2)) {
            Ok(current) => match update_decision(&current, &new) {
                Ok(Update::Install) => true,
                Ok(Update::NoChange) => false,
                Err(e) => return refuse(bundle_error_code(&e)),
            },
            // A damaged stored copy is replaced by a verified one.
            Err(_) => true,
        }
    };
    let body = new.body();
    json!({
        "ok": true,
        "install": install,
        "version": body.version,
        "issued_at": body.issued_at.0,
        "expires_at": body.expires_at.0,
        "venue_name": v.name,
        "scheme_name": new.catalogue().scheme_name,
        "public_base_url": new.catalogue().public_base_url,
    })
    .to_string()
}

/// The installed bundle, verified again (it was verified at install; a page
/// keeps only bytes). `now` far ahead: see [`station_install`].
fn installed(bundle: &[u8], pinned_hex: &str) -> Result<VerifiedBundle, BundleError> {
    verify_bundle(bundle, &pinned(pinned_hex)?, Timestamp(i64::MAX / 2))
}

/// A verdict as the page shows it.
struct Answer {
    valid: bool,
    code: &'static str,
    headline: String,
    hint: String,
    card: String,
    warning: String,
}

impl Answer {
    fn json(self, extra: Value) -> String {
        let mut v = json!({
            "final": true,
            "valid": self.valid,
            "code": self.code,
            "headline": self.headline,
            "hint": self.hint,
            "card": self.card,
            "warning": self.warning,
        });
        if let (Some(v), Value::Object(extra)) = (v.as_object_mut(), extra) {
            v.extend(extra);
        }
        v.to_string()
    }

    fn refusal(t: &Texts, code: &'static str, headline: &str, hint: String) -> Answer {
        Answer { valid: false, code, headline: t.get(headline, &[]), hint, card: String::new(), warning: String::new() }
    }
}

/// Headline and hint of a card refusal: the binary's words (`verifier
/// scan`), with the hints that tell staff to run a command replaced by
/// what the page does.
fn token_error(t: &Texts, e: &TokenError) -> (String, String) {
    let date = match e {
        TokenError::Expired(d) | TokenError::NotYetValid(d) => d.display_nb(),
        _ => String::new(),
    };
    let args: Args = vec![("date", date.clone().into())];
    let headline = match e {
        TokenError::Expired(_) => t.get("verdict-expired", &args),
        TokenError::NotYetValid(_) => t.get("verdict-not-yet-valid", &args),
        TokenError::Revoked => t.get("verdict-revoked", &[]),
        TokenError::NotValidHere => t.get("verdict-not-valid-here", &[]),
        TokenError::UnknownKey | TokenError::UnknownCardType | TokenError::UnsupportedVersion(_) => {
            t.get("verdict-unknown", &[])
        }
        TokenError::BadEncoding(_) => t.get("verdict-unreadable", &[]),
        TokenError::BadSignature | TokenError::KeyNotValid | TokenError::ValidityTooLong => {
            t.get("verdict-invalid", &[])
        }
        // Only a verifier that leaves the list in its installed file meets
        // this (the page holds its bundle in memory): the station's problem.
        TokenError::RevokedListUnreadable(_) => t.get("verdict-list-unreadable", &[]),
    };
    let hint = t.get(&format!("hint-{}", e.code().replace('_', "-")), &args);
    (headline, hint)
}

fn card_line(t: &Texts, token: &VerifiedToken, bundle: &VerifiedBundle, lang: &str) -> String {
    let c = token.claims();
    let name = token.card_type(bundle).map(|ct| name_in(&ct.names, lang).to_string()).unwrap_or_default();
    t.get(
        "card-line",
        &[
            ("number", token.card_number().to_string().into()),
            ("cardtype", name.into()),
            ("from", c.valid_from.display_nb().into()),
            ("until", c.valid_until.display_nb().into()),
        ],
    )
}

fn stale_warning(t: &Texts, age: BundleAge) -> String {
    match age {
        BundleAge::Warn { age_days, days_left } => {
            t.get("warning-stale", &[("age", age_days.into()), ("left", days_left.into())])
        }
        _ => String::new(),
    }
}

/// The station's own checks before a card is read (SPEC §11.1 steps 1–2):
/// the clock against the latest time seen (`seen_unix`, the page's
/// high-water mark; the bundle's issue time counts as seen) and the
/// bundle's age; `Ok((now, age))` or the refusal.
fn station_checks(
    t: &Texts,
    bundle: &VerifiedBundle,
    now_unix: f64,
    seen_unix: f64,
    warn_days: u32,
    refuse_days: u32,
) -> Result<(Timestamp, BundleAge), Answer> {
    let now = Timestamp(now_unix as i64);
    let seen = Timestamp(seen_unix as i64).max(bundle.body().issued_at);
    let now = effective_now(now, seen).map_err(|b| {
        let hint = t.get(
            "hint-clock-behind",
            &[
                ("now", oslo_local(now).into()),
                ("seen", oslo_local(seen).into()),
                ("minutes", (b.behind_secs / 60).into()),
            ],
        );
        Answer::refusal(t, "clock_rollback", "verdict-clock-behind", hint)
    })?;
    let age = bundle_age(bundle.body().issued_at, now, warn_days, refuse_days);
    if let BundleAge::TooOld { age_days, refuse_days } = age {
        let hint = t.get("hint-bundle-too-old", &[("age", age_days.into()), ("limit", refuse_days.into())]);
        return Err(Answer::refusal(t, "bundle_too_old", "verdict-bundle-too-old", hint));
    }
    Ok((now, age))
}

/// `dd.mm.yyyy hh:mm`, Oslo time.
fn oslo_local(at: Timestamp) -> String {
    let secs = at.oslo_seconds_of_day();
    format!("{} {:02}:{:02}", at.oslo_day().display_nb(), secs / 3600, secs / 60 % 60)
}

/// The card and where it may be used here, or the refusal.
fn read_card<'b>(
    t: &Texts,
    bundle: &'b VerifiedBundle,
    venue: &str,
    text: &str,
    now: Timestamp,
    age: BundleAge,
    lang: &str,
) -> Result<(VerifiedToken, Vec<&'b Benefit>), Answer> {
    let token = verify_scanned(text, bundle, now).map_err(|e| {
        let (headline, hint) = token_error(t, &e);
        Answer { valid: false, code: e.code(), headline, hint, card: String::new(), warning: stale_warning(t, age) }
    })?;
    match token.benefits_at(bundle, venue) {
        Ok(b) => Ok((token, b)),
        Err(e) => {
            let (headline, hint) = token_error(t, &e);
            let card = card_line(t, &token, bundle, lang);
            Err(Answer { valid: false, code: e.code(), headline, hint, card, warning: stale_warning(t, age) })
        }
    }
}

/// First half of a redemption (SPEC §16.3): the station's checks and the
/// card. Either a final refusal (`{"final": true, "valid": false, "code",
/// "headline", "hint", "card", "warning"}`: nothing to record), or what the
/// page must count before [`station_decide`]: `{"final": false, "now"
/// (seconds, never before `seen_unix`), "card" (the card's pseudonym here,
/// hex: HMAC-SHA256 of the token id under the page's `secret_hex`),
/// "budgets": [{"benefit", "from"}]}` (each budget's period start, a day
/// number: count this station's visits of the benefit from that day on).
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn station_read(
    bundle: &[u8],
    pinned_hex: &str,
    venue: &str,
    secret_hex: &str,
    text: &str,
    now_unix: f64,
    seen_unix: f64,
    stale_days: Vec<u32>,
    lang: &str,
) -> String {
    let t = Texts::of(lang);
    let Ok(bundle) = installed(bundle, pinned_hex) else {
        return Answer::refusal(t, "no_bundle", "verdict-no-bundle", t.get("hint-no-bundle", &[])).json(json!({}));
    };
    let Some(secret) = wire::hex_decode(secret_hex).filter(|s| s.len() == 32) else {
        return Answer::refusal(t, "no_bundle", "verdict-no-bundle", t.get("hint-no-bundle", &[])).json(json!({}));
    };
    let (warn, refuse) = stale_limits(&stale_days);
    let (now, age) = match station_checks(t, &bundle, now_unix, seen_unix, warn, refuse) {
        Ok(x) => x,
        Err(a) => return a.json(json!({})),
    };
    let (token, benefits) = match read_card(t, &bundle, venue, text, now, age, lang) {
        Ok(x) => x,
        Err(a) => return a.json(json!({})),
    };
    let pseudonym = shared::station::pseudonym(&secret, &token.claims().token_id);
    let today = now.oslo_day();
    let budgets: Vec<Value> = bundle
        .catalogue()
        .venue(venue)
        .map(|v| v.budgets.as_slice())
        .unwrap_or_default()
        .iter()
        .filter(|b| benefits.iter().any(|x| x.id == b.benefit))
        .filter_map(|b| period_of(b.per, today).map(|(from, _)| json!({ "benefit": b.benefit, "from": from.0 })))
        .collect();
    json!({
        "final": false,
        "now": now.0,
        "card": wire::hex_encode(&pseudonym),
        "budgets": budgets,
    })
    .to_string()
}

fn stale_limits(days: &[u32]) -> (u32, u32) {
    match days {
        [warn, refuse] if *warn >= 1 && warn <= refuse => (*warn, *refuse),
        _ => (shared::station::DEFAULT_STALE_WARN_DAYS, shared::station::DEFAULT_STALE_REFUSE_DAYS),
    }
}

/// Second half of a redemption (SPEC §16.3), inside the page's transaction:
/// the quotas and budgets decide, from `visits_json` (this card's visits
/// here, not undone: `[{"benefit", "at"}]`) and `used_json` (for each
/// budget [`station_read`] named, this station's visits from its `from`:
/// `[{"benefit", "from", "count"}]`), with this station's `share`
/// (`"1/1"`). The verdict as [`station_read`]'s refusals, and for a granted
/// visit `"record": {"benefit", "card_type", "companion_free", "at",
/// "day"}`: the visit to write in the same transaction.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn station_decide(
    bundle: &[u8],
    pinned_hex: &str,
    venue: &str,
    text: &str,
    now_unix: f64,
    visits_json: &str,
    used_json: &str,
    share: &str,
    stale_days: Vec<u32>,
    lang: &str,
) -> String {
    let t = Texts::of(lang);
    let Ok(bundle) = installed(bundle, pinned_hex) else {
        return Answer::refusal(t, "no_bundle", "verdict-no-bundle", t.get("hint-no-bundle", &[])).json(json!({}));
    };
    let now = Timestamp(now_unix as i64);
    let (warn_days, refuse_days) = stale_limits(&stale_days);
    let age = bundle_age(bundle.body().issued_at, now, warn_days, refuse_days);
    let (token, benefits) = match read_card(t, &bundle, venue, text, now, age, lang) {
        Ok(x) => x,
        Err(a) => return a.json(json!({})),
    };
    let visits: Vec<Visit> = serde_json::from_str::<Value>(visits_json)
        .ok()
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|v| Some(Visit { benefit: v["benefit"].as_str()?.to_string(), at: Timestamp(v["at"].as_i64()?) }))
        .collect();
    let used: Vec<(String, u32, u32)> = serde_json::from_str::<Value>(used_json)
        .ok()
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|u| {
            Some((
                u["benefit"].as_str()?.to_string(),
                u32::try_from(u["from"].as_u64()?).ok()?,
                u32::try_from(u["count"].as_u64()?).ok()?,
            ))
        })
        .collect();
    let budgets = bundle.catalogue().venue(venue).map_or(&[][..], |v| v.budgets.as_slice());
    let rules = Budgets { budgets, share: Share::parse(share).unwrap_or(Share::WHOLE) };
    let outcome = shared::decision::decide(&benefits, &visits, now, token.claims().valid_until, rules, |b, from| {
        used.iter().find(|(ub, uf, _)| ub == b && *uf == from.0).map_or(0, |u| u.2)
    });
    let card = card_line(t, &token, &bundle, lang);
    let name = |i: usize| benefits.get(i).map(|b| name_in(&b.names, lang).to_string()).unwrap_or_default();
    let companion = |i: usize| benefits.get(i).is_some_and(|b| b.companion_free);
    let answer = outcome_answer(t, &outcome, &name, &companion, card, stale_warning(t, age), now);
    let record = match &outcome {
        Outcome::Grant { index, .. } => benefits.get(*index).map(|b| {
            json!({
                "benefit": b.id,
                "card_type": token.claims().card_type.0,
                "companion_free": b.companion_free,
                "at": now.0,
                "day": now.oslo_day().0,
            })
        }),
        _ => None,
    };
    let granted = match outcome {
        Outcome::Grant { index, .. } => name(index),
        _ => String::new(),
    };
    answer.json(json!({ "record": record, "benefit_name": granted }))
}

/// The words of a redemption's outcome (as `verifier`'s `redeem_verdict`).
fn outcome_answer(
    t: &Texts,
    outcome: &Outcome,
    name: &dyn Fn(usize) -> String,
    companion: &dyn Fn(usize) -> bool,
    card: String,
    mut warning: String,
    now: Timestamp,
) -> Answer {
    match outcome {
        Outcome::Grant { index, warn } => {
            let companion = companion(*index);
            if let Some(w) = warn {
                let budget = t.get(
                    "warning-budget",
                    &[
                        ("used", w.used.into()),
                        ("portion", w.portion.into()),
                        ("left", w.portion.saturating_sub(w.used).into()),
                        ("period", budget_period(t, w.budget.per.code(), w.from).into()),
                    ],
                );
                warning = if warning.is_empty() { budget } else { format!("{warning} · {budget}") };
            }
            Answer {
                valid: true,
                code: "ok",
                headline: t.get(
                    "verdict-valid",
                    &[("benefit", name(*index).into()), ("companion", if companion { "yes" } else { "no" }.into())],
                ),
                hint: String::new(),
                card,
                warning,
            }
        }
        Outcome::BudgetExhausted { index, state } => {
            let divided = if state.portion == state.budget.count { "no" } else { "yes" };
            Answer {
                valid: false,
                code: "budget_exhausted",
                headline: t.get(
                    "verdict-budget-exhausted",
                    &[
                        ("count", state.budget.count.into()),
                        ("portion", state.portion.into()),
                        ("divided", divided.into()),
                        ("period", budget_period(t, state.budget.per.code(), state.from).into()),
                    ],
                ),
                hint: t.get("hint-budget-exhausted", &[("benefit", name(*index).into())]),
                card,
                warning,
            }
        }
        Outcome::Quota(decision) => {
            let (index, quota, next) = match decision {
                Decision::Used { index, quota, next } => (*index, Some(*quota), *next),
                Decision::Grant { index } => (*index, None, None),
            };
            let headline = match next {
                Some(d) => next_day(t, d, now.oslo_day()),
                None => t.get("verdict-used", &[]),
            };
            let limit = quota.map(|q| quota_text(t, q)).unwrap_or_default();
            let hint = t.get(
                "hint-quota-exhausted",
                &[
                    ("benefit", name(index).into()),
                    ("limit", limit.into()),
                    ("next", if next.is_some() { "yes" } else { "no" }.into()),
                ],
            );
            Answer { valid: false, code: "quota_exhausted", headline, hint, card, warning }
        }
    }
}

fn quota_text(t: &Texts, q: Quota) -> String {
    t.get("quota-limit", &[("count", q.count.into()), ("per", q.per.code().into())])
}

fn budget_period(t: &Texts, per: &str, from: Day) -> String {
    let (y, m, _) = from.ymd();
    t.get(
        "budget-period",
        &[("per", per.into()), ("year", y.to_string().into()), ("month", m.into()), ("from", from.display_nb().into())],
    )
}

/// "BRUKT · neste gang fra mandag 24.11." (the year only if not `today`'s),
/// as the binary words it.
fn next_day(t: &Texts, d: Day, today: Day) -> String {
    const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let (y, m, dd) = d.ymd();
    let weekday = WEEKDAYS.get(d.weekday() as usize).copied().unwrap_or("sun");
    let monthname = MONTHS.get(m.saturating_sub(1) as usize).copied().unwrap_or("dec");
    t.get(
        "verdict-used-next",
        &[
            ("weekday", weekday.into()),
            ("day", dd.to_string().into()),
            ("month", m.to_string().into()),
            ("monthname", monthname.into()),
            ("year", y.to_string().into()),
            ("sameyear", if y == today.year() { "yes" } else { "no" }.into()),
        ],
    )
}

/// The usage report of `month` (`YYYY-MM`) to sign (SPEC §13.1): `rows_json`
/// is this station's visits of the month, `[{"day", "benefit",
/// "card_type", "companion"}]` (companion: whether staff recorded one).
/// JSON `{"body": hex, "message": hex}`: the page signs `message` with its
/// station key and hands both to [`station_report_file`]; `{}` if the month
/// or rows are not usable.
#[wasm_bindgen]
pub fn station_report(venue: &str, month: &str, rows_json: &str, generated_at: f64) -> String {
    let Some(month) = Month::parse(month) else { return "{}".into() };
    let (from, until) = month.days();
    let mut counts: std::collections::BTreeMap<(Day, u16, String), (u32, u32)> = std::collections::BTreeMap::new();
    for r in serde_json::from_str::<Value>(rows_json).ok().and_then(|v| v.as_array().cloned()).unwrap_or_default() {
        let (Some(day), Some(benefit), Some(card_type)) = (
            r["day"].as_u64().and_then(|d| u32::try_from(d).ok()).map(Day),
            r["benefit"].as_str(),
            r["card_type"].as_u64().and_then(|c| u16::try_from(c).ok()),
        ) else {
            continue;
        };
        if day < from || day > until {
            continue;
        }
        let e = counts.entry((day, card_type, benefit.to_string())).or_default();
        e.0 = e.0.saturating_add(1);
        e.1 = e.1.saturating_add(u32::from(r["companion"].as_bool() == Some(true)));
    }
    let body = ReportBody {
        format: REPORT_FORMAT,
        venue_id: venue.to_string(),
        report_id: report_id(venue, from, until),
        from,
        until,
        generated_at: Timestamp(generated_at as i64),
        rows: counts
            .into_iter()
            .map(|((day, card_type, benefit), (count, companions))| ReportRow {
                day,
                benefit,
                card_type: CardTypeId(card_type),
                count,
                companions,
            })
            .collect(),
    };
    let (body, message) = report_to_sign(&body);
    json!({ "body": wire::hex_encode(&body), "message": wire::hex_encode(&message) }).to_string()
}

/// The report file (SPEC §13.2) from [`station_report`]'s body, the
/// station's raw Ed25519 public key and its signature; empty if a part has
/// the wrong size.
#[wasm_bindgen]
pub fn station_report_file(public_key: &[u8], body_hex: &str, signature: &[u8]) -> Vec<u8> {
    let (Ok(key), Some(body), Ok(sig)) =
        (<[u8; 32]>::try_from(public_key), wire::hex_decode(body_hex), <[u8; 64]>::try_from(signature))
    else {
        return Vec::new();
    };
    report_file(key, body, sig)
}

/// The text of the first readable QR code in a camera frame of `width` ×
/// `height` RGBA pixels (a canvas's `ImageData`), or an empty string: the
/// decoder the binary uses (quircs), on the frame's luma.
#[wasm_bindgen]
pub fn decode_frame(rgba: &[u8], width: u32, height: u32) -> String {
    let (w, h) = (width as usize, height as usize);
    if w == 0 || h == 0 || rgba.len() < w * h * 4 {
        return String::new();
    }
    let luma: Vec<u8> = rgba
        .chunks_exact(4)
        .take(w * h)
        .map(|p| match p {
            [r, g, b, _] => ((u32::from(*r) * 77 + u32::from(*g) * 150 + u32::from(*b) * 29) >> 8) as u8,
            _ => 255,
        })
        .collect();
    let mut quirc = quircs::Quirc::default();
    for code in quirc.identify(w, h, &luma).flatten() {
        if let Ok(data) = code.decode()
            && let Ok(text) = String::from_utf8(data.payload)
        {
            return text;
        }
    }
    String::new()
}

/// What the page may remove (SPEC §11.10, §16.2), as the binary's log:
/// JSON `[{"card_type", "benefit", "before"}]`, a day number: visits of
/// that card type and benefit on an earlier day are no longer counted by
/// any quota or report. Card types and benefits not listed are kept.
/// "Today" is the installed bundle's issue day, never the device's clock.
#[wasm_bindgen]
pub fn station_retention(bundle: &[u8], pinned_hex: &str) -> String {
    let Ok(bundle) = installed(bundle, pinned_hex) else { return "[]".into() };
    let today = bundle.body().issued_at.oslo_day();
    let cat = bundle.catalogue();
    let mut out = Vec::new();
    for ct in &cat.card_types {
        for b in &ct.benefits {
            let quotas = shared::retention::counting_quotas(cat, &b.id, &b.quotas);
            if let Some(day) = shared::retention::keep_from(ct, &quotas, today) {
                out.push(json!({ "card_type": ct.id.0, "benefit": b.id, "before": day.0 }));
            }
        }
    }
    Value::from(out).to_string()
}

/// The first second of day number `day` in Oslo (Unix seconds): a visit's
/// time rounded to its day once it can no longer be undone.
#[wasm_bindgen]
pub fn day_start(day: u32) -> f64 {
    Day(day).oslo_midnight().0 as f64
}

/// The page's own words in `lang` (nb, en): JSON `{id: text}` of every
/// message without arguments in `wasm/i18n/<lang>.ftl`.
#[wasm_bindgen]
pub fn station_texts(lang: &str) -> String {
    Texts::of(lang).all_plain().to_string()
}

/// One message with arguments, for the page's status lines: `args_json` is
/// `{name: string or number}`.
#[wasm_bindgen]
pub fn station_text(lang: &str, id: &str, args_json: &str) -> String {
    let v: Value = serde_json::from_str(args_json).unwrap_or(Value::Null);
    let owned: Vec<(String, fluent_bundle::FluentValue<'static>)> = v
        .as_object()
        .map(|o| {
            o.iter()
                .filter_map(|(k, v)| match v {
                    Value::Number(n) => n.as_f64().map(|n| (k.clone(), n.into())),
                    Value::String(s) => Some((k.clone(), s.clone().into())),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let args: Args = owned.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    Texts::of(lang).get(id, &args)
}
