//! `issuer backup` and `issuer restore`: one encrypted file holding what a
//! new server needs to carry on as this issuer: the database (taken with
//! SQLite's online backup while the server runs) and the key directory,
//! plus `issuer.toml` if the data directory has one.
//!
//! The backup holds what the data directory holds (the root and signing
//! keys, staff accounts and their password hashes, the audit log, counts,
//! the duplicate check's key and entries): it is encrypted with age
//! ([`archive`]) and never written unencrypted. A restore decrypts and
//! checks everything ([`restore`]) before it writes to the data directory.

pub mod archive;
pub mod restore;
pub mod root_key;

use archive::{Lock, Member};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// The database file inside the data directory.
pub const DB_MEMBER: &str = "issuer.db";
/// The server's configuration file, if the data directory holds one.
pub const CONFIG_MEMBER: &str = "issuer.toml";
/// The key directory.
pub const KEYS_DIR: &str = "keys";
/// The shortest passphrase a backup is made with.
pub const MIN_PASSPHRASE_CHARS: usize = 12;

/// Why a backup could not be made or restored. Each has a message in
/// bokmål and English ([`BackupError::message_id`]).
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The data directory holds no issuer.
    #[error("{0} holds no issuer")]
    NoIssuer(PathBuf),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// SQLite's online backup failed.
    #[error("backing up the database {path}: {source}")]
    Sqlite {
        /// The database.
        path: PathBuf,
        /// What SQLite said.
        #[source]
        source: rusqlite::Error,
    },
    /// A passphrase shorter than [`MIN_PASSPHRASE_CHARS`].
    #[error("the passphrase is shorter than {MIN_PASSPHRASE_CHARS} characters")]
    WeakPassphrase,
    /// Neither a passphrase nor an age key was given.
    #[error("no passphrase or age key was given")]
    NoSecret,
    /// An `age1…` recipient or an identity file that age does not read.
    #[error("not an age key: {0}")]
    BadAgeKey(String),
    /// Encrypting failed.
    #[error("encrypting the backup failed: {0}")]
    Encrypt(String),
    /// The file is not a backup of this issuer (not age, or not our
    /// container inside).
    #[error("this file is not a backup of the activity card issuer")]
    NotABackup,
    /// The passphrase (or age key) does not open the backup.
    #[error("the passphrase or key does not open this backup")]
    WrongPassphrase,
    /// The backup is damaged: truncated, changed, or missing a part.
    #[error("the backup is damaged: {0}")]
    Damaged(String),
    /// The backup's database or keys fail the issuer's own checks.
    #[error("the backup's data fails the issuer's checks: {0}")]
    Inconsistent(String),
    /// The data directory to restore into is not empty.
    #[error("{0} is not empty; restore into a new or empty directory, or add --replace-existing")]
    TargetNotEmpty(PathBuf),
}

impl BackupError {
    /// The Fluent message of this error (`issuer/i18n/web.*.ftl`); its
    /// arguments are [`BackupError::message_args`].
    pub fn message_id(&self) -> &'static str {
        match self {
            BackupError::NoIssuer(_) => "backup-no-issuer",
            BackupError::Io { .. } => "backup-io",
            BackupError::Sqlite { .. } => "backup-sqlite",
            BackupError::WeakPassphrase => "backup-weak-passphrase",
            BackupError::NoSecret => "backup-no-secret",
            BackupError::BadAgeKey(_) => "backup-bad-age-key",
            BackupError::Encrypt(_) => "backup-encrypt",
            BackupError::NotABackup => "backup-not-a-backup",
            BackupError::WrongPassphrase => "backup-wrong-passphrase",
            BackupError::Damaged(_) => "backup-damaged",
            BackupError::Inconsistent(_) => "backup-inconsistent",
            BackupError::TargetNotEmpty(_) => "backup-target-not-empty",
        }
    }

    /// The arguments of [`BackupError::message_id`]: `path` and `detail`.
    pub fn message_args(&self) -> Vec<(&'static str, String)> {
        use std::error::Error as _;
        let detail = |s: &dyn std::fmt::Display| vec![("detail", s.to_string())];
        match self {
            BackupError::NoIssuer(p) | BackupError::TargetNotEmpty(p) => vec![("path", p.display().to_string())],
            BackupError::Io { path, source } => {
                vec![("path", path.display().to_string()), ("detail", source.to_string())]
            }
            BackupError::Sqlite { path, source } => vec![
                ("path", path.display().to_string()),
                ("detail", source.source().map(|s| s.to_string()).unwrap_or_else(|| source.to_string())),
            ],
            BackupError::WeakPassphrase => vec![("min", MIN_PASSPHRASE_CHARS.to_string())],
            BackupError::BadAgeKey(d) | BackupError::Encrypt(d) => detail(d),
            BackupError::Damaged(d) | BackupError::Inconsistent(d) => detail(d),
            BackupError::NoSecret | BackupError::NotABackup | BackupError::WrongPassphrase => Vec::new(),
        }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        let args = self.message_args();
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        crate::i18n::Messages::of(lang).get_with(self.message_id(), &args)
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io { path: path.to_path_buf(), source }
}

