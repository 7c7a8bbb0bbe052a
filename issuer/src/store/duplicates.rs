//! The duplicate check's data (the rule is `crate::duplicates`'): which card types
//! have it switched on (`duplicate_check_type`), and one entry per card
//! handed out under it (`duplicate_entry`): the child's keyed pseudonym
//! for the card type, the card type, the agency, the month it was handed
//! out and the last day of its validity. No card number, no token id, no
//! national identity number, no user; the table has no row id, so the
//! order of its rows is that of the pseudonyms, not of issuing.
//!
//! Entries go when their validity has ended ([`Duplicates::prune`], on
//! `issuer serve`'s 10-minute timer), when the check is switched off for
//! their card type ([`Duplicates::set`]) and when their card type leaves
//! the catalogue ([`drop_removed_types`]). The database overwrites what it
//! deletes (`secure_delete`, [`crate::db`]).

use super::audit;
use super::dup_key::Pseudonym;
use crate::db::{Db, DbError, OrDb as _};
use rusqlite::{OptionalExtension as _, Transaction, params};
use shared::model::Catalogue;
use shared::{CardTypeId, Day, Timestamp};
use std::collections::BTreeSet;

/// A month, as `year * 100 + month` (e.g. 202612).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month(pub u32);

impl Month {
    /// The month of `day`.
    pub fn of(day: Day) -> Month {
        let (y, m, _) = day.ymd();
        Month(u32::try_from(y).unwrap_or(0) * 100 + m)
    }

    /// Year and month (1–12).
    pub fn year_month(self) -> (u32, u32) {
        (self.0 / 100, self.0 % 100)
    }
}

/// One card handed out under the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The child's pseudonym for the card type.
    pub pseudonym: Pseudonym,
    /// The card type.
    pub card_type: CardTypeId,
    /// The agency that handed it out.
    pub agency: i64,
    /// The month it was handed out.
    pub month: Month,
    /// The last day of its validity (the entry goes after it).
    pub period_end: Day,
}

/// The first card (earliest month) of a child under a card type that is
/// still valid on a day: who handed it out and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FirstCard {
    /// The agency's id.
    pub agency: i64,
    /// The month.
    pub month: Month,
}

/// Card types with the check, and their entries.
#[derive(Debug, Clone, Copy)]
pub struct Duplicates<'a> {
    db: &'a Db,
}

/// The entry of a card still valid on or after `from` for `pseudonym` under
/// `card_type`, the earliest first, inside the caller's transaction.
pub(crate) fn first_conflict(
    tx: &Transaction<'_>,
    pseudonym: &Pseudonym,
    card_type: CardTypeId,
    from: Day,
) -> rusqlite::Result<Option<FirstCard>> {
    tx.prepare_cached(
        "SELECT agency, month FROM duplicate_entry WHERE pseudonym = ?1 AND card_type = ?2 AND period_end >= ?3
         ORDER BY month, agency LIMIT 1",
    )?
    .query_row(params![pseudonym.0.as_slice(), card_type.0, from.0], |r| {
        Ok(FirstCard { agency: r.get(0)?, month: Month(r.get(1)?) })
    })
    .optional()
}

/// Add `entry` inside the caller's transaction; false if the same entry
/// was there already (then there is nothing to take back).
pub(crate) fn insert(tx: &Transaction<'_>, entry: &Entry) -> rusqlite::Result<bool> {
    let n = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO duplicate_entry (pseudonym, card_type, agency, month, period_end)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            entry.pseudonym.0.as_slice(),
            entry.card_type.0,
            entry.agency,
            entry.month.0,
            entry.period_end.0
        ])?;
    Ok(n > 0)
}

/// Whether `card_type` has the check, inside a transaction.
pub(crate) fn is_on(tx: &Transaction<'_>, card_type: CardTypeId) -> rusqlite::Result<bool> {
    tx.prepare_cached("SELECT 1 FROM duplicate_check_type WHERE card_type = ?1")?
        .query_row([card_type.0], |_| Ok(()))
        .optional()
        .map(|r| r.is_some())
}

