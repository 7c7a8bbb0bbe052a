//! The card sheet end to end: the real `issuer` binary writes the PDF,
//! poppler (`pdftoppm`, `pdfinfo`, `pdftotext`) renders and reads it, rqrr
//! decodes every QR code on the page image, and each code verifies against
//! the trust bundle the issuer publishes.
//!
//! Needs poppler-utils; `.ci/run` installs it. Without it these tests fail
//! (they do not skip).

use e2e::pdf::{page_count, pdf_text, qr_codes_on_page};
use issuer::issue::{IssueRequest, QrForm, issue_cards};
use issuer::pdf::{Lang, PdfError, card_sheet};
use issuer::store::Store;
use keys::SystemClock;
use serde_json::Value;
use shared::{CardTypeId, Clock as _, Fingerprint, VerifiedBundle, verify_bundle, verify_text};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Words that must never appear on a card: it looks like any ticket.
const NEVER_ON_A_CARD: &[&str] =
    &["inntekt", "income", "fattig", "poverty", "poor", "trengende", "needy", "stønad", "welfare", "sosialhjelp"];

fn issuer(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_issuer"))
        .args(args)
        .current_dir(dir)
        .env_remove("ISSUER_DATA")
        .output()
        .expect("running the issuer binary");
    assert!(
        out.status.success(),
        "issuer {args:?} failed\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

struct Issuer {
    dir: tempfile::TempDir,
}

impl Issuer {
    fn new() -> Issuer {
        let dir = tempfile::tempdir().expect("temp dir");
        issuer(dir.path(), &["init", "--data", "data"]);
        Issuer { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Issue `count` cards into a PDF; return the cards from `--json`.
    fn sheet(&self, count: usize, pdf: &str, extra: &[&str]) -> Vec<Value> {
        let n = count.to_string();
        let mut args = vec!["issue", "--data", "data", "--profile", "1", "--count", &n, "--pdf", pdf, "--json"];
        args.extend_from_slice(extra);
        let json = issuer(self.dir.path(), &args);
        let cards: Vec<Value> = serde_json::from_str(&json).expect("--json output");
        assert_eq!(cards.len(), count);
        cards
    }

    /// The trust bundle, published now and checked against the pinned root.
    fn bundle(&self) -> VerifiedBundle {
        issuer(self.dir.path(), &["bundle", "--data", "data", "--out", "bundle.akb"]);
        let fp = issuer(self.dir.path(), &["root-fingerprint", "--data", "data"]);
        let fp = Fingerprint::parse(fp.trim()).expect("root fingerprint");
        let bytes = std::fs::read(self.path("bundle.akb")).expect("bundle file");
        verify_bundle(&bytes, &fp, SystemClock.now()).expect("the bundle verifies")
    }
}

fn field(card: &Value, name: &str) -> String {
    card[name].as_str().unwrap_or_else(|| panic!("card without {name}")).to_string()
}

#[test]
fn every_qr_code_on_a_ten_card_sheet_scans_and_verifies() {
    let iss = Issuer::new();
    let cards = iss.sheet(10, "sheet.pdf", &[]);
    let pdf = iss.path("sheet.pdf");
    assert_eq!(page_count(&pdf), 1);

    let issued: BTreeSet<String> = cards.iter().map(|c| field(c, "qr_text")).collect();
    assert_eq!(issued.len(), 10);
    let found = qr_codes_on_page(&pdf, 1, iss.dir.path());
    assert_eq!(found.len(), 10, "exactly 10 QR codes on the page");
    let found: BTreeSet<String> = found.into_iter().collect();
    assert_eq!(found, issued, "the codes on the page are exactly the issued cards");

    let bundle = iss.bundle();
    let now = SystemClock.now();
    let numbers: BTreeSet<String> = cards.iter().map(|c| field(c, "card_number")).collect();
    for text in &found {
        let token = verify_text(text, &bundle, now).unwrap_or_else(|e| panic!("a scanned card does not verify: {e}"));
        assert!(numbers.contains(&token.card_number().to_string()));
    }

    // What is printed: every card number, the validity, the name line, the
    // scheme and what the card gives; never a word about income or need.
    let text = pdf_text(&pdf);
    for n in &numbers {
        assert!(text.contains(n.as_str()), "card number {n} is printed:\n{text}");
    }
    let valid = format!(
        "Gyldig {}–{}",
        shared::Day::parse(&field(&cards[0], "valid_from")).unwrap().display_nb(),
        shared::Day::parse(&field(&cards[0], "valid_until")).unwrap().display_nb()
    );
    for expected in [valid.as_str(), "Navn:", "Kortnummer", "Aktivitetskort Larvik", "Kino", "Svømming", "Teater"] {
        assert_eq!(text.matches(expected).count(), 10, "«{expected}» on every card:\n{text}");
    }
    let lower = text.to_lowercase();
    for word in NEVER_ON_A_CARD {
        assert!(!lower.contains(word), "the sheet says «{word}»");
    }
    for c in &cards {
        assert!(!text.contains(&field(c, "qr_text")), "the token is only in the QR code");
    }
}

#[test]
fn one_card_takes_one_page_and_eleven_take_two() {
    let iss = Issuer::new();
    iss.sheet(1, "one.pdf", &[]);
    assert_eq!(page_count(&iss.path("one.pdf")), 1);
    let cards = iss.sheet(11, "eleven.pdf", &[]);
    let pdf = iss.path("eleven.pdf");
    assert_eq!(page_count(&pdf), 2);
    // The eleventh card is alone on page 2, with its own crop marks.
    let found = qr_codes_on_page(&pdf, 2, iss.dir.path());
    assert_eq!(found, vec![field(&cards[10], "qr_text")]);
    assert_eq!(pdf_text(&pdf).matches("Navn:").count(), 11);
}

#[test]
fn url_form_codes_scan_too() {
    let iss = Issuer::new();
    let cards = iss.sheet(10, "url.pdf", &["--qr", "url"]);
    let found: BTreeSet<String> = qr_codes_on_page(&iss.path("url.pdf"), 1, iss.dir.path()).into_iter().collect();
    let issued: BTreeSet<String> = cards.iter().map(|c| field(c, "qr_text")).collect();
    assert_eq!(found, issued);
    let bundle = iss.bundle();
    for text in &found {
        assert!(text.starts_with("HTTPS://"), "{text}");
        verify_text(text, &bundle, SystemClock.now()).expect("a URL-form card verifies");
    }
}

#[test]
fn english_sheet_from_the_library() {
    let dir = tempfile::tempdir().expect("temp dir");
    let now = SystemClock.now();
    let store = Store::init(dir.path(), now).expect("issuer init");
    let req = IssueRequest {
        card_type: CardTypeId(2),
        count: 3,
        valid_from: None,
        valid_until: None,
        qr_form: QrForm::Token,
        period: None,
    };
    let cards = issue_cards(store.catalogue(), store.ring(), &req, now.oslo_day()).expect("issue");
    let pdf = card_sheet(&cards, store.catalogue(), Lang::En).expect("sheet");
    assert!(pdf.starts_with(b"%PDF-"));
    let path = dir.path().join("en.pdf");
    std::fs::write(&path, &pdf).expect("write");
    let text = pdf_text(&path);
    for expected in ["Valid ", "Name:", "Card number", "Age 14–18", "Cinema", "Swimming"] {
        assert_eq!(text.matches(expected).count(), 3, "«{expected}»:\n{text}");
    }
    assert!(!text.contains("Gyldig") && !text.contains("Navn"), "{text}");
    assert!(matches!(card_sheet(&[], store.catalogue(), Lang::En), Err(PdfError::NoCards)));
}

#[test]
fn the_cli_refuses_an_unwritable_pdf_path_clearly() {
    let iss = Issuer::new();
    let out = Command::new(env!("CARGO_BIN_EXE_issuer"))
        .args(["issue", "--data", "data", "--profile", "1", "--count", "2", "--pdf", "no/such/dir/sheet.pdf"])
        .current_dir(iss.dir.path())
        .env_remove("ISSUER_DATA")
        .output()
        .expect("running the issuer binary");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no/such/dir"), "{err}");
}

#[test]
fn a_sibling_sheet_from_the_command_line_holds_both_card_types() {
    let iss = Issuer::new();
    let json = issuer(
        iss.dir.path(),
        &["issue", "--data", "data", "--card-type", "1", "--count", "2", "--also", "2:1", "--pdf", "sib.pdf", "--json"],
    );
    let cards: Vec<Value> = serde_json::from_str(&json).expect("--json output");
    let types: Vec<u64> = cards.iter().map(|c| c["card_type"].as_u64().unwrap()).collect();
    assert_eq!(types, [1, 1, 2]);
    let found: BTreeSet<String> = qr_codes_on_page(&iss.path("sib.pdf"), 1, iss.dir.path()).into_iter().collect();
    let issued: BTreeSet<String> = cards.iter().map(|c| field(c, "qr_text")).collect();
    assert_eq!(found, issued);
    let bundle = iss.bundle();
    let mut verified: Vec<u16> = found
        .iter()
        .map(|t| verify_text(t, &bundle, SystemClock.now()).expect("verifies").claims().card_type.0)
        .collect();
    verified.sort_unstable();
    assert_eq!(verified, [1, 1, 2]);
    let text = pdf_text(&iss.path("sib.pdf"));
    assert_eq!(text.matches("Navn:").count(), 3, "{text}");
    // A bad --also is refused by the argument parser, before anything is issued.
    let out = Command::new(env!("CARGO_BIN_EXE_issuer"))
        .args(["issue", "--data", "data", "--card-type", "1", "--also", "2-1"])
        .current_dir(iss.dir.path())
        .env_remove("ISSUER_DATA")
        .output()
        .expect("running the issuer binary");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not TYPE:COUNT"));
}

/// The sheet is a tagged PDF (issue 19): `pdfinfo` says so; its structure,
/// which a screen reader follows, holds each card as a section with its
/// text in reading order (scheme, card number, validity, card type, what it
/// gives, the QR code as a figure with its alternative text, the phone
/// lines, the name line), and the crop marks and rules are left out as
/// artifacts; `pdftotext` reads a card in the same order.
#[test]
fn the_sheet_is_tagged_with_each_cards_text_in_reading_order() {
    let iss = Issuer::new();
    let cards = iss.sheet(2, "tagged.pdf", &[]);
    let pdf = iss.path("tagged.pdf");
    let pdfinfo = |args: &[&str]| {
        let out = Command::new("pdfinfo").args(args).arg(&pdf).output().expect("pdfinfo (poppler-utils)");
        assert!(out.status.success(), "pdfinfo {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let info = pdfinfo(&[]);
    assert!(info.lines().any(|l| l.split_whitespace().eq(["Tagged:", "yes"])), "{info}");
    let valid = format!(
        "Gyldig {}–{}",
        shared::Day::parse(&field(&cards[0], "valid_from")).unwrap().display_nb(),
        shared::Day::parse(&field(&cards[0], "valid_until")).unwrap().display_nb()
    );
    let hints = issuer::pdf::phone_hints(Lang::Nb);
    let card_in_order = |number: &str| -> Vec<String> {
        let mut order = vec!["Aktivitetskort Larvik", "Kortnummer", number, &valid, "0–13 år med ledsager"];
        order.extend(["Kino · Svømming · Familiepark", "Minigolf · Bowling · Teater"]);
        order.extend(hints.iter().map(String::as_str));
        order.push("Navn:");
        order.into_iter().map(str::to_string).collect()
    };
    // The structure with its text: one section per card, in the sheet's order.
    let tree = pdfinfo(&["-struct-text"]);
    let quoted: Vec<String> =
        tree.lines().filter_map(|l| l.trim().strip_prefix('"')?.strip_suffix('"').map(str::to_string)).collect();
    let mut expected = Vec::new();
    for c in &cards {
        let mut card = card_in_order(&field(c, "card_number"));
        // The figure (the QR code) has no text of its own, after what the card gives.
        card.insert(card.len() - hints.len() - 1, String::new());
        expected.extend(card);
    }
    assert_eq!(quoted, expected, "{tree}");
    let structure = pdfinfo(&["-struct"]);
    let kinds: Vec<&str> = structure.lines().map(str::trim).collect();
    let one_card = ["Sect", "P (block)", "P (block)", "P (block)", "P (block)", "P (block)", "Figure"];
    assert_eq!(kinds[0], "Document");
    assert_eq!(kinds[1..8], one_card, "{kinds:?}");
    // The QR code's alternative text names the card.
    let bytes = std::fs::read(&pdf).expect("the sheet");
    for c in &cards {
        let alt = format!("/Alt(QR-kode for kort {})", field(c, "card_number"));
        assert!(bytes.windows(alt.len()).any(|w| w == alt.as_bytes()), "{alt} in the PDF");
    }
    // Plain text extraction of a one-card sheet reads it in the same order.
    let one = iss.sheet(1, "one.pdf", &[]);
    let text = pdf_text(&iss.path("one.pdf"));
    let mut at = 0;
    for piece in card_in_order(&field(&one[0], "card_number")) {
        let found = text[at..].find(&piece).unwrap_or_else(|| panic!("«{piece}» after byte {at}:\n{text}"));
        at += found + piece.len();
    }
}
