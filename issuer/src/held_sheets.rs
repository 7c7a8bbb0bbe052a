//! Card sheets held for the caseworker who made them, so that the issue
//! page can say "the sheet is ready" and the same PDF can be downloaded
//! again within the session (SECURITY.md, "Held card sheets").
//!
//! The sheet's cards are bearer tokens, so a held sheet lives in this
//! process's memory only: never written to disk or the database, never
//! logged; reachable only with the session that made it (keyed by the
//! session id's hash, like the sessions table); gone at logout, after
//! [`MAX_AGE_SECS`] (dropped from memory at the next request or the
//! server's pruning every 10 minutes), or when newer sheets push it out
//! ([`PER_SESSION`], [`MAX_BYTES`]); its bytes are wiped when dropped. A
//! session that ends otherwise (idle, password change, deactivation) can no
//! longer reach its sheets, which go at their age. A restart forgets all.

use shared::{Day, Timestamp};
use std::sync::{Arc, Mutex};
use zeroize::Zeroizing;

/// How long a sheet is held after it was made.
pub const MAX_AGE_SECS: i64 = 30 * 60;
/// Sheets held per session (the newest).
pub const PER_SESSION: usize = 3;
/// Bytes held in all, for every session together (the oldest go first).
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// A sheet made and held.
pub struct Sheet {
    /// The PDF (wiped when dropped).
    pub pdf: Zeroizing<Vec<u8>>,
    /// Cards on it.
    pub count: u32,
    /// The validity printed on its cards (one window per card type, in
    /// order, without repeats).
    pub windows: Vec<(Day, Day)>,
    /// When it was made.
    pub made: Timestamp,
}

impl std::fmt::Debug for Sheet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sheet").field("count", &self.count).field("bytes", &self.pdf.len()).finish_non_exhaustive()
    }
}

/// Why a sheet was not held.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum HoldError {
    /// Larger than [`MAX_BYTES`] alone: hand it out at once instead.
    #[error("the sheet ({0} bytes) is too large to hold")]
    TooLarge(usize),
    /// No random id could be made.
    #[error("no random id could be made")]
    Random,
}

struct Entry {
    session: Vec<u8>,
    id: String,
    sheet: Arc<Sheet>,
}

/// The held sheets of every session.
#[derive(Default)]
pub struct HeldSheets {
    entries: Mutex<Vec<Entry>>,
}

impl std::fmt::Debug for HeldSheets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HeldSheets").finish_non_exhaustive()
    }
}

fn session_key(session_id: &str) -> Vec<u8> {
    crate::accounts::hash_token(session_id)
}

