//! API tokens already verified, kept in memory (issue 17): most
//! `POST /api/v1/cards` requests then need no SQLite query to know their
//! caseworker.
//!
//! An entry is what [`super::Accounts::api_user`] read from the database,
//! keyed by the token's SHA-256 (never the token), and it answers only
//! while nothing in the accounts could have changed it:
//!
//! - the whole cache belongs to one *generation* of the accounts tables:
//!   every row written to `api_tokens` or `users` through the store's
//!   connection (revocation, logout, a new token, a password reset, a
//!   deactivated user, pruning, the idle timer's refresh) moves the
//!   generation on ([`crate::db::Db::accounts_generation`], counted by
//!   SQLite's update hook, so no code path can forget it), and the next
//!   lookup finds the cache empty and asks the database again;
//! - an entry is used only while its token is within its lifetime and its
//!   idle timeout, and while its idle timer needs no refresh
//!   ([`LAST_SEEN_STEP_SECS`]): exactly the cases where the database path
//!   would answer the same user without writing anything.

use crate::accounts::{ApiUser, LAST_SEEN_STEP_SECS};
use shared::Timestamp;
use std::collections::HashMap;
use std::sync::Mutex;

/// Most tokens kept; beyond it the cache starts again empty.
const MAX_ENTRIES: usize = 1024;

/// A verified token as the database said it.
#[derive(Debug, Clone)]
pub(crate) struct Verified {
    /// Its caseworker.
    pub user: ApiUser,
    /// When it ends.
    pub expires_at: i64,
    /// Its idle timeout, if it has one.
    pub idle_secs: Option<i64>,
    /// Its idle timer as stored.
    pub last_used: i64,
}

impl Verified {
    /// Whether the database path would answer this user now without a write.
    fn answers_at(&self, now: Timestamp) -> bool {
        now.0 < self.expires_at
            && self.idle_secs.is_none_or(|idle| now.0 - self.last_used < idle)
            && now.0 - self.last_used < LAST_SEEN_STEP_SECS
    }
}

/// The cache (see the module's documentation).
#[derive(Default)]
pub(crate) struct TokenCache {
    /// The accounts' generation the entries belong to, and the entries by
    /// token hash.
    entries: Mutex<(u64, HashMap<Vec<u8>, Verified>)>,
}

impl std::fmt::Debug for TokenCache {
    /// How many tokens, never which.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        f.debug_struct("TokenCache").field("generation", &entries.0).field("tokens", &entries.1.len()).finish()
    }
}

impl TokenCache {
    /// The caseworker of the token with hash `hash`, if it is known and
    /// still answers at `now` in `generation`.
    pub(crate) fn get(&self, hash: &[u8], generation: u64, now: Timestamp) -> Option<ApiUser> {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.0 != generation {
            *entries = (generation, HashMap::new());
            return None;
        }
        entries.1.get(hash).filter(|v| v.answers_at(now)).map(|v| v.user.clone())
    }

    /// Keep what the database said of `hash` in `generation` (read after
    /// the lookup's own writes).
    pub(crate) fn put(&self, hash: Vec<u8>, generation: u64, verified: Verified) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.0 != generation || entries.1.len() >= MAX_ENTRIES {
            *entries = (generation, HashMap::new());
        }
        entries.1.insert(hash, verified);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verified(expires_at: i64, idle_secs: Option<i64>, last_used: i64) -> Verified {
        let user = ApiUser { token_id: 1, user_id: 2, username: "kari".into(), agency_id: Some(3) };
        Verified { user, expires_at, idle_secs, last_used }
    }

    #[test]
    fn an_entry_answers_only_in_its_generation_and_while_the_database_would_not_write() {
        let cache = TokenCache::default();
        cache.put(b"h".to_vec(), 7, verified(1000, Some(1800), 100));
        assert_eq!(cache.get(b"h", 7, Timestamp(100)).map(|u| u.username), Some("kari".into()));
        assert!(cache.get(b"other", 7, Timestamp(100)).is_none());
        // The idle timer's refresh is due: the database path answers (and writes).
        assert!(cache.get(b"h", 7, Timestamp(100 + LAST_SEEN_STEP_SECS)).is_none());
        // Expired.
        cache.put(b"h".to_vec(), 7, verified(1000, None, 990));
        assert!(cache.get(b"h", 7, Timestamp(1000)).is_none());
        assert!(cache.get(b"h", 7, Timestamp(999)).is_some());
        // Any change to the accounts: the cache is empty, also for its old generation.
        assert!(cache.get(b"h", 8, Timestamp(999)).is_none());
        assert!(cache.get(b"h", 7, Timestamp(999)).is_none());
    }

    #[test]
    fn an_idle_token_does_not_answer() {
        let cache = TokenCache::default();
        // An idle timeout shorter than the refresh step (only in this test).
        cache.put(b"h".to_vec(), 1, verified(100_000, Some(30), 100));
        assert!(cache.get(b"h", 1, Timestamp(129)).is_some());
        assert!(cache.get(b"h", 1, Timestamp(130)).is_none());
    }
}
