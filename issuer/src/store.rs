//! The issuer's data directory.
//!
//! ```text
//! DIR/            0700
//! DIR/keys/       key ring (0700; private keys 0600)
//! DIR/issuer.db   SQLite: catalogue, revocations, published bundles,
//!                 audit log, issuance counts, venue keys and usage
//!                 counts (see [`crate::usage`])
//! ```
//!
//! Nothing about an issued card is stored: no token, no token id, no card
//! number (except a card number an administrator chose to block). Issuing
//! adds to a count per day, agency and card type, and one audit line that
//! says who issued how many of which card type.

use crate::IssuerError;
use keys::KeyRing;
use rusqlite::{Connection, OptionalExtension as _, TransactionBehavior, params};
use shared::bundle::BundleBody;
use shared::model::Catalogue;
use shared::{CardNumber, CardTypeId, Day, Timestamp};
use std::path::{Path, PathBuf};

/// How long a bundle stays current before venues should fetch a new one.
pub const BUNDLE_LIFETIME_SECS: i64 = 60 * 86_400;

/// The default public base URL of the demo (the administrator changes it).
pub const DEFAULT_BASE_URL: &str = "https://kort.larvik.kommune.no";

const DB_FILE: &str = "issuer.db";

/// Schema migrations, applied in order; `PRAGMA user_version` is the number
/// applied. Append new ones; never edit an applied one.
const MIGRATIONS: &[&str] =
    &[MIGRATION_1, crate::accounts::MIGRATION, MIGRATION_3, MIGRATION_4, crate::usage::MIGRATION];

const MIGRATION_1: &str = r#"
CREATE TABLE catalogue (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    json       TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE TABLE revocations (
    card_number INTEGER PRIMARY KEY CHECK (card_number >= 0 AND card_number < 1099511627776),
    revoked_at  INTEGER NOT NULL,
    revoked_by  TEXT    NOT NULL
) STRICT;
CREATE TABLE bundles (
    version   INTEGER PRIMARY KEY CHECK (version > 0),
    issued_at INTEGER NOT NULL,
    bytes     BLOB    NOT NULL
) STRICT;
CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY,
    at     INTEGER NOT NULL,
    actor  TEXT    NOT NULL,
    action TEXT    NOT NULL,
    detail TEXT    NOT NULL
) STRICT;
-- agency 0 is the command line; web-app agencies get their own ids.
CREATE TABLE issuance_counts (
    day       INTEGER NOT NULL,
    agency    INTEGER NOT NULL,
    card_type INTEGER NOT NULL,
    count     INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (day, agency, card_type)
) STRICT;
"#;

/// Small named counters. `card_type_high_water` is the highest card type
/// number ever used (in a catalogue, or by issued cards), so that a removed
/// card type's number is never handed out again: cards of the old type may
/// still be in families' hands. Started from the current catalogue and the
/// issuance counts.
const MIGRATION_3: &str = r#"
CREATE TABLE meta (
    key   TEXT    PRIMARY KEY,
    value INTEGER NOT NULL
) STRICT;
INSERT INTO meta (key, value) VALUES ('card_type_high_water', MAX(
    COALESCE((SELECT MAX(CAST(json_extract(j.value, '$.id') AS INTEGER))
              FROM catalogue c, json_each(c.json, '$.card_types') j), 0),
    COALESCE((SELECT MAX(card_type) FROM issuance_counts), 0)
));
"#;

/// The municipality's own wording of the families' messages (see
/// [`crate::family_text`]): one row per language and message id. Public
/// text, not personal data.
const MIGRATION_4: &str = r#"
CREATE TABLE text_override (
    lang       TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    text       TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (lang, id)
) STRICT;
"#;

const CARD_TYPE_HIGH_WATER: &str = "card_type_high_water";

fn highest_card_type(catalogue: &Catalogue) -> u16 {
    catalogue.card_types.iter().map(|c| c.id.0).max().unwrap_or(0)
}

/// Who did something, for the audit log (a user name or `cli`).
pub const CLI_ACTOR: &str = "cli";

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// When.
    pub at: Timestamp,
    /// Who (user name, or `cli`).
    pub actor: String,
    /// What kind of action (`init`, `issue`, `revoke`, `bundle`, …).
    pub action: String,
    /// Details. Never a token or token id.
    pub detail: String,
}

