//! Removing what has expired, on a timer (`issuer serve` runs
//! [`Accounts::prune`] every [`PRUNE_EVERY_SECS`]): failed-login records
//! once they no longer slow anyone down, sessions past their idle or
//! absolute timeout, API tokens past their end, and known devices not
//! used for [`DEVICE_LIFETIME_SECS`]. Each of these is also removed when it
//! is next touched; the timer makes sure nothing waits for a next time
//! that may never come (docs/PRIVACY.md's retention column).

use super::Accounts;
use crate::accounts::{
    ABSOLUTE_TIMEOUT_SECS, AuthError, DEVICE_LIFETIME_SECS, IDLE_TIMEOUT_SECS, THROTTLE_MEMORY_SECS,
};
use crate::db::OrDb as _;
use rusqlite::params;
use shared::Timestamp;

/// How often `issuer serve` prunes (10 minutes).
pub const PRUNE_EVERY_SECS: u64 = 600;

/// Rows removed by one [`Accounts::prune`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pruned {
    /// Failed-login records.
    pub throttle: usize,
    /// Sessions.
    pub sessions: usize,
    /// API tokens.
    pub api_tokens: usize,
    /// Known devices.
    pub devices: usize,
}

impl Accounts<'_> {
    /// Remove everything that has expired at `now`, in one transaction.
    pub fn prune(&self, now: Timestamp) -> Result<Pruned, AuthError> {
        let db = self.db;
        let tx = db.immediate()?;
        let throttle = tx
            .execute("DELETE FROM login_throttle WHERE last_failure <= ?1", [now.0 - THROTTLE_MEMORY_SECS])
            .or_db(db)?;
        let sessions = tx
            .execute(
                "DELETE FROM sessions WHERE last_seen <= ?1 OR created_at <= ?2",
                params![now.0 - IDLE_TIMEOUT_SECS, now.0 - ABSOLUTE_TIMEOUT_SECS],
            )
            .or_db(db)?;
        let api_tokens = tx
            .execute(
                "DELETE FROM api_tokens WHERE expires_at <= ?1 OR (idle_secs IS NOT NULL AND last_used + idle_secs <= ?1)",
                [now.0],
            )
            .or_db(db)?;
        let devices =
            tx.execute("DELETE FROM login_devices WHERE last_login <= ?1", [now.0 - DEVICE_LIFETIME_SECS]).or_db(db)?;
        tx.commit().or_db(db)?;
        Ok(Pruned { throttle, sessions, api_tokens, devices })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    const NOW: Timestamp = Timestamp(1_795_262_400);

    #[test]
    fn expired_rows_go_and_live_ones_stay() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::init(&tmp.path().join("i"), NOW).unwrap();
        let creds = crate::accounts::NewCredentials::new("anne", "correct horse battery").unwrap();
        let user = store.accounts().create_user(&creds, crate::accounts::Role::Admin, None, "test", NOW).unwrap();
        let conn = store.accounts().db.conn();
        let old = NOW.0 - DEVICE_LIFETIME_SECS - 1;
        conn.execute_batch(&format!(
            "INSERT INTO login_throttle VALUES ('old', 3, {o}), ('new', 3, {n});
             INSERT INTO sessions VALUES (x'01', {user}, 'c', {o}, {o}), (x'02', {user}, 'c', {n}, {n});
             INSERT INTO api_tokens (token_hash, user_id, name, created_at, expires_at, idle_secs, last_used)
                 VALUES (x'03', {user}, 'old', {o}, {n0}, NULL, {o}), (x'04', {user}, 'new', {n}, {later}, NULL, {n});
             INSERT INTO login_devices VALUES (x'05', {user}, {o}, {o}), (x'06', {user}, {n}, {n});",
            o = old,
            n = NOW.0 - 60,
            n0 = NOW.0 - 1,
            later = NOW.0 + 86_400,
        ))
        .unwrap();
        let pruned = store.accounts().prune(NOW).unwrap();
        assert_eq!(pruned, Pruned { throttle: 1, sessions: 1, api_tokens: 1, devices: 1 });
        for table in ["login_throttle", "sessions", "api_tokens", "login_devices"] {
            let left: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap();
            assert_eq!(left, 1, "{table}: the live row stays");
        }
        assert_eq!(store.accounts().prune(NOW).unwrap(), Pruned::default());
    }
}
