//! End to end with the real binaries: every file the issuer and the venue
//! station write into their data directories is readable by its owner
//! only (0600), the databases and their WAL files included, and the
//! issuer tightens a database an older version left readable by others.

use e2e::{Server, Setup, run_ok, s};
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;

/// Every file under `dir` with group or other permission bits.
fn readable_by_others(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read_dir").map(Result::unwrap) {
        let meta = entry.metadata().expect("metadata");
        if meta.is_dir() {
            found.extend(readable_by_others(&entry.path()));
        } else if meta.permissions().mode() & 0o077 != 0 {
            found.push(format!("{} {:o}", entry.path().display(), meta.permissions().mode() & 0o777));
        }
    }
    found
}

#[test]
fn data_files_are_owner_only() {
    let setup = Setup::new("bolgen-kino");
    let card = setup.issue(1, 1, &[]).remove(0);
    let text = card["qr_text"].as_str().expect("qr_text");
    run_ok("verifier", &["redeem", "--data", s(&setup.venue), text], 0);
    let out = setup.tmp.path().join("november.akr");
    run_ok("verifier", &["report", "--data", s(&setup.venue), "--out", s(&out)], 0);
    let mut station = Server::start_verifier(&setup.venue);
    station.pair(&setup.venue);
    assert!(station.stop());
    // An older issuer's database, readable by others: tightened at start.
    let db = setup.issuer.join("issuer.db");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let issuer = Server::start(&setup.issuer);
    assert_eq!(issuer.request("GET", "/bundle", &[], b"").0, 200);
    assert!(issuer.stop());
    assert!(setup.venue.join("redemptions.db-wal").exists() || setup.venue.join("redemptions.db").exists());
    assert_eq!(readable_by_others(&setup.issuer), Vec::<String>::new());
    assert_eq!(readable_by_others(&setup.venue), Vec::<String>::new());
    assert_eq!(std::fs::metadata(&out).expect("report file").permissions().mode() & 0o777, 0o600);
}
