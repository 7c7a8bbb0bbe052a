//! Upgrades that keep data: every fixture under `tests/fixtures/upgrade/`
//! (an issuer and a venue data directory as a release left them, made by
//! `tests/fixtures/upgrade/make.sh`) opens with the binaries of today. The
//! database migrates (after a copy of it is taken, exactly when its schema
//! changes), the cards issued before verify and the blocked one stays
//! blocked, the catalogue, accounts and counts are intact, the release's
//! own bundle still installs, and the venue's visits still count (a card
//! used up stays used up). A database newer than the binary is refused and
//! left as it is.

use e2e::{Server, cookie_from, run, run_ok, s, stderr};
use serde_json::Value;
use std::path::{Path, PathBuf};

const JSON: (&str, &str) = ("Content-Type", "application/json");
/// The fixtures' users' password (fixture.json says it too): named here so
/// that `.ci/logs_hold_no_secrets.py` looks for it in the servers' logs.
const FIXTURE_PASSWORD: &str = "upgrade fixture password 2026";

/// Every fixture directory (those holding a `fixture.json`).
fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join("upgrade");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("fixture.json").is_file())
        .collect();
    found.sort();
    assert!(!found.is_empty(), "no fixture in {}", root.display());
    found
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Copy `from` into the new directory `to`, with the modes a checkout
/// leaves (git keeps none): 0755 directories, 0644 files.
fn copy_tree(from: &Path, to: &Path) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::create_dir(to).unwrap();
    std::fs::set_permissions(to, std::fs::Permissions::from_mode(0o755)).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
            std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
    }
}

/// Make a copied data directory owner-only, as the release left it
/// (directories 0700, files 0600).
fn owner_only(dir: &Path) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            owner_only(&entry.path());
        } else {
            std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(0o600)).unwrap();
        }
    }
}

fn schema(db: &Path) -> i64 {
    rusqlite::Connection::open(db).unwrap().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap()
}

/// Cards counted per card type in an issuer's database.
fn issued(db: &Path) -> Vec<(i64, i64)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT card_type, SUM(count) FROM issuance_counts GROUP BY card_type ORDER BY card_type")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
}

fn audit_lines(db: &Path) -> i64 {
    rusqlite::Connection::open(db).unwrap().query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0)).unwrap()
}

/// What is in `dir` (sorted; nothing if it is missing).
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

/// `verifier ACTION --json TEXT` on the venue `dir` → (exit code, answer).
/// `check` names its verdict `reason`, `redeem` `code`: here both `code`.
fn ask(action: &str, dir: &Path, text: &str) -> (i32, Value) {
    let out = run("verifier", &[action, "--data", s(dir), "--json", "--", text]);
    let mut answer: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{action}: not JSON ({e}): {}{}", String::from_utf8_lossy(&out.stdout), stderr(&out))
    });
    if answer.get("code").is_none()
        && let Some(reason) = answer.get("reason").cloned()
    {
        answer["code"] = reason;
    }
    (out.status.code().unwrap_or(-1), answer)
}

/// The fixture's cards that the test expects to be `what`.
fn cards<'a>(cards: &'a Value, what: &str) -> Vec<&'a str> {
    cards.as_array().unwrap().iter().filter(|c| c["expect"] == what).map(|c| c["qr_text"].as_str().unwrap()).collect()
}

/// The fixture copied into `tmp`: (issuer directory, venue directory).
/// Copied as a checkout leaves it, the issuer refuses its key files (others
/// may read them) before it touches the database; made owner-only, it opens.
fn copy_fixture(fixture: &Path, tmp: &Path) -> (PathBuf, PathBuf) {
    let (issuer, venue) = (tmp.join("issuer"), tmp.join("venue"));
    copy_tree(&fixture.join("issuer"), &issuer);
    copy_tree(&fixture.join("verifier"), &venue);
    let before = schema(&issuer.join("issuer.db"));
    let out = run("issuer", &["root-fingerprint", "--data", s(&issuer)]);
    assert_eq!(out.status.code(), Some(1), "lax key files are refused: {}", stderr(&out));
    assert!(stderr(&out).contains("readable by its owner only"), "{}", stderr(&out));
    assert_eq!(schema(&issuer.join("issuer.db")), before, "nothing is migrated before the keys open");
    assert_eq!(entries(&issuer.join("backups")), Vec::<String>::new());
    owner_only(&issuer);
    owner_only(&venue);
    (issuer, venue)
}

