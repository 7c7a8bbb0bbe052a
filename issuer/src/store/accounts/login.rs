//! Login with throttling that a stranger cannot turn into a lock-out (the
//! rules are [`crate::accounts::Throttle`]'s): failures are counted per
//! account *and* client, where the client is a known device (its device
//! cookie, set at a successful login, as OWASP's "Slow down online guessing
//! attacks with device cookies" describes) or else the address; and per
//! address across accounts. A known device is throttled on its own count
//! only, so the owner logs in on it whatever strangers elsewhere do.

use super::Accounts;
use crate::accounts::{
    ABSOLUTE_TIMEOUT_SECS, AuthError, DEVICE_LIFETIME_SECS, FREE_FAILURES_PER_ADDRESS, FREE_FAILURES_PER_CLIENT,
    IDLE_TIMEOUT_SECS, LoginClient, MAX_DEVICES_PER_USER, NewSession, SessionUser, THROTTLE_MEMORY_SECS, Throttle,
    dummy_hash, hash_token, random_token, verify_password,
};
use crate::db::OrDb as _;
use rusqlite::{Connection, OptionalExtension as _, params};
use shared::Timestamp;

/// A user as found at login.
struct LoginUser {
    id: i64,
    hash: String,
    role: String,
    agency_id: Option<i64>,
    active: bool,
    must_change_password: bool,
}

/// A login between its steps (see [`Accounts::login`]): the user, if the
/// name exists, the known device and the throttling keys. Holds a password
/// hash and a device token: its `Debug` shows the user name only.
pub struct LoginAttempt {
    username: String,
    /// The keys a failure counts against, each with its free failures; the
    /// first is the account's from this client.
    keys: Vec<(String, i64)>,
    /// The browser's device token, when it is a known device of the user.
    device: Option<String>,
    user: Option<LoginUser>,
}

impl std::fmt::Debug for LoginAttempt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginAttempt").field("username", &self.username).finish_non_exhaustive()
    }
}

impl LoginAttempt {
    /// Step 2 of a login: check the password (argon2id, tens of
    /// milliseconds; run it off the async workers). An unknown user's
    /// attempt hashes too, so timing does not tell whether a name exists.
    pub fn password_ok(&self, password: &str) -> bool {
        match &self.user {
            Some(u) => verify_password(password, &u.hash),
            None => {
                let _ = verify_password(password, dummy_hash());
                false
            }
        }
    }
}

/// The failures counted for `key` (none if it has no row).
fn throttle_of(conn: &Connection, key: &str) -> rusqlite::Result<Throttle> {
    conn.prepare_cached("SELECT failures, last_failure FROM login_throttle WHERE key = ?1")?
        .query_row([key], |r| Ok(Throttle { failures: r.get(0)?, last_failure: r.get(1)? }))
        .optional()
        .map(Option::unwrap_or_default)
}

