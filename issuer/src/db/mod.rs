//! The connection owner: opens the issuer's SQLite database with its
//! pragmas, brings its schema up to date ([`schema`]) and starts
//! transactions. The repositories of [`crate::store`] work through a [`Db`];
//! nothing here knows about them.

pub mod pre_upgrade;
pub mod schema;

use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Why the database could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// SQLite refused or failed.
    #[error("database {path}: {source}")]
    Sql {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        #[source]
        source: rusqlite::Error,
    },
    /// The database was written by a newer issuer (more migrations than
    /// this one knows).
    #[error(
        "database {path}: the database is from a newer version of the issuer (schema {found} > {known}); update it"
    )]
    NewerSchema {
        /// The database file.
        path: PathBuf,
        /// Migrations applied to it.
        found: i64,
        /// Migrations this issuer knows.
        known: i64,
    },
    /// The directory or file of the copy taken before an upgrade
    /// ([`pre_upgrade`]) could not be made; nothing was migrated.
    #[error("{path}: cannot make the copy of the database taken before an upgrade: {source}")]
    PreUpgradeDir {
        /// The directory or file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// SQLite could not copy the database before an upgrade; nothing was
    /// migrated.
    #[error("{path}: copying the database before an upgrade failed: {source}")]
    PreUpgradeCopy {
        /// The copy that was to be made.
        path: PathBuf,
        /// What SQLite said.
        #[source]
        source: rusqlite::Error,
    },
    /// The database file's permissions could not be set to owner-only.
    #[error("database {path}: cannot make it readable by its owner only: {source}")]
    Permissions {
        /// The file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A stored value this issuer cannot read (a damaged or hand-edited
    /// database).
    #[error("database {path}: {what}")]
    BadValue {
        /// The database file.
        path: PathBuf,
        /// Which value.
        what: String,
    },
    /// One failure reported to every request it concerns (see
    /// [`crate::counter`]: one commit answers many requests).
    #[error(transparent)]
    Shared(Arc<DbError>),
}

impl DbError {
    /// What a person is told, in `lang`, of a failure that is theirs to
    /// act on: a database from a newer issuer (Fluent `db-newer-schema`:
    /// start the newer issuer, or put back the copy taken before the
    /// upgrade). `None` for the others (their English text says it).
    pub fn message(&self, lang: crate::i18n::Lang) -> Option<String> {
        match self {
            DbError::NewerSchema { path, found, known } => {
                let (path, found, known) = (path.display().to_string(), found.to_string(), known.to_string());
                let args = [("path", path.as_str()), ("found", found.as_str()), ("known", known.as_str())];
                Some(crate::i18n::Messages::of(lang).get_with("db-newer-schema", &args))
            }
            DbError::Shared(e) => e.message(lang),
            _ => None,
        }
    }
}

/// An open database: the one connection and its file's path.
#[derive(Debug)]
pub struct Db {
    path: PathBuf,
    conn: Connection,
    /// The copy taken before this open migrated the database, if it did.
    pre_upgrade: Option<PathBuf>,
    /// Rows written to [`ACCOUNTS_TABLES`] through this connection so far
    /// (see [`Db::accounts_generation`]).
    accounts_generation: Arc<AtomicU64>,
}

/// The tables whose every change moves [`Db::accounts_generation`] on:
/// what decides whose an API token is and whether it still works.
const ACCOUNTS_TABLES: [&str; 2] = ["api_tokens", "users"];

/// Adds the database's path to a SQLite error.
pub trait OrDb<T> {
    /// The result, with a SQLite error as [`DbError::Sql`] of `db`.
    fn or_db(self, db: &Db) -> Result<T, DbError>;
}

impl<T> OrDb<T> for rusqlite::Result<T> {
    fn or_db(self, db: &Db) -> Result<T, DbError> {
        self.map_err(|e| db.error(e))
    }
}

/// Make the database owner-only (0600) before SQLite opens it: created so
/// if it is new (SQLite gives its `-wal` and `-shm` files the database's
/// permissions), and tightened if an older issuer left it, or those files,
/// readable by others. It holds staff accounts and the audit log.
fn owner_only(path: &Path) -> Result<(), DbError> {
    use std::os::unix::fs::PermissionsExt as _;
    let failed = |p: &Path| {
        let p = p.to_path_buf();
        move |source| DbError::Permissions { path: p, source }
    };
    // A directory that is missing or not writable: SQLite's own error (with
    // its source) says so when it tries.
    let _ = keys::create_owner_only(path);
    for suffix in ["", "-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{suffix}", path.display()));
        match std::fs::metadata(&file) {
            Ok(m) if m.permissions().mode() & 0o077 != 0 => {
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).map_err(failed(&file))?;
            }
            _ => {}
        }
    }
    Ok(())
}