/// Cards issued on one day by one agency of one card type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IssuanceCount {
    /// Oslo day.
    pub day: Day,
    /// Agency id (0: the command line).
    pub agency: i64,
    /// Card type.
    pub card_type: CardTypeId,
    /// How many.
    pub count: u64,
}

/// An open issuer data directory.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    pub(crate) db: Connection,
    catalogue: Catalogue,
    ring: KeyRing,
}

fn db_err(path: &Path) -> impl Fn(rusqlite::Error) -> IssuerError + '_ {
    move |e| IssuerError::Db { path: path.to_path_buf(), reason: e.to_string() }
}

/// Add `count` cards of `card_type` to the day's count and write the audit
/// line, inside the caller's transaction.
pub(crate) fn write_issuance(
    tx: &rusqlite::Transaction<'_>,
    card_type: CardTypeId,
    count: u32,
    agency: i64,
    actor: &str,
    now: Timestamp,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO issuance_counts (day, agency, card_type, count) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (day, agency, card_type) DO UPDATE SET count = count + excluded.count",
    )?
    .execute(params![now.oslo_day().0, agency, card_type.0, count])?;
    tx.prepare_cached("INSERT INTO audit_log (at, actor, action, detail) VALUES (?1, ?2, 'issue', ?3)")?
        .execute(params![now.0, actor, format!("{count} × card type {}", card_type.0)])?;
    Ok(())
}

