//! Accounts of the issuer's web app: agencies, users (administrators and
//! caseworkers), the first-run set-up link, login with throttling, and
//! server-side sessions with CSRF tokens. OWASP ASVS level 2 is the
//! yardstick:
//!
//! - passwords: argon2id (19 MiB, 2 passes), 12–128 characters, no
//!   composition rules, a short list of common passwords refused (V2.1);
//! - login: the same answer for an unknown user and a wrong password, the
//!   hash checked either way; at most 5 failures per account and 20 per
//!   client address in 15 minutes (V2.2);
//! - sessions: 256-bit random ids, stored only as SHA-256 hashes, a new id
//!   at every login, idle timeout 30 minutes, absolute 12 hours, logout
//!   deletes the session (V3);
//! - CSRF: a per-session random token, compared in constant time (V4.2.2).
//!
//! Nothing here is about children or cards: the only people in this
//! database are the municipality's own staff.

use crate::store::Store;
use argon2::{Argon2, PasswordHash, PasswordHasher as _, PasswordVerifier as _};
use rusqlite::{OptionalExtension as _, params};
use sha2::{Digest as _, Sha256};
use shared::Timestamp;

/// Sessions end after this long without a request.
pub const IDLE_TIMEOUT_SECS: i64 = 30 * 60;
/// A session's last-seen time is written when it is at least this old (so
/// the idle timeout is exact to within this).
pub const LAST_SEEN_STEP_SECS: i64 = 60;
/// Sessions end this long after login, whatever happens.
pub const ABSOLUTE_TIMEOUT_SECS: i64 = 12 * 3600;
/// Failed logins counted over this window.
pub const THROTTLE_WINDOW_SECS: i64 = 15 * 60;
/// Failures per account within the window before logins are refused.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// Failures per client address within the window before logins are refused.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
/// Shortest accepted password.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest accepted password.
pub const MAX_PASSWORD_CHARS: usize = 128;
/// How long a first-run set-up link works.
pub const SETUP_TOKEN_LIFETIME_SECS: i64 = 24 * 3600;

/// Passwords refused whatever their length (the most common ones of 12+
/// characters, and the product's own name).
const COMMON_PASSWORDS: &[&str] = &[
    "123456789012",
    "1234567890123",
    "12345678910111213",
    "passwordpassword",
    "password1234",
    "qwertyuiopasdfgh",
    "qwertyuiop123",
    "aktivitetskort",
    "aktivitetskortet",
    "passord123456",
    "passordpassord",
    "sommer2026sommer",
];

/// Schema additions for accounts (applied after the store's own
/// migrations; see [`crate::store`]).
pub(crate) const MIGRATION: &str = r#"
CREATE TABLE agencies (
    id         INTEGER PRIMARY KEY CHECK (id > 0),
    name       TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    created_at INTEGER NOT NULL
) STRICT;
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'caseworker')),
    agency_id     INTEGER REFERENCES agencies (id),
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL,
    CHECK (role = 'admin' OR agency_id IS NOT NULL)
) STRICT;
CREATE TABLE sessions (
    id_hash    BLOB    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL
) STRICT;
CREATE TABLE setup_tokens (
    token_hash BLOB    PRIMARY KEY,
    created_at INTEGER NOT NULL,
    used_at    INTEGER
) STRICT;
CREATE TABLE login_failures (
    key TEXT    NOT NULL,
    at  INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failures_key_at ON login_failures (key, at);
"#;

/// A staff member's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Manages the catalogue, agencies, users and keys.
    Admin,
    /// Issues cards for an agency.
    Caseworker,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Caseworker => "caseworker",
        }
    }

    fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "caseworker" => Some(Role::Caseworker),
            _ => None,
        }
    }
}

/// A logged-in user, as a request handler sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionUser {
    /// User id.
    pub user_id: i64,
    /// Login name.
    pub username: String,
    /// Role.
    pub role: Role,
    /// Agency (caseworkers only).
    pub agency_id: Option<i64>,
    /// The session's CSRF token, to embed in forms.
    pub csrf: String,
}

