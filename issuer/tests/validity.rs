//! Cards that last (issue 15): a card type that rolls over on 1 November,
//! issued on 5 December, is valid to the end of next year on the sheet and
//! at the venue's real verifier; a wrongly long card is refused; the issue
//! page shows the validity before the sheet is made and offers next year's
//! period; an out-of-range period says what is allowed; a sibling sheet
//! holds two card types whose every code verifies.

use axum::Router;
use axum::http::StatusCode;
use e2e::pdf::{pdf_text, qr_codes_on_page};
use issuer::IssuerError;
use issuer::issue::{IssueRequest, QrForm, issue_cards};
use issuer::web::{AppState, app, prepare};
use shared::wire::{self, Claims, TokenId};
use shared::{CardTypeId, Day, FixedClock, Timestamp, ValidityRule};
use std::path::{Path, PathBuf};

mod common;
use common::*;

fn day(y: i32, m: u32, d: u32) -> Day {
    Day::from_ymd(y, m, d).unwrap()
}

/// Saturday 5 December 2026, 10:00 in Oslo.
fn dec_5() -> Timestamp {
    day(2026, 12, 5).oslo_midnight().plus_seconds(10 * 3600)
}

struct Fixture {
    tmp: tempfile::TempDir,
    app: Router,
    setup_link: String,
    fingerprint: shared::Fingerprint,
}

impl Fixture {
    /// An issuer whose clock stands at `now`, with the caseworker `kari`.
    fn at(now: Timestamp) -> Fixture {
        let tmp = tempfile::tempdir().unwrap();
        let (store, setup) = prepare(&tmp.path().join("issuer"), "http://127.0.0.1:8080", now).unwrap();
        let fingerprint = store.ring().root_fingerprint();
        add_caseworker(&store);
        let state = AppState::new(store, Box::new(FixedClock(now)), false);
        Fixture { tmp, app: app(state), setup_link: setup.unwrap(), fingerprint }
    }

    /// The published trust bundle's bytes.
    async fn bundle(&self) -> Vec<u8> {
        let res = send(&self.app, get("/bundle", "")).await;
        assert_eq!(res.status(), StatusCode::OK);
        axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap().to_vec()
    }

    /// POST the issue form as `kari`; the response's status and body.
    async fn issue(&self, kari: &str, form: &[(&str, &str)]) -> (StatusCode, Vec<u8>) {
        let csrf = csrf_field(&text(send(&self.app, get("/issue", kari)).await).await);
        let mut fields = vec![("csrf", csrf.as_str())];
        fields.extend_from_slice(form);
        let res = send(&self.app, post("/issue", kari, &fields)).await;
        let status = res.status();
        (status, axum::body::to_bytes(res.into_body(), 1 << 24).await.unwrap().to_vec())
    }

    /// Write `pdf` next to the issuer's data; its path.
    fn save(&self, name: &str, pdf: &[u8]) -> PathBuf {
        assert!(pdf.starts_with(b"%PDF-"), "{}", String::from_utf8_lossy(pdf));
        let path = self.tmp.path().join(name);
        std::fs::write(&path, pdf).unwrap();
        path
    }
}

/// The administrator sets card type 1 to roll over on `roll_over` on the
/// card type page.
async fn set_roll_over(f: &Fixture, roll_over: &str) {
    set_up_admin(&f.app, &f.setup_link).await;
    let anne = log_in(&f.app, "anne", PW).await;
    let html = text(send(&f.app, get("/admin/card-types/edit?id=1", &anne)).await).await;
    assert!(html.contains("name=\"roll_over\""), "{html}");
    let csrf = csrf_field(&html);
    let form = [
        ("csrf", csrf.as_str()),
        ("id", "1"),
        ("name_nb", "0–13 år med ledsager"),
        ("name_en", "Age 0–13 with companion"),
        ("age_min", "0"),
        ("age_max", "13"),
        ("validity", "calendar_year"),
        ("roll_over", roll_over),
    ];
    let html = text(send(&f.app, post("/admin/card-types/edit", &anne, &form)).await).await;
    assert!(html.contains("kort delt ut fra 01.11. gjelder ut neste år"), "{html}");
}

