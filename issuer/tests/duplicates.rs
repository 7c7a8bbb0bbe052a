//! The duplicate check (one card per child across agencies) through the
//! router with `oneshot`, on a real SQLite database in a temporary data
//! directory: the administrator's switch, the JSON API's and the web
//! form's refusals and overrides, and what the data directory holds
//! afterwards. The real binary's logs: `tests/tests/duplicates.rs`.

mod common;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{NOW, PW, TestClock, csrf_field, get, log_in, post, send, text};
use issuer::duplicates::national_id::with_check_digits;
use issuer::web::{AppState, Shared, app, prepare};
use serde_json::{Value, json};
use shared::{CardNumber, Timestamp};
use tower::ServiceExt as _;

/// A national identity number (a D-number born in 2038: nobody has it)
/// whose first six digits are `date`.
fn number(date: &str) -> String {
    (500..1000).find_map(|i| with_check_digits(&format!("{date}{i:03}"))).expect("a valid individual number")
}

struct Fixture {
    _tmp: tempfile::TempDir,
    dir: std::path::PathBuf,
    state: Shared,
    app: Router,
    clock: TestClock,
    anne: (String, String),
    fingerprint: shared::Fingerprint,
}

/// An issuer with the administrator anne, kari at «NAV Larvik» and ola at
/// «Helsestasjonen», on a clock the test moves.
async fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("issuer");
    let (store, setup) = prepare(&dir, "http://127.0.0.1:8080", NOW).unwrap();
    common::add_caseworker(&store);
    let agency = store.accounts().create_agency("Helsestasjonen", "test", NOW).unwrap();
    let ola = issuer::accounts::NewCredentials::new("ola", PW).unwrap();
    store.accounts().create_user(&ola, issuer::accounts::Role::Caseworker, Some(agency), "test", NOW).unwrap();
    let fingerprint = store.ring().root_fingerprint();
    let clock = TestClock::at(NOW);
    let state = AppState::new(store, Box::new(clock.clone()), false);
    let app = app(state.clone());
    let anne = common::admin(&app, &setup.unwrap()).await;
    Fixture { _tmp: tmp, dir, state, app, clock, anne, fingerprint }
}

impl Fixture {
    /// Switch the check on or off for `card_type` on the administrator's
    /// page; the page shown after it.
    async fn switch(&self, card_type: u16, on: bool) -> String {
        let (cookie, csrf) = &self.anne;
        let id = card_type.to_string();
        let mut form = vec![("csrf", csrf.as_str()), ("id", id.as_str())];
        if on {
            form.push(("on", "yes"));
        }
        let res = send(&self.app, post("/admin/card-types/duplicate-check", cookie, &form)).await;
        assert_eq!(res.status(), StatusCode::OK);
        text(res).await
    }

    async fn api(&self, path: &str, bearer: Option<&str>, body: &Value, lang: &str) -> (StatusCode, Value) {
        let mut req = Request::post(path).header(header::CONTENT_TYPE, "application/json");
        if let Some(b) = bearer {
            req = req.header(header::AUTHORIZATION, format!("Bearer {b}"));
        }
        let req = req.header(header::ACCEPT_LANGUAGE, lang).body(Body::from(body.to_string())).unwrap();
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap();
        (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
    }

    async fn token(&self, user: &str) -> String {
        let (status, v) = self.api("/api/v1/login", None, &json!({"username": user, "password": PW}), "nb").await;
        assert_eq!(status, StatusCode::OK, "{v}");
        v["token"].as_str().unwrap().to_string()
    }

    /// `POST /api/v1/cards` as `bearer`: (status, error code, answer).
    async fn issue(&self, bearer: &str, body: Value) -> (StatusCode, String, Value) {
        let (status, v) = self.api("/api/v1/cards", Some(bearer), &body, "nb").await;
        (status, v["error"].as_str().unwrap_or_default().to_string(), v)
    }

    /// The current bundle, verified.
    async fn bundle(&self) -> shared::bundle::VerifiedBundle {
        let res = self.app.clone().oneshot(get("/bundle", "")).await.unwrap();
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 22).await.unwrap();
        shared::verify_bundle(&bytes, &self.fingerprint, self.now()).unwrap()
    }

    fn now(&self) -> Timestamp {
        shared::Clock::now(&self.clock)
    }

