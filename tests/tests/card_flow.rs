//! End to end, with the real binaries: issue → bundle → venue set-up →
//! check; revocation, rollback, tampering, rotation and bad input.

use e2e::{Setup, run, run_ok, s, stderr};
use serde_json::Value;

fn text(card: &Value, field: &str) -> String {
    card[field].as_str().unwrap_or_else(|| panic!("card has no {field}: {card}")).to_string()
}

#[test]
fn issued_cards_verify_at_the_venue_in_every_form() {
    let setup = Setup::new("bolgen-kino");
    let pngs = setup.tmp.path().join("png");
    let svgs = setup.tmp.path().join("svg");
    let cards = setup.issue(1, 3, &["--png", s(&pngs), "--svg", s(&svgs)]);
    assert_eq!(cards.len(), 3);
    for card in &cards {
        for field in ["card_number", "qr_text", "url", "valid_from", "valid_until"] {
            assert!(card[field].is_string(), "{field} missing in {card}");
        }
        let (code, v) = setup.check(&text(card, "qr_text"));
        assert_eq!(code, 0, "{v}");
        assert_eq!(v["valid"], true);
        assert_eq!(v["reason"], "ok");
        assert_eq!(v["card_number"], card["card_number"]);
        assert_eq!(v["benefits"][0]["id"], "kino");
        assert_eq!(v["benefits"][0]["companion_free"], true);
        assert_eq!(v["valid_until"], card["valid_until"]);

        // The phone link is accepted too.
        let (code, v) = setup.check(&text(card, "url"));
        assert_eq!((code, v["reason"].as_str()), (0, Some("ok")));

        // The PNG written for the card decodes to a valid card.
        let png = pngs.join(format!("{}.png", text(card, "card_number")));
        let out = run_ok("verifier", &["check", "--data", s(&setup.venue), "--json", "--image", s(&png)], 0);
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["card_number"], card["card_number"]);
        let svg_path = svgs.join(format!("{}.svg", text(card, "card_number")));
        let svg = std::fs::read_to_string(&svg_path).unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        // The images hold the card: owner-only, like key files.
        use std::os::unix::fs::PermissionsExt as _;
        for p in [&png, &svg_path] {
            assert_eq!(std::fs::metadata(p).unwrap().permissions().mode() & 0o777, 0o600, "{}", p.display());
        }
    }
    // Each card is different.
    assert_ne!(cards[0]["qr_text"], cards[1]["qr_text"]);
    assert_ne!(cards[0]["card_number"], cards[1]["card_number"]);

    // Cards whose QR holds the phone link (upper-case QR form) verify too.
    let url_card = &setup.issue(1, 1, &["--qr", "url"])[0];
    assert!(text(url_card, "qr_text").starts_with("HTTPS://KORT.LARVIK.KOMMUNE.NO/K#"), "{url_card}");
    assert_eq!(setup.check(&text(url_card, "qr_text")).0, 0);

    // Human output in both languages.
    let qr = text(&cards[0], "qr_text");
    let out = run_ok("verifier", &["check", "--data", s(&setup.venue), &qr], 0);
    assert!(out.starts_with("GYLDIG · Kino · 1 barn + 1 ledsager"), "{out}");
    let out = run_ok("verifier", &["--lang", "en", "check", "--data", s(&setup.venue), &qr], 0);
    assert!(out.starts_with("VALID · Cinema · 1 child + 1 companion"), "{out}");
}

