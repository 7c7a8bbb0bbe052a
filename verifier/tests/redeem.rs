//! Redeeming with injected time: quotas over days, weeks, months and years,
//! re-encoded cards, companions, several and shared benefits, refusals that
//! record nothing, the clock's high-water mark, staleness, undo and
//! concurrent stations on one log.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use shared::ed25519_dalek::SigningKey;
use shared::wire::{self, CardNumber, Claims, KeyId, PublicKeyBytes, TokenId};
use shared::{
    Benefit, BundleBody, CardType, CardTypeId, Catalogue, Category, Day, Fingerprint, Period, Quota, SigningKeyEntry,
    Timestamp, TokenError, ValidityRule, Venue,
};
use std::path::Path;
use verifier::VerifierError;
use verifier::check::{StaleWarning, check_at_venue};
use verifier::i18n::{Lang, Messages};
use verifier::log::{RedemptionLog, Undone};
use verifier::redeem::{RedeemVerdict, redeem};
use verifier::store::{Staleness, VenueStore};

const BASE_URL: &str = "https://kort.larvik.kommune.no";

fn day(y: i32, m: u32, d: u32) -> Day {
    Day::from_ymd(y, m, d).unwrap()
}

/// `hh:mm` Oslo time on a day.
fn at(d: Day, hh: i64, mm: i64) -> Timestamp {
    d.oslo_midnight().plus_seconds(hh * 3600 + mm * 60)
}

fn root() -> SigningKey {
    SigningKey::from_bytes(&[1; 32])
}

fn signer() -> SigningKey {
    SigningKey::from_bytes(&[2; 32])
}

fn benefit(id: &str, nb: &str, venues: &[&str], quotas: &[(u32, Period)], companion_free: bool) -> Benefit {
    Benefit {
        id: id.into(),
        names: [("nb".to_string(), nb.to_string()), ("en".to_string(), format!("{nb} (en)"))].into_iter().collect(),
        venues: venues.iter().map(|v| v.to_string()).collect(),
        quotas: quotas.iter().map(|&(count, per)| Quota { count, per }).collect(),
        companion_free,
    }
}

fn catalogue() -> Catalogue {
    let venue = |id: &str| Venue {
        id: id.into(),
        name: id.into(),
        category: Category::Other,
        address: "x".into(),
        ..Default::default()
    };
    let card_type = |id: u16, companion: bool| CardType {
        id: CardTypeId(id),
        names: [("nb".to_string(), format!("Type {id}"))].into_iter().collect(),
        age_min: 0,
        age_max: 18,
        validity: ValidityRule::Days { days: 400 },
        benefits: vec![
            benefit("kino", "Kino", &["kino"], &[(1, Period::Week)], companion),
            benefit("svomming", "Svømming", &["bad-a", "bad-b"], &[(1, Period::Day), (2, Period::Week)], companion),
            benefit("museum", "Museum", &["museum"], &[(1, Period::Month)], companion),
            benefit("park", "Park", &["park"], &[(1, Period::Year)], companion),
            benefit("konsert", "Konsert", &["hall"], &[(1, Period::Validity)], companion),
            benefit("teater", "Teater", &["hall"], &[(1, Period::Week)], companion),
        ],
    };
    Catalogue {
        scheme_name: "Test".into(),
        public_base_url: BASE_URL.into(),
        venues: ["kino", "bad-a", "bad-b", "museum", "park", "hall", "elsewhere"].iter().map(|v| venue(v)).collect(),
        card_types: vec![card_type(1, true), card_type(2, false)],
        contact: None,
    }
}

fn bundle(issued_at: Timestamp, revoked: Vec<CardNumber>) -> Vec<u8> {
    let pk = signer().verifying_key().to_bytes();
    let body = BundleBody {
        version: 1,
        issued_at,
        expires_at: issued_at.plus_seconds(60 * 86_400),
        root_key_id: KeyId::of(&root().verifying_key().to_bytes()),
        signing_keys: vec![SigningKeyEntry {
            key_id: KeyId::of(&pk),
            public_key: PublicKeyBytes(pk),
            valid_from: day(2026, 1, 1),
            valid_until: day(2027, 12, 31),
        }],
        catalogue: catalogue(),
        revoked,
    };
    shared::sign_bundle(&root(), vec![], &body)
}

/// A card's decimal text: card type, validity, and a token id of `n` bytes.
fn card(card_type: u16, from: Day, until: Day, n: u8) -> String {
    let pk = signer().verifying_key().to_bytes();
    let claims = Claims {
        key_id: KeyId::of(&pk),
        token_id: TokenId([n; 16]),
        card_type: CardTypeId(card_type),
        valid_from: from,
        valid_until: until,
        issued_on: from,
    };
    wire::encode_decimal(&shared::sign_token(&signer(), &claims))
}

/// A card valid from 2026-11-01 for 400 days.
fn good(card_type: u16, n: u8) -> String {
    card(card_type, day(2026, 11, 1), day(2027, 12, 4), n)
}

/// The bundle's issue time in most tests: Monday 2026-11-16 08:00.
fn t0() -> Timestamp {
    at(day(2026, 11, 16), 8, 0)
}

struct Station {
    _tmp: tempfile::TempDir,
    store: VenueStore,
    log: RedemptionLog,
}

impl Station {
    fn new(venue: &str) -> Station {
        Station::with(venue, t0(), vec![])
    }

    fn with(venue: &str, issued_at: Timestamp, revoked: Vec<CardNumber>) -> Station {
        let tmp = tempfile::tempdir().unwrap();
        let root_fp = Fingerprint::of(&root().verifying_key().to_bytes());
        let mut store = VenueStore::init(tmp.path(), &bundle(issued_at, revoked), &root_fp, venue, issued_at).unwrap();
        // Quota tests move the clock over months; staleness has its own test.
        store.set_staleness(Staleness::new(365, 365).unwrap()).unwrap();
        let log = RedemptionLog::open(tmp.path()).unwrap();
        Station { _tmp: tmp, store, log }
    }

