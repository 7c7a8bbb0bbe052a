//! The issuer behind a real HTTPS reverse proxy: the shipped
//! `deploy/Caddyfile`, run by the real Caddy (Debian package caddy) over
//! TLS on loopback with its internal CA instead of Let's Encrypt (its
//! storage, home and config in a temporary directory, admin endpoint off,
//! nothing installed in any trust store), in front of the real `issuer
//! serve` configured as README "Operations" says (`public_url` https,
//! `trust_forwarded_for`). Through it: headless Chromium, trusting that CA
//! in its own NSS database only, logs in (secure `__Host-` cookies, HSTS);
//! the client address login throttling counts is the browser's, taken from
//! Caddy's header, and a forged `X-Forwarded-For` gains nothing; the phone
//! card opens; and the real `verifier` fetches the bundle over HTTPS with
//! `--ca-file`.

use e2e::webdriver::Browser;
use e2e::{Server, command, run, run_ok, s, stderr, wait_until};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::time::Duration;

const ADMIN: &str = "anne";
const ADMIN_PW: &str = "fjord lantern 27 breeze";
const CASEWORKER: &str = "kari";
const CASEWORKER_PW: &str = "harbour violin 48 meadow";
const JSON: (&str, &str) = ("Content-Type", "application/json");
/// The production Caddyfile's site and upstream, replaced for the test.
const SITE: &str = "kort.example.no {";
const UPSTREAM: &str = "reverse_proxy 127.0.0.1:8080 {";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// A running Caddy, stopped when dropped.
struct Caddy {
    child: Child,
    /// Its internal CA's root certificate (PEM).
    root: PathBuf,
    log: PathBuf,
}

impl Drop for Caddy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The shipped Caddyfile with test-only global options in front: the
/// internal CA for every site, no admin endpoint, no trust store touched,
/// ports of our own, everything kept under `dir`.
fn caddyfile(dir: &Path, https_port: u16, upstream: &str) -> String {
    let shipped = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy/Caddyfile"))
        .expect("deploy/Caddyfile");
    assert!(shipped.contains(SITE) && shipped.contains(UPSTREAM), "{shipped}");
    let site = format!("https://127.0.0.1:{https_port}, https://[::1]:{https_port} {{\n\tbind 127.0.0.1 ::1");
    let global = format!(
        "{{\n\tadmin off\n\tlocal_certs\n\tskip_install_trust\n\tauto_https disable_redirects\n\thttp_port {}\n\t\
         https_port {https_port}\n\tstorage file_system {}\n}}\n",
        free_port(),
        dir.join("storage").display()
    );
    global + &shipped.replace(SITE, &site).replace(UPSTREAM, &format!("reverse_proxy {upstream} {{"))
}

fn start_caddy(dir: &Path, https_port: u16, upstream: &str) -> Caddy {
    let config = dir.join("Caddyfile");
    std::fs::write(&config, caddyfile(dir, https_port, upstream)).expect("write the Caddyfile");
    let log = dir.join("caddy.log");
    let child = std::process::Command::new("caddy")
        .args(["run", "--config", s(&config), "--adapter", "caddyfile"])
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(dir.join("caddy.out")).expect("caddy.out"))
        .stderr(std::fs::File::create(&log).expect("caddy.log"))
        .spawn()
        .expect("caddy (Debian package caddy; test.sh installs it)");
    let root = dir.join("storage/pki/authorities/local/root.crt");
    Caddy { child, root, log }
}

/// An answer: status, lower-case headers, body.
type Answer = (u16, Vec<(String, String)>, Vec<u8>);

/// HTTPS requests that trust only `ca`.
struct Https {
    agent: ureq::Agent,
}

