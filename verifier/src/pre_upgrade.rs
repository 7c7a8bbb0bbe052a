//! The copy of the redemption log taken before a migration changes its
//! schema (an upgrade of the verifier):
//! `DIR/backups/pre-upgrade-<old>-to-<new>.sqlite`, made with SQLite's
//! online backup just before the migration's transaction, so that the previous release can be put back (README,
//! "Upgrades"). A new log, a current one, and a log from before pseudonyms
//! (schema below [`crate::log`]'s pseudonym schema: that migration exists to
//! remove the cards' token ids from the disk) get no copy.
//!
//! The copy is owner-only (0600, in a 0700 directory) next to the log, as
//! the log is; it keeps the visits the station removes later (SPEC
//! §11.10), so only the newest [`KEEP`] copies are kept.

use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// The directory of the copies, inside the data directory.
pub const DIR: &str = "backups";
/// How many pre-upgrade copies are kept (the newest).
pub const KEEP: usize = 3;

const PREFIX: &str = "pre-upgrade-";
const SUFFIX: &str = ".sqlite";

/// Why the copy could not be made.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    /// Its directory or file could not be made.
    #[error("{path}: {source}")]
    Io {
        /// The directory or file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// SQLite could not copy the log.
    #[error("{path}: {source}")]
    Sqlite {
        /// The copy that was to be made.
        path: PathBuf,
        /// What SQLite said.
        #[source]
        source: rusqlite::Error,
    },
}

/// The versions and repeat number in a copy's name, for ordering.
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

/// Copy the log at `log` (open as `src`, at schema `from`) before it is
/// migrated to `to`, if it has a schema and holds pseudonyms already
/// (`from` ≥ `pseudonyms`, the schema that brought them); see
/// [`copy_before`].
pub fn copy_if_upgrading(
    src: &Connection,
    log: &Path,
    from: i64,
    to: i64,
    pseudonyms: usize,
) -> Result<Option<PathBuf>, CopyError> {
    if from < to && usize::try_from(from).is_ok_and(|f| f >= pseudonyms) {
        let data = log.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        return copy_before(src, data, from, to).map(Some);
    }
    Ok(None)
}

/// Copy the log open as `src` (at schema `from`, in the data directory
/// `data`) before it is migrated to `to`, then remove all but the newest
/// [`KEEP`] copies. The copy's path.
pub fn copy_before(src: &Connection, data: &Path, from: i64, to: i64) -> Result<PathBuf, CopyError> {
    use std::os::unix::fs::{DirBuilderExt as _, OpenOptionsExt as _, PermissionsExt as _};
    let dir = data.join(DIR);
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| CopyError::Io { path, source }
    };
    std::fs::DirBuilder::new().mode(0o700).recursive(true).create(&dir).map_err(io(&dir))?;
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).map_err(io(&dir))?;
    let path = (1..)
        .map(|n| match n {
            1 => dir.join(format!("{PREFIX}{from}-to-{to}{SUFFIX}")),
            n => dir.join(format!("{PREFIX}{from}-to-{to}-{n}{SUFFIX}")),
        })
        .find(|p| !p.exists())
        .unwrap_or_default();
    std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&path).map_err(io(&path))?;
    let copied = (|| {
        let mut out = Connection::open(&path)?;
        // Every page in one step, under one read transaction: one state.
        let done = rusqlite::backup::Backup::new(src, &mut out)?.step(-1)?;
        if done != rusqlite::backup::StepResult::Done {
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                Some(format!("the log was busy ({done:?})")),
            ));
        }
        out.close().map_err(|(_, e)| e)
    })();
    if let Err(source) = copied {
        let _ = std::fs::remove_file(&path);
        return Err(CopyError::Sqlite { path, source });
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

    #[test]
    fn copies_are_ordered_by_upgrade_and_repeat() {
        assert_eq!(parse("pre-upgrade-5-to-6.sqlite"), Some((6, 5, 1)));
        assert_eq!(parse("pre-upgrade-5-to-6-3.sqlite"), Some((6, 5, 3)));
        assert_eq!(parse("redemptions.db"), None);
        assert!(parse("pre-upgrade-6-to-7.sqlite") > parse("pre-upgrade-5-to-6-3.sqlite"));
    }
}