#[test]
fn flipping_any_character_of_qr_text_is_rejected_with_a_reason() {
    let setup = Setup::new("bolgen-kino");
    let card = &setup.issue(1, 1, &["--qr", "token"])[0];
    let qr = text(card, "qr_text");
    let allowed = ["bad_encoding", "bad_signature", "unknown_key", "unsupported_version"];
    for (i, c) in qr.char_indices() {
        let digit = c.to_digit(10).unwrap();
        let flipped = char::from_digit((digit + 1) % 10, 10).unwrap();
        let mut t = qr.clone();
        t.replace_range(i..i + 1, &flipped.to_string());
        let (code, v) = setup.check(&t);
        assert_eq!(code, 1, "position {i}: {v}");
        assert_eq!(v["valid"], false);
        let reason = v["reason"].as_str().unwrap();
        assert!(allowed.contains(&reason), "position {i}: reason {reason}");
        // Nothing about the card is revealed before the signature verifies.
        assert!(v.get("card_number").is_none(), "position {i}: {v}");
    }
}

#[test]
fn a_revoked_card_is_rejected_after_update_and_rollback_is_refused() {
    let setup = Setup::new("larvik-svommehall");
    let cards = setup.issue(2, 2, &[]);
    let (lost, kept) = (&cards[0], &cards[1]);
    let old_bundle = setup.tmp.path().join("b1.akb");

    let out = run_ok("issuer", &["revoke", "--data", s(&setup.issuer), &text(lost, "card_number").to_lowercase()], 0);
    assert!(out.contains("blocked"), "{out}");
    // Before the venue updates, the card still works (offline venue).
    assert_eq!(setup.check(&text(lost, "qr_text")).0, 0);

    let b2 = setup.bundle("b2.akb");
    let update = ["--lang", "en", "update", "--data", s(&setup.venue), "--bundle", s(&b2)];
    let out = run_ok("verifier", &update, 0);
    assert!(out.contains("version 2"), "{out}");
    let (code, v) = setup.check(&text(lost, "qr_text"));
    assert_eq!((code, v["reason"].as_str()), (1, Some("revoked")));
    let out = run_ok("verifier", &["check", "--data", s(&setup.venue), &text(lost, "qr_text")], 1);
    assert!(out.starts_with("SPERRET"), "{out}");
    assert_eq!(setup.check(&text(kept, "qr_text")).0, 0);

    // The same bundle again: a no-op.
    let out = run_ok("verifier", &update, 0);
    assert!(out.starts_with("Already up to date: trust bundle version 2, issued "), "{out}");

    // Rollback to version 1 (which would un-revoke the card): refused.
    let out = run("verifier", &["update", "--data", s(&setup.venue), "--bundle", s(&old_bundle)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("eldre (versjon 1) enn den i bruk (versjon 2)"), "{}", stderr(&out));
    assert_eq!(setup.check(&text(lost, "qr_text")).1["reason"], "revoked");
}

#[test]
fn a_tampered_bundle_is_refused_and_the_old_one_kept() {
    let setup = Setup::new("bolgen-kino");
    let card = &setup.issue(1, 1, &[])[0];
    run_ok("issuer", &["revoke", "--data", s(&setup.issuer), &text(card, "card_number")], 0);
    let b2 = setup.bundle("b2.akb");
    let mut bytes = std::fs::read(&b2).unwrap();
    // Flip one byte inside the signed body (well past the envelope header).
    let i = bytes.len() / 2;
    bytes[i] ^= 0x01;
    let tampered = setup.tmp.path().join("tampered.akb");
    std::fs::write(&tampered, &bytes).unwrap();
    let out = run("verifier", &["update", "--data", s(&setup.venue), "--bundle", s(&tampered)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("signatur er ugyldig"), "{}", stderr(&out));
    // Still on version 1: the card is not revoked there.
    let (code, v) = setup.check(&text(card, "qr_text"));
    assert_eq!((code, v["bundle_version"].as_u64()), (0, Some(1)));

    // A file that is not a bundle at all.
    let junk = setup.tmp.path().join("junk.akb");
    std::fs::write(&junk, b"hello").unwrap();
    let out = run("verifier", &["update", "--data", s(&setup.venue), "--bundle", s(&junk)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("ikke en tillitspakke"), "{}", stderr(&out));
}

#[test]
fn venue_setup_refuses_a_wrong_root_or_an_unknown_venue() {
    let setup = Setup::new("bolgen-kino");
    let bundle = setup.tmp.path().join("b1.akb");
    let other = setup.tmp.path().join("other-venue");
    let cases = [
        ("00".repeat(32), "bolgen-kino", "ikke signert med rotnøkkelen dette stedet stoler på"),
        (
            setup.fingerprint.clone(),
            "nowhere",
            "stedet «nowhere» finnes ikke i denne tillitspakken; kjente steder: bolgen-kino",
        ),
        ("xyz".to_string(), "bolgen-kino", "er ikke et rotfingeravtrykk"),
    ];
    for (fp, venue, msg) in cases {
        let out = setup.init_venue(&other, &bundle, &fp, venue);
        assert_eq!(out.status.code(), Some(2), "{venue}");
        assert!(stderr(&out).contains(msg), "{}", stderr(&out));
        assert!(!other.join("venue.json").exists());
    }

    // A fingerprint pasted with grouping and in upper case is fine.
    let grouped: Vec<String> =
        setup.fingerprint.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).to_uppercase()).collect();
    let out = setup.init_venue(&other, &bundle, &grouped.join(" "), "mestern-bowling");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Setting up twice is refused; the set-up is kept.
    let out = setup.init_venue(&other, &bundle, &setup.fingerprint, "bolgen-kino");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("er allerede satt opp"), "{}", stderr(&out));
}

