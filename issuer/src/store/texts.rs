//! The municipality's own wording of the families' messages (see
//! [`crate::family_text`]): public text, not personal data.

use super::audit;
use crate::IssuerError;
use crate::db::{Db, DbError, OrDb as _};
use crate::family_review::Change;
use crate::family_text::{FamilyLang, OverrideError, check_override, message_ids};
use rusqlite::params;
use shared::Timestamp;

/// The text overrides.
#[derive(Debug, Clone, Copy)]
pub struct TextOverrides<'a> {
    db: &'a Db,
}

impl<'a> TextOverrides<'a> {
    pub(super) fn new(db: &'a Db) -> TextOverrides<'a> {
        TextOverrides { db }
    }

    /// Every text override of the families' messages: (language tag,
    /// message id, text), by language and id.
    pub fn all(&self) -> Result<Vec<(String, String, String)>, DbError> {
        let mut stmt =
            self.db.conn().prepare("SELECT lang, id, text FROM text_override ORDER BY lang, id").or_db(self.db)?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).or_db(self.db)?;
        rows.map(|r| r.or_db(self.db)).collect()
    }

    /// Set (`Some`) or remove (`None`) the municipality's text for the
    /// families' message `id` in `lang`, with an audit line (language and
    /// id only). The text is checked first ([`check_override`]): a refused
    /// one gives [`IssuerError::TextOverride`] and changes nothing. Returns
    /// whether anything changed (removing a text that was not overridden
    /// changes nothing and writes no audit line).
    pub fn set(
        &self,
        lang: FamilyLang,
        id: &str,
        text: Option<&str>,
        actor: &str,
        now: Timestamp,
    ) -> Result<bool, IssuerError> {
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
        let db = self.db;
        let tx = db.immediate()?;
        let (changed, what) = match text {
            Some(t) => {
                let n = tx
                    .execute(
                        "INSERT INTO text_override (lang, id, text, updated_at) VALUES (?1, ?2, ?3, ?4)
                         ON CONFLICT (lang, id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at
                         WHERE text <> excluded.text",
                        params![lang.tag(), id, t, now.0],
                    )
                    .or_db(db)?;
                (n > 0, "set")
            }
            None => {
                let n = tx
                    .execute("DELETE FROM text_override WHERE lang = ?1 AND id = ?2", params![lang.tag(), id])
                    .or_db(db)?;
                (n > 0, "removed")
            }
        };
        if changed {
            audit::write(&tx, actor, "text", &format!("{} {id} {what}", lang.tag()), now).or_db(db)?;
        }
        tx.commit().or_db(db)?;
        Ok(changed)
    }

    /// The languages the municipality has had reviewed: (language tag,
    /// when its reviewed file was applied).
    pub fn reviews(&self) -> Result<Vec<(String, Timestamp)>, DbError> {
        let mut stmt =
            self.db.conn().prepare("SELECT lang, reviewed_at FROM text_review ORDER BY lang").or_db(self.db)?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, Timestamp(r.get(1)?)))).or_db(self.db)?;
        rows.map(|r| r.or_db(self.db)).collect()
    }

    /// Apply a reviewed file's `changes` to `lang` (each text checked again;
    /// one back at its built-in text loses its override) and mark the
    /// language reviewed by the municipality at `now`, in one transaction
    /// with an audit line (language and the number of changed messages).
    pub fn apply_review(
        &self,
        lang: FamilyLang,
        changes: &[Change],
        actor: &str,
        now: Timestamp,
    ) -> Result<(), IssuerError> {
        for c in changes {
            check_override(&c.id, &c.after).map_err(IssuerError::TextOverride)?;
        }
        let db = self.db;
        let tx = db.immediate()?;
        for c in changes {
            if c.is_builtin {
                tx.execute("DELETE FROM text_override WHERE lang = ?1 AND id = ?2", params![lang.tag(), c.id])
                    .or_db(db)?;
            } else {
                tx.execute(
                    "INSERT INTO text_override (lang, id, text, updated_at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (lang, id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                    params![lang.tag(), c.id, c.after, now.0],
                )
                .or_db(db)?;
            }
        }
        tx.execute(
            "INSERT INTO text_review (lang, reviewed_at) VALUES (?1, ?2)
             ON CONFLICT (lang) DO UPDATE SET reviewed_at = excluded.reviewed_at",
            params![lang.tag(), now.0],
        )
        .or_db(db)?;
        audit::write(&tx, actor, "text", &format!("{} reviewed, {} changed", lang.tag(), changes.len()), now)
            .or_db(db)?;
        tx.commit().or_db(db)?;
        Ok(())
    }
}
