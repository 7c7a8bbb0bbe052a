//! The copy of the redemption log taken before a migration changes its
//! schema (README, "Upgrades"): made exactly then, from pseudonym logs
//! only, owner-only, the newest three kept; a log from a newer verifier is
//! refused and neither changed nor copied.

use rusqlite::Connection;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use verifier::VerifierError;
use verifier::log::{LogProblem, MIGRATIONS, RedemptionLog};
use verifier::pre_upgrade::{DIR, copies};

/// A log at schema `version` in `dir` with one visit, as a verifier of
/// that schema left it.
fn log_at(dir: &Path, version: usize) -> PathBuf {
    let path = dir.join("redemptions.db");
    let _ = std::fs::remove_file(&path);
    let db = Connection::open(&path).unwrap();
    db.pragma_update(None, "journal_mode", "WAL").unwrap();
    for sql in &MIGRATIONS[..version] {
        db.execute_batch(sql).unwrap();
    }
    let column = if version >= 4 { "pseudonym" } else { "token_id" };
    db.execute(
        &format!("INSERT INTO redemption ({column}, benefit, card_type, at) VALUES (zeroblob(16), 'kino', 1, 1)"),
        [],
    )
    .unwrap();
    db.pragma_update(None, "user_version", version as i64).unwrap();
    path
}

fn version(path: &Path) -> i64 {
    Connection::open(path).unwrap().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap()
}

fn names(dir: &Path) -> Vec<String> {
    copies(dir).iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect()
}

#[test]
fn a_log_is_copied_before_its_schema_changes_and_only_then() {
    let tmp = tempfile::tempdir().unwrap();
    let known = MIGRATIONS.len();
    log_at(tmp.path(), known - 1);
    drop(RedemptionLog::open(tmp.path()).unwrap());
    let name = format!("pre-upgrade-{}-to-{known}.sqlite", known - 1);
    assert_eq!(names(tmp.path()), std::slice::from_ref(&name));
    let copy = tmp.path().join(DIR).join(&name);
    assert_eq!(version(&copy), known as i64 - 1, "the copy is the log from before");
    let visits: i64 =
        Connection::open(&copy).unwrap().query_row("SELECT COUNT(*) FROM redemption", [], |r| r.get(0)).unwrap();
    assert_eq!(visits, 1);
    assert_eq!(std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777, 0o600);
    assert_eq!(std::fs::metadata(tmp.path().join(DIR)).unwrap().permissions().mode() & 0o777, 0o700);
    assert_eq!(version(&tmp.path().join("redemptions.db")), known as i64);
    // Current now: no other copy.
    drop(RedemptionLog::open(tmp.path()).unwrap());
    assert_eq!(names(tmp.path()), [name]);

    // A new log has nothing to keep; a log from before pseudonyms is not
    // copied (its migration removes the token ids from the disk).
    let fresh = tempfile::tempdir().unwrap();
    drop(RedemptionLog::open(fresh.path()).unwrap());
    assert!(!fresh.path().join(DIR).exists());
    log_at(fresh.path(), 3);
    drop(RedemptionLog::open(fresh.path()).unwrap());
    assert!(!fresh.path().join(DIR).exists());
}

#[test]
fn only_the_newest_three_copies_are_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let known = MIGRATIONS.len();
    for from in [4, 5, 4, 5, 5] {
        log_at(tmp.path(), from);
        drop(RedemptionLog::open(tmp.path()).unwrap());
    }
    assert_eq!(
        names(tmp.path()),
        [
            format!("pre-upgrade-5-to-{known}.sqlite"),
            format!("pre-upgrade-5-to-{known}-2.sqlite"),
            format!("pre-upgrade-5-to-{known}-3.sqlite")
        ]
    );
}

#[test]
fn a_log_from_a_newer_verifier_is_refused_unchanged_and_not_copied() {
    let tmp = tempfile::tempdir().unwrap();
    let path = log_at(tmp.path(), MIGRATIONS.len());
    Connection::open(&path).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let known = MIGRATIONS.len() as i64;
    match RedemptionLog::open(tmp.path()) {
        Err(VerifierError::Log { source: LogProblem::Newer { applied: 99, known: k }, .. }) => assert_eq!(k, known),
        other => panic!("{other:?}"),
    }
    assert_eq!(version(&path), 99);
    assert!(!tmp.path().join(DIR).exists());
}