/// A staff account, as the administrator's staff page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffAccount {
    /// User id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Role.
    pub role: Role,
    /// Agency name (caseworkers).
    pub agency: Option<String>,
    /// Whether the account may log in.
    pub active: bool,
}

/// A new session: the id goes in the cookie (never stored in clear).
#[derive(Clone, PartialEq, Eq)]
pub struct NewSession {
    /// The session id for the cookie.
    pub id: String,
    /// The user.
    pub user: SessionUser,
}

impl std::fmt::Debug for NewSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewSession").field("user", &self.user).finish_non_exhaustive()
    }
}

/// A user as found at login.
struct LoginUser {
    id: i64,
    hash: String,
    role: String,
    agency_id: Option<i64>,
    active: bool,
}

/// A login between its steps (see [`Store::login`]): the user, if the name
/// exists, and the throttling keys. Holds a password hash: not `Debug`.
pub struct LoginAttempt {
    username: String,
    account_key: String,
    address_key: String,
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

/// Why an account operation was refused. Messages are safe to show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// Unknown user, wrong password or deactivated account (one answer for
    /// all, so that login does not reveal which accounts exist).
    #[error("wrong user name or password")]
    BadCredentials,
    /// Too many failed logins recently.
    #[error("too many failed logins; try again in {minutes} minutes")]
    Throttled {
        /// Minutes until a new try is accepted.
        minutes: i64,
    },
    /// A password shorter or longer than allowed, or a common one.
    #[error("the password must be {min}–{max} characters and not a common password", min = MIN_PASSWORD_CHARS, max = MAX_PASSWORD_CHARS)]
    WeakPassword,
    /// A user name outside 3–64 characters of letters, digits, `.`, `-`, `_`, `@`.
    #[error("a user name is 3–64 letters, digits or . - _ @")]
    BadUsername,
    /// The user name is already in use.
    #[error("the user name «{0}» is already in use")]
    UsernameTaken(String),
    /// An agency name that is empty, too long or already in use.
    #[error("an agency needs a name of 1–100 characters that is not already in use")]
    BadAgencyName,
    /// A caseworker without an existing agency.
    #[error("a caseworker must belong to an existing agency")]
    UnknownAgency,
    /// No user with this id.
    #[error("there is no such user")]
    UnknownUser,
    /// An administrator tried to deactivate their own account.
    #[error("you cannot deactivate your own account")]
    OwnAccount,
    /// Deactivating this administrator would leave no active one.
    #[error("the last active administrator cannot be deactivated")]
    LastAdmin,
    /// The set-up link is wrong, used or expired.
    #[error("this set-up link is not valid (used, expired or mistyped); restart the issuer for a new one")]
    BadSetupToken,
    /// The database failed.
    #[error("database error: {0}")]
    Db(String),
}

impl From<rusqlite::Error> for AuthError {
    fn from(e: rusqlite::Error) -> AuthError {
        AuthError::Db(e.to_string())
    }
}

fn random_token() -> Result<String, AuthError> {
    let mut b = [0u8; 32];
    keys::os_random(&mut b).map_err(|e| AuthError::Db(e.to_string()))?;
    Ok(shared::wire::encode_base64url(&b))
}

/// Session ids and set-up tokens are stored as SHA-256 hashes only.
fn hash_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Hash a password with argon2id (default parameters: 19 MiB, 2 passes)
/// and a random 16-byte salt from the OS, as a PHC string.
pub fn hash_password(password: &str) -> Result<String, AuthError> {
    let mut salt = [0u8; 16];
    keys::os_random(&mut salt).map_err(|e| AuthError::Db(e.to_string()))?;
    let hash: PasswordHash = Argon2::default()
        .hash_password_with_salt(password.as_bytes(), &salt)
        .map_err(|e| AuthError::Db(e.to_string()))?;
    Ok(hash.to_string())
}

fn verify_password(password: &str, hash: &str) -> bool {
    Argon2::default().verify_password(password.as_bytes(), hash).is_ok()
}

/// Check a new password against the policy.
pub fn check_password_policy(password: &str) -> Result<(), AuthError> {
    let n = password.chars().count();
    let lower = password.to_lowercase();
    if !(MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&n) || COMMON_PASSWORDS.contains(&lower.as_str()) {
        return Err(AuthError::WeakPassword);
    }
    Ok(())
}

