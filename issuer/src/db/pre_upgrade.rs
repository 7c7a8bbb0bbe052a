//! The copy of the database taken before a migration changes its schema
//! (an upgrade of the issuer): `DATA/backups/pre-upgrade-<old>-to-<new>.sqlite`,
//! made with SQLite's online backup before the first migration runs, so
//! that the previous release can be put back (README, "Upgrades"). A
//! database that is new (schema 0) or already current gets no copy.
//!
//! The copy is the database alone, owner-only (0600, in a 0700 directory)
//! next to the database it copies, and unencrypted as that database is; the
//! keys are not copied (no migration changes them, and they are never
//! written to a new place unencrypted). It keeps what the database held at
//! that moment, including rows the issuer deletes later (the duplicate
//! check's entries, old audit lines): only the last [`KEEP`] copies are
//! kept, and docs/PRIVACY.md says so.

use super::{Db, DbError};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// The directory of the copies, inside the data directory.
pub const DIR: &str = "backups";
/// How many pre-upgrade copies are kept (the newest).
pub const KEEP: usize = 3;

const PREFIX: &str = "pre-upgrade-";
const SUFFIX: &str = ".sqlite";

/// Copy the database `src` into the new file `dst` with SQLite's online
/// backup API: every page in one step, under one read transaction, so the
/// copy is one consistent state even while another process writes (WAL).
/// A busy or locked source is tried again for up to 30 seconds.
pub fn online_copy(src: &Connection, dst: &Path) -> rusqlite::Result<()> {
    let mut out = Connection::open(dst)?;
    {
        let backup = rusqlite::backup::Backup::new(src, &mut out)?;
        let mut tries = 0;
        loop {
            match backup.step(-1)? {
                rusqlite::backup::StepResult::Done => break,
                _ if tries < 600 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                _ => {
                    return Err(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                        Some("the database stayed busy for 30 seconds".into()),
                    ));
                }
            }
        }
    }
    out.close().map_err(|(_, e)| e)
}

/// The schema versions and the repeat number in a copy's file name
/// (`pre-upgrade-7-to-9.sqlite`, `pre-upgrade-7-to-9-2.sqlite`), for
/// ordering; `None` for any other name.
fn parse(name: &str) -> Option<(i64, i64, u32)> {
    let core = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let (from, rest) = core.split_once("-to-")?;
    let (to, n) = match rest.split_once('-') {
        Some((to, n)) => (to, n.parse().ok()?),
        None => (rest, 1),
    };
    Some((to.parse().ok()?, from.parse().ok()?, n))
}

/// The pre-upgrade copies in the data directory `data`, oldest first.
pub fn copies(data: &Path) -> Vec<PathBuf> {
    let mut found: Vec<((i64, i64, u32), PathBuf)> = std::fs::read_dir(data.join(DIR))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| Some((parse(&e.file_name().to_string_lossy())?, e.path())))
        .collect();
    found.sort();
    found.into_iter().map(|(_, p)| p).collect()
}

