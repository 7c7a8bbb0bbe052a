//! Companions in the redemption log (schema 6): visits recorded before keep
//! an unknown companion (counted as before, by the benefit's
//! `companion_free`); a confirmation reaches only the device's last visit,
//! right after it.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use rusqlite::Connection;
use shared::Timestamp;
use verifier::VerifierError;
use verifier::log::{MIGRATIONS, RedemptionLog};

const T: Timestamp = Timestamp(1_795_262_400);

fn column(path: &std::path::Path, sql: &str) -> Vec<Option<i64>> {
    let db = Connection::open(path).unwrap();
    let mut stmt = db.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

#[test]
fn visits_recorded_before_schema_6_keep_an_unknown_companion() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("redemptions.db");
    {
        let db = Connection::open(&path).unwrap();
        db.pragma_update(None, "journal_mode", "WAL").unwrap();
        for sql in &MIGRATIONS[..5] {
            db.execute_batch(sql).unwrap();
        }
        db.pragma_update(None, "user_version", 5).unwrap();
        for card_type in [1, 1, 2] {
            db.execute(
                "INSERT INTO redemption (pseudonym, benefit, card_type, at) VALUES (zeroblob(16), 'kino', ?1, ?2)",
                rusqlite::params![card_type, T.0],
            )
            .unwrap();
        }
    }
    let log = RedemptionLog::open(tmp.path()).unwrap();
    assert_eq!(column(&path, "PRAGMA user_version"), [Some(6)]);
    assert_eq!(column(&path, "SELECT companion FROM redemption"), [None, None, None]);
    let rows = log.report(None, None).unwrap();
    let got: Vec<(u16, u64, u64, u64)> =
        rows.iter().map(|r| (r.card_type, r.count, r.companions, r.companions_unknown)).collect();
    assert_eq!(got, [(1, 2, 0, 2), (2, 1, 0, 1)]);
}

#[test]
fn a_companion_is_confirmed_for_the_device_s_last_visit_only_right_after_it() {
    let tmp = tempfile::tempdir().unwrap();
    let mut log = RedemptionLog::open(tmp.path()).unwrap();
    let path = log.path().to_path_buf();
    {
        let db = Connection::open(&path).unwrap();
        for (device, at) in [(0, T.0 - 3600), (0, T.0), (7, T.0)] {
            db.execute(
                "INSERT INTO redemption (pseudonym, benefit, card_type, at, device, companion) \
                 VALUES (zeroblob(16), 'kino', 1, ?1, ?2, 0)",
                rusqlite::params![at, device],
            )
            .unwrap();
        }
        db.execute("INSERT INTO high_water (id, at) VALUES (1, ?1)", [T.0]).unwrap();
    }
    let too_late =
        |r: Result<_, VerifierError>| matches!(r, Err(VerifierError::CompanionTooLate { window_minutes: 5 }));
    // Not the device's last visit, or another device's: refused.
    assert!(too_late(log.set_companion(0, 1, true, T, Timestamp(0))));
    assert!(too_late(log.set_companion(0, 3, true, T, Timestamp(0))));
    // The last one, right after: recorded (and may be changed back).
    let v = log.set_companion(0, 2, true, T.plus_seconds(60), Timestamp(0)).unwrap();
    assert_eq!((v.visit, v.benefit.as_str()), (2, "kino"));
    assert_eq!(column(&path, "SELECT companion FROM redemption ORDER BY id"), [Some(0), Some(1), Some(0)]);
    let rows = log.report(None, None).unwrap();
    assert_eq!(rows.iter().map(|r| (r.count, r.companions, r.companions_unknown)).collect::<Vec<_>>(), [(3, 1, 0)]);
    // Past the undo window: refused, nothing changes.
    assert!(too_late(log.set_companion(0, 2, false, T.plus_seconds(301), Timestamp(0))));
    assert_eq!(column(&path, "SELECT companion FROM redemption WHERE id = 2"), [Some(1)]);
    // An undone visit cannot be confirmed.
    log.undo_visit(7, None, T.plus_seconds(10), Timestamp(0)).unwrap();
    assert!(too_late(log.set_companion(7, 3, true, T.plus_seconds(20), Timestamp(0))));
}
