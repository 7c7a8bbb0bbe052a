//! Venue keys and usage reports at the issuer (SPEC §13.4): counts, never
//! cards.
//!
//! - `venue_key`: each venue installation's Ed25519 public key, registered
//!   as *pending* (by the venue, without login) and approved, rejected or
//!   revoked by an administrator. Public keys are public; nothing secret.
//! - `usage_report`: which report (id, period, when made, which key) was
//!   stored last, so that an older one is ignored.
//! - `usage`: visits and companions per venue, venue key, Oslo day, card
//!   type and benefit. Nothing that could tell one card or child from
//!   another: the report format has no such field.
//!
//! Counts are kept per venue **key** (one verifier installation, one
//! redemption log): a venue with two computers sends two reports with the
//! same report id, and each replaces only its own counts.

use crate::IssuerError;
use crate::store::Store;
use rusqlite::{OptionalExtension as _, TransactionBehavior, params};
use shared::report::VerifiedReport;
use shared::{CardTypeId, Day, Fingerprint, Timestamp};

/// Pending keys per venue at most (registration needs no login).
pub const MAX_PENDING_PER_VENUE: i64 = 5;

/// Schema migration 5 (see [`crate::store`]).
pub const MIGRATION: &str = r#"
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

/// Where a venue key stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyStatus {
    /// Registered by the venue; an administrator has not approved it yet.
    Pending,
    /// Reports signed with it are accepted for its venue.
    Approved,
    /// No longer accepted (its counts so far are kept).
    Revoked,
}

impl KeyStatus {
    /// The word stored and sent (`pending`, `approved`, `revoked`).
    pub fn as_str(self) -> &'static str {
        match self {
            KeyStatus::Pending => "pending",
            KeyStatus::Approved => "approved",
            KeyStatus::Revoked => "revoked",
        }
    }

    fn parse(s: &str) -> KeyStatus {
        match s {
            "approved" => KeyStatus::Approved,
            "pending" => KeyStatus::Pending,
            _ => KeyStatus::Revoked,
        }
    }
}

/// A venue key as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VenueKey {
    /// Fingerprint of the public key (SPEC §1).
    pub fingerprint: Fingerprint,
    /// The venue it speaks for.
    pub venue_id: String,
    /// Status.
    pub status: KeyStatus,
    /// When it was registered or added.
    pub received_at: Timestamp,
    /// When an administrator approved or revoked it.
    pub decided_at: Option<Timestamp>,
    /// Who did.
    pub decided_by: Option<String>,
}

/// Why a venue key or report was refused. Each refusal changes nothing.
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    /// The venue is not in the catalogue.
    #[error("there is no venue «{0}» in the catalogue")]
    UnknownVenue(String),
    /// Not 32 bytes of a canonical, strong Ed25519 public key.
    #[error("not a valid venue public key")]
    BadKey,
    /// The key is already registered for another venue.
    #[error("the key is registered for another venue")]
    KeyOfOtherVenue,
    /// The key was revoked (or registering it again would undo that).
    #[error("the key was revoked; the venue needs a new key")]
    Revoked,
    /// Already [`MAX_PENDING_PER_VENUE`] keys wait for approval.
    #[error("too many keys of this venue wait for approval")]
    TooManyPending,
    /// No key with this fingerprint in the state the action needs.
    #[error("no such key waiting for this action")]
    NoSuchKey,
    /// A report signed by a key that is not approved for its venue.
    #[error("the report's key is not approved for venue «{0}»")]
    UnknownKey(String),
    /// The database.
    #[error(transparent)]
    Store(#[from] IssuerError),
}

/// What storing a report did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// The report's rows now stand for its venue, key and days.
    Stored {
        /// Rows stored.
        rows: usize,
    },
    /// A report with the same id from the same key, made later, is already
    /// stored; nothing changed.
    Older,
}

/// One stored count, summed over a venue's keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageRow {
    /// Venue id.
    pub venue_id: String,
    /// Oslo day.
    pub day: Day,
    /// Card type.
    pub card_type: CardTypeId,
    /// Benefit id within the card type.
    pub benefit: String,
    /// Visits.
    pub visits: u64,
    /// Visits with a free companion.
    pub companions: u64,
}

