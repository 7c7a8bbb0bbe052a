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

#[test]
fn an_import_is_checked_like_a_change_on_the_web_page() {
    let tmp = tempfile::tempdir().unwrap();
    let data = init(tmp.path());
    let exported = issuer(&["catalogue", "--data", &data, "--json"]);
    let mut cat: serde_json::Value = serde_json::from_slice(&exported.stdout).unwrap();
    let file = tmp.path().join("catalogue.json");
    let file = file.to_str().unwrap();
    let import = |cat: &serde_json::Value, extra: &[&str]| {
        std::fs::write(file, cat.to_string()).unwrap();
        issuer(&[&["catalogue", "--data", &data, "--import", file][..], extra].concat())
    };
    let unchanged = |out: &Output, message: &str| {
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.starts_with(&format!("error: the catalogue was not changed: {message}")), "{stderr}");
        assert_eq!(stderr.matches(message).count(), 1, "said once: {stderr}");
        assert_eq!(issuer(&["catalogue", "--data", &data, "--json"]).stdout, exported.stdout);
    };

    // Card type 1 is valid for a calendar year; 30 days would refuse cards
    // already handed out: refused unless confirmed, as on the web page.
    cat["card_types"][0]["validity"] = serde_json::json!({"kind": "days", "days": 30});
    let out = import(&cat, &[]);
    unchanged(&out, "the new validity rule of card type 1 does not allow every card handed out under the old rule");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--confirm-narrower"));
    // The rules of the forms: an age above 25, an offer without a quota.
    let mut old = cat.clone();
    old["card_types"][0]["validity"] = serde_json::json!({"kind": "calendar_year"});
    let mut bad = old.clone();
    bad["card_types"][1]["age_max"] = serde_json::json!(30);
    unchanged(&import(&bad, &[]), "card type 2: ages must be whole numbers from 0 to 25");
    let mut bad = old.clone();
    bad["card_types"][0]["benefits"][0]["quotas"] = serde_json::json!([]);
    unchanged(&import(&bad, &[]), "offer kino of card type 1: an offer needs at least one quota");
    // The scheme's name and contact details, by the rules of their page.
    let mut bad = old.clone();
    bad["contact"] = serde_json::json!({"email": "post(at)larvik.kommune.no"});
    unchanged(&import(&bad, &[]), "contact: an e-mail address looks like name@kommune.no");
    let mut bad = old.clone();
    bad["scheme_name"] = serde_json::json!("");
    unchanged(&import(&bad, &[]), "scheme_name: the scheme needs a name of 1–100 characters");

    let out = import(&cat, &["--confirm-narrower"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let now: serde_json::Value =
        serde_json::from_slice(&issuer(&["catalogue", "--data", &data, "--json"]).stdout).unwrap();
    assert_eq!(now["card_types"][0]["validity"], serde_json::json!({"kind": "days", "days": 30}));
    // A wider rule needs no confirmation.
    cat["card_types"][0]["validity"] = serde_json::json!({"kind": "days", "days": 60});
    // Contact details are kept trimmed, without the empty ones.
    cat["contact"] = serde_json::json!({"phone": " 33 17 10 00 ", "email": "", "web": "https://larvik.kommune.no"});
    let out = import(&cat, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let now: serde_json::Value =
        serde_json::from_slice(&issuer(&["catalogue", "--data", &data, "--json"]).stdout).unwrap();
    assert_eq!(now["contact"], serde_json::json!({"phone": "33 17 10 00", "web": "https://larvik.kommune.no"}));
}

#[test]
fn serve_refuses_a_small_cell_threshold_below_3_naming_the_setting() {
    let tmp = tempfile::tempdir().unwrap();
    let data = init(tmp.path());
    let out = Command::new(env!("CARGO_BIN_EXE_issuer"))
        .args(["serve", "--data", &data, "--listen", "127.0.0.1:0"])
        .env_remove("ISSUER_CONFIG")
        .env("ISSUER_SUPPRESS_BELOW", "2")
        .stdin(Stdio::null())
        .output()
        .expect("run issuer");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("suppress_below (from ISSUER_SUPPRESS_BELOW): «2» is not a whole number from 3 to 1000"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_roll_over_is_imported_and_listed_as_part_of_the_validity() {
    let tmp = tempfile::tempdir().unwrap();
    let data = init(tmp.path());
    let out = issuer(&["catalogue", "--data", &data, "--json"]);
    let before = String::from_utf8(out.stdout).unwrap();
    let mut cat: serde_json::Value = serde_json::from_str(&before).unwrap();
    assert_eq!(cat["card_types"][0]["validity"], serde_json::json!({"kind": "calendar_year"}));
    cat["card_types"][0]["validity"] = serde_json::json!({"kind": "calendar_year", "roll_over": "11-01"});
    let file = tmp.path().join("cat.json");
    std::fs::write(&file, cat.to_string()).unwrap();
    let out = issuer(&["catalogue", "--data", &data, "--import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = issuer(&["catalogue", "--data", &data, "--json"]);
    let after: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(after["card_types"][0]["validity"], serde_json::json!({"kind": "calendar_year", "roll_over": "11-01"}));
    // A day not every year has is refused by the import, naming the rule.
    cat["card_types"][0]["validity"] = serde_json::json!({"kind": "calendar_year", "roll_over": "02-29"});
    std::fs::write(&file, cat.to_string()).unwrap();
    let out = issuer(&["catalogue", "--data", &data, "--import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("roll_over «02-29» must be MM-DD"), "{out:?}");
}

#[test]
fn a_block_is_undone_on_the_command_line_and_the_next_bundle_leaves_the_card_out() {
    let tmp = tempfile::tempdir().unwrap();
    let data = init(tmp.path());
    let out = issuer(&["issue", "--data", &data, "--card-type", "1", "--json"]);
    let cards: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let number = cards[0]["card_number"].as_str().unwrap().to_string();
    let text = |out: &Output| String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let out = issuer(&["unrevoke", "--data", &data, &number]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains(&format!("card {number} is not blocked; nothing was changed")), "{}", text(&out));
    assert!(issuer(&["revoke", "--data", &data, &number]).status.success());
    // `unblock` is the same command.
    let out = issuer(&["unblock", "--data", &data, &number]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(text(&out), format!("Card {number} is no longer blocked. Publish it to venues with `issuer bundle`.\n"));
    let store = issuer::store::Store::open(Path::new(&data)).unwrap();
    assert!(store.bundles().revoked().unwrap().is_empty());
    let audit = store.audit().recent(1).unwrap();
    assert_eq!((audit[0].actor.as_str(), audit[0].action.as_str()), ("cli", "unrevoke"));
}
