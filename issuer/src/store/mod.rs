//! The issuer's data directory.
//!
//! ```text
//! DIR/            0700
//! DIR/keys/       key ring (0700; private keys 0600), and the duplicate
//!                 check's pseudonym key (0600, made at its first use)
//! DIR/issuer.db   SQLite: catalogue, revocations, published bundles,
//!                 audit log, issuance counts, accounts, text overrides,
//!                 venue keys and usage counts (schema: [`crate::db::schema`])
//! ```
//!
//! Nothing about an issued card is stored: no token, no token id, no card
//! number (except a card number an administrator chose to block). Issuing
//! adds to a count per day, agency and card type, and one audit line that
//! says who issued how many of which card type.
//!
//! [`Store`] owns the key ring, the catalogue in use and the one database
//! connection ([`Db`]); each area of the data has its repository, borrowed
//! from the store: [`Store::catalogue_mut`] (catalogue changes),
//! [`Store::keys`] (key rotation), [`Store::bundles`] (revocations and
//! published bundles), [`Store::audit`], [`Store::issuance`] (issuance
//! counts), [`Store::texts`] (the families' texts), [`Store::accounts`]
//! (agencies, users, sessions) and [`Store::usage`] (venue keys and usage
//! counts). A repository writes its change and its audit line in one
//! transaction.

pub mod accounts;
pub mod audit;
pub mod bundles;
pub mod catalogue;
pub mod dup_key;
pub mod duplicates;
pub mod issuance;
pub mod texts;
pub mod usage;

use crate::IssuerError;
use crate::db::{Db, OrDb as _};
use keys::KeyRing;
use rusqlite::params;
use shared::Timestamp;
use shared::model::Catalogue;
use std::path::{Path, PathBuf};

pub use accounts::{Accounts, LoginAttempt, PRUNE_EVERY_SECS, Pruned};
pub use audit::{Audit, AuditEntry};
pub use bundles::Bundles;
pub use catalogue::{CatalogueEditor, Keys};
pub use duplicates::Duplicates;
pub use issuance::{IssuanceCount, IssuanceCounts};
pub use texts::TextOverrides;
pub use usage::Usage;

/// How long a bundle stays current before venues should fetch a new one.
pub const BUNDLE_LIFETIME_SECS: i64 = 60 * 86_400;

/// The default public base URL of the demo (the administrator changes it).
pub const DEFAULT_BASE_URL: &str = "https://kort.larvik.kommune.no";

/// Who did something, for the audit log (a user name or `cli`).
pub const CLI_ACTOR: &str = "cli";

const DB_FILE: &str = "issuer.db";

/// An open issuer data directory.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    db: Db,
    catalogue: Catalogue,
    ring: KeyRing,
    /// The duplicate check's key, read (or made) at its first use.
    pseudonym_key: std::sync::OnceLock<dup_key::PseudonymKey>,
    /// API tokens already verified ([`accounts::TokenCache`]).
    api_tokens: accounts::TokenCache,
}

impl Store {
    /// Whether `dir` holds an issuer.
    pub fn exists(dir: &Path) -> bool {
        dir.join(DB_FILE).exists()
    }

    /// Create keys, the database and the demo catalogue in `dir`.
    pub fn init(dir: &Path, now: Timestamp) -> Result<Store, IssuerError> {
        if Self::exists(dir) || KeyRing::exists(&dir.join("keys")) {
            return Err(IssuerError::AlreadyInitialised(dir.to_path_buf()));
        }
        // A new data directory is private (0700); an existing one the
        // administrator chose is left as it is (its keys/ is 0700 anyway).
        if !dir.exists() {
            keys::keyfile::ensure_private_dir(dir)?;
        }
        let ring = KeyRing::create(&dir.join("keys"), now)?;
        let db = Db::open(&dir.join(DB_FILE))?;
        let catalogue = crate::demo::larvik(DEFAULT_BASE_URL);
        let json = serde_json::to_string(&catalogue).map_err(IssuerError::CatalogueJson)?;
        db.conn()
            .execute("INSERT INTO catalogue (id, json, updated_at) VALUES (1, ?1, ?2)", params![json, now.0])
            .or_db(&db)?;
        audit::write(db.conn(), CLI_ACTOR, "init", &format!("root key {}", ring.root_fingerprint()), now).or_db(&db)?;
        Ok(Store::with(dir, db, catalogue, ring))
    }

