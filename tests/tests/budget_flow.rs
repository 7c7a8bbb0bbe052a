//! Ticket budgets per venue and companions counted when they come (issue
//! 15), end to end with the real binaries:
//!
//! - the administrator gives the pool a budget of 3 swims a year on the
//!   venue's page; the station (set up from its code) grants three cards,
//!   warns at the third, and refuses a fourth card with `budget_exhausted`;
//!   an undone visit gives its ticket back; the usage page shows 3 used, 0
//!   left after the station reports;
//! - a budget divided between two stations (`--budget-share 1/2`, `2/2`);
//! - a companion confirmed on 1 of 3 visits: the report and the settlement
//!   CSV count 1.

use e2e::{Server, cookie_from, run, run_ok, s, stderr};
use serde_json::Value;
use shared::Timestamp;
use std::path::{Path, PathBuf};

const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");
const ADMIN_PW: &str = "fjord lantern 27 breeze";

fn csrf_field(html: &str) -> String {
    let i = html.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    html[i..].split('"').next().unwrap().to_string()
}

fn now() -> Timestamp {
    Timestamp(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64)
}

fn this_month() -> String {
    let (y, m, _) = now().oslo_day().ymd();
    format!("{y:04}-{m:02}")
}

fn log_in(server: &Server) -> String {
    let (status, head, body) = server.request("GET", "/login", &[], b"");
    assert_eq!(status, 200);
    let pre = cookie_from(&head, "__Host-csrf");
    let form = format!(
        "csrf={}&username=anne&password={}",
        csrf_field(&String::from_utf8_lossy(&body)),
        ADMIN_PW.replace(' ', "+")
    );
    let (status, head, _) = server.request("POST", "/login", &[("Cookie", &pre), FORM], form.as_bytes());
    assert_eq!(status, 303, "{head}");
    cookie_from(&head, "__Host-session")
}

fn get(server: &Server, session: &str, path: &str) -> String {
    let (status, head, body) = server.request("GET", path, &[("Cookie", session)], b"");
    assert_eq!(status, 200, "GET {path}: {head}");
    String::from_utf8(body).unwrap()
}

/// An issuer in `tmp` with an administrator and the small-cell threshold
/// at its lowest (3), serving.
fn issuer_with_admin(tmp: &Path) -> (PathBuf, Server) {
    let data = tmp.join("issuer");
    run_ok("issuer", &["init", "--data", s(&data)], 0);
    std::fs::write(data.join("issuer.toml"), "suppress_below = 3\n").unwrap();
    let pw = tmp.join("pw");
    std::fs::write(&pw, format!("{ADMIN_PW}\n")).unwrap();
    run_ok("issuer", &["user", "add", "--data", s(&data), "--role", "admin", "--password-file", s(&pw), "anne"], 0);
    (data.clone(), Server::start(&data))
}

fn new_setup_code(server: &Server, session: &str, venue: &str) -> String {
    let page = get(server, session, "/admin/venue-setup");
    let form = format!("csrf={}&venue={venue}", csrf_field(&page));
    let (status, head, body) =
        server.request("POST", "/admin/venue-setup", &[("Cookie", session), FORM], form.as_bytes());
    assert_eq!(status, 200, "{head}");
    let page = String::from_utf8(body).unwrap();
    let i = page.find("value=\"aktivitetskort-setup:").expect("the new set-up code") + 7;
    page[i..].split('"').next().unwrap().to_string()
}

fn issue(data: &Path, card_type: &str, count: &str) -> Vec<String> {
    let out = run_ok("issuer", &["issue", "--data", s(data), "--card-type", card_type, "--count", count, "--json"], 0);
    let cards: Vec<Value> = serde_json::from_str(&out).unwrap();
    cards.iter().map(|c| c["qr_text"].as_str().unwrap().to_string()).collect()
}

/// `verifier redeem --json` (with `extra` flags): exit code and answer.
fn redeem(venue: &Path, text: &str, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["redeem", "--json", "--data", s(venue)];
    args.extend_from_slice(extra);
    args.push(text);
    let out = run("verifier", &args);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", stderr(&out)));
    (out.status.code().unwrap_or(-1), v)
}

