//! The issuer's web app in a real browser (headless Chromium over
//! WebDriver): what a newcomer does, from the first-run set-up link to a
//! printed sheet of cards that a venue's verifier accepts, with the
//! caseworker choosing her own password at her first login.
//!
//! Needs `chromium` and `chromedriver` (Debian: chromium, chromium-driver;
//! `bash test.sh` installs them) and poppler-utils.

use e2e::webdriver::{Browser, submit};
use e2e::{Server, run, run_ok, s, stderr};
use std::time::Duration;

const ADMIN: &str = "anne";
const ADMIN_PW: &str = "fjord lantern 27 breeze";
const CASEWORKER: &str = "kari.nordmann";
const CASEWORKER_PW: &str = "harbour violin 48 meadow";
/// The caseworker's own password, chosen at her first login.
const CASEWORKER_OWN_PW: &str = "otter kettle 93 saffron";
const AGENCY: &str = "Helsestasjonen Sentrum";
const VENUE_ID: &str = "fjellhallen";
const VENUE_NAME: &str = "Fjellhallen klatresenter";
const CARD_TYPE: &str = "Klatrekort";
const BENEFIT: &str = "Klatring";

/// The version in the ETag of the bundle the server publishes now.
fn bundle_version(server: &Server) -> u64 {
    let (status, head, _) = server.request("GET", "/bundle", &[], b"");
    assert_eq!(status, 200, "{head}");
    head.lines()
        .find_map(|l| l.strip_prefix("etag: \"v").or_else(|| l.strip_prefix("ETag: \"v")))
        .and_then(|v| v.trim_end_matches('"').parse().ok())
        .unwrap_or_else(|| panic!("no ETag \"vN\" in:\n{head}"))
}

/// Log in through the login page (which must be shown).
fn log_in(b: &Browser, user: &str, password: &str) {
    assert_eq!(b.find("h1").text(), "Logg inn");
    b.find("#username").set(user);
    b.find("#password").set(password);
    submit(b, "/login");
    b.wait_for_text("h1", &format!("Velkommen, {user}"));
    assert_eq!(b.current_path(), "/");
    b.assert_accessible(&format!("the start page of {user}"));
}

/// Open a page from the start page's links or the navigation, as a user would.
fn open_from_home(b: &Browser, href: &str, heading: &str) {
    b.find("a[href=\"/\"]").click();
    b.wait_for_text("h1", "Velkommen, ");
    // An administrator's areas are in the navigation; the rest in the page.
    let place = if href.starts_with("/admin/") { "nav.admin-nav" } else { "main" };
    b.find(&format!("{place} a[href=\"{href}\"]")).click();
    b.wait_for_text("h1", heading);
    assert_eq!(b.current_path(), href);
    b.assert_accessible(href);
}

