//! Helpers of the phone card's browser tests (`phone_card.rs`,
//! `phone_card_family.rs`).

use crate::webdriver::Browser;
use serde_json::{Value, json};
use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long the page may take to show a card.
const WAIT: Duration = Duration::from_secs(30);

/// Field `key` of a card as `issuer issue --json` prints it.
pub fn text_of(card: &Value, key: &str) -> String {
    card[key].as_str().unwrap_or_else(|| panic!("no {key} in {card}")).to_string()
}

/// The decimal digits of a card's QR text (the fragment of the URL form).
pub fn digits_of(card: &Value) -> String {
    let qr = text_of(card, "qr_text");
    qr.split_once('#').map_or(qr.clone(), |(_, d)| d.to_string())
}

/// Wait until the page shows card `number` and has finished its checks.
pub fn wait_for_card(b: &Browser, number: &str) {
    b.wait_for(&format!("card {number} on the page"), WAIT, |b| {
        let ready = b.execute("return document.body && document.body.getAttribute('data-ready')", &[]);
        let shown = b.find_all("#card-number").first().and_then(|e| e.try_text());
        (ready == json!("card") && shown.as_deref() == Some(number)).then_some(())
    });
}

/// The visible text of the first element matching `css`, or "".
pub fn visible(b: &Browser, css: &str) -> String {
    b.find_all(css).first().and_then(|e| e.try_text()).unwrap_or_default()
}

/// A TCP proxy on 127.0.0.1 that records every byte the browser sends and,
/// while `other_release` is set, names another page version in the card
/// page's answers (as a server with a new release would).
pub struct Proxy {
    /// Where the browser connects (`host:port`).
    pub addr: String,
    /// Every byte the browser sent, in order.
    pub sent: Arc<Mutex<Vec<u8>>>,
    /// While set, answers name another page version.
    pub other_release: Arc<std::sync::atomic::AtomicBool>,
}

/// The card page's version header (SPEC §12.4), as the issuer writes it.
const VERSION_HEADER: &[u8] = b"x-ak-card-version: ";

/// Replace every version in `VERSION_HEADER` lines of `buf` by 12 zeros.
fn other_version(buf: &mut [u8]) {
    let mut i = 0;
    while let Some(at) = buf[i..].windows(VERSION_HEADER.len()).position(|w| w == VERSION_HEADER) {
        let start = i + at + VERSION_HEADER.len();
        let end = (start + 12).min(buf.len());
        buf[start..end].fill(b'0');
        i = end;
    }
}

/// Start a [`Proxy`] to the server at `upstream` (`host:port`).
pub fn proxy(upstream: String) -> Proxy {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
    let addr = listener.local_addr().expect("proxy address").to_string();
    let sent = Arc::new(Mutex::new(Vec::new()));
    let record = sent.clone();
    let other_release = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let rewrite = other_release.clone();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { continue };
            let Ok(server) = TcpStream::connect(&upstream) else { continue };
            let record = record.clone();
            let rewrite = rewrite.clone();
            let (mut c_read, mut s_write) = (client.try_clone().expect("clone"), server.try_clone().expect("clone"));
            let (mut s_read, mut c_write) = (server, client);
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                while let Ok(n) = c_read.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    record.lock().expect("record").extend_from_slice(&buf[..n]);
                    if s_write.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
                let _ = s_write.shutdown(std::net::Shutdown::Write);
            });
            std::thread::spawn(move || {
                let mut buf = [0u8; 65536];
                while let Ok(n) = s_read.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    if rewrite.load(std::sync::atomic::Ordering::SeqCst) {
                        other_version(&mut buf[..n]);
                    }
                    if c_write.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
                let _ = c_write.shutdown(std::net::Shutdown::Write);
            });
        }
    });
    Proxy { addr, sent, other_release }
}
