//! Venue keys, the reports stored and the usage counts in the database
//! (the rules and types are in [`crate::usage`]). Counts are kept per venue
//! **key**: a venue with two computers sends two reports with the same
//! report id, and each replaces only its own counts.

use super::audit;
use crate::db::{Db, DbError, OrDb as _};
use crate::usage::{
    KeyStatus, PENDING_LIFETIME_SECS, REGISTRATION_LIFETIME_SECS, ReportSeen, Stored, UsageError, UsageRow, VenueKey,
    check_public_key,
};
use rusqlite::{OptionalExtension as _, params};
use sha2::{Digest as _, Sha256};
use shared::model::Catalogue;
use shared::report::VerifiedReport;
use shared::setup::{REGISTRATION_BYTES, RegistrationCode};
use shared::{CardTypeId, Day, Fingerprint, Timestamp};

fn fp_text(fp: &Fingerprint) -> String {
    fp.to_string()
}

/// Whether a key registered pending at `received` has waited too long.
fn expired_pending(received: i64, now: Timestamp) -> bool {
    now.0 - received >= PENDING_LIFETIME_SECS
}

/// Venue keys, stored reports and usage counts.
#[derive(Debug, Clone, Copy)]
pub struct Usage<'a> {
    db: &'a Db,
    catalogue: &'a Catalogue,
}

