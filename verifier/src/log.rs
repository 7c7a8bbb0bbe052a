//! The redemption log: `DIR/redemptions.db` (SQLite).
//!
//! ```text
//! redemption(id INTEGER PRIMARY KEY, pseudonym BLOB(16), benefit TEXT,
//!            card_type INTEGER, at INTEGER,   -- one row per visit
//!            device INTEGER,                   -- 0: the command line
//!            undone_at INTEGER,                -- NULL unless undone
//!            coarse INTEGER, companion INTEGER) -- see MIGRATIONS
//! high_water(id = 1, at INTEGER)              -- latest time seen
//! event(id INTEGER PRIMARY KEY, kind TEXT, at INTEGER, detail INTEGER)
//!                                              -- e.g. a clock reset
//! device, pairing_code                         -- paired browsers: crate::devices
//! ```
//!
//! A row holds the card's pseudonym at this station (the quota unit:
//! [`crate::pseudonym`], a keyed hash of the token id, never the token id),
//! the benefit id, the card type
//! number (for usage reports; it identifies no one), the time in Unix
//! seconds, the station device that recorded it (a paired browser's
//! number, 0 for the command line: a device, not a person) and, for a visit
//! undone, when; nothing else: no scanned text, no card number, no names.
//! Rows are written only for a [`VerifiedToken`], which only signature
//! verification can make.
//!
//! Undo ([`RedemptionLog::undo_visit`]) marks a visit undone (it is kept):
//! only the last visit recorded by the same device, within
//! [`UNDO_WINDOW_SECS`], once. Quotas and reports count only visits not
//! undone.
//!
//! Durability: WAL with `synchronous=FULL`, so a commit survives a process
//! crash and a power loss. Check and insert happen in one `BEGIN IMMEDIATE`
//! transaction (the write lock is taken before the quota is read, so two
//! scans of one card at two stations cannot both pass), and
//! [`Redeeming::record`] returns only after the commit has returned.
//!
//! Clock safety: the latest time seen (recorded visits, the bundle's issue
//! time) is kept as a high-water mark. A clock more than
//! [`CLOCK_TOLERANCE_SECS`] behind it is refused; within the tolerance the
//! mark is used as "now", so quota periods never go backwards. The
//! tolerance is the bundle check's skew, so a bundle that installs never
//! blocks the station. A mark left in the future by a clock that ran ahead
//! is lowered only by [`RedemptionLog::reset_clock`] (recorded as an
//! event; recorded visits stay, and stay counted).
//!
//! Token ids never reach this file: a visit is recorded under its
//! pseudonym, so the log yields no card number. An undo's answer names the
//! benefit, card type and time of the visit; `verifier serve` adds the card
//! number from its own memory of the answers it gave (never from the log).
//!
//! Migration to pseudonyms (schema 4): the column is renamed and every row's
//! token id replaced by its pseudonym in the same transaction as the schema
//! change (a crash leaves the old log or the new one); with `secure_delete`
//! the old bytes are overwritten, and the write-ahead log is truncated after
//! the commit.

use crate::VerifierError;
use crate::pseudonym::StationSecret;
use rusqlite::{Connection, OpenFlags, OptionalExtension as _, TransactionBehavior, params};
use shared::decision::{Budgets, Outcome};
use shared::model::Benefit;
use shared::quota::Visit;
use shared::{Day, Timestamp, VerifiedToken};
use std::path::{Path, PathBuf};

