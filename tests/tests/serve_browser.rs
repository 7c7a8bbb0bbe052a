//! `verifier serve` in headless Chromium with a fake camera that shows a
//! card's QR code: the page scans it from the live video and shows GYLDIG,
//! then BRUKT on the next scan (quota 1 per week).
//!
//! Needs `chromium` and `chromedriver` (`bash test.sh` installs them).

use e2e::webdriver::Browser;
use e2e::{Server, Setup};

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