/// A login name: 3–64 letters, digits and `.`, `-`, `_`, `@`.
pub fn check_username(name: &str) -> Result<(), AuthError> {
    let n = name.chars().count();
    if !(3..=64).contains(&n) || !name.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '@')) {
        return Err(AuthError::BadUsername);
    }
    Ok(())
}

/// Constant-time comparison of two tokens.
pub fn tokens_equal(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Store {
    /// Whether any administrator exists.
    pub fn has_admin(&self) -> Result<bool, AuthError> {
        Ok(self.db.query_row("SELECT EXISTS (SELECT 1 FROM users WHERE role = 'admin')", [], |r| r.get(0))?)
    }

    /// A one-time set-up link token for the first administrator, or `None`
    /// once one exists. Each call makes a new token (older ones stay valid
    /// until they expire); only its hash is stored.
    pub fn new_setup_token(&self, now: Timestamp) -> Result<Option<String>, AuthError> {
        if self.has_admin()? {
            return Ok(None);
        }
        let token = random_token()?;
        self.db.execute(
            "INSERT INTO setup_tokens (token_hash, created_at) VALUES (?1, ?2)",
            params![hash_token(&token), now.0],
        )?;
        Ok(Some(token))
    }

    /// Create the first administrator with a set-up token; the token is
    /// used up, and every other set-up token stops working.
    pub fn complete_setup(
        &mut self,
        token: &str,
        username: &str,
        password: &str,
        now: Timestamp,
    ) -> Result<i64, AuthError> {
        check_username(username)?;
        check_password_policy(password)?;
        let hash = hash_password(password)?;
        let tx = self.db.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let has_admin: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM users WHERE role = 'admin')", [], |r| r.get(0))?;
        let valid: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM setup_tokens WHERE token_hash = ?1 AND used_at IS NULL AND created_at > ?2)",
            params![hash_token(token), now.0 - SETUP_TOKEN_LIFETIME_SECS],
            |r| r.get(0),
        )?;
        if has_admin || !valid {
            return Err(AuthError::BadSetupToken);
        }
        tx.execute(
            "INSERT INTO users (username, password_hash, role, created_at) VALUES (?1, ?2, 'admin', ?3)",
            params![username, hash, now.0],
        )?;
        let id = tx.last_insert_rowid();
        tx.execute("UPDATE setup_tokens SET used_at = ?1 WHERE used_at IS NULL", params![now.0])?;
        tx.execute(
            "INSERT INTO audit_log (at, actor, action, detail) VALUES (?1, ?2, 'setup', 'first administrator created')",
            params![now.0, username],
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Add an agency; returns its id.
    pub fn create_agency(&mut self, name: &str, actor: &str, now: Timestamp) -> Result<i64, AuthError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(AuthError::BadAgencyName);
        }
        let inserted = self
            .db
            .execute("INSERT OR IGNORE INTO agencies (name, created_at) VALUES (?1, ?2)", params![name, now.0])?;
        if inserted == 0 {
            return Err(AuthError::BadAgencyName);
        }
        let id = self.db.last_insert_rowid();
        self.db.execute(
            "INSERT INTO audit_log (at, actor, action, detail) VALUES (?1, ?2, 'agency', ?3)",
            params![now.0, actor, format!("added agency {name}")],
        )?;
        Ok(id)
    }

    /// Agencies: (id, name), by name.
    pub fn agencies(&self) -> Result<Vec<(i64, String)>, AuthError> {
        let mut stmt = self.db.prepare("SELECT id, name FROM agencies ORDER BY name")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Add a user; caseworkers need an agency.
    pub fn create_user(
        &mut self,
        username: &str,
        password: &str,
        role: Role,
        agency_id: Option<i64>,
        actor: &str,
        now: Timestamp,
    ) -> Result<i64, AuthError> {
        check_username(username)?;
        check_password_policy(password)?;
        let hash = hash_password(password)?;
        self.create_user_with_hash(username, &hash, role, agency_id, actor, now)
    }

    /// [`Store::create_user`] with the password already checked by
    /// [`check_password_policy`] and hashed by [`hash_password`], so that a
    /// caller can hash it (slow on purpose) before taking the store's lock.
    pub fn create_user_with_hash(
        &mut self,
        username: &str,
        hash: &str,
        role: Role,
        agency_id: Option<i64>,
        actor: &str,
        now: Timestamp,
    ) -> Result<i64, AuthError> {
        check_username(username)?;
        let agency = match role {
            Role::Admin => None,
            Role::Caseworker => {
                let id = agency_id.ok_or(AuthError::UnknownAgency)?;
                let exists: bool =
                    self.db.query_row("SELECT EXISTS (SELECT 1 FROM agencies WHERE id = ?1)", [id], |r| r.get(0))?;
                if !exists {
                    return Err(AuthError::UnknownAgency);
                }
                Some(id)
            }
        };
        let inserted = self.db.execute(
            "INSERT OR IGNORE INTO users (username, password_hash, role, agency_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![username, hash, role.as_str(), agency, now.0],
        )?;
        if inserted == 0 {
            return Err(AuthError::UsernameTaken(username.to_string()));
        }
        let id = self.db.last_insert_rowid();
        self.db.execute(
            "INSERT INTO audit_log (at, actor, action, detail) VALUES (?1, ?2, 'user', ?3)",
            params![now.0, actor, format!("added {} {username}", role.as_str())],
        )?;
        Ok(id)
    }

    /// Staff accounts: (user name, role, agency name), by user name.
    pub fn users(&self) -> Result<Vec<(String, Role, Option<String>)>, AuthError> {
        let mut stmt = self.db.prepare(
            "SELECT u.username, u.role, a.name FROM users u LEFT JOIN agencies a ON a.id = u.agency_id
             ORDER BY u.username COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (name, role, agency) = row?;
            let role = Role::parse(&role).ok_or_else(|| AuthError::Db(format!("unknown role {role}")))?;
            out.push((name, role, agency));
        }
        Ok(out)
    }

    /// Staff accounts with their ids and status, by user name.
    pub fn staff_accounts(&self) -> Result<Vec<StaffAccount>, AuthError> {
        let mut stmt = self.db.prepare(
            "SELECT u.id, u.username, u.role, a.name, u.active FROM users u LEFT JOIN agencies a ON a.id = u.agency_id
             ORDER BY u.username COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get(3)?, r.get::<_, bool>(4)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, username, role, agency, active) = row?;
            let role = Role::parse(&role).ok_or_else(|| AuthError::Db(format!("unknown role {role}")))?;
            out.push(StaffAccount { id, username, role, agency, active });
        }
        Ok(out)
    }

    /// Deactivate (`active` false) or reactivate a user. A deactivated user
    /// cannot log in, and their sessions end at once. `actor_id` is the
    /// acting user (who may not deactivate themselves); the last active
    /// administrator is never deactivated. Returns the user's name and
    /// whether anything changed. Audited.
    pub fn set_user_active(
        &mut self,
        user_id: i64,
        active: bool,
        actor_id: Option<i64>,
        actor: &str,
        now: Timestamp,
    ) -> Result<(String, bool), AuthError> {
        let tx = self.db.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let (username, role, was_active): (String, String, bool) = tx
            .query_row("SELECT username, role, active FROM users WHERE id = ?1", [user_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?
            .ok_or(AuthError::UnknownUser)?;
        if !active {
            let active_admins: i64 =
                tx.query_row("SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1", [], |r| r.get(0))?;
            if role == "admin" && was_active && active_admins <= 1 {
                return Err(AuthError::LastAdmin);
            }
            if actor_id == Some(user_id) {
                return Err(AuthError::OwnAccount);
            }
        }
        if was_active == active {
            return Ok((username, false));
        }
        tx.execute("UPDATE users SET active = ?1 WHERE id = ?2", params![active, user_id])?;
        if !active {
            tx.execute("DELETE FROM sessions WHERE user_id = ?1", [user_id])?;
        }
        let what = if active { "reactivated" } else { "deactivated" };
        tx.execute(
            "INSERT INTO audit_log (at, actor, action, detail) VALUES (?1, ?2, 'user', ?3)",
            params![now.0, actor, format!("{what} {role} {username}")],
        )?;
        tx.commit()?;
        Ok((username, true))
    }

    fn recent_failures(&self, key: &str, now: Timestamp) -> Result<(i64, i64), AuthError> {
        Ok(self.db.query_row(
            "SELECT COUNT(*), COALESCE(MIN(at), 0) FROM login_failures WHERE key = ?1 AND at > ?2",
            params![key, now.0 - THROTTLE_WINDOW_SECS],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    /// Log in: check throttling, then the password; on success a new
    /// session (a fresh id: the caller drops any old session cookie).
    /// `client` is the client's address as the caller determined it.
    ///
    /// The web app runs the three steps itself ([`Store::login_begin`],
    /// [`LoginAttempt::password_ok`] off the async workers and without the
    /// store's lock, [`Store::login_finish`]); this is the same in one call.
    pub fn login(
        &mut self,
        username: &str,
        password: &str,
        client: &str,
        now: Timestamp,
    ) -> Result<NewSession, AuthError> {
        let attempt = self.login_begin(username, client, now)?;
        let ok = attempt.password_ok(password);
        self.login_finish(attempt, ok, now)
    }

    /// Step 1 of a login: refuse a throttled account or address; look the
    /// user up. Fast (no password hashing).
    pub fn login_begin(&self, username: &str, client: &str, now: Timestamp) -> Result<LoginAttempt, AuthError> {
        let account_key = format!("user:{}", username.to_lowercase());
        let address_key = format!("addr:{client}");
        for (key, max) in [(&account_key, MAX_FAILURES_PER_ACCOUNT), (&address_key, MAX_FAILURES_PER_ADDRESS)] {
            let (count, oldest) = self.recent_failures(key, now)?;
            if count >= max {
                let wait = oldest + THROTTLE_WINDOW_SECS - now.0;
                return Err(AuthError::Throttled { minutes: (wait + 59).div_euclid(60).max(1) });
            }
        }
        let user = self
            .db
            .query_row(
                "SELECT id, password_hash, role, agency_id, active FROM users WHERE username = ?1",
                [username],
                |r| {
                    Ok(LoginUser {
                        id: r.get(0)?,
                        hash: r.get(1)?,
                        role: r.get(2)?,
                        agency_id: r.get(3)?,
                        active: r.get(4)?,
                    })
                },
            )
            .optional()?;
        Ok(LoginAttempt { username: username.to_string(), account_key, address_key, user })
    }

    /// Step 3 of a login: record a failure (for throttling), or make the
    /// new session. `password_ok` is what [`LoginAttempt::password_ok`] said.
    pub fn login_finish(
        &mut self,
        attempt: LoginAttempt,
        password_ok: bool,
        now: Timestamp,
    ) -> Result<NewSession, AuthError> {
        let LoginAttempt { username, account_key, address_key, user } = attempt;
        let Some(user) = user.filter(|u| password_ok && u.active) else {
            let tx = self.db.transaction()?;
            for key in [&account_key, &address_key] {
                tx.execute("INSERT INTO login_failures (key, at) VALUES (?1, ?2)", params![key, now.0])?;
            }
            tx.execute("DELETE FROM login_failures WHERE at <= ?1", [now.0 - THROTTLE_WINDOW_SECS])?;
            tx.commit()?;
            return Err(AuthError::BadCredentials);
        };
        let role = Role::parse(&user.role).ok_or_else(|| AuthError::Db(format!("unknown role {}", user.role)))?;
        let id = random_token()?;
        let csrf = random_token()?;
        let tx = self.db.transaction()?;
        tx.execute(
            "INSERT INTO sessions (id_hash, user_id, csrf, created_at, last_seen) VALUES (?1, ?2, ?3, ?4, ?4)",
            params![hash_token(&id), user.id, csrf, now.0],
        )?;
        tx.execute("DELETE FROM login_failures WHERE key = ?1", [&account_key])?;
        tx.execute(
            "DELETE FROM sessions WHERE last_seen <= ?1 OR created_at <= ?2",
            params![now.0 - IDLE_TIMEOUT_SECS, now.0 - ABSOLUTE_TIMEOUT_SECS],
        )?;
        tx.commit()?;
        Ok(NewSession { id, user: SessionUser { user_id: user.id, username, role, agency_id: user.agency_id, csrf } })
    }

    /// The user of a session id from a cookie, if the session is alive;
    /// refreshes its idle timer.
    pub fn session(&self, id: &str, now: Timestamp) -> Result<Option<SessionUser>, AuthError> {
        // Every request asks this: two primary-key lookups with cached
        // statements. (As one join, SQLite re-prepared the statement at
        // every call: 17 µs instead of 6.)
        let hash = hash_token(id);
        let session = self
            .db
            .prepare_cached("SELECT user_id, csrf, created_at, last_seen FROM sessions WHERE id_hash = ?1")?
            .query_row([&hash], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, i64>(3)?))
            })
            .optional()?;
        let Some((user_id, csrf, created, last_seen)) = session else {
            return Ok(None);
        };
        let user = self
            .db
            .prepare_cached("SELECT username, role, agency_id, active FROM users WHERE id = ?1")?
            .query_row([user_id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<i64>>(2)?, r.get::<_, bool>(3)?))
            })
            .optional()?;
        let (username, role, agency_id, active) = user.unwrap_or_default();
        let expired = now.0 - last_seen >= IDLE_TIMEOUT_SECS || now.0 - created >= ABSOLUTE_TIMEOUT_SECS;
        let Some(role) = Role::parse(&role).filter(|_| active && !expired) else {
            self.db.execute("DELETE FROM sessions WHERE id_hash = ?1", [&hash])?;
            return Ok(None);
        };
        // The idle timer moves in steps of a minute: one write a minute per
        // session rather than one per request.
        if now.0 - last_seen >= LAST_SEEN_STEP_SECS {
            self.db.execute("UPDATE sessions SET last_seen = ?1 WHERE id_hash = ?2", params![now.0, hash])?;
        }
        Ok(Some(SessionUser { user_id, username, role, agency_id, csrf }))
    }

    /// End a session (logout).
    pub fn logout(&self, id: &str) -> Result<(), AuthError> {
        self.db.execute("DELETE FROM sessions WHERE id_hash = ?1", [hash_token(id)])?;
        Ok(())
    }
}

