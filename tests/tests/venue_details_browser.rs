//! A family can actually go to a venue: the administrator adds one with
//! opening hours (in two languages), telephone and web page through the
//! catalogue form in a real browser (headless Chromium over WebDriver)
//! against the real `issuer serve`; the id is made from the name, shown and
//! editable before the venue is added, and fixed after. A `javascript:`
//! link is refused with a clear message and nothing typed is lost. A card
//! type named in Polish shows that name on `/tilbud?lang=pl`; the languages
//! left empty show bokmål, and the catalogue overview says so.
//!
//! Needs `chromium` and `chromedriver` (Debian: chromium, chromium-driver).

use e2e::Server;
use e2e::webdriver::{Browser, set_up_admin_and_log_in, submit};

const ADMIN: &str = "anne";
const ADMIN_PW: &str = "fjord lantern 27 breeze";

fn value(b: &Browser, css: &str) -> String {
    b.find(css).property("value")
}

fn log_in(b: &Browser, server: &Server) {
    let link = server.setup_link.clone().expect("a set-up link on first run");
    set_up_admin_and_log_in(b, &link, ADMIN, ADMIN_PW);
}

/// Fill the add-venue form (the id left empty), with `web` as its web page.
fn fill_venue(b: &Browser, web: &str) {
    b.find("#venue-name").set("Bølgen kino");
    b.select("#category", "cinema");
    b.find("#address").set("Sjøgata 2, 3263 Larvik");
    b.find("#hours-nb").set("Alle dager 12–22");
    b.find("#hours-en").set("Every day 12–22");
    b.find("#phone").set("+47 33 13 00 00");
    b.find("#web").set(web);
}