/// The usage page's budget rows: (venue id, budget, used, left).
fn budget_rows(page: &str) -> Vec<(String, String, String, String)> {
    let start = page.find("id=\"table-budgets\"").expect("the budget table");
    let body = &page[start..];
    let body = &body[body.find("<tbody>").unwrap() + 7..body.find("</tbody>").unwrap()];
    body.split("<tr")
        .filter(|r| r.contains("data-venue"))
        .map(|row| {
            let venue = row.split("data-venue=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
            let cells: Vec<String> = row
                .split("<td")
                .skip(1)
                .map(|c| c.split('>').nth(1).unwrap().split("</td").next().unwrap().trim().to_string())
                .collect();
            (venue, cells[1].clone(), cells[3].clone(), cells[4].clone())
        })
        .collect()
}

#[test]
fn a_budget_of_three_refuses_the_fourth_card_and_the_usage_page_shows_three_of_three() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, server) = issuer_with_admin(tmp.path());
    let session = log_in(&server);

    // The administrator sets the pool's budget on the venue's page.
    let page = get(&server, &session, "/admin/venues/edit?id=larvik-svommehall");
    assert!(page.contains("id=\"budget-form\""), "{page}");
    let form = format!("csrf={}&id=larvik-svommehall&benefit=svomming&count=3&per=year", csrf_field(&page));
    let (status, head, _) =
        server.request("POST", "/admin/venues/budgets", &[("Cookie", &session), FORM], form.as_bytes());
    assert_eq!(status, 303, "{head}");
    // A budget over a card's validity is refused with the form's message.
    let bad = format!("csrf={}&id=larvik-svommehall&benefit=svomming&count=3&per=validity", csrf_field(&page));
    let (status, _, body) =
        server.request("POST", "/admin/venues/budgets", &[("Cookie", &session), FORM], bad.as_bytes());
    assert_eq!(status, 422);
    assert!(String::from_utf8_lossy(&body).contains("Et billettbudsjett trenger"), "the refusal is explained");
    let page = get(&server, &session, "/admin/venues/edit?id=larvik-svommehall");
    assert!(page.contains("Svømming: 3 / år"), "{page}");
    // The catalogue JSON names it exactly so.
    let cat: Value = serde_json::from_str(&run_ok("issuer", &["catalogue", "--json", "--data", s(&data)], 0)).unwrap();
    let pool = cat["venues"].as_array().unwrap().iter().find(|v| v["id"] == "larvik-svommehall").unwrap().clone();
    assert_eq!(pool["budgets"], serde_json::json!([{"benefit": "svomming", "count": 3, "per": "year"}]));
    let kino = cat["venues"].as_array().unwrap().iter().find(|v| v["id"] == "bolgen-kino").unwrap().clone();
    assert!(kino.get("budgets").is_none(), "no budgets: no field, as before: {kino}");

    // The station, set up from its code, has the budget in its bundle.
    let pool_dir = tmp.path().join("svom");
    let code = new_setup_code(&server, &session, "larvik-svommehall");
    run_ok("verifier", &["--lang", "en", "init", "--data", s(&pool_dir), "--setup", &code], 0);
    let cards = issue(&data, "1", "4");
    let (code, v) = redeem(&pool_dir, &cards[0], &[]);
    assert_eq!((code, v["code"].as_str()), (0, Some("ok")));
    assert!(v.get("budget").is_none(), "1 of 3: no warning yet: {v}");
    assert_eq!(redeem(&pool_dir, &cards[1], &[]).1["code"], "ok");
    // The third: granted, and at 90 % staff are warned.
    let (code, v) = redeem(&pool_dir, &cards[2], &[]);
    assert_eq!((code, v["code"].as_str()), (0, Some("ok")));
    assert_eq!((v["budget"]["used"].as_u64(), v["budget"]["left"].as_u64()), (Some(3), Some(0)), "{v}");
    // The fourth card, never used, is refused: the venue's tickets are used.
    let (code, v) = redeem(&pool_dir, &cards[3], &[]);
    assert_eq!((code, v["valid"].as_bool(), v["code"].as_str()), (1, Some(false), Some("budget_exhausted")), "{v}");
    let year = now().oslo_day().year();
    assert_eq!(v["budget"]["count"], 3);
    assert_eq!(v["budget"]["portion"], 3);
    assert_eq!(v["budget"]["per"], "year");
    assert_eq!(v["budget"]["from"], format!("{year}-01-01"));
    assert_eq!(v["benefit"]["id"], "svomming");
    let out = run_ok("verifier", &["redeem", "--data", s(&pool_dir), &cards[3]], 1);
    assert!(out.starts_with(&format!("ALLE BILLETTENE ER BRUKT · stedets 3 for {year}\n")), "{out}");
    let out = run_ok("verifier", &["--lang", "en", "redeem", "--data", s(&pool_dir), &cards[0]], 1);
    assert!(out.starts_with(&format!("ALL TICKETS ARE USED · the venue's 3 for {year}\n")), "{out}");
    // An undone visit does not count: its ticket goes to the next child.
    run_ok("verifier", &["undo", "--data", s(&pool_dir)], 0);
    assert_eq!(redeem(&pool_dir, &cards[3], &[]).1["code"], "ok");
    assert_eq!(redeem(&pool_dir, &cards[2], &[]).1["code"], "budget_exhausted");

    // The station reports; the usage page shows 3 used of 3, 0 left, and
    // warns the administrator.
    let out = run_ok("verifier", &["--lang", "en", "update", "--data", s(&pool_dir)], 0);
    assert!(out.contains("sent"), "{out}");
    let page = get(&server, &session, &format!("/admin/usage?month={}", this_month()));
    let rows = budget_rows(&page);
    assert_eq!(rows, [("larvik-svommehall".into(), "3 / år".into(), "3".into(), "0".into())], "{rows:?}");
    assert!(page.contains("Larvik svømmehall · Svømming: alle billettene er brukt."), "the administrator is warned");
    assert!(server.stop());
}

