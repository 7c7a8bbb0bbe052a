//! Usage reports end to end, with the real binaries: the issuer serves,
//! the administrator makes a set-up code for each of two venues over HTTP,
//! each venue is set up with its code (its key registered and approved by
//! the code's one-time registration code), the venues redeem cards
//! and `verifier update` sends their reports. The settlement CSV's numbers
//! must equal the visits granted, and the usage page shows them suppressed
//! (no small cells: these counts are all below 5); sending again
//! changes nothing; a venue computer whose key was not approved, and a
//! tampered report, change nothing either; no token id is in any report.

use e2e::{Batch, Server, Setup, cookie_from, run, run_ok, s, stderr, wait_until};
use serde_json::Value;
use shared::Timestamp;
use std::path::Path;

const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");
const ADMIN_PW: &str = "fjord lantern 27 breeze";
const WAIT: std::time::Duration = std::time::Duration::from_secs(60);

fn csrf_field(html: &str) -> String {
    let i = html.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    html[i..].split('"').next().unwrap().to_string()
}

fn now() -> Timestamp {
    Timestamp(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64)
}

/// Log in as the administrator over HTTP: the session cookie.
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

/// The administrator makes a new set-up code for `venue` on the set-up page.
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

/// Set up a venue computer from a set-up code; returns its key fingerprint
/// and what `verifier init` printed (standard output and error).
fn set_up_venue(dir: &Path, code: &str) -> (String, String) {
    let out = run("verifier", &["--lang", "en", "init", "--data", s(dir), "--setup", code]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    let key: Value =
        serde_json::from_str(&run_ok("verifier", &["key", "--json", "--data", s(dir)], 0)).expect("key JSON");
    let fingerprint = key["fingerprint"].as_str().unwrap().to_string();
    let short = key["fingerprint_short"].as_str().unwrap();
    assert!(out.contains(short), "init shows the key's fingerprint: {out}");
    (fingerprint, out)
}

/// Redeem, staff recording that a companion came (counted where the offer
/// lets one in free: SPEC §11.12).
fn redeem(venue: &Path, text: &str) -> bool {
    let out = run("verifier", &["redeem", "--json", "--companion", "--data", s(venue), text]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", stderr(&out)));
    v["valid"] == true
}

/// The usage page's venue table: name → (visits, companions) as shown.
fn venue_table(page: &str) -> Vec<(String, String, String)> {
    let start = page.find("id=\"table-venues\"").expect("the venue table");
    let body = &page[start..];
    let body = &body[body.find("<tbody>").unwrap() + 7..body.find("</tbody>").unwrap()];
    body.split("<tr>")
        .filter(|r| !r.trim().is_empty())
        .map(|row| {
            let name = row.split("<th scope=\"row\">").nth(1).unwrap().split('<').next().unwrap().to_string();
            let cells: Vec<String> = row
                .split("<td>")
                .skip(1)
                .take(2)
                .map(|c| c.split("</td>").next().unwrap().trim().replace("&#60;", "<"))
                .collect();
            (name, cells[0].clone(), cells[1].clone())
        })
        .collect()
}

/// (visits, companions) summed over a settlement CSV's rows.
fn settlement(server: &Server, session: &str, month: &str, venue: &str) -> (u64, u64) {
    let csv = get(server, session, &format!("/admin/usage/settlement.csv?month={month}&venue={venue}"));
    let mut lines = csv.lines();
    // Bokmål: semicolons (and a byte-order mark), for Norwegian Excel.
    let header = lines.next().expect("a header row");
    assert!(header.starts_with('\u{feff}'), "{header:?}");
    let header: Vec<&str> = header.split(';').collect();
    assert_eq!(header.len(), 9, "{header:?}");
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            // The last two columns are the counts (names before them may be
            // quoted, but never hold a semicolon in the demo catalogue).
            let cells: Vec<&str> = l.rsplitn(3, ';').collect();
            (cells[1].trim().parse::<u64>().unwrap(), cells[0].trim().parse::<u64>().unwrap())
        })
        .fold((0, 0), |(v, c), (a, b)| (v + a, c + b))
}

/// An issuer in `tmp` with an administrator, serving: (its data
/// directory, the server, its root fingerprint).
fn issuer_with_admin(tmp: &Path) -> (std::path::PathBuf, Server, String) {
    let data = tmp.join("issuer");
    run_ok("issuer", &["init", "--data", s(&data)], 0);
    let pw = tmp.join("pw");
    std::fs::write(&pw, format!("{ADMIN_PW}\n")).unwrap();
    run_ok("issuer", &["user", "add", "--data", s(&data), "--role", "admin", "--password-file", s(&pw), "anne"], 0);
    let server = Server::start(&data);
    let root = run_ok("issuer", &["root-fingerprint", "--data", s(&data)], 0).trim().to_string();
    (data, server, root)
}

