//! The root key kept offline (issue 18, SPEC §6.6), with the real binaries,
//! a real SQLite file and real key files: the root key is exported
//! (encrypted), removed from the server, and the server still runs, issues
//! cards and publishes bundles that a venue set up earlier installs without
//! re-pinning. A root rotation without the key fails and says how to bring
//! it back; after `issuer keys import-root` it works, and the venue follows.

use e2e::{Server, Setup, run, run_ok, s, stderr};
use std::path::{Path, PathBuf};
use std::process::Output;

const PASSPHRASE: &str = "correct horse battery staple";

/// `issuer ARGS` with `ISSUER_LANG=lang`.
fn issuer_in(lang: &str, args: &[&str]) -> Output {
    e2e::command("issuer").args(args).env("ISSUER_LANG", lang).output().unwrap()
}

/// The root key file in `keys`, if it is there.
fn root_files(keys: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(keys)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("root-"))
        .collect();
    files.sort();
    files
}

/// `verifier update --bundle FILE` on the venue: what it said.
fn install(setup: &Setup, bundle: &Path) -> String {
    let out = run("verifier", &["--lang", "en", "update", "--data", s(&setup.venue), "--bundle", s(bundle)]);
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("Installed trust bundle version"), "{said}");
    said
}

/// Every card verifies at the venue.
fn all_valid(setup: &Setup, cards: &[String]) {
    for card in cards {
        let (code, v) = setup.check(card);
        assert_eq!((code, &v["valid"]), (0, &serde_json::Value::Bool(true)), "{v}");
    }
}

fn qr_texts(cards: Vec<serde_json::Value>) -> Vec<String> {
    cards.iter().map(|c| c["qr_text"].as_str().unwrap().to_string()).collect()
}