#[test]
fn a_budget_divided_between_two_stations_gives_each_its_share() {
    let tmp = tempfile::tempdir().unwrap();
    let issuer = tmp.path().join("issuer");
    run_ok("issuer", &["init", "--data", s(&issuer)], 0);
    let root = run_ok("issuer", &["root-fingerprint", "--data", s(&issuer)], 0).trim().to_string();
    // The budget comes in with `catalogue --import`.
    let mut cat: Value =
        serde_json::from_str(&run_ok("issuer", &["catalogue", "--json", "--data", s(&issuer)], 0)).unwrap();
    let pool = cat["venues"].as_array_mut().unwrap().iter_mut().find(|v| v["id"] == "larvik-svommehall").unwrap();
    pool["budgets"] = serde_json::json!([{"benefit": "svomming", "count": 3, "per": "month"}]);
    let file = tmp.path().join("cat.json");
    std::fs::write(&file, serde_json::to_string(&cat).unwrap()).unwrap();
    run_ok("issuer", &["catalogue", "--data", s(&issuer), "--import", s(&file)], 0);
    let bundle = tmp.path().join("b.akb");
    run_ok("issuer", &["bundle", "--data", s(&issuer), "--out", s(&bundle)], 0);

    // Two stations of the pool: 1 of 2 at set-up, 2 of 2 in the settings.
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let init = |dir: &Path, extra: &[&str]| {
        let mut args = vec!["init", "--data", s(dir), "--bundle", s(&bundle), "--root-fingerprint", &root, "--venue"];
        args.push("larvik-svommehall");
        args.extend_from_slice(extra);
        run_ok("verifier", &args, 0);
    };
    init(&a, &["--budget-share", "1/2"]);
    init(&b, &[]);
    let out = run("verifier", &["--lang", "en", "settings", "--data", s(&b), "--budget-share", "0/2"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("«0/2» is not a budget share"), "{}", stderr(&out));
    let out = run_ok("verifier", &["--lang", "en", "settings", "--data", s(&b), "--budget-share", "2/2"], 0);
    assert!(out.contains("Budget share: station 2 of 2"), "{out}");

    // Of 3, the first station gives 2 and the second 1: 3 in all.
    let cards = issue(&issuer, "1", "5");
    assert_eq!(redeem(&a, &cards[0], &[]).1["code"], "ok");
    assert_eq!(redeem(&a, &cards[1], &[]).1["code"], "ok");
    let (_, v) = redeem(&a, &cards[2], &[]);
    assert_eq!((v["code"].as_str(), v["budget"]["portion"].as_u64()), (Some("budget_exhausted"), Some(2)), "{v}");
    let out = run_ok("verifier", &["redeem", "--data", s(&a), &cards[2]], 1);
    assert!(out.starts_with("ALLE BILLETTENE ER BRUKT · denne stasjonens 2 av stedets 3 for "), "{out}");
    assert_eq!(redeem(&b, &cards[2], &[]).1["code"], "ok");
    let (_, v) = redeem(&b, &cards[3], &[]);
    assert_eq!((v["code"].as_str(), v["budget"]["portion"].as_u64()), (Some("budget_exhausted"), Some(1)), "{v}");
}

#[test]
fn a_companion_confirmed_on_one_of_three_visits_counts_once_in_the_report_and_the_settlement() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, server) = issuer_with_admin(tmp.path());
    let session = log_in(&server);
    let kino = tmp.path().join("kino");
    let code = new_setup_code(&server, &session, "bolgen-kino");
    run_ok("verifier", &["--lang", "en", "init", "--data", s(&kino), "--setup", &code], 0);

    // Three children of the 0–13 card (a companion gets in free); staff
    // record that an adult came with the second only.
    let cards = issue(&data, "1", "3");
    let (_, v) = redeem(&kino, &cards[0], &[]);
    assert_eq!((v["code"].as_str(), v["companion"].as_bool()), (Some("ok"), Some(false)), "{v}");
    let (_, v) = redeem(&kino, &cards[1], &["--companion"]);
    assert_eq!((v["code"].as_str(), v["companion"].as_bool()), (Some("ok"), Some(true)), "{v}");
    let (_, v) = redeem(&kino, &cards[2], &[]);
    assert_eq!(v["companion"], false);

    // The station's report counts 1 companion, and so does settlement.
    let month = this_month();
    let out = run_ok("verifier", &["report", "--json", "--data", s(&kino), "--month", &month], 0);
    let report: Value = serde_json::from_str(&out).unwrap();
    let sum = |k: &str| report["rows"].as_array().unwrap().iter().map(|r| r[k].as_u64().unwrap()).sum::<u64>();
    assert_eq!((sum("count"), sum("companions")), (3, 1), "{report}");
    run_ok("verifier", &["--lang", "en", "update", "--data", s(&kino)], 0);
    let csv = get(&server, &session, &format!("/admin/usage/settlement.csv?month={month}&venue=bolgen-kino"));
    let rows: Vec<&str> = csv.lines().skip(1).filter(|l| !l.trim().is_empty()).collect();
    let total = |from_end: usize| -> u64 {
        rows.iter()
            .map(|l| {
                let cells: Vec<&str> = l.split([',', ';']).collect();
                cells[cells.len() - from_end].trim().parse::<u64>().unwrap()
            })
            .sum()
    };
    assert_eq!((total(2), total(1)), (3, 1), "{csv}");
    assert!(server.stop());
}

