//! Paired devices of `verifier serve` (SPEC §11.8): a browser may redeem or
//! undo only once it is paired, with a one-time pairing code made on the
//! station (`verifier pair`) and typed on the device. Pairing gives the
//! device a long-lived random secret (its cookie); the station keeps only
//! hashes, in the redemption log's file (`device` and `pairing_code`
//! tables, made by the log's migrations), so `verifier pair` and
//! `verifier devices revoke` work while `serve` runs.
//!
//! - A code is [`CODE_DIGITS`] digits from the OS CSPRNG, shown as
//!   `1234-5678`, valid [`CODE_VALID_SECS`], used once, stored as a SHA-256
//!   hash. Every wrong try counts against every open code; after
//!   [`MAX_WRONG_TRIES`] a code is void, so a code can be guessed with at
//!   most that many tries in 10⁸.
//! - A device secret is [`SECRET_BYTES`] random bytes (hex in the cookie),
//!   stored as a SHA-256 hash with the device's number, label and paired
//!   time; revoking sets `revoked_at`, and the next request is refused.
//!
//! A device is a station device (a tablet by the door), not a person: its
//! label is what the staff typed ("Kasse 1"). Nothing here logs a code or
//! a secret.

use crate::VerifierError;
use crate::log::{BUSY_TIMEOUT, RedemptionLog};
use rusqlite::{Connection, OptionalExtension as _, TransactionBehavior, params};
use serde::Serialize;
use sha2::{Digest as _, Sha256};
use shared::Timestamp;
use std::path::{Path, PathBuf};

/// Digits of a pairing code.
pub const CODE_DIGITS: usize = 8;
/// How long a pairing code is valid (10 minutes).
pub const CODE_VALID_SECS: i64 = 600;
/// Wrong tries after which an open code is void.
pub const MAX_WRONG_TRIES: i64 = 5;
/// Longest device label, in characters.
pub const MAX_LABEL_CHARS: usize = 40;
/// Random bytes of a device secret.
pub const SECRET_BYTES: usize = 32;

const CODE_CONTEXT: &[u8] = b"aktivitetskort pairing code v1\0";
const SECRET_CONTEXT: &[u8] = b"aktivitetskort device secret v1\0";

/// A new pairing code ([`Devices::new_code`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairingCode {
    /// The code as shown: `1234-5678`.
    pub code: String,
    /// Until when it can be used.
    pub expires_at: Timestamp,
}

/// A paired device, as `verifier devices` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Device {
    /// Its number (recorded with each visit it makes).
    pub id: i64,
    /// The label given at pairing (may be empty).
    pub label: String,
    /// When it was paired (Unix seconds).
    pub paired_at: Timestamp,
    /// When it was revoked, if it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<Timestamp>,
}

/// A device just paired: its number and its secret (for its cookie only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paired {
    /// The device's number.
    pub device: i64,
    /// The secret, 64 hex digits; the station keeps only its hash.
    pub secret: String,
}

/// Why a pairing code was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum PairError {
    /// Not 8 digits (spaces and dashes aside). Not counted as a try.
    #[error("a pairing code is 8 digits, like 1234-5678")]
    Malformed,
    /// No code is open: none made, or all used, expired or void.
    #[error("no pairing code is open; run `verifier pair` on the station and type the code it prints")]
    NoCode,
    /// Not an open code; `left` tries remain before the open codes are void.
    #[error("wrong pairing code; {left} more tries before the code is void")]
    Wrong {
        /// Tries left (0: the code is void now).
        left: i64,
    },
    /// The code was right but is older than 10 minutes.
    #[error("this pairing code has expired; make a new one with `verifier pair`")]
    Expired,
    /// The code was used already, or is void after too many wrong tries.
    #[error("this pairing code was used already or is void after wrong tries; make a new one with `verifier pair`")]
    Void,
    /// The station's log could not be read or written.
    #[error(transparent)]
    Station(#[from] VerifierError),
}

/// The device tables of a venue's redemption log.
#[derive(Debug)]
pub struct Devices {
    conn: Connection,
    path: PathBuf,
}

fn err(path: &Path) -> impl Fn(rusqlite::Error) -> VerifierError + '_ {
    move |e| VerifierError::Log { path: path.to_path_buf(), source: e.into() }
}

fn hash(context: &[u8], value: &str) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(context);
    h.update(value.as_bytes());
    h.finalize().to_vec()
}