/// Issue `count` cards of `card_type`: their scanned texts.
fn issue(data: &Path, card_type: &str, count: &str) -> Vec<String> {
    let out = run_ok("issuer", &["issue", "--data", s(data), "--card-type", card_type, "--count", count, "--json"], 0);
    let cards: Vec<Value> = serde_json::from_str(&out).unwrap();
    cards.iter().map(|c| c["qr_text"].as_str().unwrap().to_string()).collect()
}

/// The current month (Oslo), `YYYY-MM`.
fn this_month() -> String {
    let (y, m, _) = now().oslo_day().ymd();
    format!("{y:04}-{m:02}")
}

#[test]
fn visits_at_two_venues_reach_the_usage_page_and_the_settlement_csv_exactly_once() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, server, root) = issuer_with_admin(tmp.path());

    // Cards: three of type 1 (companion free), two of type 2.
    let (young, youth) = (issue(&data, "1", "3"), issue(&data, "2", "2"));

    // Two venues are set up with their set-up codes; their keys are
    // approved by the codes, and listed as approved for the administrator.
    let session = log_in(&server);
    let kino = tmp.path().join("kino");
    let svom = tmp.path().join("svom");
    for (dir, venue) in [(&kino, "bolgen-kino"), (&svom, "larvik-svommehall")] {
        let (fingerprint, out) = set_up_venue(dir, &new_setup_code(&server, &session, venue));
        assert!(out.contains("This venue's key is approved"), "{out}");
        let page = get(&server, &session, "/admin/venue-keys");
        let approved = &page[page.find("id=\"approved-keys\"").expect("approved keys")..];
        assert!(approved.contains(&fingerprint), "{page}");
    }

    // Cinema (1 a week): three granted; the same card again is refused.
    for card in [&young[0], &young[1], &youth[0]] {
        assert!(redeem(&kino, card));
    }
    assert!(!redeem(&kino, &young[0]), "quota: once a week");
    // Pool (2 a week): four granted, the third of one card refused.
    for card in [&young[0], &young[0], &young[2], &youth[1]] {
        assert!(redeem(&svom, card));
    }
    assert!(!redeem(&svom, &young[0]), "quota: twice a week");

    // Online venues send their reports with `verifier update`.
    for dir in [&kino, &svom] {
        let out = run_ok("verifier", &["--lang", "en", "update", "--data", s(dir)], 0);
        assert!(out.contains("sent"), "{out}");
    }

    let month = this_month();
    let expected = |page: &str| {
        let table = venue_table(page);
        let find = |name: &str| table.iter().find(|r| r.0 == name).map(|r| (r.1.as_str(), r.2.as_str()));
        // 3 visits and 2 companions, 4 and 3: all small, none shown.
        assert_eq!(find("Bølgen kino"), Some(("< 5", "< 5")), "{table:?}");
        assert_eq!(find("Larvik svømmehall"), Some(("< 5", "< 5")), "{table:?}");
        assert_eq!(table.len(), 2, "{table:?}");
    };
    let page = get(&server, &session, &format!("/admin/usage?month={month}"));
    expected(&page);
    assert!(page.matches("<svg").count() >= 3, "the charts are drawn server-side");
    assert_eq!(settlement(&server, &session, &month, "bolgen-kino"), (3, 2));
    assert_eq!(settlement(&server, &session, &month, "larvik-svommehall"), (4, 3));

    // Sending again (cumulative reports) never double-counts.
    for dir in [&kino, &svom] {
        run_ok("verifier", &["--lang", "en", "update", "--data", s(dir)], 0);
    }
    expected(&get(&server, &session, &format!("/admin/usage?month={month}")));
    assert_eq!(settlement(&server, &session, &month, "bolgen-kino"), (3, 2));

    // A second cinema computer set up with an old set-up code (no
    // registration code): its key is not registered, its visit is granted
    // locally, its report refused, the numbers unchanged.
    let kino2 = tmp.path().join("kino2");
    let old_code = format!("aktivitetskort-setup:1;bundle=http://{}/bundle;root={root};venue=bolgen-kino", server.addr);
    let (_, out) = set_up_venue(&kino2, &old_code);
    assert!(out.contains("Ask the administrator for a new set-up code"), "{out}");
    assert!(out.contains("The venue is set up and checks cards"), "{out}");
    assert!(redeem(&kino2, &young[2]));
    let out = run_ok("verifier", &["--lang", "en", "update", "--data", s(&kino2)], 0);
    assert!(out.contains("not approved"), "{out}");
    expected(&get(&server, &session, &format!("/admin/usage?month={month}")));

    // A report file carried by hand, changed on the way: refused, nothing
    // changes.
    let file = tmp.path().join("kino.akr");
    run_ok("verifier", &["report", "--data", s(&kino), "--month", &month, "--out", s(&file)], 0);
    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    let (status, _, answer) =
        server.request("POST", "/reports", &[("Content-Type", "application/octet-stream")], &bytes);
    let answer: Value = serde_json::from_slice(&answer).unwrap();
    assert_eq!(status, 400, "{answer}");
    assert!(["bad_signature", "malformed"].contains(&answer["error"].as_str().unwrap()), "{answer}");
    expected(&get(&server, &session, &format!("/admin/usage?month={month}")));

    // No report holds a token id.
    let report = std::fs::read(&file).unwrap();
    for card in young.iter().chain(&youth) {
        let id = Setup::token_id(card);
        assert!(!report.windows(id.len()).any(|w| w == id.as_slice()), "a token id in the report");
        assert!(!report.windows(8).any(|w| w == &id[..8]), "half a token id in the report");
    }

    // The second cinema computer gets a new set-up code: another venue's is
    // refused and changes nothing; its own registers the key, and its
    // report then arrives.
    let pool_code = new_setup_code(&server, &session, "larvik-svommehall");
    let out = run("verifier", &["--lang", "en", "register", "--data", s(&kino2), "--setup", &pool_code]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("this set-up code is for the venue «larvik-svommehall»"), "{}", stderr(&out));
    let kino_code = new_setup_code(&server, &session, "bolgen-kino");
    let args = ["--lang", "en", "register", "--data", s(&kino2), "--setup", &kino_code];
    assert!(run_ok("verifier", &args, 0).contains("This venue's key is approved"));
    let out = run_ok("verifier", &["--lang", "en", "update", "--data", s(&kino2)], 0);
    assert!(!out.contains("not approved"), "{out}");
    assert_eq!(settlement(&server, &session, &month, "bolgen-kino"), (4, 3), "the second computer's visit too");
    assert!(server.stop(), "the server stops cleanly");
}

