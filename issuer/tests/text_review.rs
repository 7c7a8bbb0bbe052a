//! Router tests of the municipality's review of a language of the
//! families' texts (`/admin/texts/review…`), with `tower::ServiceExt::oneshot`
//! against `app()`: download → edit → upload shows the diff, applying it
//! changes the texts and marks the language reviewed (the families' pages
//! drop the machine-translation note); a broken file changes nothing.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use issuer::family_text::{FamilyLang, FamilyTexts};
use issuer::web::{AppState, app, prepare};
use shared::FixedClock;

mod common;
use common::*;

fn fixture() -> (tempfile::TempDir, Router, String) {
    let tmp = tempfile::tempdir().unwrap();
    let (store, setup) = prepare(&tmp.path().join("issuer"), "http://127.0.0.1:8080", NOW).unwrap();
    add_caseworker(&store);
    let state = AppState::new(store, Box::new(FixedClock(NOW)), false);
    (tmp, app(state), setup.unwrap())
}

fn upload(cookie: &str, csrf: &str, lang: &str, file: &[u8]) -> Request<Body> {
    let b = "----review-test-boundary";
    let mut body = Vec::new();
    for (name, value) in [("csrf", csrf), ("text_lang", lang)] {
        body.extend_from_slice(
            format!("--{b}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"texts-{lang}.ftl\"\r\n\
             Content-Type: text/plain\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{b}--\r\n").as_bytes());
    Request::post("/admin/texts/review")
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={b}"))
        .body(Body::from(body))
        .unwrap()
}

/// The hidden file field of the review page, unescaped.
fn file_field(html: &str) -> String {
    let start = html.find("<textarea name=\"file\" hidden>").expect("an apply form") + 29;
    let end = start + html[start..].find("</textarea>").unwrap();
    html[start..end]
        .replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#38;", "&")
}

async fn page(app: &Router, uri: &str) -> String {
    text(send(app, Request::get(uri).body(Body::empty()).unwrap()).await).await
}

#[tokio::test]
async fn a_reviewed_file_round_trips_shows_its_diff_and_marks_the_language() {
    let (_tmp, app, link) = fixture();
    let (anne, csrf) = admin(&app, &link).await;
    let note = FamilyTexts::builtin(FamilyLang::Pl).get("translation-note");
    assert!(page(&app, "/tilbud?lang=pl").await.contains(&note), "unreviewed: the note shows");
    assert!(page(&app, "/k?lang=pl").await.contains(&note));
    assert!(!page(&app, "/tilbud?lang=nb").await.contains("id=\"translation-note\""), "bokmål is the source");

    // Download: a Fluent file with the bokmål text and notes as comments.
    let res = send(&app, get("/admin/texts/review-file?text_lang=pl", &anne)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_DISPOSITION], "attachment; filename=\"texts-pl.ftl\"");
    let file = text(res).await;
    assert!(file.starts_with("# Aktivitetskort: tekstene for familiene på Polski (pl)"), "{file}");
    assert!(file.contains("# Language: pl\n"));
    assert!(file.contains("## The phone card (/k)\n"));
    assert!(file.contains("# Bokmål:\n#     Vis koden i billettluka, så får du billett.\nhow-cinema = "));

    // Unchanged, it changes nothing.
    let html = text(send(&app, upload(&anne, &csrf, "pl", file.as_bytes())).await).await;
    assert!(html.contains("Fila endrer ingen tekster."), "{html}");

    // The interpreter changes two texts.
    let old_show = FamilyTexts::builtin(FamilyLang::Pl).get("card-show");
    let edited = file
        .replace(&format!("card-show = {old_show}"), "card-show = Pokaż kod w kasie.")
        .replace("    [one] { $count } raz w tygodniu", "    [one] jeden raz w tygodniu");
    assert_ne!(edited, file);
    let res = send(&app, upload(&anne, &csrf, "pl", edited.as_bytes())).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = text(res).await;
    assert!(html.contains("Fila endrer 2 tekster:"), "{html}");
    assert!(html.contains("id=\"change-card-show\""));
    assert!(html.contains(&old_show) && html.contains("Pokaż kod w kasie."));
    assert!(html.contains("id=\"change-quota-week\""));
    assert!(!page(&app, "/tilbud?lang=pl").await.contains("Pokaż kod w kasie."), "nothing applies before apply");

    // Apply: the texts change at once and the language is reviewed.
    let sent = file_field(&html);
    assert_eq!(sent, edited);
    let res =
        send(&app, post("/admin/texts/review/apply", &anne, &[("csrf", &csrf), ("text_lang", "pl"), ("file", &sent)]))
            .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = text(res).await;
    assert!(html.contains("Polski er lest gjennom av kommunen. 2 tekster er endret."), "{html}");
    assert!(html.contains("id=\"reviewed-on\">Lest gjennom av kommunen 21.11.2026."), "{html}");
    let offers = page(&app, "/tilbud?lang=pl").await;
    assert!(!offers.contains(&note) && !offers.contains("id=\"translation-note\""), "reviewed: no note");
    assert!(!page(&app, "/k?lang=pl").await.contains("id=\"translation-note\""));
    assert!(page(&app, "/tilbud?lang=uk").await.contains("id=\"translation-note\""), "other languages keep it");
    // The download now holds the reviewed texts, and reads back unchanged.
    let again = text(send(&app, get("/admin/texts/review-file?text_lang=pl", &anne)).await).await;
    assert!(again.contains("\ncard-show = Pokaż kod w kasie.\n"));
    assert!(again.contains("    [one] jeden raz w tygodniu\n"));
    let html = text(send(&app, upload(&anne, &csrf, "pl", again.as_bytes())).await).await;
    assert!(html.contains("Fila endrer ingen tekster."), "{html}");
    // The audit log names the language, not the texts.
    let activity = text(send(&app, get("/admin/activity", &anne)).await).await;
    assert!(activity.contains("pl reviewed, 2 changed"));
}

