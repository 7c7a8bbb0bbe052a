//! Router tests of the families' public list of offers (`/tilbud`) and the
//! administrator's text overrides (`/admin/texts`), with
//! `tower::ServiceExt::oneshot` against `app()`.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use issuer::family_text::{FamilyLang, FamilyTexts};
use issuer::web::{AppState, Shared, app, prepare};
use shared::FixedClock;
use shared::model::{Category, Venue};

mod common;
use common::*;

struct Fixture {
    tmp: tempfile::TempDir,
    state: Shared,
    app: Router,
    setup_link: String,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let (store, setup) = prepare(&tmp.path().join("issuer"), "http://127.0.0.1:8080", NOW).unwrap();
    add_caseworker(&store);
    let state = AppState::new(store, Box::new(FixedClock(NOW)), false);
    Fixture { tmp, state: state.clone(), app: app(state), setup_link: setup.unwrap() }
}

/// A family's request: no cookie at all.
fn public(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

/// Text as the pages' templates escape it.
fn esc(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '<' => out.push_str("&#60;"),
            '>' => out.push_str("&#62;"),
            '&' => out.push_str("&#38;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The list of venues of the offers page (before the card types).
fn venue_section(html: &str) -> &str {
    let start = html.find("id=\"venues-heading\"").expect("a venue list");
    let end = html.find("id=\"types-heading\"").expect("a card type list");
    &html[start..end]
}

async fn offers_page(f: &Fixture, uri: &str) -> String {
    let res = send(&f.app, public(uri)).await;
    assert_eq!(res.status(), StatusCode::OK, "{uri}");
    text(res).await
}

#[tokio::test]
async fn the_list_of_offers_shows_every_venue_and_card_type_with_what_it_gives() {
    let f = fixture();
    let catalogue = f.state.store().catalogue().clone();
    for uri in ["/tilbud", "/offers"] {
        let res = send(&f.app, public(uri)).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.headers().get(header::SET_COOKIE).is_none(), "{uri} sets no cookie");
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-cache");
        assert_eq!(res.headers()[header::VARY], "Accept-Language");
        assert!(res.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
        assert!(res.headers().contains_key(header::CONTENT_SECURITY_POLICY));
        let html = text(res).await;
        assert!(html.contains("<html lang=\"nb\" dir=\"ltr\">"), "{uri}");
        assert!(html.contains(&format!("<h1>{}</h1>", catalogue.scheme_name)));
        assert!(html.contains(&format!("<form method=\"get\" action=\"{uri}\"")));
        let venues = venue_section(&html);
        for v in &catalogue.venues {
            assert!(venues.contains(&format!("id=\"venue-{}\"", v.id)), "{}", v.id);
            assert!(venues.contains(&esc(&v.name)), "{}", v.name);
            assert!(venues.contains(&esc(&v.address)), "{}", v.address);
        }
        for ct in &catalogue.card_types {
            assert!(html.contains(&esc(&ct.names["nb"])), "{:?}", ct.names);
            for b in &ct.benefits {
                assert!(html.contains(&esc(&b.names["nb"])), "{:?}", b.names);
            }
        }
        for needle in [
            // How to use it, per kind of place.
            "Vis koden i billettluka, så får du billett.",
            "Vis koden i resepsjonen før du går inn.",
            // Quotas, companion, ages, validity.
            "1 gang i uka, 12 ganger mens kortet gjelder",
            "2 ganger i uka",
            "1 gang i måneden",
            "Én voksen ledsager kommer gratis inn sammen med barnet.",
            "0–13 år",
            "14–18 år",
            "Gjelder ut kalenderåret",
            // The filter and the privacy note.
            "<select id=\"kategori\" name=\"kategori\">",
            "<option value=\"cinema\">Kino</option>",
            "<option value=\"swimming\">Svømmehall</option>",
            "Kortet inneholder ingen opplysninger om hvem som har det.",
            "href=\"/static/family.css\"",
        ] {
            assert!(html.contains(needle), "{uri}: {needle}");
        }
        // A card type whose name says its ages ("0–13 år med ledsager",
        // "14–18 år") is not followed by them again.
        assert!(html.contains("<p>Gjelder ut kalenderåret</p>"), "{uri}");
        assert!(!html.contains("0–13 år · ") && !html.contains("14–18 år · "), "{uri}");
        // The demo scheme has no contact details: no empty section.
        assert!(!html.contains("contact-heading"), "{uri}");
        // Only kinds of place that have a venue are offered.
        assert!(!html.contains("value=\"museum\""));
        // The youth card gives no free companion: said once per benefit of
        // the children's card, at each venue and in the card type list.
        let companions = html.matches("Én voksen ledsager kommer gratis").count();
        let child_benefits = catalogue.card_types[0].benefits.len();
        let child_venue_uses: usize = catalogue.card_types[0].benefits.iter().map(|b| b.venues.len()).sum();
        assert_eq!(companions, child_benefits + child_venue_uses);
        // Every language in the switcher, by its own name.
        for lang in FamilyLang::ALL {
            assert!(html.contains(&format!(">{}</a>", lang.native_name())), "{lang:?}");
        }
        // Never a word about income or need.
        for word in ["inntekt", "fattig", "støtte", "sosial", "behov"] {
            assert!(!html.to_lowercase().contains(&word.to_lowercase()), "{word}");
        }
    }
    let res = send(&f.app, public("/static/family.css")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/css"));
    assert!(text(res).await.contains("margin-inline"));
}

#[tokio::test]
async fn the_category_filter_works_without_script_and_a_mangled_one_shows_everything() {
    let f = fixture();
    let html = offers_page(&f, "/tilbud?kategori=cinema").await;
    let venues = venue_section(&html);
    assert!(venues.contains("Bølgen kino"));
    assert!(!venues.contains("Larvik svømmehall"));
    assert!(!venues.contains("venue-larvik-svommehall"));
    assert!(html.contains("<option value=\"cinema\" selected>Kino</option>"));
    // The language links keep the filter; every card type is still listed.
    assert!(html.contains("href=\"/tilbud?lang=en&#38;kategori=cinema\""));
    assert!(html.contains("Age 0–13 with companion") || html.contains("0–13 år med ledsager"));
    assert!(html.contains("14–18 år"));

    let html = offers_page(&f, "/tilbud?kategori=swimming&lang=en").await;
    let venues = venue_section(&html);
    assert!(venues.contains("Larvik svømmehall") && venues.contains("Stavern svømmehall"));
    assert!(!venues.contains("Bølgen kino"));
    assert!(html.contains("<input type=\"hidden\" name=\"lang\" value=\"en\">"));
    assert!(html.contains("Show the code at the reception before you go in."));

    let all = f.state.store().catalogue().venues.clone();
    for uri in [
        "/tilbud?kategori=bowlingbanen",
        "/tilbud?kategori=all",
        "/tilbud?kategori=",
        "/tilbud?kategori=%ZZ%FF&lang=%00%ZZ",
        "/tilbud?kategori=cinema%00",
        "/tilbud?&&&=&kategori",
        "/offers?kategori=Cinema",
    ] {
        let html = offers_page(&f, uri).await;
        let venues = venue_section(&html);
        for v in &all {
            assert!(venues.contains(&format!("id=\"venue-{}\"", v.id)), "{uri}: {}", v.id);
        }
    }
}

#[tokio::test]
async fn the_language_comes_from_the_link_or_the_browser_and_arabic_is_right_to_left() {
    let f = fixture();
    let html = offers_page(&f, "/tilbud?lang=ar").await;
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"));
    let ar = FamilyTexts::builtin(FamilyLang::Ar);
    assert!(html.contains(&esc(&ar.get("offers-intro"))));
    assert!(html.contains(&esc(&ar.get("how-cinema"))));
    assert!(html.contains("dir=\"rtl\" aria-current=\"true\">العربية</a>"));

    let req = Request::get("/tilbud").header(header::ACCEPT_LANGUAGE, "de-DE, uk;q=0.9, en;q=0.5").body(Body::empty());
    let res = send(&f.app, req.unwrap()).await;
    assert!(res.headers().get(header::SET_COOKIE).is_none());
    let html = text(res).await;
    assert!(html.contains("<html lang=\"uk\" dir=\"ltr\">"));
    assert!(html.contains(&esc(&FamilyTexts::builtin(FamilyLang::Uk).get("offers-intro"))));
    assert!(html.contains("aria-current=\"true\">Українська</a>"));

    // ?lang= wins over the browser; English names of card types and offers.
    let req = Request::get("/tilbud?lang=en").header(header::ACCEPT_LANGUAGE, "uk").body(Body::empty());
    let html = text(send(&f.app, req.unwrap()).await).await;
    assert!(html.contains("<html lang=\"en\" dir=\"ltr\">"));
    for needle in [
        "Places and offers",
        "Age 0–13 with companion",
        "Family park",
        "once a week, 12 times while the card is valid",
        "Valid until the end of the calendar year",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
}

#[tokio::test]
async fn the_list_follows_the_catalogue_and_escapes_its_text() {
    let f = fixture();
    let html = offers_page(&f, "/tilbud").await;
    assert!(!html.contains("Larvik museum"));
    {
        let mut store = f.state.store();
        let mut cat = store.catalogue().clone();
        cat.venues.push(Venue {
            id: "larvik-museum".into(),
            name: "Larvik museum".into(),
            category: Category::Museum,
            address: "Herregårdssletta 1, 3263 Larvik".into(),
            ..Default::default()
        });
        cat.venues.push(Venue {
            id: "evil".into(),
            name: "<script>alert(1)</script>".into(),
            category: Category::Other,
            address: "\"><img src=x onerror=alert(2)> & Co".into(),
            ..Default::default()
        });
        cat.card_types[0].benefits[0].names.insert("nb".into(), "Kino <b>gratis</b>".into());
        store.catalogue_mut().replace(cat, "test", NOW).unwrap();
    }
    let html = offers_page(&f, "/tilbud").await;
    let venues = venue_section(&html);
    assert!(venues.contains("Larvik museum") && venues.contains("Herregårdssletta 1, 3263 Larvik"));
    assert!(venues.contains("Vis koden i billettskranken."));
    assert!(html.contains("<option value=\"museum\">Museum</option>"));
    assert!(html.contains(&esc("<script>alert(1)</script>")));
    assert!(html.contains("&#60;script&#62;"));
    assert!(!html.contains("<script"));
    assert!(!html.contains("<img"));
    assert!(html.contains("&#34;&#62;&#60;img src=x onerror=alert(2)&#62; &#38; Co"));
    assert!(html.contains("Kino &#60;b&#62;gratis&#60;/b&#62;"));
    let html = offers_page(&f, "/tilbud?kategori=museum").await;
    let venues = venue_section(&html);
    assert!(venues.contains("Larvik museum") && !venues.contains("Bølgen kino"));
}

/// Post the form of message `id` in `lang` on the texts page.
async fn save(f: &Fixture, cookie: &str, csrf: &str, lang: &str, id: &str, text: &str) -> Response<Body> {
    send(
        &f.app,
        post(
            "/admin/texts",
            cookie,
            &[("csrf", csrf), ("text_lang", lang), ("id", id), ("text", text), ("action", "save")],
        ),
    )
    .await
}

async fn remove(f: &Fixture, cookie: &str, csrf: &str, lang: &str, id: &str) -> Response<Body> {
    send(
        &f.app,
        post(
            "/admin/texts",
            cookie,
            &[("csrf", csrf), ("text_lang", lang), ("id", id), ("text", ""), ("action", "remove")],
        ),
    )
    .await
}

#[tokio::test]
async fn an_override_applies_at_once_to_its_language_only_and_can_be_removed() {
    let f = fixture();
    let (anne, csrf) = admin(&f.app, &f.setup_link).await;
    let nb_intro = FamilyTexts::builtin(FamilyLang::Nb).get("offers-intro");
    let en_intro = FamilyTexts::builtin(FamilyLang::En).get("offers-intro");
    // Fill the cache first: the override must replace the cached texts.
    assert!(offers_page(&f, "/tilbud?lang=en").await.contains(&en_intro));

    // The admin page links every language and says which need a review.
    let res = send(&f.app, get("/admin/texts?text_lang=en", &anne)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = text(res).await;
    assert!(html.contains("id=\"msg-offers-intro\""));
    assert!(html.contains("id=\"msg-quota-week\""));
    assert!(html.contains(&esc(&en_intro)));
    assert!(html.contains("href=\"/admin/texts?text_lang=ar\" lang=\"ar\">العربية</a> <span class=\"warn\">"));
    assert!(!html.contains("lang=\"en\" aria-current=\"true\">English</a> <span class=\"warn\">"));
    assert!(html.contains("uten ny versjon av programmet"));
    assert!(html.contains("{ $count }"));
    // The home page links it; the catalogue page links the public list.
    assert!(text(send(&f.app, get("/", &anne)).await).await.contains("href=\"/admin/texts\""));
    assert!(text(send(&f.app, get("/admin/catalogue", &anne)).await).await.contains("href=\"/tilbud\""));

    let ours = "Here is every place where the card works. <Ask at the desk> & enjoy!";
    let res = save(&f, &anne, &csrf, "en", "offers-intro", ours).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = text(res).await;
    assert!(html.contains("Teksten offers-intro (English) er lagret og gjelder med en gang."), "{html}");
    assert!(html.contains(&esc(ours)));
    let en = offers_page(&f, "/tilbud?lang=en").await;
    assert!(en.contains(&esc(ours)), "the override shows at once");
    assert!(!en.contains(&en_intro));
    let nb = offers_page(&f, "/tilbud?lang=nb").await;
    assert!(nb.contains(&nb_intro) && !nb.contains("Here is every place"));
    assert_eq!(f.state.family_texts(FamilyLang::En).get("offers-intro"), ours);
    let audit = f.state.store().audit().recent(1).unwrap().remove(0);
    assert_eq!(
        (audit.actor.as_str(), audit.action.as_str(), audit.detail.as_str()),
        ("anne", "text", "en offers-intro set")
    );

    // A plural override keeps its variable.
    let plural = "{ $count ->\n    [one] once every week\n   *[other] { $count } times every week\n}";
    assert_eq!(save(&f, &anne, &csrf, "en", "quota-week", plural).await.status(), StatusCode::OK);
    let en = offers_page(&f, "/tilbud?lang=en").await;
    assert!(en.contains("once every week") && en.contains("2 times every week"));

    let res = remove(&f, &anne, &csrf, "en", "offers-intro").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(text(res).await.contains("Teksten offers-intro (English) er tilbake til den innebygde."));
    let en = offers_page(&f, "/tilbud?lang=en").await;
    assert!(en.contains(&en_intro) && !en.contains("Here is every place"));
    assert!(en.contains("once every week"), "the other override stays");
    assert_eq!(f.state.store().audit().recent(1).unwrap()[0].detail, "en offers-intro removed");
}

#[tokio::test]
async fn a_refused_text_is_explained_in_the_admins_language_and_kept() {
    let f = fixture();
    let (anne, csrf) = admin(&f.app, &f.setup_link).await;
    let typed = "Come { $name } along";
    let res = save(&f, &anne, &csrf, "en", "offers-intro", typed).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(res).await;
    assert!(html.contains("Teksten offers-intro ble ikke lagret"), "{html}");
    assert!(html.contains("Teksten bruker { $name }, som denne meldingen ikke har."), "{html}");
    assert!(html.contains(&format!(">{}</textarea>", esc(typed))));
    assert!(html.contains("aria-invalid=\"true\""));

    let res = save(&f, &anne, &csrf, "en", "offers-intro", "Broken { text").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(res).await;
    assert!(html.contains("sjekk at hver { har en tilhørende }"), "{html}");
    assert!(html.contains(">Broken { text</textarea>"));

    assert_eq!(save(&f, &anne, &csrf, "en", "offers-intro", "   ").await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(save(&f, &anne, &csrf, "en", "no-such-message", "x").await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let long = "x".repeat(issuer::family_text::MAX_OVERRIDE_LEN + 1);
    assert_eq!(save(&f, &anne, &csrf, "en", "offers-intro", &long).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // In English when the administrator reads English.
    let anne_en = format!("{anne}; lang=en");
    let html = text(save(&f, &anne_en, &csrf, "nb", "quota-week", "{ $n } i uka").await).await;
    assert!(
        html.contains("The text quota-week was not saved: The text uses { $n }, which this message does not have.")
    );
    // An unknown language in the form is a bad request, not a 500.
    assert_eq!(save(&f, &anne, &csrf, "xx", "offers-intro", "x").await.status(), StatusCode::BAD_REQUEST);
    // Nothing was saved.
    assert_eq!(f.state.store().texts().all().unwrap(), vec![]);
    assert!(
        offers_page(&f, "/tilbud?lang=en").await.contains(&FamilyTexts::builtin(FamilyLang::En).get("offers-intro"))
    );
}

#[tokio::test]
async fn only_administrators_change_texts_and_only_with_the_form_token() {
    let f = fixture();
    let (anne, csrf) = admin(&f.app, &f.setup_link).await;
    let res = send(&f.app, get("/admin/texts", "")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[header::LOCATION], "/login");
    let kari = log_in(&f.app, "kari", PW).await;
    let kari_csrf = csrf_field(&text(send(&f.app, get("/", &kari)).await).await);
    assert!(!text(send(&f.app, get("/", &kari)).await).await.contains("/admin/texts"));
    assert_eq!(send(&f.app, get("/admin/texts?text_lang=en", &kari)).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(save(&f, &kari, &kari_csrf, "en", "offers-intro", "Hi").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(remove(&f, &kari, &kari_csrf, "en", "offers-intro").await.status(), StatusCode::FORBIDDEN);
    // Without or with a wrong CSRF token: refused, whoever asks.
    for cookie in ["", anne.as_str()] {
        let form = [("text_lang", "en"), ("id", "offers-intro"), ("text", "Hi"), ("action", "save")];
        let res = send(&f.app, post("/admin/texts", cookie, &form)).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        assert!(text(res).await.contains("Skjemaet var utløpt eller ugyldig"));
        assert_eq!(save(&f, cookie, "wrong", "en", "offers-intro", "Hi").await.status(), StatusCode::FORBIDDEN);
    }
    assert_eq!(f.state.store().texts().all().unwrap(), vec![]);
    assert_eq!(save(&f, &anne, &csrf, "en", "offers-intro", "Hi").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_override_survives_a_restart() {
    let f = fixture();
    let (anne, csrf) = admin(&f.app, &f.setup_link).await;
    assert_eq!(save(&f, &anne, &csrf, "pl", "offers-title", "Miejsca i oferty").await.status(), StatusCode::OK);
    let dir = f.tmp.path().join("issuer");
    drop(f.app);
    drop(f.state);
    let (store, _) = prepare(&dir, "http://127.0.0.1:8080", NOW).unwrap();
    assert_eq!(store.texts().all().unwrap(), vec![("pl".into(), "offers-title".into(), "Miejsca i oferty".into())]);
    let app = app(AppState::new(store, Box::new(FixedClock(NOW)), false));
    let html = text(send(&app, public("/tilbud?lang=pl")).await).await;
    assert!(html.contains("<p class=\"subtitle\">Miejsca i oferty</p>"));
    let html = text(send(&app, public("/tilbud?lang=nn")).await).await;
    assert!(!html.contains("Miejsca i oferty"));
}
