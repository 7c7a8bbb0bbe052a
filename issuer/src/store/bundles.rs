//! Revocations and published trust bundles (SPEC §5): a bundle is the
//! catalogue, the public keys and the revoked card numbers, signed.

use super::{BUNDLE_LIFETIME_SECS, audit};
use crate::IssuerError;
use crate::db::{Db, DbError, OrDb as _};
use keys::KeyRing;
use rusqlite::{OptionalExtension as _, params};
use shared::bundle::BundleBody;
use shared::model::Catalogue;
use shared::{CardNumber, Timestamp};

/// Revocations and bundles.
#[derive(Debug, Clone, Copy)]
pub struct Bundles<'a> {
    db: &'a Db,
    ring: &'a KeyRing,
    catalogue: &'a Catalogue,
}

impl<'a> Bundles<'a> {
    pub(super) fn new(db: &'a Db, ring: &'a KeyRing, catalogue: &'a Catalogue) -> Bundles<'a> {
        Bundles { db, ring, catalogue }
    }

    /// Revoked card numbers, in order.
    pub fn revoked(&self) -> Result<Vec<CardNumber>, DbError> {
        let mut stmt =
            self.db.conn().prepare("SELECT card_number FROM revocations ORDER BY card_number").or_db(self.db)?;
        let rows = stmt.query_map([], |r| r.get::<_, i64>(0)).or_db(self.db)?;
        rows.map(|r| r.map(|n| CardNumber(n as u64)).or_db(self.db)).collect()
    }

    /// Block a card. Returns false if it was already blocked.
    pub fn revoke(&self, n: CardNumber, actor: &str, now: Timestamp) -> Result<bool, DbError> {
        let tx = self.db.immediate()?;
        let added = revoke_in(&tx, n, actor, now).or_db(self.db)?;
        tx.commit().or_db(self.db)?;
        Ok(added)
    }

    /// Undo a block: the card leaves the block list (the next bundle no
    /// longer has it), with its audit line. Returns false if it was not
    /// blocked.
    pub fn unrevoke(&self, n: CardNumber, actor: &str, now: Timestamp) -> Result<bool, DbError> {
        let tx = self.db.immediate()?;
        let removed = tx.execute("DELETE FROM revocations WHERE card_number = ?1", [n.0 as i64]).or_db(self.db)?;
        if removed > 0 {
            audit::write(&tx, actor, "unrevoke", &format!("card {n}"), now).or_db(self.db)?;
        }
        tx.commit().or_db(self.db)?;
        Ok(removed > 0)
    }

    /// Whether card `n` is on the block list.
    pub fn is_revoked(&self, n: CardNumber) -> Result<bool, DbError> {
        self.db
            .conn()
            .query_row("SELECT 1 FROM revocations WHERE card_number = ?1", [n.0 as i64], |_| Ok(()))
            .optional()
            .map(|r| r.is_some())
            .or_db(self.db)
    }

    /// The most recent `limit` blocks, newest first: (card, when, by whom).
    pub fn recent_revocations(&self, limit: u32) -> Result<Vec<(CardNumber, Timestamp, String)>, DbError> {
        let mut stmt = self
            .db
            .conn()
            .prepare(
                "SELECT card_number, revoked_at, revoked_by FROM revocations \
                 ORDER BY revoked_at DESC, card_number LIMIT ?1",
            )
            .or_db(self.db)?;
        let rows = stmt
            .query_map([limit], |r| {
                Ok((CardNumber(r.get::<_, i64>(0)? as u64), Timestamp(r.get(1)?), r.get::<_, String>(2)?))
            })
            .or_db(self.db)?;
        rows.map(|r| r.or_db(self.db)).collect()
    }

    /// Sign and store a new trust bundle (version + 1) from the current
    /// catalogue, keys and revocations.
    pub fn publish(&self, actor: &str, now: Timestamp) -> Result<Vec<u8>, IssuerError> {
        let revoked = self.revoked()?;
        let db = self.db;
        let tx = db.immediate()?;
        let last: i64 = tx.query_row("SELECT COALESCE(MAX(version), 0) FROM bundles", [], |r| r.get(0)).or_db(db)?;
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
        .or_db(db)?;
        audit::write(&tx, actor, "bundle", &format!("version {version}"), now).or_db(db)?;
        tx.commit().or_db(db)?;
        Ok(bytes)
    }

    /// The latest published bundle's version (`None` before the first);
    /// a cheap query, for the health check.
    pub fn latest_version(&self) -> Result<Option<u64>, DbError> {
        self.db
            .conn()
            .query_row("SELECT max(version) FROM bundles", [], |r| r.get::<_, Option<i64>>(0))
            .map(|v| v.map(|v| v as u64))
            .or_db(self.db)
    }

    /// The latest published bundle's version and when it was signed
    /// (`None` before the first).
    pub fn latest_published(&self) -> Result<Option<(u64, Timestamp)>, DbError> {
        self.db
            .conn()
            .query_row("SELECT version, issued_at FROM bundles ORDER BY version DESC LIMIT 1", [], |r| {
                Ok((r.get::<_, i64>(0)? as u64, Timestamp(r.get(1)?)))
            })
            .optional()
            .or_db(self.db)
    }

    /// The latest published bundle: (version, bytes).
    pub fn latest(&self) -> Result<Option<(u64, Vec<u8>)>, DbError> {
        self.db
            .conn()
            .query_row("SELECT version, bytes FROM bundles ORDER BY version DESC LIMIT 1", [], |r| {
                Ok((r.get::<_, i64>(0)? as u64, r.get(1)?))
            })
            .optional()
            .or_db(self.db)
    }
}

/// Block card `n` inside the caller's transaction, with its audit line
/// (the one code path of [`Bundles::revoke`], also used by the duplicate
/// check's lost-card replacement). False if it was already blocked.
pub(crate) fn revoke_in(
    tx: &rusqlite::Transaction<'_>,
    n: CardNumber,
    actor: &str,
    now: Timestamp,
) -> rusqlite::Result<bool> {
    let added = tx.execute(
        "INSERT OR IGNORE INTO revocations (card_number, revoked_at, revoked_by) VALUES (?1, ?2, ?3)",
        params![n.0 as i64, now.0, actor],
    )?;
    if added > 0 {
        audit::write(tx, actor, "revoke", &format!("card {n}"), now)?;
    }
    Ok(added > 0)
}