impl HeldSheets {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Entry>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Hold `sheet` for `session_id`; its id (random, for the download
    /// link). Older sheets go when the bounds are reached.
    pub fn hold(&self, session_id: &str, sheet: Sheet) -> Result<String, HoldError> {
        if sheet.pdf.len() > MAX_BYTES {
            return Err(HoldError::TooLarge(sheet.pdf.len()));
        }
        let mut b = [0u8; 16];
        keys::os_random(&mut b).map_err(|_| HoldError::Random)?;
        let id = shared::wire::encode_base64url(&b);
        let session = session_key(session_id);
        let mut entries = self.lock();
        let now = sheet.made;
        entries.retain(|e| now.0 - e.sheet.made.0 < MAX_AGE_SECS);
        // Oldest first: drop this session's oldest beyond the bound, then
        // anyone's oldest beyond the bytes.
        while entries.iter().filter(|e| e.session == session).count() >= PER_SESSION {
            let Some(i) = entries.iter().position(|e| e.session == session) else { break };
            entries.remove(i);
        }
        while !entries.is_empty()
            && entries.iter().map(|e| e.sheet.pdf.len()).sum::<usize>() + sheet.pdf.len() > MAX_BYTES
        {
            entries.remove(0);
        }
        entries.push(Entry { session, id: id.clone(), sheet: Arc::new(sheet) });
        Ok(id)
    }

    /// The sheet `id` of `session_id`, if held and not older than
    /// [`MAX_AGE_SECS`] at `now`.
    pub fn get(&self, session_id: &str, id: &str, now: Timestamp) -> Option<Arc<Sheet>> {
        let session = session_key(session_id);
        let mut entries = self.lock();
        entries.retain(|e| now.0 - e.sheet.made.0 < MAX_AGE_SECS);
        entries.iter().find(|e| e.session == session && e.id == id).map(|e| e.sheet.clone())
    }

    /// Drop every sheet older than [`MAX_AGE_SECS`] at `now` (also done
    /// at every [`hold`](HeldSheets::hold) and [`get`](HeldSheets::get);
    /// `issuer serve` calls it with its other pruning, so an idle server
    /// does not keep them either).
    pub fn prune(&self, now: Timestamp) {
        self.lock().retain(|e| now.0 - e.sheet.made.0 < MAX_AGE_SECS);
    }

    /// Forget every sheet of `session_id` (logout).
    pub fn end_session(&self, session_id: &str) {
        let session = session_key(session_id);
        self.lock().retain(|e| e.session != session);
    }

    /// Sheets held now (every session).
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no sheet is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(bytes: usize, made: i64) -> Sheet {
        let day = Day::from_ymd(2026, 12, 6).unwrap();
        Sheet { pdf: Zeroizing::new(vec![7; bytes]), count: 2, windows: vec![(day, day)], made: Timestamp(made) }
    }

    #[test]
    fn a_sheet_is_only_for_its_session_and_goes_at_logout_or_after_half_an_hour() {
        let held = HeldSheets::default();
        let id = held.hold("session-a", sheet(10, 1000)).unwrap();
        assert_eq!(held.get("session-a", &id, Timestamp(1000)).unwrap().pdf.as_slice(), &[7; 10]);
        assert!(held.get("session-b", &id, Timestamp(1000)).is_none(), "another session");
        assert!(held.get("session-a", "other-id", Timestamp(1000)).is_none());
        assert!(held.get("session-a", &id, Timestamp(1000 + MAX_AGE_SECS - 1)).is_some());
        assert!(held.get("session-a", &id, Timestamp(1000 + MAX_AGE_SECS)).is_none(), "expired");
        assert!(held.is_empty(), "an expired sheet is dropped");
        let id = held.hold("session-a", sheet(10, 2000)).unwrap();
        let other = held.hold("session-b", sheet(10, 2000)).unwrap();
        held.end_session("session-a");
        assert!(held.get("session-a", &id, Timestamp(2000)).is_none(), "logged out");
        assert!(held.get("session-b", &other, Timestamp(2000)).is_some());
        held.prune(Timestamp(2000 + MAX_AGE_SECS - 1));
        assert_eq!(held.len(), 1);
        held.prune(Timestamp(2000 + MAX_AGE_SECS));
        assert!(held.is_empty(), "pruned without a request");
    }

    #[test]
    fn the_bounds_push_out_the_oldest_and_a_too_large_sheet_is_refused() {
        let held = HeldSheets::default();
        let ids: Vec<String> =
            (0..PER_SESSION + 1).map(|i| held.hold("s", sheet(10, 100 + i as i64)).unwrap()).collect();
        assert!(held.get("s", &ids[0], Timestamp(200)).is_none(), "the oldest went");
        assert!(ids[1..].iter().all(|id| held.get("s", id, Timestamp(200)).is_some()));
        let half = MAX_BYTES / 2 + 1;
        let a = held.hold("t", sheet(half, 300)).unwrap();
        let b = held.hold("u", sheet(half, 301)).unwrap();
        assert!(held.get("t", &a, Timestamp(302)).is_none(), "bytes bound");
        assert!(held.get("u", &b, Timestamp(302)).is_some());
        assert_eq!(held.hold("v", sheet(MAX_BYTES + 1, 303)).unwrap_err(), HoldError::TooLarge(MAX_BYTES + 1));
    }
}