impl<'a> Usage<'a> {
    pub(super) fn new(db: &'a Db, catalogue: &'a Catalogue) -> Usage<'a> {
        Usage { db, catalogue }
    }

    fn key_row(&self, fp: &Fingerprint) -> Result<Option<(String, KeyStatus)>, UsageError> {
        Ok(self
            .db
            .conn()
            .query_row("SELECT venue_id, status FROM venue_key WHERE fingerprint = ?1", [fp_text(fp)], |r| {
                Ok((r.get::<_, String>(0)?, KeyStatus::parse(&r.get::<_, String>(1)?)))
            })
            .optional()
            .or_db(self.db)?)
    }

    fn venue_exists(&self, venue_id: &str) -> Result<(), UsageError> {
        if self.catalogue.venues.iter().any(|v| v.id == venue_id) {
            Ok(())
        } else {
            Err(UsageError::UnknownVenue(venue_id.chars().take(64).collect()))
        }
    }

    /// A new registration code for venue `venue_id`, made by `actor`: 128
    /// random bits, kept only as a hash, for one key, until used or
    /// [`REGISTRATION_LIFETIME_SECS`] have passed. The code and when it expires.
    pub fn new_registration(
        &self,
        venue_id: &str,
        actor: &str,
        now: Timestamp,
    ) -> Result<(RegistrationCode, Timestamp), UsageError> {
        self.venue_exists(venue_id)?;
        let mut bytes = [0u8; REGISTRATION_BYTES];
        keys::os_random(&mut bytes).map_err(UsageError::Random)?;
        let code = RegistrationCode(bytes);
        let expires = Timestamp(now.0 + REGISTRATION_LIFETIME_SECS);
        let db = self.db;
        let tx = db.immediate()?;
        tx.execute(
            "INSERT INTO venue_registration (code_hash, venue_id, created_at, created_by, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![Sha256::digest(code.0).as_slice(), venue_id, now.0, actor, expires.0],
        )
        .or_db(db)?;
        audit::write(&tx, actor, "venue-key", &format!("{venue_id}: set-up code made"), now).or_db(db)?;
        tx.commit().or_db(db)?;
        Ok((code, expires))
    }

    /// A venue registers its key (`POST /venue-keys`). A new key needs a
    /// registration code of a set-up code for this venue, unused and not
    /// expired: the key is then approved at once, and the code used up. A
    /// key already approved (or still pending from before registration
    /// codes) answers where it stands without a code; with a valid code, a
    /// pending key is approved. A refusal writes nothing.
    pub fn register_venue_key(
        &self,
        venue_id: &str,
        public_key: &[u8],
        code: Option<&RegistrationCode>,
        now: Timestamp,
    ) -> Result<(KeyStatus, Fingerprint), UsageError> {
        self.venue_exists(venue_id)?;
        let key = check_public_key(public_key)?;
        let fp = Fingerprint::of(&key);
        let db = self.db;
        let tx = db.immediate()?;
        let existing = tx
            .query_row(
                "SELECT venue_id, status, received_at FROM venue_key WHERE fingerprint = ?1",
                [fp_text(&fp)],
                |r| Ok((r.get::<_, String>(0)?, KeyStatus::parse(&r.get::<_, String>(1)?), r.get::<_, i64>(2)?)),
            )
            .optional()
            .or_db(db)?;
        match existing {
            Some((venue, _, _)) if venue != venue_id => return Err(UsageError::KeyOfOtherVenue),
            Some((_, KeyStatus::Revoked, _)) => return Err(UsageError::Revoked),
            Some((_, KeyStatus::Approved, _)) => return Ok((KeyStatus::Approved, fp)),
            Some((_, KeyStatus::Pending, received)) if code.is_none() && !expired_pending(received, now) => {
                return Ok((KeyStatus::Pending, fp));
            }
            _ => {}
        }
        let code = code.ok_or(UsageError::RegistrationRequired)?;
        let made_by: String = tx
            .query_row(
                "SELECT created_by FROM venue_registration
                 WHERE code_hash = ?1 AND venue_id = ?2 AND used_at IS NULL AND expires_at > ?3",
                params![Sha256::digest(code.0).as_slice(), venue_id, now.0],
                |r| r.get(0),
            )
            .optional()
            .or_db(db)?
            .ok_or(UsageError::BadRegistration)?;
        tx.execute(
            "UPDATE venue_registration SET used_at = ?2, used_key = ?3 WHERE code_hash = ?1",
            params![Sha256::digest(code.0).as_slice(), now.0, fp_text(&fp)],
        )
        .or_db(db)?;
        let by = format!("set-up code ({made_by})");
        tx.execute(
            "INSERT INTO venue_key (fingerprint, venue_id, public_key, status, received_at, decided_at, decided_by)
             VALUES (?1, ?2, ?3, 'approved', ?4, ?4, ?5)
             ON CONFLICT (fingerprint) DO UPDATE SET status = 'approved', decided_at = ?4, decided_by = ?5",
            params![fp_text(&fp), venue_id, key.as_slice(), now.0, by],
        )
        .or_db(db)?;
        let note = format!("{venue_id}: key {fp} registered with a set-up code made by {made_by}, approved");
        audit::write(&tx, "venue", "venue-key", &note, now).or_db(db)?;
        tx.commit().or_db(db)?;
        Ok((KeyStatus::Approved, fp))
    }

    fn decide(
        &self,
        fp: &Fingerprint,
        from: KeyStatus,
        to: Option<KeyStatus>,
        what: &str,
        actor: &str,
        now: Timestamp,
    ) -> Result<String, UsageError> {
        let db = self.db;
        let tx = db.immediate()?;
        let venue: Option<String> = tx
            .query_row(
                "SELECT venue_id FROM venue_key WHERE fingerprint = ?1 AND status = ?2
                 AND (status != 'pending' OR received_at > ?3)",
                params![fp_text(fp), from.as_str(), now.0 - PENDING_LIFETIME_SECS],
                |r| r.get(0),
            )
            .optional()
            .or_db(db)?;
        let venue = venue.ok_or(UsageError::NoSuchKey)?;
        match to {
            Some(to) => tx.execute(
                "UPDATE venue_key SET status = ?2, decided_at = ?3, decided_by = ?4 WHERE fingerprint = ?1",
                params![fp_text(fp), to.as_str(), now.0, actor],
            ),
            None => tx.execute("DELETE FROM venue_key WHERE fingerprint = ?1", [fp_text(fp)]),
        }
        .or_db(db)?;
        audit::write(&tx, actor, "venue-key", &format!("{venue}: key {fp} {what}"), now).or_db(db)?;
        tx.commit().or_db(db)?;
        Ok(venue)
    }

    /// Approve a pending key; returns its venue.
    pub fn approve_venue_key(&self, fp: &Fingerprint, actor: &str, now: Timestamp) -> Result<String, UsageError> {
        self.decide(fp, KeyStatus::Pending, Some(KeyStatus::Approved), "approved", actor, now)
    }

    /// Reject a pending key: it is removed (it was never trusted; the venue
    /// may register it again). Returns its venue.
    pub fn reject_venue_key(&self, fp: &Fingerprint, actor: &str, now: Timestamp) -> Result<String, UsageError> {
        self.decide(fp, KeyStatus::Pending, None, "rejected", actor, now)
    }

    /// Revoke an approved key: its reports are refused from now on; the
    /// counts it sent are kept. Returns its venue.
    pub fn revoke_venue_key(&self, fp: &Fingerprint, actor: &str, now: Timestamp) -> Result<String, UsageError> {
        self.decide(fp, KeyStatus::Approved, Some(KeyStatus::Revoked), "revoked", actor, now)
    }

    /// An administrator adds a venue's key by hand (an offline venue),
    /// approved at once. A pending key of the same venue is approved.
    pub fn add_approved_venue_key(
        &self,
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
        let db = self.db;
        let tx = db.immediate()?;
        tx.execute(
            "INSERT INTO venue_key (fingerprint, venue_id, public_key, status, received_at, decided_at, decided_by)
             VALUES (?1, ?2, ?3, 'approved', ?4, ?4, ?5)",
            params![fp_text(&fp), venue_id, key.as_slice(), now.0, actor],
        )
        .or_db(db)?;
        audit::write(&tx, actor, "venue-key", &format!("{venue_id}: key {fp} added and approved"), now).or_db(db)?;
        tx.commit().or_db(db)?;
        Ok(fp)
    }

    /// Every venue key, by venue and registration time; pending keys only
    /// while they may still be approved.
    pub fn venue_keys(&self, now: Timestamp) -> Result<Vec<VenueKey>, DbError> {
        let mut stmt = self
            .db
            .conn()
            .prepare(
                "SELECT fingerprint, venue_id, status, received_at, decided_at, decided_by FROM venue_key
                 WHERE status != 'pending' OR received_at > ?1
                 ORDER BY venue_id, received_at, fingerprint",
            )
            .or_db(self.db)?;
        let rows = stmt
            .query_map([now.0 - PENDING_LIFETIME_SECS], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, Option<i64>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })
            .or_db(self.db)?;
        let mut keys = Vec::new();
        for row in rows {
            let (fp, venue_id, status, received, decided_at, decided_by) = row.or_db(self.db)?;
            let fingerprint =
                Fingerprint::parse(&fp).ok_or_else(|| self.db.bad_value(format!("bad fingerprint {fp}")))?;
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
    pub fn store_report(&self, report: &VerifiedReport, now: Timestamp) -> Result<Stored, UsageError> {
        let body = report.body();
        let fp = fp_text(&report.key_fingerprint());
        let db = self.db;
        let tx = db.immediate()?;
        let approved: bool = tx
            .query_row(
                "SELECT COUNT(*) FROM venue_key WHERE fingerprint = ?1 AND venue_id = ?2 AND status = 'approved'",
                params![fp, body.venue_id],
                |r| r.get::<_, i64>(0),
            )
            .or_db(db)?
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
            .or_db(db)?;
        // Equal: the same report again (or one made in the same second);
        // replacing gives the same counts.
        if stored.is_some_and(|g| g > body.generated_at.0) {
            return Ok(Stored::Older);
        }
        tx.execute(
            "DELETE FROM usage WHERE venue_id = ?1 AND key_fingerprint = ?2 AND day BETWEEN ?3 AND ?4",
            params![body.venue_id, fp, body.from.0, body.until.0],
        )
        .or_db(db)?;
        {
            let mut insert = tx
                .prepare(
                    "INSERT INTO usage (venue_id, key_fingerprint, day, card_type, benefit, visits, companions)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .or_db(db)?;
            for r in &body.rows {
                insert
                    .execute(params![body.venue_id, fp, r.day.0, r.card_type.0, r.benefit, r.count, r.companions])
                    .or_db(db)?;
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
        .or_db(db)?;
        let detail = format!("{}: {} rows (key {})", body.report_id, body.rows.len(), &fp[..16]);
        audit::write(&tx, &format!("venue {}", body.venue_id), "usage-report", &detail, now).or_db(db)?;
        tx.commit().or_db(db)?;
        Ok(Stored::Stored { rows: body.rows.len() })
    }

    /// Stored counts for `from ..= until`, summed over each venue's keys,
    /// by venue, day, card type and benefit.
    pub fn usage_rows(&self, from: Day, until: Day) -> Result<Vec<UsageRow>, DbError> {
        let mut stmt = self
            .db
            .conn()
            .prepare(
                "SELECT venue_id, day, card_type, benefit, SUM(visits), SUM(companions) FROM usage
                 WHERE day BETWEEN ?1 AND ?2
                 GROUP BY venue_id, day, card_type, benefit ORDER BY venue_id, day, card_type, benefit",
            )
            .or_db(self.db)?;
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
            .or_db(self.db)?;
        rows.map(|r| r.or_db(self.db)).collect()
    }

    /// The venues an administrator ever made a set-up code for (used,
    /// expired or not), in id order.
    pub fn venues_with_setup_codes(&self) -> Result<Vec<String>, DbError> {
        let mut stmt = self
            .db
            .conn()
            .prepare("SELECT DISTINCT venue_id FROM venue_registration ORDER BY venue_id")
            .or_db(self.db)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).or_db(self.db)?;
        rows.map(|r| r.or_db(self.db)).collect()
    }

    /// Per venue that ever sent a report: when the last one arrived, and
    /// whether one covers a day of `from ..= until`.
    pub fn reports_seen(&self, from: Day, until: Day) -> Result<Vec<ReportSeen>, DbError> {
        let mut stmt = self
            .db
            .conn()
            .prepare(
                "SELECT venue_id, MAX(received_at), MAX(from_day <= ?2 AND until_day >= ?1) FROM usage_report
                 GROUP BY venue_id ORDER BY venue_id",
            )
            .or_db(self.db)?;
        let rows = stmt
            .query_map([from.0, until.0], |r| {
                Ok(ReportSeen {
                    venue_id: r.get(0)?,
                    last_received: Timestamp(r.get(1)?),
                    covers: r.get::<_, i64>(2)? != 0,
                })
            })
            .or_db(self.db)?;
        rows.map(|r| r.or_db(self.db)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
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

    /// A key registered pending at `at`, as venues did before registration
    /// codes existed.
    fn legacy_pending(store: &Store, venue: &str, k: &SigningKey, at: i64) {
        let fp = Fingerprint::of(&pk(k));
        store
            .usage()
            .db
            .conn()
            .execute(
                "INSERT INTO venue_key (fingerprint, venue_id, public_key, status, received_at)
                 VALUES (?1, ?2, ?3, 'pending', ?4)",
                params![fp.to_string(), venue, pk(k).as_slice(), at],
            )
            .unwrap();
    }

    fn visits(store: &Store) -> Vec<(u32, u64)> {
        store.usage().usage_rows(d(1), d(30)).unwrap().into_iter().map(|r| (r.day.ymd().2, r.visits)).collect()
    }

    #[test]
    fn reports_replace_their_days_and_older_ones_are_ignored() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::init(&tmp.path().join("i"), NOW).unwrap();
        let a = key(1);
        assert!(matches!(
            store.usage().store_report(&report(&a, "bolgen-kino", NOW.0, &[(2, 1)]), NOW),
            Err(UsageError::UnknownKey(v)) if v == "bolgen-kino"
        ));
        legacy_pending(&store, "bolgen-kino", &a, NOW.0);
        assert_eq!(store.usage().register_venue_key("bolgen-kino", &pk(&a), None, NOW).unwrap().0, KeyStatus::Pending);
        assert!(matches!(
            store.usage().store_report(&report(&a, "bolgen-kino", NOW.0, &[(2, 1)]), NOW),
            Err(UsageError::UnknownKey(_))
        ));
        let fp = Fingerprint::of(&pk(&a));
        assert_eq!(store.usage().approve_venue_key(&fp, "anne", NOW).unwrap(), "bolgen-kino");
        assert!(matches!(store.usage().approve_venue_key(&fp, "anne", NOW), Err(UsageError::NoSuchKey)));

        let r1 = report(&a, "bolgen-kino", NOW.0 - 100, &[(2, 3), (9, 2)]);
        assert_eq!(store.usage().store_report(&r1, NOW).unwrap(), Stored::Stored { rows: 2 });
        assert_eq!(store.usage().store_report(&r1, NOW).unwrap(), Stored::Stored { rows: 2 });
        assert_eq!(visits(&store), [(2, 3), (9, 2)]);
        // Newer: replaces the period's days (the 9th is gone).
        let r2 = report(&a, "bolgen-kino", NOW.0 - 50, &[(2, 4), (20, 1)]);
        assert_eq!(store.usage().store_report(&r2, NOW).unwrap(), Stored::Stored { rows: 2 });
        assert_eq!(visits(&store), [(2, 4), (20, 1)]);
        // Older: ignored.
        assert_eq!(store.usage().store_report(&r1, NOW).unwrap(), Stored::Older);
        assert_eq!(visits(&store), [(2, 4), (20, 1)]);
        // Another venue's report under this key: refused.
        assert!(matches!(
            store.usage().store_report(&report(&a, "larvik-svommehall", NOW.0, &[(2, 1)]), NOW),
            Err(UsageError::UnknownKey(v)) if v == "larvik-svommehall"
        ));
        // Revoked: refused, counts kept.
        assert_eq!(store.usage().revoke_venue_key(&fp, "anne", NOW).unwrap(), "bolgen-kino");
        assert!(matches!(
            store.usage().store_report(&report(&a, "bolgen-kino", NOW.0, &[(2, 9)]), NOW),
            Err(UsageError::UnknownKey(_))
        ));
        assert_eq!(visits(&store), [(2, 4), (20, 1)]);
        let audit: Vec<String> = store.audit().recent(20).unwrap().into_iter().map(|a| a.detail).collect();
        assert!(audit.iter().any(|d| d.starts_with("bolgen-kino/2026-11-01/2026-11-30: 2 rows")), "{audit:?}");
    }

    #[test]
    fn venue_keys_are_checked_and_each_refusal_is_named() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::init(&tmp.path().join("i"), NOW).unwrap();
        let u = store.usage();
        let a = key(1);
        let (code, expires) = u.new_registration("bolgen-kino", "anne", NOW).unwrap();
        assert_eq!(expires, Timestamp(NOW.0 + REGISTRATION_LIFETIME_SECS));
        assert!(matches!(u.new_registration("nowhere", "anne", NOW), Err(UsageError::UnknownVenue(_))));
        assert!(
            matches!(u.register_venue_key("nowhere", &pk(&a), Some(&code), NOW), Err(UsageError::UnknownVenue(v)) if v == "nowhere")
        );
        assert!(matches!(u.register_venue_key("bolgen-kino", &[0; 32], Some(&code), NOW), Err(UsageError::BadKey)));
        assert!(matches!(u.register_venue_key("bolgen-kino", &[1; 31], Some(&code), NOW), Err(UsageError::BadKey)));
        // Without a code, or with a wrong one, or the venue's code for
        // another venue: refused, and nothing written.
        assert!(matches!(
            u.register_venue_key("bolgen-kino", &pk(&a), None, NOW),
            Err(UsageError::RegistrationRequired)
        ));
        let wrong = RegistrationCode([7; REGISTRATION_BYTES]);
        assert!(matches!(
            u.register_venue_key("bolgen-kino", &pk(&a), Some(&wrong), NOW),
            Err(UsageError::BadRegistration)
        ));
        assert!(matches!(
            u.register_venue_key("larvik-svommehall", &pk(&a), Some(&code), NOW),
            Err(UsageError::BadRegistration)
        ));
        assert_eq!(u.venue_keys(NOW).unwrap(), []);
        // With the code: approved at once, by the set-up code's maker.
        let fp = Fingerprint::of(&pk(&a));
        assert_eq!(u.register_venue_key("bolgen-kino", &pk(&a), Some(&code), NOW).unwrap(), (KeyStatus::Approved, fp));
        assert_eq!(u.venue_keys(NOW).unwrap()[0].decided_by.as_deref(), Some("set-up code (anne)"));
        // Once: a second computer with the same code is refused.
        assert!(matches!(
            u.register_venue_key("bolgen-kino", &pk(&key(2)), Some(&code), NOW),
            Err(UsageError::BadRegistration)
        ));
        // Registering the approved key again needs no code.
        assert_eq!(u.register_venue_key("bolgen-kino", &pk(&a), None, NOW).unwrap(), (KeyStatus::Approved, fp));
        assert!(matches!(
            u.register_venue_key("larvik-svommehall", &pk(&a), None, NOW),
            Err(UsageError::KeyOfOtherVenue)
        ));
        // A code expires.
        let (old, _) =
            u.new_registration("bolgen-kino", "anne", Timestamp(NOW.0 - REGISTRATION_LIFETIME_SECS)).unwrap();
        assert!(matches!(
            u.register_venue_key("bolgen-kino", &pk(&key(3)), Some(&old), NOW),
            Err(UsageError::BadRegistration)
        ));

        // Added by hand: approved at once.
        let b = key(20);
        let fp = u.add_approved_venue_key("larvik-svommehall", &pk(&b), "anne", NOW).unwrap();
        assert_eq!(u.register_venue_key("larvik-svommehall", &pk(&b), None, NOW).unwrap(), (KeyStatus::Approved, fp));
        u.revoke_venue_key(&Fingerprint::of(&pk(&a)), "anne", NOW).unwrap();
        assert!(matches!(u.register_venue_key("bolgen-kino", &pk(&a), None, NOW), Err(UsageError::Revoked)));
        let (code7, _) = u.new_registration("bolgen-kino", "anne", NOW).unwrap();
        assert!(matches!(u.register_venue_key("bolgen-kino", &pk(&a), Some(&code7), NOW), Err(UsageError::Revoked)));
        assert!(matches!(u.add_approved_venue_key("bolgen-kino", &pk(&a), "anne", NOW), Err(UsageError::Revoked)));
        let keys = u.venue_keys(NOW).unwrap();
        let status = |k: &SigningKey| keys.iter().find(|v| v.fingerprint == Fingerprint::of(&pk(k))).map(|v| v.status);
        assert_eq!(status(&a), Some(KeyStatus::Revoked));
        assert_eq!(status(&b), Some(KeyStatus::Approved));
        assert_eq!(keys.iter().find(|v| v.status == KeyStatus::Revoked).unwrap().decided_by.as_deref(), Some("anne"));
        // The codes are stored as hashes only.
        let stored: Vec<Vec<u8>> = {
            let conn = store.usage().db.conn();
            let mut stmt = conn.prepare("SELECT code_hash FROM venue_registration").unwrap();
            stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
        };
        assert_eq!(stored.len(), 3);
        assert!(
            stored
                .iter()
                .all(|h| h.as_slice() != code.0 && h.as_slice() == Sha256::digest(&h[..0]).as_slice() || h.len() == 32)
        );
        assert!(stored.contains(&Sha256::digest(code.0).to_vec()));
    }

    #[test]
    fn keys_pending_from_before_registration_codes_expire() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::init(&tmp.path().join("i"), NOW).unwrap();
        let u = store.usage();
        // Keys left pending from before registration codes: approvable or
        // rejectable for a while, then gone; a code approves one.
        legacy_pending(&store, "bolgen-kino", &key(4), NOW.0);
        legacy_pending(&store, "bolgen-kino", &key(5), NOW.0 - PENDING_LIFETIME_SECS);
        legacy_pending(&store, "bolgen-kino", &key(6), NOW.0);
        let fp4 = Fingerprint::of(&pk(&key(4)));
        let fp5 = Fingerprint::of(&pk(&key(5)));
        assert_eq!(u.register_venue_key("bolgen-kino", &pk(&key(4)), None, NOW).unwrap(), (KeyStatus::Pending, fp4));
        assert!(matches!(
            u.register_venue_key("bolgen-kino", &pk(&key(5)), None, NOW),
            Err(UsageError::RegistrationRequired)
        ));
        assert!(matches!(u.approve_venue_key(&fp5, "anne", NOW), Err(UsageError::NoSuchKey)));
        let (code6, _) = u.new_registration("bolgen-kino", "anne", NOW).unwrap();
        assert_eq!(
            u.register_venue_key("bolgen-kino", &pk(&key(6)), Some(&code6), NOW).unwrap().0,
            KeyStatus::Approved
        );
        u.reject_venue_key(&fp4, "anne", NOW).unwrap();
        assert!(matches!(u.revoke_venue_key(&fp4, "anne", NOW), Err(UsageError::NoSuchKey)));

        let keys = u.venue_keys(NOW).unwrap();
        let status = |k: &SigningKey| keys.iter().find(|v| v.fingerprint == Fingerprint::of(&pk(k))).map(|v| v.status);
        assert_eq!(status(&key(4)), None, "rejected");
        assert_eq!(status(&key(5)), None, "expired while pending");
        assert_eq!(status(&key(6)), Some(KeyStatus::Approved));
    }
}
