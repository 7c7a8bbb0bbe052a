//! `issuer restore`: decrypt, check everything, and only then write.
//!
//! 1. The target directory must be missing or empty (or be replaced on
//!    request: it is then moved aside, never deleted).
//! 2. The file is decrypted and the container read in memory: a wrong
//!    passphrase, a damaged or truncated file, or a file that is not a
//!    backup stops here, before anything is written.
//! 3. The members must be exactly what a backup holds: `issuer.db`,
//!    `keys/keyring.json`, key files, optionally `issuer.toml`.
//! 4. They are written, owner-only, into a new private directory next to
//!    the target, which is then checked as the issuer itself would open
//!    it: SQLite's integrity check, the schema (migrations; a database of
//!    a newer issuer is refused), the catalogue, the key ring with its root
//!    key, every signing key file against the ring, and the latest
//!    published bundle against the ring's roots and signing keys.
//! 5. Only then is that directory renamed into place.

use super::archive::{self, Member, Unlock};
use super::{BackupError, CONFIG_MEMBER, DB_MEMBER, KEYS_DIR};
use crate::store::Store;
use std::path::{Path, PathBuf};

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    /// When the backup was made (Unix seconds).
    pub made_at: i64,
    /// The root key fingerprint of the restored issuer (what venues pinned).
    pub root_fingerprint: String,
    /// Where the directory that was replaced now is (`--replace-existing`).
    pub moved_aside: Option<PathBuf>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io { path: path.to_path_buf(), source }
}

/// Whether `dir` is missing or empty.
fn is_empty_or_missing(dir: &Path) -> Result<bool, BackupError> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => Ok(entries.next().is_none()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
        Err(e) => Err(io(dir)(e)),
    }
}

/// A key file name the key ring writes: `root-…key` (absent while the
/// root key is kept offline), `signing-…key`, `bundle-…key`,
/// `keyring.json` or the duplicate check's secret.
fn is_key_file_name(name: &str) -> bool {
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    plain
        && (name == "keyring.json"
            || name == crate::store::dup_key::KEY_FILE
            || ((name.starts_with("root-") || name.starts_with("signing-") || name.starts_with("bundle-"))
                && name.ends_with(".key")))
}

/// Check that the members are what a backup holds, each once.
fn check_members(members: &[Member]) -> Result<(), BackupError> {
    let mut seen = std::collections::HashSet::new();
    for m in members {
        let ok = m.name == DB_MEMBER
            || m.name == CONFIG_MEMBER
            || m.name.strip_prefix("keys/").is_some_and(is_key_file_name);
        if !ok {
            return Err(BackupError::Damaged(format!("unexpected member {:?}", m.name)));
        }
        if !seen.insert(m.name.as_str()) {
            return Err(BackupError::Damaged(format!("member {} twice", m.name)));
        }
    }
    for needed in [DB_MEMBER, "keys/keyring.json"] {
        if !seen.contains(needed) {
            return Err(BackupError::Damaged(format!("member {needed} is missing")));
        }
    }
    let db = members.iter().find(|m| m.name == DB_MEMBER).map(|m| m.content.as_slice()).unwrap_or_default();
    if !db.starts_with(b"SQLite format 3\0") {
        return Err(BackupError::Damaged(format!("{DB_MEMBER} is not an SQLite database")));
    }
    Ok(())
}

/// Write the members into the new directory `dir` (0700; keys/ 0700;
/// files 0600).
fn write_members(dir: &Path, members: &[Member]) -> Result<(), BackupError> {
    let key_err = |e: keys::KeyError| BackupError::Inconsistent(e.to_string());
    keys::keyfile::ensure_private_dir(dir).map_err(key_err)?;
    keys::keyfile::ensure_private_dir(&dir.join(KEYS_DIR)).map_err(key_err)?;
    for m in members {
        let path = dir.join(&m.name);
        keys::atomic_write(&path, &m.content, 0o600).map_err(|e| match e {
            keys::KeyError::Io { path, source } => BackupError::Io { path, source },
            e => key_err(e),
        })?;
    }
    Ok(())
}