/// Take the copy of `db` (at schema `from`) before it is migrated to
/// `to`; then remove all but the newest [`KEEP`] copies. Its path.
pub(super) fn copy_before(db: &Db, from: i64, to: i64) -> Result<PathBuf, DbError> {
    use std::os::unix::fs::{DirBuilderExt as _, OpenOptionsExt as _, PermissionsExt as _};
    let data = db.path().parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let dir = data.join(DIR);
    let dir_err = |source| DbError::PreUpgradeDir { path: dir.clone(), source };
    std::fs::DirBuilder::new().mode(0o700).recursive(true).create(&dir).map_err(dir_err)?;
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).map_err(dir_err)?;
    let path = (1..)
        .map(|n| match n {
            1 => dir.join(format!("{PREFIX}{from}-to-{to}{SUFFIX}")),
            n => dir.join(format!("{PREFIX}{from}-to-{to}-{n}{SUFFIX}")),
        })
        .find(|p| !p.exists())
        .unwrap_or_default();
    // A new file, owner-only before SQLite writes to it.
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)
        .map_err(|source| DbError::PreUpgradeDir { path: path.clone(), source })?;
    if let Err(source) = online_copy(db.conn(), &path) {
        let _ = std::fs::remove_file(&path);
        return Err(DbError::PreUpgradeCopy { path, source });
    }
    let all = copies(data);
    for old in &all[..all.len().saturating_sub(KEEP)] {
        let _ = std::fs::remove_file(old);
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::schema::MIGRATIONS;
    use std::os::unix::fs::PermissionsExt as _;

    /// A database at schema `version` in `dir`, as an issuer of that
    /// schema left it, with one audit line.
    fn at_version(dir: &Path, version: usize) -> PathBuf {
        std::fs::create_dir_all(dir).unwrap();
        let path = dir.join("issuer.db");
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        for sql in &MIGRATIONS[..version] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute("INSERT INTO audit_log (at, actor, action, detail) VALUES (1, 'cli', 'init', 'old')", []).unwrap();
        conn.pragma_update(None, "user_version", version as i64).unwrap();
        path
    }

    fn version(path: &Path) -> i64 {
        Connection::open(path).unwrap().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap()
    }

    #[test]
    fn an_older_database_is_copied_before_it_is_migrated_and_only_then() {
        let tmp = tempfile::tempdir().unwrap();
        let known = MIGRATIONS.len();
        let path = at_version(tmp.path(), known - 2);
        let db = Db::open(&path).unwrap();
        let copy = tmp.path().join(DIR).join(format!("pre-upgrade-{}-to-{known}.sqlite", known - 2));
        assert_eq!(db.pre_upgrade_copy(), Some(copy.as_path()));
        assert_eq!(version(&path), known as i64);
        assert_eq!(version(&copy), known as i64 - 2, "the copy is the database from before");
        let detail: String =
            Connection::open(&copy).unwrap().query_row("SELECT detail FROM audit_log", [], |r| r.get(0)).unwrap();
        assert_eq!(detail, "old");
        assert_eq!(std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::metadata(tmp.path().join(DIR)).unwrap().permissions().mode() & 0o777, 0o700);
        drop(db);
        // Opened again at the current schema: no other copy.
        assert_eq!(Db::open(&path).unwrap().pre_upgrade_copy(), None);
        assert_eq!(copies(tmp.path()), vec![copy]);
        // A new database has nothing to keep.
        let fresh = tmp.path().join("new");
        std::fs::create_dir(&fresh).unwrap();
        assert_eq!(Db::open(&fresh.join("issuer.db")).unwrap().pre_upgrade_copy(), None);
        assert!(!fresh.join(DIR).exists());
    }

    #[test]
    fn only_the_newest_copies_are_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let known = MIGRATIONS.len();
        for from in [1, 2, 3, 2, 4] {
            let _ = std::fs::remove_file(tmp.path().join("issuer.db"));
            let path = at_version(tmp.path(), from);
            Db::open(&path).unwrap();
        }
        let names: Vec<String> =
            copies(tmp.path()).iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(
            names,
            [
                format!("pre-upgrade-2-to-{known}-2.sqlite"),
                format!("pre-upgrade-3-to-{known}.sqlite"),
                format!("pre-upgrade-4-to-{known}.sqlite")
            ]
        );
    }

    #[test]
    fn a_database_from_a_newer_issuer_is_refused_unchanged_and_not_copied() {
        let tmp = tempfile::tempdir().unwrap();
        let path = at_version(tmp.path(), MIGRATIONS.len());
        Connection::open(&path).unwrap().pragma_update(None, "user_version", 99).unwrap();
        let before = std::fs::read(&path).unwrap();
        let known = MIGRATIONS.len() as i64;
        let err = Db::open(&path).unwrap_err();
        assert!(matches!(&err, DbError::NewerSchema { path: p, found: 99, known: k } if *p == path && *k == known));
        assert!(std::fs::read(&path).unwrap() == before, "the database is left as it is");
        assert!(!tmp.path().join(DIR).exists());
        let nb = err.message(crate::i18n::Lang::Nb).unwrap();
        assert!(
            nb.contains(&format!(
                "nyere versjon av utstederen (skjema 99; denne versjonen kjenner til og med {known})"
            )),
            "{nb}"
        );
        assert!(nb.contains(&format!("backups/pre-upgrade-{known}-to-99.sqlite")), "{nb}");
        let en = err.message(crate::i18n::Lang::En).unwrap();
        assert!(
            en.contains(&format!("newer version of the issuer (schema 99; this version knows up to {known})")),
            "{en}"
        );
        assert!(en.contains("Nothing was changed"), "{en}");
    }

    #[test]
    fn copies_are_ordered_by_upgrade_and_repeat() {
        assert_eq!(parse("pre-upgrade-7-to-9.sqlite"), Some((9, 7, 1)));
        assert_eq!(parse("pre-upgrade-7-to-9-2.sqlite"), Some((9, 7, 2)));
        assert_eq!(parse("pre-upgrade-x-to-9.sqlite"), None);
        assert_eq!(parse("issuer.db"), None);
        assert!(parse("pre-upgrade-9-to-10.sqlite") > parse("pre-upgrade-7-to-9-2.sqlite"));
    }
}