impl Db {
    /// Open (or create) the database at `path`: WAL journal, `synchronous =
    /// FULL`, foreign keys on, a 5-second busy timeout; then apply the
    /// migrations it lacks, after taking a copy of it when it has a schema
    /// already ([`pre_upgrade`]). A database from a newer issuer is
    /// refused and left as it is.
    pub fn open(path: &Path) -> Result<Db, DbError> {
        let err = |source| DbError::Sql { path: path.to_path_buf(), source };
        owner_only(path)?;
        let conn = Connection::open(path).map_err(err)?;
        let mut db = Db { path: path.to_path_buf(), conn, pre_upgrade: None, accounts_generation: Arc::default() };
        // SQLite's update hook sees every row this connection inserts,
        // updates or deletes (also in a transaction rolled back later, which
        // only empties a cache once too often).
        let generation = db.accounts_generation.clone();
        db.conn
            .update_hook(Some(move |_, _: &str, table: &str, _| {
                if ACCOUNTS_TABLES.contains(&table) {
                    generation.fetch_add(1, Ordering::AcqRel);
                }
            }))
            .or_db(&db)?;
        db.conn.busy_timeout(std::time::Duration::from_secs(5)).or_db(&db)?;
        db.conn.pragma_update(None, "journal_mode", "WAL").or_db(&db)?;
        db.conn.pragma_update(None, "synchronous", "FULL").or_db(&db)?;
        db.conn.pragma_update(None, "foreign_keys", "ON").or_db(&db)?;
        // What is deleted is overwritten (the duplicate check's entries).
        db.conn.pragma_update(None, "secure_delete", "ON").or_db(&db)?;
        db.pre_upgrade = schema::migrate(&db)?;
        if let Some(copy) = &db.pre_upgrade {
            tracing::info!("the database was upgraded; the copy from before is {}", copy.display());
        }
        Ok(db)
    }

    /// A number that changes whenever a row of `api_tokens` or `users` is
    /// written through this connection: what was read from them while it
    /// stays the same is still what they hold (no other process writes
    /// them while the server runs; the counter's connection never does).
    pub fn accounts_generation(&self) -> u64 {
        self.accounts_generation.load(Ordering::Acquire)
    }

    /// The copy of the database taken before this open migrated it.
    pub fn pre_upgrade_copy(&self) -> Option<&Path> {
        self.pre_upgrade.as_deref()
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection, for one statement outside a transaction.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// `BEGIN IMMEDIATE`: a transaction that takes the write lock at once
    /// (so that what it read stays true until it commits).
    pub fn immediate(&self) -> Result<Transaction<'_>, DbError> {
        self.transaction(TransactionBehavior::Immediate)
    }

    /// A transaction that takes the write lock at its first write.
    pub fn deferred(&self) -> Result<Transaction<'_>, DbError> {
        self.transaction(TransactionBehavior::Deferred)
    }

    fn transaction(&self, behavior: TransactionBehavior) -> Result<Transaction<'_>, DbError> {
        Transaction::new_unchecked(&self.conn, behavior).or_db(self)
    }

    /// `e`, with this database's path.
    pub fn error(&self, source: rusqlite::Error) -> DbError {
        DbError::Sql { path: self.path.clone(), source }
    }

    /// A value in this database that cannot be read (`what`).
    pub fn bad_value(&self, what: String) -> DbError {
        DbError::BadValue { path: self.path.clone(), what }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn a_sqlite_failure_keeps_its_source_and_the_path() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("missing-dir").join("issuer.db");
        let err = Db::open(&path).unwrap_err();
        assert!(matches!(&err, DbError::Sql { path: p, .. } if *p == path), "{err:?}");
        assert!(err.source().and_then(|s| s.downcast_ref::<rusqlite::Error>()).is_some(), "{err:?}");
        assert!(err.to_string().starts_with(&format!("database {}: ", path.display())), "{err}");
    }
}