#[test]
fn a_card_type_without_a_benefit_here_is_not_valid_here_and_future_cards_not_yet_valid() {
    let setup = Setup::new("bolgen-kino");
    // The administrator adds a venue that gives nothing yet: export, edit, import.
    let out = run_ok("issuer", &["catalogue", "--data", s(&setup.issuer), "--json"], 0);
    let mut cat: Value = serde_json::from_str(&out).unwrap();
    cat["venues"].as_array_mut().unwrap().push(serde_json::json!({
        "id": "rush-trampolinepark", "name": "Rush trampolinepark", "category": "activity", "address": "Larvik"
    }));
    let path = setup.tmp.path().join("catalogue.json");
    std::fs::write(&path, serde_json::to_string_pretty(&cat).unwrap()).unwrap();
    run_ok("issuer", &["catalogue", "--data", s(&setup.issuer), "--import", s(&path)], 0);
    let b2 = setup.bundle("b2.akb");
    let rush = setup.tmp.path().join("rush");
    assert_eq!(setup.init_venue(&rush, &b2, &setup.fingerprint, "rush-trampolinepark").status.code(), Some(0));
    let card = &setup.issue(1, 1, &[])[0];
    let out = run_ok("verifier", &["check", "--data", s(&rush), "--json", &text(card, "qr_text")], 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["reason"], "not_valid_here");
    let out = run_ok("verifier", &["check", "--data", s(&rush), &text(card, "qr_text")], 1);
    assert!(out.starts_with("GJELDER IKKE HER"), "{out}");

    // A card that starts next year is not valid yet (validity inside one
    // calendar year, as the card type requires).
    let year: i32 = text(card, "valid_until")[..4].parse().unwrap();
    let (from, until) = (format!("{}-01-01", year + 1), format!("{}-12-31", year + 1));
    let future = &setup.issue(1, 1, &["--valid-from", &from, "--valid-until", &until])[0];
    let (code, v) = setup.check(&text(future, "qr_text"));
    assert_eq!((code, v["reason"].as_str()), (1, Some("not_yet_valid")));
}

