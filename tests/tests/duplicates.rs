//! The duplicate check with the real `issuer serve` on loopback: two
//! agencies, one child; then the server's whole log, every table of its
//! database and every file under its data directory are searched for the
//! child's number (in several encodings) and for the cards.

use e2e::{Server, cookie_from, run_ok, s};

const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");
const JSON: (&str, &str) = ("Content-Type", "application/json");
const PW: &str = "correct horse battery";

/// The two mod-11 check digits (Norwegian national identity numbers).
fn with_check_digits(nine: &str) -> Option<String> {
    let d: Vec<u32> = nine.chars().map(|c| c.to_digit(10).unwrap()).collect();
    let digit =
        |digits: &[u32], weights: &[u32]| match 11 - digits.iter().zip(weights).map(|(a, b)| a * b).sum::<u32>() % 11 {
            11 => Some(0),
            10 => None,
            k => Some(k),
        };
    let k1 = digit(&d, &[3, 7, 6, 1, 8, 9, 4, 5, 2])?;
    let k2 = digit(&[d.as_slice(), &[k1]].concat(), &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2])?;
    Some(format!("{nine}{k1}{k2}"))
}

/// A D-number born on `date` in 2038: valid, and nobody's.
fn number(date: &str) -> String {
    (500..1000).find_map(|i| with_check_digits(&format!("{date}{i:03}"))).unwrap()
}

fn csrf_field(html: &[u8]) -> String {
    let html = String::from_utf8_lossy(html);
    let i = html.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    html[i..].split('"').next().unwrap().to_string()
}

/// Log `user` in on the web form: (session cookie, the issue form's CSRF token).
fn web_login(server: &Server, user: &str) -> (String, String) {
    let (_, head, body) = server.request("GET", "/login", &[], b"");
    let pre = cookie_from(&head, "__Host-csrf");
    let form = format!("csrf={}&username={user}&password=correct+horse+battery", csrf_field(&body));
    let (status, head, _) = server.request("POST", "/login", &[("Cookie", &pre), FORM], form.as_bytes());
    assert_eq!(status, 303, "{head}");
    let session = cookie_from(&head, "__Host-session");
    let (_, _, body) = server.request("GET", "/issue", &[("Cookie", &session)], b"");
    (session, csrf_field(&body))
}

fn api_login(server: &Server, user: &str) -> String {
    let body = format!(r#"{{"username": "{user}", "password": "{PW}"}}"#);
    let (status, _, answer) = server.request("POST", "/api/v1/login", &[JSON], body.as_bytes());
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_slice(&answer).unwrap();
    format!("Bearer {}", v["token"].as_str().unwrap())
}

fn api_issue(server: &Server, bearer: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
    let (status, _, answer) =
        server.request("POST", "/api/v1/cards", &[JSON, ("Authorization", bearer)], body.to_string().as_bytes());
    (status, serde_json::from_slice(&answer).unwrap())
}

/// Every value of every table (blobs as bytes and hex), then every file
/// under `dir`.
fn everything_stored(dir: &std::path::Path) -> Vec<u8> {
    let db = rusqlite::Connection::open(dir.join("issuer.db")).unwrap();
    let tables: Vec<String> = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut all = Vec::new();
    for table in &tables {
        let mut stmt = db.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..n {
                use rusqlite::types::ValueRef;
                match row.get_ref(i).unwrap() {
                    ValueRef::Integer(v) => all.extend(v.to_string().bytes()),
                    ValueRef::Real(v) => all.extend(v.to_string().bytes()),
                    ValueRef::Text(t) => all.extend_from_slice(t),
                    ValueRef::Blob(b) => {
                        all.extend_from_slice(b);
                        all.extend(shared::wire::hex_encode(b).bytes());
                    }
                    ValueRef::Null => {}
                }
                all.push(b'\n');
            }
        }
    }
    assert!(tables.iter().any(|t| t == "duplicate_entry"), "{tables:?}");
    drop(db);
    let mut stack = vec![dir.to_path_buf()];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            stack.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        } else {
            all.extend(std::fs::read(&p).unwrap());
        }
    }
    all
}