    /// The duplicate check's entries: (pseudonym, card type, agency, month, period end).
    fn entries(&self) -> Vec<(Vec<u8>, i64, i64, i64, i64)> {
        let db = rusqlite::Connection::open(self.dir.join("issuer.db")).unwrap();
        let mut stmt = db.prepare("SELECT * FROM duplicate_entry ORDER BY card_type, agency").unwrap();
        let cols: Vec<String> = stmt.column_names().map(String::from).collect();
        assert_eq!(cols, ["pseudonym", "card_type", "agency", "month", "period_end"], "nothing else is kept");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }
}

/// The caseworker `user`'s session and the issue form's CSRF token.
async fn issue_form(app: &Router, user: &str) -> (String, String) {
    let cookie = log_in(app, user, PW).await;
    let html = text(send(app, get("/issue", &cookie)).await).await;
    (cookie.clone(), csrf_field(&html))
}

/// One card on screen through the web form; (status, page).
async fn web_issue(app: &Router, session: &(String, String), fields: &[(&str, &str)]) -> (StatusCode, String) {
    let mut form = vec![("csrf", session.1.as_str()), ("count", "1"), ("output", "card")];
    form.extend_from_slice(fields);
    let res = send(app, post("/issue", &session.0, &form)).await;
    (res.status(), text(res).await)
}

/// Every table of the database, every value as text (blobs as hex and as
/// their bytes), then every file under `dir`, as bytes.
fn everything_stored(dir: &std::path::Path) -> Vec<u8> {
    let db = rusqlite::Connection::open(dir.join("issuer.db")).unwrap();
    let tables: Vec<String> = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(tables.contains(&"duplicate_entry".to_string()), "{tables:?}");
    let mut all = Vec::new();
    for table in tables {
        let mut stmt = db.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..n {
                match row.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Integer(v) => all.extend(v.to_string().bytes()),
                    rusqlite::types::ValueRef::Real(v) => all.extend(v.to_string().bytes()),
                    rusqlite::types::ValueRef::Text(t) => all.extend_from_slice(t),
                    rusqlite::types::ValueRef::Blob(b) => {
                        all.extend_from_slice(b);
                        all.extend(shared::wire::hex_encode(b).bytes());
                    }
                    rusqlite::types::ValueRef::Null => {}
                }
                all.push(b'\n');
            }
        }
    }
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                all.extend(std::fs::read(&path).unwrap());
            }
        }
    }
    all
}