/// The 8 digits of a typed code (spaces and dashes dropped), or `None`.
pub fn normalise_code(typed: &str) -> Option<String> {
    let digits: String = typed.chars().filter(|c| !matches!(c, ' ' | '-' | '\u{a0}')).collect();
    (digits.len() == CODE_DIGITS && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// A label as stored: trimmed, without control characters, at most
/// [`MAX_LABEL_CHARS`].
pub fn clean_label(label: &str) -> String {
    label.chars().filter(|c| !c.is_control()).collect::<String>().trim().chars().take(MAX_LABEL_CHARS).collect()
}

/// Whether `secret` has the form of a device secret (64 lower-case hex).
fn well_formed_secret(secret: &str) -> bool {
    secret.len() == SECRET_BYTES * 2 && secret.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

impl Devices {
    /// The device tables of `log` (a second connection to its file).
    pub fn open(log: &RedemptionLog) -> Result<Devices, VerifierError> {
        let path = log.path().to_path_buf();
        let conn = Connection::open(&path).map_err(err(&path))?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(err(&path))?;
        conn.pragma_update(None, "secure_delete", "ON").map_err(err(&path))?;
        Ok(Devices { conn, path })
    }

    /// Make a one-time pairing code, valid from `now` for
    /// [`CODE_VALID_SECS`]; `name` labels the device unless it gives a label
    /// itself.
    pub fn new_code(&mut self, name: &str, now: Timestamp) -> Result<PairingCode, VerifierError> {
        let mut bytes = [0u8; 8];
        keys::os_random(&mut bytes)?;
        let digits = format!("{:08}", u64::from_le_bytes(bytes) % 100_000_000);
        let expires_at = now.plus_seconds(CODE_VALID_SECS);
        self.conn
            .execute(
                "INSERT INTO pairing_code (code_hash, name, expires_at) VALUES (?1, ?2, ?3)",
                params![hash(CODE_CONTEXT, &digits), clean_label(name), expires_at.0],
            )
            .map_err(err(&self.path))?;
        let (a, b) = digits.split_at(CODE_DIGITS / 2);
        Ok(PairingCode { code: format!("{a}-{b}"), expires_at })
    }

    /// Pair a device with the `typed` code at `now`, labelled `label` (else
    /// the code's name). A right, open code is used up and the device gets
    /// its secret; a wrong one counts against every open code.
    pub fn pair(&mut self, typed: &str, label: &str, now: Timestamp) -> Result<Paired, PairError> {
        let digits = normalise_code(typed).ok_or(PairError::Malformed)?;
        let e = err(&self.path);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(&e)?;
        type Row = (i64, String, i64, i64, Option<i64>);
        let row: Option<Row> = tx
            .query_row(
                "SELECT id, name, expires_at, wrong, used_at FROM pairing_code WHERE code_hash = ?1 \
                 ORDER BY id DESC LIMIT 1",
                params![hash(CODE_CONTEXT, &digits)],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()
            .map_err(&e)?;
        let (code_id, name) = match row {
            Some((_, _, _, wrong, used)) if used.is_some() || wrong >= MAX_WRONG_TRIES => {
                return Err(PairError::Void);
            }
            Some((_, _, expires, _, _)) if expires <= now.0 => return Err(PairError::Expired),
            Some((id, name, ..)) => (id, name),
            None => {
                let open = "used_at IS NULL AND wrong < ?1 AND expires_at > ?2";
                let counted = tx
                    .execute(
                        &format!("UPDATE pairing_code SET wrong = wrong + 1 WHERE {open}"),
                        params![MAX_WRONG_TRIES, now.0],
                    )
                    .map_err(&e)?;
                let left: Option<i64> = tx
                    .query_row(
                        "SELECT max(?1 - wrong) FROM pairing_code WHERE used_at IS NULL AND expires_at > ?2",
                        params![MAX_WRONG_TRIES, now.0],
                        |r| r.get(0),
                    )
                    .map_err(&e)?;
                tx.commit().map_err(&e)?;
                return Err(if counted == 0 {
                    PairError::NoCode
                } else {
                    PairError::Wrong { left: left.unwrap_or(0) }
                });
            }
        };
        let mut bytes = [0u8; SECRET_BYTES];
        keys::os_random(&mut bytes).map_err(VerifierError::from)?;
        let secret: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let label = match clean_label(label) {
            l if l.is_empty() => name,
            l => l,
        };
        tx.execute("UPDATE pairing_code SET used_at = ?1 WHERE id = ?2", params![now.0, code_id]).map_err(&e)?;
        tx.execute(
            "INSERT INTO device (label, secret_hash, paired_at) VALUES (?1, ?2, ?3)",
            params![label, hash(SECRET_CONTEXT, &secret), now.0],
        )
        .map_err(&e)?;
        let device = tx.last_insert_rowid();
        tx.commit().map_err(&e)?;
        Ok(Paired { device, secret })
    }

    /// The number of the device whose secret is `secret`, unless it is
    /// unknown or revoked.
    pub fn device_of(&self, secret: &str) -> Result<Option<i64>, VerifierError> {
        if !well_formed_secret(secret) {
            return Ok(None);
        }
        self.conn
            .query_row(
                "SELECT id FROM device WHERE secret_hash = ?1 AND revoked_at IS NULL",
                params![hash(SECRET_CONTEXT, secret)],
                |r| r.get(0),
            )
            .optional()
            .map_err(err(&self.path))
    }

    /// Every device ever paired, by number.
    pub fn list(&self) -> Result<Vec<Device>, VerifierError> {
        let e = err(&self.path);
        let mut stmt =
            self.conn.prepare("SELECT id, label, paired_at, revoked_at FROM device ORDER BY id").map_err(&e)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Device {
                    id: r.get(0)?,
                    label: r.get(1)?,
                    paired_at: Timestamp(r.get(2)?),
                    revoked_at: r.get::<_, Option<i64>>(3)?.map(Timestamp),
                })
            })
            .map_err(&e)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(&e)
    }

    /// Revoke device `id` at `now`: its next request is refused. `false` if
    /// it was revoked already; [`VerifierError::UnknownDevice`] if there is
    /// no such device.
    pub fn revoke(&mut self, id: i64, now: Timestamp) -> Result<bool, VerifierError> {
        let e = err(&self.path);
        let changed = self
            .conn
            .execute("UPDATE device SET revoked_at = ?1 WHERE id = ?2 AND revoked_at IS NULL", params![now.0, id])
            .map_err(&e)?;
        if changed > 0 {
            return Ok(true);
        }
        let exists: Option<i64> = self
            .conn
            .query_row("SELECT id FROM device WHERE id = ?1", params![id], |r| r.get(0))
            .optional()
            .map_err(&e)?;
        exists.map(|_| false).ok_or(VerifierError::UnknownDevice(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn devices() -> (tempfile::TempDir, Devices) {
        let tmp = tempfile::tempdir().expect("tempdir");
        let log = RedemptionLog::open(tmp.path()).expect("log");
        let d = Devices::open(&log).expect("devices");
        (tmp, d)
    }

    fn t0() -> Timestamp {
        Timestamp(1_800_000_000)
    }

    #[test]
    fn a_code_pairs_once_and_gives_a_secret_stored_only_hashed() {
        let (_tmp, mut d) = devices();
        let code = d.new_code("Kasse 1", t0()).expect("code");
        assert_eq!(code.code.len(), 9);
        assert_eq!(code.expires_at, t0().plus_seconds(600));
        let p = d.pair(&format!(" {} ", code.code.replace('-', " ")), "", t0().plus_seconds(599)).expect("paired");
        assert_eq!(d.device_of(&p.secret).expect("lookup"), Some(p.device));
        assert_eq!(d.device_of(&p.secret.to_uppercase()).expect("lookup"), None);
        let list = d.list().expect("list");
        assert_eq!(
            list,
            vec![Device { id: p.device, label: "Kasse 1".into(), paired_at: t0().plus_seconds(599), revoked_at: None }]
        );
        let stored: Vec<u8> = d.conn.query_row("SELECT secret_hash FROM device", [], |r| r.get(0)).expect("row");
        assert_ne!(stored, p.secret.as_bytes());
        assert!(matches!(d.pair(&code.code, "x", t0()), Err(PairError::Void)));
        // Revoked: refused from now on; twice is no change; an unknown id is named.
        assert!(d.revoke(p.device, t0()).expect("revoke"));
        assert_eq!(d.device_of(&p.secret).expect("lookup"), None);
        assert!(!d.revoke(p.device, t0()).expect("again"));
        assert!(matches!(d.revoke(99, t0()), Err(VerifierError::UnknownDevice(99))));
    }

    #[test]
    fn wrong_tries_void_the_code_and_old_codes_expire() {
        let (_tmp, mut d) = devices();
        assert!(matches!(d.pair("1234-5678", "", t0()), Err(PairError::NoCode)));
        assert!(matches!(d.pair("1234-567", "", t0()), Err(PairError::Malformed)));
        let code = d.new_code("", t0()).expect("code");
        let wrong = if code.code == "0000-0000" { "1111-1111" } else { "0000-0000" };
        for left in (0..MAX_WRONG_TRIES).rev() {
            match d.pair(wrong, "", t0()) {
                Err(PairError::Wrong { left: l }) => assert_eq!(l, left),
                other => panic!("expected Wrong, got {other:?}"),
            }
        }
        assert!(matches!(d.pair(&code.code, "", t0()), Err(PairError::Void)));
        assert!(matches!(d.pair(wrong, "", t0()), Err(PairError::NoCode)));
        let code = d.new_code("", t0()).expect("code");
        assert!(matches!(d.pair(&code.code, "", t0().plus_seconds(600)), Err(PairError::Expired)));
        assert_eq!(clean_label("  Kasse\u{7} 2 "), "Kasse 2");
        assert_eq!(clean_label(&"x".repeat(100)).len(), MAX_LABEL_CHARS);
    }
}
