//! The real `issuer serve` on loopback.

use e2e::{Server, cookie_from, run_ok, s};

#[test]
fn the_server_starts_on_an_empty_directory_serves_the_bundle_and_stops_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let server = Server::start(&data);
    let link = server.setup_link.clone().expect("a set-up link on first run");
    assert!(link.starts_with(&format!("http://{}/setup?token=", server.addr)), "{link}");
    let token = link.split("token=").nth(1).unwrap().to_string();
    assert!(token.len() >= 40, "{token}");
    // Standard error is not a terminal here (a service's journal): the link
    // is in a file only this user can read.
    let file = data.join("setup-link.txt");
    use std::os::unix::fs::PermissionsExt as _;
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);

    // The published bundle verifies against the root the CLI reports.
    let (status, head, body) = server.request("GET", "/bundle", &[], b"");
    assert_eq!(status, 200, "{head}");
    assert!(head.to_lowercase().contains("etag: \"v1\""), "{head}");
    let fp = run_ok("issuer", &["root-fingerprint", "--data", s(&data)], 0);
    let fp = shared::Fingerprint::parse(fp.trim()).unwrap();
    let now =
        shared::Timestamp(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64);
    let bundle = shared::verify_bundle(&body, &fp, now).unwrap();
    assert_eq!(bundle.catalogue().public_base_url, format!("http://{}", server.addr));

    // The set-up page works; the access log names the path, never the token.
    let (status, _, html) = server.request("GET", &format!("/setup?token={token}"), &[], b"");
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&html).contains("name=\"token\""));
    let (status, _, _) = server.request("GET", "/login", &[("Accept-Language", "en")], b"");
    assert_eq!(status, 200);
    let (stopped, log) = server.stop_with_log();
    assert!(log.iter().any(|l| l.starts_with("GET /setup 200")), "{log:?}");
    assert!(log.iter().any(|l| l.starts_with("GET /bundle 200")), "{log:?}");
    assert!(log.iter().all(|l| !l.contains(&token)), "the set-up link is in the log: {log:?}");
    assert!(log.iter().any(|l| l.contains("setup-link.txt")), "the log says where the link is: {log:?}");
    assert!(stopped, "issuer serve did not exit cleanly on SIGTERM");

    // A second start reuses the keys and database: same root, no new bundle.
    let server = Server::start(&data);
    let (_, _, body2) = server.request("GET", "/bundle", &[], b"");
    let bundle2 = shared::verify_bundle(&body2, &fp, now).unwrap();
    // A new port is a new public URL: the catalogue changed, so version 2.
    let moved = bundle2.catalogue().public_base_url != bundle.catalogue().public_base_url;
    assert_eq!(bundle2.version(), if moved { 2 } else { 1 });
    assert_eq!(bundle2.catalogue().public_base_url, format!("http://{}", server.addr));
    assert!(server.stop());
}

fn csrf_field(html: &[u8]) -> String {
    let html = String::from_utf8_lossy(html);
    let i = html.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    html[i..].split('"').next().unwrap().to_string()
}

const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");