    /// Open an existing issuer directory.
    pub fn open(dir: &Path) -> Result<Store, IssuerError> {
        if !Self::exists(dir) {
            return Err(IssuerError::NotInitialised(dir.to_path_buf()));
        }
        // The keys first: a directory the issuer cannot run from (a key
        // file others can read) is not migrated either.
        let ring = KeyRing::open(&dir.join("keys"))?;
        let path = dir.join(DB_FILE);
        let db = Db::open(&path)?;
        let json: String =
            db.conn().query_row("SELECT json FROM catalogue WHERE id = 1", [], |r| r.get(0)).or_db(&db)?;
        let bad = |reason: String| IssuerError::BadFile { path: path.clone(), reason };
        let catalogue: Catalogue = serde_json::from_str(&json).map_err(|e| bad(format!("catalogue: {e}")))?;
        catalogue.validate().map_err(|e| bad(format!("catalogue: {e}")))?;
        Ok(Store::with(dir, db, catalogue, ring))
    }

    /// A store of these parts, with nothing derived or kept in memory yet.
    fn with(dir: &Path, db: Db, catalogue: Catalogue, ring: KeyRing) -> Store {
        Store {
            dir: dir.to_path_buf(),
            db,
            catalogue,
            ring,
            pseudonym_key: std::sync::OnceLock::new(),
            api_tokens: Default::default(),
        }
    }

    /// The database file (for a second connection, see [`crate::counter`]).
    pub fn db_path(&self) -> PathBuf {
        self.dir.join(DB_FILE)
    }

    /// The catalogue.
    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    /// The key ring.
    pub fn ring(&self) -> &KeyRing {
        &self.ring
    }

    /// Changing the catalogue.
    pub fn catalogue_mut(&mut self) -> CatalogueEditor<'_> {
        CatalogueEditor::new(&self.db, &mut self.catalogue)
    }

    /// Rotating the keys.
    pub fn keys(&mut self) -> Keys<'_> {
        Keys::new(&self.db, &mut self.ring)
    }

    /// Revocations and published trust bundles.
    pub fn bundles(&self) -> Bundles<'_> {
        Bundles::new(&self.db, &self.ring, &self.catalogue)
    }

    /// The audit log.
    pub fn audit(&self) -> Audit<'_> {
        Audit::new(&self.db)
    }

    /// Issuance counts.
    pub fn issuance(&self) -> IssuanceCounts<'_> {
        IssuanceCounts::new(&self.db)
    }

    /// The municipality's wording of the families' texts.
    pub fn texts(&self) -> TextOverrides<'_> {
        TextOverrides::new(&self.db)
    }

    /// Agencies, staff accounts, logins and sessions.
    pub fn accounts(&self) -> Accounts<'_> {
        Accounts::new(&self.db, &self.api_tokens)
    }

    /// Venue keys and usage counts.
    pub fn usage(&self) -> Usage<'_> {
        Usage::new(&self.db, &self.catalogue)
    }

    /// The duplicate check: its card types and entries.
    pub fn duplicates(&self) -> Duplicates<'_> {
        Duplicates::new(&self.db)
    }

    /// The duplicate check's key (`keys/duplicate-check.secret`), made at
    /// its first use.
    pub fn pseudonym_key(&self) -> Result<&dup_key::PseudonymKey, IssuerError> {
        if let Some(key) = self.pseudonym_key.get() {
            return Ok(key);
        }
        let key = dup_key::PseudonymKey::load_or_create(&self.dir.join("keys"))?;
        Ok(self.pseudonym_key.get_or_init(|| key))
    }

    /// Empty the database's write-ahead log into the database (after
    /// deleting what must not stay on disk: the duplicate check's
    /// entries). Best effort: a failure is logged.
    pub fn checkpoint(&self) {
        if let Err(e) = self.db.conn().query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())) {
            tracing::warn!("checkpointing the database failed: {e}");
        }
    }

    /// The database, for a rule that needs one transaction across areas
    /// (the duplicate check's).
    pub(crate) fn db(&self) -> &Db {
        &self.db
    }
}

