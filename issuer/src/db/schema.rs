//! The database schema: every migration, in order. `PRAGMA user_version`
//! is the number applied. Append new ones; never edit an applied one (an
//! existing database would not get the change).

use super::{Db, DbError, OrDb as _};

/// The migrations, applied in order.
pub const MIGRATIONS: &[&str] =
    &[CORE, ACCOUNTS, META, TEXT_OVERRIDES, USAGE, VENUE_REGISTRATION, THROTTLE, DUPLICATE_CHECK, TEXT_REVIEW];

/// 1: the catalogue, revocations, published bundles, the audit log and
/// issuance counts.
const CORE: &str = r#"
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

/// 2: accounts of the web app (see [`crate::accounts`]): agencies, users,
/// sessions, first-run set-up tokens, failed logins.
const ACCOUNTS: &str = r#"
CREATE TABLE agencies (
    id         INTEGER PRIMARY KEY CHECK (id > 0),
    name       TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    created_at INTEGER NOT NULL
) STRICT;
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'caseworker')),
    agency_id     INTEGER REFERENCES agencies (id),
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL,
    CHECK (role = 'admin' OR agency_id IS NOT NULL)
) STRICT;
CREATE TABLE sessions (
    id_hash    BLOB    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL
) STRICT;
CREATE TABLE setup_tokens (
    token_hash BLOB    PRIMARY KEY,
    created_at INTEGER NOT NULL,
    used_at    INTEGER
) STRICT;
CREATE TABLE login_failures (
    key TEXT    NOT NULL,
    at  INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failures_key_at ON login_failures (key, at);
"#;

/// 3: small named counters. `card_type_high_water` is the highest card type
/// number ever used (in a catalogue, or by issued cards), so that a removed
/// card type's number is never handed out again: cards of the old type may
/// still be in families' hands. Started from the current catalogue and the
/// issuance counts.
const META: &str = r#"
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

/// 4: the municipality's own wording of the families' messages (see
/// [`crate::family_text`]): one row per language and message id. Public
/// text, not personal data.
const TEXT_OVERRIDES: &str = r#"
CREATE TABLE text_override (
    lang       TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    text       TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (lang, id)
) STRICT;
"#;

/// 5: venue keys, the last report stored per report id and key, and the
/// usage counts (see [`crate::usage`]).
const USAGE: &str = r#"
CREATE TABLE venue_key (
    fingerprint TEXT    PRIMARY KEY,
    venue_id    TEXT    NOT NULL,
    public_key  BLOB    NOT NULL CHECK (length(public_key) = 32),
    status      TEXT    NOT NULL CHECK (status IN ('pending', 'approved', 'revoked')),
    received_at INTEGER NOT NULL,
    decided_at  INTEGER,
    decided_by  TEXT
) STRICT;
CREATE INDEX venue_key_venue ON venue_key (venue_id, status);
CREATE TABLE usage_report (
    report_id       TEXT    NOT NULL,
    key_fingerprint TEXT    NOT NULL,
    venue_id        TEXT    NOT NULL,
    from_day        INTEGER NOT NULL,
    until_day       INTEGER NOT NULL,
    generated_at    INTEGER NOT NULL,
    received_at     INTEGER NOT NULL,
    rows            INTEGER NOT NULL,
    PRIMARY KEY (report_id, key_fingerprint)
) STRICT;
CREATE TABLE usage (
    venue_id        TEXT    NOT NULL,
    key_fingerprint TEXT    NOT NULL,
    day             INTEGER NOT NULL,
    card_type       INTEGER NOT NULL,
    benefit         TEXT    NOT NULL,
    visits          INTEGER NOT NULL CHECK (visits > 0),
    companions      INTEGER NOT NULL CHECK (companions >= 0 AND companions <= visits),
    PRIMARY KEY (venue_id, key_fingerprint, day, card_type, benefit)
) STRICT;
CREATE INDEX usage_day ON usage (day);
"#;

/// 6: registration codes of venue set-up codes (SPEC §13.4), each stored
/// only as its SHA-256, for one venue, until it is used or expires. Who
/// made it is a staff user name; `used_key` is the venue key it approved.
const VENUE_REGISTRATION: &str = r#"
CREATE TABLE venue_registration (
    code_hash  BLOB    PRIMARY KEY CHECK (length(code_hash) = 32),
    venue_id   TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT    NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    used_key   TEXT
) STRICT;
"#;

/// 7: login throttling without lock-out (see [`crate::accounts::Throttle`]):
/// one row per key (an account from one client, or an address) with its
/// failures and the last one's time, replacing the per-failure rows; and
/// the known devices (a browser that logged in to an account: the SHA-256
/// of its device cookie's token); and whether a user must choose a new
/// password at their next login (set by an administrator's first or reset
/// password); and API tokens, their own kind beside browser sessions
/// (caseworkers only, named, with a lifetime; the SHA-256 of the token).
const THROTTLE: &str = r#"
CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    token_hash BLOB    NOT NULL UNIQUE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    idle_secs  INTEGER,
    last_used  INTEGER NOT NULL
) STRICT;
CREATE INDEX api_tokens_user ON api_tokens (user_id);
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
DROP TABLE login_failures;
CREATE TABLE login_throttle (
    key          TEXT    PRIMARY KEY,
    failures     INTEGER NOT NULL CHECK (failures > 0),
    last_failure INTEGER NOT NULL
) STRICT;
CREATE INDEX login_throttle_last ON login_throttle (last_failure);
CREATE TABLE login_devices (
    token_hash BLOB    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    last_login INTEGER NOT NULL
) STRICT;
CREATE INDEX login_devices_user ON login_devices (user_id, last_login);
"#;

