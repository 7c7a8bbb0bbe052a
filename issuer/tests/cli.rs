//! The `issuer` binary itself, run as a person runs it.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn issuer(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_issuer")).args(args).output().expect("run issuer")
}

fn init(dir: &Path) -> String {
    let data = dir.join("issuer").to_str().expect("UTF-8 path").to_string();
    let out = issuer(&["init", "--data", &data]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    data
}

#[test]
fn a_closed_pipe_ends_the_listing_quietly() {
    let tmp = tempfile::tempdir().unwrap();
    let data = init(tmp.path());
    for args in [&["catalogue", "--data", &data, "--json"][..], &["catalogue", "--data", &data]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_issuer"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run issuer");
        // Close the reading end before the command writes (`… | head -c0`).
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
        assert!(out.status.success(), "{args:?}: {:?}", out.status);
    }
}

#[test]
fn cards_are_issued_by_card_type_with_the_url_form_by_default() {
    let tmp = tempfile::tempdir().unwrap();
    let data = init(tmp.path());
    let json = |out: Output| -> serde_json::Value {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let cards = json(issuer(&["issue", "--data", &data, "--card-type", "2", "--json"]));
    assert_eq!(cards[0]["card_type"], 2);
    let qr = cards[0]["qr_text"].as_str().unwrap();
    assert!(qr.starts_with("HTTPS://KORT.LARVIK.KOMMUNE.NO/K#"), "{qr}");
    // `--profile` is the old name of `--card-type`.
    let cards = json(issuer(&["issue", "--data", &data, "--profile", "1", "--qr", "token", "--json"]));
    assert_eq!(cards[0]["card_type"], 1);
    assert!(cards[0]["qr_text"].as_str().unwrap().bytes().all(|b| b.is_ascii_digit()), "{cards}");
    let help = issuer(&["issue", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("--card-type <ID>") && !help.contains("--profile"), "{help}");
    assert!(help.contains("[default: url]"), "{help}");
}
