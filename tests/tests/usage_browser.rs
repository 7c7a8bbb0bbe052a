//! The usage page in a real browser (headless Chromium over WebDriver)
//! against the real `issuer serve`: a venue key registered over HTTP and
//! approved on the admin page, a signed report with known counts sent to
//! `POST /reports`, then `/admin/usage`: every chart is drawn (a visible
//! `<svg>` with its bars or lines) and every table holds the report's and
//! the issuer's numbers.
//!
//! Needs `chromium` and `chromedriver` (Debian: chromium, chromium-driver).

use e2e::webdriver::{Browser, set_up_admin_and_log_in};
use e2e::{Server, run_ok, s};
use serde_json::{Value, json};
use shared::ed25519_dalek::SigningKey;
use shared::report::{REPORT_FORMAT, ReportBody, ReportRow, report_id, sign_report};
use shared::{CardTypeId, Day, Fingerprint, Timestamp};

const ADMIN: &str = "anne";
const ADMIN_PW: &str = "fjord lantern 27 breeze";
const VENUE: &str = "bolgen-kino";

/// Create the first administrator from the set-up link and log in.
fn set_up_and_log_in(b: &Browser, link: &str) {
    set_up_admin_and_log_in(b, link, ADMIN, ADMIN_PW);
}

/// The numbers of a table's body rows: the first cell (the row header) and
/// the rest, as the browser shows them.
fn table(b: &Browser, id: &str) -> Vec<Vec<String>> {
    let rows = b.execute_async(
        "const [id, done] = arguments; \
         done([...document.querySelectorAll('#' + id + ' tbody tr')].map(r => [...r.children].map(c => c.textContent.trim())));",
        &[json!(id)],
    );
    serde_json::from_value(rows).unwrap()
}