pub(crate) fn open_db(path: &Path) -> Result<Connection, IssuerError> {
    let err = db_err(path);
    let db = Connection::open(path).map_err(&err)?;
    db.busy_timeout(std::time::Duration::from_secs(5)).map_err(&err)?;
    db.pragma_update(None, "journal_mode", "WAL").map_err(&err)?;
    db.pragma_update(None, "synchronous", "FULL").map_err(&err)?;
    db.pragma_update(None, "foreign_keys", "ON").map_err(&err)?;
    let applied: i64 = db.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(&err)?;
    let known = MIGRATIONS.len() as i64;
    if applied > known {
        return Err(IssuerError::Db {
            path: path.to_path_buf(),
            reason: format!(
                "the database is from a newer version of the issuer (schema {applied} > {known}); update it"
            ),
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(applied as usize) {
        let tx = db.unchecked_transaction().map_err(&err)?;
        tx.execute_batch(sql).map_err(&err)?;
        tx.pragma_update(None, "user_version", i as i64 + 1).map_err(&err)?;
        tx.commit().map_err(&err)?;
    }
    Ok(db)
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
        let path = dir.join(DB_FILE);
        let db = open_db(&path)?;
        let catalogue = crate::demo::larvik(DEFAULT_BASE_URL);
        let json = serde_json::to_string(&catalogue)
            .map_err(|e| IssuerError::Db { path: path.clone(), reason: e.to_string() })?;
        db.execute("INSERT INTO catalogue (id, json, updated_at) VALUES (1, ?1, ?2)", params![json, now.0])
            .map_err(db_err(&path))?;
        let store = Store { dir: dir.to_path_buf(), db, catalogue, ring };
        store.audit(CLI_ACTOR, "init", &format!("root key {}", store.ring.root_fingerprint()), now)?;
        Ok(store)
    }

    /// Open an existing issuer directory.
    pub fn open(dir: &Path) -> Result<Store, IssuerError> {
        if !Self::exists(dir) {
            return Err(IssuerError::NotInitialised(dir.to_path_buf()));
        }
        let path = dir.join(DB_FILE);
        let db = open_db(&path)?;
        let json: String =
            db.query_row("SELECT json FROM catalogue WHERE id = 1", [], |r| r.get(0)).map_err(db_err(&path))?;
        let bad = |reason: String| IssuerError::BadFile { path: path.clone(), reason };
        let catalogue: Catalogue = serde_json::from_str(&json).map_err(|e| bad(format!("catalogue: {e}")))?;
        catalogue.validate().map_err(|e| bad(format!("catalogue: {e}")))?;
        let ring = KeyRing::open(&dir.join("keys"))?;
        Ok(Store { dir: dir.to_path_buf(), db, catalogue, ring })
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> IssuerError + '_ {
        move |e| IssuerError::Db { path: self.dir.join(DB_FILE), reason: e.to_string() }
    }

    fn audit(&self, actor: &str, action: &str, detail: &str, now: Timestamp) -> Result<(), IssuerError> {
        self.db
            .execute(
                "INSERT INTO audit_log (at, actor, action, detail) VALUES (?1, ?2, ?3, ?4)",
                params![now.0, actor, action, detail],
            )
            .map_err(self.err())?;
        Ok(())
    }

    /// The catalogue.
    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    /// Replace the catalogue after checking it (venues, card types,
    /// benefits). Takes effect for venues with the next bundle.
    pub fn replace_catalogue(&mut self, catalogue: Catalogue, actor: &str, now: Timestamp) -> Result<(), IssuerError> {
        self.replace_catalogue_noting(catalogue, "", actor, now)
    }

    /// [`Store::replace_catalogue`], with `note` (what changed, e.g.
    /// `removed venue rush`) in the audit log line.
    pub fn replace_catalogue_noting(
        &mut self,
        catalogue: Catalogue,
        note: &str,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), IssuerError> {
        catalogue.validate().map_err(IssuerError::InvalidCatalogue)?;
        let json = serde_json::to_string(&catalogue)
            .map_err(|e| IssuerError::Db { path: self.dir.join(DB_FILE), reason: e.to_string() })?;
        let path = self.dir.join(DB_FILE);
        let tx = self.db.transaction_with_behavior(TransactionBehavior::Immediate).map_err(db_err(&path))?;
        tx.execute("UPDATE catalogue SET json = ?1, updated_at = ?2 WHERE id = 1", params![json, now.0])
            .map_err(db_err(&path))?;
        // Card type numbers of both the old and the new catalogue count as used.
        let high = highest_card_type(&self.catalogue).max(highest_card_type(&catalogue));
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = MAX(value, excluded.value)",
            params![CARD_TYPE_HIGH_WATER, high],
        )
        .map_err(db_err(&path))?;
        let counts = format!("{} venues, {} card types", catalogue.venues.len(), catalogue.card_types.len());
        let detail = if note.is_empty() { counts } else { format!("{note}; {counts}") };
        tx.execute(
            "INSERT INTO audit_log (at, actor, action, detail) VALUES (?1, ?2, 'catalogue', ?3)",
            params![now.0, actor, detail],
        )
        .map_err(db_err(&path))?;
        tx.commit().map_err(db_err(&path))?;
        self.catalogue = catalogue;
        Ok(())
    }

    /// The number for a new card type: above every number ever used (by a
    /// card type now or earlier in the catalogue, or by issued cards), so
    /// that cards of a removed type never match a new one. `None` when the
    /// numbers are used up.
    pub fn next_card_type_id(&self) -> Result<Option<CardTypeId>, IssuerError> {
        let (mark, issued): (i64, i64) = self
            .db
            .query_row(
                "SELECT COALESCE((SELECT value FROM meta WHERE key = ?1), 0),
                        COALESCE((SELECT MAX(card_type) FROM issuance_counts), 0)",
                [CARD_TYPE_HIGH_WATER],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(self.err())?;
        let high = mark.max(issued).max(i64::from(highest_card_type(&self.catalogue)));
        Ok(u16::try_from(high + 1).ok().map(CardTypeId))
    }

    /// How many cards of `card_type` were issued, ever.
    pub fn issued_of_type(&self, card_type: CardTypeId) -> Result<u64, IssuerError> {
        let n: i64 = self
            .db
            .query_row("SELECT COALESCE(SUM(count), 0) FROM issuance_counts WHERE card_type = ?1", [card_type.0], |r| {
                r.get(0)
            })
            .map_err(self.err())?;
        Ok(n as u64)
    }

    /// The key ring.
    pub fn ring(&self) -> &KeyRing {
        &self.ring
    }

    /// Start a new signing key today (audited).
    pub fn rotate_signing_key(&mut self, actor: &str, now: Timestamp) -> Result<shared::KeyId, IssuerError> {
        let id = self.ring.rotate_signing(now.oslo_day())?;
        self.audit(actor, "rotate-signing-key", &format!("new signing key {id}"), now)?;
        Ok(id)
    }

    /// Replace the root key (audited).
    pub fn rotate_root(&mut self, actor: &str, now: Timestamp) -> Result<shared::Fingerprint, IssuerError> {
        let fp = self.ring.rotate_root(now)?;
        self.audit(actor, "rotate-root", &format!("new root key {fp}"), now)?;
        Ok(fp)
    }

    /// Revoked card numbers, in order.
    pub fn revoked(&self) -> Result<Vec<CardNumber>, IssuerError> {
        let mut stmt =
            self.db.prepare("SELECT card_number FROM revocations ORDER BY card_number").map_err(self.err())?;
        let rows = stmt.query_map([], |r| r.get::<_, i64>(0)).map_err(self.err())?;
        rows.map(|r| r.map(|n| CardNumber(n as u64)).map_err(self.err())).collect()
    }

    /// Block a card. Returns false if it was already blocked.
    pub fn revoke(&mut self, n: CardNumber, actor: &str, now: Timestamp) -> Result<bool, IssuerError> {
        let added = self
            .db
            .execute(
                "INSERT OR IGNORE INTO revocations (card_number, revoked_at, revoked_by) VALUES (?1, ?2, ?3)",
                params![n.0 as i64, now.0, actor],
            )
            .map_err(self.err())?;
        if added > 0 {
            self.audit(actor, "revoke", &format!("card {n}"), now)?;
        }
        Ok(added > 0)
    }

    /// Count issued cards (and audit who issued how many of which type).
    /// Called before the cards are handed out: if this fails, no card exists.
    pub fn record_issuance(
        &mut self,
        card_type: CardTypeId,
        count: u32,
        agency: i64,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), IssuerError> {
        let path = self.dir.join(DB_FILE);
        let tx = self.db.transaction_with_behavior(TransactionBehavior::Immediate).map_err(db_err(&path))?;
        write_issuance(&tx, card_type, count, agency, actor, now).map_err(db_err(&path))?;
        tx.commit().map_err(db_err(&path))
    }

    /// The database file (for a second connection, see [`crate::counter`]).
    pub fn db_path(&self) -> PathBuf {
        self.dir.join(DB_FILE)
    }

    /// Issuance counts, oldest first.
    pub fn issuance_counts(&self) -> Result<Vec<IssuanceCount>, IssuerError> {
        let mut stmt = self
            .db
            .prepare("SELECT day, agency, card_type, count FROM issuance_counts ORDER BY day, agency, card_type")
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| {
                Ok(IssuanceCount {
                    day: Day(r.get(0)?),
                    agency: r.get(1)?,
                    card_type: CardTypeId(r.get(2)?),
                    count: r.get::<_, i64>(3)? as u64,
                })
            })
            .map_err(self.err())?;
        rows.map(|r| r.map_err(self.err())).collect()
    }

    /// The most recent `limit` audit entries, newest first.
    pub fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>, IssuerError> {
        let mut stmt = self
            .db
            .prepare("SELECT at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?1")
            .map_err(self.err())?;
        let rows = stmt
            .query_map([limit], |r| {
                Ok(AuditEntry { at: Timestamp(r.get(0)?), actor: r.get(1)?, action: r.get(2)?, detail: r.get(3)? })
            })
            .map_err(self.err())?;
        rows.map(|r| r.map_err(self.err())).collect()
    }

    /// Sign and store a new trust bundle (version + 1) from the current
    /// catalogue, keys and revocations.
    pub fn publish_bundle(&mut self, actor: &str, now: Timestamp) -> Result<Vec<u8>, IssuerError> {
        let revoked = self.revoked()?;
        let path = self.dir.join(DB_FILE);
        let tx = self.db.transaction_with_behavior(TransactionBehavior::Immediate).map_err(db_err(&path))?;
        let last: i64 =
            tx.query_row("SELECT COALESCE(MAX(version), 0) FROM bundles", [], |r| r.get(0)).map_err(db_err(&path))?;
        let version = last as u64 + 1;
        let body = BundleBody {
            version,
            issued_at: now,
            expires_at: now.plus_seconds(BUNDLE_LIFETIME_SECS),
            root_key_id: self.ring.root_key_id(),
            signing_keys: self.ring.signing_keys().to_vec(),
            catalogue: self.catalogue.clone(),
            revoked,
        };
        let bytes = self.ring.sign_bundle(body)?;
        tx.execute(
            "INSERT INTO bundles (version, issued_at, bytes) VALUES (?1, ?2, ?3)",
            params![version as i64, now.0, bytes],
        )
        .map_err(db_err(&path))?;
        tx.execute(
            "INSERT INTO audit_log (at, actor, action, detail) VALUES (?1, ?2, 'bundle', ?3)",
            params![now.0, actor, format!("version {version}")],
        )
        .map_err(db_err(&path))?;
        tx.commit().map_err(db_err(&path))?;
        Ok(bytes)
    }

    /// Every text override of the families' messages: (language tag,
    /// message id, text), by language and id.
    pub fn text_overrides(&self) -> Result<Vec<(String, String, String)>, IssuerError> {
        let mut stmt =
            self.db.prepare("SELECT lang, id, text FROM text_override ORDER BY lang, id").map_err(self.err())?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).map_err(self.err())?;
        rows.map(|r| r.map_err(self.err())).collect()
    }

    /// Set (`Some`) or remove (`None`) the municipality's text for the
    /// families' message `id` in `lang`, with an audit line (language and
    /// id only). The text is checked first ([`crate::family_text::check_override`]):
    /// a refused one gives [`IssuerError::TextOverride`] and changes
    /// nothing. Returns whether anything changed (removing a text that was
    /// not overridden changes nothing and writes no audit line).
    pub fn set_text_override(
        &mut self,
        lang: crate::family_text::FamilyLang,
        id: &str,
        text: Option<&str>,
        actor: &str,
        now: Timestamp,
    ) -> Result<bool, IssuerError> {
        use crate::family_text::{OverrideError, check_override, message_ids};
        let text = match text {
            Some(t) => {
                check_override(id, t).map_err(IssuerError::TextOverride)?;
                Some(t.trim())
            }
            None if !message_ids().iter().any(|m| m == id) => {
                return Err(IssuerError::TextOverride(OverrideError::UnknownId(id.chars().take(80).collect())));
            }
            None => None,
        };
        let path = self.dir.join(DB_FILE);
        let tx = self.db.transaction_with_behavior(TransactionBehavior::Immediate).map_err(db_err(&path))?;
        let (changed, what) = match text {
            Some(t) => {
                let n = tx
                    .execute(
                        "INSERT INTO text_override (lang, id, text, updated_at) VALUES (?1, ?2, ?3, ?4)
                         ON CONFLICT (lang, id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at
                         WHERE text <> excluded.text",
                        params![lang.tag(), id, t, now.0],
                    )
                    .map_err(db_err(&path))?;
                (n > 0, "set")
            }
            None => {
                let n = tx
                    .execute("DELETE FROM text_override WHERE lang = ?1 AND id = ?2", params![lang.tag(), id])
                    .map_err(db_err(&path))?;
                (n > 0, "removed")
            }
        };
        if changed {
            tx.execute(
                "INSERT INTO audit_log (at, actor, action, detail) VALUES (?1, ?2, 'text', ?3)",
                params![now.0, actor, format!("{} {id} {what}", lang.tag())],
            )
            .map_err(db_err(&path))?;
        }
        tx.commit().map_err(db_err(&path))?;
        Ok(changed)
    }

    /// The latest published bundle: (version, bytes).
    pub fn latest_bundle(&self) -> Result<Option<(u64, Vec<u8>)>, IssuerError> {
        self.db
            .query_row("SELECT version, bytes FROM bundles ORDER BY version DESC LIMIT 1", [], |r| {
                Ok((r.get::<_, i64>(0)? as u64, r.get(1)?))
            })
            .optional()
            .map_err(self.err())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_audit_revocations_and_bundles_persist() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("issuer");
        let now = Timestamp(1_795_262_400);
        let mut store = Store::init(&dir, now).unwrap();
        assert!(matches!(Store::init(&dir, now), Err(IssuerError::AlreadyInitialised(_))));
        store.record_issuance(CardTypeId(1), 10, 0, CLI_ACTOR, now).unwrap();
        store.record_issuance(CardTypeId(1), 5, 0, CLI_ACTOR, now).unwrap();
        store.record_issuance(CardTypeId(2), 1, 0, CLI_ACTOR, now).unwrap();
        let n = CardNumber(12345);
        assert!(store.revoke(n, "admin", now).unwrap());
        assert!(!store.revoke(n, "admin", now).unwrap());
        let b1 = store.publish_bundle(CLI_ACTOR, now).unwrap();
        let b2 = store.publish_bundle(CLI_ACTOR, now).unwrap();
        drop(store);

        let store = Store::open(&dir).unwrap();
        let day = now.oslo_day();
        assert_eq!(
            store.issuance_counts().unwrap(),
            vec![
                IssuanceCount { day, agency: 0, card_type: CardTypeId(1), count: 15 },
                IssuanceCount { day, agency: 0, card_type: CardTypeId(2), count: 1 },
            ]
        );
        assert_eq!(store.revoked().unwrap(), vec![n]);
        assert_eq!(store.latest_bundle().unwrap(), Some((2, b2.clone())));
        let fp = store.ring().root_fingerprint();
        let v1 = shared::verify_bundle(&b1, &fp, now).unwrap();
        let v2 = shared::verify_bundle(&b2, &fp, now).unwrap();
        assert_eq!((v1.version(), v2.version()), (1, 2));
        assert!(v2.is_revoked(n));
        let actions: Vec<String> = store.audit_log(100).unwrap().into_iter().map(|e| e.action).collect();
        assert_eq!(actions, ["bundle", "bundle", "revoke", "issue", "issue", "issue", "init"]);
        let details: Vec<String> = store.audit_log(100).unwrap().into_iter().map(|e| e.detail).collect();
        assert!(details.contains(&"10 × card type 1".to_string()), "{details:?}");
    }

    #[test]
    fn an_invalid_catalogue_is_refused_and_the_old_one_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("issuer");
        let now = Timestamp(1_795_262_400);
        let mut store = Store::init(&dir, now).unwrap();
        let mut bad = store.catalogue().clone();
        bad.card_types[0].benefits[0].venues.push("nowhere".into());
        match store.replace_catalogue(bad, "admin", now) {
            Err(IssuerError::InvalidCatalogue(shared::model::CatalogueError::UnknownVenue { venue, .. })) => {
                assert_eq!(venue, "nowhere")
            }
            other => panic!("{other:?}"),
        }
        let mut good = store.catalogue().clone();
        good.scheme_name = "Aktivitetskortet".into();
        store.replace_catalogue(good, "admin", now).unwrap();
        drop(store);
        assert_eq!(Store::open(&dir).unwrap().catalogue().scheme_name, "Aktivitetskortet");
    }

    #[test]
    fn card_type_numbers_are_never_handed_out_twice() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("issuer");
        let now = Timestamp(1_795_262_400);
        let mut store = Store::init(&dir, now).unwrap();
        let high = store.catalogue().card_types.iter().map(|c| c.id.0).max().unwrap();
        assert_eq!(store.next_card_type_id().unwrap(), Some(CardTypeId(high + 1)));
        // Remove the highest card type: its number stays used.
        let mut cat = store.catalogue().clone();
        cat.card_types.retain(|c| c.id.0 != high);
        store.replace_catalogue_noting(cat, "removed card type", "admin", now).unwrap();
        assert_eq!(store.next_card_type_id().unwrap(), Some(CardTypeId(high + 1)));
        assert_eq!(
            store.audit_log(1).unwrap()[0].detail,
            format!("removed card type; 7 venues, {} card types", high - 1)
        );
        // Cards issued of an unknown number count too.
        store.record_issuance(CardTypeId(40), 2, 0, CLI_ACTOR, now).unwrap();
        store.record_issuance(CardTypeId(40), 3, 0, CLI_ACTOR, now).unwrap();
        assert_eq!(store.next_card_type_id().unwrap(), Some(CardTypeId(41)));
        assert_eq!(store.issued_of_type(CardTypeId(40)).unwrap(), 5);
        assert_eq!(store.issued_of_type(CardTypeId(39)).unwrap(), 0);
        drop(store);
        assert_eq!(Store::open(&dir).unwrap().next_card_type_id().unwrap(), Some(CardTypeId(41)));
    }

    #[test]
    fn the_high_water_mark_starts_from_an_older_database() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("issuer");
        let now = Timestamp(1_795_262_400);
        let mut store = Store::init(&dir, now).unwrap();
        let mut cat = store.catalogue().clone();
        cat.card_types[0].id = CardTypeId(17);
        store.replace_catalogue(cat, "admin", now).unwrap();
        drop(store);
        // As a database from before the mark existed (schema 2).
        let db = Connection::open(dir.join(DB_FILE)).unwrap();
        db.execute_batch("DROP TABLE usage; DROP TABLE usage_report; DROP TABLE venue_key; DROP TABLE text_override; DROP TABLE meta; PRAGMA user_version = 2;").unwrap();
        drop(db);
        assert_eq!(Store::open(&dir).unwrap().next_card_type_id().unwrap(), Some(CardTypeId(18)));
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
            Err(IssuerError::Db { reason, .. }) => assert!(reason.contains("newer version"), "{reason}"),
            other => panic!("{other:?}"),
        }
    }
}