/// The old release's bundle file still installs on a new venue, and the
/// cards verify against it (the blocked one is refused): by the verifier
/// while the bundle is young enough for its longest staleness limit (365
/// days), and always by the card core at the bundle's own time.
fn the_old_bundle_still_installs(fixture: &Path, meta: &Value, all: &Value, tmp: &Path) -> PathBuf {
    let venue = tmp.join("new-venue");
    let fp = meta["root_fingerprint"].as_str().unwrap();
    let bundle = fixture.join("bundle.akb");
    let init =
        ["init", "--data", s(&venue), "--bundle", s(&bundle), "--root-fingerprint", fp, "--venue", "upgrade-hall"];
    run_ok("verifier", &init, 0);
    run_ok("verifier", &["settings", "--data", s(&venue), "--stale-warn-days", "365", "--stale-refuse-days", "365"], 0);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let bytes = std::fs::read(&bundle).unwrap();
    let old = shared::verify_bundle(&bytes, &shared::Fingerprint::parse(fp).unwrap(), shared::Timestamp(now)).unwrap();
    let then = old.body().issued_at;
    let young = now - then.0 < 365 * 86_400;
    let valid = [cards(all, "used_up"), cards(all, "visited_once"), cards(all, "unused")].concat();
    for text in &valid {
        shared::verify_text(text, &old, then).unwrap();
        let (code, v) = ask("check", &venue, text);
        let want = if young { (0, Some("ok")) } else { (1, Some("bundle_too_old")) };
        assert_eq!((code, v["code"].as_str()), want, "{v}");
    }
    for text in cards(all, "blocked") {
        assert_eq!(shared::verify_text(text, &old, then).unwrap_err(), shared::TokenError::Revoked);
        let (code, v) = ask("check", &venue, text);
        let want = if young { (1, Some("revoked")) } else { (1, Some("bundle_too_old")) };
        assert_eq!((code, v["code"].as_str()), want, "{v}");
    }
    venue
}

/// Log in as the fixture's caseworker through the API and issue one card
/// of the fixture's card type; its text.
fn issue_through_the_api(server: &Server, meta: &Value) -> String {
    let users = &meta["users"];
    let login = serde_json::json!({"username": users["caseworker"], "password": users["password"]}).to_string();
    let (status, _, body) = server.request("POST", "/api/v1/login", &[JSON], login.as_bytes());
    assert_eq!(status, 200, "the fixture's caseworker logs in: {}", String::from_utf8_lossy(&body));
    let token = serde_json::from_slice::<Value>(&body).unwrap()["token"].as_str().unwrap().to_string();
    let auth = format!("Bearer {token}");
    let request = serde_json::json!({"card_type": meta["card_type"], "count": 1}).to_string();
    let (status, _, body) =
        server.request("POST", "/api/v1/cards", &[JSON, ("Authorization", &auth)], request.as_bytes());
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
    serde_json::from_slice::<Value>(&body).unwrap()["cards"][0]["qr_text"].as_str().unwrap().to_string()
}

fn csrf_field(html: &[u8]) -> String {
    let html = String::from_utf8_lossy(html);
    let i = html.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    html[i..].split('"').next().unwrap().to_string()
}

/// The fixture's administrator logs in on the web page; the activity page
/// shows the counts of the cards issued before, per agency and card type
/// (the command line's 3 and the caseworker's 2 through the API), and the
/// same root key.
fn the_administrator_sees_the_counts(server: &Server, meta: &Value) {
    let (status, head, body) = server.request("GET", "/login", &[], b"");
    assert_eq!(status, 200);
    let pre = cookie_from(&head, "__Host-csrf");
    let users = &meta["users"];
    let password = users["password"].as_str().unwrap().replace(' ', "+");
    let form = format!("csrf={}&username={}&password={password}", csrf_field(&body), users["admin"].as_str().unwrap());
    let form_type = ("Content-Type", "application/x-www-form-urlencoded");
    let (status, head, _) = server.request("POST", "/login", &[("Cookie", &pre), form_type], form.as_bytes());
    assert_eq!(status, 303, "the fixture's administrator logs in: {head}");
    let session = cookie_from(&head, "__Host-session");
    let (status, _, page) = server.request("GET", "/admin/activity", &[("Cookie", &session)], b"");
    assert_eq!(status, 200);
    let page = String::from_utf8_lossy(&page);
    assert!(page.contains("<td>Fixture agency</td><td>Upgrade fixture</td><td>2</td>"), "{page}");
    assert!(page.contains("<td>Upgrade fixture</td><td>3</td>"), "{page}");
    assert!(page.contains(&format!("<code>{}</code>", meta["root_fingerprint"].as_str().unwrap())), "{page}");
}

