//! Issuance counts: cards issued per Oslo day, agency and card type, and
//! one audit line per count ("kari: 3 × card type 1", with the day, no time
//! of day). Nothing about the cards themselves.

use crate::db::{Db, DbError, OrDb as _};
use rusqlite::{Transaction, params};
use shared::{CardTypeId, Day, Timestamp};

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

/// Add `count` cards of `card_type` to the day's count and write the audit
/// line, inside the caller's transaction (see also [`crate::counter`]).
pub(crate) fn write(
    tx: &Transaction<'_>,
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
    // The audit line keeps the day only, like the card's `issued_on` (SPEC
    // §8): who handed out how many of which type that day is what it is
    // for, and a time of day would only help match a card to a case file.
    super::audit::write(tx, actor, "issue", &format!("{count} × card type {}", card_type.0), issue_time(now))
}

/// The time an issuance audit line stores for `now`: the start of its Oslo
/// day.
fn issue_time(now: Timestamp) -> Timestamp {
    now.oslo_day().oslo_midnight()
}

/// The issuance counts.
#[derive(Debug, Clone, Copy)]
pub struct IssuanceCounts<'a> {
    db: &'a Db,
}

impl<'a> IssuanceCounts<'a> {
    pub(super) fn new(db: &'a Db) -> IssuanceCounts<'a> {
        IssuanceCounts { db }
    }

    /// Count issued cards (and audit who issued how many of which type).
    /// Called before the cards are handed out: if this fails, no card exists.
    pub fn record(
        &self,
        card_type: CardTypeId,
        count: u32,
        agency: i64,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), DbError> {
        let tx = self.db.immediate()?;
        write(&tx, card_type, count, agency, actor, now).or_db(self.db)?;
        tx.commit().or_db(self.db)
    }

    /// Issuance counts, oldest first.
    pub fn counts(&self) -> Result<Vec<IssuanceCount>, DbError> {
        self.query("SELECT day, agency, card_type, count FROM issuance_counts ORDER BY day, agency, card_type", [])
    }

    /// Issuance counts for `from ..= until` (by day, agency, card type).
    pub fn between(&self, from: Day, until: Day) -> Result<Vec<IssuanceCount>, DbError> {
        self.query(
            "SELECT day, agency, card_type, count FROM issuance_counts WHERE day BETWEEN ?1 AND ?2
             ORDER BY day, agency, card_type",
            [from.0, until.0],
        )
    }

    fn query(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<IssuanceCount>, DbError> {
        let mut stmt = self.db.conn().prepare(sql).or_db(self.db)?;
        let rows = stmt
            .query_map(params, |r| {
                Ok(IssuanceCount {
                    day: Day(r.get(0)?),
                    agency: r.get(1)?,
                    card_type: CardTypeId(r.get(2)?),
                    count: r.get::<_, i64>(3)? as u64,
                })
            })
            .or_db(self.db)?;
        rows.map(|r| r.or_db(self.db)).collect()
    }

    /// How many cards of `card_type` were issued, ever.
    pub fn of_type(&self, card_type: CardTypeId) -> Result<u64, DbError> {
        let n: i64 = self
            .db
            .conn()
            .query_row("SELECT COALESCE(SUM(count), 0) FROM issuance_counts WHERE card_type = ?1", [card_type.0], |r| {
                r.get(0)
            })
            .or_db(self.db)?;
        Ok(n as u64)
    }
}