#[test]
fn the_tablet_page_asks_whether_a_companion_came_and_records_the_answer() {
    let setup = e2e::Setup::new("bolgen-kino");
    let cards = setup.issue(1, 2, &[]);
    let mut server = Server::start_verifier(&setup.venue);
    server.pair(&setup.venue);
    let json = ("Accept", "application/json");
    let post = |path: &str, form: String, headers: &[(&str, &str)]| -> (u16, String) {
        let mut h = vec![FORM];
        h.extend_from_slice(headers);
        let (status, _, body) = server.request("POST", path, &h, form.as_bytes());
        (status, String::from_utf8(body).unwrap())
    };
    let text =
        |card: &Value| -> String { card["qr_text"].as_str().unwrap().bytes().map(|b| format!("%{b:02X}")).collect() };

    // Without script: the granted visit's page shows the two buttons.
    let (status, page) = post("/redeem", format!("text={}", text(&cards[0])), &[]);
    assert_eq!(status, 200);
    let form = &page[page.find("<form id=\"companion\"").expect("the companion form")..];
    let form = &form[..form.find("</form>").unwrap()];
    assert!(!form.contains(" hidden"), "the buttons are shown: {form}");
    assert!(form.contains(">Med ledsager<") && form.contains(">Bare barnet<"), "{form}");
    let visit = form.split("name=\"visit\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let (_, a) = post("/companion", format!("visit={visit}&came=yes"), &[json]);
    let a: Value = serde_json::from_str(&a).unwrap();
    assert_eq!(
        (a["code"].as_str(), a["headline"].as_str()),
        (Some("companion_came"), Some("LEDSAGER REGISTRERT · Kino"))
    );

    // The script's way: the answer names the visit; "child only".
    let (_, a) = post("/redeem", format!("text={}", text(&cards[1])), &[json]);
    let a: Value = serde_json::from_str(&a).unwrap();
    let visit = a["companion_visit"].as_i64().expect("the visit to confirm");
    let (_, a) = post("/companion", format!("visit={visit}&came=no"), &[json]);
    assert_eq!(serde_json::from_str::<Value>(&a).unwrap()["code"], "companion_none");
    // Another visit than the device's last: refused, nothing changes.
    let (_, a) = post("/companion", format!("visit={}&came=yes", visit - 1), &[json]);
    assert_eq!(serde_json::from_str::<Value>(&a).unwrap()["code"], "too_late");

    let db = rusqlite::Connection::open(setup.venue.join("redemptions.db")).unwrap();
    let came: Vec<i64> = db
        .prepare("SELECT companion FROM redemption ORDER BY id")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .unwrap();
    assert_eq!(came, [1, 0]);
    assert!(server.stop());
}
