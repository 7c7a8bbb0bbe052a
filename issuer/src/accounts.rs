//! Accounts of the issuer's web app: agencies, users (administrators and
//! caseworkers), the first-run set-up link, login with throttling, and
//! server-side sessions with CSRF tokens. OWASP ASVS level 2 is the
//! yardstick:
//!
//! - passwords: argon2id (19 MiB, 2 passes), 12–128 characters after
//!   Unicode normalisation, no composition rules, common, breached and
//!   patterned passwords refused ([`check_password_policy`], V2.1);
//! - login: the same answer for an unknown user and a wrong password, the
//!   hash checked either way; failures are counted per account *and
//!   client* (a known device's cookie, else the address) and per address
//!   across accounts, and past a free allowance each further try must wait
//!   twice as long as the last, up to 15 minutes ([`Throttle`]). Nothing
//!   locks an account: a stranger's guesses slow down the stranger, not
//!   the owner on a known device or at another address (V2.2);
//! - sessions: 256-bit random ids, stored only as SHA-256 hashes, a new id
//!   at every login, idle timeout 30 minutes, absolute 12 hours, logout
//!   deletes the session (V3);
//! - CSRF: a per-session random token, compared in constant time (V4.2.2).
//!
//! Nothing here is about children or cards: the only people in this
//! database are the municipality's own staff.

use crate::db::DbError;
use sha2::{Digest as _, Sha256};
use shared::Timestamp;

mod password;
pub(crate) use password::verify_password;
pub use password::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, check_password_policy, hash_password, normalize_password};

/// Sessions end after this long without a request.
pub const IDLE_TIMEOUT_SECS: i64 = 30 * 60;
/// A session's last-seen time is written when it is at least this old (so
/// the idle timeout is exact to within this).
pub const LAST_SEEN_STEP_SECS: i64 = 60;
/// Sessions end this long after login, whatever happens.
pub const ABSOLUTE_TIMEOUT_SECS: i64 = 12 * 3600;
/// Failures of one account from one client (a known device, else an
/// address) that cost no waiting.
pub const FREE_FAILURES_PER_CLIENT: i64 = 5;
/// Failures from one address, over all accounts, that cost no waiting.
pub const FREE_FAILURES_PER_ADDRESS: i64 = 20;
/// The longest wait between two tries (the back-off stops doubling here).
pub const MAX_BACKOFF_SECS: i64 = 15 * 60;
/// Failures are forgotten this long after the last one (longer than
/// [`MAX_BACKOFF_SECS`], so that a patient guesser stays slowed down).
pub const THROTTLE_MEMORY_SECS: i64 = 3600;
/// A device cookie names a browser that logged in to an account before; it
/// is forgotten this long after its last login.
pub const DEVICE_LIFETIME_SECS: i64 = 180 * 24 * 3600;
/// Known devices kept per user (the least recently used is forgotten).
pub const MAX_DEVICES_PER_USER: i64 = 20;
/// The longest lifetime of a named API token.
pub const MAX_API_TOKEN_DAYS: i64 = 365;
/// The name of the API tokens `POST /api/v1/login` makes (they end like a
/// browser session: 30 minutes unused, 12 hours after the login).
pub const LOGIN_API_TOKEN_NAME: &str = "POST /api/v1/login";
/// How long a first-run set-up link works.
pub const SETUP_TOKEN_LIFETIME_SECS: i64 = 24 * 3600;

/// The failures counted for one throttling key (an account from one
/// client, or one address): how many, and when the last one was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Throttle {
    /// Failures not yet forgotten.
    pub failures: i64,
    /// When the last one was.
    pub last_failure: i64,
}

impl Throttle {
    /// The failures still remembered at `now` (none once
    /// [`THROTTLE_MEMORY_SECS`] passed since the last one).
    pub fn remembered(self, now: Timestamp) -> Throttle {
        if now.0 - self.last_failure >= THROTTLE_MEMORY_SECS { Throttle::default() } else { self }
    }

