//! The accessibility check of the browser tests (e2e::axe) really finds
//! violations: a page with an image without a text alternative and a
//! button without a name, served on 127.0.0.1 under a Content Security
//! Policy as strict as the issuer's (no inline script, no eval), is
//! reported with axe's exact rule ids, and the assertion fails on it;
//! the same page made right passes.
//!
//! Needs `chromium` and `chromedriver` (Debian: chromium, chromium-driver)
//! and axe-core in tests/axe/node_modules (`npm ci --prefix tests/axe`;
//! bash test.sh installs both).

use e2e::webdriver::Browser;
use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpListener;

/// A page that breaks two critical rules.
const BROKEN: &str = "<!doctype html><html lang=\"nb\"><head><meta charset=\"utf-8\"><title>Prøve</title></head>\
<body><main><h1>Prøve</h1><img src=\"/bilde.png\"><button type=\"button\"></button></main></body></html>";

/// The same page made right.
const FIXED: &str = "<!doctype html><html lang=\"nb\"><head><meta charset=\"utf-8\"><title>Prøve</title></head>\
<body><main><h1>Prøve</h1><img src=\"/bilde.png\" alt=\"Et kort\"><button type=\"button\">Send</button></main></body></html>";

/// Serve `/broken` and `/fixed` (anything else: 404) on a loopback port,
/// with a strict CSP, from a thread that lives as long as the test.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let addr = listener.local_addr().expect("its address");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("a second handle"));
            let mut first = String::new();
            let _ = reader.read_line(&mut first);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = first.split_whitespace().nth(1).unwrap_or("");
            let (status, body) = match path {
                "/broken" => ("200 OK", BROKEN),
                "/fixed" => ("200 OK", FIXED),
                _ => ("404 Not Found", ""),
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
                 Content-Security-Policy: default-src 'none'; script-src 'self'; img-src 'self'\r\n\
                 Connection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    format!("http://{addr}")
}

#[test]
fn the_accessibility_check_names_an_image_without_alt_and_a_button_without_a_name() {
    let base = serve();
    let b = Browser::start();
    b.goto(&format!("{base}/broken"));
    let found = b.axe_violations();
    let mut ids: Vec<&str> = found.iter().map(|v| v.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["button-name", "image-alt"], "axe's violations: {found:#?}");
    for v in &found {
        assert_eq!(v.impact, "critical", "{v}");
        assert!(v.help_url.starts_with("https://dequeuniversity.com/rules/axe/"), "{v}");
    }
    let image = found.iter().find(|v| v.id == "image-alt").expect("image-alt");
    assert_eq!(image.targets, ["img"]);

    let failure = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| b.assert_accessible("the broken page")))
        .expect_err("the assertion fails on a page with critical violations");
    let message = failure.downcast_ref::<String>().expect("a formatted panic message");
    assert!(message.contains("2 accessibility violation(s) on the broken page"), "{message}");
    assert!(message.contains("image-alt (critical)") && message.contains("button-name (critical)"), "{message}");

    b.goto(&format!("{base}/fixed"));
    assert_eq!(b.axe_violations(), []);
    b.assert_accessible("the fixed page");
    b.stop();
}