#[test]
fn a_venue_gets_hours_phone_web_and_map_and_names_show_in_the_family_s_language() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(&tmp.path().join("issuer"));
    let base = format!("http://{}", server.addr);
    let b = Browser::start();
    log_in(&b, &server);

    // A javascript: link is refused, with everything typed kept.
    b.goto(&format!("{base}/admin/catalogue"));
    fill_venue(&b, "javascript:alert(1)");
    submit(&b, "/admin/venues");
    b.wait_for_text("p.error[role=\"alert\"]", "Nettsiden må være en adresse som begynner med https://");
    assert_eq!(value(&b, "#venue-name"), "Bølgen kino");
    assert_eq!(value(&b, "#address"), "Sjøgata 2, 3263 Larvik");
    assert_eq!(value(&b, "#hours-nb"), "Alle dager 12–22");
    assert_eq!(value(&b, "#hours-en"), "Every day 12–22");
    assert_eq!(value(&b, "#phone"), "+47 33 13 00 00");
    assert_eq!(value(&b, "#web"), "javascript:alert(1)");
    assert_eq!(value(&b, "#venue-id"), "");
    // The Arabic field is right to left, every language field says its language.
    assert_eq!(b.find("#hours-ar").attribute("dir").as_deref(), Some("rtl"));
    assert_eq!(b.find("#hours-pl").attribute("lang").as_deref(), Some("pl"));

    // Without an id the form comes back with one made from the name
    // (the demo catalogue already has bolgen-kino), not yet saved.
    b.find("#web").set("https://bolgen.example/kino");
    submit(&b, "/admin/venues");
    b.wait_for_text("p.notice[role=\"status\"]", "Stedet får id-en «bolgen-kino-2», laget av navnet.");
    assert_eq!(value(&b, "#venue-id"), "bolgen-kino-2");
    assert_eq!(value(&b, "#hours-en"), "Every day 12–22");
    assert!(!b.body_text().contains("Lagret og publisert"));
    // The id is editable before the venue is added.
    b.find("#venue-id").set("bolgen-sal-2");
    submit(&b, "/admin/venues");
    b.wait_for_text("p.notice[role=\"status\"]", "Lagret og publisert som pakke");
    let rows = b.find("table tbody").text();
    assert!(rows.contains("bolgen-sal-2") && !rows.contains("bolgen-kino-2"), "{rows}");
    // The table says what families see of each venue: the new one's
    // details, and that the demo's venues give only their address.
    let families_see = |id: &str| {
        let ids = b.find_all("td.families-see").len();
        let rows: Vec<String> =
            (1..=ids).map(|i| b.find(&format!("table tbody tr:nth-child({i}) td:first-child")).text()).collect();
        let i = rows.iter().position(|r| r == id).unwrap_or_else(|| panic!("no row for {id} in {rows:?}"));
        b.find(&format!("table tbody tr:nth-child({}) td.families-see", i + 1)).text()
    };
    assert_eq!(families_see("bolgen-sal-2"), "adresse, åpningstider, telefon, nettside");
    assert_eq!(families_see("bolgen-kino"), "bare adressen og et kartsøk");
    b.assert_accessible("the catalogue's venue table");

    // After the publish the id is fixed: the edit page shows it, no field.
    b.goto(&format!("{base}/admin/venues/edit?id=bolgen-sal-2"));
    assert!(b.find_all("#venue-id").is_empty());
    assert_eq!(b.find("form[action=\"/admin/venues/edit\"] code").text(), "bolgen-sal-2");
    assert_eq!(value(&b, "#phone"), "+47 33 13 00 00");

    // A card type named in bokmål and Polish only, with an offer at the venue.
    b.goto(&format!("{base}/admin/catalogue"));
    b.find("#ct-name-nb").set("Fritidskort");
    b.find("#ct-name-pl").set("Karta rekreacyjna");
    assert_eq!(b.find("#ct-name-ar").attribute("dir").as_deref(), Some("rtl"));
    submit(&b, "/admin/card-types");
    b.wait_for_text("p.notice[role=\"status\"]", "Lagret og publisert som pakke");
    let ct = b
        .find_all("select#b-card-type option")
        .iter()
        .find(|o| o.text().ends_with("Fritidskort"))
        .map(|o| o.property("value"))
        .expect("the new card type in the offer form");
    b.select("#b-card-type", &ct);
    b.find("#b-name-nb").set("Kinobesøk");
    b.find("input[name=\"venue\"][value=\"bolgen-sal-2\"]").click();
    submit(&b, "/admin/benefits");
    b.wait_for_text("p.notice[role=\"status\"]", "Lagret og publisert som pakke");

    // The overview marks the languages without a name.
    let section = b
        .find_all("section.ct")
        .into_iter()
        .map(|s| s.text())
        .find(|t| t.contains("Fritidskort"))
        .expect("the card type's section");
    assert!(section.contains("Polski: Karta rekreacyjna"), "{section}");
    assert!(section.contains("Norsk nynorsk: (bokmål brukes)"), "{section}");
    assert!(section.contains("English: (bokmål brukes)"), "{section}");

    // Polish: the Polish card type name; the hours in bokmål (none in Polish).
    b.goto(&format!("{base}/tilbud?lang=pl"));
    b.assert_accessible("/tilbud in Polish with venue details");
    let venue = b.find("#venue-bolgen-sal-2");
    let text = venue.text();
    assert!(text.contains("Godziny otwarcia: Alle dager 12–22"), "{text}");
    assert!(text.contains("Telefon: +47 33 13 00 00"), "{text}");
    assert!(text.contains("Karta rekreacyjna: Kinobesøk"), "{text}");
    assert_eq!(b.find("#venue-bolgen-sal-2 .phone a").attribute("href").as_deref(), Some("tel:+4733130000"));
    assert_eq!(b.find("#venue-bolgen-sal-2 a.web").attribute("href").as_deref(), Some("https://bolgen.example/kino"));
    assert_eq!(b.find("#venue-bolgen-sal-2 a.web").text(), "Strona internetowa");
    assert_eq!(
        b.find("#venue-bolgen-sal-2 a.map").attribute("href").as_deref(),
        Some("https://www.openstreetmap.org/search?query=Sj%C3%B8gata+2%2C+3263+Larvik")
    );
    assert_eq!(b.find("#venue-bolgen-sal-2 .hours bdi").attribute("lang").as_deref(), Some("nb"));

    // English: the English hours; the card type falls back to bokmål.
    b.goto(&format!("{base}/tilbud?lang=en"));
    b.assert_accessible("/tilbud in English with venue details");
    let text = b.find("#venue-bolgen-sal-2").text();
    assert!(text.contains("Opening hours: Every day 12–22"), "{text}");
    assert!(text.contains("Fritidskort: Kinobesøk"), "{text}");
    assert_eq!(b.find("#venue-bolgen-sal-2 a.map").text(), "Show on map");

    // The phone card's list of venues has them too.
    b.goto(&format!("{base}/k?lang=en"));
    b.assert_accessible("the phone card with venue details");
    let uses = b.find(&format!("section.uses[data-card-type=\"{ct}\"]")).property("textContent");
    assert!(uses.contains("Opening hours: Every day 12–22"), "{uses}");
    assert!(uses.contains("+47 33 13 00 00"), "{uses}");
    assert_eq!(
        b.find(&format!("section.uses[data-card-type=\"{ct}\"] a.web")).attribute("href").as_deref(),
        Some("https://bolgen.example/kino")
    );
    b.stop();
}