/// The log's file name in the venue's data directory.
pub const LOG_FILE: &str = "redemptions.db";
/// How far the clock may be behind the latest time seen before redeeming is
/// refused (10 minutes); within it, the latest time seen is used. The same
/// skew as a bundle's issue time may be ahead of the clock when it is
/// installed: one rule, so a bundle that installs never blocks the station.
pub const CLOCK_TOLERANCE_SECS: i64 = shared::station::CLOCK_TOLERANCE_SECS;
/// How old the last visit may be for `verifier undo` (5 minutes).
pub const UNDO_WINDOW_SECS: i64 = 300;
/// How long to wait for another station's or process's write (SQLite busy timeout).
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Schema migrations; `PRAGMA user_version` counts those applied. Public so
/// that tests can build a log as an older verifier left it.
pub const MIGRATIONS: &[&str] = &[
    "CREATE TABLE redemption (
        id        INTEGER PRIMARY KEY,
        token_id  BLOB    NOT NULL CHECK (typeof(token_id) = 'blob' AND length(token_id) = 16),
        benefit   TEXT    NOT NULL,
        card_type INTEGER NOT NULL,
        at        INTEGER NOT NULL
    );
    CREATE INDEX redemption_by_token ON redemption (token_id);
    CREATE INDEX redemption_by_time ON redemption (at);
    CREATE TABLE high_water (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        at INTEGER NOT NULL
    );",
    "CREATE TABLE event (
        id     INTEGER PRIMARY KEY,
        kind   TEXT    NOT NULL,
        at     INTEGER NOT NULL,
        detail INTEGER
    );",
    "ALTER TABLE redemption ADD COLUMN device INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE redemption ADD COLUMN undone_at INTEGER;
    CREATE INDEX redemption_by_device ON redemption (device, id);
    CREATE TABLE device (
        id          INTEGER PRIMARY KEY CHECK (id > 0),
        label       TEXT    NOT NULL,
        secret_hash BLOB    NOT NULL UNIQUE CHECK (length(secret_hash) = 32),
        paired_at   INTEGER NOT NULL,
        revoked_at  INTEGER
    );
    CREATE TABLE pairing_code (
        id         INTEGER PRIMARY KEY,
        code_hash  BLOB    NOT NULL CHECK (length(code_hash) = 32),
        name       TEXT    NOT NULL,
        expires_at INTEGER NOT NULL,
        wrong      INTEGER NOT NULL DEFAULT 0,
        used_at    INTEGER
    );",
    // Schema 4: per-venue pseudonyms. The rows' token ids are replaced by
    // their pseudonyms in the same transaction ([`PSEUDONYM_SCHEMA`]).
    "ALTER TABLE redemption RENAME COLUMN token_id TO pseudonym;
    DROP INDEX redemption_by_token;
    CREATE INDEX redemption_by_pseudonym ON redemption (pseudonym);",
    // Schema 5: a visit's time is kept to the second only while it may be
    // undone; then it is its Oslo day's midnight ([`RedemptionLog::coarsen`]).
    "ALTER TABLE redemption ADD COLUMN coarse INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX redemption_fine ON redemption (at) WHERE coarse = 0;",
    // Schema 6: whether a companion came (1), did not or was not confirmed
    // (0); NULL for the visits recorded before (unknown: counted as before,
    // by the benefit's `companion_free`). The index counts a venue budget.
    "ALTER TABLE redemption ADD COLUMN companion INTEGER CHECK (companion IN (0, 1));
    CREATE INDEX redemption_by_benefit ON redemption (benefit, at);",
];

/// How long after the latest time seen a visit keeps its time to the second
/// (undo needs 5 minutes, the clock check 10): an hour.
pub const COARSE_AFTER_SECS: i64 = 3600;

/// The schema from which the log holds pseudonyms: reaching it rewrites
/// the rows that held token ids.
const PSEUDONYM_SCHEMA: usize = 4;

/// The device of a visit recorded from the command line (`verifier redeem`,
/// `scan`); a paired browser's visits carry its device number (> 0).
pub const COMMAND_LINE: i64 = 0;

/// The event kind of a deliberate clock reset; its detail is the mark
/// before the reset.
pub const EVENT_CLOCK_RESET: &str = "clock_reset";

/// An open redemption log.
#[derive(Debug)]
pub struct RedemptionLog {
    conn: Connection,
    path: PathBuf,
    secret: StationSecret,
}

/// A device's last visit: to confirm ([`RedemptionLog::last_visit`]) or
/// undone ([`RedemptionLog::undo_visit`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undone {
    /// The visit's row number (names it in a confirmation).
    pub visit: i64,
    /// Benefit id.
    pub benefit: String,
    /// Card type number.
    pub card_type: u16,
    /// When it had been recorded.
    pub at: Timestamp,
}

/// What [`RedemptionLog::reset_clock`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClockReset {
    /// The clock is not behind the latest time seen: nothing changed.
    NotBehind,
    /// Not confirmed: nothing changed. The mark, and the clock.
    Unconfirmed {
        /// The latest time seen.
        mark: Timestamp,
        /// The clock.
        now: Timestamp,
    },
    /// The mark was set back from `from` to `to` (the clock), and the reset
    /// recorded as an event.
    Lowered {
        /// The mark before.
        from: Timestamp,
        /// The mark now.
        to: Timestamp,
    },
}