#[test]
fn root_key_offline_the_server_issues_and_publishes_and_a_rotation_needs_the_key_brought_back() {
    let setup = Setup::new("bolgen-kino");
    let data = setup.issuer.clone();
    let keys = data.join("keys");
    let tmp = setup.tmp.path();
    let passphrase = tmp.join("passphrase");
    std::fs::write(&passphrase, format!("{PASSPHRASE}\n")).unwrap();
    let mut cards = qr_texts(setup.issue(1, 2, &[]));

    // Export: one age file (passphrase), owner-only, holding no key bytes in
    // the clear.
    let export = tmp.join("root.age");
    let args = ["keys", "export-root", "--data", s(&data), "--out", s(&export), "--passphrase-file", s(&passphrase)];
    let out = run("issuer", &[&args[..], &["--lang", "en"]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("The root key is written, encrypted"), "{}", stderr(&out));
    use std::os::unix::fs::PermissionsExt as _;
    assert_eq!(std::fs::metadata(&export).unwrap().permissions().mode() & 0o777, 0o600);
    let bytes = std::fs::read(&export).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1\n-> scrypt "));
    let [root_file] = root_files(&keys).try_into().unwrap();
    let root_text = std::fs::read_to_string(&root_file).unwrap();
    let seed_line = root_text.lines().nth(1).unwrap();
    assert!(!bytes.windows(seed_line.len()).any(|w| w == seed_line.as_bytes()));

    // Removing needs the export to open: a wrong passphrase removes nothing.
    let wrong = tmp.join("wrong");
    std::fs::write(&wrong, "correct horse battery stable").unwrap();
    let remove = |secret: &Path| {
        let args = ["keys", "remove-root", "--data", s(&data), "--export", s(&export), "--passphrase-file", s(secret)];
        run("issuer", &[&args[..], &["--lang", "en"]].concat())
    };
    let out = remove(&wrong);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("does not open"), "{}", stderr(&out));
    assert!(root_file.exists());
    let out = remove(&passphrase);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("The root key is removed from this server"), "{}", stderr(&out));
    assert!(root_files(&keys).is_empty(), "the root key file is gone");
    assert_eq!(run_ok("issuer", &["root-fingerprint", "--data", s(&data)], 0).trim(), setup.fingerprint);

    // The server runs without it, issues, and publishes (here: at start,
    // for its public URL) a bundle signed by the bundle key (7 elements)
    // that the venue set up earlier installs without re-pinning.
    let server = Server::start(&data);
    let (status, _, served) = server.request("GET", "/bundle", &[], b"");
    assert_eq!(status, 200);
    assert_eq!(served[0], 0x87, "the delegated form");
    assert!(server.stop());
    cards.extend(qr_texts(setup.issue(1, 2, &[])));
    let b2 = setup.bundle("b2.akb");
    assert_eq!(std::fs::read(&b2).unwrap()[0], 0x87);
    install(&setup, &b2);
    all_valid(&setup, &cards);
    // A blocked card reaches the venue through the bundle key, too.
    let blocked = setup.issue(1, 1, &[]);
    run_ok("issuer", &["revoke", "--data", s(&data), blocked[0]["card_number"].as_str().unwrap()], 0);
    install(&setup, &setup.bundle("b3.akb"));
    let (_, v) = setup.check(blocked[0]["qr_text"].as_str().unwrap());
    assert_eq!(v["reason"], "revoked", "{v}");

    // The server lost, with a backup: the backup holds no root key, and the
    // restored issuer publishes with the bundle key to a venue set up
    // before (a second venue, so the first keeps its own version count).
    let archive = tmp.join("offline.backup");
    let args = ["backup", "--data", s(&data), "--out", s(&archive), "--passphrase-file", s(&passphrase)];
    run_ok("issuer", &args, 0);
    let restored = tmp.join("new-server");
    let args = ["restore", s(&archive), "--data", s(&restored), "--passphrase-file", s(&passphrase)];
    run_ok("issuer", &args, 0);
    assert!(root_files(&restored.join("keys")).is_empty(), "no root key in the backup");
    let venue2 = tmp.join("venue2");
    let out = setup.init_venue(&venue2, &tmp.join("b1.akb"), &setup.fingerprint, "bolgen-kino");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let from_restored = tmp.join("restored.akb");
    run_ok("issuer", &["bundle", "--data", s(&restored), "--out", s(&from_restored)], 0);
    assert_eq!(std::fs::read(&from_restored).unwrap()[0], 0x87);
    run_ok("verifier", &["update", "--data", s(&venue2), "--bundle", s(&from_restored)], 0);
    let out = run("verifier", &["check", "--data", s(&venue2), "--json", &cards[0]]);
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["valid"], true);

    // A root rotation without the key: refused, saying what is needed, in
    // the chosen language; nothing changed.
    for (lang, says) in [("nb", "Rotnøkkelen er ikke på denne serveren"), ("en", "The root key is not on this server")]
    {
        let out = issuer_in(lang, &["rotate-root", "--data", s(&data)]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains(says), "{}", stderr(&out));
        assert!(stderr(&out).contains("issuer keys import-root"), "{}", stderr(&out));
    }
    assert_eq!(run_ok("issuer", &["root-fingerprint", "--data", s(&data)], 0).trim(), setup.fingerprint);

    // Another issuer's root key is not brought back in its place.
    let other = tmp.join("other-issuer");
    run_ok("issuer", &["init", "--data", s(&other)], 0);
    let other_export = tmp.join("other.age");
    let args = ["keys", "export-root", "--data", s(&other), "--out", s(&other_export), "--passphrase-file"];
    run_ok("issuer", &[&args[..], &[s(&passphrase)]].concat(), 0);
    let import = |file: &Path| {
        let args = ["keys", "import-root", s(file), "--data", s(&data), "--passphrase-file", s(&passphrase)];
        run("issuer", &[&args[..], &["--lang", "en"]].concat())
    };
    let out = import(&other_export);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("This file holds another root key"), "{}", stderr(&out));
    assert!(root_files(&keys).is_empty());

    // Brought back: the rotation works, and the venue follows the chain
    // from the root it pinned to the new one.
    let out = import(&export);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("The root key is back on this server"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&root_file).unwrap(), root_text);
    let out = run_ok("issuer", &["rotate-root", "--data", s(&data)], 0);
    // The old root has signed its hand-over; its file does not stay.
    let [new_root_file] = root_files(&keys).try_into().unwrap();
    assert_ne!(new_root_file, root_file);
    let new_fp = run_ok("issuer", &["root-fingerprint", "--data", s(&data)], 0).trim().to_string();
    assert_ne!(new_fp, setup.fingerprint);
    assert!(out.contains(&new_fp), "{out}");
    let b4 = setup.bundle("b4.akb");
    assert_eq!(std::fs::read(&b4).unwrap()[0], 0x86, "with the root here, the root signs");
    install(&setup, &b4);
    all_valid(&setup, &cards);

    // The new root goes offline in turn; its bundle key's bundles install.
    let export2 = tmp.join("root2.age");
    let args = ["keys", "export-root", "--data", s(&data), "--out", s(&export2), "--passphrase-file", s(&passphrase)];
    run_ok("issuer", &args, 0);
    let args = ["keys", "remove-root", "--data", s(&data), "--export", s(&export2), "--passphrase-file"];
    run_ok("issuer", &[&args[..], &[s(&passphrase)]].concat(), 0);
    assert!(root_files(&keys).is_empty());
    let b5 = setup.bundle("b5.akb");
    assert_eq!(std::fs::read(&b5).unwrap()[0], 0x87);
    install(&setup, &b5);
    cards.extend(qr_texts(setup.issue(1, 1, &[])));
    all_valid(&setup, &cards);
    // The old root's export is no longer this issuer's root.
    let out = import(&export);
    assert!(stderr(&out).contains("This file holds another root key"), "{}", stderr(&out));
}

