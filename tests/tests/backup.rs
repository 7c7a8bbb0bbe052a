//! `issuer backup` while `issuer serve` issues cards, and `issuer restore`
//! on a "new machine" (a fresh directory): the restored issuer's bundle
//! installs on a venue set up against the original without re-pinning, and
//! the cards issued before verify. Refusals write nothing.

use e2e::{Server, run, run_ok, s, stderr};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

const JSON: (&str, &str) = ("Content-Type", "application/json");
const PASSPHRASE: &str = "correct horse battery staple";

/// What is in `dir` (sorted; nothing if it is missing).
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

/// Cards of card type 1 issued in the restored database.
fn issued_count(db: &Path) -> u64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT COALESCE(SUM(count), 0) FROM issuance_counts WHERE card_type = 1", [], |r| {
        r.get::<_, i64>(0)
    })
    .unwrap()
    .try_into()
    .unwrap()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Four API clients issue cards until told to stop; each card's QR text.
fn start_clients(
    server: &Server,
    bearer: &str,
    done: &Arc<AtomicU64>,
    stop: &Arc<AtomicU64>,
) -> Vec<std::thread::JoinHandle<Vec<String>>> {
    (0..4)
        .map(|_| {
            let (addr, auth) = (server.addr.clone(), format!("Bearer {bearer}"));
            let (done, stop) = (done.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut cards = Vec::new();
                while stop.load(Ordering::SeqCst) == 0 || cards.len() < 4 {
                    let url = format!("http://{addr}/api/v1/cards");
                    let body = br#"{"card_type": 1, "count": 2}"#;
                    let headers = [JSON, ("Authorization", auth.as_str())];
                    let (status, _, body) =
                        e2e::http("POST", &url, &headers, body, std::time::Duration::from_secs(30)).unwrap();
                    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
                    let answer: serde_json::Value = serde_json::from_slice(&body).unwrap();
                    for card in answer["cards"].as_array().unwrap() {
                        cards.push(card["qr_text"].as_str().unwrap().to_string());
                    }
                    done.fetch_add(2, Ordering::SeqCst);
                }
                cards
            })
        })
        .collect()
}