#[cfg(test)]
mod text_tests {
    use super::*;
    use crate::family_text::{FamilyLang, MAX_OVERRIDE_LEN, OverrideError};

    fn refused(store: &mut Store, id: &str, text: Option<&str>) -> OverrideError {
        match store.set_text_override(FamilyLang::En, id, text, "anne", Timestamp(1_795_262_400)) {
            Err(IssuerError::TextOverride(e)) => e,
            other => panic!("{id} {text:?}: {other:?}"),
        }
    }

    #[test]
    fn text_overrides_are_checked_audited_and_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("issuer");
        let now = Timestamp(1_795_262_400);
        let mut store = Store::init(&dir, now).unwrap();
        assert_eq!(store.text_overrides().unwrap(), vec![]);
        assert_eq!(refused(&mut store, "no-such-id", Some("x")), OverrideError::UnknownId("no-such-id".into()));
        assert_eq!(refused(&mut store, "no-such-id", None), OverrideError::UnknownId("no-such-id".into()));
        assert_eq!(refused(&mut store, "offers-intro", Some(" \n ")), OverrideError::Empty);
        assert_eq!(
            refused(&mut store, "offers-intro", Some(&"x".repeat(MAX_OVERRIDE_LEN + 1))),
            OverrideError::TooLong
        );
        assert_eq!(refused(&mut store, "offers-intro", Some("Here { are")), OverrideError::Syntax);
        assert_eq!(
            refused(&mut store, "quota-week", Some("{ $cnt } a week")),
            OverrideError::UnknownVariable("cnt".into())
        );
        assert_eq!(
            refused(&mut store, "offers-intro", Some("{ $count }")),
            OverrideError::UnknownVariable("count".into())
        );
        assert_eq!(store.text_overrides().unwrap(), vec![]);
        assert!(store.audit_log(10).unwrap().iter().all(|a| a.action != "text"));

