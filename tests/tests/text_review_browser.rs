//! A municipality reviews a language of the families' texts end to end in
//! a real browser (headless Chromium over WebDriver) against the real
//! `issuer serve`: the administrator downloads the Ukrainian file, an
//! interpreter changes a text, the administrator uploads it, sees the
//! change, applies it; the families' list of offers then shows the new text
//! and no longer the machine-translation note.
//!
//! Needs `chromium` and `chromedriver` (Debian: chromium, chromium-driver).

use e2e::Server;
use e2e::webdriver::{Browser, set_up_admin_and_log_in, submit};
use std::time::Duration;

const ADMIN: &str = "anne";
const ADMIN_PW: &str = "fjord lantern 27 breeze";

#[test]
fn an_interpreter_s_file_is_uploaded_and_the_family_page_loses_the_machine_translation_note() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(&tmp.path().join("issuer"));
    let base = format!("http://{}", server.addr);
    let link = server.setup_link.clone().expect("a set-up link on first run");
    let b = Browser::start();
    set_up_admin_and_log_in(&b, &link, ADMIN, ADMIN_PW);

    // Before: the families see the note.
    b.goto(&format!("{base}/tilbud?lang=uk"));
    let note = b.find("#translation-note").text();
    assert!(note.contains("автоматично"), "{note}");
    b.assert_accessible("the list of offers in Ukrainian, machine-translated");

    // Download the Ukrainian file.
    b.goto(&format!("{base}/admin/texts?text_lang=uk"));
    b.wait_for_text("#review h3", "Gjennomlesing");
    b.assert_accessible("the texts page");
    b.find("#review-download").click();
    let path = b.wait_for_download("texts-uk.ftl", Duration::from_secs(20));
    let file = std::fs::read_to_string(&path).unwrap();
    assert!(file.contains("# Language: uk\n"));

    // The interpreter's change, saved as another file.
    let old = file.lines().find(|l| l.starts_with("offers-intro = ")).expect("offers-intro in the file").to_string();
    let reviewed = file.replace(&old, "offers-intro = Тут усі місця, де діє картка. Перевірено перекладачем.");
    let upload = tmp.path().join("texts-uk-reviewed.ftl");
    std::fs::write(&upload, reviewed).unwrap();

    // Upload: the change is shown before it applies.
    b.find("#review-file").send_keys(upload.to_str().unwrap());
    submit(&b, "/admin/texts/review");
    b.wait_for_text("#review-count", "Fila endrer én tekst");
    let row = b.find("#change-offers-intro").text();
    assert!(row.contains("Перевірено перекладачем."), "{row}");
    assert!(row.contains(old.trim_start_matches("offers-intro = ")), "{row}");
    b.assert_accessible("the texts page showing an uploaded review");
    submit(&b, "/admin/texts/review/apply");
    b.wait_for_text("p.notice[role=\"status\"]", "Українська er lest gjennom av kommunen. Én tekst er endret.");
    assert!(b.find("#reviewed-on").text().starts_with("Lest gjennom av kommunen "));
    b.assert_accessible("the texts page after applying a review");

    // After: the new text, and no machine-translation note.
    b.goto(&format!("{base}/tilbud?lang=uk"));
    b.wait_for_text("body", "Перевірено перекладачем.");
    assert!(b.find_all("#translation-note").is_empty(), "the note is gone");
    b.assert_accessible("the list of offers in Ukrainian, reviewed");
    b.goto(&format!("{base}/tilbud?lang=pl"));
    assert_eq!(b.find_all("#translation-note").len(), 1, "other languages keep it");
    b.stop();
}