/// Visits on one day, of one card type and benefit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    /// The day (Oslo).
    pub day: Day,
    /// Card type number.
    pub card_type: u16,
    /// Benefit id.
    pub benefit: String,
    /// Number of visits.
    pub count: u64,
    /// Of those, visits where staff confirmed that a companion came.
    pub companions: u64,
    /// Of those, visits recorded before the log kept companions (schema 6):
    /// whether one came is unknown.
    pub companions_unknown: u64,
}

/// What is wrong with the redemption log ([`VerifierError::Log`]).
#[derive(Debug, thiserror::Error)]
pub enum LogProblem {
    /// SQLite failed (disk full, permissions, a damaged file, …).
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    /// The file system does not give SQLite its write-ahead log.
    #[error("journal mode is {0}, not WAL")]
    NotWal(String),
    /// The log was written by a newer verifier.
    #[error(
        "it is from a newer version of the verifier (schema {applied} > {known}); nothing was changed: use the newer verifier, or put back the copy taken before the upgrade (backups/pre-upgrade-{known}-to-{applied}.sqlite; README, \"Upgrades\")"
    )]
    Newer {
        /// The log's schema version.
        applied: i64,
        /// The newest this verifier knows.
        known: i64,
    },
    /// The copy taken before an upgrade failed; nothing was migrated.
    #[error("copying it before the upgrade failed ({0}); nothing was migrated")]
    PreUpgradeCopy(#[source] crate::pre_upgrade::CopyError),
}

fn err(path: &Path) -> impl Fn(rusqlite::Error) -> VerifierError + '_ {
    move |e| VerifierError::Log { path: path.to_path_buf(), source: e.into() }
}

/// Whether the clock reading `now` is acceptable given the latest time seen
/// `seen`; the instant to use ("now", never before `seen`).
pub fn effective_now(now: Timestamp, seen: Timestamp) -> Result<Timestamp, VerifierError> {
    shared::station::effective_now(now, seen).map_err(|b| VerifierError::ClockBehind {
        now: crate::oslo_local(now),
        seen: crate::oslo_local(seen),
        behind_minutes: b.behind_secs / 60,
    })
}

fn read_high_water(conn: &Connection) -> rusqlite::Result<Option<Timestamp>> {
    conn.query_row("SELECT at FROM high_water WHERE id = 1", [], |r| r.get(0)).optional().map(|o| o.map(Timestamp))
}

impl RedemptionLog {
    /// Open (creating if needed) `DIR/redemptions.db`.
    pub fn open(dir: &Path) -> Result<RedemptionLog, VerifierError> {
        Self::open_file(&dir.join(LOG_FILE))
    }

