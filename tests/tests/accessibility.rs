//! axe-core (e2e::axe) on the issuer's pages that the other browser tests
//! do not open: the catalogue's edit, remove and duplicate-check pages,
//! the activity log, API tokens, texts, usage without reports, blocking a
//! card, a single card made on the issue page, the families' list of
//! offers in three languages and the not-found page. Each is opened as a
//! person would reach it (links taken from the pages) and must have no
//! violation of impact serious or critical, and a level-one heading. A
//! field whose label is taken away is reported there (the check works
//! under the issuer's Content Security Policy).
//!
//! Needs `chromium` and `chromedriver` (Debian: chromium, chromium-driver)
//! and axe-core in tests/axe/node_modules (bash test.sh installs them).

use e2e::Server;
use e2e::webdriver::{Browser, set_up_admin_and_log_in, submit};

const ADMIN: &str = "anne";
const ADMIN_PW: &str = "fjord lantern 27 breeze";
const CASEWORKER: &str = "kari.nordmann";
const CASEWORKER_PW: &str = "harbour violin 48 meadow";
const CASEWORKER_OWN_PW: &str = "otter kettle 93 saffron";

/// The first link on the page whose address starts with `prefix`.
fn first_link(b: &Browser, prefix: &str) -> String {
    let links = b.find_all(&format!("a[href^=\"{prefix}\"]"));
    let link = links.first().unwrap_or_else(|| panic!("no link to {prefix}… on {}", b.current_url()));
    link.attribute("href").expect("href")
}

#[test]
fn the_pages_no_other_browser_test_opens_pass_the_accessibility_check() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(&tmp.path().join("issuer"));
    let base = format!("http://{}", server.addr);
    let link = server.setup_link.clone().expect("a set-up link on first run");
    let b = Browser::start();
    set_up_admin_and_log_in(&b, &link, ADMIN, ADMIN_PW);

    // The demo catalogue's first venue, card type and benefit: their edit,
    // remove (a confirmation) and duplicate-check pages, from its links.
    b.goto(&format!("{base}/admin/catalogue"));
    let pages: Vec<String> = [
        "/admin/venues/edit?",
        "/admin/venues/remove?",
        "/admin/card-types/edit?",
        "/admin/card-types/remove?",
        "/admin/card-types/duplicate-check?",
        "/admin/benefits/edit?",
        "/admin/benefits/remove?",
    ]
    .into_iter()
    .map(|prefix| first_link(&b, prefix))
    .collect();
    for page in pages {
        b.goto(&format!("{base}{page}"));
        b.assert_accessible(&page);
    }

    for page in ["/admin/activity", "/account/api-tokens", "/admin/texts", "/admin/usage", "/block", "/no-such-page"] {
        b.goto(&format!("{base}{page}"));
        b.assert_accessible(page);
    }
    for lang in ["nb", "en", "ar"] {
        b.goto(&format!("{base}/tilbud?lang={lang}"));
        b.assert_accessible(&format!("the list of offers ({lang})"));
    }

    // A caseworker (who must choose her own password first) makes one
    // card for a phone on the issue page.
    b.goto(&format!("{base}/admin/staff"));
    b.find("#agency-name").set("Helsestasjonen");
    submit(&b, "/admin/agencies");
    b.wait_for_text("p.notice", "Helsestasjonen");
    b.find("#new-username").set(CASEWORKER);
    b.select("#role", "caseworker");
    b.select_by_text("#agency", "Helsestasjonen");
    b.find("#new-password").set(CASEWORKER_PW);
    submit(&b, "/admin/users");
    b.wait_for_text("p.notice", CASEWORKER);
    b.find("form.logout button").click();
    b.wait_for_text("h1", "Logg inn");
    b.find("#username").set(CASEWORKER);
    b.find("#password").set(CASEWORKER_PW);
    submit(&b, "/login");
    b.wait_for_text("h1", "Bytt passord");
    b.find("#current").set(CASEWORKER_PW);
    b.find("#password").set(CASEWORKER_OWN_PW);
    b.find("#password2").set(CASEWORKER_OWN_PW);
    submit(&b, "/account/password");
    b.wait_for_text("h1", &format!("Velkommen, {CASEWORKER}"));
    b.goto(&format!("{base}/issue"));
    b.assert_accessible("the issue page");
    b.find("button[name=\"output\"][value=\"card\"]").click();
    b.wait_for("the single card's page", std::time::Duration::from_secs(30), |b| {
        (b.find_all("#phone-link").len() == 1).then_some(())
    });
    b.assert_accessible("a single card made on the issue page");
    // The check runs under the issuer's own CSP: without its label, the
    // phone link's field is reported.
    b.execute("document.querySelector('label[for=\"phone-link\"]').remove()", &[]);
    let found: Vec<(String, Vec<String>)> = b.axe_violations().into_iter().map(|v| (v.id, v.targets)).collect();
    assert!(found.contains(&("label".into(), vec!["#phone-link".into()])), "{found:?}");
    b.stop();
}