/// Open the restored directory as the issuer does and check it whole.
fn check_issuer(dir: &Path) -> Result<String, BackupError> {
    let bad = |e: &dyn std::fmt::Display| BackupError::Inconsistent(e.to_string());
    let store = Store::open(dir).map_err(|e| bad(&e))?;
    let integrity: String =
        store.db().conn().query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(|e| bad(&e))?;
    if integrity != "ok" {
        return Err(BackupError::Inconsistent(format!("SQLite integrity check: {integrity}")));
    }
    let ring = store.ring();
    ring.check_signing_key_files().map_err(|e| bad(&e))?;
    if let Some((version, bytes)) = store.bundles().latest().map_err(|e| bad(&e))? {
        let roots = ring.root_fingerprints();
        let first = roots.first().ok_or_else(|| BackupError::Inconsistent("no root key".into()))?;
        let bundle = shared::bundle::verify_bundle(&bytes, first, shared::Timestamp(i64::MAX))
            .map_err(|e| BackupError::Inconsistent(format!("published bundle {version}: {e}")))?;
        if !roots.contains(&bundle.root_fingerprint()) {
            return Err(BackupError::Inconsistent(format!("bundle {version} is signed by a root not in the key ring")));
        }
        for key in &bundle.body().signing_keys {
            if !ring.signing_keys().iter().any(|k| k.key_id == key.key_id && k.public_key.0 == key.public_key.0) {
                let id = key.key_id;
                return Err(BackupError::Inconsistent(format!(
                    "bundle {version} names signing key {id}, not in the key ring"
                )));
            }
        }
    }
    Ok(ring.root_fingerprint().to_string())
}

/// A new name next to `target`: `.<name>.<what>-<random>` (hidden) or
/// `<name>.<what>-<random>`.
fn sibling(target: &Path, what: &str, hidden: bool) -> Result<PathBuf, BackupError> {
    let mut suffix = [0u8; 6];
    keys::os_random(&mut suffix).map_err(|e| BackupError::Inconsistent(e.to_string()))?;
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "issuer-data".into());
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let dot = if hidden { "." } else { "" };
    Ok(parent.join(format!("{dot}{name}.{what}-{}", shared::wire::hex_encode(&suffix))))
}

/// Restore the backup `file` (its bytes) into `target`. With `replace`, a
/// non-empty `target` is moved aside (to `<target>.replaced-<random>`) rather than
/// refused. Nothing is written before the backup has passed every check.
pub fn restore(file: &[u8], unlock: &Unlock, target: &Path, replace: bool) -> Result<Restored, BackupError> {
    let empty = is_empty_or_missing(target)?;
    if !empty && !replace {
        return Err(BackupError::TargetNotEmpty(target.to_path_buf()));
    }
    let plain = archive::decrypt(file, unlock)?;
    let (made_at, members) = archive::decode(&plain)?;
    drop(plain);
    check_members(&members)?;

    let staging = sibling(target, "restore", true)?;
    let checked = write_members(&staging, &members).and_then(|()| check_issuer(&staging));
    let root_fingerprint = match checked {
        Ok(f) => f,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    let moved_aside = if !target.exists() {
        None
    } else if empty {
        // An empty directory someone prepared (its owner and mode kept):
        // the restored files move into it.
        for entry in std::fs::read_dir(&staging).map_err(io(&staging))? {
            let name = entry.map_err(io(&staging))?.file_name();
            std::fs::rename(staging.join(&name), target.join(&name)).map_err(io(target))?;
        }
        std::fs::remove_dir(&staging).map_err(io(&staging))?;
        return Ok(Restored { made_at, root_fingerprint, moved_aside: None });
    } else {
        let aside = sibling(target, "replaced", false)?;
        std::fs::rename(target, &aside).map_err(io(target))?;
        Some(aside)
    };
    std::fs::rename(&staging, target).map_err(io(target))?;
    Ok(Restored { made_at, root_fingerprint, moved_aside })
}