    fn redeem(&mut self, text: &str, now: Timestamp) -> RedeemVerdict {
        redeem(&mut self.store, &mut self.log, text, now, "nb").unwrap()
    }

    fn visits(&self) -> u64 {
        self.log.report(None, None).unwrap().iter().map(|r| r.count).sum()
    }
}

/// The first column of every row of `sql` on the log at `path`.
fn column<T: rusqlite::types::FromSql>(path: &Path, sql: &str) -> Vec<T> {
    let db = rusqlite::Connection::open(path).unwrap();
    let mut stmt = db.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

fn headline(v: &RedeemVerdict, lang: Lang) -> String {
    Messages::of(lang).redeem_verdict(v).headline
}

#[test]
fn one_a_week_with_the_clock_moved_day_by_day_over_two_weeks() {
    let mut s = Station::new("kino");
    let text = good(1, 1);
    // Wednesday 18 November to Tuesday 1 December, 18:00 each day.
    let mut granted = Vec::new();
    for i in 0..14 {
        let d = day(2026, 11, 18).plus(i);
        let v = s.redeem(&text, at(d, 18, 0));
        if v.valid {
            assert_eq!(v.code, "ok");
            granted.push(d);
        } else {
            assert_eq!(v.code, "quota_exhausted", "{d}");
            assert_eq!(v.limit.as_deref(), Some("1/week"));
            let next_monday = d.week_start().plus(7);
            assert_eq!(v.next_use, Some(next_monday.to_string()), "{d}");
        }
    }
    assert_eq!(granted, vec![day(2026, 11, 18), day(2026, 11, 23), day(2026, 11, 30)]);
    assert_eq!(s.visits(), 3);

    // The staff's answer when refused, in both languages.
    let v = s.redeem(&text, at(day(2026, 12, 1), 9, 0));
    assert_eq!(headline(&v, Lang::Nb), "BRUKT · neste gang fra mandag 7.12.");
    assert_eq!(headline(&v, Lang::En), "USED · next from Monday 7 Dec");
    assert_eq!(Messages::of(Lang::Nb).redeem_verdict(&v).hint, "Kino: 1 per uke er brukt opp.");
}

#[test]
fn one_a_day_and_two_a_week_both_apply() {
    let mut s = Station::new("bad-a");
    let text = good(1, 2);
    let mon = day(2026, 11, 16);
    let v = s.redeem(&text, at(mon, 10, 0));
    assert!(v.valid);
    let v = s.redeem(&text, at(mon, 15, 0));
    assert_eq!(
        (v.code, v.limit.as_deref(), v.next_use.as_deref()),
        ("quota_exhausted", Some("1/day"), Some("2026-11-17"))
    );
    assert_eq!(headline(&v, Lang::Nb), "BRUKT · neste gang fra tirsdag 17.11.");
    assert!(s.redeem(&text, at(mon.plus(1), 10, 0)).valid);
    // Wednesday: the day has room, the week does not; next is Monday.
    let v = s.redeem(&text, at(mon.plus(2), 10, 0));
    assert_eq!(
        (v.code, v.limit.as_deref(), v.next_use.as_deref()),
        ("quota_exhausted", Some("2/week"), Some("2026-11-23"))
    );
    let v = s.redeem(&text, at(mon.plus(6), 23, 59));
    assert_eq!(v.next_use.as_deref(), Some("2026-11-23"));
    assert!(s.redeem(&text, at(mon.plus(7), 0, 1)).valid);
    assert_eq!(s.visits(), 3);
}

#[test]
fn month_and_year_quotas_across_their_boundaries() {
    let mut s = Station::new("museum");
    let text = good(1, 3);
    assert!(s.redeem(&text, at(day(2026, 11, 20), 12, 0)).valid);
    let v = s.redeem(&text, at(day(2026, 11, 30), 23, 30));
    assert_eq!((v.code, v.next_use.as_deref()), ("quota_exhausted", Some("2026-12-01")));
    assert_eq!(headline(&v, Lang::Nb), "BRUKT · neste gang fra tirsdag 1.12.");
    // 00:30 on 1 December in Oslo is still 30 November in UTC.
    assert!(s.redeem(&text, at(day(2026, 12, 1), 0, 30)).valid);
    assert_eq!(s.redeem(&text, at(day(2026, 12, 31), 12, 0)).next_use.as_deref(), Some("2027-01-01"));

    let mut s = Station::new("park");
    assert!(s.redeem(&text, at(day(2026, 12, 30), 12, 0)).valid);
    let v = s.redeem(&text, at(day(2026, 12, 31), 23, 59));
    assert_eq!((v.code, v.next_use.as_deref()), ("quota_exhausted", Some("2027-01-01")));
    assert_eq!(headline(&v, Lang::Nb), "BRUKT · neste gang fra fredag 1.1.2027");
    assert_eq!(headline(&v, Lang::En), "USED · next from Friday 1 Jan 2027");
    assert!(s.redeem(&text, at(day(2027, 1, 1), 0, 5)).valid);
    let v = s.redeem(&text, at(day(2027, 6, 1), 12, 0));
    assert_eq!((v.code, v.next_use.as_deref()), ("quota_exhausted", None), "the card ends 2027-12-04");
    assert_eq!(headline(&v, Lang::Nb), "BRUKT");
}

#[test]
fn a_url_form_mangled_by_a_scanner_on_another_keyboard_layout_is_read() {
    let mut s = Station::new("kino");
    let digits = good(1, 6);
    let now = at(day(2026, 11, 17), 18, 0);
    // A US-layout scanner on a Norwegian-layout computer: `:` → `Ø`, `/` → `-`.
    let url = wire::token_url_for_qr(BASE_URL, &digits);
    let mangled = url.replace(':', "Ø").replace('/', "-");
    assert_eq!(wire::token_bytes_from_text(&mangled), Err(shared::EncodingError::BadUrl), "not a URL form any more");
    assert_eq!(verifier::check::scanned_text(&mangled), digits);
    assert!(s.redeem(&format!("{mangled}\r\n"), now).valid, "{mangled}");
    assert_eq!(s.redeem(&digits, now).code, "quota_exhausted");
    // Only text ending in K, one separator and a token's worth of digits is
    // repaired; everything else keeps its own error.
    for other in ["HTTPSØ--X-K#123", "abc", "HTTPSØ--X-Q#1234567890", &format!("xk{digits}")] {
        assert_eq!(verifier::check::scanned_text(other), other);
    }
    assert_eq!(verifier::check::scanned_text(&url), url, "a valid URL form is left alone");
}

#[test]
fn a_re_encoded_card_is_the_same_card() {
    let mut s = Station::new("kino");
    let digits = good(1, 4);
    let url = wire::token_url_for_qr(BASE_URL, &digits);
    let lower = wire::token_url(BASE_URL, &digits).to_lowercase();
    assert_ne!(url, lower);
    let now = at(day(2026, 11, 17), 18, 0);
    assert!(s.redeem(&digits, now).valid);
    for text in [&url, &lower, &format!("  {digits}\r\n")] {
        let v = s.redeem(text, now);
        assert_eq!(v.code, "quota_exhausted", "{text}");
    }
    // Started from the URL form, the digits are refused too.
    let other = good(1, 5);
    assert!(s.redeem(&wire::token_url(BASE_URL, &other).to_lowercase(), now).valid);
    assert_eq!(s.redeem(&other, now).code, "quota_exhausted");
    assert_eq!(s.visits(), 2);
}

#[test]
fn companion_is_stated_only_where_the_benefit_includes_one() {
    let mut s = Station::new("kino");
    let now = at(day(2026, 11, 17), 18, 0);
    let v = s.redeem(&good(1, 6), now);
    assert_eq!(v.benefit.as_ref().map(|b| b.companion_free), Some(true));
    assert_eq!(headline(&v, Lang::Nb), "GYLDIG · Kino · 1 barn + 1 ledsager");
    let v_en = redeem(&mut s.store, &mut s.log, &good(1, 5), now, "en").unwrap();
    assert_eq!(headline(&v_en, Lang::En), "VALID · Kino (en) · 1 child + 1 companion");
    let v = s.redeem(&good(2, 7), now);
    assert_eq!(v.benefit.as_ref().map(|b| b.companion_free), Some(false));
    assert_eq!(headline(&v, Lang::Nb), "GYLDIG · Kino");
}

#[test]
fn several_benefits_at_one_venue_the_first_with_room_is_used() {
    let mut s = Station::new("hall");
    let text = good(1, 8);
    let wed = day(2026, 11, 18);
    let v = s.redeem(&text, at(wed, 18, 0));
    assert_eq!(v.benefit.map(|b| b.id), Some("konsert".into()));
    let v = s.redeem(&text, at(wed, 19, 0));
    assert_eq!(v.benefit.map(|b| b.id), Some("teater".into()));
    // Both used: the answer is about the one that frees up (teater, Monday).
    let v = s.redeem(&text, at(wed, 20, 0));
    assert_eq!(v.code, "quota_exhausted");
    assert_eq!(v.benefit.as_ref().map(|b| b.id.as_str()), Some("teater"));
    assert_eq!(v.next_use.as_deref(), Some("2026-11-23"));
    let v = s.redeem(&text, at(day(2026, 11, 23), 18, 0));
    assert_eq!(v.benefit.map(|b| b.id), Some("teater".into()));
    let rows = s.log.report(None, None).unwrap();
    let ids: Vec<(&str, u64)> = rows.iter().map(|r| (r.benefit.as_str(), r.count)).collect();
    assert_eq!(ids, vec![("konsert", 1), ("teater", 1), ("teater", 1)]);
}

#[test]
fn a_benefit_shared_by_two_venues_shares_its_quota() {
    let tmp = tempfile::tempdir().unwrap();
    let root_fp = Fingerprint::of(&root().verifying_key().to_bytes());
    let mut a = VenueStore::init(&tmp.path().join("a"), &bundle(t0(), vec![]), &root_fp, "bad-a", t0()).unwrap();
    let mut b = VenueStore::init(&tmp.path().join("b"), &bundle(t0(), vec![]), &root_fp, "bad-b", t0()).unwrap();
    // Both stations write to one log (e.g. one server for the municipality's pools).
    let mut log = RedemptionLog::open(tmp.path()).unwrap();
    let text = good(1, 9);
    let now = at(day(2026, 11, 16), 10, 0);
    assert!(redeem(&mut a, &mut log, &text, now, "nb").unwrap().valid);
    let v = redeem(&mut b, &mut log, &text, now.plus_seconds(3600), "nb").unwrap();
    assert_eq!((v.code, v.limit.as_deref(), v.venue.as_str()), ("quota_exhausted", Some("1/day"), "bad-b"));
    assert!(redeem(&mut b, &mut log, &text, at(day(2026, 11, 17), 10, 0), "nb").unwrap().valid);
    let v = redeem(&mut a, &mut log, &text, at(day(2026, 11, 18), 10, 0), "nb").unwrap();
    assert_eq!((v.code, v.limit.as_deref()), ("quota_exhausted", Some("2/week")));
}

#[test]
fn refused_cards_are_never_recorded() {
    let revoked = TokenId([10; 16]);
    let mut s = Station::with("kino", t0(), vec![CardNumber::of(&revoked)]);
    let now = at(day(2026, 11, 17), 18, 0);
    let cases: Vec<(String, &str)> = vec![
        (good(1, 10), "revoked"),
        (card(1, day(2026, 11, 1), day(2026, 11, 16), 11), "expired"),
        (card(1, day(2026, 11, 18), day(2026, 12, 31), 12), "not_yet_valid"),
        (good(3, 13), "unknown_card_type"),
        ("123".into(), "bad_encoding"),
        ("".into(), "bad_encoding"),
    ];
    for (text, code) in &cases {
        let v = s.redeem(text, now);
        assert_eq!((v.valid, v.code), (false, *code), "{code}");
    }
    let v = s.redeem(&card(1, day(2026, 11, 1), day(2026, 11, 16), 11), now);
    assert_eq!(v.error, Some(TokenError::Expired(day(2026, 11, 16))));
    assert_eq!(headline(&v, Lang::Nb), "UTLØPT 16.11.2026");
    // A valid card at a venue where its card type gives nothing.
    let mut elsewhere = Station::new("elsewhere");
    let v = elsewhere.redeem(&good(1, 14), now);
    assert_eq!((v.code, headline(&v, Lang::Nb).as_str()), ("not_valid_here", "GJELDER IKKE HER"));
    assert_eq!(s.visits() + elsewhere.visits(), 0);
    assert_eq!(s.log.high_water().unwrap(), None);
}

#[test]
fn the_clock_set_back_is_refused_beyond_ten_minutes_and_never_goes_back_within() {
    let mut s = Station::new("kino");
    let wed = at(day(2026, 11, 18), 18, 0);
    assert!(s.redeem(&good(1, 20), wed).valid);
    // A week back: refused, nothing recorded, the message says what to do.
    let err = redeem(&mut s.store, &mut s.log, &good(1, 21), wed.plus_seconds(-7 * 86_400), "nb").unwrap_err();
    match &err {
        VerifierError::ClockBehind { now, seen, behind_minutes } => {
            assert_eq!(
                (now.as_str(), seen.as_str(), *behind_minutes),
                ("2026-11-11 18:00", "2026-11-18 18:00", 10_080)
            );
        }
        other => panic!("expected ClockBehind, got {other:?}"),
    }
    assert_eq!(err.code(), "clock_rollback");
    assert!(err.to_string().contains("set the computer's date, time and time zone right"), "{err}");
    let text = Messages::of(Lang::Nb).station_error(&err).unwrap();
    assert_eq!(text.headline, "STOPP · klokka på maskinen er feil");
    assert_eq!(s.visits(), 1);
    // Eleven minutes back: refused too (the tolerance is the bundle's skew, 10 minutes).
    assert!(matches!(
        redeem(&mut s.store, &mut s.log, &good(1, 21), wed.plus_seconds(-660), "nb"),
        Err(VerifierError::ClockBehind { behind_minutes: 11, .. })
    ));
    // One minute back: accepted at the high-water mark.
    let v = s.redeem(&good(1, 21), wed.plus_seconds(-60));
    assert_eq!((v.valid, v.recorded_at), (true, Some(wed)));
    // Quota periods never go back: a visit on Monday 00:00:30, then the clock
    // reads Sunday 23:59:50 (40 s back): still Monday's week.
    let mon = at(day(2026, 11, 23), 0, 0).plus_seconds(30);
    assert!(s.redeem(&good(1, 22), mon).valid);
    let v = s.redeem(&good(1, 22), mon.plus_seconds(-40));
    assert_eq!((v.code, v.next_use.as_deref()), ("quota_exhausted", Some("2026-11-30")));
    // The bundle's issue time counts as seen: a clock a week before it is refused.
    let mut fresh = Station::new("kino");
    assert!(matches!(
        redeem(&mut fresh.store, &mut fresh.log, &good(1, 23), t0().plus_seconds(-700), "nb"),
        Err(VerifierError::ClockBehind { behind_minutes: 11, .. })
    ));
    // check (which records nothing) applies the same rule.
    assert!(matches!(
        check_at_venue(&s.store, &good(1, 24), wed.plus_seconds(-7 * 86_400), "nb"),
        Err(VerifierError::ClockBehind { .. })
    ));
}

#[test]
fn a_stale_bundle_warns_and_a_too_stale_one_refuses() {
    let mut s = Station::new("kino");
    s.store.set_staleness(Staleness::default()).unwrap();
    let text = good(1, 30);
    let v = s.redeem(&text, t0().plus_seconds(6 * 86_400));
    assert_eq!((v.valid, v.stale), (true, None));
    let v = s.redeem(&text, t0().plus_seconds(8 * 86_400));
    assert_eq!(v.stale, Some(StaleWarning { age_days: 8, days_left: 22 }));
    assert!(v.valid, "cards still verify");
    let t = Messages::of(Lang::Nb).redeem_verdict(&v);
    assert_eq!(t.headline, "GYLDIG · Kino · 1 barn + 1 ledsager");
    assert_eq!(
        t.warning,
        "Advarsel: tillitspakken er 8 dager gammel. Kjør «verifier update» snart; om 22 dager godtas ingen kort."
    );
    // A refusal carries the warning too.
    let v = s.redeem(&text, t0().plus_seconds(8 * 86_400 + 60));
    assert_eq!((v.code, v.stale.is_some()), ("quota_exhausted", true));
    let c = check_at_venue(&s.store, &text, t0().plus_seconds(8 * 86_400 + 60), "nb").unwrap();
    assert_eq!(c.stale, Some(StaleWarning { age_days: 8, days_left: 22 }));

    let before = s.visits();
    let late = t0().plus_seconds(30 * 86_400);
    let err = redeem(&mut s.store, &mut s.log, &good(1, 31), late, "nb").unwrap_err();
    assert!(matches!(err, VerifierError::BundleTooOld { age_days: 30, refuse_days: 30 }), "{err:?}");
    assert_eq!(err.code(), "bundle_too_old");
    assert!(err.to_string().contains("run `verifier update`"), "{err}");
    assert!(matches!(check_at_venue(&s.store, &text, late, "nb"), Err(VerifierError::BundleTooOld { .. })));
    assert_eq!(s.visits(), before);
    // The venue can allow more (bounded).
    s.store.set_staleness(Staleness::new(7, 60).unwrap()).unwrap();
    assert!(redeem(&mut s.store, &mut s.log, &good(1, 31), late, "nb").unwrap().valid);
}

#[test]
fn undo_marks_the_last_visit_within_five_minutes_once() {
    let mut s = Station::new("kino");
    let floor = s.store.bundle().body().issued_at;
    assert!(matches!(s.log.undo_last(t0(), floor), Err(VerifierError::NothingToUndo)));
    let (earlier, text) = (good(1, 39), good(1, 40));
    let now = at(day(2026, 11, 18), 18, 0);
    assert!(s.redeem(&earlier, now.plus_seconds(-60)).valid);
    assert!(s.redeem(&text, now).valid);
    let undone = Undone { visit: 2, benefit: "kino".into(), card_type: 1, at: now };
    assert_eq!(s.log.undo_last(now.plus_seconds(300), floor).unwrap(), undone);
    // The log cannot name the card number (it holds pseudonyms): `verifier
    // undo` names the card type and the time.
    let en = Messages::of(Lang::En);
    assert_eq!(en.undo_card(&s.store, &undone, None), "Type 1 · recorded 2026-11-18 18:00");
    assert_eq!(en.undo_card(&s.store, &undone, Some("248-H24-8HP")), "Card 248-H24-8HP · recorded 2026-11-18 18:00");
    assert_eq!(s.visits(), 1);
    // Once: a second undo does not reach the visit before it.
    assert!(matches!(s.log.undo_last(now.plus_seconds(300), floor), Err(VerifierError::NothingToUndo)));
    assert_eq!(s.visits(), 1);
    // The undone visit is kept, marked; the earlier one stays counted.
    let marks: Vec<Option<i64>> = column(s.log.path(), "SELECT undone_at FROM redemption ORDER BY id");
    assert_eq!(marks, [None, Some(now.plus_seconds(300).0)]);
    assert_eq!(s.redeem(&earlier, now.plus_seconds(301)).code, "quota_exhausted");
    // The card can be used again, then the undo window passes.
    assert!(s.redeem(&text, now.plus_seconds(400)).valid);
    match s.log.undo_last(now.plus_seconds(400 + 301), floor) {
        Err(VerifierError::UndoTooLate { benefit, at, window_minutes: 5 }) => {
            assert_eq!((benefit.as_str(), at.as_str()), ("kino", "2026-11-18 18:06"));
        }
        other => panic!("expected UndoTooLate, got {other:?}"),
    }
    assert_eq!(s.visits(), 2);
}

#[test]
fn a_device_undoes_only_its_own_last_visit_as_confirmed() {
    let mut s = Station::new("kino");
    let floor = s.store.bundle().body().issued_at;
    let now = at(day(2026, 11, 18), 18, 0);
    let (a, b) = (good(1, 41), good(1, 42));
    let granted = verifier::redeem::redeem_as(&mut s.store, &mut s.log, 1, &a, now, "nb").unwrap();
    // The verdict names the visit it recorded with the card number (what
    // `verifier serve` keeps in memory for the confirmation).
    let number = CardNumber::of(&TokenId([41; 16])).to_string();
    assert_eq!((granted.valid, granted.visit, granted.card_number.as_deref()), (true, Some(1), Some(number.as_str())));
    assert!(verifier::redeem::redeem_as(&mut s.store, &mut s.log, 2, &b, now.plus_seconds(5), "nb").unwrap().valid);
    // The command line has no visit of its own here.
    assert!(matches!(s.log.undo_last(now.plus_seconds(10), floor), Err(VerifierError::NothingToUndo)));
    // Device 1's confirmation names its own visit (card A), not device 2's later one.
    let shown = s.log.last_visit(1, now.plus_seconds(10), floor).unwrap();
    assert_eq!((shown.visit, shown.card_type, shown.at), (1, 1, now));
    assert_eq!(s.visits(), 2, "showing the confirmation writes nothing");
    // A confirmation for another visit than the device's last is refused.
    assert!(matches!(s.log.undo_visit(1, Some(2), now.plus_seconds(10), floor), Err(VerifierError::UndoChanged)));
    assert_eq!(s.log.undo_visit(1, Some(1), now.plus_seconds(10), floor).unwrap(), shown);
    assert!(matches!(s.log.undo_visit(1, None, now.plus_seconds(11), floor), Err(VerifierError::NothingToUndo)));
    assert!(matches!(s.log.last_visit(1, now.plus_seconds(11), floor), Err(VerifierError::NothingToUndo)));
    // Device 2's visit stays counted: card B is used, card A free again.
    assert_eq!(s.redeem(&b, now.plus_seconds(12)).code, "quota_exhausted");
    assert_eq!(s.visits(), 1);
    assert!(s.redeem(&a, now.plus_seconds(13)).valid);
}

#[test]
fn check_records_nothing() {
    let s = Station::new("kino");
    let now = at(day(2026, 11, 18), 18, 0);
    for _ in 0..3 {
        assert!(check_at_venue(&s.store, &good(1, 50), now, "nb").unwrap().valid);
    }
    assert_eq!(s.visits(), 0);
}

#[test]
fn visit_times_are_rounded_to_the_day_once_they_can_no_longer_be_undone() {
    let mut s = Station::new("kino");
    let wednesday = day(2026, 11, 18);
    assert!(s.redeem(&good(1, 61), at(wednesday, 10, 7)).valid);
    assert!(s.redeem(&good(1, 62), at(wednesday, 10, 40)).valid);
    // Less than an hour after the latest visit: both keep their time.
    assert_eq!(s.log.coarsen().unwrap(), 0);
    assert!(s.redeem(&good(1, 63), at(wednesday, 12, 30)).valid);
    // Now the first two are over an hour older than the latest time seen.
    assert_eq!(s.log.coarsen().unwrap(), 2);
    let times: Vec<i64> = column(s.log.path(), "SELECT at FROM redemption ORDER BY id");
    let midnight = wednesday.oslo_midnight().0;
    assert_eq!(times, [midnight, midnight, at(wednesday, 12, 30).0]);
    assert_eq!(s.log.coarsen().unwrap(), 0, "once");
    // Quotas and reports see the same day: the weekly cinema quota still
    // refuses the first card on Friday, and the day's report has all three.
    assert!(!s.redeem(&good(1, 61), at(day(2026, 11, 20), 15, 0)).valid);
    let rows = s.log.report(Some(wednesday), Some(wednesday)).unwrap();
    assert_eq!(rows.iter().map(|r| r.count).sum::<u64>(), 3);
}

#[test]
fn the_log_holds_a_pseudonym_benefit_card_type_and_time_only() {
    let mut s = Station::new("kino");
    let text = good(1, 60);
    assert!(s.redeem(&text, at(day(2026, 11, 18), 18, 0)).valid);
    let path = s.log.path().to_path_buf();
    let cols: Vec<String> = column(&path, "SELECT name FROM pragma_table_info('redemption')");
    assert_eq!(cols, ["id", "pseudonym", "benefit", "card_type", "at", "device", "undone_at", "coarse", "companion"]);
    let db = rusqlite::Connection::open(&path).unwrap();
    let (id, benefit, at_): (Vec<u8>, String, i64) = db
        .query_row("SELECT pseudonym, benefit, at FROM redemption", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    // The pseudonym under this station's secret, not the token id.
    let secret = verifier::pseudonym::StationSecret::load(path.parent().unwrap()).unwrap();
    let pseudonym = secret.pseudonym(&TokenId([60; 16])).0.to_vec();
    assert_eq!((id, benefit.as_str(), at_), (pseudonym, "kino", at(day(2026, 11, 18), 18, 0).0));
    let mode: String = db.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let bytes = std::fs::read(&path).unwrap();
    let wal = std::fs::read(path.with_extension("db-wal")).unwrap_or_default();
    for hay in [&bytes, &wal] {
        assert!(!hay.windows(40).any(|w| w == &text.as_bytes()[..40]), "scanned text in the log");
        let number = CardNumber::of(&TokenId([60; 16])).to_string();
        assert!(!hay.windows(number.len()).any(|w| w == number.as_bytes()), "card number in the log");
        assert!(!hay.windows(8).any(|w| w == [60; 8]), "token id bytes in the log");
    }
    use std::os::unix::fs::PermissionsExt as _;
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
}

fn sixteen_threads(dir: &Path, text: &str, now: Timestamp) -> Vec<&'static str> {
    let barrier = std::sync::Barrier::new(16);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..16)
            .map(|_| {
                scope.spawn(|| {
                    let mut store = VenueStore::open(dir, now).unwrap();
                    let mut log = RedemptionLog::open(dir).unwrap();
                    barrier.wait();
                    redeem(&mut store, &mut log, text, now, "nb").unwrap().code
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

#[test]
fn sixteen_threads_with_their_own_connections_redeem_one_card_once() {
    for round in 0..3u8 {
        let s = Station::new("kino");
        let dir = s.store.dir().to_path_buf();
        let codes = sixteen_threads(&dir, &good(1, 70 + round), at(day(2026, 11, 18), 18, 0));
        assert_eq!(codes.iter().filter(|c| **c == "ok").count(), 1, "{codes:?}");
        assert_eq!(codes.iter().filter(|c| **c == "quota_exhausted").count(), 15, "{codes:?}");
        assert_eq!(s.visits(), 1);
    }
    // Also on a log file that does not exist yet (16 first openers race).
    let s = Station::new("kino");
    let dir = s.store.dir().to_path_buf();
    drop(s.log);
    for f in ["redemptions.db", "redemptions.db-wal", "redemptions.db-shm"] {
        let _ = std::fs::remove_file(dir.join(f));
    }
    let codes = sixteen_threads(&dir, &good(1, 80), at(day(2026, 11, 18), 18, 0));
    assert_eq!(codes.iter().filter(|c| **c == "ok").count(), 1, "{codes:?}");
}

#[test]
fn a_bundle_that_installs_ahead_of_the_clock_never_blocks_the_station() {
    // Issued 400 to 600 s after the station's clock (the bundle check's
    // skew): it installs, and check, redeem and undo work at once.
    for ahead in [400, 590, 600] {
        let issued = t0();
        let now = issued.plus_seconds(-ahead);
        let tmp = tempfile::tempdir().unwrap();
        let root_fp = Fingerprint::of(&root().verifying_key().to_bytes());
        let store = VenueStore::init(tmp.path(), &bundle(issued, vec![]), &root_fp, "kino", now).unwrap();
        let mut store = VenueStore::open(store.dir(), now).unwrap();
        let mut log = RedemptionLog::open(tmp.path()).unwrap();
        assert!(check_at_venue(&store, &good(1, 60), now, "nb").unwrap().valid, "{ahead} s");
        let v = redeem(&mut store, &mut log, &good(1, 60), now, "nb").unwrap();
        assert_eq!((v.valid, v.recorded_at), (true, Some(issued)), "{ahead} s");
        assert_eq!(log.undo_last(now.plus_seconds(1), issued).unwrap().at, issued);
    }
    // One second more is refused at installation, so it never gets that far.
    let tmp = tempfile::tempdir().unwrap();
    let root_fp = Fingerprint::of(&root().verifying_key().to_bytes());
    assert!(matches!(
        VenueStore::init(tmp.path(), &bundle(t0(), vec![]), &root_fp, "kino", t0().plus_seconds(-601)),
        Err(VerifierError::Bundle(shared::BundleError::FromTheFuture))
    ));
}

#[test]
fn a_clock_reset_is_confirmed_recorded_and_gives_no_visit_back() {
    use verifier::log::ClockReset;
    let mut s = Station::new("kino");
    let floor = s.store.bundle().body().issued_at;
    let wed = at(day(2026, 11, 18), 18, 0);
    // The clock ran two days ahead while a card was used (kino: once a week).
    let ahead = wed.plus_seconds(2 * 86_400);
    assert!(s.redeem(&good(1, 70), ahead).valid);
    // Corrected: refused, until the reset.
    assert!(matches!(
        redeem(&mut s.store, &mut s.log, &good(1, 71), wed, "nb"),
        Err(VerifierError::ClockBehind { behind_minutes: 2880, .. })
    ));
    assert_eq!(s.log.reset_clock(wed, floor, false).unwrap(), ClockReset::Unconfirmed { mark: ahead, now: wed });
    assert_eq!(s.log.high_water().unwrap(), Some(ahead));
    assert_eq!(s.log.reset_clock(wed, floor, true).unwrap(), ClockReset::Lowered { from: ahead, to: wed });
    assert_eq!(s.log.high_water().unwrap(), Some(wed));
    assert_eq!(s.log.reset_clock(wed, floor, true).unwrap(), ClockReset::NotBehind);
    // The card used "on Friday" is still used this week; it cannot be undone
    // either; another card works.
    let v = s.redeem(&good(1, 70), wed);
    assert_eq!((v.valid, v.code), (false, "quota_exhausted"));
    assert!(matches!(s.log.undo_last(wed, floor), Err(VerifierError::UndoTooLate { .. })));
    assert!(s.redeem(&good(1, 71), wed).valid);
    assert_eq!(s.visits(), 2);
    // The bundle's issue time is not reset: a clock far behind it stays refused.
    assert!(matches!(
        s.log.reset_clock(floor.plus_seconds(-86_400), floor, true),
        Err(VerifierError::ClockBehind { .. })
    ));
}

/// Replace the log in `dir` by a schema-3 log (token ids) with `visits`
/// (token id byte, benefit, time) and `extra_sql`, and remove the station
/// secret: an installation from before pseudonyms.
fn make_old_log(dir: &Path, visits: &[(u8, &str, Timestamp)], extra_sql: &str) {
    for f in ["redemptions.db", "redemptions.db-wal", "redemptions.db-shm", "station.secret"] {
        let _ = std::fs::remove_file(dir.join(f));
    }
    let db = rusqlite::Connection::open(dir.join("redemptions.db")).unwrap();
    db.pragma_update(None, "journal_mode", "WAL").unwrap();
    for sql in &verifier::log::MIGRATIONS[..3] {
        db.execute_batch(sql).unwrap();
    }
    db.pragma_update(None, "user_version", 3).unwrap();
    for &(n, benefit, at_) in visits {
        db.execute(
            "INSERT INTO redemption (token_id, benefit, card_type, at) VALUES (?1, ?2, 1, ?3)",
            rusqlite::params![vec![n; 16], benefit, at_.0],
        )
        .unwrap();
        db.execute(
            "INSERT INTO high_water (id, at) VALUES (1, ?1) ON CONFLICT (id) DO UPDATE SET at = max(at, excluded.at)",
            [at_.0],
        )
        .unwrap();
    }
    db.execute_batch(extra_sql).unwrap();
}

/// A station whose log was made by schema 3 with `visits`, then opened as
/// the verifier does (the migration runs there).
fn old_station(visits: &[(u8, &str, Timestamp)]) -> Station {
    let Station { _tmp, store, log } = Station::new("kino");
    drop(log);
    make_old_log(store.dir(), visits, "");
    let log = RedemptionLog::open(store.dir()).unwrap();
    Station { _tmp, store, log }
}

/// The bytes of the log's database file and its write-ahead log.
fn log_files(dir: &Path) -> Vec<Vec<u8>> {
    ["redemptions.db", "redemptions.db-wal"].iter().map(|f| std::fs::read(dir.join(f)).unwrap_or_default()).collect()
}

#[test]
fn an_old_log_is_migrated_to_pseudonyms_and_a_weekly_quota_still_refuses() {
    let monday = at(day(2026, 11, 16), 18, 0);
    let mut s = old_station(&[(90, "kino", monday), (91, "kino", monday.plus_seconds(60))]);
    let dir = s.store.dir().to_path_buf();
    // The newest schema; the secret was made at this first open, owner-only.
    assert_eq!(column::<i64>(s.log.path(), "PRAGMA user_version"), [6]);
    let secret = verifier::pseudonym::StationSecret::load(&dir).unwrap();
    use std::os::unix::fs::PermissionsExt as _;
    assert_eq!(std::fs::metadata(dir.join("station.secret")).unwrap().permissions().mode() & 0o777, 0o600);
    // Every row holds its card's pseudonym now; times and benefits stay.
    let rows: Vec<Vec<u8>> = column(s.log.path(), "SELECT pseudonym FROM redemption ORDER BY id");
    assert_eq!(rows, [90u8, 91].map(|n| secret.pseudonym(&TokenId([n; 16])).0.to_vec()));
    // No token id is left in the file or its write-ahead log, not even in
    // free pages or the old index.
    for hay in log_files(&dir) {
        for n in [90u8, 91] {
            assert!(!hay.windows(8).any(|w| w == [n; 8]), "token id {n} left in the log");
        }
    }
    // The card used on Monday (1 a week) is still refused on Wednesday …
    let wednesday = at(day(2026, 11, 18), 18, 0);
    let v = s.redeem(&good(1, 90), wednesday);
    assert_eq!((v.code, v.next_use.as_deref()), ("quota_exhausted", Some("2026-11-23")));
    // … and granted the next Monday; another card was never used.
    assert!(s.redeem(&good(1, 92), wednesday).valid);
    assert!(s.redeem(&good(1, 90), at(day(2026, 11, 23), 10, 0)).valid);
    assert_eq!(s.redeem(&good(1, 90), at(day(2026, 11, 23), 11, 0)).code, "quota_exhausted");
    // A second open changes nothing.
    drop(s.log);
    s.log = RedemptionLog::open(&dir).unwrap();
    let again: Vec<Vec<u8>> = column(s.log.path(), "SELECT pseudonym FROM redemption ORDER BY id LIMIT 2");
    assert_eq!(again, rows);
}

#[test]
fn a_migration_that_fails_half_way_leaves_the_old_log() {
    // A trigger makes the rewrite of the second row fail, as a crash there
    // would stop it: nothing of the migration may remain.
    let monday = at(day(2026, 11, 16), 18, 0);
    let s = Station::new("kino");
    let dir = s.store.dir().to_path_buf();
    drop(s.log);
    let trigger =
        "CREATE TRIGGER boom BEFORE UPDATE ON redemption WHEN OLD.id = 2 BEGIN SELECT RAISE(ABORT, 'boom'); END;";
    make_old_log(&dir, &[(90, "kino", monday), (91, "kino", monday)], trigger);
    match RedemptionLog::open(&dir) {
        Err(VerifierError::Log { source: verifier::log::LogProblem::Sqlite(_), .. }) => {}
        other => panic!("expected a Log error, got {other:?}"),
    }
    let path = dir.join("redemptions.db");
    assert_eq!(column::<i64>(&path, "PRAGMA user_version"), [3]);
    let ids: Vec<Vec<u8>> = column(&path, "SELECT token_id FROM redemption ORDER BY id");
    assert_eq!(ids, [vec![90u8; 16], vec![91; 16]]);
    // Once the cause is gone, the next open migrates, with the secret made
    // at the failed open.
    let secret = verifier::pseudonym::StationSecret::load(&dir).unwrap();
    rusqlite::Connection::open(&path).unwrap().execute_batch("DROP TRIGGER boom").unwrap();
    let log = RedemptionLog::open(&dir).unwrap();
    let rows: Vec<Vec<u8>> = column(log.path(), "SELECT pseudonym FROM redemption ORDER BY id");
    assert_eq!(rows, [90u8, 91].map(|n| secret.pseudonym(&TokenId([n; 16])).0.to_vec()));
}

/// A made-up pseudonym for the visit of benefit number `b` on day `d`.
fn fake_pseudonym(b: u8, d: Day) -> Vec<u8> {
    let [d0, d1, d2, d3] = d.0.to_le_bytes();
    vec![0xA5, b, d0, d1, d2, d3, 0x5A, b, d0, d1, d2, d3, 0xC3, b, d0, 0x3C]
}

#[test]
fn a_log_with_two_years_of_visits_is_pruned_to_what_quotas_and_reports_need() {
    let mut s = Station::new("kino");
    let today = t0().oslo_day(); // Monday 2026-11-16, the bundle's issue day
    // One visit a day of each benefit for two years up to today.
    let benefits = ["kino", "svomming", "museum", "park", "konsert"];
    let first = Day(today.0 - 730);
    {
        let mut db = rusqlite::Connection::open(s.log.path()).unwrap();
        let tx = db.transaction().unwrap();
        for n in 0..=730 {
            let d = first.plus(n);
            for (b, benefit) in benefits.iter().enumerate() {
                tx.execute(
                    "INSERT INTO redemption (pseudonym, benefit, card_type, at) VALUES (?1, ?2, 1, ?3)",
                    rusqlite::params![fake_pseudonym(b as u8, d), benefit, d.oslo_midnight().0 + 12 * 3600],
                )
                .unwrap();
            }
        }
        tx.commit().unwrap();
    }
    let removed = verifier::retention::prune(&mut s.log, s.store.bundle()).unwrap();
    // Kept per benefit: from the first day of the previous month (reports)
    // for day, week and month quotas; a year and the grace for 1/year; the
    // card type's longest validity (400 days) and the grace for a
    // whole-validity quota.
    let kept_from = [day(2026, 10, 1), day(2026, 10, 1), day(2026, 10, 1), day(2025, 11, 9), day(2025, 10, 6)];
    let mut expected_removed = 0;
    for (benefit, from) in benefits.iter().zip(kept_from) {
        let days: Vec<i64> =
            column(s.log.path(), &format!("SELECT at FROM redemption WHERE benefit = '{benefit}' ORDER BY at"));
        let first_kept = Timestamp(days[0]).oslo_day();
        assert_eq!((benefit, first_kept, days.len() as u32), (benefit, from, today.0 - from.0 + 1), "{benefit}");
        expected_removed += (from.0 - first.0) as usize;
    }
    assert_eq!(removed, expected_removed);
    // Reports for the current and the previous month are whole.
    assert_eq!(s.log.report(Some(day(2026, 10, 1)), Some(day(2026, 10, 31))).unwrap().len(), 31 * 5);
    // The removed visits' bytes are gone from the file and its write-ahead
    // log (secure_delete, then a truncating checkpoint); a kept one is there.
    let files = log_files(s.store.dir());
    let hay: Vec<u8> = files.concat();
    assert!(contains_bytes(&hay, &fake_pseudonym(0, today)), "the control: a kept visit is in the file");
    for n in [0, 100, 300, 683] {
        let gone = fake_pseudonym(0, first.plus(n));
        assert!(!contains_bytes(&hay, &gone), "a removed visit (day {n}) is still in the log's files");
    }
    // A second prune removes nothing; quotas work as before: a card used
    // this Monday is refused on Wednesday.
    assert_eq!(verifier::retention::prune(&mut s.log, s.store.bundle()).unwrap(), 0);
    assert!(s.redeem(&good(1, 200), t0().plus_seconds(3600)).valid);
    assert_eq!(verifier::retention::prune(&mut s.log, s.store.bundle()).unwrap(), 0);
    assert_eq!(s.redeem(&good(1, 200), at(day(2026, 11, 18), 12, 0)).code, "quota_exhausted");
}

fn contains_bytes(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}