    /// How long after the last failure the next try must wait: nothing for
    /// the first `free` failures, then 1 s, 2 s, 4 s, … up to
    /// [`MAX_BACKOFF_SECS`].
    pub fn backoff_secs(self, free: i64) -> i64 {
        let over = self.failures - free;
        if over < 0 { 0 } else { 1i64.checked_shl(over.min(30) as u32).unwrap_or(i64::MAX).min(MAX_BACKOFF_SECS) }
    }

    /// Seconds until a try is accepted at `now` (0: now).
    pub fn wait_secs(self, free: i64, now: Timestamp) -> i64 {
        let t = self.remembered(now);
        (t.last_failure + t.backoff_secs(free) - now.0).max(0)
    }

    /// The state after one more failure at `now`.
    pub fn after_failure(self, now: Timestamp) -> Throttle {
        Throttle { failures: self.remembered(now).failures + 1, last_failure: now.0 }
    }
}

/// Who is trying to log in, for throttling: the address (as
/// [`crate::web::ctx::client_address`] found it) and the device cookie, if
/// the browser sent one.
#[derive(Debug, Clone, Copy)]
pub struct LoginClient<'a> {
    /// The client's address.
    pub address: &'a str,
    /// The device cookie's token.
    pub device: Option<&'a str>,
}

/// The caseworker an API token belongs to, as `POST /api/v1/cards` sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiUser {
    /// The token's id (to revoke it).
    pub token_id: i64,
    /// User id.
    pub user_id: i64,
    /// Login name.
    pub username: String,
    /// Agency.
    pub agency_id: Option<i64>,
}

/// A new API token: the value is shown once and stored only as a hash.
#[derive(Clone, PartialEq, Eq)]
pub struct NewApiToken {
    /// The token for `Authorization: Bearer …`.
    pub token: String,
    /// Its id.
    pub id: i64,
}

impl std::fmt::Debug for NewApiToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewApiToken").field("id", &self.id).finish_non_exhaustive()
    }
}

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
    /// The word stored in the database.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Caseworker => "caseworker",
        }
    }

    /// The role of a stored word.
    pub(crate) fn parse(s: &str) -> Option<Role> {
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
    /// The password was set by someone else (an administrator's first or
    /// reset password): the user must choose their own before anything
    /// else.
    pub must_change_password: bool,
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
    /// The device token for the device cookie (the browser's known one, or
    /// a new one); never stored in clear.
    pub device: String,
}

impl std::fmt::Debug for NewSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewSession").field("user", &self.user).finish_non_exhaustive()
    }
}