/// A passphrase for a new backup: at least [`MIN_PASSPHRASE_CHARS`].
pub fn new_passphrase(text: String) -> Result<Lock, BackupError> {
    if text.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(BackupError::WeakPassphrase);
    }
    Ok(Lock::Passphrase(age::secrecy::SecretString::from(text)))
}

/// age recipients (`age1…`) for a new backup.
pub fn recipients(keys: &[String]) -> Result<Lock, BackupError> {
    let parse = |k: &String| k.trim().parse::<age::x25519::Recipient>().map_err(|e| BackupError::BadAgeKey(e.into()));
    Ok(Lock::Recipients(keys.iter().map(parse).collect::<Result<_, _>>()?))
}

/// The identities of an age identity file's text (`AGE-SECRET-KEY-1…`).
pub fn identities(text: &str) -> Result<archive::Unlock, BackupError> {
    let bad = |e: &dyn std::fmt::Display| BackupError::BadAgeKey(e.to_string());
    let file = age::IdentityFile::from_buffer(text.as_bytes()).map_err(|e| bad(&e))?;
    let ids = file.into_identities().map_err(|e| bad(&e))?;
    if ids.is_empty() {
        return Err(BackupError::BadAgeKey("no AGE-SECRET-KEY-1 line".into()));
    }
    Ok(archive::Unlock::Identities(ids))
}

/// Copy the database at `db` with SQLite's online backup API into a new
/// owner-only file `tmp` (in the data directory, which already holds the
/// database unencrypted) and read it. One step copies every page while
/// holding a read transaction, so the copy is one consistent state even
/// while the server writes (WAL: writers are not blocked).
fn snapshot_database(db: &Path, tmp: &Path) -> Result<Zeroizing<Vec<u8>>, BackupError> {
    let sql = |source| BackupError::Sqlite { path: db.to_path_buf(), source };
    let src = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE).map_err(sql)?;
    src.busy_timeout(std::time::Duration::from_secs(30)).map_err(sql)?;
    keys::create_owner_only(tmp).map_err(io(tmp))?;
    let result = (|| {
        // All pages in one step: one read transaction, one state (the
        // same copy as the one taken before an upgrade).
        crate::db::pre_upgrade::online_copy(&src, tmp).map_err(sql)?;
        std::fs::read(tmp).map(Zeroizing::new).map_err(io(tmp))
    })();
    for suffix in ["", "-journal"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", tmp.display()));
    }
    result
}

/// The key directory's files (not the temporary `.…` files of a write in
/// progress).
fn key_members(data: &Path) -> Result<Vec<Member>, BackupError> {
    let dir = data.join(KEYS_DIR);
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(io(&dir))? {
        let entry = entry.map_err(io(&dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().map_err(io(&dir))?.is_file() && !name.starts_with('.') {
            names.push(name);
        }
    }
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let path = dir.join(&name);
            let content = std::fs::read(&path).map(Zeroizing::new).map_err(io(&path))?;
            Ok(Member { name: format!("{KEYS_DIR}/{name}"), content })
        })
        .collect()
}

/// The start of the name of the temporary database copy in the data
/// directory.
const TMP_PREFIX: &str = ".backup-";

/// Remove the temporary copies a backup that was killed left behind.
fn remove_stale_copies(data: &Path) {
    for entry in std::fs::read_dir(data).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(TMP_PREFIX) && (name.ends_with(".db") || name.ends_with(".db-journal")) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Make the encrypted backup of the issuer in `data`, at `now` (Unix
/// seconds). The database is taken first and the keys after it, so every
/// key the database's bundles name is in the backup.
pub fn create(data: &Path, lock: &Lock, now: i64) -> Result<Vec<u8>, BackupError> {
    let db = data.join(DB_MEMBER);
    if !db.is_file() || !data.join(KEYS_DIR).is_dir() {
        return Err(BackupError::NoIssuer(data.to_path_buf()));
    }
    remove_stale_copies(data);
    let mut suffix = [0u8; 6];
    keys::os_random(&mut suffix).map_err(|e| BackupError::Encrypt(e.to_string()))?;
    let tmp = data.join(format!("{TMP_PREFIX}{}.db", shared::wire::hex_encode(&suffix)));
    let mut members = vec![Member { name: DB_MEMBER.into(), content: snapshot_database(&db, &tmp)? }];
    members.extend(key_members(data)?);
    let config = data.join(CONFIG_MEMBER);
    if config.is_file() {
        members.push(Member {
            name: CONFIG_MEMBER.into(),
            content: std::fs::read(&config).map(Zeroizing::new).map_err(io(&config))?,
        });
    }
    archive::encrypt(&archive::encode(now, &members), lock)
}
