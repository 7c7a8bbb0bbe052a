//! Changing the catalogue and rotating the keys: what venues learn from the
//! next published bundle.

use super::audit;
use crate::IssuerError;
use crate::db::{Db, DbError, OrDb as _};
use keys::KeyRing;
use rusqlite::params;
use shared::model::Catalogue;
use shared::{CardTypeId, Timestamp};

const CARD_TYPE_HIGH_WATER: &str = "card_type_high_water";

fn highest_card_type(catalogue: &Catalogue) -> u16 {
    catalogue.card_types.iter().map(|c| c.id.0).max().unwrap_or(0)
}

/// Changes to the catalogue (kept in the database and in the store).
#[derive(Debug)]
pub struct CatalogueEditor<'a> {
    db: &'a Db,
    catalogue: &'a mut Catalogue,
}

impl<'a> CatalogueEditor<'a> {
    pub(super) fn new(db: &'a Db, catalogue: &'a mut Catalogue) -> CatalogueEditor<'a> {
        CatalogueEditor { db, catalogue }
    }

    /// Replace the catalogue after checking it (venues, card types,
    /// benefits). Takes effect for venues with the next bundle.
    pub fn replace(&mut self, catalogue: Catalogue, actor: &str, now: Timestamp) -> Result<(), IssuerError> {
        self.replace_noting(catalogue, "", actor, now)
    }

    /// [`CatalogueEditor::replace`], with `note` (what changed,
    /// e.g. `removed venue rush`) in the audit log line.
    pub fn replace_noting(
        &mut self,
        catalogue: Catalogue,
        note: &str,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), IssuerError> {
        catalogue.validate().map_err(IssuerError::InvalidCatalogue)?;
        let json = serde_json::to_string(&catalogue).map_err(IssuerError::CatalogueJson)?;
        let db = self.db;
        let tx = db.immediate()?;
        tx.execute("UPDATE catalogue SET json = ?1, updated_at = ?2 WHERE id = 1", params![json, now.0]).or_db(db)?;
        // Card type numbers of both the old and the new catalogue count as used.
        let high = highest_card_type(self.catalogue).max(highest_card_type(&catalogue));
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = MAX(value, excluded.value)",
            params![CARD_TYPE_HIGH_WATER, high],
        )
        .or_db(db)?;
        let counts = format!("{} venues, {} card types", catalogue.venues.len(), catalogue.card_types.len());
        let detail = if note.is_empty() { counts } else { format!("{note}; {counts}") };
        audit::write(&tx, actor, "catalogue", &detail, now).or_db(db)?;
        // A removed card type's duplicate check goes, with its entries.
        super::duplicates::drop_removed_types(&tx, &catalogue).or_db(db)?;
        tx.commit().or_db(db)?;
        *self.catalogue = catalogue;
        Ok(())
    }

    /// The number for a new card type: above every number ever used (by a
    /// card type now or earlier in the catalogue, or by issued cards), so
    /// that cards of a removed type never match a new one. `None` when the
    /// numbers are used up.
    pub fn next_card_type_id(&self) -> Result<Option<CardTypeId>, DbError> {
        let (mark, issued): (i64, i64) = self
            .db
            .conn()
            .query_row(
                "SELECT COALESCE((SELECT value FROM meta WHERE key = ?1), 0),
                        COALESCE((SELECT MAX(card_type) FROM issuance_counts), 0)",
                [CARD_TYPE_HIGH_WATER],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .or_db(self.db)?;
        let high = mark.max(issued).max(i64::from(highest_card_type(self.catalogue)));
        Ok(u16::try_from(high + 1).ok().map(CardTypeId))
    }
}

/// Key rotation (audited).
#[derive(Debug)]
pub struct Keys<'a> {
    db: &'a Db,
    ring: &'a mut KeyRing,
}

impl<'a> Keys<'a> {
    pub(super) fn new(db: &'a Db, ring: &'a mut KeyRing) -> Keys<'a> {
        Keys { db, ring }
    }

    /// Start a new signing key today.
    pub fn rotate_signing(&mut self, actor: &str, now: Timestamp) -> Result<shared::KeyId, IssuerError> {
        let id = self.ring.rotate_signing(now.oslo_day())?;
        audit::write(self.db.conn(), actor, "rotate-signing-key", &format!("new signing key {id}"), now)
            .or_db(self.db)?;
        Ok(id)
    }

    /// Replace the root key (needs it on the server:
    /// [`keys::KeyError::RootKeyOffline`] otherwise).
    pub fn rotate_root(&mut self, actor: &str, now: Timestamp) -> Result<shared::Fingerprint, IssuerError> {
        let fp = self.ring.rotate_root(now)?;
        audit::write(self.db.conn(), actor, "rotate-root", &format!("new root key {fp}"), now).or_db(self.db)?;
        Ok(fp)
    }

    /// Take the root key off the server (SPEC §6.6); `exported` is the key
    /// as read back from its export.
    pub fn remove_root(&mut self, exported: &[u8; 32], actor: &str, now: Timestamp) -> Result<(), IssuerError> {
        self.ring.remove_root(exported, now)?;
        let fp = self.ring.root_fingerprint();
        audit::write(self.db.conn(), actor, "remove-root", &format!("root key {fp} removed"), now).or_db(self.db)?;
        Ok(())
    }

    /// Bring the root key back from its export.
    pub fn import_root(&mut self, secret: &[u8; 32], actor: &str, now: Timestamp) -> Result<(), IssuerError> {
        self.ring.import_root(secret, now)?;
        let fp = self.ring.root_fingerprint();
        audit::write(self.db.conn(), actor, "import-root", &format!("root key {fp} back"), now).or_db(self.db)?;
        Ok(())
    }
}