impl Https {
    fn trusting(ca: &Path) -> Https {
        let pem = std::fs::read(ca).expect("CA file");
        let certs: Vec<_> = ureq::tls::parse_pem(&pem)
            .filter_map(|item| match item {
                Ok(ureq::tls::PemItem::Certificate(c)) => Some(c),
                _ => None,
            })
            .collect();
        assert!(!certs.is_empty(), "no certificate in {}", ca.display());
        let tls = ureq::tls::TlsConfig::builder().root_certs(ureq::tls::RootCerts::Specific(Arc::new(certs))).build();
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(None)
            .tls_config(tls)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        Https { agent }
    }

    fn request(&self, method: &str, url: &str, headers: &[(&str, &str)], body: &[u8]) -> Result<Answer, ureq::Error> {
        let mut request = ureq::http::Request::builder().method(method).uri(url);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let mut response =
            if body.is_empty() { self.agent.run(request.body(())?)? } else { self.agent.run(request.body(body)?)? };
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| (n.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect();
        let content = response.body_mut().read_to_vec()?;
        Ok((response.status().as_u16(), headers, content))
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    headers.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
}

/// The issuer's data directory as the README has it set up behind a proxy.
fn issuer_data(dir: &Path, public_url: &str) -> PathBuf {
    let data = dir.join("issuer-data");
    run_ok("issuer", &["init", "--data", s(&data)], 0);
    // The browser comes through 127.0.0.1, so only Caddy's upstream
    // connection's address is named: the proxy, not every local client.
    let toml =
        format!("public_url = \"{public_url}\"\ntrust_forwarded_for = true\ntrusted_proxies = [\"127.0.0.1\"]\n");
    std::fs::write(data.join("issuer.toml"), toml).expect("issuer.toml");
    run_ok("issuer", &["agency", "add", "--data", s(&data), "Helsestasjonen"], 0);
    for (role, user, pw) in [("admin", ADMIN, ADMIN_PW), ("caseworker", CASEWORKER, CASEWORKER_PW)] {
        let file = dir.join(format!("{user}.pw"));
        std::fs::write(&file, format!("{pw}\n")).expect("password file");
        let mut args = vec!["user", "add", "--data", s(&data), "--role", role, "--password-file", s(&file)];
        if role == "caseworker" {
            args.extend(["--agency", "Helsestasjonen"]);
        }
        args.push(user);
        run_ok("issuer", &args, 0);
    }
    data
}

/// One card through the JSON API over HTTPS: its QR text (the phone-card URL).
fn issue_card(https: &Https, base: &str) -> Value {
    let login = json!({"username": CASEWORKER, "password": CASEWORKER_PW}).to_string();
    let (status, _, body) = https.request("POST", &format!("{base}/api/v1/login"), &[JSON], login.as_bytes()).unwrap();
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let token = serde_json::from_slice::<Value>(&body).unwrap()["token"].as_str().unwrap().to_string();
    let auth = format!("Bearer {token}");
    let headers = [JSON, ("Authorization", auth.as_str())];
    let (status, _, body) =
        https.request("POST", &format!("{base}/api/v1/cards"), &headers, br#"{"card_type": 1}"#).unwrap();
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
    serde_json::from_slice::<Value>(&body).unwrap()["cards"][0].clone()
}

/// Wrong passwords for ever new accounts from `base`, each claiming another
/// address in `X-Forwarded-For`: the try (counted from 1) first answered 429.
fn guess_until_throttled(https: &Https, base: &str, prefix: &str) -> usize {
    for i in 1..=40 {
        let login = json!({"username": format!("{prefix}{i}"), "password": "wrong password!"}).to_string();
        let forged = format!("203.0.113.{i}");
        let headers = [JSON, ("X-Forwarded-For", forged.as_str())];
        let (status, _, body) =
            https.request("POST", &format!("{base}/api/v1/login"), &headers, login.as_bytes()).unwrap();
        match status {
            401 => {}
            429 => return i,
            other => panic!("try {i}: {other} {}", String::from_utf8_lossy(&body)),
        }
    }
    panic!("40 wrong passwords from one address were never slowed down")
}

#[test]
fn behind_caddy_over_https_the_browser_logs_in_the_phone_card_opens_and_the_verifier_updates() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let base = format!("https://127.0.0.1:{port}");
    let data = issuer_data(tmp.path(), &base);
    let issuer = Server::start(&data);
    let caddy_dir = tmp.path().join("caddy");
    std::fs::create_dir_all(&caddy_dir).expect("caddy dir");
    let caddy = start_caddy(&caddy_dir, port, &issuer.addr);
    let log = || std::fs::read_to_string(&caddy.log).unwrap_or_default();
    wait_until(
        Duration::from_secs(60),
        || format!("Caddy's internal CA; its log:\n{}", log()),
        || caddy.root.exists().then_some(()),
    );
    let https = Https::trusting(&caddy.root);
    let (status, _, body) = wait_until(
        Duration::from_secs(60),
        || format!("Caddy on {base}; its log:\n{}", log()),
        || https.request("GET", &format!("{base}/healthz"), &[], b"").ok(),
    );
    assert_eq!((status, body.as_slice()), (200, b"ok\n".as_slice()), "the health check through the proxy");

    // HTTPS answers carry HSTS, and the cookies are Secure `__Host-` ones.
    let (status, headers, _) = https.request("GET", &format!("{base}/login"), &[], b"").unwrap();
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "strict-transport-security"), ["max-age=63072000; includeSubDomains"]);
    let cookies = header(&headers, "set-cookie");
    assert!(cookies.iter().any(|c| c.starts_with("__Host-csrf=")), "{cookies:?}");
    for cookie in &cookies {
        assert!(
            cookie.starts_with("__Host-") && cookie.contains("; Secure") && cookie.contains("; Path=/"),
            "{cookie}"
        );
    }