/// A venue set up with `bundle` at `now`.
fn venue(dir: &Path, bundle: &[u8], fingerprint: &shared::Fingerprint, now: Timestamp) -> verifier::store::VenueStore {
    verifier::store::VenueStore::init(dir, bundle, fingerprint, "bolgen-kino", now).unwrap()
}

/// The venue's check of `text` at `now`: as `verifier check` on the day
/// the bundle was installed; later (the bundle would be too old by the
/// venue's limits), the same check of the card against that bundle.
fn check(store: &verifier::store::VenueStore, text: &str, now: Timestamp) -> (bool, &'static str) {
    let v = if now.oslo_day() == store.bundle().body().issued_at.oslo_day() {
        verifier::check::check_at_venue(store, text, now, "nb").unwrap()
    } else {
        verifier::check::check(store.bundle(), store.venue_id(), text, now, "nb")
    };
    (v.valid, v.reason)
}

#[tokio::test]
async fn a_card_type_rolling_over_on_1_november_issued_on_5_december_lasts_to_the_end_of_next_year() {
    let f = Fixture::at(dec_5());
    set_roll_over(&f, "01.11").await;
    // In the catalogue (as `issuer catalogue --json` writes it and
    // `--import` reads it), the roll-over is part of the validity.
    let bundle = f.bundle().await;
    let verified = shared::verify_bundle(&bundle, &f.fingerprint, dec_5()).unwrap();
    let json = serde_json::to_string(verified.catalogue()).unwrap();
    assert!(json.contains(r#""validity":{"kind":"calendar_year","roll_over":"11-01"}"#), "{json}");
    let back: shared::Catalogue = serde_json::from_str(&json).unwrap();
    assert_eq!(back.card_types[0].validity, ValidityRule::CalendarYear { roll_over: shared::RollOver::new(11, 1) });

    // The caseworker sees what will be printed before making the sheet.
    let kari = log_in(&f.app, "kari", PW).await;
    let html = text(send(&f.app, get("/issue", &kari)).await).await;
    let row = |id: &str| {
        let i = html.find(&format!("<tr data-card-type=\"{id}\">")).unwrap_or_else(|| panic!("row {id}: {html}"));
        html[i..].split("</tr>").next().unwrap().to_string()
    };
    assert!(row("1").contains("<td class=\"validity-now\">05.12.2026–31.12.2027</td>"), "{}", row("1"));
    assert!(row("2").contains("<td class=\"validity-now\">05.12.2026–31.12.2026</td>"), "{}", row("2"));
    assert!(row("2").contains("<td class=\"validity-next\">01.01.2027–31.12.2027</td>"), "{}", row("2"));

    let (status, pdf) = f.issue(&kari, &[("card_type", "1"), ("count", "2")]).await;
    assert_eq!(status, StatusCode::OK);
    let pdf = f.save("rolled.pdf", &pdf);
    assert_eq!(pdf_text(&pdf).matches("Gyldig 05.12.2026–31.12.2027").count(), 2, "{}", pdf_text(&pdf));
    let codes = qr_codes_on_page(&pdf, 1, f.tmp.path());
    assert_eq!(codes.len(), 2);

    // The venue's verifier: valid all next year, expired after it.
    let station = tempfile::tempdir().unwrap();
    let store = venue(station.path(), &bundle, &f.fingerprint, dec_5());
    let midsummer = day(2027, 6, 24).oslo_midnight().plus_seconds(12 * 3600);
    let new_years_eve = day(2027, 12, 31).oslo_midnight().plus_seconds(23 * 3600);
    let after = day(2028, 1, 1).oslo_midnight().plus_seconds(12 * 3600);
    for code in &codes {
        assert_eq!(check(&store, code, dec_5()), (true, "ok"));
        assert_eq!(check(&store, code, midsummer), (true, "ok"));
        assert_eq!(check(&store, code, new_years_eve), (true, "ok"));
        assert_eq!(check(&store, code, after), (false, "expired"));
    }

    // A card signed with the issuer's own key but longer than the rule
    // allows is refused: one that runs into the year after next, and one
    // that started before the roll-over day.
    let ring = issuer::store::Store::open(&f.tmp.path().join("issuer")).unwrap();
    let (key_id, key) = ring.ring().signer_for(day(2026, 12, 5)).unwrap();
    let forged = |from: Day, until: Day, n: u8| {
        let claims = Claims {
            key_id,
            token_id: TokenId([n; 16]),
            card_type: CardTypeId(1),
            valid_from: from,
            valid_until: until,
            issued_on: day(2026, 12, 5),
        };
        wire::encode_decimal(&shared::sign_token(&key, &claims))
    };
    assert_eq!(check(&store, &forged(day(2026, 12, 5), day(2028, 12, 31), 1), midsummer), (false, "validity_too_long"));
    assert_eq!(
        check(&store, &forged(day(2026, 10, 31), day(2027, 12, 31), 2), midsummer),
        (false, "validity_too_long")
    );
    // Card type 2 does not roll over: to the end of next year is too long.
    let mut claims = Claims {
        key_id,
        token_id: TokenId([3; 16]),
        card_type: CardTypeId(2),
        valid_from: day(2026, 12, 5),
        valid_until: day(2027, 12, 31),
        issued_on: day(2026, 12, 5),
    };
    let long = wire::encode_decimal(&shared::sign_token(&key, &claims));
    assert_eq!(check(&store, &long, midsummer), (false, "validity_too_long"));
    claims.valid_until = day(2026, 12, 31);
    assert_eq!(check(&store, &wire::encode_decimal(&shared::sign_token(&key, &claims)), dec_5()), (true, "ok"));
}

#[tokio::test]
async fn next_years_period_is_one_click_and_an_out_of_range_period_says_what_is_allowed() {
    let f = Fixture::at(dec_5());
    let kari = log_in(&f.app, "kari", PW).await;
    let html = text(send(&f.app, get("/issue", &kari)).await).await;
    assert!(html.contains("name=\"period\" value=\"2027\"> Neste år (2027)"), "{html}");

    // Next year's period for a type without roll-over: 1 January to 31 December.
    let (status, pdf) = f.issue(&kari, &[("card_type", "2"), ("count", "1"), ("period", "2027")]).await;
    assert_eq!(status, StatusCode::OK);
    let pdf = f.save("next.pdf", &pdf);
    assert!(pdf_text(&pdf).contains("Gyldig 01.01.2027–31.12.2027"), "{}", pdf_text(&pdf));

    // Out of range: the message names what can be chosen, in the page's language.
    let (status, body) = f.issue(&kari, &[("card_type", "2"), ("count", "1"), ("period", "2029")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = String::from_utf8(body).unwrap();
    assert!(
        html.contains("Perioden 2029 kan ikke velges for denne korttypen i dag. Du kan velge 2026 eller 2027."),
        "{html}"
    );
    assert!(html.contains("name=\"period\" value=\"2027\" checked") || html.contains("value=\"\" checked"), "{html}");

    // The typed error, with what is allowed.
    let store = issuer::store::Store::open(&f.tmp.path().join("issuer")).unwrap();
    let req = |card_type, period| IssueRequest {
        card_type: CardTypeId(card_type),
        count: 1,
        valid_from: None,
        valid_until: None,
        qr_form: QrForm::Token,
        period,
    };
    let today = day(2026, 12, 5);
    let err = issue_cards(store.catalogue(), store.ring(), &req(2, Some(2025)), today).unwrap_err();
    assert!(
        matches!(&err, IssuerError::PeriodNotAllowed { period: 2025, allowed, .. } if allowed == &[2026, 2027]),
        "{err:?}"
    );
    let cards = issue_cards(store.catalogue(), store.ring(), &req(2, Some(2027)), today).unwrap();
    assert_eq!((cards[0].valid_from.as_str(), cards[0].valid_until.as_str()), ("2027-01-01", "2027-12-31"));
    let cards = issue_cards(store.catalogue(), store.ring(), &req(2, Some(2026)), today).unwrap();
    assert_eq!((cards[0].valid_from.as_str(), cards[0].valid_until.as_str()), ("2026-12-05", "2026-12-31"));
}

#[test]
fn a_rule_without_periods_says_so_in_english_too() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = issuer::store::Store::init(tmp.path(), dec_5()).unwrap();
    let mut cat = store.catalogue().clone();
    cat.card_types[1].validity = ValidityRule::Months { months: 6 };
    store.catalogue_mut().replace(cat, "test", dec_5()).unwrap();
    let req = IssueRequest {
        card_type: CardTypeId(2),
        count: 1,
        valid_from: None,
        valid_until: None,
        qr_form: QrForm::Token,
        period: None,
    };
    let today = day(2026, 12, 5);
    let cards = issue_cards(store.catalogue(), store.ring(), &req, today).unwrap();
    assert_eq!((cards[0].valid_from.as_str(), cards[0].valid_until.as_str()), ("2026-12-05", "2027-06-04"));
    let err = issue_cards(store.catalogue(), store.ring(), &IssueRequest { period: Some(2027), ..req }, today);
    let err = err.unwrap_err();
    assert!(matches!(&err, IssuerError::PeriodNotAllowed { period: 2027, allowed, .. } if allowed.is_empty()));
    let (code, message) =
        issuer::web::issue::refusal(issuer::i18n::Messages::of(issuer::i18n::Lang::En), &err).unwrap();
    assert_eq!(code, "period_not_allowed");
    assert_eq!(
        message,
        "This card type has no periods to choose from: its cards are valid 05.12.2026–04.06.2027. Choose \"Usual validity\"."
    );
}

#[tokio::test]
async fn a_sibling_sheet_holds_both_card_types_and_every_code_verifies() {
    let f = Fixture::at(NOW);
    let kari = log_in(&f.app, "kari", PW).await;
    let (status, pdf) =
        f.issue(&kari, &[("card_type", "1"), ("count", "2"), ("card_type2", "2"), ("count2", "3")]).await;
    assert_eq!(status, StatusCode::OK);
    let pdf = f.save("siblings.pdf", &pdf);
    let text_of = pdf_text(&pdf);
    assert_eq!(text_of.matches("Navn:").count(), 5, "{text_of}");
    let codes = qr_codes_on_page(&pdf, 1, f.tmp.path());
    assert_eq!(codes.len(), 5);
    let bundle = shared::verify_bundle(&f.bundle().await, &f.fingerprint, NOW).unwrap();
    let mut types: Vec<u16> = codes
        .iter()
        .map(|c| shared::verify_text(c, &bundle, NOW).unwrap_or_else(|e| panic!("{c}: {e}")).claims().card_type.0)
        .collect();
    types.sort_unstable();
    assert_eq!(types, [1, 1, 2, 2, 2]);

    // The same type twice, or more than 500 in all, is refused with a message.
    let (status, body) =
        f.issue(&kari, &[("card_type", "1"), ("count", "1"), ("card_type2", "1"), ("count2", "1")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(String::from_utf8(body).unwrap().contains("Velg to ulike korttyper"));
    let (status, body) =
        f.issue(&kari, &[("card_type", "1"), ("count", "300"), ("card_type2", "2"), ("count2", "201")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(String::from_utf8(body).unwrap().contains("Antall må være et tall fra 1 til 500."));
    // An empty second count is no second type.
    let (status, res) =
        f.issue(&kari, &[("card_type", "1"), ("count", "1"), ("card_type2", "2"), ("count2", "")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(qr_codes_on_page(&f.save("one.pdf", &res), 1, f.tmp.path()).len(), 1);
}

/// POST JSON to the API; (status, answer).
async fn api(
    f: &Fixture,
    path: &str,
    bearer: Option<&str>,
    body: serde_json::Value,
) -> (StatusCode, serde_json::Value) {
    use tower::ServiceExt as _;
    let mut req = axum::http::Request::post(path).header("content-type", "application/json");
    if let Some(b) = bearer {
        req = req.header("authorization", format!("Bearer {b}"));
    }
    let res = f.app.clone().oneshot(req.body(axum::body::Body::from(body.to_string())).unwrap()).await.unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap();
    (status, serde_json::from_slice(&bytes).unwrap())
}

#[tokio::test]
async fn the_api_takes_a_period_and_refuses_one_out_of_range() {
    let f = Fixture::at(dec_5());
    let (status, v) = api(&f, "/api/v1/login", None, serde_json::json!({"username": "kari", "password": PW})).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let token = v["token"].as_str().unwrap().to_string();
    let (status, v) = api(&f, "/api/v1/cards", Some(&token), serde_json::json!({"card_type": 2, "period": 2027})).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    assert_eq!(
        (v["cards"][0]["valid_from"].as_str(), v["cards"][0]["valid_until"].as_str()),
        (Some("2027-01-01"), Some("2027-12-31"))
    );
    let (status, v) = api(&f, "/api/v1/cards", Some(&token), serde_json::json!({"card_type": 2, "period": 2029})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"], "period_not_allowed");
    assert!(v["message"].as_str().unwrap_or_default().contains("Du kan velge 2026 eller 2027."), "{v}");
}

#[tokio::test]
async fn families_read_the_roll_over_on_the_offers_page() {
    let f = Fixture::at(dec_5());
    set_roll_over(&f, "01.11").await;
    let html = text(send(&f.app, get("/tilbud", "")).await).await;
    assert!(html.contains("Gjelder ut kalenderåret; kort delt ut fra 01.11. gjelder ut neste år"), "{html}");
    let html = text(send(&f.app, get("/tilbud?lang=en", "")).await).await;
    assert!(html.contains("cards issued from 01.11. are valid until the end of next year"), "{html}");
}

#[tokio::test]
async fn the_admin_sets_a_number_of_months_and_a_bad_roll_over_day_is_explained() {
    let f = Fixture::at(dec_5());
    set_up_admin(&f.app, &f.setup_link).await;
    let anne = log_in(&f.app, "anne", PW).await;
    let csrf = csrf_field(&text(send(&f.app, get("/admin/card-types/edit?id=2", &anne)).await).await);
    let form = |validity: &'static str, extra: (&'static str, &'static str)| {
        vec![
            ("csrf", csrf.clone()),
            ("id", "2".into()),
            ("name_nb", "14–18 år".into()),
            ("age_min", "14".into()),
            ("age_max", "18".into()),
            ("validity", validity.into()),
            (extra.0, extra.1.into()),
        ]
    };
    let post_form = |fields: Vec<(&'static str, String)>| {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        post("/admin/card-types/edit", &anne, &fields)
    };
    let res = send(&f.app, post_form(form("calendar_year", ("roll_over", "29.02")))).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res).await.contains("Den må finnes hvert år (ikke 29.02)"));
    // Six months does not cover a calendar year: the change needs confirming.
    let mut six = form("months", ("months", "6"));
    six.push(("confirm_narrower", "yes".into()));
    let html = text(send(&f.app, post_form(six)).await).await;
    assert!(html.contains("6 × måned"), "{html}");
    let bundle = shared::verify_bundle(&f.bundle().await, &f.fingerprint, dec_5()).unwrap();
    assert_eq!(bundle.catalogue().card_types[1].validity, ValidityRule::Months { months: 6 });
    let kari = log_in(&f.app, "kari", PW).await;
    let html = text(send(&f.app, get("/issue", &kari)).await).await;
    assert!(html.contains("<td class=\"validity-now\">05.12.2026–04.06.2027</td>"), "{html}");
}
