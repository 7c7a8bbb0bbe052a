//! `verifier serve` in headless Chromium with a fake camera that shows a
//! card's QR code: the page scans it from the live video and shows GYLDIG,
//! then BRUKT on the next scan (quota 1 per week).
//!
//! Needs `chromium` and `chromedriver` (`bash test.sh` installs them).

use e2e::webdriver::Browser;
use e2e::{Server, Setup};
use std::time::Duration;

/// A one-frame 640×480 Y4M video (Chromium loops it) with the QR code of
/// `text` at 5 pixels per module on a light grey background.
fn y4m_of(text: &str) -> Vec<u8> {
    let (w, h, module) = (640usize, 480usize, 5usize);
    let qr = shared::qr::encode(text).expect("qr");
    let n = qr.width();
    let size = (n + 8) * module;
    let (x0, y0) = ((w - size) / 2, (h - size) / 2);
    let mut y_plane = vec![200u8; w * h];
    for y in 0..size {
        for x in 0..size {
            let (mx, my) = (x / module, y / module);
            let dark = mx >= 4 && my >= 4 && mx < n + 4 && my < n + 4 && qr.is_dark(mx - 4, my - 4);
            y_plane[(y0 + y) * w + x0 + x] = if dark { 20 } else { 235 };
        }
    }
    let mut out = format!("YUV4MPEG2 W{w} H{h} F10:1 Ip A1:1 C420jpeg\nFRAME\n").into_bytes();
    out.extend_from_slice(&y_plane);
    out.extend(std::iter::repeat_n(128u8, w * h / 2));
    out
}

#[test]
fn the_page_scans_a_card_from_the_camera() {
    let setup = Setup::new("bolgen-kino");
    let card = &setup.issue(1, 1, &[])[0];
    let video = setup.tmp.path().join("card.y4m");
    std::fs::write(&video, y4m_of(card["qr_text"].as_str().expect("qr_text"))).expect("write y4m");
    let server = Server::start_verifier(&setup.venue);
    let browser = Browser::start_with(&[
        "--use-fake-device-for-media-stream".into(),
        "--use-fake-ui-for-media-stream".into(),
        format!("--use-file-for-fake-video-capture={}", video.display()),
    ]);
    // 127.0.0.1 is a secure context, so the live camera button is offered.
    browser.goto(&format!("http://{}/", server.addr));
    browser.wait_for_text("#result", "Klar");
    browser.wait_for("the camera button", std::time::Duration::from_secs(10), |b| {
        (b.find("#camera").attribute("hidden").is_none()).then_some(())
    });
    browser.find("#camera").click();
    browser.wait_for_text("#result", "GYLDIG · Kino");
    // The page pauses 3 s after an answer, then scans the same card again.
    browser.wait_for_text("#result", "BRUKT");
    browser.stop();
    let log = server.stop_with_log().1.join("\n");
    assert!(log.contains("POST /scan-image 200"), "{log}");
    assert!(!log.contains(card["card_number"].as_str().expect("card_number")), "{log}");
}

/// The page left open follows the station's update status without a
/// reload (its script polls `GET /status`, SPEC §11.8): that it updates
/// itself and when it last did; with the issuer gone and a bundle 8 days
/// old, the failure and the staleness warning in yellow; and once the
/// issuer is back, the warning gone.
#[test]
fn the_page_follows_the_update_status_without_a_reload() {
    let setup = Setup::new("bolgen-kino");
    let issuer = Server::start(&setup.issuer);
    setup.set_up_from(&issuer);
    let addr = issuer.addr.clone();
    let server = Server::start_verifier_with(&setup.venue, &["--update-every", "1s"]);
    let browser = Browser::start();
    browser.goto(&format!("http://{}/", server.addr));
    browser.wait_for_text("#status", "Oppdaterer seg selv hvert 1 s.");
    let status = |needle: &'static str| {
        browser.wait_for(&format!("«{needle}» in the status"), Duration::from_secs(60), |b| {
            Some(b.find("#status").text()).filter(|t| t.contains(needle))
        })
    };
    status("Sist oppdatert fra utstederen: ");
    assert!(browser.find_all("#status .status-warn").is_empty());

    assert!(issuer.stop());
    setup.install(&setup.aged_bundle("aged.akb", 8), 3);
    let text = status("Advarsel: tillitspakken er 8 dager gammel.");
    assert!(text.contains("Kortene sjekkes fortsatt"), "{text}");
    let warnings: Vec<String> = browser.find_all("#status .status-warn").iter().map(|e| e.text()).collect();
    assert!(warnings.iter().any(|w| w.starts_with("Advarsel: tillitspakken er 8 dager gammel.")), "{warnings:?}");
    assert!(warnings.iter().any(|w| w.starts_with("Siste forsøk (")), "{warnings:?}");

    setup.bundle("fresh.akb");
    let back = Server::start_at(&setup.issuer, &addr);
    browser.wait_for("the warning gone", Duration::from_secs(60), |b| {
        b.find_all("#status .status-warn").is_empty().then_some(())
    });
    assert!(browser.find("#status").text().contains("(tillitspakke versjon 4)"));
    browser.stop();
    assert!(back.stop());
    assert!(server.stop());
}
