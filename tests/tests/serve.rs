//! `verifier serve`, the real binary on 127.0.0.1, from a paired device:
//! the text field (form and JSON), photos of cards (PNG, raw and as a form
//! upload), confirmed undo, bad input,
//! cross-origin POSTs, security headers, local assets, a log without card
//! data, and its resident memory.

use e2e::{Server, Setup};
use serde_json::Value;

const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");
const JSON: (&str, &str) = ("Accept", "application/json");

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect()
}

fn body_text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn json(b: &[u8]) -> Value {
    serde_json::from_slice(b).unwrap_or_else(|e| panic!("not JSON ({e}): {}", body_text(b)))
}

/// A white PNG with no QR code.
fn blank_png() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, 64, 64);
        enc.set_color(png::ColorType::Grayscale);
        let mut w = enc.write_header().expect("png header");
        w.write_image_data(&[255u8; 64 * 64]).expect("png data");
    }
    out
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

#[test]
fn the_web_page_redeems_scanned_and_photographed_cards() {
    let setup = Setup::new("bolgen-kino");
    let cards = setup.issue(1, 4, &[]);
    let qr = |i: usize| cards[i]["qr_text"].as_str().expect("qr_text").to_string();
    let mut server = Server::start_verifier(&setup.venue);
    server.pair(&setup.venue);

    // The page: autofocus field, photo input, local script and style only.
    let (status, head, body) = server.request("GET", "/", &[("Accept-Language", "nb-NO,nb;q=0.9")], b"");
    assert_eq!(status, 200);
    let page = body_text(&body);
    assert!(page.contains("autofocus"), "{page}");
    assert!(page.contains("capture=\"environment\""), "{page}");
    assert!(page.contains("Klar – skann et kort"), "{page}");
    assert!(page.contains("src=\"/app.js\"") && page.contains("href=\"/app.css\""), "{page}");
    assert!(!page.contains("<script>") && !page.contains("style="), "no inline script or style: {page}");
    let lower = head.to_ascii_lowercase();
    for h in [
        "content-security-policy: default-src 'none'; script-src 'self'",
        "x-content-type-options: nosniff",
        "x-frame-options: deny",
        "referrer-policy: no-referrer",
    ] {
        assert!(lower.contains(h), "missing {h}: {head}");
    }
    for (path, ctype) in [("/app.js", "text/javascript"), ("/app.css", "text/css")] {
        let (status, head, body) = server.request("GET", path, &[], b"");
        assert_eq!(status, 200, "{path}");
        assert!(head.to_ascii_lowercase().contains(ctype), "{path}: {head}");
        let text = body_text(&body);
        assert!(!text.contains("http://") && !text.contains("https://"), "{path} fetches from elsewhere");
    }
    let (status, _, _) = server.request("GET", "/nothing-here", &[], b"");
    assert_eq!(status, 404);

    // The text field without script: a form POST gives the result page.
    let form = format!("text={}", urlencode(&qr(0)));
    let (status, _, body) = server.request("POST", "/redeem", &[FORM], form.as_bytes());
    assert_eq!(status, 200);
    let page = body_text(&body);
    assert!(page.contains("GYLDIG · Kino · 1 barn + 1 ledsager"), "{page}");
    assert!(page.contains("class=\"ok\""), "{page}");
    // Again, as the script asks (JSON, English): used this week.
    let (status, _, body) =
        server.request("POST", "/redeem", &[FORM, JSON, ("Accept-Language", "en-GB,en")], form.as_bytes());
    assert_eq!(status, 200);
    let v = json(&body);
    assert_eq!(v["valid"], false);
    assert_eq!(v["found"], true);
    assert_eq!(v["code"], "quota_exhausted");
    assert!(v["headline"].as_str().unwrap_or("").starts_with("USED · next from Monday"), "{v}");

    // Garbage text: not a card.
    let (status, _, body) = server.request("POST", "/redeem", &[FORM, JSON], b"text=hello");
    assert_eq!(status, 200);
    let v = json(&body);
    assert_eq!((v["headline"].as_str(), v["code"].as_str()), (Some("KODEN KUNNE IKKE LESES"), Some("bad_encoding")));
    assert!(v["hint"].as_str().unwrap_or("").starts_with("Skru opp lysstyrken på telefonen"), "{v}");
    assert!(v["time"].as_str().unwrap_or("").starts_with("kl. "), "{v}");

    // A photo of a card (PNG, as the page's script sends it).
    let png = shared::qr::encode(&qr(1)).expect("qr").to_png(4);
    let (status, _, body) = server.request("POST", "/scan-image", &[("Content-Type", "image/png"), JSON], &png);
    assert_eq!(status, 200);
    let v = json(&body);
    assert_eq!(v["valid"], true, "{v}");
    assert_eq!(v["headline"], "GYLDIG · Kino · 1 barn + 1 ledsager");
    // The same photo again: used.
    let (_, _, body) = server.request("POST", "/scan-image", &[("Content-Type", "image/png"), JSON], &png);
    assert_eq!(json(&body)["code"], "quota_exhausted");

    // A photo uploaded by the form without script (multipart).
    let png = shared::qr::encode(&qr(2)).expect("qr").to_png(4);
    let mut multipart = b"--BOUNDARY\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"card.png\"\r\n\
                          Content-Type: image/png\r\n\r\n"
        .to_vec();
    multipart.extend_from_slice(&png);
    multipart.extend_from_slice(b"\r\n--BOUNDARY--\r\n");
    let (status, _, body) = server.request(
        "POST",
        "/scan-image",
        &[("Content-Type", "multipart/form-data; boundary=BOUNDARY")],
        &multipart,
    );
    assert_eq!(status, 200);
    assert!(body_text(&body).contains("GYLDIG · Kino"), "{}", body_text(&body));

    // A picture without a QR code: a clear message, nothing recorded.
    let (status, _, body) = server.request("POST", "/scan-image", &[("Content-Type", "image/png"), JSON], &blank_png());
    assert_eq!(status, 200);
    let v = json(&body);
    assert_eq!(v["found"], false);
    assert_eq!(v["code"], "no_qr");
    assert!(v["headline"].as_str().unwrap_or("").starts_with("Fant ingen QR-kode i bildet"), "{v}");
    let (status, _, body) = server.request("POST", "/scan-image", &[("Content-Type", "image/png")], &blank_png());
    assert_eq!(status, 422);
    assert!(body_text(&body).contains("Fant ingen QR-kode"));

    // Bad input: 4xx, never 500.
    for (path, headers, body) in [
        ("/scan-image", vec![("Content-Type", "image/png")], b"not an image at all".to_vec()),
        ("/scan-image", vec![("Content-Type", "image/jpeg")], vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 1, 2]),
        ("/scan-image", vec![("Content-Type", "multipart/form-data; boundary=X")], b"--X\r\n\r\n".to_vec()),
        ("/redeem", vec![FORM], b"text=%ZZ%".to_vec()),
        ("/redeem", vec![FORM], b"nothing=1".to_vec()),
        ("/redeem", vec![FORM], vec![b'a'; 10_000]),
    ] {
        let (status, _, _) = server.request("POST", path, &headers, &body);
        assert!((400..500).contains(&status), "{path} with {} bytes: {status}", body.len());
    }
    // A photo larger than 8 MiB is refused from its Content-Length, before
    // its body is read (sent raw: a client that writes the whole body into
    // a connection the server has answered and closed may see a reset
    // instead of the answer, as a browser would).
    assert_eq!(oversized_upload(&server), "HTTP/1.1 413 Payload Too Large");

    // Another web site cannot make the browser redeem or undo.
    let form = format!("text={}", urlencode(&qr(3)));
    for headers in [
        vec![FORM, ("Origin", "http://evil.example")],
        vec![FORM, ("Sec-Fetch-Site", "cross-site")],
        vec![FORM, ("Sec-Fetch-Site", "same-site")],
    ] {
        let (status, _, _) = server.request("POST", "/redeem", &headers, form.as_bytes());
        assert_eq!(status, 403, "{headers:?}");
        let (status, _, _) = server.request("POST", "/undo", &headers, b"");
        assert_eq!(status, 403, "{headers:?}");
    }
    // The page's own origin is fine.
    let origin = format!("http://{}", server.addr);
    let headers = [FORM, JSON, ("Origin", origin.as_str()), ("Sec-Fetch-Site", "same-origin")];
    let (status, _, body) = server.request("POST", "/redeem", &headers, form.as_bytes());
    assert_eq!(status, 200);
    assert_eq!(json(&body)["valid"], true);

    // Undo the last visit (a mistaken scan), confirmed: the card is usable again.
    let (status, _, body) = server.request("POST", "/undo", &[JSON], b"");
    assert_eq!(status, 200);
    let confirm = json(&body);
    assert_eq!(confirm["code"], "confirm_undo", "{confirm}");
    let visit = format!("visit={}", confirm["visit"]);
    let (status, _, body) = server.request("POST", "/undo", &[FORM, JSON], visit.as_bytes());
    assert_eq!(status, 200);
    assert!(json(&body)["headline"].as_str().unwrap_or("").starts_with("ANGRET · Kino"), "{}", body_text(&body));
    let (_, _, body) = server.request("POST", "/redeem", &[FORM, JSON], form.as_bytes());
    assert_eq!(json(&body)["valid"], true);

    // Memory after these requests (a debug build here; see BENCHMARKS.md).
    let rss = rss_kib(server.pid());
    eprintln!("verifier serve VmRSS after the requests: {rss} KiB");
    assert!(rss < 100 * 1024, "VmRSS {rss} KiB");

    // The access log: method, path, status; no card text or number.
    let (stopped, log) = server.stop_with_log();
    let log = log.join("\n");
    assert!(log.contains("POST /redeem 200"), "{log}");
    for card in &cards {
        for field in ["qr_text", "card_number", "url"] {
            let secret = card[field].as_str().expect("field");
            assert!(!log.contains(secret), "the log holds a card's {field}:\n{log}");
        }
    }
    assert!(stopped, "a clean stop on SIGTERM");
}