#[test]
fn a_backup_taken_while_cards_are_issued_restores_into_an_issuer_venues_keep_trusting() {
    let tmp = tempfile::tempdir().unwrap();
    let (old, venue) = (tmp.path().join("issuer-data"), tmp.path().join("venue"));
    run_ok("issuer", &["init", "--data", s(&old)], 0);
    run_ok("issuer", &["agency", "add", "--data", s(&old), "Helsestasjonen"], 0);
    let pw = tmp.path().join("pw");
    std::fs::write(&pw, "correct horse battery\n").unwrap();
    let user = ["user", "add", "--data", s(&old), "--role", "caseworker", "--agency", "Helsestasjonen"];
    run_ok("issuer", &[&user[..], &["--password-file", s(&pw), "kari"]].concat(), 0);
    let passphrase = tmp.path().join("passphrase");
    std::fs::write(&passphrase, format!("{PASSPHRASE}\n")).unwrap();

    // A venue set up against the original issuer.
    let fingerprint = run_ok("issuer", &["root-fingerprint", "--data", s(&old)], 0).trim().to_string();
    let b1 = tmp.path().join("b1.akb");
    run_ok("issuer", &["bundle", "--data", s(&old), "--out", s(&b1)], 0);
    let init = ["init", "--data", s(&venue), "--bundle", s(&b1), "--root-fingerprint", &fingerprint];
    run_ok("verifier", &[&init[..], &["--venue", "bolgen-kino"]].concat(), 0);

    // The server runs; four clients issue cards through the API while the
    // backup is taken.
    let server = Server::start(&old);
    let login = br#"{"username": "kari", "password": "correct horse battery"}"#;
    let (status, _, body) = server.request("POST", "/api/v1/login", &[JSON], login);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let bearer = serde_json::from_slice::<serde_json::Value>(&body).unwrap()["token"].as_str().unwrap().to_string();
    let (done, stop) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let clients = start_clients(&server, &bearer, &done, &stop);
    e2e::wait_until(
        std::time::Duration::from_secs(60),
        || "the first cards".into(),
        || (done.load(Ordering::SeqCst) >= 8).then_some(()),
    );
    let archive = tmp.path().join("issuer.backup");
    let before = done.load(Ordering::SeqCst);
    let out = run("issuer", &["backup", "--data", s(&old), "--out", s(&archive), "--passphrase-file", s(&passphrase)]);
    let after = done.load(Ordering::SeqCst);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("Sikkerhetskopien er skrevet til"), "{}", stderr(&out));
    stop.store(1, Ordering::SeqCst);
    let cards: Vec<String> = clients.into_iter().flat_map(|c| c.join().unwrap()).collect();
    assert!(server.stop());
    assert!(entries(&old).iter().all(|n| !n.starts_with(".backup-")), "no temporary copy is left: {:?}", entries(&old));

    // The archive holds no key file and no database page in the clear.
    let bytes = std::fs::read(&archive).unwrap();
    use std::os::unix::fs::PermissionsExt as _;
    assert_eq!(std::fs::metadata(&archive).unwrap().permissions().mode() & 0o777, 0o600);
    assert!(bytes.starts_with(b"age-encryption.org/v1\n-> scrypt "));
    assert!(!contains(&bytes, b"SQLite format 3"));
    assert!(!contains(&bytes, b"aktivitetskort"));
    for key in std::fs::read_dir(old.join("keys")).unwrap() {
        let content = std::fs::read(key.unwrap().path()).unwrap();
        assert!(!contains(&bytes, &content));
        for line in content.split(|b| *b == b'\n').filter(|l| l.len() >= 16) {
            assert!(!contains(&bytes, line), "a key file's line is in the archive");
        }
    }

    // A new machine: restore into a fresh directory.
    let new = tmp.path().join("new-server").join("issuer-data");
    std::fs::create_dir(tmp.path().join("new-server")).unwrap();
    let out = run("issuer", &["restore", s(&archive), "--data", s(&new), "--passphrase-file", s(&passphrase)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains(&fingerprint), "{}", stderr(&out));
    assert_eq!(run_ok("issuer", &["root-fingerprint", "--data", s(&new)], 0).trim(), fingerprint);
    // It holds the counts of the cards issued, never a card.
    let mut restored_files = Vec::new();
    for path in [new.join("issuer.db")]
        .into_iter()
        .chain(std::fs::read_dir(new.join("keys")).unwrap().map(|e| e.unwrap().path()))
    {
        restored_files.extend(std::fs::read(path).unwrap());
    }
    for card in &cards {
        assert!(!contains(&restored_files, card.as_bytes()), "a card is in the restored data");
    }
    let restored = issued_count(&new.join("issuer.db"));
    assert!((before..=after).contains(&restored), "{before} <= {restored} <= {after}");

    // The restored issuer's next bundle installs on the venue set up
    // against the original one, without re-pinning; every card verifies.
    let b2 = tmp.path().join("b2.akb");
    run_ok("issuer", &["bundle", "--data", s(&new), "--out", s(&b2)], 0);
    let out = run("verifier", &["--lang", "en", "update", "--data", s(&venue), "--bundle", s(&b2)]);
    assert_eq!(out.status.code(), Some(0), "{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    assert!(said.contains("Installed trust bundle version") && said.contains("(was 1)"), "{said}");
    assert!(cards.len() >= 8);
    for card in &cards {
        let out = run("verifier", &["check", "--data", s(&venue), "--json", card]);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["valid"], true, "{v}");
    }
    // It issues new cards that the venue accepts, too.
    let issued = run_ok("issuer", &["issue", "--data", s(&new), "--card-type", "1", "--json"], 0);
    let issued: serde_json::Value = serde_json::from_str(&issued).unwrap();
    let out = run("verifier", &["check", "--data", s(&venue), "--json", issued[0]["qr_text"].as_str().unwrap()]);
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["valid"], true);
}