fn encodings(n: &str) -> Vec<Vec<u8>> {
    use base64::Engine as _;
    let digits: Vec<u8> = n.bytes().map(|b| b - b'0').collect();
    let value: u64 = n.parse().unwrap();
    vec![
        n.as_bytes().to_vec(),
        format!("{} {}", &n[..6], &n[6..]).into_bytes(),
        shared::wire::hex_encode(n.as_bytes()).into_bytes(),
        shared::wire::hex_encode(n.as_bytes()).to_uppercase().into_bytes(),
        base64::engine::general_purpose::STANDARD.encode(n).into_bytes(),
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(n).into_bytes(),
        base64::engine::general_purpose::STANDARD.encode(&digits).into_bytes(),
        digits,
        value.to_be_bytes().to_vec(),
        value.to_le_bytes().to_vec(),
    ]
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn two_agencies_one_child_the_second_card_is_refused_and_nothing_keeps_the_number_or_links_a_card() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    run_ok("issuer", &["init", "--data", s(&data)], 0);
    let pw = tmp.path().join("pw");
    std::fs::write(&pw, format!("{PW}\n")).unwrap();
    for (agency, user) in [("NAV Larvik", "kari"), ("Helsestasjonen", "ola")] {
        run_ok("issuer", &["agency", "add", "--data", s(&data), agency], 0);
        let add = ["user", "add", "--data", s(&data), "--role", "caseworker", "--agency", agency];
        run_ok("issuer", &[&add[..], &["--password-file", s(&pw), user]].concat(), 0);
    }
    // The administrator switches the check on for card type 1 in the catalogue file.
    let json = run_ok("issuer", &["catalogue", "--data", s(&data), "--json"], 0);
    let file = tmp.path().join("cat.json");
    std::fs::write(&file, json.replacen("\"validity\": {", "\"duplicate_check\": true, \"validity\": {", 1)).unwrap();
    run_ok("issuer", &["catalogue", "--data", s(&data), "--import", s(&file)], 0);
    let server = Server::start(&data);
    let (child, other) = (number("410138"), number("420138"));
    let (kari, ola) = (api_login(&server, "kari"), api_login(&server, "ola"));
    let mut cards: Vec<String> = Vec::new();
    let now =
        shared::Timestamp(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64);
    // The bundle before any card is blocked, to read every card with.
    let fp = run_ok("issuer", &["root-fingerprint", "--data", s(&data)], 0);
    let fp = shared::Fingerprint::parse(fp.trim()).unwrap();
    let (_, _, early) = server.request("GET", "/bundle", &[], b"");
    let early = shared::verify_bundle(&early, &fp, now).unwrap();

    let (status, v) = api_issue(&server, &kari, serde_json::json!({"card_type": 1, "national_id": child}));
    assert_eq!(status, 201, "{v}");
    let first = v["cards"][0]["card_number"].as_str().unwrap().to_string();
    cards.push(v["cards"][0]["qr_text"].as_str().unwrap().into());

    // The second agency: 409 "duplicate", naming the first agency and month.
    let (year, month, _) = now.oslo_day().ymd();
    let months = [
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ];
    let when = format!("{} {year}", months[month as usize - 1]);
    let (status, v) = api_issue(&server, &ola, serde_json::json!({"card_type": 1, "national_id": child}));
    assert_eq!((status, v["error"].as_str()), (409, Some("duplicate")), "{v}");
    assert!(v["message"].as_str().unwrap().contains(&format!("NAV Larvik i {when}")), "{v}");

    // The web form: the same message; then the lost-card override blocks the first card.
    let (session, csrf) = web_login(&server, "ola");
    let form = format!("csrf={csrf}&card_type=1&count=1&output=card&national_id={child}");
    let (status, _, page) = server.request("POST", "/issue", &[("Cookie", &session), FORM], form.as_bytes());
    let page = String::from_utf8_lossy(&page);
    assert_eq!(status, 422);
    assert!(page.contains(&format!("det første ble laget av NAV Larvik i {when}")), "{page}");
    let form = format!("{form}&reason=lost_card&old_card={first}");
    let (status, _, page) = server.request("POST", "/issue", &[("Cookie", &session), FORM], form.as_bytes());
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&page));
    let (_, _, bundle) = server.request("GET", "/bundle", &[], b"");
    let bundle = shared::verify_bundle(&bundle, &fp, now).unwrap();
    assert!(bundle.is_revoked(shared::CardNumber::parse(&first).unwrap()), "the lost card is blocked");

    // Another child, another card type; a typo.
    let (status, v) = api_issue(&server, &ola, serde_json::json!({"card_type": 1, "national_id": other}));
    assert_eq!(status, 201, "{v}");
    cards.push(v["cards"][0]["qr_text"].as_str().unwrap().into());
    let (status, v) = api_issue(&server, &ola, serde_json::json!({"card_type": 2}));
    assert_eq!(status, 201, "{v}");
    cards.push(v["cards"][0]["qr_text"].as_str().unwrap().into());
    let typo = format!("{}{}", &child[..10], (child.as_bytes()[10] - b'0' + 1) % 10);
    let (status, v) = api_issue(&server, &ola, serde_json::json!({"card_type": 1, "national_id": typo}));
    assert_eq!((status, v["error"].as_str()), (422, Some("national_id_check_digit")), "{v}");

    let (stopped, log) = server.stop_with_log();
    assert!(stopped);
    let log = log.join("\n");
    assert!(log.contains("POST /api/v1/cards 409") && log.contains("POST /issue 422"), "{log}");
    let mut stored = everything_stored(&data);
    stored.extend(log.as_bytes());
    for n in [&child, &other, &typo] {
        for form in encodings(n) {
            assert!(!contains(&stored, &form), "the number is kept as {:?}", String::from_utf8_lossy(&form));
        }
    }
    for text in &cards {
        let token = shared::verify_text(text, &early, now).unwrap();
        let id = token.token_id().0;
        assert!(!contains(&stored, &id) && !contains(&stored, shared::wire::hex_encode(&id).as_bytes()));
        let number = token.card_number().to_string();
        if number != first {
            assert!(!contains(&stored, number.as_bytes()) && !contains(&stored, number.replace('-', "").as_bytes()));
        }
    }
    // The pseudonym table: 32-byte pseudonyms, card type, agency, month, period end; nothing else.
    let db = rusqlite::Connection::open(data.join("issuer.db")).unwrap();
    let rows: Vec<(Vec<u8>, i64, i64, i64, i64)> = db
        .prepare("SELECT pseudonym, card_type, agency, month, period_end FROM duplicate_entry")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), 3, "kari's card, ola's replacement and the other child's: {rows:?}");
    let columns = db.prepare("SELECT * FROM duplicate_entry").unwrap().column_count();
    assert_eq!(columns, 5);
    for (pseudonym, card_type, _, m, _) in &rows {
        assert_eq!((pseudonym.len(), *card_type, *m), (32, 1, i64::from(year) * 100 + i64::from(month)));
    }
}