/// The catalogue the fixture made: its venue and card type, unchanged.
fn the_catalogue_is_intact(issuer: &Path, meta: &Value) {
    let cat: Value = serde_json::from_str(&run_ok("issuer", &["catalogue", "--data", s(issuer), "--json"], 0)).unwrap();
    let venues: Vec<&str> = cat["venues"].as_array().unwrap().iter().map(|v| v["id"].as_str().unwrap()).collect();
    assert!(venues.contains(&"upgrade-hall") && venues.contains(&"bolgen-kino"), "{venues:?}");
    let card_type = cat["card_types"].as_array().unwrap().iter().find(|c| c["id"] == meta["card_type"]).unwrap();
    assert_eq!(card_type["validity"], serde_json::json!({"kind": "fixed", "from": 20454, "until": 47481}));
    let benefit = &card_type["benefits"][0];
    assert_eq!((benefit["id"].as_str(), &benefit["venues"]), (Some("hall"), &serde_json::json!(["upgrade-hall"])));
    assert_eq!(benefit["quotas"], serde_json::json!([{"count": 2, "per": "validity"}]));
    assert!(cat["card_types"].as_array().unwrap().iter().any(|c| c["id"] == 1));
}

/// The venue, moved to this release: the new bundle installs, the log
/// migrates, and what was used stays used.
fn the_venue_keeps_its_visits(venue: &Path, bundle: &Path, all: &Value, fresh: &str) {
    let old = schema(&venue.join("redemptions.db"));
    let out = run("verifier", &["--lang", "en", "update", "--data", s(venue), "--bundle", s(bundle)]);
    assert_eq!(out.status.code(), Some(0), "{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    let known = verifier::log::MIGRATIONS.len() as i64;
    for text in cards(all, "used_up") {
        let (code, v) = ask("redeem", venue, text);
        assert_eq!((code, v["code"].as_str()), (1, Some("quota_exhausted")), "a card used up stays used up: {v}");
    }
    assert_eq!(schema(&venue.join("redemptions.db")), known, "the log migrated");
    let copies = entries(&venue.join("backups"));
    if old < known {
        assert_eq!(copies, [format!("pre-upgrade-{old}-to-{known}.sqlite")]);
        // Put back (as README says), the copy holds the visits of before.
        let back = venue.with_file_name("venue-rolled-back");
        copy_tree(venue, &back);
        for f in ["redemptions.db", "redemptions.db-wal", "redemptions.db-shm"] {
            let _ = std::fs::remove_file(back.join(f));
        }
        std::fs::copy(venue.join("backups").join(&copies[0]), back.join("redemptions.db")).unwrap();
        owner_only(&back);
        assert_eq!(schema(&back.join("redemptions.db")), old);
        for text in cards(all, "used_up") {
            assert_eq!(ask("redeem", &back, text).1["code"], "quota_exhausted", "used up in the copy too");
        }
    } else {
        assert_eq!(copies, Vec::<String>::new(), "no copy without a schema change");
    }
    for text in cards(all, "visited_once") {
        assert_eq!(ask("redeem", venue, text).1["code"], "ok", "its second visit");
        assert_eq!(ask("redeem", venue, text).1["code"], "quota_exhausted", "no third");
    }
    for text in cards(all, "blocked") {
        let (code, v) = ask("redeem", venue, text);
        assert_eq!((code, v["code"].as_str()), (1, Some("revoked")), "{v}");
    }
    for text in [cards(all, "unused"), vec![fresh]].concat() {
        let (code, v) = ask("redeem", venue, text);
        assert_eq!((code, v["code"].as_str()), (0, Some("ok")), "{v}");
    }
    // The visits of the old release are still in the venue's report: 2 + 1
    // then, 1 + 2 unused cards + the new card now.
    let report: Value =
        serde_json::from_str(&run_ok("verifier", &["report", "--data", s(venue), "--json"], 0)).unwrap();
    let visits: u64 = report.as_array().unwrap().iter().map(|r| r["count"].as_u64().unwrap()).sum();
    assert_eq!(visits, 3 + 1 + cards(all, "unused").len() as u64 + 1, "{report}");
}

#[test]
fn every_fixture_opens_with_this_release_and_its_cards_still_verify() {
    for fixture in fixtures() {
        let tmp = tempfile::tempdir().unwrap();
        let meta = read_json(&fixture.join("fixture.json"));
        assert_eq!(meta["users"]["password"], FIXTURE_PASSWORD);
        let all = read_json(&fixture.join("cards.json"));
        let (issuer, venue) = copy_fixture(&fixture, tmp.path());
        let db = issuer.join("issuer.db");
        let old = schema(&db);
        assert_eq!(old, meta["issuer_schema"].as_i64().unwrap(), "{}", fixture.display());
        let counts = issued(&db);
        let audit = audit_lines(&db);
        let new_venue = the_old_bundle_still_installs(&fixture, &meta, &all, tmp.path());

        // The new issuer opens it (migrating it), and it works: the
        // caseworker logs in and issues.
        let server = Server::start(&issuer);
        the_administrator_sees_the_counts(&server, &meta);
        let fresh = issue_through_the_api(&server, &meta);
        let (stopped, log) = server.stop_with_log();
        assert!(stopped);
        let new = schema(&db);
        assert!(new >= old);
        let copies = entries(&issuer.join("backups"));
        let said = log.iter().any(|l| l.contains("the database was upgraded; the copy from before is"));
        assert_eq!(said, new > old, "the log says so when it upgraded: {log:?}");
        if new > old {
            assert_eq!(copies, [format!("pre-upgrade-{old}-to-{new}.sqlite")], "{}", fixture.display());
            assert_eq!(schema(&issuer.join("backups").join(&copies[0])), old, "the copy is from before");
        } else {
            assert_eq!(copies, Vec::<String>::new(), "no copy without a schema change");
        }

        // Accounts, counts, audit, catalogue, keys and blocked card: intact.
        let mut expected = counts.clone();
        expected.iter_mut().filter(|(t, _)| *t == meta["card_type"].as_i64().unwrap()).for_each(|(_, n)| *n += 1);
        assert_eq!(issued(&db), expected, "{}", fixture.display());
        let want: Vec<(i64, i64)> = meta["issued"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(t, n)| (t.parse().unwrap(), n.as_i64().unwrap()))
            .collect::<std::collections::BTreeMap<_, _>>()
            .into_iter()
            .collect();
        assert_eq!(counts, want, "the fixture's counts as made");
        assert!(audit_lines(&db) > audit, "the audit log kept its lines and added the new ones");
        the_catalogue_is_intact(&issuer, &meta);
        let fp = run_ok("issuer", &["root-fingerprint", "--data", s(&issuer)], 0);
        assert_eq!(fp.trim(), meta["root_fingerprint"].as_str().unwrap());
        let bundle = tmp.path().join("new.akb");
        run_ok("issuer", &["bundle", "--data", s(&issuer), "--out", s(&bundle)], 0);
        assert_eq!(entries(&issuer.join("backups")).len(), copies.len(), "one copy per schema change, not per open");

        // The venue set up from the old bundle file takes the new one
        // without re-pinning; the fixture's venue keeps its visits.
        let out = run("verifier", &["--lang", "en", "update", "--data", s(&new_venue), "--bundle", s(&bundle)]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(ask("check", &new_venue, &fresh).1["code"], "ok");
        the_venue_keeps_its_visits(&venue, &bundle, &all, &fresh);
    }
}

/// The newest fixture (today's release), copied and made owner-only:
/// (issuer, venue, the fixture's directory).
fn newest_fixture(tmp: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let fixture = fixtures().pop().unwrap();
    let (issuer, venue) = copy_fixture(&fixture, tmp);
    (issuer, venue, fixture)
}

#[test]
fn the_copy_taken_before_an_upgrade_restores_a_working_issuer() {
    let older: Vec<PathBuf> = fixtures()
        .into_iter()
        .filter(|f| read_json(&f.join("fixture.json"))["issuer_schema"].as_i64() < Some(current_issuer_schema()))
        .collect();
    assert!(!older.is_empty(), "a fixture of an older schema is kept");
    for fixture in older {
        let tmp = tempfile::tempdir().unwrap();
        let meta = read_json(&fixture.join("fixture.json"));
        let (issuer, _) = copy_fixture(&fixture, tmp.path());
        let old = schema(&issuer.join("issuer.db"));
        let counts = issued(&issuer.join("issuer.db"));
        run_ok("issuer", &["catalogue", "--data", s(&issuer)], 0);
        let copies = entries(&issuer.join("backups"));
        assert_eq!(copies.len(), 1, "{copies:?}");
        let copy = issuer.join("backups").join(&copies[0]);
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::metadata(issuer.join("backups")).unwrap().permissions().mode() & 0o777, 0o700);

        // Roll back as README says: the copy becomes issuer.db again (here
        // in a second directory with the same keys). It is the old schema,
        // which the old release opens; this release opens it too.
        let back = tmp.path().join("rolled-back");
        copy_tree(&fixture.join("issuer"), &back);
        std::fs::remove_file(back.join("issuer.db")).unwrap();
        std::fs::copy(&copy, back.join("issuer.db")).unwrap();
        owner_only(&back);
        assert_eq!(schema(&back.join("issuer.db")), old);
        assert_eq!(issued(&back.join("issuer.db")), counts);
        let fp = run_ok("issuer", &["root-fingerprint", "--data", s(&back)], 0);
        assert_eq!(fp.trim(), meta["root_fingerprint"].as_str().unwrap());
        let all = read_json(&fixture.join("cards.json"));
        let bundle = tmp.path().join("rolled-back.akb");
        run_ok("issuer", &["bundle", "--data", s(&back), "--out", s(&bundle)], 0);
        let venue = tmp.path().join("venue-after-rollback");
        let init = ["init", "--data", s(&venue), "--bundle", s(&bundle), "--root-fingerprint", fp.trim()];
        run_ok("verifier", &[&init[..], &["--venue", "upgrade-hall"]].concat(), 0);
        for text in cards(&all, "unused") {
            assert_eq!(ask("check", &venue, text).1["code"], "ok");
        }
        for text in cards(&all, "blocked") {
            assert_eq!(ask("check", &venue, text).1["code"], "revoked");
        }
    }
}

/// The schema this issuer writes: that of a new issuer's database.
fn current_issuer_schema() -> i64 {
    let tmp = tempfile::tempdir().unwrap();
    run_ok("issuer", &["init", "--data", s(&tmp.path().join("i"))], 0);
    schema(&tmp.path().join("i").join("issuer.db"))
}

#[test]
fn a_database_newer_than_the_binary_is_refused_and_left_as_it_is() {
    let tmp = tempfile::tempdir().unwrap();
    let (issuer, venue, fixture) = newest_fixture(tmp.path());
    let all = read_json(&fixture.join("cards.json"));
    let card = cards(&all, "unused")[0].to_string();
    let db = issuer.join("issuer.db");
    let known = current_issuer_schema();
    rusqlite::Connection::open(&db).unwrap().pragma_update(None, "user_version", known + 1).unwrap();
    let before = std::fs::read(&db).unwrap();
    let out = run("issuer", &["serve", "--data", s(&issuer), "--listen", "127.0.0.1:0"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let nb = format!(
        "skrevet av en nyere versjon av utstederen (skjema {}; denne versjonen kjenner til og med {known})",
        known + 1
    );
    assert!(stderr(&out).contains(&nb), "{}", stderr(&out));
    assert!(stderr(&out).contains("pre-upgrade-"), "{}", stderr(&out));
    let out = e2e::command("issuer")
        .args(["issue", "--data", s(&issuer), "--card-type", "1"])
        .env("ISSUER_LANG", "en")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let en = format!(
        "was written by a newer version of the issuer (schema {}; this version knows up to {known})",
        known + 1
    );
    assert!(stderr(&out).contains(&en), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "no card is issued");
    assert_eq!(schema(&db), known + 1, "never migrated backwards");
    assert!(std::fs::read(&db).unwrap() == before, "the database is left as it is");
    assert_eq!(entries(&issuer.join("backups")), Vec::<String>::new(), "no copy of what is not migrated");

    // The venue's log, likewise.
    let log = venue.join("redemptions.db");
    let known = verifier::log::MIGRATIONS.len() as i64;
    rusqlite::Connection::open(&log).unwrap().pragma_update(None, "user_version", known + 1).unwrap();
    for (lang, says) in [("nb", "nyere versjon av verifikatoren"), ("en", "from a newer version of the verifier")] {
        let out = run("verifier", &["--lang", lang, "redeem", "--data", s(&venue), "--", &card]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains(says), "{}", stderr(&out));
        assert!(stderr(&out).contains(&format!("{} > {known}", known + 1)), "{}", stderr(&out));
    }
    assert_eq!(schema(&log), known + 1);
    assert_eq!(entries(&venue.join("backups")), Vec::<String>::new());
}