#[test]
fn a_wrong_passphrase_a_damaged_archive_or_a_non_empty_directory_is_refused_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let old = tmp.path().join("issuer-data");
    run_ok("issuer", &["init", "--data", s(&old)], 0);
    let (passphrase, wrong) = (tmp.path().join("passphrase"), tmp.path().join("wrong"));
    std::fs::write(&passphrase, PASSPHRASE).unwrap();
    std::fs::write(&wrong, "correct horse battery stable").unwrap();
    let archive = tmp.path().join("b.age");
    run_ok("issuer", &["backup", "--data", s(&old), "--out", s(&archive), "--passphrase-file", s(&passphrase)], 0);
    // `-`: the passphrase from standard input opens it too.
    let mut restore_stdin = e2e::command("issuer")
        .args(["restore", s(&archive), "--data", s(&tmp.path().join("from-stdin")), "--passphrase-file", "-"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    restore_stdin.stdin.take().unwrap().write_all(format!("{PASSPHRASE}\n").as_bytes()).unwrap();
    let out = restore_stdin.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::remove_dir_all(tmp.path().join("from-stdin")).unwrap();
    // An age key instead of a passphrase: the server never holds what opens
    // its backups; the identity file restores it, the passphrase does not.
    let identity = age::x25519::Identity::generate();
    let identity_file = tmp.path().join("backup-key.txt");
    {
        use age::secrecy::ExposeSecret as _;
        std::fs::write(&identity_file, format!("# offline\n{}\n", identity.to_string().expose_secret())).unwrap();
    }
    let to_key = tmp.path().join("to-key.age");
    let recipient = identity.to_public().to_string();
    run_ok("issuer", &["backup", "--data", s(&old), "--out", s(&to_key), "--recipient", &recipient], 0);
    assert!(std::fs::read(&to_key).unwrap().starts_with(b"age-encryption.org/v1\n-> X25519 "));
    let keyed = tmp.path().join("from-key");
    let out = run("issuer", &["restore", s(&to_key), "--data", s(&keyed), "--passphrase-file", s(&passphrase)]);
    assert!(stderr(&out).contains("åpner ikke denne sikkerhetskopien"), "{}", stderr(&out));
    assert!(!keyed.exists());
    run_ok("issuer", &["restore", s(&to_key), "--data", s(&keyed), "--identity", s(&identity_file)], 0);
    std::fs::remove_dir_all(&keyed).unwrap();
    for f in [&identity_file, &to_key] {
        std::fs::remove_file(f).unwrap();
    }
    let short = tmp.path().join("short");
    std::fs::write(&short, "too short").unwrap();
    let out = run(
        "issuer",
        &["backup", "--data", s(&old), "--out", s(&tmp.path().join("x")), "--passphrase-file", s(&short)],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("Passordfrasen er for kort"), "{}", stderr(&out));
    let bytes = std::fs::read(&archive).unwrap();
    let truncated = tmp.path().join("truncated.age");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();

    let target = tmp.path().join("target");
    std::fs::create_dir(&target).unwrap();
    let restore = |file: &Path, secret: &Path, lang: &str| {
        run("issuer", &["restore", s(file), "--data", s(&target), "--passphrase-file", s(secret), "--lang", lang])
    };
    let refusals = [
        (restore(&archive, &wrong, "nb"), "Passordfrasen (eller age-nøkkelen) åpner ikke denne sikkerhetskopien"),
        (restore(&archive, &wrong, "en"), "The passphrase (or age key) does not open this backup"),
        (restore(&truncated, &passphrase, "nb"), "Sikkerhetskopien er skadet"),
        (restore(&truncated, &passphrase, "en"), "The backup is damaged"),
        (restore(&old.join("issuer.db"), &passphrase, "en"), "This file is not a backup"),
    ];
    for (out, message) in &refusals {
        assert_eq!(out.status.code(), Some(1), "{}", stderr(out));
        assert!(stderr(out).contains(message), "{message}: {}", stderr(out));
    }
    assert_eq!(entries(&target), Vec::<String>::new(), "the target stays empty");
    assert_eq!(
        entries(tmp.path()),
        ["b.age", "issuer-data", "passphrase", "short", "target", "truncated.age", "wrong"]
    );

    // A directory that holds an issuer already: refused without the flag.
    let out = restore(&archive, &passphrase, "nb");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = restore(&archive, &passphrase, "en");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("is not empty") && stderr(&out).contains("--replace-existing"), "{}", stderr(&out));
    let out = run("issuer", &["restore", s(&archive), "--data", s(&old), "--passphrase-file", s(&passphrase)]);
    assert!(stderr(&out).contains("er ikke tom"), "{}", stderr(&out));
    // With it, the existing directory is moved aside, never deleted.
    let out = run(
        "issuer",
        &["restore", s(&archive), "--data", s(&target), "--passphrase-file", s(&passphrase), "--replace-existing"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let aside: Vec<String> = entries(tmp.path()).into_iter().filter(|n| n.starts_with("target.replaced-")).collect();
    assert_eq!(aside.len(), 1, "{:?}", entries(tmp.path()));
    assert_eq!(entries(&tmp.path().join(&aside[0])), ["issuer.db", "keys"]);
    assert_eq!(entries(&target), ["issuer.db", "keys"]);
}