#[test]
fn key_rotations_keep_old_cards_working() {
    let setup = Setup::new("bolgen-kino");
    let old = &setup.issue(1, 1, &[])[0];

    run_ok("issuer", &["rotate-signing-key", "--data", s(&setup.issuer)], 0);
    let new_fp = run_ok("issuer", &["rotate-root", "--data", s(&setup.issuer)], 0);
    assert!(new_fp.contains("New root key fingerprint"), "{new_fp}");
    let current_fp = run_ok("issuer", &["root-fingerprint", "--data", s(&setup.issuer)], 0).trim().to_string();
    assert_ne!(current_fp, setup.fingerprint);
    let new = &setup.issue(1, 1, &[])[0];
    // Before the update, the venue does not know the new signing key.
    assert_eq!(setup.check(&text(new, "qr_text")).1["reason"], "unknown_key");

    let b2 = setup.bundle("b2.akb");
    run_ok("verifier", &["update", "--data", s(&setup.venue), "--bundle", s(&b2)], 0);
    assert_eq!(setup.check(&text(new, "qr_text")).0, 0);
    assert_eq!(setup.check(&text(old, "qr_text")).0, 0);
    // The venue now trusts the new root.
    let cfg: Value = serde_json::from_str(&std::fs::read_to_string(setup.venue.join("venue.json")).unwrap()).unwrap();
    assert_eq!(cfg["trusted_root"], current_fp.as_str());
    // A venue set up today with the new fingerprint accepts the bundle directly.
    let fresh = setup.tmp.path().join("fresh");
    assert_eq!(setup.init_venue(&fresh, &b2, &current_fp, "bolgen-kino").status.code(), Some(0));
}

#[test]
fn the_issuer_keeps_nothing_about_issued_cards() {
    let setup = Setup::new("bolgen-kino");
    let cards = setup.issue(1, 5, &[]);
    let mut secrets: Vec<String> = Vec::new();
    for c in &cards {
        secrets.push(text(c, "qr_text"));
        secrets.push(text(c, "token_base64url"));
        secrets.push(text(c, "card_number"));
        // The token id, in hex and in base64url.
        let bytes = shared::wire::token_bytes_from_text(&text(c, "qr_text")).unwrap();
        let token_id = &bytes[12..28]; // after 0x87 0x01 0x48 key_id(8) 0x50
        assert_eq!(shared::CardNumber::parse(&text(c, "card_number")).unwrap().0 >> 32, u64::from(token_id[0]));
        secrets.push(shared::wire::hex_encode(token_id));
        secrets.push(shared::wire::encode_base64url(token_id));
    }
    let mut files = vec![setup.issuer.clone()];
    while let Some(p) = files.pop() {
        if p.is_dir() {
            files.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        } else {
            let content = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
            for secret in &secrets[..] {
                if secret.len() >= 11 {
                    assert!(!content.contains(secret.as_str()), "{} contains {secret}", p.display());
                }
            }
        }
    }
}