/// A running `verifier serve` answers with the bundle installed at that
/// moment (SPEC §11): after `verifier update` installs a bundle that blocks
/// a card and knows a newly rotated signing key, the blocked card is
/// refused as revoked (no visit recorded) and the new key's card granted,
/// without a restart.
#[test]
fn a_running_server_follows_the_installed_bundle() {
    let setup = Setup::new("bolgen-kino");
    let cards = setup.issue(1, 2, &[]);
    let mut server = Server::start_verifier(&setup.venue);
    server.pair(&setup.venue);
    let scan = |text: &str| {
        let form = format!("text={}", urlencode(text));
        let (status, _, body) = server.request("POST", "/redeem", &[FORM, JSON], form.as_bytes());
        assert_eq!(status, 200, "{}", body_text(&body));
        json(&body)
    };
    let qr = |i: usize| cards[i]["qr_text"].as_str().expect("qr_text").to_string();
    assert_eq!(scan(&qr(0))["code"], "ok");
    let (rotated, bundle) = setup.block_and_rotate(&cards[1]);
    // Published but not installed: the key is unknown here.
    assert_eq!(scan(&rotated)["code"], "unknown_key");
    setup.install(&bundle, 2);
    let v = scan(&qr(1));
    assert_eq!((v["valid"].as_bool(), v["code"].as_str()), (Some(false), Some("revoked")), "{v}");
    assert_eq!(v["headline"], "SPERRET");
    let v = scan(&rotated);
    assert_eq!((v["valid"].as_bool(), v["code"].as_str()), (Some(true), Some("ok")), "{v}");
    // A bundle that renames the venue renames the running page too.
    let title = || {
        let (status, _, page) = server.request("GET", "/", &[], b"");
        assert_eq!(status, 200);
        let page = body_text(&page);
        page.split("<title>").nth(1).and_then(|t| t.split("</title>").next()).unwrap_or_default().to_string()
    };
    assert!(title().contains("Bølgen kino"), "{}", title());
    let issuer = e2e::s(&setup.issuer);
    let mut catalogue: Value =
        serde_json::from_str(&e2e::run_ok("issuer", &["catalogue", "--data", issuer, "--json"], 0))
            .expect("catalogue JSON");
    let venues = catalogue["venues"].as_array_mut().expect("venues");
    let venue = venues.iter_mut().find(|v| v["id"] == "bolgen-kino").expect("the venue");
    venue["name"] = "Bølgen kulturhus".into();
    let file = setup.tmp.path().join("renamed.json");
    std::fs::write(&file, catalogue.to_string()).expect("catalogue file");
    e2e::run_ok("issuer", &["catalogue", "--data", issuer, "--import", e2e::s(&file)], 0);
    setup.install(&setup.bundle("renamed.akb"), 3);
    assert!(title().contains("Bølgen kulturhus"), "{}", title());
    assert!(server.stop());
    let db = rusqlite::Connection::open(setup.venue.join("redemptions.db")).expect("log");
    let n: i64 = db.query_row("SELECT count(*) FROM redemption", [], |r| r.get(0)).expect("count");
    assert_eq!(n, 2, "the blocked card left no visit");
}

/// `POST /scan-image` announcing a 9 MiB photo, without sending it: the
/// status line of the answer.
fn oversized_upload(server: &Server) -> String {
    use std::io::{BufRead as _, Write as _};
    let mut stream = std::net::TcpStream::connect(&server.addr).expect("connect");
    let cookie = server.cookie.clone().expect("a paired device");
    let head = format!(
        "POST /scan-image HTTP/1.1\r\nHost: {}\r\nCookie: {cookie}\r\nContent-Type: image/png\r\n\
         Content-Length: {}\r\n\r\n",
        server.addr,
        9 << 20
    );
    stream.write_all(head.as_bytes()).expect("write");
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).expect("timeout");
    let mut line = String::new();
    std::io::BufReader::new(stream).read_line(&mut line).expect("an answer before the body");
    line.trim_end().to_string()
}
