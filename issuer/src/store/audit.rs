//! The audit log: who did what, when. Never a token, a token id or anything
//! about a child; a card number only when an administrator blocked it.

use crate::db::{Db, DbError, OrDb as _};
use rusqlite::{Connection, params};
use shared::Timestamp;

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

/// Write an audit line (inside the caller's transaction, if any: every
/// repository writes its change and its audit line together).
pub(crate) fn write(
    conn: &Connection,
    actor: &str,
    action: &str,
    detail: &str,
    now: Timestamp,
) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT INTO audit_log (at, actor, action, detail) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![now.0, actor, action, detail])?;
    Ok(())
}

/// Reading the audit log.
#[derive(Debug, Clone, Copy)]
pub struct Audit<'a> {
    db: &'a Db,
}

impl<'a> Audit<'a> {
    pub(super) fn new(db: &'a Db) -> Audit<'a> {
        Audit { db }
    }

    /// The most recent `limit` audit entries, newest first.
    pub fn recent(&self, limit: u32) -> Result<Vec<AuditEntry>, DbError> {
        let mut stmt = self
            .db
            .conn()
            .prepare("SELECT at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?1")
            .or_db(self.db)?;
        let rows = stmt
            .query_map([limit], |r| {
                Ok(AuditEntry { at: Timestamp(r.get(0)?), actor: r.get(1)?, action: r.get(2)?, detail: r.get(3)? })
            })
            .or_db(self.db)?;
        rows.map(|r| r.or_db(self.db)).collect()
    }

    /// Delete the entries from before `cutoff` (the configured retention,
    /// `audit_retention_days`); how many went.
    pub fn prune_before(&self, cutoff: Timestamp) -> Result<usize, DbError> {
        self.db.conn().execute("DELETE FROM audit_log WHERE at < ?1", [cutoff.0]).or_db(self.db)
    }
}

#[cfg(test)]
mod tests {
    use crate::store::Store;
    use shared::Timestamp;

    #[test]
    fn entries_older_than_the_retention_go() {
        let tmp = tempfile::tempdir().unwrap();
        let now = Timestamp(1_795_262_400);
        let store = Store::init(&tmp.path().join("i"), now).unwrap();
        let old = Timestamp(now.0 - 400 * 86_400);
        store.accounts().create_agency("NAV Larvik", "anne", old).unwrap();
        store.accounts().create_agency("Helsestasjonen", "anne", now).unwrap();
        let before = store.audit().recent(100).unwrap().len();
        assert_eq!(store.audit().prune_before(Timestamp(now.0 - 365 * 86_400)).unwrap(), 1);
        let left = store.audit().recent(100).unwrap();
        assert_eq!(left.len(), before - 1);
        assert!(left.iter().all(|e| e.at.0 >= now.0 - 365 * 86_400), "{left:?}");
        assert!(left.iter().any(|e| e.detail == "added agency Helsestasjonen"));
    }
}
