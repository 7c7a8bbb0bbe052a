//! The administrator's start page, navigation and the scheme's page in a
//! real browser (headless Chromium over WebDriver) against the real
//! `issuer serve`: each to-do item appears with the state it is about and
//! goes when that is done (a venue key waiting → approved; venues without
//! a set-up code → codes made; a station that never reported → its report
//! arrives), until the page says nothing needs doing; one navigation on
//! every admin page with the current one marked; and the scheme's name and
//! contact details edited on the web reach the published bundle.
//!
//! Needs `chromium` and `chromedriver` (Debian: chromium, chromium-driver).

use e2e::webdriver::{Browser, set_up_admin_and_log_in, submit};
use e2e::{Server, run_ok, s};
use serde_json::{Value, json};
use shared::ed25519_dalek::SigningKey;
use shared::report::{REPORT_FORMAT, ReportBody, report_id, sign_report};
use shared::{Day, Fingerprint, Timestamp};

const ADMIN: &str = "anne";
const ADMIN_PW: &str = "fjord lantern 27 breeze";
const VENUE: &str = "bolgen-kino";

/// Create the first administrator from the set-up link and log in.
fn set_up_and_log_in(b: &Browser, link: &str) {
    set_up_admin_and_log_in(b, link, ADMIN, ADMIN_PW);
}

/// The start page, reached through the navigation.
fn home(b: &Browser) {
    b.find("header a.brand").click();
    b.wait_for_text("h1", &format!("Velkommen, {ADMIN}"));
    b.assert_accessible("the administrator's home with its to-do list");
}

/// The ids of the to-do items shown.
fn todo_ids(b: &Browser) -> Vec<String> {
    b.find_all("#todo li").iter().map(|li| li.attribute("id").unwrap_or_default()).collect()
}

/// The navigation's links and which one is marked as the current page.
fn nav_state(b: &Browser) -> (Vec<String>, Vec<String>) {
    let all = b.find_all("nav.admin-nav a").iter().map(|a| a.attribute("href").unwrap_or_default()).collect();
    let current = b
        .find_all("nav.admin-nav a[aria-current=\"page\"]")
        .iter()
        .map(|a| a.attribute("href").unwrap_or_default())
        .collect();
    (all, current)
}

fn now() -> Timestamp {
    Timestamp(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64)
}

