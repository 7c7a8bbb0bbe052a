//! The phone card (`/k`, SPEC §12) for a family, in headless Chromium
//! against the real `issuer serve` (issue 19): a blocked card is shown as
//! blocked, without its code, once the page has learned the blocked list,
//! and still offline; a nickname stays on the phone, survives a reload and
//! names the card in the switcher; the list of offers opens offline from
//! the card; the page without a card has a heading and says nothing of
//! switching between cards.
//!
//! Needs `chromium` and `chromedriver` (`bash test.sh` installs them).

use e2e::phone::{Proxy, digits_of, proxy, text_of, visible, wait_for_card};
use e2e::webdriver::Browser;
use e2e::{Server, run_ok, s};
use serde_json::{Value, json};
use std::path::Path;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(30);

/// `issuer issue --qr url --json`: `count` cards of card type 1.
fn issue(data: &Path, count: u32) -> Vec<Value> {
    let c = count.to_string();
    let args = ["issue", "--data", s(data), "--card-type", "1", "--count", &c, "--qr", "url", "--json"];
    serde_json::from_str(&run_ok("issuer", &args, 0)).expect("issue --json prints a JSON array")
}

/// Open `url` as a new page and wait for card `number`.
fn open(b: &Browser, url: &str, number: &str) {
    b.goto("about:blank");
    b.goto(url);
    wait_for_card(b, number);
}

/// Wait until an installed service worker controls the page.
fn wait_for_service_worker(b: &Browser) {
    let active = b.execute_async(
        "const done = arguments[arguments.length - 1];\
         navigator.serviceWorker.ready.then(r => done(!!r.active), e => done(String(e)));",
        &[],
    );
    assert_eq!(active, json!(true), "the service worker did not become active");
    b.wait_for("a service worker controlling the page", WAIT, |b| {
        if b.execute("return !!navigator.serviceWorker.controller", &[]) == json!(true) {
            return Some(());
        }
        b.refresh();
        None
    });
}

/// A day passes for the phone: every cached page's stamp moves 25 hours
/// back, so that the page's next refresh request is due (SPEC §12.4).
fn a_day_passes(b: &Browser) {
    let aged = b.execute_async(
        "const done = arguments[arguments.length - 1];\
         (async () => {\
           let n = 0;\
           for (const name of (await caches.keys()).filter((n) => n.startsWith('ak-card-'))) {\
             const cache = await caches.open(name);\
             for (const req of await cache.keys()) {\
               const res = await cache.match(req);\
               const at = res.headers.get('x-ak-stored');\
               if (!at) { continue; }\
               const headers = new Headers(res.headers);\
               headers.set('x-ak-stored', String(Number(at) - 25 * 3600 * 1000));\
               await cache.put(req, new Response(await res.blob(), { status: res.status, headers }));\
               n += 1;\
             }\
           }\
           return n;\
         })().then(done, (e) => done(String(e)));",
        &[],
    );
    assert_eq!(aged, json!(9), "the bare /k and the eight language pages are cached and stamped");
}

/// Ask the service worker for the page's refresh at once (as the page does
/// after a minute on screen) and wait for its answer.
fn refresh_now(b: &Browser) -> Value {
    b.execute_async(
        "const done = arguments[arguments.length - 1];\
         const sw = navigator.serviceWorker.controller;\
         if (!sw) { done('no worker'); return; }\
         navigator.serviceWorker.addEventListener('message', (e) => {\
           if (e.data && e.data.type === 'ak-refreshed') { done(e.data.changed); }\
         });\
         sw.postMessage({ type: 'ak-refresh', page: location.pathname + location.search, now: false });",
        &[],
    )
}

/// Whether the card shown is blocked: the page's answer, and no code.
fn shown_blocked(b: &Browser) -> bool {
    let blocked = b.find("#card").attribute("data-blocked").as_deref() == Some("true");
    if blocked {
        assert!(b.find_all("#qr svg").is_empty(), "a code is drawn for a blocked card");
        assert_eq!(visible(b, "#hint-show"), "", "the page says to show the code of a blocked card");
        assert_eq!(visible(b, "[data-state=\"checked\"]"), "");
    } else {
        assert_eq!(b.find_all("#qr svg").len(), 1, "no code for a card that is not blocked");
        assert_eq!(visible(b, "[data-state=\"blocked\"]"), "");
    }
    blocked
}

/// Tell Chromium it is offline (if this chromedriver can; the stopped
/// issuer is the network off either way).
fn go_offline(b: &Browser) {
    let offline = json!({ "network_conditions": {
        "offline": true, "latency": 0, "download_throughput": -1, "upload_throughput": -1 } });
    if let Err(e) = b.try_command("POST", &b.session_path("chromium/network_conditions"), Some(&offline)) {
        eprintln!("chromedriver did not take network conditions ({e}); the stopped server is the network off");
    }
}

