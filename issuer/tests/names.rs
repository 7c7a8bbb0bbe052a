//! Router tests: names that staff type (agencies, venues) are kept in
//! Unicode NFKC, and a name that hides a character, turns the text's
//! direction or mixes alphabets to look like another name is refused with
//! a message that says so — on the web page and in the catalogue import.

use axum::http::StatusCode;
use issuer::web::{AppState, app, prepare};
use shared::FixedClock;

mod common;
use common::*;

fn fixture() -> (tempfile::TempDir, axum::Router, String) {
    let tmp = tempfile::tempdir().unwrap();
    let (store, setup) = prepare(&tmp.path().join("issuer"), "http://127.0.0.1:8080", NOW).unwrap();
    let state = AppState::new(store, Box::new(FixedClock(NOW)), false);
    (tmp, app(state), setup.unwrap())
}

#[tokio::test]
async fn look_alike_agency_names_are_refused_and_wide_letters_folded() {
    let (_tmp, app, link) = fixture();
    let (anne, csrf) = admin(&app, &link).await;
    let add = |name: &'static str| post("/admin/agencies", &anne, &[("csrf", &csrf), ("name", name)]);
    for (name, message) in [
        ("N\u{0410}V Larvik", "blander bokstaver fra ulike alfabeter"),
        ("NAV\u{202E}kivraL", "endrer skriveretningen"),
        ("NAV\u{200B}Larvik", "usynlig tegn"),
    ] {
        let res = send(&app, add(name)).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name:?}");
        assert!(text(res).await.contains(message), "{name:?}");
    }
    let res = send(&app, add("ＮＡＶ Ｌａｒｖｉｋ")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let staff = text(send(&app, get("/admin/staff", &anne)).await).await;
    assert!(staff.contains("NAV Larvik") && !staff.contains("ＮＡＶ"), "kept in NFKC");
    // "NAV Larvik" typed plainly is now the same name, already in use.
    let res = send(&app, add("NAV Larvik")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn look_alike_venue_names_are_refused_on_the_page_and_in_the_import() {
    let (tmp, app, link) = fixture();
    let (anne, csrf) = admin(&app, &link).await;
    let venue = |name: &'static str, id: &'static str| {
        post("/admin/venues", &anne, &[("csrf", &csrf), ("name", name), ("id", id), ("category", "activity")])
    };
    let res = send(&app, venue("B\u{00F8}lgen kin\u{043E}", "kino-2")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res).await.contains("blander bokstaver fra ulike alfabeter"));
    let res = send(&app, venue("Rush\u{2066} Park", "rush")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res).await.contains("endrer skriveretningen"));
    let res = send(&app, venue("Ve\u{0301}nue ﬁlm", "venue")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = text(send(&app, get("/admin/catalogue", &anne)).await).await;
    assert!(html.contains("V\u{00E9}nue film"), "kept in NFKC");

    // The command line's import refuses the same, naming the venue.
    drop(app);
    let data = tmp.path().join("issuer");
    let mut store = issuer::store::Store::open(&data).unwrap();
    let mut cat = store.catalogue().clone();
    cat.venues[0].name = "Kino\u{200D}".into();
    let err = issuer::catalogue::import(&mut store, cat, false, "test", NOW).unwrap_err();
    assert!(
        matches!(&err, issuer::catalogue::ChangeError::RefusedAt { refusal: issuer::catalogue::Refusal::NameCharacters(
            issuer::names::NameProblem::Invisible), item } if item.starts_with("venue ")),
        "{err:?}"
    );
}

#[tokio::test]
async fn look_alike_user_names_are_refused_and_a_login_finds_the_folded_name() {
    let (_tmp, app, link) = fixture();
    let (anne, csrf) = admin(&app, &link).await;
    let agency = send(&app, post("/admin/agencies", &anne, &[("csrf", &csrf), ("name", "NAV Larvik")])).await;
    assert_eq!(agency.status(), StatusCode::OK);
    let staff = text(send(&app, get("/admin/staff", &anne)).await).await;
    let i = staff.find("name=\"agency\"").expect("the agency field");
    let agency_id = staff[i..].split("<option value=\"").nth(2).unwrap().split('"').next().unwrap().to_string();
    let add = |name: &'static str| {
        let form = [("csrf", csrf.as_str()), ("username", name), ("role", "caseworker"), ("agency", &agency_id)];
        post("/admin/users", &anne, &[&form[..], &[("password", PW)]].concat())
    };
    // "kari" with a Cyrillic а: refused, saying why.
    let res = send(&app, add("k\u{0430}ri")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res).await.contains("blander bokstaver fra ulike alfabeter"));
    // Typed in wide letters: kept as "ola", and found so at login.
    let res = send(&app, add("ｏｌａ")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(text(res).await.contains("<td>ola</td>"));
    for typed in ["ola", "ｏｌａ", " OLA "] {
        let res = try_log_in(&app, typed, PW).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{typed:?} logs in");
    }
}