/// An argon2id hash of a random password, verified against when the user
/// does not exist (made once per process).
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        let mut pw = [0u8; 16];
        let _ = keys::os_random(&mut pw);
        hash_password(&shared::wire::hex_encode(&pw)).unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Store, Timestamp) {
        let tmp = tempfile::tempdir().unwrap();
        let now = Timestamp(1_795_262_400);
        let store = Store::init(&tmp.path().join("i"), now).unwrap();
        (tmp, store, now)
    }

    const PW: &str = "correct horse battery";

    #[test]
    fn first_run_setup_creates_one_admin_and_uses_up_the_link() {
        let (_tmp, mut store, now) = store();
        let token = store.new_setup_token(now).unwrap().unwrap();
        let other = store.new_setup_token(now).unwrap().unwrap();
        assert_eq!(store.complete_setup("wrong", "anne", PW, now), Err(AuthError::BadSetupToken));
        assert_eq!(store.complete_setup(&token, "anne", "short", now), Err(AuthError::WeakPassword));
        assert_eq!(store.complete_setup(&token, "a", PW, now), Err(AuthError::BadUsername));
        store.complete_setup(&token, "anne", PW, now).unwrap();
        assert!(store.has_admin().unwrap());
        assert_eq!(store.new_setup_token(now).unwrap(), None);
        assert_eq!(store.complete_setup(&token, "bob", PW, now), Err(AuthError::BadSetupToken));
        assert_eq!(store.complete_setup(&other, "bob", PW, now), Err(AuthError::BadSetupToken));
    }

    #[test]
    fn an_expired_setup_link_is_refused() {
        let (_tmp, mut store, now) = store();
        let token = store.new_setup_token(now).unwrap().unwrap();
        let later = now.plus_seconds(SETUP_TOKEN_LIFETIME_SECS);
        assert_eq!(store.complete_setup(&token, "anne", PW, later), Err(AuthError::BadSetupToken));
    }

    #[test]
    fn login_sessions_timeouts_and_logout() {
        let (_tmp, mut store, now) = store();
        let agency = store.create_agency("NAV Larvik", "admin", now).unwrap();
        assert_eq!(store.create_agency("nav larvik", "admin", now), Err(AuthError::BadAgencyName));
        store.create_user("kari", PW, Role::Caseworker, Some(agency), "admin", now).unwrap();
        assert_eq!(
            store.create_user("KARI", PW, Role::Caseworker, Some(agency), "admin", now),
            Err(AuthError::UsernameTaken("KARI".into()))
        );
        assert_eq!(store.create_user("ola", PW, Role::Caseworker, None, "admin", now), Err(AuthError::UnknownAgency));
        assert_eq!(
            store.create_user("ola", PW, Role::Caseworker, Some(999), "admin", now),
            Err(AuthError::UnknownAgency)
        );

        assert_eq!(store.login("kari", "wrong password!", "10.0.0.1", now).unwrap_err(), AuthError::BadCredentials);
        assert_eq!(store.login("nobody", PW, "10.0.0.1", now).unwrap_err(), AuthError::BadCredentials);
        let s1 = store.login("kari", PW, "10.0.0.1", now).unwrap();
        assert_eq!(s1.user.role, Role::Caseworker);
        assert_eq!(s1.user.agency_id, Some(agency));
        // A new login gets a new session id.
        let s2 = store.login("kari", PW, "10.0.0.1", now).unwrap();
        assert_ne!(s1.id, s2.id);
        assert_ne!(s1.user.csrf, s2.user.csrf);

        // Idle timeout: alive at 29 minutes (which refreshes it), gone 30
        // minutes after the last request.
        let t = now.plus_seconds(IDLE_TIMEOUT_SECS - 60);
        assert_eq!(store.session(&s1.id, t).unwrap().map(|u| u.username), Some("kari".to_string()));
        assert_eq!(store.session(&s1.id, t.plus_seconds(IDLE_TIMEOUT_SECS)).unwrap(), None);
        // Absolute timeout, however active.
        let mut t = now;
        while t.0 < now.0 + ABSOLUTE_TIMEOUT_SECS - 600 {
            t = t.plus_seconds(600);
            assert!(store.session(&s2.id, t).unwrap().is_some(), "{t:?}");
        }
        assert_eq!(store.session(&s2.id, now.plus_seconds(ABSOLUTE_TIMEOUT_SECS)).unwrap(), None);
        // Logout ends the session server-side.
        let s3 = store.login("kari", PW, "10.0.0.1", now).unwrap();
        store.logout(&s3.id).unwrap();
        assert_eq!(store.session(&s3.id, now).unwrap(), None);
        assert_eq!(store.session("not a session", now).unwrap(), None);
    }

    #[test]
    fn a_deactivated_user_cannot_log_in_and_loses_their_sessions() {
        let (_tmp, mut store, now) = store();
        let token = store.new_setup_token(now).unwrap().unwrap();
        let anne = store.complete_setup(&token, "anne", PW, now).unwrap();
        let agency = store.create_agency("NAV Larvik", "anne", now).unwrap();
        let kari = store.create_user("kari", PW, Role::Caseworker, Some(agency), "anne", now).unwrap();
        let s = store.login("kari", PW, "10.0.0.1", now).unwrap();
        assert_eq!(store.set_user_active(kari, false, Some(anne), "anne", now), Ok(("kari".into(), true)));
        assert_eq!(store.set_user_active(kari, false, Some(anne), "anne", now), Ok(("kari".into(), false)));
        assert_eq!(store.session(&s.id, now).unwrap(), None);
        assert_eq!(store.login("kari", PW, "10.0.0.1", now).unwrap_err(), AuthError::BadCredentials);
        let kari_row = store.staff_accounts().unwrap().into_iter().find(|a| a.username == "kari").unwrap();
        assert!(!kari_row.active);
        assert_eq!(store.set_user_active(kari, true, Some(anne), "anne", now), Ok(("kari".into(), true)));
        assert!(store.login("kari", PW, "10.0.0.1", now).is_ok());

        // The only administrator: not by the command line, not by herself.
        assert_eq!(store.set_user_active(anne, false, None, "cli", now), Err(AuthError::LastAdmin));
        let bob = store.create_user("bob", PW, Role::Admin, None, "anne", now).unwrap();
        assert_eq!(store.set_user_active(anne, false, Some(anne), "anne", now), Err(AuthError::OwnAccount));
        assert_eq!(store.set_user_active(anne, false, Some(bob), "bob", now), Ok(("anne".into(), true)));
        assert_eq!(store.set_user_active(bob, false, None, "cli", now), Err(AuthError::LastAdmin));
        assert_eq!(store.set_user_active(999, true, None, "cli", now), Err(AuthError::UnknownUser));
        let details: Vec<String> = store.audit_log(20).unwrap().into_iter().map(|e| e.detail).collect();
        assert!(details.contains(&"deactivated caseworker kari".to_string()), "{details:?}");
        assert!(details.contains(&"reactivated caseworker kari".to_string()), "{details:?}");
        assert!(details.contains(&"deactivated admin anne".to_string()), "{details:?}");
    }

    #[test]
    fn logins_are_throttled_per_account_and_per_address() {
        let (_tmp, mut store, now) = store();
        let agency = store.create_agency("Helsestasjonen", "admin", now).unwrap();
        store.create_user("kari", PW, Role::Caseworker, Some(agency), "admin", now).unwrap();
        for _ in 0..MAX_FAILURES_PER_ACCOUNT {
            assert_eq!(store.login("kari", "wrong password!", "10.0.0.1", now).unwrap_err(), AuthError::BadCredentials);
        }
        // Even the right password is refused now, from any address.
        assert_eq!(store.login("kari", PW, "10.0.0.2", now).unwrap_err(), AuthError::Throttled { minutes: 15 });
        // After the window, it works again.
        assert!(store.login("kari", PW, "10.0.0.2", now.plus_seconds(THROTTLE_WINDOW_SECS + 1)).is_ok());

        // Per address: many accounts guessed from one address.
        let t = now.plus_seconds(THROTTLE_WINDOW_SECS * 3);
        for i in 0..MAX_FAILURES_PER_ADDRESS {
            let _ = store.login(&format!("guess{i}"), "wrong password!", "10.9.9.9", t);
        }
        assert_eq!(store.login("kari", PW, "10.9.9.9", t).unwrap_err(), AuthError::Throttled { minutes: 15 });
        assert!(store.login("kari", PW, "10.0.0.3", t).is_ok());
    }

    #[test]
    fn password_policy_and_hashing() {
        assert_eq!(check_password_policy("Password1234"), Err(AuthError::WeakPassword));
        assert_eq!(check_password_policy(&"x".repeat(129)), Err(AuthError::WeakPassword));
        assert_eq!(check_password_policy("elleve tegn"), Err(AuthError::WeakPassword));
        assert_eq!(check_password_policy("tolv tegn ok"), Ok(()));
        let h = hash_password(PW).unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password(PW, &h));
        assert!(!verify_password("wrong", &h));
        assert!(tokens_equal("abc", "abc"));
        assert!(!tokens_equal("abc", "abd"));
        assert!(!tokens_equal("abc", "abcd"));
    }

    #[test]
    fn sessions_and_tokens_are_stored_only_as_hashes() {
        let (tmp, mut store, now) = store();
        let token = store.new_setup_token(now).unwrap().unwrap();
        store.complete_setup(&token, "anne", PW, now).unwrap();
        let s = store.login("anne", PW, "127.0.0.1", now).unwrap();
        drop(store);
        let mut content = Vec::new();
        for f in ["issuer.db", "issuer.db-wal"] {
            if let Ok(b) = std::fs::read(tmp.path().join("i").join(f)) {
                content.extend(b);
            }
        }
        let text = String::from_utf8_lossy(&content);
        assert!(!text.contains(&s.id), "session id stored in clear");
        assert!(!text.contains(&token), "set-up token stored in clear");
        assert!(!text.contains(PW), "password stored in clear");
    }
}