/// The forms of a national identity number to search stored bytes for.
fn encodings_of_number(n: &str) -> Vec<Vec<u8>> {
    use base64::Engine as _;
    let digits: Vec<u8> = n.bytes().map(|b| b - b'0').collect();
    let value: u64 = n.parse().unwrap();
    let mut forms = vec![
        n.as_bytes().to_vec(),
        format!("{} {}", &n[..6], &n[6..]).into_bytes(),
        shared::wire::hex_encode(n.as_bytes()).into_bytes(),
        shared::wire::hex_encode(n.as_bytes()).to_uppercase().into_bytes(),
        base64::engine::general_purpose::STANDARD.encode(n).into_bytes(),
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(n).into_bytes(),
        base64::engine::general_purpose::STANDARD.encode(&digits).into_bytes(),
        digits.clone(),
        value.to_be_bytes().to_vec(),
        value.to_le_bytes().to_vec(),
    ];
    forms.push(shared::wire::hex_encode(&value.to_be_bytes()).into_bytes());
    forms
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// A card from an API answer: (card number, token id).
fn card_of(v: &Value, bundle: &shared::bundle::VerifiedBundle, now: Timestamp) -> (String, Vec<u8>) {
    let card = &v["cards"][0];
    let token = shared::verify_text(card["qr_text"].as_str().unwrap(), bundle, now).unwrap();
    (card["card_number"].as_str().unwrap().to_string(), token.token_id().0.to_vec())
}

#[tokio::test]
async fn a_second_card_for_one_child_is_refused_across_agencies_unless_overridden_and_nothing_leads_to_the_number() {
    let f = fixture().await;
    let (child, other_child) = (number("410138"), number("420138"));
    let (kari, ola) = (f.token("kari").await, f.token("ola").await);

    // Off by default: a number is not taken, cards are made without one.
    let (status, code, _) = f.issue(&kari, json!({"card_type": 1, "national_id": child})).await;
    assert_eq!((status, code.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "national_id_not_asked"));
    let kari_web = log_in(&f.app, "kari", PW).await;
    let form = text(send(&f.app, get("/issue", &kari_web)).await).await;
    assert!(!form.contains("name=\"national_id\"") && form.contains("Ingenting om barnet"), "no field while off");
    let page = f.switch(1, true).await;
    let form = text(send(&f.app, get("/issue", &kari_web)).await).await;
    assert!(form.contains("name=\"national_id\"") && form.contains("autocomplete=\"off\""), "{form}");
    assert!(page.contains("Dobbeltsjekken er slått på.") && page.contains("Oppføringer nå: 0."), "{page}");
    let mut cards = Vec::new();

    // NAV Larvik hands out the child's card.
    let (status, _, v) = f.issue(&kari, json!({"card_type": 1, "national_id": child})).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    let first = card_of(&v, &f.bundle().await, f.now());
    assert_eq!(v["cards"][0]["valid_until"], "2026-12-31");

    // Helsestasjonen is refused: 409, the first card's agency and month.
    let (status, code, v) = f.issue(&ola, json!({"card_type": 1, "national_id": child})).await;
    assert_eq!((status, code.as_str()), (StatusCode::CONFLICT, "duplicate"));
    let message = v["message"].as_str().unwrap();
    assert!(message.contains("laget av NAV Larvik i november 2026. Skal barnet likevel"), "{message}");
    assert!(message.contains("«lost_card»"), "the API's own hint: {message}");
    assert_eq!(v.as_object().unwrap().len(), 2, "error and message, nothing else: {v}");
    let body = json!({"card_type": 1, "national_id": child});
    let (_, v) = f.api("/api/v1/cards", Some(&ola), &body, "en").await;
    assert!(v["message"].as_str().unwrap().contains("made by NAV Larvik in November 2026"), "{v}");

    // The web form says the same, and never shows the number again.
    let web = issue_form(&f.app, "ola").await;
    let (status, page) = web_issue(&f.app, &web, &[("card_type", "1"), ("national_id", &child)]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("det første ble laget av NAV Larvik i november 2026. Skal barnet likevel"), "{page}");
    assert!(page.contains("<details open>"), "the override part is open");
    assert!(!page.contains(&child[..6]), "the number is not shown again");
    assert!(page.contains("For korttyper med dobbeltsjekk spør skjemaet etter barnets fødselsnummer"), "{page}");

    // Override: the replacement of a lost card blocks the old card at once.
    let typo_card = format!("{}{}", &first.0[..10], if first.0.ends_with('A') { 'B' } else { 'A' });
    let lost = [("card_type", "1"), ("national_id", &child), ("reason", "lost_card"), ("old_card", &typo_card)];
    let (status, page) = web_issue(&f.app, &web, &lost).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a typo in the old card's number");
    let old_card_refused = ["Kortnummeret har en skrivefeil", "Skriv inn nummeret på kortet som ble mistet"];
    assert!(old_card_refused.iter().any(|m| page.contains(m)), "{page}");
    let lost = [("card_type", "1"), ("national_id", &child), ("reason", "lost_card"), ("old_card", &first.0)];
    let (status, page) = web_issue(&f.app, &web, &lost).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("journal") || page.contains("Aktivitetskort"), "the card page: {page}");
    let bundle = f.bundle().await;
    assert!(bundle.is_revoked(CardNumber::parse(&first.0).unwrap()), "the lost card is in the bundle's block list");
    cards.push(first.clone());

    // An assessed exception through the API.
    let exception = json!({"card_type": 1, "national_id": child, "override": "assessed_exception"});
    let (status, _, v) = f.issue(&ola, exception).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    cards.push(card_of(&v, &bundle, f.now()));
    let audit = f.state.store().audit().recent(20).unwrap();
    let overrides: Vec<&str> =
        audit.iter().filter(|e| e.action == "duplicate-override").map(|e| e.detail.as_str()).collect();
    assert_eq!(overrides, ["card type 1: assessed exception", "card type 1: replacement of a lost card"]);
    assert!(audit.iter().any(|e| e.action == "revoke" && e.detail == format!("card {}", first.0)));

    // Another child, and (once switched on) another card type, are fine.
    let (status, _, v) = f.issue(&ola, json!({"card_type": 1, "national_id": other_child})).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    cards.push(card_of(&v, &bundle, f.now()));
    let (status, _, v) = f.issue(&ola, json!({"card_type": 2})).await;
    assert_eq!(status, StatusCode::CREATED, "a type without the check needs no number: {v}");
    cards.push(card_of(&v, &bundle, f.now()));
    f.switch(2, true).await;
    let (status, _, v) = f.issue(&ola, json!({"card_type": 2, "national_id": child})).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    cards.push(card_of(&v, &bundle, f.now()));

    // Each mistake has its own code and message.
    let typo = format!("{}{}", &child[..10], (child.as_bytes()[10] - b'0' + 1) % 10);
    let refusals = [
        (json!({"card_type": 1, "national_id": typo}), "national_id_check_digit"),
        (json!({"card_type": 1, "national_id": &child[..10]}), "national_id_format"),
        (json!({"card_type": 1, "national_id": format!("{child}0")}), "national_id_format"),
        (json!({"card_type": 1, "national_id": "31023850000"}), "national_id_date"),
        (json!({"card_type": 1}), "national_id_missing"),
        (json!({"card_type": 1, "national_id": child, "count": 2}), "one_at_a_time"),
        (json!({"card_type": 1, "national_id": child, "override": "sibling"}), "unknown_reason"),
        (json!({"card_type": 1, "national_id": child, "override": "lost_card"}), "old_card_number"),
    ];
    for (body, want) in refusals {
        let (status, code, v) = f.issue(&ola, body.clone()).await;
        assert_eq!((status, code.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, want), "{body}: {v}");
    }
    // A sibling sheet (two card types) cannot hold a card type with the check.
    let sheet = [
        ("csrf", web.1.as_str()),
        ("card_type", "1"),
        ("count", "1"),
        ("card_type2", "2"),
        ("count2", "1"),
        ("national_id", child.as_str()),
    ];
    let res = send(&f.app, post("/issue", &web.0, &sheet)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res).await.contains("Med dobbeltsjekk lages ett kort om gangen"));
    let (_, page) = web_issue(&f.app, &web, &[("card_type", "1"), ("national_id", &typo)]).await;
    assert!(page.contains("Fødselsnummeret har en skrivefeil: kontrollsifrene stemmer ikke."), "{page}");

    // What is kept: per card handed out under the check, a pseudonym with
    // the card type, agency, month and period end; nothing that leads to a
    // card or back to the number.
    let entries = f.entries();
    // (The assessed exception's entry is the lost card's again: same
    // pseudonym, agency, month and end.)
    assert_eq!(entries.len(), 4, "{entries:?}");
    let end_2026 = shared::Day::from_ymd(2026, 12, 31).unwrap().0 as i64;
    for (pseudonym, _, _, month, period_end) in &entries {
        assert_eq!((pseudonym.len(), *month, *period_end), (32, 202611, end_2026));
        for (number, token_id) in &cards {
            let value = CardNumber::parse(number).unwrap().0;
            assert!(!contains(pseudonym, &value.to_be_bytes()[3..]) && !contains(pseudonym, &token_id[..8]));
        }
    }
    f.state.store().checkpoint();
    let stored = everything_stored(&f.dir);
    for n in [&child, &other_child] {
        for form in encodings_of_number(n) {
            assert!(!contains(&stored, &form), "the number is stored as {:?}", String::from_utf8_lossy(&form));
        }
    }
    for (number, token_id) in &cards {
        assert!(!contains(&stored, token_id) && !contains(&stored, shared::wire::hex_encode(token_id).as_bytes()));
        if *number != first.0 {
            assert!(!contains(&stored, number.as_bytes()), "card {number} is stored");
            assert!(!contains(&stored, number.replace('-', "").as_bytes()), "card {number} is stored");
        }
    }
    // The blocked card's number is where blocked cards are (by design).
    assert!(contains(&stored, first.0.as_bytes()));
}

