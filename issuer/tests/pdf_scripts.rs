//! The printed card's phone lines in any of the families' eight languages:
//! a sheet printed with an Arabic and a Tigrinya line (Noto Naskh Arabic and
//! Noto Sans Ethiopic embedded beside DejaVu) has every glyph in its fonts,
//! prints each line whole at 5 pt or more, and `pdftotext` reads the
//! Arabic back in logical order (right to left shaped, not reversed).
//!
//! Needs poppler-utils (`pdftotext`, `pdffonts`); `.ci/run` installs it.

use e2e::pdf::{pdf_text, poppler};
use issuer::family_text::{FamilyLang, FamilyTexts};
use issuer::issue::{IssueRequest, QrForm, issue_cards};
use issuer::pdf::{Lang, card_sheet_with_hints, phone_hints_in, phone_line_check};
use issuer::store::Store;
use keys::SystemClock;
use shared::{CardTypeId, Clock as _};

#[test]
fn arabic_and_tigrinya_lines_print_whole_with_their_fonts_in_logical_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    let now = SystemClock.now();
    let store = Store::init(dir.path(), now).expect("issuer init");
    let req = IssueRequest {
        card_type: CardTypeId(1),
        count: 2,
        valid_from: None,
        valid_until: None,
        qr_form: QrForm::Url,
        period: None,
    };
    let cards = issue_cards(store.catalogue(), store.ring(), &req, now.oslo_day()).expect("issue");
    let hints = phone_hints_in(Lang::Nb, FamilyLang::Ar);
    assert_eq!(hints.len(), 3);
    let ar = FamilyTexts::builtin(FamilyLang::Ar).get("sheet-phone-hint");
    let ti = FamilyTexts::builtin(FamilyLang::Ti).get("sheet-phone-hint");
    assert_eq!(hints[2], ar);
    let hints = vec![hints[0].clone(), ar.clone(), ti.clone()];

    // Every glyph is in the chosen font, and no line is cut or below 5 pt.
    for lang in FamilyLang::ALL {
        let line = FamilyTexts::builtin(lang).get("sheet-phone-hint");
        let check = phone_line_check(&line).expect("the fonts load");
        assert!(check.missing_glyphs == 0, "{}: {} glyphs missing", lang.tag(), check.missing_glyphs);
        assert!(!check.cut, "{}: the line is cut", lang.tag());
        assert!(check.pt >= 5.0, "{}: printed at {} pt", lang.tag(), check.pt);
    }

    let pdf = card_sheet_with_hints(&cards, store.catalogue(), Lang::Nb, &hints).expect("sheet");
    let path = dir.path().join("scripts.pdf");
    std::fs::write(&path, &pdf).expect("write");
    let fonts = String::from_utf8(poppler("pdffonts", &[path.to_str().unwrap()])).unwrap();
    assert!(fonts.contains("NotoNaskhArabic"), "{fonts}");
    assert!(fonts.contains("NotoSansEthiopic"), "{fonts}");
    let text = pdf_text(&path);
    // Logical order: every Arabic word of the line comes out as written,
    // letter by letter (a glyph run mapped back in visual order would give
    // each word reversed). pdftotext itself lays a right-to-left line out
    // in phrases split at the ASCII colon and full stop (marking them with
    // U+202B…U+202C), so the order of the phrases is poppler's, not ours.
    let arabic_words = |s: &str| -> Vec<String> {
        s.split(|c: char| !('\u{0621}'..='\u{064A}').contains(&c)).filter(|w| !w.is_empty()).map(String::from).collect()
    };
    let words = arabic_words(&ar);
    let printed = arabic_words(&text);
    assert!(words.len() >= 5, "{ar}");
    for word in &words {
        assert_eq!(
            printed.iter().filter(|w| *w == word).count(),
            2,
            "«{word}» in logical order on both cards:\n{text}"
        );
        let reversed: String = word.chars().rev().collect();
        if reversed != *word {
            assert!(!printed.contains(&reversed), "«{word}» reversed:\n{text}");
        }
    }
    let ethiopic = |s: &str| s.chars().filter(|c| ('\u{1200}'..='\u{137F}').contains(c)).collect::<String>();
    assert_eq!(ethiopic(&text).matches(&ethiopic(&ti)).count(), 2, "the Tigrinya line on both cards:\n{text}");
    assert_eq!(text.matches(hints[0].as_str()).count(), 2, "the bokmål line:\n{text}");
}

mod common;
use axum::http::StatusCode;
use common::*;

#[tokio::test]
async fn the_caseworker_picks_the_third_phone_line_s_language() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, _) = issuer::web::prepare(&tmp.path().join("issuer"), "http://127.0.0.1:8080", NOW).unwrap();
    add_caseworker(&store);
    let app = issuer::web::app(issuer::web::AppState::new(store, Box::new(shared::FixedClock(NOW)), false));
    let kari = log_in(&app, "kari", PW).await;
    let form = text(send(&app, get("/issue", &kari)).await).await;
    assert!(form.contains("<option value=\"uk\" lang=\"uk\" selected>Українська</option>"), "{form}");
    assert!(form.contains("<option value=\"ti\" lang=\"ti\">ትግርኛ</option>"));
    let csrf = csrf_field(&form);
    for (lang, expect) in [("ti", FamilyLang::Ti), ("ar", FamilyLang::Ar), ("", FamilyLang::Uk), ("xx", FamilyLang::Uk)]
    {
        let fields = [("csrf", csrf.as_str()), ("card_type", "1"), ("count", "1"), ("phone_lang", lang)];
        let res = send(&app, post("/issue", &kari, &fields)).await;
        assert_eq!(res.status(), StatusCode::OK, "{lang}");
        let pdf = axum::body::to_bytes(res.into_body(), 1 << 24).await.unwrap();
        let path = tmp.path().join(format!("sheet-{lang}.pdf"));
        std::fs::write(&path, &pdf).unwrap();
        let fonts = String::from_utf8(poppler("pdffonts", &[path.to_str().unwrap()])).unwrap();
        let hint = FamilyTexts::builtin(expect).get("sheet-phone-hint");
        let word = hint.split_whitespace().find(|w| w.chars().count() > 4).unwrap().trim_matches([':', '.', '።']);
        let printed = pdf_text(&path);
        assert!(printed.contains(word), "{lang}: «{word}» not in\n{printed}");
        assert_eq!(fonts.contains("NotoSansEthiopic"), expect == FamilyLang::Ti, "{lang}: {fonts}");
        assert_eq!(fonts.contains("NotoNaskhArabic"), expect == FamilyLang::Ar, "{lang}: {fonts}");
    }
}