/// Why an account operation was refused. Messages are safe to show.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// Unknown user, wrong password or deactivated account (one answer for
    /// all, so that login does not reveal which accounts exist).
    #[error("wrong user name or password")]
    BadCredentials,
    /// Too many failed logins recently from this client: wait.
    #[error("too many failed logins; try again in {seconds} seconds")]
    Throttled {
        /// Seconds until a new try is accepted.
        seconds: i64,
    },
    /// A password shorter or longer than allowed (after normalisation,
    /// runs of white space counted as one).
    #[error("the password must be {min}–{max} characters (a run of spaces counts as one)", min = MIN_PASSWORD_CHARS, max = MAX_PASSWORD_CHARS)]
    WeakPassword,
    /// A common or breached password, a word of this service, a repetition
    /// or a keyboard run.
    #[error(
        "this password is too easy to guess (a common one, a repetition or a keyboard run); a few unrelated words are better"
    )]
    GuessablePassword,
    /// A user name outside 3–64 characters of letters, digits, `.`, `-`, `_`, `@`.
    #[error("a user name is 3–64 letters, digits or . - _ @")]
    BadUsername,
    /// The user name is already in use.
    #[error("the user name «{0}» is already in use")]
    UsernameTaken(String),
    /// An agency name that is empty, too long or already in use.
    #[error("an agency needs a name of 1–100 characters that is not already in use")]
    BadAgencyName,
    /// A name with an invisible or direction-changing character, or letters
    /// of more than one alphabet ([`crate::names`]).
    #[error("{0}")]
    Name(crate::names::NameProblem),
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
    /// The new password is the current one.
    #[error("the new password must differ from the current one")]
    SamePassword,
    /// The current password given to change it was wrong.
    #[error("the current password is wrong")]
    WrongCurrentPassword,
    /// An administrator tried to reset their own password (they change it
    /// as everyone does, with the current one).
    #[error("change your own password on your account page")]
    OwnPassword,
    /// API tokens are for caseworkers (administrators do not issue cards).
    #[error("API tokens are for caseworkers only")]
    CaseworkersOnly,
    /// The account must first choose its own password (in the browser).
    #[error("this account must choose a new password first")]
    PasswordChangeRequired,
    /// An API token's name outside 1–60 characters, or a lifetime outside
    /// 1–365 days.
    #[error("an API token needs a name of 1–60 characters and a lifetime of 1–{MAX_API_TOKEN_DAYS} days")]
    BadApiToken,
    /// The set-up link is wrong, used or expired.
    #[error("this set-up link is not valid (used, expired or mistyped); restart the issuer for a new one")]
    BadSetupToken,
    /// The database failed.
    #[error("database error: {0}")]
    Db(#[from] DbError),
    /// The OS gave no random bytes (for a session id, a set-up token or a
    /// password's salt).
    #[error("no random bytes from the operating system: {0}")]
    Random(#[source] keys::KeyError),
    /// argon2 could not hash a password.
    #[error("the password could not be hashed: {0}")]
    Hash(#[source] argon2::password_hash::Error),
    /// The password check could not run (its thread failed).
    #[error("the password check failed: {0}")]
    PasswordCheck(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// A 256-bit random token (session ids, CSRF tokens, set-up tokens).
pub(crate) fn random_token() -> Result<String, AuthError> {
    let mut b = [0u8; 32];
    keys::os_random(&mut b).map_err(AuthError::Random)?;
    Ok(shared::wire::encode_base64url(&b))
}

/// Session ids and set-up tokens are stored as SHA-256 hashes only.
pub(crate) fn hash_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// A new password, checked against the policy and hashed (see
/// [`NewCredentials`] for why this is made before taking the store's lock).
/// Its `Debug` shows nothing.
#[derive(Clone)]
pub struct NewPassword {
    hash: String,
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewPassword").finish_non_exhaustive()
    }
}

impl NewPassword {
    /// Check `password` against the policy, then hash it.
    pub fn new(password: &str) -> Result<NewPassword, AuthError> {
        check_password_policy(password)?;
        Ok(NewPassword { hash: hash_password(password)? })
    }

    /// A user's own new password: also not the `current` one.
    pub fn replacing(current: &str, password: &str) -> Result<NewPassword, AuthError> {
        check_password_policy(password)?;
        if normalize_password(current) == normalize_password(password) {
            return Err(AuthError::SamePassword);
        }
        Ok(NewPassword { hash: hash_password(password)? })
    }

    /// A random temporary password for an administrator's reset: 120 bits,
    /// as five groups of four letters and digits; and its hash.
    pub fn temporary() -> Result<(String, NewPassword), AuthError> {
        let mut b = [0u8; 15];
        keys::os_random(&mut b).map_err(AuthError::Random)?;
        let raw = shared::wire::encode_base64url(&b);
        let chars: Vec<char> = raw.chars().collect();
        let password = chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-");
        let hash = NewPassword::new(&password)?;
        Ok((password, hash))
    }

    /// The argon2id hash (a PHC string).
    pub(crate) fn hash(&self) -> &str {
        &self.hash
    }
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

/// An argon2id hash of a random password, verified against when the user
/// does not exist (made once per process).
pub(crate) fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        let mut pw = [0u8; 16];
        let _ = keys::os_random(&mut pw);
        hash_password(&shared::wire::hex_encode(&pw)).unwrap_or_default()
    })
}

/// A new account's user name and password, checked against the rules
/// (user name first, then the password) and the password hashed. Hashing
/// takes tens of milliseconds and 19 MiB: make this before taking the
/// store's lock. Holds a password hash: its `Debug` shows the name only.
#[derive(Clone)]
pub struct NewCredentials {
    username: String,
    hash: String,
    must_change_password: bool,
}

impl std::fmt::Debug for NewCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewCredentials").field("username", &self.username).finish_non_exhaustive()
    }
}