/// A running station sends its usage reports on its own (SPEC §11.9): a
/// venue set up from the code, its key approved, runs `verifier redeem -`
/// with a short `--update-every`; nobody runs `verifier update`, yet the
/// usage page shows its visits, and a later visit too. An unchanged report
/// is not sent again at every update.
#[test]
fn a_running_station_sends_its_reports_on_its_own() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, server, _) = issuer_with_admin(tmp.path());
    let young = issue(&data, "1", "3");
    let kino = tmp.path().join("kino");
    let session = log_in(&server);
    let (_, out) = set_up_venue(&kino, &new_setup_code(&server, &session, "bolgen-kino"));
    assert!(out.contains("This venue's key is approved"), "{out}");

    let mut station = Batch::start(&kino, &["--update-every", "1s", "--companion"]);
    for card in &young[..2] {
        assert_eq!(station.ask(card)["code"], "ok");
    }
    let month = this_month();
    // The exact count arrives in the settlement CSV; the usage page shows
    // it as a small count.
    let usage = |visits: u64| {
        wait_until(
            WAIT,
            || format!("{visits} visits: {:?}", settlement(&server, &session, &month, "bolgen-kino")),
            || (settlement(&server, &session, &month, "bolgen-kino") == (visits, visits)).then_some(()),
        );
        let table = venue_table(&get(&server, &session, &format!("/admin/usage?month={month}")));
        assert_eq!(table, [("Bølgen kino".to_string(), "< 5".to_string(), "< 5".to_string())]);
    };
    usage(2);
    let asked = now().0;
    assert_eq!(station.ask(&young[2])["code"], "ok");
    usage(3);
    assert_eq!(settlement(&server, &session, &month, "bolgen-kino"), (3, 3));

    // Unchanged since: later updates send nothing (the time the issuer
    // last stored a report stays), though they keep fetching the bundle.
    let status = || -> (i64, i64) {
        let file = std::fs::read_to_string(kino.join("update-status.json")).unwrap();
        let v: Value = serde_json::from_str(&file).unwrap();
        (v["last_attempt"].as_i64().unwrap(), v["reports_sent"].as_i64().unwrap_or(0))
    };
    let sent = wait_until(
        WAIT,
        || format!("an update after the last report: {:?}", status()),
        || {
            let (attempt, sent) = status();
            (sent >= asked && attempt > sent).then_some(sent)
        },
    );
    wait_until(WAIT, || format!("three more updates: {:?}", status()), || (status().0 >= sent + 3).then_some(()));
    assert_eq!(status().1, sent, "an unchanged report was sent again");
    station.finish();
    assert!(server.stop());
}