/// A new issuer in a temporary directory, for tests: (the directory's
/// guard, the data directory, the store, the time it was made).
#[cfg(test)]
pub(crate) fn new_store() -> (tempfile::TempDir, PathBuf, Store, Timestamp) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("issuer");
    let now = Timestamp(1_795_262_400);
    let store = Store::init(&dir, now).unwrap();
    (tmp, dir, store, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::DbError;
    use crate::store::IssuanceCount;
    use rusqlite::Connection;
    use shared::{CardNumber, CardTypeId};

    #[test]
    fn counts_audit_revocations_and_bundles_persist() {
        let (_tmp, dir, store, now) = new_store();
        assert!(matches!(Store::init(&dir, now), Err(IssuerError::AlreadyInitialised(_))));
        store.issuance().record(CardTypeId(1), 10, 0, CLI_ACTOR, now).unwrap();
        store.issuance().record(CardTypeId(1), 5, 0, CLI_ACTOR, now).unwrap();
        store.issuance().record(CardTypeId(2), 1, 0, CLI_ACTOR, now).unwrap();
        let n = CardNumber(12345);
        assert!(store.bundles().revoke(n, "admin", now).unwrap());
        assert!(!store.bundles().revoke(n, "admin", now).unwrap());
        let b1 = store.bundles().publish(CLI_ACTOR, now).unwrap();
        let b2 = store.bundles().publish(CLI_ACTOR, now).unwrap();
        drop(store);

        let store = Store::open(&dir).unwrap();
        let day = now.oslo_day();
        assert_eq!(
            store.issuance().counts().unwrap(),
            vec![
                IssuanceCount { day, agency: 0, card_type: CardTypeId(1), count: 15 },
                IssuanceCount { day, agency: 0, card_type: CardTypeId(2), count: 1 },
            ]
        );
        assert_eq!(store.bundles().revoked().unwrap(), vec![n]);
        assert_eq!(store.bundles().latest().unwrap(), Some((2, b2.clone())));
        let fp = store.ring().root_fingerprint();
        let v1 = shared::verify_bundle(&b1, &fp, now).unwrap();
        let v2 = shared::verify_bundle(&b2, &fp, now).unwrap();
        assert_eq!((v1.version(), v2.version()), (1, 2));
        assert!(v2.is_revoked(n));
        let actions: Vec<String> = store.audit().recent(100).unwrap().into_iter().map(|e| e.action).collect();
        assert_eq!(actions, ["bundle", "bundle", "revoke", "issue", "issue", "issue", "init"]);
        let details: Vec<String> = store.audit().recent(100).unwrap().into_iter().map(|e| e.detail).collect();
        assert!(details.contains(&"10 × card type 1".to_string()), "{details:?}");
    }

    #[test]
    fn an_invalid_catalogue_is_refused_and_the_old_one_kept() {
        let (_tmp, dir, mut store, now) = new_store();
        let mut bad = store.catalogue().clone();
        bad.card_types[0].benefits[0].venues.push("nowhere".into());
        match store.catalogue_mut().replace(bad, "admin", now) {
            Err(IssuerError::InvalidCatalogue(shared::model::CatalogueError::UnknownVenue { venue, .. })) => {
                assert_eq!(venue, "nowhere")
            }
            other => panic!("{other:?}"),
        }
        let mut good = store.catalogue().clone();
        good.scheme_name = "Aktivitetskortet".into();
        store.catalogue_mut().replace(good, "admin", now).unwrap();
        drop(store);
        assert_eq!(Store::open(&dir).unwrap().catalogue().scheme_name, "Aktivitetskortet");
    }

    #[test]
    fn card_type_numbers_are_never_handed_out_twice() {
        let (_tmp, dir, mut store, now) = new_store();
        let high = store.catalogue().card_types.iter().map(|c| c.id.0).max().unwrap();
        assert_eq!(store.catalogue_mut().next_card_type_id().unwrap(), Some(CardTypeId(high + 1)));
        // Remove the highest card type: its number stays used.
        let mut cat = store.catalogue().clone();
        cat.card_types.retain(|c| c.id.0 != high);
        store.catalogue_mut().replace_noting(cat, "removed card type", "admin", now).unwrap();
        assert_eq!(store.catalogue_mut().next_card_type_id().unwrap(), Some(CardTypeId(high + 1)));
        assert_eq!(
            store.audit().recent(1).unwrap()[0].detail,
            format!("removed card type; 7 venues, {} card types", high - 1)
        );
        // Cards issued of an unknown number count too.
        store.issuance().record(CardTypeId(40), 2, 0, CLI_ACTOR, now).unwrap();
        store.issuance().record(CardTypeId(40), 3, 0, CLI_ACTOR, now).unwrap();
        assert_eq!(store.catalogue_mut().next_card_type_id().unwrap(), Some(CardTypeId(41)));
        assert_eq!(store.issuance().of_type(CardTypeId(40)).unwrap(), 5);
        assert_eq!(store.issuance().of_type(CardTypeId(39)).unwrap(), 0);
        drop(store);
        assert_eq!(Store::open(&dir).unwrap().catalogue_mut().next_card_type_id().unwrap(), Some(CardTypeId(41)));
    }

    #[test]
    fn the_high_water_mark_starts_from_an_older_database() {
        let (_tmp, dir, mut store, now) = new_store();
        let mut cat = store.catalogue().clone();
        cat.card_types[0].id = CardTypeId(17);
        store.catalogue_mut().replace(cat, "admin", now).unwrap();
        drop(store);
        // As a database from before the mark existed (schema 2).
        let db = Connection::open(dir.join(DB_FILE)).unwrap();
        db.execute_batch(
            "DROP TABLE venue_registration; DROP TABLE usage; DROP TABLE usage_report; DROP TABLE venue_key; \
             DROP TABLE text_override; DROP TABLE meta; DROP TABLE duplicate_entry; DROP TABLE duplicate_check_type; \
             PRAGMA user_version = 2;",
        )
        .unwrap();
        // (Schema 7 replaced schema 2's failed-login table.)
        db.execute_batch(
            "ALTER TABLE users DROP COLUMN must_change_password; DROP TABLE api_tokens; DROP TABLE login_throttle; \
             DROP TABLE login_devices; CREATE TABLE login_failures (key TEXT NOT NULL, at INTEGER NOT NULL) STRICT;",
        )
        .unwrap();
        // (Schema 8 added the municipality's reviews of the families' texts.)
        db.execute_batch("DROP TABLE text_review;").unwrap();
        drop(db);
        assert_eq!(Store::open(&dir).unwrap().catalogue_mut().next_card_type_id().unwrap(), Some(CardTypeId(18)));
        let db = Connection::open(dir.join(DB_FILE)).unwrap();
        let mark: i64 =
            db.query_row("SELECT value FROM meta WHERE key = 'card_type_high_water'", [], |r| r.get(0)).unwrap();
        assert_eq!(mark, 17);
    }

    #[test]
    fn a_database_from_a_newer_version_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("issuer");
        drop(Store::init(&dir, Timestamp(1_795_262_400)).unwrap());
        let db = Connection::open(dir.join(DB_FILE)).unwrap();
        db.pragma_update(None, "user_version", 99).unwrap();
        drop(db);
        match Store::open(&dir) {
            Err(IssuerError::Db(e @ DbError::NewerSchema { .. })) => {
                assert!(e.to_string().contains("newer version"), "{e}")
            }
            other => panic!("{other:?}"),
        }
    }
}