/// The public key in `bytes` if it is a canonical, strong Ed25519 point
/// (the same rule as [`shared::report::verify_report`]).
pub fn check_public_key(bytes: &[u8]) -> Result<[u8; 32], UsageError> {
    use shared::ed25519_dalek::VerifyingKey;
    let key: [u8; 32] = bytes.try_into().map_err(|_| UsageError::BadKey)?;
    VerifyingKey::from_bytes(&key)
        .ok()
        .filter(|k| !k.is_weak() && k.to_edwards().compress().to_bytes() == key)
        .map(|_| key)
        .ok_or(UsageError::BadKey)
}

fn fp_text(fp: &Fingerprint) -> String {
    fp.to_string()
}

impl Store {
    fn usage_err(&self) -> impl Fn(rusqlite::Error) -> UsageError + '_ {
        move |e| UsageError::Store(IssuerError::Db { path: self.db_path(), reason: e.to_string() })
    }

    fn key_row(&self, fp: &Fingerprint) -> Result<Option<(String, KeyStatus)>, UsageError> {
        self.db
            .query_row("SELECT venue_id, status FROM venue_key WHERE fingerprint = ?1", [fp_text(fp)], |r| {
                Ok((r.get::<_, String>(0)?, KeyStatus::parse(&r.get::<_, String>(1)?)))
            })
            .optional()
            .map_err(self.usage_err())
    }

    fn venue_exists(&self, venue_id: &str) -> Result<(), UsageError> {
        if self.catalogue().venues.iter().any(|v| v.id == venue_id) {
            Ok(())
        } else {
            Err(UsageError::UnknownVenue(venue_id.chars().take(64).collect()))
        }
    }

    /// A venue registers its key (`POST /venue-keys`): stored as pending
    /// for an administrator to approve. Registering a pending or approved
    /// key again changes nothing and says where it stands.
    pub fn register_venue_key(
        &mut self,
        venue_id: &str,
        public_key: &[u8],
        now: Timestamp,
    ) -> Result<(KeyStatus, Fingerprint), UsageError> {
        self.venue_exists(venue_id)?;
        let key = check_public_key(public_key)?;
        let fp = Fingerprint::of(&key);
        let err = self.usage_err();
        let tx = rusqlite::Transaction::new_unchecked(&self.db, TransactionBehavior::Immediate).map_err(&err)?;
        let existing = tx
            .query_row("SELECT venue_id, status FROM venue_key WHERE fingerprint = ?1", [fp_text(&fp)], |r| {
                Ok((r.get::<_, String>(0)?, KeyStatus::parse(&r.get::<_, String>(1)?)))
            })
            .optional()
            .map_err(&err)?;
        match existing {
            Some((venue, _)) if venue != venue_id => return Err(UsageError::KeyOfOtherVenue),
            Some((_, KeyStatus::Revoked)) => return Err(UsageError::Revoked),
            Some((_, status)) => return Ok((status, fp)),
            None => {}
        }
        let pending: i64 = tx
            .query_row("SELECT COUNT(*) FROM venue_key WHERE venue_id = ?1 AND status = 'pending'", [venue_id], |r| {
                r.get(0)
            })
            .map_err(&err)?;
        if pending >= MAX_PENDING_PER_VENUE {
            return Err(UsageError::TooManyPending);
        }
        tx.execute(
            "INSERT INTO venue_key (fingerprint, venue_id, public_key, status, received_at)
             VALUES (?1, ?2, ?3, 'pending', ?4)",
            params![fp_text(&fp), venue_id, key.as_slice(), now.0],
        )
        .map_err(&err)?;
        tx.execute(
            "INSERT INTO audit_log (at, actor, action, detail) VALUES (?1, 'venue', 'venue-key', ?2)",
            params![now.0, format!("{venue_id}: key {fp} registered, pending")],
        )
        .map_err(&err)?;
        tx.commit().map_err(&err)?;
        Ok((KeyStatus::Pending, fp))
    }

    fn decide(
        &mut self,
        fp: &Fingerprint,
        from: KeyStatus,
        to: Option<KeyStatus>,
        what: &str,
        actor: &str,
        now: Timestamp,
    ) -> Result<String, UsageError> {
        let err = self.usage_err();
        let tx = rusqlite::Transaction::new_unchecked(&self.db, TransactionBehavior::Immediate).map_err(&err)?;
        let venue: Option<String> = tx
            .query_row(
                "SELECT venue_id FROM venue_key WHERE fingerprint = ?1 AND status = ?2",
                params![fp_text(fp), from.as_str()],
                |r| r.get(0),
            )
            .optional()
            .map_err(&err)?;
        let venue = venue.ok_or(UsageError::NoSuchKey)?;
        match to {
            Some(to) => tx.execute(
                "UPDATE venue_key SET status = ?2, decided_at = ?3, decided_by = ?4 WHERE fingerprint = ?1",
                params![fp_text(fp), to.as_str(), now.0, actor],
            ),
            None => tx.execute("DELETE FROM venue_key WHERE fingerprint = ?1", [fp_text(fp)]),
        }
        .map_err(&err)?;
        tx.execute(
            "INSERT INTO audit_log (at, actor, action, detail) VALUES (?1, ?2, 'venue-key', ?3)",
            params![now.0, actor, format!("{venue}: key {fp} {what}")],
        )
        .map_err(&err)?;
        tx.commit().map_err(&err)?;
        Ok(venue)
    }

    /// Approve a pending key; returns its venue.
    pub fn approve_venue_key(&mut self, fp: &Fingerprint, actor: &str, now: Timestamp) -> Result<String, UsageError> {
        self.decide(fp, KeyStatus::Pending, Some(KeyStatus::Approved), "approved", actor, now)
    }

    /// Reject a pending key: it is removed (it was never trusted; the venue
    /// may register it again). Returns its venue.
    pub fn reject_venue_key(&mut self, fp: &Fingerprint, actor: &str, now: Timestamp) -> Result<String, UsageError> {
        self.decide(fp, KeyStatus::Pending, None, "rejected", actor, now)
    }

    /// Revoke an approved key: its reports are refused from now on; the
    /// counts it sent are kept. Returns its venue.
    pub fn revoke_venue_key(&mut self, fp: &Fingerprint, actor: &str, now: Timestamp) -> Result<String, UsageError> {
        self.decide(fp, KeyStatus::Approved, Some(KeyStatus::Revoked), "revoked", actor, now)
    }

    /// An administrator adds a venue's key by hand (an offline venue),
    /// approved at once. A pending key of the same venue is approved.
    pub fn add_approved_venue_key(
        &mut self,
        venue_id: &str,
        public_key: &[u8],
        actor: &str,
        now: Timestamp,
    ) -> Result<Fingerprint, UsageError> {
        self.venue_exists(venue_id)?;
        let key = check_public_key(public_key)?;
        let fp = Fingerprint::of(&key);
        match self.key_row(&fp)? {
            Some((venue, _)) if venue != venue_id => return Err(UsageError::KeyOfOtherVenue),
            Some((_, KeyStatus::Revoked)) => return Err(UsageError::Revoked),
            Some((_, KeyStatus::Approved)) => return Ok(fp),
            Some((_, KeyStatus::Pending)) => {
                self.approve_venue_key(&fp, actor, now)?;
                return Ok(fp);
            }
            None => {}
        }
        let err = self.usage_err();
        let tx = rusqlite::Transaction::new_unchecked(&self.db, TransactionBehavior::Immediate).map_err(&err)?;
        tx.execute(
            "INSERT INTO venue_key (fingerprint, venue_id, public_key, status, received_at, decided_at, decided_by)
             VALUES (?1, ?2, ?3, 'approved', ?4, ?4, ?5)",
            params![fp_text(&fp), venue_id, key.as_slice(), now.0, actor],
        )
        .map_err(&err)?;
        tx.execute(
            "INSERT INTO audit_log (at, actor, action, detail) VALUES (?1, ?2, 'venue-key', ?3)",
            params![now.0, actor, format!("{venue_id}: key {fp} added and approved")],
        )
        .map_err(&err)?;
        tx.commit().map_err(&err)?;
        Ok(fp)
    }

    /// Every venue key, by venue and registration time.
    pub fn venue_keys(&self) -> Result<Vec<VenueKey>, UsageError> {
        let mut stmt = self
            .db
            .prepare(
                "SELECT fingerprint, venue_id, status, received_at, decided_at, decided_by FROM venue_key
                 ORDER BY venue_id, received_at, fingerprint",
            )
            .map_err(self.usage_err())?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, Option<i64>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })
            .map_err(self.usage_err())?;
        let mut keys = Vec::new();
        for row in rows {
            let (fp, venue_id, status, received, decided_at, decided_by) = row.map_err(self.usage_err())?;
            let fingerprint = Fingerprint::parse(&fp).ok_or_else(|| {
                UsageError::Store(IssuerError::Db { path: self.db_path(), reason: "bad fingerprint".into() })
            })?;
            keys.push(VenueKey {
                fingerprint,
                venue_id,
                status: KeyStatus::parse(&status),
                received_at: Timestamp(received),
                decided_at: decided_at.map(Timestamp),
                decided_by,
            });
        }
        Ok(keys)
    }

    /// Store a verified report (SPEC §13.4): its key must be approved for
    /// its venue. In one transaction: unless a report with the same id from
    /// the same key made later is stored ([`Stored::Older`]), the counts of
    /// that venue and key for the report's days are replaced by its rows.
    /// Sending the same report again leaves the same counts.
    pub fn store_report(&mut self, report: &VerifiedReport, now: Timestamp) -> Result<Stored, UsageError> {
        let body = report.body();
        let fp = fp_text(&report.key_fingerprint());
        let err = self.usage_err();
        let tx = rusqlite::Transaction::new_unchecked(&self.db, TransactionBehavior::Immediate).map_err(&err)?;
        let approved: bool = tx
            .query_row(
                "SELECT COUNT(*) FROM venue_key WHERE fingerprint = ?1 AND venue_id = ?2 AND status = 'approved'",
                params![fp, body.venue_id],
                |r| r.get::<_, i64>(0),
            )
            .map_err(&err)?
            > 0;
        if !approved {
            return Err(UsageError::UnknownKey(body.venue_id.clone()));
        }
        let stored: Option<i64> = tx
            .query_row(
                "SELECT generated_at FROM usage_report WHERE report_id = ?1 AND key_fingerprint = ?2",
                params![body.report_id, fp],
                |r| r.get(0),
            )
            .optional()
            .map_err(&err)?;
        // Equal: the same report again (or one made in the same second);
        // replacing gives the same counts.
        if stored.is_some_and(|g| g > body.generated_at.0) {
            return Ok(Stored::Older);
        }
        tx.execute(
            "DELETE FROM usage WHERE venue_id = ?1 AND key_fingerprint = ?2 AND day BETWEEN ?3 AND ?4",
            params![body.venue_id, fp, body.from.0, body.until.0],
        )
        .map_err(&err)?;
        {
            let mut insert = tx
                .prepare(
                    "INSERT INTO usage (venue_id, key_fingerprint, day, card_type, benefit, visits, companions)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(&err)?;
            for r in &body.rows {
                insert
                    .execute(params![body.venue_id, fp, r.day.0, r.card_type.0, r.benefit, r.count, r.companions])
                    .map_err(&err)?;
            }
        }
        tx.execute(
            "INSERT INTO usage_report (report_id, key_fingerprint, venue_id, from_day, until_day, generated_at,
                                       received_at, rows)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (report_id, key_fingerprint) DO UPDATE SET generated_at = excluded.generated_at,
                 received_at = excluded.received_at, rows = excluded.rows",
            params![
                body.report_id,
                fp,
                body.venue_id,
                body.from.0,
                body.until.0,
                body.generated_at.0,
                now.0,
                body.rows.len() as i64
            ],
        )
        .map_err(&err)?;
        tx.execute(
            "INSERT INTO audit_log (at, actor, action, detail) VALUES (?1, ?2, 'usage-report', ?3)",
            params![
                now.0,
                format!("venue {}", body.venue_id),
                format!("{}: {} rows (key {})", body.report_id, body.rows.len(), &fp[..16])
            ],
        )
        .map_err(&err)?;
        tx.commit().map_err(&err)?;
        Ok(Stored::Stored { rows: body.rows.len() })
    }

    /// Stored counts for `from ..= until`, summed over each venue's keys,
    /// by venue, day, card type and benefit.
    pub fn usage_rows(&self, from: Day, until: Day) -> Result<Vec<UsageRow>, UsageError> {
        let mut stmt = self
            .db
            .prepare(
                "SELECT venue_id, day, card_type, benefit, SUM(visits), SUM(companions) FROM usage
                 WHERE day BETWEEN ?1 AND ?2
                 GROUP BY venue_id, day, card_type, benefit ORDER BY venue_id, day, card_type, benefit",
            )
            .map_err(self.usage_err())?;
        let rows = stmt
            .query_map([from.0, until.0], |r| {
                Ok(UsageRow {
                    venue_id: r.get(0)?,
                    day: Day(r.get(1)?),
                    card_type: CardTypeId(r.get(2)?),
                    benefit: r.get(3)?,
                    visits: r.get::<_, i64>(4)? as u64,
                    companions: r.get::<_, i64>(5)? as u64,
                })
            })
            .map_err(self.usage_err())?;
        rows.map(|r| r.map_err(self.usage_err())).collect()
    }

    /// Issuance counts for `from ..= until` (by day, agency, card type).
    pub fn issuance_between(&self, from: Day, until: Day) -> Result<Vec<crate::store::IssuanceCount>, UsageError> {
        let mut stmt = self
            .db
            .prepare(
                "SELECT day, agency, card_type, count FROM issuance_counts WHERE day BETWEEN ?1 AND ?2
                 ORDER BY day, agency, card_type",
            )
            .map_err(self.usage_err())?;
        let rows = stmt
            .query_map([from.0, until.0], |r| {
                Ok(crate::store::IssuanceCount {
                    day: Day(r.get(0)?),
                    agency: r.get(1)?,
                    card_type: CardTypeId(r.get(2)?),
                    count: r.get::<_, i64>(3)? as u64,
                })
            })
            .map_err(self.usage_err())?;
        rows.map(|r| r.map_err(self.usage_err())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::ed25519_dalek::SigningKey;
    use shared::report::{REPORT_FORMAT, ReportBody, ReportRow, report_id, sign_report, verify_report};

    const NOW: Timestamp = Timestamp(1_795_262_400);

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn pk(k: &SigningKey) -> [u8; 32] {
        k.verifying_key().to_bytes()
    }

    fn d(n: u32) -> Day {
        Day::from_ymd(2026, 11, n).unwrap()
    }

    /// A verified November report of `venue` with (day, visits) rows of
    /// card type 1, benefit `kino`.
    fn report(k: &SigningKey, venue: &str, generated_at: i64, rows: &[(u32, u32)]) -> VerifiedReport {
        let body = ReportBody {
            format: REPORT_FORMAT,
            venue_id: venue.into(),
            report_id: report_id(venue, d(1), d(30)),
            from: d(1),
            until: d(30),
            generated_at: Timestamp(generated_at),
            rows: rows
                .iter()
                .map(|(day, n)| ReportRow {
                    day: d(*day),
                    benefit: "kino".into(),
                    card_type: CardTypeId(1),
                    count: *n,
                    companions: 0,
                })
                .collect(),
        };
        verify_report(&sign_report(k, &body), NOW).unwrap()
    }

    fn visits(store: &Store) -> Vec<(u32, u64)> {
        store.usage_rows(d(1), d(30)).unwrap().into_iter().map(|r| (r.day.ymd().2, r.visits)).collect()
    }

    #[test]
    fn reports_replace_their_days_and_older_ones_are_ignored() {
        let tmp = tempfile::tempdir().unwrap();
        let mut store = Store::init(&tmp.path().join("i"), NOW).unwrap();
        let a = key(1);
        assert!(matches!(
            store.store_report(&report(&a, "bolgen-kino", NOW.0, &[(2, 1)]), NOW),
            Err(UsageError::UnknownKey(v)) if v == "bolgen-kino"
        ));
        assert_eq!(store.register_venue_key("bolgen-kino", &pk(&a), NOW).unwrap().0, KeyStatus::Pending);
        assert!(matches!(
            store.store_report(&report(&a, "bolgen-kino", NOW.0, &[(2, 1)]), NOW),
            Err(UsageError::UnknownKey(_))
        ));
        let fp = Fingerprint::of(&pk(&a));
        assert_eq!(store.approve_venue_key(&fp, "anne", NOW).unwrap(), "bolgen-kino");
        assert!(matches!(store.approve_venue_key(&fp, "anne", NOW), Err(UsageError::NoSuchKey)));

        let r1 = report(&a, "bolgen-kino", NOW.0 - 100, &[(2, 3), (9, 2)]);
        assert_eq!(store.store_report(&r1, NOW).unwrap(), Stored::Stored { rows: 2 });
        assert_eq!(store.store_report(&r1, NOW).unwrap(), Stored::Stored { rows: 2 });
        assert_eq!(visits(&store), [(2, 3), (9, 2)]);
        // Newer: replaces the period's days (the 9th is gone).
        let r2 = report(&a, "bolgen-kino", NOW.0 - 50, &[(2, 4), (20, 1)]);
        assert_eq!(store.store_report(&r2, NOW).unwrap(), Stored::Stored { rows: 2 });
        assert_eq!(visits(&store), [(2, 4), (20, 1)]);
        // Older: ignored.
        assert_eq!(store.store_report(&r1, NOW).unwrap(), Stored::Older);
        assert_eq!(visits(&store), [(2, 4), (20, 1)]);
        // Another venue's report under this key: refused.
        assert!(matches!(
            store.store_report(&report(&a, "larvik-svommehall", NOW.0, &[(2, 1)]), NOW),
            Err(UsageError::UnknownKey(v)) if v == "larvik-svommehall"
        ));
        // Revoked: refused, counts kept.
        assert_eq!(store.revoke_venue_key(&fp, "anne", NOW).unwrap(), "bolgen-kino");
        assert!(matches!(
            store.store_report(&report(&a, "bolgen-kino", NOW.0, &[(2, 9)]), NOW),
            Err(UsageError::UnknownKey(_))
        ));
        assert_eq!(visits(&store), [(2, 4), (20, 1)]);
        let audit: Vec<String> = store.audit_log(20).unwrap().into_iter().map(|a| a.detail).collect();
        assert!(audit.iter().any(|d| d.starts_with("bolgen-kino/2026-11-01/2026-11-30: 2 rows")), "{audit:?}");
    }

    #[test]
    fn venue_keys_are_checked_and_each_refusal_is_named() {
        let tmp = tempfile::tempdir().unwrap();
        let mut store = Store::init(&tmp.path().join("i"), NOW).unwrap();
        let a = key(1);
        assert!(
            matches!(store.register_venue_key("nowhere", &pk(&a), NOW), Err(UsageError::UnknownVenue(v)) if v == "nowhere")
        );
        assert!(matches!(store.register_venue_key("bolgen-kino", &[0; 32], NOW), Err(UsageError::BadKey)));
        assert!(matches!(store.register_venue_key("bolgen-kino", &[1; 31], NOW), Err(UsageError::BadKey)));
        store.register_venue_key("bolgen-kino", &pk(&a), NOW).unwrap();
        assert!(matches!(
            store.register_venue_key("larvik-svommehall", &pk(&a), NOW),
            Err(UsageError::KeyOfOtherVenue)
        ));
        for seed in 2..6 {
            store.register_venue_key("bolgen-kino", &pk(&key(seed)), NOW).unwrap();
        }
        assert!(matches!(store.register_venue_key("bolgen-kino", &pk(&key(9)), NOW), Err(UsageError::TooManyPending)));
        // Rejecting removes a pending key: it may come back.
        let fp2 = Fingerprint::of(&pk(&key(2)));
        store.reject_venue_key(&fp2, "anne", NOW).unwrap();
        assert!(matches!(store.revoke_venue_key(&fp2, "anne", NOW), Err(UsageError::NoSuchKey)));
        assert_eq!(store.register_venue_key("bolgen-kino", &pk(&key(9)), NOW).unwrap().0, KeyStatus::Pending);
        // Added by hand: approved at once; a pending one is approved.
        let b = key(20);
        let fp = store.add_approved_venue_key("larvik-svommehall", &pk(&b), "anne", NOW).unwrap();
        assert_eq!(store.register_venue_key("larvik-svommehall", &pk(&b), NOW).unwrap(), (KeyStatus::Approved, fp));
        store.add_approved_venue_key("bolgen-kino", &pk(&a), "anne", NOW).unwrap();
        store.revoke_venue_key(&Fingerprint::of(&pk(&a)), "anne", NOW).unwrap();
        assert!(matches!(store.register_venue_key("bolgen-kino", &pk(&a), NOW), Err(UsageError::Revoked)));
        assert!(matches!(store.add_approved_venue_key("bolgen-kino", &pk(&a), "anne", NOW), Err(UsageError::Revoked)));
        let keys = store.venue_keys().unwrap();
        let status = |k: &SigningKey| keys.iter().find(|v| v.fingerprint == Fingerprint::of(&pk(k))).map(|v| v.status);
        assert_eq!(status(&a), Some(KeyStatus::Revoked));
        assert_eq!(status(&b), Some(KeyStatus::Approved));
        assert_eq!(status(&key(2)), None);
        assert_eq!(status(&key(3)), Some(KeyStatus::Pending));
        assert_eq!(keys.iter().find(|v| v.status == KeyStatus::Revoked).unwrap().decided_by.as_deref(), Some("anne"));
    }
}