/// While the root key is away, every command warns from 90 days before the
/// bundle key's delegation ends; once it has ended, no bundle is published
/// and the message says to bring the root key back.
#[test]
fn root_key_offline_the_issuer_warns_before_the_bundle_key_runs_out() {
    let setup = Setup::new("bolgen-kino");
    let data = setup.issuer.clone();
    let passphrase = setup.tmp.path().join("passphrase");
    std::fs::write(&passphrase, PASSPHRASE).unwrap();
    let export = setup.tmp.path().join("root.age");
    let args = ["keys", "export-root", "--data", s(&data), "--out", s(&export), "--passphrase-file", s(&passphrase)];
    run_ok("issuer", &args, 0);
    // With the root here, or far from the end: no warning.
    let quiet = issuer_in("en", &["root-fingerprint", "--data", s(&data)]);
    assert_eq!(stderr(&quiet), "");
    let args = ["keys", "remove-root", "--data", s(&data), "--export", s(&export), "--passphrase-file"];
    run_ok("issuer", &[&args[..], &[s(&passphrase)]].concat(), 0);
    let quiet = issuer_in("en", &["root-fingerprint", "--data", s(&data)]);
    assert_eq!(stderr(&quiet), "");

    // The delegation's end moved (in the ring's file) to 10 days from now.
    let ring_path = data.join("keys").join("keyring.json");
    let set_until = |until: i64| {
        let mut ring: serde_json::Value = serde_json::from_slice(&std::fs::read(&ring_path).unwrap()).unwrap();
        ring["delegation"]["valid_until"] = until.into();
        std::fs::write(&ring_path, serde_json::to_vec_pretty(&ring).unwrap()).unwrap();
    };
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    set_until(now + 10 * 86_400 + 3600);
    let out = issuer_in("en", &["root-fingerprint", "--data", s(&data)]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("Warning: the master key (technical: root key) is not on this server"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("(10 days left)"), "{}", stderr(&out));
    let out = issuer_in("nb", &["root-fingerprint", "--data", s(&data)]);
    assert!(stderr(&out).contains("(10 dager igjen)"), "{}", stderr(&out));

    // Ended: the warning says so, and publishing fails with what to do.
    set_until(now - 60);
    let out = issuer_in("en", &["bundle", "--data", s(&data), "--out", s(&setup.tmp.path().join("x.akb"))]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no new bundle can be published"), "{}", stderr(&out));
    assert!(stderr(&out).contains("Bring the root key back with issuer keys import-root"), "{}", stderr(&out));
    assert!(!setup.tmp.path().join("x.akb").exists());
    // Bringing the root key back renews it: no warning, bundles again.
    let args = ["keys", "import-root", s(&export), "--data", s(&data), "--passphrase-file", s(&passphrase)];
    run_ok("issuer", &args, 0);
    let out = issuer_in("en", &["root-fingerprint", "--data", s(&data)]);
    assert_eq!(stderr(&out), "");
    install(&setup, &setup.bundle("b2.akb"));
}