    /// Open (creating if needed) the log at `path`: owner-only file, WAL,
    /// `synchronous=FULL`, `secure_delete`, busy timeout, migrations. The
    /// station secret is `station.secret` next to it, made now if missing
    /// ([`StationSecret::load_or_create`]).
    pub fn open_file(path: &Path) -> Result<RedemptionLog, VerifierError> {
        let e = err(path);
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let secret = StationSecret::load_or_create(dir)?;
        // Create it owner-only before SQLite does (its -wal and -shm files
        // take the same permissions): it holds pseudonyms of cards.
        keys::create_owner_only(path).map_err(|source| VerifierError::Io { path: path.to_path_buf(), source })?;
        let conn = Connection::open(path).map_err(&e)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(&e)?;
        let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0)).map_err(&e)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(VerifierError::Log { path: path.to_path_buf(), source: LogProblem::NotWal(mode) });
        }
        conn.pragma_update(None, "synchronous", "FULL").map_err(&e)?;
        // Removed and overwritten rows are overwritten with zeros, not left
        // in free pages.
        conn.pragma_update(None, "secure_delete", "ON").map_err(&e)?;
        let mut log = RedemptionLog { conn, path: path.to_path_buf(), secret };
        log.migrate()?;
        Ok(log)
    }

    fn migrate(&mut self) -> Result<(), VerifierError> {
        let e = err(&self.path);
        let known = MIGRATIONS.len() as i64;
        let applied: i64 = self.conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(&e)?;
        if applied == known {
            return Ok(());
        }
        // Copied first (not under the write lock: SQLite copies no
        // database its connection is writing).
        let copy = crate::pre_upgrade::copy_if_upgrading(&self.conn, &self.path, applied, known, PSEUDONYM_SCHEMA)
            .map_err(|c| VerifierError::Log { path: self.path.clone(), source: LogProblem::PreUpgradeCopy(c) })?;
        let copied_at = applied;
        // Several processes may open a new log at once: decide under the
        // write lock.
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(&e)?;
        let applied: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(&e)?;
        if applied > known {
            return Err(VerifierError::Log { path: self.path.clone(), source: LogProblem::Newer { applied, known } });
        }
        if let Some(copy) = copy.filter(|_| applied != copied_at) {
            // Another process migrated it meanwhile: not a copy from before.
            let _ = std::fs::remove_file(copy);
        }
        let from = usize::try_from(applied).unwrap_or(0);
        for (step, sql) in MIGRATIONS.iter().enumerate().skip(from) {
            tx.execute_batch(sql).map_err(&e)?;
            if step + 1 == PSEUDONYM_SCHEMA {
                pseudonymise_rows(&tx, &self.secret).map_err(&e)?;
            }
        }
        tx.pragma_update(None, "user_version", known).map_err(&e)?;
        tx.commit().map_err(&e)?;
        if from < PSEUDONYM_SCHEMA {
            // The old token ids may still be in the write-ahead log's
            // frames: copy it into the database and empty it.
            self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").map_err(&e)?;
        }
        Ok(())
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The latest time seen, if any visit was ever recorded.
    pub fn high_water(&self) -> Result<Option<Timestamp>, VerifierError> {
        read_high_water(&self.conn).map_err(err(&self.path))
    }

    /// The instant a read-only `check` should use: as [`effective_now`], with
    /// the high-water mark of `DIR/redemptions.db` if that exists (it is
    /// opened read-only and never created), and `floor` (the bundle's issue
    /// time).
    pub fn now_for_check(dir: &Path, now: Timestamp, floor: Timestamp) -> Result<Timestamp, VerifierError> {
        let path = dir.join(LOG_FILE);
        let mut seen = floor;
        if path.exists() {
            let e = err(&path);
            let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(&e)?;
            conn.busy_timeout(BUSY_TIMEOUT).map_err(&e)?;
            let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(&e)?;
            if version >= 1
                && let Some(hw) = read_high_water(&conn).map_err(&e)?
            {
                seen = seen.max(hw);
            }
        }
        effective_now(now, seen)
    }

    /// Start a redemption at clock reading `now`; `floor` is a time known to
    /// have passed (the installed bundle's issue time). Takes the write lock
    /// (`BEGIN IMMEDIATE`) and checks the clock: [`VerifierError::ClockBehind`]
    /// if it is more than the tolerance behind the latest time seen.
    /// Dropping the result without [`Redeeming::record`] writes nothing.
    pub fn begin(&mut self, now: Timestamp, floor: Timestamp) -> Result<Redeeming<'_>, VerifierError> {
        self.begin_as(COMMAND_LINE, now, floor)
    }

    /// [`RedemptionLog::begin`] for a visit recorded by `device` (a paired
    /// browser's number; [`COMMAND_LINE`] for the command line).
    pub fn begin_as(&mut self, device: i64, now: Timestamp, floor: Timestamp) -> Result<Redeeming<'_>, VerifierError> {
        let path = self.path.as_path();
        let e = err(path);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(&e)?;
        let seen = read_high_water(&tx).map_err(&e)?.map_or(floor, |hw| hw.max(floor));
        let now = effective_now(now, seen)?;
        Ok(Redeeming { tx, now, path, device, secret: &self.secret })
    }

    /// `verifier undo`: [`RedemptionLog::undo_visit`] of the command line's
    /// last visit, without a confirmation step.
    pub fn undo_last(&mut self, now: Timestamp, floor: Timestamp) -> Result<Undone, VerifierError> {
        self.undo_visit(COMMAND_LINE, None, now, floor)
    }

    /// The last visit recorded by `device`, if it can be undone now (for the
    /// confirmation); errors as [`RedemptionLog::undo_visit`]. Writes nothing.
    pub fn last_visit(&mut self, device: i64, now: Timestamp, floor: Timestamp) -> Result<Undone, VerifierError> {
        let e = err(&self.path);
        let tx = self.conn.transaction().map_err(&e)?;
        Ok(undoable(&tx, &self.path, device, now, floor)?.0)
    }

    /// Mark the last visit recorded by `device` undone (a mistaken scan), if
    /// it is at most [`UNDO_WINDOW_SECS`] old and not undone already; with
    /// `confirmed`, only if that is still the visit confirmed. The row stays,
    /// with `undone_at`; quotas and reports no longer count it. Only the
    /// last visit: a second undo finds it undone
    /// ([`VerifierError::NothingToUndo`]) and never reaches further back,
    /// nor to another device's visits. The clock is checked as for a
    /// redemption; the high-water mark stays.
    pub fn undo_visit(
        &mut self,
        device: i64,
        confirmed: Option<i64>,
        now: Timestamp,
        floor: Timestamp,
    ) -> Result<Undone, VerifierError> {
        let e = err(&self.path);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(&e)?;
        let (last, now) = undoable(&tx, &self.path, device, now, floor)?;
        if confirmed.is_some_and(|v| v != last.visit) {
            return Err(VerifierError::UndoChanged);
        }
        tx.execute("UPDATE redemption SET undone_at = ?1 WHERE id = ?2", params![now.0, last.visit]).map_err(&e)?;
        tx.commit().map_err(&e)?;
        Ok(last)
    }

    /// Record whether a companion came with the last visit recorded by
    /// `device`, which must still be `visit` and undoable (at most
    /// [`UNDO_WINDOW_SECS`] old, not undone; the same rule as an undo), so
    /// that staff confirm at the door right after the scan. The caller
    /// knows the visit's benefit lets a companion in free.
    pub fn set_companion(
        &mut self,
        device: i64,
        visit: i64,
        came: bool,
        now: Timestamp,
        floor: Timestamp,
    ) -> Result<Undone, VerifierError> {
        let e = err(&self.path);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(&e)?;
        let too_late = VerifierError::CompanionTooLate { window_minutes: UNDO_WINDOW_SECS / 60 };
        let last = match undoable(&tx, &self.path, device, now, floor) {
            Ok((last, _)) if last.visit == visit => last,
            Ok(_) | Err(VerifierError::NothingToUndo | VerifierError::UndoTooLate { .. }) => return Err(too_late),
            Err(other) => return Err(other),
        };
        tx.execute("UPDATE redemption SET companion = ?1 WHERE id = ?2", params![i64::from(came), visit])
            .map_err(&e)?;
        tx.commit().map_err(&e)?;
        Ok(last)
    }

    /// Set the high-water mark back to the clock reading `now`, after a
    /// clock that ran far ahead was corrected; `floor` is the installed
    /// bundle's issue time (never reset: a clock behind it is wrong). Only
    /// with `confirm`, and only when the clock is more than the tolerance
    /// behind the mark. The reset is recorded as an event (the old mark, the
    /// time; no card data). Recorded visits are neither removed nor moved:
    /// quotas count them still, including those "later" than now, so a
    /// reset gives no visit back.
    pub fn reset_clock(
        &mut self,
        now: Timestamp,
        floor: Timestamp,
        confirm: bool,
    ) -> Result<ClockReset, VerifierError> {
        let path = self.path.as_path();
        let e = err(path);
        // The bundle's issue time is not this log's to reset.
        effective_now(now, floor)?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(&e)?;
        let Some(mark) = read_high_water(&tx).map_err(&e)? else { return Ok(ClockReset::NotBehind) };
        if effective_now(now, mark).is_ok() {
            return Ok(ClockReset::NotBehind);
        }
        if !confirm {
            return Ok(ClockReset::Unconfirmed { mark, now });
        }
        tx.execute("UPDATE high_water SET at = ?1 WHERE id = 1", params![now.0]).map_err(&e)?;
        tx.execute(
            "INSERT INTO event (kind, at, detail) VALUES (?1, ?2, ?3)",
            params![EVENT_CLOCK_RESET, now.0, mark.0],
        )
        .map_err(&e)?;
        tx.commit().map_err(&e)?;
        Ok(ClockReset::Lowered { from: mark, to: now })
    }

    /// Visits per day (Oslo), card type and benefit, for the days
    /// `from ..= until` (either open), ordered by day, card type, benefit.
    pub fn report(&self, from: Option<Day>, until: Option<Day>) -> Result<Vec<ReportRow>, VerifierError> {
        let e = err(&self.path);
        let lo = from.map_or(i64::MIN, |d| d.oslo_midnight().0);
        let hi = until.map_or(i64::MAX, |d| d.plus(1).oslo_midnight().0);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT at, card_type, benefit, companion FROM redemption \
                 WHERE at >= ?1 AND at < ?2 AND undone_at IS NULL",
            )
            .map_err(&e)?;
        let rows = stmt
            .query_map(params![lo, hi], |r| {
                Ok((Timestamp(r.get(0)?), r.get::<_, u16>(1)?, r.get::<_, String>(2)?, r.get::<_, Option<i64>>(3)?))
            })
            .map_err(&e)?;
        let mut counts: std::collections::BTreeMap<(Day, u16, String), [u64; 3]> = Default::default();
        for row in rows {
            let (at, card_type, benefit, companion) = row.map_err(&e)?;
            let c = counts.entry((at.oslo_day(), card_type, benefit)).or_default();
            c[0] += 1;
            c[1] += u64::from(companion == Some(1));
            c[2] += u64::from(companion.is_none());
        }
        Ok(counts
            .into_iter()
            .map(|((day, card_type, benefit), [count, companions, companions_unknown])| ReportRow {
                day,
                card_type,
                benefit,
                count,
                companions,
                companions_unknown,
            })
            .collect())
    }

    /// Remove the visits of card type and benefit recorded before the time
    /// given with them ([`crate::retention`]), in one transaction; then,
    /// if any were removed, checkpoint and truncate the write-ahead log, so
    /// that with `secure_delete` their bytes are gone from both files (when
    /// no other process is reading at that moment; else at a later
    /// checkpoint). Returns how many were removed.
    pub fn remove_before(&mut self, before: &[(u16, String, Timestamp)]) -> Result<usize, VerifierError> {
        let e = err(&self.path);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(&e)?;
        let mut removed = 0;
        for (card_type, benefit, at) in before {
            removed += tx
                .execute(
                    "DELETE FROM redemption WHERE card_type = ?1 AND benefit = ?2 AND at < ?3",
                    params![card_type, benefit, at.0],
                )
                .map_err(&e)?;
        }
        tx.commit().map_err(&e)?;
        if removed > 0 {
            self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").map_err(&e)?;
        }
        Ok(removed)
    }

    /// Round the time of every visit recorded at least
    /// [`COARSE_AFTER_SECS`] before the latest time seen down to its Oslo
    /// day's midnight: quotas (days, weeks, months, years, validity) and
    /// reports (days) need no more, and the log then holds no time of day
    /// for a visit that can no longer be undone. Returns how many visits
    /// were rounded.
    pub fn coarsen(&mut self) -> Result<usize, VerifierError> {
        let e = err(&self.path);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(&e)?;
        let Some(mark) = read_high_water(&tx).map_err(&e)? else {
            return Ok(0);
        };
        let fine: Vec<(i64, i64)> = {
            let mut stmt = tx.prepare("SELECT id, at FROM redemption WHERE coarse = 0 AND at < ?1").map_err(&e)?;
            let rows = stmt.query_map([mark.0 - COARSE_AFTER_SECS], |r| Ok((r.get(0)?, r.get(1)?))).map_err(&e)?;
            rows.collect::<rusqlite::Result<_>>().map_err(&e)?
        };
        for (id, at) in &fine {
            let midnight = Timestamp(*at).oslo_day().oslo_midnight();
            tx.execute("UPDATE redemption SET at = ?2, coarse = 1 WHERE id = ?1", params![id, midnight.0])
                .map_err(&e)?;
        }
        tx.commit().map_err(&e)?;
        if !fine.is_empty() {
            self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").map_err(&e)?;
        }
        Ok(fine.len())
    }

    /// `PRAGMA integrity_check`: `ok` for a sound database file.
    pub fn integrity_check(&self) -> Result<String, VerifierError> {
        self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(err(&self.path))
    }
}