#[test]
fn a_caseworker_logs_in_issues_ten_cards_as_a_pdf_and_every_code_verifies() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    run_ok("issuer", &["init", "--data", s(&data)], 0);
    run_ok("issuer", &["agency", "add", "--data", s(&data), "Helsestasjonen"], 0);
    let pw = tmp.path().join("pw");
    std::fs::write(&pw, "correct horse battery\n").unwrap();
    let user = ["user", "add", "--data", s(&data), "--role", "caseworker", "--agency", "Helsestasjonen"];
    run_ok("issuer", &[&user[..], &["--password-file", s(&pw), "kari"]].concat(), 0);
    let server = Server::start(&data);

    // Log in.
    let (status, head, body) = server.request("GET", "/login", &[], b"");
    assert_eq!(status, 200);
    let pre = cookie_from(&head, "__Host-csrf");
    let form = format!("csrf={}&username=kari&password=correct+horse+battery", csrf_field(&body));
    let (status, head, _) = server.request("POST", "/login", &[("Cookie", &pre), FORM], form.as_bytes());
    assert_eq!(status, 303, "{head}");
    let session = cookie_from(&head, "__Host-session");

    // Issue ten cards.
    let (status, _, body) = server.request("GET", "/issue", &[("Cookie", &session)], b"");
    assert_eq!(status, 200);
    let form = format!("csrf={}&card_type=1&count=10&valid_from=&valid_until=", csrf_field(&body));
    let (status, head, _) = server.request("POST", "/issue", &[("Cookie", &session), FORM], form.as_bytes());
    assert_eq!(status, 303, "{head}");
    let ready = head
        .lines()
        .find_map(|l| l.strip_prefix("location: ").or_else(|| l.strip_prefix("Location: ")))
        .unwrap_or_else(|| panic!("no Location in:\n{head}"))
        .trim()
        .to_string();
    let (status, head, pdf) = server.request("GET", &format!("{ready}/pdf"), &[("Cookie", &session)], b"");
    assert_eq!(status, 200, "{head}");
    assert!(head.to_lowercase().contains("content-type: application/pdf"), "{head}");
    let pdf_path = tmp.path().join("sheet.pdf");
    std::fs::write(&pdf_path, &pdf).unwrap();
    assert_eq!(e2e::pdf::page_count(&pdf_path), 1);
    let codes = e2e::pdf::qr_codes_on_page(&pdf_path, 1, tmp.path());
    assert_eq!(codes.len(), 10);

    // Every code verifies against the bundle the server publishes.
    let (_, _, bundle) = server.request("GET", "/bundle", &[], b"");
    let fp = shared::Fingerprint::parse(run_ok("issuer", &["root-fingerprint", "--data", s(&data)], 0).trim()).unwrap();
    let now =
        shared::Timestamp(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64);
    let bundle = shared::verify_bundle(&bundle, &fp, now).unwrap();
    let mut secrets = Vec::new();
    for code in &codes {
        let token = shared::verify_text(code, &bundle, now).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(token.benefits_at(&bundle, "bolgen-kino").unwrap()[0].id, "kino");
        secrets.push(code.clone());
        secrets.push(shared::wire::hex_encode(&token.token_id().0));
        secrets.push(shared::wire::encode_base64url(&token.token_id().0));
    }
    let distinct: std::collections::BTreeSet<_> = codes.iter().collect();
    assert_eq!(distinct.len(), 10);

    // Five more through the JSON API, as an agency's own system would.
    const JSON: (&str, &str) = ("Content-Type", "application/json");
    let login = br#"{"username": "kari", "password": "correct horse battery"}"#;
    let (status, _, body) = server.request("POST", "/api/v1/login", &[JSON], login);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let answer: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let bearer = answer["token"].as_str().unwrap().to_string();
    secrets.push(bearer.clone());
    let auth = format!("Bearer {bearer}");
    let (status, _, body) =
        server.request("POST", "/api/v1/cards", &[JSON, ("Authorization", &auth)], br#"{"card_type": 2, "count": 5}"#);
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
    let answer: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let api_cards = answer["cards"].as_array().unwrap();
    assert_eq!(api_cards.len(), 5);
    for card in api_cards {
        let code = card["qr_text"].as_str().unwrap();
        let token = shared::verify_text(code, &bundle, now).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(token.claims().card_type, shared::CardTypeId(2));
        secrets.push(code.to_string());
        secrets.push(shared::wire::hex_encode(&token.token_id().0));
        secrets.push(shared::wire::encode_base64url(&token.token_id().0));
    }

    // Neither the server's log nor any file under its data directory holds
    // a card (or the API's bearer token).
    let (stopped, log) = server.stop_with_log();
    let log = log.join("\n");
    assert!(log.contains("POST /issue 303"), "{log}");
    assert!(log.contains("GET /issue/sheets/{id}/pdf 200"), "{log}");
    assert!(log.contains("POST /api/v1/cards 201"), "{log}");
    assert!(stopped);
    let haystack = format!("{log}\n{}", data_files(&data));
    for secret in &secrets {
        assert!(!haystack.contains(secret.as_str()), "found {secret} in the log or data files");
    }
    // The counts were kept (in the database or its write-ahead log).
    let db = data_files(&data);
    assert!(db.contains("10 × card type 1") && db.contains("5 × card type 2"), "audit lines missing");
}

/// Every file under the data directory (database, WAL, keys), as lossy text.
fn data_files(dir: &std::path::Path) -> String {
    let mut out = String::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            stack.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        } else {
            out.push_str(&String::from_utf8_lossy(&std::fs::read(&p).unwrap()));
        }
    }
    out
}

#[test]
fn serve_refuses_a_plain_http_public_url_where_nobody_could_log_in() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let args = ["serve", "--data", s(&data), "--listen", "127.0.0.1:0", "--public-url", "http://192.0.2.2:8080"];
    let out = e2e::run("issuer", &args);
    assert_eq!(out.status.code(), Some(1), "{}", e2e::stderr(&out));
    let err = e2e::stderr(&out);
    assert!(err.contains("http://192.0.2.2:8080, without HTTPS") && err.contains("HTTPS reverse proxy"), "{err}");
    assert!(!data.join("issuer.db").exists(), "nothing was created");
}

#[test]
fn the_set_up_link_file_is_removed_once_an_administrator_exists() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let server = Server::start(&data);
    assert!(server.setup_link.is_some());
    assert!(server.stop());
    let file = data.join("setup-link.txt");
    assert!(file.exists());
    let pw = tmp.path().join("pw");
    std::fs::write(&pw, "correct horse battery\n").unwrap();
    run_ok("issuer", &["user", "add", "--data", s(&data), "--role", "admin", "--password-file", s(&pw), "ada"], 0);
    let server = Server::start(&data);
    assert_eq!(server.setup_link, None);
    assert!(!file.exists(), "the used link's file is left behind");
    assert!(server.stop());
}