#[tokio::test]
async fn switching_the_check_off_deletes_its_entries_and_ended_periods_are_pruned() {
    let f = fixture().await;
    let child = number("410138");
    let kari = f.token("kari").await;
    f.switch(1, true).await;
    f.switch(2, true).await;
    for card_type in [1, 2] {
        let (status, _, v) = f.issue(&kari, json!({"card_type": card_type, "national_id": child})).await;
        assert_eq!(status, StatusCode::CREATED, "{v}");
    }
    let before = f.entries();
    assert_eq!(before.len(), 2);
    // Only an administrator switches it, for a card type that exists.
    let (kari_web, csrf) = issue_form(&f.app, "kari").await;
    let form = [("csrf", csrf.as_str()), ("id", "2")];
    let res = send(&f.app, post("/admin/card-types/duplicate-check", &kari_web, &form)).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = send(&f.app, get("/admin/card-types/duplicate-check?id=9", &f.anne.0)).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(f.entries().len(), 2);
    let type_2_pseudonym = before.iter().find(|e| e.1 == 2).unwrap().0.clone();

    // Off for type 2: its entry goes at once (from the files too), type 1's stays.
    let page = f.switch(2, false).await;
    assert!(page.contains("Dobbeltsjekken er slått av. 1 oppføringer er slettet."), "{page}");
    assert!(page.contains("Dobbeltsjekken er av (standard)."), "{page}");
    assert_eq!(f.entries().iter().map(|e| e.1).collect::<Vec<_>>(), [1]);
    assert!(!contains(&everything_stored(&f.dir), &type_2_pseudonym), "the deleted pseudonym is overwritten");
    let audit = f.state.store().audit().recent(1).unwrap();
    assert_eq!(audit[0].detail, "off for card type 2; 1 entries deleted");

    // The 10-minute timer keeps an entry while its card is valid ...
    f.clock.advance(40 * 86_400); // 2026-12-31 (NOW is 2026-11-21, 13:00 in Oslo)
    let ola = f.token("ola").await;
    f.state.prune(None);
    assert_eq!(f.entries().len(), 1);
    let (status, code, _) = f.issue(&ola, json!({"card_type": 1, "national_id": child})).await;
    assert_eq!((status, code.as_str()), (StatusCode::CONFLICT, "duplicate"));
    // ... and deletes it once the card's period has ended.
    f.clock.advance(86_400); // 2027-01-01
    let ola = f.token("ola").await;
    f.state.prune(None);
    assert_eq!(f.entries().len(), 0);
    let (status, _, v) = f.issue(&ola, json!({"card_type": 1, "national_id": child})).await;
    assert_eq!(status, StatusCode::CREATED, "a new period, a new card: {v}");
    assert_eq!(v["cards"][0]["valid_until"], "2027-12-31");
}