#[test]
fn the_usage_page_draws_each_chart_and_its_table_holds_the_reported_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let server = Server::start(&data);
    let base = format!("http://{}", server.addr);
    let link = server.setup_link.clone().expect("a set-up link on first run");
    let b = Browser::start();
    set_up_and_log_in(&b, &link);

    // Cards handed out today, by the command line: 30 of type 1, 20 of
    // type 2 (above the small-cell threshold: this test is about drawing).
    for (card_type, count) in [("1", "30"), ("2", "20")] {
        run_ok("issuer", &["issue", "--data", s(&data), "--card-type", card_type, "--count", count, "--json"], 0);
    }

    // The administrator makes the venue a set-up code; the venue registers
    // its key with the code's one-time registration code, approved at once.
    b.find("nav.admin-nav a[href=\"/admin/venue-setup\"]").click();
    b.wait_for_text("h1", "Oppsett for stedene");
    b.find(&format!("#venue-{VENUE} form button[type=\"submit\"]")).click();
    b.wait_for_text(&format!("#venue-{VENUE} p.notice"), "Ny oppsettkode");
    let code = shared::setup::VenueSetup::parse(&b.find(&format!("#setup-{VENUE}")).property("value")).unwrap();
    let registration = code.registration.expect("a registration code").to_hex();
    let key = SigningKey::from_bytes(&[42; 32]);
    let public = shared::wire::hex_encode(&key.verifying_key().to_bytes());
    let body = json!({ "venue_id": VENUE, "public_key": public, "registration": registration }).to_string();
    let headers = [("Content-Type", "application/json")];
    let (status, _, answer) = server.request("POST", "/venue-keys", &headers, body.as_bytes());
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&answer));
    let fingerprint = Fingerprint::of(&key.verifying_key().to_bytes()).to_string();
    b.goto(&format!("{base}/admin/venue-keys"));
    b.wait_for_text("h1", "Stedsnøkler");
    let shown = b.find("#approved-keys code.fingerprint").text();
    assert_eq!(shown.replace(' ', ""), fingerprint);
    assert_eq!(shown.split(' ').count(), 16, "in groups of four: {shown}");
    assert_eq!(b.find_all("#approved-keys tbody tr").len(), 1);
    b.assert_accessible("the venue keys page with an approved key");
    b.find("a[href=\"/\"]").click();
    b.wait_for_text("h1", "Velkommen, ");

    // A report for this month (Oslo) with known counts.
    let now = Timestamp(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64);
    let today = now.oslo_day();
    let (y, m, _) = today.ymd();
    let first = Day::from_ymd(y, m, 1).unwrap();
    let last = (28..=31).rev().find_map(|d| Day::from_ymd(y, m, d)).unwrap();
    let row = |day: Day, ct: u16, benefit: &str, count: u32, companions: u32| ReportRow {
        day,
        benefit: benefit.into(),
        card_type: CardTypeId(ct),
        count,
        companions,
    };
    let report = ReportBody {
        format: REPORT_FORMAT,
        venue_id: VENUE.into(),
        report_id: report_id(VENUE, first, last),
        from: first,
        until: last,
        generated_at: Timestamp(now.0 - 60),
        rows: vec![row(first, 1, "kino", 40, 40), row(first, 2, "kino", 30, 0), row(first.plus(1), 1, "kino", 20, 20)],
    };
    let (status, _, answer) = server.request(
        "POST",
        "/reports",
        &[("Content-Type", "application/octet-stream")],
        &sign_report(&key, &report),
    );
    let answer: Value = serde_json::from_slice(&answer).unwrap();
    assert_eq!(
        (status, answer["status"].as_str(), answer["rows"].as_u64()),
        (200, Some("stored"), Some(3)),
        "{answer}"
    );

    // The usage page of this month, from the start page.
    b.find("a[href=\"/\"]").click();
    b.wait_for_text("h1", "Velkommen, ");
    b.find("nav.admin-nav a[href=\"/admin/usage\"]").click();
    b.wait_for_text("h1", "Bruk og oppgjør");
    let month = format!("{y:04}-{m:02}");
    assert_eq!(b.find("#month").property("value"), month);
    b.assert_accessible("the usage page with a month's report");
    // The month picker works without script: a GET form.
    b.goto(&format!("{base}/admin/usage?month={month}"));
    b.wait_for_text("h1", "Bruk og oppgjør");
    // For a person to look at: the page as drawn.
    let shot = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("usage-page.png");
    std::fs::write(&shot, b.screenshot_png()).unwrap();
    eprintln!("screenshot: {}", shot.display());

    // Each chart: a visible SVG named by its table's caption, with its
    // lines (one per card type; the legend's are wider) or bars (one per
    // venue / offer).
    let bar = "rect[fill=\"#1F5FA8\"]";
    for (caption, marks, expected) in
        [("cap-issued", "polyline[stroke-width=\"2\"]", 2), ("cap-venues", bar, 1), ("cap-benefits", bar, 2)]
    {
        let selector = format!("svg[role=\"img\"][aria-labelledby=\"{caption}\"]");
        assert_eq!(b.find_all(&selector).len(), 1, "{caption}");
        let size = b.execute_async(
            "const [selector, marks, done] = arguments; const svg = document.querySelector(selector); \
             const r = svg.getBoundingClientRect(); \
             const m = [...svg.querySelectorAll(marks)].map(e => e.getBoundingClientRect()); \
             done({ w: r.width, h: r.height, marks: m.length, \
                    smallest: Math.min(...m.map(b => Math.max(b.width, b.height))), \
                    caption: document.getElementById(svg.getAttribute('aria-labelledby')).textContent });",
            &[json!(selector), json!(marks)],
        );
        assert!(size["w"].as_f64().unwrap() > 100.0 && size["h"].as_f64().unwrap() > 40.0, "{caption}: {size}");
        assert_eq!(size["marks"], expected, "{caption}: {size}");
        assert!(size["smallest"].as_f64().unwrap() > 20.0, "every bar or line is drawn: {caption}: {size}");
        assert!(!size["caption"].as_str().unwrap().is_empty(), "{caption}");
    }
    // Bars are drawn to scale.
    let widths = b.execute_async(
        "const [done] = arguments; done([...document.querySelectorAll('svg[aria-labelledby=\"cap-benefits\"] rect[fill=\"#1F5FA8\"]')].map(r => r.getBoundingClientRect().width));",
        &[],
    );
    let widths: Vec<f64> = widths.as_array().unwrap().iter().map(|w| w.as_f64().unwrap()).collect();
    assert!(widths.iter().all(|w| *w > 1.0), "{widths:?}");
    let (short, long) = (widths[0].min(widths[1]), widths[0].max(widths[1]));
    assert!((long / short - 2.0).abs() < 0.1, "60 visits draw a bar twice as long as 30: {widths:?}");

    // The tables hold exactly the numbers.
    let venues = table(&b, "table-venues");
    assert_eq!(venues.len(), 1);
    assert_eq!(venues[0][..3], ["Bølgen kino", "90", "60"]);
    assert_eq!(
        table(&b, "table-benefits"),
        [["Kino · 0–13 år med ledsager", "60", "60"], ["Kino · 14–18 år", "30", "0"]]
    );
    let issued = table(&b, "table-issued");
    assert_eq!(issued.len(), 12);
    assert_eq!(issued[11], [month.as_str(), "30", "20"]);
    assert_eq!(table(&b, "table-agencies"), [["–", "0–13 år med ledsager", "30"], ["–", "14–18 år", "20"]]);
    let quota = table(&b, "table-quota");
    let kino = quota.iter().find(|r| r[0] == "0–13 år med ledsager" && r[1] == "Kino").unwrap();
    // 60 visits ÷ (30 cards × 12 per validity) = 16.7 %.
    assert_eq!(kino[3..], ["60", "30", "360", "16,7 %"]);

    // The settlement link of the venue.
    let href = b.find("#table-venues a").attribute("href").unwrap();
    assert_eq!(href, format!("/admin/usage/settlement.csv?month={month}&venue={VENUE}"));
    b.stop();
    assert!(server.stop(), "issuer serve did not exit cleanly");
}