#[tokio::test]
async fn a_broken_file_is_refused_and_nothing_changes() {
    let (_tmp, app, link) = fixture();
    let (anne, csrf) = admin(&app, &link).await;
    let file = text(send(&app, get("/admin/texts/review-file?text_lang=ar", &anne)).await).await;
    let builtin = FamilyTexts::builtin(FamilyLang::Ar).get("card-valid");
    let cases = [
        (
            file.replace("card-valid = ", "card-valid = { $name } "),
            "Fila ble ikke tatt i bruk, og ingenting er endret: teksten card-valid: Teksten bruker",
        ),
        (file.replace("card-show = ", "card-show = { $from "), "fila har en feil fra linje"),
        (file.replace("# Language: ar", "# Language: so"), "fila er for et annet språk (so)"),
        (format!("{file}\nsomething-new = x\n"), "teksten something-new: Denne meldingen finnes ikke."),
    ];
    for (bad, says) in cases {
        let res = send(&app, upload(&anne, &csrf, "ar", bad.as_bytes())).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = text(res).await;
        assert!(html.contains(says), "{says}: {html}");
        assert!(!html.contains("/admin/texts/review/apply"), "no apply form");
        // Sent to "apply" anyway, it is refused again.
        let res = send(
            &app,
            post("/admin/texts/review/apply", &anne, &[("csrf", &csrf), ("text_lang", "ar"), ("file", &bad)]),
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let offers = page(&app, "/tilbud?lang=ar").await;
    assert!(offers.contains("id=\"translation-note\""), "still unreviewed");
    let html = text(send(&app, get("/admin/texts?text_lang=ar", &anne)).await).await;
    assert!(!html.contains("id=\"reviewed-on\""));
    assert!(html.contains("Kommunens egne tekster på dette språket: 0."));
    assert_eq!(FamilyTexts::builtin(FamilyLang::Ar).get("card-valid"), builtin);

    // Only an administrator, and only with the form token.
    let res = send(&app, upload(&anne, "wrong", "ar", file.as_bytes())).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let kari = log_in(&app, "kari", PW).await;
    let res = send(&app, get("/admin/texts/review-file?text_lang=ar", &kari)).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