#[test]
fn a_blocked_card_is_shown_blocked_without_its_code_after_the_refresh_and_offline() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let server = Server::start(&data);
    let base = format!("http://{}", server.addr);
    let cards = issue(&data, 2);
    let (lost, kept) = (&cards[0], &cards[1]);
    let (lost_no, kept_no) = (text_of(lost, "card_number"), text_of(kept, "card_number"));

    let b = Browser::start();
    open(&b, &format!("{base}/K#{}", digits_of(kept)), &kept_no);
    wait_for_service_worker(&b);
    open(&b, &format!("{base}/K#{}", digits_of(lost)), &lost_no);
    assert!(!shown_blocked(&b), "the card is not blocked yet");
    assert_eq!(b.find("#card").attribute("data-check").as_deref(), Some("checked"));

    // The office blocks the lost card and publishes the list.
    run_ok("issuer", &["revoke", "--data", s(&data), &lost_no], 0);
    run_ok("issuer", &["bundle", "--data", s(&data), "--out", s(&tmp.path().join("b.akb"))], 0);
    // Opening the card uses the list the phone has: still not blocked.
    open(&b, &format!("{base}/k"), &lost_no);
    assert!(!shown_blocked(&b));

    // A day later the page's refresh brings the new list (with the keys).
    a_day_passes(&b);
    assert_eq!(refresh_now(&b), json!(true), "the refresh found a changed page or list");
    open(&b, &format!("{base}/k"), &lost_no);
    assert!(shown_blocked(&b), "the blocked card is not shown as blocked after the refresh");
    let said = visible(&b, "[data-state=\"blocked\"]");
    assert!(said.contains("sperret") && said.contains("Ta kontakt med kontoret som ga deg kortet"), "{said}");
    // The card number stays, for the call to the office.
    assert_eq!(visible(&b, "#card-number"), lost_no);
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("phone-card-blocked.png");
    std::fs::write(&shot, b.screenshot_png()).expect("save the screenshot");
    eprintln!("Blocked phone card screenshot: {}", shot.display());

    // The network goes off; the page opens from the phone's cache, in
    // English too, and the card is still blocked.
    drop(server);
    go_offline(&b);
    b.refresh();
    wait_for_card(&b, &lost_no);
    assert!(shown_blocked(&b), "offline, the last list learned applies");
    b.goto(&format!("{base}/k?lang=en"));
    wait_for_card(&b, &lost_no);
    assert!(shown_blocked(&b));
    b.assert_accessible("the phone card in English with a blocked card");
    let said = visible(&b, "[data-state=\"blocked\"]");
    assert!(said.starts_with("This card is blocked") && said.contains("contact the office"), "{said}");
    // The list of cards marks it; the sibling's card is not blocked: its
    // code is drawn.
    let mark = b.find(&format!("button.switch[data-number=\"{lost_no}\"]"));
    assert!(mark.text().ends_with("Blocked"), "{}", mark.text());
    let sibling = b.find(&format!("button.switch[data-number=\"{kept_no}\"]"));
    assert!(!sibling.text().contains("Blocked"), "{}", sibling.text());
    b.find(&format!("button.switch[data-number=\"{kept_no}\"]")).click();
    wait_for_card(&b, &kept_no);
    assert!(!shown_blocked(&b));
    b.stop();
}

/// The switcher's buttons' texts.
fn switcher(b: &Browser) -> Vec<String> {
    b.find_all("#switch-buttons button").iter().filter_map(|e| e.try_text()).collect()
}