    // The browser at 127.0.0.1 logs in through the proxy.
    let b = Browser::start_trusting_ca(&caddy.root);
    b.goto(&format!("{base}/login"));
    assert_eq!(b.find("h1").text(), "Logg inn", "{}", b.body_text());
    b.find("#username").set(ADMIN);
    b.find("#password").set(ADMIN_PW);
    b.find("form[action=\"/login\"] button[type=\"submit\"]").click();
    b.wait_for_text("h1", &format!("Velkommen, {ADMIN}"));
    assert!(b.current_url().starts_with(&format!("{base}/")), "{}", b.current_url());
    let jar = b.command("GET", &b.session_path("cookie"), None);
    let session = jar.as_array().expect("cookies").iter().find(|c| c["name"] == "__Host-session").cloned();
    let session = session.unwrap_or_else(|| panic!("no session cookie in {jar}"));
    assert_eq!((session["secure"].clone(), session["httpOnly"].clone()), (json!(true), json!(true)), "{session}");
    assert_eq!(session["path"], "/");

    // The phone card through the proxy.
    let card = issue_card(&https, &base);
    let url = card["qr_text"].as_str().expect("qr_text").to_string();
    assert!(
        url.to_ascii_lowercase().starts_with(&format!("{base}/k#")),
        "the phone link is the public https one: {url}"
    );
    b.goto(&url);
    let number = card["card_number"].as_str().expect("card_number").to_string();
    b.wait_for(&format!("card {number} on the page"), Duration::from_secs(60), |b| {
        let ready = b.execute("return document.body && document.body.getAttribute('data-ready')", &[]);
        let shown = b.find_all("#card-number").first().and_then(|e| e.try_text());
        (ready == json!("card") && shown.as_deref() == Some(number.as_str())).then_some(())
    });
    b.stop();

    // Every connection reaches the issuer from Caddy (127.0.0.1). A guesser
    // reaching Caddy at [::1] and claiming a new address each time: Caddy
    // puts the address it saw in X-Forwarded-For, the issuer believes it
    // from Caddy only, so the guesser is slowed down after the 20 free
    // failures per address (the forged addresses would have spread them).
    let guesser = format!("https://[::1]:{port}");
    assert_eq!(guess_until_throttled(&https, &guesser, "guess"), 21, "the forged addresses were not believed");
    // The browsers' address, 127.0.0.1, is counted on its own: its own 20
    // free failures (were the proxy's address counted, the guesser's would
    // have held it up from the first or second try).
    assert_eq!(guess_until_throttled(&https, &base, "other"), 21, "127.0.0.1 is not the guesser's address");