/// 8: the duplicate check (see [`crate::store::duplicates`]): the card
/// types an administrator switched it on for, and per card handed out
/// under it the child's keyed pseudonym for the card type (HMAC-SHA256,
/// the key in `keys/`, never here), the card type, the agency, the month
/// and the last day of the card's validity. No card number, token id,
/// national identity number or user; no row id (rows are kept in the
/// order of their pseudonyms, not of issuing).
const DUPLICATE_CHECK: &str = r#"
CREATE TABLE duplicate_check_type (
    card_type INTEGER PRIMARY KEY
) STRICT;
CREATE TABLE duplicate_entry (
    pseudonym  BLOB    NOT NULL CHECK (length(pseudonym) = 32),
    card_type  INTEGER NOT NULL,
    agency     INTEGER NOT NULL,
    month      INTEGER NOT NULL,
    period_end INTEGER NOT NULL,
    PRIMARY KEY (pseudonym, card_type, period_end, agency, month)
) STRICT, WITHOUT ROWID;
CREATE INDEX duplicate_entry_end ON duplicate_entry (period_end);
"#;

/// 9: the languages of the families' texts that the municipality has had
/// reviewed (a language and the time its reviewed file was applied; who
/// applied it is in the audit log): public text, not personal data.
const TEXT_REVIEW: &str = r#"
CREATE TABLE text_review (
    lang        TEXT    PRIMARY KEY,
    reviewed_at INTEGER NOT NULL
) STRICT;
"#;

/// Apply the migrations `db` lacks, each in its own transaction. Before the
/// first, a database that has a schema already (an upgrade of the issuer)
/// is copied ([`super::pre_upgrade`]): the copy's path. A database with
/// more migrations than this issuer knows is refused, never changed.
pub(super) fn migrate(db: &Db) -> Result<Option<std::path::PathBuf>, DbError> {
    let applied: i64 = db.conn().pragma_query_value(None, "user_version", |r| r.get(0)).or_db(db)?;
    let known = MIGRATIONS.len() as i64;
    if applied > known {
        return Err(DbError::NewerSchema { path: db.path().to_path_buf(), found: applied, known });
    }
    let copy =
        if applied > 0 && applied < known { Some(super::pre_upgrade::copy_before(db, applied, known)?) } else { None };
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(applied as usize) {
        let tx = db.deferred()?;
        tx.execute_batch(sql).or_db(db)?;
        tx.pragma_update(None, "user_version", i as i64 + 1).or_db(db)?;
        tx.commit().or_db(db)?;
    }
    Ok(copy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest as _, Sha256};

    /// An applied migration never changes: databases in use have it already.
    #[test]
    fn applied_migrations_are_unchanged() {
        let hashes: Vec<String> =
            MIGRATIONS.iter().map(|m| shared::wire::hex_encode(&Sha256::digest(m.as_bytes()))).collect();
        assert_eq!(
            hashes,
            [
                "ac6587e629e7d0f6d024883b62962b83e073e11fbaa4e5cb969ee6f87b2975ca",
                "e72eea3f9e8438fa7037ab61f42cbe1497b3440033a1c30a47435cb2188cd525",
                "2d10dc11c220fb702583bc99ae8c9475bc9a4f253e9408088b556293209f8611",
                "af23a7f00aa4a4e03f734fc6b024a983c32c0c77087fa08c7eb78791a479f52c",
                "60cb16e9cb9a1e91af16f415b8ffcd58ebc27e77ab417f31cdbcf6d7aa86a54e",
                "013235f2708a4a20a6409af46f5e78134696b9183ec2a74374d64507edbdd5a8",
                "4cb4f8f2d2d9b835ba0149b5fea104f9506ea4ec202753383f70c81ab80fc17a",
                "0aa7fa99188d1531ec625f2e907dc9b2ab52930b826bb8eee0d5508ba821b5aa",
                "7496ed38f4efd546cbc88caf3c71a1e3f83c488c389bfe2561b247e0e9640f45",
            ]
        );
    }

    fn tables(db: &rusqlite::Connection) -> Vec<String> {
        let mut stmt = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    }

    /// A database left at any earlier schema version opens, and ends up
    /// with the same tables as a new one.
    #[test]
    fn a_database_at_each_version_upgrades() {
        let tmp = tempfile::tempdir().unwrap();
        let fresh = Db::open(&tmp.path().join("fresh.db")).unwrap();
        let want = tables(fresh.conn());
        for version in 0..MIGRATIONS.len() {
            let path = tmp.path().join(format!("v{version}.db"));
            let old = rusqlite::Connection::open(&path).unwrap();
            for sql in &MIGRATIONS[..version] {
                old.execute_batch(sql).unwrap();
            }
            old.pragma_update(None, "user_version", version as i64).unwrap();
            drop(old);
            let db = Db::open(&path).unwrap();
            let applied: i64 = db.conn().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
            assert_eq!(applied, MIGRATIONS.len() as i64, "from version {version}");
            assert_eq!(tables(db.conn()), want, "from version {version}");
        }
    }
}