impl NewCredentials {
    /// Check `username` and `password`, then hash the password.
    pub fn new(username: &str, password: &str) -> Result<NewCredentials, AuthError> {
        let username = crate::names::clean(username).map_err(AuthError::Name)?;
        check_username(&username)?;
        check_password_policy(password)?;
        Ok(NewCredentials { username, hash: hash_password(password)?, must_change_password: false })
    }

    /// The password is a first password an administrator gave: the user
    /// must choose their own at the first login.
    pub fn first_password(self) -> NewCredentials {
        NewCredentials { must_change_password: true, ..self }
    }

    /// Whether the user must choose their own password at the first login.
    pub fn must_change_password(&self) -> bool {
        self.must_change_password
    }

    /// The user name.
    pub fn username(&self) -> &str {
        &self.username
    }

    /// The password's argon2id hash (a PHC string).
    pub(crate) fn hash(&self) -> &str {
        &self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PW: &str = "correct horse battery";

    #[test]
    fn password_policy_and_hashing() {
        assert!(matches!(check_password_policy("Password1234"), Err(AuthError::GuessablePassword)));
        assert!(matches!(check_password_policy(&"x".repeat(129)), Err(AuthError::WeakPassword)));
        assert!(matches!(check_password_policy("elleve tegn"), Err(AuthError::WeakPassword)));
        assert!(check_password_policy("tolv tegn ok").is_ok());
        let h = hash_password(PW).unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password(PW, &h));
        assert!(!verify_password("wrong", &h));
        assert!(tokens_equal("abc", "abc"));
        assert!(!tokens_equal("abc", "abd"));
        assert!(!tokens_equal("abc", "abcd"));
    }

    #[test]
    fn backoff_doubles_after_the_free_failures_and_is_forgotten() {
        let now = Timestamp(1_000_000);
        let mut t = Throttle::default();
        let mut waits = Vec::new();
        for _ in 0..20 {
            t = t.after_failure(now);
            waits.push(t.wait_secs(FREE_FAILURES_PER_CLIENT, now));
        }
        assert_eq!(waits, [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900, 900, 900, 900]);
        assert_eq!(t.wait_secs(FREE_FAILURES_PER_CLIENT, now.plus_seconds(899)), 1);
        assert_eq!(t.wait_secs(FREE_FAILURES_PER_CLIENT, now.plus_seconds(900)), 0);
        // A patient guesser stays slowed down; an hour of quiet forgets.
        assert_eq!(t.after_failure(now.plus_seconds(900)).failures, 21);
        assert_eq!(t.after_failure(now.plus_seconds(THROTTLE_MEMORY_SECS)).failures, 1);
        assert_eq!(Throttle { failures: 1000, last_failure: 0 }.backoff_secs(5), MAX_BACKOFF_SECS);
    }

    #[test]
    fn temporary_and_replacing_passwords() {
        let (a, ha) = NewPassword::temporary().unwrap();
        let (b, _) = NewPassword::temporary().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 24, "{a}");
        assert!(verify_password(&a, ha.hash()));
        assert!(!format!("{ha:?}").contains("argon2"));
        assert!(matches!(NewPassword::replacing(PW, PW), Err(AuthError::SamePassword)));
        assert!(matches!(NewPassword::replacing(PW, "short"), Err(AuthError::WeakPassword)));
        assert!(NewPassword::replacing(&a, PW).is_ok());
    }

    #[test]
    fn new_credentials_check_the_name_before_the_password() {
        assert!(matches!(NewCredentials::new("a", "short"), Err(AuthError::BadUsername)));
        assert!(matches!(NewCredentials::new("anne", "short"), Err(AuthError::WeakPassword)));
        let c = NewCredentials::new("anne", PW).unwrap();
        assert!(verify_password(PW, c.hash()));
        assert!(!format!("{c:?}").contains("argon2"), "{c:?}");
    }
}