#[test]
fn a_newcomer_sets_up_the_issuer_in_a_browser_and_the_printed_cards_verify_at_the_new_venue() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let server = Server::start(&data);
    let base = format!("http://{}", server.addr);
    let link = server.setup_link.clone().expect("a set-up link on first run");
    let b = Browser::start();

    // Before set-up, the start page sends the visitor to the set-up page,
    // which asks for the link's token.
    b.goto(&base);
    assert_eq!(b.current_path(), "/setup");
    assert!(b.find("p.error").text().contains("oppsettlenken"), "{}", b.body_text());
    b.assert_accessible("the set-up page without its link");

    // The first-run link: create the administrator.
    b.goto(&link);
    assert_eq!(b.title(), "Opprett den første administratoren · Aktivitetskort");
    assert!(b.find_all("p.error").is_empty(), "{}", b.body_text());
    b.assert_accessible("the set-up page");
    b.find("#username").set(ADMIN);
    b.find("#password").set(ADMIN_PW);
    b.find("#password2").set(ADMIN_PW);
    submit(&b, "/setup");
    b.wait_for_text("p.notice", "Administratoren er opprettet. Logg inn.");
    assert_eq!(b.find("#username").property("value"), ADMIN, "the login form keeps the new user name");
    b.assert_accessible("the login page after set-up");
    log_in(&b, ADMIN, ADMIN_PW);
    assert_eq!(b.find("main p").text(), "Du er administrator.");
    // The link is used up.
    b.goto(&link);
    assert!(b.find("p.notice").text().contains("Oppsettet er allerede gjort"), "{}", b.body_text());
    b.assert_accessible("the used set-up link");

    // Staff: an agency, then a caseworker at it.
    open_from_home(&b, "/admin/staff", "Etater og brukere");
    assert_eq!(b.find("form[action=\"/admin/agencies\"] button").text(), "Legg til etat");
    b.find("#agency-name").set(AGENCY);
    submit(&b, "/admin/agencies");
    b.wait_for_text("p.notice", &format!("Etaten {AGENCY} er lagt til."));
    let agencies: Vec<String> = b.find_all("main ul li").iter().map(|li| li.text()).collect();
    assert_eq!(agencies, [AGENCY]);

    b.find("#new-username").set(CASEWORKER);
    b.select("#role", "caseworker");
    let agency_id = b.select_by_text("#agency", AGENCY);
    assert!(agency_id.parse::<i64>().is_ok(), "agency option value {agency_id:?}");
    b.find("#new-password").set(CASEWORKER_PW);
    submit(&b, "/admin/users");
    b.wait_for_text("p.notice", &format!("Brukeren {CASEWORKER} er lagt til."));
    let rows: Vec<String> = b.find_all("main table tbody tr").iter().map(|r| r.text()).collect();
    // Name, role, agency, status, and a button to deactivate (not for oneself).
    let row = |start: String| rows.iter().find(|r| r.starts_with(&start)).cloned();
    let caseworker_row = row(format!("{CASEWORKER} Saksbehandler {AGENCY} Aktiv Deaktiver"));
    assert!(caseworker_row.is_some(), "{rows:?}");
    assert_eq!(
        row(format!("{ADMIN} Administrator")).as_deref(),
        Some(format!("{ADMIN} Administrator Aktiv (deg)").as_str())
    );
    b.assert_accessible("the staff page with an agency and a caseworker");

    // Catalogue: a venue, a card type, and a benefit of that card type at
    // that venue. Each change is published as the next bundle.
    let v0 = bundle_version(&server);
    open_from_home(&b, "/admin/catalogue", "Steder og korttyper");
    b.find("#venue-name").set(VENUE_NAME);
    b.find("#venue-id").set(VENUE_ID);
    b.select("#category", "activity");
    b.find("#address").set("Fjellveien 3, Larvik");
    submit(&b, "/admin/venues");
    b.wait_for_text("p.notice", &format!("Lagret og publisert som pakke {}.", v0 + 1));
    let venue_rows: Vec<String> = b.find_all("main table tbody tr").iter().map(|r| r.text()).collect();
    let venue_row = format!("{VENUE_ID} {VENUE_NAME} Aktivitet Fjellveien 3, Larvik bare adressen og et kartsøk Endre");
    assert!(venue_rows.iter().any(|r| r.starts_with(&venue_row)), "{venue_rows:?}");
    assert_eq!(bundle_version(&server), v0 + 1);

    let types_before = b.find_all("section.ct").len();
    b.find("#ct-name-nb").set(CARD_TYPE);
    b.find("#ct-name-en").set("Climbing card");
    b.find("#age-min").set("8");
    b.find("#age-max").set("16");
    b.select("#validity", "days");
    b.find("#days").set("90");
    submit(&b, "/admin/card-types");
    b.wait_for_text("p.notice", &format!("Lagret og publisert som pakke {}.", v0 + 2));
    let sections = b.find_all("section.ct");
    assert_eq!(sections.len(), types_before + 1);
    let heading = sections.last().unwrap().text();
    let (id, rest) = heading.split_once(" · ").unwrap_or_else(|| panic!("card type heading {heading:?}"));
    let card_type_id: u16 = id.parse().unwrap_or_else(|_| panic!("card type heading {heading:?}"));
    assert!(rest.starts_with(&format!("{CARD_TYPE}\nAlder 8–16 · 90 × dag")), "{heading:?}");
    assert_eq!(usize::from(card_type_id), types_before + 1, "card types are numbered 1, 2, …");

    b.select("#b-card-type", &card_type_id.to_string());
    b.find("#b-name-nb").set(BENEFIT);
    b.find("#b-name-en").set("Climbing");
    let venue_box = b.find(&format!("input[name=\"venue\"][value=\"{VENUE_ID}\"]"));
    venue_box.click();
    assert!(venue_box.is_selected());
    b.find("#q-count-1").set("2");
    b.select("#q-per-1", "week");
    let companion = b.find("input[name=\"companion_free\"]");
    companion.click();
    assert!(companion.is_selected());
    submit(&b, "/admin/benefits");
    b.wait_for_text("p.notice", &format!("Lagret og publisert som pakke {}.", v0 + 3));
    let new_type = b.find_all("section.ct").pop().unwrap().text();
    assert!(
        new_type.contains(&format!("{BENEFIT}: 2 / uke · {VENUE_NAME} · En voksen ledsager går gratis Endre")),
        "{new_type:?}"
    );
    assert_eq!(bundle_version(&server), v0 + 3);
    b.assert_accessible("the catalogue with the new venue, card type and benefit");

    // The new venue's set-up code, as the venue will get it.
    open_from_home(&b, "/admin/venue-setup", "Oppsett for stedene");
    b.find(&format!("#venue-{VENUE_ID} form button[type=\"submit\"]")).click();
    b.wait_for_text(&format!("#venue-{VENUE_ID} p.notice"), "Ny oppsettkode, for én maskin");
    let setup_code = b.find(&format!("#setup-{VENUE_ID}")).property("value");
    let setup = shared::setup::VenueSetup::parse(&setup_code).unwrap_or_else(|e| panic!("{setup_code}: {e:?}"));
    let fingerprint = run_ok("issuer", &["root-fingerprint", "--data", s(&data)], 0).trim().to_string();
    assert_eq!(setup.root.to_string(), fingerprint);
    assert_eq!((setup.bundle_url.as_str(), setup.venue.as_str()), (format!("{base}/bundle").as_str(), VENUE_ID));
    assert!(setup.registration.is_some(), "a one-time registration code");
    b.assert_accessible("the venue set-up page with a new code");

    // Log out; the admin pages are closed again.
    b.find("form.logout button").click();
    b.wait_for_text("h1", "Logg inn");
    assert_eq!(b.current_path(), "/login");
    b.goto(&format!("{base}/admin/staff"));
    b.assert_accessible("the login page after logging out");
    assert_eq!(b.current_path(), "/login", "logged out, the staff page sends to login");

    // The caseworker logs in with the first password the administrator
    // gave and must choose her own before anything else.
    b.find("#username").set(CASEWORKER);
    b.find("#password").set(CASEWORKER_PW);
    submit(&b, "/login");
    b.wait_for_text("h1", "Bytt passord");
    assert_eq!(b.current_path(), "/account/password");
    assert_eq!(
        b.find("p.notice").text(),
        "Passordet ditt ble satt av en administrator. Velg ditt eget før du går videre."
    );
    b.assert_accessible("the forced password change");
    b.goto(&format!("{base}/issue"));
    assert_eq!(b.current_path(), "/account/password", "nothing else until the password is changed");
    let change = |current: &str, new: &str, repeat: &str| {
        b.find("#current").set(current);
        b.find("#password").set(new);
        b.find("#password2").set(repeat);
        submit(&b, "/account/password");
    };
    change(CASEWORKER_PW, CASEWORKER_OWN_PW, "otter kettle 93 saffroN");
    b.wait_for_text("p.error", "Passordene er ikke like.");
    change(CASEWORKER_PW, "passwordpassword", "passwordpassword");
    b.wait_for_text("p.error", "Dette passordet er for lett å gjette");
    b.assert_accessible("the password change with an error");
    change("not the password", CASEWORKER_OWN_PW, CASEWORKER_OWN_PW);
    b.wait_for_text("p.error", "Det nåværende passordet er feil.");
    change(CASEWORKER_PW, CASEWORKER_OWN_PW, CASEWORKER_OWN_PW);
    b.wait_for_text("h1", &format!("Velkommen, {CASEWORKER}"));
    assert_eq!(b.find("p.notice").text(), "Passordet er byttet. Du hadde ingen andre økter.");
    b.assert_accessible("the start page after a password change");
    // Her sessions: this one only.
    open_from_home(&b, "/account/sessions", "Øktene dine");
    let sessions: Vec<String> = b.find_all("main table tbody tr").iter().map(|r| r.text()).collect();
    assert!(matches!(sessions.as_slice(), [one] if one.ends_with("Denne økten")), "{sessions:?}");
    // The first password no longer works; her own does.
    b.find("form.logout button").click();
    b.wait_for_text("h1", "Logg inn");
    b.find("#username").set(CASEWORKER);
    b.find("#password").set(CASEWORKER_PW);
    submit(&b, "/login");
    b.wait_for_text("p.error", "Feil brukernavn eller passord.");
    b.assert_accessible("the login page with a wrong password");
    log_in(&b, CASEWORKER, CASEWORKER_OWN_PW);

    // The administrator's pages are not the caseworker's.
    assert_eq!(b.find("main p").text(), format!("Du deler ut kort for {AGENCY}."));
    assert!(b.find_all("a[href=\"/admin/staff\"]").is_empty(), "no staff link for a caseworker");
    b.goto(&format!("{base}/admin/staff"));
    assert_eq!(b.current_path(), "/admin/staff");
    assert_eq!(b.title(), "Noe gikk galt · Aktivitetskort");
    assert_eq!(b.find("p[role=\"alert\"]").text(), "Du har ikke tilgang til denne siden.");
    assert!(b.find_all("form").is_empty(), "no staff forms for a caseworker");
    b.assert_accessible("the page refusing a caseworker");
    b.goto(&format!("{base}/admin/catalogue"));
    assert_eq!(b.find("p[role=\"alert\"]").text(), "Du har ikke tilgang til denne siden.");

    // A sheet of 10 cards of the new card type, downloaded as a PDF.
    open_from_home(&b, "/issue", "Lag kort");
    b.select("#card_type", &card_type_id.to_string());
    assert_eq!(b.find("#card_type option:checked").text(), CARD_TYPE);
    b.find("#count").set("10");
    assert_eq!(std::fs::read_dir(b.downloads()).unwrap().count(), 0, "nothing downloaded yet");
    b.find("button[name=\"output\"][value=\"sheet\"]").click();
    // The page says the sheet is ready, and its link downloads it.
    b.wait_for_text("#sheet-ready-text", "Kortarket er klart: 10 kort, gyldig fra ");
    assert!(b.current_path().starts_with("/issue/sheets/"), "{}", b.current_path());
    assert_eq!(b.find("h1").text(), "Lag kort");
    b.find("#sheet-download").click();
    let pdf = b.wait_for_download(".pdf", Duration::from_secs(60));
    let name = pdf.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("aktivitetskort-") && name.ends_with("-10.pdf"), "{name}");
    assert_eq!(std::fs::read_dir(b.downloads()).unwrap().count(), 1, "exactly one file downloaded");
    b.assert_accessible("the sheet-ready page after its download");
    // Keep the file: the download directory goes with the browser.
    let downloaded = pdf;
    let pdf = tmp.path().join(&name);
    std::fs::copy(&downloaded, &pdf).unwrap();
    b.stop();

    // The file: a one-page PDF with 10 codes, all different.
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF: {:?}", &bytes[..bytes.len().min(16)]);
    assert_eq!(e2e::pdf::page_count(&pdf), 1);
    let text = e2e::pdf::pdf_text(&pdf);
    assert_eq!(text.matches(CARD_TYPE).count(), 10, "the card type name on every card:\n{text}");
    let codes = e2e::pdf::qr_codes_on_page(&pdf, 1, tmp.path());
    assert_eq!(codes.len(), 10);
    let distinct: std::collections::BTreeSet<&String> = codes.iter().collect();
    assert_eq!(distinct.len(), 10);

    // The venue sets up its verifier with the code from the set-up page and
    // the bundle the server publishes; every card is valid there, as the
    // new card type with the new benefit.
    let (status, _, bundle) = server.request("GET", "/bundle", &[], b"");
    assert_eq!(status, 200);
    let bundle_file = tmp.path().join("bundle.akb");
    std::fs::write(&bundle_file, bundle).unwrap();
    let venue = tmp.path().join("venue");
    let init = ["--lang", "en", "init", "--data", s(&venue), "--bundle", s(&bundle_file), "--setup", &setup_code];
    let out = run_ok("verifier", &init, 0);
    let first = out.lines().next().unwrap_or_default();
    assert_eq!(first, format!("Set up for {VENUE_NAME} ({VENUE_ID}) with trust bundle version {}.", v0 + 3));
    // Set up offline, the venue registers its key later with the set-up
    // code's registration code: approved at once.
    let out = run_ok("verifier", &["--lang", "en", "register", "--data", s(&venue)], 0);
    assert!(out.contains("This venue's key is approved"), "{out}");
    assert!(!venue.join("registration.code").exists(), "the used code is forgotten");
    let mut numbers = std::collections::BTreeSet::new();
    for code in &codes {
        let out = run("verifier", &["check", "--data", s(&venue), "--json", code]);
        let verdict: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("verifier check printed no JSON ({e}): {}", stderr(&out)));
        assert_eq!(out.status.code(), Some(0), "{verdict:#}");
        assert_eq!(verdict["valid"], true, "{verdict:#}");
        assert_eq!(verdict["reason"], "ok", "{verdict:#}");
        assert_eq!(verdict["venue"], VENUE_ID, "{verdict:#}");
        assert_eq!(verdict["card_type"], serde_json::json!({ "id": card_type_id, "name": CARD_TYPE }), "{verdict:#}");
        let benefits = verdict["benefits"].as_array().expect("benefits");
        assert_eq!(benefits.len(), 1, "{verdict:#}");
        assert_eq!(benefits[0]["id"], "klatring", "{verdict:#}");
        assert_eq!(benefits[0]["name"], BENEFIT, "{verdict:#}");
        assert_eq!(benefits[0]["companion_free"], true, "{verdict:#}");
        numbers.insert(verdict["card_number"].as_str().expect("card number").to_string());
    }
    assert_eq!(numbers.len(), 10, "ten different card numbers");

    // At a demo venue the same cards give nothing: the benefit is only at
    // the new venue.
    let kino = tmp.path().join("kino");
    let out = run(
        "verifier",
        &[
            "init",
            "--data",
            s(&kino),
            "--bundle",
            s(&bundle_file),
            "--root-fingerprint",
            &fingerprint,
            "--venue",
            "bolgen-kino",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run("verifier", &["check", "--data", s(&kino), "--json", &codes[0]]);
    assert_eq!(out.status.code(), Some(1));
    let verdict: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (verdict["valid"].clone(), verdict["reason"].clone()),
        (false.into(), "not_valid_here".into()),
        "{verdict:#}"
    );

    // The server counted the sheet and kept no card.
    let (stopped, log) = server.stop_with_log();
    let count = |prefix: &str| log.iter().filter(|l| l.starts_with(prefix)).count();
    assert_eq!(count("GET /admin/staff 403 "), 1, "the caseworker was refused the staff page: {log:#?}");
    assert_eq!(count("GET /admin/catalogue 403 "), 1, "and the catalogue: {log:#?}");
    assert_eq!(count("POST /issue 303 "), 1, "one sheet issued: {log:#?}");
    assert_eq!(count("GET /issue/sheets/{id}/pdf 200 "), 1, "and downloaded: {log:#?}");
    assert!(stopped, "issuer serve did not exit cleanly");
}