#[test]
fn a_nickname_stays_on_the_phone_survives_a_reload_and_names_the_card_in_the_switcher() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let server = Server::start(&data);
    let Proxy { addr, sent, .. } = proxy(server.addr.clone());
    let base = format!("http://{addr}");
    // Two siblings with the same card type.
    let cards = issue(&data, 2);
    let numbers: Vec<String> = cards.iter().map(|c| text_of(c, "card_number")).collect();
    let b = Browser::start();
    open(&b, &format!("{base}/K#{}", digits_of(&cards[0])), &numbers[0]);
    wait_for_service_worker(&b);
    open(&b, &format!("{base}/K#{}", digits_of(&cards[1])), &numbers[1]);
    let before = switcher(&b);
    assert_eq!(before.len(), 2);
    let type_of = |t: &str| t.lines().skip(1).collect::<Vec<_>>().join(" ");
    assert_eq!(type_of(&before[0]), type_of(&before[1]), "the siblings' buttons differ only by number: {before:?}");

    // The family names the second card.
    const NICK: &str = "Sofie Ånesen";
    assert_eq!(visible(&b, "#card-nickname"), "");
    b.find("#nickname-box summary").click();
    b.find("#nickname").set(NICK);
    b.find("#nickname-save").click();
    b.wait_for_text("#card-nickname", NICK);
    let buttons = switcher(&b);
    assert!(buttons.iter().any(|t| t.contains(NICK) && t.contains(&numbers[1])), "{buttons:?}");
    assert!(!buttons.iter().any(|t| t.contains(NICK) && t.contains(&numbers[0])), "{buttons:?}");

    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("phone-card-nickname.png");
    std::fs::write(&shot, b.screenshot_png()).expect("save the screenshot");
    eprintln!("Nickname phone card screenshot: {}", shot.display());

    // Reloaded, and opened again from the home screen: still there.
    b.refresh();
    wait_for_card(&b, &numbers[1]);
    assert_eq!(visible(&b, "#card-nickname"), NICK);
    open(&b, &format!("{base}/k"), &numbers[1]);
    assert_eq!(visible(&b, "#card-nickname"), NICK);
    assert!(switcher(&b).iter().any(|t| t.contains(NICK)));
    // The other card has none.
    b.find(&format!("button.switch[data-number=\"{}\"]", numbers[0])).click();
    wait_for_card(&b, &numbers[0]);
    assert_eq!(visible(&b, "#card-nickname"), "");
    b.find(&format!("button.switch[data-number=\"{}\"]", numbers[1])).click();
    wait_for_card(&b, &numbers[1]);

    // The page's refresh and a visit to the offers go to the server with
    // the nickname on the phone.
    a_day_passes(&b);
    refresh_now(&b);
    b.find("a.offers").click();
    b.wait_for("the offers page", WAIT, |b| b.current_path().starts_with("/tilbud").then_some(()));

    // Edited, then removed.
    open(&b, &format!("{base}/k"), &numbers[1]);
    b.find("#nickname-box summary").click();
    b.find("#nickname").set("Sofie");
    b.find("#nickname-save").click();
    b.wait_for("the edited nickname", WAIT, |b| (visible(b, "#card-nickname") == "Sofie").then_some(()));
    b.find("#nickname-box summary").click();
    b.find("#nickname-remove").click();
    b.wait_for("the nickname removed", WAIT, |b| visible(b, "#card-nickname").is_empty().then_some(()));
    assert!(!switcher(&b).iter().any(|t| t.contains("Sofie")));
    let stored = b.execute("return localStorage.getItem('ak.nicknames')", &[]);
    assert_eq!(stored, json!("{}"));
    b.stop();

    // Nothing the browser sent, nor anything the issuer logged, holds it.
    let wire = String::from_utf8_lossy(&sent.lock().unwrap()).to_string();
    assert!(wire.contains("GET /k/revoked ") && wire.contains("GET /tilbud?lang=nb "), "{wire}");
    let log = server.stop_with_log().1.join("\n");
    for needle in ["Sofie", "Sofie%20", "%C3%85nesen", "nesen", "ak.nicknames"] {
        assert!(!wire.contains(needle), "{needle} went over the wire");
        assert!(!log.contains(needle), "{needle} in the issuer's log");
    }
}

#[test]
fn the_offers_open_offline_from_the_card_and_the_empty_page_has_a_heading() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let server = Server::start(&data);
    let base = format!("http://{}", server.addr);
    let b = Browser::start();

    // No card yet: a heading, the way to add one, and no word of switching
    // between cards.
    b.goto(&format!("{base}/k"));
    b.wait_for("the empty page", WAIT, |b| {
        (b.execute("return document.body.getAttribute('data-ready')", &[]) == json!("none")).then_some(())
    });
    let h1: Vec<String> = b.find_all("h1").iter().filter_map(|e| e.try_text()).filter(|t| !t.is_empty()).collect();
    assert_eq!(h1, ["Aktivitetskort Larvik"], "one visible h1");
    assert!(visible(&b, "#none").contains("Ingen kort er lagret"));
    let text = b.body_text();
    assert!(!text.contains("ovenfor") && !text.contains("bytter mellom"), "{text}");

    let card = issue(&data, 1).remove(0);
    let number = text_of(&card, "card_number");
    open(&b, &format!("{base}/K#{}", digits_of(&card)), &number);
    wait_for_service_worker(&b);
    // A card type whose name says the ages is not followed by them again.
    assert_eq!(visible(&b, "section.uses[data-card-type=\"1\"] .uses-type"), "0–13 år med ledsager");
    assert!(visible(&b, "#add-hint").contains("bytter mellom"));

    // Offline: the card's link to the offers opens them, in the page's
    // language, with their stylesheet.
    drop(server);
    go_offline(&b);
    open(&b, &format!("{base}/k?lang=pl"), &number);
    b.find("a.offers").click();
    b.wait_for("the offers page offline", WAIT, |b| {
        let h1 = b.find_all("main h1").first().and_then(|e| e.try_text());
        (b.current_path().starts_with("/tilbud") && h1.as_deref() == Some("Aktivitetskort Larvik")).then_some(())
    });
    assert_eq!(b.execute("return document.documentElement.lang", &[]), json!("pl"));
    assert!(b.body_text().contains("Bølgen kino"), "{}", b.body_text());
    let rules = b.execute("return Array.from(document.styleSheets).reduce((n, s) => n + s.cssRules.length, 0)", &[]);
    assert!(rules.as_u64().is_some_and(|n| n > 0), "the offers page has no stylesheet offline: {rules}");
    b.stop();
}