    // The verifier fetches the bundle over HTTPS, trusting Caddy's CA.
    let fingerprint = run_ok("issuer", &["root-fingerprint", "--data", s(&data)], 0).trim().to_string();
    let venue = tmp.path().join("venue");
    let bundle_url = format!("{base}/bundle");
    let init = ["init", "--data", s(&venue), "--bundle-url", &bundle_url, "--root-fingerprint", &fingerprint];
    let init = [&init[..], &["--venue", "bolgen-kino", "--lang", "en"]].concat();
    // Without the CA, the certificate is refused and nothing is set up.
    let out = run("verifier", &init);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("certificate"), "{}", stderr(&out));
    assert!(!venue.join("bundle.akb").exists());
    let with_ca = [&init[..], &["--ca-file", s(&caddy.root)]].concat();
    let out = run("verifier", &with_ca);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run("verifier", &["check", "--data", s(&venue), "--json", "--", &url]);
    assert_eq!(out.status.code(), Some(0), "the card verifies: {}", String::from_utf8_lossy(&out.stdout));
    // `verifier update` with the CA from the environment (as a service would).
    let out = command("verifier")
        .args(["update", "--data", s(&venue), "--lang", "en"])
        .env("VERIFIER_CA_FILE", &caddy.root)
        .output()
        .expect("verifier update");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // A CA file without a certificate is named, not ignored.
    let empty = tmp.path().join("empty.pem");
    std::fs::write(&empty, "not a certificate\n").expect("empty.pem");
    let out = run("verifier", &["update", "--data", s(&venue), "--lang", "en", "--ca-file", s(&empty)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("holds no certificate"), "{}", stderr(&out));
    drop(caddy);
    assert!(issuer.stop(), "the issuer stopped cleanly");
}

#[test]
fn the_shipped_caddyfile_is_valid() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = std::process::Command::new("caddy")
        .args(["adapt", "--config", "../deploy/Caddyfile", "--adapter", "caddyfile", "--validate"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("HOME", tmp.path())
        .env("XDG_DATA_HOME", tmp.path())
        .env("XDG_CONFIG_HOME", tmp.path())
        .output()
        .expect("caddy (Debian package caddy; test.sh installs it)");
    assert!(out.status.success(), "{}", stderr(&out));
    let config: Value = serde_json::from_slice(&out.stdout).expect("caddy adapt prints JSON");
    let text = config.to_string();
    assert!(text.contains("kort.example.no") && text.contains("127.0.0.1:8080"), "{text}");
}

#[test]
fn proxy_settings_that_cannot_work_are_refused_at_start_with_the_reason() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("issuer-data");
    std::fs::create_dir_all(&data).expect("data");
    let serve = |toml: &str| {
        std::fs::write(data.join("issuer.toml"), toml).expect("issuer.toml");
        let out = run("issuer", &["serve", "--data", s(&data), "--listen", "127.0.0.1:0"]);
        assert_ne!(out.status.code(), Some(0), "{toml}");
        stderr(&out)
    };
    let text = serve("trust_forwarded_for = true\n");
    assert!(text.contains("public_url is not set"), "{text}");
    let text =
        serve("public_url = \"https://kort.example.no\"\ntrust_forwarded_for = true\ntrusted_proxies = [\"caddy\"]\n");
    assert!(text.contains("trusted_proxies") && text.contains("«caddy» is not an IP address or network"), "{text}");
    let text = serve("public_url = \"https://kort.example.no\"\ntrusted_proxies = [\"127.0.0.1\"]\n");
    assert!(text.contains("trusted_proxies is set but trust_forwarded_for is not"), "{text}");
    assert!(!data.join("issuer.db").exists(), "nothing was set up");
}