#[test]
fn bad_input_gets_a_clear_message() {
    let setup = Setup::new("bolgen-kino");
    let d = s(&setup.issuer);
    let cases: &[(&[&str], &str)] = &[
        (&["issue", "--data", d, "--card-type", "9"], "there is no card type 9; known card types: [1, 2]"),
        (&["issue", "--data", d, "--card-type", "1", "--count", "0"], "count must be between 1 and 500"),
        (&["issue", "--data", d, "--card-type", "1", "--count", "501"], "count must be between 1 and 500"),
        (&["issue", "--data", d, "--card-type", "1", "--valid-until", "2000-01-01"], "in the past"),
        (&["revoke", "--data", d, "ABC-DEF-GHJ"], "typo"),
        (&["revoke", "--data", d, "hello"], "9 characters"),
        (&["issue", "--data", "/nonexistent/x", "--card-type", "1"], "run `issuer init --data /nonexistent/x` first"),
        (&["init", "--data", d], "already holds an issuer"),
    ];
    for (args, msg) in cases {
        let out = run("issuer", args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(stderr(&out).contains(msg), "{args:?}: {}", stderr(&out));
    }
    // Importing a broken catalogue changes nothing.
    let before = run_ok("issuer", &["catalogue", "--data", d, "--json"], 0);
    let mut cat: Value = serde_json::from_str(&before).unwrap();
    cat["card_types"][0]["benefits"][0]["venues"] = serde_json::json!(["nowhere"]);
    let broken = setup.tmp.path().join("broken.json");
    std::fs::write(&broken, serde_json::to_string(&cat).unwrap()).unwrap();
    let not_json = setup.tmp.path().join("not.json");
    std::fs::write(&not_json, "venues: [").unwrap();
    for (file, msg) in [
        (&broken, "the catalogue was not changed: benefit «kino» of card type 1 names unknown venue «nowhere»"),
        (&not_json, "is not a catalogue in JSON"),
    ] {
        let out = run("issuer", &["catalogue", "--data", d, "--import", s(file)]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains(msg), "{}", stderr(&out));
    }
    assert_eq!(run_ok("issuer", &["catalogue", "--data", d, "--json"], 0), before);

    // Clap's own usage errors exit 2.
    let out = run("issuer", &["issue", "--data", d, "--card-type", "1", "--valid-from", "tomorrow"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not a date"), "{}", stderr(&out));

    // The verifier: garbage and empty input are rejected cards, not crashes.
    for junk in ["", "hello", "https://example.com/", &"9".repeat(5000)] {
        let (code, v) = setup.check(junk);
        assert_eq!((code, v["reason"].as_str()), (1, Some("bad_encoding")), "{junk:.20}");
    }
    let out = run("verifier", &["check", "--data", s(&setup.venue), "--image", "/nonexistent.png"]);
    assert_eq!(out.status.code(), Some(2));
    let not_png = setup.tmp.path().join("x.png");
    std::fs::write(&not_png, b"not a png").unwrap();
    let out = run("verifier", &["check", "--data", s(&setup.venue), "--image", s(&not_png)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("ikke et lesbart PNG"), "{}", stderr(&out));
}

#[test]
fn a_private_key_readable_by_others_is_refused() {
    use std::os::unix::fs::PermissionsExt as _;
    let setup = Setup::new("bolgen-kino");
    let keys = setup.issuer.join("keys");
    let root = std::fs::read_dir(&keys)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("root-"))
        .unwrap();
    assert_eq!(std::fs::metadata(&root).unwrap().permissions().mode() & 0o777, 0o600);
    assert_eq!(std::fs::metadata(&keys).unwrap().permissions().mode() & 0o777, 0o700);
    std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = run("issuer", &["bundle", "--data", s(&setup.issuer), "--out", s(&setup.tmp.path().join("x.akb"))]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("must be readable by its owner only"), "{}", stderr(&out));
}

#[test]
fn a_venue_is_set_up_with_one_code() {
    let setup = Setup::new("bolgen-kino");
    let bundle = setup.tmp.path().join("b1.akb");
    let fp = shared::Fingerprint::parse(&setup.fingerprint).unwrap();
    let code = shared::setup::VenueSetup {
        bundle_url: "https://kort.example.no/bundle".into(),
        root: fp,
        venue: "mestern-bowling".into(),
        registration: None,
    }
    .to_text();
    let dir = setup.tmp.path().join("bowling");
    run_ok("verifier", &["init", "--data", s(&dir), "--bundle", s(&bundle), "--setup", &code], 0);
    let card = &setup.issue(1, 1, &[])[0];
    let out = run_ok("verifier", &["check", "--data", s(&dir), "--json", &text(card, "qr_text")], 0);
    assert!(out.contains("\"id\": \"bowling\""), "{out}");

    // A damaged code says what is wrong; a code and a fingerprint together is a usage error.
    let damaged = code.replace("root=", "root=zz");
    let out = run(
        "verifier",
        &["init", "--data", s(&setup.tmp.path().join("x")), "--bundle", s(&bundle), "--setup", &damaged],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("oppsettskodens «root» mangler eller er ugyldig"), "{}", stderr(&out));
    let out = run(
        "verifier",
        &[
            "init",
            "--data",
            s(&setup.tmp.path().join("y")),
            "--bundle",
            s(&bundle),
            "--setup",
            &code,
            "--venue",
            "bolgen-kino",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}