impl Accounts<'_> {
    /// The failures counted for a throttling key (for tests and the
    /// operator: `user:NAME|addr:ADDRESS`, `device:ID` or `addr:ADDRESS`).
    pub fn throttle(&self, key: &str) -> Result<Throttle, AuthError> {
        Ok(throttle_of(self.db.conn(), key).or_db(self.db)?)
    }

    /// Log in: check throttling, then the password; on success a new
    /// session (a fresh id: the caller drops any old session cookie).
    ///
    /// The web app runs the three steps itself ([`Accounts::login_begin`],
    /// [`LoginAttempt::password_ok`] off the async workers and without the
    /// store's lock, [`Accounts::login_finish`]); this is the same in one call.
    pub fn login(
        &self,
        username: &str,
        password: &str,
        client: LoginClient<'_>,
        now: Timestamp,
    ) -> Result<NewSession, AuthError> {
        let attempt = self.login_begin(username, client, now)?;
        let ok = attempt.password_ok(password);
        self.login_finish(attempt, ok, now)
    }

    /// Step 1 of a login: look the user up and whether the browser is one
    /// of their known devices; refuse a try that must still wait. Fast (no
    /// password hashing).
    pub fn login_begin(
        &self,
        username: &str,
        client: LoginClient<'_>,
        now: Timestamp,
    ) -> Result<LoginAttempt, AuthError> {
        let (db, conn) = (self.db, self.db.conn());
        let username = crate::names::fold(username);
        let user = conn
            .query_row(
                "SELECT id, password_hash, role, agency_id, active, must_change_password FROM users WHERE username = ?1",
                [&username],
                |r| {
                    Ok(LoginUser {
                        id: r.get(0)?,
                        hash: r.get(1)?,
                        role: r.get(2)?,
                        agency_id: r.get(3)?,
                        active: r.get(4)?,
                        must_change_password: r.get(5)?,
                    })
                },
            )
            .optional()
            .or_db(db)?;
        let device = match (client.device, &user) {
            (Some(token), Some(u)) => conn
                .query_row(
                    "SELECT rowid FROM login_devices WHERE token_hash = ?1 AND user_id = ?2 AND last_login > ?3",
                    params![hash_token(token), u.id, now.0 - DEVICE_LIFETIME_SECS],
                    |r| r.get::<_, i64>(0),
                )
                .optional()
                .or_db(db)?
                .map(|id| (id, token.to_string())),
            _ => None,
        };
        let keys = match &device {
            Some((id, _)) => vec![(format!("device:{id}"), FREE_FAILURES_PER_CLIENT)],
            None => vec![
                (format!("user:{}|addr:{}", username.to_lowercase(), client.address), FREE_FAILURES_PER_CLIENT),
                (format!("addr:{}", client.address), FREE_FAILURES_PER_ADDRESS),
            ],
        };
        let mut wait = 0;
        for (key, free) in &keys {
            wait = wait.max(throttle_of(conn, key).or_db(db)?.wait_secs(*free, now));
        }
        if wait > 0 {
            return Err(AuthError::Throttled { seconds: wait });
        }
        Ok(LoginAttempt { username: username.to_string(), keys, device: device.map(|(_, t)| t), user })
    }

    /// Count a failure against every key of an attempt.
    fn count_failure(&self, keys: &[(String, i64)], now: Timestamp) -> Result<(), AuthError> {
        let db = self.db;
        let tx = db.immediate()?;
        for (key, _) in keys {
            let t = throttle_of(&tx, key).or_db(db)?.after_failure(now);
            tx.execute(
                "INSERT INTO login_throttle (key, failures, last_failure) VALUES (?1, ?2, ?3)
                 ON CONFLICT (key) DO UPDATE SET failures = ?2, last_failure = ?3",
                params![key, t.failures, t.last_failure],
            )
            .or_db(db)?;
        }
        tx.execute("DELETE FROM login_throttle WHERE last_failure <= ?1", [now.0 - THROTTLE_MEMORY_SECS]).or_db(db)?;
        tx.commit().or_db(db)?;
        Ok(())
    }

    /// Step 3 of a re-authentication (the current password, to change it):
    /// like [`Accounts::login_finish`], a failure counts towards
    /// throttling, but a success makes no session. Returns the user's id.
    pub fn reauthenticate_finish(
        &self,
        attempt: LoginAttempt,
        password_ok: bool,
        now: Timestamp,
    ) -> Result<i64, AuthError> {
        match attempt.user.as_ref().filter(|u| password_ok && u.active) {
            Some(u) => {
                self.db
                    .conn()
                    .execute("DELETE FROM login_throttle WHERE key = ?1", [&attempt.keys[0].0])
                    .or_db(self.db)?;
                Ok(u.id)
            }
            None => {
                self.count_failure(&attempt.keys, now)?;
                Err(AuthError::WrongCurrentPassword)
            }
        }
    }

    /// Step 3 of a login: count a failure against every key of the
    /// attempt, or make the new session (and remember the device).
    /// `password_ok` is what [`LoginAttempt::password_ok`] said.
    pub fn login_finish(
        &self,
        attempt: LoginAttempt,
        password_ok: bool,
        now: Timestamp,
    ) -> Result<NewSession, AuthError> {
        let db = self.db;
        let LoginAttempt { username, keys, device, user } = attempt;
        let Some(user) = user.filter(|u| password_ok && u.active) else {
            self.count_failure(&keys, now)?;
            return Err(AuthError::BadCredentials);
        };
        let role = self.role(&user.role)?;
        let id = random_token()?;
        let csrf = random_token()?;
        let device = match device {
            Some(token) => token,
            None => random_token()?,
        };
        let tx = db.deferred()?;
        tx.execute(
            "INSERT INTO sessions (id_hash, user_id, csrf, created_at, last_seen) VALUES (?1, ?2, ?3, ?4, ?4)",
            params![hash_token(&id), user.id, csrf, now.0],
        )
        .or_db(db)?;
        // The account's failures from this client are forgiven; the
        // address's over all accounts are not.
        tx.execute("DELETE FROM login_throttle WHERE key = ?1", [&keys[0].0]).or_db(db)?;
        tx.execute(
            "INSERT INTO login_devices (token_hash, user_id, created_at, last_login) VALUES (?1, ?2, ?3, ?3)
             ON CONFLICT (token_hash) DO UPDATE SET last_login = ?3",
            params![hash_token(&device), user.id, now.0],
        )
        .or_db(db)?;
        tx.execute(
            "DELETE FROM login_devices WHERE last_login <= ?1 OR (user_id = ?2 AND rowid NOT IN
                 (SELECT rowid FROM login_devices WHERE user_id = ?2 ORDER BY last_login DESC, rowid DESC LIMIT ?3))",
            params![now.0 - DEVICE_LIFETIME_SECS, user.id, MAX_DEVICES_PER_USER],
        )
        .or_db(db)?;
        tx.execute(
            "DELETE FROM sessions WHERE last_seen <= ?1 OR created_at <= ?2",
            params![now.0 - IDLE_TIMEOUT_SECS, now.0 - ABSOLUTE_TIMEOUT_SECS],
        )
        .or_db(db)?;
        tx.commit().or_db(db)?;
        let must_change_password = user.must_change_password;
        let user =
            SessionUser { user_id: user.id, username, role, agency_id: user.agency_id, csrf, must_change_password };
        Ok(NewSession { id, user, device })
    }
}