/// The last visit of `device`, if it can be undone at clock reading `now`
/// (`floor`: the bundle's issue time), and the instant to use as "now".
fn undoable(
    tx: &rusqlite::Transaction<'_>,
    path: &Path,
    device: i64,
    now: Timestamp,
    floor: Timestamp,
) -> Result<(Undone, Timestamp), VerifierError> {
    let e = err(path);
    let seen = read_high_water(tx).map_err(&e)?.map_or(floor, |hw| hw.max(floor));
    let now = effective_now(now, seen)?;
    type Row = (i64, String, u16, i64, Option<i64>);
    let last: Option<Row> = tx
        .query_row(
            "SELECT id, benefit, card_type, at, undone_at FROM redemption WHERE device = ?1 ORDER BY id DESC LIMIT 1",
            params![device],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()
        .map_err(&e)?;
    let Some((visit, benefit, card_type, at, None)) = last else {
        return Err(VerifierError::NothingToUndo);
    };
    let at = Timestamp(at);
    // A visit recorded "later" than now (before a clock reset) is never
    // undone: a reset must not give visits back.
    if now.0.saturating_sub(at.0) > UNDO_WINDOW_SECS || at > now {
        return Err(VerifierError::UndoTooLate {
            benefit,
            at: crate::oslo_local(at),
            window_minutes: UNDO_WINDOW_SECS / 60,
        });
    }
    Ok((Undone { visit, benefit, card_type, at }, now))
}

/// Schema 4: replace every row's token id by its pseudonym (inside the
/// migration's transaction).
fn pseudonymise_rows(tx: &rusqlite::Transaction<'_>, secret: &StationSecret) -> rusqlite::Result<()> {
    let rows: Vec<(i64, Vec<u8>)> = {
        let mut stmt = tx.prepare("SELECT id, pseudonym FROM redemption")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut update = tx.prepare("UPDATE redemption SET pseudonym = ?1 WHERE id = ?2")?;
    for (id, token_id) in rows {
        // The CHECK constraint made every stored id 16 bytes.
        let token_id = shared::TokenId(token_id.try_into().unwrap_or([0; 16]));
        update.execute(params![&secret.pseudonym(&token_id).0[..], id])?;
    }
    Ok(())
}

/// A redemption in progress: the write lock is held and the clock checked.
#[derive(Debug)]
pub struct Redeeming<'c> {
    tx: rusqlite::Transaction<'c>,
    now: Timestamp,
    path: &'c Path,
    device: i64,
    secret: &'c StationSecret,
}

impl Redeeming<'_> {
    /// The instant to use for this redemption: the clock, or the latest time
    /// seen if the clock is (within the tolerance) behind it. Verify the
    /// card at this instant.
    pub fn now(&self) -> Timestamp {
        self.now
    }

    /// Apply the quotas of `benefits` (the card's benefits at this venue, in
    /// the bundle's order) to `token`'s visits and the venue's `budgets` to
    /// this station's visits ([`shared::decision::decide`]), record a visit to
    /// the first benefit with room, raise the high-water mark, and commit.
    /// Returns only after the commit has returned. When no benefit has room,
    /// nothing is written. The visit is recorded under the card's pseudonym
    /// at this station, never its token id, with whether a companion came
    /// (`companion`, kept only for a benefit with `companion_free`). With a
    /// grant, the visit's row number.
    pub fn record(
        self,
        token: &VerifiedToken,
        benefits: &[&Benefit],
        budgets: Budgets<'_>,
        companion: bool,
    ) -> Result<(Outcome, Option<i64>), VerifierError> {
        let e = err(self.path);
        let pseudonym = self.secret.pseudonym(token.token_id());
        let id = &pseudonym.0[..];
        let visits = {
            let mut stmt = self
                .tx
                .prepare("SELECT benefit, at FROM redemption WHERE pseudonym = ?1 AND undone_at IS NULL")
                .map_err(&e)?;
            let rows = stmt
                .query_map(params![id], |r| Ok(Visit { benefit: r.get(0)?, at: Timestamp(r.get(1)?) }))
                .map_err(&e)?;
            rows.collect::<Result<Vec<_>, _>>().map_err(&e)?
        };
        let mut failed = None;
        let outcome = {
            let mut count = self
                .tx
                .prepare("SELECT count(*) FROM redemption WHERE benefit = ?1 AND at >= ?2 AND undone_at IS NULL")
                .map_err(&e)?;
            shared::decision::decide(
                benefits,
                &visits,
                self.now,
                token.claims().valid_until,
                budgets,
                |benefit, from| {
                    count.query_row(params![benefit, from.oslo_midnight().0], |r| r.get(0)).unwrap_or_else(|x| {
                        failed = Some(x);
                        u32::MAX
                    })
                },
            )
        };
        if let Some(x) = failed {
            return Err(e(x));
        }
        let mut visit = None;
        if let Outcome::Grant { index, .. } = outcome {
            let benefit = benefits.get(index);
            let came = companion && benefit.is_some_and(|b| b.companion_free);
            self.tx
                .execute(
                    "INSERT INTO redemption (pseudonym, benefit, card_type, at, device, companion) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        id,
                        benefit.map(|b| b.id.as_str()).unwrap_or_default(),
                        token.claims().card_type.0,
                        self.now.0,
                        self.device,
                        i64::from(came)
                    ],
                )
                .map_err(&e)?;
            visit = Some(self.tx.last_insert_rowid());
            self.tx
                .execute(
                    "INSERT INTO high_water (id, at) VALUES (1, ?1) ON CONFLICT (id) DO UPDATE SET at = max(at, excluded.at)",
                    params![self.now.0],
                )
                .map_err(&e)?;
            self.tx.commit().map_err(&e)?;
        }
        Ok((outcome, visit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_from_a_newer_verifier_is_refused_and_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(LOG_FILE);
        RedemptionLog::open_file(&path).unwrap();
        Connection::open(&path).unwrap().pragma_update(None, "user_version", 99).unwrap();
        match RedemptionLog::open_file(&path) {
            Err(VerifierError::Log { source: LogProblem::Newer { applied: 99, known: 6 }, .. }) => {}
            other => panic!("expected a Log error, got {other:?}"),
        }
        let v: i64 = Connection::open(&path).unwrap().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v, 99);
    }

    #[test]
    fn effective_now_tolerates_ten_minutes_back_as_the_bundle_check_does() {
        assert_eq!(CLOCK_TOLERANCE_SECS, shared::bundle::MAX_CLOCK_SKEW_SECS);
        let seen = Timestamp(1_800_000_000);
        assert_eq!(effective_now(seen.plus_seconds(10), seen).unwrap(), seen.plus_seconds(10));
        assert_eq!(effective_now(seen.plus_seconds(-600), seen).unwrap(), seen);
        assert!(matches!(
            effective_now(seen.plus_seconds(-601), seen),
            Err(VerifierError::ClockBehind { behind_minutes: 10, .. })
        ));
    }

    #[test]
    fn report_groups_by_oslo_day_and_honours_the_range() {
        let tmp = tempfile::tempdir().unwrap();
        let log = RedemptionLog::open(tmp.path()).unwrap();
        let d = Day::from_ymd(2026, 11, 20).unwrap();
        // 23:30 Oslo is 22:30 UTC: it counts on the Oslo day.
        let rows =
            [(d, 10, "kino", 1), (d, 23 * 60 + 30, "kino", 1), (d.plus(1), 60, "kino", 2), (d.plus(1), 61, "bad", 1)];
        for (day, minutes, benefit, card_type) in rows {
            log.conn
                .execute(
                    "INSERT INTO redemption (pseudonym, benefit, card_type, at) VALUES (zeroblob(16), ?1, ?2, ?3)",
                    params![benefit, card_type, day.oslo_midnight().0 + minutes * 60],
                )
                .unwrap();
        }
        let all = log.report(None, None).unwrap();
        let got: Vec<(String, u16, &str, u64)> =
            all.iter().map(|r| (r.day.to_string(), r.card_type, r.benefit.as_str(), r.count)).collect();
        assert_eq!(
            got,
            vec![
                ("2026-11-20".into(), 1, "kino", 2),
                ("2026-11-21".into(), 1, "bad", 1),
                ("2026-11-21".into(), 2, "kino", 1)
            ]
        );
        assert_eq!(log.report(Some(d.plus(1)), None).unwrap().len(), 2);
        assert_eq!(log.report(None, Some(d)).unwrap().len(), 1);
        assert_eq!(log.report(Some(d.plus(2)), None).unwrap().len(), 0);
    }
}
