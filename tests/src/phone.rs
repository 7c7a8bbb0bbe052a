//! Helpers of the phone card's browser tests (`phone_card.rs`,
//! `phone_card_family.rs`).

use crate::webdriver::Browser;
use serde_json::{Value, json};
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