#[test]
fn the_start_page_lists_what_needs_doing_until_it_is_done_and_every_admin_page_has_one_navigation() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let server = Server::start(&data);
    let base = format!("http://{}", server.addr);
    let link = server.setup_link.clone().expect("a set-up link on first run");
    let b = Browser::start();
    set_up_and_log_in(&b, &link);

    // A new scheme: nobody can issue cards, no venue has a set-up code,
    // families see nobody to ask; the bundle venues should have is the
    // first.
    assert_eq!(todo_ids(&b), ["todo-no-caseworker", "todo-not-set-up", "todo-no-contact"]);
    assert_eq!(
        b.find("#todo-no-caseworker").text(),
        "Ingen saksbehandler kan dele ut kort ennå. Legg til en etat og en saksbehandler. Etater og brukere"
    );
    assert_eq!(b.find("#todo-no-contact a").attribute("href").as_deref(), Some("/admin/scheme"));
    let item = b.find("#todo-not-set-up").text();
    assert!(item.starts_with("Disse stedene har ikke fått noen oppsettkode ennå"), "{item}");
    assert!(item.contains("Bølgen kino") && item.contains("Teaterhuset Munken"), "{item}");
    assert_eq!(b.find("#todo-not-set-up a").attribute("href").as_deref(), Some("/admin/venue-setup"));
    let status = b.find("#status").text();
    assert!(status.contains("Stedene skal nå ha pakke nr. 1 (teknisk: tillitspakke), publisert "), "{status}");
    assert!(status.contains("0 av 7 steder har en stasjon som er satt opp."), "{status}");
    assert!(b.find_all("#todo-none").is_empty());
    // The first caseworker: that item goes.
    b.find("#todo-no-caseworker a").click();
    b.wait_for_text("h1", "Etater og brukere");
    b.find("#agency-name").set("NAV Larvik");
    submit(&b, "/admin/agencies");
    b.wait_for_text("p.notice", "NAV Larvik");
    b.find("#new-username").set("kari");
    b.select("#role", "caseworker");
    b.select_by_text("#agency", "NAV Larvik");
    b.find("#new-password").set("otter kettle 93 saffron");
    submit(&b, "/admin/users");
    b.wait_for_text("p.notice", "kari");
    home(&b);
    assert_eq!(todo_ids(&b), ["todo-not-set-up", "todo-no-contact"]);

    // One navigation on every admin page and its sub-pages, named, with
    // the current area marked (and only it).
    assert_eq!(b.find("header a.brand").attribute("aria-current").as_deref(), Some("page"));
    assert!(nav_state(&b).1.is_empty(), "the start page is the header's link");
    let areas = [
        ("/admin/staff", "Etater og brukere"),
        ("/admin/catalogue", "Steder og korttyper"),
        ("/admin/scheme", "Ordningen og kontakt"),
        ("/admin/venue-setup", "Oppsett for stedene"),
        ("/admin/venue-keys", "Stedsnøkler"),
        ("/admin/usage", "Bruk og oppgjør"),
        ("/admin/texts", "Tekster for familiene"),
        ("/admin/activity", "Aktivitet og nøkler"),
        ("/block", "Sperr et kort"),
    ];
    assert_eq!(b.find("nav.admin-nav").attribute("aria-label").as_deref(), Some("Administrasjon"));
    for (href, heading) in areas {
        b.find(&format!("nav.admin-nav a[href=\"{href}\"]")).click();
        b.wait_for_text("h1", heading);
        b.assert_accessible(href);
        let (all, current) = nav_state(&b);
        assert_eq!(all, areas.map(|a| a.0), "{href}");
        assert_eq!(current, [href], "{href}");
        assert_eq!(b.find("header a.brand").attribute("aria-current"), None, "{href}");
    }
    for (page, area) in [
        (format!("/admin/venues/edit?id={VENUE}"), "/admin/catalogue"),
        ("/admin/card-types/edit?id=1".to_string(), "/admin/catalogue"),
        ("/admin/card-types/duplicate-check?id=1".to_string(), "/admin/catalogue"),
        (format!("/admin/venues/remove?id={VENUE}"), "/admin/catalogue"),
        ("/admin/usage?month=2026-11".to_string(), "/admin/usage"),
    ] {
        b.goto(&format!("{base}{page}"));
        assert_eq!(nav_state(&b).1, [area], "{page}");
    }
    // The navigation comes before the main content, which the skip link
    // reaches past it; on a phone's width it wraps instead of scrolling.
    let order = b.execute(
        "const nav = document.querySelector('nav.admin-nav'), main = document.querySelector('main'); \
         return !!(nav.compareDocumentPosition(main) & Node.DOCUMENT_POSITION_FOLLOWING);",
        &[],
    );
    assert_eq!(order, json!(true));
    b.command("POST", &b.session_path("window/rect"), Some(&json!({ "width": 412, "height": 915 })));
    let fits = b.execute(
        "const nav = document.querySelector('nav.admin-nav'); \
         return [nav.scrollWidth <= nav.clientWidth, document.documentElement.scrollWidth <= window.innerWidth];",
        &[],
    );
    assert_eq!(fits, json!([true, true]), "the navigation reflows on a phone");
    // For a person to look at: the start page on a phone.
    home(&b);
    let shot = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("admin-home-phone.png");
    std::fs::write(&shot, b.screenshot_png()).unwrap();
    eprintln!("screenshot: {}", shot.display());

    // A venue key waiting for approval (registered before registration
    // codes existed): the item says so and leads to the page that approves.
    let legacy = SigningKey::from_bytes(&[7; 32]);
    let fp = Fingerprint::of(&legacy.verifying_key().to_bytes());
    {
        let db = rusqlite::Connection::open(data.join("issuer.db")).unwrap();
        db.busy_timeout(std::time::Duration::from_secs(5)).unwrap();
        db.execute(
            "INSERT INTO venue_key (fingerprint, venue_id, public_key, status, received_at)
             VALUES (?1, ?2, ?3, 'pending', ?4)",
            rusqlite::params![fp.to_string(), VENUE, legacy.verifying_key().to_bytes().as_slice(), now().0],
        )
        .unwrap();
    }
    home(&b);
    assert_eq!(todo_ids(&b), ["todo-venue-keys", "todo-not-set-up", "todo-no-contact"]);
    assert_eq!(b.find("#todo-venue-keys").text(), "Én stedsnøkkel venter på godkjenning. Stedsnøkler");
    b.find("#todo-venue-keys a").click();
    b.wait_for_text("h1", "Stedsnøkler");
    b.assert_accessible("the venue keys page");
    b.find("form[action=\"/admin/venue-keys\"] button[value=\"approve\"]").click();
    b.wait_for_text("p.notice", "er godkjent");
    home(&b);
    // The approved key's item is gone; with it, Bølgen kino has a station,
    // which has not reported yet.
    assert_eq!(todo_ids(&b), ["todo-not-set-up", "todo-never-reported", "todo-no-contact"]);
    assert!(!b.find("#todo-not-set-up").text().contains("Bølgen kino"));

    // Set-up codes for every venue: the item goes. Bølgen kino's second
    // station registers its key with its code.
    b.find("#todo-not-set-up a").click();
    b.wait_for_text("h1", "Oppsett for stedene");
    b.assert_accessible("the venue set-up page");
    let venues: Vec<String> = b
        .find_all("main section.ct")
        .iter()
        .map(|s| s.attribute("id").unwrap().trim_start_matches("venue-").to_string())
        .collect();
    assert_eq!(venues.len(), 7);
    let mut registration = String::new();
    for venue in &venues {
        b.find(&format!("#venue-{venue} form button[type=\"submit\"]")).click();
        b.wait_for_text(&format!("#venue-{venue} p.notice"), "Ny oppsettkode");
        if venue == VENUE {
            let code = shared::setup::VenueSetup::parse(&b.find(&format!("#setup-{VENUE}")).property("value")).unwrap();
            registration = code.registration.expect("a registration code").to_hex();
        }
    }
    let key = SigningKey::from_bytes(&[42; 32]);
    let public = shared::wire::hex_encode(&key.verifying_key().to_bytes());
    let body = json!({ "venue_id": VENUE, "public_key": public, "registration": registration }).to_string();
    let (status, _, answer) =
        server.request("POST", "/venue-keys", &[("Content-Type", "application/json")], body.as_bytes());
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&answer));
    home(&b);
    assert_eq!(todo_ids(&b), ["todo-never-reported", "todo-no-contact"]);
    assert_eq!(
        b.find("#todo-never-reported").text(),
        "Satt opp, men har ikke sendt noen rapport om bruk ennå: Bølgen kino. Bruk og oppgjør"
    );
    assert!(b.find("#status").text().contains("1 av 7 steder har en stasjon som er satt opp."));

    // Its report for this month arrives: nothing needs doing.
    let today = now().oslo_day();
    let (y, m, _) = today.ymd();
    let first = Day::from_ymd(y, m, 1).unwrap();
    let last = (28..=31).rev().find_map(|d| Day::from_ymd(y, m, d)).unwrap();
    let report = ReportBody {
        format: REPORT_FORMAT,
        venue_id: VENUE.into(),
        report_id: report_id(VENUE, first, last),
        from: first,
        until: last,
        generated_at: Timestamp(now().0 - 60),
        rows: Vec::new(),
    };
    let (status, _, answer) = server.request(
        "POST",
        "/reports",
        &[("Content-Type", "application/octet-stream")],
        &sign_report(&key, &report),
    );
    let answer: Value = serde_json::from_slice(&answer).unwrap();
    assert_eq!((status, answer["status"].as_str()), (200, Some("stored")), "{answer}");
    home(&b);
    assert_eq!(todo_ids(&b), ["todo-no-contact"]);

    // The scheme's name and contact details, edited on the web: a wrong
    // phone number is refused and kept; then saved, they are in the
    // published bundle.
    b.find("nav.admin-nav a[href=\"/admin/scheme\"]").click();
    b.wait_for_text("h1", "Ordningen og kontakt");
    b.assert_accessible("the scheme and contact page");
    assert_eq!(b.find("#scheme-name").property("value"), "Aktivitetskort Larvik");
    b.find("#scheme-name").set("Fritidskortet Larvik");
    b.find("#contact-phone").set("ring oss");
    b.find("#contact-email").set("aktivitetskort@larvik.kommune.no");
    b.find("#contact-web").set("https://www.larvik.kommune.no/aktivitetskort");
    submit(&b, "/admin/scheme");
    b.wait_for_text("p.error", "Telefonnummeret må ha minst 3 sifre");
    assert_eq!(b.find("#contact-phone").property("value"), "ring oss");
    assert_eq!(b.find("#contact-email").property("value"), "aktivitetskort@larvik.kommune.no");
    let version_before = bundle(&server, &data).body().version;
    b.find("#contact-phone").set("+47 33 17 10 00");
    submit(&b, "/admin/scheme");
    b.wait_for_text("p.notice", &format!("Lagret og publisert som pakke {}.", version_before + 1));
    assert_eq!(b.find("#scheme-name").property("value"), "Fritidskortet Larvik");
    let published = bundle(&server, &data);
    let cat = published.catalogue();
    assert_eq!(published.body().version, version_before + 1);
    assert_eq!(cat.scheme_name, "Fritidskortet Larvik");
    let contact = cat.contact.clone().expect("the contact details are in the bundle");
    assert_eq!(
        (contact.phone.as_str(), contact.email.as_str(), contact.web.as_str()),
        ("+47 33 17 10 00", "aktivitetskort@larvik.kommune.no", "https://www.larvik.kommune.no/aktivitetskort")
    );
    // With the contact given, nothing needs doing.
    home(&b);
    assert!(todo_ids(&b).is_empty(), "{:?}", todo_ids(&b));
    assert_eq!(b.find("#todo-none").text(), "Ingenting trenger å gjøres nå.");
    b.command("POST", &b.session_path("window/rect"), Some(&json!({ "width": 1366, "height": 768 })));
    let shot = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("admin-home.png");
    std::fs::write(&shot, b.screenshot_png()).unwrap();
    eprintln!("screenshot: {}", shot.display());
    // Families see whom to ask: on the offers page and the phone card, in
    // their language.
    for (page, heading) in [("/tilbud?lang=en", "Questions about the card?"), ("/k?lang=nb", "Spørsmål om kortet?")] {
        b.goto(&format!("{base}{page}"));
        b.wait_for_text("#contact-heading", heading);
        let links: Vec<String> = b.find_all("section.contact a").iter().filter_map(|a| a.attribute("href")).collect();
        assert_eq!(
            links,
            [
                "tel:+4733171000",
                "mailto:aktivitetskort@larvik.kommune.no",
                "https://www.larvik.kommune.no/aktivitetskort"
            ],
            "{page}"
        );
        b.assert_accessible(&format!("{page} with the scheme's contact"));
    }
    b.stop();
    assert!(server.stop(), "issuer serve did not exit cleanly");
}

/// The bundle `GET /bundle` serves, verified against the issuer's root.
fn bundle(server: &Server, data: &std::path::Path) -> shared::bundle::VerifiedBundle {
    let (status, head, bytes) = server.request("GET", "/bundle", &[], b"");
    assert_eq!(status, 200, "{head}");
    let fp = run_ok("issuer", &["root-fingerprint", "--data", s(data)], 0);
    let fp = Fingerprint::parse(fp.trim()).expect("a root fingerprint");
    shared::verify_bundle(&bytes, &fp, now()).expect("a valid bundle")
}