/// Switch the check off for card types that are not in `catalogue` (a
/// removed card type), deleting their entries, inside the caller's
/// transaction (the catalogue's replacement).
pub(crate) fn drop_removed_types(tx: &Transaction<'_>, catalogue: &Catalogue) -> rusqlite::Result<()> {
    let keep: Vec<String> = catalogue.card_types.iter().map(|c| c.id.0.to_string()).collect();
    let list = keep.join(",");
    tx.execute(&format!("DELETE FROM duplicate_entry WHERE card_type NOT IN ({list})"), [])?;
    tx.execute(&format!("DELETE FROM duplicate_check_type WHERE card_type NOT IN ({list})"), [])?;
    Ok(())
}

impl<'a> Duplicates<'a> {
    pub(super) fn new(db: &'a Db) -> Duplicates<'a> {
        Duplicates { db }
    }

    /// The card types with the check switched on.
    pub fn enabled(&self) -> Result<BTreeSet<CardTypeId>, DbError> {
        let mut stmt = self.db.conn().prepare_cached("SELECT card_type FROM duplicate_check_type").or_db(self.db)?;
        let rows = stmt.query_map([], |r| r.get::<_, u16>(0).map(CardTypeId)).or_db(self.db)?;
        rows.map(|r| r.or_db(self.db)).collect()
    }

    /// Whether `card_type` has the check switched on (asked by every
    /// issuance: one cached statement, issue 17).
    pub fn is_on(&self, card_type: CardTypeId) -> Result<bool, DbError> {
        self.db
            .conn()
            .prepare_cached("SELECT 1 FROM duplicate_check_type WHERE card_type = ?1")
            .and_then(|mut stmt| stmt.query_row([card_type.0], |_| Ok(())).optional())
            .map(|r| r.is_some())
            .or_db(self.db)
    }

    /// How many entries `card_type` has.
    pub fn entries(&self, card_type: CardTypeId) -> Result<u64, DbError> {
        let n: i64 = self
            .db
            .conn()
            .query_row("SELECT COUNT(*) FROM duplicate_entry WHERE card_type = ?1", [card_type.0], |r| r.get(0))
            .or_db(self.db)?;
        Ok(n as u64)
    }

    /// Switch the check on or off for `card_type` (audited as `actor`);
    /// off deletes its entries. Whether it changed, and how many entries
    /// were deleted.
    pub fn set(&self, card_type: CardTypeId, on: bool, actor: &str, now: Timestamp) -> Result<(bool, usize), DbError> {
        let tx = self.db.immediate()?;
        let out = set_in(&tx, card_type, on, actor, now).or_db(self.db)?;
        tx.commit().or_db(self.db)?;
        Ok(out)
    }

    /// Switch the check on for exactly the card types in `on` among those
    /// of `catalogue` (and off for the rest), in one transaction.
    pub fn set_all(
        &self,
        catalogue: &Catalogue,
        on: &BTreeSet<CardTypeId>,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), DbError> {
        let tx = self.db.immediate()?;
        for ct in &catalogue.card_types {
            set_in(&tx, ct.id, on.contains(&ct.id), actor, now).or_db(self.db)?;
        }
        drop_removed_types(&tx, catalogue).or_db(self.db)?;
        tx.commit().or_db(self.db)
    }

    /// Delete the entries whose validity ended before `today`; how many.
    pub fn prune(&self, today: Day) -> Result<usize, DbError> {
        self.db.conn().execute("DELETE FROM duplicate_entry WHERE period_end < ?1", [today.0]).or_db(self.db)
    }

    /// Take back an entry the duplicate check added for
    /// a card that was then not handed out.
    pub fn forget(&self, entry: &Entry) -> Result<(), DbError> {
        self.db
            .conn()
            .execute(
                "DELETE FROM duplicate_entry WHERE pseudonym = ?1 AND card_type = ?2 AND agency = ?3 AND month = ?4
                 AND period_end = ?5",
                params![
                    entry.pseudonym.0.as_slice(),
                    entry.card_type.0,
                    entry.agency,
                    entry.month.0,
                    entry.period_end.0
                ],
            )
            .map(drop)
            .or_db(self.db)
    }
}

fn set_in(
    tx: &Transaction<'_>,
    card_type: CardTypeId,
    on: bool,
    actor: &str,
    now: Timestamp,
) -> rusqlite::Result<(bool, usize)> {
    if on {
        let added = tx.execute("INSERT OR IGNORE INTO duplicate_check_type (card_type) VALUES (?1)", [card_type.0])?;
        if added > 0 {
            audit::write(tx, actor, "duplicate-check", &format!("on for card type {}", card_type.0), now)?;
        }
        return Ok((added > 0, 0));
    }
    let removed = tx.execute("DELETE FROM duplicate_check_type WHERE card_type = ?1", [card_type.0])?;
    let deleted = tx.execute("DELETE FROM duplicate_entry WHERE card_type = ?1", [card_type.0])?;
    if removed > 0 {
        let detail = format!("off for card type {}; {deleted} entries deleted", card_type.0);
        audit::write(tx, actor, "duplicate-check", &detail, now)?;
    }
    Ok((removed > 0, deleted))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::new_store;

    fn entry(p: u8, card_type: u16, period_end: Day) -> Entry {
        Entry {
            pseudonym: Pseudonym([p; 32]),
            card_type: CardTypeId(card_type),
            agency: 1,
            month: Month(202611),
            period_end,
        }
    }

    fn add(store: &crate::store::Store, e: &Entry) {
        let tx = store.db().immediate().unwrap();
        assert!(insert(&tx, e).unwrap());
        tx.commit().unwrap();
    }

    fn all(store: &crate::store::Store) -> Vec<(Vec<u8>, u16)> {
        let mut stmt = store.db().conn().prepare("SELECT pseudonym, card_type FROM duplicate_entry").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
    }

    #[test]
    fn switching_the_check_off_deletes_its_entries() {
        let (_tmp, _dir, mut store, now) = new_store();
        let end = now.oslo_day().year_end();
        let d = store.duplicates();
        assert_eq!(d.enabled().unwrap(), BTreeSet::new(), "off by default");
        assert_eq!(d.set(CardTypeId(1), true, "anne", now).unwrap(), (true, 0));
        assert_eq!(d.set(CardTypeId(1), true, "anne", now).unwrap(), (false, 0));
        d.set(CardTypeId(2), true, "anne", now).unwrap();
        add(&store, &entry(1, 1, end));
        add(&store, &entry(2, 1, end));
        add(&store, &entry(3, 2, end));
        assert_eq!((d.entries(CardTypeId(1)).unwrap(), d.entries(CardTypeId(2)).unwrap()), (2, 1));
        assert_eq!(d.set(CardTypeId(1), false, "anne", now).unwrap(), (true, 2));
        assert_eq!(all(&store), vec![(vec![3; 32], 2)]);
        assert_eq!(d.enabled().unwrap(), [CardTypeId(2)].into());
        let log: Vec<String> = store.audit().recent(3).unwrap().into_iter().map(|e| e.detail).collect();
        assert_eq!(log[0], "off for card type 1; 2 entries deleted");
        // Removing the card type from the catalogue switches its check off too.
        let mut cat = store.catalogue().clone();
        cat.card_types.retain(|c| c.id != CardTypeId(2));
        store.catalogue_mut().replace(cat, "anne", now).unwrap();
        assert_eq!(all(&store), vec![]);
        assert_eq!(store.duplicates().enabled().unwrap(), BTreeSet::new());
    }

    #[test]
    fn entries_go_when_their_period_ends() {
        let (_tmp, _dir, store, now) = new_store();
        let today = now.oslo_day();
        store.duplicates().set(CardTypeId(1), true, "anne", now).unwrap();
        add(&store, &entry(1, 1, today));
        add(&store, &entry(2, 1, today.plus(1)));
        assert_eq!(store.duplicates().prune(today).unwrap(), 0, "valid through today");
        assert_eq!(store.duplicates().prune(today.plus(1)).unwrap(), 1);
        assert_eq!(all(&store), vec![(vec![2; 32], 1)]);
        // A conflict is an entry whose card is still valid on the new card's first day.
        let tx = store.db().immediate().unwrap();
        let p = Pseudonym([2; 32]);
        let first = FirstCard { agency: 1, month: Month(202611) };
        assert_eq!(first_conflict(&tx, &p, CardTypeId(1), today.plus(1)).unwrap(), Some(first));
        assert_eq!(first_conflict(&tx, &p, CardTypeId(1), today.plus(2)).unwrap(), None);
        assert_eq!(first_conflict(&tx, &p, CardTypeId(2), today).unwrap(), None);
        drop(tx);
        assert_eq!(store.duplicates().prune(today.plus(2)).unwrap(), 1);
        assert_eq!(all(&store), vec![]);
    }
}