#[cfg(test)]
mod text_tests {
    use super::*;
    use crate::IssuerError;
    use crate::family_text::{FamilyLang, MAX_OVERRIDE_LEN, OverrideError};

    fn refused(store: &Store, id: &str, text: Option<&str>) -> OverrideError {
        match store.texts().set(FamilyLang::En, id, text, "anne", Timestamp(1_795_262_400)) {
            Err(IssuerError::TextOverride(e)) => e,
            other => panic!("{id} {text:?}: {other:?}"),
        }
    }

    #[test]
    fn text_overrides_are_checked_audited_and_kept() {
        let (_tmp, dir, store, now) = new_store();
        assert_eq!(store.texts().all().unwrap(), vec![]);
        assert_eq!(refused(&store, "no-such-id", Some("x")), OverrideError::UnknownId("no-such-id".into()));
        assert_eq!(refused(&store, "no-such-id", None), OverrideError::UnknownId("no-such-id".into()));
        assert_eq!(refused(&store, "offers-intro", Some(" \n ")), OverrideError::Empty);
        assert_eq!(refused(&store, "offers-intro", Some(&"x".repeat(MAX_OVERRIDE_LEN + 1))), OverrideError::TooLong);
        assert_eq!(refused(&store, "offers-intro", Some("Here { are")), OverrideError::Syntax);
        assert_eq!(
            refused(&store, "quota-week", Some("{ $cnt } a week")),
            OverrideError::UnknownVariable("cnt".into())
        );
        assert_eq!(refused(&store, "offers-intro", Some("{ $count }")), OverrideError::UnknownVariable("count".into()));
        assert_eq!(store.texts().all().unwrap(), vec![]);
        assert!(store.audit().recent(10).unwrap().iter().all(|a| a.action != "text"));

        assert!(store.texts().set(FamilyLang::En, "offers-intro", Some("  Our offers.  "), "anne", now).unwrap());
        assert!(!store.texts().set(FamilyLang::En, "offers-intro", Some("Our offers."), "anne", now).unwrap());
        assert!(store.texts().set(FamilyLang::Ar, "quota-week", Some("{ $count } / week"), "anne", now).unwrap());
        let last = &store.audit().recent(1).unwrap()[0];
        assert_eq!(
            (last.action.as_str(), last.detail.as_str(), last.actor.as_str()),
            ("text", "ar quota-week set", "anne")
        );
        drop(store);

        let store = Store::open(&dir).unwrap();
        assert_eq!(
            store.texts().all().unwrap(),
            vec![
                ("ar".into(), "quota-week".into(), "{ $count } / week".into()),
                ("en".into(), "offers-intro".into(), "Our offers.".into()),
            ]
        );
        assert!(store.texts().set(FamilyLang::En, "offers-intro", None, "anne", now).unwrap());
        assert!(!store.texts().set(FamilyLang::En, "offers-intro", None, "anne", now).unwrap());
        assert_eq!(store.audit().recent(1).unwrap()[0].detail, "en offers-intro removed");
        assert_eq!(store.texts().all().unwrap().len(), 1);
    }
}

#[cfg(test)]
mod dir_tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt as _;

    #[test]
    fn a_new_data_directory_is_private_and_an_existing_one_is_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let now = Timestamp(1_795_262_400);
        let new = tmp.path().join("new");
        Store::init(&new, now).unwrap();
        assert_eq!(std::fs::metadata(&new).unwrap().permissions().mode() & 0o777, 0o700);
        let existing = tmp.path().join("existing");
        std::fs::create_dir(&existing).unwrap();
        std::fs::set_permissions(&existing, std::fs::Permissions::from_mode(0o755)).unwrap();
        Store::init(&existing, now).unwrap();
        assert_eq!(std::fs::metadata(&existing).unwrap().permissions().mode() & 0o777, 0o755);
        assert_eq!(std::fs::metadata(existing.join("keys")).unwrap().permissions().mode() & 0o777, 0o700);
    }
}