        assert!(store.set_text_override(FamilyLang::En, "offers-intro", Some("  Our offers.  "), "anne", now).unwrap());
        assert!(!store.set_text_override(FamilyLang::En, "offers-intro", Some("Our offers."), "anne", now).unwrap());
        assert!(store.set_text_override(FamilyLang::Ar, "quota-week", Some("{ $count } / week"), "anne", now).unwrap());
        let last = &store.audit_log(1).unwrap()[0];
        assert_eq!(
            (last.action.as_str(), last.detail.as_str(), last.actor.as_str()),
            ("text", "ar quota-week set", "anne")
        );
        drop(store);

        let mut store = Store::open(&dir).unwrap();
        assert_eq!(
            store.text_overrides().unwrap(),
            vec![
                ("ar".into(), "quota-week".into(), "{ $count } / week".into()),
                ("en".into(), "offers-intro".into(), "Our offers.".into()),
            ]
        );
        assert!(store.set_text_override(FamilyLang::En, "offers-intro", None, "anne", now).unwrap());
        assert!(!store.set_text_override(FamilyLang::En, "offers-intro", None, "anne", now).unwrap());
        assert_eq!(store.audit_log(1).unwrap()[0].detail, "en offers-intro removed");
        assert_eq!(store.text_overrides().unwrap().len(), 1);
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