/// `issuer catalogue --json` shows the switch as `"duplicate_check": true`
/// (and nothing while it is off), `--import` sets it, and the command
/// line's batch issuing refuses a card type with the check.
#[test]
fn the_catalogue_file_carries_the_switch_and_the_command_line_does_not_bypass_it() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let data = data.to_str().unwrap();
    let issuer = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_issuer")).args(args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    assert_eq!(issuer(&["init", "--data", data]).0, Some(0));
    let (_, plain, _) = issuer(&["catalogue", "--data", data, "--json"]);
    let store = issuer::store::Store::open(std::path::Path::new(data)).unwrap();
    assert_eq!(plain.trim_end(), serde_json::to_string_pretty(store.catalogue()).unwrap(), "byte for byte when off");
    drop(store);
    assert!(!plain.contains("duplicate_check"));

    let file = tmp.path().join("cat.json");
    let on = plain.replacen("\"validity\": {", "\"duplicate_check\": true,\n      \"validity\": {", 1);
    std::fs::write(&file, &on).unwrap();
    let (code, _, err) = issuer(&["catalogue", "--data", data, "--import", file.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    let (_, shown, _) = issuer(&["catalogue", "--data", data, "--json"]);
    let v: Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(v["card_types"][0]["duplicate_check"], true, "{shown}");
    assert_eq!(v["card_types"][1].get("duplicate_check"), None);

    let (code, _, err) = issuer(&["issue", "--data", data, "--card-type", "1", "--json"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("card type 1 has the duplicate check"), "{err}");
    assert_eq!(issuer(&["issue", "--data", data, "--card-type", "2", "--json"]).0, Some(0));
    let (code, _, err) = issuer(&["issue", "--data", data, "--card-type", "2", "--also", "1:1", "--json"]);
    assert_eq!(code, Some(1), "not on a sibling sheet either");
    assert!(err.contains("card type 1 has the duplicate check"), "{err}");

    // The signed bundle never carries the switch.
    let bundle = tmp.path().join("b.akb");
    assert_eq!(issuer(&["bundle", "--data", data, "--out", bundle.to_str().unwrap()]).0, Some(0));
    assert!(!contains(&std::fs::read(&bundle).unwrap(), b"duplicate"));

    std::fs::write(&file, on.replace("\"duplicate_check\": true", "\"duplicate_check\": 1")).unwrap();
    let (code, _, err) = issuer(&["catalogue", "--data", data, "--import", file.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(err.contains("\"duplicate_check\" must be true or false"), "{err}");
    std::fs::write(&file, &plain).unwrap();
    assert_eq!(issuer(&["catalogue", "--data", data, "--import", file.to_str().unwrap()]).0, Some(0));
    let (_, shown, _) = issuer(&["catalogue", "--data", data, "--json"]);
    assert_eq!(shown, plain, "off again");
}
